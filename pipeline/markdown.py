"""Markdown side of the ingest and build stages: a CommonMark parse with source maps.

markdown-it-py (with the front matter and footnote plugins, tables and
strikethrough on) finds the prose of a Markdown article; its line maps, and a
little searching inside each mapped line, give the exact character span of
every piece of prose in the source. Everything outside those spans (YAML
front matter, code, HTML, link targets, list markers, blank lines, table
pipes, heading attributes) is never cleaned and is copied byte for byte by the
build, which only splices translated text into the spans that changed.

This module only parses and splices: the cleaning of the prose (pinyin
repairs, punctuation) belongs to ``ingest``, which imports this module and
never the other way round.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from .errors import InputFileError

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: Front matter keys whose values are prose to translate (``front_matter_keys``).
DEFAULT_FRONT_MATTER_KEYS = ("title", "summary", "description")

#: A link target may hold one level of balanced parentheses (wiki URLs) and a title.
_TARGET = r"(?:[^()\s]|\([^()\s]*\))+(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?"
#: Labels and autolinks stop at the next opener (``[`` or ``<``), so a line of ``![`` or
#: ``<https://`` costs linear time, not a scan to the end of the line from every opener.
_LINK = re.compile(rf"(!?\[[^\[\]]*\])\(({_TARGET})\)|<(https?://[^<>\s]+)>")
#: The title part of a link target: ``"…"``, ``'…'`` or ``(…)`` after the URL.
_LINK_TITLE = re.compile(r"[ \t]+(?:\"([^\"]*)\"|'([^']*)'|\(([^()]*)\))$")
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\(")
#: Pandoc/kramdown heading attributes: ``## 標題 {#id .class key=value}``.
_HEADING_ATTRS = re.compile(
    r"[ \t]+\{:?[ \t]*(?:(?:[#.][\w-]+|[\w-]+=(?:\"[^\"]*\"|[^\s}]+))[ \t]*)+\}[ \t]*$"
)
_ATX = re.compile(r"^[ ]{0,3}#{1,6}(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"(?:[ \t]+#+)?[ \t]*$")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")
_YAML_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_YAML_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: |[ \t]#|:$|\s$|^$")


@dataclass(frozen=True)
class Piece:
    """One source line's share of a piece of prose: ``source[start:end]``."""

    line: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Segment:
    """A piece of prose found in the source, before cleaning.

    ``kind`` is the block kind it becomes; ``style`` says how a front matter
    value is quoted (``plain``, ``"`` or ``'``); ``lines`` is the span of the
    whole source lines (with the blank lines after them) that a top-level
    paragraph or heading occupies, so a dropped one can leave the build cleanly;
    ``targets`` are the spans of its link targets, in order.
    """

    kind: str
    pieces: tuple[Piece, ...]
    style: str = ""
    lines: tuple[int, int] | None = None
    targets: tuple[tuple[int, int], ...] = ()

    @property
    def span(self) -> tuple[int, int]:
        return self.pieces[0].start, self.pieces[-1].end


@cache
def _parser() -> MarkdownIt:
    # Imported here: commands that never read a Markdown article do not pay for it.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    return (
        MarkdownIt("commonmark")
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
        .use(footnote_plugin)
    )


def parse_segments(
    text: str,
    path: str = "",
    front_matter_keys: Sequence[str] = DEFAULT_FRONT_MATTER_KEYS,
) -> tuple[Segment, ...]:
    """Every piece of prose of a Markdown text, in source order, with its exact spans.

    The title is the front matter ``title`` (when it is a translatable key) or else
    the first level-1 heading.

    >>> [(s.kind, s.pieces[0].text) for s in parse_segments("# 標題 {#t}\\n\\n正文。\\n")]
    [('title', '標題'), ('paragraph', '正文。')]
    """
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    found: list[Segment] = []
    tokens = _parser().parse(text)
    title_seen = False
    first_h1: int | None = None
    containers: list[str] = []
    depth = 0
    column = -1
    for index, token in enumerate(tokens):
        if token.type == "front_matter" and token.map:
            fm = _front_matter(lines, offsets, token.map, front_matter_keys)
            title_seen = any(s.kind == "title" for s in fm)
            found.extend(fm)
        elif token.type in ("blockquote_open", "list_item_open", "footnote_open"):
            containers.append(token.type)
        elif token.type in ("blockquote_close", "list_item_close", "footnote_close"):
            containers.pop()
        elif token.type == "tr_open":
            column = -1
        elif token.type in ("th_open", "td_open"):
            containers.append("cell")
            column += 1
        elif token.type in ("th_close", "td_close"):
            containers.pop()
        if token.nesting == 1:
            depth += 1
        elif token.nesting == -1:
            depth -= 1
        if token.type != "inline" or token.map is None:
            continue
        opener = tokens[index - 1]
        top = depth == 1 and not containers
        if opener.type == "heading_open":
            kind = "heading"
            if opener.tag == "h1" and not title_seen:
                kind, title_seen = "title", True
            pieces = _heading_pieces(lines, offsets, token, path)
            if pieces:
                found.append(_segment(kind, pieces, text, lines, offsets, token, top))
                if opener.tag == "h1" and kind == "heading" and first_h1 is None:
                    first_h1 = len(found) - 1
            continue
        if containers and containers[-1] == "cell":
            piece = _cell_piece(lines, offsets, token, column, path)
            if piece is not None and _has_words(piece.text):
                found.append(Segment("table_cell", (piece,), targets=_targets(text, [piece])))
                found.extend(_link_titles(text, [piece]))
            continue
        kind = {
            "blockquote_open": "quote",
            "list_item_open": "list_item",
            "footnote_open": "footnote",
        }.get(containers[-1] if containers else "", "paragraph")
        pieces = _paragraph_pieces(lines, offsets, token, path)
        if _only_images(token):
            found.extend(_alt_texts(text, pieces))
            found.extend(_link_titles(text, pieces))
            continue
        runs = _split_hard_breaks(lines, pieces)
        for run in runs:
            found.append(_segment(kind, run, text, lines, offsets, token, top and len(runs) == 1))
        found.extend(_link_titles(text, pieces))
    if first_h1 is not None:
        _h1_is_the_headline(found, first_h1)
    found.sort(key=lambda s: s.span)
    return tuple(found)


def _h1_is_the_headline(found: list[Segment], h1: int) -> None:
    """The page's displayed ``# headline`` is its headline; a front matter title that
    repeats it stays a front matter value (still translated, for the build)."""
    title = next((i for i, s in enumerate(found) if s.kind == "title" and s.style), None)
    if title is None:
        return
    shown = re.sub(r"\W", "", "".join(p.text for p in found[h1].pieces))
    declared = re.sub(r"\W", "", "".join(p.text for p in found[title].pieces))
    if shown and shown == declared:
        found[title] = replace(found[title], kind="front_matter")
        found[h1] = replace(found[h1], kind="title")


def _segment(
    kind: str,
    pieces: list[Piece],
    text: str,
    lines: list[str],
    offsets: list[int],
    token: Token,
    top: bool,
) -> Segment:
    whole = None
    if top and token.map is not None:
        first, last = token.map
        while last < len(lines) and not lines[last].strip():
            last += 1
        whole = (offsets[first], min(offsets[last], len(text)))
    return Segment(kind, tuple(pieces), lines=whole, targets=_targets(text, pieces))


def _piece(lines: list[str], offsets: list[int], number: int, start: int, end: int) -> Piece:
    return Piece(
        number + 1, offsets[number] + start, offsets[number] + end, lines[number][start:end]
    )


def _unmapped(path: str, number: int) -> InputFileError:
    return InputFileError(
        "cannot map this Markdown text back to its source line; please report it", path, number + 1
    )


def _paragraph_pieces(lines: list[str], offsets: list[int], token: Token, path: str) -> list[Piece]:
    """A paragraph's content lines lie at the end of their source lines (after markers)."""
    assert token.map is not None
    pieces = []
    contents = token.content.split("\n")
    last = len(contents) - 1
    for i, content in enumerate(contents):
        number = token.map[0] + i
        wanted = content.strip()
        if not wanted:
            continue
        line = lines[number].rstrip()
        if wanted.endswith("\\") and i < last:  # a hard break: the backslash is markup
            wanted, line = wanted[:-1].rstrip(), line[:-1].rstrip()
        end = len(line)
        start = end - len(wanted)
        if start < 0 or line[start:end] != wanted:
            start = line.find(wanted)
            if start < 0:
                raise _unmapped(path, number)
            end = start + len(wanted)
        pieces.append(_piece(lines, offsets, number, start, end))
    return pieces


def _heading_pieces(lines: list[str], offsets: list[int], token: Token, path: str) -> list[Piece]:
    """ATX: the text between the hashes and the closing hashes, attributes left out."""
    assert token.map is not None
    number = token.map[0]
    line = lines[number]
    opening = _ATX.match(line)
    if opening is None:  # setext: the content lines, like a paragraph
        pieces = _paragraph_pieces(lines, offsets, token, path)
        if pieces:
            last = pieces[-1]
            attrs = _HEADING_ATTRS.search(last.text)
            if attrs:
                end = last.end - (len(last.text) - attrs.start())
                pieces[-1] = Piece(last.line, last.start, end, last.text[: attrs.start()])
        return pieces
    start = opening.end()
    body = line[start:]
    attrs = _HEADING_ATTRS.search(body)
    if attrs:
        body = body[: attrs.start()]
    close = _ATX_CLOSE.search(body)
    body = body[: close.start()] if close else body
    if not body:
        return []
    return [_piece(lines, offsets, number, start, start + len(body))]


def _cell_piece(
    lines: list[str], offsets: list[int], token: Token, column: int, path: str
) -> Piece | None:
    """A table cell: the ``column``-th stretch between unescaped pipes of its row."""
    assert token.map is not None
    number = token.map[0]
    line = lines[number]
    cells = _row_cells(line)
    if column >= len(cells):
        raise _unmapped(path, number)
    start, end = cells[column]
    while start < end and line[start] in " \t":
        start += 1
    while end > start and line[end - 1] in " \t":
        end -= 1
    if start == end:
        return None
    return _piece(lines, offsets, number, start, end)


def _row_cells(line: str) -> list[tuple[int, int]]:
    """Spans between the unescaped pipes of a table row (outer pipes optional)."""
    bounds = [i for i, c in enumerate(line) if c == "|" and (i == 0 or line[i - 1] != "\\")]
    edges = [-1, *bounds, len(line)]
    cells = [(edges[i] + 1, edges[i + 1]) for i in range(len(edges) - 1)]
    if cells and not line[cells[0][0] : cells[0][1]].strip():
        cells = cells[1:]
    if cells and not line[cells[-1][0] : cells[-1][1]].strip():
        cells = cells[:-1]
    return cells


_INLINE_CODE = re.compile(r"`+[^`]*`+")


def _has_words(text: str) -> bool:
    """A table cell of numbers, symbols or code alone (``12.5%``, `` `x` ``) is no unit."""
    return any(c.isalpha() for c in _INLINE_CODE.sub("", text))


def _split_hard_breaks(lines: list[str], pieces: list[Piece]) -> list[list[Piece]]:
    """A hard line break (two spaces or ``\\`` at the end of a line) ends a block:
    the lines around it are translated apart and the break itself stays in place."""
    runs: list[list[Piece]] = [[]]
    for i, piece in enumerate(pieces):
        runs[-1].append(piece)
        if i + 1 < len(pieces) and _HARD_BREAK.search(lines[piece.line - 1]):
            runs.append([])
    return runs


def _only_images(token: Token) -> bool:
    """A paragraph of images alone (the common standalone photo) has no sentence:
    its alt texts and titles are the units."""
    children = token.children or []
    return any(c.type == "image" for c in children) and all(
        c.type in ("image", "softbreak", "hardbreak")
        or (c.type == "text" and not c.content.strip())
        for c in children
    )


#: An alt text that is only the image's file name (``01.jpg``, ``image3.png``) says nothing.
_FILE_NAME = re.compile(r"[\w.-]{0,80}\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?)", re.IGNORECASE)


def _alt_texts(text: str, pieces: list[Piece]) -> list[Segment]:
    found = []
    for piece in pieces:
        for match in _IMAGE.finditer(piece.text):
            alt = match.group(1)
            if alt.strip() and not _FILE_NAME.fullmatch(alt.strip()):
                start = piece.start + match.start(1)
                found.append(Segment("alt", (Piece(piece.line, start, start + len(alt), alt),)))
    return found


def _link_titles(text: str, pieces: Sequence[Piece]) -> list[Segment]:
    """Link and image titles (``[a](url "title")``) are units of their own."""
    found = []
    for piece in pieces:
        for match in _LINK.finditer(piece.text):
            target = match.group(2)
            if not target:
                continue
            title = _LINK_TITLE.search(target)
            if not title:
                continue
            group = next(g for g in (1, 2, 3) if title.group(g) is not None)
            if not title.group(group).strip():
                continue
            start = piece.start + match.start(2) + title.start(group)
            value = title.group(group)
            found.append(
                Segment("link_title", (Piece(piece.line, start, start + len(value), value),))
            )
    return found


def _targets(text: str, pieces: Sequence[Piece]) -> tuple[tuple[int, int], ...]:
    spans = []
    for piece in pieces:
        for match in _LINK.finditer(piece.text):
            group = 2 if match.group(2) else 0
            spans.append((piece.start + match.start(group), piece.start + match.end(group)))
    return tuple(spans)


# --- front matter --------------------------------------------------------------------------


def _front_matter(
    lines: list[str], offsets: list[int], span: list[int], keys: Sequence[str]
) -> list[Segment]:
    """Top-level ``key: value`` lines whose key is translatable and whose value is a
    one-line string (plain, ``"…"`` or ``'…'``); everything else stays as it is."""
    found = []
    for number in range(span[0] + 1, span[1] - 1):
        line = lines[number]
        match = _YAML_KEY.match(line)
        if not match or match.group(1) not in keys:
            continue
        value = match.group(2)
        start = match.start(2)
        if not value or value[0] in "|>[{&*!#":
            continue
        if value[0] in "\"'":
            quote = value[0]
            if len(value) < 2 or value[-1] != quote:
                continue
            inner = value[1:-1]
            raw = _yaml_unquote(inner, quote)
            if raw is None:
                continue
            style, start, end = quote, start + 1, start + len(value) - 1
        else:
            value = re.sub(r"[ \t]+#.*$", "", value)
            style, end = "plain", start + len(value)
        kind = "title" if match.group(1) == "title" else "front_matter"
        found.append(Segment(kind, (_piece(lines, offsets, number, start, end),), style=style))
    return found


def _yaml_unquote(inner: str, quote: str) -> str | None:
    """The string a quoted YAML scalar stands for; None for escapes we do not rewrite."""
    if quote == "'":
        return inner.replace("''", "'")
    if "\\" in inner.replace('\\"', "").replace("\\\\", ""):
        return None
    return inner.replace('\\"', '"').replace("\\\\", "\\")


def front_matter_text(raw: str, style: str) -> str:
    """The text a translator sees for a front matter value (quotes and escapes removed)."""
    if style == "'":
        return raw.replace("''", "'")
    if style == '"':
        return raw.replace('\\"', '"').replace("\\\\", "\\")
    return raw


def yaml_value(text: str, style: str) -> str:
    """Write ``text`` back in the value's own quoting, quoting a plain value that needs it.

    >>> yaml_value("A: b", "plain")
    '"A: b"'
    >>> yaml_value("It's", "'")
    "It''s"
    """
    text = " ".join(text.split("\n"))
    if style == "'":
        return text.replace("'", "''")
    if style == '"':
        return json.dumps(text, ensure_ascii=False)[1:-1]
    if _YAML_PLAIN_UNSAFE.search(text):
        return json.dumps(text, ensure_ascii=False)
    return text


# --- links ---------------------------------------------------------------------------------


def protect_links(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Replace link and image targets with numbered placeholders.

    >>> protect_links("見[官網](https://example.com)")
    ('見[官網]({link1})', (('{link1}', 'https://example.com'),))
    """
    found: list[tuple[str, str]] = []

    def replace(match: re.Match[str]) -> str:
        token = f"{{link{len(found) + 1}}}"
        if match.group(3):
            found.append((token, f"<{match.group(3)}>"))
            return token
        found.append((token, match.group(2)))
        return f"{match.group(1)}({token})"

    return _LINK.sub(replace, text), tuple(found)


def restore_links(text: str, placeholders: tuple[tuple[str, str], ...]) -> str:
    """Put the URLs back into a (translated) text."""
    for token, target in placeholders:
        text = text.replace(token, target)
    return text


# --- build: splicing -----------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """Replace ``source[start:end]`` with ``text``, whose placeholders stand for
    the source spans in ``targets`` (rendered in turn, so a translated link title
    inside a translated paragraph's link survives)."""

    start: int
    end: int
    text: str
    targets: tuple[tuple[str, int, int], ...] = ()


def splice(source: str, edits: Sequence[Edit]) -> str:
    """The source with every edit applied; bytes outside the edits are copied exactly.

    >>> splice("a [x](u 't') b", [Edit(0, 1, "A"), Edit(9, 10, "T")])
    "A [x](u 'T') b"
    """
    ordered = sorted(edits, key=lambda e: (e.start, -e.end))
    return _splice_range(source, 0, len(source), ordered)


def _splice_range(source: str, start: int, end: int, edits: Sequence[Edit]) -> str:
    out: list[str] = []
    at = start
    inside = [
        e for e in edits if start <= e.start and e.end <= end and (e.start, e.end) != (start, end)
    ]
    for edit in inside:
        if edit.start < at:
            continue  # nested in an edit already written: it is rendered through its targets
        out.append(source[at : edit.start])
        text = edit.text
        for token, t_start, t_end in edit.targets:
            if token in text:
                text = text.replace(token, _splice_range(source, t_start, t_end, edits))
        out.append(text)
        at = edit.end
    out.append(source[at:end])
    return "".join(out)
