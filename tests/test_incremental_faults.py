"""The cache never hides a change: random edit sequences, and a catalog saved mid-run.

The property (see ``incremental_edits``): after each random edit, ``run`` with
the state of earlier runs writes what a run without state writes, exits the
same, and ``check --strict`` exits the same with and without the cache. The
suite runs a few short sequences; ``benchmarks/bench_incremental_random.py``
runs 200 and more.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import polib
import pytest
from incremental_edits import divergences, files_of, invoke, write_project

from pipeline.commands import build as run_command


@pytest.mark.parametrize("seed", range(3))
def test_incremental_runs_match_clean_runs(seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        assert divergences(Path(tmp) / "seq", 1000 + seed, 4) == []


def test_a_catalog_saved_after_its_article_was_built_is_not_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The translator saves a.po while ``run`` builds: the MO and build are stale, so the
    next run must process a again, not call it up to date."""
    write_project(tmp_path)
    invoke(tmp_path, "run")
    article = tmp_path / "articles" / "a.txt"
    article.write_text(article.read_text("utf-8") + "\n新的一段。\n", encoding="utf-8")
    po_file = tmp_path / "locales" / "en" / "LC_MESSAGES" / "a.po"
    real_build = run_command.build_articles

    def build_then_save(*args: Any, **kwargs: Any) -> Any:
        built = real_build(*args, **kwargs)
        po = polib.pofile(str(po_file))
        for entry in po:
            if entry.msgid == "新的一段。":
                entry.msgstr = "A new paragraph."
        po.save(str(po_file))
        return built

    monkeypatch.setattr(run_command, "build_articles", build_then_save)
    invoke(tmp_path, "run")
    monkeypatch.setattr(run_command, "build_articles", real_build)
    before = files_of(tmp_path)
    invoke(tmp_path, "run")  # must see a.po as changed: new MO and build
    after = files_of(tmp_path)
    assert before["locales/en/LC_MESSAGES/a.mo"] != after["locales/en/LC_MESSAGES/a.mo"]
