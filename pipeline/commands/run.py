"""``zhl10n run``: the one composition of the stages, for the articles that changed.

extract → update (with conversion) → check → compile → build (→ review), each
step handed what the one before made: the articles extract read and cleaned,
and their units, feed update and build; the catalogs update wrote are read
once for check, the MO files and the build (:class:`~pipeline.workspace.Workspace`).
Which articles to process is decided by :mod:`pipeline.cache`.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .. import cache, editions
from ..check import CheckResult
from ..errors import CatalogError, InputFileError, PipelineError
from ..fileio import atomic_write_text
from ..models import Unit
from ..textout import escape_line
from ..workspace import Workspace
from . import Tick, no_tick

if TYPE_CHECKING:  # the stages are imported when an article needs them (a no-change run
    # reads no catalog, so it loads neither the catalog reader nor the merger)
    from .build import BuiltArticle
    from .compile import CompileResult
    from .extract import ExtractResult
    from .update import UpdateResult
from .check import cached_check

_R = TypeVar("_R")


@dataclass(frozen=True)
class Failure:
    """An article, or one locale of it, that could not be processed: one line of the run.

    Every other article and locale is processed and built; the failed one is
    processed again next run. ``crash_log`` names the file holding the traceback
    of an unexpected exception (a bug, not bad input).
    """

    slug: str
    message: str  # ``path:line: what is wrong``
    locale: str = ""  # "": the whole article
    crash_log: str = ""


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
    #: Articles and locales that could not be processed (each is one line; exit 2).
    failures: tuple[Failure, ...] = ()

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
    failed = _Failed(ws)
    if dirty or full:
        failed.preflight(dirty, full)
    dirty = [path for path in dirty if path.stem not in failed.articles]
    extracted: list[ExtractResult] = []
    updated: UpdateResult | None = None
    if dirty:
        from .extract import extract

        extracted = failed.each(
            [((), frozenset(path.stem for path in dirty))],
            lambda _locales, chosen: extract(
                ws, [path for path in dirty if path.stem in chosen], tick=tick
            ),
            per_locale=False,
        )
    slugs = frozenset(r.article.slug for r in extracted)
    dirty = [path for path in dirty if path.stem in slugs]
    if dirty:
        from .update import UpdateResult, update

        converter_for = ws.converter_for()
        merged = failed.each(
            failed.groups(config.locales, slugs),
            lambda locales, chosen: [
                update(ws, locales, converter_for=converter_for, tick=tick, only=chosen)
            ],
        )
        updated = UpdateResult(
            catalogs=tuple(c for u in merged for c in u.catalogs),
            orphans=tuple(dict.fromkeys(o for u in merged for o in u.orphans)),
            renames=tuple(dict.fromkeys(r for u in merged for r in u.renames)),
        )
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
        ws,
        strict=strict,
        force=force,
        hasher=hasher,
        key=key,
        notes=notes,
        exclude=failed.catalog_paths(),
    )
    tick()
    # An article's edition in a locale whose catalog has check errors is held back
    # (its MO not compiled, its previous output removed); every other one is built.
    held = {} if keep_going else held_editions(checked)

    def held_in(locale: str) -> set[str]:
        return {slug for slug, where in held if where == locale}

    # A catalog that could not be read is held back like one with check errors.
    held.update(
        {
            (slug, locale): "its catalog cannot be read (see the error above)"
            for slug, locales in failed.locales.items()
            for locale in locales
        }
    )
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
        parts = failed.each(
            [
                ((locale,), frozenset((slugs | orphan_slugs) - held_in(locale)))
                for locale in config.locales
            ],
            lambda locales, chosen: [compile_catalogs(ws, locales, only=chosen)],
        )
        compiled = CompileResult(
            tuple(p for part in parts for p in part.written),
            tuple(p for part in parts for p in part.changed),
            tuple(w for part in parts for w in part.warnings),
        )
        building = frozenset(path.stem for path in to_build)
        built = failed.each(
            failed.groups(config.locales, building - failed.slugs())
            + [
                (tuple(config.locales), frozenset({slug}))
                for slug in sorted(building & set(failed.locales))
            ],
            lambda locales, chosen: build_articles(
                ws,
                locales,
                tick=tick,
                paths=[p for p in to_build if p.stem in chosen],
                units=units,
                held=held,
            ),
        )
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
        healthy = slug not in failed.slugs()
        if not any(key[0] == slug for key in held) and not saved_meanwhile and healthy:
            records[slug] = record
        else:  # not built everywhere, failed, or a catalog saved during the run: next time
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
    for slug in failed.slugs():  # failed: processed again next run
        records.pop(slug, None)
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
        failures=tuple(failed.found),
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


def _contained(exc: Exception) -> bool:
    """An article or catalog that cannot be read, or a bug; not a full disk, a write
    refused, a file an editor is saving, or the project's tables and configuration."""
    if isinstance(exc, (InputFileError, CatalogError)):
        return True
    return not isinstance(exc, (PipelineError, OSError))


class _Failed:
    """What failed in this run, per article and locale, so the rest goes on without it.

    Each step runs once over every group of articles, as before; only when it
    raises is it run again article by article and locale by locale, to find
    what failed. An unreadable article or catalog becomes its one line; any
    exception that is not bad input, its one line plus a crash log with the
    traceback. Everything else (tables, configuration, output paths, a full
    disk, an editor saving a catalog) still stops the run (:func:`_contained`).
    """

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.found: list[Failure] = []
        self.articles: set[str] = set()
        self.locales: dict[str, set[str]] = {}

    def slugs(self) -> set[str]:
        return self.articles | set(self.locales)

    def add(self, slug: str, exc: Exception, locale: str = "") -> None:
        if slug in self.articles or locale in self.locales.get(slug, set()):
            return
        message, log = str(exc), ""
        if not isinstance(exc, PipelineError):
            log = self._crash_log(slug, exc)
            where = self._article_path(slug)
            summary = escape_line(f"{type(exc).__name__}: {exc}", keep_tabs=False)[:200]
            message = f"{where}: internal error ({summary}); traceback in {log}"
        if locale:
            self.locales.setdefault(slug, set()).add(locale)
        else:
            self.articles.add(slug)
            self.found = [f for f in self.found if f.slug != slug]
        self.found.append(Failure(slug, message, locale, log))

    def _article_path(self, slug: str) -> str:
        for path in self.ws.article_paths():
            if path.stem == slug:
                return self.ws.relative(path)
        return slug

    def _crash_log(self, slug: str, exc: Exception) -> str:
        path = self.ws.config.root / ".zhl10n-cache" / f"crash-{slug}.log"
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        try:
            atomic_write_text(path, text)
        except (PipelineError, OSError):
            return "(no crash log: the cache folder is not writable)"
        return self.ws.relative(path)

    def preflight(self, dirty: Sequence[Path], full: bool) -> None:
        """:meth:`Workspace.preflight`; when it fails, find which articles and catalogs fail.

        Tables and configuration are read first and stop the run; an error no
        single article or catalog reproduces (a correction for an unknown article,
        two articles sharing a slug) stops it too.
        """
        ws = self.ws
        try:
            ws.preflight(() if full else dirty)
            return
        except PipelineError as exc:
            first: PipelineError = exc
        ws.glossary()
        ws.conversions()
        ws.vocabulary()
        ws.check_opencc_names()
        ws.corrections()
        ws.overrides()
        for path in dirty if not full else ws.article_paths():
            try:
                ws.articles([path])
            except Exception as exc:
                if not _contained(exc):
                    raise
                self.add(path.stem, exc)
                continue
            ws.check_outputs([path.stem])
            for locale, po in ws.catalog_files(ws.config.locales, {path.stem}):
                try:
                    ws.catalog(po)
                except Exception as exc:
                    if not _contained(exc):
                        raise
                    self.add(path.stem, exc, locale)
        if not self.found:
            raise first

    def groups(
        self, locales: Sequence[str], slugs: Collection[str]
    ) -> list[tuple[tuple[str, ...], frozenset[str]]]:
        """``(locales, slugs)`` to run a step on: one group for the articles with every
        locale healthy, one per article that lost some."""
        healthy = frozenset(s for s in slugs if s not in self.slugs())
        result = [(tuple(locales), healthy)] if healthy else []
        for slug in sorted(set(slugs) & set(self.locales)):
            if slug in self.articles:
                continue
            left = tuple(loc for loc in locales if loc not in self.locales[slug])
            if left:
                result.append((left, frozenset({slug})))
        return result

    def each(
        self,
        groups: Sequence[tuple[tuple[str, ...], frozenset[str]]],
        step: Callable[[tuple[str, ...], frozenset[str]], list[_R]],
        *,
        per_locale: bool = True,
    ) -> list[_R]:
        """``step`` over each group; a group that raises is run again per article (and
        per locale), and what still raises is recorded and left out."""
        results: list[_R] = []
        for locales, chosen in groups:
            if not chosen:
                continue
            try:
                results.extend(step(locales, chosen))
                continue
            except Exception as exc:
                if not _contained(exc):
                    raise
            for slug in sorted(chosen):
                if slug in self.articles:
                    continue
                try:
                    results.extend(step(locales, frozenset({slug})))
                    continue
                except Exception as exc:
                    if not _contained(exc):
                        raise
                    if not per_locale:
                        self.add(slug, exc)
                        continue
                    failure = exc
                lost: list[tuple[str, Exception]] = []
                for locale in locales:
                    try:
                        results.extend(step((locale,), frozenset({slug})))
                    except Exception as error:
                        if not _contained(error):
                            raise
                        lost.append((locale, error))
                if len(lost) == len(locales):  # every locale: the article fails, one line
                    self.add(slug, failure)
                for locale, lost_to in lost if len(lost) < len(locales) else ():
                    self.add(slug, lost_to, locale)
        return results

    def catalog_paths(self) -> frozenset[Path]:
        """The catalogs of failed locales, which ``check`` must not read."""
        return frozenset(
            self.ws.po_path(locale, slug)
            for slug, locales in self.locales.items()
            for locale in locales
        )
