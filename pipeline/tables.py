"""Project tables: one CSV reader, with a spec per table shared by load and lint.

Every table a person edits (``glossary.csv``, ``conversions.csv``,
``vocabulary.csv``, ``corrections.csv``, ``overrides.csv``) is read here: UTF-8
(a BOM is tolerated), comma-separated, a header row naming the columns in any
order, blank rows and rows starting with ``#`` skipped. A :class:`TableSpec`
names a table's columns and the required ones; :func:`read_table` checks the
file against it and returns every finding, so ``glossary lint`` reports them all
while a loader stops at the first (:func:`rows_of`). Both read the same rows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from . import trace
from .errors import GlossaryError, PipelineError
from .fileio import read_input
from .textout import control_characters

#: A problem found in a table: ``(line, message)``.
Finding = tuple[int, str]
#: One row: (first line, stripped cells by column, cells as written by column).
Record = tuple[int, dict[str, str], dict[str, str]]


@dataclass(frozen=True)
class TableSpec:
    """A table's name (for messages), its columns, and which of them must be present."""

    what: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    #: The error a loader raises for this table (glossary tables: GlossaryError).
    error: type[PipelineError] = GlossaryError


@dataclass(frozen=True)
class Table:
    """A CSV file checked against its spec, row cells keyed by column."""

    records: tuple[Record, ...]
    errors: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    header_ok: bool = True


def _read_rows(path: Path, spec: TableSpec) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    """Header line, header and ``(first line, cells)`` of each non-blank data row."""
    what, error = spec.what, spec.error
    try:
        data = read_input(path)
        trace.note("table", path.as_posix())
    except FileNotFoundError:
        raise error(f"{what} file not found", path) from None
    except OSError as exc:
        raise error(f"cannot read {what} file: {exc.strerror or exc}", path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", path, line
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells) and not cells[0].lstrip().startswith("#"):
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise error(f"malformed CSV (check the quotes): {exc}", path, start) from None
    if not rows:
        raise error(f"empty {what} file: the header row is missing", path, 1)
    header_line, header = rows[0]
    return header_line, [h.strip() for h in header], rows[1:]


def read_table(path: Path, spec: TableSpec) -> Table:
    """The rows of ``path`` with every finding of the header and the cells.

    A file that cannot be read as CSV at all raises ``spec.error`` (file, line).
    """
    header_line, header, rows = _read_rows(path, spec)
    columns, required = spec.columns, spec.required
    errors: list[Finding] = []
    warnings: list[Finding] = []
    seen: set[str] = set()
    for name in header:
        if name in seen:
            errors.append((header_line, f"duplicate column {name!r}"))
        elif name not in columns:
            errors.append(
                (header_line, f"unknown column {name!r}; columns are: {', '.join(columns)}")
            )
        seen.add(name)
    for name in columns:
        if name not in seen:
            if name in required:
                errors.append((header_line, f"missing column {name!r}"))
            else:
                warnings.append((header_line, f"missing column {name!r} (read as empty)"))
    header_ok = not errors
    records: list[Record] = []
    for line, cells in rows:
        if len(cells) != len(header):
            errors.append((line, f"{len(cells)} cells where the header has {len(header)} columns"))
            continue
        errors.extend(control_findings(line, header, cells))
        raw = {n: cell for n, cell in zip(header, cells, strict=True) if n in columns}
        records.append((line, {name: cell.strip() for name, cell in raw.items()}, raw))
    return Table(tuple(records), tuple(errors), tuple(warnings), header_ok)


def rows_of(path: Path, spec: TableSpec) -> tuple[Record, ...]:
    """The rows of ``path``; its first finding (file, line) stops the caller."""
    table = read_table(path, spec)
    if table.errors:
        line, message = min(table.errors)
        raise spec.error(message, path, line)
    return table.records


def control_findings(line: int, header: list[str], cells: list[str]) -> list[Finding]:
    """NUL, newlines and other control characters: what a cell holds must survive every file
    it flows into (templates, catalogs, reports), so every CSV table refuses them here.

    Only a ``note`` cell may span lines: notes document the row and reach no output.
    """
    findings: list[Finding] = []
    for name, cell in zip(header, cells, strict=True):
        found = control_characters(cell)
        if name == "note":
            found = [code for code in found if code not in ("U+000A", "U+000D")]
        if found:
            findings.append(
                (
                    line,
                    f"cell {name!r} contains control character(s) {', '.join(found)} "
                    "(NUL, newline...); remove them",
                )
            )
    return findings


#: ``corrections.csv``: an editor's fix of a damaged passage (``find`` -> ``replace``).
CORRECTIONS_TABLE = TableSpec(
    "corrections",
    ("article", "find", "replace", "note"),
    ("article", "find", "replace", "note"),
    PipelineError,
)
#: ``overrides.csv``: an editor's cleaning decision (keep, drop, title) on an article line.
OVERRIDES_TABLE = TableSpec(
    "overrides",
    ("article", "action", "line", "note"),
    ("article", "action", "line", "note"),
    PipelineError,
)
