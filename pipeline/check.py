"""Check stage: translated catalogs against the glossary and the source text.

Each rule is a small function returning a :class:`~pipeline.models.Violation`
or ``None``; :func:`check_catalogs` runs them all over every unit and returns
every problem at once, so CI reports everything in one run. Violations are
data, never exceptions. This module reads nothing from disk (``project.check``
does) and never touches polib.

Rules (the ``rule`` field of a violation):

``required-term``
    The unit's source contains a glossary term (any script form or variant);
    the translation must contain the locale's form (``GlossaryEntry.form``):
    English as whole words (plural -s allowed), case-insensitive unless the
    row says ``case_sensitive=yes``; Chinese locales exactly. When the
    translation uses a recognisable wrong rendering instead (a forbidden
    English word, another locale's form, a source variant), ``found`` names it;
    otherwise ``found`` is the translation.
``forbidden-term``
    An English translation contains one of a row's ``forbidden_en`` renderings
    (whole words, same case rule), whatever the source says.
``number`` / ``do-not-translate``
    Numbers and Latin tokens of the source (2025, 80%, 14nm, 10,000, 910B, H20,
    RISC-V, 3D, CUDA) must appear in the translation. Chinese locales keep them
    exactly. English accepts these equivalents:

    ==========================  ===============================================
    source                      accepted in English
    ==========================  ===============================================
    ``80%``                     ``80%``, ``80 %``, ``80 percent``, ``80 per cent``,
                                ``80-percent``
    ``14nm`` (number + unit)    ``14nm``, ``14 nm``, ``14-nm``, and the unit's
                                name: ``14 nanometres``, ``14-nanometer``...
                                (units: nm, mm, cm, km, kg, GB, TB, MB, GHz,
                                MHz, W, kW)
    ``10,000``                  ``10,000`` or ``10000`` (thousands separators
                                are ignored on both sides)
    ``0`` … ``10``              the digits or the English word (``three``)
    ``chiplet`` (lower case)    also ``Chiplet`` (sentence start)
    ``GPU`` (ends in a letter)  also the plural ``GPUs``
    ==========================  ===============================================

    Chinese numerals (三個, 萬卡) are out of scope. Tokens inside a glossary
    term are left to ``required-term`` (360集團 → "360 Group"). Full-width
    forms count as their ASCII equivalents (８０％ = 80%).
``placeholder``
    ``{link1}``-style tokens of the source must appear in the translation, and
    the translation must not invent ones the source lacks.
``consistency``
    The same source sentence translated differently within one locale (across
    articles or within one); every place is reported, naming the others.
``incomplete``
    Untranslated or fuzzy units: warnings, errors under ``--strict``.
    Untranslated units are not checked by the other rules; fuzzy ones are
    (their text is what a reviewer will confirm), except for consistency.

A glossary row with ``severity=warning`` makes its violations warnings;
only errors fail the run.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .glossary import PhraseMatcher, TermMatcher, contains_english, english_matches
from .models import CatalogUnit, GlossaryEntry, Violation

#: Rule names in report order.
RULES = (
    "required-term",
    "forbidden-term",
    "do-not-translate",
    "number",
    "placeholder",
    "consistency",
    "incomplete",
)

_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
#: A Latin/number token: letters and digits joined by - or +, digits by . or , (3.5, 10,000).
_TOKEN = re.compile(
    r"(?<![0-9A-Za-z])[0-9A-Za-z]+(?:(?:[-+]|(?<=\d)[.,](?=\d))[0-9A-Za-z]+)*%?(?![0-9A-Za-z])"
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_NUMBER_UNIT = re.compile(r"(\d+(?:\.\d+)?)([A-Za-z]+)")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")

#: Unit symbols after a number, and the English names a translation may spell out instead.
UNITS: dict[str, tuple[str, ...]] = {
    "nm": ("nanometre", "nanometer"),
    "mm": ("millimetre", "millimeter"),
    "cm": ("centimetre", "centimeter"),
    "km": ("kilometre", "kilometer"),
    "kg": ("kilogram", "kilogramme"),
    "GB": ("gigabyte",),
    "TB": ("terabyte",),
    "MB": ("megabyte",),
    "GHz": ("gigahertz",),
    "MHz": ("megahertz",),
    "W": ("watt",),
    "kW": ("kilowatt",),
}
NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
)


def is_english(locale: str) -> bool:
    return locale == "en" or locale.startswith("en_")


def _normalise(text: str) -> str:
    """NFKC (full-width digits and ％ become ASCII) with thousands separators removed."""
    return _THOUSANDS.sub("", unicodedata.normalize("NFKC", text))


# --- what the rules look at ------------------------------------------------------------------


@dataclass(frozen=True)
class Catalog:
    """One PO file to check: its display path, its locale (from the folder name), its units."""

    path: str
    locale: str
    units: tuple[CatalogUnit, ...]


@dataclass(frozen=True)
class Target:
    """One unit of one catalog, as a rule sees it."""

    path: str
    locale: str
    unit: CatalogUnit

    @property
    def translation(self) -> str:
        return self.unit.msgstr

    def violation(
        self,
        rule: str,
        message: str,
        *,
        term: str = "",
        expected: str = "",
        found: str = "",
        severity: str = "error",
        extra: dict[str, str] | None = None,
    ) -> Violation:
        return Violation(
            path=self.path,
            line=self.unit.line,
            unit_id=self.unit.msgctxt,
            rule=rule,
            message=message,
            locale=self.locale,
            term=term,
            expected=expected,
            found=found,
            severity=severity,
            extra=extra or {},
        )


# --- the rules -------------------------------------------------------------------------------


def required_term(entry: GlossaryEntry, form: str, target: Target) -> Violation | None:
    """The source has glossary term ``form``: the translation must use the locale's form."""
    expected = entry.form(target.locale)
    translation = target.translation
    if is_english(target.locale):
        if contains_english(translation, expected, case_sensitive=entry.case_sensitive):
            return None
    elif expected in translation:
        return None
    instead = _wrong_form(entry, target)
    message = f"{form} must be translated as {expected!r}, which the translation lacks"
    return target.violation(
        "required-term",
        message + (f"; it has {instead!r} instead" if instead else ""),
        term=form,
        expected=expected,
        found=instead or translation,
        severity=entry.severity,
    )


def _wrong_form(entry: GlossaryEntry, target: Target) -> str:
    """A rendering of ``entry`` the translation uses instead of the right one, if any.

    English: a forbidden rendering. Chinese: another script's or region's form
    (英偉達 where zh_TW wants 輝達), or a source variant (黃仁勛 for 黃仁勳).
    """
    translation = target.translation
    if is_english(target.locale):
        for word in entry.forbidden_en:
            match = next(
                english_matches(translation, word, case_sensitive=entry.case_sensitive), None
            )
            if match:
                return match.group(0)
        return ""
    others = (*entry.source_forms(), *(entry.form(loc) for loc in ("zh_Hans", "zh_TW", "zh_HK")))
    return next((f for f in sorted(set(others), key=len, reverse=True) if f in translation), "")


def forbidden_term(entry: GlossaryEntry, target: Target) -> Violation | None:
    """An English translation uses a rendering the glossary forbids for ``entry``."""
    if not is_english(target.locale) or not entry.forbidden_en:
        return None
    translation = target.translation
    allowed = [
        m.span()
        for m in english_matches(translation, entry.en, case_sensitive=entry.case_sensitive)
    ]
    found: list[str] = []
    for word in entry.forbidden_en:
        for match in english_matches(translation, word, case_sensitive=entry.case_sensitive):
            inside = any(a <= match.start() and match.end() <= b for a, b in allowed)
            if not inside and match.group(0) not in found:
                found.append(match.group(0))
    if not found:
        return None
    return target.violation(
        "forbidden-term",
        f"forbidden rendering {', '.join(repr(f) for f in found)} of {entry.zh_Hant}; "
        f"use {entry.en!r}",
        term=entry.zh_Hant,
        expected=entry.en,
        found=", ".join(found),
        severity=entry.severity,
    )


def token_alternatives(token: str, locale: str) -> tuple[str, ...]:
    """Spellings of a source token that a translation into ``locale`` may use (see module doc).

    >>> token_alternatives("80%", "en")
    ('80%', '80 %', '80 percent', '80 per cent', '80-percent')
    >>> token_alternatives("80%", "zh_TW")
    ('80%',)
    """
    token = _normalise(token)
    if not is_english(locale):
        return (token,)
    options = [token]
    percent = _PERCENT.fullmatch(token)
    number_unit = _NUMBER_UNIT.fullmatch(token)
    if percent:
        n = percent.group(1)
        options += [f"{n} %", f"{n} percent", f"{n} per cent", f"{n}-percent"]
    elif number_unit and number_unit.group(2) in UNITS:
        n, unit = number_unit.groups()
        options += [f"{n} {unit}", f"{n}-{unit}"]
        for name in UNITS[unit]:
            options += [f"{n} {name}", f"{n} {name}s", f"{n}-{name}"]
    elif token.isdigit() and int(token) < len(NUMBER_WORDS):
        options.append(NUMBER_WORDS[int(token)])
    else:
        if token.isalpha() and token.islower():
            options.append(token.capitalize())
        if token[-1].isalpha():
            options += [option + "s" for option in list(options)]
    return tuple(options)


@lru_cache(maxsize=65536)
def _token_pattern(options: tuple[str, ...], ignore_case: bool) -> re.Pattern[str]:
    body = "|".join(re.escape(o) for o in sorted(options, key=len, reverse=True))
    return re.compile(
        rf"(?<![0-9A-Za-z])(?:{body})(?![0-9A-Za-z])", re.IGNORECASE if ignore_case else 0
    )


def kept_token(token: str, target: Target) -> Violation | None:
    """A number or Latin token of the source must survive translation (see module doc)."""
    options = token_alternatives(token, target.locale)
    translation = _normalise(target.translation)
    if _token_pattern(options[:1], ignore_case=False).search(translation):
        return None
    # Spellings derived from a number (80 percent, Three) may take any case; those derived
    # from a Latin token (GPUs, Chiplet) keep their case, as the token itself does.
    numeric = not token[:1].isalpha()
    if len(options) > 1 and _token_pattern(options[1:], ignore_case=numeric).search(translation):
        return None
    rule = "number" if token[:1].isdigit() else "do-not-translate"
    what = "number" if rule == "number" else "token"
    accepted = f" (accepted: {', '.join(options)})" if len(options) > 1 else ""
    return target.violation(
        rule,
        f"{what} {token} from the source is missing from the translation{accepted}",
        term=token,
        expected=" | ".join(options),
        found=target.translation,
    )


def placeholder_kept(placeholder: str, target: Target) -> Violation | None:
    """A ``{link1}`` placeholder of the source must appear in the translation."""
    if placeholder in target.translation:
        return None
    return target.violation(
        "placeholder",
        f"placeholder {placeholder} is missing from the translation (the link would be lost)",
        term=placeholder,
        expected=placeholder,
        found=target.translation,
    )


def placeholder_known(placeholder: str, target: Target) -> Violation | None:
    """A placeholder in the translation must exist in the source."""
    if placeholder in target.unit.msgid:
        return None
    return target.violation(
        "placeholder",
        f"placeholder {placeholder} is not in the source",
        term=placeholder,
        expected="",
        found=placeholder,
    )


def incomplete(target: Target, *, strict: bool = False) -> Violation | None:
    """Untranslated or fuzzy: a warning, an error under ``--strict``."""
    unit = target.unit
    if unit.msgstr and not unit.fuzzy:
        return None
    state = "fuzzy" if unit.msgstr else "untranslated"
    return target.violation(
        "incomplete",
        f"{state} unit",
        expected="translated",
        found=state,
        severity="error" if strict else "warning",
    )


def inconsistent(targets: Sequence[Target]) -> list[Violation]:
    """Same source, different translations in one locale: one violation per place."""
    distinct = list(dict.fromkeys(t.translation.strip() for t in targets))
    if len(distinct) < 2:
        return []
    violations = []
    for target in targets:
        others = [
            f"{o.path}:{o.unit.line} ({o.unit.msgctxt}) {o.translation.strip()!r}"
            for o in targets
            if o.translation.strip() != target.translation.strip()
        ]
        violations.append(
            target.violation(
                "consistency",
                f"same source translated differently elsewhere: {'; '.join(others)}",
                term=target.unit.msgid,
                expected=distinct[0],
                found=target.translation.strip(),
                extra={"elsewhere": "; ".join(others)},
            )
        )
    return violations


# --- running them ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    """Every violation of a run, and what was looked at."""

    violations: tuple[Violation, ...]
    catalogs: tuple[str, ...] = ()
    units: int = 0
    strict: bool = False
    locales: tuple[str, ...] = field(default_factory=tuple)

    @property
    def errors(self) -> int:
        return sum(1 for v in self.violations if v.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for v in self.violations if v.severity != "error")

    @property
    def exit_code(self) -> int:
        """0 clean (warnings allowed), 1 when any violation is an error."""
        return 1 if self.errors else 0


class Checker:
    """The glossary compiled once (automata and patterns), applied to many units."""

    def __init__(self, entries: Iterable[GlossaryEntry], *, strict: bool = False) -> None:
        self.entries = tuple(entries)
        self.strict = strict
        self.terms = TermMatcher(self.entries)
        forbidden_ci: dict[str, list[GlossaryEntry]] = defaultdict(list)
        forbidden_cs: dict[str, list[GlossaryEntry]] = defaultdict(list)
        for entry in self.entries:
            table = forbidden_cs if entry.case_sensitive else forbidden_ci
            for word in entry.forbidden_en:
                table[word].append(entry)
        # Candidate finders only: forbidden_term() decides with the exact patterns.
        self._forbidden = (
            PhraseMatcher(forbidden_ci, ignore_case=True),
            PhraseMatcher(forbidden_cs),
        )

    def check_unit(self, target: Target) -> list[Violation]:
        """Every rule but consistency, for one unit."""
        unit = target.unit
        gap = incomplete(target, strict=self.strict)
        if not unit.msgstr:
            return [gap] if gap else []
        found: list[Violation | None] = [gap]
        matches = self.terms.find(unit.msgid)
        seen: set[str] = set()
        for match in matches:
            if match.value.id not in seen:
                seen.add(match.value.id)
                form = unit.msgid[match.start : match.end]
                found.append(required_term(match.value, form, target))
        if is_english(target.locale):
            found.extend(forbidden_term(e, target) for e in self._forbidden_candidates(target))
        # Tokens inside a glossary term or a placeholder are those rules' business: blank them
        # out (keeping offsets) before looking for numbers and Latin tokens.
        blanked = list(unit.msgid)
        spans = [(m.start, m.end) for m in matches]
        spans += [m.span() for m in _PLACEHOLDER.finditer(unit.msgid)]
        for start, end in spans:
            blanked[start:end] = " " * (end - start)
        source = unicodedata.normalize("NFKC", "".join(blanked))
        tokens = dict.fromkeys(m.group(0) for m in _TOKEN.finditer(source))
        found.extend(kept_token(token, target) for token in tokens)
        placeholders = dict.fromkeys(_PLACEHOLDER.findall(unit.msgid))
        found.extend(placeholder_kept(p, target) for p in placeholders)
        extra = dict.fromkeys(_PLACEHOLDER.findall(unit.msgstr))
        found.extend(placeholder_known(p, target) for p in extra)
        return [v for v in found if v is not None]

    def _forbidden_candidates(self, target: Target) -> list[GlossaryEntry]:
        text = re.sub(r"\s+", " ", target.translation.replace("\u2019", "'"))
        candidates: dict[str, GlossaryEntry] = {}
        for matcher in self._forbidden:
            for match in matcher.find(text):
                for entry in match.value:
                    candidates.setdefault(entry.id, entry)
        return list(candidates.values())

    def check(self, catalogs: Sequence[Catalog]) -> CheckResult:
        """All rules over all catalogs; violations sorted by file, line, rule."""
        violations: list[Violation] = []
        by_source: dict[tuple[str, str], list[Target]] = defaultdict(list)
        count = 0
        for catalog in catalogs:
            for unit in catalog.units:
                if unit.obsolete or not (unit.msgid or unit.msgctxt):
                    continue
                count += 1
                target = Target(catalog.path, catalog.locale, unit)
                violations.extend(self.check_unit(target))
                if unit.msgstr and not unit.fuzzy:
                    by_source[(catalog.locale, unit.msgid)].append(target)
        for targets in by_source.values():
            violations.extend(inconsistent(targets))
        order = {rule: i for i, rule in enumerate(RULES)}
        violations.sort(key=lambda v: (v.path, v.line, order.get(v.rule, 99), v.term))
        return CheckResult(
            violations=tuple(violations),
            catalogs=tuple(c.path for c in catalogs),
            units=count,
            strict=self.strict,
            locales=tuple(dict.fromkeys(c.locale for c in catalogs)),
        )


def check_catalogs(
    catalogs: Sequence[Catalog], entries: Iterable[GlossaryEntry], *, strict: bool = False
) -> CheckResult:
    """Check ``catalogs`` against ``entries`` (pure: no disk, no printing)."""
    return Checker(entries, strict=strict).check(catalogs)
