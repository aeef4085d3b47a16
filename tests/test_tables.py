"""pipeline.tables: one CSV reader for every table a person edits, shared by load and lint."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.glossary import lint_corrections
from pipeline.ingest import load_corrections
from pipeline.residue import load_overrides
from pipeline.tables import CORRECTIONS_TABLE, OVERRIDES_TABLE, read_table, rows_of


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_columns_in_any_order_comments_and_blank_rows(tmp_path: Path) -> None:
    path = write(
        tmp_path / "overrides.csv",
        "action,article,note,line\n# a comment row\n\ndrop,a,why, 讀者來信 \n",
    )
    [override] = load_overrides(path)
    assert (override.article, override.action, override.text) == ("a", "drop", "讀者來信")
    assert override.line == 4


def test_loader_stops_at_the_first_problem_lint_lists_them_all(tmp_path: Path) -> None:
    path = write(
        tmp_path / "corrections.csv",
        "article,find,replace,note\na,x\x00,y,\nb,=cmd,z,\na,only two\n",
    )
    with pytest.raises(PipelineError) as caught:
        load_corrections(path)
    assert caught.value.line == 2 and "control character" in caught.value.message
    report = lint_corrections(path)
    assert [line for line, _ in report.errors] == [2, 3, 4]


def test_spaces_in_find_and_replace_are_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "corrections.csv", "article,find,replace,note\na, x , y ,\n")
    [fix] = load_corrections(path)
    assert (fix.article, fix.find, fix.replace) == ("a", " x ", " y ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("article,action,line\n", "missing column 'note'"),
        ("article,action,line,note,extra\n", "unknown column 'extra'"),
        ("article,action,line,note\na,drop\n", "2 cells where the header has 4 columns"),
        ("", "the header row is missing"),
    ],
)
def test_bad_tables_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "overrides.csv", text)
    with pytest.raises(PipelineError, match=message):
        rows_of(path, OVERRIDES_TABLE)


def test_a_good_table_has_no_findings(tmp_path: Path) -> None:
    path = write(tmp_path / "corrections.csv", "article,find,replace,note\na,b,c,d\n")
    table = read_table(path, CORRECTIONS_TABLE)
    assert not table.errors and not table.warnings and len(table.records) == 1
