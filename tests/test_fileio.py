"""fileio: the output-file policy, temporary files, editor-save guard, confinement, disk full.

Device nodes are never touched: a FIFO made with ``os.mkfifo`` in ``tmp_path`` stands
in for a pipe, and a character device is simulated by making ``os.stat`` report one.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import fileio
from pipeline.cli import app
from pipeline.errors import ChangedOnDisk, PipelineError


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".zhl10n-tmp")))


# --- atomic writes -----------------------------------------------------------------------------


def test_atomic_write_replaces_and_skips_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    assert fileio.atomic_write_text(target, "one")
    inode = target.stat().st_ino
    assert not fileio.atomic_write_text(target, "one")
    assert target.stat().st_ino == inode
    assert fileio.atomic_write_text(target, "two")
    assert target.read_text() == "two"
    assert temps(tmp_path) == []


def test_atomic_write_follows_symlink_and_keeps_it(tmp_path: Path) -> None:
    real = tmp_path / "real.po"
    real.write_text("old")
    link = tmp_path / "link.po"
    link.symlink_to(real.name)
    assert fileio.atomic_write_text(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_atomic_write_refuses_folder_and_fifo(tmp_path: Path) -> None:
    (tmp_path / "dir.po").mkdir()
    with pytest.raises(PipelineError, match="is a folder"):
        fileio.atomic_write_text(tmp_path / "dir.po", "x")
    os.mkfifo(tmp_path / "pipe.po")
    with pytest.raises(PipelineError, match="not a regular file"):
        fileio.atomic_write_text(tmp_path / "pipe.po", "x")
    assert stat.S_ISFIFO(os.stat(tmp_path / "pipe.po").st_mode)


def test_expect_detects_a_save_in_between(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    target.write_bytes(b"read")
    target.write_bytes(b"editor")  # saved after we read b"read"
    with pytest.raises(ChangedOnDisk, match="changed on disk"):
        fileio.atomic_write_text(target, "ours", expect=b"read")
    assert target.read_bytes() == b"editor"
    assert fileio.atomic_write_text(target, "ours", expect=b"editor")
    with pytest.raises(ChangedOnDisk):
        fileio.atomic_write_text(tmp_path / "new.po", "x", expect=b"was there")
    (tmp_path / "created.po").write_text("by editor")
    with pytest.raises(ChangedOnDisk):  # expected absent, an editor created it
        fileio.atomic_write_text(tmp_path / "created.po", "x", expect=None)


def test_expect_checked_again_just_before_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.po"
    target.write_bytes(b"read")
    real_fsync = os.fsync

    def save_during_write(fd: int) -> None:
        real_fsync(fd)
        target.write_bytes(b"editor saved while the temp file was written")

    monkeypatch.setattr(fileio.os, "fsync", save_during_write)
    with pytest.raises(ChangedOnDisk):
        fileio.atomic_write_text(target, "ours", expect=b"read")
    assert target.read_bytes().startswith(b"editor")
    assert temps(tmp_path) == []


# --- temporary files ----------------------------------------------------------------------------


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temp_files_are_removed_by_the_next_write(tmp_path: Path) -> None:
    stale = tmp_path / f".a.po.{dead_pid()}-abcdefgh.zhl10n-tmp"
    stale.write_text("half")
    live = tmp_path / f".b.po.{os.getpid()}-abcdefgh.zhl10n-tmp"
    live.write_text("being written")
    (tmp_path / "a.po").write_text("old")
    old_style = tmp_path / ".a.po.x1y2z3w4.tmp"
    old_style.write_text("left by an earlier version")
    os.utime(old_style, (0, 0))
    unrelated = tmp_path / ".notes.tmp"
    unrelated.write_text("not ours")
    fileio.atomic_write_text(tmp_path / "a.po", "whole")
    assert not stale.exists()
    assert not old_style.exists()
    assert live.exists() and unrelated.exists()


def test_temp_names_are_gitignored(repo_root: Path) -> None:
    patterns = (repo_root / ".gitignore").read_text().splitlines()
    assert f"*{fileio.TEMP_SUFFIX}" in patterns or f".*{fileio.TEMP_SUFFIX}" in patterns


def test_temp_file_name_matches_the_sweeper(tmp_path: Path) -> None:
    fd, name = fileio._temp_file(tmp_path, "x" * 300 + ".po")
    os.close(fd)
    assert fileio._TEMP_NAME.match(Path(name).name)


# --- -o: the output-file policy -----------------------------------------------------------------


def test_output_to_new_and_regular_file_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    fileio.write_output(target, b"one")
    assert target.read_bytes() == b"one"
    inode = target.stat().st_ino
    fileio.write_output(target, b"two")
    assert target.read_bytes() == b"two"
    assert target.stat().st_ino != inode  # replaced, not written into
    assert temps(tmp_path) == []


def test_output_to_symlink_writes_the_target(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    fileio.write_output(link, b"report")
    assert link.is_symlink() and real.read_bytes() == b"report"
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "made.txt")
    fileio.write_output(dangling, b"made")
    assert dangling.is_symlink() and (tmp_path / "made.txt").read_bytes() == b"made"


def read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def reader() -> None:
        with open(path, "rb") as handle:
            into.append(handle.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread


def test_output_to_fifo_streams_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    thread = read_fifo(fifo, got)
    fileio.write_output(fifo, b"through the pipe\n")
    thread.join(timeout=30)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert temps(tmp_path) == []


def test_output_to_character_device_writes_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stand-in file that ``os.stat`` reports as a character device (like /dev/stdout)."""
    device = tmp_path / "tty"
    device.write_bytes(b"")
    inode = device.stat().st_ino
    real_stat = os.stat

    def fake_stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        result = real_stat(path, *args, **kwargs)  # type: ignore[arg-type]
        if os.fspath(path) == os.fspath(device):  # type: ignore[arg-type]
            fields = list(result)
            fields[0] = stat.S_IFCHR | 0o666
            return os.stat_result(fields)
        return result

    monkeypatch.setattr(fileio.os, "stat", fake_stat)
    assert fileio.is_stream_path(device)
    fileio.write_output(device, b"streamed")
    assert device.stat().st_ino == inode  # written into, not replaced
    assert device.read_bytes() == b"streamed"
    assert temps(tmp_path) == []


def test_output_dash_is_stdout_and_folder_is_refused(tmp_path: Path) -> None:
    sink = io.BytesIO()
    fileio.write_output(Path("-"), b"out", sink)
    assert sink.getvalue() == b"out"
    with pytest.raises(PipelineError, match="is a folder"):
        fileio.write_output(tmp_path, b"x")


def test_check_output_to_fifo_and_symlink(project: Path, runner: CliRunner) -> None:
    fifo = project / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    thread = read_fifo(fifo, got)
    result = runner.invoke(app, ["check", "-f", "json", "-o", str(fifo)])
    thread.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert got and got[0].startswith(b"{")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    real = project / "real.json"
    real.write_text("")
    (project / "link.json").symlink_to(real)
    result = runner.invoke(app, ["check", "-f", "json", "-o", "link.json"])
    assert result.exit_code == 0, result.output
    assert (project / "link.json").is_symlink()
    assert real.read_text().startswith("{")


def test_convert_output_to_fifo(project: Path, runner: CliRunner) -> None:
    source = project / "in.txt"
    source.write_text("漢字\n", encoding="utf-8")
    fifo = project / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    thread = read_fifo(fifo, got)
    args = ["convert", "-c", "t2s", "--no-glossary", "-o", str(fifo), "in.txt"]
    result = runner.invoke(app, args)
    thread.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert got == ["汉字\n".encode()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


# --- confinement and disk full -------------------------------------------------------------------


def test_confined_refuses_a_symlink_out_of_the_project(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    (root / "escape.po").symlink_to(outside)
    (root / "inside.po").symlink_to(root / "real.po")
    with fileio.confined(root):
        with pytest.raises(PipelineError, match="leads outside the project"):
            fileio.atomic_write_text(root / "escape.po", "x")
        fileio.atomic_write_text(root / "inside.po", "through")
    assert outside.read_text() == "keep"
    assert (root / "real.po").read_text() == "through"
    fileio.atomic_write_text(tmp_path / "free.txt", "anywhere outside a confined block")


def test_disk_full_is_one_clear_error_and_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.po"
    target.write_text("old")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fileio.os, "fsync", full)
    with fileio.recording() as written:
        with pytest.raises(PipelineError, match="no space left on device"):
            fileio.atomic_write_text(target, "new")
    assert written == []
    assert target.read_text() == "old"
    assert temps(tmp_path) == []


# --- a checked write never replaces a save that lands while it swaps files --------------------


def test_save_between_comparison_and_rename_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.po"
    target.write_bytes(b"read")
    real_current = fileio._current_bytes

    def compare_then_editor_saves(path: Path, shown: Path) -> bytes | None:
        found = real_current(path, shown)
        editor = tmp_path / "editor~"
        editor.write_bytes(b"editor")
        os.replace(editor, target)  # the editor's save lands right after the comparison
        return found

    monkeypatch.setattr(fileio, "_current_bytes", compare_then_editor_saves)
    with pytest.raises(fileio.ChangedOnDisk):
        fileio.atomic_write_bytes(target, b"ours", expect=b"read")
    assert target.read_bytes() == b"editor"
    assert not fileio.parked_path(target).exists()


def test_checked_write_replaces_an_unchanged_file(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    target.write_bytes(b"read")
    assert fileio.atomic_write_bytes(target, b"ours", expect=b"read")
    assert target.read_bytes() == b"ours"
    assert not fileio.parked_path(target).exists()
    with pytest.raises(fileio.ChangedOnDisk):
        fileio.atomic_write_bytes(target, b"again", expect=b"read")
    assert target.read_bytes() == b"ours"


def test_a_parked_file_whose_catalog_is_missing_is_put_back_at_once(tmp_path: Path) -> None:
    """Left by an older version killed mid-swap: restored by the next sweep, no delay."""
    target = tmp_path / "a.po"
    parked = fileio.parked_path(target)
    parked.write_bytes(b"translations")
    assert fileio.remove_stale_temps(tmp_path) == [parked]
    assert target.read_bytes() == b"translations" and not parked.exists()


def test_a_parked_file_that_differs_is_kept_by_the_sweep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.po"
    target.write_bytes(b"new")
    parked = fileio.parked_path(target)
    parked.write_bytes(b"older")
    later = parked.stat().st_ctime + 120
    monkeypatch.setattr(fileio.time, "time", lambda: later)
    assert fileio.remove_stale_temps(tmp_path) == []
    assert parked.read_bytes() == b"older" and target.read_bytes() == b"new"
    parked.write_bytes(b"new")
    assert fileio.remove_stale_temps(tmp_path) == [parked]  # redundant: removed


def test_a_durable_write_reaches_the_disk_before_the_rename(tmp_path: Path) -> None:
    from unittest import mock

    from pipeline.fileio import atomic_write_bytes

    with mock.patch("pipeline.fileio.os.fsync") as fsync:
        assert atomic_write_bytes(tmp_path / "a.po", b"x")
    assert fsync.call_count == 1 and (tmp_path / "a.po").read_bytes() == b"x"


def test_a_regenerable_output_is_renamed_without_fsync(tmp_path: Path) -> None:
    from unittest import mock

    from pipeline.fileio import atomic_write_bytes

    with mock.patch("pipeline.fileio.os.fsync") as fsync:
        assert atomic_write_bytes(tmp_path / "a.mo", b"x", durable=False)
        assert not atomic_write_bytes(tmp_path / "a.mo", b"x", durable=False)  # unchanged
    assert fsync.call_count == 0 and (tmp_path / "a.mo").read_bytes() == b"x"
    assert [p.name for p in tmp_path.iterdir()] == ["a.mo"]  # no temp file left
