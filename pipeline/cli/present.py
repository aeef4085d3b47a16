"""What each command shows: text lines, tables and the JSON payloads (stable schemas).

Functions here take a command's result and print it, or return the document a
machine format writes; they compute nothing a command should (:mod:`pipeline.commands`).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import PipelineError
from ..textout import escape_line
from .console import err_console, out_console


def warn_suspects(article: Any) -> None:
    """Damaged annotations no rule could repair: the editor's cue for corrections.csv."""
    for suspect in article.suspects:
        err_console().print(
            f"warning: {article.path}:{suspect.line}: damaged pinyin annotation "
            f"{suspect.text!r}; add a fix to corrections.csv",
            markup=False,
        )


def warn_orphans(
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


def shorten(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def update_line(config: Config, item: Any) -> str:
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


def catalog_notes(config: Config, items: Sequence[Any], *, check: bool) -> None:
    """What ``update`` did or would do that is not a translation change (stderr)."""
    from ..catalog import MAX_CHANGED_AREA

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


def stats_payload(config: Config, rows: Sequence[Any]) -> dict[str, Any]:
    """The JSON document of ``zhl10n stats --format json`` (stable; version 1).

    ``{"version": 1, "catalogs": [...]}``, one object per article and locale, in
    template then configured-locale order::

        {"article": "<slug>", "locale": "zh_TW",
         "path": "locales/zh_TW/LC_MESSAGES/<slug>.po",   # relative to the project
         "exists": true,              # false: no catalog yet, counted as untranslated
         "units": {"total": 33, "translated": 30, "fuzzy": 1, "untranslated": 2,
                   "obsolete": 4},
         "chars": {"total": 1372, "translated": 1250, "fuzzy": 40, "untranslated": 82},
         "percent": {"units": 90.91, "chars": 91.11},  # translated, rounded to 2 places
         "edition": {"status": "built",   # built | skipped | stale | "" (never built)
                     "reason": "",        # why skipped or stale
                     "path": "build/zh_TW/<slug>.txt"}}  # the output, "" when none

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
                "edition": edition_payload(row.edition),
            }
        )
    return {"version": 1, "catalogs": catalogs}


def edition_payload(edition: Any) -> dict[str, str]:
    """``{"status", "reason", "path"}`` of an :class:`~pipeline.editions.Edition`."""
    if edition is None:
        return {"status": "", "reason": "", "path": ""}
    return {"status": edition.status, "reason": edition.reason, "path": edition.path}


#: rich styles for the tagged lines of the text report (plain when not a terminal).
REPORT_STYLES = {"file": "bold", "error": "red", "warning": "yellow", "summary": "bold"}


#: ``run`` lists check warnings up to this many; beyond, a count per rule (``-v`` lists all).
RUN_WARNINGS_LISTED = 50


def locale_totals(result: Any, locales: Sequence[str]) -> list[dict[str, Any]]:
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


def print_failures(result: Any) -> None:
    """``run``'s failed articles and locales, one stderr line each."""
    err = err_console()
    for failure in result.failures:
        where = f" ({failure.locale})" if failure.locale else ""
        err.print(escape_line(f"error{where}: {failure.message}"), markup=False)


def run_payload(result: Any) -> dict[str, Any]:
    """``zhl10n run --format json`` (version 1): the summary, and a row per article and catalog."""
    from .. import report

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
                "edition": edition_payload(row.edition),
                "removed": list(row.removed),
            }
            for row in result.catalogs
        ],
        "locales": locale_totals(result, locales),
        "check": {**report.summary(result.checked), "cached": result.check_cached},
        "processed": result.processed,
        "files_written": list(result.written),
        "not_built": list(result.skipped_locales),
        "failures": [
            {
                "article": f.slug,
                "locale": f.locale or None,
                "message": f.message,
                "crash_log": f.crash_log or None,
            }
            for f in result.failures
        ],
    }


def plain_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
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


def print_run(config: Config, result: Any, console: Any, *, verbose: bool, quiet: bool) -> None:
    """The run's report: problems on stderr, then a summary whose size does not grow."""
    from .. import report

    checked = result.checked
    err = err_console()
    if quiet:  # errors only: the check's errors, nothing informational
        heading = None
        for line in report.text_lines(checked):
            if line.kind == "file":
                heading = line
            elif line.kind == "error":
                if heading is not None:
                    err.print(heading.text, style=REPORT_STYLES["file"], markup=False)
                    heading = None
                err.print(line.text, style=REPORT_STYLES["error"], markup=False)
        return
    for article in result.articles:
        for line, text in article.suspects:
            err.print(
                f"warning: {article.path}:{line}: damaged pinyin annotation {text!r}; "
                "add a fix to corrections.csv",
                markup=False,
            )
    warn_orphans(config, result.orphans, result.renames)
    if checked.violations:
        heading = None
        every = verbose or checked.warnings <= RUN_WARNINGS_LISTED
        for line in report.text_lines(checked):
            if line.kind == "file":
                heading = line
            elif line.kind == "summary" or every or line.kind == "error":
                if heading is not None and line.kind != "summary":
                    err.print(heading.text, style=REPORT_STYLES["file"], markup=False)
                    heading = None
                err.print(line.text, style=REPORT_STYLES.get(line.kind, ""), markup=False)
        if not every:
            rules = report.summary(checked)["rules"]
            counted = ", ".join(f"{n} {rule}" for rule, n in rules.items() if n)
            err.print(
                f"check warnings by rule: {counted} (zhl10n check, or run -v, lists them)",
                markup=False,
            )
    for warning in result.warnings:
        err.print(f"warning: {warning}", markup=False)
    # Every edition this run did not build, and why; always those it removed from
    # build/ or held back for check errors (what someone syncing build/ must know).
    skipped = [row for row in result.catalogs if row.skipped]
    told = [row for row in skipped if verbose or row.removed or "check found" in row.skipped]
    for row in told:
        said = f"{row.locale}/{row.slug}: skipped: {row.skipped}"
        if row.removed:
            said += "; removed " + ", ".join(row.removed)
        err.print(escape_line(said), markup=False)
    if len(told) < len(skipped):
        err.print(
            f"skipped: {len(skipped) - len(told)} more builds below the "
            f"{config.threshold:g}% threshold or without a catalog (run -v lists them)",
            markup=False,
        )
    if verbose:
        for note in result.notes:
            err.print(f"note: {note}", markup=False)
        print_run_tables(config, result, console)
    articles = result.articles
    failed = len({f.slug for f in result.failures if not f.locale})
    console.print(
        f"articles: {len(articles) + failed} ({result.processed} processed, "
        f"{len(articles) - result.processed} up to date"
        f"{f', {failed} failed' if failed else ''}); "
        f"{sum(a.units for a in articles)} units, {sum(a.repairs for a in articles)} repairs, "
        f"{sum(a.dropped for a in articles)} lines dropped",
        markup=False,
    )
    rows = []
    for total in locale_totals(result, config.locales):
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
    for text in plain_table(header, rows):
        console.print(text, markup=False)
    written = list(result.written)
    if verbose:
        shown = "" if not written else ": " + ", ".join(written)
    else:
        shown = " (run -v lists them)" if written else ""
    console.print(f"files written: {len(written)}{shown}", markup=False)


def print_run_tables(config: Config, result: Any, console: Any) -> None:
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


def print_extract_check(config: Config, results: Sequence[Any], *, quiet: bool) -> int:
    """``extract --check``: the stale templates; the exit code (1 when any is stale)."""
    console = out_console()
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
    return 1 if stale else 0


def print_extract(config: Config, results: Sequence[Any], *, verbose: bool) -> None:
    """``extract``: a line per article (``-v``: its metadata, repairs and dropped lines)."""
    console = out_console()
    for result in results:
        article = result.article
        pinyin = sum(1 for r in article.repairs if r.rule == "pinyin")
        fixes = sum(1 for r in article.repairs if r.rule == "correction")
        warn_suspects(article)
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
                    f"  line {dropped.line}: dropped ({dropped.rule}) {shorten(dropped.text)}",
                    markup=False,
                )


def print_stats(rows: Sequence[Any]) -> None:
    """``stats``: a table, a row per article and locale."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for title in ("article", "locale", "translated", "fuzzy", "untranslated", "obsolete"):
        table.add_column(title, justify="left" if title in ("article", "locale") else "right")
    table.add_column("% units", justify="right")
    table.add_column("% chars", justify="right")
    table.add_column("edition", justify="left")
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
            escape_line(row.edition.describe()) if row.edition else "",
        )
    console = out_console()
    if not console.is_terminal:
        console.width = max(console.width, 160)  # a pipe gets the whole table, not a squeeze
    console.print(table)


def print_build(config: Config, result: Any, *, quiet: bool) -> None:
    """``build``: compile warnings, then a line per article and locale, then the MO count."""
    compiled, built = result.compiled, result.built
    for warning in compiled.warnings:
        err_console().print(f"warning: {warning}", markup=False)
    console = out_console()
    for item in built:
        if quiet:
            continue
        if item.skipped:
            removed = "; removed " + ", ".join(config.relative(p) for p in item.removed)
            err_console().print(
                f"skipped: {config.relative(item.path)}: {item.skipped}"
                f"{removed if item.removed else ''}",
                markup=False,
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


def print_update(
    config: Config, result: Any, *, check: bool, quiet: bool, behind: Sequence[Any] = ()
) -> None:
    """``update``: the templates it extracted first (``--check``: those out of date),
    orphans and notes on stderr, then a line per catalog (``--check``: the catalogs
    out of date, each with how it differs)."""
    console = out_console()
    for item in behind:
        article = escape_line(item.article.path)
        if check:
            console.print(
                f"template out of date: {article} (run zhl10n extract or zhl10n update)",
                markup=False,
            )
        elif not quiet:
            pot = escape_line(config.relative(item.pot))
            console.print(f"extracted {pot} ({article} changed)", markup=False)
    if not quiet:
        warn_orphans(config, result.orphans, result.renames)
        catalog_notes(config, result.catalogs, check=check)
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
            if behind:
                summary += (
                    "; 1 template older than its article"
                    if len(behind) == 1
                    else f"; {len(behind)} templates older than their articles"
                )
            err_console().print(summary, markup=False)
        return
    if not quiet:
        for item in result.catalogs:
            console.print(update_line(config, item), markup=False)


def print_doctor(report: Any) -> int:
    """``doctor``: the engine and the data files, problems as warnings; the exit code."""
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
    return 1 if report.problems else 0


def print_lint(result: Any) -> None:
    """``glossary lint``: every finding as ``file:line: message``, then a count on stderr."""
    out = out_console()
    for name, report in result.reports:
        findings = [(line, "error", message) for line, message in report.errors]
        findings += [(line, "warning", message) for line, message in report.warnings]
        for line, severity, message in sorted(findings, key=lambda f: f[0]):
            prefix = "" if severity == "error" else "warning: "
            out.print(
                f"{name}:{line}: {prefix}{message}",
                style=REPORT_STYLES[severity],
                markup=False,
            )
    names = ", ".join(name for name, _ in result.reports)
    err_console().print(
        f"{names}: {result.errors} error(s), {result.warnings} warning(s)", markup=False
    )


def print_review(config: Config, result: Any) -> None:
    """``review``: pages removed, then where the pages are and how many were written."""
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


def print_init(folder: Path, result: Any) -> None:
    """``init``: each file created or kept, the .gitignore lines added, what to do next."""
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


def write_check_error(exc: PipelineError, fmt: str, output: Path | None) -> None:
    """``check`` stopped by bad input: a machine format (json, github, junit) still writes
    an error record, to ``output`` or standard output."""
    import typer

    from .. import report
    from ..fileio import write_output

    document = report.format_error(type(exc).__name__, exc.message, exc.path, exc.line, fmt)
    if output is None:
        sys.stdout.write(document)
        sys.stdout.flush()
    else:
        with contextlib.suppress(PipelineError, OSError):
            write_output(output, document.encode("utf-8"), typer.get_binary_stream("stdout"))


def print_check(result: Any, fmt: str, output: Path | None) -> None:
    """``check``'s report: to ``output`` (a summary line on stderr), else standard output
    (text grouped per file, or the machine format)."""
    import typer

    from .. import report
    from ..fileio import write_output

    if output is not None:
        stdout = typer.get_binary_stream("stdout")
        write_output(output, report.format_result(result, fmt).encode("utf-8"), stdout)
        err_console().print(f"{report.summary_line(result)}; report: {output}", markup=False)
    elif fmt == "text":
        out = out_console()
        for line in report.text_lines(result):
            out.print(line.text, style=REPORT_STYLES.get(line.kind, ""), markup=False)
    else:
        sys.stdout.write(report.format_result(result, fmt))
        sys.stdout.flush()
