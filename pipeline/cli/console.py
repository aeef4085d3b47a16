"""Consoles that never interpret data, and the error boundary of every command.

Standard output and standard error are rich consoles on a terminal and plain
lines elsewhere (rich is imported only when a table is printed). Every string
goes through :func:`pipeline.textout.escape_line`. :func:`handles_errors` turns
a library error into one stderr line and exit code 2, never a traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from ..errors import PipelineError
from ..textout import escape_line

if TYPE_CHECKING:
    from rich.console import Console

F = TypeVar("F", bound=Callable[..., Any])


def out_console() -> Console | PlainConsole:
    """Standard output; when it is not a terminal, plain lines and tables 160 wide."""
    if not is_terminal(sys.stdout):
        return PlainConsole(stderr=False)
    return safe_console_class()(highlight=False, soft_wrap=True, markup=False, emoji=False)


def err_console() -> Console | PlainConsole:
    if not is_terminal(sys.stderr):
        return PlainConsole(stderr=True)
    return safe_console_class()(
        stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False
    )


@functools.cache
def safe_console_class() -> type[Console]:
    """A rich console that never interprets data: no markup, no emoji, every string escaped.

    Each string printed goes through :func:`pipeline.textout.escape_line`, so file
    names, msgctxt values and glossary cells cannot move the cursor or start a
    GitHub workflow command (README: "Text output").
    """
    from rich.console import Console

    class SafeConsole(Console):
        def print(self, *objects: Any, **kwargs: Any) -> None:
            safe = tuple(escape_line(o) if isinstance(o, str) else o for o in objects)
            kwargs["markup"] = False
            kwargs["emoji"] = False
            super().print(*safe, **kwargs)

    return SafeConsole


def is_terminal(stream: Any) -> bool:
    """rich's own test (TTY_COMPATIBLE, FORCE_COLOR, then isatty), without importing rich."""
    import os

    forced = os.environ.get("TTY_COMPATIBLE", "")
    if forced in ("0", "1"):
        return forced == "1"
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class PlainConsole:
    """The part of a rich Console the commands use, for output that is not a terminal.

    Text lines are written as they are (no colour, no wrapping), so printing many
    lines to a pipe or a log costs no rich rendering, and rich is imported only
    when a table is printed.
    """

    is_terminal = False

    def __init__(self, *, stderr: bool) -> None:
        self.stderr = stderr
        self.width = 160

    def print(self, *objects: Any, style: str | None = None, markup: bool | None = None) -> None:
        stream = sys.stderr if self.stderr else sys.stdout
        for item in objects:
            if isinstance(item, str):
                stream.write(escape_line(item) + "\n")
                continue
            from rich.console import Console

            Console(
                file=stream,
                highlight=False,
                soft_wrap=True,
                width=self.width,
                markup=False,
                emoji=False,
            ).print(item)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one line on stderr and return the Exit to raise."""
    err_console().print(message, markup=False)
    return typer.Exit(code)


def handles_errors(fn: F) -> F:
    """Turn library errors into one stderr line and exit code 2, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ..fileio import recording

        with recording() as written:
            try:
                return fn(*args, **kwargs)
            except PipelineError as exc:
                stop = fail(f"error: {exc}")
                report_written(written)
                raise stop from None
            except BrokenPipeError:  # the reader went away (| head): stop quietly, as cat does
                silence_stdout()
                raise typer.Exit(SIGPIPE_EXIT) from None
            except OSError as exc:
                where = f"{exc.filename}: " if exc.filename else ""
                stop = fail(f"error: {where}{exc.strerror or exc}")
                report_written(written)
                raise stop from None

    return wrapper  # type: ignore[return-value]


def report_written(written: Sequence[Path]) -> None:
    """A run that fails part-way names every file it had already replaced (each one whole)."""
    if written:
        here = Path.cwd()
        names = ", ".join(
            path.relative_to(here).as_posix() if path.is_relative_to(here) else str(path)
            for path in written
        )
        err_console().print(
            f"note: {len(written)} file(s) written before the error: {names}", markup=False
        )


#: Exit status of a command whose output pipe was closed (128 + SIGPIPE, as a shell reports).
SIGPIPE_EXIT = 141


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def report_crash(exc: BaseException) -> int:
    """An unexpected exception (a bug): one stderr line naming a new file in the temporary
    folder that holds the traceback; the exit code (70, EX_SOFTWARE)."""
    import os
    import tempfile
    import traceback

    fd, path = tempfile.mkstemp(prefix="zhl10n-crash-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    summary = escape_line(f"{type(exc).__name__}: {exc}", keep_tabs=False)[:200]
    err_console().print(f"error: internal error ({summary}); traceback in {path}", markup=False)
    return 70
