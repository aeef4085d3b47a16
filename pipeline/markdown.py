"""Markdown side of the ingest stage: lines become structural blocks.

A deliberately small, line-based reader (ATX headings, lists, block quotes,
paragraphs, fenced code, tables, rules, front matter) so that the built article
can be written back as the same Markdown with only the text replaced. Link and
image targets become ``{link1}`` placeholders that the translator keeps; the
build stage puts the URLs back.
"""

from __future__ import annotations

import re

from .models import Block

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_LIST_ITEM = re.compile(r"^([ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)(.*)$")
_QUOTE = re.compile(r"^(>[ \t]?)(.*)$")
_RULE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_VERBATIM_LINE = re.compile(
    r"^[ \t]*(?:\||<|!\[[^\]]*\]\([^)]*\)[ \t]*$)"  # tables, HTML, image-only lines
    r"|^[ ]{0,3}\[[^\]]+\]:[ \t]*\S"  # link reference definitions and footnotes
)
_SETEXT = re.compile(r"^[ ]{0,3}(=+|-+)[ \t]*$")
_INDENTED_CODE = re.compile(r"^(?: {4}|\t)")
#: A link target may hold one level of balanced parentheses (wiki URLs) and a title.
_TARGET = r"(?:[^()\s]|\([^()\s]*\))+(?:[ \t]+\"[^\"]*\")?"
_LINK = re.compile(rf"(!?\[[^\]]*\])\(({_TARGET})\)|<(https?://[^>\s]+)>")


def is_verbatim_line(line: str) -> bool:
    """A Markdown line copied as it is: table, HTML, image, rule, link definition."""
    return bool(_VERBATIM_LINE.match(line) or _RULE.match(line))


def is_indented_code(line: str) -> bool:
    """Four spaces or a tab: code when it follows a blank line or more code."""
    return bool(_INDENTED_CODE.match(line)) and bool(line.strip())


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


def parse_markdown_blocks(lines: list[tuple[int, str]]) -> list[Block]:
    """Split Markdown lines into blocks; the first level-1 heading is the title."""
    blocks: list[Block] = []
    i = 0
    title_seen = False
    pending: list[tuple[int, str]] = []
    pending_kind = "paragraph"
    pending_markup = ""

    def flush() -> None:
        nonlocal pending_kind, pending_markup
        if pending:
            blocks.append(_text_block(pending_kind, pending, pending_markup))
            pending.clear()
        pending_kind, pending_markup = "paragraph", ""

    if lines and lines[0][1].strip() == "---":
        end = next((j for j in range(1, len(lines)) if lines[j][1].strip() == "---"), None)
        if end is not None:
            blocks.append(_verbatim(lines[: end + 1]))
            i = end + 1
    while i < len(lines):
        number, text = lines[i]
        if not text.strip():
            flush()
            i += 1
            continue
        setext = _SETEXT.match(text)
        if setext and pending and pending_kind == "paragraph":
            # "Title\n=====": the paragraph above is a heading (written back in ATX form).
            level = 1 if setext.group(1)[0] == "=" else 2
            kind = "title" if level == 1 and not title_seen else "heading"
            title_seen = title_seen or kind == "title"
            content, links = protect_links(" ".join(t.strip() for _, t in pending))
            blocks.append(Block(kind, content, pending[0][0], "#" * level + " ", (), links))
            pending.clear()
            pending_kind, pending_markup = "paragraph", ""
            i += 1
            continue
        if not pending and _INDENTED_CODE.match(text):
            j = i
            while j < len(lines) and (_INDENTED_CODE.match(lines[j][1]) or not lines[j][1].strip()):
                j += 1
            while j > i and not lines[j - 1][1].strip():
                j -= 1
            blocks.append(_verbatim(lines[i:j]))
            i = j
            continue
        if _FENCE.match(text):
            flush()
            end = next((j for j in range(i + 1, len(lines)) if _FENCE.match(lines[j][1])), None)
            end = len(lines) - 1 if end is None else end
            blocks.append(_verbatim(lines[i : end + 1]))
            i = end + 1
            continue
        heading = _HEADING.match(text)
        if heading:
            flush()
            level = len(heading.group(1))
            kind = "title" if level == 1 and not title_seen else "heading"
            title_seen = title_seen or kind == "title"
            content, links = protect_links(heading.group(2))
            blocks.append(
                Block(kind, content, number, markup=heading.group(1) + " ", placeholders=links)
            )
            i += 1
            continue
        if _RULE.match(text) or _VERBATIM_LINE.match(text):
            flush()
            j = i
            while (
                j < len(lines)
                and lines[j][1].strip()
                and (_VERBATIM_LINE.match(lines[j][1]) or j == i)
            ):
                j += 1
            blocks.append(_verbatim(lines[i:j]))
            i = j
            continue
        item = _LIST_ITEM.match(text)
        quote = _QUOTE.match(text)
        if item:
            flush()
            pending_kind, pending_markup = "list_item", item.group(1)
            pending.append((number, item.group(2)))
        elif quote:
            if pending_kind != "quote":
                flush()
                pending_kind, pending_markup = "quote", "> "
            pending.append((number, quote.group(2)))
        else:
            pending.append((number, text))
        i += 1
    flush()
    return blocks


def _verbatim(lines: list[tuple[int, str]]) -> Block:
    return Block("verbatim", "\n".join(text for _, text in lines), lines[0][0])


def _text_block(kind: str, lines: list[tuple[int, str]], markup: str) -> Block:
    from .ingest import _Line, join_lines

    block = join_lines(kind, [_Line(n, t) for n, t in lines], markup)
    content, links = protect_links(block.text)
    if links:
        # Offsets move when URLs shrink to placeholders; keep line starts approximate
        # by mapping each start through the same substitution of the prefix.
        starts = tuple(len(protect_links(block.text[:s])[0]) for s in block.line_starts)
        return Block(kind, content, block.line, markup, starts, links)
    return block
