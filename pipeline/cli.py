"""Command line: a thin layer that parses options, calls the library, formats output.

The only module that imports typer or rich. Library errors (``PipelineError``)
are caught here once and printed as one line on stderr with exit code 2.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from . import __version__
from .config import Config, load_config
from .errors import PipelineError
from .textout import escape_line
from .workspace import Workspace

if TYPE_CHECKING:
    from rich.console import Console

F = TypeVar("F", bound=Callable[..., Any])


_BOOL_WORDS = {
    **dict.fromkeys(("", "0", "off", "f", "false", "n", "no"), False),
    **dict.fromkeys(("1", "on", "t", "true", "y", "yes"), True),
}


def _light_option_coercion() -> None:
    """Coerce str, Path and Enum options without pydantic (typer 0.29 imports it for any).

    pydantic and its schema machinery cost more than the rest of ``zhl10n check``
    on a small repository. The conversions are typer's own (``coerce_cli_choice``,
    ``coerce_cli_path``), so values and error messages stay the same; numbers and
    anything unusual still go through typer's pydantic adapters. When typer's
    internals change, nothing is patched and typer works as shipped.
    """
    try:
        from dataclasses import dataclass as frozen_dataclass

        from typer import _coercion, _param_types, core
        from typer._click.exceptions import BadParameter

        param_class = core._TyperParameter
        original = param_class.get_runtime_param
        base = _coercion.RuntimeParam
        choice, path = _param_types.coerce_cli_choice, _param_types.coerce_cli_path
    except (ImportError, AttributeError):  # pragma: no cover - another typer
        return

    def leaf(annotation: Any, info: Any) -> Callable[[Any, Any, Any], Any] | None:
        if info.parser is not None:
            return None
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            members = list(annotation)
            return lambda v, p, c: choice(
                v, choices=members, case_sensitive=info.case_sensitive, ctx=c
            )
        if annotation is str:
            return lambda v, p, c: v if isinstance(v, str) else str(v)
        if annotation is bool:  # flags (--help) arrive as bools; pydantic's words otherwise
            return lambda v, p, c: v if isinstance(v, bool) else _BOOL_WORDS[str(v).strip().lower()]
        if annotation is Path and info.path_type is None:
            return lambda v, p, c: path(
                v if isinstance(v, Path) else Path(v), info, path_type=Path, param=p, ctx=c
            )
        return None

    @frozen_dataclass(frozen=True)
    class Light(base):  # type: ignore[misc, valid-type]
        convert: Callable[[Any, Any, Any], Any]

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                if isinstance(value, (list, tuple)):
                    return type(value)(self.convert(item, param, ctx) for item in value)
                return self.convert(value, param, ctx)
            except KeyError:
                raise BadParameter(
                    "Input should be a valid boolean", ctx=ctx, param=param
                ) from None
            except ValueError as exc:
                raise BadParameter(f"Value error, {exc}", ctx=ctx, param=param) from exc

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            descriptor = self.type_descriptor
            annotation, info = descriptor.annotation, descriptor.parameter_info
            is_list = getattr(annotation, "__origin__", None) is list
            convert = leaf(annotation.__args__[0] if is_list else annotation, info)
            if convert is not None and descriptor.file_annotation is None:
                self._runtime_param = Light(info, annotation, convert)
        return original(self)

    param_class.get_runtime_param = get_runtime_param  # type: ignore[method-assign]


_light_option_coercion()

#: The ``--quiet`` option every command that reports progress shares.
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]

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


def out_console() -> Console | PlainConsole:
    """Standard output; when it is not a terminal, plain lines and tables 160 wide."""
    if not _is_terminal(sys.stdout):
        return PlainConsole(stderr=False)
    return _safe_console_class()(highlight=False, soft_wrap=True, markup=False, emoji=False)


def err_console() -> Console | PlainConsole:
    if not _is_terminal(sys.stderr):
        return PlainConsole(stderr=True)
    return _safe_console_class()(
        stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False
    )


@functools.cache
def _safe_console_class() -> type[Console]:
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


def _is_terminal(stream: Any) -> bool:
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
        from .fileio import recording

        with recording() as written:
            try:
                return fn(*args, **kwargs)
            except PipelineError as exc:
                stop = fail(f"error: {exc}")
                _report_written(written)
                raise stop from None
            except OSError as exc:
                where = f"{exc.filename}: " if exc.filename else ""
                stop = fail(f"error: {where}{exc.strerror or exc}")
                _report_written(written)
                raise stop from None

    return wrapper  # type: ignore[return-value]


def _report_written(written: Sequence[Path]) -> None:
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
        typer.Option("--version", callback=_version, is_eager=True, help="Show versions and exit."),
    ] = False,
) -> None:
    """Localization pipeline for Chinese-language articles."""
    ctx.obj = Context(config_path=config)


# --- init --------------------------------------------------------------------------------


@app.command()
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
    from .scaffold import init_project

    result = init_project(folder, glossary=glossary, skip_existing=skip_existing)
    console = out_console()
    shown = "" if folder == Path(".") else folder.as_posix().rstrip("/") + "/"
    for name in result.created:
        console.print(f"created {shown}{name}", markup=False)
    for name in result.skipped:
        console.print(f"kept {shown}{name} (exists)", markup=False)
    if result.gitignore:
        console.print(f"added {', '.join(result.gitignore)} to {shown}.gitignore", markup=False)
    where = f"cd {shown.rstrip('/')} && " if shown else ""
    console.print(
        f"next: put articles (.txt, .md, .html) in articles/, then {where}zhl10n run",
        markup=False,
    )


# --- extract -----------------------------------------------------------------------------


@app.command()
@handles_errors
def extract(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATHS", help="Article files (default: the configured article globs)."
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="<encoding>",
            help="Decode articles with this encoding instead of guessing.",
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every repair and dropped line.")
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; list templates that are out of date with their articles "
            "and exit 1 if any (for CI).",
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Clean articles and write their translation templates (locales/<slug>.pot)."""
    from .commands.extract import extract as run_extract

    config = get_context(ctx).config()
    results = run_extract(Workspace(config), tuple(paths or ()), encoding=encoding, check=check)
    console = out_console()
    if check:
        stale = [r for r in results if r.changed]
        for result in stale:
            console.print(f"out of date: {config.relative(result.pot)}", markup=False)
        if not quiet:
            err_console().print(
                f"{len(stale)} of {len(results)} templates out of date"
                if stale
                else f"all {len(results)} templates up to date",
                markup=False,
            )
        raise typer.Exit(1 if stale else 0)
    for result in results:
        article = result.article
        pinyin = sum(1 for r in article.repairs if r.rule == "pinyin")
        fixes = sum(1 for r in article.repairs if r.rule == "correction")
        if quiet:
            continue
        _warn_suspects(article)
        state = "written" if result.changed else "unchanged"
        console.print(
            f"{article.path}: {len(result.units)} units, {pinyin} pinyin repairs, "
            f"{fixes} corrections, {article.punctuation_fixes} punctuation fixes, "
            f"{len(article.dropped)} lines dropped, script {result.script} "
            f"-> {config.relative(result.pot)} ({state})",
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


def _warn_suspects(article: Any) -> None:
    """Damaged annotations no rule could repair: the editor's cue for corrections.csv."""
    for suspect in article.suspects:
        err_console().print(
            f"warning: {article.path}:{suspect.line}: damaged pinyin annotation "
            f"{suspect.text!r}; add a fix to corrections.csv",
            markup=False,
        )


def _warn_orphans(
    config: Config, orphans: Sequence[Path], renames: Sequence[tuple[Path, str]] = ()
) -> None:
    """Templates whose article is gone: their catalogs are left as they are (not checked,
    not built, never deleted); a probable rename gets the exact command that moves them."""
    renamed = dict(renames)
    for path in orphans:
        if path in renamed:
            err_console().print(
                f"warning: {config.relative(path)}: its article looks renamed to "
                f"{renamed[path]!r} (most of its units are there); its catalogs were not "
                f"carried over. Run: zhl10n mv {path.stem} {renamed[path]}",
                markup=False,
            )
            continue
        err_console().print(
            f"warning: {config.relative(path)}: its article no longer exists (renamed or "
            "deleted?); its catalogs are kept but not updated, checked or built. Restore "
            f"the article, or if it was renamed: zhl10n mv {path.stem} <new-name>",
            markup=False,
        )


def _shorten(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --- update / build / stats (catalog issue) ------------------------------------------------


def _update_line(config: Config, item: Any) -> str:
    """One catalog's outcome of ``update``, e.g. ``updated ...: 1 fuzzy, 2 new``."""
    merge, fill = item.merge, item.fill
    parts: list[str] = []
    if item.created:
        parts.append(f"{merge.new} units")
    else:
        for count, label in (
            (merge.fuzzy, "fuzzy"),
            (merge.new, "new"),
            (merge.obsolete, "obsolete"),
            (merge.revived, "revived"),
            (merge.dropped, "dropped"),
            (merge.purged, "purged"),
        ):
            if count:
                parts.append(f"{count} {label}")
    if fill is not None:
        if fill.filled or fill.refreshed:
            parts.append(f"{fill.filled + fill.refreshed} converted")
        if fill.needs_review:
            parts.append(f"{fill.needs_review} human translations to review")
    state = "created" if item.created else "updated" if item.changed else "unchanged"
    detail = f": {', '.join(parts)}" if parts else ""
    return f"{state} {config.relative(item.path)}{detail}"


def _catalog_notes(config: Config, items: Sequence[Any], *, check: bool) -> None:
    """What ``update`` did or would do that is not a translation change (stderr)."""
    from .catalog import MAX_CHANGED_AREA

    for item in items:
        path = config.relative(item.path)
        if check and item.layout_only:
            err_console().print(
                f"note: {path}: same content, other layout (an editor's save?); "
                "zhl10n update would re-lay it",
                markup=False,
            )
        if check and item.own_notes_only:
            err_console().print(
                f"note: {path}: same translations; zhl10n update would tidy its own notes",
                markup=False,
            )
        if item.merge.charset_normalised:
            verb = "would set" if check else "set"
            err_console().print(
                f"note: {path}: header said charset=CHARSET; update {verb} it to UTF-8",
                markup=False,
            )
        for msgctxt, _msgid in item.merge.too_long:
            err_console().print(
                f"warning: {path}: unit {msgctxt} changed too much to compare with its old "
                f"text (over {MAX_CHANGED_AREA:,} character pairs differ); it starts "
                "untranslated and its old translation stays as obsolete",
                markup=False,
            )


@app.command()
@handles_errors
def update(
    ctx: typer.Context,
    locale: Annotated[
        list[str] | None,
        typer.Option(
            "--locale",
            "-l",
            metavar="<locale>",
            help="Update only this locale (repeatable; default: all configured).",
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; list catalogs that are out of date and exit 1 if any (for CI).",
        ),
    ] = False,
    purge_obsolete: Annotated[
        bool,
        typer.Option(
            "--purge-obsolete",
            help="Remove obsolete (#~) entries instead of keeping their translations.",
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Create or merge each locale's catalogs from the templates, like msgmerge --previous."""
    from .commands.update import update as run_update

    config = get_context(ctx).config()
    ws = Workspace(config)
    result = run_update(
        ws,
        tuple(locale or ()),
        check=check,
        purge_obsolete=purge_obsolete,
        converter_for=ws.converter_for(),
    )
    console = out_console()
    if not quiet:
        _warn_orphans(config, result.orphans, result.renames)
        _catalog_notes(config, result.catalogs, check=check)
    if check:
        for item in result.out_of_date:
            console.print(f"out of date: {config.relative(item.path)}", markup=False)
            for line in item.differences:
                console.print(f"  {line}", markup=False)
        if not quiet:
            total, stale = len(result.catalogs), len(result.out_of_date)
            summary = (
                f"{stale} of {total} catalogs out of date"
                if stale
                else f"all {total} catalogs up to date"
            )
            err_console().print(summary, markup=False)
        raise typer.Exit(result.exit_code)
    if not quiet:
        for item in result.catalogs:
            console.print(_update_line(config, item), markup=False)


class StatsFormat(str, Enum):
    """Output formats of ``stats``."""

    text = "text"
    json = "json"


def _stats_payload(config: Config, rows: Sequence[Any]) -> dict[str, Any]:
    """The JSON document of ``zhl10n stats --format json`` (stable; version 1).

    ``{"version": 1, "catalogs": [...]}``, one object per article and locale, in
    template then configured-locale order::

        {"article": "<slug>", "locale": "zh_TW",
         "path": "locales/zh_TW/LC_MESSAGES/<slug>.po",   # relative to the project
         "exists": true,              # false: no catalog yet, counted as untranslated
         "units": {"total": 33, "translated": 30, "fuzzy": 1, "untranslated": 2,
                   "obsolete": 4},
         "chars": {"total": 1372, "translated": 1250, "fuzzy": 40, "untranslated": 82},
         "percent": {"units": 90.91, "chars": 91.11}}  # translated, rounded to 2 places

    Obsolete entries are not part of the totals; percentages of an empty
    catalog are 100.
    """
    catalogs = []
    for row in rows:
        counted = row.stats
        catalogs.append(
            {
                "article": row.slug,
                "locale": row.locale,
                "path": config.relative(row.path),
                "exists": row.exists,
                "units": {
                    "total": counted.units,
                    "translated": counted.translated,
                    "fuzzy": counted.fuzzy,
                    "untranslated": counted.untranslated,
                    "obsolete": counted.obsolete,
                },
                "chars": {
                    "total": counted.chars,
                    "translated": counted.translated_chars,
                    "fuzzy": counted.fuzzy_chars,
                    "untranslated": counted.untranslated_chars,
                },
                "percent": {
                    "units": round(counted.percent_units, 2),
                    "chars": round(counted.percent_chars, 2),
                },
            }
        )
    return {"version": 1, "catalogs": catalogs}


@app.command("mv")
@handles_errors
def move(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The article's current name (slug or path).")],
    new: Annotated[str, typer.Argument(help="Its new name (slug or path).")],
) -> None:
    """Rename an article with its template, catalogs, MO and built files (translations kept)."""
    from .rename import move_article

    config = get_context(ctx).config()
    result = move_article(config, old, new)
    for before, after in result.moved:
        out_console().print(f"moved {before} -> {after}", markup=False)


@app.command()
@handles_errors
def stats(
    ctx: typer.Context,
    locale: Annotated[
        list[str] | None,
        typer.Option(
            "--locale",
            "-l",
            metavar="<locale>",
            help="Only this locale (repeatable; default: all configured).",
        ),
    ] = None,
    fmt: Annotated[
        StatsFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (a table) or json (a stable schema for scripts).",
        ),
    ] = StatsFormat.text,
) -> None:
    """Translated, fuzzy, untranslated and obsolete units per article and locale."""
    import json

    from rich import box
    from rich.table import Table

    from .commands.stats import stats as run_stats

    config = get_context(ctx).config()
    rows = run_stats(Workspace(config), tuple(locale or ()))
    if fmt is StatsFormat.json:
        sys.stdout.write(json.dumps(_stats_payload(config, rows), ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
        sys.stdout.flush()
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for title in ("article", "locale", "translated", "fuzzy", "untranslated", "obsolete"):
        table.add_column(title, justify="left" if title in ("article", "locale") else "right")
    table.add_column("% units", justify="right")
    table.add_column("% chars", justify="right")
    for row in rows:
        counted = row.stats
        table.add_row(
            escape_line(row.slug),
            row.locale if row.exists else f"{row.locale} (none)",
            str(counted.translated),
            str(counted.fuzzy),
            str(counted.untranslated),
            str(counted.obsolete),
            f"{counted.percent_units:.1f}",
            f"{counted.percent_chars:.1f}",
        )
    console = out_console()
    if not console.is_terminal:
        console.width = max(console.width, 160)  # a pipe gets the whole table, not a squeeze
    console.print(table)


# --- build -------------------------------------------------------------------------------


@app.command()
@handles_errors
def build(
    ctx: typer.Context,
    locale: Annotated[
        list[str] | None,
        typer.Option(
            "--locale",
            "-l",
            metavar="<locale>",
            help="Only this locale (repeatable; default: all).",
        ),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            min=0,
            max=100,
            metavar="<percent>",
            help="Minimum percent translated (by source characters) to write an article "
            "(default: the configured threshold, 80).",
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Compile MO files and write the translated article in every locale (build/)."""
    from .commands.build import build as run_build

    config = get_context(ctx).config()
    result = run_build(Workspace(config), tuple(locale or ()), threshold=threshold)
    compiled, built = result.compiled, result.built
    for warning in compiled.warnings:
        err_console().print(f"warning: {warning}", markup=False)
    console = out_console()
    for item in built:
        if quiet:
            continue
        if item.skipped:
            err_console().print(
                f"skipped: {config.relative(item.path)}: {item.skipped}", markup=False
            )
        else:
            state = "written" if item.changed else "unchanged"
            fallback = (
                f", {item.fallback_units} units untranslated (source or its conversion shown)"
                if (item.fallback_units)
                else ""
            )
            console.print(
                f"{config.relative(item.path)}: {item.percent:.0f}% translated{fallback} ({state})",
                markup=False,
            )
    if not quiet:
        console.print(f"{len(compiled.written)} MO files compiled", markup=False)


# --- convert / doctor (conversion issue) ---------------------------------------------------


@app.command("convert")
@handles_errors
def convert_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILES",
            help="Files to convert, one after another ('-' or none: standard input).",
            show_default=False,
        ),
    ] = None,
    input_files: Annotated[
        list[Path] | None,
        typer.Option(
            "-i", "--input", help="Input file, as in opencc (repeatable).", show_default=False
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Write here instead of standard output (atomically; may be an input file).",
        ),
    ] = None,
    opencc_config: Annotated[
        str | None,
        typer.Option(
            "-c",
            "--config",
            help="OpenCC configuration, with or without .json (s2t, t2s, s2tw, s2twp, tw2sp, "
            "s2hk, t2jp...); default s2t as in opencc. Not with --to.",
        ),
    ] = None,
    to_locale: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Target locale instead of -c: zh_Hans, zh_Hant, zh_TW or zh_HK (configuration "
            "from the locale mapping and the source script).",
        ),
    ] = None,
    from_locale: Annotated[
        str,
        typer.Option(
            "--from",
            help="Source for --to: auto (detect script and region), zh_Hant, zh_Hans, or "
            "zh_TW / zh_HK (Traditional text of that region).",
        ),
    ] = "auto",
    no_glossary: Annotated[
        bool,
        typer.Option(
            "--no-glossary",
            help="Plain OpenCC: no glossary terms or conversion overrides (output byte for "
            "byte as the opencc command line).",
        ),
    ] = False,
    glossary: Annotated[
        Path | None,
        typer.Option("--glossary", help="Glossary CSV (default: the project's glossary.csv)."),
    ] = None,
    conversions: Annotated[
        Path | None,
        typer.Option(
            "--conversions", help="Conversion overrides CSV (default: the project's file)."
        ),
    ] = None,
    encoding: Annotated[
        str, typer.Option("--encoding", help="Encoding of the input (output is UTF-8).")
    ] = "utf-8",
    include_tofu: Annotated[
        bool,
        typer.Option(
            "--include-tofu-risk-dictionaries",
            help="Also use the OpenCC dictionaries that may output characters most fonts "
            "lack (off by default, as in the opencc command line).",
        ),
    ] = False,
    vocabulary: Annotated[
        Path | None,
        typer.Option("--vocabulary", help="Regional vocabulary CSV (default: the project's file)."),
    ] = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Also print, on standard error, each change a table rule made and the "
            "table it came from (zhl10n: shipped with the tool; else the project's file), and "
            "every ambiguous character (干/幹/乾, 后/後, 周/週...) whose form no phrase rule "
            "decided (reads the input into memory).",
        ),
    ] = False,
    jobs: Annotated[
        int,
        typer.Option(
            "-j",
            "--jobs",
            min=0,
            help="Worker processes for large UTF-8 inputs (0: one per CPU; 1: none).",
        ),
    ] = 0,
) -> None:
    """Convert Chinese text with OpenCC, glossary terms shielded: a drop-in for opencc."""
    from .commands.convert import convert_files

    config = get_context(ctx).config()
    inputs: list[Path | None] = [
        None if str(path) == "-" else path for path in [*(input_files or []), *(files or [])]
    ]
    import io

    stdin = typer.get_binary_stream("stdin")
    stdin_data = b""
    if explain and (not inputs or None in inputs):
        stdin_data = stdin.read()  # read once: converted, then explained
        stdin = io.BytesIO(stdin_data)
    try:
        results = convert_files(
            Workspace(config),
            inputs,
            output,
            stdin=stdin,
            stdout=typer.get_binary_stream("stdout"),
            opencc_config=opencc_config,
            to_locale=to_locale,
            from_locale=from_locale,
            shield=not no_glossary,
            glossary=glossary,
            conversions=conversions,
            encoding=encoding,
            include_tofu_risk=include_tofu,
            jobs=jobs,
            vocabulary=vocabulary,
        )
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as other filters do.
        _silence_stdout()
        raise typer.Exit(1) from None
    for note in dict.fromkeys(r.converter.note for r in results if r.converter is not None):
        if note:
            err_console().print(f"note: {note}", markup=False)
    if explain:
        from .commands.convert import explain_results, rule_layers

        err = err_console()
        layers = (
            rule_layers(
                Workspace(config), glossary=glossary, conversions=conversions, vocabulary=vocabulary
            )
            if not no_glossary
            else {}
        )
        for item in explain_results(
            results, inputs, stdin_data=stdin_data, encoding=encoding, layers=layers
        ):
            err.print(item.describe(), markup=False)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


@app.command()
@handles_errors
def doctor(ctx: typer.Context) -> None:
    """Show the OpenCC engine, its version and data, and the files conversion reads.

    Exits 1 when something is wrong (e.g. opencc-python-reimplemented installed).
    """
    from .commands.doctor import doctor as run_doctor

    report = run_doctor(Workspace(get_context(ctx).config()))
    engine = report.engine
    console = out_console()
    for label, value in (
        ("engine", f"{engine.name} {engine.version}"),
        ("module", engine.module_path),
        ("data", engine.data_dir or "(not found)"),
        ("configurations", ", ".join(engine.configs) or "(none)"),
        ("opencc executable", str(report.native_cli) if report.native_cli else "(not shipped)"),
        ("project configuration", report.config_source),
        ("glossary", report.glossary),
        ("conversions", report.conversions),
        ("vocabulary", report.vocabulary),
    ):
        console.print(f"{label}: {value}", markup=False)
    for problem in report.problems:
        err_console().print(f"warning: {problem}", markup=False)
    if report.problems:
        raise typer.Exit(1)


# --- glossary lint / check (glossary issue) ------------------------------------------------


#: rich styles for the tagged lines of the text report (plain when not a terminal).
_REPORT_STYLES = {"file": "bold", "error": "red", "warning": "yellow", "summary": "bold"}


@glossary_app.command("lint")
@handles_errors
def glossary_lint(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Glossary to lint (default: the configured glossary.csv, plus conversions.csv "
            "and corrections.csv when they exist)."
        ),
    ] = None,
) -> None:
    """Lint glossary.csv (and conversions.csv, corrections.csv): exit 2 on errors, else 0."""
    from .commands.lint import lint

    result = lint(Workspace(get_context(ctx).config()), path)
    out = out_console()
    for name, report in result.reports:
        findings = [(line, "error", message) for line, message in report.errors]
        findings += [(line, "warning", message) for line, message in report.warnings]
        for line, severity, message in sorted(findings, key=lambda f: f[0]):
            prefix = "" if severity == "error" else "warning: "
            out.print(
                f"{name}:{line}: {prefix}{message}",
                style=_REPORT_STYLES[severity],
                markup=False,
            )
    names = ", ".join(name for name, _ in result.reports)
    err_console().print(
        f"{names}: {result.errors} error(s), {result.warnings} warning(s)", markup=False
    )
    raise typer.Exit(result.exit_code)


class ReportFormat(str, Enum):
    """Output formats of ``check``."""

    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


@app.command()
@handles_errors
def check(
    ctx: typer.Context,
    locale: Annotated[
        list[str] | None,
        typer.Option(
            "--locale",
            "-l",
            metavar="<locale>",
            help="Check only this locale (repeatable; default: all configured).",
        ),
    ] = None,
    fmt: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help="Report format: text (grouped per file), json (stable schema), github "
            "(workflow annotations) or junit (XML).",
        ),
    ] = ReportFormat.text,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Fail on untranslated and fuzzy units too."),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout."),
    ] = None,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            metavar="REV",
            help="Check only the articles whose article, template or catalogs differ from git "
            "revision REV (all of them when a table, the configuration or the pipeline "
            "changed), with consistency against every other catalog.",
        ),
    ] = None,
) -> None:
    """Check translated catalogs against the glossary: exit 0 clean, 1 violations, 2 bad input."""
    from . import report
    from .commands.check import cached_check
    from .fileio import write_output

    try:
        config = get_context(ctx).config()
        only = None
        if changed_since is not None:
            from .cache import changed_since as changed_slugs

            only = changed_slugs(config, changed_since)
        result, _cached = cached_check(Workspace(config), locale or (), strict=strict, only=only)
    except PipelineError as exc:
        # Bad input (exit 2): machine-readable formats still say so in their own syntax.
        if fmt is not ReportFormat.text:
            document = report.format_error(
                type(exc).__name__, exc.message, exc.path, exc.line, fmt.value
            )
            if output is None:
                sys.stdout.write(document)
                sys.stdout.flush()
            else:
                with contextlib.suppress(PipelineError, OSError):
                    write_output(
                        output, document.encode("utf-8"), typer.get_binary_stream("stdout")
                    )
        raise
    if output is not None:
        stdout = typer.get_binary_stream("stdout")
        write_output(output, report.format_result(result, fmt.value).encode("utf-8"), stdout)
        err_console().print(f"{report.summary_line(result)}; report: {output}", markup=False)
    elif fmt is ReportFormat.text:
        out = out_console()
        for line in report.text_lines(result):
            out.print(line.text, style=_REPORT_STYLES.get(line.kind, ""), markup=False)
    else:
        sys.stdout.write(report.format_result(result, fmt.value))
        sys.stdout.flush()
    raise typer.Exit(result.exit_code)


# --- run ---------------------------------------------------------------------------------


#: ``run`` lists check warnings up to this many; beyond, a count per rule (``-v`` lists all).
RUN_WARNINGS_LISTED = 50


class RunFormat(str, Enum):
    """Output formats of ``run``."""

    text = "text"
    json = "json"


@app.command()
@handles_errors
def run(
    ctx: typer.Context,
    keep_going: Annotated[
        bool,
        typer.Option("--keep-going", help="Build even when check finds violations."),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Untranslated and fuzzy units fail the check too.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Process every article, as if nothing had been done before (same as "
            "deleting .zhl10n-cache/).",
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="A row per article and catalog, every check warning and every file written.",
        ),
    ] = False,
    fmt: Annotated[
        RunFormat,
        typer.Option("--format", "-f", help="text (a summary) or json (the same, for scripts)."),
    ] = RunFormat.text,
    quiet: QuietOption = False,
    review: Annotated[
        bool,
        typer.Option(
            "--review",
            help="Also write the review pages (build/review/); on when the configuration "
            "says review = true.",
        ),
    ] = False,
) -> None:
    """The main job: extract -> update (with conversion) -> check -> build, then a summary.

    Only articles whose inputs or outputs changed since the last run are processed
    (decided by content hashes kept in .zhl10n-cache/). Stops with the check's exit
    code; a locale whose check finds errors is not built (unless --keep-going), the
    others are.
    """
    from .commands.run import run as run_all

    config = get_context(ctx).config()
    ws = Workspace(config)
    ws.sweep_temps()  # even a run with nothing to do removes what a killed run left
    console = out_console()
    show_bar = not quiet and fmt is RunFormat.text and console.is_terminal
    if show_bar:
        from rich.progress import BarColumn, Progress, TextColumn

        with Progress(
            TextColumn("{task.description:<8}"),
            BarColumn(),
            TextColumn("{task.completed}"),
            console=console,  # type: ignore[arg-type]  # a terminal: a rich Console
            transient=True,
        ) as progress:
            task = progress.add_task("run", total=None)
            result = run_all(
                ws,
                strict=strict,
                keep_going=keep_going,
                force=force,
                review=review or config.review,
                tick=lambda: progress.advance(task),
            )
    else:
        result = run_all(
            ws, strict=strict, keep_going=keep_going, force=force, review=review or config.review
        )
    checked, reviewed = result.checked, result.reviewed
    if fmt is RunFormat.json:
        import json

        sys.stdout.write(json.dumps(_run_payload(result), ensure_ascii=False, indent=2) + "\n")
        sys.stdout.flush()
        raise typer.Exit(checked.exit_code)
    _print_run(config, result, console, verbose=verbose, quiet=quiet)
    if reviewed is not None and not quiet:
        console.print(
            f"review pages: {config.relative(reviewed.pages[0])} "
            f"({len(reviewed.changed)} of {len(reviewed.pages)} written)",
            markup=False,
        )
    raise typer.Exit(checked.exit_code)


def _locale_totals(result: Any, locales: Sequence[str]) -> list[dict[str, Any]]:
    """Per locale: units translated and fuzzy, characters, violations, articles built."""
    totals: dict[str, dict[str, Any]] = {
        locale: {
            "locale": locale,
            "units": 0,
            "translated": 0,
            "fuzzy": 0,
            "chars": 0,
            "translated_chars": 0,
            "errors": 0,
            "warnings": 0,
            "built": 0,
            "articles": 0,
        }
        for locale in locales
    }
    for row in result.catalogs:
        total = totals.get(row.locale)
        if total is None:
            continue
        counted = row.stats
        total["articles"] += 1
        total["built"] += int(row.built)
        total["translated"] += counted.get("translated", 0)
        total["fuzzy"] += counted.get("fuzzy", 0)
        total["units"] += sum(counted.get(k, 0) for k in ("translated", "fuzzy", "untranslated"))
        total["translated_chars"] += counted.get("translated_chars", 0)
        total["chars"] += sum(
            counted.get(k, 0) for k in ("translated_chars", "fuzzy_chars", "untranslated_chars")
        )
    for violation in result.checked.violations:
        total = totals.get(violation.locale)
        if total is not None:
            total["errors" if violation.severity == "error" else "warnings"] += 1
    return list(totals.values())


def _run_payload(result: Any) -> dict[str, Any]:
    """``zhl10n run --format json`` (version 1): the summary, and a row per article and catalog."""
    from . import report

    locales = list(dict.fromkeys(row.locale for row in result.catalogs))
    return {
        "version": 1,
        "articles": [
            {
                "article": row.slug,
                "path": row.path,
                "script": row.script,
                "units": row.units,
                "repairs": row.repairs,
                "dropped": row.dropped,
                "processed": row.processed,
            }
            for row in result.articles
        ],
        "catalogs": [
            {
                "article": row.slug,
                "locale": row.locale,
                "path": row.path,
                "units": row.stats,
                "built": row.built,
                "skipped": row.skipped,
            }
            for row in result.catalogs
        ],
        "locales": _locale_totals(result, locales),
        "check": {**report.summary(result.checked), "cached": result.check_cached},
        "processed": result.processed,
        "files_written": list(result.written),
        "not_built": list(result.skipped_locales),
    }


def _plain_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Columns padded to their widest cell: the first left-aligned, the others right."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for cells in [header, *rows]:
        parts = [
            str(cell).ljust(widths[i]) if i == 0 else str(cell).rjust(widths[i])
            for i, cell in enumerate(cells)
        ]
        lines.append("  ".join(parts).rstrip())
    return lines


def _print_run(config: Config, result: Any, console: Any, *, verbose: bool, quiet: bool) -> None:
    """The run's report: problems on stderr, then a summary whose size does not grow."""
    from . import report

    checked = result.checked
    err = err_console()
    if quiet:  # errors only: the check's errors, nothing informational
        heading = None
        for line in report.text_lines(checked):
            if line.kind == "file":
                heading = line
            elif line.kind == "error":
                if heading is not None:
                    err.print(heading.text, style=_REPORT_STYLES["file"], markup=False)
                    heading = None
                err.print(line.text, style=_REPORT_STYLES["error"], markup=False)
        return
    for article in result.articles:
        for line, text in article.suspects:
            err.print(
                f"warning: {article.path}:{line}: damaged pinyin annotation {text!r}; "
                "add a fix to corrections.csv",
                markup=False,
            )
    _warn_orphans(config, result.orphans, result.renames)
    if checked.violations:
        heading = None
        every = verbose or checked.warnings <= RUN_WARNINGS_LISTED
        for line in report.text_lines(checked):
            if line.kind == "file":
                heading = line
            elif line.kind == "summary" or every or line.kind == "error":
                if heading is not None and line.kind != "summary":
                    err.print(heading.text, style=_REPORT_STYLES["file"], markup=False)
                    heading = None
                err.print(line.text, style=_REPORT_STYLES.get(line.kind, ""), markup=False)
        if not every:
            rules = report.summary(checked)["rules"]
            counted = ", ".join(f"{n} {rule}" for rule, n in rules.items() if n)
            err.print(
                f"check warnings by rule: {counted} (zhl10n check, or run -v, lists them)",
                markup=False,
            )
    for warning in result.warnings:
        err.print(f"warning: {warning}", markup=False)
    skipped = [row for row in result.catalogs if row.skipped]
    if verbose:
        for row in skipped:
            target = config.build_path / row.locale / row.slug
            err.print(f"skipped: {config.relative(target)}: {row.skipped}", markup=False)
    elif skipped:
        err.print(
            f"skipped: {len(skipped)} builds below the {config.threshold:g}% threshold or "
            "without a catalog (run -v lists them)",
            markup=False,
        )
    if verbose:
        for note in result.notes:
            err.print(f"note: {note}", markup=False)
        _print_run_tables(config, result, console)
    articles = result.articles
    console.print(
        f"articles: {len(articles)} ({result.processed} processed, "
        f"{len(articles) - result.processed} up to date); "
        f"{sum(a.units for a in articles)} units, {sum(a.repairs for a in articles)} repairs, "
        f"{sum(a.dropped for a in articles)} lines dropped",
        markup=False,
    )
    rows = []
    for total in _locale_totals(result, config.locales):
        chars = total["chars"]
        rows.append(
            [
                total["locale"],
                f"{total['translated']}/{total['units']}",
                f"{100.0 * total['translated_chars'] / chars if chars else 100.0:.0f}%",
                str(total["fuzzy"]),
                str(total["errors"]),
                str(total["warnings"]),
                f"{total['built']}/{total['articles']}",
            ]
        )
    header = ["locale", "translated", "by chars", "fuzzy", "errors", "warnings", "built"]
    for text in _plain_table(header, rows):
        console.print(text, markup=False)
    written = list(result.written)
    if verbose:
        shown = "" if not written else ": " + ", ".join(written)
    else:
        shown = " (run -v lists them)" if written else ""
    console.print(f"files written: {len(written)}{shown}", markup=False)
    for locale in result.skipped_locales:
        errors = sum(1 for v in checked.violations if v.locale == locale and v.severity == "error")
        console.print(
            f"{locale}: not built: check found {errors} error{'s' if errors != 1 else ''} "
            "in this locale (--keep-going builds anyway)",
            markup=False,
        )


def _print_run_tables(config: Config, result: Any, console: Any) -> None:
    """``run -v``: a row per article and per catalog."""
    from rich.table import Table

    articles = Table(title="Articles", title_justify="left")
    for column in ("article", "script", "units", "repairs", "dropped"):
        articles.add_column(column, justify="left" if column in ("article", "script") else "right")
    for row in result.articles:
        articles.add_row(
            escape_line(row.path), row.script, str(row.units), str(row.repairs), str(row.dropped)
        )
    console.print(articles)
    by_catalog: dict[tuple[str, str], list[Any]] = {}
    for violation in result.checked.violations:
        by_catalog.setdefault((Path(violation.path).stem, violation.locale), []).append(violation)
    locales = Table(title="Locales", title_justify="left")
    for column in ("article", "locale", "translated", "by chars", "fuzzy", "errors", "warnings"):
        locales.add_column(column, justify="left" if column in ("article", "locale") else "right")
    locales.add_column("built", justify="right")
    for row in result.catalogs:
        counted = row.stats
        units = sum(counted.get(k, 0) for k in ("translated", "fuzzy", "untranslated"))
        chars = sum(
            counted.get(k, 0) for k in ("translated_chars", "fuzzy_chars", "untranslated_chars")
        )
        found = by_catalog.get((row.slug, row.locale), [])
        locales.add_row(
            escape_line(row.slug),
            row.locale,
            f"{counted.get('translated', 0)}/{units}",
            f"{100.0 * counted.get('translated_chars', 0) / chars if chars else 100.0:.0f}%",
            str(counted.get("fuzzy", 0)),
            str(sum(1 for v in found if v.severity == "error")),
            str(sum(1 for v in found if v.severity != "error")),
            "yes" if row.built else "no",
        )
    console.print(locales)


# --- review ------------------------------------------------------------------------------


@app.command()
@handles_errors
def review(ctx: typer.Context, quiet: QuietOption = False) -> None:
    """Write static HTML review pages: every locale side by side (build/review/index.html)."""
    from .commands.review import review as write_review

    config = get_context(ctx).config()
    result = write_review(Workspace(config))
    if quiet:
        return
    console = out_console()
    for path in result.removed:
        console.print(f"removed {config.relative(path)} (its article is gone)", markup=False)
    console.print(
        f"{result.articles} article page{'' if result.articles == 1 else 's'} and the index "
        f"in {config.relative(result.folder)}/ ({len(result.changed)} written, "
        f"{len(result.pages) - len(result.changed)} unchanged); open "
        f"{config.relative(result.pages[0])}",
        markup=False,
    )


# --- exchange with CAT tools: XLIFF, TMX, glossary export ----------------------------------

xliff_app = typer.Typer(
    help="XLIFF 1.2 for CAT tools (Trados, memoQ, OmegaT, Weblate).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(xliff_app, name="xliff")
memory_app = typer.Typer(
    help="Translation memory as TMX 1.4b.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(memory_app, name="memory")

LocaleOption = Annotated[
    list[str] | None,
    typer.Option(
        "--locale",
        "-l",
        metavar="<locale>",
        help="Only this locale (repeatable; default: all configured).",
    ),
]


@xliff_app.command("export")
@handles_errors
def xliff_export(
    ctx: typer.Context,
    locale: LocaleOption = None,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="<dir>", help="Folder for <locale>/<slug>.xlf."),
    ] = Path("build/xliff"),
    quiet: QuietOption = False,
) -> None:
    """Write each catalog as XLIFF 1.2 (unit id as trans-unit id, states and notes kept)."""
    from .exchange import export_xliff

    config = get_context(ctx).config()
    locales = config.check_locales(tuple(locale or ()))
    written = export_xliff(config, locales, config.root / output)
    if not quiet:
        for path in written:
            out_console().print(f"wrote {config.relative(path)}", markup=False)


@xliff_app.command("import")
@handles_errors
def xliff_import(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="XLIFF files from a CAT tool.")],
    quiet: QuietOption = False,
) -> None:
    """Apply XLIFF files to the catalogs they were exported from (by unit id)."""
    from .exchange import import_xliff

    config = get_context(ctx).config()
    for item in import_xliff(config, files):
        report = item.report
        if not quiet:
            state = "updated" if item.written else "unchanged"
            out_console().print(
                f"{state} {config.relative(item.catalog)}: {report.approved} approved, "
                f"{report.fuzzy} fuzzy, {report.unchanged} unchanged",
                markup=False,
            )
        if report.source_changed:
            err_console().print(
                f"note: {config.relative(item.catalog)}: {report.source_changed} units changed "
                "in the article since the export; their translations came in fuzzy",
                markup=False,
            )
        if report.unknown:
            err_console().print(
                f"warning: {config.relative(item.xliff)}: {len(report.unknown)} units are no "
                f"longer in the catalog (first: {report.unknown[0]})",
                markup=False,
            )


@memory_app.command("export")
@handles_errors
def memory_export(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="<file>", help="TMX file, or - for stdout.")
    ] = Path("-"),
    locale: LocaleOption = None,
) -> None:
    """Write every approved translation of the project as TMX 1.4b."""
    from .exchange import export_memory
    from .fileio import write_output

    config = get_context(ctx).config()
    data = export_memory(config, config.check_locales(tuple(locale or ())))
    write_output(output, data, sys.stdout.buffer)


@memory_app.command("import")
@handles_errors
def memory_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A TMX file from a CAT tool or Weblate.")],
) -> None:
    """Keep a TMX file under memory/: update offers its translations to new units."""
    from .exchange import import_memory

    config = get_context(ctx).config()
    target, units = import_memory(config, file)
    out_console().print(f"{config.relative(target)}: {units} units", markup=False)


class GlossaryExportFormat(str, Enum):
    """Formats of ``glossary export``."""

    csv = "csv"
    tbx = "tbx"


@glossary_app.command("export")
@handles_errors
def glossary_export(
    ctx: typer.Context,
    locale: Annotated[
        str, typer.Option("--locale", "-l", metavar="<locale>", help="Target locale.")
    ] = "en",
    form: Annotated[
        GlossaryExportFormat,
        typer.Option("--format", "-f", help="csv (source,target: Weblate, Crowdin) or tbx."),
    ] = GlossaryExportFormat.csv,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="<file>", help="File, or - for stdout.")
    ] = Path("-"),
) -> None:
    """Write the glossary's terms for one locale for a CAT tool's term base."""
    from .exchange import export_glossary
    from .fileio import write_output

    config = get_context(ctx).config()
    (chosen,) = config.check_locales((locale,))
    write_output(output, export_glossary(config, chosen, form.value), sys.stdout.buffer)


# --- reference -----------------------------------------------------------------------------


def command_reference() -> str:
    """Every command's ``--help``, as Markdown, for the README (kept in sync by a test)."""
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


@app.command("reference", hidden=True)
def reference() -> None:
    """Print the command reference in Markdown (used to write the README)."""
    typer.echo(command_reference(), nl=False)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="zhl10n")


if __name__ == "__main__":  # pragma: no cover
    main()
