"""Catalog stage: POT, PO and MO files. The only package that touches polib.

Split the way Babel's ``messages`` splits its work:

* :mod:`.reader` reads PO/POT files (GNU's grammar; malformed input is
  reported with its line), :mod:`.writer` writes them in GNU's ``--no-wrap``
  layout so that files from other tools come back with nothing lost;
* :mod:`.templates` builds templates from article units and new catalogs as
  ``msginit`` does; :mod:`.merge` merges like ``msgmerge --previous``;
* :mod:`.machine` knows which entries the converter owns; :mod:`.mo` writes
  MO files as ``msgfmt`` does; :mod:`.stats` counts; :mod:`.memory` offers
  approved translations of other articles (``msgmerge --compendium``).

Everything other modules use is importable from ``pipeline.catalog``.
"""

from __future__ import annotations

from ..errors import CatalogError
from .base import (
    DATE_FORMAT,
    WRAP_WIDTH,
    Catalog,
    Key,
    _copy_entry,
    _gc_paused,
    _new_entry,
    has_translation,
    marker_values,
    metadata_items,
    now_stamp,
    text_hash,
)
from .machine import (
    MACHINE_FLAG_PREFIX,
    FillReport,
    fill_converted,
    is_machine_owned,
    machine_flag,
    machine_note,
)
from .memory import (
    MEMORY_MODES,
    MemoryEntry,
    MemoryMode,
    MemoryReport,
    TranslationMemory,
    anchors,
    approved_entries,
    fill_from_memory,
)
from .merge import (
    FUZZY_THRESHOLD,
    MAX_CHANGED_AREA,
    FuzzyIndex,
    MergeReport,
    TooLong,
    _char_masks,
    _lcs_length,
    language_from_team,
    lcs_length,
    merge,
    similarity,
)
from .mo import MO_MAGIC, mo_bytes, plural_problems, write_mo
from .reader import catalog_units, looks_whole, parse_catalog, read_catalog, units_of
from .stats import (
    CatalogStats,
    catalog_stats,
    content_signature,
    describe_differences,
    header_is_fuzzy,
    judged_signature,
    translation_signature,
)
from .templates import (
    DEFAULT_TRANSLATOR,
    LANGUAGE_NAMES,
    PLURAL_FORMS,
    new_catalog,
    plural_forms,
    template_for,
    write_template,
)
from .writer import header_text, render, write_catalog

__all__ = [
    "MEMORY_MODES",
    "MemoryEntry",
    "MemoryMode",
    "MemoryReport",
    "TranslationMemory",
    "anchors",
    "approved_entries",
    "fill_from_memory",
    "looks_whole",
    "DATE_FORMAT",
    "DEFAULT_TRANSLATOR",
    "FUZZY_THRESHOLD",
    "LANGUAGE_NAMES",
    "MACHINE_FLAG_PREFIX",
    "MO_MAGIC",
    "PLURAL_FORMS",
    "WRAP_WIDTH",
    "Catalog",
    "CatalogError",
    "CatalogStats",
    "FillReport",
    "FuzzyIndex",
    "Key",
    "MergeReport",
    "_char_masks",
    "_copy_entry",
    "_gc_paused",
    "_lcs_length",
    "_new_entry",
    "catalog_stats",
    "catalog_units",
    "units_of",
    "content_signature",
    "describe_differences",
    "judged_signature",
    "fill_converted",
    "has_translation",
    "header_is_fuzzy",
    "header_text",
    "is_machine_owned",
    "machine_flag",
    "machine_note",
    "lcs_length",
    "language_from_team",
    "MAX_CHANGED_AREA",
    "TooLong",
    "marker_values",
    "text_hash",
    "merge",
    "metadata_items",
    "mo_bytes",
    "new_catalog",
    "now_stamp",
    "parse_catalog",
    "plural_forms",
    "plural_problems",
    "read_catalog",
    "render",
    "similarity",
    "template_for",
    "translation_signature",
    "write_catalog",
    "write_mo",
    "write_template",
]
