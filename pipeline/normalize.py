"""What the gate compares: a translation with its disguises taken off, and the disguises named.

A glossary check that compares raw strings is fooled by text that looks the
same to a reader and differs in code points: a zero-width character or soft
hyphen inside a forbidden word, full-width or Cyrillic look-alike letters, an
HTML entity, a bidi override, an HTML or Markdown comment (or emphasis
markers) splitting the word, a required term hidden in a comment. The check
rules therefore look at :func:`reveal`'s text, and each disguise the
translation adds (one its source does not have) is itself an error.

Also here: raw markup a translation adds (``<script>``, ``<img onerror=…>``,
any HTML tag its source does not have), which a Markdown build would publish
as HTML.
"""

from __future__ import annotations

import csv
import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

#: Code points that draw nothing: format characters (zero-width space and joiners, soft
#: hyphen, word joiner, byte-order mark, bidi embeddings, overrides and isolates) are all
#: in category Cf; these few are not.
_INVISIBLE_EXTRA = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180e\u3164\uffa0") | frozenset(
    chr(c) for c in range(0xFE00, 0xFE10)
)
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
#: ``[//]: # (hidden)`` and its variants: a link definition that renders as nothing.
_MD_COMMENT = re.compile(r"^[ ]{0,3}\[(?://|#|comment)\]:[ \t]*(?:#|<>)[^\n]*$", re.MULTILINE)
#: Emphasis and code markers between two Latin letters split a word for the eye only
#: (between Han characters they are ordinary Markdown: Chinese has no spaces).
_SPLITTING_MARKERS = re.compile(r"(?<=[A-Za-z])[*_~`]{1,3}(?=[A-Za-z])")
_MARKERS = re.compile(r"[*_~`]+")
#: An HTML tag: a name, attributes without angle brackets, bounded so a line of ``<``
#: costs linear time.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]{0,30})(?=[\s/>])[^<>]{0,2000}>")
_DANGEROUS = re.compile(r"javascript:|vbscript:|data:text/html", re.IGNORECASE)
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Revealed:
    """A translation as the rules see it, and the disguises taken off it."""

    text: str
    disguises: tuple[str, ...] = ()


@cache
def confusables() -> dict[str, str]:
    """Cyrillic and Greek letters that look like Latin ones (``data/confusables.csv``)."""
    text = resources.files("pipeline").joinpath("data/confusables.csv").read_text("utf-8")
    return {row["char"]: row["latin"] for row in csv.DictReader(text.splitlines())}


def _comments(text: str) -> tuple[str, int]:
    """``text`` without HTML comments (an unclosed one runs to the end), and how many."""
    if "<!--" not in text and "[" not in text:
        return text, 0
    parts: list[str] = []
    count = 0
    position = 0
    while True:
        start = text.find("<!--", position)
        if start < 0:
            parts.append(text[position:])
            break
        parts.append(text[position:start])
        count += 1
        end = text.find("-->", start + 4)
        if end < 0:
            break
        position = end + 3
    joined = "".join(parts)
    joined, markdown = _MD_COMMENT.subn("", joined)
    return joined, count + markdown


def _hides(decoded: str) -> bool:
    return len(decoded) == 1 and (decoded.isalnum() or _invisible(decoded))


def _invisible(char: str) -> bool:
    return unicodedata.category(char) == "Cf" or char in _INVISIBLE_EXTRA


def _describe(char: str) -> str:
    name = unicodedata.name(char, "").lower() or "unnamed character"
    return f"{'bidi control' if char in _BIDI else 'invisible'} U+{ord(char):04X} ({name})"


def reveal(text: str, source: str = "", *, latin: bool = False) -> Revealed:
    """``text`` with comments, entities, invisible characters and look-alikes taken off.

    ``latin`` (an English translation): full-width and styled letters and
    Cyrillic or Greek look-alikes inside Latin words are disguises too; in a
    Chinese translation full-width letters are ordinary and only normalised.
    A feature the ``source`` has as well is not called a disguise.

    >>> reveal("Han\\u200bwu<!-- -->ji", latin=True).text
    'Hanwuji'
    """
    found: list[str] = []
    out, comments = _comments(text)
    if comments and not _comments(source)[1]:
        found.append("an HTML or Markdown comment")
    if "&" in out:
        # An entity for a letter, digit or invisible character hides a word; &amp; or
        # &nbsp; is only punctuation written the HTML way (decoded, not reported).
        entities = [
            m.group(0)
            for m in _ENTITY.finditer(out)
            if m.group(0) not in source and _hides(html.unescape(html.unescape(m.group(0))))
        ]
        out = html.unescape(html.unescape(out))
        if entities:
            found.append(f"HTML entity {entities[0]}")
    hidden = [char for char in dict.fromkeys(out) if _invisible(char)]
    if hidden:
        added = [char for char in hidden if char not in source]
        if added:
            found.append(_describe(added[0]))
        out = "".join(char for char in out if not _invisible(char))
    split = _SPLITTING_MARKERS.search(out)
    if split is not None and not _SPLITTING_MARKERS.search(source):
        found.append(f"markup {split.group(0)!r} inside a word")
    out = _MARKERS.sub("", out) if split is not None else out
    normal = unicodedata.normalize("NFKC", out)
    if latin and normal != out:
        styled = next(
            (c for c in out if _LATIN.match(unicodedata.normalize("NFKC", c)) and not c.isascii()),
            "",
        )
        if styled and styled not in source:
            found.append(f"look-alike letter {styled!r} (U+{ord(styled):04X}) for ASCII")
    out = normal
    if latin:
        out, alike = _latinise(out)
        if alike and alike not in source:
            found.append(f"look-alike letter {alike!r} (U+{ord(alike):04X}, {_script(alike)})")
    return Revealed(out, tuple(found))


def _script(char: str) -> str:
    return unicodedata.name(char, "?").split(" ")[0].title()


def _latinise(text: str) -> tuple[str, str]:
    """Cyrillic and Greek look-alikes inside words that also have Latin letters, mapped."""
    table = confusables()
    if not any(char in table for char in text):
        return text, ""
    first = ""

    def fix(match: re.Match[str]) -> str:
        nonlocal first
        word = match.group(0)
        if not _LATIN.search(word) or not any(char in table for char in word):
            return word
        first = first or next(char for char in word if char in table)
        return "".join(table.get(char, char) for char in word)

    return _WORD.sub(fix, text), first


def added_markup(source: str, translation: str) -> str:
    """The first HTML tag or script URL in ``translation`` that ``source`` does not have.

    >>> added_markup("華為發布", "Huawei <script>alert(1)</script> launched")
    '<script>'
    >>> added_markup("<b>華為</b>", "<b>Huawei</b>")
    ''
    """
    if "<" not in translation and ":" not in translation:
        return ""
    names = {m.group(2).lower() for m in _TAG.finditer(source)}
    for match in _TAG.finditer(translation):
        if match.group(2).lower() not in names:
            return match.group(0)[:60]
    danger = _DANGEROUS.search(translation)
    if danger is not None and not _DANGEROUS.search(source):
        return danger.group(0)
    if "<!--" in translation and "<!--" not in source:
        return "<!--"
    return ""
