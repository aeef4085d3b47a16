"""``zhl10n mv OLD NEW``: move an article with everything made from it.

Renaming an article file by hand starts an empty catalog for the new name and
leaves the old catalogs orphaned, their translations unused. ``move_article``
moves the article, its template, every locale's catalog and MO file and the
built files, and rewrites what names the article inside them (``#:``
references, the ``X-Source-File`` header, the header comment, the article
column of the corrections and overrides tables), so every translation,
correction and cleaning decision carries over. Every article format moves
(``.txt``, ``.md``, ``.html``...). Nothing is written until every
target is known to be free; each file is written atomically, then the old one
removed. It also finishes a rename already made by hand (``git mv``): with the
article already at its new name, the rest follows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import catalog
from ..errors import InputFileError
from ..fileio import atomic_write_bytes, atomic_write_text
from ..workspace import Workspace

#: Suffixes of article files (what the configured globs name) and of built articles.
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
BUILT_SUFFIXES = (".txt", ".md", ".markdown")


@dataclass(frozen=True)
class MoveResult:
    """Files moved, as ``(old, new)`` paths relative to the project."""

    moved: tuple[tuple[str, str], ...]


def _slug(name: str) -> str:
    """The slug a name on the command line means: a path's stem, or the name itself."""
    path = Path(name)
    return path.stem if path.suffix.lower() in ARTICLE_SUFFIXES else path.name


def _renamed_rows(path: Path, old_slug: str, new_slug: str) -> str | None:
    """The text of a table whose first column names articles, with ``old_slug`` rows
    renamed (quoted or not); None when no row names it. Every other byte is kept."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    prefixes = (f"{old_slug},", f'"{old_slug}",')
    if not any(line.startswith(prefixes) for line in lines[1:]):
        return None
    renamed = lines[:1]
    for line in lines[1:]:
        for prefix in prefixes:
            if line.startswith(prefix):
                quote = '"' if prefix.startswith('"') else ""
                line = f"{quote}{new_slug}{quote},{line[len(prefix) :]}"
                break
        renamed.append(line)
    return "".join(renamed)


def _rewrite(data: bytes, shown: str, old_ref: str, new_ref: str) -> str:
    """A template or catalog with its references to the article moved."""
    po = catalog.parse_catalog(data, shown)
    old_project, new_project = f"zhl10n {Path(old_ref).stem}", f"zhl10n {Path(new_ref).stem}"
    if po.metadata.get("Project-Id-Version") == old_project:  # what extract writes
        po.metadata["Project-Id-Version"] = new_project
    if po.header:
        po.header = po.header.replace(old_ref, new_ref)
    if po.metadata.get("X-Source-File") == old_ref:
        po.metadata["X-Source-File"] = new_ref
    for entry in po:
        entry.occurrences = [
            (new_ref if name == old_ref else name, line) for name, line in entry.occurrences
        ]
    return catalog.render(po)


def move_article(ws: Workspace, old: str, new: str) -> MoveResult:
    """Move article ``old`` to ``new`` (slugs or article paths) with all its files."""
    config = ws.config
    old_slug, new_slug = _slug(old), _slug(new)
    if old_slug == new_slug:
        raise InputFileError("old and new names are the same", old)
    articles = {path.stem: path for path in ws.article_paths()}
    source = articles.get(old_slug)
    if source is not None:
        if new_slug in articles:
            raise InputFileError("an article of that name already exists", articles[new_slug])
        target = source.with_name(new_slug + source.suffix)
    elif new_slug in articles:  # the article was renamed by hand already
        target = articles[new_slug]
    else:
        raise InputFileError("no article of that name", old)
    old_ref = config.relative(source or target.with_name(old_slug + target.suffix))
    new_ref = config.relative(target)
    old_pot, new_pot = ws.pot_path(old_slug), ws.pot_path(new_slug)
    if source is None and not old_pot.is_file():
        raise InputFileError("no template of that name to move", old_pot)

    writes: list[tuple[Path, bytes | str]] = []
    removals: list[Path] = []
    moved: list[tuple[str, str]] = []

    def plan(src: Path, dst: Path, content: bytes | str) -> None:
        writes.append((dst, content))
        removals.append(src)
        moved.append((config.relative(src), config.relative(dst)))

    if source is not None:
        plan(source, target, source.read_bytes())
    if old_pot.is_file():
        if new_pot.is_file():  # extract already made the new template: it is current
            removals.append(old_pot)
            moved.append((config.relative(old_pot), config.relative(new_pot)))
        else:
            text = _rewrite(old_pot.read_bytes(), config.relative(old_pot), old_ref, new_ref)
            plan(old_pot, new_pot, text)
    for locale in config.locales:
        old_po, new_po = ws.po_path(locale, old_slug), ws.po_path(locale, new_slug)
        if old_po.is_file():
            if new_po.is_file():
                raise InputFileError(
                    "a catalog for the new name exists already; move or delete it first",
                    config.relative(new_po),
                )
            text = _rewrite(old_po.read_bytes(), config.relative(old_po), old_ref, new_ref)
            plan(old_po, new_po, text)
        old_mo = ws.mo_path(locale, old_slug)
        if old_mo.is_file():
            plan(old_mo, ws.mo_path(locale, new_slug), old_mo.read_bytes())
        for suffix in BUILT_SUFFIXES:
            built = ws.build_path(locale, old_slug, suffix)
            if built.is_file():
                plan(built, ws.build_path(locale, new_slug, suffix), built.read_bytes())
    # The editor's tables name their article by slug in the first column.
    for name, table in (
        (config.corrections, config.corrections_path),
        (config.overrides, config.overrides_path),
    ):
        if name and table.is_file():
            renamed = _renamed_rows(table, old_slug, new_slug)
            if renamed is not None:
                writes.append((table, renamed))
                moved.append((config.relative(table), config.relative(table)))
    for path, content in writes:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            atomic_write_text(path, content)
        else:
            atomic_write_bytes(path, content)
    for path in removals:
        path.unlink(missing_ok=True)
    ws.forget_article_paths()
    return MoveResult(tuple(moved))
