"""Shipped rule tables and a project's on top: add, replace, switch off, and say where from."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import GlossaryError
from pipeline.glossary import GLOSSARY_COLUMNS, lint_conversions, lint_vocabulary
from pipeline.layers import (
    SHIPPED,
    SHIPPED_CONVERSIONS,
    SHIPPED_VOCABULARY,
    layer,
    shipped_conversions,
    shipped_vocabulary,
)
from pipeline.models import ConversionOverride, VocabularyRow

VOCAB_HEADER = "id,zh_Hans,zh_TW,zh_HK,note,source"
CONV_HEADER = "id,locale,source,target,note"
SENTENCE = "英伟达的芯片和软件\n"
GLOSSARY_HEADER = ",".join(GLOSSARY_COLUMNS)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def convert(*args: str, text: str = SENTENCE) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["convert", *args], input=text.encode())
    return result.exit_code, result.stdout_bytes.decode(), result.stderr


def test_shipped_tables_are_package_data_and_lint_clean() -> None:
    assert SHIPPED_VOCABULARY.parent.name == "data" and SHIPPED_VOCABULARY.parent.parent.name == (
        "pipeline"
    )
    assert lint_vocabulary(SHIPPED_VOCABULARY).errors == ()
    assert lint_conversions(SHIPPED_CONVERSIONS).errors == ()
    assert len(shipped_vocabulary()) > 900
    assert {row.layer for row in (*shipped_vocabulary(), *shipped_conversions())} == {SHIPPED}


def test_an_empty_folder_converts_with_the_shipped_vocabulary(folder: Path) -> None:
    code, out, _ = convert("--to", "zh_TW")
    assert (code, out) == (0, "輝達的晶片和軟體\n")
    code, plain, _ = convert("--to", "zh_TW", "--no-glossary")  # the failing case: no tables
    assert plain == "英偉達的芯片和軟件\n"


def test_project_rows_add_replace_and_switch_off(folder: Path) -> None:
    (folder / "vocabulary.csv").write_text(
        "\n".join(
            (
                VOCAB_HEADER,
                "芯片,,,,we write 芯片 everywhere,",  # switches the shipped row off
                "软件,软件,軟件,軟件,house style,editor",  # replaces it
                "的,的,之,的,a new row (silly but visible),test",  # adds one
            )
        )
        + "\n",
        encoding="utf-8",
    )
    code, out, err = convert("--to", "zh_TW")
    assert (code, err) == (0, "")
    assert out == "輝達之芯片和軟件\n"
    doctor = CliRunner().invoke(app, ["doctor"])
    shipped = len(shipped_vocabulary())
    assert (
        f"vocabulary: {shipped}"
        f" rows: {shipped} shipped with zhl10n; vocabulary.csv adds 1, replaces 1, switches off 1"
    ) in doctor.stdout


def test_switching_off_an_unknown_row_names_file_and_line(folder: Path) -> None:
    (folder / "conversions.csv").write_text(
        f"{CONV_HEADER}\nno-such-row,,,,typo in the id\n", encoding="utf-8"
    )
    code, _, err = convert("--to", "zh_TW")
    assert code == 2
    assert err.startswith("error: conversions.csv:2: row 'no-such-row' has no words")
    (folder / "glossary.csv").write_text(GLOSSARY_HEADER + "\n", encoding="utf-8")
    lint = CliRunner().invoke(app, ["glossary", "lint"])
    assert "conversions.csv:2: row 'no-such-row' has no words" in lint.stdout


def test_explain_names_the_layer(folder: Path) -> None:
    (folder / "conversions.csv").write_text(
        f"{CONV_HEADER}\nmine,zh_TW,软件,軟件,we keep 軟件\n", encoding="utf-8"
    )
    code, out, err = convert("--to", "zh_TW", "--explain")
    assert (code, out) == (0, "輝達的晶片和軟件\n")
    assert "英伟达 → 輝達 [vocabulary] vocabulary:英伟达 (zhl10n)" in err
    assert "软件 → 軟件 [override] override:mine (conversions.csv)" in err


def test_layer_order_lets_the_project_win() -> None:
    shipped = (VocabularyRow("a", ("芯片",), ("晶片",), ("芯片",), layer=SHIPPED),)
    mine = (VocabularyRow("b", ("芯片",), ("芯片",), ("芯片",)),)
    rows = layer(shipped, mine, "vocabulary.csv").rows
    assert [r.id for r in rows] == ["b", "a"]  # vocabulary: the first rule on a word wins
    base = (ConversionOverride("a", "zh_TW", "发布", "發佈", layer=SHIPPED),)
    own = (ConversionOverride("b", "zh_TW", "发布", "發布"),)
    assert [r.id for r in layer(base, own, "conversions.csv").rows] == ["a", "b"]  # last wins
    with pytest.raises(GlossaryError, match="switches off no shipped row"):
        layer(base, (ConversionOverride("zzz", "", "", ""),), "conversions.csv")
