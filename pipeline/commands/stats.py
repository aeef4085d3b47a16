"""``zhl10n stats``: translated, fuzzy, untranslated and obsolete units per article and locale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import catalog
from ..workspace import Workspace


@dataclass(frozen=True)
class StatsRow:
    """One article in one locale; a missing catalog counts as all untranslated."""

    slug: str
    locale: str
    path: Path
    exists: bool
    stats: catalog.CatalogStats


def stats(ws: Workspace, locales: Sequence[str] = ()) -> list[StatsRow]:
    """Translated / fuzzy / untranslated / obsolete per article and locale."""
    chosen = ws.config.check_locales(tuple(locales))
    rows: list[StatsRow] = []
    for pot_file in ws.template_paths():
        for locale in chosen:
            target = ws.po_path(locale, pot_file.stem)
            if target.is_file():
                counted = catalog.catalog_stats(ws.catalog(target))
                rows.append(StatsRow(pot_file.stem, locale, target, True, counted))
                continue
            counted = catalog.catalog_stats(ws.catalog(pot_file))
            rows.append(StatsRow(pot_file.stem, locale, target, False, counted))
    return rows
