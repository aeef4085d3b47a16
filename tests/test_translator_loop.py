"""The translator's loop as PO editors and GNU tools run it: fuzzy entries resolved
outside zhl10n, ``update --check`` judging content, tools that drop msgctxt."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import SLUG, copy_seed_catalogs, gettext_tool
from typer.testing import CliRunner

from pipeline import catalog
from pipeline.cli import app

EN = Path("locales/en/LC_MESSAGES") / f"{SLUG}.po"
ZH_TW = Path("locales/zh_TW/LC_MESSAGES") / f"{SLUG}.po"
ARTICLE = Path("articles") / f"{SLUG}.txt"


@pytest.fixture
def edited(seeded: Path, runner: CliRunner) -> Path:
    """The seed project after an editor changed one figure: its English entry is fuzzy."""
    copy_seed_catalogs(seeded)
    text = (seeded / ARTICLE).read_text(encoding="utf-8")
    assert "910B" in text
    (seeded / ARTICLE).write_text(text.replace("910B", "910C", 1), encoding="utf-8")
    result = runner.invoke(app, ["run"])
    assert result.exit_code in (0, 1), result.output
    fuzzy = [entry for entry in catalog.read_catalog(seeded / EN) if entry.fuzzy]
    assert len(fuzzy) == 1 and fuzzy[0].previous_msgid
    assert catalog.marker_values(fuzzy[0], "approved")  # zhl10n's own note
    return seeded


def _resolve_like_poedit(path: Path) -> None:
    """What Poedit writes when a translator fixes the text and clears "Needs work":
    the ``#, fuzzy`` flag and the ``#|`` lines go; translator comments stay."""
    lines = path.read_text(encoding="utf-8").split("\n")
    out: list[str] = []
    for line in lines:
        if line.startswith("#|"):
            continue
        if line == "#, fuzzy":
            continue
        out.append(line.replace("910B", "910C") if line.startswith("msgstr") else line)
    path.write_text("\n".join(out), encoding="utf-8")


def test_fuzzy_resolved_in_poedit_passes_update_check(edited: Path, runner: CliRunner) -> None:
    _resolve_like_poedit(edited / EN)
    result = runner.invoke(app, ["update", "--check"])
    assert result.exit_code == 0, result.output
    assert "tidy its own notes" in result.stderr


def test_fuzzy_resolved_with_msgattrib_passes_update_check(edited: Path, runner: CliRunner) -> None:
    msgattrib, msgcat = gettext_tool("msgattrib"), gettext_tool("msgcat")
    target = edited / EN
    text = target.read_text(encoding="utf-8").replace("Ascend 910B", "Ascend 910C")
    target.write_text(text, encoding="utf-8")
    cleared = edited / "cleared.po"
    subprocess.run(
        [msgattrib, "--clear-fuzzy", "--clear-previous", "-o", str(cleared), str(target)],
        check=True,
    )
    subprocess.run([msgcat, "--use-first", "-o", str(target), str(cleared)], check=True)
    cleared.unlink()
    result = runner.invoke(app, ["update", "--check"])
    assert result.exit_code == 0, result.output


def test_update_check_names_the_entries_that_differ(edited: Path, runner: CliRunner) -> None:
    target = edited / EN
    po = catalog.read_catalog(target)
    victim = next(entry for entry in po if entry.msgstr and not entry.fuzzy)
    po.remove(victim)  # a tool dropped a translated entry
    catalog.write_catalog(po, target)
    result = runner.invoke(app, ["update", "--check"])
    assert result.exit_code == 1
    assert f"out of date: {EN}" in result.stdout
    assert f"  {victim.msgctxt} (" in result.stdout and "not in the catalog yet" in result.stdout


def _toolkit(name: str) -> str:
    tool = Path(__import__("sys").executable).parent / name
    assert tool.exists(), f"{name} comes with translate-toolkit (dev extras)"
    return str(tool)


def test_xliff_round_trip_through_translate_toolkit_loses_no_approval(
    seeded: Path, runner: CliRunner
) -> None:
    """po2xliff -> a CAT tool -> xliff2po drops msgctxt; update restores it from the
    unit id, so no translation turns fuzzy and a zh_TW reviewer's correction stays."""
    copy_seed_catalogs(seeded)
    assert runner.invoke(app, ["run"]).exit_code == 0
    zh_tw = catalog.read_catalog(seeded / ZH_TW)
    corrected = next(entry for entry in zh_tw if entry.msgstr and len(entry.msgid) > 20)
    corrected.msgstr = corrected.msgstr[:-1] + "！"
    catalog.write_catalog(zh_tw, seeded / ZH_TW)
    before = {
        path: {(e.msgid, e.msgstr) for e in catalog.read_catalog(seeded / path) if e.msgstr}
        for path in (EN, ZH_TW)
    }
    for path in (EN, ZH_TW):
        xlf = seeded / "cat.xlf"
        subprocess.run([_toolkit("po2xliff"), str(seeded / path), str(xlf)], check=True)
        subprocess.run([_toolkit("xliff2po"), str(xlf), str(seeded / path)], check=True)
        assert all(not e.msgctxt for e in catalog.read_catalog(seeded / path) if e.msgid)
        xlf.unlink()
    result = runner.invoke(app, ["update"])
    assert result.exit_code == 0, result.output
    for path in (EN, ZH_TW):
        after = catalog.read_catalog(seeded / path)
        assert not [e for e in after if e.fuzzy or e.obsolete], path
        assert all(e.msgctxt for e in after), path
        assert {(e.msgid, e.msgstr) for e in after if e.msgstr} == before[path]
    kept = next(e for e in catalog.read_catalog(seeded / ZH_TW) if e.msgid == corrected.msgid)
    assert kept.msgstr == corrected.msgstr and not catalog.is_machine_owned(kept)
