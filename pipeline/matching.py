"""Phrase matching shared by the stages: many phrases, one pass, leftmost-longest.

The glossary (terms in a unit), the check stage (forbidden words), the review page and
the conversion stage (shielded phrases, regional words) all find many phrases in one
text. This module holds the one matcher they share, so no stage reaches into another's
internals for it: :class:`PhraseMatcher` (pyahocorasick behind it) and the spelling
table (:data:`SPELLING`) that makes large automata fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

T = TypeVar("T")


def is_word_char(char: str) -> bool:
    """Letters and digits of alphabetic scripts; CJK characters are not word characters."""
    return char.isalnum() and ord(char) < 0x2E80


def fold(text: str) -> str:
    """Lower-case ``text`` without changing its length (so offsets stay valid)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class _Spelling(dict[int, str]):
    """``str.translate`` table spelling each character as three symbols (9, 6 and 6 bits).

    pyahocorasick keeps a trie node's children in an unsorted array that it
    searches linearly. A Chinese glossary gives the root node thousands of
    children (one per distinct first character), so every step of a scan
    would compare against thousands of letters. Spelt as three symbols from
    disjoint ranges, a character costs three steps over at most 512, 64 and
    64 children, which is several times faster for large glossaries; and since
    the ranges are disjoint, a match can only start on a character boundary.
    """

    def __missing__(self, code: int) -> str:
        spelt = chr(0x1000 + (code >> 12)) + chr(0x2000 + ((code >> 6) & 0x3F))
        spelt += chr(0x3000 + (code & 0x3F))
        self[code] = spelt
        return spelt


#: ``str.translate`` table for automaton keys and haystacks (see :class:`_Spelling`).
SPELLING = _Spelling()
#: Symbols per character in :data:`SPELLING`.
SYMBOLS = 3


@dataclass(frozen=True)
class Match(Generic[T]):
    """A phrase found at ``text[start:end]``, with the value it was registered with."""

    start: int
    end: int
    value: T


class PhraseMatcher(Generic[T]):
    """Find many phrases in one pass: leftmost, longest, non-overlapping matches.

    A phrase that starts or ends with a letter or digit only matches where the
    neighbouring character is not one (H20 does not match inside H200, Ascend
    not inside Ascendant); CJK characters have no such boundary.

    >>> m = PhraseMatcher({"昇騰": "Ascend", "華為昇騰": "Huawei Ascend"})
    >>> [(x.start, x.end, x.value) for x in m.find("華為昇騰和昇騰")]
    [(0, 4, 'Huawei Ascend'), (5, 7, 'Ascend')]
    """

    def __init__(
        self, phrases: Mapping[str, T], *, ignore_case: bool = False, boundaries: bool = True
    ) -> None:
        self.ignore_case = ignore_case
        self.boundaries = boundaries
        self._automaton = ahocorasick.Automaton()
        count = 0
        for phrase, value in phrases.items():
            key = fold(phrase) if ignore_case else phrase
            spelt = key.translate(SPELLING)
            if key and not self._automaton.exists(spelt):
                self._automaton.add_word(spelt, (len(key), value))
                count += 1
        self._size = count
        if count:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return self._size

    def find(self, text: str) -> list[Match[T]]:
        """Matches in ``text``, left to right; at each start the longest phrase wins."""
        if not self._size or not text:
            return []
        haystack = fold(text) if self.ignore_case else text
        best: dict[int, tuple[int, T]] = {}
        for last, (length, value) in self._automaton.iter(haystack.translate(SPELLING)):
            end = (last + 1) // SYMBOLS
            start = end - length
            if self.boundaries and not on_boundaries(haystack, start, end):
                continue
            current = best.get(start)
            if current is None or current[0] < end:
                best[start] = (end, value)
        matches: list[Match[T]] = []
        position = 0
        for start in sorted(best):
            if start >= position:
                end, value = best[start]
                matches.append(Match(start, end, value))
                position = end
        return matches


def on_boundaries(text: str, start: int, end: int) -> bool:
    if start > 0 and is_word_char(text[start]) and is_word_char(text[start - 1]):
        return False
    return not (end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end]))
