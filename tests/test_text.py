"""pipeline.text: the one definition of a Han character and the counts built on it."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from pipeline.text import CJK, HAN, HAN_RANGES, SINOGRAPH, han_count, has_han, is_cjk, is_han


def test_han_blocks_and_their_edges() -> None:
    for low, high in HAN_RANGES:
        assert is_han(chr(low)) and is_han(chr(high))
        assert not is_han(chr(low - 1)) or any(lo <= low - 1 <= hi for lo, hi in HAN_RANGES)
    assert is_han("𠮷") and has_han("a𠮷b")  # Extension B
    assert not is_han("。") and not is_han("a") and not has_han("abc，。")


def test_cjk_adds_the_punctuation_written_with_han() -> None:
    assert is_cjk("。") and is_cjk("，") and is_cjk("“") and is_cjk("漢")
    assert not is_cjk("a") and not is_cjk(",")


def test_classes_nest() -> None:
    assert SINOGRAPH.match("々") and not HAN.match("々")
    assert CJK.match("ア") and not HAN.match("ア")


@given(st.text())
def test_count_and_predicate_agree(text: str) -> None:
    assert han_count(text) == sum(1 for c in text if is_han(c))
    assert has_han(text) == (han_count(text) > 0)


@given(st.characters())
def test_every_han_is_named_a_cjk_ideograph(char: str) -> None:
    if is_han(char) and unicodedata.name(char, ""):
        assert "IDEOGRAPH" in unicodedata.name(char)
