"""Check stage: translated catalogs against the glossary and the source text.

Each rule is a small function returning a :class:`~pipeline.models.Violation`
or ``None``, registered by name with its default severity in :data:`REGISTRY`
(a unit rule is one function decorated with :func:`unit_rule`);
:func:`check_catalogs` runs them all over every unit and returns every problem
at once, so CI reports everything in one run. Violations are data, never
exceptions. This module reads nothing from disk (``commands.check`` does) and
never touches polib. Figures are read by :mod:`pipeline.numbers`. It runs to
about 900 lines because the reference below documents every rule where it is
defined; each rule itself is a few lines.

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
    exactly. In English, figures are compared *by value* as Chinese writes
    them (12.5億元 = 1.25 billion yuan, 3個百分點 = 3 percentage points, 三倍 =
    threefold, 5月3日 = May 3, Chinese numerals before a classifier): see
    :mod:`pipeline.numbers` and its table ``data/number_equivalences.csv``.
    Latin tokens keep these equivalents:

    ==========================  ===============================================
    source                      accepted in English
    ==========================  ===============================================
    ``14nm`` (number + unit)    ``14nm``, ``14 nm``, ``14-nm``, and the unit's
                                name: ``14 nanometres``, ``14-nanometer``...
                                (units: nm, mm, cm, km, kg, GB, TB, MB, GHz,
                                MHz, W, kW)
    ``chiplet`` (lower case)    also ``Chiplet`` (sentence start)
    ``GPU`` (ends in a letter)  also the plural ``GPUs``
    ``Nvidia`` (a glossary en   also the glossary's house form ``NVIDIA``
    in another case)
    ==========================  ===============================================

    Tokens inside a glossary term are left to ``required-term`` (360集團 →
    "360 Group"). Full-width forms count as their ASCII equivalents (８０％ = 80%).
``placeholder``
    ``{link1}``-style tokens of the source must appear in the translation, and
    the translation must not invent ones the source lacks.
``link-syntax``
    A placeholder that is a Markdown link target in the source (``[官網]({link1})``)
    keeps its link syntax in the translation (``[the site]({link1})``).
``han-characters`` / ``copied-source``
    Han characters left in an English translation; an English translation
    identical to its Chinese source.
``consistency``
    The same source sentence translated differently within one locale; every
    place is reported, naming the others. Across articles an error; within one
    article (a sentence that occurs twice has two entries) a warning.
``incomplete``
    Untranslated or fuzzy units: warnings, errors under ``--strict``. They are
    not checked by any other rule: the build never uses them.
``stale-suppression``
    A ``zhl10n-ignore: <rule> [<term>] [-- reason]`` translator comment that
    silences nothing. Suppressed violations go to ``CheckResult.suppressed``.

A glossary row with ``severity=warning`` makes its violations warnings;
only errors fail the run.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import PurePath

from . import numbers
from .glossary import PhraseMatcher, TermMatcher, contains_english, english_matches
from .models import CatalogUnit, GlossaryEntry, Violation
from .normalize import added_markup, reveal
from .text import HAN_RUN

#: Rule names in report order.


@dataclass(frozen=True)
class Rule:
    """A check rule by name: its default severity, what it says, and how it runs.

    ``run`` is the unit rule (called once per translated unit with the unit's
    :class:`UnitContext`); rules the checker runs itself (``incomplete`` and
    ``copied-source`` stop the other rules for a unit, ``consistency`` looks
    across units, ``stale-suppression`` at the suppressions) have none.
    """

    name: str
    severity: str
    summary: str
    run: Callable[[UnitContext], Iterable[Violation | None]] | None = None


#: Every rule by name, in report order. Adding a unit rule is one decorated function
#: (:func:`unit_rule`); the report, the JSON summary and suppressions follow the registry.
REGISTRY: dict[str, Rule] = {}


def register(name: str, summary: str, *, severity: str = "error") -> None:
    """Register a rule the checker runs itself (no per-unit function)."""
    REGISTRY[name] = Rule(name, severity, summary)


def unit_rule(
    name: str, *, severity: str = "error"
) -> Callable[
    [Callable[[UnitContext], Iterable[Violation | None]]],
    Callable[[UnitContext], Iterable[Violation | None]],
]:
    """Register a function as the unit rule ``name``; its docstring's first line is the summary."""

    def decorate(
        function: Callable[[UnitContext], Iterable[Violation | None]],
    ) -> Callable[[UnitContext], Iterable[Violation | None]]:
        summary = (function.__doc__ or name).strip().splitlines()[0]
        REGISTRY[name] = Rule(name, severity, summary, function)
        return function

    return decorate


#: A translator comment line that silences one rule (optionally for one term) on its entry.
SUPPRESSION = re.compile(r"^\s*zhl10n-ignore:\s*(?P<rule>[A-Za-z-]+)(?P<rest>.*)$")
_HAN = HAN_RUN  # every Han character text.py knows, Extension B and beyond included
_NUMERIC_TOKEN = re.compile(r"[0-9][0-9.,]*%?")

_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
#: A page stating its currency for what follows: （單位：新台幣，下同）, 以下同, 下同.
_SAME_BELOW = re.compile(r"下同|以下同|以下皆同|以下均")
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


#: An acronym in brackets right after the Chinese name it abbreviates: 外人直接投資(FDI).
_GLOSS_BEFORE = re.compile(r"[\u3400-\u9fff][(（]\s*$")
_GLOSS_AFTER = re.compile(r"\s*[)）,，、]")


def _glossed(source: str, start: int, end: int) -> bool:
    """An upper-case acronym glossing the Chinese before it: the translation may spell it out."""
    token = source[start:end]
    if not (token.isupper() and token.isalpha() and 2 <= len(token) <= 6):
        return False
    return bool(_GLOSS_BEFORE.search(source, 0, start) and _GLOSS_AFTER.match(source, end))


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
    #: The page's stated currency for 元 alone (``（單位：新台幣，下同）`` in an earlier unit).
    currency: str = ""

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
        severity: str = "",
        extra: dict[str, str] | None = None,
    ) -> Violation:
        return Violation(
            path=self.path,
            line=self.unit.msgstr_line or self.unit.line,
            unit_id=self.unit.msgctxt,
            rule=rule,
            message=message,
            locale=self.locale,
            term=term,
            expected=expected,
            found=found,
            severity=severity or (REGISTRY[rule].severity if rule in REGISTRY else "error"),
            extra=extra or {},
        )


# --- the rules -------------------------------------------------------------------------------


def required_term(entry: GlossaryEntry, form: str, target: Target) -> Violation | None:
    """The source has glossary term ``form``: the translation must use the locale's form."""
    expected = entry.form(target.locale)
    translation = target.translation
    if is_english(target.locale):
        if any(
            contains_english(translation, english, case_sensitive=entry.case_sensitive)
            for english in entry.forms(target.locale)
        ):
            return None  # the house form or one of the glossary's listed alternatives
    elif any(form in translation for form in entry.forms(target.locale)):
        return None  # any of the locale's alternatives (芯片|晶片) will do
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
    accepted = set(entry.forms(target.locale))
    others = (*entry.source_forms(), *(entry.form(loc) for loc in ("zh_Hans", "zh_TW", "zh_HK")))
    wrong = set(others) - accepted
    return next((f for f in sorted(wrong, key=len, reverse=True) if f in translation), "")


def forbidden_forms(entry: GlossaryEntry) -> tuple[str, ...]:
    """A row's forbidden renderings as matched: a case-sensitive row's also in capitals
    (HANWUJI is Hanwuji shouted, while a 100 need not be A 100)."""
    if not entry.case_sensitive:
        return entry.forbidden_en
    return tuple(dict.fromkeys((*entry.forbidden_en, *(w.upper() for w in entry.forbidden_en))))


def forbidden_term(
    entry: GlossaryEntry, target: Target, accounted: Sequence[GlossaryEntry] = ()
) -> Violation | None:
    """An English translation uses a rendering the glossary forbids for ``entry``.

    A forbidden word inside the right rendering (``entry.en``) or inside the
    English form of another glossary term of the same source (``accounted``:
    晶圓 → wafer where 芯片 forbids "wafer") is not reported.
    """
    if not is_english(target.locale) or not entry.forbidden_en:
        return None
    translation = target.translation
    allowed = [
        m.span()
        for other in (entry, *accounted)
        for english in other.forms("en")
        for m in english_matches(translation, english, case_sensitive=other.case_sensitive)
    ]
    found: list[str] = []
    for word in forbidden_forms(entry):
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


@lru_cache(maxsize=65536)
def _loose_token(token: str) -> re.Pattern[str]:
    """A token compared by its pieces, not its bytes: ``48TOPS`` = ``48 TOPS``, ``Copilot+PC``
    = ``Copilot+ PCs``, ``Wi-Fi`` = ``Wi Fi``; a capitalised common word (``Token``) in any
    case and number (``tokens``)."""
    pieces = re.findall(r"[A-Za-z]+|[0-9]+(?:[.,][0-9]+)*|[+]|.", token)
    body = ""
    for before, piece in zip(["", *pieces], pieces, strict=False):
        if piece == "+":
            body += r"\s?\+\s?"
        elif piece in "-_./":
            body += r"[\s\-‐‑]?"
        else:
            if before and before[-1:].isalnum():
                body += r"[\s\-‐‑]?"  # 48TOPS = 48 TOPS = 48-TOPS
            body += re.escape(piece)
    if pieces and pieces[-1][-1:].isalpha():
        body += "(?:s|es)?"
    common = token.isalpha() and token[:1].isupper() and token[1:].islower() and len(token) > 2
    return re.compile(rf"(?<![0-9A-Za-z])(?:{body})(?![0-9A-Za-z])", re.IGNORECASE if common else 0)


def kept_token(token: str, target: Target, house: str = "") -> Violation | None:
    """A number or Latin token of the source must survive translation (see module doc).

    ``house`` is the glossary's English form when the token spells a glossary
    term in another case (source ``Nvidia``, glossary ``NVIDIA``): it counts too.
    """
    options = token_alternatives(token, target.locale)
    if house and house not in options:
        options = (*options, house)
    translation = _normalise(target.translation)
    if _token_pattern(options[:1], ignore_case=False).search(translation):
        return None
    # Spellings derived from a number (80 percent, Three) may take any case; those derived
    # from a Latin token (GPUs, Chiplet) keep their case, as the token itself does.
    numeric = not token[:1].isalpha()
    if len(options) > 1 and _token_pattern(options[1:], ignore_case=numeric).search(translation):
        return None
    if is_english(target.locale) and _loose_token(token).search(translation):
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


def link_syntax(placeholder: str, target: Target) -> Violation | None:
    """A placeholder that is a Markdown link target in the source stays one: ``[text]({link1})``."""
    source_link = re.compile(r"\]\(" + re.escape(placeholder) + r"\)")
    if not source_link.search(target.unit.msgid) or placeholder not in target.translation:
        return None
    link = re.compile(r"\[[^\[\]]+\]\(" + re.escape(placeholder) + r"\)")
    if link.search(target.translation):
        return None
    at = target.translation.find(placeholder)
    around = target.translation[max(0, at - 20) : at + len(placeholder) + 5]
    return target.violation(
        "link-syntax",
        f"the Markdown link around {placeholder} is broken: the source has "
        f"[text]({placeholder}), the translation {around!r}",
        term=placeholder,
        expected=f"[…]({placeholder})",
        found=around,
    )


def han_characters(target: Target) -> Violation | None:
    """Han characters left in an English translation (an untranslated word or phrase)."""
    if not is_english(target.locale):
        return None
    runs = list(dict.fromkeys(_HAN.findall(target.translation)))
    if not runs:
        return None
    return target.violation(
        "han-characters",
        f"Chinese left in the English translation: {', '.join(runs)}",
        term=runs[0],
        expected="English",
        found=", ".join(runs),
    )


def copied_source(target: Target) -> Violation | None:
    """A translation identical to its Chinese source (pasted, not translated)."""
    unit = target.unit
    if unit.msgstr.strip() != unit.msgid.strip() or not _HAN.search(unit.msgid):
        return None
    if not is_english(target.locale):
        return None
    return target.violation(
        "copied-source",
        "the translation is a copy of the source",
        term=unit.msgid,
        expected="a translation",
        found=unit.msgstr,
    )


def number_problems(source: str, target: Target) -> list[Violation]:
    """Figures of the source compared by value with an English translation (``numbers``)."""
    return [
        target.violation(
            "number",
            problem.message,
            term=problem.term,
            expected=problem.expected,
            found=problem.found or target.translation,
        )
        for problem in numbers.compare(source, target.translation, local=target.currency)
    ]


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
        extra={"source": unit.msgid},
    )


def inconsistent(targets: Sequence[Target]) -> list[Violation]:
    """Same source, different translations in one locale: one violation per place.

    Across articles it is an error; when every other translation is in the same
    article it is a warning, since a sentence that occurs twice gets two entries
    precisely because two places may need two translations.
    """
    distinct = list(dict.fromkeys(t.translation.strip() for t in targets))
    if len(distinct) < 2:
        return []
    violations = []
    for target in targets:
        differing = [o for o in targets if o.translation.strip() != target.translation.strip()]
        others = [
            f"{o.path}:{o.unit.msgstr_line or o.unit.line} ({o.unit.msgctxt}) "
            f"{o.translation.strip()!r}"
            for o in differing
        ]
        same_article = all(o.path == target.path for o in differing)
        where = "in this article" if same_article else "elsewhere"
        violations.append(
            target.violation(
                "consistency",
                f"same source translated differently {where}: {'; '.join(others)}",
                term=target.unit.msgid,
                expected=distinct[0],
                found=target.translation.strip(),
                severity="warning" if same_article else "error",
                extra={"elsewhere": "; ".join(others)},
            )
        )
    return violations


@dataclass(frozen=True)
class Suppression:
    """``zhl10n-ignore: <rule> [<term or number>] [-- reason]`` in a translator comment."""

    rule: str
    term: str = ""
    reason: str = ""

    def covers(self, violation: Violation) -> bool:
        if violation.rule != self.rule:
            return False
        if not self.term:
            return True
        return self.term in (violation.term, violation.found, violation.expected)


def suppressions(translator_comment: str) -> tuple[Suppression, ...]:
    """The suppressions of an entry, from its translator comment lines.

    >>> suppressions("zhl10n-ignore: number 12.5億 -- rounded on purpose")
    (Suppression(rule='number', term='12.5億', reason='rounded on purpose'),)
    """
    found = []
    for line in translator_comment.splitlines():
        match = SUPPRESSION.match(line)
        if match:
            rest, _, reason = match.group("rest").partition(" -- ")
            found.append(Suppression(match.group("rule"), rest.strip(), reason.strip()))
    return tuple(found)


def revealed(target: Target, english: bool) -> Target:
    """The target as the rules see it: source and translation without disguises
    (normalize.reveal), so both sides of a comparison are read alike."""
    unit = target.unit
    text = reveal(unit.msgstr, unit.msgid, latin=english).text
    source = reveal(unit.msgid).text
    if text == unit.msgstr and source == unit.msgid:
        return target
    return replace(target, unit=replace(unit, msgid=source, msgstr=text))


def disguised(target: Target, english: bool) -> Violation | None:
    """The translation hides text from the gate: invisible or look-alike characters, entities,
    comments or markup splitting a word, that its source does not have."""
    shown = reveal(target.unit.msgstr, target.unit.msgid, latin=english)
    if not shown.disguises:
        return None
    return target.violation(
        "disguised-text",
        f"the translation hides text from the check: {'; '.join(shown.disguises)}; "
        "write it plainly",
        found=shown.disguises[0],
    )


def markup_added(target: Target) -> Violation | None:
    """The translation adds raw HTML (a tag, a script URL) its source does not have: a
    Markdown build would publish it as markup."""
    tag = added_markup(target.unit.msgid, target.unit.msgstr)
    if not tag:
        return None
    return target.violation(
        "added-markup", f"the translation adds markup the source does not have: {tag}", found=tag
    )


# --- the registry, in report order ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitContext:
    """What the unit rules share, worked out once per unit.

    ``source`` is the unit's source with glossary terms and placeholders blanked
    out (offsets kept), so numbers and Latin tokens inside them are left to
    ``required-term`` and ``placeholder``.
    """

    checker: Checker
    target: Target
    english: bool
    #: The unit as written, before :func:`revealed` took its disguises off.
    raw: Target
    entries: tuple[GlossaryEntry, ...]
    forms: tuple[str, ...]
    source: str


@unit_rule("required-term")
def _required_terms(ctx: UnitContext) -> Iterable[Violation | None]:
    """A glossary term of the source must be rendered in the locale's form."""
    return (required_term(e, f, ctx.target) for e, f in zip(ctx.entries, ctx.forms, strict=True))


@unit_rule("forbidden-term")
def _forbidden_terms(ctx: UnitContext) -> Iterable[Violation | None]:
    """An English translation must not use a rendering the glossary forbids."""
    if not ctx.english:
        return ()
    return (
        forbidden_term(e, ctx.target, [a for a in ctx.entries if a.id != e.id])
        for e in ctx.checker.forbidden_candidates(ctx.target)
    )


@unit_rule("do-not-translate")
def _kept_tokens(ctx: UnitContext) -> Iterable[Violation | None]:
    """Latin tokens of the source (H20, CUDA, 48TOPS) must survive translation."""
    tokens = dict.fromkeys(
        m.group(0)
        for m in _TOKEN.finditer(ctx.source)
        if not _glossed(ctx.source, m.start(), m.end())
    )
    if ctx.english:
        tokens = {t: None for t in tokens if not _NUMERIC_TOKEN.fullmatch(t)}
    house = ctx.checker.house
    return (
        kept_token(t, ctx.target, house.get(t.casefold(), "") if ctx.english else "")
        for t in tokens
    )


@unit_rule("number")
def _numbers(ctx: UnitContext) -> Iterable[Violation | None]:
    """Figures of the source are compared by value with an English translation."""
    return number_problems(ctx.source, ctx.target) if ctx.english else ()


@unit_rule("placeholder")
def _placeholders(ctx: UnitContext) -> Iterable[Violation | None]:
    """Placeholders of the source are kept, and none is invented."""
    unit = ctx.target.unit
    if "{" not in unit.msgid and "{" not in unit.msgstr:
        return ()
    kept = (
        placeholder_kept(p, ctx.target) for p in dict.fromkeys(_PLACEHOLDER.findall(unit.msgid))
    )
    known = (
        placeholder_known(p, ctx.target) for p in dict.fromkeys(_PLACEHOLDER.findall(unit.msgstr))
    )
    return [*kept, *known]


@unit_rule("link-syntax")
def _links(ctx: UnitContext) -> Iterable[Violation | None]:
    """A placeholder that is a Markdown link target in the source stays one."""
    if "](" not in ctx.target.unit.msgid:
        return ()
    placeholders = dict.fromkeys(_PLACEHOLDER.findall(ctx.target.unit.msgid))
    return (link_syntax(p, ctx.target) for p in placeholders)


@unit_rule("han-characters")
def _han(ctx: UnitContext) -> Iterable[Violation | None]:
    """Han characters (any text.py knows) left in an English translation."""
    return (han_characters(ctx.target),) if ctx.english else ()


@unit_rule("disguised-text")
def _disguised(ctx: UnitContext) -> Iterable[Violation | None]:
    """The translation hides text from the check (invisible or look-alike characters...)."""
    return (disguised(ctx.raw, ctx.english),)


@unit_rule("added-markup")
def _markup(ctx: UnitContext) -> Iterable[Violation | None]:
    """The translation adds raw HTML its source does not have."""
    return (markup_added(ctx.raw),)


register("copied-source", "An English translation identical to its Chinese source.")
register("consistency", "The same source translated differently within one locale.")
register("incomplete", "Untranslated or fuzzy units.", severity="warning")
register("stale-suppression", "A zhl10n-ignore comment that silences nothing.", severity="warning")

#: Rule names in report order.
RULES = tuple(REGISTRY)


# --- running them ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    """Every violation of a run, and what was looked at.

    ``suppressed`` holds the violations a reviewer silenced with a
    ``zhl10n-ignore`` comment: counted, not reported.
    """

    violations: tuple[Violation, ...]
    catalogs: tuple[str, ...] = ()
    units: int = 0
    strict: bool = False
    locales: tuple[str, ...] = field(default_factory=tuple)
    suppressed: tuple[Violation, ...] = ()

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

    def failed_locales(self) -> tuple[str, ...]:
        """Locales with at least one error, in the order checked."""
        failed = {v.locale for v in self.violations if v.severity == "error"}
        return tuple(locale for locale in self.locales if locale in failed)

    def failed_catalogs(self) -> dict[tuple[str, str], int]:
        """Errors per ``(article slug, locale)``: the editions a run holds back (one
        article's mistakes never hold back another's edition)."""
        failed: dict[tuple[str, str], int] = {}
        for violation in self.violations:
            if violation.severity == "error" and violation.path.endswith(".po"):
                key = (PurePath(violation.path).stem, violation.locale)
                failed[key] = failed.get(key, 0) + 1
        return failed


class Checker:
    """The glossary compiled once (automata and patterns), applied to many units."""

    def __init__(
        self,
        entries: Iterable[GlossaryEntry],
        *,
        strict: bool = False,
        disabled: Iterable[str] = (),
    ) -> None:
        self.entries = tuple(entries)
        self.strict = strict
        #: Rules switched off by name (``zhl10n check`` runs them all).
        self.disabled = frozenset(disabled)
        unknown = self.disabled - set(REGISTRY)
        if unknown:
            raise ValueError(f"unknown check rule(s): {', '.join(sorted(unknown))}")
        self.unit_rules = tuple(
            r.run for r in REGISTRY.values() if r.run is not None and r.name not in self.disabled
        )
        self.terms = TermMatcher(self.entries)
        #: English house forms by their case-folded spelling (source Nvidia -> NVIDIA).
        self.house = {e.en.casefold(): e.en for e in self.entries}
        forbidden_ci: dict[str, list[GlossaryEntry]] = defaultdict(list)
        forbidden_cs: dict[str, list[GlossaryEntry]] = defaultdict(list)
        for entry in self.entries:
            table = forbidden_cs if entry.case_sensitive else forbidden_ci
            for word in forbidden_forms(entry):
                table[word].append(entry)
        # Candidate finders only: forbidden_term() decides with the exact patterns.
        self._forbidden = (
            PhraseMatcher(forbidden_ci, ignore_case=True),
            PhraseMatcher(forbidden_cs),
        )

    def check_unit(self, target: Target) -> list[Violation]:
        """Every rule but consistency, for one unit.

        Untranslated and fuzzy units get ``incomplete`` only: the build does not
        use them, so their text cannot be wrong yet.
        """
        gap = incomplete(target, strict=self.strict)
        if gap is not None:
            return [gap]
        raw, english = target, is_english(target.locale)
        target = revealed(target, english)
        unit = target.unit
        copied = copied_source(target)
        if copied is not None:
            return [copied]
        matches = self.terms.find(unit.msgid)
        seen: dict[str, tuple[GlossaryEntry, str]] = {}
        for match in matches:
            if match.value.id not in seen:
                seen[match.value.id] = (match.value, unit.msgid[match.start : match.end])
        # Tokens inside a glossary term or a placeholder are those rules' business: blank them
        # out (keeping offsets) before looking for numbers and Latin tokens.
        spans = [(m.start, m.end) for m in matches]
        if "{" in unit.msgid:
            spans += [m.span() for m in _PLACEHOLDER.finditer(unit.msgid)]
        source = unit.msgid
        if spans:
            blanked = list(source)
            for start, end in spans:
                blanked[start:end] = " " * (end - start)
            source = "".join(blanked)
        ctx = UnitContext(
            checker=self,
            target=target,
            english=english,
            raw=raw,
            entries=tuple(e for e, _ in seen.values()),
            forms=tuple(f for _, f in seen.values()),
            source=unicodedata.normalize("NFKC", source),
        )
        found = [v for run in self.unit_rules for v in run(ctx) if v is not None]
        return [v for v in found if v.rule not in self.disabled]

    def forbidden_candidates(self, target: Target) -> list[GlossaryEntry]:
        """Glossary rows whose forbidden renderings may occur in the translation."""
        text = re.sub(r"\s+", " ", target.translation.replace("\u2019", "'"))
        candidates: dict[str, GlossaryEntry] = {}
        for matcher in self._forbidden:
            for match in matcher.find(text):
                for entry in match.value:
                    candidates.setdefault(entry.id, entry)
        return list(candidates.values())

    def check(self, catalogs: Sequence[Catalog]) -> CheckResult:
        """All rules over all catalogs; violations sorted by file, line, rule."""
        return self.combine([self.check_catalog(catalog) for catalog in catalogs])

    def check_catalog(self, catalog: Catalog) -> CatalogCheck:
        """The rules of one catalog's own units, and what consistency needs from it."""
        violations: list[Violation] = []
        targets: list[CatalogUnit] = []
        count = 0
        stated = ""
        for unit in catalog.units:
            if unit.obsolete or not (unit.msgid or unit.msgctxt):
                continue
            count += 1
            if _SAME_BELOW.search(unit.msgid):
                stated = numbers.named_currency(unit.msgid) or stated
            violations.extend(self.check_unit(Target(catalog.path, catalog.locale, unit, stated)))
            if unit.msgstr and not unit.fuzzy:
                targets.append(unit)
        return CatalogCheck(catalog.path, catalog.locale, count, tuple(violations), tuple(targets))

    def combine(self, parts: Sequence[CatalogCheck]) -> CheckResult:
        """The result of ``parts``: their violations, consistency across them, suppressions."""
        violations: list[Violation] = []
        by_source: dict[tuple[str, str], list[Target]] = defaultdict(list)
        silencers: dict[tuple[str, str], tuple[Target, tuple[Suppression, ...]]] = {}
        for part in parts:
            violations.extend(part.violations)
            for unit in part.targets:
                target = Target(part.path, part.locale, unit)
                by_source[(part.locale, unit.msgid)].append(target)
                marks = suppressions(unit.translator_comment)
                if marks:
                    silencers[(part.path, unit.msgctxt)] = (target, marks)
        for targets in by_source.values():
            violations.extend(inconsistent(targets))
        violations = [v for v in violations if v.rule not in self.disabled]
        violations, suppressed = _apply_suppressions(violations, silencers)
        order = {rule: i for i, rule in enumerate(RULES)}
        violations.sort(key=lambda v: (v.path, v.line, order.get(v.rule, 99), v.term))
        return CheckResult(
            violations=tuple(violations),
            catalogs=tuple(part.path for part in parts),
            units=sum(part.units for part in parts),
            strict=self.strict,
            locales=tuple(dict.fromkeys(part.locale for part in parts)),
            suppressed=tuple(suppressed),
        )


@dataclass(frozen=True)
class CatalogCheck:
    """One catalog's share of a check, which depends on that catalog alone (cacheable by it).

    ``violations`` are its units' own, before suppressions; ``targets`` its translated,
    non-fuzzy units, which consistency compares across catalogs and whose translator
    comments hold suppressions.
    """

    path: str
    locale: str
    units: int
    violations: tuple[Violation, ...]
    targets: tuple[CatalogUnit, ...]


def _apply_suppressions(
    violations: list[Violation],
    silencers: dict[tuple[str, str], tuple[Target, tuple[Suppression, ...]]],
) -> tuple[list[Violation], list[Violation]]:
    """Move suppressed violations aside; report suppressions that silence nothing."""
    if not silencers:
        return violations, []
    kept: list[Violation] = []
    suppressed: list[Violation] = []
    used: set[tuple[str, str, Suppression]] = set()
    for violation in violations:
        key = (violation.path, violation.unit_id)
        marks = silencers.get(key, (None, ()))[1]
        mark = next((m for m in marks if m.covers(violation)), None)
        if mark is None:
            kept.append(violation)
        else:
            suppressed.append(violation)
            used.add((*key, mark))
    for (path, unit_id), (target, marks) in silencers.items():
        for mark in marks:
            if (path, unit_id, mark) in used:
                continue
            what = mark.rule + (f" {mark.term}" if mark.term else "")
            why = "" if mark.rule in RULES else f" ({mark.rule} is not a rule)"
            kept.append(
                target.violation(
                    "stale-suppression",
                    f"zhl10n-ignore: {what} suppresses nothing{why}; remove it",
                    term=what,
                    expected="",
                    found=f"zhl10n-ignore: {what}",
                    severity="warning",
                )
            )
    return kept, suppressed


def check_catalogs(
    catalogs: Sequence[Catalog], entries: Iterable[GlossaryEntry], *, strict: bool = False
) -> CheckResult:
    """Check ``catalogs`` against ``entries`` (pure: no disk, no printing)."""
    return Checker(entries, strict=strict).check(catalogs)
