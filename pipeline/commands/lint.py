"""``zhl10n glossary lint``: every problem of the project's tables, not just the first."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import GlossaryError
from ..glossary import (
    LintReport,
    lint_conversions,
    lint_corrections,
    lint_glossary,
    lint_vocabulary,
)
from ..workspace import Workspace, relative_paths


@dataclass(frozen=True)
class LintResult:
    """``glossary lint``: the report of each file linted, keyed by its display path."""

    reports: tuple[tuple[str, LintReport], ...]

    @property
    def errors(self) -> int:
        return sum(len(report.errors) for _, report in self.reports)

    @property
    def warnings(self) -> int:
        return sum(len(report.warnings) for _, report in self.reports)

    @property
    def exit_code(self) -> int:
        """2 when any file has errors (it cannot be used), else 0."""
        return 2 if self.errors else 0


def lint(ws: Workspace, path: Path | None = None) -> LintResult:
    """Lint ``path`` (default: the configured glossary) and, by default, conversions.csv,
    corrections.csv and vocabulary.csv.

    Those are linted only when no explicit path is given and they exist.
    """
    config = ws.config
    target = path if path is not None else config.glossary_path
    with relative_paths(config):
        reports = [(ws.relative(target), lint_glossary(target))]
        for name, table, linter in (
            (config.conversions, config.conversions_path, lint_conversions),
            (config.corrections, config.corrections_path, lint_corrections),
            (config.vocabulary, config.vocabulary_path, lint_vocabulary),
        ):
            if path is None and name and table.is_file():
                reports.append((ws.relative(table), linter(table)))
        reports = [(shown, _with_layering(ws, shown, report)) for shown, report in reports]
    return LintResult(tuple(reports))


def _with_layering(ws: Workspace, shown: str, report: LintReport) -> LintReport:
    """The project's vocabulary or conversions report, plus a row that switches off
    no shipped row (:func:`pipeline.layers.layer`)."""
    config = ws.config
    load = {
        ws.relative(config.conversions_path): ws.layered_conversions,
        ws.relative(config.vocabulary_path): ws.layered_vocabulary,
    }.get(shown)
    if load is None or not report.ok:
        return report
    try:
        load()
    except GlossaryError as exc:
        return replace(report, errors=(*report.errors, (exc.line or 1, exc.message)))
    return report
