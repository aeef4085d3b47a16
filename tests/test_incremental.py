"""Incremental runs: skipped work is exactly the work a clean run would find nothing to do in.

The property: after any sequence of article, glossary, override, catalog and
output edits, ``zhl10n run`` with the state of earlier runs leaves every file
byte for byte as a clean run (no state) over the same files does.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import polib
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipeline import cache as incremental
from pipeline.cli import app

ARTICLE_A = """華為昇騰芯片量產

記者 王明 報道

華為昇騰910B芯片已經量產。寒武紀也在追趕。

市場預期明年需求增長三成。
"""
ARTICLE_B = """寒武紀發布新品

寒武紀今天發布新一代芯片。華為表示歡迎。
"""
OVERRIDES_HEADER = "article,action,line,note\n"
STAMP = "2026-01-01 00:00+0000"


def write_project(root: Path) -> None:
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (root / "articles" / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    for name in ("glossary.csv", "conversions.csv"):
        shutil.copy(REPO / name, root / name)
    (root / "overrides.csv").write_text(OVERRIDES_HEADER, encoding="utf-8")
    (root / "zhl10n.toml").write_text('corrections = ""\n', encoding="utf-8")


def files_of(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and incremental.STATE_DIR not in p.parts and p.name != ".lock"
    }


@contextmanager
def fixed_clock() -> Iterator[None]:
    """Header dates from one fixed moment, so two runs a minute apart write the same bytes."""
    with (
        mock.patch("pipeline.catalog.now_stamp", lambda now=None: STAMP),
        mock.patch("pipeline.catalog.templates.now_stamp", lambda now=None: STAMP),
    ):
        yield


def run(root: Path, *args: str) -> int:
    with fixed_clock():
        result = CliRunner().invoke(app, ["--config", str(root / "zhl10n.toml"), "run", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code


# --- the edits ------------------------------------------------------------------------------


def edit_sentence(root: Path) -> None:
    path = root / "articles" / "a.txt"
    path.write_text(path.read_text("utf-8").replace("三成", "四成", 1), encoding="utf-8")


def append_sentence(root: Path) -> None:
    path = root / "articles" / "b.txt"
    if not path.is_file():  # deleted by an earlier edit
        return
    path.write_text(path.read_text("utf-8") + "\n華為昇騰團隊回應。\n", encoding="utf-8")


def add_article(root: Path) -> None:
    (root / "articles" / "c.txt").write_text("新標題\n\n昇騰出貨。\n", encoding="utf-8")


def delete_article(root: Path) -> None:
    (root / "articles" / "b.txt").unlink(missing_ok=True)


def drop_glossary_row(root: Path) -> None:
    path = root / "glossary.csv"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    path.write_text("".join(row for row in lines if not row.startswith("cambricon,")), "utf-8")


def restore_glossary(root: Path) -> None:
    shutil.copy(REPO / "glossary.csv", root / "glossary.csv")


def toggle_override(root: Path) -> None:
    path = root / "overrides.csv"
    text = path.read_text("utf-8")
    row = "a,drop,記者 王明 報道,byline\n"
    path.write_text(text.replace(row, "") if row in text else text + row, encoding="utf-8")


def translate_english(root: Path) -> None:
    path = root / "locales" / "en" / "LC_MESSAGES" / "a.po"
    if not path.is_file():
        return
    po = polib.pofile(str(path))
    for entry in po:
        if not entry.msgstr and not entry.obsolete:
            entry.msgstr = "Huawei Ascend chips enter mass production."
            break
    po.save(str(path))


def delete_mo(root: Path) -> None:
    (root / "locales" / "zh_TW" / "LC_MESSAGES" / "a.mo").unlink(missing_ok=True)


def spoil_build(root: Path) -> None:
    path = root / "build" / "zh_Hans" / "a.txt"
    if path.is_file():
        path.write_text("hand-edited\n", encoding="utf-8")


def add_twin_article(root: Path) -> None:
    """An article sharing a sentence with a.txt: consistency compares the two."""
    (root / "articles" / "twin.txt").write_text("雙胞胎\n\n寒武紀也在追趕。\n", encoding="utf-8")


def _edit_shared_entry(root: Path, change: Callable[[polib.POEntry], None]) -> None:
    path = root / "locales" / "zh_TW" / "LC_MESSAGES" / "a.po"
    if not path.is_file():
        return
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid == "寒武紀也在追趕。":
            change(entry)
    po.save(str(path))


def retranslate_shared(root: Path) -> None:
    """A reviewer's own wording: the twin's machine translation now differs from it."""
    _edit_shared_entry(root, lambda entry: setattr(entry, "msgstr", "寒武紀也正在追趕。"))


def suppress_consistency(root: Path) -> None:
    _edit_shared_entry(root, lambda entry: setattr(entry, "tcomment", "zhl10n-ignore: consistency"))


EDITS: list[Callable[[Path], None]] = [
    add_twin_article,
    retranslate_shared,
    suppress_consistency,
    edit_sentence,
    append_sentence,
    add_article,
    delete_article,
    drop_glossary_row,
    restore_glossary,
    toggle_override,
    translate_english,
    delete_mo,
    spoil_build,
]


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.sampled_from(EDITS), min_size=1, max_size=3))
def test_incremental_run_writes_what_a_clean_run_writes(
    edits: list[Callable[[Path], None]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        live, clean = Path(tmp) / "live", Path(tmp) / "clean"
        write_project(live)
        assert run(live) in (0, 1)
        for edit in edits:
            edit(live)
            shutil.rmtree(clean, ignore_errors=True)
            shutil.copytree(live, clean, ignore=shutil.ignore_patterns(incremental.STATE_DIR))
            assert run(live) == run(clean), edit.__name__
            assert files_of(live) == files_of(clean), edit.__name__
            # the live check re-checked only changed catalogs; the clean one checked all
            assert check_report(live) == check_report(clean), edit.__name__


def check_report(root: Path) -> str:
    result = CliRunner().invoke(
        app, ["--config", str(root / "zhl10n.toml"), "check", "--format", "json"]
    )
    return result.stdout


def test_a_second_run_processes_nothing_and_force_processes_everything(tmp_path: Path) -> None:
    write_project(tmp_path)
    runner = CliRunner()
    config = ["--config", str(tmp_path / "zhl10n.toml")]
    assert "(2 processed, 0 up to date)" in runner.invoke(app, [*config, "run"]).stdout
    assert "(0 processed, 2 up to date)" in runner.invoke(app, [*config, "run"]).stdout
    edit_sentence(tmp_path)
    assert "(1 processed, 1 up to date)" in runner.invoke(app, [*config, "run"]).stdout
    forced = runner.invoke(app, [*config, "run", "--force"])
    assert "(2 processed, 0 up to date)" in forced.stdout


def test_a_fresh_clone_is_recognised_as_up_to_date(tmp_path: Path) -> None:
    """Hashes, not timestamps: copied files (new inodes and times) still match."""
    first = tmp_path / "first"
    write_project(first)
    runner = CliRunner()
    assert runner.invoke(app, ["--config", str(first / "zhl10n.toml"), "run"]).exit_code == 0
    clone = tmp_path / "clone"
    shutil.copytree(first, clone)  # state included, as a CI cache would restore it
    result = runner.invoke(app, ["--config", str(clone / "zhl10n.toml"), "run"])
    assert "(0 processed, 2 up to date)" in result.stdout


def test_code_change_invalidates_every_record(tmp_path: Path) -> None:
    write_project(tmp_path)
    runner = CliRunner()
    config = ["--config", str(tmp_path / "zhl10n.toml")]
    runner.invoke(app, [*config, "run"])
    with mock.patch.object(incremental, "code_fingerprint", lambda: "another version"):
        result = runner.invoke(app, [*config, "run"])
    assert "(2 processed, 0 up to date)" in result.stdout


def test_unreadable_state_means_a_full_run(tmp_path: Path) -> None:
    write_project(tmp_path)
    runner = CliRunner()
    config = ["--config", str(tmp_path / "zhl10n.toml")]
    runner.invoke(app, [*config, "run"])
    (tmp_path / incremental.STATE_DIR / "state.json").write_text("{not json", encoding="utf-8")
    (tmp_path / incremental.STATE_DIR / "check.json").write_bytes(b"garbage")
    result = runner.invoke(app, [*config, "run"])
    assert result.exit_code == 0 and "(2 processed, 0 up to date)" in result.stdout


def test_run_json_has_the_summary_and_a_row_per_catalog(tmp_path: Path) -> None:
    import json

    write_project(tmp_path)
    result = CliRunner().invoke(
        app, ["--config", str(tmp_path / "zhl10n.toml"), "run", "--format", "json"]
    )
    payload = json.loads(result.stdout)
    assert payload["version"] == 1 and payload["processed"] == 2
    assert len(payload["catalogs"]) == 2 * 5
    assert [row["locale"] for row in payload["locales"]][0] == "en"


# --- check --changed-since ---------------------------------------------------------------------


def git(root: Path, *args: str) -> None:
    import subprocess

    subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_check_changed_since_checks_only_what_changed(tmp_path: Path) -> None:
    import json

    write_project(tmp_path)
    runner = CliRunner()
    config = ["--config", str(tmp_path / "zhl10n.toml")]
    assert runner.invoke(app, [*config, "run"]).exit_code == 0
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "start")

    nothing = runner.invoke(app, [*config, "check", "--changed-since", "HEAD", "-f", "json"])
    assert nothing.exit_code == 0 and json.loads(nothing.stdout)["summary"]["catalogs"] == 0

    po_file = tmp_path / "locales" / "en" / "LC_MESSAGES" / "a.po"
    po = polib.pofile(str(po_file))
    entry = next(e for e in po if "昇騰" in e.msgid)
    entry.msgstr = "Huawei's Shengteng 910B chips are in mass production."
    po.save(str(po_file))
    result = runner.invoke(app, [*config, "check", "--changed-since", "HEAD", "-f", "json"])
    payload = json.loads(result.stdout)
    assert result.exit_code == 1
    assert payload["summary"]["catalogs"] == 5  # a's five catalogs, not b's
    paths = {v["file"] for v in payload["violations"]}
    assert paths == {"locales/en/LC_MESSAGES/a.po"}

    (tmp_path / "glossary.csv").write_text(
        (tmp_path / "glossary.csv").read_text("utf-8") + "\n", encoding="utf-8"
    )
    everything = runner.invoke(app, [*config, "check", "--changed-since", "HEAD", "-f", "json"])
    assert json.loads(everything.stdout)["summary"]["catalogs"] == 10  # a table changed: all


def test_check_changed_since_keeps_consistency_with_unchanged_articles(tmp_path: Path) -> None:
    import json

    write_project(tmp_path)
    shared = "華為表示歡迎。"
    (tmp_path / "articles" / "a.txt").write_text(ARTICLE_A + "\n" + shared + "\n", "utf-8")
    runner = CliRunner()
    config = ["--config", str(tmp_path / "zhl10n.toml")]
    assert runner.invoke(app, [*config, "run"]).exit_code == 0
    for slug, text in (("a", "Huawei welcomed it."), ("b", "Huawei said it welcomed it.")):
        po_file = tmp_path / "locales" / "en" / "LC_MESSAGES" / f"{slug}.po"
        po = polib.pofile(str(po_file))
        next(e for e in po if e.msgid == shared).msgstr = text
        po.save(str(po_file))
        if slug == "a":
            git(tmp_path, "init", "-q")
            git(tmp_path, "add", "-A")
            git(tmp_path, "commit", "-q", "-m", "a translated")
    result = runner.invoke(app, [*config, "check", "--changed-since", "HEAD", "-f", "json"])
    found = json.loads(result.stdout)["violations"]
    places = {v["file"] for v in found if v["rule"] == "consistency"}
    assert places == {"locales/en/LC_MESSAGES/a.po", "locales/en/LC_MESSAGES/b.po"}


def test_check_changed_since_a_bad_revision_is_bad_input(tmp_path: Path) -> None:
    write_project(tmp_path)
    git(tmp_path, "init", "-q")
    result = CliRunner().invoke(
        app, ["--config", str(tmp_path / "zhl10n.toml"), "check", "--changed-since", "nope"]
    )
    assert result.exit_code == 2 and "--changed-since nope" in result.stderr


def test_a_twin_held_back_by_another_articles_correction_matches_a_clean_run(
    tmp_path: Path,
) -> None:
    """A reviewer's correction in a.po makes the twin's zh_TW disagree with it; the twin
    was not edited, yet its edition is held back: the incremental run removes its
    build as a clean run does."""
    live, clean = tmp_path / "live", tmp_path / "clean"
    write_project(live)
    assert run(live) in (0, 1)
    for edit in (add_twin_article, retranslate_shared):
        edit(live)
        shutil.rmtree(clean, ignore_errors=True)
        shutil.copytree(live, clean, ignore=shutil.ignore_patterns(incremental.STATE_DIR))
        assert run(live) == run(clean), edit.__name__
        assert files_of(live) == files_of(clean), edit.__name__
