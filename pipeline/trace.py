"""Counts of the costly steps of a command: articles read, tables loaded, catalogs parsed.

The spine promises that one invocation reads each input once; tests hold it to
that by counting these events (never by timing). Counting costs nothing when no
one listens.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

_listeners: list[Counter[tuple[str, str]]] = []


def note(event: str, name: str) -> None:
    """Record one ``event`` (``article``, ``table``, ``parse``...) on file ``name``."""
    for counter in _listeners:
        counter[(event, name)] += 1


@contextmanager
def counting() -> Iterator[Counter[tuple[str, str]]]:
    """Count every :func:`note` made inside the block, by ``(event, name)``."""
    counter: Counter[tuple[str, str]] = Counter()
    _listeners.append(counter)
    try:
        yield counter
    finally:
        _listeners.remove(counter)
