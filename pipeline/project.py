"""Orchestration: one function per command, over every article and locale of a project.

These functions read and write files through the stage modules and return
result dataclasses; they never print. The CLI formats what they return.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from . import catalog
from .check import Catalog, CheckResult, check_catalogs
from .config import Config, check_encoding
from .errors import (
    CatalogError,
    ChangedOnDisk,
    ConfigError,
    GlossaryError,
    InputFileError,
    PipelineError,
    UnknownLocale,
)
from .fileio import atomic_write_text, confined, folder_lock, remove_stale_temps
from .glossary import LintReport, lint_conversions, lint_glossary, load_glossary
from .layers import Layered, layer, shipped_conversions, shipped_vocabulary
from .models import (
    CHINESE_LOCALES,
    Article,
    CatalogUnit,
    ConversionOverride,
    Correction,
    GlossaryEntry,
    Unit,
    Violation,
    VocabularyRow,
)
from .regional import Change, Profile
from .segment import Annotator, segment
from .textout import escape_line

if TYPE_CHECKING:  # imported where used: ingest needs pypinyin, convert needs OpenCC
    from .convert import EngineInfo, StreamResult

#: Called once per finished step (an article, a catalog) so a CLI can draw progress.
Tick = Callable[[], None]


def _no_tick() -> None:
    return None


def pot_path(config: Config, slug: str) -> Path:
    """Where an article's template lives."""
    return config.locales_path / f"{slug}.pot"


def po_path(config: Config, locale: str, slug: str) -> Path:
    """Where an article's catalog for one locale lives."""
    return config.locales_path / locale / "LC_MESSAGES" / f"{slug}.po"


def source_language(config: Config, article: Article) -> tuple[str, str]:
    """The source locale and the detected script (``Hant``, ``Hans`` or ``mixed``)."""
    from .convert import detect_script

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


def project_glossary(config: Config) -> tuple[GlossaryEntry, ...]:
    """The project's glossary, refused when ``glossary lint`` finds errors in it.

    The pipeline never runs on a glossary that is missing (a typo in the path
    would silently strip every term) or that lint rejects (a formula cell would
    flow into every catalog). ``glossary = ""`` in the configuration means none.
    """
    if not config.glossary:
        return ()
    path = config.glossary_path
    with _relative_paths(config):
        if not path.is_file():
            raise GlossaryError(
                "glossary file not found: run `zhl10n init` to start a project here (or "
                'create it with its header row, or set glossary = "" to run without one)',
                path,
            )
        report = lint_glossary(path)
        if report.errors:
            line, message = min(report.errors)
            raise GlossaryError(message, path, line)
        return load_glossary(path)


def project_conversions(config: Config) -> tuple[ConversionOverride, ...]:
    """The conversion rows in force: the tool's, then the project's file (optional) on
    top (:mod:`pipeline.layers`); a file with lint errors is refused."""
    return layered_conversions(config).rows


def layered_conversions(config: Config, path: Path | None = None) -> Layered[ConversionOverride]:
    """Shipped conversion rows with ``path`` (default: the project's file) on top."""
    from .glossary import load_conversions

    path = path if path is not None else config.conversions_path
    shipped = shipped_conversions()
    if path == config.conversions_path and (not config.conversions or not path.is_file()):
        return layer(shipped, (), "")
    with _relative_paths(config):
        report = lint_conversions(path)
        if report.errors:
            line, message = min(report.errors)
            raise GlossaryError(message, path, line)
        return layer(shipped, load_conversions(path), config.relative(path), path)


def project_corrections(config: Config) -> tuple[Correction, ...]:
    """``corrections.csv``, refused when lint finds errors; one named in the configuration
    must exist (the default one is optional)."""
    from .glossary import lint_corrections
    from .ingest import load_corrections

    if not config.corrections:
        return ()
    path = config.corrections_path
    if not path.is_file():
        if "corrections" in config.explicit:
            raise InputFileError(
                "corrections file named in the configuration not found "
                '(create it with its header row, or set corrections = "")',
                config.relative(path),
            )
        return ()
    with _relative_paths(config):
        report = lint_corrections(path)
        if report.errors:
            line, message = min(report.errors)
            raise InputFileError(message, path, line)
        return load_corrections(path)


def project_vocabulary(config: Config) -> tuple[VocabularyRow, ...]:
    """The regional vocabulary in force: the tool's, then the project's file (optional)
    on top (:mod:`pipeline.layers`); a file with unusable rows is refused."""
    return layered_vocabulary(config).rows


def layered_vocabulary(config: Config, path: Path | None = None) -> Layered[VocabularyRow]:
    """Shipped vocabulary with ``path`` (default: the project's file) on top."""
    from .glossary import load_vocabulary

    path = path if path is not None else config.vocabulary_path
    shipped = shipped_vocabulary()
    if path == config.vocabulary_path and (not config.vocabulary or not path.is_file()):
        return layer(shipped, (), "")
    with _relative_paths(config):
        return layer(shipped, load_vocabulary(path), config.relative(path), path)


def preflight(config: Config, paths: Sequence[Path] = ()) -> None:
    """Read every input of a run and check every value it uses before anything is written.

    A bad glossary, article, catalog, OpenCC name, encoding or output path
    changes nothing. Templates are not read: ``run`` regenerates them, so a
    broken one is repaired rather than blocking the run. With ``paths``, only
    those articles and their catalogs (an incremental run read the others,
    unchanged, in an earlier run with the same code and tables).
    """
    project_glossary(config)
    project_conversions(config)
    project_vocabulary(config)
    articles = load_articles(config, paths)
    check_opencc_names(config)
    check_outputs(config, [article.slug for article in articles])
    slugs = {path.stem for path in paths} if paths else None
    for _locale, path in catalog_files(config, config.locales, slugs):
        _read_catalog(config, path)


def check_opencc_names(config: Config) -> None:
    """Every OpenCC configuration of the locale mapping a run may use exists."""
    from .convert import check_config

    for script in ("Hant", "Hans"):
        for locale in config.locales:
            name = config.opencc_config(script, locale) if locale in CHINESE_LOCALES else ""
            if name:
                try:
                    check_config(name)
                except PipelineError as exc:
                    raise ConfigError(
                        f"'opencc.{script}.{locale}': {exc.message}", config.source
                    ) from None


def sweep_temps(config: Config) -> None:
    """Temporary files a killed run left behind go at the start of the next one."""
    folders = [config.locales_path, config.build_path]
    for locale in config.locales:
        folders += [config.locales_path / locale / "LC_MESSAGES", config.build_path / locale]
    for folder in folders:
        if folder.is_dir() and not folder.is_symlink():
            remove_stale_temps(folder)


def check_outputs(config: Config, slugs: Sequence[str]) -> None:
    """Every folder and file a run writes can be written: no file where a folder goes.

    Output folders must also stay inside the project once symlinks are followed
    (README: "Paths in the configuration").
    """
    root = config.root.resolve()
    sweep_temps(config)
    for key, folder in (("locales_dir", config.locales_path), ("build_dir", config.build_path)):
        if folder.exists() and not folder.is_dir():
            raise ConfigError(f"'{key}' names a file, not a folder", config.relative(folder))
        if not folder.resolve().is_relative_to(root):
            raise ConfigError(
                f"'{key}' leads outside the project (to {folder.resolve()}); "
                "output folders must stay inside it",
                config.relative(folder),
            )
    for locale in config.locales:
        for folder in (config.locales_path / locale, config.build_path / locale):
            if folder.exists() and not folder.is_dir():
                raise ConfigError("is a file where a folder is expected", config.relative(folder))
    for slug in slugs:
        paths = [pot_path(config, slug)]
        for locale in config.locales:
            po = po_path(config, locale, slug)
            paths += [po, po.with_suffix(".mo")]
            paths += [config.build_path / locale / f"{slug}{ext}" for ext in (".txt", ".md")]
        for path in paths:
            if path.is_dir():
                raise CatalogError("is a folder where a file is expected", config.relative(path))
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                raise CatalogError(
                    f"leads outside the project (to {path.resolve()}) through a symlink; "
                    "refusing to write there",
                    config.relative(path),
                )


def glossary_annotator(config: Config) -> Annotator | None:
    """Extracted-comment annotator listing glossary terms (None without a glossary)."""
    entries = project_glossary(config)
    if not entries:
        return None
    from .glossary import TermMatcher, glossary_comments

    matcher = TermMatcher(entries)

    def annotate(source: str) -> tuple[str, ...]:
        return tuple(glossary_comments(source, matcher))

    return annotate


def load_articles(
    config: Config, paths: Sequence[Path] = (), *, encoding: str | None = None
) -> list[Article]:
    """Read and clean every article (all of them before anything is written)."""
    from .ingest import read_article
    from .residue import OVERRIDES_FILE, load_overrides  # imports OpenCC

    chosen = tuple(paths) or config.article_paths()
    if not chosen:
        raise InputFileError(
            f"no articles found (globs: {', '.join(config.articles)})", config.root
        )
    if encoding is not None:
        check_encoding(encoding, "--encoding")
    seen: dict[str, Path] = {}
    for path in chosen:
        shown = escape_line(path.name, keep_tabs=False)
        if shown != path.name:
            raise InputFileError(
                f"article file name {shown!r} has a control character (newline, tab...); "
                "rename the file (its name becomes the names of its catalogs)",
                escape_line(config.relative(path.parent)),
            )
        if path.stem in seen:
            raise InputFileError(
                f"shares its slug {path.stem!r} with {config.relative(seen[path.stem])}; "
                "rename one of them",
                config.relative(path),
            )
        seen[path.stem] = path
    corrections = project_corrections(config)
    if not paths:
        known = {path.stem for path in chosen}
        stale = next((c for c in corrections if c.article not in known), None)
        if stale is not None:
            raise InputFileError(
                f"correction for unknown article {stale.article!r} (renamed or deleted?)",
                config.relative(config.corrections_path),
                stale.line,
            )
    overrides = load_overrides(config.root / OVERRIDES_FILE)
    if not paths:
        stale_override = next((o for o in overrides if o.article not in seen), None)
        if stale_override is not None:
            raise InputFileError(
                f"override for unknown article {stale_override.article!r} (renamed or deleted?)",
                OVERRIDES_FILE,
                stale_override.line,
            )
    return [
        read_article(
            path,
            display_path=config.relative(path),
            encoding=encoding or config.encodings.get(path.stem),
            punctuation=config.punctuation,
            corrections=corrections,
            overrides=overrides,
            front_matter_keys=config.front_matter_keys,
        )
        for path in chosen
    ]


def extract(
    config: Config,
    paths: Sequence[Path] = (),
    *,
    encoding: str | None = None,
    now: _dt.datetime | None = None,
    check: bool = False,
    tick: Tick = _no_tick,
) -> list[ExtractResult]:
    """Write ``locales/<slug>.pot`` for each article; unchanged templates are not touched.

    With ``check`` nothing is written; ``changed`` then says which templates are stale.
    """
    articles = load_articles(config, paths, encoding=encoding)
    if not check:
        check_outputs(config, [article.slug for article in articles])
    annotate = glossary_annotator(config)
    planned = []
    for article in articles:
        language, script = source_language(config, article)
        planned.append((article, segment(article, annotate), language, script))
    with confined(config.root):
        results = _write_templates(config, planned, now=now, check=check, tick=tick)
    return results


def _write_templates(
    config: Config,
    planned: list[tuple[Article, tuple[Unit, ...], str, str]],
    *,
    now: _dt.datetime | None,
    check: bool,
    tick: Tick,
) -> list[ExtractResult]:
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
            dry_run=check,
        )
        results.append(ExtractResult(article, units, target, language, script, changed))
        tick()
    return results


# --- update / stats / compile (catalog issue) ----------------------------------------------

#: ``converter_for(locale, source_language, slug)``: the conversion that fills a
#: zh_* catalog, or None for a locale translated by people (en).
ConverterFactory = Callable[[str, str, str], "Callable[[str], str] | None"]


def live_templates(
    config: Config, only: Collection[str] | None = None
) -> tuple[list[tuple[Path, catalog.Catalog]], list[Path]]:
    """Templates (read) whose article exists, and orphans whose article is gone.

    An article of the configured set without a template is an error: its
    catalogs would silently fall behind. With ``only``, the templates of those
    slugs and of no current article (orphan candidates) are read, no others.
    """
    templates = template_paths(config)
    slugs = {path.stem for path in templates}
    articles = config.article_paths()
    missing = [p for p in articles if p.stem not in slugs]
    if missing:
        raise InputFileError(
            "article has no template; run zhl10n extract first", config.relative(missing[0])
        )
    if only is not None:
        current = {p.stem for p in articles}
        templates = [p for p in templates if p.stem in only or p.stem not in current]
    live: list[tuple[Path, catalog.Catalog]] = []
    orphans: list[Path] = []
    for path in templates:
        pot = _read_catalog(config, path)
        source = str(pot.metadata.get("X-Source-File") or "")
        if not source or (config.root / source).is_file():
            live.append((path, pot))
        else:
            orphans.append(path)
    return live, orphans


def template_paths(config: Config) -> list[Path]:
    """Every article template, ``locales/<slug>.pot``, sorted."""
    return sorted(config.locales_path.glob("*.pot"))


def _read_catalog(config: Config, path: Path) -> catalog.Catalog:
    """Read a catalog, naming it relative to the project in error messages."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError("catalog not found", config.relative(path)) from None
    except OSError as exc:
        raise CatalogError(
            f"cannot read catalog: {exc.strerror or exc}", config.relative(path)
        ) from None
    return catalog.parse_catalog(data, config.relative(path))


def _source_language(config: Config, pot: catalog.Catalog) -> str:
    declared = str(pot.metadata.get("X-Source-Language") or "")
    if declared:
        return declared
    return config.source_locale if config.source_locale != "auto" else "zh_Hant"


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
    config: Config,
    locales: Sequence[str] = (),
    *,
    check: bool = False,
    purge_obsolete: bool = False,
    converter_for: ConverterFactory | None = None,
    now: _dt.datetime | None = None,
    tick: Tick = _no_tick,
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
    chosen = config.check_locales(tuple(locales))
    pots, orphans = live_templates(config, only)
    if not pots and only is None:
        raise InputFileError(
            "no templates (*.pot) to update from; run zhl10n extract first",
            config.relative(config.locales_path),
        )
    if not check:
        check_outputs(config, [pot_file.stem for pot_file, _pot in pots])
    stamp = catalog.now_stamp(now)
    from .glossary import glossary_note_localiser

    zh = set(chosen) & set(CHINESE_LOCALES)
    terms = project_glossary(config) if zh and config.glossary_path.is_file() else ()
    hints = {locale: glossary_note_localiser(terms, locale) for locale in chosen}
    from .exchange import ProjectMemory

    memory = ProjectMemory(config)

    def plan(
        pot: catalog.Catalog, slug: str, source: str, locale: str
    ) -> tuple[CatalogUpdate, str, bytes | None]:
        """The merged catalog of one locale, and the bytes it was merged from."""
        target = po_path(config, locale, slug)
        read_bytes = target.read_bytes() if target.is_file() else None
        old_bytes = read_bytes
        if old_bytes is not None and not old_bytes.strip():
            old_bytes = None  # an empty file holds nothing to keep: start afresh
        old: catalog.Catalog | None = None
        old_keys: set[tuple[str | None, str]] = set()
        if old_bytes is None:
            po = catalog.new_catalog(pot, locale)
            report = catalog.MergeReport(new=len(po))
        else:
            old = catalog.parse_catalog(old_bytes, config.relative(target))
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

    renames = probable_renames(config, pots, orphans)
    # A renamed article's catalogs are moved by ``zhl10n mv``, not started afresh.
    waiting = {slug for _orphan, slug in renames}
    lock = folder_lock(config.locales_path) if not check else nullcontext()
    with lock:
        planned: list[tuple[CatalogUpdate, str]] = []
        sources: list[tuple[catalog.Catalog, str, str, str, bytes | None]] = []
        for pot_file, pot in pots:
            slug = pot_file.stem
            source = _source_language(config, pot)
            for locale in chosen:
                if slug in waiting and not po_path(config, locale, slug).is_file():
                    continue
                item, text, read_bytes = plan(pot, slug, source, locale)
                planned.append((item, text))
                sources.append((pot, slug, source, locale, read_bytes))
                tick()
        if not check:
            with _relative_paths(config), confined(config.root):
                _write_planned(planned, sources, plan)
    return UpdateResult(tuple(item for item, _ in planned), check, tuple(orphans), tuple(renames))


#: Share of an orphan template's units found in a new article's template for
#: ``update`` to call it a rename.
RENAME_SHARE = 0.5


def probable_renames(
    config: Config,
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
        if not any(po_path(config, locale, path.stem).is_file() for locale in config.locales)
    ]
    found: list[tuple[Path, str]] = []
    for orphan in orphans:
        units = {entry.msgid for entry in _read_catalog(config, orphan)}
        if not units or not fresh:
            continue
        share, slug = max((len(units & new) / len(units), slug) for slug, new in fresh)
        if share >= RENAME_SHARE:
            found.append((orphan, slug))
    return found


_Plan = Callable[[catalog.Catalog, str, str, str], "tuple[CatalogUpdate, str, bytes | None]"]


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


#: How often ``update`` re-reads and re-merges a catalog that an editor keeps saving.
_REMERGE_ATTEMPTS = 3


@dataclass(frozen=True)
class CompileResult:
    """``build``'s first step: the MO files compiled and what to warn about."""

    written: tuple[Path, ...]
    changed: tuple[Path, ...]
    warnings: tuple[str, ...]


def compile_catalogs(
    config: Config, locales: Sequence[str] = (), *, only: Collection[str] | None = None
) -> CompileResult:
    """Compile every catalog of ``locales`` (of the ``only`` slugs) to an MO file next to it.

    A catalog whose header is marked fuzzy is still compiled (msgfmt does the
    same; Babel silently skips it), with a warning.
    """
    chosen = config.check_locales(tuple(locales))
    written: list[Path] = []
    changed: list[Path] = []
    warnings: list[str] = []
    # Under the lock ``update`` holds while it replaces catalogs: never compile half an update.
    with folder_lock(config.locales_path), confined(config.root):
        # One catalog in memory at a time: a long article's five catalogs held together
        # cost five times the memory. ``build`` and ``run`` read every catalog in
        # their preflight, so a malformed one still stops them before any MO is written.
        for _locale, path in catalog_files(config, chosen, only):
            po = _read_catalog(config, path)
            target = path.with_suffix(".mo")
            if catalog.header_is_fuzzy(po):
                warnings.append(f"{config.relative(path)}: header is marked fuzzy; compiled anyway")
            for line, problem in catalog.plural_problems(po):
                warnings.append(f"{config.relative(path)}:{line}: {problem}")
            if catalog.write_mo(po, target):
                changed.append(target)
            written.append(target)
    return CompileResult(tuple(written), tuple(changed), tuple(warnings))


@dataclass(frozen=True)
class StatsRow:
    """One article in one locale; a missing catalog counts as all untranslated."""

    slug: str
    locale: str
    path: Path
    exists: bool
    stats: catalog.CatalogStats


def stats(config: Config, locales: Sequence[str] = ()) -> list[StatsRow]:
    """Translated / fuzzy / untranslated / obsolete per article and locale."""
    chosen = config.check_locales(tuple(locales))
    rows: list[StatsRow] = []
    for pot_file in template_paths(config):
        pot: catalog.Catalog | None = None
        for locale in chosen:
            target = po_path(config, locale, pot_file.stem)
            if target.is_file():
                counted = catalog.catalog_stats(_read_catalog(config, target))
                rows.append(StatsRow(pot_file.stem, locale, target, True, counted))
                continue
            pot = pot or _read_catalog(config, pot_file)
            rows.append(StatsRow(pot_file.stem, locale, target, False, catalog.catalog_stats(pot)))
    return rows


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
    config: Config,
    locales: Sequence[str] = (),
    *,
    threshold: float | None = None,
    tick: Tick = _no_tick,
    paths: Sequence[Path] = (),
) -> list[BuiltArticle]:
    """Render every article (or those at ``paths``) in every locale to ``build/<locale>/``."""
    from .build import render_article

    chosen = config.check_locales(tuple(locales))
    limit = config.threshold if threshold is None else threshold
    converter_for = conversion_factory(config)
    results: list[BuiltArticle] = []
    # The lock ``update`` holds: catalogs are never read while it replaces them.
    with folder_lock(config.locales_path), confined(config.root):
        for article in load_articles(config, paths):
            units = segment(article)
            language, _script = source_language(config, article)
            # A saved HTML page is built as the Markdown its article was read into.
            suffix = ".md" if article.format == "html" else Path(article.path).suffix or ".txt"
            for locale in chosen:
                target = config.build_path / locale / f"{article.slug}{suffix}"
                catalog_file = po_path(config, locale, article.slug)
                if not catalog_file.is_file():
                    results.append(
                        BuiltArticle(
                            article.slug,
                            locale,
                            target,
                            0.0,
                            len(units),
                            len(units),
                            False,
                            False,
                            "no catalog yet (run zhl10n update)",
                        )
                    )
                    tick()
                    continue
                rendered = render_article(
                    article,
                    units,
                    translations_for(catalog_file),
                    locale,
                    fallback=converter_for(locale, language, article.slug),
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


# --- review --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewResult:
    """``review``: the pages written under ``build/review/`` (index first)."""

    folder: Path
    pages: tuple[Path, ...]
    changed: tuple[Path, ...]
    removed: tuple[Path, ...]
    articles: int


def review(
    config: Config, *, checked: CheckResult | None = None, tick: Tick = _no_tick
) -> ReviewResult:
    """Write ``build/review/index.html`` and one ``<slug>.html`` per article.

    Reads the articles, the glossary and overrides, and each catalog once;
    ``checked`` reuses a check already run (``zhl10n run``), else the check
    runs here. Pages of articles that no longer exist are removed. Nothing
    else is written, and the same inputs give the same bytes.
    """
    from . import review as pages
    from .convert import Converter, explain, to_simplified
    from .residue import OVERRIDES_FILE, load_overrides

    bare = conversion_factory(config, inline_code=False)

    def explainer(language: str, slug: str) -> pages.Explainer:
        """The uncertain choices converting a unit of this article makes (``--explain``)."""

        def choices(locale: str, source: str) -> tuple[Any, ...]:
            converter = bare(locale, language, slug)
            return explain(converter, source) if isinstance(converter, Converter) else ()

        return choices

    articles = load_articles(config)
    entries, overrides = project_glossary(config), project_conversions(config)
    with _relative_paths(config):
        line_overrides = load_overrides(config.root / OVERRIDES_FILE)
    result = checked if checked is not None else check(config)
    by_catalog: dict[str, list[Violation]] = {}
    for violation in result.violations:
        by_catalog.setdefault(violation.path, []).append(violation)
    marker = pages.TermMarker(entries, config.locales)
    reviews = []
    for article in articles:
        units = segment(article)
        language, script = source_language(config, article)
        catalogs: dict[str, tuple[CatalogUnit, ...] | None] = {}
        violations: list[Violation] = []
        for locale in config.locales:
            path = po_path(config, locale, article.slug)
            with _relative_paths(config):
                catalogs[locale] = catalog.catalog_units(path) if path.is_file() else None
            violations += by_catalog.get(config.relative(path), [])
        reviews.append(
            pages.review_article(
                article,
                units,
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
            )
        )
        tick()
    folder = config.build_path / "review"
    planned = [(folder / "index.html", pages.render_index(reviews, config.locales))]
    planned += [(folder / item.page, pages.render_article(item)) for item in reviews]
    changed = [path for path, text in planned if atomic_write_text(path, text)]
    keep = {path.name for path, _ in planned}
    removed = sorted(p for p in folder.glob("*.html") if p.name not in keep)
    for path in removed:
        path.unlink()
    return ReviewResult(
        folder, tuple(p for p, _ in planned), tuple(changed), tuple(removed), len(reviews)
    )


# --- convert / doctor ----------------------------------------------------------------------

#: ``--from`` values of ``convert``: detect the script, or take it as given.
CONVERT_SOURCES = ("auto", "zh_Hant", "zh_Hans", "zh_TW", "zh_HK")
#: --no-glossary from a Traditional source: OpenCC's configuration for the region's shapes.
_PLAIN_TRADITIONAL = {"zh_TW": "t2tw", "zh_HK": "t2hk"}
#: ``--from`` values that state the source's region as well as its script.
_STATED_REGIONS = {"zh_TW": "TW", "zh_HK": "HK", "zh_Hans": "CN"}


def shielding_data(
    config: Config, *, glossary: Path | None = None, conversions: Path | None = None
) -> tuple[tuple[GlossaryEntry, ...], tuple[ConversionOverride, ...]]:
    """Glossary entries and conversion overrides to shield: the files given, else the project's.

    A file given explicitly must exist. ``convert`` works in any folder, so a
    project glossary that is simply absent means no shielding there; a present
    one must pass lint.
    """
    if glossary is not None:
        entries = load_glossary(glossary)
    elif config.glossary and config.glossary_path.is_file():
        entries = project_glossary(config)
    else:
        entries = ()
    layered = layered_conversions(config, conversions)
    return entries, layered.rows


def conversion_factory(config: Config, *, inline_code: bool = True) -> ConverterFactory:
    """The ``converter_for`` of :func:`update`: shielded OpenCC for each zh_* locale, None for en.

    The glossary, conversions and vocabulary are read once. Each article's profile
    (script, region, Simplified leftovers: :func:`pipeline.convert.article_profile`)
    comes from its template's source texts, read once per article; converters are
    cached per locale and profile, so filling many catalogs builds each only once.
    ``inline_code=False`` gives the bare :class:`~pipeline.convert.Converter` (for
    ``explain``, as the review pages use it) instead of one that skips inline code.
    """
    from functools import lru_cache

    from .convert import article_profile, converter_for_locale, keep_inline_code

    entries, overrides = project_glossary(config), project_conversions(config)
    vocabulary = project_vocabulary(config)

    @lru_cache(maxsize=8)
    def profile_of(slug: str, script: str) -> Profile:
        template = pot_path(config, slug)
        text = ""
        if template.is_file():
            with contextlib.suppress(PipelineError, OSError):
                pot = catalog.parse_catalog(template.read_bytes(), config.relative(template))
                text = "\n".join(entry.msgid for entry in pot if entry.msgid)
        return article_profile(text, vocabulary, script=script, region=config.regions.get(slug, ""))

    def converter_for(locale: str, source_language: str, slug: str) -> Callable[[str], str] | None:
        if locale not in CHINESE_LOCALES:
            return None
        script = "Hans" if source_language == "zh_Hans" else "Hant"
        converter = converter_for_locale(
            locale,
            script,
            entries,
            overrides,
            mapping=config.opencc,
            vocabulary=vocabulary,
            profile=profile_of(slug, script),
            quotes=config.quotes,
        )
        return keep_inline_code(converter) if inline_code else converter

    return converter_for


def _vocabulary_for(config: Config, vocabulary: Path | None) -> tuple[VocabularyRow, ...]:
    """The shipped vocabulary with the file given (it must exist) on top, else the
    project's if there is one."""
    if vocabulary is not None:
        return layered_vocabulary(config, vocabulary).rows
    return project_vocabulary(config)


def convert_files(
    config: Config,
    inputs: Sequence[Path | None],
    output: Path | None,
    *,
    stdin: IO[bytes],
    stdout: IO[bytes],
    opencc_config: str | None = None,
    to_locale: str | None = None,
    from_locale: str = "auto",
    shield: bool = True,
    glossary: Path | None = None,
    conversions: Path | None = None,
    vocabulary: Path | None = None,
    encoding: str = "utf-8",
    include_tofu_risk: bool = False,
    jobs: int = 0,
) -> list[StreamResult]:
    """``zhl10n convert``: OpenCC over files or stdin, glossary terms shielded if ``shield``.

    ``opencc_config`` (any OpenCC configuration name) and ``to_locale`` are
    exclusive; with neither, ``s2t`` as in the ``opencc`` command line. With
    ``to_locale`` the configuration comes from the locale mapping and the
    script of each input (detected from its start unless ``from_locale``).
    """
    from .convert import (
        Converter,
        article_profile,
        check_config,
        convert_paths,
        converter_for_config,
        converter_for_locale,
        detect_script,
    )

    if opencc_config is not None and to_locale is not None:
        raise ConfigError("give either an OpenCC configuration (-c) or --to, not both")
    check_encoding(encoding, "--encoding")
    if from_locale not in CONVERT_SOURCES:
        raise ConfigError(
            f"--from must be one of {', '.join(CONVERT_SOURCES)}, not {from_locale!r}"
        )
    entries: tuple[GlossaryEntry, ...] = ()
    overrides: tuple[ConversionOverride, ...] = ()
    words: tuple[VocabularyRow, ...] = ()
    if shield:  # --no-glossary: the files are not even read
        entries, overrides = shielding_data(config, glossary=glossary, conversions=conversions)
        words = _vocabulary_for(config, vocabulary)
    converter: Converter | None = None
    choose: Callable[[str], Converter] | None = None
    if to_locale is None:
        name = check_config(opencc_config or "s2t")
        if shield:
            converter = converter_for_config(
                name, entries, overrides, include_tofu_risk=include_tofu_risk
            )
        else:
            converter = Converter(name, include_tofu_risk=include_tofu_risk)
    else:
        if to_locale not in CHINESE_LOCALES:
            raise UnknownLocale(
                f"--to must be one of {', '.join(CHINESE_LOCALES)}, not {to_locale!r}"
            )
        locale = to_locale

        def pick(sample: str) -> Converter:
            if from_locale == "auto":
                script = detect_script(sample)
            else:
                script = "Hans" if from_locale == "zh_Hans" else "Hant"
            if not shield:  # --no-glossary: the locale's OpenCC configuration, nothing else
                name = config.opencc_config(script, locale)
                if not name and script == "Hant":  # OpenCC's own shapes for the region
                    name = _PLAIN_TRADITIONAL.get(locale, "")
                plain = Converter(name, include_tofu_risk=include_tofu_risk)
                if not name:
                    plain.note = (
                        f"--no-glossary: the source is already Traditional and {locale} has "
                        "no OpenCC configuration for it, so the text is written unchanged "
                        "(without --no-glossary, leftovers are repaired)"
                    )
                return plain
            return converter_for_locale(
                locale,
                script,
                entries,
                overrides,
                mapping=config.opencc,
                include_tofu_risk=include_tofu_risk,
                vocabulary=words,
                profile=article_profile(
                    sample, words, script=script, region=_STATED_REGIONS.get(from_locale, "")
                ),
                quotes=config.quotes,
            )

        if from_locale == "auto":
            choose = pick
        else:
            converter = pick("")
    return convert_paths(
        inputs,
        output,
        stdin=stdin,
        stdout=stdout,
        converter=converter,
        choose=choose,
        encoding=encoding,
        jobs=jobs,
    )


@dataclass(frozen=True)
class Explanation:
    """One uncertain choice of ``zhl10n convert --explain``: where, and the change made."""

    name: str
    line: int
    change: Change
    #: The table the rule came from (``zhl10n`` for the shipped tables), when a rule decided.
    layer: str = ""

    def describe(self) -> str:
        c = self.change
        where = f" ({self.layer})" if self.layer else ""
        return (
            f"{self.name}:{self.line}:{c.start + 1}: {c.source} → {c.result} "
            f"[{c.rule}] {c.reason}{where}".rstrip()
        )


def explain_results(
    results: Sequence[StreamResult],
    inputs: Sequence[Path | None],
    *,
    stdin_data: bytes = b"",
    encoding: str = "utf-8",
    layers: Mapping[str, str] | None = None,
) -> list[Explanation]:
    """Per input line (``--explain``): each change a table rule made, with the table it
    came from (``layers``: rule name -> layer), and each ambiguous-character choice no
    phrase rule decided.

    Each input is read again (standard input from ``stdin_data``, kept by the caller)
    and traced line by line with the converter that converted it.
    """
    from .convert import explain

    layers = layers or {}

    found: list[Explanation] = []
    sources = list(inputs) or [None]
    for result, path in zip(results, sources, strict=False):
        if result.converter is None:
            continue
        data = stdin_data if path is None else path.read_bytes()
        text = data.decode(encoding, errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            for change in explain(result.converter, line, uncertain_only=False):
                if change.uncertain or change.reason in layers:
                    found.append(
                        Explanation(result.name, number, change, layers.get(change.reason, ""))
                    )
    return found


def rule_layers(
    config: Config,
    *,
    glossary: Path | None = None,
    conversions: Path | None = None,
    vocabulary: Path | None = None,
) -> dict[str, str]:
    """Rule name (``glossary:id``, ``override:id``, ``vocabulary:id``) -> the table it
    came from, for the same files ``convert`` read."""
    from .layers import rule_layers as layers_of

    entries, overrides = shielding_data(config, glossary=glossary, conversions=conversions)
    shown = config.relative(glossary if glossary is not None else config.glossary_path)
    found = {f"glossary:{entry.id}": shown for entry in entries}
    found.update(layers_of(_vocabulary_for(config, vocabulary), overrides))
    return found


@dataclass(frozen=True)
class DoctorReport:
    """What ``zhl10n doctor`` found: the engine, the project's data files, and problems."""

    engine: EngineInfo
    native_cli: Path | None
    config_source: str
    glossary: str
    conversions: str
    problems: tuple[str, ...]
    #: The regional vocabulary in force, by layer (shipped with zhl10n, the project's file).
    vocabulary: str = ""


def doctor(config: Config) -> DoctorReport:
    """Check the OpenCC engine and the files that conversion reads."""
    from .convert import clib_cli, convert_plain, engine_info

    info = engine_info()
    problems = list(info.warnings())
    try:
        convert_plain("漢字", "t2s")
    except PipelineError as exc:
        problems.append(f"OpenCC cannot convert: {exc}")
    except Exception as exc:  # a broken engine install: report it, do not crash
        problems.append(f"OpenCC cannot convert: {exc}")
    glossary = config.relative(config.glossary_path)
    if not config.glossary_path.is_file():
        glossary += " (not found: no shielding from it)"
    else:
        try:
            glossary += f" ({len(project_glossary(config))} entries)"
        except PipelineError as exc:
            problems.append(str(exc))
            glossary += " (unreadable)"
    layered: list[str] = []
    for path, named, load in (
        (config.conversions_path, config.conversions, layered_conversions),
        (config.vocabulary_path, config.vocabulary, layered_vocabulary),
    ):
        shown = config.relative(path) if named and path.is_file() else ""
        try:
            layered.append(load(config).describe(shown))
        except PipelineError as exc:
            problems.append(str(exc))
            layered.append(f"{shown} (unreadable)")
    return DoctorReport(
        engine=info,
        native_cli=clib_cli(),
        config_source=config.source,
        glossary=glossary,
        conversions=layered[0],
        problems=tuple(problems),
        vocabulary=layered[1],
    )


# --- glossary lint / check -----------------------------------------------------------------


@dataclass(frozen=True)
class LintResult:
    """``glossary lint``: the report of each file linted, keyed by its display path."""

    reports: tuple[tuple[str, LintReport], ...]

    @property
    def errors(self) -> int:
        return sum(len(report.errors) for _, report in self.reports)

    @property
    def warnings(self) -> int:
        return sum(len(report.warnings) for _, report in self.reports)

    @property
    def exit_code(self) -> int:
        """2 when any file has errors (it cannot be used), else 0."""
        return 2 if self.errors else 0


def lint(config: Config, path: Path | None = None) -> LintResult:
    """Lint ``path`` (default: the configured glossary) and, by default, conversions.csv
    and vocabulary.csv.

    Those two are linted only when no explicit path is given and they exist.
    """
    target = path if path is not None else config.glossary_path
    with _relative_paths(config):
        reports = [(config.relative(target), lint_glossary(target))]
        if path is None and config.conversions and config.conversions_path.is_file():
            conversions = config.conversions_path
            reports.append((config.relative(conversions), lint_conversions(conversions)))
        if path is None and config.corrections and config.corrections_path.is_file():
            from .glossary import lint_corrections

            corrections = config.corrections_path
            reports.append((config.relative(corrections), lint_corrections(corrections)))
        if path is None and config.vocabulary and config.vocabulary_path.is_file():
            from .glossary import lint_vocabulary

            vocabulary = config.vocabulary_path
            reports.append((config.relative(vocabulary), lint_vocabulary(vocabulary)))
        reports = [(shown, _with_layering(config, shown, report)) for shown, report in reports]
    return LintResult(tuple(reports))


def _with_layering(config: Config, shown: str, report: LintReport) -> LintReport:
    """The project's vocabulary or conversions report, plus a row that switches off
    no shipped row (:func:`pipeline.layers.layer`)."""
    load = {
        config.relative(config.conversions_path): layered_conversions,
        config.relative(config.vocabulary_path): layered_vocabulary,
    }.get(shown)
    if load is None or not report.ok:
        return report
    try:
        load(config)
    except GlossaryError as exc:
        return replace(report, errors=(*report.errors, (exc.line or 1, exc.message)))
    return report


def catalog_files(
    config: Config, locales: Sequence[str], only: Collection[str] | None = None
) -> list[tuple[str, Path]]:
    """``(locale, path)`` of every ``locales/<locale>/LC_MESSAGES/*.po`` (of ``only``), sorted.

    Catalogs of an orphaned template (its article is gone: renamed or deleted)
    are not live: nothing checks or builds them until ``zhl10n mv`` moves them.
    """
    orphaned = orphan_slugs(config)
    found: list[tuple[str, Path]] = []
    for locale in locales:
        folder = config.locales_path / locale / "LC_MESSAGES"
        found.extend(
            (locale, po)
            for po in sorted(folder.glob("*.po"))
            if (only is None or po.stem in only) and po.stem not in orphaned
        )
    return found


def orphan_slugs(config: Config) -> set[str]:
    """Slugs whose template names an article that is gone (renamed or deleted), as
    :func:`live_templates` decides (a template naming no article file stays live)."""
    articles = {path.stem for path in config.article_paths()}
    found: set[str] = set()
    for path in template_paths(config):
        if path.stem in articles:
            continue
        try:
            pot = _read_catalog(config, path)
        except CatalogError:
            continue  # reported where templates are read
        source = str(pot.metadata.get("X-Source-File") or "")
        if source and not (config.root / source).is_file():
            found.add(path.stem)
    return found


def check(
    config: Config,
    locales: Sequence[str] = (),
    *,
    strict: bool = False,
    only: Collection[str] | None = None,
) -> CheckResult:
    """Check every catalog of ``locales`` (default: all configured) against the glossary.

    A configured glossary that is missing or broken is bad input (GlossaryError);
    ``glossary = ""`` in the configuration checks without one. Malformed catalogs
    raise CatalogError. Nothing is written.

    With ``only`` (slugs), every rule runs on those articles' catalogs, and the
    consistency rule also on the units of other catalogs that share a source
    sentence with them (``check --changed-since``); violations elsewhere are not
    reported.
    """
    chosen = config.check_locales(list(locales))
    with _relative_paths(config):
        entries = project_glossary(config)
        missing = [
            Violation(
                path=config.relative(po_path(config, locale, template.stem)),
                line=0,
                unit_id="",
                rule="incomplete",
                message="no catalog for this locale yet (run zhl10n update)",
                locale=locale,
                severity="error" if strict else "warning",
            )
            for template in template_paths(config)
            for locale in chosen
            if (only is None or template.stem in only)
            and not po_path(config, locale, template.stem).is_file()
        ]
        catalogs = [
            Catalog(config.relative(path), locale, catalog.catalog_units(path))
            for locale, path in catalog_files(config, chosen)
        ]
    if only is not None:
        return _check_only(
            catalogs,
            entries,
            {c.path for c in catalogs if Path(c.path).stem in only},
            missing,
            strict,
        )
    result = check_catalogs(catalogs, entries, strict=strict)
    if missing:
        result = replace(result, violations=tuple(missing) + result.violations)
    return result


def _check_only(
    catalogs: Sequence[Catalog],
    entries: Sequence[GlossaryEntry],
    paths: set[str],
    missing: Sequence[Violation],
    strict: bool,
) -> CheckResult:
    """:func:`check` of the catalogs at ``paths``, consistency with the others included."""
    chosen = [c for c in catalogs if c.path in paths]
    involved = {(c.locale, u.msgid) for c in chosen for u in c.units}
    context = [
        replace(c, units=tuple(u for u in c.units if (c.locale, u.msgid) in involved))
        for c in catalogs
        if c.path not in paths
    ]
    result = check_catalogs(chosen + [c for c in context if c.units], entries, strict=strict)
    kept = [v for v in result.violations if v.path in paths or v.rule == "consistency"]
    units = sum(1 for c in chosen for u in c.units if not u.obsolete and (u.msgid or u.msgctxt))
    return replace(
        result,
        violations=tuple(missing) + tuple(kept),
        catalogs=tuple(c.path for c in chosen),
        units=units,
    )


@contextmanager
def _relative_paths(config: Config) -> Iterator[None]:
    """Errors name files relative to the project root, as the reports do."""
    try:
        yield
    except PipelineError as exc:
        if exc.path is not None:
            exc.path = config.relative(Path(exc.path))
        raise
