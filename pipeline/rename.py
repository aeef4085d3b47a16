"""Moving an article (``zhl10n mv OLD NEW``) with everything made from it.

Renaming an article file by hand starts an empty catalog for the new name and
leaves the old catalogs orphaned, their translations unused. ``move_article``
moves the article, its template, every locale's catalog and MO file and the
built files, and rewrites what names the article inside them (``#:``
references, the ``X-Source-File`` header, the header comment, the article
column of corrections.csv), so every
translation and correction carries over. Nothing is written until every
target is known to be free; each file is written atomically, then the old one
removed. It also finishes a rename already made by hand (``git mv``): with the
article already at its new name, the rest follows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import catalog
from .config import Config
from .errors import InputFileError
from .fileio import atomic_write_bytes, atomic_write_text


@dataclass(frozen=True)
class MoveResult:
    """Files moved, as ``(old, new)`` paths relative to the project."""

    moved: tuple[tuple[str, str], ...]


def _slug(name: str) -> str:
    return Path(name).stem if name.endswith((".txt", ".md")) else Path(name).name


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


def move_article(config: Config, old: str, new: str) -> MoveResult:
    """Move article ``old`` to ``new`` (slugs or article paths) with all its files."""
    old_slug, new_slug = _slug(old), _slug(new)
    if old_slug == new_slug:
        raise InputFileError("old and new names are the same", old)
    articles = {path.stem: path for path in config.article_paths()}
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
    old_pot = config.locales_path / f"{old_slug}.pot"
    new_pot = config.locales_path / f"{new_slug}.pot"
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
        folder = config.locales_path / locale / "LC_MESSAGES"
        old_po, new_po = folder / f"{old_slug}.po", folder / f"{new_slug}.po"
        if old_po.is_file():
            if new_po.is_file():
                raise InputFileError(
                    "a catalog for the new name exists already; move or delete it first",
                    config.relative(new_po),
                )
            text = _rewrite(old_po.read_bytes(), config.relative(old_po), old_ref, new_ref)
            plan(old_po, new_po, text)
        old_mo = folder / f"{old_slug}.mo"
        if old_mo.is_file():
            plan(old_mo, folder / f"{new_slug}.mo", old_mo.read_bytes())
        for suffix in (".txt", ".md"):
            built = config.build_path / locale / f"{old_slug}{suffix}"
            if built.is_file():
                plan(built, built.with_name(f"{new_slug}{suffix}"), built.read_bytes())
    corrections = config.corrections_path
    if corrections.is_file():  # rows name their article by slug (first column)
        lines = corrections.read_text(encoding="utf-8").splitlines(keepends=True)
        prefix = f"{old_slug},"
        if any(line.startswith(prefix) for line in lines[1:]):
            rewritten = lines[:1] + [
                f"{new_slug},{line[len(prefix) :]}" if line.startswith(prefix) else line
                for line in lines[1:]
            ]
            writes.append((corrections, "".join(rewritten)))
            moved.append((config.relative(corrections), config.relative(corrections)))
    for path, content in writes:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            atomic_write_text(path, content)
        else:
            atomic_write_bytes(path, content)
    for path in removals:
        path.unlink(missing_ok=True)
    return MoveResult(tuple(moved))
