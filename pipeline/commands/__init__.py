"""Commands: one module per ``zhl10n`` command, each a function of a :class:`Workspace`.

A command reads and writes files through the stage modules and returns a
result dataclass; it never prints (the CLI, :mod:`pipeline.cli`, presents what
it returns). :mod:`.run` is the one place that composes the stages of
``zhl10n run`` (extract → update → check → compile → build), handing what one
step made to the next in memory. Importing this package imports no command:
the CLI imports the one module a command needs, so start-up stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable

#: Called once per finished step (an article, a catalog) so a CLI can draw progress.
Tick = Callable[[], None]


def no_tick() -> None:
    """The :data:`Tick` of a caller that draws no progress."""
    return None
