"""The translator's loop as PO editors and GNU tools run it: fuzzy entries resolved
outside zhl10n, ``update --check`` judging content, tools that drop msgctxt."""

from __future__ import annotations

import json
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
    assert result.exit_code == 0, result.output
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


def test_follow_up_article_reuses_translations_and_a_correction(
    seeded: Path, runner: CliRunner
) -> None:
    """Six sentences of the seed reappear in a follow-up story: its English starts
    with their approved translations, and a zh_TW reviewer's correction reaches it
    instead of clashing with the machine text (no consistency error)."""
    copy_seed_catalogs(seeded)
    assert runner.invoke(app, ["run"]).exit_code == 0
    english = catalog.read_catalog(seeded / EN)
    repeated = [
        e.msgid
        for e in english
        if e.msgstr and not e.fuzzy and "paragraph" in (e.comment or "") and e.msgid[-1] == "。"
    ][:6]
    assert len(repeated) == 6
    zh_tw = catalog.read_catalog(seeded / ZH_TW)
    fixed = next(e for e in zh_tw if e.msgid == repeated[0])
    fixed.msgstr = fixed.msgstr[:-1] + "！"
    catalog.write_catalog(zh_tw, seeded / ZH_TW)
    follow_up = ["黃仁勛再訪北京：新一輪AI晶片博弈", *repeated, "分析人士認為，這一趨勢仍將持續。"]
    (seeded / "articles" / "follow-up.txt").write_text("\n\n".join(follow_up) + "\n", "utf-8")
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 0, result.output
    new_en = catalog.read_catalog(seeded / "locales/en/LC_MESSAGES/follow-up.po")
    filled = {e.msgid: e.msgstr for e in new_en if e.msgstr and not e.fuzzy}
    assert filled == {e.msgid: e.msgstr for e in english if e.msgid in repeated}
    new_tw = catalog.read_catalog(seeded / "locales/zh_TW/LC_MESSAGES/follow-up.po")
    reused = next(e for e in new_tw if e.msgid == repeated[0])
    assert reused.msgstr == fixed.msgstr and not catalog.is_machine_owned(reused)
    checked = runner.invoke(app, ["check", "--strict", "-f", "json"])
    report = json.loads(checked.stdout)
    assert report["summary"]["rules"]["consistency"] == 0, checked.stdout


def test_memory_off_leaves_new_units_untranslated(seeded: Path, runner: CliRunner) -> None:
    copy_seed_catalogs(seeded)
    (seeded / "zhl10n.toml").write_text('memory = "off"\n', encoding="utf-8")
    english = catalog.read_catalog(seeded / EN)
    repeated = next(e.msgid for e in english if e.msgstr and e.msgid[-1:] == "。")
    (seeded / "articles" / "follow-up.txt").write_text(repeated + "\n", "utf-8")
    assert runner.invoke(app, ["run"]).exit_code == 0
    new_en = catalog.read_catalog(seeded / "locales/en/LC_MESSAGES/follow-up.po")
    assert [e.msgstr for e in new_en if e.msgid == repeated] == [""]


def test_an_editor_that_reorders_entries_changed_no_translation(seeded: Path) -> None:
    """Sorting a catalog (Poedit, msgcat --sort-output) is layout: PO-Revision-Date stays,
    ``update --check`` passes, whatever minute it runs in."""
    import datetime as _dt

    from pipeline.commands.update import update
    from pipeline.config import Config
    from pipeline.workspace import Workspace

    copy_seed_catalogs(seeded)
    config = Config(root=seeded)
    update(Workspace(config), ["en"], now=_dt.datetime(2030, 1, 1, 0, 0, tzinfo=_dt.timezone.utc))
    path = seeded / EN
    blocks = path.read_text(encoding="utf-8").rstrip("\n").split("\n\n")
    path.write_text("\n\n".join([blocks[0], *reversed(blocks[1:])]) + "\n", encoding="utf-8")
    later = _dt.datetime(2030, 1, 1, 0, 7, tzinfo=_dt.timezone.utc)
    result = update(Workspace(config), ["en"], check=True, now=later)
    assert result.exit_code == 0 and [item.layout_only for item in result.catalogs] == [True]
    update(Workspace(config), ["en"], now=later)
    assert "2030-01-01 00:07" not in path.read_text(encoding="utf-8")
