"""``zhl10n run``: the one composition of the stages, for the articles that changed.

extract → update (with conversion) → check → compile → build (→ review), each
step handed what the one before made: the articles extract read and cleaned,
and their units, feed update and build; the catalogs update wrote are read
once for check, the MO files and the build (:class:`~pipeline.workspace.Workspace`).
Which articles to process is decided by :mod:`pipeline.cache`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import cache, editions
from ..check import CheckResult
from ..models import Unit
from ..workspace import Workspace
from . import Tick, no_tick

if TYPE_CHECKING:  # the stages are imported when an article needs them (a no-change run
    # reads no catalog, so it loads neither the catalog reader nor the merger)
    from .build import BuiltArticle
    from .compile import CompileResult
    from .update import UpdateResult
from .check import cached_check


@dataclass(frozen=True)
class ArticleRow:
    """One article in the run's summary, processed this run or taken from its record."""

    slug: str
    path: str
    script: str
    units: int
    repairs: int
    dropped: int
    suspects: tuple[tuple[int, str], ...]
    processed: bool


@dataclass(frozen=True)
class CatalogRow:
    """One article in one locale: its catalog's counts and whether it was built."""

    slug: str
    locale: str
    path: str
    stats: dict[str, int]
    built: bool
    skipped: str
    #: What ``build/`` holds for it (built, skipped and why), and files this run removed.
    edition: editions.Edition | None = None
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunResult:
    """``zhl10n run``: what was processed, checked, built and written."""

    articles: tuple[ArticleRow, ...]
    catalogs: tuple[CatalogRow, ...]
    checked: CheckResult
    check_cached: bool
    orphans: tuple[Path, ...]
    warnings: tuple[str, ...]
    written: tuple[str, ...]
    skipped_locales: tuple[str, ...]
    #: ``(orphan template, slug of the article it probably became)``, as ``update`` reports.
    renames: tuple[tuple[Path, str], ...] = ()
    #: The review pages, when the run wrote them (``--review`` or ``review = true``).
    reviewed: Any = None  # commands.review.ReviewResult (imported only when used)
    #: Why saved state was ignored (``run -v`` shows them).
    notes: tuple[str, ...] = ()

    @property
    def processed(self) -> int:
        return sum(1 for row in self.articles if row.processed)


def run(
    ws: Workspace,
    *,
    strict: bool = False,
    keep_going: bool = False,
    force: bool = False,
    review: bool = False,
    tick: Tick = no_tick,
) -> RunResult:
    """extract -> update -> check -> build for the articles whose inputs or outputs changed.

    Bad input stops the run before anything is written, as in a full run: the
    articles to process, their templates and catalogs, and the project tables
    are read first; the others were read, unchanged, by an earlier run with the
    same code and tables. The result covers every article (records for the
    skipped ones), so the summary looks the same whatever was skipped.
    """
    config = ws.config
    state = cache.load_state(config)
    notes = [state.note] if state.note else []
    hasher = cache.Hasher(config, state.files)
    key = cache.run_key(config, hasher)
    planned = cache.plan(config, state, hasher, key, force=force)
    dirty = list(planned.dirty)
    slugs = planned.dirty_slugs
    same_articles = set(state.articles) == {path.stem for path in planned.articles}
    full = force or state.key != key or not same_articles
    if dirty or full:
        ws.preflight(() if full else dirty)
    extracted = []
    updated: UpdateResult | None = None
    if dirty:
        from .extract import extract
        from .update import update

        extracted = extract(ws, dirty, tick=tick)
        updated = update(ws, converter_for=ws.converter_for(), tick=tick, only=slugs)
        orphans, renames = updated.orphans, updated.renames
    else:
        orphans, renames = tuple(ws.live_templates(only=frozenset())[1]), ()
    # The catalogs as check, compile and build are about to read them: an article is
    # recorded as up to date only if its catalogs still hold these bytes at the end.
    used = {
        hasher.relative(po): cache.file_digest(po)
        for path in dirty
        for po in (ws.po_path(locale, path.stem) for locale in config.locales)
    }
    checked, cached = cached_check(
        ws, strict=strict, force=force, hasher=hasher, key=key, notes=notes
    )
    tick()
    # An article's edition in a locale whose catalog has check errors is held back
    # (its MO not compiled, its previous output removed); every other one is built.
    held = {} if keep_going else held_editions(checked)

    def held_in(locale: str) -> set[str]:
        return {slug for slug, where in held if where == locale}

    skipped = tuple(locale for locale in config.locales if any(k[1] == locale for k in held))
    # An article nobody edited can be held back too: a consistency error comes from
    # another article's catalog. Its editions are rebuilt or removed as a clean run
    # would, and it is processed again next time.
    held_clean = sorted({slug for slug, _locale in held} & set(planned.clean))
    to_build = [*dirty, *(Path(str(planned.clean[slug].get("path", ""))) for slug in held_clean)]
    to_build = [path if path.is_absolute() else config.root / path for path in to_build]
    units: dict[str, tuple[Unit, ...]] = {r.article.slug: r.units for r in extracted}
    compiled: CompileResult | None = None
    built: list[BuiltArticle] = []
    if dirty or held_clean:
        from .build import build_articles
        from .compile import CompileResult, compile_catalogs

        orphan_slugs = {path.stem for path in orphans}
        parts = [
            compile_catalogs(ws, [locale], only=(slugs | orphan_slugs) - held_in(locale))
            for locale in config.locales
        ]
        compiled = CompileResult(
            tuple(p for part in parts for p in part.written),
            tuple(p for part in parts for p in part.changed),
            tuple(w for part in parts for w in part.warnings),
        )
        built = build_articles(ws, tick=tick, paths=to_build, units=units, held=held)
    stats_of = {
        (item.slug, item.locale): item.stats for item in (updated.catalogs if updated else ())
    }
    built_of = {(item.slug, item.locale): item for item in built}
    articles: list[ArticleRow] = []
    rows: list[CatalogRow] = []
    recorded = editions.load_records(config)  # what build/ holds, as the builds left it
    records = {slug: record for slug, record in planned.clean.items() if slug not in held_clean}
    removed: dict[tuple[str, str], tuple[str, ...]] = {}
    for result in extracted:
        article = result.article
        slug = article.slug
        suspects = tuple((s.line, s.text) for s in article.suspects)
        summary: dict[str, Any] = {
            "script": result.script,
            "units": len(result.units),
            "repairs": len(article.repairs),
            "dropped": len(article.dropped),
            "suspects": [list(s) for s in suspects],
            "locales": {},
        }
        outputs = [result.pot]
        for locale in config.locales:
            po = ws.po_path(locale, slug)
            outputs += [po, po.with_suffix(".mo")]
            counted = stats_of.get((slug, locale))
            done = built_of.get((slug, locale))
            if done is not None:
                outputs.append(done.path)
            summary["locales"][locale] = {
                "stats": _stats_dict(counted),
                "built": bool(done and done.written),
                "skipped": done.skipped if done else "",
            }
            if done is not None:
                removed[(slug, locale)] = tuple(ws.relative(path) for path in done.removed)
        record = cache.record_article(
            config, hasher, Path(article.path), planned.inputs[slug], outputs, summary
        )
        saved_meanwhile = any(
            record["files"].get(name, digest) != digest for name, digest in used.items()
        )
        if not any(key[0] == slug for key in held) and not saved_meanwhile:
            records[slug] = record
        else:  # not built everywhere, or a catalog saved during the run: processed next time
            records.pop(slug, None)
        articles.append(
            ArticleRow(
                slug,
                article.path,
                result.script,
                len(result.units),
                len(article.repairs),
                len(article.dropped),
                suspects,
                True,
            )
        )
        rows.extend(_catalog_rows(ws, slug, summary, recorded, removed))
    for slug, record in planned.clean.items():
        summary = record.get("summary", {})
        articles.append(
            ArticleRow(
                slug,
                str(record.get("path", "")),
                str(summary.get("script", "")),
                int(summary.get("units", 0)),
                int(summary.get("repairs", 0)),
                int(summary.get("dropped", 0)),
                tuple((int(line), str(text)) for line, text in summary.get("suspects", [])),
                False,
            )
        )
        rows.extend(_catalog_rows(ws, slug, summary, recorded, removed))
    order = {locale: index for index, locale in enumerate(config.locales)}
    articles.sort(key=lambda row: row.path)
    rows.sort(key=lambda row: (row.slug, order.get(row.locale, 99)))
    cache.save_state(config, cache.State(key=key, files=hasher.refreshed(), articles=records))
    reviewed = None
    if review:
        from .review import review as write_review

        reviewed = write_review(ws, checked=checked, units=units)

    written = [ws.relative(r.pot) for r in extracted if r.changed]
    written += [ws.relative(c.path) for c in (updated.catalogs if updated else ()) if c.changed]
    written += [ws.relative(p) for p in (compiled.changed if compiled else ())]
    written += [ws.relative(b.path) for b in built if b.changed]
    return RunResult(
        articles=tuple(articles),
        catalogs=tuple(rows),
        checked=checked,
        check_cached=cached,
        orphans=tuple(orphans),
        warnings=tuple(compiled.warnings if compiled else ()),
        written=tuple(written),
        skipped_locales=skipped,
        renames=tuple(renames),
        reviewed=reviewed,
        notes=tuple(notes),
    )


def _stats_dict(counted: Any) -> dict[str, int]:
    if counted is None:
        return {}
    return {item.name: int(getattr(counted, item.name)) for item in fields(counted)}


def held_editions(checked: CheckResult) -> dict[tuple[str, str], str]:
    """Why each ``(slug, locale)`` whose catalog has check errors is not built."""
    return {
        key: f"check found {count} error{'s' if count != 1 else ''} in this catalog "
        "(--keep-going builds anyway)"
        for key, count in checked.failed_catalogs().items()
    }


def _catalog_rows(
    ws: Workspace,
    slug: str,
    summary: dict[str, Any],
    recorded: Mapping[tuple[str, str], editions.Record],
    removed: Mapping[tuple[str, str], tuple[str, ...]],
) -> list[CatalogRow]:
    """The article's rows; its edition as the last build of it left ``build/`` (an
    article not processed this run is unchanged since, so that record still holds)."""
    rows = []
    for locale in ws.config.locales:
        data = summary.get("locales", {}).get(locale, {})
        record = recorded.get((slug, locale))
        rows.append(
            CatalogRow(
                slug,
                locale,
                cache.fast_relative(ws.config, ws.po_path(locale, slug)),
                dict(data.get("stats", {})),
                bool(data.get("built", False)),
                str(data.get("skipped", "")),
                editions.Edition(
                    slug,
                    locale,
                    record.status if record else "",
                    record.reason if record else "",
                    record.path if record else "",
                ),
                removed.get((slug, locale), ()),
            )
        )
    return rows
