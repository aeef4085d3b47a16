"""Ingest stage: bytes on disk become a clean :class:`~pipeline.models.Article`.

Scraped pages arrive damaged. This stage decodes them, removes pinyin
annotations left by broken converters, turns ASCII punctuation inside Chinese
into full-width forms, separates metadata (the date line) and drops site
boilerplate (disclaimers, QR-code prompts, repeated titles, teasers), keeping a
record of every change so the CLI can report it.
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from pypinyin import Style, pinyin

from .convert import to_simplified
from .errors import DecodeError, InputFileError, PipelineError
from .markdown import is_indented_code, is_verbatim_line
from .models import Article, Block, Correction, Dropped, Repair

# --- decoding ------------------------------------------------------------------------------

#: Encodings recognised without being told. UTF-8 validates itself; between the two
#: legacy encodings we only guess when one of them gives clearly common characters.
LEGACY_ENCODINGS = ("gb18030", "big5")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode_bytes(data: bytes, path: str, encoding: str | None = None) -> Decoded:
    """Decode an article, refusing to guess when the guess could be mojibake.

    >>> decode_bytes("中文".encode("utf-8"), "a.txt").encoding
    'utf-8'
    """
    if encoding:
        return Decoded(_decode_strict(data, encoding, path), encoding)
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(_decode_strict(data[3:], "utf-8", path, offset=3), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(_decode_strict(data, "utf-16", path), "utf-16")
    if b"\x00" in data:
        raise DecodeError(
            "contains NUL bytes (UTF-16 without a byte-order mark?); pass --encoding "
            "or set it under 'encodings' in the configuration",
            path,
        )
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    candidates: dict[str, str] = {}
    for name in LEGACY_ENCODINGS:
        try:
            candidates[name] = data.decode(name)
        except UnicodeDecodeError:
            continue
    scores = {name: common_character_share(text) for name, text in candidates.items()}
    good = [name for name, score in scores.items() if score >= 0.9]
    enough = all(_han_count(text) >= MIN_HAN_TO_GUESS for text in candidates.values())
    if enough and len(good) == 1 and all(s < 0.8 for n, s in scores.items() if n != good[0]):
        return Decoded(candidates[good[0]], good[0])
    offset = utf8_error.start
    line = data.count(b"\n", 0, offset) + 1
    if not candidates:
        raise DecodeError(
            f"undecodable bytes at byte offset {offset}: not UTF-8, GB18030 or Big5", path, line
        )
    names = ", ".join(sorted(candidates))
    raise DecodeError(
        f"not UTF-8 (byte offset {offset}) and the encoding is ambiguous ({names} both decode); "
        "pass --encoding or set it under 'encodings' in the configuration",
        path,
        line,
    )


def _decode_strict(data: bytes, encoding: str, path: str, offset: int = 0) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise DecodeError(f"unknown encoding {encoding!r}", path) from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        at = exc.start + offset
        line = data.count(b"\n", 0, at) + 1
        raise DecodeError(
            f"undecodable bytes for {encoding} at byte offset {at}", path, line
        ) from None


#: Below this many Han characters the share of common characters proves nothing.
MIN_HAN_TO_GUESS = 20


def _han_count(text: str) -> int:
    return sum(1 for c in text if "\u4e00" <= c <= "\u9fff")


def common_character_share(text: str) -> float:
    """Share of Han characters that are level-1 (common) in GB2312 or Big5.

    Mojibake from decoding with the wrong legacy encoding lands mostly on rare
    characters, genuine text mostly on common ones: the two tables' level-1
    sections are the 3,755 and 5,401 most used characters.
    """
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return 0.0
    return sum(1 for c in han if _is_common(c)) / len(han)


@lru_cache(maxsize=65536)
def _is_common(char: str) -> bool:
    try:
        gb = char.encode("gb2312")
        if 0xB0 <= gb[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = char.encode("big5")
        code = (big5[0] << 8) | big5[1]
        return 0xA440 <= code <= 0xC67E
    except UnicodeEncodeError:
        return False


# --- character classes ---------------------------------------------------------------------


def is_cjk(char: str) -> bool:
    """Han characters and CJK/full-width punctuation."""
    code = ord(char)
    return (
        0x3400 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
        or 0x3000 <= code <= 0x303F
        or 0xFF01 <= code <= 0xFF60
        or code in (0x201C, 0x201D, 0x2018, 0x2019, 0x2026)
    )


def is_han(char: str) -> bool:
    code = ord(char)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF


# --- pinyin annotations --------------------------------------------------------------------

_PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê"
_ANNOTATION = re.compile(
    rf"(?P<char>[\u3400-\u9fff\uf900-\ufaff])[(（](?P<reading>[{_PINYIN_LETTERS}:]+[1-5]?)[)）]",
    re.IGNORECASE,
)


@cache
def readings(char: str) -> frozenset[str]:
    """Every reading of ``char`` known to pypinyin (heteronyms), with tones, without, numbered."""
    found: set[str] = set()
    for style in (Style.TONE, Style.NORMAL, Style.TONE3):
        for group in pinyin(char, style=style, heteronym=True, errors="ignore"):
            found.update(r.lower() for r in group)
    numbered = pinyin(char, style=Style.TONE3, heteronym=True, neutral_tone_with_five=True)
    for group in numbered:
        found.update(r.lower() for r in group)
    return frozenset(found)


def _normalize_reading(reading: str) -> str:
    """pypinyin writes ü as v in its toneless styles (lv, lv4); accept ü, u: and v alike."""
    return reading.lower().replace("u:", "v").replace("ü", "v")


def repair_pinyin(text: str, line: int = 0) -> tuple[str, tuple[Repair, ...]]:
    """Remove ``(pinyin)`` annotations that are a reading of the character before them.

    >>> repair_pinyin("創(chuàng)始人")[0]
    '創始人'
    >>> repair_pinyin("昇騰(Ascend)")[0]
    '昇騰(Ascend)'
    """
    repairs: list[Repair] = []

    def replace(match: re.Match[str]) -> str:
        char, reading = match.group("char"), match.group("reading")
        known = readings(char)
        if reading.lower() in known or _normalize_reading(reading) in known:
            repairs.append(Repair(line=line, annotated=match.group(0), repaired=char))
            return char
        return match.group(0)

    return _ANNOTATION.sub(replace, text), tuple(repairs)


# --- punctuation ---------------------------------------------------------------------------

_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}


def _is_ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def fix_punctuation(text: str) -> tuple[str, int]:
    """Full-width ``, : ; ? ! ( ) "`` where they touch Chinese; leave Latin and number runs.

    A mark is converted when a neighbour is a Chinese character and it does not
    sit between two ASCII letters or digits (``3:2``, ``RISC-V`` stay as they are).
    Parentheses convert as a pair; ASCII double quotes touching Chinese become
    paired curly quotes.

    >>> fix_punctuation('背后:國產GPU加速突圍,中美')[0]
    '背后：國產GPU加速突圍，中美'
    >>> fix_punctuation('比例為3:2')[0]
    '比例為3:2'
    """
    chars = list(text)
    count = 0
    protected = _protected_positions(text)

    def neighbours(i: int) -> tuple[str, str]:
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        return before, after

    def touches_cjk(i: int) -> bool:
        before, after = neighbours(i)
        return (bool(before) and is_cjk(before)) or (bool(after) and is_cjk(after))

    # Parentheses as pairs: convert when the pair touches Chinese or holds Chinese.
    stack: list[int] = []
    for i, char in enumerate(text):
        if i in protected:
            continue
        if char == "(":
            stack.append(i)
        elif char == ")" and stack:
            start = stack.pop()
            inner = text[start + 1 : i]
            if touches_cjk(start) or touches_cjk(i) or any(is_han(c) for c in inner):
                chars[start], chars[i] = "（", "）"
                count += 1
    for i, char in enumerate(text):
        if char in ",:;?!" and i not in protected:
            before, after = neighbours(i)
            if char == "!" and after == "[":  # ![alt](src) is a Markdown image
                continue
            if _is_ascii_alnum(before) and _is_ascii_alnum(after):
                continue
            if char in ",:;" and after == " " and not (before and is_cjk(before)):
                continue
            if touches_cjk(i):
                chars[i] = _FULL_WIDTH[char]
                count += 1
    # Double quotes: alternate open/close among the quotes that touch Chinese.
    quote_positions = [i for i, c in enumerate(text) if c == '"' and i not in protected]
    if quote_positions and len(quote_positions) % 2 == 0:
        pairs = list(zip(quote_positions[::2], quote_positions[1::2], strict=True))
        for start, end in pairs:
            inner = text[start + 1 : end]
            if touches_cjk(start) or touches_cjk(end) or any(is_han(c) for c in inner):
                chars[start], chars[end] = "“", "”"
                count += 1
    return "".join(chars), count


#: Markup whose punctuation is syntax, not prose: link and image targets (with their
#: titles), inline code and autolinks.
_MARKUP_SPANS = re.compile(r"\]\((?:[^()]|\([^()]*\))*\)|`[^`]*`|<https?://[^>\s]*>")


def _protected_positions(text: str) -> set[int]:
    return {i for m in _MARKUP_SPANS.finditer(text) for i in range(m.start(), m.end())}


# --- line classification -------------------------------------------------------------------

_DATE = re.compile(
    r"^\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
)
# Matched against the Simplified form of a line, so Traditional pages behave the same.
_DISCLAIMER = re.compile(r"^\s*(?:免责声明|版权声明|特别声明|郑重声明|声明)\s*[:：]")
_CALL_TO_ACTION = re.compile(
    r"长按(?:识别)?(?:扫码|二维码)|扫码(?:阅读|关注|下载)|扫描(?:下方)?二维码|阅读全文|阅读原文"
    r"|点击(?:关注|阅读)|关注(?:我们的)?公众号|下载(?:客户端|APP)"
)
_CALL_TO_ACTION_MAX = 30
_ELLIPSIS_END = re.compile(r"(?:\.{3,}|…+)\s*$")
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十百\d]+[章节節部篇]"
    r"|\d{1,2}[、.．]\s*(?=\D))"
)
_CLOSING_HEADING = re.compile(
    r"^(?:结语|結語|结论|結論|总结|總結|前言|引言|后记|後記|尾声|尾聲|小结|小結)\s*[:：]?\s*$"
)
_HEADING_MAX = 40
_SENTENCE_END = "。！？!?"


def classify_heading(line: str) -> bool:
    """A short line that opens a numbered section or names a closing section."""
    stripped = line.strip()
    if not stripped or len(stripped) > _HEADING_MAX:
        return False
    if _CLOSING_HEADING.match(stripped):
        return True
    return bool(_HEADING.match(stripped)) and stripped[-1] not in "。；;，,"


def _collapse(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- whole article -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


# --- editor corrections --------------------------------------------------------------------

CORRECTION_COLUMNS = ("article", "find", "replace", "note")


def load_corrections(path: Path) -> tuple[Correction, ...]:
    """Read ``corrections.csv``; a missing file means no corrections."""
    if not path.is_file():
        return ()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PipelineError(f"not UTF-8 (byte offset {exc.start})", path) from None
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    found: list[Correction] = []
    try:
        header = next(reader, None)
        if header is None or tuple(h.strip() for h in header) != CORRECTION_COLUMNS:
            raise PipelineError(f"header must be {','.join(CORRECTION_COLUMNS)}", path, 1)
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(CORRECTION_COLUMNS):
                raise PipelineError(
                    f"expected {len(CORRECTION_COLUMNS)} columns, found {len(row)}", path, line
                )
            article, find, replace, note = row
            if not article.strip() or not find:
                raise PipelineError("empty 'article' or 'find' cell", path, line)
            found.append(Correction(article.strip(), find, replace, note, line))
    except csv.Error as exc:
        raise PipelineError(f"malformed CSV: {exc}", path, reader.line_num) from None
    return tuple(found)


def apply_corrections(
    text: str, corrections: Iterable[Correction], source: str
) -> tuple[str, tuple[Repair, ...]]:
    """Apply an article's corrections; a correction that no longer matches is an error,
    so a stale fix never silently stops applying."""
    repairs: list[Repair] = []
    for fix in corrections:
        at = text.find(fix.find)
        if at < 0:
            raise PipelineError(
                f"correction for {fix.article} no longer matches the article "
                f"({fix.find!r} not found in {source})",
                source if not fix.line else "corrections.csv",
                fix.line or None,
            )
        while at >= 0:
            repairs.append(Repair(text.count("\n", 0, at) + 1, fix.find, fix.replace, "correction"))
            text = text[:at] + fix.replace + text[at + len(fix.find) :]
            at = text.find(fix.find, at + len(fix.replace))
    return text, tuple(repairs)


_DAMAGED_ANNOTATION = re.compile(rf"[?？][{_PINYIN_LETTERS}]+[1-5]?\)", re.IGNORECASE)


def read_article(
    path: Path,
    *,
    display_path: str | None = None,
    encoding: str | None = None,
    punctuation: bool = True,
    corrections: Iterable[Correction] = (),
) -> Article:
    """Read, decode and clean one article file."""
    shown = display_path or path.as_posix()
    if not path.exists():
        raise InputFileError("no such file", shown)
    if not path.is_file():
        raise InputFileError("not a file", shown)
    data = path.read_bytes()
    decoded = decode_bytes(data, shown, encoding)
    fmt = "markdown" if path.suffix.lower() in (".md", ".markdown") else "text"
    return parse_article(
        decoded.text,
        path=shown,
        slug=path.stem,
        fmt=fmt,
        encoding=decoded.encoding,
        punctuation=punctuation,
        corrections=tuple(c for c in corrections if c.article == path.stem),
    )


def parse_article(
    text: str,
    *,
    path: str,
    slug: str,
    fmt: str = "text",
    encoding: str = "utf-8",
    punctuation: bool = True,
    corrections: Iterable[Correction] = (),
) -> Article:
    """Clean decoded text into an Article (pure: no disk access)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputFileError("empty article: nothing to translate", path)
    text, corrected = apply_corrections(text, corrections, path)
    repairs: list[Repair] = list(corrected)
    suspects: list[Dropped] = []
    fixes = 0
    lines: list[_Line] = []
    in_fence = in_code = False
    after_blank = True
    markdown = fmt == "markdown"
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        fence = markdown and line.lstrip().startswith(("```", "~~~"))
        if fence:
            in_fence = not in_fence
        in_code = markdown and is_indented_code(line) and (after_blank or in_code)
        after_blank = not line.strip()
        # Markdown syntax that is copied verbatim is never "cleaned".
        if not (fence or in_fence or in_code or (markdown and is_verbatim_line(line))):
            line, found = repair_pinyin(line, number)
            repairs.extend(found)
            for damaged in _DAMAGED_ANNOTATION.finditer(line):
                suspects.append(Dropped(number, "damaged-annotation", damaged.group(0)))
            if punctuation:
                line, fixed = fix_punctuation(line)
                fixes += fixed
        lines.append(_Line(number, line))
    if fmt == "markdown":
        from .markdown import parse_markdown_blocks  # noqa: PLC0415

        blocks = parse_markdown_blocks(lines_as_pairs(lines))
    else:
        blocks = _plain_blocks(lines)
    blocks, metadata, dropped = _drop_boilerplate(blocks)
    if not any(b.kind != "verbatim" for b in blocks):
        raise InputFileError("empty article: only boilerplate, nothing to translate", path)
    return Article(
        path=path,
        slug=slug,
        format=fmt,
        encoding=encoding,
        blocks=tuple(blocks),
        metadata=tuple(metadata),
        repairs=tuple(repairs),
        dropped=tuple(dropped),
        punctuation_fixes=fixes,
        suspects=tuple(suspects),
    )


def lines_as_pairs(lines: Iterable[_Line]) -> list[tuple[int, str]]:
    return [(line.number, line.text) for line in lines]


def _plain_blocks(lines: list[_Line]) -> list[Block]:
    """Plain text: the first line is the title, short numbered lines are headings,
    other consecutive lines form paragraphs (each line is checked for boilerplate
    on its own first, so a date line glued to a teaser still separates)."""
    blocks: list[Block] = []
    paragraph: list[_Line] = []
    title_seen = False

    def flush() -> None:
        if paragraph:
            blocks.append(join_lines("paragraph", paragraph))
            paragraph.clear()

    for line in lines:
        stripped = line.text.strip()
        if not stripped:
            flush()
            continue
        if not title_seen:
            blocks.append(Block("title", stripped, line.number))
            title_seen = True
            continue
        heading = classify_heading(stripped)
        if heading or _is_standalone(stripped):
            flush()
            kind = "heading" if heading else "paragraph"
            blocks.append(Block(kind, tighten(stripped), line.number))
            continue
        paragraph.append(_Line(line.number, stripped))
    flush()
    return blocks


def _is_standalone(line: str) -> bool:
    """Lines that are boilerplate candidates stay single blocks, never glued to a paragraph."""
    simplified = to_simplified(line)
    return bool(
        _DATE.match(line)
        or _DISCLAIMER.match(simplified)
        or (len(line) <= _CALL_TO_ACTION_MAX and _CALL_TO_ACTION.search(simplified))
        or _ELLIPSIS_END.search(line)
    )


_SPACE_AFTER_SENTENCE = re.compile(r"([。！？…][」』”’）》]*)[ \t\u3000]+(?=\S)")


def tighten(text: str) -> str:
    """Chinese puts no space after a full stop: drop it, so units have clean edges.

    >>> tighten("好。 然後")
    '好。然後'
    """
    return _SPACE_AFTER_SENTENCE.sub(r"\1", text)


def join_lines(kind: str, lines: list[_Line], markup: str = "") -> Block:
    """Join wrapped source lines: no space between Chinese, one space between Latin words."""
    text = ""
    starts: list[int] = []
    for line in lines:
        piece = tighten(line.text.strip())
        if text:
            if not (is_cjk(text[-1]) or is_cjk(piece[0])):
                text += " "
            starts.append(len(text))
        text += piece
    return Block(kind, text, lines[0].number, markup=markup, line_starts=tuple(starts))


def _drop_boilerplate(
    blocks: list[Block],
) -> tuple[list[Block], list[tuple[str, str]], list[Dropped]]:
    """Separate metadata and drop boilerplate; rules compare Simplified forms."""
    title = next((b for b in blocks if b.kind == "title"), None)
    title_key = _collapse(to_simplified(title.text)) if title else ""
    body = [b for b in blocks if b.kind in ("paragraph", "list_item", "quote")]
    body_keys = [_collapse(to_simplified(b.text)) for b in body]
    kept: list[Block] = []
    metadata: list[tuple[str, str]] = []
    dropped: list[Dropped] = []
    for block in blocks:
        if block.kind in ("title", "verbatim"):
            kept.append(block)
            continue
        simplified = to_simplified(block.text)
        key = _collapse(simplified)
        rule = None
        if _DATE.match(block.text):
            if not any(k == "date" for k, _ in metadata):
                metadata.append(("date", block.text.strip()))
            rule = "date"
        elif title_key and key == title_key:
            rule = "repeated-title"
        elif _DISCLAIMER.match(simplified):
            rule = "disclaimer"
        elif len(block.text) <= _CALL_TO_ACTION_MAX and _CALL_TO_ACTION.search(simplified):
            rule = "call-to-action"
        elif _ELLIPSIS_END.search(block.text) and _is_teaser(key, title_key, body_keys):
            rule = "teaser"
        if rule:
            dropped.append(Dropped(block.line, rule, block.text))
        else:
            kept.append(block)
    return kept, metadata, dropped


def _is_teaser(key: str, title_key: str, body_keys: list[str]) -> bool:
    """A truncated copy of the opening: optional title, then the start of a paragraph."""
    rest = _ELLIPSIS_END.sub("", key)
    rest = re.sub(r"[.…]+$", "", rest)
    if title_key and rest.startswith(title_key):
        rest = rest[len(title_key) :]
    if not rest:
        return True
    return any(body != key and body.startswith(rest) for body in body_keys)
