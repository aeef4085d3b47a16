"""Ingest: decoding, pinyin repair, punctuation, boilerplate, blocks."""

from __future__ import annotations

import pytest

from pipeline.errors import DecodeError, InputFileError, PipelineError
from pipeline.ingest import (
    apply_corrections,
    classify_heading,
    decode_bytes,
    fix_punctuation,
    parse_article,
    repair_pinyin,
)
from pipeline.models import Correction

TRAD = "黃仁勳訪華背後：國產晶片加速突圍。這一事件預示著中美科技博弈已進入新階段。" * 3
SIMP = "黄仁勋访华背后：国产芯片加速突围。这一事件预示着中美科技博弈已进入新阶段。" * 3


# --- decoding ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TRAD.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TRAD.encode("utf-8"), "utf-8-sig"),
        (TRAD.encode("utf-16"), "utf-16"),
        (SIMP.encode("gb18030"), "gb18030"),
        (TRAD.encode("big5"), "big5"),
    ],
)
def test_recognised_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data, "a.txt")
    assert decoded.encoding == encoding
    assert decoded.text in (TRAD, SIMP)


def test_ambiguous_legacy_bytes_ask_for_encoding() -> None:
    # Too few characters to tell GB18030 from Big5: refuse rather than guess.
    data = "中文".encode("gb18030")
    with pytest.raises(DecodeError, match="--encoding") as info:
        decode_bytes(data, "a.txt")
    assert "ambiguous" in str(info.value)


def test_forced_encoding_reports_byte_offset() -> None:
    data = "好".encode() + b"\xff\xfe\xfa"
    with pytest.raises(DecodeError, match="byte offset 3"):
        decode_bytes(data, "a.txt", "utf-8")


def test_utf16_without_bom_is_refused() -> None:
    with pytest.raises(DecodeError, match="NUL"):
        decode_bytes(TRAD.encode("utf-16-le"), "a.txt")


def test_unknown_encoding_name() -> None:
    with pytest.raises(DecodeError, match="unknown encoding"):
        decode_bytes(b"abc", "a.txt", "klingon")


# --- pinyin --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("damaged", "clean"),
    [
        ("創(chuàng)始人", "創始人"),
        ("長(zhǎng)大", "長大"),  # heteronym: 長 is cháng and zhǎng
        ("他們(men)", "他們"),  # neutral tone
        ("長(zhang3)大", "長大"),  # numbered tones
        ("創（chuàng）始人", "創始人"),  # full-width brackets
        ("綠(lü)色", "綠色"),
        ("綠(lv)色", "綠色"),
    ],
)
def test_pinyin_annotations_are_removed(damaged: str, clean: str) -> None:
    repaired, repairs = repair_pinyin(damaged)
    assert repaired == clean
    assert len(repairs) == 1


@pytest.mark.parametrize(
    "text", ["小芯片(chiplet)", "昇騰(Ascend)", "人工智能(AI)", "創(men)始人", "長(chuang)"]
)
def test_parentheses_that_are_not_a_reading_stay(text: str) -> None:
    assert repair_pinyin(text) == (text, ())


# --- punctuation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("背后:國產GPU加速突圍,中美", "背后：國產GPU加速突圍，中美"),
        ("真的嗎?是的!", "真的嗎？是的！"),
        ("首先;其次", "首先；其次"),
        ('這種"技術精準投放"策略', "這種“技術精準投放”策略"),
        ("昇騰(Ascend)芯片", "昇騰（Ascend）芯片"),
        ("A100的80%,這種", "A100的80%，這種"),
        ("結語:", "結語："),
    ],
)
def test_ascii_punctuation_inside_chinese_becomes_full_width(raw: str, fixed: str) -> None:
    assert fix_punctuation(raw)[0] == fixed


@pytest.mark.parametrize(
    "text",
    [
        "開源指令集RISC-V可能",
        "比例為3:2的畫面",
        "中芯國際14nm工藝",
        'He said, (quietly) "yes": ok; fine? yes!',
        "版本1.2,3",
    ],
)
def test_latin_and_number_runs_are_left_alone(text: str) -> None:
    assert fix_punctuation(text)[0] == text


def test_punctuation_fixing_can_be_switched_off() -> None:
    article = parse_article("標題\n\n背后:國產,中美。", path="a.txt", slug="a", punctuation=False)
    assert article.blocks[1].text == "背后:國產,中美。"


# --- boilerplate ---------------------------------------------------------------------------

TRADITIONAL_PAGE = """黃仁勛訪華背后:國產GPU加速突圍

黃仁勛訪華背后:國產GPU加速突圍

在全球科技競爭格局加速重構的背景下,黃仁勛攜H20芯片重返中國市場。第二句話。

一、巨頭重返背后的市場博弈

黃仁勛此次訪華的時間節點值得玩味。

免責聲明:本網站內容主要來自原創,凡在本網站出現的信息,均僅供參考。

2025-07-21
黃仁勛訪華背后:國產GPU加速突圍
黃仁勛訪華背后:國產GPU加速突圍 在全球科技競爭格局加速重構的背景下,黃仁勛攜H20...

長按掃碼 閱讀全文
"""

SIMPLIFIED_PAGE = """黄仁勋访华背后:国产GPU加速突围

在全球科技竞争格局加速重构的背景下,黄仁勋携H20芯片重返中国市场。

免责声明:本网站内容主要来自原创,均仅供参考。

2025年7月21日
黄仁勋访华背后:国产GPU加速突围 在全球科技竞争格局加速重构的背景下...

长按扫码 阅读全文
"""


def test_boilerplate_rules_on_a_traditional_page() -> None:
    article = parse_article(TRADITIONAL_PAGE, path="a.txt", slug="a")
    kinds = [b.kind for b in article.blocks]
    assert kinds == ["title", "paragraph", "heading", "paragraph"]
    rules = sorted(d.rule for d in article.dropped)
    assert rules == [
        "call-to-action",
        "date",
        "disclaimer",
        "repeated-title",
        "repeated-title",
        "teaser",
    ]
    assert article.metadata == (("date", "2025-07-21"),)


def test_boilerplate_rules_are_general_not_article_strings() -> None:
    article = parse_article(SIMPLIFIED_PAGE, path="b.txt", slug="b")
    assert [b.kind for b in article.blocks] == ["title", "paragraph"]
    assert sorted(d.rule for d in article.dropped) == [
        "call-to-action",
        "date",
        "disclaimer",
        "teaser",
    ]
    assert article.metadata == (("date", "2025年7月21日"),)


def test_ordinary_lines_that_look_similar_are_kept() -> None:
    text = (
        "標題\n\n"
        "他在聲明中表示，公司將繼續投資。\n\n"  # mentions 聲明 but is not a disclaimer
        "讀者可以長按圖片保存，再慢慢閱讀這篇長文的全部內容和所有附錄。\n\n"  # long: not a prompt
        "2025年是關鍵的一年。\n"  # starts with a year, is not a date line
    )
    article = parse_article(text, path="c.txt", slug="c")
    assert article.dropped == ()
    assert len(article.blocks) == 4


def test_only_boilerplate_is_an_empty_article() -> None:
    with pytest.raises(InputFileError, match="empty"):
        parse_article("\n\n  \n", path="d.txt", slug="d")


# --- headings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line", ["一、巨頭重返背后的市場博弈", "結語：", "结语", "（二）路徑", "第三章 未來"]
)
def test_headings(line: str) -> None:
    assert classify_heading(line)


@pytest.mark.parametrize(
    "line",
    ["一、二、三是數字。", "這是一個普通的句子，一、二、三。", "結語：全文完結，謝謝閱讀。" * 3],
)
def test_not_headings(line: str) -> None:
    assert not classify_heading(line)


# --- corrections ---------------------------------------------------------------------------


def test_correction_applies_and_is_reported() -> None:
    fixed, repairs = apply_corrections(
        "甲\n轉變?yōu)橐?guī)則", [Correction("a", "轉變?yōu)橐?guī)則", "轉變為規則")], "a.txt"
    )
    assert fixed == "甲\n轉變為規則"
    assert repairs[0].line == 2 and repairs[0].rule == "correction"


def test_stale_correction_is_an_error() -> None:
    with pytest.raises(PipelineError, match="no longer matches"):
        apply_corrections("甲", [Correction("a", "乙", "丙", line=2)], "a.txt")


def test_damaged_annotation_without_correction_is_flagged() -> None:
    article = parse_article("標題\n\n逐漸轉變?yōu)橐?guī)則共同制定者。", path="e.txt", slug="e")
    assert [s.rule for s in article.suspects] == ["damaged-annotation", "damaged-annotation"]


# --- markdown ------------------------------------------------------------------------------

MARKDOWN = """# 黃仁勛訪華背后

導語段落,介紹**重點**內容。詳見[官方網站](https://example.com/a)。

## 一、市場博弈

- 第一項:昇騰芯片。
- 第二項。

> 引用的一句話。

```
code(chuàng) stays
```
"""


def test_markdown_keeps_structure_and_protects_links() -> None:
    # Changed deliberately with the markdown-it reader: blocks no longer carry their
    # Markdown prefix (the build splices text into the source instead of re-writing
    # markup), and code is not a block at all: it lies outside every prose span.
    article = parse_article(MARKDOWN, path="m.md", slug="m", fmt="markdown")
    kinds = [b.kind for b in article.blocks]
    assert kinds == ["title", "paragraph", "heading", "list_item", "list_item", "quote"]
    paragraph = article.blocks[1]
    assert paragraph.text == "導語段落，介紹**重點**內容。詳見[官方網站]({link1})。"
    assert paragraph.placeholders == (("{link1}", "https://example.com/a"),)
    assert article.source == MARKDOWN
    assert article.source[paragraph.span[0] : paragraph.span[1]].startswith("導語段落,")


def test_markdown_verbatim_lines_are_never_cleaned() -> None:
    text = (
        '# 標題\n\n見[鏈接][ref]。\n\n    return "不要翻譯"\n\n'
        '[ref]: https://e.com/a "標題"\n\n| a, 中文 | b |\n|---|---|\n| 1, 2 | `a,中` |\n'
    )
    article = parse_article(text, path="m.md", slug="m", fmt="markdown")
    units = [b.text for b in article.blocks]
    # Code, link definitions and table pipes are never units; cells are (but a cell of
    # numbers or code alone is not), cleaned like any prose.
    assert units == ["標題", "見[鏈接][ref]。", "a, 中文", "b"]
    assert not any("不要翻譯" in u for u in units)


def test_markdown_link_target_with_parentheses_and_title() -> None:
    text = '# 標題\n\n見[維基](https://zh.wikipedia.org/wiki/A_(B) "條目標題")條目。\n'
    article = parse_article(text, path="m.md", slug="m", fmt="markdown")
    assert article.blocks[1].text == "見[維基]({link1})條目。"
    assert article.blocks[1].placeholders == (
        ("{link1}", 'https://zh.wikipedia.org/wiki/A_(B) "條目標題"'),
    )
    # The link title is a unit of its own.
    assert (article.blocks[2].kind, article.blocks[2].text) == ("link_title", "條目標題")
