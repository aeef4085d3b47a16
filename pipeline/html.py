"""HTML side of the ingest stage: a page saved from a browser becomes Markdown.

trafilatura finds the article in the page (main text, headline, date, author)
and drops the site around it (navigation, side bars, related links, ads,
comments). Its XML tree is written here as Markdown, which the Markdown side
of the ingest stage then cleans and segments like any Markdown article, so
residue rules, units and the build work the same. What carries over:

* the headline as the front matter ``title`` (a unit), the date and author as
  front matter kept verbatim (metadata, never units);
* headings (``##`` and below), paragraphs (a ``<br>`` inside a paragraph starts
  a new one: many Chinese sites put one paragraph per ``<br>``), bulleted and
  numbered lists (flattened to one level), block quotes and tables (the first
  row is the header row);
* not: images and captions (residue on news pages), links (their text stays,
  the target goes), inline formatting, comments.

The built article is that Markdown (``build/<locale>/<slug>.md``). Unit
references point at the line of the saved page where each text starts.
"""

from __future__ import annotations

import bisect
import contextvars
import re
from dataclasses import dataclass
from typing import Any

from .errors import InputFileError
from .markdown import yaml_value

#: An lxml element of trafilatura's output tree (lxml ships no type information).
_Element = Any

#: The encoding a page declares for itself (``<meta charset>`` or http-equiv).
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
#: Declared names whose strict codec is wider than the name (a page saying gb2312
#: routinely holds GBK characters; a Hong Kong page saying big5 holds HKSCS ones).
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "x-gbk": "gb18030"}

#: Characters that would turn plain text into Markdown syntax.
_INLINE_SYNTAX = re.compile(r"([\\`*_\[\]<])")
_BLOCK_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[+-](?=\s|$)|\d{1,9}[.)](?=\s|$)|=+$)")


@dataclass(frozen=True)
class HtmlPage:
    """A saved page reduced to its article: Markdown text and where its lines came from.

    ``lines`` gives, for each line of ``markdown`` (index 0 = line 1), the line of
    the saved page its text starts on (0 where none does, as for front matter).
    """

    markdown: str
    title: str
    date: str
    author: str
    lines: tuple[int, ...]

    def source_line(self, line: int) -> int:
        """The page line for a Markdown line (1-based); the nearest mapped line before it."""
        for number in range(min(line, len(self.lines)), 0, -1):
            if self.lines[number - 1]:
                return self.lines[number - 1]
        return 1


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KiB, mapped to a strict codec name.

    >>> declared_charset(b'<meta charset="GB2312">')
    'gb18030'
    """
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    return _CHARSET_ALIASES.get(name, name)


#: Largest saved page handed to trafilatura when the configuration sets no
#: ``max_html_mb``: its work grows with the page (about 3 s per MB of text-laden
#: markup on a busy machine), and saved news pages are well below this.
DEFAULT_MAX_HTML_BYTES = 5_000_000
_MAX_HTML_BYTES: contextvars.ContextVar[int] = contextvars.ContextVar(
    "zhl10n_max_html", default=DEFAULT_MAX_HTML_BYTES
)


def set_page_limit(max_bytes: int) -> None:
    """The size limit of a saved HTML page for this command (from ``max_html_mb``)."""
    _MAX_HTML_BYTES.set(max_bytes)


def extract_page(html: str, path: str) -> HtmlPage:
    """The article of a saved page, as Markdown with its metadata.

    No network and no download: trafilatura works on the string it is given,
    and only up to a size limit (one line, exit 2, above it).
    """
    size, limit = len(html.encode("utf-8", "surrogatepass")), _MAX_HTML_BYTES.get()
    if size > limit:
        raise InputFileError(
            f"saved page of {size / 1e6:.3g} MB; pages are read up to {limit / 1e6:.3g} MB "
            "(max_html_mb in the configuration raises it)",
            path,
        )
    from trafilatura import bare_extraction

    document = bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
    )
    body = getattr(document, "body", None)
    if document is None or body is None or not len(body):
        raise InputFileError("no article text found in this HTML page", path)
    title = displayed_headline(html) or headline(_one_line(getattr(document, "title", None) or ""))
    date = _one_line(getattr(document, "date", None) or "")
    author = _one_line(getattr(document, "author", None) or "")
    blocks = _blocks(body)
    if title and blocks and _same(blocks[0][1], title):
        blocks = blocks[1:]  # the headline repeated as the first heading
    front = ["---"]
    if title:
        front.append(f"title: {yaml_value(title, 'plain')}")
    if date:
        front.append(f"date: {date}")
    if author:
        front.append(f"author: {yaml_value(author, 'plain')}")
    front.append("---")
    lines = [*front, ""]
    page_lines = _Lines(html)
    mapped = [0] * len(lines)
    if title:
        mapped[1] = _find_line(html, title, 0, page_lines)[0]
    at = 0
    for i, (markup, text) in enumerate(blocks):
        if i and not (markup.startswith(("- ", "1. ")) and blocks[i - 1][0][:2] == markup[:2]):
            if not (markup.startswith("|") and blocks[i - 1][0].startswith("|")):
                lines.append("")
                mapped.append(0)
        line, at = _find_line(html, text, at, page_lines)
        lines.append(markup + text if not markup.startswith("|") else text)
        mapped.append(line)
    return HtmlPage("\n".join(lines) + "\n", title, date, author, tuple(mapped))


_BLOCK_TAGS = ("p", "head", "list", "table", "quote", "code", "div")


#: What pages put between the headline and the site's name in ``<title>`` / og:title.
_TITLE_SEPARATOR = re.compile(r"\s+[-|｜–—_]\s+|\s*[｜|]\s*|_")


def headline(title: str) -> str:
    """The headline part of a page title: the longest part between site-name separators.

    >>> headline("捷運環狀線北環段動工 預計2031年通車 - 自由時報電子報")
    '捷運環狀線北環段動工 預計2031年通車'
    >>> headline("前三季度我国货物贸易进出口同比增长4.1%-新华网")
    '前三季度我国货物贸易进出口同比增长4.1%'
    """
    parts = [p.strip() for p in _TITLE_SEPARATOR.split(title) if p.strip()]
    if len(parts) < 2:
        parts = [p.strip() for p in re.split(r"-(?=[^-]{2,12}$)", title) if p.strip()]
    return max(parts, key=len) if parts else title


_TITLE_TAG = re.compile(r"<title[^>]*>([^<]{1,400})</title>", re.IGNORECASE)
_H1 = re.compile(r"<h1[^>]*>((?:(?!</h1>)[\s\S]){0,2000})</h1>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]{0,2000}>")


def displayed_headline(html: str) -> str:
    """The headline the page shows: its ``<h1>`` when that carries the headline named in
    ``<title>`` (an SEO title adds the site and section, an ``<h1>`` may add a column
    name the reader sees), else the headline part of ``<title>``; "" without a title.

    >>> displayed_headline("<title>颱風來襲 停班停課_某新聞網</title><h1>颱風來襲 停班停課</h1>")
    '颱風來襲 停班停課'
    """
    from html import unescape

    found = _TITLE_TAG.search(html[:200_000])
    if not found:
        return ""
    seo = headline(_one_line(unescape(found.group(1))))
    key = re.sub(r"\W", "", seo)
    if len(key) < 8:
        return ""  # a site name, not a headline: let the main-text extractor find one
    for match in _H1.finditer(html):
        shown = _one_line(unescape(_TAG.sub("", match.group(1))))
        plain = re.sub(r"\W", "", shown)
        if key in plain and len(plain) <= 2 * len(key):
            return shown
    return seo


def _blocks(body: _Element) -> list[tuple[str, str]]:
    """(markup, text) per Markdown line: ``("## ", …)``, ``("- ", …)``, ``("", …)``,
    and for tables ``("|", row)`` with the delimiter row after the first."""
    found: list[tuple[str, str]] = []
    for element in body:
        tag = element.tag
        if any(child.tag in _BLOCK_TAGS for child in element) and tag not in ("list", "table"):
            # A wrapper (trafilatura keeps some <div>s): its text before, between and
            # after the blocks it holds are paragraphs of their own.
            if element.text and element.text.strip():
                found.append(("", _escape_block(_one_line(element.text))))
            for child in element:
                found.extend(_blocks([child]))
                if child.tail and child.tail.strip():
                    found.append(("", _escape_block(_one_line(child.tail))))
        elif tag == "head":
            level = int((element.get("rend") or "h2").lstrip("h") or 2)
            text = _text(element)
            if text:
                found.append(("#" * max(2, min(level, 6)) + " ", _escape(text)))
        elif tag == "list":
            marker = "1. " if element.get("rend") == "ol" else "- "
            for item in element.iter("item"):
                text = _text(item, skip_lists=True)
                if text:
                    found.append((marker, _escape(text)))
        elif tag == "table":
            found.extend(_table(element))
        elif tag == "quote":
            for text in _lines(element):
                found.append(("> ", _escape(text)))
        elif tag == "code":
            code = "".join(element.itertext()).strip("\n")
            if code:
                found.append(("", "```\n" + code.replace("```", "ʼʼʼ") + "\n```"))
        else:  # p, and anything else that holds text
            for text in _lines(element):
                found.append(("", _escape_block(text)))
    return found


def _table(table: _Element) -> list[tuple[str, str]]:
    rows = [
        [_escape(_text(cell)).replace("|", "\\|") for cell in row.iter("cell")]
        for row in table.iter("row")
    ]
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    out = []
    for i, row in enumerate(rows):
        cells = row + [""] * (width - len(row))
        out.append(("|", "| " + " | ".join(cells) + " |"))
        if i == 0:
            out.append(("|", "|" + "---|" * width))
    return out


def _text(element: _Element, skip_lists: bool = False) -> str:
    parts: list[str] = []
    if element.text:
        parts.append(element.text)
    for child in element:
        if skip_lists and child.tag in ("list", "item"):
            pass
        elif child.tag == "lb":
            parts.append(" ")
        else:
            parts.append(_text(child, skip_lists))
        if child.tail:
            parts.append(child.tail)
    return _one_line("".join(parts))


def _lines(element: _Element) -> list[str]:
    """The texts of an element split at its line breaks (``<br>`` → ``<lb/>``)."""
    pieces: list[list[str]] = [[]]
    if element.text:
        pieces[-1].append(element.text)
    for child in element:
        if child.tag == "lb":
            pieces.append([])
        else:
            pieces[-1].append(_text(child))
        if child.tail:
            pieces[-1].append(child.tail)
    return [text for text in (_one_line("".join(p)) for p in pieces) if text]


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _escape(text: str) -> str:
    """Backslash the few characters that would be read as Markdown inline syntax."""
    return _INLINE_SYNTAX.sub(r"\\\1", text)


def _escape_block(text: str) -> str:
    """Also keep a paragraph from being read as a heading, list item or quote."""
    text = _escape(text)
    match = _BLOCK_START.match(text)
    if match:
        return text[: match.end(1) - 1] + "\\" + text[match.end(1) - 1 :]
    return text


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W", "", a) == re.sub(r"\W", "", b)


class _Lines:
    """Line numbers of offsets in a page, by bisection over its newlines (counting the
    newlines before each block again would make a large page quadratic)."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.breaks = [i for i, char in enumerate(html) if char == "\n"]

    def of(self, offset: int) -> int:
        return bisect.bisect_left(self.breaks, offset) + 1


def _find_line(html: str, text: str, at: int, lines: _Lines | None = None) -> tuple[int, int]:
    """The page line where ``text`` starts (searching on from ``at``), and the new offset."""
    line_of = (lines or _Lines(html)).of
    probe = re.sub(r"\\(.)", r"\1", text)
    if probe.startswith("|"):  # a table row: its first cell with text, alone in its tag
        cell = next((c.strip() for c in probe.split("|") if c.strip(" -")), "")
        found = html.find(f">{cell}<", at) if cell else -1
        if found >= 0:
            return line_of(found), found
        probe = cell
    probe = probe[:8]
    for start in (at, 0):
        found = html.find(probe, start) if probe else -1
        if found >= 0:
            return line_of(found), found
    return 0, at
