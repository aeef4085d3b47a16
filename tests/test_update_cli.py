"""``zhl10n update`` / ``stats``, and the update, stats and compile commands."""

from __future__ import annotations

import datetime as _dt
import gettext
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import catalog
from pipeline.cli import app
from pipeline.commands.compile import compile_catalogs
from pipeline.commands.stats import stats
from pipeline.commands.update import update
from pipeline.config import Config
from pipeline.workspace import ConverterFactory, Workspace

DATA = Path(__file__).resolve().parent / "data" / "catalog"
SENTENCES = (DATA / "sentences.txt").read_text(encoding="utf-8").splitlines()
SLUG = "a"
NOW = _dt.datetime(2025, 9, 1, 12, 0, tzinfo=_dt.timezone.utc)


def uid(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def write_pot(root: Path, sentences: list[str], created: str = "2025-07-21 10:00+0000") -> Path:
    """The article made of these sentences (one paragraph each: one unit each, ids as
    :func:`uid` gives them) and the template extract writes for it."""
    from pipeline.commands.extract import extract
    from pipeline.config import load_config

    article = root / "articles" / f"{SLUG}.txt"
    article.parent.mkdir(parents=True, exist_ok=True)
    article.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    when = _dt.datetime.strptime(created, "%Y-%m-%d %H:%M%z")
    extract(Workspace(load_config(cwd=root)), now=when)
    path = root / "locales" / f"{SLUG}.pot"
    assert {entry.msgctxt for entry in catalog.read_catalog(path)} == {uid(s) for s in sentences}
    return path


def po_file(root: Path, locale: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / f"{SLUG}.po"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted((root / "locales").rglob("*"))
        if p.is_file()
    }


def to_taiwan(text: str) -> str:
    """A stand-in for the OpenCC converter (the conversion issue provides the real one)."""
    return text.replace("芯片", "晶片").replace("后", "後").replace("英偉達", "輝達")


def factory(calls: list[tuple[str, str, str]]) -> ConverterFactory:
    def converter_for(locale: str, source: str, slug: str) -> Callable[[str], str] | None:
        calls.append((locale, source, slug))
        return to_taiwan if locale.startswith("zh") else None

    return converter_for


@pytest.fixture
def config(project: Path) -> Config:
    write_pot(project, SENTENCES[:6])
    return Config(root=project)


# --- commands.update ---------------------------------------------------------------------------


def test_update_creates_a_catalog_per_locale_and_is_idempotent(config: Config) -> None:
    result = update(Workspace(config), now=NOW)
    assert [(c.locale, c.created, c.changed) for c in result.catalogs] == [
        (locale, True, True) for locale in config.locales
    ]
    for locale in config.locales:
        po = catalog.read_catalog(po_file(config.root, locale))
        assert po.metadata["Language"] == locale
        assert po.metadata["PO-Revision-Date"] == "2025-07-21 10:00+0000"
        assert [e.msgid for e in po] == SENTENCES[:6]
    before = snapshot(config.root)
    stamps = {p: p.stat().st_mtime_ns for p in config.root.rglob("*.po")}
    again = update(Workspace(config))
    assert not any(c.changed for c in again.catalogs)
    assert snapshot(config.root) == before
    assert {p: p.stat().st_mtime_ns for p in config.root.rglob("*.po")} == stamps


def test_update_merges_after_an_article_edit(config: Config) -> None:
    update(Workspace(config), ["en"], now=NOW)
    po_path = po_file(config.root, "en")
    po = catalog.read_catalog(po_path)
    for e in po:
        e.msgstr = "EN: " + e.msgid[:6]
    catalog.write_catalog(po, po_path)
    edited = SENTENCES[4].replace("戰略意圖", "真實意圖")
    write_pot(config.root, [*SENTENCES[:4], edited, SENTENCES[6]], created="2025-08-01 00:00+0000")
    result = update(Workspace(config), ["en"], now=NOW)
    report = result.catalogs[0].merge
    assert (report.exact, report.fuzzy, report.new, report.obsolete) == (4, 1, 1, 1)
    merged = catalog.read_catalog(po_path)
    fuzzy = next(e for e in merged if e.msgid == edited)
    assert fuzzy.fuzzy and fuzzy.previous_msgid == SENTENCES[4]
    assert merged.metadata["POT-Creation-Date"] == "2025-08-01 00:00+0000"
    assert merged.metadata["PO-Revision-Date"] == catalog.now_stamp(NOW)  # content changed
    assert [e.msgid for e in merged if e.obsolete] == [SENTENCES[5]]


def test_revision_date_stays_when_only_references_move(config: Config) -> None:
    update(Workspace(config), ["en"], now=NOW)
    date = catalog.read_catalog(po_file(config.root, "en")).metadata["PO-Revision-Date"]
    write_pot(config.root, SENTENCES[:6], created="2025-08-01 00:00+0000")
    pot = catalog.read_catalog(config.root / "locales" / f"{SLUG}.pot")
    for e in pot:
        e.occurrences = [(f"articles/{SLUG}.txt", str(int(e.occurrences[0][1]) + 2))]
    catalog.write_catalog(pot, config.root / "locales" / f"{SLUG}.pot")
    result = update(Workspace(config), ["en"], now=NOW + _dt.timedelta(days=1))
    assert result.catalogs[0].changed
    po = catalog.read_catalog(po_file(config.root, "en"))
    assert po.metadata["PO-Revision-Date"] == date
    assert po[0].occurrences == [(f"articles/{SLUG}.txt", "3")]


def test_update_fills_chinese_catalogs_through_the_converter_factory(config: Config) -> None:
    calls: list[tuple[str, str, str]] = []
    result = update(Workspace(config), converter_for=factory(calls))
    assert sorted(calls) == sorted((locale, "zh_Hant", SLUG) for locale in config.locales)
    fills = {c.locale: c.fill for c in result.catalogs}
    assert fills["en"] is None and fills["zh_TW"] is not None and fills["zh_TW"].filled == 6
    zh = catalog.read_catalog(po_file(config.root, "zh_TW"))
    assert all(catalog.is_machine_owned(e) and e.msgstr == to_taiwan(e.msgid) for e in zh)
    assert not any(e.msgstr for e in catalog.read_catalog(po_file(config.root, "en")))


def test_human_correction_in_zh_tw_survives_an_update_after_a_source_edit_elsewhere(
    config: Config,
) -> None:
    update(Workspace(config), ["zh_TW"], converter_for=factory([]), now=NOW)
    path = po_file(config.root, "zh_TW")
    po = catalog.read_catalog(path)
    corrected = po[2]  # a reviewer fixes the conversion of the third unit
    corrected.msgstr = "這一事件不僅反映全球AI晶片市場的格局變化。"
    catalog.write_catalog(po, path)
    edited = SENTENCES[4].replace("芯片", "芯片產品")  # a source edit in another unit
    write_pot(config.root, [*SENTENCES[:4], edited, SENTENCES[5]], created="2025-08-01 00:00+0000")
    result = update(Workspace(config), ["zh_TW"], converter_for=factory([]), now=NOW)
    after = catalog.read_catalog(path)
    kept = next(e for e in after if e.msgid == SENTENCES[2])
    assert kept.msgstr == "這一事件不僅反映全球AI晶片市場的格局變化。" and not kept.fuzzy
    redone = next(e for e in after if e.msgid == edited)
    assert redone.msgstr == to_taiwan(edited) and not redone.fuzzy  # machine-owned: re-converted
    assert catalog.is_machine_owned(redone)
    assert result.catalogs[0].fill is not None and result.catalogs[0].fill.human == 1


def test_check_writes_nothing_and_reports_out_of_date_catalogs(config: Config) -> None:
    result = update(Workspace(config), check=True)
    assert result.exit_code == 1 and len(result.out_of_date) == len(config.locales)
    assert snapshot(config.root) == {
        f"locales/{SLUG}.pot": (config.root / "locales/a.pot").read_bytes()
    }
    assert not (config.root / "locales" / ".lock").exists()
    update(Workspace(config))
    assert update(Workspace(config), check=True).exit_code == 0


def test_malformed_catalog_stops_the_run_before_anything_is_written(config: Config) -> None:
    update(Workspace(config), ["en"])
    bad = po_file(config.root, "en")
    bad.write_text(bad.read_text(encoding="utf-8") + '\nmsgid "x\nmsgstr ""\n', encoding="utf-8")
    before = snapshot(config.root)
    with pytest.raises(catalog.CatalogError) as caught:
        update(Workspace(config))
    assert str(caught.value).startswith(f"locales/en/LC_MESSAGES/{SLUG}.po:")
    assert "unterminated string" in str(caught.value)
    assert snapshot(config.root) == before  # zh_* catalogs were not created either


def test_concurrent_updates_do_not_corrupt_catalogs(config: Config) -> None:
    write_pot(config.root, SENTENCES)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", "update", "--quiet"],
            cwd=config.root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    for run in runs:
        _out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    parallel = snapshot(config.root)
    for path in config.root.rglob("*.po"):
        catalog.read_catalog(path)  # every file is complete and valid
    assert update(Workspace(config), check=True).exit_code == 0
    assert snapshot(config.root) == parallel


# --- compile_catalogs and stats --------------------------------------------------------------


def test_compile_catalogs_writes_mo_files_and_warns_about_a_fuzzy_header(config: Config) -> None:
    update(Workspace(config), ["en", "zh_TW"], converter_for=factory([]))
    path = po_file(config.root, "en")
    po = catalog.read_catalog(path)
    po[0].msgstr = "Behind Jensen Huang's visit"
    po.metadata_is_fuzzy = True
    catalog.write_catalog(po, path)
    result = compile_catalogs(Workspace(config), ["en", "zh_TW"])
    assert [p.name for p in result.written] == [f"{SLUG}.mo", f"{SLUG}.mo"]
    assert result.warnings == (
        f"locales/en/LC_MESSAGES/{SLUG}.po: header is marked fuzzy; compiled anyway",
    )
    with open(path.with_suffix(".mo"), "rb") as handle:
        en = gettext.GNUTranslations(handle)
    assert en.pgettext(uid(SENTENCES[0]), SENTENCES[0]) == "Behind Jensen Huang's visit"
    assert compile_catalogs(Workspace(config), ["en", "zh_TW"]).changed == ()


def test_every_file_update_writes_passes_msgfmt_check(
    config: Config, msgfmt_check: Callable[[Path], None]
) -> None:
    update(Workspace(config), converter_for=factory([]))
    for path in sorted((config.root / "locales").rglob("*.po*")):
        msgfmt_check(path)


def test_stats_rows_per_article_and_locale(config: Config) -> None:
    update(Workspace(config), ["zh_TW"], converter_for=factory([]))
    rows = {row.locale: row for row in stats(Workspace(config))}
    assert rows["zh_TW"].exists and rows["zh_TW"].stats.translated == 6
    assert not rows["en"].exists and rows["en"].stats.untranslated == 6
    assert rows["en"].stats.percent_chars == 0.0 and rows["zh_TW"].stats.percent_chars == 100.0


# --- command line --------------------------------------------------------------------------


def test_cli_update_then_check(config: Config, runner: CliRunner) -> None:
    result = runner.invoke(app, ["update", "--locale", "en"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"created locales/en/LC_MESSAGES/{SLUG}.po: 6 units"
    current = runner.invoke(app, ["update", "--check", "--locale", "en"])
    assert current.exit_code == 0 and current.stdout == ""
    assert "all 1 catalogs up to date" in current.stderr
    stale = runner.invoke(app, ["update", "--check"])
    assert stale.exit_code == 1
    assert f"out of date: locales/zh_TW/LC_MESSAGES/{SLUG}.po" in stale.stdout
    assert f"locales/en/LC_MESSAGES/{SLUG}.po" not in stale.stdout
    quiet = runner.invoke(app, ["update", "--quiet"])
    assert quiet.exit_code == 0 and quiet.stdout == ""


def test_cli_update_reports_merge_results_and_purges(config: Config, runner: CliRunner) -> None:
    runner.invoke(app, ["update", "-l", "en"])
    path = po_file(config.root, "en")
    po = catalog.read_catalog(path)
    for e in po:
        e.msgstr = "EN"
    catalog.write_catalog(po, path)
    write_pot(config.root, SENTENCES[:4])
    result = runner.invoke(app, ["update", "-l", "en"])
    assert result.stdout.strip() == f"updated locales/en/LC_MESSAGES/{SLUG}.po: 2 obsolete"
    purged = runner.invoke(app, ["update", "-l", "en", "--purge-obsolete"])
    assert purged.stdout.strip() == f"updated locales/en/LC_MESSAGES/{SLUG}.po: 2 purged"
    assert not any(e.obsolete for e in catalog.read_catalog(path))


def test_cli_malformed_catalog_is_one_line_on_stderr_with_exit_2(
    config: Config, runner: CliRunner
) -> None:
    runner.invoke(app, ["update", "-l", "en"])
    path = po_file(config.root, "en")
    text = path.read_text(encoding="utf-8").replace('msgstr ""\n\n#.', 'msgstr "\\q"\n\n#.', 1)
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "\\q" in row)
    result = runner.invoke(app, ["update"])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(
        f"error: locales/en/LC_MESSAGES/{SLUG}.po:{line}: invalid escape sequence \\q"
    )
    assert len(result.stderr.strip().splitlines()) == 1
    assert not po_file(config.root, "zh_TW").exists()


def test_cli_update_rejects_unknown_locale_and_missing_templates(
    project: Path, runner: CliRunner
) -> None:
    missing = runner.invoke(app, ["update"])
    assert missing.exit_code == 2 and "run zhl10n extract first" in missing.stderr
    write_pot(project, SENTENCES[:2])
    unknown = runner.invoke(app, ["update", "--locale", "fr"])
    assert unknown.exit_code == 2 and "unknown locale 'fr'" in unknown.stderr


def test_cli_stats_json_schema(config: Config, runner: CliRunner) -> None:
    runner.invoke(app, ["update", "-l", "en"])
    result = runner.invoke(app, ["stats", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["version"] == 1
    first = payload["catalogs"][0]
    assert first == {
        "article": SLUG,
        "locale": "en",
        "path": f"locales/en/LC_MESSAGES/{SLUG}.po",
        "exists": True,
        "units": {"total": 6, "translated": 0, "fuzzy": 0, "untranslated": 6, "obsolete": 0},
        "chars": {
            "total": sum(map(len, SENTENCES[:6])),
            "translated": 0,
            "fuzzy": 0,
            "untranslated": sum(map(len, SENTENCES[:6])),
        },
        "percent": {"units": 0.0, "chars": 0.0},
        "edition": {"status": "", "reason": "", "path": ""},  # never built
    }
    assert [c["locale"] for c in payload["catalogs"]] == list(Config(root=Path()).locales)
    assert [c["exists"] for c in payload["catalogs"]][1:] == [False] * 4


def test_cli_stats_text_table(config: Config, runner: CliRunner) -> None:
    update(Workspace(config), ["zh_TW"], converter_for=factory([]))
    result = runner.invoke(app, ["stats", "-l", "zh_TW", "-l", "en"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "translated" in lines[0] and "% chars" in lines[0]
    zh = next(line for line in lines if "zh_TW" in line).split()
    assert zh[0] == SLUG and zh[-5:] == ["100.0", "100.0", "not", "built", "yet"]
    assert any("en (none)" in line for line in lines)


@pytest.mark.parametrize("command", ["update", "stats"])
def test_commands_and_options_have_help(command: str, runner: CliRunner) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for option in {
        "update": ["--locale", "--check", "--purge-obsolete", "--quiet"],
        "stats": ["--locale", "--format"],
    }[command]:
        assert option in text
    assert "msgmerge" in text if command == "update" else "per article and locale" in text
