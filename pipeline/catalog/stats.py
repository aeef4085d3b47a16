"""Catalog stage: statistics and translation signatures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polib

from .base import has_translation

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

    PO-Revision-Date moves only when this does (comments and line numbers aside).
    """
    return tuple(
        (
            entry.obsolete,
            entry.msgctxt,
            entry.msgid,
            entry.msgid_plural,
            entry.msgstr,
            tuple(sorted(entry.msgstr_plural.items())),
            bool(entry.fuzzy),
        )
        for entry in po
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
