"""Exchange with CAT tools: ``xliff export|import``, ``memory export|import`` (TMX) and
``glossary export``; :mod:`.app` registers them."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..workspace import Workspace
from .console import err_console, handles_errors, out_console
from .options import QuietOption, get_context

xliff_app = typer.Typer(
    help="XLIFF 1.2 for CAT tools (Trados, memoQ, OmegaT, Weblate).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
memory_app = typer.Typer(
    help="Translation memory as TMX 1.4b.", no_args_is_help=True, rich_markup_mode=None
)

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
    from ..exchange import export_xliff

    config = get_context(ctx).config()
    locales = config.check_locales(tuple(locale or ()))
    written = export_xliff(Workspace(config), locales, config.root / output)
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
    from ..exchange import import_xliff

    config = get_context(ctx).config()
    for item in import_xliff(Workspace(config), files):
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
                f"note: {config.relative(item.catalog)}: {_units(report.source_changed)} "
                "changed in the article since the export; their translations came in fuzzy",
                markup=False,
            )
        if report.unknown:
            err_console().print(
                f"warning: {config.relative(item.xliff)}: {_units(len(report.unknown))} no "
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
    from ..exchange import export_memory
    from ..fileio import write_output

    config = get_context(ctx).config()
    data = export_memory(Workspace(config), config.check_locales(tuple(locale or ())))
    write_output(output, data, sys.stdout.buffer)


@memory_app.command("import")
@handles_errors
def memory_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A TMX file from a CAT tool or Weblate.")],
) -> None:
    """Keep a TMX file under memory/: update offers its translations to new units."""
    from ..exchange import import_memory

    config = get_context(ctx).config()
    target, units = import_memory(config, file)
    out_console().print(f"{config.relative(target)}: {units} units", markup=False)


class GlossaryExportFormat(str, Enum):
    """Formats of ``glossary export``."""

    csv = "csv"
    tbx = "tbx"


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
    from ..exchange import export_glossary
    from ..fileio import write_output

    config = get_context(ctx).config()
    (chosen,) = config.check_locales((locale,))
    write_output(output, export_glossary(config, chosen, form.value), sys.stdout.buffer)


def _units(count: int) -> str:
    """``1 unit`` / ``2 units``.

    >>> _units(1), _units(2)
    ('1 unit', '2 units')
    """
    return f"{count} unit" if count == 1 else f"{count} units"
