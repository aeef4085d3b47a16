"""``zhl10n init``: start a project in a folder; :mod:`.app` registers it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .console import handles_errors
from .present import print_init


@handles_errors
def init(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="Project folder (default: this folder).")
    ] = Path("."),
    glossary: Annotated[
        Path | None,
        typer.Option(
            "--glossary",
            help="Start from this glossary (it must lint clean) instead of the header "
            "with commented examples.",
        ),
    ] = None,
    skip_existing: Annotated[
        bool,
        typer.Option("--skip-existing", help="Create only the files that do not exist yet."),
    ] = False,
) -> None:
    """Start a project: articles/, glossary.csv, zhl10n.toml, .gitignore, pre-commit and CI.

    Never overwrites a file: if any already exists, nothing is written.
    """
    from ..scaffold import init_project

    print_init(folder, init_project(folder, glossary=glossary, skip_existing=skip_existing))
