"""Markdown articles: markdown-it-py source maps, units, and byte-exact builds."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from conftest import DATA, REPO
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipeline.build import render_article
from pipeline.cli import app
from pipeline.ingest import parse_article
from pipeline.markdown import parse_segments, yaml_value
from pipeline.models import Article
from pipeline.segment import segment

RICH = DATA / "markdown" / "rich.md"
RICH_HANS = DATA / "markdown" / "rich-hans.md"


def _article(text: str, **kwargs: object) -> Article:
    return parse_article(text, path="a.md", slug="a", fmt="markdown", **kwargs)  # type: ignore[arg-type]


def _build(text: str, translate: dict[str, str], locale: str = "en", **kwargs: object) -> str:
    """Render with translations given by source text; a source missing from ``translate``
    falls back to itself."""
    article = _article(text, **kwargs)
    units = segment(article)
    by_id = {u.id: translate[u.source] for u in units if u.source in translate}
    return render_article(article, units, by_id, locale).text


def _units(text: str, **kwargs: object) -> list[tuple[str, str]]:
    return [(u.kind, u.source) for u in segment(_article(text, **kwargs))]


# --- the source locale, untranslated: byte for byte -----------------------------------------


def test_rich_sample_round_trips_byte_for_byte() -> None:
    source = RICH.read_text(encoding="utf-8")
    assert _build(source, {}, "zh_Hant") == source


def test_rich_sample_changes_only_the_translated_spans() -> None:
    source = RICH.read_text(encoding="utf-8")
    built = _build(source, {"結語": "Conclusion"}, "zh_Hant")
    assert built == source.replace("結語\n----", "Conclusion\n----")


def test_cli_build_in_the_source_locale_reproduces_the_file(
    project: Path, runner: CliRunner
) -> None:
    # A Simplified article: zh_Hans is its source locale (no conversion at all).
    shutil.copy(RICH_HANS, project / "articles" / "rich.md")
    (project / "zhl10n.toml").write_text('locales = ["zh_Hans", "en"]\nthreshold = 0\n', "utf-8")
    result = runner.invoke(app, ["run", "-q", "--keep-going"])
    assert result.exit_code == 0, result.output
    built = project / "build" / "zh_Hans" / "rich.md"
    assert built.read_bytes() == RICH_HANS.read_bytes()


_BLOCKS = st.sampled_from(
    [
        "# 標題 {#t}\n",
        "段落第一句。第二句，\n換行續寫。\n",
        "- 項目一\n- 項目二\n",
        "1. 甲\n\n2. 乙\n",
        "> 引言。\n> 續行。\n",
        "| 欄 | 值 |\n|---|--:|\n| 營收 | 12% |\n",
        '![圖說](a.png "圖題")\n',
        "見[連結](https://e.com/x_(y) '標題')。  \n下一行。\n",
        "```\n程式碼, 不動\n```\n",
        "    縮排程式碼\n",
        "<p>HTML 區塊</p>\n",
        "[^n]: 註腳文字。\n",
        "Setext\n===\n",
        "***\n",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_BLOCKS, min_size=1, max_size=8), st.sampled_from(["\n", "\n\n", "\n\n\n"]))
def test_any_mix_of_blocks_round_trips(blocks: list[str], gap: str) -> None:
    source = "# 文章\n\n" + gap.join(blocks)
    assert _build(source, {}, "zh_Hant") == source


# --- front matter ---------------------------------------------------------------------------

FRONT = """---
title: 晶片戰:新局
summary: "摘要說明。"
tags: ["a","b"]
note: 不翻譯,原樣
---

正文第一句。
"""


def test_front_matter_translatable_keys_become_units() -> None:
    assert _units(FRONT) == [
        ("title", "晶片戰：新局"),
        ("front_matter", "摘要說明。"),
        ("paragraph", "正文第一句。"),
    ]


def test_front_matter_is_never_rewritten_by_the_punctuation_fixer() -> None:
    built = _build(FRONT, {"正文第一句。": "First sentence."})
    # The title was cleaned (晶片戰：新局), so every build writes it; the other keys stay.
    assert built.startswith('---\ntitle: 晶片戰：新局\nsummary: "摘要說明。"\ntags: ["a","b"]\n')
    assert "note: 不翻譯,原樣\n" in built


def test_front_matter_translation_is_quoted_when_yaml_needs_it() -> None:
    built = _build(FRONT, {"晶片戰：新局": "Chip war: a new phase", "摘要說明。": 'A "summary".'})
    assert built.startswith('---\ntitle: "Chip war: a new phase"\nsummary: "A \\"summary\\"."\n')
    assert yaml_value("普通標題", "plain") == "普通標題"


def test_front_matter_keys_are_configurable() -> None:
    units = _units(FRONT, front_matter_keys=("note",))
    assert units[0] == ("front_matter", "不翻譯，原樣")
    assert all(kind != "title" for kind, _ in units)


def test_front_matter_title_beats_the_first_heading() -> None:
    units = _units("---\ntitle: 真標題\n---\n\n# 小標\n\n內文。\n")
    assert units[:2] == [("title", "真標題"), ("heading", "小標")]
    assert _units("# 標題\n\n內文。\n")[0] == ("title", "標題")


def test_front_matter_config_must_be_a_list(project: Path, runner: CliRunner) -> None:
    (project / "articles" / "a.md").write_text("# 標題\n\n內文。\n", encoding="utf-8")
    (project / "zhl10n.toml").write_text('front_matter_keys = "title"\n', encoding="utf-8")
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 2
    assert "front_matter_keys" in result.output and "Traceback" not in result.output


def test_front_matter_title_is_converted_in_every_build(project: Path, runner: CliRunner) -> None:
    (project / "articles" / "a.md").write_text(
        "---\ntitle: 台積電晶片出貨\nlayout: post\n---\n\n內文說明。\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["run", "-q", "--keep-going"])
    assert result.exit_code == 0, result.output
    built = (project / "build" / "zh_Hans" / "a.md").read_text(encoding="utf-8")
    # 晶片 -> 芯片: the regional vocabulary shipped with zhl10n
    assert built == "---\ntitle: 台积电芯片出货\nlayout: post\n---\n\n内文说明。\n"


# --- tables, alt texts, link titles, footnotes ------------------------------------------------

TABLE = "# 標題\n\n| 項目 | 數值 |\n|:---|---:|\n| 營收 | 12.5% |\n| `code` | 說明 |\n"


def test_table_cells_are_units_and_numbers_or_code_are_not() -> None:
    assert _units(TABLE)[1:] == [
        ("table_cell", "項目"),
        ("table_cell", "數值"),
        ("table_cell", "營收"),
        ("table_cell", "說明"),
    ]


def test_translated_table_keeps_its_pipes_and_alignment() -> None:
    built = _build(TABLE, {"項目": "Item", "數值": "Value", "營收": "Revenue | net"})
    assert built == (
        "# 標題\n\n| Item | Value |\n|:---|---:|\n| Revenue \\| net | 12.5% |\n| `code` | 說明 |\n"
    )


LINKS = (
    "# 標題\n\n"
    '![記者會現場](p.jpg "現場照片")\n\n'
    '詳見[公告](https://e.com/a "公司公告")[^1]。\n\n'
    "[^1]: 註腳內容。\n"
)


def test_alt_text_link_titles_and_footnotes_are_units() -> None:
    assert _units(LINKS)[1:] == [
        ("alt", "記者會現場"),
        ("link_title", "現場照片"),
        ("paragraph", "詳見[公告]({link1})[^1]。"),
        ("link_title", "公司公告"),
        ("footnote", "註腳內容。"),
    ]


def test_alt_text_link_titles_and_footnotes_are_built() -> None:
    built = _build(
        LINKS,
        {
            "記者會現場": "The press conference",
            "現場照片": "On site",
            "詳見[公告]({link1})[^1]。": "See [the notice]({link1})[^1].",
            "公司公告": "Company notice",
            "註腳內容。": "Footnote.",
        },
    )
    assert built == (
        "# 標題\n\n"
        '![The press conference](p.jpg "On site")\n\n'
        'See [the notice](https://e.com/a "Company notice")[^1].\n\n'
        "[^1]: Footnote.\n"
    )


def test_an_image_inside_a_sentence_keeps_its_alt_in_the_sentence() -> None:
    units = _units("# 標題\n\n如圖![示意圖](a.png)所示。\n")
    assert units[1] == ("paragraph", "如圖![示意圖]({link1})所示。")


# --- headings, hard breaks, lists -------------------------------------------------------------


def test_heading_attributes_stay_out_of_the_msgid_and_are_restored() -> None:
    text = "# 標題 {#top .lead}\n\n## 小節 ## {#s1}\n\n內文。\n"
    assert _units(text)[:2] == [("title", "標題"), ("heading", "小節")]
    built = _build(text, {"標題": "Title", "小節": "Section"})
    assert built == "# Title {#top .lead}\n\n## Section ## {#s1}\n\n內文。\n"


def test_braces_that_are_not_attributes_stay_in_the_heading() -> None:
    assert _units("# 公式 {a, b}\n")[0] == ("title", "公式 {a, b}")


def test_hard_line_breaks_survive_a_translated_build() -> None:
    text = "# 標題\n\n第一行。  \n第二行。\\\n第三行。\n"
    assert [s for _, s in _units(text)][1:] == ["第一行。", "第二行。", "第三行。"]
    built = _build(text, {"第一行。": "One.", "第二行。": "Two.", "第三行。": "Three."})
    assert built == "# 標題\n\nOne.  \nTwo.\\\nThree.\n"


def test_loose_and_nested_list_spacing_survives() -> None:
    text = "# 標題\n\n* 甲項\n\n* 乙項：\n\n  1) 子項一\n  2) 子項二\n"
    built = _build(text, {"甲項": "A", "乙項：": "B:", "子項一": "B1", "子項二": "B2"})
    assert built == "# 標題\n\n* A\n\n* B:\n\n  1) B1\n  2) B2\n"


def test_wrapped_paragraph_is_one_unit_and_rewritten_on_one_line_when_translated() -> None:
    text = "# 標題\n\n> 第一句，\n> 接著寫完。\n"
    assert _units(text)[1] == ("quote", "第一句，接著寫完。")
    assert _build(text, {"第一句，接著寫完。": "One sentence."}) == "# 標題\n\n> One sentence.\n"


def test_cleaned_prose_is_written_even_when_untranslated() -> None:
    # A block the cleaning changed (ASCII comma inside Chinese) is built cleaned;
    # a clean block next to it keeps its source bytes.
    text = "# 標題\n\n市場反應,普遍樂觀。\n\n內文\n續行。\n"
    assert _build(text, {}, "zh_Hant") == "# 標題\n\n市場反應，普遍樂觀。\n\n內文\n續行。\n"


# --- residue and metadata in Markdown ---------------------------------------------------------


def test_residue_paragraph_leaves_the_build_with_its_lines_and_a_date_stays() -> None:
    text = "# 標題\n\n2025-07-21\n\n正文一句。\n\n免責聲明：本文僅供參考。\n\n結尾一句。\n"
    article = _article(text)
    assert [d.rule for d in article.dropped] == ["date", "disclaimer"]
    built = _build(text, {}, "zh_Hant")
    assert built == "# 標題\n\n2025-07-21\n\n正文一句。\n\n結尾一句。\n"


def test_table_cell_that_looks_like_a_date_is_content() -> None:
    units = _units("# 標題\n\n| 日期 | 事件 |\n|---|---|\n| 2025年7月21日 | 法說會 |\n")
    assert ("table_cell", "2025年7月21日") in units


# --- structure of the code --------------------------------------------------------------------


def test_markdown_module_does_not_import_ingest() -> None:
    tree = ast.parse((REPO / "pipeline" / "markdown.py").read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "ingest" not in imported and not any(m.endswith(".ingest") for m in imported)


def test_segments_point_at_their_source_text() -> None:
    source = RICH.read_text(encoding="utf-8")
    for seg in parse_segments(source):
        for piece in seg.pieces:
            assert source[piece.start : piece.end] == piece.text
            assert source.split("\n")[piece.line - 1].find(piece.text) >= 0


@pytest.mark.parametrize("bad", ["# 標題\n\n| a |\n|---|\n| b |\n"])
def test_one_column_table_is_parsed(bad: str) -> None:
    assert ("table_cell", "b") in _units(bad)
