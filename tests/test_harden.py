"""Bad input and faults: one clear line, exit 2, and nothing written when a run fails.

Each defect of the hardening issue (bad configuration values, non-text encodings,
control characters in CSV cells and file names, outputs that are folders, OpenCC
names that do not exist, a full disk, symlinks) has a failing and a passing case.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from conftest import GLOSSARY_HEADER
from typer.testing import CliRunner

from pipeline import fileio
from pipeline.cli import app


def tree(root: Path) -> dict[str, bytes]:
    """Every file of the project but the lock, with its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def fails_cleanly(result: object, *needles: str) -> str:
    """Exit 2, exactly one stderr line (no traceback) containing every needle."""
    assert result.exit_code == 2, (result.exit_code, result.output)  # type: ignore[attr-defined]
    assert result.exception is None or isinstance(result.exception, SystemExit)  # type: ignore[attr-defined]
    lines = result.stderr.splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, lines
    for needle in needles:
        assert needle in lines[0], lines[0]
    return str(lines[0])


@pytest.fixture
def ran(seeded: Path, runner: CliRunner) -> Path:
    """The seeded project after one successful run."""
    result = runner.invoke(app, ["run", "-q"])
    assert result.exit_code == 0, result.output
    return seeded


# --- configuration -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('tool = "x"\n', "'tool' must be a table"),
        ("[tool]\nzhl10n = 5\n", "'tool.zhl10n' must be a table"),
        ('[tool.zhl10n]\nproject_name = "a\\nb"\n', "'project_name' contains a control"),
        ('[tool.zhl10n]\nlocales_dir = "loc\\u0000"\n', "'locales_dir' contains a control"),
        ('[tool.zhl10n]\nbuild_dir = "../out"\n', "'build_dir' must be a folder inside"),
        ('[tool.zhl10n]\nbuild_dir = "/tmp/out"\n', "'build_dir' must be a folder inside"),
        ('[tool.zhl10n]\nlocales_dir = "a/../../x"\n', "'locales_dir' must be a folder inside"),
        ('[tool.zhl10n.encodings]\na = "rot13"\n', "'encodings.a': 'rot13' is not a text"),
        ('[tool.zhl10n.encodings]\na = "hex"\n', "is not a text encoding"),
        ('[tool.zhl10n.encodings]\na = "nope"\n', "unknown encoding 'nope'"),
    ],
)
def test_bad_configuration_is_one_line(
    seeded: Path, runner: CliRunner, text: str, needle: str
) -> None:
    (seeded / "pyproject.toml").write_text(text, encoding="utf-8")
    before = tree(seeded)
    fails_cleanly(runner.invoke(app, ["run"]), "pyproject.toml", needle)
    assert tree(seeded) == before


def test_good_configuration_values_pass(seeded: Path, runner: CliRunner) -> None:
    slug = "huang-visit-2025-07-21"
    (seeded / "pyproject.toml").write_text(
        f'[tool.zhl10n]\nproject_name = "News 2025"\nbuild_dir = "out/site"\n'
        f'[tool.zhl10n.encodings]\n"{slug}" = "utf-8"\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["run", "-q"])
    assert result.exit_code == 0, result.output
    assert (seeded / "out" / "site" / "zh_TW" / f"{slug}.txt").is_file()
    assert "News 2025 " + slug in (seeded / "locales" / f"{slug}.pot").read_text()


@pytest.mark.parametrize("encoding", ["rot13", "hex", "base64", "nope"])
def test_non_text_encoding_option(seeded: Path, runner: CliRunner, encoding: str) -> None:
    fails_cleanly(runner.invoke(app, ["extract", "--encoding", encoding]), "--encoding")
    assert not list((seeded / "locales").iterdir())
    result = runner.invoke(app, ["convert", "--encoding", encoding], input="漢字\n")
    fails_cleanly(result, "--encoding")
    assert result.stdout == ""
    ok = runner.invoke(app, ["convert", "-c", "t2s", "--encoding", "utf-8"], input="漢字\n")
    assert ok.exit_code == 0 and ok.stdout == "汉字\n"


# --- preflight: nothing written when a run fails ---------------------------------------


def test_unknown_opencc_name_writes_nothing(seeded: Path, runner: CliRunner) -> None:
    (seeded / "zhl10n.toml").write_text('[opencc.Hant]\nzh_TW = "s2nowhere"\n', encoding="utf-8")
    before = tree(seeded)
    fails_cleanly(runner.invoke(app, ["run"]), "opencc.Hant.zh_TW", "s2nowhere")
    assert tree(seeded) == before
    (seeded / "zhl10n.toml").write_text('[opencc.Hant]\nzh_TW = "s2tw"\n', encoding="utf-8")
    assert runner.invoke(app, ["run", "-q"]).exit_code == 0


def test_build_dir_that_is_a_file_writes_nothing(seeded: Path, runner: CliRunner) -> None:
    (seeded / "build").write_text("not a folder", encoding="utf-8")
    before = tree(seeded)
    fails_cleanly(runner.invoke(app, ["run"]), "build", "names a file")
    assert tree(seeded) == before


def test_catalog_path_that_is_a_folder_writes_nothing(ran: Path, runner: CliRunner) -> None:
    po = ran / "locales" / "zh_HK" / "LC_MESSAGES" / "huang-visit-2025-07-21.po"
    po.unlink()
    po.mkdir()
    (ran / "articles" / "huang-visit-2025-07-21.txt").open("a", encoding="utf-8").write(
        "\n新增一段。\n"
    )
    before = tree(ran)
    fails_cleanly(runner.invoke(app, ["run"]), "zh_HK", "is a folder")
    assert tree(ran) == before


def test_article_file_name_with_newline(seeded: Path, runner: CliRunner) -> None:
    source = seeded / "articles" / "huang-visit-2025-07-21.txt"
    source.rename(seeded / "articles" / "bad\nname.txt")
    before = tree(seeded)
    fails_cleanly(runner.invoke(app, ["run"]), "control character", "rename the file")
    # The article fails alone (the run's own state aside, nothing is written for it).
    after = {k: v for k, v in tree(seeded).items() if not k.startswith(".zhl10n-cache/")}
    assert after == before


def test_broken_template_is_regenerated_by_run(ran: Path, runner: CliRunner) -> None:
    pot = ran / "locales" / "huang-visit-2025-07-21.pot"
    pot.write_bytes(b'msgid "unterminated\n\x00')
    result = runner.invoke(app, ["run", "-q"])
    assert result.exit_code == 0, result.output
    assert b"\x00" not in pot.read_bytes() and b"msgctxt" in pot.read_bytes()


def test_disk_full_names_the_files_written(
    ran: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    (ran / "articles" / "huang-visit-2025-07-21.txt").open("a", encoding="utf-8").write(
        "\n新增一段。\n"
    )
    real_fsync = os.fsync
    calls = [0]

    def fsync(fd: int) -> None:
        calls[0] += 1
        # the template needs no fsync (extract makes it again); three catalogs fit, then
        # the disk is full
        if calls[0] > 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(fileio.os, "fsync", fsync)
    before = tree(ran)
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 2
    error, note = result.stderr.splitlines()
    assert "no space left on device" in error
    assert note.startswith("note: 4 file(s) written before the error: ")
    written = note.split(": ", 2)[2].split(", ")
    after = tree(ran)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert sorted(written) == changed
    assert not [p for p in ran.rglob("*") if p.name.endswith(fileio.TEMP_SUFFIX)]


# --- CSV cells ------------------------------------------------------------------------------------

ROW = "cambricon,寒武紀,寒武纪,,,,Cambricon,,organisation,,,AI chips"


@pytest.mark.parametrize("cell", ["寒武\x00紀", "寒武\x1b紀", "寒武\n紀"])
def test_control_characters_in_glossary_cells(seeded: Path, runner: CliRunner, cell: str) -> None:
    glossary = seeded / "glossary.csv"
    glossary.write_text(
        f"{GLOSSARY_HEADER}\n{ROW.replace('寒武紀', chr(34) + cell + chr(34), 1)}\n",
        encoding="utf-8",
    )
    lint = runner.invoke(app, ["glossary", "lint"])
    assert lint.exit_code == 2
    assert "contains control character" in lint.stdout
    before = tree(seeded)
    fails_cleanly(runner.invoke(app, ["run"]), "glossary.csv:2", "control character")
    assert tree(seeded) == before
    glossary.write_text(f"{GLOSSARY_HEADER}\n{ROW}\n", encoding="utf-8")  # fixed
    assert runner.invoke(app, ["glossary", "lint"]).exit_code == 0
    assert runner.invoke(app, ["run", "-q"]).exit_code == 0


def test_multiline_note_is_allowed(seeded: Path, runner: CliRunner) -> None:
    (seeded / "glossary.csv").write_text(
        GLOSSARY_HEADER + "\n" + ROW.replace("AI chips", '"two\nlines"') + "\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["glossary", "lint"]).exit_code == 0


def test_control_characters_in_conversions(seeded: Path, runner: CliRunner) -> None:
    (seeded / "conversions.csv").write_text(
        "id,locale,source,target,note\nx,zh_TW,工藝,製\x07程,\n", encoding="utf-8"
    )
    lint = runner.invoke(app, ["glossary", "lint"])
    assert lint.exit_code == 2 and "conversions.csv:2" in lint.stdout
    assert "U+0007" in lint.stdout


CORR_HEADER = "article,find,replace,note"


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        ("huang-visit-2025-07-21,轉變?yōu)橐?guī)則,=cmd|' /C calc'!A0,x", "formula"),
        ("huang-visit-2025-07-21,轉變?yōu)橐?guī)則,轉變\x00為規則,x", "control character"),
        ("huang-visit-2025-07-21,,轉變為規則,x", "empty 'article' or 'find'"),
    ],
)
def test_corrections_are_linted(seeded: Path, runner: CliRunner, row: str, needle: str) -> None:
    (seeded / "corrections.csv").write_text(f"{CORR_HEADER}\n{row}\n", encoding="utf-8")
    lint = runner.invoke(app, ["glossary", "lint"])
    assert lint.exit_code == 2
    assert "corrections.csv:2" in lint.stdout and needle in lint.stdout
    before = tree(seeded)
    fails_cleanly(runner.invoke(app, ["run"]), "corrections.csv:2", needle)
    assert tree(seeded) == before


def test_good_corrections_pass_lint(seeded: Path, runner: CliRunner) -> None:
    lint = runner.invoke(app, ["glossary", "lint"])
    assert lint.exit_code == 0, lint.stdout
    assert "corrections.csv" in lint.stderr


def test_configured_corrections_file_must_exist(seeded: Path, runner: CliRunner) -> None:
    (seeded / "zhl10n.toml").write_text('corrections = "fixes.csv"\n', encoding="utf-8")
    fails_cleanly(runner.invoke(app, ["run"]), "fixes.csv", "not found")
    (seeded / "zhl10n.toml").write_text('corrections = "corrections.csv"\n', encoding="utf-8")
    assert runner.invoke(app, ["run", "-q"]).exit_code == 0
    (seeded / "corrections.csv").unlink()  # the default file is optional
    (seeded / "zhl10n.toml").unlink()
    assert runner.invoke(app, ["extract", "-q"]).exit_code == 0


# --- symlinks ---------------------------------------------------------------------------------


def test_po_symlink_inside_the_project_is_written_through(ran: Path, runner: CliRunner) -> None:
    po = ran / "locales" / "en" / "LC_MESSAGES" / "huang-visit-2025-07-21.po"
    shared = ran / "shared-en.po"
    po.rename(shared)
    po.symlink_to(os.path.relpath(shared, po.parent))
    (ran / "articles" / "huang-visit-2025-07-21.txt").open("a", encoding="utf-8").write(
        "\n新增一段。\n"
    )
    assert runner.invoke(app, ["run", "-q"]).exit_code == 0
    assert po.is_symlink()
    assert "新增一段。" in shared.read_text(encoding="utf-8")


def test_po_symlink_out_of_the_project_is_refused(
    ran: Path, runner: CliRunner, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "victim.po"
    po = ran / "locales" / "en" / "LC_MESSAGES" / "huang-visit-2025-07-21.po"
    outside.write_bytes(po.read_bytes())
    po.unlink()
    po.symlink_to(outside)
    (ran / "articles" / "huang-visit-2025-07-21.txt").open("a", encoding="utf-8").write(
        "\n新增一段。\n"
    )
    kept = outside.read_bytes()
    before = tree(ran)
    fails_cleanly(runner.invoke(app, ["run"]), "en/LC_MESSAGES", "leads outside the project")
    fails_cleanly(runner.invoke(app, ["extract"]), "en/LC_MESSAGES", "leads outside the project")
    assert outside.read_bytes() == kept
    assert tree(ran) == before
    po.unlink()
    po.write_bytes(kept)
    assert runner.invoke(app, ["extract", "-q"]).exit_code == 0  # the template changes
    po.unlink()
    po.symlink_to(outside)
    before = tree(ran)
    fails_cleanly(runner.invoke(app, ["update"]), "en/LC_MESSAGES", "leads outside the project")
    assert outside.read_bytes() == kept
    assert tree(ran) == before


def test_update_and_extract_check_their_outputs_first(ran: Path, runner: CliRunner) -> None:
    (ran / "articles" / "huang-visit-2025-07-21.txt").open("a", encoding="utf-8").write(
        "\n新增一段。\n"
    )
    assert runner.invoke(app, ["extract", "-q"]).exit_code == 0
    po = ran / "locales" / "zh_TW" / "LC_MESSAGES" / "huang-visit-2025-07-21.po"
    po.unlink()
    po.mkdir()
    before = tree(ran)
    fails_cleanly(runner.invoke(app, ["update", "-q"]), "zh_TW", "is a folder")
    assert tree(ran) == before  # en, zh_Hans... were not written first
    po.rmdir()
    pot = ran / "locales" / "huang-visit-2025-07-21.pot"
    pot.unlink()
    pot.mkdir()
    fails_cleanly(runner.invoke(app, ["extract", "-q"]), ".pot", "is a folder")


def test_run_that_changes_nothing_still_sweeps_stale_temp_files(
    ran: Path, runner: CliRunner
) -> None:
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    folder = ran / "locales" / "en" / "LC_MESSAGES"
    stale = folder / f".huang-visit-2025-07-21.po.{child.pid}-abcdefgh{fileio.TEMP_SUFFIX}"
    stale.write_text("left by a killed run", encoding="utf-8")
    before = tree(ran)
    assert runner.invoke(app, ["run", "-q"]).exit_code == 0
    assert not stale.exists()
    del before[str(stale.relative_to(ran))]
    after = tree(ran)
    assert {k: v for k, v in after.items() if not k.startswith(".zhl10n-cache")} == {
        k: v for k, v in before.items() if not k.startswith(".zhl10n-cache")
    }
