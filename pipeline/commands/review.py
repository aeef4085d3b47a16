"""``zhl10n review``: static HTML pages showing every locale of each article side by side."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import review as pages
from ..check import CheckResult
from ..convert import Converter, explain, to_simplified
from ..editions import load_records
from ..errors import InputFileError
from ..fileio import refuse_links, write_private
from ..models import CatalogUnit, Unit, Violation
from ..segment import segment
from ..workspace import Workspace, relative_paths
from . import Tick, no_tick
from .build import article_files, edition_of
from .check import check


@dataclass(frozen=True)
class ReviewResult:
    """``review``: the pages written under ``build/review/`` (index first)."""

    folder: Path
    pages: tuple[Path, ...]
    changed: tuple[Path, ...]
    removed: tuple[Path, ...]
    articles: int


def review(
    ws: Workspace,
    *,
    checked: CheckResult | None = None,
    tick: Tick = no_tick,
    units: dict[str, tuple[Unit, ...]] | None = None,
) -> ReviewResult:
    """Write ``build/review/index.html`` and one ``<slug>.html`` per article.

    Reads the articles, the glossary and overrides, and each catalog once;
    ``checked`` reuses a check already run (``zhl10n run``), else the check
    runs here. Pages of articles that no longer exist are removed. Nothing
    else is written, and the same inputs give the same bytes.
    """
    config = ws.config
    bare = ws.converter_for(inline_code=False)

    def explainer(language: str, slug: str) -> pages.Explainer:
        """Every change converting a unit of this article makes, with its rule
        (``--explain``): the page marks uncertain choices and named swaps apart."""
        converters: dict[str, Any] = {}

        def choices(locale: str, source: str) -> tuple[Any, ...]:
            if locale not in converters:  # built once per article and locale
                converters[locale] = bare(locale, language, slug)
            converter = converters[locale]
            if not isinstance(converter, Converter):
                return ()
            return explain(converter, source, uncertain_only=False)

        return choices

    articles = ws.articles()
    entries, overrides = ws.glossary(), ws.conversions()
    line_overrides = ws.overrides()
    result = checked if checked is not None else check(ws)
    by_catalog: dict[str, list[Violation]] = {}
    for violation in result.violations:
        by_catalog.setdefault(violation.path, []).append(violation)
    marker = pages.TermMarker(entries, config.locales)
    records = load_records(config)
    files = article_files(ws)
    reviews = []
    for article in articles:
        made = (units or {}).get(article.slug)
        article_units = made if made is not None else segment(article)
        language, script = ws.source_language(article)
        catalogs: dict[str, tuple[CatalogUnit, ...] | None] = {}
        violations: list[Violation] = []
        for locale in config.locales:
            path = ws.po_path(locale, article.slug)
            with relative_paths(config):
                catalogs[locale] = ws.catalog_units(path) if path.is_file() else None
            violations += by_catalog.get(ws.relative(path), [])
        reviews.append(
            pages.review_article(
                article,
                article_units,
                source_locale=language,
                script=script,
                locales=config.locales,
                catalogs=catalogs,
                entries=entries,
                overrides=overrides,
                violations=violations,
                simplify=to_simplified,
                marker=marker,
                line_overrides=line_overrides,
                explain=explainer(language, article.slug),
                editions={
                    locale: edition_of(ws, records, article.slug, locale, files.get(article.slug))
                    for locale in config.locales
                },
            )
        )
        tick()
    folder = ws.review_path
    planned = [(folder / "index.html", pages.render_index(reviews, config.locales))]
    for item in reviews:
        planned += [(folder / name, text) for name, text in pages.render_article_pages(item)]
    names = [path.name for path, _ in planned]
    if len(set(names)) != len(names):  # an article named like another's page 2
        clash = next(name for name in names if names.count(name) > 1)
        raise InputFileError(
            f"two review pages would be named {clash!r}; rename one of the articles",
            ws.relative(folder),
        )
    # The review pages are the tool's own files: never written or removed through a link.
    for path, _ in planned:
        refuse_links(path, config.root)
    changed = [path for path, text in planned if write_private(path, text.encode(), config.root)]
    keep = {path.name for path, _ in planned}
    removed = sorted(p for p in folder.glob("*.html") if p.name not in keep)
    for path in removed:
        path.unlink()
    return ReviewResult(
        folder, tuple(p for p, _ in planned), tuple(changed), tuple(removed), len(reviews)
    )
