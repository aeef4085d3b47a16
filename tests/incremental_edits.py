"""Random edit sequences for the incremental-versus-clean property (tests and benchmark).

After every edit, ``zhl10n run`` on the project that keeps its state must
leave the same files, byte for byte, and return the same exit code as a run
on a copy without state; ``check --strict`` must return the same exit code
with and without the cache. The edits are what people do to a project: edit,
add, delete and rename articles by hand (with a similar new article), change
tables and the configuration, translate and save catalogs (also same-size
edits within one timestamp tick), delete or spoil outputs, upgrade a library.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import polib
from typer.testing import CliRunner

from pipeline import cache as incremental
from pipeline.cli import app

REPO = Path(__file__).resolve().parent.parent
STAMP = "2026-01-01 00:00+0000"
ARTICLES = {
    "a": "華為昇騰芯片量產\n\n記者 王明 報道\n\n華為昇騰910B芯片已經量產。寒武紀也在追趕。\n\n"
    "市場預期明年需求增長三成。\n",
    "b": "寒武紀發布新品\n\n寒武紀今天發布新一代芯片。華為表示歡迎。\n",
}
CONFIG = 'corrections = ""\nlocales = ["en", "zh_Hans", "zh_TW"]\n'


def write_project(root: Path) -> None:
    (root / "articles").mkdir(parents=True)
    for slug, text in ARTICLES.items():
        (root / "articles" / f"{slug}.txt").write_text(text, encoding="utf-8")
    for name in ("glossary.csv", "conversions.csv"):
        shutil.copy(REPO / name, root / name)
    (root / "overrides.csv").write_text("article,action,line,note\n", encoding="utf-8")
    (root / "zhl10n.toml").write_text(CONFIG, encoding="utf-8")


def files_of(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and incremental.STATE_DIR not in p.parts and p.name != ".lock"
    }


#: The library versions the "installed" set reports; an upgrade edit changes one.
_VERSIONS: list[str] = []


def _versions() -> list[str]:
    return list(_VERSIONS)


@contextmanager
def fixed_clock() -> Iterator[None]:
    """Header dates from one moment, and library versions from :data:`_VERSIONS`."""
    if not _VERSIONS:
        _VERSIONS.extend(incremental.library_versions())
    with (
        mock.patch("pipeline.catalog.now_stamp", lambda now=None: STAMP),
        mock.patch("pipeline.catalog.templates.now_stamp", lambda now=None: STAMP),
        mock.patch.object(incremental, "library_versions", _versions),
    ):
        yield


def invoke(root: Path, *args: str) -> int:
    with fixed_clock():
        result = CliRunner().invoke(app, ["--config", str(root / "zhl10n.toml"), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args}: {result.exception!r}\n{result.output}")
    return result.exit_code


# --- the edits -----------------------------------------------------------------------------------


def _articles(root: Path) -> list[Path]:
    return sorted((root / "articles").glob("*.txt"))


def edit_sentence(root: Path, rng: random.Random) -> None:
    for path in _articles(root):
        text = path.read_text("utf-8")
        if "三成" in text:
            path.write_text(text.replace("三成", "四成", 1), encoding="utf-8")
            return


def same_size_edit(root: Path, rng: random.Random) -> None:
    """Swap one character for another of the same byte length, keeping the file's times."""
    files = _articles(root)
    if not files:
        return
    path = rng.choice(files)
    info = path.stat()
    text = path.read_text("utf-8")
    swapped = text.replace("芯片", "晶片", 1) if "芯片" in text else text.replace("晶片", "芯片", 1)
    path.write_text(swapped, encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def append_sentence(root: Path, rng: random.Random) -> None:
    files = _articles(root)
    if files:
        path = rng.choice(files)
        path.write_text(path.read_text("utf-8") + "\n華為昇騰團隊回應。\n", encoding="utf-8")


def add_article(root: Path, rng: random.Random) -> None:
    slug = f"n{rng.randrange(1000)}"
    (root / "articles" / f"{slug}.txt").write_text("新標題\n\n昇騰出貨。\n", encoding="utf-8")


def delete_article(root: Path, rng: random.Random) -> None:
    files = _articles(root)
    if len(files) > 1:
        rng.choice(files).unlink()


def rename_with_similar(root: Path, rng: random.Random) -> None:
    """``mv`` an article by hand, and add a new article much like it."""
    files = _articles(root)
    if not files:
        return
    path = rng.choice(files)
    text = path.read_text("utf-8")
    path.rename(path.with_name(f"r{rng.randrange(1000)}.txt"))
    similar = text.replace("。", "！", 1)
    (root / "articles" / f"s{rng.randrange(1000)}.txt").write_text(similar, encoding="utf-8")


def drop_glossary_row(root: Path, rng: random.Random) -> None:
    path = root / "glossary.csv"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    path.write_text("".join(row for row in lines if not row.startswith("cambricon,")), "utf-8")


def restore_glossary(root: Path, rng: random.Random) -> None:
    shutil.copy(REPO / "glossary.csv", root / "glossary.csv")


def toggle_override(root: Path, rng: random.Random) -> None:
    path = root / "overrides.csv"
    text = path.read_text("utf-8")
    row = "a,drop,記者 王明 報道,byline\n"
    path.write_text(text.replace(row, "") if row in text else text + row, encoding="utf-8")


def change_config(root: Path, rng: random.Random) -> None:
    """A configuration key that changes output, with several keys set (a set of keys)."""
    extra = rng.choice(
        [
            "",
            "threshold = 0\n",
            "punctuation = false\n",
            "threshold = 0\npunctuation = false\n",
            'locales = ["en", "zh_TW", "zh_Hans"]\n',
        ]
    )
    text = CONFIG if "locales" not in extra else 'corrections = ""\n'
    (root / "zhl10n.toml").write_text(text + extra, encoding="utf-8")


def upgrade_library(root: Path, rng: random.Random) -> None:
    """A library that shapes output is upgraded (its reported version changes)."""
    index = rng.randrange(len(_VERSIONS))
    name, _, version = _VERSIONS[index].rpartition("-")
    _VERSIONS[index] = f"{name}-{version}.post{rng.randrange(100)}"


def translate(root: Path, rng: random.Random) -> None:
    pos = sorted((root / "locales").glob("*/LC_MESSAGES/*.po"))
    if not pos:
        return
    path = rng.choice(pos)
    po = polib.pofile(str(path))
    empty = [entry for entry in po if not entry.msgstr and not entry.obsolete]
    if empty:
        rng.choice(empty).msgstr = f"translation {rng.randrange(100)}"
        po.save(str(path))


def delete_outputs(root: Path, rng: random.Random) -> None:
    found = sorted((root / "locales").glob("*/LC_MESSAGES/*.mo"))
    found += sorted((root / "locales").glob("*.pot"))
    if found:
        rng.choice(found).unlink()


def spoil_build(root: Path, rng: random.Random) -> None:
    built = sorted((root / "build").glob("*/*.txt"))
    if built:
        rng.choice(built).write_text("hand-edited\n", encoding="utf-8")


EDITS: list[Callable[[Path, random.Random], None]] = [
    edit_sentence,
    same_size_edit,
    append_sentence,
    add_article,
    delete_article,
    rename_with_similar,
    drop_glossary_row,
    restore_glossary,
    toggle_override,
    change_config,
    upgrade_library,
    translate,
    delete_outputs,
    spoil_build,
]


def divergences(base: Path, seed: int, length: int) -> list[str]:
    """Run one random sequence of ``length`` edits; describe every divergence found."""
    rng = random.Random(seed)
    live, clean = base / "live", base / "clean"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    _VERSIONS.clear()
    write_project(live)
    found: list[str] = []
    invoke(live, "run")
    for step in range(length):
        edit = rng.choice(EDITS)
        edit(live, rng)
        shutil.rmtree(clean, ignore_errors=True)
        shutil.copytree(live, clean, ignore=shutil.ignore_patterns(incremental.STATE_DIR))
        label = f"seed {seed} step {step} {edit.__name__}"
        live_code, clean_code = invoke(live, "run"), invoke(clean, "run")
        if live_code != clean_code:
            found.append(f"{label}: run exit {live_code} incremental, {clean_code} clean")
        ours, theirs = files_of(live), files_of(clean)
        if ours != theirs:
            differ = sorted(k for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k))
            found.append(f"{label}: files differ: {', '.join(differ[:5])}")
        cached = invoke(live, "check", "--strict")
        shutil.rmtree(clean / incremental.STATE_DIR, ignore_errors=True)
        fresh = invoke(clean, "check", "--strict")
        if cached != fresh:
            found.append(f"{label}: check --strict exit {cached} cached, {fresh} fresh")
    return found
