"""What ``build/`` holds per article and locale: records, digests, statuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import editions
from pipeline.config import Config, load_config
from pipeline.editions import Record


@pytest.fixture
def config(project: Path) -> Config:
    return load_config(cwd=project)


def test_records_round_trip_and_a_misshapen_file_counts_as_none(config: Config) -> None:
    records = {
        ("a", "en"): Record("skipped", "60.3% translated", "d1", ""),
        ("a", "zh_TW"): Record("built", "", "d2", "build/zh_TW/a.txt"),
    }
    editions.save_records(config, records)
    assert editions.load_records(config) == records
    path = editions.records_path(config)
    text = path.read_text(encoding="utf-8")
    for broken in ("{", "[]", text.replace('"built"', '"published"'), text.replace("1,", "7,", 1)):
        path.write_text(broken, encoding="utf-8")
        assert editions.load_records(config) == {}


def test_digest_follows_the_article_and_the_usable_translations() -> None:
    base = editions.edition_digest(b"article", {"u1": "one", "u2": "two"})
    assert base == editions.edition_digest(b"article", {"u2": "two", "u1": "one"})
    assert base != editions.edition_digest(b"article!", {"u1": "one", "u2": "two"})
    assert base != editions.edition_digest(b"article", {"u1": "one"})


@pytest.mark.parametrize(
    ("record", "digest", "present", "expected"),
    [
        (None, "d", [], ""),
        (None, "d", ["build/en/a.txt"], "stale"),
        (Record("built", "", "d", "build/en/a.txt"), "d", ["build/en/a.txt"], "built"),
        (Record("built", "", "d", "build/en/a.txt"), "e", ["build/en/a.txt"], "stale"),
        (Record("built", "", "d", "build/en/a.txt"), "d", [], "stale"),
        (Record("skipped", "below", "d", ""), "d", [], "skipped"),
        (Record("skipped", "below", "d", ""), "d", ["build/en/a.txt"], "stale"),
    ],
)
def test_status_of_an_edition(
    record: Record | None, digest: str, present: list[str], expected: str
) -> None:
    found = editions.status("a", "en", record, digest, [Path(p) for p in present])
    assert found.status == expected
    assert bool(found.reason) == (expected in ("stale", "skipped"))
    assert found.describe().startswith(expected or "not built yet")


def test_withdraw_removes_every_suffix_and_never_follows_a_link(
    config: Config, tmp_path: Path
) -> None:
    folder = config.build_path / "en"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("old", encoding="utf-8")
    (folder / "a.md").write_text("old", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("keep", encoding="utf-8")
    (folder / "b.txt").symlink_to(outside)
    removed = editions.withdraw(config, "en", "a")
    assert sorted(p.name for p in removed) == ["a.md", "a.txt"] and not list(folder.glob("a.*"))
    editions.withdraw(config, "en", "b")
    assert not (folder / "b.txt").is_symlink() and outside.read_text(encoding="utf-8") == "keep"
