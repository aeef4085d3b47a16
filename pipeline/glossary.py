"""Glossary stage: read and lint ``glossary.csv`` / ``conversions.csv``, and find terms in text.

Terms are found with :class:`pipeline.matching.PhraseMatcher`: one pass per text,
whatever the number of terms, keeping the *longest* match at each position (leftmost
first, never overlapping): 華為昇騰 is one term, and the 昇騰 inside it does not fire
on its own.

CSV files are UTF-8 (a BOM is tolerated), comma-separated, with a header row; a row whose
first cell starts with ``#`` is a comment.
Readers raise :class:`~pipeline.errors.GlossaryError` naming the file and the
line for anything that prevents building entries; :func:`lint_glossary`
reports every problem it can find instead of stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from .errors import GlossaryError, PipelineError
from .matching import Match, PhraseMatcher, is_word_char
from .models import (
    CHINESE_LOCALES,
    ConversionOverride,
    GlossaryEntry,
    VocabularyRow,
    split_alternatives,
)
from .tables import CORRECTIONS_TABLE, Finding, Table, TableSpec, read_table

#: Columns of glossary.csv, in the documented order.
GLOSSARY_COLUMNS = (
    "id",
    "zh_Hant",
    "zh_Hans",
    "zh_TW",
    "zh_HK",
    "variants",
    "en",
    "forbidden_en",
    "kind",
    "case_sensitive",
    "severity",
    "note",
)
#: Columns that must exist and be non-empty on every glossary row.
GLOSSARY_REQUIRED = ("id", "zh_Hant", "zh_Hans", "en", "kind")
KINDS = ("term", "person", "organisation", "product", "do-not-translate")
SEVERITIES = ("error", "warning")
#: ``case_sensitive`` spellings; an empty cell means "no".
CASE_VALUES = {"yes": True, "no": False, "": False}

CONVERSION_COLUMNS = ("id", "locale", "source", "target", "note")
VOCABULARY_COLUMNS = ("id", "zh_Hans", "zh_TW", "zh_HK", "note", "source")
VOCABULARY_REQUIRED = ("id", "zh_Hans", "zh_TW", "zh_HK", "source")
CONVERSION_REQUIRED = ("id", "locale", "source", "target")

#: A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@")


# --- reading ---------------------------------------------------------------------------------


#: The spec of each table (:mod:`pipeline.tables`), shared by its loader and its lint.
GLOSSARY_TABLE = TableSpec("glossary", GLOSSARY_COLUMNS, GLOSSARY_REQUIRED)
CONVERSIONS_TABLE = TableSpec("conversions", CONVERSION_COLUMNS, CONVERSION_REQUIRED)
VOCABULARY_TABLE = TableSpec("vocabulary", VOCABULARY_COLUMNS, VOCABULARY_REQUIRED)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in cell.split("|") if part.strip()))


def _glossary_table(path: Path) -> tuple[list[GlossaryEntry], Table]:
    """Entries of the rows that can be built, and the findings that stopped the others."""
    table = read_table(path, GLOSSARY_TABLE)
    errors = list(table.errors)
    entries: list[GlossaryEntry] = []
    if not table.header_ok:
        return entries, table
    for line, cells, _raw in table.records:
        problems: list[str] = []
        for name in GLOSSARY_REQUIRED:
            if not cells.get(name):
                problems.append(f"empty required cell {name!r}")
        kind = cells.get("kind", "")
        if kind and kind not in KINDS:
            problems.append(f"unknown kind {kind!r}; kinds are: {', '.join(KINDS)}")
        case = cells.get("case_sensitive", "").lower()
        if case not in CASE_VALUES:
            problems.append(f"case_sensitive must be yes, no or empty, not {case!r}")
        severity = cells.get("severity", "").lower() or "error"
        if severity not in SEVERITIES:
            problems.append(f"severity must be error, warning or empty, not {severity!r}")
        if problems:
            errors.extend((line, message) for message in problems)
            continue
        english = _split(cells["en"]) or (cells["en"],)  # house form first, then alternatives
        entries.append(
            GlossaryEntry(
                id=cells["id"],
                zh_Hant=cells["zh_Hant"],
                zh_Hans=cells["zh_Hans"],
                en=english[0],
                en_alternatives=english[1:],
                zh_TW=cells.get("zh_TW", ""),
                zh_HK=cells.get("zh_HK", ""),
                variants=_split(cells.get("variants", "")),
                forbidden_en=_split(cells.get("forbidden_en", "")),
                kind=kind,
                case_sensitive=CASE_VALUES[case],
                severity=severity,
                note=cells.get("note", ""),
                line=line,
            )
        )
    return entries, Table(table.records, tuple(errors), table.warnings, table.header_ok)


def _conversion_table(path: Path) -> tuple[list[ConversionOverride], Table]:
    table = read_table(path, CONVERSIONS_TABLE)
    errors = list(table.errors)
    overrides: list[ConversionOverride] = []
    if not table.header_ok:
        return overrides, table
    for line, cells, _raw in table.records:
        if _switches_off(cells, ("source", "target")):
            overrides.append(
                ConversionOverride(
                    id=cells["id"],
                    locale="",
                    source="",
                    target="",
                    note=cells.get("note", ""),
                    line=line,
                )
            )
            continue
        problems = [f"empty required cell {n!r}" for n in CONVERSION_REQUIRED if not cells.get(n)]
        locale = cells.get("locale", "")
        if locale and locale not in CHINESE_LOCALES:
            problems.append(
                f"locale must be a Chinese locale ({', '.join(CHINESE_LOCALES)}), not {locale!r}"
            )
        if problems:
            errors.extend((line, message) for message in problems)
            continue
        overrides.append(
            ConversionOverride(
                id=cells["id"],
                locale=locale,
                source=cells["source"],
                target=cells["target"],
                note=cells.get("note", ""),
                line=line,
            )
        )
    return overrides, Table(table.records, tuple(errors), table.warnings, table.header_ok)


def _switches_off(cells: Mapping[str, str], words: Sequence[str]) -> bool:
    """An id with its word cells left empty: the row switches a shipped row off
    (:mod:`pipeline.layers` checks that there is one)."""
    return bool(cells.get("id")) and not any(cells.get(name) for name in words)


def _vocabulary_table(path: Path) -> tuple[list[VocabularyRow], Table]:
    table = read_table(path, VOCABULARY_TABLE)
    errors = list(table.errors)
    rows: list[VocabularyRow] = []
    if not table.header_ok:
        return rows, table
    for line, cells, _raw in table.records:
        if _switches_off(cells, ("zh_Hans", "zh_TW", "zh_HK")):
            rows.append(
                VocabularyRow(
                    id=cells["id"],
                    zh_Hans=("",),
                    zh_TW=("",),
                    zh_HK=("",),
                    note=cells.get("note", ""),
                    source=cells.get("source", ""),
                    line=line,
                )
            )
            continue
        problems = [f"empty required cell {n!r}" for n in VOCABULARY_REQUIRED if not cells.get(n)]
        if problems:
            errors.extend((line, message) for message in problems)
            continue
        rows.append(
            VocabularyRow(
                id=cells["id"],
                zh_Hans=split_alternatives(cells["zh_Hans"]),
                zh_TW=split_alternatives(cells["zh_TW"]),
                zh_HK=split_alternatives(cells["zh_HK"]),
                note=cells.get("note", ""),
                source=cells["source"],
                line=line,
            )
        )
    return rows, Table(table.records, tuple(errors), table.warnings, table.header_ok)


_Row = TypeVar("_Row")


def _load(
    path: Path,
    read: Callable[[Path], tuple[list[_Row], Table]],
    *,
    missing_ok: bool,
) -> tuple[_Row, ...]:
    """Rows of a table file; its first error (file, line) stops the caller."""
    if missing_ok and not path.exists():
        return ()
    rows, table = read(path)
    if table.errors:
        line, message = min(table.errors)
        raise GlossaryError(message, path, line)
    return tuple(rows)


def load_vocabulary(path: Path, *, missing_ok: bool = False) -> tuple[VocabularyRow, ...]:
    """Read ``vocabulary.csv``; raise :class:`GlossaryError` (file, line) if a row is unusable."""
    return _load(path, _vocabulary_table, missing_ok=missing_ok)


def lint_vocabulary(path: Path) -> LintReport:
    """Every problem of ``vocabulary.csv``.

    Errors: columns, empty cells, duplicate ids, formulas, and one regional word given two
    different targets (it would convert differently depending on row order). Warnings: a
    zh_Hans form with Traditional-only characters, a zh_TW/zh_HK form with
    Simplified-only ones, and rows whose three forms are the same word (nothing to do,
    unless the row is there to shield a brand name: say so in the note).
    """
    from .convert import convert_plain, opencc_function  # OpenCC only when linting
    from .regional import simplified_only

    if not path.exists():
        raise GlossaryError("vocabulary file not found", path)
    try:
        rows, table = _vocabulary_table(path)
    except GlossaryError as exc:
        return LintReport(((exc.line or 1, exc.message),), ())
    errors, warnings = _record_findings(table)
    seen: dict[tuple[str, str], VocabularyRow] = {}
    for row in rows:
        if not any(row.zh_Hans + row.zh_TW + row.zh_HK):
            continue  # switches a shipped row off
        for form in row.zh_Hans:
            if convert_plain(form, "t2s") != form:
                warnings.append((row.line, f"zh_Hans {form} has Traditional characters"))
        for locale in ("zh_TW", "zh_HK"):
            for form in row.forms(locale):
                if any(
                    char in simplified_only(*map(opencc_function, ("s2t", "s2tw", "s2hk")))
                    for char in form
                ):
                    warnings.append((row.line, f"{locale} {form} is written in Simplified"))
        simple = {
            convert_plain(f, "t2s") for loc in ("zh_Hans", "zh_TW", "zh_HK") for f in row.forms(loc)
        }
        if len(simple) == 1 and "brand" not in row.note.casefold():
            warnings.append((row.line, "the three forms are the same word: nothing to convert"))
        for locale in ("zh_Hans", "zh_TW", "zh_HK"):
            for form in row.forms(locale):
                key = (locale, convert_plain(form, "t2s"))
                other = seen.setdefault(key, row)
                if other is not row and other.forms(locale) != row.forms(locale):
                    errors.append(
                        (
                            row.line,
                            f"{locale} word {form} is also in row {other.id!r} (line "
                            f"{other.line}) with other forms: merge the rows",
                        )
                    )
    return _report(errors, warnings)


def load_glossary(path: Path, *, missing_ok: bool = False) -> tuple[GlossaryEntry, ...]:
    """Read ``glossary.csv``; raise :class:`GlossaryError` (file, line) if a row is unusable.

    ``missing_ok=True`` turns a missing file into an empty glossary, for callers
    (like ``extract``) that work without one. Duplicate ids, conflicting targets
    and formula-looking cells do not stop loading: ``glossary lint`` reports them.
    """
    return _load(path, _glossary_table, missing_ok=missing_ok)


def load_conversions(path: Path, *, missing_ok: bool = False) -> tuple[ConversionOverride, ...]:
    """Read ``conversions.csv``; raise :class:`GlossaryError` (file, line) if a row is unusable."""
    return _load(path, _conversion_table, missing_ok=missing_ok)


# --- linting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LintReport:
    """Findings of a lint run: ``(line, message)`` pairs; errors make the file unusable."""

    errors: tuple[tuple[int, str], ...] = ()
    warnings: tuple[tuple[int, str], ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def _formula_findings(line: int, cells: Mapping[str, str]) -> list[Finding]:
    return [
        (
            line,
            f"cell {name!r} starts with {value[0]!r}, which spreadsheet programs run as a "
            "formula (formula injection); reword the cell so it starts differently",
        )
        for name, value in cells.items()
        if value.startswith(FORMULA_PREFIXES)
    ]


def _whitespace_findings(line: int, raw: Mapping[str, str]) -> list[Finding]:
    return [
        (line, f"cell {name!r} has leading or trailing spaces (ignored)")
        for name, value in raw.items()
        if value != value.strip()
    ]


def _record_findings(table: Table) -> tuple[list[Finding], list[Finding]]:
    """Row-level findings shared by both files: formulas, stray spaces, duplicate ids."""
    errors = list(table.errors)
    warnings = list(table.warnings)
    first_id: dict[str, int] = {}
    for line, cells, raw in table.records:
        errors.extend(_formula_findings(line, cells))
        warnings.extend(_whitespace_findings(line, raw))
        ident = cells.get("id", "")
        if ident:
            if ident in first_id:
                errors.append((line, f"duplicate id {ident!r} (first on line {first_id[ident]})"))
            else:
                first_id[ident] = line
    return errors, warnings


def _report(errors: Iterable[Finding], warnings: Iterable[Finding]) -> LintReport:
    """Sorted by line (stable within a line), so output follows the file."""
    return LintReport(
        tuple(sorted(errors, key=lambda f: f[0])), tuple(sorted(warnings, key=lambda f: f[0]))
    )


def lint_glossary(path: Path) -> LintReport:
    """Every problem of ``glossary.csv``, not just the first (see :func:`checked_glossary`)."""
    return checked_glossary(path)[1]


def checked_glossary(path: Path) -> tuple[tuple[GlossaryEntry, ...], LintReport]:
    """The entries of ``glossary.csv`` and every problem of it, from one reading of the file.

    The entries are usable only when the report has no errors.

    Errors: malformed CSV, missing/unknown/duplicate columns, wrong cell counts,
    empty required cells, unknown kind/severity/case_sensitive values, duplicate
    ids, one source form mapped to two English targets, an English target that
    is also forbidden, and cells starting with ``= + - @`` (formula injection).
    Warnings: a zh_Hans form that differs from OpenCC's t2s conversion of the
    zh_Hant form (sometimes intended: 昇腾, not 升腾), stray spaces, a source
    form listed twice. A missing file raises :class:`GlossaryError`.
    """
    from .convert import convert_plain  # OpenCC only when linting

    if not path.exists():
        raise GlossaryError("glossary file not found", path)
    try:
        entries, table = _glossary_table(path)
    except GlossaryError as exc:
        return (), LintReport(((exc.line or 1, exc.message),), ())
    errors, warnings = _record_findings(table)
    targets: dict[str, GlossaryEntry] = {}
    for entry in entries:
        forbidden = {f.casefold() for f in entry.forbidden_en}
        for english in entry.forms("en"):
            if english.casefold() in forbidden:
                errors.append((entry.line, f"en {english!r} is also listed in forbidden_en"))
        for form in entry.source_forms():
            other = targets.get(form)
            if other is None:
                targets[form] = entry
            elif other.en != entry.en:
                errors.append(
                    (
                        entry.line,
                        f"source form {form} maps to {entry.en!r} here but to {other.en!r} "
                        f"on line {other.line} (id {other.id!r})",
                    )
                )
            else:
                warnings.append(
                    (entry.line, f"source form {form} is also on line {other.line} ({other.id!r})")
                )
        expected = convert_plain(entry.form("zh_Hant"), "t2s")
        if expected != entry.form("zh_Hans"):
            warnings.append(
                (entry.line, f"zh_Hans {entry.zh_Hans} differs from OpenCC t2s {expected}")
            )
    return tuple(entries), _report(errors, warnings)


def lint_conversions(path: Path) -> LintReport:
    """Every problem of ``conversions.csv`` (see :func:`checked_conversions`)."""
    return checked_conversions(path)[1]


def checked_conversions(path: Path) -> tuple[tuple[ConversionOverride, ...], LintReport]:
    """The rows of ``conversions.csv`` and every problem of it (columns, empty cells, locales,
    duplicates, formulas), from one reading of the file; usable only without errors.

    A row whose target equals its source is fine: it shields the phrase from OpenCC.
    """
    if not path.exists():
        raise GlossaryError("conversions file not found", path)
    try:
        overrides, table = _conversion_table(path)
    except GlossaryError as exc:
        return (), LintReport(((exc.line or 1, exc.message),), ())
    errors, warnings = _record_findings(table)
    seen: dict[tuple[str, str], ConversionOverride] = {}
    for override in overrides:
        if not override.source:
            continue  # switches a shipped row off
        key = (override.locale, override.source)
        other = seen.setdefault(key, override)
        if other is not override and other.target != override.target:
            errors.append(
                (
                    override.line,
                    f"{override.locale} {override.source} becomes {override.target} here but "
                    f"{other.target} on line {other.line}",
                )
            )
    return tuple(overrides), _report(errors, warnings)


def lint_corrections(path: Path) -> LintReport:
    """Problems of ``corrections.csv`` (see :func:`lint_corrections_table`)."""
    if not path.exists():
        raise GlossaryError("corrections file not found", path)
    try:
        table = read_table(path, CORRECTIONS_TABLE)
    except PipelineError as exc:
        return LintReport(((exc.line or 1, exc.message),), ())
    return lint_corrections_table(table)


def lint_corrections_table(table: Table) -> LintReport:
    """Problems of a read ``corrections.csv``: columns, cell counts, control characters,
    formulas.

    The same formula-injection rule as the glossary (a cell starting ``= + - @``),
    since a correction's text flows into the templates. Spaces are not flagged:
    a fix may need them.
    """
    errors = list(table.errors)
    for line, cells, raw in table.records:
        errors.extend(_formula_findings(line, raw))
        if not cells.get("article") or not raw.get("find"):
            errors.append((line, "empty 'article' or 'find' cell"))
    return _report(errors, table.warnings)


# --- terms -----------------------------------------------------------------------------------

#: Re-exported: callers import the matcher from here or from :mod:`pipeline.matching`.
__all__ = ["Match", "PhraseMatcher"]


class TermMatcher:
    """Glossary terms in Chinese source text: every source form of every entry, one automaton.

    ``extra_forms`` maps further spellings (say, OpenCC's t2s/s2t conversions of
    the forms) to their entries. When two entries share a form, the first wins
    (``glossary lint`` reports the conflict).
    """

    def __init__(
        self,
        entries: Iterable[GlossaryEntry],
        extra_forms: Mapping[str, GlossaryEntry] | None = None,
    ) -> None:
        self.entries = tuple(entries)
        phrases: dict[str, GlossaryEntry] = {}
        for entry in self.entries:
            for form in entry.source_forms():
                phrases.setdefault(form, entry)
        for form, entry in (extra_forms or {}).items():
            phrases.setdefault(form, entry)
        self._matcher: PhraseMatcher[GlossaryEntry] = PhraseMatcher(phrases)

    def __len__(self) -> int:
        return len(self._matcher)

    def find(self, text: str) -> list[Match[GlossaryEntry]]:
        """Term occurrences in ``text`` (longest at each position, non-overlapping)."""
        return self._matcher.find(text)

    def terms(self, text: str) -> list[tuple[str, GlossaryEntry]]:
        """Distinct entries found in ``text`` with the form first found, in order of appearance."""
        seen: dict[str, tuple[str, GlossaryEntry]] = {}
        for match in self._matcher.find(text):
            seen.setdefault(match.value.id, (text[match.start : match.end], match.value))
        return list(seen.values())


#: How an extracted-comment line naming a glossary term starts.
GLOSSARY_NOTE = "glossary: "
_ARROW = " → "


def glossary_comments(source: str, matcher: TermMatcher) -> tuple[str, ...]:
    """Extracted-comment lines for a unit: ``glossary: 昇騰 → Ascend``, one per distinct term."""
    terms = matcher.terms(source)
    return tuple(f"{GLOSSARY_NOTE}{form}{_ARROW}{entry.en}" for form, entry in terms)


def glossary_note_localiser(
    entries: Iterable[GlossaryEntry], locale: str
) -> Callable[[str], str] | None:
    """Rewrites a catalog's ``#.`` comment so its glossary hints name ``locale``'s form.

    Templates carry the English target (``glossary: 芯片 → chip``), which is what an
    English translator needs; a zh_TW reviewer needs the form zh_TW must use
    (``glossary: 芯片 → 晶片``; every accepted form, ``芯片|晶片``, when the cell lists
    several). None for an English locale or an empty glossary: nothing to rewrite.
    A hint whose term the glossary no longer holds is left as it is.

    >>> chip = GlossaryEntry("chip", "芯片", "芯片", "chip", zh_TW="晶片")
    >>> glossary_note_localiser([chip], "zh_TW")("glossary: 芯片 → chip")
    'glossary: 芯片 → 晶片'
    """
    if locale not in CHINESE_LOCALES:
        return None
    targets: dict[str, str] = {}
    for entry in entries:
        target = "|".join(entry.forms(locale))
        for form in entry.source_forms():
            targets.setdefault(form, target)
    if not targets:
        return None

    def localise(comment: str) -> str:
        if GLOSSARY_NOTE not in comment:
            return comment
        lines = comment.split("\n")
        for index, line in enumerate(lines):
            if not line.startswith(GLOSSARY_NOTE) or _ARROW not in line:
                continue
            form = line[len(GLOSSARY_NOTE) :].split(_ARROW, 1)[0]
            target = targets.get(form)
            if target:
                lines[index] = f"{GLOSSARY_NOTE}{form}{_ARROW}{target}"
        return "\n".join(lines)

    return localise


# --- English side ----------------------------------------------------------------------------

_APOSTROPHES = "'\u2019\u02bc"
_HYPHENS = "-\u2010\u2011"


@lru_cache(maxsize=65536)
def _english_pattern(phrase: str, case_sensitive: bool, plural: bool) -> re.Pattern[str]:
    """The phrase's body; word boundaries are checked by :func:`english_matches`.

    (Lookarounds with a Unicode letter class made each compile cost about a
    millisecond, which dominated ``check`` on large glossaries.)
    """
    parts: list[str] = []
    joint = rf"[{_HYPHENS}\s]+"  # advanced process = advanced-process (compounds)
    for char in phrase:
        if char.isspace():
            if not parts or parts[-1] != joint:
                parts.append(joint)
        elif char in _APOSTROPHES:
            parts.append(f"[{_APOSTROPHES}]")
        elif char in _HYPHENS:
            parts.append(f"[{_HYPHENS}\\s]")
        else:
            parts.append(re.escape(char))
    if plural and " " in phrase.strip() and phrase.endswith("s") and not phrase.endswith("ss"):
        parts[-1] = "s?"  # export controls -> export-control rules (a compound drops the -s)
    elif plural and len(phrase) > 2 and phrase[-1] in "yY" and phrase[-2].lower() not in "aeiou":
        parts[-1] = "(?:y|ies|Y|IES)"  # technology = technologies
    elif plural and phrase[-1].isalpha() and is_word_char(phrase[-1]):
        parts.append("(?:e?s)?")
    return re.compile("".join(parts), 0 if case_sensitive else re.IGNORECASE)


def english_matches(
    text: str, phrase: str, *, case_sensitive: bool = False, plural: bool = True
) -> Iterator[re.Match[str]]:
    """Whole-word occurrences of ``phrase`` in English ``text``, left to right.

    Spaces match any run of whitespace or hyphens (advanced process =
    advanced-process nodes), straight/curly apostrophes and hyphen variants are
    interchangeable (Moore's Law = Moore’s Law). With ``plural``, a phrase
    ending in a letter also matches with ``s``/``es`` (chip = chips), and one
    ending in consonant + y with ``ies`` (technology = technologies);
    possessives match anyway (Huawei's). Letters of Latin and
    other alphabetic scripts are word characters; CJK characters are not.
    """
    phrase = phrase.strip()
    if not phrase:
        return
    check_start = is_word_char(phrase[0])
    check_end = is_word_char(phrase[-1])
    for match in _english_pattern(phrase, case_sensitive, plural).finditer(text):
        start, end = match.span()
        if check_start and start > 0 and is_word_char(text[start - 1]):
            continue
        if check_end and end < len(text) and is_word_char(text[end]):
            continue
        yield match


def find_english(text: str, phrase: str, *, case_sensitive: bool = False) -> list[str]:
    """Whole-word occurrences of ``phrase`` in ``text``, as written there."""
    return [m.group(0) for m in english_matches(text, phrase, case_sensitive=case_sensitive)]


def contains_english(text: str, phrase: str, *, case_sensitive: bool = False) -> bool:
    """Whether ``phrase`` occurs in ``text`` as whole words.

    >>> contains_english("Huawei's Ascend 910B", "ascend")
    True
    >>> contains_english("an ascendant rival", "Ascend")
    False
    >>> contains_english("two H20 chips", "chip")
    True
    """
    return next(english_matches(text, phrase, case_sensitive=case_sensitive), None) is not None
