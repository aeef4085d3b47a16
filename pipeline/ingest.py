"""Ingest stage: bytes on disk become a clean :class:`~pipeline.models.Article`.

Scraped pages arrive damaged. This stage decodes them, removes pinyin
annotations left by broken converters, turns ASCII punctuation inside Chinese
into full-width forms, finds the headline, drops scrape residue by class
(captions, bylines, site furniture, end marks and related-content lists; dates
become metadata: see :mod:`pipeline.residue`) and rebuilds the paragraphs,
subheadings and lists of a plain-text page, keeping a record of every change
so the CLI can report it. The module runs long because decoding, pinyin repair,
punctuation and paragraph rebuilding each keep their own record of changes for
that report; the residue rules themselves are in :mod:`pipeline.residue` and
``pipeline/data/residue.csv``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from pypinyin import Style, pinyin

from . import trace
from .errors import DecodeError, InputFileError, PipelineError
from .fileio import read_input
from .markdown import (
    DEFAULT_FRONT_MATTER_KEYS,
    Segment,
    front_matter_text,
    parse_segments,
    protect_links,
)
from .models import TRANSLATABLE_KINDS, Article, Block, Correction, Dropped, Override, Repair
from .residue import (
    CONTINUING,
    clean_blocks,
    continues,
    display_width,
    ends_sentence,
    ends_with_ellipsis,
    match_overrides,
    repeats_text,
)
from .tables import CORRECTIONS_TABLE, Record, rows_of
from .text import UNIFIED, is_cjk, is_han, unified_count

# --- decoding ------------------------------------------------------------------------------

#: Encodings recognised without being told. UTF-8 validates itself; between the two
#: legacy encodings we only guess when one of them gives clearly common characters.
LEGACY_ENCODINGS = ("gb18030", "big5")
#: Supersets tried in turn when the plain encoding fails: Microsoft's cp950 adds a
#: few characters to Big5, Big5-HKSCS adds Hong Kong characters (啲, 嘅) and
#: letters such as ā; a Hong Kong page is Big5 in all but name.
ENCODING_FAMILIES = {"big5": ("big5", "cp950", "big5hkscs")}


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
            "contains NUL bytes (UTF-16 without a byte-order mark?); name its encoding "
            f'in zhl10n.toml ([encodings] {_slug(path)} = "utf-16-le") or pass extract '
            "--encoding",
            path,
        )
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    candidates: dict[str, str] = {}
    for family in LEGACY_ENCODINGS:
        for name in ENCODING_FAMILIES.get(family, (family,)):
            try:
                candidates[name] = data.decode(name)
            except UnicodeDecodeError:
                continue
            break  # the narrowest member of the family that decodes
    scores = {name: common_character_share(text) for name, text in candidates.items()}
    good = [name for name, score in scores.items() if score >= 0.9]
    enough = all(unified_count(text) >= MIN_HAN_TO_GUESS for text in candidates.values())
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
        f'name it in zhl10n.toml ([encodings] {_slug(path)} = "<one of them>"), which run '
        "and extract read, or pass extract --encoding",
        path,
        line,
    )


def _slug(path: str) -> str:
    """The article's name as the ``encodings`` table keys it (file name without extension)."""
    return path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0] or path


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


def common_character_share(text: str) -> float:
    """Share of Han characters that are level-1 (common) in GB2312 or Big5.

    Mojibake from decoding with the wrong legacy encoding lands mostly on rare
    characters, genuine text mostly on common ones: the two tables' level-1
    sections are the 3,755 and 5,401 most used characters.
    """
    low, high = chr(UNIFIED[0]), chr(UNIFIED[1])
    han = [c for c in text if low <= c <= high]
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
    >>> fix_punctuation('市值 1.2 兆元 (新台幣) 的計畫')[0]
    '市值 1.2 兆元（新台幣）的計畫'
    """
    chars = list(text)
    count = 0
    protected = _protected_positions(text)
    made: set[int] = set()

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
                made.update((start, i))
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
                made.add(i)
                count += 1
    # Double quotes: alternate open/close among the quotes that touch Chinese.
    quote_positions = [i for i, c in enumerate(text) if c == '"' and i not in protected]
    if quote_positions and len(quote_positions) % 2 == 0:
        pairs = list(zip(quote_positions[::2], quote_positions[1::2], strict=True))
        for start, end in pairs:
            inner = text[start + 1 : end]
            if touches_cjk(start) or touches_cjk(end) or any(is_han(c) for c in inner):
                chars[start], chars[end] = "“", "”"
                made.update((start, end))
                count += 1
    # Full-width marks carry their own spacing: ASCII spaces beside the ones made here go.
    drop: set[int] = set()
    for i in made:
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(text) and text[j] in " \t" and j not in protected:
                drop.add(j)
                j += step
    return "".join(c for i, c in enumerate(chars) if i not in drop), count


#: Markup whose punctuation is syntax, not prose: link and image targets (with their
#: titles), inline code and autolinks.
_MARKUP_SPANS = re.compile(r"\]\((?:[^()]|\([^()]*\))*\)|`[^`]*`|<https?://[^<>\s]*>")


def _protected_positions(text: str) -> set[int]:
    return {i for m in _MARKUP_SPANS.finditer(text) for i in range(m.start(), m.end())}


# --- line classification -------------------------------------------------------------------

_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十百\d]+[章节節部篇]"
    r"|\d{1,2}[、.．]\s*(?=\D))"
)
_CLOSING_HEADING = re.compile(
    r"^(?:结语|結語|结论|結論|总结|總結|前言|引言|后记|後記|尾声|尾聲|小结|小結)\s*[:：]?\s*$"
)
_HEADING_MAX = 40


def classify_heading(line: str) -> bool:
    """A short line that opens a numbered section or names a closing section."""
    stripped = line.strip()
    if not stripped or len(stripped) > _HEADING_MAX:
        return False
    if _CLOSING_HEADING.match(stripped):
        return True
    return bool(_HEADING.match(stripped)) and stripped[-1] not in "。；;，,"


# --- whole article -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


# --- editor corrections --------------------------------------------------------------------


def load_corrections(path: Path) -> tuple[Correction, ...]:
    """Read ``corrections.csv`` (:data:`pipeline.tables.CORRECTIONS_TABLE`); a missing
    file means no corrections."""
    if not path.is_file():
        return ()
    return corrections_of(rows_of(path, CORRECTIONS_TABLE), path)


def corrections_of(records: Iterable[Record], path: Path) -> tuple[Correction, ...]:
    """The corrections of read ``corrections.csv`` rows. ``find`` and ``replace`` are
    taken as written: spaces matter."""
    found: list[Correction] = []
    for line, cells, raw in records:
        if not cells["article"] or not raw["find"]:
            raise PipelineError("empty 'article' or 'find' cell", path, line)
        found.append(Correction(cells["article"], raw["find"], raw["replace"], raw["note"], line))
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
    overrides: Iterable[Override] = (),
    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS,
) -> Article:
    """Read, decode and clean one article file."""
    shown = display_path or path.as_posix()
    if not path.exists():
        raise InputFileError("no such file", shown)
    if not path.is_file():
        raise InputFileError("not a file", shown)
    try:
        data = read_input(path, shown)
    except OSError as exc:
        raise InputFileError(f"cannot read: {exc.strerror or exc}", shown) from None
    trace.note("article", shown)
    suffix = path.suffix.lower()
    fmt = (
        "markdown"
        if suffix in (".md", ".markdown")
        else "html"
        if suffix in HTML_SUFFIXES
        else "text"
    )
    if fmt == "html" and encoding is None and not _is_utf8(data):
        from .html import declared_charset

        encoding = declared_charset(data)
    decoded = decode_bytes(data, shown, encoding)
    return parse_article(
        decoded.text,
        path=shown,
        slug=path.stem,
        fmt=fmt,
        encoding=decoded.encoding,
        punctuation=punctuation,
        corrections=tuple(c for c in corrections if c.article == path.stem),
        overrides=tuple(o for o in overrides if o.article == path.stem),
        front_matter_keys=front_matter_keys,
    )


#: Pages saved from a browser: read through trafilatura (``pipeline.html``).
HTML_SUFFIXES = (".html", ".htm")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def parse_article(
    text: str,
    *,
    path: str,
    slug: str,
    fmt: str = "text",
    encoding: str = "utf-8",
    punctuation: bool = True,
    corrections: Iterable[Correction] = (),
    overrides: Iterable[Override] = (),
    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS,
) -> Article:
    """Clean decoded text into an Article (pure: no disk access)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputFileError("empty article: nothing to translate", path)
    text, corrected = apply_corrections(text, corrections, path)
    if fmt == "html":
        return _html_article(
            text,
            path=path,
            slug=slug,
            encoding=encoding,
            punctuation=punctuation,
            repairs=corrected,
            overrides=overrides,
        )
    actions = match_overrides(enumerate(text.split("\n"), start=1), overrides, path)
    if fmt == "markdown":
        return _markdown_article(
            text,
            path=path,
            slug=slug,
            encoding=encoding,
            punctuation=punctuation,
            repairs=corrected,
            front_matter_keys=front_matter_keys,
            actions=actions,
        )
    repairs: list[Repair] = list(corrected)
    suspects: list[Dropped] = []
    fixes = 0
    lines: list[_Line] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line, found, damaged, fixed = _clean_line(raw.rstrip(), number, punctuation)
        repairs.extend(found)
        suspects.extend(damaged)
        fixes += fixed
        lines.append(_Line(number, line))
    cleaned = clean_blocks(
        [Block("line", x.text.strip(), x.number) for x in lines if x.text.strip()],
        actions,
        choose_title=True,
        is_heading=classify_heading,
    )
    blocks = structure_lines(cleaned.blocks)
    metadata, dropped = cleaned.metadata, cleaned.dropped
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


def _clean_line(
    line: str, number: int, punctuation: bool
) -> tuple[str, tuple[Repair, ...], list[Dropped], int]:
    """Pinyin repairs, damaged-annotation suspects and punctuation fixes of one line."""
    line, found = repair_pinyin(line, number)
    damaged = [
        Dropped(number, "damaged-annotation", m.group(0))
        for m in _DAMAGED_ANNOTATION.finditer(line)
    ]
    fixed = 0
    if punctuation:
        line, fixed = fix_punctuation(line)
    return line, found, damaged, fixed


# --- Markdown ------------------------------------------------------------------------------

#: Markdown blocks the boilerplate rules look at; table cells, footnotes, alt texts,
#: link titles and front matter values are the author's content, never residue.
_MARKDOWN_CHECKED = ("title", "heading", "paragraph", "list_item", "quote")


#: Most link and image openers (``[``) in one Markdown paragraph. The parser's work on
#: a paragraph grows with them (1 MB of ``![`` takes half a minute); a real paragraph
#: has a few dozen at most.
MAX_MARKDOWN_OPENERS = 10_000


def _refuse_bracket_floods(text: str, path: str) -> None:
    """One line naming the paragraph, instead of minutes in the Markdown parser."""
    if text.count("[") <= MAX_MARKDOWN_OPENERS:
        return
    count, first = 0, 1
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            count, first = 0, number + 1
            continue
        count += line.count("[")
        if count > MAX_MARKDOWN_OPENERS:
            raise InputFileError(
                f"a paragraph with more than {MAX_MARKDOWN_OPENERS:,} link or image openers "
                "('['); zhl10n refuses it rather than spend minutes parsing it",
                path,
                first,
            )


def _markdown_article(
    text: str,
    *,
    path: str,
    slug: str,
    encoding: str,
    punctuation: bool,
    repairs: tuple[Repair, ...],
    front_matter_keys: tuple[str, ...],
    actions: Mapping[int, str],
    fmt: str = "markdown",
) -> Article:
    """Markdown: only the prose spans found by the parser are cleaned and become units;
    the build copies every other byte of ``text`` as it is."""
    _refuse_bracket_floods(text, path)
    found_repairs = list(repairs)
    suspects: list[Dropped] = []
    fixes = 0
    blocks: list[Block] = []
    segment_of: dict[int, Segment] = {}
    for seg in parse_segments(text, path, front_matter_keys):
        cleaned: list[_Line] = []
        raw: list[_Line] = []
        for piece in seg.pieces:
            value = front_matter_text(piece.text, seg.style) if seg.style else piece.text
            line, found, damaged, fixed = _clean_line(value, piece.line, punctuation)
            found_repairs.extend(found)
            suspects.extend(damaged)
            fixes += fixed
            cleaned.append(_Line(piece.line, line))
            raw.append(_Line(piece.line, value))
        joined = join_lines(seg.kind, cleaned)
        content, links = protect_links(joined.text)
        starts = joined.line_starts
        if links:  # offsets move when URLs shrink to placeholders
            starts = tuple(len(protect_links(joined.text[:s])[0]) for s in starts)
        block = Block(
            seg.kind,
            content,
            joined.line,
            markup=seg.style,
            line_starts=starts,
            placeholders=links,
            span=seg.span,
            targets=seg.targets if len(seg.targets) == len(links) else (),
            rewrite=joined.text != join_lines(seg.kind, raw).text,
        )
        segment_of[id(block)] = seg
        blocks.append(block)
    # A saved page laid out in a table keeps its article in cells: there, cells are checked.
    kinds = _MARKDOWN_CHECKED + (("table_cell",) if fmt == "html" else ())
    checked = [b for b in blocks if b.kind in kinds]
    cleaned_blocks = clean_blocks(checked, actions, frame=True)
    kept = {b.span: b for b in cleaned_blocks.blocks}
    reasons = {d.line: d.rule for d in cleaned_blocks.dropped}
    body = [b.text for b in cleaned_blocks.blocks if b.kind in ("paragraph", "quote")]
    teasers: list[Dropped] = []
    final: list[Block] = []
    for block in blocks:
        if block.kind == "front_matter" and block.markup and repeats_text(block.text, body):
            # A description that repeats the opening: a listing-page teaser, no unit.
            teasers.append(Dropped(block.line, "teaser", block.text))
            continue
        if block.kind not in kinds:
            final.append(block)
            continue
        survivor = kept.get(block.span)
        if survivor is not None:
            # A residue tail cut off (a photo credit after a caption) changes the text:
            # the build must write the shorter text even where it is not translated.
            final.append(replace(survivor, rewrite=block.rewrite or survivor.text != block.text))
            continue
        why = reasons.get(block.line, "")
        if why == "repeated-title":
            final.append(block)  # a `# title` repeating the front matter title is still shown
            continue
        lines = segment_of[id(block)].lines
        if lines is not None and why != "date":
            # Residue leaves the build with its lines; a date line stays where it is.
            final.append(Block("omitted", "", block.line, span=lines))
    reported = [d for d in cleaned_blocks.dropped if d.rule != "repeated-title"] + teasers
    metadata = cleaned_blocks.metadata
    if not any(b.kind in TRANSLATABLE_KINDS for b in final):
        raise InputFileError("empty article: only boilerplate, nothing to translate", path)
    return Article(
        path=path,
        slug=slug,
        format=fmt,
        encoding=encoding,
        blocks=tuple(final),
        metadata=tuple(metadata),
        repairs=tuple(found_repairs),
        dropped=tuple(reported),
        punctuation_fixes=fixes,
        suspects=tuple(suspects),
        source=text,
    )


_MARKUP_PREFIX = re.compile(r"^(?:#{1,6} |- |1\. |> )")


def _html_article(
    text: str,
    *,
    path: str,
    slug: str,
    encoding: str,
    punctuation: bool,
    repairs: tuple[Repair, ...],
    overrides: Iterable[Override],
) -> Article:
    """A saved page: its article as Markdown (trafilatura), then the Markdown path.

    Overrides name lines of the extracted text (without Markdown markers); line
    numbers reported for units, repairs and drops are the saved page's.
    """
    from .html import extract_page

    page = extract_page(text, path)
    lines = page.markdown.split("\n")
    plain = [(n, _MARKUP_PREFIX.sub("", line)) for n, line in enumerate(lines, start=1)]
    actions = match_overrides(plain, overrides, path)
    article = _markdown_article(
        page.markdown,
        path=path,
        slug=slug,
        encoding=encoding,
        punctuation=punctuation,
        repairs=(),
        front_matter_keys=("title",),
        actions=actions,
        fmt="html",
    )
    where = page.source_line
    return replace(
        article,
        blocks=tuple(replace(b, line=where(b.line), line_starts=()) for b in article.blocks),
        repairs=repairs + tuple(replace(r, line=where(r.line)) for r in article.repairs),
        dropped=tuple(replace(d, line=where(d.line)) for d in article.dropped),
        suspects=tuple(replace(d, line=where(d.line)) for d in article.suspects),
        metadata=article.metadata
        + ((("date", page.date),) if page.date and "date" not in dict(article.metadata) else ()),
    )


#: A list item in a plain-text page: a bullet, or a number with a dot or 、.
_LIST_MARKER = re.compile(
    r"^(?:[-•·・‧*▪●]\s*|(?P<number>\d{1,2}[.、．)）](?!\d)\s*|[(（]\d{1,2}[)）]\s*))(?=\S)"
)
#: A short line without final punctuation between paragraphs is a subheading.
SUBHEADING_MAX = 30


def structure_lines(lines: Sequence[Block]) -> list[Block]:
    """Plain text: cleaned lines become title, headings, list items and paragraphs.

    Lines are separated by blank lines or by residue that was dropped, or stand
    one per line. A line that ends with sentence-final punctuation ends its
    paragraph; a line is joined to the next only when it was evidently wrapped
    (it ends in continuing punctuation, or is as wide as its neighbours and
    ends mid-sentence); short unpunctuated lines between paragraphs are
    subheadings; ``-``/``•``/``·``/``1.``/``1、`` lines are list items.
    """
    blocks: list[Block] = []
    paragraph: list[_Line] = []
    runs = _runs(lines)
    width: dict[int, int] = {}
    for run in runs:
        widest = max(display_width(x.text) for x in run)
        width.update((b.line, widest) for b in run)

    def flush() -> None:
        if paragraph:
            blocks.append(join_lines("paragraph", paragraph))
            paragraph.clear()

    for i, block in enumerate(lines):
        text = block.text.strip()
        before = lines[i - 1] if i else None
        after = lines[i + 1] if i + 1 < len(lines) else None
        if before is None or before.line != block.line - 1:
            flush()
        if block.kind != "line":
            flush()
            blocks.append(block)
            continue
        marker = _LIST_MARKER.match(text)
        if marker and marker.group("number") and classify_heading(text):
            # 1、 on its own between paragraphs is a section heading; in a run, a list.
            neighbours = [
                x
                for x in (before, after)
                if x is not None and abs(x.line - block.line) == 1 and _LIST_MARKER.match(x.text)
            ]
            if not neighbours:
                marker = None
        if marker:
            flush()
            item = tighten(text[marker.end() :])
            blocks.append(Block("list_item", item, block.line, markup=marker.group(0)))
            continue
        if classify_heading(text):
            flush()
            blocks.append(Block("heading", tighten(text), block.line))
            continue
        if paragraph and continues(paragraph[-1].text, text, width[block.line]):
            paragraph.append(_Line(block.line, text))
            continue
        flush()
        goes_on = after is not None and after.line == block.line + 1
        if goes_on and after is not None and continues(text, after.text, width[block.line]):
            paragraph.append(_Line(block.line, text))
            continue
        if _subheading(text) and blocks and after is not None:
            blocks.append(Block("heading", tighten(text), block.line))
            continue
        paragraph.append(_Line(block.line, text))
    flush()
    return blocks


def _runs(lines: Sequence[Block]) -> list[list[Block]]:
    """Groups of lines that stood on adjacent source lines."""
    runs: list[list[Block]] = []
    for block in lines:
        if runs and runs[-1][-1].line == block.line - 1:
            runs[-1].append(block)
        else:
            runs.append([block])
    return runs


def _subheading(text: str) -> bool:
    return (
        len(text) <= SUBHEADING_MAX
        and not ends_sentence(text)
        and not ends_with_ellipsis(text)
        and text[-1] not in CONTINUING
    )


_SPACE_AFTER_SENTENCE = re.compile(r"([。！？…][」』”’）》]*)[ \t\u3000]+(?=\S)")


def tighten(text: str) -> str:
    """Chinese puts no space after a full stop: drop it, so units have clean edges.

    >>> tighten("好。 然後")
    '好。然後'
    """
    return _SPACE_AFTER_SENTENCE.sub(r"\1", text)


def _space_between(left: str, right: str) -> bool:
    """Latin words keep their space; a Latin word never glues to a Chinese one.

    >>> _space_between("I", "晶"), _space_between("晶", "片"), _space_between("，", "A")
    (True, False, False)
    """
    if not (is_cjk(left) or is_cjk(right)):
        return True
    return (is_han(left) and _is_ascii_alnum(right)) or (_is_ascii_alnum(left) and is_han(right))


def join_lines(kind: str, lines: list[_Line], markup: str = "") -> Block:
    """Join wrapped source lines: no space between Chinese, one space between Latin words."""
    text = ""
    starts: list[int] = []
    for line in lines:
        piece = tighten(line.text.strip())
        if text:
            if _space_between(text[-1], piece[0]):
                text += " "
            starts.append(len(text))
        text += piece
    return Block(kind, text, lines[0].number, markup=markup, line_starts=tuple(starts))
