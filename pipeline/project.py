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
