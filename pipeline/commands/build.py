"""``zhl10n build``: compile the MO files and render every article in every locale."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import editions
from ..build import render_article
from ..fileio import atomic_write_text, confined, folder_lock
from ..models import Article, Unit
from ..segment import segment
from ..workspace import ConverterFactory, Workspace
from . import Tick, no_tick
from .compile import CompileResult, compile_catalogs


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
    #: The previous output removed because this edition was not built (or was built
    #: under another suffix).
    removed: tuple[Path, ...] = ()


@dataclass(frozen=True)
class BuildResult:
    """``zhl10n build``: the MO files compiled, then the articles rendered."""

    compiled: CompileResult
    built: tuple[BuiltArticle, ...]


def build(
    ws: Workspace, locales: Sequence[str] = (), *, threshold: float | None = None
) -> BuildResult:
    """Check every input first, then compile every catalog and render every article."""
    chosen = ws.config.check_locales(tuple(locales))
    ws.preflight()  # a bad input stops the build before any MO is written
    compiled = compile_catalogs(ws, chosen)
    built = build_articles(ws, chosen, threshold=threshold)
    return BuildResult(compiled, tuple(built))


def output_suffix(article: Article) -> str:
    """The suffix of a built article: a saved HTML page is built as the Markdown it was
    read into, other articles keep theirs (``.txt`` when they have none)."""
    return ".md" if article.format == "html" else Path(article.path).suffix or ".txt"


def build_articles(
    ws: Workspace,
    locales: Sequence[str] = (),
    *,
    threshold: float | None = None,
    tick: Tick = no_tick,
    paths: Sequence[Path] = (),
    units: dict[str, tuple[Unit, ...]] | None = None,
    held: Mapping[tuple[str, str], str] | None = None,
) -> list[BuiltArticle]:
    """Render every article (or those at ``paths``) in every locale to ``build/<locale>/``.

    ``units``, by slug, are the units ``extract`` already made (``zhl10n run``);
    articles missing from it are segmented here. ``held`` maps ``(slug, locale)``
    to why that edition is held back (``check`` errors in its catalog). An edition
    not built (held, below the threshold, no catalog) has its previous output
    removed, and what happened is recorded (:mod:`pipeline.editions`).
    """
    config = ws.config
    chosen = config.check_locales(tuple(locales))
    limit = config.threshold if threshold is None else threshold
    converter_for = ws.converter_for()
    records = editions.load_records(config)
    before = dict(records)
    files = article_files(ws)
    results: list[BuiltArticle] = []
    # The lock ``update`` holds: catalogs are never read while it replaces them.
    with folder_lock(config.locales_path), confined(config.root):
        for article in ws.articles(paths):
            made = (units or {}).get(article.slug)
            article_units = made if made is not None else segment(article)
            language, _script = ws.source_language(article)
            suffix = output_suffix(article)
            source = files.get(article.slug)
            data = source.read_bytes() if source is not None else article.text.encode("utf-8")
            for locale in chosen:
                target = ws.build_path(locale, article.slug, suffix)
                catalog_file = ws.po_path(locale, article.slug)
                key = (article.slug, locale)
                reason = (held or {}).get(key, "")
                if not reason and not catalog_file.is_file():
                    reason = "no catalog yet (run zhl10n update)"
                if reason:
                    results.append(
                        BuiltArticle(
                            article.slug,
                            locale,
                            target,
                            0.0,
                            len(article_units),
                            len(article_units),
                            False,
                            False,
                            reason,
                            tuple(editions.withdraw(config, locale, article.slug)),
                        )
                    )
                    records[key] = editions.Record(editions.SKIPPED, reason, "", "")
                    tick()
                    continue
                translations = ws.translations(catalog_file)
                rendered = render_article(
                    article,
                    article_units,
                    translations,
                    locale,
                    fallback=_lazy(converter_for, locale, language, article.slug),
                )
                skipped = (
                    f"{rendered.percent:.1f}% translated (by source characters), "
                    f"below the {limit:g}% threshold"
                    if rendered.percent < limit
                    else ""
                )
                removed: tuple[Path, ...] = ()
                if skipped:
                    changed = False
                    removed = tuple(editions.withdraw(config, locale, article.slug))
                    records[key] = editions.Record(editions.SKIPPED, skipped, "", "")
                else:
                    changed = atomic_write_text(target, rendered.text, durable=False)
                    removed = tuple(  # the same article built before under another suffix
                        p for p in editions.withdraw(config, locale, article.slug, keep=target)
                    )
                    records[key] = editions.Record(
                        editions.BUILT,
                        "",
                        editions.edition_digest(data, translations),
                        ws.relative(target),
                    )
                results.append(
                    BuiltArticle(
                        article.slug,
                        locale,
                        target,
                        rendered.percent,
                        rendered.units,
                        rendered.fallback_units,
                        written=not skipped,
                        changed=changed,
                        skipped=skipped,
                        removed=removed,
                    )
                )
                tick()
        if records != before:
            editions.save_records(config, records)
    return results


def _lazy(factory: ConverterFactory, locale: str, language: str, slug: str) -> Callable[[str], str]:
    """The converter, made at its first call: a fully translated catalog needs none."""
    made: list[Callable[[str], str] | None] = []

    def convert(text: str) -> str:
        if not made:
            made.append(factory(locale, language, slug))
        function = made[0]
        return function(text) if function is not None else text

    return convert


def article_files(ws: Workspace) -> dict[str, Path]:
    """Each article's file by slug."""
    return {path.stem: path for path in ws.article_paths()}


def edition_of(
    ws: Workspace,
    records: Mapping[tuple[str, str], editions.Record],
    slug: str,
    locale: str,
    article: Path | None,
) -> editions.Edition:
    """What ``build/`` holds now for one article in one locale (``stats``, ``review``)."""
    catalog_file = ws.po_path(locale, slug)
    translations = ws.translations(catalog_file) if catalog_file.is_file() else {}
    data = article.read_bytes() if article is not None and article.is_file() else b""
    return editions.status(
        slug,
        locale,
        records.get((slug, locale)),
        editions.edition_digest(data, translations),
        editions.outputs(ws.config, locale, slug),
        ws.relative,
    )
