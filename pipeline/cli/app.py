"""The ``zhl10n`` commands: options in, one call of :mod:`pipeline.commands`, then presented.

Each command parses its options, makes the :class:`~pipeline.workspace.Workspace`,
calls its command module (imported inside the command, so start-up loads only
what the command uses) and hands the result to :mod:`.present`. Library errors
become one stderr line and exit code 2 at the boundary in :mod:`.console`.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__
from ..errors import PipelineError
from ..workspace import Workspace
from . import coercion
from .console import SIGPIPE_EXIT, err_console, handles_errors, out_console, silence_stdout
from .exchange import glossary_export, memory_app, xliff_app
from .init import init
from .options import Context, QuietOption, get_context
from .present import (
    print_build,
    print_check,
    print_doctor,
    print_extract,
    print_extract_check,
    print_failures,
    print_lint,
    print_review,
    print_run,
    print_stats,
    print_update,
    run_payload,
    stats_payload,
    write_check_error,
)

coercion.install()


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


def _version(value: bool) -> None:
    if value:
        from ..convert import engine_info

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


app.command("init")(init)


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
    from ..commands.extract import extract as run_extract

    config = get_context(ctx).config()
    results = run_extract(Workspace(config), tuple(paths or ()), encoding=encoding, check=check)
    if check:
        raise typer.Exit(print_extract_check(config, results, quiet=quiet))
    if not quiet:
        print_extract(config, results, verbose=verbose)


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
    """Create or merge each locale's catalogs from the templates, like msgmerge --previous.

    An article changed since its template was extracted (by content) is extracted
    first; with --check, such an article fails the check.
    """
    from ..commands.update import stale_templates
    from ..commands.update import update as run_update

    config = get_context(ctx).config()
    ws = Workspace(config)
    behind = stale_templates(ws, write=not check)
    result = run_update(
        ws,
        tuple(locale or ()),
        check=check,
        purge_obsolete=purge_obsolete,
        converter_for=ws.converter_for(),
    )
    print_update(config, result, check=check, quiet=quiet, behind=behind)
    if check:
        raise typer.Exit(1 if behind else result.exit_code)


class StatsFormat(str, Enum):
    """Output formats of ``stats``."""

    text = "text"
    json = "json"


@app.command("mv")
@handles_errors
def move(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The article's current name (slug or path).")],
    new: Annotated[str, typer.Argument(help="Its new name (slug or path).")],
) -> None:
    """Rename an article with its template, catalogs, MO and built files (translations kept)."""
    from ..commands.mv import move_article

    config = get_context(ctx).config()
    result = move_article(Workspace(config), old, new)
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

    from ..commands.stats import stats as run_stats

    config = get_context(ctx).config()
    rows = run_stats(Workspace(config), tuple(locale or ()))
    if fmt is StatsFormat.json:
        sys.stdout.write(json.dumps(stats_payload(config, rows), ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
        sys.stdout.flush()
        return
    print_stats(rows)


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
    from ..commands.build import build as run_build

    config = get_context(ctx).config()
    result = run_build(Workspace(config), tuple(locale or ()), threshold=threshold)
    print_build(config, result, quiet=quiet)


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
    from ..commands.convert import convert_files

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
        silence_stdout()
        raise typer.Exit(1) from None
    for note in dict.fromkeys(r.converter.note for r in results if r.converter is not None):
        if note:
            err_console().print(f"note: {note}", markup=False)
    if explain:
        from ..commands.convert import explain_results, rule_layers

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


@app.command()
@handles_errors
def doctor(ctx: typer.Context) -> None:
    """Show the OpenCC engine, its version and data, and the files conversion reads.

    Exits 1 when something is wrong (e.g. opencc-python-reimplemented installed).
    """
    from ..commands.doctor import doctor as run_doctor

    report = run_doctor(Workspace(get_context(ctx).config()))
    raise typer.Exit(print_doctor(report))


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
    from ..commands.lint import lint

    result = lint(Workspace(get_context(ctx).config()), path)
    print_lint(result)
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
    from ..commands.check import cached_check

    try:
        config = get_context(ctx).config()
        only = None
        if changed_since is not None:
            from ..cache import changed_since as changed_slugs

            only = changed_slugs(config, changed_since)
        result, _cached = cached_check(Workspace(config), locale or (), strict=strict, only=only)
    except PipelineError as exc:
        # Bad input (exit 2).
        if fmt is not ReportFormat.text:  # machine formats still say so in their syntax
            write_check_error(exc, fmt.value, output)
        raise
    print_check(result, fmt.value, output)
    raise typer.Exit(result.exit_code)


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
    code; an article whose catalog in a locale has check errors is not built in that
    locale (unless --keep-going), every other edition is. An edition not built has
    its previous output in build/ removed.
    """
    from ..commands.run import run as run_all

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

        sys.stdout.write(json.dumps(run_payload(result), ensure_ascii=False, indent=2) + "\n")
        sys.stdout.flush()
        raise typer.Exit(2 if result.failures else checked.exit_code)
    print_run(config, result, console, verbose=verbose, quiet=quiet)
    if reviewed is not None and not quiet:
        console.print(
            f"review pages: {config.relative(reviewed.pages[0])} "
            f"({len(reviewed.changed)} of {len(reviewed.pages)} written)",
            markup=False,
        )
    print_failures(result)  # one line per failed article or locale; the rest was built
    raise typer.Exit(2 if result.failures else checked.exit_code)


@app.command()
@handles_errors
def review(ctx: typer.Context, quiet: QuietOption = False) -> None:
    """Write static HTML review pages: every locale side by side (build/review/index.html)."""
    from ..commands.review import review as write_review

    config = get_context(ctx).config()
    result = write_review(Workspace(config))
    if not quiet:
        print_review(config, result)


@app.command("reference", hidden=True)
def reference() -> None:
    """Print the command reference in Markdown (used to write the README)."""
    from .reference import markdown_reference

    typer.echo(markdown_reference(app), nl=False)


app.add_typer(xliff_app, name="xliff")
app.add_typer(memory_app, name="memory")
glossary_app.command("export")(glossary_export)


def main() -> None:
    """Console-script entry point: an unexpected exception is one line and a crash log."""
    try:
        app(prog_name="zhl10n")
    except BrokenPipeError:  # raised while flushing, after the command returned
        silence_stdout()
        sys.exit(SIGPIPE_EXIT)
    except Exception as exc:  # a bug: one line and a crash log, never a traceback
        from .console import report_crash

        sys.exit(report_crash(exc))
