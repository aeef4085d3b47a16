"""Build: rendering a translated article from its units."""

from __future__ import annotations

from pipeline.build import render_article
from pipeline.ingest import parse_article
from pipeline.segment import segment

PLAIN = "標題\n\n一、小標\n\n第一句。第二句。\n\n第三句。\n\n2025-07-21\n"


def _render(text: str, translate: dict[str, str], locale: str, fmt: str = "text") -> str:
    article = parse_article(text, path="a", slug="a", fmt=fmt)
    units = segment(article)
    by_source = {u.source: u.id for u in units}
    translations = {by_source[s]: t for s, t in translate.items()}
    return render_article(article, units, translations, locale).text


def test_english_rejoins_sentences_with_one_space_and_keeps_structure() -> None:
    text = _render(
        PLAIN,
        {
            "標題": "Title",
            "一、小標": "1. Subhead",
            "第一句。": "First.",
            "第二句。": "Second.",
            "第三句。": "Third.",
        },
        "en",
    )
    assert text == "Title\n\n2025-07-21\n\n1. Subhead\n\nFirst. Second.\n\nThird.\n"


def test_chinese_rejoins_without_spaces() -> None:
    text = _render(PLAIN, {"第一句。": "第一句。", "第二句。": "第二句。"}, "zh_Hans")
    assert "第一句。第二句。\n" in text


def test_untranslated_units_fall_back_to_source_and_are_counted() -> None:
    article = parse_article(PLAIN, path="a", slug="a")
    units = segment(article)
    title = next(u for u in units if u.kind == "title")
    rendered = render_article(article, units, {title.id: "Title"}, "en")
    assert rendered.text.startswith("Title\n")
    assert "第一句。 第二句。" in rendered.text
    assert rendered.fallback_units == len(units) - 1
    assert rendered.percent == 100 * len("標題") / sum(len(u.source) for u in units)


def test_markdown_stays_markdown_with_links_restored() -> None:
    source = (
        "# 標題\n\n見[官網](https://example.com)。第二句。\n\n## 小標\n\n- 甲項。\n- 乙項。\n\n"
        "```\ncode\n```\n"
    )
    text = _render(
        source,
        {
            "標題": "Title",
            "見[官網]({link1})。": "See [the site]({link1}).",
            "第二句。": "Second.",
            "小標": "Subhead",
            "甲項。": "Item A.",
            "乙項。": "Item B.",
        },
        "en",
        fmt="markdown",
    )
    assert text == (
        "# Title\n\nSee [the site](https://example.com). Second.\n\n## Subhead\n\n"
        "- Item A.\n- Item B.\n\n```\ncode\n```\n"
    )
