"""Build stage: a translated article per locale, in the article's own format.

The article is read again (ingest is deterministic), so its structure comes
from the source and only the text comes from the catalog. Units without a
usable translation (untranslated or fuzzy) fall back to the source text and
are counted; below the threshold a locale's article is not written at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .markdown import Edit, restore_links, splice, yaml_value
from .models import Article, Block, Unit


@dataclass(frozen=True)
class Rendered:
    """A built article and how complete it is."""

    locale: str
    text: str
    units: int
    translated_units: int
    source_chars: int
    translated_chars: int

    @property
    def fallback_units(self) -> int:
        return self.units - self.translated_units

    @property
    def percent(self) -> float:
        """Share of source characters translated: Chinese units vary widely in length."""
        return 100.0 * self.translated_chars / self.source_chars if self.source_chars else 100.0


def joiner(locale: str) -> str:
    """Sentences are rejoined without spaces in Chinese and with one space otherwise."""
    return "" if locale.startswith("zh") else " "


def render_article(
    article: Article,
    units: Sequence[Unit],
    translations: Mapping[str, str],
    locale: str,
    fallback: Callable[[str], str] | None = None,
) -> Rendered:
    """Render ``article`` with ``translations`` (unit id -> text) for ``locale``.

    A unit with no usable translation shows ``fallback(source)`` (for Chinese
    locales, the machine conversion: a zh_TW article never shows the raw
    source script) or else the source itself.
    """
    by_block: dict[int, list[Unit]] = {}
    for unit in units:
        by_block.setdefault(unit.block, []).append(unit)
    glue = joiner(locale)
    parts: list[tuple[Block, str]] = []
    translated_units = translated_chars = source_chars = 0
    for index, block in enumerate(article.blocks):
        if block.kind == "verbatim":
            parts.append((block, block.text))
            continue
        pieces = []
        for unit in by_block.get(index, []):
            text = translations.get(unit.id, "")
            source_chars += len(unit.source)
            if text:
                translated_units += 1
                translated_chars += len(unit.source)
                pieces.append(text.strip() if glue else text)
            else:
                shown = fallback(unit.source) if fallback is not None else unit.source
                pieces.append(shown.strip() if glue else shown)
        if pieces:
            parts.append((block, glue.join(pieces)))
    body = _splice(article, parts) if article.source else _layout(article, parts)
    return Rendered(
        locale=locale,
        text=body,
        units=len(units),
        translated_units=translated_units,
        source_chars=source_chars,
        translated_chars=translated_chars,
    )


_CELL_PIPE = re.compile(r"(?<!\\)\|")


def _splice(article: Article, parts: list[tuple[Block, str]]) -> str:
    """Markdown: the source with changed prose spliced in, every other byte as it was."""
    edits: list[Edit] = [
        Edit(b.span[0], b.span[1], "") for b in article.blocks if b.kind == "omitted" and b.span
    ]
    for block, text in parts:
        if block.span is None or block.kind == "verbatim":
            continue
        if text == block.text and not block.rewrite:
            continue  # untouched: the source bytes (wrapping, spacing) stay
        if block.kind == "table_cell":  # a pipe in a translation must not split the cell
            text = _CELL_PIPE.sub(r"\\|", text)
        if block.markup:  # a front matter value, in its YAML quoting
            text = yaml_value(restore_links(text, block.placeholders), block.markup)
            edits.append(Edit(block.span[0], block.span[1], text))
        elif block.targets:
            tokens = tuple(
                (token, start, end)
                for (token, _), (start, end) in zip(block.placeholders, block.targets, strict=True)
            )
            edits.append(Edit(block.span[0], block.span[1], text, tokens))
        else:
            edits.append(
                Edit(block.span[0], block.span[1], restore_links(text, block.placeholders))
            )
    return splice(article.source, edits)


def _layout(article: Article, parts: list[tuple[Block, str]]) -> str:
    """Blocks separated by blank lines; list items of one list stay on adjacent lines."""
    out: list[str] = []
    previous: Block | None = None
    metadata = dict(article.metadata)
    for block, text in parts:
        if article.format == "markdown":
            line = (
                block.markup + restore_links(text, block.placeholders)
                if block.kind != ("verbatim")
                else text
            )
        elif block.kind == "list_item":
            line = block.markup + text  # a plain-text list keeps its bullets and numbers
        else:
            line = text
        if previous is not None:
            tight = block.kind == previous.kind == "list_item"
            out.append("\n" if tight else "\n\n")
        out.append(line)
        if block.kind == "title" and metadata.get("date"):
            out.append("\n\n" + metadata["date"])
        previous = block
    return "".join(out) + "\n"
