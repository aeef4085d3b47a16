"""`zhl10n extract` through the CLI: golden POT, determinism, errors."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import REPO, SLUG
from typer.testing import CliRunner

from pipeline.cli import app


def pot_of(project: Path) -> Path:
    return project / "locales" / f"{SLUG}.pot"


def test_seed_matches_the_committed_golden_pot(seeded: Path, runner: CliRunner) -> None:
    golden = REPO / "locales" / f"{SLUG}.pot"
    shutil.copy(golden, pot_of(seeded))
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 0, result.output
    assert "(unchanged)" in result.stdout
    assert pot_of(seeded).read_bytes() == golden.read_bytes()


def test_seed_units(seeded: Path, runner: CliRunner, msgfmt_check: Callable[[Path], None]) -> None:
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 0, result.output
    assert "33 units" in result.stdout and "48 pinyin repairs" in result.stdout
    text = pot_of(seeded).read_text(encoding="utf-8")
    msgids = re.findall(r'^msgid "(.+)"$', text, flags=re.M)
    assert len(msgids) == 33
    assert sum(1 for m in msgids if m.startswith("黃仁勛訪華背后")) == 1  # title once
    assert text.count("#. heading\n") == 5
    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", text)  # no pinyin left
    for boilerplate in ("免責聲明", "長按掃碼", "閱讀全文", '2025-07-21"', "..."):
        assert boilerplate not in text
    assert "#: articles/huang-visit-2025-07-21.txt:5" in text
    assert "#. glossary: 昇騰 → Ascend" in text
    msgfmt_check(pot_of(seeded))


def test_extract_twice_changes_no_byte(seeded: Path, runner: CliRunner) -> None:
    assert runner.invoke(app, ["extract"]).exit_code == 0
    first = pot_of(seeded).read_bytes()
    result = runner.invoke(app, ["extract"])
    assert "(unchanged)" in result.stdout
    assert pot_of(seeded).read_bytes() == first


def test_header_date_changes_only_with_content(seeded: Path, runner: CliRunner) -> None:
    assert runner.invoke(app, ["extract"]).exit_code == 0
    pot = pot_of(seeded)
    pot.write_text(
        pot.read_text(encoding="utf-8").replace(
            re.search(r"POT-Creation-Date: [^\\]+", pot.read_text(encoding="utf-8")).group(0),  # type: ignore[union-attr]
            "POT-Creation-Date: 2000-01-01 00:00+0000",
        ),
        encoding="utf-8",
    )
    runner.invoke(app, ["extract"])
    assert "2000-01-01" in pot.read_text(encoding="utf-8")  # same content: date kept
    article = seeded / "articles" / f"{SLUG}.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\n新增的一句話。\n", encoding="utf-8")
    runner.invoke(app, ["extract"])
    assert "2000-01-01" not in pot.read_text(encoding="utf-8")


def test_verbose_lists_what_was_dropped(seeded: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "--verbose"])
    assert result.exit_code == 0
    for rule in ("(disclaimer)", "(teaser)", "(call-to-action)", "(repeated-title)", "(date)"):
        assert rule in result.stdout
    assert "創(chuàng) -> 創" in result.stdout
    assert "metadata date: 2025-07-21" in result.stdout


def test_quiet_prints_nothing(seeded: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "--quiet"])
    assert result.exit_code == 0 and result.stdout == ""


def test_missing_file(project: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "articles/nope.txt"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: articles/nope.txt: no such file"
    assert "Traceback" not in result.output


def test_empty_article(project: Path, runner: CliRunner) -> None:
    (project / "articles" / "empty.txt").write_text("\n \n", encoding="utf-8")
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 2
    assert "articles/empty.txt: empty article" in result.stderr
    assert not list((project / "locales").glob("*.pot"))


def test_undecodable_bytes_name_file_line_and_offset(project: Path, runner: CliRunner) -> None:
    (project / "articles" / "bad.txt").write_bytes("標題\n\n好".encode() + b"\xff\xfe\n")
    result = runner.invoke(app, ["extract", "--encoding", "utf-8"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: articles/bad.txt:3: undecodable bytes for utf-8 at byte offset 11"
    )


def test_ambiguous_encoding_asks_for_encoding(project: Path, runner: CliRunner) -> None:
    (project / "articles" / "short.txt").write_bytes("中文標題".encode("big5"))
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 2
    assert '[encodings] short = "<one of them>"' in result.stderr
    result = runner.invoke(app, ["extract", "--encoding", "big5"])
    assert result.exit_code == 0, result.output
    # What the hint names works for run too.
    (project / "zhl10n.toml").write_text('[encodings]\nshort = "big5"\n', encoding="utf-8")
    result = runner.invoke(app, ["run", "-q"])
    assert result.exit_code == 0, result.output
    assert "中文標題" in pot_of_slug(project, "short").read_text(encoding="utf-8")


def pot_of_slug(project: Path, slug: str) -> Path:
    return project / "locales" / f"{slug}.pot"


def test_a_failing_article_writes_nothing(seeded: Path, runner: CliRunner) -> None:
    (seeded / "articles" / "zz-bad.txt").write_bytes(b"\xff\xfe\xfd")
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 2
    assert not pot_of(seeded).exists()  # the good article was not half-processed either


def test_configuration_from_zhl10n_toml(seeded: Path, runner: CliRunner) -> None:
    (seeded / "zhl10n.toml").write_text('locales_dir = "po"\n', encoding="utf-8")
    assert runner.invoke(app, ["extract"]).exit_code == 0
    assert (seeded / "po" / f"{SLUG}.pot").is_file()


def test_bad_configuration_is_one_line(seeded: Path, runner: CliRunner) -> None:
    (seeded / "zhl10n.toml").write_text("locales = [\n", encoding="utf-8")
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "zhl10n.toml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_locale_in_configuration(seeded: Path, runner: CliRunner) -> None:
    (seeded / "zhl10n.toml").write_text('locales = ["fr"]\n', encoding="utf-8")
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 2 and "unknown locale 'fr'" in result.stderr
