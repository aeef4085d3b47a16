"""What every command shares: the root options (``--config``) and the ``--quiet`` flag."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from ..config import Config, load_config

#: The ``--quiet`` option every command that reports progress shares.
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]


@dataclass(frozen=True)
class Context:
    """What the root options decide, passed to commands through ``ctx.obj``."""

    config_path: Path | None

    def config(self) -> Config:
        from ..fileio import set_read_limit
        from ..html import set_page_limit

        config = load_config(self.config_path)
        set_read_limit(int(config.max_file_mb * 1_000_000))
        set_page_limit(int(config.max_html_mb * 1_000_000))
        return config


def get_context(ctx: typer.Context) -> Context:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Context) else Context(config_path=None)
