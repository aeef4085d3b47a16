"""``zhl10n build``: compile the MO files and render every article in every locale."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

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
) -> list[BuiltArticle]:
    """Render every article (or those at ``paths``) in every locale to ``build/<locale>/``.

    ``units``, by slug, are the units ``extract`` already made (``zhl10n run``);
    articles missing from it are segmented here.
    """
    config = ws.config
    chosen = config.check_locales(tuple(locales))
    limit = config.threshold if threshold is None else threshold
    converter_for = ws.converter_for()
    results: list[BuiltArticle] = []
    # The lock ``update`` holds: catalogs are never read while it replaces them.
    with folder_lock(config.locales_path), confined(config.root):
        for article in ws.articles(paths):
            made = (units or {}).get(article.slug)
            article_units = made if made is not None else segment(article)
            language, _script = ws.source_language(article)
            suffix = output_suffix(article)
            for locale in chosen:
                target = ws.build_path(locale, article.slug, suffix)
                catalog_file = ws.po_path(locale, article.slug)
                if not catalog_file.is_file():
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
                            "no catalog yet (run zhl10n update)",
                        )
                    )
                    tick()
                    continue
                rendered = render_article(
                    article,
                    article_units,
                    ws.translations(catalog_file),
                    locale,
                    fallback=_lazy(converter_for, locale, language, article.slug),
                )
                skipped = (
                    f"{rendered.percent:.1f}% translated (by source characters), "
                    f"below the {limit:g}% threshold"
                    if rendered.percent < limit
                    else ""
                )
                changed = atomic_write_text(target, rendered.text) if not skipped else False
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
                    )
                )
                tick()
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
