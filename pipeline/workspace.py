"""The workspace of one invocation: where a project's files are, and each input loaded once.

A :class:`Workspace` is made once per command from the configuration and
handed to the commands (:mod:`pipeline.commands`). It owns the on-disk layout
(templates, catalogs, MO files, built articles) and loads every input on
first use, validated, then remembers it: the glossary, conversion overrides,
regional vocabulary, corrections and overrides tables, each article (read and
cleaned once), each parsed catalog, and the converters. A step that needs an
input asks the workspace; a later step asking again gets the same object, so
``zhl10n run`` reads each article once and parses each catalog at most twice
(before and after ``update`` rewrites it).

Parsed catalogs are remembered with the bytes they came from and parsed again
only when the file on disk holds other bytes (an editor saved it, or a step
wrote it): what a step reads is always what the file holds. Catalogs handed
out are shared, so callers never modify them (``catalog.merge`` does not).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config, check_encoding
from .errors import CatalogError, ConfigError, GlossaryError, InputFileError, PipelineError
from .fileio import read_input, remove_stale_temps
from .models import (
    CHINESE_LOCALES,
    Article,
    CatalogUnit,
    ConversionOverride,
    Correction,
    GlossaryEntry,
    Override,
    VocabularyRow,
)
from .textout import escape_line

if TYPE_CHECKING:  # imported where used: ingest needs pypinyin, convert needs OpenCC
    from .catalog import Catalog
    from .layers import Layered
    from .regional import Profile
    from .segment import Annotator

#: ``converter_for(locale, source_language, slug)``: the conversion that fills a
#: zh_* catalog, or None for a locale translated by people (en).
ConverterFactory = Callable[[str, str, str], "Callable[[str], str] | None"]


@contextmanager
def relative_paths(config: Config) -> Iterator[None]:
    """Errors name files relative to the project root, as the reports do."""
    try:
        yield
    except PipelineError as exc:
        if exc.path is not None:
            exc.path = config.relative(Path(exc.path))
        raise


class Workspace:
    """One project for one invocation: its layout and its inputs, each loaded once."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._tables: dict[str, object] = {}
        self._articles: dict[tuple[Path, str | None], Article] = {}
        self._catalogs: dict[Path, tuple[bytes, Catalog]] = {}
        self._units: dict[Path, tuple[bytes, tuple[CatalogUnit, ...]]] = {}
        self._factories: dict[bool, ConverterFactory] = {}
        self._article_paths: tuple[Path, ...] | None = None

    # --- layout ---------------------------------------------------------------------------

    def pot_path(self, slug: str) -> Path:
        """Where an article's template lives."""
        return self.config.locales_path / f"{slug}.pot"

    def po_path(self, locale: str, slug: str) -> Path:
        """Where an article's catalog for one locale lives."""
        return self.config.locales_path / locale / "LC_MESSAGES" / f"{slug}.po"

    def mo_path(self, locale: str, slug: str) -> Path:
        """Where an article's compiled catalog for one locale lives."""
        return self.po_path(locale, slug).with_suffix(".mo")

    def build_path(self, locale: str, slug: str, suffix: str) -> Path:
        """Where an article is built in one locale (``suffix``: ``.txt`` or ``.md``)."""
        return self.config.build_path / locale / f"{slug}{suffix}"

    @property
    def review_path(self) -> Path:
        """The folder of the review pages."""
        return self.config.build_path / "review"

    def relative(self, path: Path) -> str:
        """``path`` as reports and errors name it: relative to the project root.

        A path the workspace made (under the root, no ``..``) is named without
        resolving it: resolving costs a system call per folder, for each of
        thousands of catalogs whose name is needed only if a message mentions it.
        """
        if path.is_absolute() == self.config.root.is_absolute() and ".." not in path.parts:
            try:
                return path.relative_to(self.config.root).as_posix()
            except ValueError:
                pass
        return self.config.relative(path)

    def article_paths(self) -> tuple[Path, ...]:
        """Every article the configured globs match, sorted (the folder is listed once)."""
        if self._article_paths is None:
            self._article_paths = self.config.article_paths()
        return self._article_paths

    def forget_article_paths(self) -> None:
        """List the articles folder again (after a command moved an article)."""
        self._article_paths = None

    def template_paths(self) -> list[Path]:
        """Every article template, ``locales/<slug>.pot``, sorted."""
        return sorted(self.config.locales_path.glob("*.pot"))

    def catalog_files(
        self, locales: Sequence[str], only: Collection[str] | None = None
    ) -> list[tuple[str, Path]]:
        """``(locale, path)`` of every ``locales/<locale>/LC_MESSAGES/*.po`` (of ``only``), sorted.

        Catalogs of an orphaned template (its article is gone: renamed or deleted)
        are not live: nothing checks or builds them until ``zhl10n mv`` moves them.
        """
        orphaned = self.orphan_slugs()
        found: list[tuple[str, Path]] = []
        for locale in locales:
            folder = self.config.locales_path / locale / "LC_MESSAGES"
            found.extend(
                (locale, po)
                for po in sorted(folder.glob("*.po"))
                if (only is None or po.stem in only) and po.stem not in orphaned
            )
        return found

    def live_templates(
        self, only: Collection[str] | None = None
    ) -> tuple[list[tuple[Path, Catalog]], list[Path]]:
        """Templates (read) whose article exists, and orphans whose article is gone.

        An article of the configured set without a template is an error: its
        catalogs would silently fall behind. With ``only``, the templates of those
        slugs and of no current article (orphan candidates) are read, no others,
        and only those slugs must have one (``run`` leaves out an article it could
        not read).
        """
        templates = self.template_paths()
        slugs = {path.stem for path in templates}
        articles = self.article_paths()
        missing = [p for p in articles if p.stem not in slugs and (only is None or p.stem in only)]
        if missing:
            raise InputFileError(
                "article has no template; run zhl10n extract first", self.relative(missing[0])
            )
        if only is not None:
            current = {p.stem for p in articles}
            templates = [p for p in templates if p.stem in only or p.stem not in current]
        live: list[tuple[Path, Catalog]] = []
        orphans: list[Path] = []
        for path in templates:
            pot = self.catalog(path)
            source = str(pot.metadata.get("X-Source-File") or "")
            if not source or (self.config.root / source).is_file():
                live.append((path, pot))
            else:
                orphans.append(path)
        return live, orphans

    def orphan_slugs(self) -> set[str]:
        """Slugs whose template names an article that is gone (renamed or deleted), as
        :meth:`live_templates` decides (a template naming no article file stays live)."""
        articles = {path.stem for path in self.article_paths()}
        found: set[str] = set()
        for path in self.template_paths():
            if path.stem in articles:
                continue
            try:
                pot = self.catalog(path)
            except CatalogError:
                continue  # reported where templates are read
            source = str(pot.metadata.get("X-Source-File") or "")
            if source and not (self.config.root / source).is_file():
                found.add(path.stem)
        return found

    # --- catalogs -------------------------------------------------------------------------

    def _read(self, path: Path) -> bytes:
        try:
            return read_input(path, self.relative(path))
        except FileNotFoundError:
            raise CatalogError("catalog not found", self.relative(path)) from None
        except OSError as exc:
            raise CatalogError(
                f"cannot read catalog: {exc.strerror or exc}", self.relative(path)
            ) from None

    def catalog(self, path: Path) -> Catalog:
        """The parsed template or catalog at ``path`` (shared: never modify it).

        Parsed again only when the file holds other bytes than last time.
        """
        return self.parsed(path, self._read(path))

    def parsed(self, path: Path, data: bytes) -> Catalog:
        """The catalog ``data`` (the bytes of ``path``) parsed, or as parsed before."""
        from .catalog import parse_catalog

        known = self._catalogs.get(path)
        if known is not None and known[0] == data:
            return known[1]
        po = parse_catalog(data, self.relative(path))
        self._catalogs[path] = (data, po)
        return po

    def catalog_units(self, path: Path) -> tuple[CatalogUnit, ...]:
        """The entries of the catalog at ``path`` as :class:`CatalogUnit` data."""
        data = self._read(path)
        known = self._units.get(path)
        if known is not None and known[0] == data:
            return known[1]
        from .catalog import units_of

        units = units_of(self.catalog(path), data)
        self._units[path] = (data, units)
        return units

    def translations(self, path: Path) -> dict[str, str]:
        """Usable translations of a catalog by unit id: translated, not fuzzy, not obsolete."""
        return {
            unit.msgctxt: unit.msgstr
            for unit in self.catalog_units(path)
            if unit.msgstr and not unit.fuzzy and not unit.obsolete
        }

    # --- tables ---------------------------------------------------------------------------

    def glossary(self) -> tuple[GlossaryEntry, ...]:
        """The project's glossary, refused when ``glossary lint`` finds errors in it.

        The pipeline never runs on a glossary that is missing (a typo in the path
        would silently strip every term) or that lint rejects (a formula cell would
        flow into every catalog). ``glossary = ""`` in the configuration means none.
        """
        if "glossary" not in self._tables:
            self._tables["glossary"] = self._load_glossary()
        return self._tables["glossary"]  # type: ignore[return-value]

    def _load_glossary(self) -> tuple[GlossaryEntry, ...]:
        from .glossary import checked_glossary

        config = self.config
        if not config.glossary:
            return ()
        path = config.glossary_path
        with relative_paths(config):
            if not path.is_file():
                raise GlossaryError(
                    "glossary file not found: run `zhl10n init` to start a project here (or "
                    'create it with its header row, or set glossary = "" to run without one)',
                    path,
                )
            entries, report = checked_glossary(path)
            if report.errors:
                line, message = min(report.errors)
                raise GlossaryError(message, path, line)
            return entries

    def conversions(self) -> tuple[ConversionOverride, ...]:
        """The conversion rows in force: the tool's, then the project's file (optional) on
        top (:mod:`pipeline.layers`); a file with lint errors is refused."""
        return self.layered_conversions().rows

    def layered_conversions(self, path: Path | None = None) -> Layered[ConversionOverride]:
        """Shipped conversion rows with ``path`` (default: the project's file) on top."""
        if path is not None:
            return self._layered_conversions(path)
        if "conversions" not in self._tables:
            self._tables["conversions"] = self._layered_conversions(self.config.conversions_path)
        return self._tables["conversions"]  # type: ignore[return-value]

    def _layered_conversions(self, path: Path) -> Layered[ConversionOverride]:
        from .glossary import checked_conversions
        from .layers import layer, shipped_conversions

        config = self.config
        shipped = shipped_conversions()
        if path == config.conversions_path and (not config.conversions or not path.is_file()):
            return layer(shipped, (), "")
        with relative_paths(config):
            overrides, report = checked_conversions(path)
            if report.errors:
                line, message = min(report.errors)
                raise GlossaryError(message, path, line)
            return layer(shipped, overrides, self.relative(path), path)

    def vocabulary(self) -> tuple[VocabularyRow, ...]:
        """The regional vocabulary in force: the tool's, then the project's file (optional)
        on top (:mod:`pipeline.layers`); a file with unusable rows is refused."""
        return self.layered_vocabulary().rows

    def layered_vocabulary(self, path: Path | None = None) -> Layered[VocabularyRow]:
        """Shipped vocabulary with ``path`` (default: the project's file) on top."""
        if path is not None:
            return self._layered_vocabulary(path)
        if "vocabulary" not in self._tables:
            self._tables["vocabulary"] = self._layered_vocabulary(self.config.vocabulary_path)
        return self._tables["vocabulary"]  # type: ignore[return-value]

    def _layered_vocabulary(self, path: Path) -> Layered[VocabularyRow]:
        from .glossary import load_vocabulary
        from .layers import layer, shipped_vocabulary

        config = self.config
        shipped = shipped_vocabulary()
        if path == config.vocabulary_path and (not config.vocabulary or not path.is_file()):
            return layer(shipped, (), "")
        with relative_paths(config):
            return layer(shipped, load_vocabulary(path), self.relative(path), path)

    def corrections(self) -> tuple[Correction, ...]:
        """``corrections.csv``, refused when lint finds errors; one named in the configuration
        must exist (the default one is optional)."""
        if "corrections" not in self._tables:
            self._tables["corrections"] = self._load_corrections()
        return self._tables["corrections"]  # type: ignore[return-value]

    def _load_corrections(self) -> tuple[Correction, ...]:
        from .glossary import lint_corrections_table
        from .ingest import corrections_of
        from .tables import CORRECTIONS_TABLE, read_table

        config = self.config
        if not config.corrections:
            return ()
        path = config.corrections_path
        if not path.is_file():
            if "corrections" in config.explicit:
                raise InputFileError(
                    "corrections file named in the configuration not found "
                    '(create it with its header row, or set corrections = "")',
                    self.relative(path),
                )
            return ()
        with relative_paths(config):
            try:  # read once: lint and load share the rows
                table = read_table(path, CORRECTIONS_TABLE)
            except PipelineError as exc:
                raise InputFileError(exc.message, path, exc.line or 1) from None
            report = lint_corrections_table(table)
            if report.errors:
                line, message = min(report.errors)
                raise InputFileError(message, path, line)
            return corrections_of(table.records, path)

    def overrides(self) -> tuple[Override, ...]:
        """The editor's cleaning overrides (``overrides.csv`` by default; optional file)."""
        if "overrides" not in self._tables:
            from .residue import load_overrides  # imports OpenCC

            rows: tuple[Override, ...] = ()
            if self.config.overrides:
                with relative_paths(self.config):
                    rows = load_overrides(self.config.overrides_path)
            self._tables["overrides"] = rows
        return self._tables["overrides"]  # type: ignore[return-value]

    # --- articles -------------------------------------------------------------------------

    def articles(self, paths: Sequence[Path] = (), *, encoding: str | None = None) -> list[Article]:
        """Every article (or those at ``paths``), read and cleaned once per invocation.

        All of them are read before anything is written; a name that cannot become
        a catalog name, two articles sharing a slug, or a correction or override
        for an article that does not exist stops the command.
        """
        from .ingest import read_article

        config = self.config
        chosen = tuple(paths) or self.article_paths()
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
                    escape_line(self.relative(path.parent)),
                )
            if path.stem in seen:
                raise InputFileError(
                    f"shares its slug {path.stem!r} with {self.relative(seen[path.stem])}; "
                    "rename one of them",
                    self.relative(path),
                )
            seen[path.stem] = path
        corrections = self.corrections()
        overrides = self.overrides()
        if not paths:
            known = {path.stem for path in chosen}
            stale = next((c for c in corrections if c.article not in known), None)
            if stale is not None:
                raise InputFileError(
                    f"correction for unknown article {stale.article!r} (renamed or deleted?)",
                    self.relative(config.corrections_path),
                    stale.line,
                )
            stale_override = next((o for o in overrides if o.article not in seen), None)
            if stale_override is not None:
                raise InputFileError(
                    f"override for unknown article {stale_override.article!r} "
                    "(renamed or deleted?)",
                    self.relative(config.overrides_path),
                    stale_override.line,
                )
        found = []
        for path in chosen:
            chosen_encoding = encoding or config.encodings.get(path.stem)
            key = (path, chosen_encoding)
            article = self._articles.get(key)
            if article is None:
                article = read_article(
                    path,
                    display_path=self.relative(path),
                    encoding=chosen_encoding,
                    punctuation=config.punctuation,
                    corrections=corrections,
                    overrides=overrides,
                    front_matter_keys=config.front_matter_keys,
                )
                self._articles[key] = article
            found.append(article)
        return found

    def source_language(self, article: Article) -> tuple[str, str]:
        """The source locale and the detected script (``Hant``, ``Hans`` or ``mixed``)."""
        from .convert import detect_script

        script = detect_script(article.text)
        if self.config.source_locale != "auto":
            return self.config.source_locale, script
        return ("zh_Hans" if script == "Hans" else "zh_Hant"), script

    def template_language(self, pot: Catalog) -> str:
        """The source locale a template declares (else the configured one, else zh_Hant)."""
        declared = str(pot.metadata.get("X-Source-Language") or "")
        if declared:
            return declared
        return self.config.source_locale if self.config.source_locale != "auto" else "zh_Hant"

    def annotator(self) -> Annotator | None:
        """Extracted-comment annotator listing glossary terms (None without a glossary)."""
        entries = self.glossary()
        if not entries:
            return None
        from .glossary import TermMatcher, glossary_comments

        matcher = TermMatcher(entries)

        def annotate(source: str) -> tuple[str, ...]:
            return tuple(glossary_comments(source, matcher))

        return annotate

    # --- converters -----------------------------------------------------------------------

    def converter_for(self, *, inline_code: bool = True) -> ConverterFactory:
        """The ``converter_for`` of ``update`` and ``build``: shielded OpenCC for each zh_*
        locale, None for en; made once per invocation.

        Each article's profile (script, region, Simplified leftovers:
        :func:`pipeline.convert.article_profile`) comes from its template's source
        texts; converters are cached per locale and profile, so filling many
        catalogs builds each only once. ``inline_code=False`` gives the bare
        :class:`~pipeline.convert.Converter` (for ``explain``, as the review pages
        use it) instead of one that skips inline code.
        """
        factory = self._factories.get(inline_code)
        if factory is None:
            factory = self._factories[inline_code] = self._converter_factory(inline_code)
        return factory

    def _converter_factory(self, inline_code: bool) -> ConverterFactory:
        from functools import lru_cache

        from .convert import article_profile, converter_for_locale, keep_inline_code

        config = self.config
        entries, overrides = self.glossary(), self.conversions()
        vocabulary = self.vocabulary()

        @lru_cache(maxsize=8)
        def profile_of(slug: str, script: str) -> Profile:
            template = self.pot_path(slug)
            text = ""
            if template.is_file():
                try:
                    pot = self.catalog(template)
                except (PipelineError, OSError):
                    pot = None
                if pot is not None:
                    text = "\n".join(entry.msgid for entry in pot if entry.msgid)
            region = config.regions.get(slug, "")
            return article_profile(text, vocabulary, script=script, region=region)

        made: dict[tuple[str, str, Profile], Callable[[str], str]] = {}

        def converter_for(
            locale: str, source_language: str, slug: str
        ) -> Callable[[str], str] | None:
            if locale not in CHINESE_LOCALES:
                return None
            script = "Hans" if source_language == "zh_Hans" else "Hant"
            key = (locale, script, profile_of(slug, script))
            if key not in made:  # articles of one profile share their converter
                converter = converter_for_locale(
                    locale,
                    script,
                    entries,
                    overrides,
                    mapping=config.opencc,
                    vocabulary=vocabulary,
                    profile=key[2],
                    quotes=config.quotes,
                )
                made[key] = keep_inline_code(converter) if inline_code else converter
            return made[key]

        return converter_for

    # --- preflight ------------------------------------------------------------------------

    def preflight(self, paths: Sequence[Path] = ()) -> None:
        """Read every input of a run and check every value it uses before anything is written.

        A bad glossary, article, catalog, OpenCC name, encoding or output path
        changes nothing. Templates are not read: ``run`` regenerates them, so a
        broken one is repaired rather than blocking the run. With ``paths``, only
        those articles and their catalogs (an incremental run read the others,
        unchanged, in an earlier run with the same code and tables).
        """
        self.glossary()
        self.conversions()
        self.vocabulary()
        articles = self.articles(paths)
        self.check_opencc_names()
        self.check_outputs([article.slug for article in articles])
        slugs = {path.stem for path in paths} if paths else None
        for _locale, path in self.catalog_files(self.config.locales, slugs):
            self.catalog(path)

    def check_opencc_names(self) -> None:
        """Every OpenCC configuration of the locale mapping a run may use exists."""
        from .convert import check_config

        config = self.config
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

    def sweep_temps(self) -> None:
        """Temporary files a killed run left behind go at the start of the next one."""
        config = self.config
        folders = [config.locales_path, config.build_path]
        for locale in config.locales:
            folders += [config.locales_path / locale / "LC_MESSAGES", config.build_path / locale]
        for folder in folders:
            if folder.is_dir() and not folder.is_symlink():
                remove_stale_temps(folder)

    def check_outputs(self, slugs: Sequence[str]) -> None:
        """Every folder and file a run writes can be written: no file where a folder goes.

        Output folders must also stay inside the project once symlinks are followed
        (README: "Paths in the configuration").
        """
        config = self.config
        root = config.root.resolve()
        self.sweep_temps()
        for key, folder in (("locales_dir", config.locales_path), ("build_dir", config.build_path)):
            if folder.exists() and not folder.is_dir():
                raise ConfigError(f"'{key}' names a file, not a folder", self.relative(folder))
            if not folder.resolve().is_relative_to(root):
                raise ConfigError(
                    f"'{key}' leads outside the project (to {folder.resolve()}); "
                    "output folders must stay inside it",
                    self.relative(folder),
                )
        for locale in config.locales:
            for folder in (config.locales_path / locale, config.build_path / locale):
                if folder.exists() and not folder.is_dir():
                    raise ConfigError("is a file where a folder is expected", self.relative(folder))
        for slug in slugs:
            paths = [self.pot_path(slug)]
            for locale in config.locales:
                po = self.po_path(locale, slug)
                paths += [po, po.with_suffix(".mo")]
                paths += [self.build_path(locale, slug, ext) for ext in (".txt", ".md")]
            for path in paths:
                if path.is_dir():
                    raise CatalogError("is a folder where a file is expected", self.relative(path))
                if path.is_symlink() and not path.resolve().is_relative_to(root):
                    raise CatalogError(
                        f"leads outside the project (to {path.resolve()}) through a symlink; "
                        "refusing to write there",
                        self.relative(path),
                    )
