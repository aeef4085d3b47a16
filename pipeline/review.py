"""Review stage: one static HTML page per article, every locale side by side.

An editor who publishes five editions of an article wants to *look*: did
cleaning drop anything real, which characters did conversion change (and which
of those were uncertain choices), are the glossary terms right in every locale,
and what does ``check`` still complain about. This module turns what the other
stages produce (the cleaned :class:`~pipeline.models.Article`, its units, the
catalogs' entries, the glossary, the check's violations, the stats) into plain
frozen dataclasses (:class:`ArticleReview`), then renders them with Jinja2
templates shipped in ``pipeline/templates/review/`` (autoescaping on: every
value from an article, a catalog or a CSV reaches the page as text).

The pages are self-contained (inline CSS, one small inline script for the
filters, no external asset), so they work from ``file://`` offline or attached
to a pull request, and deterministic: the same inputs give the same bytes.
A Content-Security-Policy that admits only the page's own script (by hash) is
a second line of defence behind the escaping.

This module reads no files and never imports typer or rich; ``commands.review``
gathers the inputs and writes the pages. It is about 1,000 lines because every
mark a reviewer sees (states, character diffs, swap kinds, glossary spans,
findings, editions, pagination) is computed here from plain data, so the
templates only lay it out and the marks can be tested without a browser.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from . import catalog
from .config import lang_tag
from .glossary import PhraseMatcher, TermMatcher, english_matches
from .models import (
    CHINESE_LOCALES,
    Article,
    CatalogUnit,
    ConversionOverride,
    Dropped,
    GlossaryEntry,
    Override,
    Repair,
    Unit,
    Violation,
)

#: Human names of the block kinds a unit comes from.
KIND_LABELS = {
    "title": "title",
    "heading": "heading",
    "paragraph": "paragraph",
    "list_item": "list item",
    "quote": "quote",
    "table_cell": "table cell",
    "front_matter": "front matter field",
    "footnote": "footnote",
    "alt": "image alt text",
    "link_title": "link title",
}

#: Why each cleaning rule drops a line (shown next to the dropped text).
DROP_REASONS = {
    "repeated-title": "repeats the title (a scraped page header, or an older copy of the headline)",
    "disclaimer": "site disclaimer, not part of the article",
    "copyright": "copyright or reprint notice",
    "date": "the date line: kept as metadata and printed under the title, not translated",
    "teaser": "teaser: the title plus a truncated first sentence that starts a real paragraph",
    "call-to-action": "call to action (scan the QR code, follow, read the full text)",
    "caption": "image caption with a photo credit",
    "credit": "photo or source credit",
    "byline": "byline (reporter, place, agency)",
    "navigation": "site navigation or breadcrumb",
    "badge": "label or badge (exclusive, breaking, original)",
    "ad": "advertisement or sponsored notice",
    "share": "share buttons",
    "counter": "view, like or comment counter",
    "image-placeholder": "placeholder for an image that did not come along",
    "separator": "separator line",
    "end-mark": "end-of-article mark; what follows is page furniture",
    "related": "list of related articles",
    "header": "page header above the headline",
    "footer": "page footer",
    "before-headline": "page residue before the headline",
    "editor": "dropped by the editor (overrides.csv)",
    "damaged-annotation": "damaged pinyin annotation no rule can restore: add a fix to "
    "corrections.csv",
}

#: What each state of a locale cell means; the page shows the label and a symbol,
#: never colour alone.
STATES = {
    "source": ("source", "as extracted"),
    "translated": ("✓", "translated"),
    "machine": ("⚙", "machine-filled (OpenCC under glossary control)"),
    "corrected": ("✎", "human-corrected (no conversion overwrites it)"),
    "fuzzy": ("≈", "fuzzy: the source changed, the old translation needs review"),
    "untranslated": ("∅", "untranslated"),
    "missing": ("∅", "no entry in the catalog (run zhl10n update)"),
}

#: The check's ``incomplete`` rule is what the state badge already says.
STATE_RULES = frozenset({"incomplete"})

#: ``explain(locale, source)``: the uncertain choices converting ``source`` into
#: ``locale`` makes (the convert stage's ``--explain`` records: objects with ``start``
#: and ``end`` offsets into the source, ``source``, ``result``, ``rule`` and ``reason``).
Explainer = Callable[[str, str], Iterable[Any]]


# --- what a page shows ----------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A glossary entry as a mark shows it: the English, the note, each locale's form.

    ``ref`` is the HTML id of the term's description on the page: every mark
    points there (``aria-describedby``) instead of repeating the note, which
    keeps a 2,000-unit page small.
    """

    id: str
    ref: str
    en: str
    note: str
    kind: str
    forms: tuple[tuple[str, str], ...] = ()

    @property
    def tip(self) -> str:
        return f"{self.en} — {self.note}" if self.note else self.en


@dataclass(frozen=True)
class Run:
    """A stretch of a cell's text with one set of marks.

    ``swap`` explains a change a named rule made (a glossary, override or
    regional vocabulary row), which the page marks apart from plain script
    conversion; ``swap_kind`` is that rule's table.
    """

    text: str
    changed: bool = False
    ambiguous: str = ""
    control: bool = False
    swap: str = ""
    swap_kind: str = ""


#: Rule kinds of the convert stage's ``--explain`` records that swap a word for the
#: locale's own (not a script conversion), with what the page calls each.
SWAP_RULES = {
    "glossary": "glossary term",
    "override": "conversion override",
    "vocabulary": "regional vocabulary",
}

#: Units per review page: a long article is split into pages of this many units,
#: so a 2 MB article gives pages a browser opens at once instead of one of 40 MB.
PAGE_UNITS = 250

#: Longest previous source a fuzzy cell diffs character by character (longer ones
#: are shown whole: the diff is quadratic in the worst case).
DIFF_LIMIT = 4000


@dataclass(frozen=True)
class DiffRun:
    """A stretch of a character diff: ``=`` kept, ``-`` removed, ``+`` added."""

    op: str
    text: str


def char_diff(old: str, new: str) -> tuple[DiffRun, ...]:
    """How ``old`` became ``new``, character by character.

    >>> [(r.op, r.text) for r in char_diff("兩到三個月", "三到四個月")]
    [('-', '兩'), ('+', '三'), ('=', '到'), ('-', '三'), ('+', '四'), ('=', '個月')]
    """
    if len(old) > DIFF_LIMIT or len(new) > DIFF_LIMIT:
        return (DiffRun("-", old), DiffRun("+", new))
    runs: list[DiffRun] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(DiffRun("=", old[i1:i2]))
            continue
        if i2 > i1:
            runs.append(DiffRun("-", old[i1:i2]))
        if j2 > j1:
            runs.append(DiffRun("+", new[j1:j2]))
    return tuple(runs)


@dataclass(frozen=True)
class Piece:
    """Runs inside one glossary term, or runs outside any term (``term`` is None)."""

    runs: tuple[Run, ...]
    term: Term | None = None


@dataclass(frozen=True)
class Finding:
    """One check violation shown on its cell."""

    rule: str
    severity: str
    message: str
    line: int = 0


@dataclass(frozen=True)
class Cell:
    """One unit in one locale (or the source), marked up for the page."""

    locale: str
    state: str
    text: str
    pieces: tuple[Piece, ...]
    findings: tuple[Finding, ...] = ()
    same_as_source: bool = False
    changed_chars: int = 0
    ambiguous_chars: int = 0
    #: Fuzzy: the source the old translation was made for, and how the source changed.
    previous: str = ""
    diff: tuple[DiffRun, ...] = ()
    swapped_chars: int = 0

    @property
    def lang(self) -> str:
        return lang_tag(self.locale)

    @property
    def symbol(self) -> str:
        return STATES[self.state][0]

    @property
    def state_label(self) -> str:
        return STATES[self.state][1]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")


@dataclass(frozen=True)
class Row:
    """One unit: its source and each configured locale, in article order."""

    number: int
    unit_id: str
    kind: str
    line: int
    source: Cell
    cells: tuple[Cell, ...]

    @property
    def columns(self) -> tuple[Cell, ...]:
        """The source cell, then each locale's."""
        return (self.source, *self.cells)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.replace("_", " "))

    @property
    def findings(self) -> int:
        return sum(len(cell.findings) for cell in self.cells)

    @property
    def css_classes(self) -> str:
        """Classes the filters select on: findings per locale, source matches per locale."""
        classes = ["unit", f"kind-{self.kind}"]
        if self.findings:
            classes.append("has-findings")
        chinese = [cell for cell in self.cells if cell.locale in CHINESE_LOCALES]
        for cell in self.cells:
            if cell.findings:
                classes.append(f"find-{cell.locale}")
            if cell.same_as_source:
                classes.append(f"same-{cell.locale}")
        if chinese and all(cell.same_as_source for cell in chinese):
            classes.append("same-all")
        return " ".join(classes)


@dataclass(frozen=True)
class AppliedOverride:
    """A ``conversions.csv`` row whose phrase occurs in the article, and the units it hits."""

    override: ConversionOverride
    units: tuple[int, ...]


@dataclass(frozen=True)
class CleaningReport:
    """What cleaning did to the article, for an editor to confirm nothing real was lost."""

    dropped: tuple[Dropped, ...] = ()
    pinyin: tuple[Repair, ...] = ()
    corrections: tuple[Repair, ...] = ()
    suspects: tuple[Dropped, ...] = ()
    overrides: tuple[AppliedOverride, ...] = ()
    editor: tuple[Override, ...] = ()
    punctuation_fixes: int = 0
    metadata: tuple[tuple[str, str], ...] = ()

    @staticmethod
    def reason(item: Dropped) -> str:
        """Why a line was dropped: the cleaning stage's own reason when it gives one."""
        given = str(getattr(item, "reason", "") or "")
        return given or DROP_REASONS.get(item.rule, item.rule)


@dataclass(frozen=True)
class LocaleSummary:
    """One article in one locale: progress as ``stats`` counts it, states and findings."""

    locale: str
    exists: bool
    units: int
    translated: int
    fuzzy: int
    untranslated: int
    percent_chars: float
    machine: int = 0
    corrected: int = 0
    errors: int = 0
    warnings: int = 0
    #: Units whose text holds an uncertain conversion choice (``--explain`` data).
    ambiguous: int = 0
    #: Units where a glossary, override or vocabulary row swapped a word.
    swapped: int = 0
    #: The article's edition in this locale: ``built``, ``skipped`` (``reason`` says
    #: why), ``stale`` (older than its catalog or article) or ``""`` (not known).
    status: str = ""
    reason: str = ""

    @property
    def lang(self) -> str:
        return lang_tag(self.locale)


@dataclass(frozen=True)
class ArticleReview:
    """Everything one review page shows."""

    slug: str
    path: str
    title: str
    source_locale: str
    script: str
    locales: tuple[str, ...]
    rows: tuple[Row, ...]
    cleaning: CleaningReport
    summaries: tuple[LocaleSummary, ...]
    notices: tuple[Finding, ...] = ()
    terms: tuple[Term, ...] = ()

    @property
    def source_lang(self) -> str:
        return lang_tag(self.source_locale)

    @property
    def findings(self) -> int:
        return sum(row.findings for row in self.rows) + len(self.notices)

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.summaries)

    @property
    def warnings(self) -> int:
        return sum(s.warnings for s in self.summaries)

    @property
    def page(self) -> str:
        """File name of the article's (first) page inside the review folder."""
        return f"{self.slug}.html"

    @property
    def page_count(self) -> int:
        """Pages of :data:`PAGE_UNITS` units each (at least one)."""
        return max(1, -(-len(self.rows) // PAGE_UNITS))

    def page_name(self, number: int) -> str:
        """File name of page ``number`` (1-based): ``<slug>.html``, ``<slug>.page-2.html``…"""
        return self.page if number == 1 else f"{self.slug}.page-{number}.html"

    def unit_href(self, number: int) -> str:
        """Link to unit ``number`` (1-based), on whichever page holds it."""
        return f"./{self.page_name((number - 1) // PAGE_UNITS + 1)}#u{number}"

    def pages(self) -> tuple[ReviewPage, ...]:
        """The article's units cut into pages, each with what its rows hold."""
        found = []
        for number in range(1, self.page_count + 1):
            rows = self.rows[(number - 1) * PAGE_UNITS : number * PAGE_UNITS]
            found.append(
                ReviewPage(
                    number,
                    self.page_name(number),
                    rows,
                    findings=sum(1 for row in rows if row.findings),
                    fuzzy=sum(1 for row in rows for c in row.cells if c.state == "fuzzy"),
                )
            )
        return tuple(found)


@dataclass(frozen=True)
class ReviewPage:
    """One page of an article's review: a slice of its rows."""

    number: int
    name: str
    rows: tuple[Row, ...]
    #: Units with a check finding, and fuzzy cells, on this page (the page list shows them).
    findings: int = 0
    fuzzy: int = 0

    @property
    def first(self) -> int:
        return self.rows[0].number if self.rows else 0

    @property
    def last(self) -> int:
        return self.rows[-1].number if self.rows else 0


@dataclass(frozen=True)
class Stats:
    """Counts as ``zhl10n stats`` makes them (duck-typed ``catalog.CatalogStats``)."""

    translated: int
    fuzzy: int
    untranslated: int
    percent_chars: float


# --- marking a cell -------------------------------------------------------------------------


#: Characters shown as their code point: C0/C1 controls (tab and newline aside), format
#: characters such as U+202E (right-to-left override, which would reorder the text
#: around it) and the Unicode line separators.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_RUNS = re.compile(r"0+|1+")


def split_runs(
    text: str,
    changed: Sequence[bool],
    ambiguous: Mapping[int, str],
    start: int,
    end: int,
    swaps: Mapping[int, tuple[str, str]] | None = None,
) -> tuple[Run, ...]:
    """``text[start:end]`` cut into runs of equal marks; control characters stand alone.

    >>> split_runs("ab\\x07c", [False, True, False, False], {}, 0, 4)
    (Run(text='a', changed=False, ambiguous='', control=False, swap='', swap_kind=''), \
Run(text='b', changed=True, ambiguous='', control=False, swap='', swap_kind=''), \
Run(text='U+0007', changed=False, ambiguous='', control=True, swap='', swap_kind=''), \
Run(text='c', changed=False, ambiguous='', control=False, swap='', swap_kind=''))
    """
    if start >= end:
        return ()
    piece = text[start:end]
    swaps = swaps or {}
    if not ambiguous and not swaps and not _CONTROL.search(piece):
        if not any(changed[start:end]):
            return (Run(piece),)
        flags = "".join("1" if flag else "0" for flag in changed[start:end])
        return tuple(
            Run(piece[m.start() : m.end()], m.group(0)[0] == "1") for m in _RUNS.finditer(flags)
        )
    runs: list[Run] = []
    buffer: list[str] = []
    key: tuple[bool, str, tuple[str, str]] | None = None
    none = ("", "")

    def flush() -> None:
        if buffer and key is not None:
            runs.append(Run("".join(buffer), key[0], key[1], False, key[2][0], key[2][1]))

    for i in range(start, end):
        char = text[i]
        if _CONTROL.match(char):
            flush()
            buffer, key = [], None
            runs.append(Run(f"U+{ord(char):04X}", changed[i], ambiguous.get(i, ""), control=True))
            continue
        swap = swaps.get(i, none)  # a swap is marked as such, not as changed characters
        here = (changed[i] and swap is none, ambiguous.get(i, ""), swap)
        if key is not None and here != key:
            flush()
            buffer = []
        buffer.append(char)
        key = here
    flush()
    return tuple(runs)


def changed_mask(source: str, text: str) -> list[bool]:
    """For each character of ``text``: did conversion change it against ``source``?

    Conversion nearly always maps character for character, so texts of equal
    length are compared position by position; phrases and glossary forms that
    change the length (英偉達 → 輝達) are aligned with difflib first.

    >>> changed_mask("黃仁勛訪華", "黄仁勋访华")
    [True, False, True, True, True]
    >>> changed_mask("英偉達發布", "輝達發佈")
    [True, False, False, True]
    """
    if len(source) == len(text):
        return [a != b for a, b in zip(source, text, strict=True)]
    mask = [False] * len(text)
    matcher = SequenceMatcher(None, source, text, autojunk=False)
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            mask[j1:j2] = [True] * (j2 - j1)
    return mask


def source_positions(source: str, text: str) -> list[int]:
    """For each character of ``source``, where it stands in ``text`` (-1: nowhere).

    >>> source_positions("英偉達發布", "輝達發佈")
    [-1, -1, 1, 2, 3]
    """
    if len(source) == len(text):
        return list(range(len(source)))
    where = [-1] * len(source)
    matcher = SequenceMatcher(None, source, text, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            where[i1:i2] = range(j1, j2)
    return where


def choice_notes(source: str, text: str, choices: Iterable[Any]) -> dict[int, str]:
    """Positions in ``text`` of the uncertain conversion choices, with what to say about each.

    A choice counts only where ``text`` still holds the form the conversion chose
    (a reviewer who corrected it has decided).
    """
    notes: dict[int, str] = {}
    where: list[int] | None = None
    for choice in choices:
        if not getattr(choice, "uncertain", True):
            continue
        start, end = int(choice.start), int(choice.end)
        if where is None:
            where = source_positions(source, text)
        if not (0 <= start < end <= len(source)):
            continue
        at = where[start]
        result = str(choice.result)
        if at < 0 or text[at : at + len(result)] != result:
            continue
        reason = str(getattr(choice, "reason", "") or getattr(choice, "rule", ""))
        note = f"{choice.source} → {result}: ambiguous" + (f" ({reason})" if reason else "")
        for i in range(at, at + len(result)):
            notes[i] = note
    return notes


def _text_position(where: Sequence[int], start: int) -> int:
    """Where source position ``start`` falls in the converted text: its aligned place,
    else just after the nearest aligned character before it."""
    if where[start] >= 0:
        return where[start]
    k = start - 1
    while k >= 0 and where[k] < 0:
        k -= 1
    return where[k] + (start - k) if k >= 0 else start


def swap_notes(source: str, text: str, changes: Iterable[Any]) -> dict[int, tuple[str, str]]:
    """Positions in ``text`` of the words a named rule swapped (glossary, override,
    vocabulary), each with ``(what to say, rule kind)``.

    Like :func:`choice_notes`, a swap counts only where ``text`` still holds the
    rule's result (a reviewer's correction is not the rule's doing).
    """
    notes: dict[int, tuple[str, str]] = {}
    where: list[int] | None = None
    for change in changes:
        kind = str(getattr(change, "rule", "")).split(":", 1)[0]
        if kind not in SWAP_RULES:
            continue
        start, end = int(change.start), int(change.end)
        if not (0 <= start < end <= len(source)):
            continue
        if where is None:
            where = source_positions(source, text)
        result = str(change.result)
        at = _text_position(where, start)
        if text[at : at + len(result)] != result:  # look close by (a length-changing swap)
            window = text[max(0, at - (end - start)) : at + 2 * len(result) + (end - start)]
            found = window.find(result)
            at = max(0, at - (end - start)) + found if found >= 0 else -1
        if at < 0:
            continue
        rule = str(getattr(change, "reason", "") or kind)
        note = f"{change.source} → {result}: {SWAP_RULES[kind]} ({rule})"
        for i in range(at, at + len(result)):
            notes[i] = (note, kind)
    return notes


def mark_text(
    text: str,
    terms: Sequence[tuple[int, int, Term]],
    changed: Sequence[bool] | None = None,
    ambiguous: Mapping[int, str] | None = None,
    swaps: Mapping[int, tuple[str, str]] | None = None,
) -> tuple[Piece, ...]:
    """Cut ``text`` into pieces: glossary terms (non-overlapping spans) and the text between."""
    flags = list(changed) if changed is not None else [False] * len(text)
    notes = dict(ambiguous or {})
    swapped = dict(swaps or {})
    pieces: list[Piece] = []
    position = 0
    for start, end, term in sorted(terms, key=lambda t: (t[0], t[1])):
        if start < position:
            continue
        if start > position:
            pieces.append(Piece(split_runs(text, flags, notes, position, start, swapped)))
        pieces.append(Piece(split_runs(text, flags, notes, start, end, swapped), term))
        position = end
    if position < len(text):
        pieces.append(Piece(split_runs(text, flags, notes, position, len(text), swapped)))
    return tuple(pieces)


class TermMarker:
    """Where glossary terms stand in a source and in each locale's text."""

    def __init__(self, entries: Iterable[GlossaryEntry], locales: Sequence[str] = ()) -> None:
        self.entries = tuple(entries)
        self.source = TermMatcher(self.entries)
        self._terms = {
            e.id: Term(
                e.id,
                f"g{n}",
                e.en,
                e.note,
                e.kind,
                tuple((locale, e.form(locale)) for locale in locales),
            )
            for n, e in enumerate(self.entries, 1)
        }
        self._locale: dict[str, PhraseMatcher[GlossaryEntry]] = {}

    def term(self, entry: GlossaryEntry) -> Term:
        return self._terms[entry.id]

    def in_source(self, text: str) -> list[tuple[int, int, Term]]:
        return [(m.start, m.end, self.term(m.value)) for m in self.source.find(text)]

    def in_locale(
        self, locale: str, text: str, expected: Iterable[GlossaryEntry] = ()
    ) -> list[tuple[int, int, Term]]:
        """The locale's form of every entry in ``text``; in English, of the ``expected`` ones."""
        if locale == "en" or locale.startswith("en_"):
            spans: list[tuple[int, int, Term]] = []
            for entry in dict((e.id, e) for e in expected).values():
                for match in english_matches(text, entry.en, case_sensitive=entry.case_sensitive):
                    spans.append((match.start(), match.end(), self.term(entry)))
            return _non_overlapping(spans)
        matcher = self._locale.get(locale)
        if matcher is None:
            matcher = PhraseMatcher({e.form(locale): e for e in self.entries if e.form(locale)})
            self._locale[locale] = matcher
        return [(m.start, m.end, self.term(m.value)) for m in matcher.find(text)]


def _non_overlapping(spans: list[tuple[int, int, Term]]) -> list[tuple[int, int, Term]]:
    """Leftmost, then longest spans, none overlapping."""
    kept: list[tuple[int, int, Term]] = []
    position = -1
    for start, end, term in sorted(spans, key=lambda s: (s[0], -s[1], s[2].id)):
        if start >= position:
            kept.append((start, end, term))
            position = end
    return kept


# --- building a review ----------------------------------------------------------------------


def cell_state(locale: str, unit: CatalogUnit | None) -> str:
    """``missing``, ``untranslated``, ``fuzzy``, ``machine``, ``corrected`` or ``translated``.

    A Chinese entry is machine-filled while its ``# zhl10n: machine <hash>``
    note (or the older ``opencc:<hash>`` flag) matches its text; any other
    translated Chinese entry is a human correction.
    """
    if unit is None:
        return "missing"
    if not unit.msgstr:
        return "untranslated"
    if unit.fuzzy:
        return "fuzzy"
    if locale in CHINESE_LOCALES:
        # The catalog stage decides ownership (its note in a translator comment, or the
        # older flag); it reads polib entries, of which it needs only these three fields.
        entry = SimpleNamespace(
            msgstr=unit.msgstr, tcomment=unit.translator_comment, flags=list(unit.flags)
        )
        return "machine" if catalog.is_machine_owned(entry) else "corrected"
    return "translated"


def _finding(violation: Violation) -> Finding:
    return Finding(violation.rule, violation.severity, violation.message, violation.line)


def applied_overrides(
    overrides: Iterable[ConversionOverride],
    units: Sequence[Unit],
    locales: Sequence[str],
    simplify: Callable[[str], str] | None = None,
) -> tuple[AppliedOverride, ...]:
    """Override rows of configured locales whose phrase occurs in some unit (any script)."""
    found: list[AppliedOverride] = []
    simple_units = [simplify(u.source) for u in units] if simplify else []
    for override in overrides:
        if override.locale not in locales or not override.source:
            continue
        key = simplify(override.source) if simplify else ""
        hits = tuple(
            n
            for n, unit in enumerate(units, 1)
            if override.source in unit.source or (key and key in simple_units[n - 1])
        )
        if hits:
            found.append(AppliedOverride(override, hits))
    return tuple(found)


def review_article(
    article: Article,
    units: Sequence[Unit],
    *,
    source_locale: str,
    script: str,
    locales: Sequence[str],
    catalogs: Mapping[str, Sequence[CatalogUnit] | None],
    entries: Sequence[GlossaryEntry] = (),
    overrides: Sequence[ConversionOverride] = (),
    violations: Iterable[Violation] = (),
    stats: Mapping[str, Any] | None = None,
    explain: Explainer | None = None,
    simplify: Callable[[str], str] | None = None,
    marker: TermMarker | None = None,
    line_overrides: Sequence[Override] = (),
    editions: Mapping[str, Any] | None = None,
) -> ArticleReview:
    """Everything the page of one article shows (pure: no disk).

    ``catalogs`` maps each locale to its catalog's entries (None: no catalog
    yet); ``violations`` are the check's, for this article's catalogs;
    ``stats`` maps each locale to its ``catalog.CatalogStats`` (computed here
    from the entries when absent); ``line_overrides`` are the editor's
    ``overrides.csv`` rows (keep, drop, title) for this article; ``editions`` maps
    each locale to what ``build/`` holds for it (``status`` and ``reason``, as
    :class:`pipeline.editions.Edition` says).
    """
    marker = marker or TermMarker(entries, locales)
    used: dict[str, Term] = {}
    by_locale: dict[str, dict[str, CatalogUnit]] = {}
    for locale in locales:
        found = catalogs.get(locale)
        by_locale[locale] = {} if found is None else {u.msgctxt: u for u in found if not u.obsolete}
    on_unit: dict[tuple[str, str], list[Finding]] = {}
    notices: list[Finding] = []
    counts: dict[str, list[int]] = {locale: [0, 0] for locale in locales}
    for violation in violations:
        if violation.locale in counts and violation.rule not in STATE_RULES:
            counts[violation.locale][0 if violation.severity == "error" else 1] += 1
        if violation.rule in STATE_RULES and violation.unit_id:
            continue
        if violation.unit_id:
            on_unit.setdefault((violation.locale, violation.unit_id), []).append(
                _finding(violation)
            )
        else:
            notices.append(_finding(violation))
    rows: list[Row] = []
    states: dict[str, dict[str, int]] = {locale: {} for locale in locales}
    for number, unit in enumerate(units, 1):
        source_terms = marker.in_source(unit.source)
        used.update((term.id, term) for _start, _end, term in source_terms)
        expected = [e for e in entries if any(t.id == e.id for _s, _e, t in source_terms)]
        source = Cell(
            source_locale,
            "source",
            unit.source,
            mark_text(unit.source, source_terms),
            same_as_source=True,
        )
        cells: list[Cell] = []
        for locale in locales:
            entry = by_locale[locale].get(unit.id)
            state = cell_state(locale, entry)
            text = entry.msgstr if entry is not None else ""
            chinese = locale in CHINESE_LOCALES
            notes: dict[int, str] = {}
            swaps: dict[int, tuple[str, str]] = {}
            states[locale][state] = states[locale].get(state, 0) + 1
            # Text identical to the source holds no change to explain (zh_Hant of a
            # Traditional article, mostly): no trace.
            if chinese and text and text != unit.source and explain is not None:
                changes = tuple(explain(locale, unit.source))
                notes = choice_notes(unit.source, text, changes)
                swaps = swap_notes(unit.source, text, changes)
                states[locale]["ambiguous"] = states[locale].get("ambiguous", 0) + bool(notes)
                states[locale]["swapped"] = states[locale].get("swapped", 0) + bool(swaps)
            mask = changed_mask(unit.source, text) if chinese and text else None
            previous = entry.previous_msgid if entry is not None and state == "fuzzy" else ""
            cells.append(
                Cell(
                    locale,
                    state,
                    text,
                    mark_text(text, marker.in_locale(locale, text, expected), mask, notes, swaps),
                    tuple(on_unit.get((locale, unit.id), ())),
                    same_as_source=chinese and text == unit.source,
                    changed_chars=sum(mask) if mask else 0,
                    ambiguous_chars=len(notes),
                    previous=previous,
                    diff=char_diff(previous, unit.source) if previous else (),
                    swapped_chars=len(swaps),
                )
            )
        rows.append(Row(number, unit.id, unit.kind, unit.line, source, tuple(cells)))
    summaries = []
    for locale in locales:
        found = catalogs.get(locale)
        counted = (stats or {}).get(locale) or catalog_progress(
            found if found is not None else [CatalogUnit(u.id, u.source, "") for u in units]
        )
        state_counts = states[locale]
        summaries.append(
            LocaleSummary(
                locale,
                exists=catalogs.get(locale) is not None,
                units=len(units),
                translated=int(counted.translated),
                fuzzy=int(counted.fuzzy),
                untranslated=int(counted.untranslated),
                percent_chars=float(counted.percent_chars),
                machine=state_counts.get("machine", 0),
                corrected=state_counts.get("corrected", 0),
                ambiguous=state_counts.get("ambiguous", 0),
                swapped=state_counts.get("swapped", 0),
                errors=counts[locale][0],
                warnings=counts[locale][1],
                status=str(getattr((editions or {}).get(locale), "status", "")),
                reason=str(getattr((editions or {}).get(locale), "reason", "")),
            )
        )
    cleaning = CleaningReport(
        dropped=article.dropped,
        pinyin=tuple(r for r in article.repairs if r.rule != "correction"),
        corrections=tuple(r for r in article.repairs if r.rule == "correction"),
        suspects=article.suspects,
        overrides=applied_overrides(overrides, units, locales, simplify),
        editor=tuple(o for o in line_overrides if o.article == article.slug),
        punctuation_fixes=article.punctuation_fixes,
        metadata=article.metadata,
    )
    return ArticleReview(
        slug=article.slug,
        path=article.path,
        title=article.title,
        source_locale=source_locale,
        script=script,
        locales=tuple(locales),
        rows=tuple(rows),
        cleaning=cleaning,
        summaries=tuple(summaries),
        notices=tuple(notices),
        terms=tuple(sorted(used.values(), key=lambda t: int(t.ref[1:]))),
    )


def catalog_progress(entries: Iterable[CatalogUnit]) -> Stats:
    """Translated / fuzzy / untranslated and the share of source characters translated.

    Counted over the catalog's live entries exactly as ``catalog.catalog_stats``
    (``zhl10n stats``) counts them, from entries already read.
    """
    chars = [0, 0, 0]
    counts = [0, 0, 0]
    for entry in entries:
        if entry.obsolete:
            continue
        state = 2 if not entry.msgstr else 1 if entry.fuzzy else 0
        counts[state] += 1
        chars[state] += len(entry.msgid)
    total = sum(chars)
    percent = 100.0 * chars[0] / total if total else 100.0
    return Stats(counts[0], counts[1], counts[2], percent)


# --- rendering ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline", "templates/review"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["percent"] = lambda value: f"{float(value):.0f}%"
    env.globals["lang_tag"] = lang_tag
    env.globals["STATES"] = STATES
    return env


@lru_cache(maxsize=1)
def _script() -> tuple[str, str]:
    """The pages' filter script and its CSP hash (the only script a page may run)."""
    env = _environment()
    source: str = env.loader.get_source(env, "filters.js")[0]
    digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
    return source, f"'sha256-{digest}'"


def _render(name: str, **values: Any) -> str:
    script, script_hash = _script()
    template = _environment().get_template(name)
    text: str = template.render(script=script, script_hash=script_hash, **values)
    return text


def render_article(review: ArticleReview) -> str:
    """The (first) HTML page of one article."""
    return render_article_pages(review)[0][1]


def render_article_pages(review: ArticleReview) -> list[tuple[str, str]]:
    """Every page of one article: ``(file name, HTML)``, the first holding the cleaning
    report; a long article gets one page per :data:`PAGE_UNITS` units."""
    pages = review.pages()
    return [
        (
            page.name,
            _render(
                "article.html.j2", review=review, locales=review.locales, page=page, pages=pages
            ),
        )
        for page in pages
    ]


def render_index(reviews: Sequence[ArticleReview], locales: Sequence[str]) -> str:
    """The index page: every article with its progress and findings per locale."""
    return _render("index.html.j2", reviews=reviews, locales=tuple(locales))
