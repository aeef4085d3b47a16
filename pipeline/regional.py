"""Regional rules on top of OpenCC: leave correct text alone, repair leftovers, quote style.

Part of the conversion stage (:mod:`pipeline.convert` builds converters from it; this module
never touches OpenCC itself, it receives the engine's functions).

* **Profile** — :func:`profile`: what an article is (script, region, and which ambiguous
  Simplified characters it writes without ever writing their Traditional forms: a
  Traditional page that writes 后 ten times and 後 never was converted badly; one that
  writes both meant 后).
* **Leftover repair** — :class:`Repair`: a text already in the target script changes only
  where a character cannot be right: a Simplified-only character in Traditional text, or
  an ambiguous one the article's own usage marks as a leftover. The replacement is chosen in
  context by OpenCC's phrase data, applied to the text's Simplified form (干擾 -> 干扰 ->
  干擾, never 幹擾); everything else stays as written (周年, 宣布, 台北, 准許, 岳飛).
* **Quote style** — :func:`restyle_quotes`: 「」 with 『』 nested, or “” with ‘’, at any
  depth, only for quotes around Chinese text and never inside code or URLs.
* **Explanations** — :class:`Change`: every change with the rule that made it, and whether
  an ambiguous character was chosen without a phrase rule deciding it (``--explain``).

The character data is ``pipeline/data/characters.csv`` (reviewed, with a source per row).
This module is about 800 lines because profile, repair and explanations read the same
character classes and phrase tables and must agree on them (the ``--explain`` record of a
change is made where the change is made); the tables themselves are data.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from .text import HAN, is_han

#: Region of each Chinese locale; zh_Hant is script only, with no regional vocabulary.
LOCALE_REGIONS = {"zh_Hans": "CN", "zh_TW": "TW", "zh_HK": "HK", "zh_Hant": ""}
REGIONS = ("CN", "TW", "HK")

#: Quote styles: outer pair then inner pair. ``""`` keeps the source's quotes.
QUOTE_STYLES = {"corner": "「」『』", "curly": "“”‘’"}
DEFAULT_QUOTES = {
    "zh_Hans": QUOTE_STYLES["curly"],
    "zh_Hant": QUOTE_STYLES["corner"],
    "zh_TW": QUOTE_STYLES["corner"],
    "zh_HK": QUOTE_STYLES["corner"],
}

_OPENERS = "“‘「『"
_CLOSERS = "”’」』"
_QUOTE = re.compile("[“‘「『”’」』]")
_LATIN = re.compile(r"[A-Za-z0-9\u00c0-\u024f]")
#: Spans where quotes are never restyled: inline code, URLs, e-mail-like tokens.
_PROTECTED = re.compile(r"`[^`\n]*`|(?:https?://|www\.)[^\s\u3000-\u303f\uff00-\uffef]+")
#: Characters of every Han block we look at when listing a script's distinctive characters.
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))


# --- character data -------------------------------------------------------------------------


@dataclass(frozen=True)
class CharacterRule:
    """One row of ``characters.csv``: an ambiguous or regional character and its policy."""

    char: str
    direction: str  # s2t, t2s, tw-variant, normalize
    forms: tuple[str, ...]
    policy: str
    note: str = ""
    source: str = ""


@cache
def character_rules() -> tuple[CharacterRule, ...]:
    """The shipped character table (read once)."""
    text = resources.files("pipeline").joinpath("data/characters.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple(
        CharacterRule(
            r["char"],
            r["direction"],
            tuple(r["forms"].split()),
            r["policy"],
            r["note"],
            r["source"],
        )
        for r in rows
    )


@cache
def _rules_by(direction: str) -> dict[str, CharacterRule]:
    return {rule.char: rule for rule in character_rules() if rule.direction == direction}


#: Ambiguous characters whose default choice ``--explain`` reports (the issue's list). Others
#: with several forms (发 -> 發/髮, 据 -> 據/据) are decided right by OpenCC so often that
#: listing every occurrence would bury the few a reviewer must see.
EXPLAINED = frozenset("干后准岳周布台里余范于并回著乾")


def ambiguous(char: str, direction: str) -> CharacterRule | None:
    """The rule of ``char`` if it is an explained ambiguous character in ``direction``."""
    if char not in EXPLAINED:
        return None
    return _rules_by(direction).get(char)


def leftover_candidates() -> dict[str, tuple[str, ...]]:
    """Ambiguous Simplified characters that a Traditional text rarely means: char -> other forms."""
    return {
        c: tuple(f for f in rule.forms if f != c)
        for c, rule in _rules_by("s2t").items()
        if rule.policy == "leftover"
    }


@cache
def leftover_phrases() -> tuple[str, ...]:
    """Simplified phrases whose ambiguous character has one reading (背后, 区别于, 十余)."""
    text = resources.files("pipeline").joinpath("data/leftover_phrases.csv").read_text("utf-8")
    return tuple(row["phrase"] for row in csv.DictReader(text.splitlines()))


def tw_variants() -> dict[str, str]:
    """Hong Kong / OpenCC character shapes -> the Taiwan shape (着 -> 著, 裏 -> 裡)."""
    return {c: rule.forms[0] for c, rule in _rules_by("tw-variant").items()}


def normalizations() -> dict[str, str]:
    """Non-standard shapes every Traditional locale writes otherwise (凈 -> 淨)."""
    return {c: rule.forms[0] for c, rule in _rules_by("normalize").items()}


def tw_keep() -> dict[str, frozenset[str]]:
    """Simplified characters kept as written where OpenCC writes one of the listed forms
    (台 for 臺, 占 for 佔): Taiwan news writes 台 and 占, Hong Kong news 台."""
    return {
        rule.char: frozenset(rule.forms)
        for rule in character_rules()
        if rule.direction == "tw-keep"
    }


def _data_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("pipeline").joinpath(f"data/{name}").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@dataclass(frozen=True)
class RegionalForms:
    """One row of ``boundary_phrases.csv`` or ``names.csv``: a Simplified spelling and the
    form each Traditional locale writes (zh_Hant, zh_TW, zh_HK)."""

    simplified: str
    forms: tuple[tuple[str, str], ...]
    kind: str = "phrase"
    note: str = ""
    source: str = ""

    def form(self, locale: str) -> str:
        return dict(self.forms).get(locale, "")


@cache
def boundary_phrases() -> tuple[RegionalForms, ...]:
    """Phrases OpenCC's longest match gets wrong across a word boundary (半导体|制造)."""
    return tuple(
        RegionalForms(
            row["phrase"],
            tuple((loc, row[loc]) for loc in ("zh_Hant", "zh_TW", "zh_HK")),
            "phrase",
            row["note"],
            row["source"],
        )
        for row in _data_rows("boundary_phrases.csv")
    )


@cache
def names() -> tuple[RegionalForms, ...]:
    """Reviewed persons, places and companies with the form each region writes."""
    return tuple(
        RegionalForms(
            row["zh_Hans"],
            (
                # zh_Hant converts script only: the Taiwan form when it is the same word
                ("zh_Hant", row["zh_TW"] if row["zh_TW"] and _same_word(row) else ""),
                ("zh_TW", row["zh_TW"]),
                ("zh_HK", row["zh_HK"]),
            ),
            row["kind"],
            row["note"],
            row["source"],
        )
        for row in _data_rows("names.csv")
    )


def _same_word(row: dict[str, str]) -> bool:
    """Whether a names row's Taiwan form is its Simplified form in another script
    (余承東 for 余承东, but not 輝達 for 英伟达): compared character by character."""
    tw, simplified = row["zh_TW"], row["zh_Hans"]
    if len(tw) != len(simplified):
        return False
    return sum(a != b for a, b in zip(tw, simplified, strict=True)) < len(tw)


@dataclass(frozen=True)
class PersonContext:
    """Surnames that OpenCC converts as ordinary characters, and the words around a name."""

    surnames: dict[str, str]  # Simplified surname -> its Traditional form
    titles: tuple[str, ...]
    cues: tuple[str, ...]


@cache
def person_context() -> PersonContext:
    """``person_context.csv``: surnames (余 于 范 郁 岳 钟), titles before a name, words after."""
    rows = _data_rows("person_context.csv")
    traditional = {"余": "余", "于": "于", "范": "范", "郁": "郁", "岳": "岳", "钟": "鍾"}
    return PersonContext(
        {r["text"]: traditional.get(r["text"], r["text"]) for r in rows if r["kind"] == "surname"},
        tuple(r["text"] for r in rows if r["kind"] == "title"),
        tuple(r["text"] for r in rows if r["kind"] == "verb"),
    )


@cache
def _person_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Anchored at a surname: (given name then a cue, the surname then 姓, a title before)."""
    ctx = person_context()
    titles = "|".join(map(re.escape, sorted(ctx.titles, key=len, reverse=True)))
    cues = "|".join(map(re.escape, sorted(ctx.cues, key=len, reverse=True)))
    given = f"(?:(?![{_NOT_GIVEN}])[\u4e00-\u9fff]){{1,2}}"
    return (
        re.compile(f".{given}(?={cues})"),
        re.compile(".姓"),
        re.compile(f"(?:{titles})$"),
    )


@cache
def _surname_find() -> re.Pattern[str]:
    return re.compile(f"[{''.join(sorted(person_context().surnames))}]")


#: Characters that never belong to a given name (particles, pronouns, common verbs).
_NOT_GIVEN = "的是了在和与就也都而及或之们这那个不有为以对说称人于余"
#: Characters after which a name may start without a title (和余承东, 指范云).
_BEFORE_NAME = "和与及、指对向跟被让据同"
#: Longest title, in characters (the look-back before a surname).
_TITLE_SPAN = 4


def surname_positions(simplified: str) -> set[int]:
    """Positions of a surname (余 于 范 郁 岳 钟) that starts a person's name in ``simplified``.

    A name is a surname and one or two characters after a title (记者, 董事长, 立委)
    or before a speech verb or honorific (表示, 说, 先生), or a surname before 姓 (范姓官员).
    Without a title the surname must start a word (其余, 关于, 由于 are not names). Once
    found, every other occurrence of the surname with the same first given character
    counts too (立委范云 ... 指范云是). Only the surnames' own positions are examined.
    """
    with_cue, with_xing, title_before = _person_patterns()
    given_only = re.compile(f"(?:(?![{_NOT_GIVEN}])[\u4e00-\u9fff]){{1,2}}")
    found: set[int] = set()
    keys: set[str] = set()
    for match in _surname_find().finditer(simplified):
        i = match.start()
        before = simplified[i - 1] if i else ""
        word_start = not before or not is_han(before) or before in _BEFORE_NAME
        titled = title_before.search(simplified, max(0, i - _TITLE_SPAN), i) is not None
        if titled and given_only.match(simplified, i + 1):
            found.add(i)
            keys.add(simplified[i : i + 2])
        elif word_start and with_cue.match(simplified, i):
            found.add(i)
            keys.add(simplified[i : i + 2])
        elif word_start and with_xing.match(simplified, i):
            found.add(i)
    for key in keys:
        position = simplified.find(key)
        while position >= 0:
            found.add(position)
            position = simplified.find(key, position + 1)
    return found


def keep_surnames(simplified: str, converted: str) -> str:
    """Write a surname's own Traditional form where ``simplified`` has a person's name.

    OpenCC has no idea of a person: 余承东 becomes 餘承東, 于正 becomes 於正.
    """
    if len(simplified) != len(converted):
        return converted
    positions = surname_positions(simplified)
    if not positions:
        return converted
    surnames = person_context().surnames
    out = list(converted)
    for i in positions:
        out[i] = surnames.get(simplified[i], out[i])
    return "".join(out)


@cache
def _distinctive(convert: Callable[[str], str]) -> frozenset[str]:
    """Characters that ``convert`` (one engine function) changes when alone."""
    chars = [chr(c) for low, high in _HAN_RANGES for c in range(low, high + 1)]
    out = convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # pragma: no cover - an engine that joins lines
        return frozenset(c for c in chars if convert(c) != c)
    return frozenset(c for c, o in zip(chars, out, strict=True) if o != c)


def simplified_only(*s2t: Callable[[str], str]) -> frozenset[str]:
    """Characters no Traditional text writes: every given s2t-like engine changes them
    (pass s2t, s2tw and s2hk: 群 is 羣 only in OpenCC's standard, 着 is Hong Kong's) and
    no rule of ``characters.csv`` keeps them."""
    valid = {c for c, rule in _rules_by("s2t").items() if rule.policy in ("leftover", "variant")}
    found = _distinctive(s2t[0])
    for engine in s2t[1:]:
        found &= _distinctive(engine)
    return found - valid


def traditional_only(t2s: Callable[[str], str]) -> frozenset[str]:
    """Characters no Simplified text writes (後, 說); 乾, 著, 瞭 and the like are valid."""
    valid = {c for c, rule in _rules_by("t2s").items() if rule.policy == "valid-simplified"}
    return _distinctive(t2s) - valid


# --- article profile ------------------------------------------------------------------------


@dataclass(frozen=True)
class Leftover:
    """An ambiguous Simplified character an article writes without its Traditional forms."""

    char: str
    count: int
    forms: tuple[str, ...]

    def reason(self) -> str:
        return (
            f"leftover: the article writes {self.char} {self.count}× and "
            f"{'/'.join(self.forms)} never"
        )


@dataclass(frozen=True)
class Profile:
    """What an article is, for the conversion of its units: script, region, leftovers."""

    script: str = "Hans"  # Hant, Hans or mixed
    region: str = ""  # CN, TW, HK or "" (unknown)
    leftovers: tuple[Leftover, ...] = ()

    @property
    def leftover_chars(self) -> frozenset[str]:
        return frozenset(left.char for left in self.leftovers)

    def leftover(self, char: str) -> Leftover | None:
        return next((left for left in self.leftovers if left.char == char), None)


def find_leftovers(text: str) -> tuple[Leftover, ...]:
    """Ambiguous Simplified characters ``text`` writes while never writing their other forms."""
    counts = Counter(c for c in text if "\u3400" <= c <= "\u9fff")
    found = []
    for char, forms in sorted(leftover_candidates().items()):
        if counts[char] and not any(counts[f] for f in forms):
            found.append(Leftover(char, counts[char], forms))
    return tuple(found)


#: Leftovers that only a converted page shows: a Traditional writer nearly always needs
#: 後, 於, 餘, 範 or 並 (干 without 幹/乾 is just a page about 干擾).
CONVERTED_MARKS = frozenset("后于余范并")


def detect_region(
    text: str, script: str, vocabulary_hits: Counter[str] | None = None, converted: bool = False
) -> str:
    """CN, TW, HK or "" (unknown): regional words first, then HK/TW character shapes.

    A Traditional page with Simplified leftovers (``converted``) and no regional words
    is a mainland page put through a converter, like the seed article.
    """
    hits = Counter(vocabulary_hits or Counter())
    if script != "Hans":
        hits.update(_mark_hits(text))
    best = max(REGIONS, key=lambda r: (hits[r], r == "CN"))
    runner_up = max((hits[r] for r in REGIONS if r != best), default=0)
    # a Simplified page is mainland unless another region's words clearly outweigh it
    needed = REGION_MIN_EVIDENCE if script != "Hans" or best == "CN" else SIMPLIFIED_OTHER_REGION
    if hits[best] >= needed and hits[best] >= REGION_MARGIN * runner_up:
        return best
    if script == "Hans":
        return "CN"
    if converted:
        return "CN"
    return ""  # unknown: converted as neutral (words every other region shares)


#: Region evidence a page needs: this many signals, and this many times the next region's.
#: One 輝達 on a Hong Kong page that also writes 特區 or 港鐵 must not decide.
REGION_MIN_EVIDENCE = 1
REGION_MARGIN = 2
#: Signals a Simplified page needs to count as Taiwan or Hong Kong copy (网上 alone is not).
SIMPLIFIED_OTHER_REGION = 3


@cache
def _region_marks() -> tuple[tuple[str, str], ...]:
    """(region, word or character) rows of ``region_marks.csv``."""
    return tuple((row["region"], row["text"]) for row in _data_rows("region_marks.csv"))


def _mark_hits(text: str) -> Counter[str]:
    """Region signals in a Traditional text: Hong Kong or Taiwan words and shapes."""
    found: Counter[str] = Counter()
    for region, mark in _region_marks():
        count = text.count(mark)
        if count:
            found[region] += count
    return found


def profile(
    text: str,
    script: str,
    vocabulary_hits: Callable[[str], Counter[str]] | None = None,
    region: str = "",
) -> Profile:
    """The profile of an article from its text and detected script."""
    leftovers = find_leftovers(text) if script != "Hans" else ()
    if not region:
        hits = vocabulary_hits(text) if vocabulary_hits is not None else None
        converted = any(left.char in CONVERTED_MARKS for left in leftovers)
        region = detect_region(text, script, hits, converted=converted)
    return Profile(script, region, leftovers)


# --- explanations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One change a conversion made to its input, and the rule that made it.

    ``start``/``end`` index the input text. ``uncertain`` marks an ambiguous character
    (干/幹/乾, 后/後, 周/週 ...) whose form no phrase rule decided: OpenCC's default for the
    character alone was taken, so a reviewer should look.
    """

    start: int
    end: int
    source: str
    result: str
    rule: str
    reason: str = ""
    uncertain: bool = False


# --- leftover repair ------------------------------------------------------------------------

#: Characters of context on each side of a repair candidate given to OpenCC (its phrase
#: keys are rarely longer; 區別于 needs two, 先進制程 three).
WINDOW = 6


@dataclass
class Repair:
    """Targeted repair of a text already in the target script (see the module docstring).

    ``decide`` converts a text's Simplified form into the target (``s2tw``, ``s2hk``) or,
    for a Simplified target, the text itself (``tw2s``); ``to_simplified`` is ``t2s`` for
    Traditional targets and ``None`` for Simplified ones. Only characters in ``changeable``
    may change; ``mapped`` characters (HK shapes in zh_TW, 凈) are replaced directly.
    """

    decide: Callable[[str], str]
    to_simplified: Callable[[str], str] | None
    changeable: frozenset[str]
    always: frozenset[str]
    leftovers: tuple[Leftover, ...] = ()
    mapped: dict[str, str] = field(default_factory=dict)
    direction: str = "s2t"
    #: zh_HK: the aspect particle 著 is written 着 (意味着); ``particle`` is tw2s, whose
    #: phrase data tells the particle (着) from 著名, 顯著 (著).
    particle: Callable[[str], str] | None = None

    #: Simplified phrases that mark their ambiguous characters as leftovers wherever they
    #: occur (背后 in a page that also writes 後 elsewhere); Traditional targets only.
    phrases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self._phrase_chars, self._phrase = _phrase_finder(self.phrases)
        extra = {"著"} if self.particle is not None else set()
        chars = "".join(sorted(self.changeable | set(self.mapped) | self._phrase_chars | extra))
        self._find = _char_finder(chars)
        self._table = str.maketrans(self.mapped)

    def _phrase_positions(self, text: str, simple: str | None) -> set[int]:
        """Positions of ambiguous characters inside a leftover phrase (in the Simplified form)."""
        if self._phrase is None or not any(c in text for c in self._phrase_chars):
            return set()
        simple = simple if simple is not None else text
        return {
            i
            for match in self._phrase.finditer(simple)
            for i in range(match.start(), match.end())
            if text[i] in self._phrase_chars
        }

    def __call__(self, text: str) -> str:
        if self._find is None or self._find.search(text) is None:
            return text
        found = self._decided(text)
        if found is None:
            return self._by_piece(text)
        decided, in_phrase = found
        out = list(text)
        for match in self._find.finditer(text):
            i = match.start()
            char = text[i]
            if (char in self.changeable or i in in_phrase) and decided.get(i, char) != char:
                out[i] = decided[i]
            elif char in self.mapped:
                out[i] = self.mapped[char]
        for i in self._particles(text):
            out[i] = "着"
        return "".join(out)

    def _particles(self, text: str) -> list[int]:
        """Positions of the aspect particle 著 (zh_HK writes 着), by OpenCC's tw2s phrases."""
        if self.particle is None or "著" not in text:
            return []
        simple = self.particle(text)
        if len(simple) != len(text):
            return []
        return [i for i, c in enumerate(text) if c == "著" and simple[i] == "着"]

    def _decided(self, text: str) -> tuple[dict[int, str], set[int]] | None:
        """OpenCC's choice at each position near a candidate, and the positions in phrases.

        Only windows of :data:`WINDOW` characters around the candidates go through
        OpenCC (one call, joined by U+0001, which no OpenCC phrase contains): a genuine
        page has few candidates, so repair costs a fraction of converting the page.
        """
        assert self._find is not None
        spans: list[list[int]] = []
        size = len(text)
        candidates = [match.start() for match in self._find.finditer(text)]
        for i in candidates:
            a, b = max(0, i - WINDOW), min(size, i + WINDOW + 1)
            if spans and a <= spans[-1][1]:
                spans[-1][1] = b
            else:
                spans.append([a, b])
        joined = "\x01".join(text[a:b] for a, b in spans)
        simple = self.to_simplified(joined) if self.to_simplified is not None else joined
        decided = self.decide(simple)
        if len(decided) != len(joined) or len(simple) != len(joined):
            return None
        in_joined = self._phrase_positions(joined, simple)
        decisions: dict[int, str] = {}
        in_phrase: set[int] = set()
        shift = 0  # joined index - text index, for the current span
        span = 0
        for i in candidates:
            while spans[span][1] <= i:
                shift += 1 - (spans[span + 1][0] - spans[span][1])
                span += 1
            j = i + shift - spans[0][0]
            decisions[i] = decided[j]
            if j in in_joined:
                in_phrase.add(i)
        return decisions, in_phrase

    def _by_piece(self, text: str) -> str:
        """Phrase tables that change a length: repair clause by clause, else keep mapped only."""
        pieces = re.split(r"([，。；：！？、\s]+)", text)
        if len(pieces) == 1:
            return text.translate(self._table)
        return "".join(self(p) if i % 2 == 0 else p for i, p in enumerate(pieces))

    def trace(self, text: str, offset: int = 0) -> list[Change]:
        """The changes :meth:`__call__` makes to ``text``, with their reasons."""
        if self._find is None or self._find.search(text) is None:
            return []
        found = self._decided(text)
        if found is None:
            result = self(text)
            if result == text:
                return []
            return [Change(offset, offset + len(text), text, result, "leftover", "clause repaired")]
        decided, in_phrase = found
        particles = set(self._particles(text))
        changes = []
        for match in self._find.finditer(text):
            i = match.start()
            char = text[i]
            if (char in self.changeable or i in in_phrase) and decided.get(i, char) != char:
                new = decided[i]
                left = next((x for x in self.leftovers if x.char == char), None)
                if char in self.always:
                    rule = "simplified-only" if self.direction == "s2t" else "traditional-only"
                    script = "Traditional" if rule[0] == "s" else "Simplified"
                    reason = f"{char} is never written in {script} text"
                elif left is not None:
                    rule, reason = "leftover", left.reason()
                elif i in in_phrase:
                    rule, reason = (
                        "leftover",
                        "leftover phrase (pipeline/data/leftover_phrases.csv)",
                    )
                else:
                    rule, reason = "particle", "aspect particle, decided by OpenCC phrase data"
                alone = self.decide(char)
                rule_of = ambiguous(char, self.direction)
                uncertain = (
                    rule_of is not None
                    and alone == new
                    and rule != "particle"
                    and i not in in_phrase
                )
                changes.append(
                    Change(offset + i, offset + i + 1, char, new, rule, reason, uncertain)
                )
            elif i in particles:
                changes.append(
                    Change(
                        offset + i,
                        offset + i + 1,
                        char,
                        "着",
                        "particle",
                        "aspect particle 着 (Hong Kong), decided by OpenCC phrase data",
                    )
                )
            elif char in self.mapped:
                changes.append(
                    Change(
                        offset + i,
                        offset + i + 1,
                        char,
                        self.mapped[char],
                        "variant",
                        f"{char} is written {self.mapped[char]} in this locale",
                    )
                )
        return changes


@lru_cache(maxsize=16)
def _phrase_finder(phrases: tuple[str, ...]) -> tuple[frozenset[str], re.Pattern[str] | None]:
    """The ambiguous characters of ``phrases`` and a longest-first pattern finding them.

    Shared by every :class:`Repair` with the same phrases: an article's repair costs
    only its own leftover characters.
    """
    ambiguous_chars = {
        c for c, rule in _rules_by("s2t").items() if rule.policy in ("leftover", "variant")
    }
    chars = frozenset(c for phrase in phrases for c in phrase if c in ambiguous_chars)
    if not phrases:
        return chars, None
    return chars, re.compile("|".join(map(re.escape, sorted(phrases, key=len, reverse=True))))


@lru_cache(maxsize=64)
def _char_finder(chars: str) -> re.Pattern[str] | None:
    """A character class of ``chars`` (thousands of them: compiled once per set)."""
    return re.compile(f"[{re.escape(chars)}]") if chars else None


# --- weekday / person names ---------------------------------------------------------------

#: 周一 .. 周日 that OpenCC writes 週一: only a weekday when the context says so.
_WEEKDAY = re.compile(r"[週周]([一二三四五六日])")
_BEFORE_DAY = set("上下本每这這逢于於在到至从從和及与與、日号號）)（(：:，, 　\n")
_AFTER_DAY = set("上下早晚午凌中傍夜起至到及和与與、（）()，。；：！？, .;:!?\n")


def is_weekday(text: str, start: int) -> bool:
    """Whether ``周X`` at ``start`` of ``text`` is a weekday rather than the start of a name."""
    before = text[start - 1] if start > 0 else ""
    end = start + 2
    after = text[end] if end < len(text) else "\n"
    if before and (before.isdigit() or before in _BEFORE_DAY):
        return True
    if after in _AFTER_DAY or after.isdigit():
        return True
    return not HAN.match(after)


def keep_names(source: str, converted: str) -> str:
    """Undo OpenCC's 周X -> 週X where the source's 周X starts a person's name (周一鳴)."""
    if "週" not in converted or len(source) != len(converted):
        return converted
    out = None
    for match in _WEEKDAY.finditer(converted):
        i = match.start()
        if converted[i] == "週" and source[i] == "周" and not is_weekday(source, i):
            out = out or list(converted)
            out[i] = "周"
    return converted if out is None else "".join(out)


# --- quote style ----------------------------------------------------------------------------


def _quote_pairs(text: str) -> list[tuple[int, int]]:
    """Matched (open, close) indexes of Chinese-style quotes outside protected spans."""
    protected = (
        [m.span() for m in _PROTECTED.finditer(text)]
        if ("`" in text or "/" in text or "www." in text)
        else []
    )
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    p = 0
    for found in _QUOTE.finditer(text):
        i = found.start()
        char = text[i]
        while p < len(protected) and protected[p][1] <= i:
            p += 1
        if p < len(protected) and protected[p][0] <= i:
            continue
        if char in "‘’" and _is_apostrophe(text, i):
            continue
        if char in _OPENERS:
            stack.append(i)
        elif stack:
            pairs.append((stack.pop(), i))
    return pairs


def _is_apostrophe(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return bool(_LATIN.match(before)) and (bool(_LATIN.match(after)) or text[i] == "’")


def restyle_quotes(text: str, style: str) -> str:
    """Quotes around Chinese text in ``style`` (outer pair, inner pair), nesting alternating.

    >>> restyle_quotes("他說“我們要‘自主’”，見 “OK”", "「」『』")
    '他說「我們要『自主』」，見 “OK”'
    >>> restyle_quotes("「他說『好』」", "“”‘’")
    '“他說‘好’”'
    """
    if not style or not any(c in text for c in _OPENERS):
        return text
    pairs = [(a, b) for a, b in _quote_pairs(text) if _chinese_quote(text, a, b)]
    if not pairs:
        return text
    out = list(text)
    pairs.sort()
    open_stack: list[int] = []
    for a, b in pairs:
        while open_stack and open_stack[-1] < a:
            open_stack.pop()
        depth = len(open_stack)
        outer = depth % 2 == 0
        out[a] = style[0] if outer else style[2]
        out[b] = style[1] if outer else style[3]
        open_stack.append(b)
    return "".join(out)


def _chinese_quote(text: str, start: int, end: int) -> bool:
    """Quotes around Chinese text, or around a Latin title set in a Chinese sentence
    (推出“AI Next”計畫: a Han character right before the opener or after the closer)."""
    if HAN.search(text, start + 1, end) is not None:
        return True
    before = text[start - 1] if start > 0 else ""
    after = text[end + 1] if end + 1 < len(text) else ""
    return bool((before and HAN.match(before)) or (after and HAN.match(after)))


def quote_changes(before: str, after: str) -> list[Change]:
    """Changes made by :func:`restyle_quotes` (it never changes a length)."""
    return [
        Change(i, i + 1, a, b, "quotes", "quote style of the locale")
        for i, (a, b) in enumerate(zip(before, after, strict=True))
        if a != b
    ]


def diff_changes(
    before: str, after: str, rule: str, offset: int, explainable: Callable[[int, str, str], bool]
) -> list[Change]:
    """Character-level changes between equal-length texts (else one change for the run)."""
    if before == after:
        return []
    if len(before) != len(after):
        return [Change(offset, offset + len(before), before, after, rule, "phrase conversion")]
    return [
        Change(offset + i, offset + i + 1, a, b, rule, "", explainable(i, a, b))
        for i, (a, b) in enumerate(zip(before, after, strict=True))
        if a != b
    ]


def merge_changes(changes: Iterable[Change]) -> tuple[Change, ...]:
    """Changes in text order."""
    return tuple(sorted(changes, key=lambda c: (c.start, c.end)))


def uncertain_only(changes: Sequence[Change]) -> tuple[Change, ...]:
    """The changes a reviewer must look at (``--explain``)."""
    return tuple(c for c in changes if c.uncertain)
