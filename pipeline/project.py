"""Orchestration: one function per command, over every article and locale of a project.

These functions read and write files through the stage modules and return
result dataclasses; they never print. The CLI formats what they return.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import catalog
from .config import Config
from .convert import detect_script
from .errors import InputFileError
from .fileio import atomic_write_text
from .ingest import load_corrections, read_article
from .models import Article, Unit
from .segment import Annotator, segment


def pot_path(config: Config, slug: str) -> Path:
    """Where an article's template lives."""
    return config.locales_path / f"{slug}.pot"


def po_path(config: Config, locale: str, slug: str) -> Path:
    """Where an article's catalog for one locale lives."""
    return config.locales_path / locale / "LC_MESSAGES" / f"{slug}.po"


def source_language(config: Config, article: Article) -> tuple[str, str]:
    """The source locale and the detected script (``Hant``, ``Hans`` or ``mixed``)."""
    script = detect_script(article.text)
    if config.source_locale != "auto":
        return config.source_locale, script
    return ("zh_Hans" if script == "Hans" else "zh_Hant"), script


# --- extract -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtractResult:
    """One article's extraction: what was cleaned, the units, and the POT written."""

    article: Article
    units: tuple[Unit, ...]
    pot: Path
    source_language: str
    script: str
    changed: bool


def glossary_annotator(config: Config) -> Annotator | None:
    """Extracted-comment annotator listing glossary terms, when a glossary exists."""
    if not config.glossary_path.is_file():
        return None
    from .glossary import TermMatcher, glossary_comments, load_glossary

    matcher = TermMatcher(load_glossary(config.glossary_path))

    def annotate(source: str) -> tuple[str, ...]:
        return tuple(glossary_comments(source, matcher))

    return annotate


def load_articles(
    config: Config, paths: Sequence[Path] = (), *, encoding: str | None = None
) -> list[Article]:
    """Read and clean every article (all of them before anything is written)."""
    chosen = tuple(paths) or config.article_paths()
    if not chosen:
        raise InputFileError(
            f"no articles found (globs: {', '.join(config.articles)})", config.root
        )
    corrections = load_corrections(config.corrections_path)
    return [
        read_article(
            path,
            display_path=config.relative(path),
            encoding=encoding,
            punctuation=config.punctuation,
            corrections=corrections,
        )
        for path in chosen
    ]


def extract(
    config: Config,
    paths: Sequence[Path] = (),
    *,
    encoding: str | None = None,
    now: _dt.datetime | None = None,
) -> list[ExtractResult]:
    """Write ``locales/<slug>.pot`` for each article; unchanged templates are not touched."""
    articles = load_articles(config, paths, encoding=encoding)
    slugs = [a.slug for a in articles]
    duplicate = next((s for s in slugs if slugs.count(s) > 1), None)
    if duplicate:
        raise InputFileError(f"two articles share the slug {duplicate!r}", config.root)
    annotate = glossary_annotator(config)
    planned = []
    for article in articles:
        language, script = source_language(config, article)
        planned.append((article, segment(article, annotate), language, script))
    results = []
    for article, units, language, script in planned:
        target = pot_path(config, article.slug)
        changed = catalog.write_template(
            units,
            target,
            project=f"{config.project_name} {article.slug}",
            source_path=article.path,
            source_language=language,
            now=now,
        )
        results.append(ExtractResult(article, units, target, language, script, changed))
    return results


# --- build ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltArticle:
    """One article in one locale: written, or skipped with the reason why."""

    slug: str
    locale: str
    path: Path
    percent: float
    units: int
    fallback_units: int
    written: bool
    changed: bool
    skipped: str = ""


def translations_for(path: Path) -> dict[str, str]:
    """Usable translations of a catalog by unit id: translated, not fuzzy, not obsolete."""
    return {
        unit.msgctxt: unit.msgstr
        for unit in catalog.catalog_units(path)
        if unit.msgstr and not unit.fuzzy and not unit.obsolete
    }


def build_articles(
    config: Config, locales: Sequence[str] = (), *, threshold: float | None = None
) -> list[BuiltArticle]:
    """Render every article in every locale to ``build/<locale>/<slug>.<ext>``."""
    from .build import render_article

    chosen = config.check_locales(tuple(locales))
    limit = config.threshold if threshold is None else threshold
    results: list[BuiltArticle] = []
    for article in load_articles(config):
        units = segment(article)
        suffix = Path(article.path).suffix or ".txt"
        for locale in chosen:
            target = config.build_path / locale / f"{article.slug}{suffix}"
            catalog_file = po_path(config, locale, article.slug)
            if not catalog_file.is_file():
                results.append(
                    BuiltArticle(article.slug, locale, target, 0.0, len(units), len(units),
                                 False, False, "no catalog yet (run zhl10n update)")
                )
                continue
            rendered = render_article(article, units, translations_for(catalog_file), locale)
            if rendered.percent < limit:
                reason = (
                    f"{rendered.percent:.1f}% translated (by source characters), "
                    f"below the {limit:g}% threshold"
                )
                results.append(
                    BuiltArticle(article.slug, locale, target, rendered.percent, rendered.units,
                                 rendered.fallback_units, False, False, reason)
                )
                continue
            changed = atomic_write_text(target, rendered.text)
            results.append(
                BuiltArticle(article.slug, locale, target, rendered.percent, rendered.units,
                             rendered.fallback_units, True, changed)
            )
    return results
