"""Catalog stage: writing PO and POT files in GNU's ``--no-wrap`` layout.

Files are written with no line wrapping (like ``msgcat --no-wrap``): one
msgid per line keeps git diffs to the lines a change really touched, and
CJK text has no spaces for a wrapper to break at anyway.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polib

from ..fileio import atomic_write_text
from .base import LONE_COMMENT, WRAP_WIDTH, Catalog, has_translation


def render(po: polib.POFile) -> str:
    """The file text with the project's fixed wrapping (GNU ``--no-wrap`` layout).

    The same text polib writes with ``wrapwidth=0`` for templates, but rendered
    here because polib drops the ``#.`` and ``#:`` lines of obsolete entries and
    re-sorts header fields; a catalog read from Poedit, Weblate, msgmerge or
    Babel must come back with nothing lost.
    """
    po.wrapwidth = WRAP_WIDTH
    blocks = [_render_header(po)] if _has_header(po) else []
    blocks.extend(_render_entry(entry) for entry in po if not entry.obsolete)
    blocks.extend(_render_entry(entry) for entry in po if entry.obsolete)
    return "\n".join(blocks)


# --- writing PO files ------------------------------------------------------------------------

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "\t": "\\t",
        "\r": "\\r",
        "\n": "\\n",
        "\v": "\\v",
        "\b": "\\b",
        "\f": "\\f",
        "\a": "\\a",
        '"': '\\"',
    }
)


_NEEDS_ESCAPE = re.compile(r'[\\"\t\r\n\v\b\f\a]')


def _field(out: list[str], prefix: str, keyword: str, value: str) -> None:
    """One keyword and its string, split after each embedded newline as GNU ``--no-wrap`` does."""
    if _NEEDS_ESCAPE.search(value) is None:
        out.append(f'{prefix}{keyword} "{value}"')
    elif "\n" in value[:-1]:
        out.append(f'{prefix}{keyword} ""')
        start = 0
        while start < len(value):
            end = value.find("\n", start)
            end = len(value) if end < 0 else end + 1
            out.append(f'{prefix}"{value[start:end].translate(_ESCAPES)}"')
            start = end
    else:
        out.append(f'{prefix}{keyword} "{value.translate(_ESCAPES)}"')


def _comment_lines(out: list[str], marker: str, text: str) -> None:
    for line in text.split("\n"):
        out.append(f"{marker} {line}" if line else marker)


#: GNU wraps "#:" lines at this width even with --no-wrap (write-po.c: the page
#: width applies to file references whether or not strings are wrapped).
PAGE_WIDTH = 79


def _reference_lines(out: list[str], occurrences: list[tuple[str, str]]) -> None:
    """``#:`` lines as GNU writes them: leading ``./`` dropped, wrapped at 79 columns."""
    line = "#:"
    column = 2
    for name, number in occurrences:
        while name.startswith("./"):
            name = name[2:]
        name = reference_name(name)
        token = f"{name}:{number}" if number else name
        width = len(token.encode("utf-8")) + 1
        if column > 2 and column + width > PAGE_WIDTH:
            out.append(line)
            line = "#:"
            column = 2
        line += " " + token
        column += width
    out.append(line)


def _flags(entry: Any) -> list[str]:
    """Flags in GNU's order: ``fuzzy`` first, and only on an entry that has a translation
    (GNU normalises it away on untranslated active entries); the rest as they are."""
    rest = [flag for flag in entry.flags if flag != "fuzzy"]
    if "fuzzy" in entry.flags and (entry.obsolete or has_translation(entry)):
        return ["fuzzy", *rest]
    return rest


def _render_entry(entry: Any) -> str:
    out: list[str] = []
    if entry.tcomment:
        _comment_lines(out, "#", entry.tcomment)
    elif entry.__dict__.get(LONE_COMMENT):
        out.append("#")
    if entry.comment:
        _comment_lines(out, "#.", entry.comment)
    if entry.occurrences:
        _reference_lines(out, entry.occurrences)
    flags = _flags(entry)
    if flags:
        out.append("#, " + ", ".join(flags))
    prefix = "#~ " if entry.obsolete else ""
    previous = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        _field(out, previous, "msgctxt", entry.previous_msgctxt)
    if entry.previous_msgid is not None:
        _field(out, previous, "msgid", entry.previous_msgid)
    if entry.previous_msgid_plural is not None:
        _field(out, previous, "msgid_plural", entry.previous_msgid_plural)
    if entry.msgctxt is not None:
        _field(out, prefix, "msgctxt", entry.msgctxt)
    _field(out, prefix, "msgid", entry.msgid)
    if entry.msgid_plural:
        _field(out, prefix, "msgid_plural", entry.msgid_plural)
    if entry.msgstr_plural:
        for index in sorted(entry.msgstr_plural):
            _field(out, prefix, f"msgstr[{index}]", entry.msgstr_plural[index])
    else:
        _field(out, prefix, "msgstr", entry.msgstr)
    out.append("")
    return "\n".join(out)


def header_text(po: polib.POFile) -> str:
    """The header entry's msgstr: ``Key: value`` lines in the order :func:`render` writes.

    A field of a :class:`Catalog` whose value did not change is written as it
    was read, spacing included.
    """
    if isinstance(po, Catalog):
        items = list(po.metadata.items())
        raw = po.raw_header
    else:
        items = list(po.ordered_metadata())
        raw = {}
    lines = []
    for key, value in items:
        kept = raw.get(key)
        if kept is not None and kept[0] == value:
            lines.append(f"{key}:{kept[1]}")
        else:
            lines.append(key if value is None else f"{key}: {value}")
    text = "".join(line + "\n" for line in lines)
    if text and isinstance(po, Catalog) and po.header_open_end:
        text = text[:-1]
    return text


def _has_header_entry(po: polib.POFile) -> bool:
    return bool(getattr(po, "has_header_entry", True) or po.metadata or po.metadata_is_fuzzy)


def _has_header(po: polib.POFile) -> bool:
    return bool(po.header) or _has_header_entry(po) or getattr(po, "lone_header_comment", False)


def _render_header(po: polib.POFile) -> str:
    out: list[str] = []
    if po.header:
        _comment_lines(out, "#", po.header)
    elif getattr(po, "lone_header_comment", False):
        out.append("#")
    if _has_header_entry(po):
        if po.metadata_is_fuzzy:
            out.append("#, fuzzy")
        out.append('msgid ""')
        _field(out, "", "msgstr", header_text(po))
    out.append("")
    return "\n".join(out)


def write_catalog(po: polib.POFile, path: Path) -> bool:
    """Write a PO/POT atomically with the fixed rendering; return False when unchanged."""
    return atomic_write_text(path, render(po))


def reference_name(name: str) -> str:
    """A file name as a ``#:`` reference token: one with spaces is wrapped in
    U+2068/U+2069 (first-strong / pop directional isolate), as GNU gettext 0.22+
    writes it, so tools read it as one file instead of several.

    >>> reference_name("articles/a b.txt") == "\u2068articles/a b.txt\u2069"
    True
    """
    return f"\u2068{name}\u2069" if any(c.isspace() for c in name) else name
