"""Catalog stage: statistics and translation signatures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polib

from .base import MARKER_PREFIX, has_translation

# --- statistics ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogStats:
    """Counts by units and by source characters (Chinese units vary widely in length)."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    translated_chars: int = 0
    fuzzy_chars: int = 0
    untranslated_chars: int = 0

    @property
    def units(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def chars(self) -> int:
        return self.translated_chars + self.fuzzy_chars + self.untranslated_chars

    @property
    def percent_units(self) -> float:
        """Share of units translated (an empty catalog counts as complete)."""
        return 100.0 * self.translated / self.units if self.units else 100.0

    @property
    def percent_chars(self) -> float:
        """Share of source characters translated, the measure ``build --threshold`` uses."""
        return 100.0 * self.translated_chars / self.chars if self.chars else 100.0


def catalog_stats(po: polib.POFile) -> CatalogStats:
    """Translated / fuzzy / untranslated / obsolete counts of a catalog (or a template)."""
    counts = [0, 0, 0]
    chars = [0, 0, 0]
    obsolete = 0
    for entry in po:
        if entry.obsolete:
            obsolete += 1
            continue
        if entry.msgid_plural:
            done = bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
        else:
            done = bool(entry.msgstr)
        state = 1 if done and entry.fuzzy else 0 if done else 2
        counts[state] += 1
        chars[state] += len(entry.msgid)
    return CatalogStats(counts[0], counts[1], counts[2], obsolete, chars[0], chars[1], chars[2])


def header_is_fuzzy(po: polib.POFile) -> bool:
    """Whether the header entry is marked fuzzy (Babel would then skip the catalog)."""
    return bool(po.metadata_is_fuzzy)


def translation_signature(po: polib.POFile) -> tuple[tuple[Any, ...], ...]:
    """What translators changed or would see change: keys, translations, fuzzy states.

    PO-Revision-Date moves only when this does (comments, line numbers and the
    order of entries aside: an editor that sorts a catalog changed no translation).
    """
    return tuple(
        sorted(
            (
                bool(entry.obsolete),
                _text(entry.msgctxt),
                entry.msgid,
                entry.msgid_plural or "",
                entry.msgstr or "",
                tuple(sorted(entry.msgstr_plural.items())),
                bool(entry.fuzzy),
            )
            for entry in po
        )
    )


def _text(value: Any) -> str:
    return "\0none" if value is None else str(value)


def _path(name: str) -> str:
    while name.startswith("./"):  # GNU writes references without it
        name = name[2:]
    return name


def content_signature(po: polib.POFile) -> tuple[Any, ...]:
    """What a catalog says, not how it is laid out: the same for a file that Poedit,
    msgcat or an editor re-wrapped, saved with CRLF or a byte-order mark, or whose
    entries or header fields it reordered (``update --check`` compares this)."""
    header = (
        str(po.header or ""),
        tuple(sorted((str(key), _text(value)) for key, value in po.metadata.items())),
        bool(po.metadata_is_fuzzy),
    )
    entries = sorted(
        (
            bool(entry.obsolete),
            _text(entry.msgctxt),
            entry.msgid,
            entry.msgid_plural or "",
            entry.msgstr or "",
            tuple(sorted(entry.msgstr_plural.items())),
            entry.tcomment or "",
            entry.comment or "",
            tuple((_path(name), line) for name, line in entry.occurrences),
            tuple(
                sorted(
                    flag
                    for flag in entry.flags
                    if flag != "fuzzy" or entry.obsolete or has_translation(entry)
                )
            ),
            _text(entry.previous_msgctxt),
            _text(entry.previous_msgid),
            _text(entry.previous_msgid_plural),
        )
        for entry in po
    )
    return header, tuple(entries)


#: Header fields that record when and by what a file was saved, not what it says.
_BOOKKEEPING_FIELDS = frozenset({"PO-Revision-Date", "X-Generator"})


def _without_own_notes(comment: str) -> str:
    """A translator comment without zhl10n's ``# zhl10n: ...`` bookkeeping lines."""
    if MARKER_PREFIX not in comment:
        return comment
    return "\n".join(line for line in comment.split("\n") if not line.startswith(MARKER_PREFIX))


def judged_signature(po: polib.POFile) -> tuple[Any, ...]:
    """What a person wrote in a catalog: :func:`content_signature` without zhl10n's own
    notes and the save-time header fields.

    ``update --check`` judges this: a translator who resolved a fuzzy entry in
    Poedit (``#, fuzzy`` and ``#|`` deleted) or with ``msgattrib --clear-fuzzy``
    leaves an ``approved`` note that ``update`` would tidy away; that is not a
    catalog out of date.
    """
    header, entries = content_signature(po)
    text, fields, fuzzy = header
    fields = tuple(item for item in fields if item[0] not in _BOOKKEEPING_FIELDS)
    cleaned = tuple((*entry[:6], _without_own_notes(entry[6]), *entry[7:]) for entry in entries)
    return (text, fields, fuzzy), cleaned


def _entry_state(entry: Any) -> str:
    if entry.obsolete:
        return "obsolete"
    if not has_translation(entry):
        return "untranslated"
    return "fuzzy" if entry.fuzzy else "translated"


def describe_differences(old: polib.POFile, new: polib.POFile, *, limit: int = 20) -> list[str]:
    """How ``new`` differs from ``old`` in what people read, one line per entry
    (unit id first), at most ``limit`` lines plus a count of the rest."""
    lines: list[str] = []
    olds = {(entry.msgctxt, entry.msgid): entry for entry in old}
    news = {(entry.msgctxt, entry.msgid): entry for entry in new}

    def name(key: tuple[Any, str]) -> str:
        context, msgid = key
        short = msgid if len(msgid) <= 24 else msgid[:23] + "…"
        return f"{context} ({short})" if context else repr(short)

    for key, entry in news.items():
        before = olds.get(key)
        if before is None:
            lines.append(f"{name(key)}: not in the catalog yet ({_entry_state(entry)})")
            continue
        was, now = _entry_state(before), _entry_state(entry)
        if was != now:
            lines.append(f"{name(key)}: {was} -> {now}")
        elif before.msgstr != entry.msgstr or before.msgstr_plural != entry.msgstr_plural:
            lines.append(f"{name(key)}: translation would change")
        elif _without_own_notes(before.tcomment or "") != _without_own_notes(entry.tcomment or ""):
            lines.append(f"{name(key)}: translator comment would change")
        elif (before.comment or "") != (entry.comment or ""):
            lines.append(f"{name(key)}: extracted comment would change")
        elif [(_path(n), ln) for n, ln in before.occurrences] != [
            (_path(n), ln) for n, ln in entry.occurrences
        ]:
            lines.append(f"{name(key)}: references would change")
        elif sorted(before.flags) != sorted(entry.flags) or (
            before.previous_msgid != entry.previous_msgid
        ):
            lines.append(f"{name(key)}: flags or previous source would change")
    for key in olds.keys() - news.keys():
        lines.append(f"{name(key)}: would leave the catalog")
    old_fields = {k: v for k, v in old.metadata.items() if k not in _BOOKKEEPING_FIELDS}
    new_fields = {k: v for k, v in new.metadata.items() if k not in _BOOKKEEPING_FIELDS}
    for field in sorted(old_fields.keys() | new_fields.keys()):
        if old_fields.get(field) != new_fields.get(field):
            lines.append(f"header {field}: would change")
    if len(lines) > limit:
        rest = len(lines) - limit
        lines = [*lines[:limit], f"... and {rest} more"]
    return lines
