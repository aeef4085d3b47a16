"""``zhl10n convert``: OpenCC over files or standard input, glossary terms shielded.

Works in any folder: a project's glossary, conversions and vocabulary are used
when present, files given on the command line instead when named.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..config import check_encoding
from ..convert import (
    Converter,
    StreamResult,
    article_profile,
    check_config,
    convert_paths,
    converter_for_config,
    converter_for_locale,
    detect_script,
    explain,
)
from ..errors import ConfigError, UnknownLocale
from ..glossary import load_glossary
from ..layers import rule_layers as layers_of
from ..models import CHINESE_LOCALES, ConversionOverride, GlossaryEntry, VocabularyRow
from ..regional import Change
from ..workspace import Workspace

#: ``--from`` values of ``convert``: detect the script, or take it as given.
CONVERT_SOURCES = ("auto", "zh_Hant", "zh_Hans", "zh_TW", "zh_HK")
#: --no-glossary from a Traditional source: OpenCC's configuration for the region's shapes.
_PLAIN_TRADITIONAL = {"zh_TW": "t2tw", "zh_HK": "t2hk"}
#: ``--from`` values that state the source's region as well as its script.
_STATED_REGIONS = {"zh_TW": "TW", "zh_HK": "HK", "zh_Hans": "CN"}


def shielding_data(
    ws: Workspace, *, glossary: Path | None = None, conversions: Path | None = None
) -> tuple[tuple[GlossaryEntry, ...], tuple[ConversionOverride, ...]]:
    """Glossary entries and conversion overrides to shield: the files given, else the project's.

    A file given explicitly must exist. ``convert`` works in any folder, so a
    project glossary that is simply absent means no shielding there; a present
    one must pass lint.
    """
    config = ws.config
    if glossary is not None:
        entries = load_glossary(glossary)
    elif config.glossary and config.glossary_path.is_file():
        entries = ws.glossary()
    else:
        entries = ()
    return entries, ws.layered_conversions(conversions).rows


def _vocabulary_for(ws: Workspace, vocabulary: Path | None) -> tuple[VocabularyRow, ...]:
    """The shipped vocabulary with the file given (it must exist) on top, else the
    project's if there is one."""
    return ws.layered_vocabulary(vocabulary).rows


def convert_files(
    ws: Workspace,
    inputs: Sequence[Path | None],
    output: Path | None,
    *,
    stdin: IO[bytes],
    stdout: IO[bytes],
    opencc_config: str | None = None,
    to_locale: str | None = None,
    from_locale: str = "auto",
    shield: bool = True,
    glossary: Path | None = None,
    conversions: Path | None = None,
    vocabulary: Path | None = None,
    encoding: str = "utf-8",
    include_tofu_risk: bool = False,
    jobs: int = 0,
) -> list[StreamResult]:
    """``zhl10n convert``: OpenCC over files or stdin, glossary terms shielded if ``shield``.

    ``opencc_config`` (any OpenCC configuration name) and ``to_locale`` are
    exclusive; with neither, ``s2t`` as in the ``opencc`` command line. With
    ``to_locale`` the configuration comes from the locale mapping and the
    script of each input (detected from its start unless ``from_locale``).
    """
    config = ws.config
    if opencc_config is not None and to_locale is not None:
        raise ConfigError("give either an OpenCC configuration (-c) or --to, not both")
    check_encoding(encoding, "--encoding")
    if from_locale not in CONVERT_SOURCES:
        raise ConfigError(
            f"--from must be one of {', '.join(CONVERT_SOURCES)}, not {from_locale!r}"
        )
    entries: tuple[GlossaryEntry, ...] = ()
    overrides: tuple[ConversionOverride, ...] = ()
    words: tuple[VocabularyRow, ...] = ()
    if shield:  # --no-glossary: the files are not even read
        entries, overrides = shielding_data(ws, glossary=glossary, conversions=conversions)
        words = _vocabulary_for(ws, vocabulary)
    converter: Converter | None = None
    choose: Callable[[str], Converter] | None = None
    if to_locale is None:
        name = check_config(opencc_config or "s2t")
        if shield:
            converter = converter_for_config(
                name, entries, overrides, include_tofu_risk=include_tofu_risk
            )
        else:
            converter = Converter(name, include_tofu_risk=include_tofu_risk)
    else:
        if to_locale not in CHINESE_LOCALES:
            raise UnknownLocale(
                f"--to must be one of {', '.join(CHINESE_LOCALES)}, not {to_locale!r}"
            )
        locale = to_locale

        def pick(sample: str) -> Converter:
            if from_locale == "auto":
                script = detect_script(sample)
            else:
                script = "Hans" if from_locale == "zh_Hans" else "Hant"
            if not shield:  # --no-glossary: the locale's OpenCC configuration, nothing else
                name = config.opencc_config(script, locale)
                if not name and script == "Hant":  # OpenCC's own shapes for the region
                    name = _PLAIN_TRADITIONAL.get(locale, "")
                plain = Converter(name, include_tofu_risk=include_tofu_risk)
                if not name:
                    plain.note = (
                        f"--no-glossary: the source is already Traditional and {locale} has "
                        "no OpenCC configuration for it, so the text is written unchanged "
                        "(without --no-glossary, leftovers are repaired)"
                    )
                return plain
            return converter_for_locale(
                locale,
                script,
                entries,
                overrides,
                mapping=config.opencc,
                include_tofu_risk=include_tofu_risk,
                vocabulary=words,
                profile=article_profile(
                    sample, words, script=script, region=_STATED_REGIONS.get(from_locale, "")
                ),
                quotes=config.quotes,
            )

        if from_locale == "auto":
            choose = pick
        else:
            converter = pick("")
    return convert_paths(
        inputs,
        output,
        stdin=stdin,
        stdout=stdout,
        converter=converter,
        choose=choose,
        encoding=encoding,
        jobs=jobs,
    )


@dataclass(frozen=True)
class Explanation:
    """One uncertain choice of ``zhl10n convert --explain``: where, and the change made."""

    name: str
    line: int
    change: Change
    #: The table the rule came from (``zhl10n`` for the shipped tables), when a rule decided.
    layer: str = ""

    def describe(self) -> str:
        c = self.change
        where = f" ({self.layer})" if self.layer else ""
        return (
            f"{self.name}:{self.line}:{c.start + 1}: {c.source} → {c.result} "
            f"[{c.rule}] {c.reason}{where}".rstrip()
        )


def explain_results(
    results: Sequence[StreamResult],
    inputs: Sequence[Path | None],
    *,
    stdin_data: bytes = b"",
    encoding: str = "utf-8",
    layers: Mapping[str, str] | None = None,
) -> list[Explanation]:
    """Per input line (``--explain``): each change a table rule made, with the table it
    came from (``layers``: rule name -> layer), and each ambiguous-character choice no
    phrase rule decided.

    Each input is read again (standard input from ``stdin_data``, kept by the caller)
    and traced line by line with the converter that converted it.
    """
    layers = layers or {}
    found: list[Explanation] = []
    sources = list(inputs) or [None]
    for result, path in zip(results, sources, strict=False):
        if result.converter is None:
            continue
        data = stdin_data if path is None else path.read_bytes()
        text = data.decode(encoding, errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            for change in explain(result.converter, line, uncertain_only=False):
                if change.uncertain or change.reason in layers:
                    found.append(
                        Explanation(result.name, number, change, layers.get(change.reason, ""))
                    )
    return found


def rule_layers(
    ws: Workspace,
    *,
    glossary: Path | None = None,
    conversions: Path | None = None,
    vocabulary: Path | None = None,
) -> dict[str, str]:
    """Rule name (``glossary:id``, ``override:id``, ``vocabulary:id``) -> the table it
    came from, for the same files ``convert`` read."""
    entries, overrides = shielding_data(ws, glossary=glossary, conversions=conversions)
    shown = ws.relative(glossary if glossary is not None else ws.config.glossary_path)
    found = {f"glossary:{entry.id}": shown for entry in entries}
    found.update(layers_of(_vocabulary_for(ws, vocabulary), overrides))
    return found
