"""The command reference: every command's ``--help`` as Markdown (``make docs`` writes it
into docs/reference.md; a test fails when it is stale)."""

from __future__ import annotations

from typing import Any

import typer


def markdown_reference(app: typer.Typer) -> str:
    """Every command's ``--help``, as Markdown, for docs/reference.md (kept in sync by a test)."""
    import os

    from typer.main import get_command

    os.environ["COLUMNS"] = "100"
    root = get_command(app)
    sections: list[str] = []

    def walk(command: Any, path: list[str], parent: Any = None) -> None:
        ctx = command.make_context(path[-1], [], parent=parent, resilient_parsing=True)
        if getattr(command, "hidden", False):
            return
        sections.append(f"### `{' '.join(path)}`\n\n```\n{command.get_help(ctx).rstrip()}\n```\n")
        for name in getattr(command, "commands", {}):
            walk(command.commands[name], [*path, name], ctx)

    walk(root, ["zhl10n"])
    return "\n".join(sections)
