"""The whole pipeline through `zhl10n run`, as an editor, a translator and CI use it."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, SLUG, copy_seed_catalogs
from typer.testing import CliRunner

from pipeline.catalog import catalog_units
from pipeline.cli import app, command_reference

EN_PO = Path("locales/en/LC_MESSAGES") / f"{SLUG}.po"
TW_PO = Path("locales/zh_TW/LC_MESSAGES") / f"{SLUG}.po"
ARTICLE = Path("articles") / f"{SLUG}.txt"
TITLE_ID = "76ad727cf0"


@pytest.fixture
def repo_copy(seeded: Path) -> Path:
    """The project with the repository's own catalogs (the English translation included)."""
    return copy_seed_catalogs(seeded)


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha1(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and p.name != ".lock"
        and ".venv" not in p.parts
        and ".zhl10n-cache" not in p.parts  # the incremental state, not a project file
    }


def unit(path: Path, msgctxt: str) -> object:
    return next(u for u in catalog_units(path) if u.msgctxt == msgctxt)


def test_run_builds_all_five_locales_and_twice_changes_no_byte(
    repo_copy: Path, runner: CliRunner
) -> None:
    first = runner.invoke(app, ["run"])
    assert first.exit_code == 0, first.output
    for locale in ("en", "zh_Hans", "zh_Hant", "zh_TW", "zh_HK"):
        assert (repo_copy / "build" / locale / f"{SLUG}.txt").is_file()
    assert "files written" in first.stdout and "\nzh_TW " in first.stdout
    before = digest(repo_copy)
    second = runner.invoke(app, ["run"])
    assert second.exit_code == 0
    assert digest(repo_copy) == before
    assert runner.invoke(app, ["check", "--strict"]).exit_code == 0


def test_english_catalog_is_complete_and_guarded_by_the_glossary(
    repo_copy: Path, runner: CliRunner
) -> None:
    units = [u for u in catalog_units(repo_copy / EN_PO) if not u.obsolete]
    assert len(units) == 33
    assert all(u.msgstr and not u.fuzzy for u in units)
    po = repo_copy / EN_PO
    po.write_text(po.read_text(encoding="utf-8").replace("Ascend", "Shengteng"), "utf-8")
    result = runner.invoke(app, ["check", "--locale", "en"])
    assert result.exit_code == 1
    assert "昇騰" in result.stdout and "Shengteng" in result.stdout and "Ascend" in result.stdout
    assert "5f71e9291c" in result.stdout  # the unit is named


def test_editing_then_reverting_a_sentence(repo_copy: Path, runner: CliRunner) -> None:
    article = repo_copy / ARTICLE
    original = article.read_text(encoding="utf-8")
    translation = unit(repo_copy / EN_PO, TITLE_ID).msgstr  # type: ignore[attr-defined]
    article.write_text(original.replace("博弈進入新階段", "博弈邁入新階段"), encoding="utf-8")
    assert runner.invoke(app, ["run", "-q"]).exit_code == 0  # fuzzy is a warning...
    assert runner.invoke(app, ["check", "--strict"]).exit_code == 1  # ...an error when strict
    po_text = (repo_copy / EN_PO).read_text(encoding="utf-8")
    assert "#, fuzzy" in po_text and "#| msgid" in po_text and translation in po_text
    article.write_text(original, encoding="utf-8")
    assert runner.invoke(app, ["run", "-q"]).exit_code == 0
    restored = unit(repo_copy / EN_PO, TITLE_ID)
    assert restored.msgstr == translation and not restored.fuzzy  # type: ignore[attr-defined]
    assert runner.invoke(app, ["check", "--strict"]).exit_code == 0


def test_fuzzy_chinese_unit_is_built_from_the_conversion_not_the_raw_source(
    repo_copy: Path, runner: CliRunner
) -> None:
    tw = repo_copy / TW_PO
    text = tw.read_text(encoding="utf-8")
    # A reviewer's correction of the title: machine note removed, text changed.
    block = re.search(
        r'# zhl10n: machine \w+\n(?:#[.:,][^\n]*\n)*msgctxt "76ad727cf0"\n'
        r'msgid "[^"]+"\nmsgstr "[^"]+"',
        text,
    )
    assert block is not None
    head, _, msgstr = block.group(0).rpartition("\nmsgstr ")
    corrected = (
        re.sub(r"# zhl10n: machine \w+\n", "", head)
        + "\nmsgstr "
        + msgstr.replace("突圍", "突破重圍")
    )
    tw.write_text(text.replace(block.group(0), corrected), encoding="utf-8")
    article = repo_copy / ARTICLE
    article.write_text(
        article.read_text(encoding="utf-8").replace("博弈進入新階段", "博弈邁入新階段"),
        encoding="utf-8",
    )
    assert runner.invoke(app, ["run", "-q", "--keep-going"]).exit_code == 0
    title = next(u for u in catalog_units(tw) if u.msgid.startswith("黃仁勛訪華") and u.fuzzy)
    assert "突破重圍" in title.msgstr  # the human correction survives, waiting for review
    built = (repo_copy / "build" / "zh_TW" / f"{SLUG}.txt").read_text(encoding="utf-8")
    first_line = built.splitlines()[0]
    assert first_line.startswith("黃仁勳訪華背後")  # converted fallback, never 黃仁勛…背后


def test_missing_glossary_stops_before_anything_is_written(
    repo_copy: Path, runner: CliRunner
) -> None:
    (repo_copy / "glossary.csv").unlink()
    before = digest(repo_copy)
    for command in (["run"], ["extract"], ["update"], ["build"], ["check"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, command
        assert "glossary.csv: glossary file not found" in result.stderr
        assert "Traceback" not in result.output
    assert digest(repo_copy) == before


def test_glossary_rejected_by_lint_stops_the_run(repo_copy: Path, runner: CliRunner) -> None:
    glossary = repo_copy / "glossary.csv"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace(",Ascend,", ",=Ascend,"), encoding="utf-8"
    )
    before = digest(repo_copy)
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 2 and "glossary.csv:2:" in result.stderr
    assert digest(repo_copy) == before


def test_extract_check_finds_templates_out_of_date(repo_copy: Path, runner: CliRunner) -> None:
    assert runner.invoke(app, ["extract", "--check"]).exit_code == 0
    article = repo_copy / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\n新的一段。\n", encoding="utf-8")
    before = digest(repo_copy)
    result = runner.invoke(app, ["extract", "--check"])
    assert result.exit_code == 1 and f"out of date: locales/{SLUG}.pot" in result.stdout
    assert digest(repo_copy) == before


def test_quiet_run_prints_nothing_when_all_is_well(repo_copy: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["run", "--quiet"])
    assert result.exit_code == 0 and result.output == ""


def test_run_skips_the_failing_locale_unless_keep_going(repo_copy: Path, runner: CliRunner) -> None:
    # Changed deliberately (issue 11): a failing English check used to skip every build; now
    # only the failing locale is skipped and the Chinese editions are still built.
    po = repo_copy / EN_PO
    po.write_text(po.read_text(encoding="utf-8").replace("Ascend", "Shengteng"), "utf-8")
    stopped = runner.invoke(app, ["run"])
    assert stopped.exit_code == 1
    said = f"en/{SLUG}: skipped: check found"  # per article and locale
    assert said in stopped.stderr and "--keep-going" in stopped.stderr
    assert not (repo_copy / "build" / "en").exists()
    for locale in ("zh_Hans", "zh_Hant", "zh_TW", "zh_HK"):
        assert (repo_copy / "build" / locale / f"{SLUG}.txt").is_file()
    going = runner.invoke(app, ["run", "--keep-going"])
    assert going.exit_code == 1 and (repo_copy / "build" / "en" / f"{SLUG}.txt").is_file()


def test_a_source_edit_that_makes_english_fuzzy_does_not_stop_the_run(
    repo_copy: Path, runner: CliRunner
) -> None:
    article = repo_copy / ARTICLE
    text = article.read_text(encoding="utf-8")
    assert text.count("A100的80%") == 1
    article.write_text(text.replace("A100的80%", "A100的85%"), encoding="utf-8")
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 0, result.output
    assert "warning: [incomplete]" in result.stderr and "fuzzy unit" in result.stderr
    for locale in ("en", "zh_Hans", "zh_Hant", "zh_TW", "zh_HK"):
        assert (repo_copy / "build" / locale / f"{SLUG}.txt").is_file(), locale
    assert "skipped" not in result.output

    shutil.rmtree(repo_copy / "build")
    strict = runner.invoke(app, ["run", "--strict"])
    assert strict.exit_code == 1
    assert f"en/{SLUG}: skipped: check found 1 error in this catalog" in strict.stderr
    assert not (repo_copy / "build" / "en").exists()
    for locale in ("zh_Hans", "zh_Hant", "zh_TW", "zh_HK"):
        assert (repo_copy / "build" / locale / f"{SLUG}.txt").is_file(), locale


def test_command_reference_is_current() -> None:
    page = (REPO / "docs" / "reference.md").read_text(encoding="utf-8")
    start = page.index("<!-- reference:start -->\n") + len("<!-- reference:start -->\n")
    end = page.index("<!-- reference:end -->")
    assert page[start:end] == command_reference(), "docs/reference.md is stale: run `make docs`"


def test_every_command_has_help_text() -> None:
    reference = command_reference()
    for name in ("extract", "update", "stats", "build", "convert", "doctor", "check", "run"):
        section = reference.split(f"### `zhl10n {name}`")[1].split("### ")[0]
        assert re.search(r"\n  \S", section), f"{name} has no help text"


def test_readme_shows_what_run_prints(repo_copy: Path, runner: CliRunner) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- run-output:start -->\n```\n") + len(
        "<!-- run-output:start -->\n```\n"
    )
    shown = readme[start : readme.index("```\n<!-- run-output:end -->")]
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 0
    assert result.stdout.split("files written")[0] == shown


def test_readme_excerpt_matches_the_catalogs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (zh_\w+|en) \| (.+) \|$", readme, flags=re.M))
    assert set(rows) == {"en", "zh_Hans", "zh_Hant", "zh_TW", "zh_HK"}
    for locale, shown in rows.items():
        po = REPO / "locales" / locale / "LC_MESSAGES" / f"{SLUG}.po"
        assert unit(po, "5f71e9291c").msgstr == shown.replace("**", "")  # type: ignore[attr-defined]


def test_orphan_template_is_reported_not_updated(repo_copy: Path, runner: CliRunner) -> None:
    (repo_copy / "articles" / "gone.txt").write_text("孤兒標題\n\n內容。\n", encoding="utf-8")
    assert runner.invoke(app, ["extract", "-q"]).exit_code == 0
    (repo_copy / "articles" / "gone.txt").unlink()
    result = runner.invoke(app, ["update"])
    assert result.exit_code == 0
    assert "locales/gone.pot: its article no longer exists" in result.stderr
    assert not (repo_copy / "locales" / "en" / "LC_MESSAGES" / "gone.po").exists()


def test_article_without_template_is_an_error(repo_copy: Path, runner: CliRunner) -> None:
    (repo_copy / "articles" / "new.txt").write_text("新標題\n\n內容。\n", encoding="utf-8")
    result = runner.invoke(app, ["update"])
    assert result.exit_code == 2 and "articles/new.txt: article has no template" in result.stderr


def test_correction_for_an_unknown_article_is_an_error(repo_copy: Path, runner: CliRunner) -> None:
    with (repo_copy / "corrections.csv").open("a", encoding="utf-8") as handle:
        handle.write("no-such,甲乙,丙丁,x\n")
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 2
    assert "corrections.csv:3: correction for unknown article 'no-such'" in result.stderr


def test_missing_catalog_fails_strict_check(repo_copy: Path, runner: CliRunner) -> None:
    (repo_copy / EN_PO).unlink()
    assert runner.invoke(app, ["check"]).exit_code == 0  # a warning without --strict
    result = runner.invoke(app, ["check", "--strict"])
    assert result.exit_code == 1 and "no catalog for this locale yet" in result.stdout


def test_nul_in_a_catalog_is_malformed(repo_copy: Path, runner: CliRunner) -> None:
    po = repo_copy / EN_PO
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgstr "Jensen', 'msgstr "\0Jensen'), "utf-8"
    )
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 2 and "NUL character" in result.stderr
    assert f"{EN_PO}:" in result.stderr


def test_empty_catalog_file_is_recreated_with_a_proper_header(
    repo_copy: Path, runner: CliRunner
) -> None:
    (repo_copy / EN_PO).write_bytes(b"")
    assert runner.invoke(app, ["update", "-q"]).exit_code == 0
    text = (repo_copy / EN_PO).read_text(encoding="utf-8")
    assert '"Language: en\\n"' in text and "Plural-Forms: nplurals=2" in text


def test_configured_encoding_for_one_article(repo_copy: Path, runner: CliRunner) -> None:
    (repo_copy / "articles" / "short.txt").write_bytes("台灣的晶片\n\n好。\n".encode("big5"))
    assert runner.invoke(app, ["run", "-q"]).exit_code == 2  # ambiguous: asks
    (repo_copy / "zhl10n.toml").write_text('[encodings]\nshort = "big5"\n', encoding="utf-8")
    result = runner.invoke(app, ["run", "-q", "--keep-going"])
    assert "ambiguous" not in result.output
    assert "台灣的晶片" in (repo_copy / "locales" / "short.pot").read_text(encoding="utf-8")


def test_quiet_run_prints_only_errors(repo_copy: Path, runner: CliRunner) -> None:
    article = repo_copy / ARTICLE
    article.write_text(
        article.read_text(encoding="utf-8").replace("博弈進入新階段", "博弈邁入新階段"), "utf-8"
    )
    result = runner.invoke(app, ["run", "-q"])  # only fuzzy warnings
    assert result.exit_code == 0 and result.output == ""


def test_no_colour_or_progress_bar_when_not_a_terminal(repo_copy: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 0
    assert "\x1b[" not in result.output and "━" not in result.output.split("Articles")[0]


MARKDOWN_ARTICLE = """# 芯片標題

導語提到`數據`和[官網](https://e.com/a_(b))。

## 一、小標

- 第一項芯片。
- 第二項。

結語。

    code 數據 stays
"""


def test_markdown_article_builds_as_markdown(project: Path, runner: CliRunner) -> None:
    # The paragraph before the code is new with the CommonMark parser: a four-space line
    # right after a list item continues the item (the old reader took it for code).
    (project / "articles" / "md.md").write_text(MARKDOWN_ARTICLE, encoding="utf-8")
    # 芯片 -> 晶片 in zh_TW comes from the vocabulary shipped with zhl10n
    result = runner.invoke(app, ["run", "-q", "--keep-going"])
    assert result.exit_code == 0, result.output
    built = (project / "build" / "zh_TW" / "md.md").read_text(encoding="utf-8")
    assert built == (
        "# 晶片標題\n\n導語提到`數據`和[官網](https://e.com/a_(b))。\n\n## 一、小標\n\n"
        "- 第一項晶片。\n- 第二項。\n\n結語。\n\n    code 數據 stays\n"
    )
