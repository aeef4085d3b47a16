"""Character classes of Chinese text: one definition of a Han character, and counts.

Every stage that asks "is this Han?" asks here, so a character of a CJK
extension block (𠮷, U+20BB7) is Han for cleaning, conversion, regional
rules and the checks alike. The blocks are Unicode's CJK Unified Ideographs,
Extension A, the Compatibility Ideographs, and the supplementary ideographic
planes (Extensions B to I and the Compatibility Supplement).

>>> is_han("漢"), is_han("𠮷"), is_han("。"), is_han("a")
(True, True, False, False)
>>> han_count("黃仁勳 said 𠮷")
4
"""

from __future__ import annotations

import re

#: Code point ranges (inclusive) of Han characters.
HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    (0x20000, 0x3FFFF),  # Extensions B-I, Compatibility Supplement (planes 2 and 3)
)
#: The Unified Ideographs block alone: every character GB2312 and Big5 encode lies here,
#: so legacy-encoding guesses count only these.
UNIFIED = (0x4E00, 0x9FFF)

#: The body of a regular-expression character class matching one Han character.
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
#: Han characters plus the signs written among them that conversion treats alike:
#: CJK radicals (U+2E80-2FDF), 々〆〇 and the Suzhou numerals 〡-〩.
SINOGRAPH_CLASS = "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029" + HAN_CLASS
#: CJK text for similarity measures: Han, radicals, CJK symbols, kana, Hangul,
#: full-width forms (everything from U+2E80 to U+9FFF, then the blocks above).
CJK_CLASS = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff"

HAN = re.compile(f"[{HAN_CLASS}]")
HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
SINOGRAPH = re.compile(f"[{SINOGRAPH_CLASS}]")
CJK = re.compile(f"[{CJK_CLASS}]")


def is_han(char: str) -> bool:
    """Whether the single character ``char`` is a Han character."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    )


def is_cjk(char: str) -> bool:
    """Han characters and the punctuation written with them: CJK symbols (U+3000-303F),
    full-width forms (U+FF01-FF60), curly quotes and the ellipsis."""
    code = ord(char)
    return (
        is_han(char)
        or 0x3000 <= code <= 0x303F
        or 0xFF01 <= code <= 0xFF60
        or code in (0x201C, 0x201D, 0x2018, 0x2019, 0x2026)
    )


def has_han(text: str) -> bool:
    """Whether ``text`` contains a Han character."""
    return HAN.search(text) is not None


def han_count(text: str) -> int:
    """How many Han characters ``text`` holds."""
    return len(HAN.findall(text))


def unified_count(text: str) -> int:
    """How many characters of the Unified Ideographs block (:data:`UNIFIED`) ``text`` holds."""
    low, high = chr(UNIFIED[0]), chr(UNIFIED[1])
    return sum(1 for c in text if low <= c <= high)
