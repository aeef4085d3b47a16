"""Replacing a catalog a person edits: no step leaves it missing, no kill loses a translation.

``update`` replaces each catalog through ``fileio``'s checked write. A test
hook (``fileio.step_hook``) names each step; a forked child is killed with
SIGKILL at every one of them, and the catalogs left behind, then the next
runs, must still hold every translation. A save written in place in two
parts (truncate, then write) during ``update`` is waited for, never merged
half-done.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import polib
import pytest
from test_editor_save import LOCALES, SENTENCES, po_file, project_update, write_pot

from pipeline import fileio
from pipeline.config import Config
from pipeline.errors import CatalogError

STEPS = ["written", "parked", "verified", "exchanged", "checked", "cleaned"]


def translate_all(root: Path) -> dict[str, dict[str, str]]:
    """Give every unit of every catalog a translation; return them per locale."""
    done: dict[str, dict[str, str]] = {}
    for locale in LOCALES:
        path = po_file(root, locale)
        po = polib.pofile(str(path), wrapwidth=0)
        for index, entry in enumerate(po):
            entry.msgstr = f"T-{locale}-{index}"
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save(str(path))
        done[locale] = {e.msgid: e.msgstr for e in po}
    return done


def translations(root: Path, locale: str) -> dict[str, str]:
    po = polib.pofile(str(po_file(root, locale)), wrapwidth=0)
    return {e.msgid: e.msgstr for e in po if e.msgstr and not e.obsolete}


@pytest.fixture
def translated(project: Path) -> tuple[Config, dict[str, dict[str, str]]]:
    write_pot(project, SENTENCES[:3])
    config = Config(root=project)
    project_update(config)
    done = translate_all(project)
    write_pot(project, SENTENCES)  # the article grew: every catalog will be replaced
    return config, done


def killed_at(step: str, occurrence: int, config: Config, *, exchange: bool = True) -> None:
    """Run ``update`` in a forked child killed by SIGKILL at the ``occurrence``-th ``step``."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        seen = [0]

        def hook(name: str) -> None:
            if name == step:
                seen[0] += 1
                if seen[0] == occurrence:
                    os.kill(os.getpid(), signal.SIGKILL)

        fileio.step_hook = hook
        if not exchange:
            fileio._exchange = lambda first, second: False  # type: ignore[assignment]
        try:
            project_update(config)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) or os.WEXITSTATUS(status) == 0


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "rename"])
@pytest.mark.parametrize("occurrence", [1, 3])
@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_any_step_loses_no_translation(
    translated: tuple[Config, dict[str, dict[str, str]]],
    step: str,
    occurrence: int,
    exchange: bool,
) -> None:
    config, done = translated
    killed_at(step, occurrence, config, exchange=exchange)
    for locale in LOCALES:  # right after the kill: every catalog is there, old or new
        assert translations(config.root, locale) == done[locale], (step, locale)
    project_update(config)  # the next run, at once (no waiting for a recovery delay)
    project_update(config)
    for locale in LOCALES:
        assert translations(config.root, locale) == done[locale]
        assert SENTENCES[3] in {e.msgid for e in polib.pofile(str(po_file(config.root, locale)))}
    leftovers = sorted(p.name for p in config.locales_path.rglob("*.zhl10n-*"))
    assert not [name for name in leftovers if name.endswith(fileio.TEMP_SUFFIX)]


def test_a_parked_copy_left_by_an_older_version_is_put_back_before_reading(
    translated: tuple[Config, dict[str, dict[str, str]]],
) -> None:
    """Killed between parking and linking (older versions): the catalog is missing."""
    config, done = translated
    target = po_file(config.root, "zh_TW")
    os.rename(target, fileio.parked_path(target))
    project_update(config)  # at once: no 60-second grace, no empty catalog
    project_update(config)
    assert translations(config.root, "zh_TW") == done["zh_TW"]
    assert not fileio.parked_path(target).exists()


def test_a_parked_copy_that_differs_is_never_deleted(
    translated: tuple[Config, dict[str, dict[str, str]]],
) -> None:
    config, _ = translated
    target = po_file(config.root, "en")
    parked = fileio.parked_path(target)
    parked.write_bytes(target.read_bytes().replace(b'msgstr "T-en-0"', b'msgstr "ONLY HERE"'))
    old = parked.stat().st_mtime - 3600  # an hour older than its own write
    os.utime(parked, (old, old))
    for _ in range(3):
        project_update(config)
        fileio.remove_stale_temps(target.parent)
    assert b"ONLY HERE" in parked.read_bytes()


def test_a_redundant_parked_copy_is_removed(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    target.write_bytes(b"same")
    parked = fileio.parked_path(target)
    parked.write_bytes(b"same")
    assert fileio.recover_parked(parked, target) and not parked.exists()


def test_a_rename_save_between_check_and_exchange_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    target.write_bytes(b"read")

    def editor_saves(step: str) -> None:
        if step == "verified":
            (tmp_path / "editor~").write_bytes(b"editor")
            os.replace(tmp_path / "editor~", target)

    fileio.step_hook = editor_saves
    try:
        with pytest.raises(fileio.ChangedOnDisk):
            fileio.atomic_write_bytes(target, b"ours", expect=b"read")
    finally:
        fileio.step_hook = None
    assert target.read_bytes() == b"editor"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.po"]


def test_an_in_place_save_between_check_and_exchange_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    target.write_bytes(b"read")

    def editor_writes_in_place(step: str) -> None:
        if step == "verified":
            with open(target, "r+b") as handle:
                handle.truncate(0)
                handle.write(b"editor")

    fileio.step_hook = editor_writes_in_place
    try:
        with pytest.raises(fileio.ChangedOnDisk):
            fileio.atomic_write_bytes(target, b"ours", expect=b"read")
    finally:
        fileio.step_hook = None
    assert target.read_bytes() == b"editor"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.po"]


# --- a save written in place in two parts -------------------------------------------------------


def two_part_save(path: Path, content: bytes, first: bytes, pause: float) -> threading.Thread:
    """Truncate and write ``first`` now, the rest after ``pause`` seconds, in place."""
    handle = open(path, "r+b")  # noqa: SIM115 - closed by the thread
    handle.truncate(0)
    handle.write(first)
    handle.flush()

    def finish() -> None:
        time.sleep(pause)
        handle.seek(0)
        handle.write(content)
        handle.truncate(len(content))
        handle.close()

    thread = threading.Thread(target=finish)
    thread.start()
    return thread


@pytest.mark.parametrize("cut", ["empty", "mid-entry", "mid-character"])
def test_a_two_part_save_during_update_loses_nothing(
    translated: tuple[Config, dict[str, dict[str, str]]], cut: str
) -> None:
    config, done = translated
    target = po_file(config.root, "zh_TW")
    content = target.read_bytes().replace(b'"T-zh_TW-0"', b'"EDITOR"')
    cuts = {
        "empty": b"",
        "mid-entry": content[: content.index(b"msgstr", content.index(b"EDITOR")) - 1],
        "mid-character": content[: content.index("。".encode()) + 1],
    }
    saving = two_part_save(target, content, cuts[cut], pause=0.3)
    project_update(config)
    saving.join()
    project_update(config)
    found = translations(config.root, "zh_TW")
    assert found[SENTENCES[0]] == "EDITOR"
    assert sum(1 for v in found.values() if v.startswith("T-")) == len(done["zh_TW"]) - 1


def test_a_half_saved_catalog_says_so(project: Path) -> None:
    path = project / "half.po"
    path.write_bytes('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "中'.encode()[:-2])
    with pytest.raises(CatalogError, match="half-saved"):
        fileio_read = fileio.read_input(path)
        from pipeline.catalog import parse_catalog

        parse_catalog(fileio_read, path)


def test_without_hard_links_the_checked_write_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system without hard links (some network and FAT mounts): a copy is parked."""

    def no_links(src: object, dst: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(fileio.os, "link", no_links)
    target = tmp_path / "a.po"
    target.write_bytes(b"read")
    assert fileio.atomic_write_bytes(target, b"ours", expect=b"read")
    assert target.read_bytes() == b"ours"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.po"]

    def editor_saves(step: str) -> None:
        if step == "verified":
            (tmp_path / "editor~").write_bytes(b"editor")
            os.replace(tmp_path / "editor~", target)

    monkeypatch.setattr(fileio, "step_hook", editor_saves)
    with pytest.raises(fileio.ChangedOnDisk):
        fileio.atomic_write_bytes(target, b"again", expect=b"ours")
    assert target.read_bytes() == b"editor"
    assert fileio.atomic_write_bytes(tmp_path / "new.po", b"x", expect=None)
