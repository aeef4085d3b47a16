"""Catalog stage: merging a catalog with a new template, as ``msgmerge --previous`` does."""

from __future__ import annotations

import bisect
import math
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import polib

from .base import Catalog, Key, _copy_entry, _gc_paused, has_translation, metadata_items
from .templates import _nplurals

# --- merging (msgmerge --previous) -----------------------------------------------------------
#
# The semantics are GNU msgmerge's (gettext-tools/src/msgmerge.c, match_domain
# and message_merge), checked against the real tool in tests/test_catalog.py:
#   * exact (msgctxt, msgid): keep msgstr, translator comments, fuzzy state and
#     the translator's own flags; extracted comments, references and format
#     flags come from the template;
#   * otherwise the most similar old entry that has a translation (active,
#     fuzzy or obsolete; context ignored except as a tie-breaker) above the 0.6
#     threshold gives a fuzzy proposal, with the old msgctxt/msgid as "#|";
#     the same old entry may serve several new ones, as in msgmerge;
#   * old entries nobody used become obsolete "#~" without "#." and "#:" lines;
#     those without a translation are dropped (msgmerge writes no empty "#~");
#   * order: the template's, then the obsolete entries in their old order.
# Where this differs on purpose: msgmerge compares UTF-8 *bytes* with fstrcmp,
# and since Chinese characters share their lead bytes, unrelated Chinese
# sentences often score above 0.6 and come out fuzzy. Here the same measure
# (2 * longest common subsequence / total length) is taken over *characters*,
# and candidates come from a trigram index instead of a scan of every message.

FUZZY_THRESHOLD = 0.6
#: msgmerge's tie-breaker: a candidate with the same (or no) context wins a tie.
_CONTEXT_BONUS = 0.00001
#: Postings read per lookup, rarest trigrams first (prefix filtering): common
#: ones such as 的發展 would otherwise make each lookup scan much of the index.
_POSTINGS_BUDGET = 1000
#: The second, wider reading when the rarest trigrams found nothing this close.
_WIDE_BUDGET = 8000
_CONFIDENT = 0.9
_MIN_GRAMS = 4
#: Candidates (by shared trigrams) whose similarity is computed exactly.
_TOP_CANDIDATES = 16
#: Queries this short are also compared with every entry of a compatible
#: length, as msgmerge does for strings too short for its 4-grams.
_SHORT_QUERY = 3
_REFERENCE_FLAG_PREFIXES = ("range:",)
_REFERENCE_FLAGS = ("wrap", "no-wrap")
_FORMAT_FLAG_RE = re.compile(r"^(?:no-)?[a-z0-9+-]+-format$")


def _grams(text: str) -> set[str]:
    """Character trigrams of ``text`` with start/end markers (so "ab" still has two)."""
    padded = "\x02" + text + "\x03"
    return set(map(operator.add, map(operator.add, padded, padded[1:]), padded[2:]))


def _samples(text: str) -> list[str]:
    """Every third trigram of ``text`` (and the last): what the index stores per entry.

    Indexing non-overlapping trigrams ("q-samples") and looking up every
    trigram of the query finds the same similar entries (an edit only hides
    the samples it overlaps) for a third of the indexing work.
    """
    padded = "\x02" + text + "\x03"
    last = len(padded) - 3
    found = [padded[i : i + 3] for i in range(0, last + 1, 3)]
    if last % 3:
        found.append(padded[last:])
    return found


def _char_masks(text: str) -> dict[str, int]:
    masks: dict[str, int] = {}
    bit = 1
    for char in text:
        masks[char] = masks.get(char, 0) | bit
        bit <<= 1
    return masks


def _lcs_length(masks: dict[str, int], size: int, other: str) -> int:
    """Length of the longest common subsequence, bit-parallel (Hyyrö 2004): O(len(other))."""
    full = (1 << size) - 1
    row = full
    get = masks.get
    for char in other:
        mask = get(char)
        if mask:  # a character the query lacks leaves the row as it is
            matched = row & mask
            row = ((row + matched) | (row - matched)) & full
    return size - row.bit_count()


def similarity(a: str, b: str) -> float:
    """gettext's fstrcmp measure over characters: 2 * LCS / (len(a) + len(b)).

    >>> round(similarity("黃仁勛訪華", "黃仁勳訪華"), 2)
    0.8
    """
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return 2.0 * _lcs_length(_char_masks(a), len(a), b) / (len(a) + len(b))


class FuzzyIndex:
    """Inverted index from character trigrams to old translated entries, for fuzzy lookups.

    Each entry is indexed under every third of its trigrams, entries numbered
    by length so that each postings list can be cut to the lengths able to
    reach the threshold. A lookup reads the postings of the query's rarest
    trigrams (all of them, at every offset), ranks entries by shared trigrams
    and then by the share of their own trigrams found, and computes the exact
    similarity for the best few only: a lookup costs about the same in a
    catalog of 100 or 100,000 entries, where msgmerge computes fstrcmp for
    every entry sharing one 4-gram.
    """

    def __init__(self, entries: Sequence[Any], queries: Iterable[str] | None = None) -> None:
        """Index ``entries``; given the ``queries`` to come, only their trigrams are kept."""
        self.entries = sorted(entries, key=lambda entry: len(entry.msgid))
        self._msgids = [entry.msgid for entry in self.entries]
        self._contexts = [entry.msgctxt for entry in self.entries]
        self._lengths = [len(text) for text in self._msgids]
        self._samples: list[int] = []
        wanted = set().union(*map(_grams, queries)) if queries is not None else None
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for index, text in enumerate(self._msgids):
            samples = _samples(text)
            self._samples.append(len(samples))
            for gram in samples if wanted is None else wanted.intersection(samples):
                postings[gram].append(index)
        self._postings = dict(postings)

    def _window(self, size: int) -> tuple[int, int]:
        """Index range of the entries whose length allows a score above the threshold."""
        ratio = 2 / FUZZY_THRESHOLD - 1  # lengths l <= l' score at most 2l / (l + l')
        low = bisect.bisect_left(self._lengths, math.floor(size / ratio))
        high = bisect.bisect_right(self._lengths, math.ceil(size * ratio))
        return low, high

    def _ranked(
        self, lists: list[list[int]], window: tuple[int, int], budget: int
    ) -> tuple[list[int], bool]:
        """Likely entries from the rarest lists within ``budget`` postings.

        Ranked by shared trigrams, then the best by the share of their own
        trigrams found (a long sentence shares many common trigrams with
        anything; a predecessor shares most of its own). Also says whether
        every list was read, when a wider budget would add nothing.
        """
        counts: Counter[int] = Counter()
        read = 0
        position = 0
        low, high = window
        for position, postings in enumerate(lists, start=1):
            if position > _MIN_GRAMS and read + len(postings) > budget:
                position -= 1
                break
            if low or high < len(self._msgids):
                postings = postings[
                    bisect.bisect_left(postings, low) : bisect.bisect_left(postings, high)
                ]
            counts.update(postings)
            read += len(postings)
        shortlist = counts.most_common(4 * _TOP_CANDIDATES)
        samples = self._samples
        shortlist.sort(key=lambda item: item[1] / samples[item[0]], reverse=True)
        ranked = [index for index, _shared in shortlist[:_TOP_CANDIDATES]]
        return ranked, position == len(lists)

    def search(
        self, msgctxt: str | None, msgid: str, threshold: float = FUZZY_THRESHOLD
    ) -> tuple[Any, float] | None:
        """The most similar entry scoring above ``threshold``, with its score, or None.

        The rarest trigrams are read first; unless they yield an entry scoring
        0.9 or more, the common ones are read too (a new sentence, or one whose
        predecessor is made of frequent words).
        """
        if not msgid:
            return None
        size = len(msgid)
        masks = _char_masks(msgid)
        window = self._window(size)
        postings = self._postings
        lists = sorted((found for gram in _grams(msgid) if (found := postings.get(gram))), key=len)
        best = -1
        best_score = threshold
        checked: set[int] = set()
        for budget in (_POSTINGS_BUDGET, _WIDE_BUDGET):
            ranked, complete = self._ranked(lists, window, budget)
            if size <= _SHORT_QUERY and not checked:
                ranked.extend(range(*window))  # too short for trigrams: compare them all
            for index in ranked:
                if index in checked:
                    continue
                checked.add(index)
                other = self._msgids[index]
                context = self._contexts[index]
                bonus = _CONTEXT_BONUS if context is None or context == msgctxt else 0.0
                total = size + len(other)
                if 2.0 * min(size, len(other)) / total + bonus <= best_score:
                    continue  # even a perfect overlap could not beat the best so far
                score = 2.0 * _lcs_length(masks, size, other) / total + bonus
                if score > best_score:
                    best, best_score = index, score
            if complete or best_score >= _CONFIDENT:
                break
        if best < 0:
            return None
        return self.entries[best], best_score


@dataclass(frozen=True)
class MergeReport:
    """What :func:`merge` did, in msgmerge's terms (merged, fuzzied, missing, obsolete)."""

    exact: int = 0
    fuzzy: int = 0
    new: int = 0
    obsolete: int = 0
    revived: int = 0
    dropped: int = 0
    purged: int = 0
    #: ``(new key, old key)`` of every fuzzy proposal, in template order.
    matches: tuple[tuple[Key, Key], ...] = ()

    @property
    def changed(self) -> bool:
        """Whether the merge did anything a translator would notice."""
        return bool(self.fuzzy or self.new or self.obsolete or self.revived or self.dropped)


def _is_reference_flag(flag: str) -> bool:
    """Flags msgmerge takes from the template (format, range, wrap), not from the catalog."""
    return (
        bool(_FORMAT_FLAG_RE.match(flag))
        or flag.startswith(_REFERENCE_FLAG_PREFIXES)
        or flag in _REFERENCE_FLAGS
    )


def _merge_entry(old: Any, ref: Any, *, force_fuzzy: bool, nplurals: int) -> Any:
    """msgmerge's message_merge: the template's identity and comments, the old translation."""
    fuzzy = bool(old.fuzzy) or force_fuzzy
    msgstr = old.msgstr
    msgstr_plural: dict[int, str] = dict(old.msgstr_plural)
    if ref.msgid_plural:
        if not old.msgid_plural:  # plural now, singular before: copy into every form
            msgstr_plural = {n: old.msgstr for n in range(nplurals)}
            msgstr = ""
            fuzzy = True
        elif ref.msgid_plural != old.msgid_plural:
            fuzzy = True
    elif old.msgid_plural:  # singular now: keep the first form
        msgstr = msgstr_plural.get(0, "")
        fuzzy = fuzzy or len(msgstr_plural) > 1
        msgstr_plural = {}
    reference_flags = [flag for flag in ref.flags if flag != "fuzzy"]
    own_flags = [
        flag
        for flag in old.flags
        if flag != "fuzzy" and not _is_reference_flag(flag) and flag not in reference_flags
    ]
    flags = (["fuzzy"] if fuzzy else []) + reference_flags + own_flags
    if old.fuzzy:
        previous = (old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural)
    else:
        previous = (old.msgctxt, old.msgid, old.msgid_plural or None)
    return _copy_entry(
        ref,
        msgstr=msgstr,
        msgstr_plural=msgstr_plural,
        obsolete=False,
        tcomment=old.tcomment,
        flags=flags,
        previous_msgctxt=previous[0],
        previous_msgid=previous[1],
        previous_msgid_plural=previous[2],
    )


def _merged_header(old: polib.POFile, pot: polib.POFile) -> tuple[str, dict[str, Any], bool]:
    """The old header, with the template's creation date (and zhl10n's source fields)."""
    has_old = bool(old.metadata) or getattr(old, "has_header_entry", True)
    source = old if has_old else pot
    metadata: dict[str, Any] = dict(metadata_items(source))
    template = dict(metadata_items(pot))
    # X-Source-Language says which script the article is in, which decides how
    # zh_* catalogs are converted, so the source fields follow the template.
    for key in ("POT-Creation-Date", "X-Source-Language", "X-Source-File"):
        if template.get(key) is not None:
            metadata[key] = template[key]
    return str(source.header or ""), metadata, bool(source.metadata_is_fuzzy)


def merge(
    old_po: polib.POFile, pot: polib.POFile, *, purge_obsolete: bool = False
) -> tuple[Catalog, MergeReport]:
    """Merge a catalog with a new template, like ``msgmerge --previous`` (see above).

    ``old_po`` is not modified. Without ``purge_obsolete`` no translation ever
    leaves the catalog: it is kept, proposed as fuzzy, or made obsolete.
    """
    with _gc_paused():
        return _merge(old_po, pot, purge_obsolete)


def _edit_undone(entry: Any) -> bool:
    """A fuzzy entry whose previous source (``#|``) equals its current source.

    Unlike msgmerge, which keeps such an entry fuzzy, this revives it: the
    translation was approved for exactly this text before the edit.
    """
    return bool(
        entry.fuzzy
        and has_translation(entry)
        and entry.previous_msgid is not None
        and entry.previous_msgid == entry.msgid
        and (entry.previous_msgctxt or None) == (entry.msgctxt or None)
        and not entry.msgid_plural
    )


def _merge(
    old_po: polib.POFile, pot: polib.POFile, purge_obsolete: bool
) -> tuple[Catalog, MergeReport]:
    olds = list(old_po)
    by_key: dict[Key, Any] = {(entry.msgctxt, entry.msgid): entry for entry in olds}
    refs = [ref for ref in pot if not ref.obsolete]
    exact_olds = [by_key.get((ref.msgctxt, ref.msgid)) for ref in refs]
    unmatched = [ref.msgid for ref, old in zip(refs, exact_olds, strict=True) if old is None]
    index = (
        FuzzyIndex([entry for entry in olds if has_translation(entry)], unmatched)
        if unmatched
        else None
    )
    used: set[int] = set()
    nplurals = _nplurals(old_po.metadata.get("Plural-Forms"))
    result = Catalog()
    result.header, result.metadata, result.metadata_is_fuzzy = _merged_header(old_po, pot)
    exact = fuzzy = new = revived = 0
    matches: list[tuple[Key, Key]] = []
    for ref, old in zip(refs, exact_olds, strict=True):
        key = (ref.msgctxt, ref.msgid)
        if old is not None:
            merged = _merge_entry(old, ref, force_fuzzy=False, nplurals=nplurals)
            exact += 1
            revived += bool(old.obsolete)
        else:
            found = index.search(ref.msgctxt, ref.msgid) if index is not None else None
            if found is not None:
                old = found[0]
                merged = _merge_entry(old, ref, force_fuzzy=True, nplurals=nplurals)
                fuzzy += 1
                matches.append((key, (old.msgctxt, old.msgid)))
            else:
                merged = _copy_entry(
                    ref,
                    msgstr="",
                    msgstr_plural={n: "" for n in range(nplurals)} if ref.msgid_plural else {},
                    obsolete=False,
                    flags=[flag for flag in ref.flags if flag != "fuzzy"],
                    previous_msgctxt=None,
                    previous_msgid=None,
                    previous_msgid_plural=None,
                )
                new += 1
        if old is not None:
            used.add(id(old))
        if _edit_undone(merged):
            # The source is back to exactly the text this translation was made for
            # (an edit was reverted): the translation is valid again, not fuzzy.
            merged.flags = [flag for flag in merged.flags if flag != "fuzzy"]
        if not merged.fuzzy or not has_translation(merged):
            merged.previous_msgctxt = merged.previous_msgid = None
            merged.previous_msgid_plural = None
        result.append(merged)
    obsolete = dropped = purged = 0
    for old in olds:
        if id(old) in used:
            continue
        if not has_translation(old):
            dropped += 1
            continue
        if purge_obsolete:
            purged += 1
            continue
        obsolete += not old.obsolete
        result.append(_copy_entry(old, obsolete=True, comment="", occurrences=[]))
    report = MergeReport(exact, fuzzy, new, obsolete, revived, dropped, purged, tuple(matches))
    return result, report
