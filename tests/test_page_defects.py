"""Smaller defects found on real pages: spacing, script, Big5-HKSCS, quotes, file names."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import gettext_tool
from typer.testing import CliRunner

from pipeline.catalog.reader import _references
from pipeline.cli import app
from pipeline.convert import detect_script
from pipeline.ingest import decode_bytes, fix_punctuation
from pipeline.segment import split_sentences


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("市值 1.2 兆元 (新台幣) 的計畫", "市值 1.2 兆元（新台幣）的計畫"),
        ("他說: 好", "他說：好"),
        ("蘋果 ,香蕉", "蘋果，香蕉"),
    ],
)
def test_no_ascii_space_beside_fixer_made_punctuation(raw: str, fixed: str) -> None:
    assert fix_punctuation(raw)[0] == fixed


def test_spaces_between_latin_and_numbers_stay() -> None:
    assert fix_punctuation("市值 1.2 兆元")[0] == "市值 1.2 兆元"
    assert fix_punctuation("Apple, Google 與微軟")[0] == "Apple, Google 與微軟"


def test_characters_valid_in_both_scripts_do_not_make_a_taiwan_text_mixed() -> None:
    taiwan = "台灣的台北市政府今天宣布，台中與台南也將跟進，後續還有更多縣市。"
    assert detect_script(taiwan) == "Hant"
    assert detect_script("台湾的台北市政府今天宣布，台中与台南也将跟进。") == "Hans"
    assert detect_script("這是繁體中文，那是简体中文的这个说法。") == "mixed"


def test_big5_hkscs_and_cp950_decode_like_big5() -> None:
    text = (
        "恒生指數今早高開一百點，科技股普遍造好，騰訊及阿里巴巴均升逾百分之二。"
        "有投資者在證券行內留意股價走勢，他說：「今年應該會好啲。」"
    )
    decoded = decode_bytes(text.encode("big5hkscs"), "hk.txt")
    assert decoded.text == text and decoded.encoding == "big5hkscs"
    plain = (
        "恒生指數今早高開一百點，科技股普遍造好，騰訊及阿里巴巴均升逾百分之二。"
        "分析員表示，市場憧憬內地推出更多刺激經濟措施，資金重新流入港股。"
    )
    assert decode_bytes(plain.encode("cp950"), "tw.txt").text == plain


def test_big5_hkscs_page_without_hkscs_characters_is_still_big5() -> None:
    text = "颱風逼近，氣象署晚間發布海上警報，東半部將有局部大雨或豪雨，民眾應注意。"
    assert decode_bytes(text.encode("big5"), "tw.txt").encoding == "big5"


@pytest.mark.parametrize(
    "text",
    [
        "「我們看到客戶的需求非常強勁。」他在記者會上表示。",
        "「我已經遲到半個鐘。」一名在大學站候車、趕返公司的陳先生無奈地說。",
        "「好！」他說。",
    ],
)
def test_a_quote_with_its_speaker_clause_is_one_unit(text: str) -> None:
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    "text",
    ["「好。」他說，然後離開了。", "「會議結束。」隨後所有與會人員一同前往餐廳用餐。"],
)
def test_a_clause_that_goes_on_is_its_own_sentence(text: str) -> None:
    assert len(split_sentences(text)) == 2


def test_file_name_with_spaces_is_one_reference(project: Path, runner: CliRunner) -> None:
    (project / "articles" / "my article.txt").write_text(
        "標題在這裡出現\n\n第一段內容已經寫好了。\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 0, result.output
    pot = project / "locales" / "my article.pot"
    text = pot.read_text(encoding="utf-8")
    assert "#: \u2068articles/my article.txt\u2069:1\n" in text
    assert _references(" \u2068articles/my article.txt\u2069:1") == [
        ("articles/my article.txt", "1")
    ]
    catted = subprocess.run(
        [gettext_tool("msgcat"), str(pot)], capture_output=True, text=True, check=True
    ).stdout
    assert "#: \u2068articles/my article.txt\u2069:1\n" in catted
