"""Ingest stage, residue: what a scraper leaves around an article, by class.

Captions and credits, bylines, site furniture (navigation, badges, ads, share
prompts, counters, copyright lines, image placeholders), end marks and the
related-content lists after them, and dates in every common form. The rules
are data (``pipeline/data/residue.csv``: one reviewed row each, with a note and
a source) matched against the Simplified form of a line, so a Traditional page
behaves like a Simplified one. A rule never drops a complete sentence unless its
row says it positively identifies one (copyright notices, disclaimers).

The cleaning works on blocks, whatever format they came from: a plain-text
page hands over one block per line, Markdown and HTML hand over their own
blocks. The editor's per-article overrides (``overrides.csv``: keep, drop or
title a line) are matched before any rule runs, and one that matches no line is
an error, like a stale correction.

After the rows, the page's shape decides (signals from :mod:`pipeline.body`): the
main text, the headline above it, the header before it, the footer and other
stories after it, second copies. The module runs long because those decisions
share the row verdicts and the drop record; each helper says which part it is.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from .body import (
    _FURNITURE_MARKS,
    MAX_GAP,
    PROSE_HAN_SHARE,
    PROSE_LONG_HAN,
    Run,
    clauses,
    han_share,
    is_prose,
    menu_like,
    prose_runs,
    size,
)
from .convert import to_simplified
from .errors import PipelineError
from .fileio import read_input
from .models import Block, Dropped, Override
from .tables import OVERRIDES_TABLE, rows_of
from .text import han_count

RESIDUE_COLUMNS = ("id", "reason", "match", "pattern", "max_len", "sentences", "note", "source")
#: ``line``: the whole line; ``prefix``/``suffix``: its start or end; ``contains``:
#: anywhere; ``trim``: cut the matched end off and keep the rest of the line; ``lead``:
#: cut the matched start off (a dateline or source tag glued to the lead) and keep the rest.
MATCH_TYPES = ("line", "prefix", "suffix", "contains", "trim", "lead")
DEFAULT_RULES = Path(__file__).parent / "data" / "residue.csv"

#: Characters that end a sentence, and closing marks that may follow them.
SENTENCE_END = "。！？!?"
_CLOSERS = "」』”’）)》〉】〕\"'"
_ELLIPSIS_END = re.compile(r"(?:\.{3,}|…+|⋯+)\s*$")


@dataclass(frozen=True)
class ResidueRule:
    """One row of the residue table."""

    id: str
    reason: str
    match: str
    pattern: re.Pattern[str]
    max_len: int
    sentences: bool
    note: str
    source: str
    line: int = 0

    def search(self, text: str) -> re.Match[str] | None:
        """Where this rule matches ``text`` (a Simplified, stripped line), if it does."""
        if self.max_len and len(text) > self.max_len:
            return None
        if self.match == "line":
            return self.pattern.fullmatch(text)
        if self.match in ("prefix", "lead"):
            return self.pattern.match(text)
        if self.match == "contains":
            return self.pattern.search(text)
        return self.anchored.search(text)

    @property
    def anchored(self) -> re.Pattern[str]:
        """The pattern anchored at the end of the line (suffix and trim rules)."""
        return _anchored(self.pattern.pattern)


@cache
def _anchored(pattern: str) -> re.Pattern[str]:
    return re.compile(f"(?:{pattern})\\s*$", re.IGNORECASE)


def load_residue_rules(path: Path = DEFAULT_RULES) -> tuple[ResidueRule, ...]:
    """Read and validate a residue table; every row needs a reason, a note and a source."""
    try:
        text = read_input(path).decode("utf-8-sig")
    except OSError as exc:
        raise PipelineError(f"cannot read residue rules: {exc.strerror}", path) from None
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    rules: list[ResidueRule] = []
    seen: set[str] = set()
    try:
        header = next(reader, None)
        if header is None or tuple(h.strip() for h in header) != RESIDUE_COLUMNS:
            raise PipelineError(f"header must be {','.join(RESIDUE_COLUMNS)}", path, 1)
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(RESIDUE_COLUMNS):
                raise PipelineError(
                    f"expected {len(RESIDUE_COLUMNS)} columns, found {len(row)}", path, line
                )
            rid, reason, match, pattern, max_len, sentences, note, source = (c.strip() for c in row)
            if not (rid and reason and pattern and note and source):
                raise PipelineError("id, reason, pattern, note and source are required", path, line)
            if rid in seen:
                raise PipelineError(f"duplicate rule id {rid!r}", path, line)
            seen.add(rid)
            if match not in MATCH_TYPES:
                raise PipelineError(
                    f"match must be one of {', '.join(MATCH_TYPES)}, not {match!r}", path, line
                )
            if sentences not in ("keep", "drop"):
                raise PipelineError("sentences must be 'keep' or 'drop'", path, line)
            if not max_len.isdigit():
                raise PipelineError(f"max_len must be a number, not {max_len!r}", path, line)
            try:
                compiled = re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                raise PipelineError(f"bad pattern for {rid}: {exc}", path, line) from None
            rules.append(
                ResidueRule(
                    rid,
                    reason,
                    match,
                    compiled,
                    int(max_len),
                    sentences == "drop",
                    note,
                    source,
                    line,
                )
            )
    except csv.Error as exc:
        raise PipelineError(f"malformed CSV: {exc}", path, reader.line_num) from None
    return tuple(rules)


@cache
def default_rules() -> tuple[ResidueRule, ...]:
    """The packaged residue table, read once per process."""
    return load_residue_rules(DEFAULT_RULES)


def ends_sentence(text: str) -> bool:
    """A line that ends with sentence-final punctuation (closing quotes may follow).

    >>> ends_sentence("他說：「好。」")
    True
    >>> ends_sentence("即時新聞")
    False
    """
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(stripped) and stripped[-1] in SENTENCE_END


def ends_with_ellipsis(text: str) -> bool:
    return bool(_ELLIPSIS_END.search(text))


#: Punctuation after which a sentence goes on: a line ending with it was wrapped.
CONTINUING = "，、；：,;:"
#: A line this wide (or more) relative to its neighbours was wrapped by width.
_WRAPPED_SHARE = 0.8
_WRAPPED_MIN_WIDTH = 40


def display_width(text: str) -> int:
    """Columns a line takes in a terminal: wide (Chinese) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrapped(text: str, run_width: int) -> bool:
    """Does the sentence on this line go on on the next one?

    It does when the line ends in continuing punctuation, or ends mid-sentence
    while being about as wide as the widest line of its group (wrapped by width).
    """
    text = text.rstrip()
    if not text or ends_sentence(text) or ends_with_ellipsis(text):
        return False
    if text[-1] in CONTINUING:
        return True
    if text[-1] in _CLOSERS:
        return False
    shown = display_width(text)
    return shown >= _WRAPPED_MIN_WIDTH and shown >= _WRAPPED_SHARE * run_width


@dataclass(frozen=True)
class Verdict:
    """Why a line is residue; ``date`` is set for a date rule, ``rest`` (the text kept)
    and ``cut`` (the residue removed) for a trim or lead rule."""

    rule: ResidueRule
    date: str = ""
    rest: str | None = None
    cut: str = ""

    @property
    def reason(self) -> str:
        return self.rule.reason


def classify_line(
    text: str, simplified: str | None = None, rules: Sequence[ResidueRule] | None = None
) -> Verdict | None:
    """The first residue rule that identifies ``text``, or None for content.

    >>> classify_line("記者王大同／台北報導").reason
    'byline'
    >>> classify_line("他在記者會上表示，公司將繼續投資。") is None
    True
    """
    stripped = text.strip()
    if not stripped:
        return None
    emphasis = _EMPHASISED.fullmatch(stripped)
    if emphasis and simplified is None:
        # A whole line in **bold** is judged by its words; the markers go with it.
        inner = classify_line(emphasis.group(2), rules=rules)
        if inner is not None and inner.rest is None:
            return inner
    simple = (simplified if simplified is not None else to_simplified(stripped)).strip()
    sentence = ends_sentence(simple)
    for rule in rules if rules is not None else default_rules():
        if sentence and not rule.sentences and rule.match not in ("trim", "lead"):
            continue
        found = rule.search(simple)
        if found is None:
            continue
        if rule.match == "lead":
            end = found.end() if len(simple) == len(stripped) else None
            if end is None:
                again = rule.pattern.match(stripped)
                end = again.end() if again else None
            if end is None:
                continue
            rest = stripped[end:].lstrip()
            if not rest:
                return Verdict(rule, cut=stripped)  # the tag alone on its line
            if not is_prose(rest) and not ends_sentence(rest):
                continue  # only a tag glued to a sentence is cut off it
            return Verdict(rule, rest=rest, cut=stripped[:end].strip())
        if rule.match == "trim":
            if found.start() == 0:
                return Verdict(rule)  # nothing left: the line is the credit
            cut = found.start() if len(simple) == len(stripped) else _tail_start(stripped, rule)
            if cut is None:
                continue
            return Verdict(rule, rest=stripped[:cut].rstrip(), cut=stripped[cut:].strip())
        if rule.match == "suffix" and found.start() > 0:
            # A credit or source tag after a complete sentence: the sentence stays.
            head = simple[: found.start()].rstrip()
            picture = re.search("[图摄照]", found.group(0))  # a picture credit: a caption
            if not picture and ends_sentence(head) and is_prose(head) and _paragraph_sized(head):
                cut = found.start() if len(simple) == len(stripped) else _tail_start(stripped, rule)
                if cut is not None:
                    kept = stripped[:cut].rstrip()
                    return Verdict(rule, rest=kept, cut=stripped[cut:].strip())
        groups = found.groupdict()
        group = "date" if groups.get("date") else "date2" if groups.get("date2") else ""
        date = groups.get(group) or "" if group else ""
        if date and len(simple) == len(stripped):
            date = stripped[found.start(group) : found.end(group)]
        return Verdict(rule, date=date.strip())
    return None


#: Han characters from which a sentence before a credit is a paragraph, not a caption.
CAPTION_LONGEST = 30


def _paragraph_sized(text: str) -> bool:
    """A caption is one short sentence; a paragraph that ends with a source tag is longer."""
    sentences = [p for p in re.split(r"(?<=[。！？!?])", text) if p.strip()]
    return len(sentences) >= 2 or han_count(text) >= CAPTION_LONGEST


_EMPHASISED = re.compile(r"([*_]{1,3})(\S(?:.*\S)?)\1")


def _reads_as_sentence(text: str) -> bool:
    """Ends a sentence, and not as a teaser does (cut with …, or a question headline)."""
    if not ends_sentence(text) or ends_with_ellipsis(text):
        return False
    end = text.rstrip().rstrip(_CLOSERS).rstrip()[-1:]
    return end not in "？?" or "，" in text


def _tail_start(text: str, rule: ResidueRule) -> int | None:
    found = rule.search(text)
    return found.start() if found is not None else None


# --- editor overrides ---------------------------------------------------------------------

#: The editor's override file, next to ``corrections.csv`` in the project root.
OVERRIDES_FILE = "overrides.csv"
OVERRIDE_ACTIONS = ("keep", "drop", "title")


def load_overrides(path: Path) -> tuple[Override, ...]:
    """Read ``overrides.csv`` (:data:`pipeline.tables.OVERRIDES_TABLE`); a missing file
    means no overrides."""
    if not path.is_file():
        return ()
    found: list[Override] = []
    for line, cells, _raw in rows_of(path, OVERRIDES_TABLE):
        article, action, text_cell, note = (
            cells[name] for name in ("article", "action", "line", "note")
        )
        if not article or not text_cell:
            raise PipelineError("empty 'article' or 'line' cell", path, line)
        if action not in OVERRIDE_ACTIONS:
            raise PipelineError(
                f"action must be one of {', '.join(OVERRIDE_ACTIONS)}, not {action!r}",
                path,
                line,
            )
        found.append(Override(article, action, text_cell, note, line))
    return tuple(found)


def match_overrides(
    lines: Iterable[tuple[int, str]], overrides: Iterable[Override], source: str
) -> dict[int, str]:
    """Line number -> action for every line an override names (whole line, spaces trimmed).

    An override that names no line of the article is an error: the page changed
    and the editor's decision must be looked at again.
    """
    by_text: dict[str, list[int]] = {}
    for number, text in lines:
        by_text.setdefault(_normal(text), []).append(number)
    actions: dict[int, str] = {}
    for override in overrides:
        numbers = by_text.get(_normal(override.text))
        if not numbers:
            raise PipelineError(
                f"override for {override.article} no longer matches the article "
                f"({override.text!r} is not a line of {source})",
                "overrides.csv" if override.line else source,
                override.line or None,
            )
        for number in numbers:
            actions[number] = override.action
    return actions


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


# --- cleaning ------------------------------------------------------------------------------

#: Longest line that can be a headline (characters).
HEADLINE_MAX = 60
#: Chinese characters a headline has at least, when any candidate has as many:
#: shorter lines before the first paragraph are site names and section labels.
HEADLINE_MIN = 8
CONTENT_KINDS = ("line", "paragraph", "list_item", "quote", "heading", "table_cell")


_LINKS = re.compile(r"!?\[[^\]]{0,300}\]\(\{link\d+\}\)|\{link\d+\}|<https?://[^>\s]{1,500}>")
_SEPARATORS = re.compile(r"[\s|｜·•/、,，:：>»*_-]+")


def link_only(text: str) -> bool:
    """A Markdown block that is nothing but links (a menu, a related list, a share bar):
    site furniture, unless the link text is itself a sentence.

    >>> link_only("[首頁]({link1}) | [新聞]({link2})")
    True
    >>> link_only("詳見[公告]({link1})。")
    False
    """
    if not _LINKS.search(text):
        return False
    if _SEPARATORS.sub("", _LINKS.sub("", text)):
        return False
    return not (ends_sentence(text.rstrip(")}>")) and han_count(text) >= 10)


#: The verdict for a block that is only links (see :func:`link_only`).
LINK_ONLY = Verdict(
    ResidueRule(
        "link-only",
        "links",
        "line",
        re.compile(""),
        0,
        False,
        "A paragraph or list item made only of links is a menu or a related list.",
        "built in",
    )
)


@dataclass(frozen=True)
class Cleaned:
    """Blocks that survived, the metadata found and every dropped line with its reason."""

    blocks: tuple[Block, ...]
    metadata: tuple[tuple[str, str], ...]
    dropped: tuple[Dropped, ...]


#: Characters from the start of a summary that must recur in the text to make it a teaser.
TEASER_PROBE = 15


def repeats_text(summary: str, body: Sequence[str]) -> bool:
    """Is ``summary`` (a front matter description) a teaser of the text: does its
    opening recur in one of the article's paragraphs?

    >>> summary = "颱風明晨登陸東部，多個縣市停班停課。"
    >>> repeats_text(summary, ["據報，颱風明晨登陸東部，多個縣市停班停課。"])
    True
    """
    key = re.sub(r"\W", "", _key(summary))  # quotes and commas differ between copies
    if len(key) < TEASER_PROBE:
        return False
    probe = key[:TEASER_PROBE]
    return any(probe in re.sub(r"\W", "", _key(text)) for text in body)


def _key(text: str) -> str:
    return re.sub(r"\s+", "", to_simplified(text))


def similar(a: str, b: str) -> bool:
    """Same text, or a near-duplicate (an older copy of an edited headline).

    >>> similar("台積電擴大美國投資", "台積電再擴大美國投資")
    True
    """
    if a == b:
        return True
    if min(len(a), len(b)) < 6 or not 0.7 <= len(a) / len(b) <= 1.4:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.8


def clean_blocks(
    blocks: Sequence[Block],
    actions: Mapping[int, str] | None = None,
    *,
    choose_title: bool = False,
    rules: Sequence[ResidueRule] | None = None,
    is_heading: Callable[[str], bool] | None = None,
    frame: bool = False,
) -> Cleaned:
    """Drop residue from ``blocks``; with ``choose_title``, find the headline among them.

    ``actions`` maps a block's first line to the editor's override (keep, drop,
    title). Blocks of kind ``title`` and ``verbatim`` are never residue.
    """
    actions = actions or {}
    verdicts: list[Verdict | None] = []
    texts: list[str] = []
    for block in blocks:
        texts.append(block.text)
        if block.kind not in CONTENT_KINDS or actions.get(block.line) in ("keep", "title"):
            verdicts.append(None)
            continue
        verdict = classify_line(block.text, rules=rules)
        marker = _LIST_START.match(block.text.strip()) if verdict is None else None
        if marker is not None:
            # "1. 更多" is the related heading in list dress: judge the item's words.
            inner = classify_line(block.text.strip()[marker.end() :], rules=rules)
            verdict = inner if inner is not None and inner.rest is None else None
        verdicts.append(verdict or (LINK_ONLY if link_only(block.text) else None))
    reasons: dict[int, str] = {}
    rest: dict[int, str] = {}
    cuts: dict[int, str] = {}
    metadata: list[tuple[str, str]] = []
    in_related = after_end = False
    for i, (block, verdict) in enumerate(zip(blocks, verdicts, strict=True)):
        if block.kind not in CONTENT_KINDS:
            in_related = False
            continue
        if actions.get(block.line) == "drop":
            reasons[i] = "editor"
            continue
        if verdict is not None:
            if verdict.rest is not None:
                rest[i] = verdict.rest
                cuts[i] = verdict.cut
                reasons[i] = verdict.reason
                if verdict.reason in _META_REASONS and not any(
                    k == verdict.reason for k, _ in metadata
                ):
                    metadata.append((verdict.reason, verdict.cut))
                continue
            if verdict.reason in ("byline", "dateline") and not any(
                k == verdict.reason for k, _ in metadata
            ):
                metadata.append((verdict.reason, block.text.strip()))
            reasons[i] = verdict.reason
            if verdict.date and not any(k == "date" for k, _ in metadata):
                metadata.append(("date", verdict.date))
            if verdict.reason == "related":
                in_related = True
            elif verdict.reason == "end-mark":
                after_end = True
            continue
        if actions.get(block.line) in ("keep", "title"):
            in_related = False
            continue
        sentence = _reads_as_sentence(block.text)
        if in_related and not sentence:
            reasons[i] = "related"
        elif after_end and not sentence:
            reasons[i] = "end-mark"
        else:
            in_related = False
    # Structure is judged on what stays of each line: a trimmed line is its kept part.
    trimmed = dict(reasons.items())
    reasons = {i: r for i, r in reasons.items() if i not in rest or not rest[i]}
    original = blocks
    blocks = [replace(b, text=rest[i]) if rest.get(i) else b for i, b in enumerate(blocks)]
    run = _main_run(blocks, reasons) if choose_title or frame else None
    title_index = _title_index(blocks, reasons, actions, run) if choose_title else None
    if title_index is None:
        title_index = next((i for i, b in enumerate(blocks) if b.kind == "title"), None)
    title_key = _key(blocks[title_index].text) if title_index is not None else ""
    body_keys = [
        _key(b.text)
        for i, b in enumerate(blocks)
        if i not in reasons and i != title_index and b.kind in CONTENT_KINDS
    ]
    first_paragraph = next(
        (
            i
            for i, b in enumerate(blocks)
            if i not in reasons and b.kind in CONTENT_KINDS and _is_paragraph(b.text.strip())
        ),
        len(blocks),
    )
    for i, block in enumerate(blocks):
        if i in reasons or i == title_index or block.kind not in CONTENT_KINDS:
            continue
        if actions.get(block.line) == "keep":
            continue
        key = _key(block.text)
        sentence = ends_sentence(block.text) and (
            not ends_sentence(blocks[title_index].text) if title_index is not None else True
        )
        if title_key and not sentence and len(key) <= HEADLINE_MAX + 20 and similar(key, title_key):
            reasons[i] = "repeated-title"
        elif ends_with_ellipsis(block.text) and _is_teaser(key, title_key, body_keys):
            reasons[i] = "teaser"
        elif (
            choose_title
            and title_index is not None
            and i < min(title_index, first_paragraph)
            and not sentence
            and len(block.text) <= HEADLINE_MAX
        ):
            reasons[i] = "before-headline"
    if frame and not choose_title:
        if run is not None:
            _around_main_run(blocks, reasons, actions, None, run, marked=True)
    if choose_title:
        _duplicates(blocks, reasons, actions, title_index)
        if run is not None:
            _around_main_run(blocks, reasons, actions, title_index, run)
        _page_frame(
            blocks,
            reasons,
            actions,
            title_index,
            is_heading or (lambda _: False),
            footer=run is None,
        )
    kept: list[Block] = []
    dropped: list[Dropped] = []
    for i, block in enumerate(blocks):
        if i in rest and i not in reasons:
            dropped.append(Dropped(block.line, trimmed[i], cuts[i]))
            kept.append(block)
        elif i in reasons:
            dropped.append(Dropped(block.line, reasons[i], original[i].text))
        elif i == title_index:
            text, furniture = headline_text(block.text.strip())
            for piece in furniture:
                dropped.append(Dropped(block.line, "title-furniture", piece))
            title = replace(block, kind="title", text=text)
            # A plain-text headline leads the article even when the page printed it lower.
            if choose_title:
                kept.insert(0, title)
            else:
                kept.append(title)
        else:
            kept.append(block)
    return Cleaned(tuple(kept), tuple(metadata), tuple(dropped))


#: Longest unpunctuated line between the headline and the first paragraph that is
#: taken as the page header (source, author, outlet) rather than a dek.
HEADER_MAX = 15
#: Longest unpunctuated line after the last paragraph taken as page footer (tags, teasers).
FOOTER_MAX = 40
_LIST_START = re.compile(r"^(?:[-•·・‧*▪●]|\d{1,2}[.、．)）](?!\d)|[(（]\d{1,2}[)）])")


def _page_frame(
    blocks: Sequence[Block],
    reasons: dict[int, str],
    actions: Mapping[int, str],
    title_index: int | None,
    is_heading: Callable[[str], bool],
    footer: bool = True,
) -> None:
    """Header and footer of a plain-text page.

    Between the headline and the first paragraph, short lines without final
    punctuation are the outlet, author and source; after the last sentence or
    list item, lines without final punctuation are tags and teasers. Neither
    can be a complete sentence.
    """
    live = [
        i
        for i, b in enumerate(blocks)
        if i not in reasons and b.kind in CONTENT_KINDS and actions.get(b.line) != "keep"
    ]
    if title_index is not None:
        for i in live:
            if i <= title_index:
                continue
            text = blocks[i].text.strip()
            if _is_paragraph(text) or len(text) > HEADER_MAX or _LIST_START.match(text):
                break
            if is_heading(text):
                break
            if _wraps_into_next(blocks, i, reasons):
                break
            reasons[i] = "header"
    last = max(
        (
            i
            for i in live
            if i not in reasons
            and (ends_sentence(blocks[i].text) or _LIST_START.match(blocks[i].text.strip()))
        ),
        default=None,
    )
    if last is None or not footer:
        return
    for i in live:
        text = blocks[i].text.strip()
        if i == title_index or i <= last or i in reasons:
            continue
        if len(text) <= FOOTER_MAX and not ends_sentence(text):
            reasons[i] = "footer"


def _is_paragraph(text: str) -> bool:
    return len(text) > HEADLINE_MAX or (ends_sentence(text) and text.rstrip()[-1:] != "？")


def _wraps_into_next(blocks: Sequence[Block], i: int, reasons: Mapping[int, str]) -> bool:
    """The line's sentence goes on on the next source line: the start of a paragraph."""
    if i + 1 >= len(blocks) or i + 1 in reasons or blocks[i + 1].line != blocks[i].line + 1:
        return False
    return continues(blocks[i].text, blocks[i + 1].text)


#: Headline style: clauses separated by a space between Chinese characters.
_SPACED_CLAUSES = re.compile(r"[\u3400-\u9fff][ \u3000]+[\u3400-\u9fff]")


def continues(text: str, following: str, run_width: int = 0) -> bool:
    """Is ``following`` the rest of the sentence begun on the line ``text``?

    ``text`` must be wrapped (see :func:`wrapped`) and must not be headline-style
    (clauses split by spaces); ``following`` must end a sentence or be wrapped too.
    """
    text, following = text.strip(), following.strip()
    width = max(run_width, display_width(text), display_width(following))
    if not wrapped(text, width) or (text[-1] not in CONTINUING and _SPACED_CLAUSES.search(text)):
        return False
    return (
        ends_sentence(following)
        or wrapped(following, width)
        or display_width(following) >= _WRAPPED_MIN_WIDTH
    )


#: Rules whose line marks the end of an article: what follows is another page's furniture.
_ENDING_REASONS = ("related", "end-mark", "copyright", "comment")
#: Rules whose line is the article's own metadata: the headline stands next to them.
_META_REASONS = ("date", "byline", "dateline")


def _main_run(blocks: Sequence[Block], reasons: Mapping[int, str]) -> Run | None:
    """The article's run of prose (see :mod:`pipeline.body`); a line that ends an
    article (a related-stories heading, an end mark, a copyright line) ends a run."""
    paragraphs = _wrapped_paragraphs(blocks, reasons)
    texts: list[str | None] = []
    neutral: set[int] = set()
    for i, block in enumerate(blocks):
        if reasons.get(i) in _ENDING_REASONS:
            texts.extend([None] * (MAX_GAP + 1))
            continue
        live = i not in reasons and block.kind in CONTENT_KINDS
        if live and (block.kind == "list_item" or _LIST_START.match(block.text.strip())):
            neutral.add(len(texts))
        texts.append(paragraphs.get(i, block.text) if live else None)
    # Indices above moved where an ending line stood: map them back.
    index: list[int] = []
    for i in range(len(blocks)):
        index.extend([i] * (MAX_GAP + 1 if reasons.get(i) in _ENDING_REASONS else 1))
    runs = prose_runs(texts, neutral)
    if not runs:
        return None
    heaviest = max(run.weight for run in runs)
    # The article comes before what the page appends to it: the first run of its size.
    best = next(run for run in runs if run.weight * 2 >= heaviest)
    return Run(index[best.start], index[best.end], best.weight)


def _wrapped_paragraphs(blocks: Sequence[Block], reasons: Mapping[int, str]) -> dict[int, str]:
    """For each line of a hard-wrapped paragraph, the whole paragraph's text: prose is
    judged on the paragraph, not on its pieces."""
    joined: dict[int, str] = {}
    group: list[int] = []

    def close() -> None:
        if len(group) > 1:
            text = "".join(blocks[j].text.strip() for j in group)
            joined.update((j, text) for j in group)
        group.clear()

    for i in range(len(blocks)):
        if i in reasons or blocks[i].kind not in CONTENT_KINDS:
            close()
            continue
        if group and not (
            blocks[i].line == blocks[group[-1]].line + 1
            and continues(blocks[group[-1]].text, blocks[i].text)
        ):
            close()
        group.append(i)
    close()
    return joined


def _duplicates(
    blocks: Sequence[Block],
    reasons: dict[int, str],
    actions: Mapping[int, str],
    title_index: int | None,
) -> None:
    """A sentence printed again is furniture: a notice printed twice in a row goes
    whole, a later copy of a paragraph goes (the first stays)."""
    seen: dict[str, int] = {}
    previous: int | None = None
    for i, block in enumerate(blocks):
        if i in reasons or block.kind not in CONTENT_KINDS or actions.get(block.line) == "keep":
            continue
        if i == title_index:
            previous = None
            continue
        key = _key(block.text)
        cut_copy = next(
            (j for k, j in seen.items() if len(key) >= 20 and k != key and k.startswith(key)), None
        )
        if cut_copy is not None and is_prose(block.text):
            reasons[i] = "repeated"  # a copy cut short (a teaser of the opening paragraph)
        elif key in seen and is_prose(block.text):
            reasons[i] = "repeated"
            if (
                previous == seen[key]
                and han_count(key) < PROSE_LONG_HAN
                and actions.get(blocks[previous].line) != "keep"
            ):
                reasons[previous] = "repeated"  # a short notice printed twice: a widget
        else:
            seen.setdefault(key, i)
        previous = i


def _around_main_run(
    blocks: Sequence[Block],
    reasons: dict[int, str],
    actions: Mapping[int, str],
    title_index: int | None,
    run: Run,
    marked: bool = False,
) -> None:
    """Lines before a headline found above the main text are the site's header, prose
    or not. After the main text, a complete sentence stays; a line without one is
    footer unless a sentence of the article still follows it (a subheading, a list
    introduction), with no line that ends an article in between. In Markdown
    (``marked``) the author marked headings, lists and quotes: only paragraphs can
    be footer."""
    if title_index is not None and title_index <= run.start:
        for i in range(title_index):
            if i in reasons or blocks[i].kind not in CONTENT_KINDS:
                continue
            if actions.get(blocks[i].line) == "keep":
                continue
            reasons[i] = "before-headline"
    after = [
        i
        for i in range(run.end + 1, len(blocks))
        if i not in reasons
        and blocks[i].kind in CONTENT_KINDS
        and i != title_index
        and actions.get(blocks[i].line) != "keep"
    ]
    listed = run.end + 1
    if listed in after and blocks[listed].text.rstrip().endswith(("：", ":")):
        listed += 1  # a line that introduces the list under it
    while listed in after and (
        blocks[listed].kind == "list_item" or _LIST_START.match(blocks[listed].text.strip())
    ):
        listed += 1  # a list right under the last paragraph is the article's
    after = [i for i in after if i >= listed]
    _other_story(blocks, reasons, after, run)
    after = [i for i in after if i not in reasons]
    # A complete sentence stays (only a row that names it, or a second copy, drops it);
    # a line without one stays when a sentence of the article follows it, before any
    # line that ends an article (related stories, end mark, copyright).
    following = False
    for i in range(len(blocks) - 1, run.end, -1):
        if reasons.get(i) in _ENDING_REASONS:
            following = False
        if i not in after:
            continue
        text = blocks[i].text.strip()
        if (ends_sentence(text) or _latin_sentence(text)) and not ends_with_ellipsis(text):
            following = True
            continue
        if following:
            continue
        if i == after[-1] and _cut_paragraph(text):
            continue  # the last paragraph, cut short by the page's source
        if marked and blocks[i].kind != "paragraph":
            continue
        if len(text) <= FOOTER_LONGEST or han_share(text) < PROSE_HAN_SHARE or not clauses(text):
            reasons[i] = "footer"


#: Han characters of prose after a headline-like line that make it another story.
OTHER_STORY_MIN = 40


def _other_story(
    blocks: Sequence[Block], reasons: dict[int, str], after: Sequence[int], run: Run
) -> None:
    """After a line that ends the article (視頻推薦：, 相關新聞), a headline followed by
    paragraphs is another story: it goes, with everything after it. A lone closing
    sentence after a teaser list is not one (too short to be a story)."""
    ending = next(
        (j for j in range(run.end + 1, len(blocks)) if reasons.get(j) in _ENDING_REASONS), None
    )
    if ending is None:
        return
    live = [i for i in after if i > ending]
    for i in range(ending + 1, len(blocks)):
        if blocks[i].kind not in CONTENT_KINDS or (i not in live and reasons.get(i) != "related"):
            continue
        text = blocks[i].text.strip()
        if is_prose(text) or size(text) < HEADLINE_MIN or len(text) > HEADLINE_MAX:
            continue
        story = [j for j in live if j > i]
        if sum(han_count(blocks[j].text) for j in story if is_prose(blocks[j].text)) >= (
            OTHER_STORY_MIN
        ):
            for j in story:
                reasons[j] = "other-story"
            return


def _latin_sentence(text: str) -> bool:
    """A sentence in a Latin script (a reference, a quotation): words and a full stop."""
    return text.rstrip(_CLOSERS + " ").endswith(".") and len(re.findall(r"[A-Za-z]+", text)) >= 4


def _cut_paragraph(text: str) -> bool:
    """The page's last line reads as a paragraph cut short (by the store or the archive):
    Chinese with clause punctuation, or long and not spaced like a headline."""
    if han_share(text) < PROSE_HAN_SHARE:
        return False
    if clauses(text):
        return True
    return han_count(text) >= 20 and han_share(text) >= 0.6 and not _SPACED_CLAUSES.search(text)


#: Longest line without sentence punctuation after the article taken as its footer: longer
#: Chinese lines are text (a paragraph cut short by the page's source).
FOOTER_LONGEST = 80


#: Headline score: what makes a line before the article its headline.
_TITLE_MIN_SCORE = 1.0
#: An issue or date in a line: a magazine's issue line or a timestamp, not a headline.
_DATED = re.compile(r"\d{4}\s*年|\d{4}[-/.]\d{1,2}|\d+\s*期")


def _title_score(
    blocks: Sequence[Block],
    reasons: Mapping[int, str],
    keys: Sequence[str],
    i: int,
    distance: int,
    alone: bool = False,
) -> float:
    """Headline-sized, next to the article's date or byline, printed again on the page
    (or ending a breadcrumb), near the text; not menu-like, comma-laden or Latin."""
    text = blocks[i].text.strip()
    key = keys[i]
    score = 2.0 if size(text) >= HEADLINE_MIN else 0.0
    if any(reasons.get(j) in _META_REASONS for j in (i - 1, i + 1) if 0 <= j < len(blocks)):
        score += 2
    for j, other in enumerate(keys):
        if j == i or not other or size(text) < HEADLINE_MIN:
            continue
        if (similar(key, other) and not ends_sentence(blocks[j].text)) or (
            len(other) > len(key) and other.endswith(key) and not ends_sentence(blocks[j].text)
        ):
            score += 3
            break
    if _FURNITURE_MARKS.search(text) or menu_like(text):
        score -= 3
    if text.count("，") >= 2:
        score -= 2
    if _DATED.search(text):
        score -= 1
    if alone:
        score += 1  # the only line above the text
    before = blocks[i - 1] if i else None
    if (
        before is not None
        and i - 1 not in reasons
        and before.kind in CONTENT_KINDS
        and size(before.text) >= HEADLINE_MIN
        and not is_prose(before.text)
        and len(before.text.strip()) <= HEADLINE_MAX
        and not _FURNITURE_MARKS.search(before.text.strip())
        and not similar(_key(before.text), key)
    ):
        score -= 2  # right under a headline-sized line: the deck, not the headline
    if han_share(text) < 0.3:
        score -= 2
    return score - 0.3 * distance


#: A wire prefix before the headline of a wire story: 新华社北京3月15日电 题：….
_WIRE_PREFIX = re.compile(
    r"^.{0,30}?\d{1,2}日\s*(?:电|電)\s*(?:[（(][^（）()]{1,24}[)）]\s*)?(?:题|題)\s*[:：]\s*"
)
#: A site or column name after an underscore (…_每日速读): never part of a Chinese headline.
_SITE_SUFFIX = re.compile(r"(?<![A-Za-z0-9])\s*_+\s*[^_\s]{1,16}(?:\s*_+\s*[^_\s]{1,16})*$")


def headline_text(text: str) -> tuple[str, list[str]]:
    """The headline without a wire prefix or an underscored site suffix, and what was cut.

    >>> headline_text("新华社北京3月15日电 题：春耕备耕忙")
    ('春耕备耕忙', ['新华社北京3月15日电 题：'])
    >>> headline_text("台股今天大漲300點_每日速讀")
    ('台股今天大漲300點', ['_每日速讀'])
    """
    cut: list[str] = []
    wire = _WIRE_PREFIX.match(text)
    if wire and len(text) - wire.end() >= 4:
        cut.append(text[: wire.end()])
        text = text[wire.end() :]
    site = _SITE_SUFFIX.search(text)
    if site and site.start() >= 4:
        cut.append(text[site.start() :])
        text = text[: site.start()]
    return text, cut


def split_sentences_simple(text: str) -> list[str]:
    """Sentences of a line, cut after each sentence-final mark (a headline has one)."""
    return [p for p in re.split(r"(?<=[。！？!?])", text) if p.strip()]


def _title_index(
    blocks: Sequence[Block],
    reasons: Mapping[int, str],
    actions: Mapping[int, str],
    run: Run | None = None,
) -> int | None:
    """The headline: the editor's choice, else the best-scored line above the main
    text (see :func:`_title_score`), else (no main text found) a short unpunctuated
    line before the first paragraph that is repeated (or teased) elsewhere on the
    page, else the first such line."""
    for i, block in enumerate(blocks):
        if actions.get(block.line) == "title":
            return i
    if run is not None:
        keys = [_key(b.text) for b in blocks]
        wrapped_lines = _wrapped_paragraphs(blocks, reasons)
        first = run.start
        opening = blocks[first].text.strip()
        if (
            len(opening) <= HEADLINE_MAX
            and len(split_sentences_simple(opening)) == 1
            and not opening.endswith("。")
            and first + 1 < len(blocks)
        ):
            first += 1  # a headline ending in ！ or ？ reads as prose: it may open the run
        above = [
            i
            for i in range(first)
            if i not in reasons
            and blocks[i].kind in CONTENT_KINDS
            and (not is_prose(blocks[i].text) or i == run.start)
            and i not in wrapped_lines
            and not ends_with_ellipsis(blocks[i].text)
            and len(blocks[i].text.strip()) <= HEADLINE_MAX
            and size(blocks[i].text) >= 4
        ]
        scored = [
            (_title_score(blocks, reasons, keys, i, len(above) - 1 - n, len(above) == 1), -n, i)
            for n, i in enumerate(above)
        ]
        best = max(scored, default=None)
        if best is not None and best[0] >= _TITLE_MIN_SCORE:
            return best[2]
        return _headline_after(blocks, reasons, keys, run)
    candidates: list[int] = []
    for i, block in enumerate(blocks):
        if i in reasons or block.kind not in CONTENT_KINDS:
            continue
        text = block.text.strip()
        if _is_paragraph(text) or _wraps_into_next(blocks, i, reasons):
            break
        if not ends_with_ellipsis(text):
            candidates.append(i)
    keys = [_key(b.text) for b in blocks]
    sized = [i for i in candidates if han_count(keys[i]) >= HEADLINE_MIN]
    if not sized:
        # No headline-sized line above the text: some reposts carry it below instead.
        below = _headline_below(blocks, reasons, keys)
        if below is not None:
            return below
    if not candidates:
        return None
    candidates = sized or candidates
    for i in candidates:
        key = keys[i]
        for j, other in enumerate(keys):
            if j == i or not other:
                continue
            if similar(key, other) and not ends_sentence(blocks[j].text):
                return i
            if ends_with_ellipsis(blocks[j].text) and _split_title(other, key):
                return i
    return candidates[0]


def _headline_after(
    blocks: Sequence[Block], reasons: Mapping[int, str], keys: Sequence[str], run: Run
) -> int | None:
    """Some reposts print the headline right under the text: a headline-sized line
    without clause punctuation directly after the main text, when none stands above."""
    live = [i for i in range(run.end + 1, len(blocks)) if i not in reasons]
    if len(live) != 1 or blocks[live[0]].kind not in CONTENT_KINDS:
        return None  # it must be the page's last line (a caption may follow it)
    after = live[0]
    text = blocks[after].text.strip()
    if (
        len(text) > HEADLINE_MAX
        or size(text) < HEADLINE_MIN
        or ends_sentence(text)
        or ends_with_ellipsis(text)
        or clauses(text)
        or "：" in text
        or _FURNITURE_MARKS.search(text)
        or _LIST_START.match(text)
    ):
        return None
    return after


def _headline_below(
    blocks: Sequence[Block], reasons: Mapping[int, str], keys: Sequence[str]
) -> int | None:
    """The first headline-sized, unpunctuated line after the last paragraph, if any."""
    last = max(
        (
            i
            for i, b in enumerate(blocks)
            if i not in reasons and b.kind in CONTENT_KINDS and _is_paragraph(b.text.strip())
        ),
        default=None,
    )
    if last is None:
        return None
    for i in range(last + 1, len(blocks)):
        text = blocks[i].text.strip()
        if i in reasons or blocks[i].kind not in CONTENT_KINDS or len(text) > HEADLINE_MAX:
            continue
        if ends_sentence(text) or ends_with_ellipsis(text) or _LIST_START.match(text):
            continue
        if han_count(keys[i]) >= HEADLINE_MIN:
            return i
    return None


def _split_title(key: str, title_key: str) -> list[str]:
    """What may follow a (near-)copy of the title at the start of ``key``."""
    if not title_key:
        return []
    if key.startswith(title_key):
        return [key[len(title_key) :]]
    low, high = int(len(title_key) * 0.7), int(len(title_key) * 1.3) + 1
    return [
        key[cut:]
        for cut in range(min(high, len(key)), low - 1, -1)
        if cut >= 6 and similar(key[:cut], title_key)
    ]


def _is_teaser(key: str, title_key: str, body_keys: list[str]) -> bool:
    """A truncated copy of the opening: optional (near-)title, then the start of a paragraph."""
    rest = re.sub(r"(?:\.{3,}|…+|⋯+)$", "", key)
    for candidate in [*_split_title(rest, title_key), rest]:
        if not candidate:
            return True
        if any(body != key and body.startswith(candidate) for body in body_keys):
            return True
    return False
