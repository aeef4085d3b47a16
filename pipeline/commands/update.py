"""``zhl10n update``: create or merge each locale's catalog from its template, as msgmerge does."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from .. import catalog
from ..errors import ChangedOnDisk, InputFileError
from ..exchange import ProjectMemory
from ..fileio import atomic_write_text, confined, folder_lock, read_settled
from ..glossary import glossary_note_localiser
from ..models import CHINESE_LOCALES
from ..workspace import ConverterFactory, Workspace, relative_paths
from . import Tick, no_tick
from .extract import ExtractResult, extract


@dataclass(frozen=True)
class CatalogUpdate:
    """One catalog after ``update``: created or merged, and whether its file changed."""

    slug: str
    locale: str
    path: Path
    created: bool
    changed: bool
    merge: catalog.MergeReport
    fill: catalog.FillReport | None = None
    stats: catalog.CatalogStats | None = None
    #: The file differs only in layout (wrapping, CRLF, BOM, order): same content.
    layout_only: bool = False
    #: Besides layout, only zhl10n's own notes or save-time header fields differ
    #: (a fuzzy entry resolved in Poedit or by msgattrib): not out of date.
    own_notes_only: bool = False
    #: With ``check``: how the catalog differs from the merged result, per entry.
    differences: tuple[str, ...] = ()
    #: Units new in this catalog filled from other articles' approved translations.
    memory: catalog.MemoryReport = catalog.MemoryReport()


@dataclass(frozen=True)
class UpdateResult:
    """``update`` over every template and locale; with ``check`` nothing was written."""

    catalogs: tuple[CatalogUpdate, ...]
    check: bool = False
    orphans: tuple[Path, ...] = ()
    #: ``(orphan template, slug of the article it probably became)``: a rename.
    renames: tuple[tuple[Path, str], ...] = ()

    @property
    def out_of_date(self) -> tuple[CatalogUpdate, ...]:
        """Catalogs whose content differs (or would differ) from the merged result."""
        return tuple(
            item
            for item in self.catalogs
            if item.changed and not (item.layout_only or item.own_notes_only)
        )

    @property
    def relaid(self) -> tuple[CatalogUpdate, ...]:
        """Catalogs whose content is current but whose layout or notes ``update`` would tidy."""
        return tuple(
            item
            for item in self.catalogs
            if item.changed and (item.layout_only or item.own_notes_only)
        )

    @property
    def exit_code(self) -> int:
        """1 when ``--check`` finds a catalog out of date, else 0."""
        return 1 if self.check and self.out_of_date else 0


def update(
    ws: Workspace,
    locales: Sequence[str] = (),
    *,
    check: bool = False,
    purge_obsolete: bool = False,
    converter_for: ConverterFactory | None = None,
    now: _dt.datetime | None = None,
    tick: Tick = no_tick,
    only: Collection[str] | None = None,
) -> UpdateResult:
    """Create or merge ``locales/<locale>/LC_MESSAGES/<slug>.po`` for every template.

    Everything is computed before anything is written, so a malformed catalog
    stops the run with nothing changed. Writes are atomic and happen under the
    ``locales/`` folder lock, so two runs cannot interleave. PO-Revision-Date
    moves (to ``now``) only when translations or units changed; a new catalog
    takes the template's POT-Creation-Date. With ``check`` nothing is written
    (not even the lock file) and the result lists the catalogs out of date.
    With ``only``, just the templates of those slugs (an incremental run).
    """
    config = ws.config
    chosen = config.check_locales(tuple(locales))
    pots, orphans = ws.live_templates(only)
    if not pots and only is None:
        raise InputFileError(
            "no templates (*.pot) to update from; run zhl10n extract first",
            ws.relative(config.locales_path),
        )
    if not check:
        ws.check_outputs([pot_file.stem for pot_file, _pot in pots])
    stamp = catalog.now_stamp(now)
    zh = set(chosen) & set(CHINESE_LOCALES)
    terms = ws.glossary() if zh and config.glossary_path.is_file() else ()
    hints = {locale: glossary_note_localiser(terms, locale) for locale in chosen}
    memory = ProjectMemory(config)

    def plan(
        pot: catalog.Catalog, slug: str, source: str, locale: str
    ) -> tuple[CatalogUpdate, str, bytes | None]:
        """The merged catalog of one locale, and the bytes it was merged from."""
        target = ws.po_path(locale, slug)
        read_bytes = (  # a save written in two parts is waited for, never merged half-done
            read_settled(target, ws.relative(target), catalog.looks_whole)
            if target.exists()
            else None
        )
        old_bytes = read_bytes
        if old_bytes is not None and not old_bytes.strip():
            old_bytes = None  # an empty file holds nothing to keep: start afresh
        old: catalog.Catalog | None = None
        old_keys: set[tuple[str | None, str]] = set()
        if old_bytes is None:
            po = catalog.new_catalog(pot, locale)
            report = catalog.MergeReport(new=len(po))
        else:
            old = ws.parsed(target, old_bytes)  # merge leaves it as it is
            old_keys = {(entry.msgctxt, entry.msgid) for entry in old}
            po, report = catalog.merge(old, pot, purge_obsolete=purge_obsolete)
        convert = converter_for(locale, source, slug) if converter_for else None
        new_keys = (
            [
                (entry.msgctxt, entry.msgid)
                for entry in po
                if not entry.obsolete
                and (old is None or (entry.msgctxt, entry.msgid) not in old_keys)
            ]
            if config.memory != "off"
            else []
        )
        remembered = (
            catalog.fill_from_memory(
                po,
                memory.lookup(locale, [msgid for _context, msgid in new_keys]),
                new_keys,
                origin=slug,
                mode=cast(catalog.MemoryMode, config.memory),
                near=convert is None,
            )
            if new_keys
            else catalog.MemoryReport()
        )
        fill = catalog.fill_converted(po, convert) if convert is not None else None
        localise = hints.get(locale)
        if localise is not None:  # the glossary hints name this locale's form
            for entry in po:
                if entry.comment:
                    entry.comment = localise(entry.comment)
        if old is not None and catalog.translation_signature(po) != catalog.translation_signature(
            old
        ):
            po.metadata["PO-Revision-Date"] = stamp
        text = catalog.render(po)
        changed = old_bytes != text.encode("utf-8")
        layout_only = (
            changed
            and old is not None
            and catalog.content_signature(old) == catalog.content_signature(po)
        )
        own_notes_only = (
            changed
            and old is not None
            and not layout_only
            and catalog.judged_signature(old) == catalog.judged_signature(po)
        )
        differences: tuple[str, ...] = ()
        if check and changed and old is not None and not (layout_only or own_notes_only):
            differences = tuple(catalog.describe_differences(old, po))
        item = CatalogUpdate(
            slug,
            locale,
            target,
            old is None,
            changed,
            report,
            fill,
            catalog.catalog_stats(po),
            layout_only,
            own_notes_only,
            differences,
            remembered,
        )
        return item, text, read_bytes

    renames = probable_renames(ws, pots, orphans)
    # A renamed article's catalogs are moved by ``zhl10n mv``, not started afresh.
    waiting = {slug for _orphan, slug in renames}
    lock = folder_lock(config.locales_path) if not check else nullcontext()
    with lock:
        planned: list[tuple[CatalogUpdate, str]] = []
        sources: list[tuple[catalog.Catalog, str, str, str, bytes | None]] = []
        for pot_file, pot in pots:
            slug = pot_file.stem
            source = ws.template_language(pot)
            for locale in chosen:
                if slug in waiting and not ws.po_path(locale, slug).is_file():
                    continue
                item, text, read_bytes = plan(pot, slug, source, locale)
                planned.append((item, text))
                sources.append((pot, slug, source, locale, read_bytes))
                tick()
        if not check:
            with relative_paths(config), confined(config.root):
                _write_planned(planned, sources, plan)
    return UpdateResult(tuple(item for item, _ in planned), check, tuple(orphans), tuple(renames))


#: Share of an orphan template's units found in a new article's template for
#: ``update`` to call it a rename.
RENAME_SHARE = 0.5


def probable_renames(
    ws: Workspace,
    live: Sequence[tuple[Path, catalog.Catalog]],
    orphans: Sequence[Path],
) -> list[tuple[Path, str]]:
    """Orphan templates whose units mostly reappear in a live template that has no
    catalogs yet: ``(orphan, new slug)`` (the article was renamed, not deleted)."""
    if not orphans:
        return []
    fresh = [
        (path.stem, {entry.msgid for entry in pot})
        for path, pot in live
        if not any(ws.po_path(locale, path.stem).is_file() for locale in ws.config.locales)
    ]
    found: list[tuple[Path, str]] = []
    for orphan in orphans:
        units = {entry.msgid for entry in ws.catalog(orphan)}
        if not units or not fresh:
            continue
        share, slug = max((len(units & new) / len(units), slug) for slug, new in fresh)
        if share >= RENAME_SHARE:
            found.append((orphan, slug))
    return found


_Plan = Callable[[catalog.Catalog, str, str, str], "tuple[CatalogUpdate, str, bytes | None]"]

#: How often ``update`` re-reads and re-merges a catalog that an editor keeps saving.
_REMERGE_ATTEMPTS = 3


def _write_planned(
    planned: list[tuple[CatalogUpdate, str]],
    sources: list[tuple[catalog.Catalog, str, str, str, bytes | None]],
    plan: _Plan,
) -> None:
    """Write every changed catalog, unless an editor saved it since it was read.

    Editors do not take our lock: a translator's save that landed after the
    catalog was read is merged again, never overwritten (README: "Editors").
    """
    for index, ((item, text), (pot, slug, source, locale, read_bytes)) in enumerate(
        zip(planned, sources, strict=True)
    ):
        for attempt in range(_REMERGE_ATTEMPTS + 1):
            if not item.changed:
                break
            try:
                atomic_write_text(item.path, text, expect=read_bytes)
                break
            except ChangedOnDisk:
                if attempt == _REMERGE_ATTEMPTS:
                    raise
                item, text, read_bytes = plan(pot, slug, source, locale)
                planned[index] = (item, text)


def stale_templates(ws: Workspace, *, write: bool) -> list[ExtractResult]:
    """Articles whose template is older than they are (by content: the template they
    would give now differs), extracted first when ``write``.

    ``update`` merges from the templates, so an article edited since its last
    ``extract`` would otherwise leave every catalog "unchanged" while it is behind.
    An article with no template yet is ``update``'s own error (run ``extract``).
    """
    templates = {path.stem for path in ws.template_paths()}
    known = {path.stem: path for path in ws.article_paths() if path.stem in templates}
    if not known:
        return []
    behind = [item for item in extract(ws, list(known.values()), check=True) if item.changed]
    if write and behind:
        extract(ws, [known[item.article.slug] for item in behind])
    return behind
