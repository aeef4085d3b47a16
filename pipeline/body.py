"""Ingest stage, main text: where the article stands on a page, by signals every page has.

A scraped page is the article with the site around it. Whatever the outlet,
the article is the longest run of prose lines (sentence punctuation, mostly
Chinese characters, some length), and the headline stands just above it, next
to its date or byline. Site furniture is short, unpunctuated, or stands away
from that run. These functions measure those signals; :mod:`pipeline.residue`
decides with them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from .text import han_count

#: Characters that end a sentence (full width after the punctuation fix; ASCII kept for
#: text the fix did not touch), and closing marks that may follow them.
_SENTENCE_END = "。！？!?…"
_CLOSERS = "」』”’）)》〉】〕\"' "
#: Han characters a line needs to count as prose when it ends a sentence.
PROSE_MIN_HAN = 10
#: A line this long (Han characters) with a comma reads as prose even without an end mark
#: (a paragraph cut by the page's source, a wrapped line).
PROSE_LONG_HAN = 40
#: Share of a prose line's visible characters that are Han.
PROSE_HAN_SHARE = 0.4
#: Non-prose blocks that may stand inside the article (subheadings, a caption, a list)
#: before a run of prose is taken to have ended.
MAX_GAP = 3


def size(text: str) -> int:
    """Words of a headline: Han characters, plus one per Latin word or number."""
    return han_count(text) + len(re.findall(r"[A-Za-z]+", text))


def clauses(text: str) -> bool:
    """Clause punctuation inside a line: text, not a label (a cut paragraph keeps it)."""
    return any(c in text.rstrip("，、；：,;: ") for c in "，、；,;")


def han_share(text: str) -> float:
    visible = [c for c in text if not c.isspace()]
    return han_count(text) / len(visible) if visible else 0.0


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def is_prose(text: str) -> bool:
    """Does this line read as article prose (not a label, headline, menu or caption)?

    >>> is_prose("台積電今天宣布，將在美國再蓋兩座晶圓廠。")
    True
    >>> is_prose("市場點名3家赴美聯軍 台積電：不評論")
    False
    """
    text = text.strip()
    han = han_count(text)
    if han < PROSE_MIN_HAN or han_share(text) < PROSE_HAN_SHARE:
        return False
    if ends_sentence(text):
        # A question without a comma is a headline or a teaser, not a paragraph.
        return not text.rstrip(_CLOSERS).endswith(("？", "?")) or "，" in text
    return han >= PROSE_LONG_HAN and any(c in text for c in "，；。")


@dataclass(frozen=True)
class Run:
    """A run of prose blocks: the first and last prose block and its Han characters."""

    start: int
    end: int
    weight: int


def prose_runs(texts: Sequence[str | None], neutral: Collection[int] = ()) -> list[Run]:
    """Runs of prose among ``texts`` (None for a block already known to be residue).

    Up to :data:`MAX_GAP` non-prose blocks may stand between two prose blocks of a
    run; a residue block counts as a gap too, a ``neutral`` one (a list item) does not.
    """
    runs: list[Run] = []
    start = end = -1
    weight = gap = 0
    for i, text in enumerate(texts):
        if i in neutral and text is not None:
            continue
        if text is not None and is_prose(text):
            if start < 0 or gap > MAX_GAP:
                if start >= 0:
                    runs.append(Run(start, end, weight))
                start, weight = i, 0
            end, gap = i, 0
            weight += han_count(text)
        elif start >= 0:
            gap += 1
    if start >= 0:
        runs.append(Run(start, end, weight))
    return runs


def main_run(texts: Sequence[str | None]) -> Run | None:
    """The article: the prose run with the most Han characters (the first on a tie)."""
    runs = prose_runs(texts)
    return max(runs, key=lambda r: r.weight) if runs else None


#: Marks of page furniture in a headline candidate: breadcrumb arrows, menu bars.
_FURNITURE_MARKS = re.compile(
    r"[>＞»›]|^[•·●■◆◇□○★☆◤◥◣◢▶►▼▲|｜*#~=+-]|[:：]$|^[〔【\[（(][^〔】\]）)]*[〕】\]）)]$"
)


def menu_like(text: str) -> bool:
    """A line of bar-separated items (首頁 | 新聞 | 財經) is a menu; one bar between a
    column name and a headline (專題 | 某某宣布…) is not.

    >>> menu_like("首頁 | 新聞 | 財經"), menu_like("月度集會 | 首相宣布公僕獲開齋節援金")
    (True, False)
    """
    parts = [p.strip() for p in re.split(r"[|｜]", text) if p.strip()]
    if len(parts) < 2:
        return False
    return len(parts) >= 3 or max(size(p) for p in parts) < 8
