"""Script conversion stage: the only module that touches OpenCC.

Three layers, each usable on its own:

* **Engine** — :func:`convert_plain`, :func:`engine_info`: the official OpenCC
  binding with one cached instance per configuration.
* **Shielding** — :class:`Converter`: OpenCC plus glossary terms and conversion
  overrides that OpenCC must not touch. Terms are found in the source in any
  script form, cut out of the text, and written in the target locale's form;
  only the runs between them go through OpenCC.
* **Streaming** — :func:`convert_stream`, :func:`convert_paths`: ``zhl10n
  convert``, a drop-in for the ``opencc`` command line that converts a file of
  any size in constant memory, in batches of whole lines (one OpenCC call per
  batch, not per line), with worker processes for large UTF-8 inputs.

Cost of shielding: finding the terms is one ``re`` scan per batch (an
alternation grouped by first character, longest first); a batch without a
term costs one plain OpenCC call. On text as dense in terms as the article
(one every 25 characters) the scan costs about as much as OpenCC's fast
configurations (t2s) and a fifth of the phrase-based ones (s2tw, s2twp, s2hk);
``benchmarks/bench_convert.py`` measures it.

Why runs, not placeholders: a placeholder token is text that OpenCC's phrase
matching may join with its neighbours. Converting each run on its own cuts
phrase matching exactly at the term boundaries, which is the point: the term's
characters belong to the term, not to a phrase of its neighbours. For speed the
runs of a batch go through OpenCC in one call, joined by :data:`RUN_SEPARATOR`,
a control character that is in no OpenCC dictionary key. Max-match
segmentation can therefore never extend a phrase across it, so the call is
equivalent to converting the runs one by one (tested as a property).

This module is about 1,600 lines because the three layers share one
converter object and its caches (an instance per configuration, shielding
tables per glossary, worker processes per stream); splitting them apart would
pass those through every call. The rules themselves are data
(``pipeline/data/``), and the regional logic lives in :mod:`pipeline.regional`.

Tofu-risk dictionaries (OpenCC 1.2+): some configurations (t2s, tw2s, hk2s...)
may map a character to a Simplified form in a CJK extension block that most
fonts cannot show. Like the ``opencc`` command line, zhl10n leaves them out
unless asked (``include_tofu_risk=True``; ``--include-tofu-risk-dictionaries``).
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import importlib.util
import multiprocessing
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import IO, Any

import opencc

from .errors import ConfigError, ConversionError, DecodeError, InputFileError
from .fileio import output_sink
from .matching import SPELLING, SYMBOLS, PhraseMatcher
from .models import ConversionOverride, GlossaryEntry, VocabularyRow
from .regional import (
    LOCALE_REGIONS,
    Change,
    Leftover,
    Profile,
    Repair,
    ambiguous,
    boundary_phrases,
    diff_changes,
    find_leftovers,
    keep_names,
    keep_surnames,
    leftover_phrases,
    merge_changes,
    normalizations,
    quote_changes,
    restyle_quotes,
    simplified_only,
    traditional_only,
    tw_keep,
    tw_variants,
)
from .regional import names as regional_names

#: Default for OpenCC's tofu-risk dictionaries (off, as in the ``opencc`` command line).
INCLUDE_TOFU_RISK = False

#: Joins the runs of one batch for a single OpenCC call. OpenCC dictionary keys
#: are Han characters plus a few Latin letters, ``-``, ``·`` and ``〇`` (checked
#: against the 1.4 data with ``opencc_dict``), so U+0001 is never part of a match.
RUN_SEPARATOR = "\x01"

#: OpenCC configuration -> the locale whose glossary forms its output uses.
#: ``None``: no Chinese locale of ours (Japanese kanji), so no shielding.
CONFIG_LOCALES: dict[str, str | None] = {
    "s2t": "zh_Hant",
    "tw2t": "zh_Hant",
    "hk2t": "zh_Hant",
    "s2tw": "zh_TW",
    "s2twp": "zh_TW",
    "t2tw": "zh_TW",
    "s2hk": "zh_HK",
    "s2hkp": "zh_HK",
    "t2hk": "zh_HK",
    "t2s": "zh_Hans",
    "tw2s": "zh_Hans",
    "tw2sp": "zh_Hans",
    "hk2s": "zh_Hans",
    "hk2sp": "zh_Hans",
    "t2jp": None,
    "jp2t": None,
}

#: Bytes read per chunk when streaming; a batch is the complete lines of a chunk.
#: A quarter MiB keeps a batch and its conversion in the CPU cache (measured
#: faster than 1 MiB batches), while OpenCC's per-call cost stays negligible.
CHUNK_BYTES = 256 << 10
#: Bytes per batch sent to a worker process (it converts them CHUNK_BYTES at a time).
PARALLEL_BATCH_BYTES = 1 << 20
#: A line longer than this many characters is cut at a safe character (below).
MAX_LINE_CHARS = 1 << 20
#: Characters at which a huge line may be cut: none occurs in any OpenCC key.
_SAFE_CUT = re.compile(r"[\s，。；：！？、,.;:!?（）()「」『』《》“”‘’]")
#: Characters read before ``--to`` picks a configuration from the detected script.
DETECT_CHARS = 4096
#: Input read in this process before worker processes take over (``jobs`` > 1).
PARALLEL_AFTER = 2 << 20

_HAN = re.compile(
    r"[\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]"
)
#: A letter or digit of an alphabetic script: terms edged by one need a word boundary.
_WORD = "[^\\W_\u2e80-\U0010ffff]"


# --- engine ----------------------------------------------------------------------------------


def available_configs() -> tuple[str, ...]:
    """Names of the configurations the installed engine ships, without ``.json``, sorted."""
    names = getattr(opencc, "CONFIGS", None)
    if names is None:  # opencc-python-reimplemented: config/*.json next to the module
        folder = Path(str(getattr(opencc, "__file__", "."))).parent / "config"
        names = [p.name for p in folder.glob("*.json")] if folder.is_dir() else []
    return tuple(sorted({n[:-5] if n.endswith(".json") else n for n in names}))


def config_name(config: str) -> str:
    """``"s2tw.json"`` -> ``"s2tw"``; a path to a custom configuration is kept as it is."""
    if config.endswith(".json") and "/" not in config and os.sep not in config:
        return config[:-5]
    return config


def check_config(config: str) -> str:
    """The normalized configuration name, or :class:`ConversionError` listing valid names."""
    name = config_name(config)
    if name in available_configs() or (name.endswith(".json") and Path(name).is_file()):
        return name
    raise ConversionError(
        f"unknown OpenCC configuration {config!r}; valid: {', '.join(available_configs())}"
    )


@cache
def _engine(config: str, include_tofu_risk: bool) -> Any:
    name = check_config(config)
    try:
        return opencc.OpenCC(name, include_tofu_risk_dictionaries=include_tofu_risk)
    except TypeError:  # older binding or opencc-python-reimplemented: no such option
        pass
    except Exception as exc:  # the binding raises plain RuntimeError/ValueError
        raise ConversionError(f"OpenCC cannot load configuration {config!r}: {exc}") from exc
    try:
        return opencc.OpenCC(name)
    except Exception as exc:
        raise ConversionError(f"OpenCC cannot load configuration {config!r}: {exc}") from exc


def opencc_function(
    config: str, *, include_tofu_risk: bool = INCLUDE_TOFU_RISK
) -> Callable[[str], str]:
    """The engine's own ``convert`` for ``config`` (``""``: identity), for hot loops."""
    if not config:
        return _identity
    return _engine(config, include_tofu_risk).convert  # type: ignore[no-any-return]


def _identity(text: str) -> str:
    return text


def convert_plain(text: str, config: str, *, include_tofu_risk: bool = INCLUDE_TOFU_RISK) -> str:
    """Plain OpenCC conversion with configuration ``config`` (``""`` means none).

    >>> convert_plain("華為昇騰", "t2s")
    '华为升腾'
    """
    if not config:
        return text
    return str(_engine(config, include_tofu_risk).convert(text))


def to_simplified(text: str) -> str:
    """Simplified form used to compare text regardless of script (``t2s``)."""
    return convert_plain(text, "t2s")


def detect_script(text: str) -> str:
    """``"Hant"``, ``"Hans"`` or ``"mixed"``, by counting script-specific characters.

    Characters that t2s changes are Traditional-only; those s2t changes are
    Simplified-only. Traditional text legitimately uses a few of the latter
    (後/后 is a pair, but 后 also means "queen"), so the minority script must
    reach 10% of the distinctive characters before a text counts as mixed.
    """
    chars = [c for c in text if "\u3400" <= c <= "\u9fff"]
    unique = "".join(sorted(set(chars)))
    if not unique:
        return "Hans"
    t2s = convert_plain(unique, "t2s")
    s2t = convert_plain(unique, "s2t")
    traditional = (
        {c for c, s in zip(unique, t2s, strict=True) if c != s}
        if len(t2s) == len(unique)
        else set()
    )
    simplified = (
        {c for c, t in zip(unique, s2t, strict=True) if c != t}
        if len(s2t) == len(unique)
        else set()
    )
    # A character valid in both scripts is evidence of neither: 台 (s2t makes it 臺)
    # is what Taiwan writes, and 著 (t2s may make it 着) is standard Simplified.
    simplified = {c for c in simplified if not _in_charset(c, "big5")}
    traditional = {c for c in traditional if not _in_charset(c, "gb2312")}
    trad = sum(1 for c in chars if c in traditional)
    simp = sum(1 for c in chars if c in simplified)
    if trad + simp == 0:
        return "Hans"
    if simp < 0.1 * (trad + simp):
        return "Hant"
    if trad < 0.1 * (trad + simp):
        return "Hans"
    return "mixed"


def _in_charset(char: str, encoding: str) -> bool:
    """Is ``char`` in a legacy national character set (Big5: Traditional, GB2312: Simplified)?"""
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


class EngineInfo:
    """Which OpenCC is importable, where its data lives, and whether it is the official binding.

    opencc-python-reimplemented installs a module of the same name ``opencc``; it
    has no ``__version__`` or ``CONFIGS``, converts in pure Python, and its
    dictionaries were last updated years ago (no 昇騰/昇腾 protection, older TW
    phrases), so ``doctor`` warns about it.
    """

    def __init__(self) -> None:
        self.module_path = str(getattr(opencc, "__file__", "?"))
        package = Path(self.module_path).parent
        self.official = hasattr(opencc, "__version__") and hasattr(opencc, "CONFIGS")
        self.reimplemented = not self.official and (
            hasattr(opencc, "opencc") or (package / "dictionary").is_dir()
        )
        version = getattr(opencc, "__version__", None)
        if version is None:
            version = _distribution_version("opencc-python-reimplemented")
        self.version = str(version or "unknown")
        self.data_dir = _data_dir(package, self.official)
        self.configs = available_configs()

    @property
    def name(self) -> str:
        if self.official:
            return "OpenCC (official binding)"
        if self.reimplemented:
            return "opencc-python-reimplemented"
        return "unknown opencc module"

    def describe(self) -> str:
        """One line for ``--version``."""
        return f"{self.name} {self.version} from {self.module_path}"

    def warnings(self) -> tuple[str, ...]:
        """Problems with the engine that ``doctor`` reports."""
        found: list[str] = []
        if not self.official:
            found.append(
                f"the importable 'opencc' is {self.name}, not the official binding: its "
                "dictionaries are out of date and it is slow. Run: pip uninstall "
                "opencc-python-reimplemented && pip install --force-reinstall 'opencc>=1.4,<1.5'"
            )
        if self.official and not self.data_dir:
            found.append("OpenCC data folder not found: configurations may fail to load")
        return tuple(found)


def _distribution_version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _data_dir(package: Path, official: bool) -> str:
    """Folder holding the engine's configuration and dictionary files."""
    if official:
        share_dir = getattr(opencc, "_opencc_share_dir", None)
        candidates = [Path(share_dir)] if share_dir else []
        candidates.append(package / "clib" / "share" / "opencc")
    else:
        candidates = [package / "dictionary", package / "config"]
    for folder in candidates:
        if folder.is_dir():
            return str(folder)
    return ""


def engine_info() -> EngineInfo:
    """Describe the OpenCC engine for ``--version`` and ``doctor``."""
    return EngineInfo()


def clib_cli() -> Path | None:
    """The native ``opencc`` executable shipped inside the binding's wheel, if any."""
    spec = importlib.util.find_spec("opencc")
    if spec is None or spec.origin is None:
        return None
    candidate = Path(spec.origin).parent / "clib" / "bin" / "opencc"
    return candidate if candidate.is_file() and os.access(candidate, os.X_OK) else None


# --- shielding -------------------------------------------------------------------------------


def has_han(text: str) -> bool:
    """Whether ``text`` contains a Han character (only those need shielding from OpenCC)."""
    return _HAN.search(text) is not None


def _script_forms(declared: Sequence[str]) -> list[str]:
    """OpenCC t2s/s2t spellings of ``declared`` forms that round-trip to a declared form.

    t2s(昇騰) is 升腾, the everyday verb "to rise": s2t(升腾) is 升騰, not a
    declared form, so 升腾 is not taken for the brand. t2s(黃仁勳) is 黄仁勋,
    and s2t(黄仁勋) is 黃仁勳 again, so it is.
    """
    known = set(declared)
    found: list[str] = []
    for form in declared:
        for there, back in (("t2s", "s2t"), ("s2t", "t2s")):
            other = convert_plain(form, there)
            if other not in known and convert_plain(other, back) in known:
                known.add(other)
                found.append(other)
    return found


def shield_table(
    locale: str,
    glossary: Sequence[GlossaryEntry] = (),
    overrides: Sequence[ConversionOverride] = (),
    vocabulary: Sequence[VocabularyRow] = (),
    source_region: str = "",
) -> dict[str, str]:
    """Source spelling -> what ``locale`` must read, for every shielded phrase.

    Glossary terms count in every declared form (:meth:`GlossaryEntry.source_forms`)
    and in their round-tripping OpenCC t2s/s2t forms; they become
    ``entry.form(locale)``, or the source's own spelling when the locale accepts it
    (alternatives). Overrides of ``locale`` count in their source form and
    its t2s/s2t forms, become ``override.target``, and win over a glossary term
    spelled the same. Regional vocabulary (:func:`vocabulary_table`) comes last.
    Spellings without a Han character are left out (OpenCC
    does not touch them), and so are terms with no form in ``locale``.
    When two glossary entries share a spelling the first wins, as in matching.
    """
    return {
        key: target
        for key, (target, _rule) in shield_rules(
            locale, glossary, overrides, vocabulary, source_region
        ).items()
    }


def _usable(form: str) -> bool:
    return has_han(form) and "\n" not in form and "\r" not in form


def _pick(targets: Sequence[str], written: str) -> str:
    """The target form matching what the source wrote (same word in any script), else the first."""
    if len(targets) > 1:
        simple = convert_plain(written, "t2s")
        for target in targets:
            if convert_plain(target, "t2s") == simple:
                return target
    return targets[0]


def shield_rules(
    locale: str,
    glossary: Sequence[GlossaryEntry] = (),
    overrides: Sequence[ConversionOverride] = (),
    vocabulary: Sequence[VocabularyRow] = (),
    source_region: str = "",
) -> dict[str, tuple[str, str]]:
    """Like :func:`shield_table`, each target with the rule that set it (``glossary:nvidia``)."""
    table: dict[str, tuple[str, str]] = {}
    for entry in glossary:
        targets = entry.forms(locale)
        if not targets[0]:
            continue
        declared = entry.source_forms()
        for form in (*declared, *_script_forms(declared)):
            if _usable(form):
                table.setdefault(form, (_pick(targets, form), f"glossary:{entry.id}"))
    for key, value in vocabulary_table(locale, vocabulary, source_region).items():
        table.setdefault(key, value)
    for key, value in _regional_table(locale):
        table.setdefault(key, value)
    for override in overrides:
        if override.locale != locale or not override.source:
            continue
        forms = (override.source, *_script_forms((override.source,)))
        if locale != "zh_Hans" and source_region == LOCALE_REGIONS.get(locale):
            # a Traditional target and a page of its own region: the rule converts a
            # Simplified spelling; the page's own Traditional spelling (Hong Kong 公佈)
            # is its writer's choice and stays
            forms = tuple(f for f in forms if f == override.source or _simplified_stable(f))
        for form in forms:
            if _usable(form):
                table[form] = (override.target, f"override:{override.id}")
    return table


def _simplified_stable(form: str) -> bool:
    return convert_plain(form, "t2s") == form


@lru_cache(maxsize=8)
def _regional_table(locale: str) -> tuple[tuple[str, tuple[str, str]], ...]:
    """Names (``names.csv``) and boundary phrases (``boundary_phrases.csv``) for ``locale``.

    A name is found in its Simplified spelling and in every region's form and written
    in the locale's form (贝克汉姆, 貝克漢 -> zh_HK 碧咸). A boundary phrase is found in
    its Simplified spelling only: it corrects OpenCC's segmentation of Simplified text.
    """
    if locale not in ("zh_Hant", "zh_TW", "zh_HK"):
        return ()
    table: dict[str, tuple[str, str]] = {}
    for row in regional_names():
        target = row.form(locale)
        if not target:
            continue
        spellings = [row.simplified, *(form for _loc, form in row.forms)]
        for spelled in dict.fromkeys(spellings):
            if _usable(spelled):
                table.setdefault(spelled, (target, f"name:{row.simplified}"))
    for row in boundary_phrases():
        target = row.form(locale)
        if target and _usable(row.simplified):
            table.setdefault(row.simplified, (target, f"boundary:{row.simplified}"))
    return tuple(table.items())


def vocabulary_table(
    locale: str, vocabulary: Sequence[VocabularyRow], source_region: str
) -> dict[str, tuple[str, str]]:
    """Regional words of ``source_region`` (CN, TW, HK) -> ``locale``'s word, any script.

    Nothing when the source's region is the target's (a Taiwan page keeps its own
    words in zh_TW) or the target has no region (zh_Hant). An unknown source region
    ("") converts as neutral: only a word both other regions write alike (Taiwan and
    Hong Kong 軟件 never, 視頻 never; 軟體 -> 软件 only when a row's two forms agree), so
    a Hong Kong page of unknown region keeps its 獅子山 (Taiwan's Sierra Leone). A
    source word the target also accepts stays (Hong Kong ``影片|視頻``). Spellings are
    matched in both scripts, so a Simplified source finds 软件 and a Traditional one 軟件.
    """
    region = LOCALE_REGIONS.get(locale, "")
    if not region or region == source_region or not vocabulary:
        return {}
    sources = tuple(
        loc for loc, r in LOCALE_REGIONS.items() if r and r != region and r in (source_region or r)
    )
    return dict(_vocabulary_table(locale, tuple(vocabulary), sources, not source_region))


@lru_cache(maxsize=32)
def _vocabulary_table(
    locale: str,
    vocabulary: tuple[VocabularyRow, ...],
    source_locales: tuple[str, ...],
    neutral: bool = False,
) -> tuple[tuple[str, tuple[str, str]], ...]:
    table: dict[str, tuple[str, str]] = {}
    chosen = []
    for row in vocabulary:
        targets = row.forms(locale)
        if not targets or not targets[0]:
            continue
        if neutral:  # only words every possible source region writes (資訊, 影片)
            per_region = [
                {convert_plain(w, "t2s") for w in row.forms(loc) if w} for loc in source_locales
            ]
            shared = set.intersection(*per_region) if per_region else set()
            sources = [w for loc in source_locales for w in row.forms(loc)]
            words = (*targets, *(w for w in sources if convert_plain(w, "t2s") in shared))
        else:
            words = (*targets, *(w for loc in source_locales for w in row.forms(loc)))
        chosen.append((row, targets, words))
    simple = _converted_each([w for _r, _t, words in chosen for w in words], "t2s")
    full = _converted_each([w for _r, _t, words in chosen for w in words], "s2t")
    for row, targets, words in chosen:
        for word in words:
            for spelled in dict.fromkeys((word, simple[word], full[word])):
                if _usable(spelled) and spelled not in table:
                    table[spelled] = (_pick(targets, word), f"vocabulary:{row.id}")
    return tuple(table.items())


def _converted_each(words: Sequence[str], config: str) -> dict[str, str]:
    """Each word converted alone, in one OpenCC call (lines never join: one word per line)."""
    unique = list(dict.fromkeys(w for w in words if "\n" not in w and "\r" not in w))
    out = convert_plain("\n".join(unique), config).split("\n")
    if len(out) != len(unique):  # pragma: no cover - an engine that maps a line break
        out = [convert_plain(word, config) for word in unique]
    found = dict(zip(unique, out, strict=True))
    return {w: found[w] if w in found else convert_plain(w, config) for w in words}


def _phrase_pattern(phrases: Sequence[str]) -> re.Pattern[str] | None:
    return _cached_pattern(tuple(sorted(set(phrases))))


@lru_cache(maxsize=256)
def _cached_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One capturing alternation that finds the longest phrase at the leftmost position.

    Phrases are grouped by first character (``中(?:芯國際|芯国际)``), longest
    first within a group: ``re`` tries alternatives in order at the leftmost
    position where any matches, so this is leftmost-longest matching, the rule
    of :class:`pipeline.matching.PhraseMatcher`. Every alternative starts with
    a literal character, which lets ``re`` skip quickly to the characters that
    can start a phrase; grouping keeps the work at each of those small. A
    phrase that starts or ends with a letter or digit matches only on a word
    boundary (H20 not in H200).
    """
    if not phrases:
        return None
    groups: dict[str, list[str]] = {}
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        groups.setdefault(phrase[0], []).append(phrase)
    alternatives: list[str] = []
    for first in sorted(groups):
        first_word = re.fullmatch(_WORD, first) is not None
        head = re.escape(first) + (f"(?<!{_WORD}.)" if first_word else "")
        tails = []
        for phrase in groups[first]:
            tail = re.escape(phrase[1:])
            if re.fullmatch(_WORD, phrase[-1]):
                tail += f"(?!{_WORD})"
            tails.append(tail)
        alternatives.append(head + (tails[0] if len(tails) == 1 else f"(?:{'|'.join(tails)})"))
    return re.compile("(" + "|".join(alternatives) + ")")


#: Up to this many shielded spellings ``re`` splits faster than Aho-Corasick (measured on
#: the article with its glossary); the vocabulary's thousands go through the automaton.
SMALL_PHRASE_SET = 400


@lru_cache(maxsize=32)
def _splitter(phrases: tuple[str, ...]) -> Callable[[str], list[str]]:
    """``pattern.split`` (runs and phrases alternating), by one Aho-Corasick pass.

    ``re`` tries the alternatives of a large alternation one by one at every position
    that may start a phrase; with the vocabulary's thousands of phrases that cost
    several times OpenCC itself. pyahocorasick's ``iter_long`` gives the same
    leftmost-longest, non-overlapping matches in C. A phrase edged by a letter or digit
    must sit on a word boundary (H20 not in H200); when a match fails that test, the
    text is split by the pattern instead, which knows the next-longest alternative.
    That pattern is compiled only then: compiling an alternation of thousands of
    phrases costs more than a whole project's conversions, and most texts never need it.
    """
    import ahocorasick

    automaton = ahocorasick.Automaton()
    edged: set[str] = set()
    for phrase in phrases:
        automaton.add_word(phrase.translate(SPELLING), len(phrase))
        if re.match(_WORD, phrase[0]) or re.match(_WORD, phrase[-1]):
            edged.add(phrase)
    automaton.make_automaton()
    iter_long = automaton.iter_long
    word = re.compile(_WORD)

    def split(text: str) -> list[str]:
        parts: list[str] = []
        position = 0
        for end, length in iter_long(text.translate(SPELLING)):
            last = (end + 1) // SYMBOLS - 1
            start = last + 1 - length
            if edged and text[start : last + 1] in edged:
                before = text[start - 1] if start else ""
                after = text[last + 1] if last + 1 < len(text) else ""
                if (before and word.match(before) and word.match(text[start])) or (
                    after and word.match(after) and word.match(text[last])
                ):
                    return _cached_pattern(phrases).split(text)  # type: ignore[union-attr]
            parts.append(text[position:start])
            parts.append(text[start : last + 1])
            position = last + 1
        parts.append(text[position:])
        return parts

    return split


#: Configurations whose output is Simplified (explanations look up t2s ambiguity).
_TO_SIMPLIFIED = frozenset({"t2s", "tw2s", "tw2sp", "hk2s", "hk2sp"})


class ScriptRun:
    """A run converted across scripts by OpenCC, then the regional fixes OpenCC lacks.

    OpenCC writes 週一 for 周一 even where 周一 starts a person's name (周一鸣); the
    source's context decides (:func:`pipeline.regional.keep_names`).
    """

    def __init__(
        self,
        config: str,
        engine: Callable[[str], str],
        *,
        keep: Mapping[str, frozenset[str]] | None = None,
        shapes: dict[int, str] | None = None,
    ) -> None:
        self.config = config
        self.engine = engine
        self.names = config not in _TO_SIMPLIFIED
        #: Source characters kept where OpenCC writes one of the listed forms (zh_TW: 台
        #: for 臺, 占 for 佔; ``characters.csv`` rows ``tw-keep``).
        self.keep = dict(keep or {})
        self._keep_find = (
            re.compile(f"[{re.escape(''.join(sorted(self.keep)))}]") if self.keep else None
        )
        #: Output shapes rewritten afterwards (zh_HK: OpenCC's 説 税 温 -> the press's 說 稅 溫).
        self.shapes = shapes
        # tw2s knows Taiwan shapes only: Hong Kong's 衞, 綫, 着 go through their Taiwan shape
        self._shapes = str.maketrans(tw_variants()) if config == "tw2s" else None

    def __call__(self, text: str) -> str:
        source = text.translate(self._shapes) if self._shapes is not None else text
        out = str(self.engine(source))
        if self.shapes:
            out = out.translate(self.shapes)
        if not self.names:
            return out
        out = keep_surnames(text, keep_names(text, out))
        if self._keep_find is not None and len(out) == len(text):
            chars: list[str] | None = None
            for match in self._keep_find.finditer(text):
                i = match.start()
                c = text[i]
                if out[i] in self.keep[c]:
                    chars = chars or list(out)
                    chars[i] = c
            if chars is not None:
                out = "".join(chars)
        return out

    def trace(self, text: str, offset: int = 0) -> list[Change]:
        out = self(text)
        direction = "t2s" if self.config in _TO_SIMPLIFIED else "s2t"

        def uncertain(i: int, before: str, after: str) -> bool:
            # an ambiguous character whose form is OpenCC's default for it alone
            return ambiguous(before, direction) is not None and str(self.engine(before)) == after

        changes = diff_changes(text, out, f"opencc:{self.config}", offset, uncertain)
        return [
            c
            if c.reason
            else Change(
                c.start,
                c.end,
                c.source,
                c.result,
                c.rule,
                "OpenCC default for the character" if c.uncertain else "OpenCC",
                c.uncertain,
            )
            for c in changes
        ]


class Converter:
    """Convert text for one target: an OpenCC configuration plus shielded phrases.

    ``replacements`` maps each source spelling to the text that replaces it
    (see :func:`shield_table`). Calling the converter converts a string of any
    length; line structure is kept. ``run`` replaces the plain OpenCC call on the
    text between shielded phrases (a :class:`pipeline.regional.Repair` for a
    target in the source's script); ``quotes`` restyles quotation marks first.

    >>> c = Converter("t2s", {"昇騰": "昇腾"})
    >>> c("華為昇騰")
    '华为昇腾'
    """

    def __init__(
        self,
        config: str,
        replacements: Mapping[str, str] | None = None,
        *,
        locale: str | None = None,
        include_tofu_risk: bool = INCLUDE_TOFU_RISK,
        run: Callable[[str], str] | None = None,
        quotes: str = "",
        rules: Mapping[str, str] | None = None,
        repairs: Callable[[tuple[Leftover, ...]], Repair] | None = None,
    ) -> None:
        self.config = check_config(config) if config else ""
        self.locale = locale
        self.include_tofu_risk = include_tofu_risk
        self.replacements: dict[str, str] = dict(replacements or {})
        #: source spelling -> the rule that shields it (glossary:id, override:id, vocabulary:id)
        self.rules: dict[str, str] = dict(rules or {})
        self.quotes = quotes
        self.run = run
        #: With no article profile, a Repair per text from that text's own leftovers.
        self.repairs = repairs
        #: Something the user should be told about this conversion (printed by the CLI).
        self.note = ""
        self._opencc = (
            run
            if run is not None
            else opencc_function(self.config, include_tofu_risk=include_tofu_risk)
        )
        self._split: Callable[[str], list[str]] | None = None
        if len(self.replacements) > SMALL_PHRASE_SET:
            self._split = _splitter(tuple(sorted(self.replacements)))
        elif self.replacements:  # re's split is faster for a glossary-sized set
            pattern = _phrase_pattern(tuple(self.replacements))
            self._split = pattern.split if pattern is not None else None
        self._target = self.replacements.__getitem__

    def with_run(self, run: Callable[[str], str]) -> Converter:
        """This converter with another ``run`` (an article's repair): tables shared, not rebuilt."""
        twin = copy.copy(self)
        twin.run = twin._opencc = run
        twin.repairs = None
        return twin

    @property
    def shielded(self) -> int:
        """Number of shielded source spellings."""
        return len(self.replacements)

    @property
    def plain(self) -> bool:
        """Plain OpenCC output, byte for byte (no rules of ours)."""
        return self.run is None and not self.quotes and not self.replacements

    def __repr__(self) -> str:
        return f"Converter({self.config!r}, locale={self.locale!r}, shielded={self.shielded})"

    def __call__(self, text: str) -> str:
        return self.convert(text)

    def run_function(self, text: str) -> Callable[[str], str]:
        """What converts the runs of ``text`` (between shielded phrases)."""
        return self._run_for(text)

    def _run_for(self, text: str) -> Callable[[str], str]:
        if self.repairs is not None:
            return self.repairs(find_leftovers(text))
        return self._opencc

    def convert(self, text: str) -> str:
        """``text`` converted, shielded phrases written in their target form."""
        if self.quotes:
            text = restyle_quotes(text, self.quotes)
        run = self._run_for(text)
        if self._split is None:
            return str(run(text))
        parts = self._split(text)
        if len(parts) == 1:  # no phrase in this text: one plain call
            return str(run(text))
        runs = parts[0::2]
        if RUN_SEPARATOR in text:
            pieces = [str(run(r)) if r else "" for r in runs]
        else:
            pieces = str(run(RUN_SEPARATOR.join(runs))).split(RUN_SEPARATOR)
            if len(pieces) != len(runs):  # an engine that maps U+0001 after all
                pieces = [str(run(r)) if r else "" for r in runs]
        parts[0::2] = pieces
        parts[1::2] = map(self._target, parts[1::2])
        return "".join(parts)

    def trace(self, text: str) -> tuple[Change, ...]:
        """Every change :meth:`convert` makes to ``text``, with the rule that made it.

        Offsets index ``text``. Slower than :meth:`convert` (runs are converted one by
        one); meant for ``--explain``, reviews and tests.
        """
        changes: list[Change] = []
        styled = restyle_quotes(text, self.quotes) if self.quotes else text
        changes.extend(quote_changes(text, styled))
        run = self._run_for(styled)
        parts = self._split(styled) if self._split is not None else [styled]
        position = 0
        for index, part in enumerate(parts):
            if index % 2:
                target = self.replacements[part]
                if target != part:
                    rule = self.rules.get(part, "shielded")
                    changes.append(
                        Change(
                            position,
                            position + len(part),
                            part,
                            target,
                            rule.split(":", 1)[0],
                            rule,
                        )
                    )
            elif part:
                tracer = getattr(run, "trace", None)
                if tracer is not None:
                    changes.extend(tracer(part, position))
                else:
                    out = str(run(part))
                    changes.extend(
                        diff_changes(
                            part, out, f"opencc:{self.config}", position, lambda i, a, b: False
                        )
                    )
            position += len(part)
        return merge_changes(changes)

    def segments(self, text: str) -> list[tuple[str, bool]]:
        """``text`` as ``(piece, shielded)`` pairs, for tests and explanations."""
        if self._split is None:
            return [(text, False)] if text else []
        parts = self._split(text)
        return [(p, i % 2 == 1) for i, p in enumerate(parts) if p]


_INLINE_CODE = re.compile(r"(`[^`\n]*`)")


def keep_inline_code(convert: Callable[[str], str]) -> Callable[[str], str]:
    """Wrap a converter so Markdown inline code (```code```) is left as it is.

    >>> keep_inline_code(str.upper)("a `b` c")
    'A `b` C'
    """

    def run(text: str) -> str:
        if "`" not in text:
            return convert(text)
        parts = _INLINE_CODE.split(text)
        return "".join(part if i % 2 else convert(part) for i, part in enumerate(parts))

    return run


def converter_for_locale(
    locale: str,
    source_script: str,
    glossary: Sequence[GlossaryEntry] = (),
    overrides: Sequence[ConversionOverride] = (),
    opencc_config: str | None = None,
    *,
    mapping: Mapping[str, Mapping[str, str]] | None = None,
    include_tofu_risk: bool = INCLUDE_TOFU_RISK,
    vocabulary: Sequence[VocabularyRow] = (),
    profile: Profile | None = None,
    quotes: Mapping[str, str] | None = None,
) -> Converter:
    """The converter that writes ``locale`` from a ``source_script`` text (Hant, Hans, mixed).

    ``opencc_config`` defaults to the locale mapping (``Config.opencc_config``;
    :data:`pipeline.config.DEFAULT_OPENCC` when ``mapping`` is not given). An empty
    configuration means the target has the source's script: the text is kept as
    written and only leftovers are repaired (:class:`pipeline.regional.Repair`),
    with the article's ``profile`` deciding which ambiguous characters are leftovers
    (without one, each converted text is its own profile). Regional vocabulary
    applies from the profile's region to the locale's; ``quotes`` maps locales to
    their quote style (default :data:`pipeline.config.DEFAULT_QUOTES`). Converters
    are cached.
    """
    from .config import DEFAULT_OPENCC, DEFAULT_QUOTES

    if opencc_config is None:
        table = (mapping if mapping is not None else DEFAULT_OPENCC).get(
            "Hans" if source_script == "Hans" else "Hant", {}
        )
        opencc_config = table.get(locale, "")
    region = (
        profile.region
        if profile is not None and profile.region
        else ("CN" if source_script == "Hans" else "")
    )
    style = (DEFAULT_QUOTES if quotes is None else quotes).get(locale, "")
    base = _cached_converter(
        locale,
        opencc_config,
        tuple(glossary),
        tuple(overrides),
        include_tofu_risk,
        tuple(vocabulary),
        region,
        style,
        "Hans" if source_script == "Hans" else "Hant",
    )
    if opencc_config or profile is None:
        return base
    # The target has the source's script: the article's leftovers decide its repair,
    # the one part of the converter that is the article's own.
    repairs = _repair_factory(
        locale, "Hans" if source_script == "Hans" else "Hant", include_tofu_risk, region
    )
    return base.with_run(repairs(profile.leftovers))


#: Hong Kong newspaper shapes that OpenCC's s2hk also writes; every other HK-standard
#: shape s2hk gives (説 税 温 户 麪 峯 啓) is written as Hong Kong papers print it.
HK_PRESS_SHAPES = frozenset("裏着綫衞")


@lru_cache(maxsize=2)
def hk_news_shapes(include_tofu_risk: bool = INCLUDE_TOFU_RISK) -> dict[int, str]:
    """``str.translate`` table: s2hk's Hong Kong-standard shapes -> Hong Kong press shapes.

    Built from OpenCC's own variant tables (hk2t, then t2tw) over the CJK block, keeping
    the four shapes Hong Kong papers do print (裏 着 綫 衞).
    """
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    joined = "\n".join(chars)
    hk2t = opencc_function("hk2t", include_tofu_risk=include_tofu_risk)
    t2tw = opencc_function("t2tw", include_tofu_risk=include_tofu_risk)
    folded = str(t2tw(str(hk2t(joined)))).split("\n")
    if len(folded) != len(chars):  # pragma: no cover - an engine that joins lines
        return {}
    return {
        ord(a): b
        for a, b in zip(chars, folded, strict=True)
        if len(b) == 1 and a != b and a not in HK_PRESS_SHAPES
    }


#: Source characters each locale keeps where OpenCC's default for the character alone
#: would change them: 台 everywhere (Taiwan and Hong Kong news, and zh_Hant, write 台北,
#: 平台, 一台), 占 only in Taiwan (Hong Kong writes 佔).
_KEEP = {"zh_TW": "台占", "zh_Hant": "台", "zh_HK": "台"}

#: A Taiwan page converted to zh_HK takes the Hong Kong press shapes (這裡 -> 這裏).
TW_TO_HK_SHAPES = {"裡": "裏", "衛": "衞", "線": "綫"}


@lru_cache(maxsize=16)
def _repair_factory(
    locale: str, script: str, include_tofu_risk: bool, region: str = ""
) -> Callable[[tuple[Leftover, ...]], Repair]:
    """Repairs for a target in the source's script, one per set of article leftovers.

    What all articles share (the characters no text of the target's script writes, the
    OpenCC engines, the leftover phrases) is computed once per target; an article adds
    only its leftover characters.
    """
    engine = partial(opencc_function, include_tofu_risk=include_tofu_risk)
    if script == "Hans":  # zh_Hans from a Simplified source
        always = traditional_only(engine("t2s"))
        s2tw, tw2s = engine("s2tw"), engine("tw2s")
        simplified = Repair(
            # 著 is decided on the Traditional form: 显著 -> 顯著 -> 显著, 意味著 -> 意味着
            decide=lambda text: tw2s(s2tw(text)),
            to_simplified=None,
            changeable=always | {"著"},
            always=always,
            direction="t2s",
        )
        return lambda leftovers: simplified
    always = simplified_only(engine("s2t"), engine("s2tw"), engine("s2hk"))
    mapped = dict(normalizations())
    if locale == "zh_TW":
        mapped.update(tw_variants())
    if locale == "zh_HK" and region == "TW":
        mapped.update(TW_TO_HK_SHAPES)
    phrases = leftover_phrases()
    decide = engine("s2hk" if locale == "zh_HK" else "s2tw")
    to_simplified = engine("t2s")
    particle = engine("tw2s") if locale == "zh_HK" else None

    @lru_cache(maxsize=256)
    def make(leftovers: tuple[Leftover, ...]) -> Repair:
        return Repair(
            decide=decide,
            to_simplified=to_simplified,
            changeable=always | {left.char for left in leftovers},
            always=always,
            leftovers=leftovers,
            mapped=mapped,
            phrases=phrases,
            particle=particle,
        )

    return make


@lru_cache(maxsize=64)
def _cached_converter(
    locale: str,
    config: str,
    glossary: tuple[GlossaryEntry, ...],
    overrides: tuple[ConversionOverride, ...],
    include_tofu_risk: bool,
    vocabulary: tuple[VocabularyRow, ...] = (),
    region: str = "",
    quotes: str = "",
    script: str = "Hant",
) -> Converter:
    """The converter of one (locale, configuration, tables, region, quotes, script).

    Building one costs the shield tables of every glossary term, override and
    regional word in both scripts, so it is built once per target and profile; with
    no configuration (the source's script) each text is its own profile until
    :func:`converter_for_locale` gives it the article's repair.
    """
    rules = shield_rules(locale, glossary, overrides, vocabulary, region)
    run: Callable[[str], str] | None = None
    repairs = None
    if not config:
        repairs = _repair_factory(locale, script, include_tofu_risk, region)
        run = repairs(())
    else:
        run = ScriptRun(
            check_config(config),
            opencc_function(config, include_tofu_risk=include_tofu_risk),
            keep={c: f for c, f in tw_keep().items() if c in _KEEP.get(locale, "")},
            shapes=hk_news_shapes(include_tofu_risk) if locale == "zh_HK" else None,
        )
    return Converter(
        config,
        {key: target for key, (target, _rule) in rules.items()},
        locale=locale,
        include_tofu_risk=include_tofu_risk,
        run=run,
        quotes=quotes,
        rules={key: rule for key, (_target, rule) in rules.items()},
        repairs=repairs,
    )


def converter_for_config(
    config: str,
    glossary: Sequence[GlossaryEntry] = (),
    overrides: Sequence[ConversionOverride] = (),
    *,
    include_tofu_risk: bool = INCLUDE_TOFU_RISK,
) -> Converter:
    """Converter for an OpenCC configuration name, shielding with its locale's forms.

    The locale comes from :data:`CONFIG_LOCALES` (s2twp -> zh_TW); a
    configuration with no locale (t2jp, a custom file) converts unshielded.
    """
    name = check_config(config)
    locale = CONFIG_LOCALES.get(name)
    if locale is None:
        return Converter(name, locale=None, include_tofu_risk=include_tofu_risk)
    return _plain_shielded(locale, name, tuple(glossary), tuple(overrides), include_tofu_risk)


@lru_cache(maxsize=64)
def _plain_shielded(
    locale: str,
    config: str,
    glossary: tuple[GlossaryEntry, ...],
    overrides: tuple[ConversionOverride, ...],
    include_tofu_risk: bool,
) -> Converter:
    """OpenCC ``config`` with glossary terms and overrides shielded, nothing else (``-c``)."""
    return Converter(
        config,
        shield_table(locale, glossary, overrides),
        locale=locale,
        include_tofu_risk=include_tofu_risk,
    )


def vocabulary_hits(vocabulary: Sequence[VocabularyRow]) -> Callable[[str], Counter[str]]:
    """A counter of region-exclusive words (CN, TW, HK) found in a text, in either script."""
    return _hits_matcher(tuple(vocabulary))


@lru_cache(maxsize=8)
def _hits_matcher(vocabulary: tuple[VocabularyRow, ...]) -> Callable[[str], Counter[str]]:
    from .regional import LOCALE_REGIONS

    words: dict[str, set[str]] = {}
    for row in vocabulary:
        for locale in ("zh_Hans", "zh_TW", "zh_HK"):
            for form in row.forms(locale):
                if form:
                    words.setdefault(convert_plain(form, "t2s"), set()).add(LOCALE_REGIONS[locale])
    exclusive = {word: next(iter(regions)) for word, regions in words.items() if len(regions) == 1}
    matcher: PhraseMatcher[str] = PhraseMatcher(exclusive)

    def hits(text: str) -> Counter[str]:
        return Counter(match.value for match in matcher.find(convert_plain(text, "t2s")))

    return hits


def article_profile(
    text: str,
    vocabulary: Sequence[VocabularyRow] = (),
    *,
    script: str | None = None,
    region: str = "",
) -> Profile:
    """Script, region and leftovers of an article (:func:`pipeline.regional.profile`)."""
    from .regional import profile

    found = script or detect_script(text)
    return profile(text, found, vocabulary_hits(vocabulary) if vocabulary else None, region)


def explain(converter: Converter, text: str, *, uncertain_only: bool = True) -> tuple[Change, ...]:
    """The choices a conversion of ``text`` made that a reviewer should look at.

    With ``uncertain_only`` (``zhl10n convert --explain``): ambiguous characters
    (干/幹/乾, 后/後, 周/週 ...) whose form no phrase rule decided. Otherwise every change
    with its rule. Each is a frozen :class:`pipeline.regional.Change`.
    """
    changes = converter.trace(text)
    return tuple(c for c in changes if c.uncertain) if uncertain_only else changes


# --- streaming -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StreamResult:
    """What one input stream gave: bytes read, characters converted, the converter used."""

    name: str
    bytes_read: int
    chars: int
    converter: Converter | None


class _Decoder:
    """Incremental decoding that knows the byte offset of an undecodable byte."""

    def __init__(self, encoding: str, name: str) -> None:
        try:
            self.encoding = codecs.lookup(encoding).name
        except LookupError:
            raise ConfigError(f"unknown encoding {encoding!r}") from None
        self._decoder = codecs.getincrementaldecoder(encoding)("strict")
        self.name = name
        self.fed = 0  # bytes given to the decoder so far

    def decode(self, data: bytes, final: bool = False) -> str:
        pending = self._pending()
        try:
            text = self._decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            raise self._error(exc, pending, data) from None
        self.fed += len(data)
        return text

    def pending(self) -> bytes:
        """Bytes fed but not yet decoded (the start of an unfinished character)."""
        return self._pending()

    def _pending(self) -> bytes:
        with contextlib.suppress(Exception):
            state = self._decoder.getstate()
            if isinstance(state, tuple) and state and isinstance(state[0], bytes):
                return state[0]
        return b""

    def _error(self, exc: UnicodeDecodeError, pending: bytes, data: bytes) -> DecodeError:
        # The decoder reports positions in pending + data; pending bytes were fed earlier.
        offset = self.fed - len(pending) + exc.start
        whole = pending + data
        bad = whole[exc.start : exc.start + 1] if exc.start < len(whole) else b""
        shown = f" (byte 0x{bad[0]:02x})" if bad else " (input ends inside a character)"
        return DecodeError(
            f"cannot decode as {self.encoding} at byte offset {offset}{shown}: {exc.reason}",
            self.name,
        )


def _read_chunks(source: IO[bytes], size: int) -> Iterator[bytes]:
    """Chunks of at most ``size`` bytes, as soon as available (``read1``) for pipes."""
    read = getattr(source, "read1", None) or source.read
    while True:
        chunk = read(size)
        if not chunk:
            return
        yield chunk


def _cut(text: str, limit: int) -> int:
    """Where to cut a line longer than ``limit``: after a safe character near the limit."""
    ends = [m.end() for m in _SAFE_CUT.finditer(text, limit // 2, limit)]
    return (
        ends[-1] if ends else limit
    )  # no punctuation or space in half a million characters: cut anyway


#: Unshielded configurations that one process converts faster than it can feed
#: workers (measured by benchmarks/bench_convert.py: plain t2s runs at 101% of the
#: raw binding in one process and 73% with two workers; phrase-heavy s2tw, s2twp
#: and s2hk gain from workers).
FASTER_IN_ONE_PROCESS = frozenset({"t2s"})


def _faster_alone(converter: Converter, jobs: int) -> bool:
    """Automatic jobs (0) stay in one process where workers only add overhead."""
    return jobs == 0 and not converter.shielded and converter.config in FASTER_IN_ONE_PROCESS


def resolve_jobs(jobs: int, load: float | None = None) -> int:
    """Worker processes for ``jobs`` (0: one per idle CPU, at most 8; 1: this process only).

    Automatic jobs count the CPUs this process may use minus the load average
    (``load``, measured now unless given): two workers on a machine whose second
    core is busy run slower than one process (69 % against 86 % of the raw
    binding for shielded s2tw), so a busy machine converts in one process.
    """
    if jobs < 0:
        raise ConfigError(f"--jobs must be 0 (automatic) or more, not {jobs}")
    if jobs == 0:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        cpus = cpus or os.cpu_count() or 1
        if load is None:
            try:
                load = os.getloadavg()[0]
            except OSError:  # not measurable here: assume an idle machine
                load = 0.0
        return max(1, min(round(cpus - load), cpus, 8))
    return jobs


def convert_stream(
    source: IO[bytes],
    sink: IO[bytes],
    converter: Converter | None = None,
    *,
    choose: Callable[[str], Converter] | None = None,
    encoding: str = "utf-8",
    name: str = "<stdin>",
    chunk_bytes: int = CHUNK_BYTES,
    max_line_chars: int = MAX_LINE_CHARS,
    flush: bool = False,
    jobs: int = 1,
    parallel_after: int = PARALLEL_AFTER,
) -> StreamResult:
    """Convert ``source`` to UTF-8 on ``sink`` in batches of whole lines, in constant memory.

    Each chunk read is decoded incrementally; its complete lines are converted
    in one call and written, the unfinished last line waits for the next
    chunk. Lines never share an OpenCC phrase, so the output equals converting
    the whole input at once. ``choose`` picks the converter from the first few
    thousand characters (``--to`` with a detected script) when ``converter`` is
    None. Undecodable input raises :class:`DecodeError` naming the byte offset.

    With ``jobs`` other than 1 (0: one per CPU), UTF-8 input that goes on past
    ``parallel_after`` bytes is converted by worker processes, batches written
    in order; small inputs never pay for starting them.
    """
    if converter is None and choose is None:
        raise ValueError("convert_stream needs a converter or a choose function")
    decoder = _Decoder(encoding, name)
    workers = resolve_jobs(jobs)
    chosen = converter
    carry = ""
    chars = 0
    write = sink.write

    def emit(batch: str) -> None:
        nonlocal chars
        assert chosen is not None
        chars += len(batch)
        write(chosen.convert(batch).encode("utf-8"))
        if flush:
            sink.flush()

    for chunk in _read_chunks(source, chunk_bytes):
        text = decoder.decode(chunk)
        carry = carry + text if carry else text
        if chosen is None:
            if len(carry) < DETECT_CHARS:
                continue
            assert choose is not None
            chosen = choose(carry)
        if (
            workers > 1
            and decoder.fed >= parallel_after
            and decoder.encoding == "utf-8"
            and not _faster_alone(chosen, jobs)
            and (
                chosen.plain
                or chosen.run is None
                or "fork" in multiprocessing.get_all_start_methods()
            )
        ):
            # Hand everything not yet converted to the workers.
            rest = carry.encode("utf-8") + decoder.pending()
            read, converted = _convert_parallel(
                source,
                sink,
                chosen,
                rest,
                base=decoder.fed - len(rest),
                name=name,
                workers=workers,
                chunk_bytes=max(chunk_bytes, PARALLEL_BATCH_BYTES),
                max_line_bytes=max_line_chars,
                flush=flush,
            )
            return StreamResult(name, decoder.fed + read, chars + converted, chosen)
        end = carry.rfind("\n") + 1
        while end == 0 and len(carry) > max_line_chars:
            cut = _cut(carry, max_line_chars)
            emit(carry[:cut])
            carry = carry[cut:]
            end = carry.rfind("\n") + 1
        if end:
            emit(carry[:end])
            carry = carry[end:]
    carry += decoder.decode(b"", final=True)
    if chosen is None:
        assert choose is not None
        chosen = choose(carry)
    if carry:
        emit(carry)
    return StreamResult(name, decoder.fed, chars, chosen)


# --- parallel streaming ------------------------------------------------------------------------
#
# OpenCC holds the GIL, so threads do not help; worker processes do. The parent
# only reads, cuts the bytes after the last newline of each chunk (in UTF-8 a
# newline byte is never part of another character), and writes results in
# order; each worker decodes, converts and encodes a batch. At most
# 2 x workers batches are in flight, so memory stays bounded.

_worker_converter: Converter | None = None


def _worker_init(
    config: str, replacements: dict[str, str], locale: str | None, include_tofu_risk: bool
) -> None:
    global _worker_converter
    _worker_converter = Converter(
        config, replacements, locale=locale, include_tofu_risk=include_tofu_risk
    )


def _worker_convert(data: bytes, base: int) -> tuple[bytes, int] | tuple[int, int, str]:
    """Converted batch and its length in characters, or (offset, bad byte, reason)."""
    assert _worker_converter is not None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (base + exc.start, data[exc.start], str(exc.reason))
    convert = _worker_converter.convert
    pieces = []
    start = 0
    size = CHUNK_BYTES // 3
    while start < len(text):  # cache-sized slices, cut where the sequential path would
        limit = start + size
        if limit >= len(text):
            end = len(text)
        else:
            end = text.rfind("\n", start, limit) + 1
            if end <= start:
                ends = [m.end() for m in _SAFE_CUT.finditer(text, start + size // 2, limit)]
                end = ends[-1] if ends else (text.find("\n", limit) + 1 or len(text))
        pieces.append(convert(text[start:end]))
        start = end
    return ("".join(pieces).encode("utf-8"), len(text))


_SAFE_CUT_BYTES = re.compile(
    b"|".join(
        re.escape(c.encode("utf-8")) for c in " \t\r,.;:!?()，。；：！？、（）「」『』《》“”‘’"
    )
)


def _cut_bytes(data: bytes, limit: int) -> int:
    """Like :func:`_cut`, on UTF-8 bytes (a whole character matched is a character boundary)."""
    ends = [m.end() for m in _SAFE_CUT_BYTES.finditer(data, limit // 2, limit)]
    if ends:
        return ends[-1]
    cut = limit
    while cut > 0 and 0x80 <= data[cut] < 0xC0:  # never inside a UTF-8 sequence
        cut -= 1
    return cut


def _convert_parallel(
    source: IO[bytes],
    sink: IO[bytes],
    converter: Converter,
    rest: bytes,
    *,
    base: int,
    name: str,
    workers: int,
    chunk_bytes: int,
    max_line_bytes: int,
    flush: bool,
) -> tuple[int, int]:
    """Convert the rest of ``source`` (after ``rest``) with worker processes."""
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    read = 0
    chars = 0
    pending: deque[Future[tuple[bytes, int] | tuple[int, int, str]]] = deque()
    offset = base  # source offset of buffer[0]
    buffer = rest

    def collect(future: Future[tuple[bytes, int] | tuple[int, int, str]]) -> None:
        nonlocal chars
        try:
            result = future.result()
        except BrokenProcessPool:
            raise ConversionError("a conversion worker process died; try --jobs 1", name) from None
        if len(result) == 3:
            at, byte, reason = result
            raise DecodeError(
                f"cannot decode as utf-8 at byte offset {at} (byte 0x{byte:02x}): {reason}", name
            )
        data, count = result
        chars += count
        sink.write(data)
        if flush:
            sink.flush()

    global _worker_converter
    if "fork" in multiprocessing.get_all_start_methods():
        # Forked workers inherit the converter with its dictionaries already loaded.
        _worker_converter = converter
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    else:  # pragma: no cover - spawn-only platforms build their own
        pool = ProcessPoolExecutor(
            workers,
            initializer=_worker_init,
            initargs=(
                converter.config,
                converter.replacements,
                converter.locale,
                converter.include_tofu_risk,
            ),
        )
    with pool:
        try:

            def submit(batch: bytes) -> None:
                nonlocal offset
                pending.append(pool.submit(_worker_convert, batch, offset))
                offset += len(batch)
                while len(pending) > 2 * workers:
                    collect(pending.popleft())

            for chunk in _read_chunks(source, chunk_bytes):
                read += len(chunk)
                buffer = buffer + chunk if buffer else chunk
                end = buffer.rfind(b"\n") + 1
                while end == 0 and len(buffer) > max_line_bytes:
                    cut = _cut_bytes(buffer, max_line_bytes)
                    submit(buffer[:cut])
                    buffer = buffer[cut:]
                    end = buffer.rfind(b"\n") + 1
                if end:
                    submit(buffer[:end])
                    buffer = buffer[end:]
            if buffer:
                submit(buffer)
            while pending:
                collect(pending.popleft())
        except BaseException:
            for future in pending:
                future.cancel()
            raise
        finally:
            _worker_converter = None
    return read, chars


@contextlib.contextmanager
def atomic_sink(path: Path) -> Iterator[IO[bytes]]:
    """The ``-o`` destination, as the README's output-file policy says (see ``fileio``)."""
    with output_sink(path) as sink:
        yield sink


def convert_paths(
    inputs: Sequence[Path | None],
    output: Path | None,
    *,
    stdin: IO[bytes],
    stdout: IO[bytes],
    converter: Converter | None = None,
    choose: Callable[[str], Converter] | None = None,
    encoding: str = "utf-8",
    jobs: int = 1,
) -> list[StreamResult]:
    """Convert each input (``None`` = standard input) in turn onto ``output`` or ``stdout``.

    Every input file is checked before anything is written; ``output`` is
    written atomically (temp file, then rename) when it is a regular file, so it
    may be one of the inputs and an error leaves the old file intact; a device or
    FIFO is written in place as a stream. ``choose`` runs once per input.
    ``jobs`` as in :func:`convert_stream`.
    """
    sources = list(inputs) or [None]
    for path in sources:
        if path is not None and not path.is_file():
            what = "is a folder" if path.is_dir() else "not found"
            raise InputFileError(f"input file {what}", path)
    codecs_name = _Decoder(encoding, "").encoding  # unknown encoding: fail before writing
    resolve_jobs(jobs)

    def run(sink: IO[bytes], flush: bool) -> list[StreamResult]:
        results = []
        for path in sources:
            if path is None:
                results.append(
                    convert_stream(
                        stdin,
                        sink,
                        converter,
                        choose=choose,
                        encoding=codecs_name,
                        flush=flush,
                        jobs=jobs,
                    )
                )
                continue
            try:
                handle = path.open("rb")
            except OSError as exc:
                raise InputFileError(f"cannot read: {exc.strerror or exc}", path) from None
            with handle:
                results.append(
                    convert_stream(
                        handle,
                        sink,
                        converter,
                        choose=choose,
                        encoding=codecs_name,
                        name=str(path),
                        jobs=jobs,
                    )
                )
        return results

    if output is None or str(output) == "-":
        try:
            return run(stdout, True)
        finally:
            with contextlib.suppress(OSError, ValueError):
                stdout.flush()
    with atomic_sink(output) as sink:
        return run(sink, False)
