"""Catalog stage: reading PO and POT files (GNU's grammar, errors with their line).

The module runs long because it is a complete lexer for GNU's PO grammar (every
keyword, escape, previous and obsolete form, and the error message for each way
a file can be wrong), which polib's parser does not give; one grammar belongs in
one place.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polib

from .. import trace
from ..errors import CatalogError
from ..fileio import read_input
from ..models import CatalogUnit
from .base import _POENTRY_NEW, LONE_COMMENT, Catalog, _gc_paused, _new_entry

# --- reading PO files ------------------------------------------------------------------------
#
# polib's parser reports no line for most errors and accepts some bad input (an
# unknown escape becomes a literal backslash, a missing msgstr is filled in), so
# PO files are lexed here, line by line, and polib is used only as the in-memory
# model. The grammar is GNU's (po-gram): comments, then msgctxt / msgid /
# msgid_plural / msgstr or msgstr[N], each followed by one or more strings,
# continuation strings on the following lines; "#|" previous fields; "#~"
# obsolete entries.


_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[([0-9]+)\])?(?=[\s\"]|$)")
_STRING_RE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')
_ESCAPE_RE = re.compile(r"\\(?:([ntbrfva\\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))", re.S)
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "b": "\b",
    "r": "\r",
    "f": "\f",
    "v": "\v",
    "a": "\a",
    "\\": "\\",
    '"': '"',
}
_CHARSET_RE = re.compile(rb'Content-Type:[^"\n]*charset=([A-Za-z0-9._:+-]+)')
_UTF8_NAMES = {"utf-8", "utf8"}
_ASCII_NAMES = {"ascii", "us-ascii", "ansi_x3.4-1968"}
_QUOTED = r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"'
#: A whole entry whose fields are one line each, with only "#", "#.", "#:", "#,"
#: comments: what zhl10n (and msgcat --no-wrap) writes for nearly every entry.
_FAST_ENTRY_RE = re.compile(
    r"(\n*)"
    r"((?:#(?:[ .:,][^\n]*)?\n)*)"
    rf"(?:msgctxt {_QUOTED}\n)?"
    rf"msgid {_QUOTED}\n"
    rf"msgstr {_QUOTED}(?:\n|\Z)"
    r"(?![ \t\n]*\")"
)

# Stages of an entry while it is being read.
_COMMENTS, _CTXT, _ID, _ID_PLURAL, _STR, _STR_PLURAL = range(6)


class _Pending:
    """An entry being read: what has been seen so far, and where."""

    __slots__ = (
        "tcomments",
        "comments",
        "occurrences",
        "flags",
        "previous",
        "obsolete",
        "msgctxt",
        "msgid",
        "msgid_plural",
        "msgstr",
        "plural",
        "stage",
        "first_line",
        "key_line",
        "target",
        "prev_target",
        "header_lines",
    )

    def __init__(self) -> None:
        self.tcomments: list[str] = []
        self.comments: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.previous: dict[str, list[str]] = {}
        self.obsolete: bool | None = None
        self.msgctxt: list[str] | None = None
        self.msgid: list[str] | None = None
        self.msgid_plural: list[str] | None = None
        self.msgstr: list[str] | None = None
        self.plural: dict[int, list[str]] = {}
        self.stage = _COMMENTS
        self.first_line = 0
        self.key_line = 0
        self.target: list[str] | None = None
        self.prev_target: list[str] | None = None
        self.header_lines: list[int] = []

    def empty(self) -> bool:
        return not (
            self.tcomments or self.comments or self.occurrences or self.flags or self.previous
        )


class _Parser:
    """One pass over the lines of a PO file, building a :class:`Catalog`."""

    def __init__(self, text: str, path: str) -> None:
        self.text = text.replace("\r\n", "\n") if "\r" in text else text
        self.path = path
        self.po = Catalog()
        self.po.fpath = path
        self.seen: dict[tuple[str | None, str], int] = {}
        self.entries: list[Any] = []
        self.header_found = False
        self.header_content_line = 0
        self.lineno = 0
        self.cur = _Pending()

    def error(self, message: str, line: int | None = None) -> CatalogError:
        return CatalogError(message, self.path, line if line is not None else self.lineno)

    def parse(self) -> Catalog:
        text = self.text
        size = len(text)
        fast = _FAST_ENTRY_RE.match
        pos = 0
        line = 1  # number of the line that starts at pos
        while pos < size:
            cur = self.cur
            if cur.stage >= _STR and self.entry_ends(pos):
                self.finish()
                cur = self.cur
            if cur.stage == _COMMENTS and not cur.first_line:
                found = fast(text, pos)
                if found is not None and self.fast_entry(found, line):
                    line += found.group(0).count("\n")
                    pos = found.end()
                    continue
            end = text.find("\n", pos)
            if end < 0:
                end = size
            self.lineno = line
            self.line(text[pos:end])
            pos = end + 1
            line += 1
        self.finish(at_end=True)
        if not self.header_found:
            self.po.has_header_entry = False
        list.extend(self.po, self.entries)  # polib's append would re-check duplicates
        return self.po

    def entry_ends(self, pos: int) -> bool:
        """Whether the next non-blank line starts another entry (not a string or msgstr[n])."""
        text = self.text
        size = len(text)
        while pos < size and text[pos] in " \t\n":
            pos += 1
        if text.startswith("#~", pos):  # an obsolete entry's strings and msgstr[n] go on
            pos += 2
            while pos < size and text[pos] in " \t":
                pos += 1
            return not text.startswith(('"', "msgstr"), pos)
        return text.startswith(("#", "msgid", "msgctxt"), pos)

    def line(self, raw: str) -> None:
        line = raw[:-1] if raw.endswith("\r") else raw
        stripped = line.lstrip()
        if not stripped:
            return
        first = stripped[0]
        if first == "#":
            self.comment_line(stripped)
        elif first == '"':
            self.continuation(stripped, self.cur.target, len(line) - len(stripped))
        else:
            self.keyword_line(stripped, False, len(line) - len(stripped))

    def fast_entry(self, found: re.Match[str], line: int) -> bool:
        """Take a plain one-line-per-field entry in one regex match (most entries are).

        Returns False, consuming nothing, for anything the line reader must see:
        the header, or a string with an escape that turns out to be invalid.
        """
        blank, comments, msgctxt, msgid, msgstr = found.groups()
        if not msgid and msgctxt is None:
            return False
        first_line = line + len(blank)
        tcomments: list[str] = []
        extracted: list[str] = []
        occurrences: list[tuple[str, str]] = []
        flags: list[str] = []
        key_line = first_line
        if comments:
            for text in comments[:-1].split("\n"):
                key_line += 1
                second = text[1:2]
                if second == ".":
                    extracted.append(text[3:] if text[2:3] == " " else text[2:])
                elif second == ":":
                    occurrences.extend(_references(text[2:]))
                elif second == ",":
                    flags.extend(flag.strip() for flag in text[2:].split(",") if flag.strip())
                else:
                    tcomments.append(text[2:])
        if "\\" in found.group(0):
            try:
                if msgctxt is not None:
                    msgctxt = self.unescape(msgctxt, 0)
                msgid = self.unescape(msgid, 0)
                msgstr = self.unescape(msgstr, 0)
            except CatalogError:
                return False  # the line reader reports it with the right line and column
        key = (msgctxt, msgid)
        seen = self.seen
        if key in seen:
            return False  # the line reader reports the duplicate
        seen[key] = key_line
        entry = _POENTRY_NEW(polib.POEntry)
        entry.__dict__.update(
            {
                "msgid": msgid,
                "msgstr": msgstr,
                "msgid_plural": "",
                "msgstr_plural": {},
                "msgctxt": msgctxt,
                "obsolete": False,
                "encoding": "utf-8",
                "comment": "\n".join(extracted),
                "tcomment": "\n".join(tcomments),
                "occurrences": occurrences,
                "flags": flags,
                "previous_msgctxt": None,
                "previous_msgid": None,
                "previous_msgid_plural": None,
                "linenum": first_line,
            }
        )
        if tcomments == [""]:
            entry.__dict__[LONE_COMMENT] = True
        self.entries.append(entry)
        return True

    # -- comments ------------------------------------------------------------------------

    def begin_comment(self) -> _Pending:
        cur = self.cur
        if cur.stage >= _STR:
            self.finish()
            cur = self.cur
        elif cur.stage != _COMMENTS:
            raise self.error("comment inside an entry: msgstr is missing before it", self.lineno)
        if not cur.first_line:
            cur.first_line = self.lineno
        return cur

    def comment_line(self, text: str) -> None:
        second = text[1:2]
        if second == "~":
            rest = text[2:]
            if rest.startswith("|"):
                self.previous_line(rest[1:].lstrip(), obsolete=True)
                return
            rest = rest.lstrip()
            if not rest:
                return
            column = len(text) - len(rest)
            if rest[0] == '"':
                self.check_obsolete(True)
                self.continuation(rest, self.cur.target, column)
            else:
                self.keyword_line(rest, True, column)
            return
        if second == "|":
            self.previous_line(text[2:].lstrip(), obsolete=False)
            return
        cur = self.begin_comment()
        if second == ".":
            cur.comments.append(_strip_one_space(text[2:]))
        elif second == ":":
            cur.occurrences.extend(_references(text[2:]))
        elif second == ",":
            cur.flags.extend(flag.strip() for flag in text[2:].split(",") if flag.strip())
        else:
            cur.tcomments.append(_strip_one_space(text[1:]))

    def previous_line(self, rest: str, *, obsolete: bool) -> None:
        cur = self.begin_comment()
        if not rest:
            return
        if rest[0] == '"':
            if cur.prev_target is None:
                raise self.error("'#|' string without a keyword before it")
            cur.prev_target.append(self.strings(rest, 0))
            return
        match = _KEYWORD_RE.match(rest)
        if not match or match.group(2) is not None or match.group(1) == "msgstr":
            raise self.error(f"unexpected text after '#|': {_excerpt(rest)}")
        name = "previous_" + match.group(1)
        if name in cur.previous:
            raise self.error(f"'#| {match.group(1)}' given twice")
        value = [self.strings(rest[match.end() :], match.end())]
        cur.previous[name] = value
        cur.prev_target = value

    # -- keywords and strings ------------------------------------------------------------

    def check_obsolete(self, obsolete: bool) -> None:
        cur = self.cur
        if cur.obsolete is not None and cur.obsolete != obsolete:
            raise self.error("obsolete ('#~') and active lines mixed in one entry")

    def keyword_line(self, text: str, obsolete: bool, column: int) -> None:
        match = _KEYWORD_RE.match(text)
        if not match:
            raise self.error(f"unexpected text: {_excerpt(text)}")
        keyword, index = match.group(1), match.group(2)
        rest = text[match.end() :]
        cur = self.cur
        if keyword == "msgctxt" or (keyword == "msgid" and cur.stage != _CTXT):
            if cur.stage >= _STR:
                self.finish()
                cur = self.cur
            elif cur.stage != _COMMENTS:
                if keyword == "msgctxt":
                    raise self.error("msgctxt inside an entry: msgstr is missing before it")
                raise self.error("msgid inside an entry: msgstr is missing before it")
        self.check_obsolete(obsolete)
        cur.obsolete = obsolete
        if not cur.first_line:
            cur.first_line = self.lineno
        value = [self.strings(rest, column + match.end())]
        if keyword == "msgctxt":
            cur.msgctxt, cur.stage, cur.key_line = value, _CTXT, self.lineno
        elif keyword == "msgid":
            if cur.stage == _COMMENTS:
                cur.key_line = self.lineno
            cur.msgid, cur.stage = value, _ID
        elif keyword == "msgid_plural":
            if cur.stage != _ID:
                raise self.error("msgid_plural without a msgid before it")
            cur.msgid_plural, cur.stage = value, _ID_PLURAL
        elif index is None:
            if cur.stage == _ID_PLURAL:
                raise self.error("plural entry needs msgstr[0], msgstr[1]..., not msgstr")
            if cur.stage != _ID:
                raise self.error("msgstr without a msgid before it")
            cur.msgstr, cur.stage = value, _STR
            if cur.msgctxt is None and cur.msgid is not None and not any(cur.msgid):
                cur.header_lines = [self.lineno]
        else:
            number = int(index)
            if cur.stage not in (_ID_PLURAL, _STR_PLURAL):
                raise self.error(f"msgstr[{index}] without a msgid_plural before it")
            if number != len(cur.plural):
                expected = f"msgstr[{len(cur.plural)}]"
                raise self.error(f"msgstr[{index}] out of order: expected {expected}")
            cur.plural[number] = value
            cur.stage = _STR_PLURAL
        cur.target = value

    def continuation(self, text: str, target: list[str] | None, column: int) -> None:
        if target is None:
            raise self.error("string without a keyword (msgid, msgstr...) before it")
        target.append(self.strings(text, column))
        if self.cur.header_lines and target is self.cur.msgstr:
            self.cur.header_lines.append(self.lineno)

    def strings(self, text: str, column: int) -> str:
        """The concatenated value of one or more quoted strings on one line."""
        pos = 0
        size = len(text)
        while pos < size and text[pos] in " \t":
            pos += 1
        parts: list[str] = []
        while pos < size and text[pos] == '"':
            match = _STRING_RE.match(text, pos)
            if match is None:
                raise self.error("unterminated string (missing closing quote)")
            parts.append(self.unescape(match.group(1), column + pos + 2))
            pos = match.end()
            while pos < size and text[pos] in " \t":
                pos += 1
        if not parts:
            raise self.error(f"expected a quoted string, found {_excerpt(text[pos:])}")
        if pos < size and text[pos] != "#":  # GNU allows a comment after the last string
            raise self.error(f"unexpected text after string: {_excerpt(text[pos:])}")
        return parts[0] if len(parts) == 1 else "".join(parts)

    def unescape(self, body: str, column: int) -> str:
        if "\\" not in body:
            return body
        out: list[str] = []
        pos = 0
        raw_bytes = False
        for match in _ESCAPE_RE.finditer(body):
            out.append(body[pos : match.start()])
            simple, octal, hexa, bad = match.groups()
            where = f"column {column + match.start()}"
            if bad is not None:
                raise self.error(f"invalid escape sequence \\{bad} ({where})")
            if simple is not None:
                out.append(_SIMPLE_ESCAPES[simple])
            else:
                value = int(octal, 8) if octal is not None else int(hexa, 16)
                if value == 0 or value > 0xFF:
                    raise self.error(f"invalid escape sequence {match.group(0)} ({where})")
                if value < 0x80:
                    out.append(chr(value))
                else:  # a raw byte: valid only as part of a UTF-8 sequence
                    out.append(chr(0xDC00 + value))
                    raw_bytes = True
            pos = match.end()
        out.append(body[pos:])
        text = "".join(out)
        if raw_bytes:
            try:
                text = text.encode("utf-8", "surrogateescape").decode("utf-8")
            except UnicodeError:
                raise self.error("escaped bytes do not form valid UTF-8") from None
        return text

    # -- finishing entries ---------------------------------------------------------------

    def finish(self, *, at_end: bool = False) -> None:
        cur = self.cur
        self.cur = _Pending()
        if cur.stage == _COMMENTS:
            if at_end or cur.empty():
                return  # comments at the very end belong to no entry (GNU drops them too)
            raise self.error("comments without an entry", cur.first_line)
        where = cur.key_line or cur.first_line
        if cur.stage == _CTXT:
            raise self.error("msgctxt without a msgid", where)
        if cur.stage in (_ID, _ID_PLURAL):
            raise self.error("msgid without a msgstr", where)
        assert cur.msgid is not None
        msgid = "".join(cur.msgid)
        msgctxt = "".join(cur.msgctxt) if cur.msgctxt is not None else None
        key = (msgctxt, msgid)
        first = self.seen.get(key)
        if first is not None:
            raise self.error(f"duplicate message definition (first defined at line {first})", where)
        if msgid == "" and msgctxt is None and not cur.obsolete and cur.msgid_plural is None:
            self.seen[key] = where
            self.header(cur)
            return
        entry = _new_entry(
            msgid=msgid,
            msgctxt=msgctxt,
            msgstr="".join(cur.msgstr) if cur.msgstr is not None else "",
            msgid_plural="".join(cur.msgid_plural) if cur.msgid_plural is not None else "",
            msgstr_plural={n: "".join(v) for n, v in cur.plural.items()},
            obsolete=bool(cur.obsolete),
            tcomment="\n".join(cur.tcomments),
            comment="\n".join(cur.comments),
            occurrences=cur.occurrences,
            flags=cur.flags,
            linenum=cur.first_line,
        )
        for name, value in cur.previous.items():
            setattr(entry, name, "".join(value))
        if cur.tcomments == [""]:
            entry.__dict__[LONE_COMMENT] = True
        self.add_entry(entry, where)

    def add_entry(self, entry: Any, where: int) -> None:
        key = (entry.msgctxt, entry.msgid)
        first = self.seen.get(key)
        if first is not None:
            raise self.error(f"duplicate message definition (first defined at line {first})", where)
        self.seen[key] = where
        self.entries.append(entry)

    def header(self, cur: _Pending) -> None:
        po = self.po
        self.header_found = True
        po.header = "\n".join(cur.tcomments)
        po.lone_header_comment = cur.tcomments == [""]
        po.metadata_is_fuzzy = "fuzzy" in cur.flags
        text = "".join(cur.msgstr or [])
        metadata: dict[str, Any] = {}
        raw: dict[str, tuple[Any, str]] = {}
        for line in text.split("\n"):
            if not line:
                continue
            key, sep, value = line.partition(":")
            if sep:
                name = key.strip()
                metadata[name] = value.strip()
                raw[name] = (metadata[name], value)
            else:  # not "Key: value"; kept as it is
                metadata[line] = None
        po.metadata = metadata
        po.raw_header = raw
        po.header_open_end = bool(text) and not text.endswith("\n")
        self.header_content_line = cur.key_line
        lines = self.text.split("\n", max(cur.header_lines, default=0))
        for lineno in cur.header_lines:
            if "Content-Type" in lines[lineno - 1]:
                self.header_content_line = lineno
                break


def _strip_one_space(text: str) -> str:
    return text[1:] if text.startswith(" ") else text


def _references(text: str) -> list[tuple[str, str]]:
    """``#:`` tokens as polib keeps them: ``(path, line)``, line "" when there is none."""
    if " " not in text[1:]:  # the usual single reference
        name, sep, line = text.strip().rpartition(":")
        if sep and line.isdigit():
            return [(name, line)]
    found = []
    for isolated, number, token in _REFERENCE.findall(text):
        if isolated:  # ⁨a name with spaces⁩:12
            found.append((isolated[1:-1], number))
            continue
        name, sep, line = token.rpartition(":")
        found.append((name, line) if sep and line.isdigit() else (token, ""))
    return found


#: One ``#:`` token: a file name in U+2068…U+2069 (it has spaces) with its line, or a plain token.
_REFERENCE = re.compile("(\u2068[^\u2069]*\u2069)(?::(\\d+))?|(\\S+)")


def _excerpt(text: str, width: int = 30) -> str:
    text = text.strip()
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def _charset_line(data: bytes, start: int) -> int:
    return data.count(b"\n", 0, start) + 1


def parse_catalog(data: bytes, path: Path | str = "<catalog>") -> Catalog:
    """Parse PO/POT bytes; raise :class:`CatalogError` naming the line of the first problem.

    Only UTF-8 catalogs are read (with or without a byte-order mark); a file that
    declares another charset, or has bytes that are not UTF-8, is an error, never
    mojibake.
    """
    shown = str(path)
    trace.note("parse", shown)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # The whole file is searched (a header can follow 64 KiB of comments); the
    # header entry's own Content-Type is checked again once it is parsed.
    declared = _CHARSET_RE.search(data)
    if declared is not None:
        charset = declared.group(1).decode("ascii").lower()
        if charset not in _UTF8_NAMES | _ASCII_NAMES and charset != "charset":
            raise CatalogError(
                f"unsupported charset {declared.group(1).decode('ascii')!r}: zhl10n reads "
                "UTF-8 catalogs only (convert with: msgconv --to-code=UTF-8)",
                shown,
                _charset_line(data, declared.start()),
            )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        if exc.reason == "unexpected end of data":
            raise CatalogError(
                "ends in the middle of a character: half-saved (an editor still writing?); "
                "save it again",
                shown,
                _charset_line(data, exc.start),
            ) from None
        raise CatalogError(
            f"byte 0x{bad} is not valid UTF-8 (catalogs must be UTF-8)",
            shown,
            _charset_line(data, exc.start),
        ) from None
    if "\x00" in text:
        raise CatalogError(
            "NUL character in the catalog (it would split an MO string)",
            shown,
            text.count("\n", 0, text.index("\x00")) + 1,
        )
    parser = _Parser(text, shown)
    with _gc_paused():
        po = parser.parse()
    content = str(po.metadata.get("Content-Type") or "")
    found = re.search(r"charset=([A-Za-z0-9._:+-]+)", content)
    if found is not None:
        charset = found.group(1).lower()
        if charset not in _UTF8_NAMES | _ASCII_NAMES and charset != "charset":
            raise CatalogError(
                f"unsupported charset {found.group(1)!r}: zhl10n reads "
                "UTF-8 catalogs only (convert with: msgconv --to-code=UTF-8)",
                shown,
                parser.header_content_line,
            )
    if declared is not None and declared.group(1).decode("ascii").lower() in _ASCII_NAMES:
        if not text.isascii():
            raise CatalogError(
                "charset is declared as ASCII but the file has non-ASCII text; "
                "declare charset=UTF-8",
                shown,
                parser.header_content_line or _charset_line(data, declared.start()),
            )
    return po


def read_catalog(path: Path) -> Catalog:
    """Read and validate a PO or POT file (see :func:`parse_catalog`)."""
    return parse_catalog(catalog_bytes(path), path)


def catalog_bytes(path: Path) -> bytes:
    """The bytes of a PO or POT file: a regular file, within the size limit."""
    try:
        return read_input(path)
    except FileNotFoundError:
        raise CatalogError("catalog not found", path) from None
    except OSError as exc:
        raise CatalogError(f"cannot read catalog: {exc.strerror or exc}", path) from None


def catalog_units(path: Path) -> tuple[CatalogUnit, ...]:
    """Every entry of a PO file (header excluded) as plain :class:`CatalogUnit` data.

    Read with :func:`parse_catalog`, so a malformed file raises :class:`CatalogError`
    naming its line.
    """
    data = catalog_bytes(path)  # read once: the lines are those of the entries parsed
    return units_of(parse_catalog(data, path), data)


def units_of(po: Catalog, data: bytes) -> tuple[CatalogUnit, ...]:
    """The entries of ``po``, parsed from ``data``, as :class:`CatalogUnit` data.

    ``msgstr_line`` is found by scanning the file's lines from the entry's first
    line to its ``msgstr`` keyword.
    """
    lines = data.decode("utf-8", errors="replace").split("\n")

    def msgstr_line(first: int) -> int:
        for number in range(max(first, 1), len(lines) + 1):
            text = lines[number - 1].lstrip()
            if text.startswith("#~"):
                text = text[2:].lstrip()
            if text.startswith("msgstr"):
                return number
        return first

    return tuple(
        CatalogUnit(
            msgctxt=entry.msgctxt or "",
            msgid=entry.msgid,
            msgstr=entry.msgstr,
            fuzzy=bool(entry.fuzzy),
            obsolete=bool(entry.obsolete),
            line=int(entry.linenum or 0),
            flags=tuple(entry.flags),
            comment=entry.comment or "",
            translator_comment=entry.tcomment or "",
            msgstr_line=msgstr_line(int(entry.linenum or 0)),
            previous_msgid=entry.previous_msgid or "",
        )
        for entry in po
        if entry.msgid or entry.msgctxt
    )


#: Keywords that start a PO entry's parts; an entry is complete once its msgstr is there.
_KEYWORD = re.compile(r"^(?:#~\s*)?(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\b")


def looks_whole(data: bytes) -> bool:
    """False for PO bytes that look cut short: empty, no final newline, a cut character,
    or a last entry without its ``msgstr`` (what a save written in two parts shows
    between them).

    >>> looks_whole(b'msgid "a"\\nmsgstr "b"\\n'), looks_whole(b'msgid "a"\\n')
    (True, False)
    """
    if not data.strip() or not data.endswith(b"\n"):
        return False
    try:
        text = data[-4096:].decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        if exc.start > 3:  # the window may start mid-character; only the end matters
            return False
        text = data[-4096 + exc.start + 1 :].decode("utf-8", errors="replace")
    for line in reversed(text.splitlines()):
        stripped = line.strip()
        if not stripped or stripped.startswith('"') or stripped.startswith('#~ "'):
            continue
        keyword = _KEYWORD.match(stripped)
        if keyword is None:
            return not stripped.startswith("#") or stripped.startswith("#~")
        return keyword.group(1).startswith("msgstr")
    return False
