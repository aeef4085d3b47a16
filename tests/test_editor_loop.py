"""The editor's and reviewer's loop: catalogs whose notes read right, builds that never
show a stale article, gates per article and locale, ``update`` after an article edit."""

from __future__ import annotations

from pathlib import Path

from conftest import SLUG, copy_seed_catalogs
from typer.testing import CliRunner

from pipeline import catalog
from pipeline.cli import app

EN = Path("locales/en/LC_MESSAGES") / f"{SLUG}.po"
ZH_TW = Path("locales/zh_TW/LC_MESSAGES") / f"{SLUG}.po"
ARTICLE = Path("articles") / f"{SLUG}.txt"


def _glossary_hints(path: Path) -> set[str]:
    return {
        line
        for entry in catalog.read_catalog(path)
        for line in (entry.comment or "").split("\n")
        if line.startswith("glossary: ")
    }


def test_zh_catalogs_hint_the_locale_form_and_english_keeps_english(
    seeded: Path, runner: CliRunner
) -> None:
    copy_seed_catalogs(seeded)
    assert runner.invoke(app, ["run"]).exit_code == 0
    assert "glossary: 芯片 → chip" in _glossary_hints(seeded / EN)
    taiwan = _glossary_hints(seeded / ZH_TW)
    assert "glossary: 芯片 → 晶片" in taiwan and "glossary: 英偉達 → 輝達" in taiwan
    assert not any(line.endswith("→ chip") for line in taiwan)
    # The hints are what update writes: the catalog stays up to date.
    assert runner.invoke(app, ["update", "--check"]).exit_code == 0


def test_a_reviewer_correction_loses_the_machine_note_and_keeps_its_text(
    seeded: Path, runner: CliRunner
) -> None:
    copy_seed_catalogs(seeded)
    assert runner.invoke(app, ["run"]).exit_code == 0
    po = catalog.read_catalog(seeded / ZH_TW)
    corrected = next(e for e in po if e.msgstr and len(e.msgid) > 20)
    assert catalog.marker_values(corrected, "machine")
    corrected.msgstr = corrected.msgstr[:-1] + "！"  # Poedit: the text edited, notes kept
    catalog.write_catalog(po, seeded / ZH_TW)
    # Only zhl10n's own note would change: not out of date.
    assert runner.invoke(app, ["update", "--check"]).exit_code == 0
    result = runner.invoke(app, ["update"])
    assert result.exit_code == 0, result.output
    kept = next(e for e in catalog.read_catalog(seeded / ZH_TW) if e.msgid == corrected.msgid)
    assert kept.msgstr == corrected.msgstr
    assert "zhl10n: machine" not in (kept.tcomment or "")
    assert runner.invoke(app, ["update"]).exit_code == 0  # and it stays a person's
    again = next(e for e in catalog.read_catalog(seeded / ZH_TW) if e.msgid == corrected.msgid)
    assert again.msgstr == corrected.msgstr and not catalog.is_machine_owned(again)


# --- builds never lie --------------------------------------------------------------------


BUILT_EN = Path("build/en") / f"{SLUG}.txt"
BUILT_TW = Path("build/zh_TW") / f"{SLUG}.txt"


def _edit_a_third_of_the_article(project: Path) -> None:
    """An edit that leaves a third of the English catalog fuzzy: below the 80 % threshold."""
    article = project / ARTICLE
    paragraphs = article.read_text(encoding="utf-8").split("\n\n")
    edited = [p.replace("。", "！") if i < 9 else p for i, p in enumerate(paragraphs)]
    article.write_text("\n\n".join(edited), encoding="utf-8")


def test_an_edition_below_the_threshold_is_removed_and_the_summary_says_why(
    seeded: Path, runner: CliRunner
) -> None:
    import json

    copy_seed_catalogs(seeded)
    assert runner.invoke(app, ["run", "-q"]).exit_code == 0
    assert (seeded / BUILT_EN).is_file()
    old = (seeded / BUILT_EN).read_text(encoding="utf-8")
    _edit_a_third_of_the_article(seeded)
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 0, result.output
    assert not (seeded / BUILT_EN).exists(), "the stale English edition stayed in build/"
    assert (seeded / BUILT_TW).is_file()  # the Chinese editions are built
    assert "！" in (seeded / BUILT_TW).read_text(encoding="utf-8") and old
    said = result.stdout + result.stderr
    assert f"en/{SLUG}: skipped: " in said and "below the 80% threshold" in said
    assert f"removed build/en/{SLUG}.txt" in said
    # stats says the same, in text and JSON.
    stats = runner.invoke(app, ["stats"])
    assert stats.exit_code == 0
    line = next(x for x in stats.stdout.splitlines() if " en " in f" {x} ")
    assert "skipped" in line
    document = json.loads(runner.invoke(app, ["stats", "--format", "json"]).stdout)
    edition = {row["locale"]: row["edition"] for row in document["catalogs"]}
    assert edition["en"]["status"] == "skipped" and "threshold" in edition["en"]["reason"]
    assert edition["zh_TW"] == {"status": "built", "reason": "", "path": str(BUILT_TW)}
    # run --format json carries it per article and locale.
    payload = json.loads(runner.invoke(app, ["run", "--force", "--format", "json"]).stdout)
    rows = {row["locale"]: row for row in payload["catalogs"]}
    assert rows["en"]["edition"]["status"] == "skipped" and not rows["en"]["built"]
    assert rows["zh_HK"]["edition"]["status"] == "built"


def test_an_edition_whose_translations_changed_since_it_was_built_is_stale(
    seeded: Path, runner: CliRunner
) -> None:
    import json

    copy_seed_catalogs(seeded)
    assert runner.invoke(app, ["run", "-q"]).exit_code == 0
    po = catalog.read_catalog(seeded / EN)
    fixed = next(entry for entry in po if entry.msgstr)
    fixed.msgstr += " "  # a translator's fix, not built yet
    catalog.write_catalog(po, seeded / EN)
    document = json.loads(runner.invoke(app, ["stats", "--format", "json"]).stdout)
    edition = {row["locale"]: row["edition"] for row in document["catalogs"]}
    assert edition["en"]["status"] == "stale" and edition["zh_TW"]["status"] == "built"
    assert runner.invoke(app, ["build"]).exit_code == 0
    document = json.loads(runner.invoke(app, ["stats", "--format", "json"]).stdout)
    assert all(row["edition"]["status"] == "built" for row in document["catalogs"])


# --- gates per article and locale --------------------------------------------------------


def test_a_check_error_holds_back_only_that_article_in_that_locale(
    seeded: Path, runner: CliRunner
) -> None:
    copy_seed_catalogs(seeded)
    (seeded / "articles" / "follow-up.txt").write_text(
        "華為的新計劃\n\n華為公佈了新計劃。\n", encoding="utf-8"
    )
    assert runner.invoke(app, ["extract", "-q"]).exit_code == 0
    assert runner.invoke(app, ["update", "-q"]).exit_code == 0
    po = catalog.read_catalog(seeded / "locales/en/LC_MESSAGES/follow-up.po")
    for entry in po:
        entry.msgstr = (
            "Hua Wei's new plan"
            if entry.msgid.startswith("華為的")
            else ("Hua Wei announced a new plan.")
        )  # a forbidden rendering: a check error in this catalog only
    catalog.write_catalog(po, seeded / "locales/en/LC_MESSAGES/follow-up.po")
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 1
    assert (seeded / BUILT_EN).is_file(), "a clean article's English was held back"
    assert not (seeded / "build/en/follow-up.txt").exists()
    assert (seeded / "build/zh_TW/follow-up.txt").is_file()
    said = result.stdout + result.stderr
    assert "en/follow-up: skipped: check found 4 errors in this catalog" in said
    assert f"en/{SLUG}: skipped" not in said and "zh_TW/follow-up: skipped" not in said


# --- update after an article edit --------------------------------------------------------


def test_update_after_an_article_edit_extracts_first(seeded: Path, runner: CliRunner) -> None:
    copy_seed_catalogs(seeded)
    assert runner.invoke(app, ["run", "-q"]).exit_code == 0
    article = seeded / ARTICLE
    article.write_text(
        article.read_text(encoding="utf-8").replace("910B", "910C", 1), encoding="utf-8"
    )
    check = runner.invoke(app, ["update", "--check"])
    assert check.exit_code == 1
    assert f"template out of date: {ARTICLE}" in check.stdout
    result = runner.invoke(app, ["update"])
    assert result.exit_code == 0, result.output
    assert f"extracted locales/{SLUG}.pot ({ARTICLE} changed)" in result.stdout
    fuzzy = [e for e in catalog.read_catalog(seeded / EN) if e.fuzzy]
    assert len(fuzzy) == 1 and "910C" in fuzzy[0].msgid
    assert runner.invoke(app, ["update", "--check"]).exit_code == 0
