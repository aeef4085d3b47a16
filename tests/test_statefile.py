"""The state folder is data from elsewhere: nothing in it runs, nothing in it crashes a run.

A cloned repository or a poisoned CI cache may carry any ``.zhl10n-cache/``:
a pickle that runs a command when loaded, JSON of the wrong shape, nesting
deep enough to exhaust the parser. Each is ignored (a note under ``run -v``)
and rebuilt; the run's output is the one a clean run gives.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from dataclasses import fields
from pathlib import Path
from unittest import mock

import pytest
from conftest import REPO
from test_incremental import write_project
from typer.testing import CliRunner

from pipeline import cache as incremental
from pipeline import statefile
from pipeline.cli import app
from pipeline.commands.check import cached_check
from pipeline.config import load_config
from pipeline.models import Violation
from pipeline.workspace import Workspace


class Planted:
    """Unpickling this creates a marker file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def invoke(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--config", str(root / "zhl10n.toml"), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def built(tmp_path: Path) -> Path:
    write_project(tmp_path)
    assert invoke(tmp_path, "run")[0] in (0, 1)
    return tmp_path


def cache(root: Path) -> Path:
    return root / incremental.STATE_DIR


@pytest.mark.parametrize("name", ["check.pickle", "check.json", "state.json"])
def test_a_planted_pickle_runs_nothing(built: Path, name: str) -> None:
    marker = built / "pwned"
    planted = pickle.dumps(("key", Planted(marker)))
    (cache(built) / name).write_bytes(planted)
    run_code, run_out, run_err = invoke(built, "run", "-v")
    (cache(built) / name).write_bytes(planted)
    check_code, _, check_err = invoke(built, "check")
    assert not marker.exists()
    assert check_code in (0, 1) and run_code in (0, 1)
    assert "Traceback" not in check_err + run_err
    if name != "check.pickle":  # the old file name is simply never opened
        assert f"note: {incremental.STATE_DIR}/{name} ignored" in run_err
    assert not (cache(built) / "check.pickle").exists() or name == "check.pickle"
    assert json.loads((cache(built) / "state.json").read_bytes())["format"] == 1


MISSHAPEN_STATE = [
    {"format": 1, "key": "k", "files": {"articles/a.txt": 5}},
    {"format": 1, "key": "k", "files": {"articles/a.txt": [1, 2, 3, 4, {"x": 1}, True]}},
    {"format": 1, "key": ["not", "a", "string"]},
    {"format": 1, "key": "k", "articles": {"a": {"path": 3}}},
    {"format": 1, "key": "k", "articles": {"a": {"path": "a", "input": "", "files": [1]}}},
    {
        "format": 1,
        "key": "k",
        "articles": {
            "a": {
                "path": "articles/a.txt",
                "input": "",
                "files": {},
                "summary": {"suspects": "not a list", "units": "many"},
            }
        },
    },
    {"format": 1, "articles": {"a": {"summary": {"locales": {"en": {"stats": {"x": "1"}}}}}}},
    ["format", 1],
    {"format": "__import__('os').system('touch pwned')"},
]


@pytest.mark.parametrize("payload", MISSHAPEN_STATE, ids=range(len(MISSHAPEN_STATE)))
def test_a_misshapen_state_is_ignored_and_rebuilt(built: Path, payload: object) -> None:
    (cache(built) / "state.json").write_text(json.dumps(payload), encoding="utf-8")
    code, out, err = invoke(built, "run", "-v")
    assert code in (0, 1) and "Traceback" not in err
    assert "(2 processed, 0 up to date)" in out
    assert "state.json ignored" in err
    assert "(0 processed, 2 up to date)" in invoke(built, "run")[1]  # rebuilt


def test_state_nested_beyond_the_parser_is_ignored(built: Path) -> None:
    (cache(built) / "state.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    (cache(built) / "check.json").write_text("{" + '"a":' * 200_000, encoding="utf-8")
    code, out, err = invoke(built, "run", "-v")
    assert code in (0, 1) and "Traceback" not in err
    assert "(2 processed, 0 up to date)" in out


def test_a_misshapen_check_cache_under_the_right_key_is_not_trusted(built: Path) -> None:
    path = cache(built) / "check.json"
    good = json.loads(path.read_bytes())
    expected = invoke(built, "check")
    spoiled = [
        {**good, "violations": [{"path": "x", "__class__": "os.system"}]},
        {**good, "violations": [dict.fromkeys((f.name for f in fields(Violation)), 1)]},
        {**good, "units": "12"},
        {**good, "locales": "en"},
        {**good, "violations": {"a": 1}},
    ]
    for payload in spoiled:
        path.write_text(json.dumps(payload), encoding="utf-8")
        code, _, err = invoke(built, "run", "-v")
        assert code == expected[0] and "check.json ignored" in err
        path.write_text(json.dumps(payload), encoding="utf-8")
        assert invoke(built, "check") == expected


def test_the_check_cache_round_trips(built: Path) -> None:
    config = load_config(built / "zhl10n.toml")
    first, cached = cached_check(Workspace(config))
    assert cached
    fresh, _ = cached_check(Workspace(config), force=True)
    assert first == fresh and first.violations  # the sample has violations to round-trip


KEY_PROBE = """
import sys
from dataclasses import fields
from pathlib import Path
from pipeline import cache
from pipeline.config import load_config
config = load_config(Path(sys.argv[1]))
print(cache.run_key(config, cache.Hasher(config)))
"""


def test_the_run_key_is_the_same_in_every_process(tmp_path: Path) -> None:
    """A set in the configuration (the keys it names) hashes the same whatever the hash seed."""
    write_project(tmp_path)
    (tmp_path / "zhl10n.toml").write_text(
        'corrections = ""\nthreshold = 70\nreview = false\npunctuation = true\n'
        'locales = ["en", "zh_TW"]\n',
        encoding="utf-8",
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", KEY_PROBE, str(tmp_path / "zhl10n.toml")],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(REPO)},
        ).stdout
        for seed in range(6)
    }
    assert len(keys) == 1


def test_a_library_upgrade_reruns_everything(built: Path) -> None:
    versions = statefile.library_versions()
    assert "trafilatura-?" not in versions and "markdown-it-py-?" not in versions
    upgraded = [v.replace("trafilatura-", "trafilatura-99.") for v in versions]
    with mock.patch.object(incremental, "library_versions", lambda: upgraded):
        assert "(2 processed, 0 up to date)" in invoke(built, "run")[1]
        assert "(0 processed, 2 up to date)" in invoke(built, "run")[1]
    assert "(2 processed, 0 up to date)" in invoke(built, "run")[1]


def test_every_library_that_shapes_output_is_versioned() -> None:
    for name in ("trafilatura", "markdown-it-py", "mdit-py-plugins", "rapidfuzz", "lxml"):
        assert name in statefile.LIBRARIES
    for name in ("justext", "htmldate", "opencc", "pypinyin", "polib"):
        assert name in statefile.LIBRARIES
    found = dict(v.rsplit("-", 1) for v in statefile.library_versions())
    assert all(found[name] != "?" for name in ("opencc", "polib", "lxml", "justext"))


def test_canonical_forms_do_not_depend_on_order() -> None:
    one = statefile.canonical_json({"b": frozenset({"x", "y", "z"}), "a": ("q",)})
    two = statefile.canonical_json({"a": ["q"], "b": {"z", "y", "x"}})
    assert one == two


def test_a_same_size_edit_within_a_coarse_clock_tick_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system with 1-second timestamps, two saves in one second look alike."""
    from types import SimpleNamespace

    from pipeline.config import Config

    path = tmp_path / "a.txt"
    path.write_bytes(b"one")
    tick = 1_000_000_000_000  # every stat says: changed at this whole second
    coarse = SimpleNamespace(st_size=3, st_ino=7, st_mtime_ns=tick, st_ctime_ns=tick)
    monkeypatch.setattr(incremental.os, "stat", lambda p, *a, **k: coarse)
    monkeypatch.setattr(incremental.time, "time_ns", lambda: tick + 900_000_000)
    first = incremental.Hasher(Config(root=tmp_path))
    before = first.digest(path)
    path.write_bytes(b"two")  # same size, same (coarse) times
    again = incremental.Hasher(Config(root=tmp_path), first.refreshed())
    assert again.digest(path) != before
