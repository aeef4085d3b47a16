"""``zhl10n stats``: translated, fuzzy, untranslated and obsolete units per article and
locale, and what ``build/`` holds for each (built, skipped and why, or stale)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import catalog
from ..editions import Edition, load_records
from ..workspace import Workspace
from .build import article_files, edition_of


@dataclass(frozen=True)
class StatsRow:
    """One article in one locale; a missing catalog counts as all untranslated."""

    slug: str
    locale: str
    path: Path
    exists: bool
    stats: catalog.CatalogStats
    #: What ``build/`` holds for it: built, skipped (why) or stale.
    edition: Edition | None = None


def stats(ws: Workspace, locales: Sequence[str] = ()) -> list[StatsRow]:
    """Translated / fuzzy / untranslated / obsolete per article and locale."""
    chosen = ws.config.check_locales(tuple(locales))
    rows: list[StatsRow] = []
    records = load_records(ws.config)
    articles = article_files(ws)
    for pot_file in ws.template_paths():
        slug = pot_file.stem
        for locale in chosen:
            target = ws.po_path(locale, slug)
            edition = edition_of(ws, records, slug, locale, articles.get(slug))
            if target.is_file():
                counted = catalog.catalog_stats(ws.catalog(target))
                rows.append(StatsRow(slug, locale, target, True, counted, edition))
                continue
            counted = catalog.catalog_stats(ws.catalog(pot_file))
            rows.append(StatsRow(slug, locale, target, False, counted, edition))
    return rows
