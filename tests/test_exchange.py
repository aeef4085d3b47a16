"""XLIFF, TMX and glossary exchange with CAT tools (``zhl10n xliff|memory|glossary export``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, SLUG, copy_seed_catalogs
from lxml import etree
from typer.testing import CliRunner

from pipeline import catalog, xliff
from pipeline.cli import app

EN = Path("locales/en/LC_MESSAGES") / f"{SLUG}.po"
ZH_TW = Path("locales/zh_TW/LC_MESSAGES") / f"{SLUG}.po"
NS = {"x": xliff.NS}


@pytest.fixture
def ran(seeded: Path, runner: CliRunner) -> Path:
    copy_seed_catalogs(seeded)
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 0, result.output
    return seeded


def _export(root: Path, runner: CliRunner, *locales: str) -> dict[str, Path]:
    args = ["xliff", "export", "-q"]
    for locale in locales:
        args += ["-l", locale]
    assert runner.invoke(app, args).exit_code == 0
    return {locale: root / "build/xliff" / locale / f"{SLUG}.xlf" for locale in locales}


def test_xliff_export_carries_ids_languages_states_and_notes(ran: Path, runner: CliRunner) -> None:
    files = _export(ran, runner, "en", "zh_TW")
    tree = etree.parse(str(files["zh_TW"]))
    file = tree.find("x:file", NS)
    assert file is not None
    assert file.get("source-language") == "zh-Hant"
    assert file.get("target-language") == "zh-Hant-TW"
    units = tree.findall(".//x:trans-unit", NS)
    po = catalog.read_catalog(ran / ZH_TW)
    assert [u.get("id") for u in units] == [e.msgctxt for e in po if not e.obsolete]
    target = units[0].find("x:target", NS)
    assert target is not None and target.get("state-qualifier") == "mt-suggestion"
    notes = [n.text or "" for n in units[0].findall("x:note", NS)]
    assert any("glossary:" in note for note in notes)
    english = etree.parse(str(files["en"])).findall(".//x:trans-unit", NS)
    assert all(u.get("approved") == "yes" for u in english)
    assert all(u.find("x:target", NS).get("state-qualifier") is None for u in english)  # type: ignore[union-attr]


def _edit(path: Path, edits: dict[str, tuple[str, str]]) -> None:
    """Set ``unit id -> (target text, state)`` in an XLIFF file, as a CAT tool saves it."""
    tree = etree.parse(str(path))
    for unit in tree.findall(".//x:trans-unit", NS):
        if unit.get("id") in edits:
            text, state = edits[unit.get("id")]
            target = unit.find("x:target", NS)
            target.text = text  # type: ignore[union-attr]
            target.set("state", state)  # type: ignore[union-attr]
            target.attrib.pop("state-qualifier", None)  # type: ignore[union-attr]
            unit.attrib.pop("approved", None)
            if state == "final":
                unit.set("approved", "yes")
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)


def test_xliff_round_trip_keeps_approvals_and_corrections(ran: Path, runner: CliRunner) -> None:
    files = _export(ran, runner, "en", "zh_TW")
    en = [e for e in catalog.read_catalog(ran / EN) if not e.obsolete]
    tw = [e for e in catalog.read_catalog(ran / ZH_TW) if not e.obsolete]
    _edit(
        files["en"],
        {
            en[1].msgctxt: ("Revised in a CAT tool.", "final"),
            en[2].msgctxt: (en[2].msgstr, "needs-review-translation"),
        },
    )
    correction = tw[3].msgstr[:-1] + "！"
    _edit(files["zh_TW"], {tw[3].msgctxt: (correction, "final")})
    result = runner.invoke(app, ["xliff", "import", str(files["en"]), str(files["zh_TW"])])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["update"]).exit_code == 0
    after_en = {e.msgctxt: e for e in catalog.read_catalog(ran / EN)}
    assert after_en[en[1].msgctxt].msgstr == "Revised in a CAT tool."
    assert not after_en[en[1].msgctxt].fuzzy
    assert after_en[en[2].msgctxt].fuzzy and after_en[en[2].msgctxt].msgstr == en[2].msgstr
    untouched = [e for e in en[3:] if not after_en[e.msgctxt].fuzzy]
    assert len(untouched) == len(en) - 3 and all(
        after_en[e.msgctxt].msgstr == e.msgstr for e in untouched
    )
    fixed = next(e for e in catalog.read_catalog(ran / ZH_TW) if e.msgctxt == tw[3].msgctxt)
    assert fixed.msgstr == correction and not fixed.fuzzy
    assert not catalog.is_machine_owned(fixed)
    assert not catalog.marker_values(fixed, "machine")  # no stale ownership note
    again = runner.invoke(app, ["xliff", "import", str(files["zh_TW"])])
    assert "unchanged" in again.stdout  # importing twice changes nothing


def test_xliff_import_of_a_changed_source_comes_in_fuzzy_with_the_diff(
    ran: Path, runner: CliRunner
) -> None:
    files = _export(ran, runner, "en")
    en = [e for e in catalog.read_catalog(ran / EN) if not e.obsolete]
    tree = etree.parse(str(files["en"]))
    unit = tree.find(".//x:trans-unit", NS)
    assert unit is not None
    unit.find("x:source", NS).text = "舊的原文"  # type: ignore[union-attr]
    unit.find("x:target", NS).text = "Old text"  # type: ignore[union-attr]
    tree.write(str(files["en"]), encoding="UTF-8", xml_declaration=True)
    assert runner.invoke(app, ["xliff", "import", str(files["en"])]).exit_code == 0
    entry = next(e for e in catalog.read_catalog(ran / EN) if e.msgctxt == en[0].msgctxt)
    assert entry.fuzzy and entry.previous_msgid == "舊的原文" and entry.msgstr == "Old text"


@pytest.mark.parametrize(
    "content, message",
    [
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xliff/>', "document type"),
        (b"<xliff><file original='/etc/passwd'><body/></file></xliff>", "does not name a catalog"),
        (b"<xliff><file original='locales/en/LC_MESSAGES/../../x.po'/></xliff>", "does not name"),
        (b"<xliff><file", "not well-formed"),
        (b"<html/>", "not an XLIFF document"),
    ],
)
def test_bad_xliff_is_one_line_and_exit_2(
    ran: Path, runner: CliRunner, content: bytes, message: str
) -> None:
    bad = ran / "bad.xlf"
    bad.write_bytes(content)
    before = (ran / EN).read_bytes()
    result = runner.invoke(app, ["xliff", "import", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: bad.xlf") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (ran / EN).read_bytes() == before


def test_tmx_export_is_valid_tmx_1_4b_and_refills_a_fresh_project(
    ran: Path, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = ran / "memory-out.tmx"
    assert runner.invoke(app, ["memory", "export", "-o", str(exported)]).exit_code == 0
    dtd = etree.DTD(str(DATA / "exchange" / "tmx14.dtd"))
    document = etree.parse(str(exported))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()
    assert document.getroot().get("version") == "1.4"
    english = {e.msgid: e.msgstr for e in catalog.read_catalog(ran / EN) if e.msgstr}
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for name in ("articles", "glossary.csv", "conversions.csv", "corrections.csv"):
        source = ran / name
        if source.is_dir():
            shutil.copytree(source, fresh / name)
        elif source.exists():
            shutil.copy(source, fresh / name)
    monkeypatch.chdir(fresh)
    result = runner.invoke(app, ["memory", "import", str(exported)])
    assert result.exit_code == 0, result.output
    assert (fresh / "memory" / "memory-out.tmx").is_file()
    assert runner.invoke(app, ["run"]).exit_code == 0
    refilled = {e.msgid: e.msgstr for e in catalog.read_catalog(fresh / EN) if e.msgstr}
    assert refilled == english


def test_glossary_export_for_weblate_and_as_tbx(ran: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["glossary", "export", "-l", "zh_TW"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "source,target,explanation"
    assert any(line.startswith("芯片,晶片,") for line in lines)
    tbx = runner.invoke(app, ["glossary", "export", "-l", "en", "-f", "tbx"])
    root = etree.fromstring(tbx.stdout_bytes)
    assert root.tag == "tbx" and root.findall(".//conceptEntry")
    terms = [t.text for t in root.iter("term")]
    assert "昇騰" in terms and "昇腾" in terms and "Ascend" in terms
