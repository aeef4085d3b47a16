"""Command line: the only package that imports typer or rich; it presents, never computes.

:mod:`.app` holds the typer commands (options → one call of :mod:`pipeline.commands`
→ :mod:`.present`), :mod:`.present` every text line, table and JSON payload,
:mod:`.console` the safe consoles and the error boundary (a library error is one
stderr line and exit code 2), :mod:`.coercion` the cheap option coercion.
"""

from __future__ import annotations

from .app import app, main


def command_reference() -> str:
    """Every command's ``--help``, as Markdown, for docs/reference.md (kept in sync by a test)."""
    from .reference import markdown_reference

    return markdown_reference(app)


__all__ = ["app", "command_reference", "main"]
