"""What a cloned project may not make zhl10n do: write through links, read outside it, hang.

The read policy and the write policy live in ``pipeline.fileio``; each case here
plants what a hostile repository could carry and checks for one line and exit 2,
with the file the link points to untouched.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SLUG
from test_harden import fails_cleanly, tree
from typer.testing import CliRunner

from pipeline import fileio
from pipeline.cli import app
from pipeline.errors import InputFileError, PipelineError


@pytest.fixture
def ran(seeded: Path, runner: CliRunner) -> Path:
    result = runner.invoke(app, ["run", "-q"])
    assert result.exit_code == 0, result.output
    return seeded


@pytest.fixture
def victim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file outside the project, standing for ``~/.bashrc``."""
    path = tmp_path_factory.mktemp("home") / ".bashrc"
    path.write_text("export PATH=/usr/bin\n", encoding="utf-8")
    return path


def po(root: Path, locale: str = "zh_TW") -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / f"{SLUG}.po"


def touch_article(root: Path) -> None:
    with (root / "articles" / f"{SLUG}.txt").open("a", encoding="utf-8") as handle:
        handle.write("\n新增一段。\n")


# --- the state folder and the review pages: never through a link -------------------------------


@pytest.mark.parametrize(
    "name", ["state.json", "check.json", "check-catalogs.json", "editions.json", ".gitignore"]
)
def test_a_state_file_linked_elsewhere_is_never_written(
    ran: Path, runner: CliRunner, victim: Path, name: str
) -> None:
    link = ran / ".zhl10n-cache" / name
    link.unlink(missing_ok=True)
    link.symlink_to(victim)
    touch_article(ran)
    for command in (["run"], ["check"]):
        fails_cleanly(runner.invoke(app, command), f".zhl10n-cache/{name}", "is a symlink")
    assert victim.read_text(encoding="utf-8") == "export PATH=/usr/bin\n"
    assert link.is_symlink()


def test_a_cache_folder_linked_elsewhere_is_never_written(
    seeded: Path, runner: CliRunner, victim: Path
) -> None:
    (seeded / ".zhl10n-cache").symlink_to(victim.parent)
    before = sorted(p.name for p in victim.parent.iterdir())
    fails_cleanly(runner.invoke(app, ["run"]), ".zhl10n-cache", "is a symlink")
    fails_cleanly(runner.invoke(app, ["check"]), ".zhl10n-cache", "is a symlink")
    assert sorted(p.name for p in victim.parent.iterdir()) == before
    assert not (seeded / "build").exists()  # refused before anything was written


def test_a_review_page_linked_elsewhere_is_never_written(
    ran: Path, runner: CliRunner, victim: Path
) -> None:
    assert runner.invoke(app, ["review"]).exit_code == 0
    page = ran / "build" / "review" / "index.html"
    page.unlink()
    page.symlink_to(victim)
    fails_cleanly(runner.invoke(app, ["review"]), "index.html", "is a symlink")
    assert victim.read_text(encoding="utf-8") == "export PATH=/usr/bin\n"


def test_a_review_folder_linked_elsewhere_is_never_written(
    ran: Path, runner: CliRunner, victim: Path
) -> None:
    (ran / "build" / "review").symlink_to(victim.parent)
    fails_cleanly(runner.invoke(app, ["review"]), "build/review", "is a symlink")
    assert [p.name for p in victim.parent.iterdir()] == [".bashrc"]


def test_write_private_refuses_links_and_special_files(tmp_path: Path) -> None:
    (tmp_path / "real").write_bytes(b"x")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(PipelineError, match="is a symlink"):
        fileio.write_private(tmp_path / "link", b"y", tmp_path)
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(PipelineError, match="not a regular file"):
        fileio.write_private(tmp_path / "fifo", b"y", tmp_path)
    assert fileio.write_private(tmp_path / "sub" / "new", b"y", tmp_path)
    assert not fileio.write_private(tmp_path / "sub" / "new", b"y", tmp_path)  # unchanged
    assert (tmp_path / "real").read_bytes() == b"x"


# --- inputs: regular files inside the project, within a size limit --------------------------------


def test_an_article_linked_outside_the_project_is_refused(
    seeded: Path, runner: CliRunner, victim: Path
) -> None:
    (seeded / "articles" / "stolen.txt").symlink_to(victim)
    before = tree(seeded)
    for command in (["run"], ["extract"]):
        fails_cleanly(
            runner.invoke(app, command), "articles/stolen.txt", "leads outside the project"
        )
    assert tree(seeded) == before


def test_an_article_linked_outside_is_read_when_configured(
    seeded: Path, runner: CliRunner, tmp_path_factory: pytest.TempPathFactory
) -> None:
    shared = tmp_path_factory.mktemp("shared") / "other.txt"
    shared.write_text("外部文章\n\n華為今天發布新品。\n", encoding="utf-8")
    (seeded / "articles" / "other.txt").symlink_to(shared)
    (seeded / "zhl10n.toml").write_text("allow_outside_links = true\n", encoding="utf-8")
    assert runner.invoke(app, ["extract", "-q"]).exit_code == 0
    assert "華為今天發布新品" in (seeded / "locales" / "other.pot").read_text(encoding="utf-8")


def test_an_article_linked_inside_the_project_is_read(seeded: Path, runner: CliRunner) -> None:
    (seeded / "drafts").mkdir()
    (seeded / "drafts" / "d.txt").write_text("草稿\n\n華為發布新品。\n", encoding="utf-8")
    (seeded / "articles" / "d.txt").symlink_to(seeded / "drafts" / "d.txt")
    assert runner.invoke(app, ["extract", "-q"]).exit_code == 0


def zhl10n(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command in its own process: a hang would stop there, not the test session."""
    return subprocess.run(
        [sys.executable, "-c", "from pipeline.cli import main; main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,  # a guard against a hang, not a measurement
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def one_line(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, lines
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_a_catalog_linked_to_dev_zero_is_one_line(ran: Path) -> None:
    po(ran).unlink()
    po(ran).symlink_to("/dev/zero")
    for command in ("check", "run"):
        one_line(zhl10n(ran, command), f"{SLUG}.po", "not a regular file")
    one_line(zhl10n(ran, "update"), f"{SLUG}.po", "leads outside the project (to /dev/zero)")


def test_a_fifo_as_a_catalog_is_one_line(ran: Path) -> None:
    po(ran).unlink()
    os.mkfifo(po(ran))
    for command in ("check", "run", "update"):
        one_line(zhl10n(ran, command), f"{SLUG}.po", "not a regular file")


def test_a_fifo_as_a_build_file_is_one_line(ran: Path) -> None:
    built = ran / "build" / "zh_TW" / f"{SLUG}.txt"
    built.unlink()
    os.mkfifo(built)
    one_line(zhl10n(ran, "run"), f"{SLUG}.txt", "not a regular file")


def test_an_input_over_the_size_limit_is_one_line(seeded: Path, runner: CliRunner) -> None:
    (seeded / "vocabulary.csv").unlink(missing_ok=True)
    (seeded / "zhl10n.toml").write_text("max_file_mb = 0.008\n", encoding="utf-8")  # 8 kB
    article = seeded / "articles" / f"{SLUG}.txt"
    article.write_text(article.read_text(encoding="utf-8") * 2, encoding="utf-8")
    line = fails_cleanly(runner.invoke(app, ["run"]), f"{SLUG}.txt", "over the 0.008 MB limit")
    assert "max_file_mb" in line
    (seeded / "zhl10n.toml").write_text("max_file_mb = 1\n", encoding="utf-8")
    assert runner.invoke(app, ["run", "-q"]).exit_code == 0


@pytest.mark.parametrize("value", ["0", "-1", '"big"', "true"])
def test_a_bad_size_limit_is_one_line(seeded: Path, runner: CliRunner, value: str) -> None:
    (seeded / "zhl10n.toml").write_text(f"max_file_mb = {value}\n", encoding="utf-8")
    fails_cleanly(runner.invoke(app, ["run"]), "zhl10n.toml", "'max_file_mb' must be")


def test_read_input_refuses_devices_and_stops_at_the_limit(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="not a regular file"):
        fileio.read_input(Path("/dev/zero"))
    os.mkfifo(tmp_path / "fifo")  # no writer: opening must not wait for one
    with pytest.raises(InputFileError, match="not a regular file"):
        fileio.read_input(tmp_path / "fifo")
    (tmp_path / "big").write_bytes(b"x" * 2048)
    with pytest.raises(InputFileError, match="over the"):
        fileio.read_input(tmp_path / "big", limit=1024)
    assert fileio.read_input(tmp_path / "big", limit=2048) == b"x" * 2048
    with pytest.raises(FileNotFoundError):
        fileio.read_input(tmp_path / "missing")
