"""Catalog stage: translation memory across articles.

A newsroom's follow-up story repeats sentences of the story before it. The
memory offers, for a unit that is new in a catalog, the approved translation
of the same source sentence in another article of the same locale, the way
``msgmerge --compendium`` does: an exact match is filled as translated (or
fuzzy, as the project chooses), a near match is proposed fuzzy with the
memory's source as the previous msgid (English and other non-converted
locales only: a Chinese catalog's near misses are the converter's to fill).

Only what people approved is remembered: translated, not fuzzy, not obsolete,
and in the Chinese catalogs not the converter's own text (a reviewer's
correction is; so a correction made in one article reaches the next article
that repeats the sentence instead of clashing with its machine text).
Entries are filled only when they are new in a catalog, so a run over a
changed article gives the same bytes whether or not the rest of the project
was processed in the same run.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import polib

from .base import has_translation, set_marker
from .machine import MACHINE, is_machine_owned

#: How an exact memory match is filled: as translated (msgmerge --compendium),
#: as fuzzy for review, or not at all.
MemoryMode = Literal["approved", "fuzzy", "off"]
MEMORY_MODES: tuple[str, ...] = ("approved", "fuzzy", "off")


@dataclass(frozen=True)
class MemoryEntry:
    """One approved translation: source sentence, its translation, where it is used."""

    source: str
    translation: str
    origin: str


@dataclass(frozen=True)
class MemoryReport:
    """What the memory filled in one catalog."""

    exact: int = 0
    near: int = 0


def approved_entries(po: polib.POFile) -> Iterable[tuple[str, str]]:
    """``(msgid, msgstr)`` of every entry a person approved in a catalog."""
    for entry in po:
        if entry.obsolete or entry.fuzzy or entry.msgid_plural or not entry.msgid:
            continue
        if not has_translation(entry) or is_machine_owned(entry):
            continue
        yield entry.msgid, entry.msgstr


class TranslationMemory:
    """Approved translations of one locale by source sentence.

    When articles disagree, the translation most articles use wins, then the
    first origin in sorted order: the choice does not depend on reading order.
    """

    def __init__(self, entries: Iterable[MemoryEntry]) -> None:
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        origins: dict[tuple[str, str], str] = {}
        for item in entries:
            votes[item.source][item.translation] += 1
            key = (item.source, item.translation)
            if key not in origins or item.origin < origins[key]:
                origins[key] = item.origin
        self._best: dict[str, MemoryEntry] = {}
        for source, counter in votes.items():
            translation = min(
                counter, key=lambda text: (-counter[text], origins[(source, text)], text)
            )
            self._best[source] = MemoryEntry(source, translation, origins[(source, translation)])

    @classmethod
    def from_catalogs(cls, catalogs: Iterable[tuple[str, polib.POFile]]) -> TranslationMemory:
        """The memory of ``(origin, catalog)`` pairs (origin: the article's slug)."""
        return cls(
            MemoryEntry(msgid, msgstr, origin)
            for origin, po in catalogs
            for msgid, msgstr in approved_entries(po)
        )

    def __len__(self) -> int:
        return len(self._best)

    def __iter__(self) -> Any:
        return iter(sorted(self._best.values(), key=lambda item: item.source))

    def exact(self, source: str, *, besides: str | None = None) -> MemoryEntry | None:
        """The approved translation of ``source``, not counting article ``besides``."""
        found = self._best.get(source)
        if found is None or found.origin == besides:
            return None
        return found

    def near(self, source: str, *, besides: str | None = None) -> MemoryEntry | None:
        """The closest remembered sentence that starts or ends like ``source`` (its
        first or last :data:`ANCHOR` characters), at msgmerge's fuzzy threshold or above.

        Only sentences sharing an anchor are compared, so the answer does not
        depend on which other catalogs a run happened to read.
        """
        from .merge import FUZZY_THRESHOLD, similarity

        head, tail = anchors(source)
        best: tuple[float, str] | None = None
        for item in self._best.values():
            if item.origin == besides or item.source == source:
                continue
            if not (item.source.startswith(head) or item.source.endswith(tail)):
                continue
            score = similarity(source, item.source)
            if score >= FUZZY_THRESHOLD and (best is None or (-score, item.source) < best):
                best = (-score, item.source)
        return self._best[best[1]] if best is not None else None


#: Characters at either end of a sentence that a near match must share.
ANCHOR = 8


def anchors(source: str) -> tuple[str, str]:
    """The first and last :data:`ANCHOR` characters of a sentence.

    >>> anchors("一二三四五六七八九十")
    ('一二三四五六七八', '三四五六七八九十')
    """
    return source[:ANCHOR], source[-ANCHOR:]


def fill_from_memory(
    po: polib.POFile,
    memory: TranslationMemory,
    new_units: Iterable[tuple[str | None, str]],
    *,
    origin: str,
    mode: MemoryMode = "approved",
    near: bool = True,
) -> MemoryReport:
    """Fill the entries of ``new_units`` (keys new in this catalog) from ``memory``.

    An entry is filled only while it holds no person's text: untranslated, or
    (Chinese catalogs) the converter's own. ``near`` proposals are fuzzy with
    the memory's source as ``#|`` previous msgid.
    """
    if mode == "off" or not len(memory):
        return MemoryReport()
    wanted = set(new_units)
    exact = close = 0
    for entry in po:
        if entry.obsolete or entry.msgid_plural or (entry.msgctxt, entry.msgid) not in wanted:
            continue
        if has_translation(entry) and not is_machine_owned(entry):
            continue
        hit = memory.exact(entry.msgid, besides=origin)
        if hit is not None and hit.translation != entry.msgstr:
            entry.msgstr = hit.translation
            set_marker(entry, MACHINE, None)
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            if mode == "fuzzy":
                entry.flags.insert(0, "fuzzy")
            exact += 1
            continue
        if hit is None and near and not has_translation(entry):
            proposal = memory.near(entry.msgid, besides=origin)
            if proposal is not None:
                entry.msgstr = proposal.translation
                entry.flags = ["fuzzy", *(flag for flag in entry.flags if flag != "fuzzy")]
                entry.previous_msgid = proposal.source
                close += 1
    return MemoryReport(exact, close)
