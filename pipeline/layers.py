"""Rule tables in two layers: what the tool knows, then what a project decided.

The reviewed regional vocabulary (``pipeline/data/vocabulary.csv``) and the general
conversion rows (``pipeline/data/conversions.csv``) ship with the tool, so an
installed zhl10n converts 英伟达的芯片 to 輝達的晶片 in an empty folder. A project's
``vocabulary.csv`` / ``conversions.csv`` (same columns) are read on top:

- a row with a new id adds a rule;
- a row with a shipped row's id replaces that row;
- a row with a shipped row's id and its word cells left empty (``source`` and
  ``target``; ``zh_Hans``, ``zh_TW`` and ``zh_HK``) switches the shipped row off.

A project row wins over a shipped row that converts the same word. Every row keeps
its ``layer`` (``zhl10n``, or the project file) so ``doctor`` and
``convert --explain`` can say where a rule came from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from .errors import GlossaryError
from .models import ConversionOverride, VocabularyRow

#: Layer name of the rows shipped with the tool.
SHIPPED = "zhl10n"
DATA = Path(__file__).with_name("data")
SHIPPED_VOCABULARY = DATA / "vocabulary.csv"
SHIPPED_CONVERSIONS = DATA / "conversions.csv"

_Row = TypeVar("_Row", bound=VocabularyRow | ConversionOverride)


def switched_off(row: VocabularyRow | ConversionOverride) -> bool:
    """A project row that switches a shipped row off (its word cells are empty)."""
    if isinstance(row, ConversionOverride):
        return not row.source and not row.target
    return not any(row.zh_Hans + row.zh_TW + row.zh_HK)


def _shipped(path: Path, load: Callable[[Path], tuple[_Row, ...]]) -> tuple[_Row, ...]:
    rows = load(path)
    for row in rows:
        if switched_off(row):
            raise GlossaryError("a shipped table cannot switch rows off", path, row.line)
    return tuple(replace(row, layer=SHIPPED) for row in rows)


@lru_cache(maxsize=1)
def shipped_vocabulary() -> tuple[VocabularyRow, ...]:
    """The reviewed regional vocabulary shipped with the tool."""
    from .glossary import load_vocabulary

    return _shipped(SHIPPED_VOCABULARY, load_vocabulary)


@lru_cache(maxsize=1)
def shipped_conversions() -> tuple[ConversionOverride, ...]:
    """The general conversion rows shipped with the tool."""
    from .glossary import load_conversions

    return _shipped(SHIPPED_CONVERSIONS, load_conversions)


@dataclass(frozen=True)
class Layered(Generic[_Row]):
    """The rows in force, and how the project's file changed the shipped table."""

    rows: tuple[_Row, ...]
    shipped: int
    added: int = 0
    replaced: int = 0
    off: int = 0

    def describe(self, project: str = "") -> str:
        """``947 rows shipped with zhl10n``, or with what the project's file changed."""
        if not project:
            return f"{self.shipped} rows shipped with zhl10n"
        return (
            f"{len(self.rows)} rows: {self.shipped} shipped with zhl10n; {project} adds "
            f"{self.added}, replaces {self.replaced}, switches off {self.off}"
        )


def layer(
    shipped: Sequence[_Row], project: Sequence[_Row], name: str, path: Path | None = None
) -> Layered[_Row]:
    """``project`` (read from ``path``, shown as ``name``) on top of ``shipped``.

    Project rows come first for the vocabulary (its first rule on a word wins) and
    last for conversion rows (the last override of a word wins), so the project
    wins either way. A row switching off an id that is not shipped is an error
    (file and line): it would silently do nothing.
    """
    known = {row.id for row in shipped}
    ids = {row.id for row in project}
    for row in project:
        if switched_off(row) and row.id not in known:
            raise GlossaryError(
                f"row {row.id!r} has no words and switches off no shipped row "
                "(fill in its words, or use the id of a shipped row)",
                path if path is not None else Path(name),
                row.line,
            )
    mine: list[_Row] = [replace(row, layer=name) for row in project if not switched_off(row)]
    kept: list[_Row] = [row for row in shipped if row.id not in ids]
    vocabulary = any(isinstance(row, VocabularyRow) for row in (*project, *shipped))
    rows = (*mine, *kept) if vocabulary else (*kept, *mine)
    off = sum(1 for row in project if switched_off(row))
    replaced = sum(1 for row in project if row.id in known and not switched_off(row))
    return Layered(
        rows=rows,
        shipped=len(shipped),
        added=len(mine) - replaced,
        replaced=replaced,
        off=off,
    )


def rule_layers(
    vocabulary: Sequence[VocabularyRow], overrides: Sequence[ConversionOverride]
) -> dict[str, str]:
    """Rule name as conversion reports it (``vocabulary:id``, ``override:id``) -> its layer."""
    found = {f"vocabulary:{row.id}": row.layer for row in vocabulary}
    found.update({f"override:{row.id}": row.layer for row in overrides})
    return found
