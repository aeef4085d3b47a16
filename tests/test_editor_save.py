"""An editor saving a catalog while ``update`` runs: the save is never lost.

Editors (Poedit, vim, a translator's script) do not take zhl10n's lock. ``update``
reads each catalog, merges, then replaces it; a save that lands in between must be
merged again (or the run must stop naming the file), never overwritten. Twenty
deterministic trials land the save at a chosen point between read and replace;
ten more race a saving thread against real ``update`` runs. ``build`` takes the
lock ``update`` holds.
"""

from __future__ import annotations

import hashlib
import os
import random
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polib
import pytest

from pipeline import catalog
from pipeline.commands import build, compile, update
from pipeline.config import Config
from pipeline.errors import ChangedOnDisk
from pipeline.models import Unit
from pipeline.workspace import Workspace

SENTENCES = [
    "黃仁勳週一抵達北京。",
    "他表示將持續投資中國市場。",
    "分析人士認為此行具有象徵意義。",
    "輝達的晶片出口仍受限制。",
]
LOCALES = ("en", "zh_Hans", "zh_Hant", "zh_TW", "zh_HK")


def uid(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def write_pot(root: Path, sentences: list[str]) -> None:
    units = [
        Unit(uid(text), text, "paragraph", "articles/a.txt", line, line)
        for line, text in enumerate(sentences, start=1)
    ]
    pot = catalog.template_for(
        units,
        project="zhl10n a",
        source_path="articles/a.txt",
        source_language="zh_Hant",
        creation_date="2025-07-21 10:00+0000",
    )
    catalog.write_catalog(pot, root / "locales" / "a.pot")
    article = root / "articles" / "a.txt"
    article.parent.mkdir(parents=True, exist_ok=True)
    article.write_text("\n".join(sentences) + "\n", encoding="utf-8")


def po_file(root: Path, locale: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / "a.po"


def editor_save(path: Path, translation: str) -> None:
    """What an editor does: load, set the first unit's translation, save by rename."""
    po = polib.pofile(path.read_text(encoding="utf-8"), wrapwidth=0)
    entry = next(e for e in po if e.msgid == SENTENCES[0])
    entry.msgstr = translation
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    tmp = path.with_name(path.name + ".editor~")
    tmp.write_text(str(po), encoding="utf-8")
    os.replace(tmp, path)


def translation_of_first(path: Path) -> str:
    po = polib.pofile(path.read_text(encoding="utf-8"), wrapwidth=0)
    return next(e.msgstr for e in po if e.msgid == SENTENCES[0])


@pytest.fixture
def config(project: Path) -> Config:
    write_pot(project, SENTENCES[:3])
    cfg = Config(root=project)
    project_update(cfg)
    write_pot(project, SENTENCES)  # the article grew: every catalog will be replaced
    return cfg


def project_update(cfg: Config) -> update.UpdateResult:
    return update.update(Workspace(cfg), converter_for=lambda locale, source, slug: None)


@pytest.mark.parametrize("trial", range(20))
def test_save_between_read_and_replace_is_merged(
    trial: int, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The save lands just before update writes the ``trial``-th catalog (and, in some
    trials, again during the re-merge), deterministically."""
    locale = LOCALES[trial % len(LOCALES)]
    target = po_file(config.root, locale)
    saves_wanted = 1 + trial // 10  # trials 10-19: the editor saves twice
    real_write = update.atomic_write_text
    saved: list[str] = []

    def write_with_editor(path: Path, text: str, **kwargs: Any) -> bool:
        if path == target and len(saved) < saves_wanted:
            saved.append(f"EDITOR {trial}.{len(saved)}")
            editor_save(target, saved[-1])
        return real_write(path, text, **kwargs)

    monkeypatch.setattr(update, "atomic_write_text", write_with_editor)
    result = project_update(config)
    assert len(saved) == saves_wanted
    assert translation_of_first(target) == saved[-1]  # the editor's last save survived
    merged = polib.pofile(target.read_text(encoding="utf-8"))
    assert SENTENCES[3] in [e.msgid for e in merged]  # and update's merge happened too
    assert all(item.changed for item in result.catalogs)


def test_editor_that_keeps_saving_stops_update_naming_the_file(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = po_file(config.root, "en")
    real_write = update.atomic_write_text
    count = [0]

    def write_with_editor(path: Path, text: str, **kwargs: Any) -> bool:
        if path == target:
            count[0] += 1
            editor_save(target, f"save {count[0]}")
        return real_write(path, text, **kwargs)

    monkeypatch.setattr(update, "atomic_write_text", write_with_editor)
    with pytest.raises(ChangedOnDisk) as caught:
        project_update(config)
    assert caught.value.path == "locales/en/LC_MESSAGES/a.po"
    assert translation_of_first(target) == f"save {count[0]}"


LONG = [*SENTENCES, *(f"第{n}段：輝達表示將持續投資中國市場。" for n in range(80))]


@pytest.fixture(scope="module")
def update_seconds(tmp_path_factory: pytest.TempPathFactory) -> float:
    """How long one update of the long article takes here, so saves land during it."""
    root = tmp_path_factory.mktemp("timing")
    write_pot(root, LONG[:60])
    project_update(Config(root=root))
    write_pot(root, LONG)
    start = time.monotonic()
    project_update(Config(root=root))
    return time.monotonic() - start


@pytest.mark.parametrize("trial", range(10))
def test_concurrent_editor_saves_are_never_lost(
    trial: int, config: Config, update_seconds: float
) -> None:
    """update in a thread; the editor saves once or twice at random moments during it."""
    write_pot(config.root, LONG[:60])
    project_update(config)
    write_pot(config.root, LONG)  # every catalog changes again
    target = po_file(config.root, "zh_TW")
    rng = random.Random(trial)
    errors: list[BaseException] = []

    def run_update() -> None:
        try:
            project_update(Config(root=config.root))
        except ChangedOnDisk:
            pass  # acceptable: update stopped and named the file, overwrote nothing
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    worker = threading.Thread(target=run_update)
    saves: list[str] = []
    worker.start()
    for n in range(1 + trial % 2):
        time.sleep(rng.uniform(0, update_seconds) / (1 + trial % 2))
        saves.append(f"EDITOR {trial}.{n}")
        editor_save(target, saves[-1])
    worker.join()
    assert not errors
    assert translation_of_first(target) == saves[-1]


def test_build_reads_catalogs_under_the_update_lock(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    project_update(config)
    held: list[Path] = []
    real_lock: Callable[[Path], Any] = compile.folder_lock

    class Recording:
        def __init__(self, folder: Path) -> None:
            self.inner = real_lock(folder)
            self.folder = folder

        def __enter__(self) -> None:
            self.inner.__enter__()
            held.append(self.folder)

        def __exit__(self, *exc: object) -> None:
            held.remove(self.folder)
            self.inner.__exit__(*exc)

    real_parsed = Workspace.parsed
    reads: list[bool] = []

    def parsed(ws: Workspace, path: Path, data: bytes) -> Any:
        reads.append(config.locales_path in held)
        return real_parsed(ws, path, data)

    monkeypatch.setattr(compile, "folder_lock", Recording)
    monkeypatch.setattr(build, "folder_lock", Recording)
    monkeypatch.setattr(Workspace, "parsed", parsed)
    compile.compile_catalogs(Workspace(config))
    build.build_articles(Workspace(config), threshold=0)
    assert reads and all(reads)
