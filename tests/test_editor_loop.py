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
