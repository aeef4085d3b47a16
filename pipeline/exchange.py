"""Exchange with CAT tools: XLIFF per catalog, TMX for the project's memory,
the glossary as TBX or Weblate's two-column CSV.

These are project-level operations over :mod:`.xliff`, :mod:`.tmx` and the
catalog package; they read the project's files and write only where the user
asked (``-o``) or, for imports, the catalogs (checked writes under the
``locales/`` lock, never over an editor's save) and ``memory/``.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import __version__, catalog, tmx, xliff
from .config import Config, lang_tag
from .errors import InputFileError
from .fileio import atomic_write_bytes, atomic_write_text, folder_lock
from .workspace import Workspace
from .xliff import ImportReport

#: Imported translation memories live here (``zhl10n memory import``); ``update``
#: offers their translations like those of the project's other articles.
MEMORY_DIR = "memory"


# --- XLIFF -----------------------------------------------------------------------------------


def export_xliff(ws: Workspace, locales: Sequence[str], out_dir: Path) -> list[Path]:
    """``<out_dir>/<locale>/<slug>.xlf`` for every catalog of ``locales``."""
    written: list[Path] = []
    for template in ws.template_paths():
        slug = template.stem
        source = ws.template_language(ws.catalog(template))
        for locale in locales:
            path = ws.po_path(locale, slug)
            if not path.is_file():
                continue
            data = xliff.export_xliff(
                ws.catalog(path),
                original=PurePosixPath(ws.relative(path)).as_posix(),
                source_language=source,
                locale=locale,
                tool_version=__version__,
            )
            target = out_dir / locale / f"{slug}.xlf"
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(target, data)
            written.append(target)
    return written


@dataclass(frozen=True)
class XliffImport:
    """One ``<file>`` of an imported document and what it changed in its catalog."""

    xliff: Path
    catalog: Path
    report: ImportReport
    written: bool


def _target_catalog(ws: Workspace, original: str, shown: str) -> Path:
    """The catalog an XLIFF ``<file original>`` names; only catalogs of this project."""
    parts = PurePosixPath(original).parts
    if (
        len(parts) < 4
        or parts[-2] != "LC_MESSAGES"
        or not parts[-1].endswith(".po")
        or ".." in parts
        or PurePosixPath(original).is_absolute()
    ):
        raise InputFileError(
            f"<file original={original!r}> does not name a catalog "
            "(locales/<locale>/LC_MESSAGES/<slug>.po); export it with zhl10n xliff export",
            shown,
        )
    locale, name = parts[-3], parts[-1]
    if locale not in ws.config.locales:
        raise InputFileError(f"<file original={original!r}>: {locale} is not configured", shown)
    path = ws.po_path(locale, name[: -len(".po")])
    if not path.is_file():
        raise InputFileError(f"<file original={original!r}>: no such catalog", shown)
    return path


def import_xliff(ws: Workspace, paths: Sequence[Path]) -> list[XliffImport]:
    """Apply XLIFF documents to the catalogs they came from (checked, atomic writes)."""
    planned: list[tuple[Path, Path, xliff.XliffFile]] = []
    for path in paths:
        shown = ws.relative(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputFileError(f"cannot read: {exc.strerror or exc}", shown) from None
        for file in xliff.parse_xliff(data, shown):
            planned.append((path, _target_catalog(ws, file.original, shown), file))
    results: list[XliffImport] = []
    with folder_lock(ws.config.locales_path):
        for path, target, file in planned:
            read = target.read_bytes()
            po = catalog.parse_catalog(
                read, ws.relative(target)
            )  # modified below: a copy of its own
            report = xliff.import_units(po, file.units)
            text = catalog.render(po)
            changed = text.encode("utf-8") != read
            if changed:
                atomic_write_text(target, text, expect=read)
            results.append(XliffImport(path, target, report, changed))
    return results


# --- translation memory (TMX) ----------------------------------------------------------------


def memory_units(ws: Workspace, locales: Sequence[str]) -> list[tmx.TmxUnit]:
    """Every approved translation of the project, one unit per source sentence."""
    by_source: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    templates = {path.stem: ws.catalog(path) for path in ws.template_paths()}
    for locale in locales:
        folder = ws.config.locales_path / locale / "LC_MESSAGES"
        memory = catalog.TranslationMemory(
            catalog.MemoryEntry(msgid, msgstr, path.stem)
            for path in (sorted(folder.glob("*.po")) if folder.is_dir() else ())
            for msgid, msgstr in catalog.approved_entries(ws.catalog(path))
        )
        for item in memory:
            pot = templates.get(item.origin)
            source = xliff.source_tag(ws.template_language(pot) if pot else "zh_Hant")
            by_source[(source, item.source)][lang_tag(locale)] = item.translation
    return [
        tmx.TmxUnit(lang, text, tuple(sorted(translations.items())))
        for (lang, text), translations in sorted(by_source.items())
    ]


def export_memory(ws: Workspace, locales: Sequence[str]) -> bytes:
    """The project's translation memory as a TMX 1.4b document."""
    return tmx.export_tmx(memory_units(ws, locales), tool_version=__version__)


def import_memory(config: Config, path: Path) -> tuple[Path, int]:
    """Validate a TMX file and keep a copy under ``memory/``: ``(copy, units)``."""
    shown = str(config.relative(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"cannot read: {exc.strerror or exc}", shown) from None
    units = tmx.parse_tmx(data, shown)
    target = config.root / MEMORY_DIR / (path.stem + ".tmx")
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, data)
    return target, len(units)


class ProjectMemory:
    """The project's approved translations for ``update``, read only where they can help.

    Each catalog of a locale is read once per run as bytes; its one-line msgids
    give an index of sentence anchors (first and last
    :data:`catalog.memory.ANCHOR` characters). A lookup parses only the
    catalogs that hold an anchor of a sentence being looked up (an exact match
    holds both, a near match must share one: see
    :meth:`catalog.TranslationMemory.near`). A run that adds one sentence
    therefore parses almost no catalog.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self._anchors: dict[str, dict[str, list[Path]]] = {}
        self._pairs: dict[Path, tuple[tuple[str, str], ...]] = {}
        self._tmx: dict[str, tuple[catalog.MemoryEntry, ...]] = {}

    def lookup(self, locale: str, sources: Sequence[str]) -> catalog.TranslationMemory:
        """A memory of ``locale`` holding every approved translation that can match
        one of ``sources`` exactly or nearly."""
        index = self._index(locale)
        paths = sorted(
            {
                path
                for source in sources
                for anchor in catalog.anchors(source)
                for path in index.get(anchor, ())
            }
        )
        entries = [
            catalog.MemoryEntry(source, text, path.stem)
            for path in paths
            for source, text in self._parsed(path)
        ]
        entries.extend(self._tmx_entries(locale))
        return catalog.TranslationMemory(entries)

    def _index(self, locale: str) -> dict[str, list[Path]]:
        if locale not in self._anchors:
            index: dict[str, list[Path]] = defaultdict(list)
            folder = self.config.locales_path / locale / "LC_MESSAGES"
            for path in sorted(folder.glob("*.po")) if folder.is_dir() else ():
                try:
                    data = path.read_bytes()
                except OSError:
                    continue
                for match in _ONE_LINE_MSGID.finditer(data):
                    text = _po_unescaped(match.group(1))
                    for anchor in set(catalog.anchors(text)):
                        index[anchor].append(path)
            self._anchors[locale] = index
        return self._anchors[locale]

    def _parsed(self, path: Path) -> tuple[tuple[str, str], ...]:
        if path not in self._pairs:
            try:
                po = catalog.parse_catalog(path.read_bytes(), self.config.relative(path))
                self._pairs[path] = tuple(catalog.approved_entries(po))
            except (OSError, catalog.CatalogError):
                self._pairs[path] = ()  # reported by the update of its own article
        return self._pairs[path]

    def _tmx_entries(self, locale: str) -> tuple[catalog.MemoryEntry, ...]:
        if locale not in self._tmx:
            self._tmx[locale] = tuple(memory_file_entries(self.config, locale))
        return self._tmx[locale]


#: A msgid written on one line (zhl10n and GNU ``--no-wrap`` write every msgid so).
_ONE_LINE_MSGID = re.compile(rb'^msgid "(.+)"\r?$', re.MULTILINE)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _po_unescaped(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    if "\\" not in text:
        return text
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def memory_file_entries(config: Config, locale: str) -> Iterator[catalog.MemoryEntry]:
    """Translations for ``locale`` in the project's imported memories (``memory/*.tmx``)."""
    folder = config.root / MEMORY_DIR
    for path in sorted(folder.glob("*.tmx")) if folder.is_dir() else ():
        units = tmx.parse_tmx(path.read_bytes(), str(config.relative(path)))
        origin = f"{MEMORY_DIR}/{path.name}"
        for source, text in tmx.pairs_for(units, lang_tag(locale)).items():
            yield catalog.MemoryEntry(source, text, origin)


# --- glossary --------------------------------------------------------------------------------


def export_glossary(config: Config, locale: str, form: str) -> bytes:
    """The glossary for one locale: ``csv`` (source,target: Weblate, Crowdin) or ``tbx``
    (one concept per row, both script forms of the source as Chinese terms)."""
    from .glossary import load_glossary

    concepts: list[tuple[tuple[str, ...], str, str]] = []
    for entry in load_glossary(config.glossary_path, missing_ok=True):
        sources = tuple(form for form in dict.fromkeys((entry.zh_Hant, entry.zh_Hans)) if form)
        target = entry.form(locale)
        if sources and target:
            concepts.append((sources, target, entry.note or ""))
    if form == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["source", "target", "explanation"])
        for sources, target, note in concepts:
            writer.writerows((source, target, note) for source in sources)
        return out.getvalue().encode("utf-8")
    root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dca", "xml:lang": "en"})
    ET.SubElement(root, "tbxHeader")
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for index, (sources, target, note) in enumerate(concepts, start=1):
        concept = ET.SubElement(body, "conceptEntry", {"id": f"c{index}"})
        if note:
            ET.SubElement(concept, "descrip", {"type": "definition"}).text = note
        for lang, terms in (("zh", sources), (lang_tag(locale), (target,))):
            section = ET.SubElement(concept, "langSec", {"xml:lang": lang})
            for term in terms:
                ET.SubElement(ET.SubElement(section, "termSec"), "term").text = term
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")
