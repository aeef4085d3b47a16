"""The gate looks past disguises: each one is caught, and reported as an error itself.

A forbidden English rendering (Hanwuji for 寒武紀) hidden by an invisible
character, look-alike letters, an entity, a bidi control, a comment or
markup splitting the word, or capitals; a required Chinese term hidden in a
comment while the visible text has the wrong one; raw HTML added to a
Markdown article. Each passed ``check --strict`` before; each fails it now,
and plain text that merely looks similar does not.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from conftest import REPO
from typer.testing import CliRunner

from pipeline.check import Checker, Target
from pipeline.cli import app
from pipeline.glossary import load_glossary
from pipeline.models import CatalogUnit
from pipeline.normalize import added_markup, reveal

SOURCE = "寒武紀今天發布新品。"
CLEAN = "Cambricon released a new product today."


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_glossary(REPO / "glossary.csv"))


def rules(checker: Checker, locale: str, source: str, translation: str) -> list[str]:
    unit = CatalogUnit("ctx", source, translation, line=1, msgstr_line=2)
    return sorted(v.rule for v in checker.check_unit(Target("a.po", locale, unit)))


ENGLISH_DISGUISES = {
    "zero-width space": "Han\u200bwuji",
    "zero-width joiner": "Hanwu\u200dji",
    "word joiner": "Hanwu\u2060ji",
    "soft hyphen": "Han\u00adwuji",
    "full-width letters": "Ｈａｎｗｕｊｉ",
    "Cyrillic a": "H\u0430nwuji",
    "Greek omicron": "Hanwuji".replace("u", "\u03c5", 1),
    "mathematical bold H": "\U0001d407anwuji",
    "numeric entity": "Han&#119;uji",
    "bidi override": "Hanw\u202euji",
    "Markdown split": "Han**wuji**",
    "HTML comment split": "Han<!-- -->wuji",
    "capitals": "HANWUJI",
}


def test_the_plain_forbidden_rendering_is_caught(checker: Checker) -> None:
    assert rules(checker, "en", SOURCE, CLEAN) == []
    assert rules(checker, "en", SOURCE, "Hanwuji released a new product.") == [
        "forbidden-term",
        "required-term",
    ]


@pytest.mark.parametrize("variant", ENGLISH_DISGUISES.values(), ids=ENGLISH_DISGUISES.keys())
def test_each_english_disguise_is_caught(checker: Checker, variant: str) -> None:
    found = rules(checker, "en", SOURCE, f"{CLEAN} {variant} said so.")
    assert "forbidden-term" in found
    if variant != "HANWUJI":  # capitals are no disguise, only the same rendering louder
        assert "disguised-text" in found


ZH_TW_DISGUISES = {
    "required term in an HTML comment": "<!-- 輝達 -->英偉達今天發布新品。",
    "required term in a Markdown comment": "英偉達今天發布新品。\n[//]: # (輝達)",
    "wrong term split by a zero-width space": "英\u200b偉達今天發布新品，輝達表示。",
}


@pytest.mark.parametrize("variant", ZH_TW_DISGUISES.values(), ids=ZH_TW_DISGUISES.keys())
def test_each_zh_tw_disguise_is_caught(checker: Checker, variant: str) -> None:
    source = "輝達今天發布新品。"
    assert rules(checker, "zh_TW", source, "輝達今天發布新品。") == []
    assert "disguised-text" in rules(checker, "zh_TW", source, variant)


@pytest.mark.parametrize(
    "translation",
    [
        "**Cambricon** released a new product today.",
        "Cambricon &amp; partners released a new product&nbsp;today.",
        "Cambricon released a new product today: “good”.",
        "Cambricon released the α version of a new product today.",
    ],
)
def test_plain_text_that_looks_similar_is_not_a_disguise(
    checker: Checker, translation: str
) -> None:
    assert rules(checker, "en", SOURCE, translation) == []


def test_a_feature_of_the_source_is_not_a_disguise(checker: Checker) -> None:
    assert rules(checker, "en", "寒武紀 Caf&eacute;。", "Cambricon Caf&eacute;.") == []
    assert rules(checker, "zh_TW", "ＡＩ晶片。", "ＡＩ晶片。") == []


def test_reveal_takes_off_every_disguise_at_once() -> None:
    shown = reveal("H\u0430n\u200b<!-- x -->wu&#106;i", latin=True)
    assert shown.text == "Hanwuji" and len(shown.disguises) == 4


@pytest.mark.parametrize(
    ("source", "translation", "found"),
    [
        ("華為發布", "Huawei <script>alert(1)</script> launched", "<script>"),
        ("華為發布", 'Huawei <img src=x onerror="alert(1)"> launched', "<img"),
        ("華為發布", "Huawei [launched](javascript:alert(1))", "javascript:"),
        ("<b>華為</b>發布", "<b>Huawei</b> launched", ""),
        ("華為發布", "Huawei launched <https://example.org>", ""),
        ("華為 a < b > c", "Huawei a < b > c", ""),
    ],
)
def test_added_markup(source: str, translation: str, found: str) -> None:
    assert added_markup(source, translation).startswith(found)
    assert bool(added_markup(source, translation)) == bool(found)


def test_markup_added_to_a_markdown_build_fails_the_check(project: Path, runner: CliRunner) -> None:
    (project / "articles" / "a.md").write_text(
        "# 華為發布新品\n\n華為今天發布新品。\n", encoding="utf-8"
    )
    assert runner.invoke(app, ["run", "-q"]).exit_code in (0, 1)
    path = project / "locales" / "en" / "LC_MESSAGES" / "a.po"
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = "Huawei launches <script>alert(1)</script> a product"
    po.save(str(path))
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1
    assert "added-markup" in result.stdout and "<script>" in result.stdout
