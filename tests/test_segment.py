"""Segment: sentence splitting, unit ids, and the no-character-lost invariant."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.ingest import parse_article
from pipeline.segment import segment, split_sentences, unit_id


def test_splits_at_chinese_terminators() -> None:
    assert split_sentences("第一句。第二句！第三句？第四句") == [
        "第一句。",
        "第二句！",
        "第三句？",
        "第四句",
    ]


def test_closing_quotes_and_brackets_stay_with_their_sentence() -> None:
    assert split_sentences("他說：「我們會贏。」隨後離開。") == [
        "他說：「我們會贏。」",
        "隨後離開。",
    ]
    assert split_sentences("這是“好事！”接著呢？") == ["這是“好事！”", "接著呢？"]


def test_no_split_inside_quotes_or_brackets() -> None:
    assert split_sentences("我讀了《再見！朋友》這本書。然後睡了。") == [
        "我讀了《再見！朋友》這本書。",
        "然後睡了。",
    ]
    assert split_sentences("他（笑。）說好。") == ["他（笑。）說好。"]
    assert split_sentences("『甲。乙？』丙說。") == ["『甲。乙？』丙說。"]


def test_quote_followed_by_continuation_is_one_sentence() -> None:
    assert split_sentences("「好！」，他說。") == ["「好！」，他說。"]


def test_repeated_terminators_stay_together() -> None:
    assert split_sentences("真的嗎？！是的。") == ["真的嗎？！", "是的。"]


def test_ellipsis_ends_a_sentence_only_at_the_end_or_before_a_quote() -> None:
    assert split_sentences("等等……都在這裡。") == ["等等……都在這裡。"]
    assert split_sentences("他沉默了……“走吧。”") == ["他沉默了……", "“走吧。”"]
    assert split_sentences("故事未完……") == ["故事未完……"]


def test_no_split_on_decimal_points_or_latin_abbreviations() -> None:
    text = "性能提升了2.5倍，由U.S. Dept. of Commerce批准。下一句。"
    assert split_sentences(text) == ["性能提升了2.5倍，由U.S. Dept. of Commerce批准。", "下一句。"]


def test_unbalanced_bracket_does_not_swallow_the_paragraph() -> None:
    assert split_sentences("一（二。三。") == ["一（二。", "三。"]


ALPHABET = st.sampled_from(list("中文字甲乙。！？…「」『』“”（）《》,. aZ9\n\t"))


@given(st.text(ALPHABET, max_size=80))
def test_splitting_loses_no_character(text: str) -> None:
    assert "".join(split_sentences(text)) == text


PARAGRAPH_CHARS = st.sampled_from(list('中文字甲乙，、。！？…「」“”（）《》 aZ9:,!?"'))


@given(st.lists(st.text(PARAGRAPH_CHARS, min_size=1, max_size=40), min_size=1, max_size=4))
def test_units_of_a_paragraph_rejoin_to_the_cleaned_paragraph(paragraphs: list[str]) -> None:
    body = "\n\n".join("甲" + p.strip() + "乙" for p in paragraphs)
    article = parse_article("標題\n\n" + body, path="p.txt", slug="p")
    units = segment(article)
    for index, block in enumerate(article.blocks):
        if block.kind != "paragraph":
            continue
        joined = "".join(u.source for u in units if u.block == index)
        assert joined == block.text


def _units(text: str) -> dict[str, str]:
    article = parse_article(text, path="a.txt", slug="a")
    return {u.source: u.id for u in segment(article)}


BASE = "標題\n\n第一段第一句。第一段第二句。\n\n第二段第一句。第二段第二句。\n"


def test_editing_one_sentence_changes_only_its_id() -> None:
    before = _units(BASE)
    after = _units(BASE.replace("第一段第二句", "第一段改過的第二句"))
    changed = {s for s in after if s not in before}
    assert changed == {"第一段改過的第二句。"}
    assert {s: i for s, i in after.items() if s in before} == {
        s: i for s, i in before.items() if s in after
    }


def test_inserting_a_paragraph_changes_no_other_id() -> None:
    before = _units(BASE)
    after = _units(BASE.replace("\n\n第二段", "\n\n新插入的段落。\n\n第二段"))
    assert {s: after[s] for s in before} == before


def test_duplicate_sentence_keeps_two_distinct_ids() -> None:
    article = parse_article("標題\n\n好的。好的。\n", path="a.txt", slug="a")
    ids = [u.id for u in segment(article)]
    assert ids[1] == unit_id("好的。")
    assert ids[2] == unit_id("好的。") + "-2"


def test_units_carry_kind_and_line() -> None:
    article = parse_article("標題\n\n一、小標\n\n第一句。\n第二句。\n", path="a.txt", slug="a")
    units = segment(article)
    assert [(u.kind, u.line) for u in units] == [
        ("title", 1),
        ("heading", 3),
        ("paragraph", 5),
        ("paragraph", 6),
    ]


def test_no_split_inside_markdown_emphasis() -> None:
    assert split_sentences("正文**粗體！**與其他。") == ["正文**粗體！**", "與其他。"]
    assert split_sentences("*真的？*她問。") == ["*真的？*她問。"]
    assert split_sentences("~~刪除。~~然後。") == ["~~刪除。~~", "然後。"]
