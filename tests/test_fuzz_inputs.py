"""Fuzzing the files a run reads (PO catalogs, CSV tables, TOML configuration).

Property: ``zhl10n run`` never ends in a traceback, and when it fails (exit 2) it has
written nothing. Each example runs on a fresh copy of a project that ran once.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import GLOSSARY_HEADER, REPO, SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipeline.cli import app

SLUG = SEED.stem
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
TRICKY = [
    '"',
    "\\",
    "\n",
    "\x00",
    "\x1b",
    "\r",
    ",",
    "msgid ",
    "msgstr ",
    "msgctxt ",
    "#, fuzzy\n",
    "#~ ",
    '""\n',
    "=",
    "::error::",
    "寒武紀",
    "\ufeff",
    "[",
    "]",
    "=",
]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project that ran once (templates, catalogs, MO files, built articles)."""
    root = tmp_path_factory.mktemp("baseline")
    (root / "articles").mkdir()
    shutil.copy(SEED, root / "articles" / SEED.name)
    for name in ("glossary.csv", "conversions.csv", "corrections.csv"):
        shutil.copy(REPO / name, root / name)
    (root / "zhl10n.toml").write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["--config", str(root / "zhl10n.toml"), "run", "-q"])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A scratch folder; fsync is skipped here (durability is not what is fuzzed)."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    yield tmp_path


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def run_on(baseline: Path, workspace: Path, name: str, data: bytes) -> None:
    """Copy the project, replace ``name`` with ``data``, run, and check the property."""
    root = workspace / "p"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(baseline, root, symlinks=True)
    (root / name).write_bytes(data)
    before = tree(root)
    result = CliRunner().invoke(app, ["--config", str(root / "zhl10n.toml"), "run", "-q"])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    if result.exit_code == 2:
        assert "Traceback" not in result.stderr
        after = tree(root)
        if name.startswith("locales/"):
            # A broken catalog fails its own article and locale only: it is left as it
            # is, and everything else may be processed and built.
            assert after[name] == before[name], result.stderr
        else:  # a table or the configuration stops the whole run: nothing written
            assert after == before, result.stderr


def mutated(original: bytes) -> st.SearchStrategy[bytes]:
    """``original`` with a few insertions, deletions or byte flips."""
    edit = st.tuples(
        st.integers(0, len(original)),
        st.one_of(
            st.sampled_from(TRICKY).map(lambda s: s.encode("utf-8")),
            st.binary(max_size=4),
            st.text(max_size=6).map(lambda s: s.encode("utf-8", "surrogatepass")),
        ),
        st.integers(0, 8),
    )

    def apply(edits: list[tuple[int, bytes, int]]) -> bytes:
        data = original
        for at, insert, drop in edits:
            at = min(at, len(data))
            data = data[:at] + insert + data[at + drop :]
        return data

    return st.lists(edit, min_size=1, max_size=4).map(apply)


PO = f"locales/en/LC_MESSAGES/{SLUG}.po"


@FUZZ
@given(data=st.data())
def test_fuzzed_catalog(baseline: Path, workspace: Path, data: st.DataObject) -> None:
    original = (baseline / PO).read_bytes()
    run_on(baseline, workspace, PO, data.draw(mutated(original)))


one_char = st.one_of(st.sampled_from(TRICKY), st.characters(codec="utf-8"))
cells = st.lists(one_char, max_size=8).map("".join)


def csv_row(values: list[str]) -> str:
    return ",".join('"' + v.replace('"', '""') + '"' if i % 2 else v for i, v in enumerate(values))


@FUZZ
@given(rows=st.lists(st.lists(cells, min_size=10, max_size=13), max_size=3))
def test_fuzzed_glossary(baseline: Path, workspace: Path, rows: list[list[str]]) -> None:
    text = GLOSSARY_HEADER + "\n" + "\n".join(csv_row(row) for row in rows) + "\n"
    run_on(baseline, workspace, "glossary.csv", text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(rows=st.lists(st.lists(cells, min_size=3, max_size=5), max_size=3))
def test_fuzzed_corrections(baseline: Path, workspace: Path, rows: list[list[str]]) -> None:
    text = "article,find,replace,note\n" + "\n".join(csv_row(row) for row in rows) + "\n"
    run_on(baseline, workspace, "corrections.csv", text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(data=st.data())
def test_fuzzed_conversions(baseline: Path, workspace: Path, data: st.DataObject) -> None:
    original = (baseline / "conversions.csv").read_bytes()
    run_on(baseline, workspace, "conversions.csv", data.draw(mutated(original)))


KEYS = [
    "articles",
    "source_locale",
    "locales",
    "locales_dir",
    "build_dir",
    "glossary",
    "conversions",
    "corrections",
    "punctuation",
    "threshold",
    "encodings",
    "project_name",
    "opencc",
    "tool",
]
scalars = st.one_of(
    st.lists(st.sampled_from([*TRICKY, "..", "/", "zh_TW", "s2tw"]), max_size=4).map("".join),
    st.sampled_from(["utf-8", "rot13", "hex", "zh_TW", "en", "auto", "s2twp", "../x", "/tmp"]),
    st.integers(-5, 200),
    st.booleans(),
    st.floats(allow_nan=True),
)
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["Hant", "Hans", "zh_TW", SLUG, "x"]), inner, max_size=3),
    ),
    max_leaves=6,
)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


@FUZZ
@given(table=st.dictionaries(st.sampled_from(KEYS), values, max_size=4))
def test_fuzzed_configuration(baseline: Path, workspace: Path, table: dict[str, Any]) -> None:
    text = "".join(f"{key} = {toml_value(value)}\n" for key, value in table.items())
    run_on(baseline, workspace, "zhl10n.toml", text.encode("utf-8", "surrogatepass"))
