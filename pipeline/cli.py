"""Command line: a thin layer that parses options, calls the library, formats output.

The only module that imports typer or rich. Library errors (``PipelineError``)
are caught here once and printed as one line on stderr with exit code 2.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from . import __version__
from .config import Config, load_config
from .errors import PipelineError

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="zhl10n",
    help="Localization pipeline for Chinese-language articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
glossary_app = typer.Typer(help="Glossary tools.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(glossary_app, name="glossary")


@dataclass(frozen=True)
class Context:
    """What the root options decide, passed to commands through ``ctx.obj``."""

    config_path: Path | None

    def config(self) -> Config:
        return load_config(self.config_path)


def out_console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def err_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one line on stderr and return the Exit to raise."""
    err_console().print(message, markup=False)
    return typer.Exit(code)


def handles_errors(fn: F) -> F:
    """Turn library errors into one stderr line and exit code 2, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PipelineError as exc:
            raise fail(f"error: {exc}") from None
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise fail(f"error: {where}{exc.strerror or exc}") from None

    return wrapper  # type: ignore[return-value]


def get_context(ctx: typer.Context) -> Context:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Context) else Context(config_path=None)


def _version(value: bool) -> None:
    if value:
        from .convert import engine_info

        info = engine_info()
        typer.echo(f"zhl10n {__version__}")
        typer.echo(f"engine: {info.describe()}")
        raise typer.Exit(0)


@app.callback()
def root(
    ctx: typer.Context,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Configuration file (zhl10n.toml or pyproject.toml)."),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show versions and exit."
        ),
    ] = False,
) -> None:
    """Localization pipeline for Chinese-language articles."""
    ctx.obj = Context(config_path=config)


# --- extract -----------------------------------------------------------------------------


@app.command()
@handles_errors
def extract(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Article files (default: the configured article globs)."),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="Decode articles with this encoding instead of guessing."),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every repair and dropped line.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Clean articles and write their translation templates (locales/<slug>.pot)."""
    from .project import extract as run_extract

    config = get_context(ctx).config()
    results = run_extract(config, tuple(paths or ()), encoding=encoding)
    console = out_console()
    for result in results:
        article = result.article
        pinyin = sum(1 for r in article.repairs if r.rule == "pinyin")
        fixes = sum(1 for r in article.repairs if r.rule == "correction")
        for suspect in article.suspects:
            err_console().print(
                f"warning: {article.path}:{suspect.line}: damaged pinyin annotation "
                f"{suspect.text!r}; add a fix to corrections.csv",
                markup=False,
            )
        if quiet:
            continue
        state = "written" if result.changed else "unchanged"
        console.print(
            f"{article.path}: {len(result.units)} units, {pinyin} pinyin repairs, "
            f"{fixes} corrections, {article.punctuation_fixes} punctuation fixes, "
            f"{len(article.dropped)} lines dropped, script {result.script} "
            f"-> {get_context(ctx).config().relative(result.pot)} ({state})",
            markup=False,
        )
        if verbose:
            for key, value in article.metadata:
                console.print(f"  metadata {key}: {value}", markup=False)
            for repair in article.repairs:
                console.print(
                    f"  line {repair.line}: {repair.rule} {repair.annotated} -> {repair.repaired}",
                    markup=False,
                )
            for dropped in article.dropped:
                console.print(
                    f"  line {dropped.line}: dropped ({dropped.rule}) {_shorten(dropped.text)}",
                    markup=False,
                )


def _shorten(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --- update / build / stats (catalog issue) ------------------------------------------------


# --- build -------------------------------------------------------------------------------


@app.command()
@handles_errors
def build(
    ctx: typer.Context,
    locale: Annotated[
        list[str] | None,
        typer.Option("--locale", "-l", help="Only this locale (repeatable; default: all)."),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            min=0,
            max=100,
            help="Minimum percent translated (by source characters) to write an article "
            "(default: the configured threshold, 80).",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Compile MO files and write the translated article in every locale (build/)."""
    from .project import build_articles, compile_catalogs

    config = get_context(ctx).config()
    locales = config.check_locales(tuple(locale or ()))
    compiled = compile_catalogs(config, locales)
    for warning in compiled.warnings:
        err_console().print(f"warning: {warning}", markup=False)
    built = build_articles(config, locales, threshold=threshold)
    console = out_console()
    for item in built:
        if item.skipped:
            err_console().print(
                f"skipped: {config.relative(item.path)}: {item.skipped}", markup=False
            )
        elif not quiet:
            state = "written" if item.changed else "unchanged"
            fallback = f", {item.fallback_units} units fall back to the source" if (
                item.fallback_units
            ) else ""
            console.print(
                f"{config.relative(item.path)}: {item.percent:.0f}% translated{fallback} ({state})",
                markup=False,
            )
    if not quiet:
        console.print(f"{len(compiled.written)} MO files compiled", markup=False)


# --- convert / doctor (conversion issue) ---------------------------------------------------


# --- glossary lint / check (glossary issue) ------------------------------------------------


# --- run ---------------------------------------------------------------------------------


def main() -> None:
    """Console-script entry point."""
    app(prog_name="zhl10n")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
