"""Check rules and report formats as pure functions (the CLI tests are in test_check_cli.py)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.check import (
    RULES,
    Catalog,
    CheckResult,
    Target,
    check_catalogs,
    forbidden_term,
    inconsistent,
    kept_token,
    required_term,
    token_alternatives,
)
from pipeline.glossary import lint_glossary, load_glossary
from pipeline.models import CatalogUnit, GlossaryEntry, Violation
from pipeline.report import (
    format_github,
    format_json,
    format_junit,
    format_result,
    format_text,
    github_annotation,
    text_lines,
)

ASCEND = GlossaryEntry(
    "ascend", "昇騰", "昇腾", "Ascend", forbidden_en=("Shengteng",), case_sensitive=True
)
BIREN = GlossaryEntry("biren", "壁仞科技", "壁仞科技", "Biren Technology", forbidden_en=("Biren",))


def target(source: str, translation: str, locale: str = "en", ctx: str = "u1") -> Target:
    return Target(
        f"locales/{locale}/LC_MESSAGES/a.po", locale, CatalogUnit(ctx, source, translation, line=7)
    )


def test_required_term_pass_and_fail() -> None:
    assert required_term(ASCEND, "昇騰", target("昇騰", "Huawei's Ascend")) is None
    violation = required_term(ASCEND, "昇騰", target("昇騰", "Huawei's Shengteng"))
    assert violation is not None
    assert (violation.rule, violation.term, violation.expected) == (
        "required-term",
        "昇騰",
        "Ascend",
    )
    assert (violation.path, violation.line, violation.unit_id) == (
        "locales/en/LC_MESSAGES/a.po",
        7,
        "u1",
    )
    assert violation.found == "Shengteng"
    assert violation.message.endswith("; it has 'Shengteng' instead")
    other = required_term(ASCEND, "昇騰", target("昇騰", "Huawei's chip"))
    assert other is not None and other.found == "Huawei's chip"
    assert other.message == "昇騰 must be translated as 'Ascend', which the translation lacks"
    assert required_term(ASCEND, "昇騰", target("昇騰", "昇腾芯片", "zh_Hans")) is None
    assert required_term(ASCEND, "昇騰", target("昇騰", "升腾芯片", "zh_Hans")) is not None


def test_forbidden_word_inside_the_right_rendering_is_allowed() -> None:
    assert forbidden_term(BIREN, target("壁仞科技", "Biren Technology grows")) is None
    violation = forbidden_term(BIREN, target("壁仞科技", "Biren Technology, or Biren, grows"))
    assert violation is not None and violation.found == "Biren"
    assert forbidden_term(BIREN, target("壁仞科技", "Biren", "zh_Hans")) is None


SMIC = GlossaryEntry(
    "smic",
    "中芯國際",
    "中芯国际",
    "SMIC",
    en_alternatives=("Semiconductor Manufacturing International",),
    forbidden_en=("Zhongxin",),
)


def test_english_alternatives_are_accepted_and_allowed() -> None:
    assert required_term(SMIC, "中芯國際", target("中芯國際", "SMIC shares rose")) is None
    alternative = "Semiconductor Manufacturing International Corp. shares rose"
    assert required_term(SMIC, "中芯國際", target("中芯國際", alternative)) is None
    violation = required_term(SMIC, "中芯國際", target("中芯國際", "Zhongxin shares rose"))
    assert violation is not None and violation.expected == "SMIC"  # the house form is suggested
    assert violation.found == "Zhongxin"
    assert SMIC.forms("en") == ("SMIC", "Semiconductor Manufacturing International")


def test_glossary_en_cell_lists_alternatives(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text(
        "id,zh_Hant,zh_Hans,en,forbidden_en,kind\n"
        "smic,中芯國際,中芯国际,SMIC|Semiconductor Manufacturing International,"
        "Zhongxin,organisation\n"
        "x,甲乙,甲乙,Alpha|Beta,Beta,term\n",
        encoding="utf-8",
    )
    entries = {entry.id: entry for entry in load_glossary(path)}
    assert entries["smic"].en == "SMIC"
    assert entries["smic"].en_alternatives == ("Semiconductor Manufacturing International",)
    errors = lint_glossary(path).errors
    assert any("'Beta' is also listed in forbidden_en" in message for _, message in errors)
    assert not any("SMIC" in message for _, message in errors)


@pytest.mark.parametrize(
    ("token", "locale", "expected"),
    [
        ("80%", "zh_TW", ("80%",)),
        (
            "14nm",
            "en",
            (
                "14nm",
                "14 nm",
                "14-nm",
                "14 nanometre",
                "14 nanometres",
                "14-nanometre",
                "14 nanometer",
                "14 nanometers",
                "14-nanometer",
            ),
        ),
        ("3", "en", ("3", "three")),
        ("11", "en", ("11",)),
        ("chiplet", "en", ("chiplet", "Chiplet", "chiplets", "Chiplets")),
        ("GPU", "en", ("GPU", "GPUs")),
        ("H20", "en", ("H20",)),
        ("10,000", "en", ("10000",)),
    ],
)
def test_token_alternatives(token: str, locale: str, expected: tuple[str, ...]) -> None:
    assert token_alternatives(token, locale) == expected


@pytest.mark.parametrize(
    ("token", "translation", "ok"),
    [
        ("H20", "the H20 chip", True),
        ("H20", "the H200 chip", False),
        ("80%", "80 Percent", True),
        ("80%", "eighty percent", False),
        ("3", "Three ways", True),
        ("GPU", "gpus", False),
        ("10,000", "10,000 cards", True),
        ("1,000", "10,000 cards", False),
        ("2025", "by 2025.", True),
    ],
)
def test_kept_token_english(token: str, translation: str, ok: bool) -> None:
    assert (kept_token(token, target(token, translation)) is None) is ok


def test_full_width_numbers_count_as_ascii() -> None:
    result = check_catalogs(
        [Catalog("a.po", "en", (CatalogUnit("u", "達到８０％", "reaches 80 per cent"),))], []
    )
    assert result.violations == ()


def test_inconsistent_reports_every_place() -> None:
    a = target("同一句。", "Same sentence.", ctx="a")
    b = target("同一句。", "Same sentence.", ctx="b")
    c = target("同一句。", "The same sentence.", ctx="c")
    assert inconsistent([a, b]) == []
    violations = inconsistent([a, b, c])
    assert [v.unit_id for v in violations] == ["a", "b", "c"]
    assert "(c) 'The same sentence.'" in violations[0].message
    assert "(a) 'Same sentence.'" in violations[2].message and "(b)" in violations[2].message


def test_tokens_inside_terms_and_placeholders_are_not_double_reported() -> None:
    group = GlossaryEntry("g360", "360集團", "360集团", "360 Group")
    units = (CatalogUnit("u", "360集團見{link1}", "The group, see {link1}"),)
    result = check_catalogs([Catalog("a.po", "en", units)], [group])
    assert [(v.rule, v.term) for v in result.violations] == [("required-term", "360集團")]


def test_obsolete_entries_are_ignored_and_fuzzy_ones_only_count_as_incomplete() -> None:
    # Changed deliberately (issue 11): the build never uses a fuzzy entry, so its text is not
    # checked; it counts under `incomplete` (a warning, an error with --strict).
    units = (
        CatalogUnit("old", "昇騰", "Shengteng", obsolete=True),
        CatalogUnit("fz", "昇騰", "Shengteng", fuzzy=True),
    )
    result = check_catalogs([Catalog("a.po", "en", units)], [ASCEND])
    assert result.units == 1
    assert [(v.rule, v.severity) for v in result.violations] == [("incomplete", "warning")]
    strict = check_catalogs([Catalog("a.po", "en", units)], [ASCEND], strict=True)
    assert [(v.rule, v.severity) for v in strict.violations] == [("incomplete", "error")]


# --- reports ---------------------------------------------------------------------------------

NASTY = 'a <b> & "c" \x01 %, :: \n next'


def _result(*violations: Violation, catalogs: tuple[str, ...] = ("a.po", "b.po")) -> CheckResult:
    return CheckResult(violations=violations, catalogs=catalogs, units=3)


def _violation(message: str = "m", severity: str = "error", path: str = "a.po") -> Violation:
    return Violation(path, 3, "u1", "required-term", message, "en", "昇騰", "Ascend", "x", severity)


def test_text_groups_per_file() -> None:
    result = _result(_violation(), _violation(severity="warning", path="b.po"))
    assert format_text(result) == (
        "a.po\n  3: error: [required-term] u1: m (found: 'x')\n"
        "b.po\n  3: warning: [required-term] u1: m (found: 'x')\n"
        "1 error, 1 warning in 2 catalogs (3 units checked)\n"
    )
    assert [line.kind for line in text_lines(result)] == [
        "file",
        "error",
        "file",
        "warning",
        "summary",
    ]


def test_json_counts_every_rule() -> None:
    document = json.loads(format_json(_result(_violation())))
    assert list(document["summary"]["rules"]) == list(RULES)
    assert document["summary"] == {
        "errors": 1,
        "warnings": 0,
        "catalogs": 2,
        "units": 3,
        "strict": False,
        "rules": {rule: int(rule == "required-term") for rule in RULES},
        "suppressed": 0,  # added in issue 11
    }


def test_github_escaping() -> None:
    line = github_annotation(_violation(NASTY))
    assert "\n" not in line
    assert line.startswith("::error file=a.po,line=3,title=zhl10n required-term (u1)::a <b>")
    assert "%25%2C" not in line and "%25, :: %0A next" in line
    warning = github_annotation(Violation("d,1:x.po", 1, "", "incomplete", "m", severity="warning"))
    assert warning == "::warning file=d%2C1%3Ax.po,line=1,title=zhl10n incomplete::m"


def test_junit_clean_catalogs_still_have_suites() -> None:
    root = ET.fromstring(format_junit(_result()))
    assert [s.get("name") for s in root.iter("testsuite")] == ["a.po", "b.po"]
    assert all(s.get("tests") == str(len(RULES)) for s in root.iter("testsuite"))
    assert root.get("failures") == "0"


def test_junit_warnings_do_not_fail() -> None:
    root = ET.fromstring(format_junit(_result(_violation(severity="warning"))))
    assert root.get("failures") == "0"
    out = root.find("testsuite/testcase[@name='required-term']/system-out")
    assert out is not None and "warning" in (out.text or "")


@given(st.text(max_size=60))
def test_reports_stay_well_formed_for_any_text(message: str) -> None:
    result = _result(_violation(message))
    root = ET.fromstring(format_junit(result).encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert json.loads(format_json(result))["violations"][0]["message"] == message
    github = format_github(result).rstrip("\n").split("\n")
    assert len(github) == 2 and github[0].startswith("::error ")


def test_format_result_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        format_result(_result(), "xml")
