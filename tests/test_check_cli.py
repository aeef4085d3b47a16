"""``zhl10n check`` through the CLI: every rule failing and passing, formats, exit codes."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from pipeline.cli import app

DATA = Path(__file__).resolve().parent / "data" / "glossary"
EN_A = Path("locales/en/LC_MESSAGES/a.po")
EN_B = Path("locales/en/LC_MESSAGES/b.po")
HANS_A = Path("locales/zh_Hans/LC_MESSAGES/a.po")
TW_A = Path("locales/zh_TW/LC_MESSAGES/a.po")


@pytest.fixture
def gproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of tests/data/glossary/project (clean: check exits 0) as the current folder."""
    root = tmp_path / "project"
    shutil.copytree(DATA / "project", root)
    monkeypatch.chdir(root)
    return root


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not exactly once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def po_line(path: Path, msgctxt: str) -> int:
    """The line of the ``msgstr`` of the entry with this msgctxt: where violations point.

    (Changed deliberately in issue 11: violations used to point at the entry's first line.)
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    ctx = next(i for i, line in enumerate(lines) if line == f'msgctxt "{msgctxt}"')
    return next(i for i in range(ctx, len(lines)) if lines[i].startswith("msgstr")) + 1


def test_clean_project_passes(gproject: Path) -> None:
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "no violations in 4 catalogs (12 units checked)" in result.stdout


# --- required term ---------------------------------------------------------------------------


def test_ascend_replaced_by_shengteng_fails_naming_unit_term_and_both_words(
    gproject: Path,
) -> None:
    edit(EN_A, "Huawei's Ascend 910B chip", "Huawei's Shengteng 910B chip")
    result = run("check")
    assert result.exit_code == 1
    out = result.stdout
    assert str(EN_A) in out
    line = po_line(EN_A, "a-title")
    assert f"{line}: error: [required-term] a-title: 昇騰 must be translated as 'Ascend'" in out
    assert "which the translation lacks; it has 'Shengteng' instead" in out
    assert f"{line}: error: [forbidden-term] a-title: forbidden rendering 'Shengteng'" in out
    assert "1 catalog" not in out and "2 errors, 0 warnings in 4 catalogs" in out


def test_required_term_case_sensitive_row(gproject: Path) -> None:
    edit(EN_A, "Huawei's Ascend 910B chip", "Huawei's ascend 910B chip")
    result = run("check")
    assert result.exit_code == 1
    assert "[required-term] a-title: 昇騰 must be translated as 'Ascend'" in result.stdout


def test_required_term_case_insensitive_row_and_curly_apostrophe_pass(gproject: Path) -> None:
    # The clean fixture writes "Nvidia" (row: case_sensitive=no) and "Moore’s law".
    assert "Nvidia, Moore’s law" in EN_A.read_text(encoding="utf-8")
    assert run("check").exit_code == 0
    edit(EN_A, "Nvidia, Moore’s law", "Nvidia, Moore rule")
    result = run("check")
    assert result.exit_code == 1
    assert '摩爾定律 must be translated as "Moore\'s Law"' in result.stdout


def test_required_term_source_variant_counts(gproject: Path) -> None:
    # The source writes the variant 黃仁勛; the row's target is still required.
    edit(EN_A, "Jensen Huang returns", "Huang returns")
    result = run("check")
    assert result.exit_code == 1
    assert "黃仁勛 must be translated as 'Jensen Huang'" in result.stdout


def test_required_term_chinese_locale_uses_its_own_form(gproject: Path) -> None:
    edit(TW_A, 'msgstr "輝達的', 'msgstr "英偉達的')
    result = run("check", "--locale", "zh_TW")
    assert result.exit_code == 1
    assert str(TW_A) in result.stdout
    assert "英偉達 must be translated as '輝達', which the translation lacks; it has '英偉達'" in (
        result.stdout
    )
    assert run("check", "--locale", "zh_Hans").exit_code == 0


def test_required_term_simplified_exact_form(gproject: Path) -> None:
    edit(HANS_A, 'msgstr "华为昇腾910B芯片"', 'msgstr "华为升腾910B芯片"')
    result = run("check")
    assert result.exit_code == 1
    assert "昇騰 must be translated as '昇腾'" in result.stdout


def test_longest_match_wins(gproject: Path) -> None:
    # 中芯國際 (SMIC) contains 國際 (international): the clean fixture translates it "SMIC"
    # alone, and passes; 國際 on its own (a-p3-s1) does require "international".
    assert run("check").exit_code == 0
    edit(EN_A, "International markets", "Overseas markets")
    result = run("check")
    assert result.exit_code == 1
    assert "國際 must be translated as 'international'" in result.stdout
    assert "a-p2-s1" not in result.stdout


def test_untranslated_unit_is_not_checked_by_term_rules(gproject: Path) -> None:
    edit(EN_A, 'msgstr "Huawei\'s Ascend 910B chip"', 'msgstr ""')
    result = run("check")
    assert result.exit_code == 0
    assert "warning: [incomplete] a-title: untranslated unit" in result.stdout
    assert "required-term" not in result.stdout


# --- forbidden rendering ---------------------------------------------------------------------


def test_forbidden_rendering_even_next_to_the_right_one(gproject: Path) -> None:
    edit(EN_A, "Huawei's Ascend 910B chip", "Huawei's Ascend (Sheng  Teng) 910B chip")
    result = run("check")
    assert result.exit_code == 1
    assert "[forbidden-term] a-title: forbidden rendering 'Sheng  Teng' of 昇騰" in result.stdout
    assert "required-term" not in result.stdout


def test_forbidden_rendering_anywhere_in_english(gproject: Path) -> None:
    # b-p1-s2's source has no NVIDIA, but the forbidden rendering is still wrong.
    edit(EN_B, "Huawei announced a new plan.", "Huawei announced a plan like Yingweida.")
    result = run("check")
    assert result.exit_code == 1
    assert "[forbidden-term] b-p1-s2: forbidden rendering 'Yingweida' of 英偉達" in result.stdout


def test_forbidden_rendering_whole_words_only(gproject: Path) -> None:
    edit(EN_B, "Huawei announced a new plan.", "Huawei announced a plan (Huaweis).")
    assert run("check").exit_code == 0
    edit(EN_B, "(Huaweis)", "(Hua Wei)")
    assert run("check").exit_code == 1


# --- numbers and do-not-translate tokens -----------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "token"),
    [
        ("80 percent", "eight percent", "wrong magnitude: 80%"),
        ("80 percent", "most", "80% (80%) is missing"),
        ("30% by 2025", "30% soon", "2025年 (2,025) is missing"),
        ("14-nanometre", "advanced", "14nm from the source is missing"),
        ("10000 cards", "many cards", "10,000張 (10,000) is missing"),
        ("in three ways", "in several ways", "3個 (3) is missing"),
        ("the A100", "NVIDIA's flagship", "A100 from the source is missing"),
        ("Ascend 910B already", "Ascend chip already", "910B from the source is missing"),
    ],
)
def test_numbers_missing_fail(gproject: Path, old: str, new: str, token: str) -> None:
    # Figures are compared by value since issue 11, so the messages name the source figure
    # and its value; Latin tokens keep the old message.
    edit(EN_A, old, new)
    result = run("check")
    assert result.exit_code == 1
    rule = "number" if token[0].isdigit() or token.startswith("wrong") else "do-not-translate"
    assert f"[{rule}]" in result.stdout
    assert token in result.stdout


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("80 percent", "80%"),
        ("80 percent", "80 per cent"),
        ("14-nanometre", "14nm"),
        ("14-nanometre", "14 nm"),
        ("10000 cards", "10,000 cards"),
        ("in three ways", "in 3 ways"),
    ],
)
def test_number_equivalents_pass(gproject: Path, old: str, new: str) -> None:
    edit(EN_A, old, new)
    result = run("check")
    assert result.exit_code == 0, result.stdout


def test_latin_tokens_kept(gproject: Path) -> None:
    # "GPUs" counts for GPU (plural); dropping RISC-V does not.
    assert run("check").exit_code == 0
    edit(EN_A, "International markets, RISC-V and GPUs.", "International markets and GPUs.")
    result = run("check")
    assert result.exit_code == 1
    assert "[do-not-translate] a-p3-s1: token RISC-V from the source is missing" in result.stdout


def test_numbers_exact_in_chinese_locales(gproject: Path) -> None:
    edit(HANS_A, "已达A100的80%", "已达A100的八成")
    result = run("check", "--locale", "zh_Hans")
    assert result.exit_code == 1
    assert "[number] a-p1-s2: number 80% from the source is missing" in result.stdout


# --- consistency -----------------------------------------------------------------------------


def test_consistency_across_articles_reports_both_places(gproject: Path) -> None:
    edit(EN_B, "The market contest enters a new stage.", "The market rivalry enters a new phase.")
    result = run("check")
    assert result.exit_code == 1
    out = result.stdout
    assert f"{EN_A}\n" in out and f"{EN_B}\n" in out
    assert f"[consistency] a-p3-s2: same source translated differently elsewhere: {EN_B}:" in out
    assert f"[consistency] b-p1-s1: same source translated differently elsewhere: {EN_A}:" in out
    assert "'The market rivalry enters a new phase.'" in out


def test_consistency_is_per_locale(gproject: Path) -> None:
    # The same source in zh_Hans and en is of course translated differently.
    assert run("check").exit_code == 0


# --- placeholders ----------------------------------------------------------------------------


def test_placeholder_missing(gproject: Path) -> None:
    edit(EN_A, "see {link1}.", "see the link.")
    result = run("check")
    assert result.exit_code == 1
    assert "[placeholder] a-p2-s2: placeholder {link1} is missing" in result.stdout


def test_placeholder_invented(gproject: Path) -> None:
    edit(EN_A, "see {link1}.", "see {link1} and {link2}.")
    result = run("check")
    assert result.exit_code == 1
    assert "[placeholder] a-p2-s2: placeholder {link2} is not in the source" in result.stdout


def test_placeholder_present_in_chinese_locale(gproject: Path) -> None:
    assert run("check", "--locale", "zh_TW").exit_code == 0
    edit(TW_A, 'msgstr "輝達的摩爾定律與算力，參見{link1}。"', 'msgstr "輝達的摩爾定律與算力。"')
    assert run("check", "--locale", "zh_TW").exit_code == 1


# --- incomplete, strict, severity ------------------------------------------------------------


def test_fuzzy_is_a_warning_unless_strict(gproject: Path) -> None:
    edit(EN_B, 'msgctxt "b-p1-s2"', '#, fuzzy\nmsgctxt "b-p1-s2"')
    result = run("check")
    assert result.exit_code == 0
    assert "warning: [incomplete] b-p1-s2: fuzzy unit" in result.stdout
    assert "0 errors, 1 warning" in result.stdout
    strict = run("check", "--strict")
    assert strict.exit_code == 1
    assert "error: [incomplete] b-p1-s2: fuzzy unit" in strict.stdout


def test_untranslated_fails_only_with_strict(gproject: Path) -> None:
    edit(EN_B, 'msgstr "Huawei announced a new plan."', 'msgstr ""')
    assert run("check").exit_code == 0
    result = run("check", "--strict")
    assert result.exit_code == 1
    assert "error: [incomplete] b-p1-s2: untranslated unit" in result.stdout


def test_incomplete_lines_show_the_source_sentence(gproject: Path) -> None:
    edit(EN_B, 'msgstr "Huawei announced a new plan."', 'msgstr ""')
    result = run("check")
    assert "[incomplete] b-p1-s2: untranslated unit (source: '華為公佈了新計劃。')" in (
        result.stdout
    )


def test_github_makes_one_incomplete_annotation_per_catalog(gproject: Path) -> None:
    edit(EN_B, 'msgstr "Huawei announced a new plan."', 'msgstr ""')
    edit(EN_B, 'msgstr "The market contest enters a new stage."', 'msgstr ""')
    edit(EN_A, "Huawei's Ascend 910B chip", "Huawei's Shengteng 910B chip")
    result = run("check", "--format", "github")
    lines = result.stdout.splitlines()
    gaps = [line for line in lines if "title=zhl10n incomplete" in line]
    first = po_line(EN_B, "b-p1-s1")
    assert gaps == [
        f"::warning file={EN_B},line={first},title=zhl10n incomplete (en)::"
        "2 untranslated units; the first at line "
        f"{first}: '市場博弈進入新階段。'"
    ]
    assert any("title=zhl10n required-term (a-title)" in line for line in lines)  # others stay
    strict = run("check", "--format", "github", "--strict").stdout.splitlines()
    assert [line[:8] for line in strict if "zhl10n incomplete" in line] == ["::error "]


def test_warning_row_does_not_fail(gproject: Path) -> None:
    edit(EN_A, "and computing power;", "and calculation force;")
    result = run("check")
    assert result.exit_code == 0
    assert "warning: [required-term] a-p2-s2: 算力 must be translated" in result.stdout
    assert "warning: [forbidden-term] a-p2-s2: forbidden rendering 'calculation force'" in (
        result.stdout
    )


# --- formats ---------------------------------------------------------------------------------


def _break_two_rules() -> None:
    edit(EN_A, "Huawei's Ascend 910B chip", "Huawei's Shengteng 910B chip")
    edit(EN_B, 'msgstr "Huawei announced a new plan."', 'msgstr ""')


def test_json_schema(gproject: Path) -> None:
    _break_two_rules()
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["version"] == 1
    keys = ["file", "line", "unit", "locale", "rule", "severity", "term", "expected", "found"]
    for violation in document["violations"]:
        assert list(violation) == [*keys, "message"]
    first = document["violations"][0]
    assert first["file"] == str(EN_A)
    assert first["line"] == po_line(EN_A, "a-title")
    assert (first["unit"], first["locale"], first["rule"]) == ("a-title", "en", "required-term")
    assert (first["term"], first["expected"]) == ("昇騰", "Ascend")
    assert "Shengteng" in first["found"]
    summary = document["summary"]
    assert (summary["errors"], summary["warnings"], summary["catalogs"]) == (2, 1, 4)
    assert summary["rules"]["forbidden-term"] == 1 and summary["rules"]["consistency"] == 0


def test_json_clean(gproject: Path) -> None:
    result = run("check", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["violations"] == []


def test_github_annotations(gproject: Path) -> None:
    _break_two_rules()
    result = run("check", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    line = po_line(EN_A, "a-title")
    assert lines[0].startswith(
        f"::error file={EN_A},line={line},title=zhl10n required-term (a-title)::昇騰 must be"
    )
    assert any(
        x.startswith(f"::warning file={EN_B},line=") and "untranslated unit" in x for x in lines
    )


def test_junit_xml(gproject: Path) -> None:
    _break_two_rules()
    edit(EN_A, 'msgctxt "a-p3-s2"', '#, fuzzy\nmsgctxt "a-p3-s2"')
    result = run("check", "--format", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout.encode("utf-8"))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {str(EN_A), str(EN_B), str(HANS_A), str(TW_A)}
    en_a = suites[str(EN_A)]
    assert en_a.get("failures") == "2"
    failed = {c.get("name") for c in en_a.iter("testcase") if c.find("failure") is not None}
    assert failed == {"required-term", "forbidden-term"}
    failure = en_a.find("testcase[@name='forbidden-term']/failure")
    assert failure is not None and "Shengteng" in (failure.text or "")
    assert suites[str(HANS_A)].get("failures") == "0"
    assert root.get("failures") == "2"


def test_output_file(gproject: Path, tmp_path: Path) -> None:
    _break_two_rules()
    target = tmp_path / "report.xml"
    result = run("check", "--format", "junit", "--output", str(target))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "2 errors, 1 warning in 4 catalogs" in result.stderr
    ET.fromstring(target.read_bytes())


def test_text_is_plain_when_not_a_terminal(gproject: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    _break_two_rules()
    result = run("check")
    assert "\x1b[" not in result.stdout


def test_text_is_coloured_on_a_terminal(gproject: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _break_two_rules()
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich's switch for "treat this as a terminal"
    result = run("check")
    assert result.exit_code == 1
    assert "\x1b[31m" in result.stdout  # errors in red
    assert "\x1b[33m" in result.stdout  # warnings in yellow


# --- bad input -------------------------------------------------------------------------------


def test_unknown_locale_exits_2(gproject: Path) -> None:
    result = run("check", "--locale", "fr")
    assert result.exit_code == 2
    assert "unknown locale 'fr'" in result.stderr


def test_malformed_po_exits_2_naming_file_and_line(gproject: Path) -> None:
    edit(EN_B, 'msgstr "Huawei announced a new plan."', 'msgstr "Huawei announced\nmsgid')
    result = run("check")
    assert result.exit_code == 2
    assert f"error: {EN_B}:" in result.stderr
    assert "Traceback" not in result.output


def test_missing_glossary_exits_2(gproject: Path) -> None:
    Path("glossary.csv").unlink()
    result = run("check")
    assert result.exit_code == 2
    assert "glossary.csv: glossary file not found" in result.stderr


def test_broken_glossary_exits_2(gproject: Path) -> None:
    edit(Path("glossary.csv"), "h20,H20,H20,,,,H20,H-20,", "h20,H20,H20,,,,H20,H-20,,")
    result = run("check")
    assert result.exit_code == 2
    assert "glossary.csv:10: 13 cells where the header has 12 columns" in result.stderr


def test_no_glossary_configured_still_checks_numbers(gproject: Path) -> None:
    Path("zhl10n.toml").write_text('glossary = ""\n', encoding="utf-8")
    Path("glossary.csv").unlink()
    assert run("check").exit_code == 0
    edit(EN_A, "by 2025", "soon")
    assert run("check").exit_code == 1


def test_config_option(gproject: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (gproject / "zhl10n.toml").write_text('locales = ["en", "zh_TW"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("--config", str(gproject / "zhl10n.toml"), "check")
    assert result.exit_code == 0
    assert "in 3 catalogs" in result.stdout


# --- the repository's own glossary and translation -------------------------------------------


def _seed_catalog(repo_root: Path, target: Path) -> None:
    """The repository's English catalog of the seed article."""
    source = repo_root / "locales/en/LC_MESSAGES/huang-visit-2025-07-21.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)


def test_shipped_glossary_on_seed_translation(
    repo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(repo_root / "glossary.csv", tmp_path / "glossary.csv")
    catalog = tmp_path / "locales/en/LC_MESSAGES/seed.po"
    _seed_catalog(repo_root, catalog)
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 0, result.stdout
    text = catalog.read_text(encoding="utf-8")
    assert "Ascend" in text
    catalog.write_text(text.replace("Ascend", "Shengteng"), encoding="utf-8")
    broken = run("check")
    assert broken.exit_code == 1
    assert "昇騰 must be translated as 'Ascend'" in broken.stdout
    assert "forbidden rendering 'Shengteng'" in broken.stdout


def test_pre_commit_hooks_declared(repo_root: Path) -> None:
    text = (repo_root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    start = text.index("\n- id: zhl10n-check\n") + 1
    hook = text[start : text.find("\n- id:", start + 1)]
    for line in ("entry: zhl10n check", "language: python", "pass_filenames: false"):
        assert f"  {line}\n" in hook
    assert r"files: \.(po|csv)$" in hook


# --- bad input in machine-readable formats (issue 11) ----------------------------------------


def _break_catalog() -> None:
    edit(EN_B, 'msgstr "Huawei announced a new plan."', 'msgstr "Huawei announced\nmsgid')


def test_bad_input_json_writes_an_error_object(gproject: Path) -> None:
    _break_catalog()
    result = run("check", "--format", "json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["version"] == 1 and "violations" not in document
    error = document["error"]
    assert list(error) == ["type", "message", "file", "line"]
    assert error["type"] == "CatalogError" and error["file"] == str(EN_B)
    assert isinstance(error["line"], int) and error["line"] > 0
    assert f"error: {EN_B}:" in result.stderr


def test_bad_input_junit_writes_a_failing_test_case(gproject: Path) -> None:
    _break_catalog()
    result = run("check", "--format", "junit")
    assert result.exit_code == 2
    root = ET.fromstring(result.stdout)
    (case,) = root.iter("testcase")
    assert case.get("name") == "input"
    failure = case.find("failure")
    assert failure is not None and str(EN_B) in (failure.get("message") or "")
    assert root.get("failures") == "1"


def test_bad_input_github_writes_an_error_annotation(gproject: Path) -> None:
    _break_catalog()
    result = run("check", "--format", "github")
    assert result.exit_code == 2
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"::error file={EN_B},line=")
    assert "title=zhl10n check (CatalogError)::" in line


def test_bad_input_report_file(gproject: Path, tmp_path: Path) -> None:
    Path("glossary.csv").unlink()
    target = tmp_path / "report.json"
    result = run("check", "--format", "json", "--output", str(target))
    assert result.exit_code == 2
    error = json.loads(target.read_text(encoding="utf-8"))["error"]
    assert error["type"] == "GlossaryError" and error["line"] is None
    assert "glossary file not found" in error["message"]


def test_unknown_locale_in_json(gproject: Path) -> None:
    result = run("check", "-l", "xx", "-f", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["type"] == "UnknownLocale"


def test_text_format_bad_input_writes_nothing_to_stdout(gproject: Path) -> None:
    _break_catalog()
    result = run("check")
    assert result.exit_code == 2 and result.stdout == ""


def test_suppressed_findings_are_counted_in_the_summary(gproject: Path) -> None:
    edit(EN_A, "Huawei's Ascend 910B chip", "Huawei's Shengteng 910B chip")
    assert run("check").exit_code == 1
    text = EN_A.read_text(encoding="utf-8")
    marked = text.replace(
        'msgctxt "a-title"',
        '# zhl10n-ignore: required-term 昇騰\n# zhl10n-ignore: forbidden-term\nmsgctxt "a-title"',
        1,
    )
    EN_A.write_text(marked, encoding="utf-8")
    result = run("check", "-f", "json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["summary"]["suppressed"] == 2
    assert "2 suppressed" in run("check").stdout
