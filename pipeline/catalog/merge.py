"""Catalog stage: merging a catalog with a new template, as ``msgmerge --previous`` does."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import polib
from rapidfuzz.distance import LCSseq as _LCS

from ..text import CJK
from .base import (
    Catalog,
    Key,
    _copy_entry,
    _gc_paused,
    has_translation,
    marker_values,
    metadata_items,
    set_marker,
    text_hash,
    translation_text,
)
from .templates import _STANDARD_FIELDS, _nplurals

# --- merging (msgmerge --previous) -----------------------------------------------------------
#
# The semantics are GNU msgmerge's (gettext-tools/src/msgmerge.c, match_domain
# and message_merge; msgl-fsearch.c for the fuzzy search), checked against the
# real tool in tests/test_catalog.py and on real catalogs by
# benchmarks/bench_conformance.py:
#   * exact (msgctxt, msgid): keep msgstr, translator comments, fuzzy state and
#     the translator's own flags; extracted comments, references and format
#     flags come from the template;
#   * otherwise the old entry with a translation (active, fuzzy or obsolete)
#     that msgmerge would pick gives a fuzzy proposal, with the old
#     msgctxt/msgid as "#|": among the entries sharing a character 4-gram with
#     the new msgid (for msgids under 4 characters: every entry of a
#     compatible length), visited by decreasing number of shared 4-grams, the
#     first with the highest 2 * LCS / total length above 0.6, a same (or no)
#     context adding 0.00001; the same old entry may serve several new ones;
#   * old entries nobody used become obsolete "#~" without "#." and "#:" lines;
#     those without a translation are dropped (msgmerge writes no empty "#~");
#   * order: the template's, then the obsolete entries in their old order.
# Where this differs on purpose: msgmerge measures similarity over UTF-8 *bytes*
# (fstrcmp), and since Chinese characters share their lead bytes, unrelated
# Chinese sentences often score above 0.6. Here a msgid with CJK characters is
# measured over *characters*; any other over bytes, exactly as msgmerge does. A translation
# made fuzzy by an edit is remembered (a "# zhl10n: approved" comment) so that
# reverting the edit approves it again only if nobody changed it meanwhile.
# One addition msgmerge cannot make: a template msgctxt that is zhl10n's unit
# id (the first ten hex digits of sha1(msgid), maybe with a ``-N`` suffix) finds
# an old entry of the same msgid *without* a context as an exact match, since
# tools such as translate-toolkit's xliff2po drop msgctxt on a round trip.

FUZZY_THRESHOLD = 0.6
#: msgmerge's tie-breaker: a candidate with the same (or no) context wins a tie.
_CONTEXT_BONUS = 0.00001
#: Lengths l <= l' score at most 2l / (l + l'): the ratio that can reach 0.6.
_LENGTH_RATIO = 2 / FUZZY_THRESHOLD - 1
#: msgids shorter than a 4-gram are compared with every entry of a length able
#: to reach the threshold (msgl-fsearch.c, SHORT_STRING_MAX_CHARACTERS).
_SHORT_QUERY = 3
#: A fuzzy comparison whose differing middles (after the common prefix and
#: suffix) multiply to more than this is not made: the unit is reported as too
#: long instead of taking minutes (LCS is quadratic in what differs).
MAX_CHANGED_AREA = 4_000_000_000
#: Units longer than this (characters) are not 4-gram indexed: they are compared
#: with every entry of a compatible length instead (few, and the comparison of
#: two long texts that differ by an edit is linear), so that editing a very long
#: unit costs linear time where 4-gram counting over megabytes would take minutes.
LONG_UNIT = 10_000
_REFERENCE_FLAG_PREFIXES = ("range:",)
_REFERENCE_FLAGS = ("wrap", "no-wrap")
_FORMAT_FLAG_RE = re.compile(r"^(?:no-)?[a-z0-9+-]+-format$")


class TooLong(Exception):
    """A fuzzy comparison over :data:`MAX_CHANGED_AREA` (caught by :func:`merge`)."""


def _common_affix(a: str, b: str) -> int:
    """Length of the common prefix plus the common suffix (not overlapping), in C-speed steps."""
    limit = min(len(a), len(b))
    low, high = 0, limit
    while low < high:  # longest common prefix, by binary search on slice equality
        mid = (low + high + 1) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid - 1
    prefix = low
    low, high = 0, limit - prefix
    while low < high:
        mid = (low + high + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            low = mid
        else:
            high = mid - 1
    return prefix + low


def lcs_length(a: str, b: str, cutoff: int = 0) -> int:
    """Longest common subsequence of two texts (0 when it is below ``cutoff``).

    Raises :class:`TooLong` when the parts that differ are too large to compare.
    """
    if len(a) * len(b) > MAX_CHANGED_AREA:
        same = _common_affix(a, b)
        if (len(a) - same) * (len(b) - same) > MAX_CHANGED_AREA:
            raise TooLong
    return int(_LCS.similarity(a, b, score_cutoff=cutoff or None))


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
    return 2.0 * lcs_length(a, b) / (len(a) + len(b))


def _grams4(text: str) -> list[str]:
    return [text[i : i + 4] for i in range(len(text) - 3)]


class FuzzyIndex:
    """msgmerge's fuzzy index (msgl-fsearch.c): character 4-grams to old translated entries.

    A lookup counts, for every entry, the 4-gram occurrences of the query it
    contains, and visits the entries by decreasing count (then file order),
    keeping the first best score above 0.6: msgmerge's choice, ties included.
    Entries whose length cannot beat the best so far are skipped without a
    comparison, and the comparison itself is a bit-parallel LCS in C++.
    """

    def __init__(self, entries: Sequence[Any], queries: Iterable[str] | None = None) -> None:
        """Index ``entries`` (in file order); ``queries`` is accepted for compatibility."""
        del queries
        self.entries = list(entries)
        self._msgids = [entry.msgid for entry in self.entries]
        self._contexts = [entry.msgctxt for entry in self.entries]
        postings: defaultdict[str, list[int]] = defaultdict(list)
        short: defaultdict[int, list[int]] = defaultdict(list)
        short_max = int(_SHORT_QUERY * _LENGTH_RATIO)
        long: list[int] = []
        for index, text in enumerate(self._msgids):
            if len(text) > LONG_UNIT:
                long.append(index)
                continue
            for gram in dict.fromkeys(_grams4(text)):
                postings[gram].append(index)
            if len(text) <= short_max:
                short[len(text)].append(index)
        self._postings = dict(postings)
        self._short = dict(short)
        self._long = long

    def _candidates(self, msgid: str) -> list[int]:
        size = len(msgid)
        low = math.ceil(size / _LENGTH_RATIO)
        high = int(size * _LENGTH_RATIO)
        if size > LONG_UNIT:  # every entry of a length able to reach the threshold
            return [i for i, text in enumerate(self._msgids) if low <= len(text) <= high]
        if size > _SHORT_QUERY:
            found = filter(None, map(self._postings.get, _grams4(msgid)))
            counts = Counter(itertools.chain.from_iterable(found))
            ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            extra = [i for i in self._long if len(self._msgids[i]) <= high]
            return [index for index, _count in ranked] + extra
        return [i for length in range(low, high + 1) for i in self._short.get(length, ())]

    def search(
        self, msgctxt: str | None, msgid: str, threshold: float = FUZZY_THRESHOLD
    ) -> tuple[Any, float] | None:
        """The entry msgmerge would propose for ``msgid``, with its score, or None.

        Raises :class:`TooLong` when a candidate is too long to compare.
        """
        candidates = self._candidates(msgid)
        # msgmerge's fstrcmp compares UTF-8 bytes; so does this, except for Chinese
        # text (see the comment above): each byte is one unit of a latin-1 string.
        as_bytes = CJK.search(msgid) is None
        if as_bytes:
            msgid = msgid.encode("utf-8").decode("latin-1")
        size = len(msgid)
        best = -1
        best_score = threshold
        for index in candidates:
            other = self._msgids[index]
            if as_bytes and not other.isascii():
                other = other.encode("utf-8").decode("latin-1")
            context = self._contexts[index]
            bonus = _CONTEXT_BONUS if context is None or context == msgctxt else 0.0
            total = size + len(other)
            if not total:
                continue
            if 2.0 * min(size, len(other)) / total + bonus <= best_score:
                continue  # even a perfect overlap could not beat the best so far
            cutoff = max(0, math.floor((best_score - bonus) * total / 2) - 1)
            score = 2.0 * lcs_length(msgid, other, cutoff) / total + bonus
            if score > best_score:
                best, best_score = index, score
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
    #: The header said ``charset=CHARSET`` (an unfilled template); it now says UTF-8.
    charset_normalised: bool = False
    #: Units too long for a fuzzy search (their changed part is over the limit).
    too_long: tuple[Key, ...] = ()

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


#: The header fields msgmerge knows, in the order it writes them (msgmerge.c,
#: message_merge): those msginit writes, less Plural-Forms; any other field follows them
#: in its old order.
_KNOWN_FIELDS = tuple(name for name in _STANDARD_FIELDS if name != "Plural-Forms")
_KNOWN_BY_LOWER = {name.lower(): name for name in _KNOWN_FIELDS}
#: Taken from the template, as msgmerge does (plus zhl10n's own source fields:
#: X-Source-Language decides how zh_* catalogs are converted).
_FROM_TEMPLATE = ("Report-Msgid-Bugs-To", "POT-Creation-Date", "X-Source-Language", "X-Source-File")
_PLACEHOLDER_CHARSET = re.compile(r"charset=CHARSET\b")
_URLISH = re.compile(r"^<|>$|@|/")


@functools.cache
def _language_codes() -> dict[str, str]:
    """English language name -> code, from gettext's tables (variants first)."""
    codes: dict[str, str] = {}
    text = resources.files(__package__).joinpath("language_names.csv").read_text("utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        codes.setdefault(row["english"], row["code"])
    return codes


def language_from_team(team: str) -> str:
    """msgmerge's guess of a missing Language field from Language-Team.

    >>> language_from_team("French <traduc@traduc.org>")
    'fr'
    >>> language_from_team("Klingon")
    ''
    """
    team = team.strip(" \t")
    cut = max(team.rfind(" "), team.rfind("\t")) + 1
    if cut < len(team) and (team[cut] == "<" or team.endswith(">") or "@" in team or "/" in team):
        team = team[:cut].rstrip(" \t")
    return _language_codes().get(team, "")


def _raw_items(po: polib.POFile) -> list[tuple[str, Any, str | None]]:
    """Header fields as ``(name, value, text after the colon as read or None)``."""
    raw = po.raw_header if isinstance(po, Catalog) else {}
    items = []
    for key, value in metadata_items(po):
        kept = raw.get(key)
        after = kept[1] if kept is not None and kept[0] == value else None
        items.append((key, value, after))
    return items


def _merged_header(
    old: polib.POFile, pot: polib.POFile
) -> tuple[str, dict[str, Any], bool, dict[str, tuple[Any, str]], bool]:
    """The header as msgmerge merges it: the old fields (values verbatim) in
    msgmerge's order, ``Report-Msgid-Bugs-To`` and ``POT-Creation-Date`` from the
    template, ``Language`` added when missing. Also says whether a placeholder
    ``charset=CHARSET`` was replaced by UTF-8."""
    has_old = bool(old.metadata) or getattr(old, "has_header_entry", True)
    source = old if has_old else pot
    known: dict[str, tuple[Any, str | None]] = {}
    unknown: list[tuple[str, Any, str | None]] = []
    for key, value, after in _raw_items(source):
        name = _KNOWN_BY_LOWER.get(key.lower()) if value is not None else None
        if name is not None:
            known[name] = (value, after)
        else:
            unknown.append((key, value, after))
    template = {key: (value, after) for key, value, after in _raw_items(pot)}
    for name in _FROM_TEMPLATE:
        value, after = template.get(name, (None, None))
        if value is None:
            continue
        if name in _KNOWN_FIELDS:
            known[name] = (value, after)
        elif any(key == name for key, _value, _after in unknown):
            unknown = [(k, value, after) if k == name else (k, v, a) for k, v, a in unknown]
        else:
            unknown.append((name, value, after))
    if "Language" not in known and "Language-Team" in known:
        known["Language"] = (language_from_team(str(known["Language-Team"][0] or "")), None)
    normalised = False
    content = known.get("Content-Type")
    if content is not None and _PLACEHOLDER_CHARSET.search(str(content[0] or "")):
        known["Content-Type"] = (_PLACEHOLDER_CHARSET.sub("charset=UTF-8", str(content[0])), None)
        normalised = True
    metadata: dict[str, Any] = {}
    raw: dict[str, tuple[Any, str]] = {}
    for key, value, after in [(k, *known[k]) for k in _KNOWN_FIELDS if k in known] + unknown:
        metadata[key] = value
        if after is not None:
            raw[key] = (value, after)
    return str(source.header or ""), metadata, bool(source.metadata_is_fuzzy), raw, normalised


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
    """A fuzzy entry whose source is back to the text its translation was approved for.

    msgmerge keeps such an entry fuzzy. Here it is approved again, but only when
    its translation is still the one approved before the edit (the ``approved``
    note made when the edit turned it fuzzy); a draft revised meanwhile stays
    fuzzy for review.
    """
    return bool(
        entry.fuzzy
        and has_translation(entry)
        and entry.previous_msgid is not None
        and entry.previous_msgid == entry.msgid
        and (entry.previous_msgctxt or None) == (entry.msgctxt or None)
        and (entry.previous_msgid_plural or "") == (entry.msgid_plural or "")
        and text_hash(translation_text(entry)) in marker_values(entry, "approved")
    )


def is_unit_id_of(msgctxt: str | None, msgid: str) -> bool:
    """Whether ``msgctxt`` is zhl10n's unit id of ``msgid`` (sha1 prefix, maybe ``-N``).

    >>> is_unit_id_of("7b502c3a1f", "a")
    False
    >>> is_unit_id_of("86f7e437fa-2", "a")
    True
    """
    if not msgctxt or len(msgctxt) < 10:
        return False
    return msgctxt[:10] == hashlib.sha1(msgid.encode("utf-8")).hexdigest()[:10] and (
        len(msgctxt) == 10 or (msgctxt[10] == "-" and msgctxt[11:].isdigit())
    )


def _exact_old(by_key: dict[Key, Any], ref: Any) -> Any:
    """The old entry of the same key, or of the same msgid without the context a
    tool dropped when the context is zhl10n's unit id of that msgid."""
    old = by_key.get((ref.msgctxt, ref.msgid))
    if old is None and ref.msgctxt and is_unit_id_of(ref.msgctxt, ref.msgid):
        old = by_key.get((None, ref.msgid))
    return old


def _merge(
    old_po: polib.POFile, pot: polib.POFile, purge_obsolete: bool
) -> tuple[Catalog, MergeReport]:
    olds = list(old_po)
    by_key: dict[Key, Any] = {(entry.msgctxt, entry.msgid): entry for entry in olds}
    refs = [ref for ref in pot if not ref.obsolete]
    exact_olds = [_exact_old(by_key, ref) for ref in refs]
    unmatched = any(old is None for old in exact_olds)
    index = FuzzyIndex([entry for entry in olds if has_translation(entry)]) if unmatched else None
    used: set[int] = set()
    nplurals = _nplurals(old_po.metadata.get("Plural-Forms"))
    result = Catalog()
    (
        result.header,
        result.metadata,
        result.metadata_is_fuzzy,
        result.raw_header,
        charset_normalised,
    ) = _merged_header(old_po, pot)
    result.lone_header_comment = bool(getattr(old_po, "lone_header_comment", False))
    exact = fuzzy = new = revived = 0
    matches: list[tuple[Key, Key]] = []
    too_long: list[Key] = []
    for ref, old in zip(refs, exact_olds, strict=True):
        key = (ref.msgctxt, ref.msgid)
        if old is not None:
            merged = _merge_entry(old, ref, force_fuzzy=False, nplurals=nplurals)
            exact += 1
            revived += bool(old.obsolete)
        else:
            try:
                found = index.search(ref.msgctxt, ref.msgid) if index is not None else None
            except TooLong:
                found = None
                too_long.append(key)
            if found is not None:
                old = found[0]
                merged = _merge_entry(old, ref, force_fuzzy=True, nplurals=nplurals)
                if not old.fuzzy and has_translation(old):
                    # Remember which translation was approved, for a revert of the edit.
                    set_marker(merged, "approved", text_hash(translation_text(old)))
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
        if not merged.fuzzy:
            set_marker(merged, "approved", None)
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
    report = MergeReport(
        exact,
        fuzzy,
        new,
        obsolete,
        revived,
        dropped,
        purged,
        tuple(matches),
        charset_normalised,
        tuple(too_long),
    )
    return result, report
