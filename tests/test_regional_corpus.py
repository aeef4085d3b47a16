"""The regional corpus: 32 pages (Taiwan, Hong Kong, mainland, converted) with golden output
for every Chinese locale, written as a native editor wants it (tests/data/regional/).

Each page ``<name>.txt`` has ``<name>.<locale>.txt`` goldens. ``make bench`` prints the errors
of each candidate engine over the same files (benchmarks/bench_regional.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.convert import Converter, article_profile, converter_for_locale
from pipeline.glossary import load_conversions, load_glossary, load_vocabulary

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "data" / "regional"
LOCALES = ("zh_Hans", "zh_Hant", "zh_TW", "zh_HK")
PAGES = sorted(p for p in CORPUS.glob("*.txt") if p.name.count(".") == 1)
GLOSSARY = load_glossary(REPO / "glossary.csv")
OVERRIDES = load_conversions(REPO / "pipeline" / "data" / "conversions.csv")
VOCABULARY = load_vocabulary(REPO / "pipeline" / "data" / "vocabulary.csv")

#: Pages where the output still differs from what the editor wants, and why. A test fails
#: when one of them starts to match, so the list only ever shrinks.
KNOWN_ERRORS = {
    ("hk-06-school", "zh_Hans"): "程式 -> 程序 needs a one-way row (程序 -> 程式 is wrong in news)",
}


def convert(text: str, locale: str) -> tuple[Converter, str]:
    found = article_profile(text, VOCABULARY)
    script = "Hans" if found.script == "Hans" else "Hant"
    converter = converter_for_locale(
        locale, script, GLOSSARY, OVERRIDES, vocabulary=VOCABULARY, profile=found
    )
    return converter, converter(text)


def test_corpus_size() -> None:
    regions = {p.name.split("-")[0] for p in PAGES}
    assert len(PAGES) >= 30 and regions == {"tw", "hk", "cn", "mix"}
    for page in PAGES:
        for locale in LOCALES:
            assert (CORPUS / f"{page.stem}.{locale}.txt").is_file(), (page.stem, locale)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_golden(page: Path, locale: str) -> None:
    text = page.read_text(encoding="utf-8")
    golden = (CORPUS / f"{page.stem}.{locale}.txt").read_text(encoding="utf-8")
    _converter, out = convert(text, locale)
    if (page.stem, locale) in KNOWN_ERRORS:
        assert out != golden, f"fixed: remove {(page.stem, locale)} from KNOWN_ERRORS"
    else:
        assert out == golden


OWN = [(p, "zh_TW") for p in PAGES if p.stem.startswith("tw-")] + [
    (p, "zh_HK") for p in PAGES if p.stem.startswith("hk-")
]


@pytest.mark.parametrize(("page", "locale"), OWN, ids=lambda x: getattr(x, "stem", x))
def test_own_locale_changes_only_what_a_rule_names(page: Path, locale: str) -> None:
    """Diff source and output: every changed character must carry a named rule."""
    text = page.read_text(encoding="utf-8")
    converter, out = convert(text, locale)
    changes = converter.trace(text)
    rebuilt = list(text)
    for change in sorted(changes, key=lambda c: c.start, reverse=True):
        assert change.rule and change.rule != "shielded", change
        assert re.fullmatch(
            r"glossary|override|vocabulary|quotes|leftover|simplified-only|particle|variant",
            change.rule,
        ), change
        rebuilt[change.start : change.end] = [change.result]
    assert "".join(rebuilt) == out  # the changes explain the whole difference
    # and nothing OpenCC's blanket conversion would do on its own
    assert not any(c.rule.startswith("opencc") for c in changes)


def test_reason_test_catches_an_unnamed_change() -> None:
    """The failing case: the old blanket s2tw changes characters no rule names."""
    text = (CORPUS / "tw-02-election.txt").read_text(encoding="utf-8")
    blanket = converter_for_locale("zh_TW", "Hant", opencc_config="s2tw")
    changes = blanket.trace(text)
    assert any(c.rule == "opencc:s2tw" for c in changes)
    assert {c.result for c in changes} >= {"幹", "準"}


def opencc_cases() -> list[tuple[str, str, str]]:
    """OpenCC's own reference cases (test/testcases/testcases.json, Apache-2.0)."""
    raw = (Path(__file__).resolve().parent / "data" / "opencc_testcases.json").read_text("utf-8")
    data = json.loads(re.sub(r",(\s*[}\]])", r"\1", raw))
    return [
        (case["id"], config, case["input"] + "\x00" + expected)
        for case in data["cases"]
        for config, expected in sorted(case["expected"].items())
    ]


def test_opencc_reference_cases_byte_identical_with_no_glossary() -> None:
    """Every case through the plain converter behind ``zhl10n convert --no-glossary``.

    The cases are written for the library's defaults, which include the tofu-risk
    dictionaries (``--include-tofu-risk-dictionaries``; off in both command lines).
    """
    import io

    from pipeline.convert import convert_stream

    cases = opencc_cases()
    assert len(cases) >= 540
    failures = []
    for case_id, config, pair in cases:
        source, expected = pair.split("\x00")
        sink = io.BytesIO()
        convert_stream(io.BytesIO(source.encode()), sink, Converter(config, include_tofu_risk=True))
        if sink.getvalue().decode() != expected:
            failures.append((case_id, config))
    assert failures == []
