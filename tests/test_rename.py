"""``zhl10n mv`` and rename detection: a renamed article keeps every translation."""

from __future__ import annotations

from pathlib import Path

from conftest import SLUG
from typer.testing import CliRunner

from pipeline import catalog
from pipeline.cli import app

NEW = "huang-visit-renamed"


def _po(root: Path, locale: str, slug: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / f"{slug}.po"


def _translated_project(root: Path, runner: CliRunner) -> dict[str, str]:
    assert runner.invoke(app, ["extract", "-q"]).exit_code == 0
    assert runner.invoke(app, ["update", "-q"]).exit_code == 0
    en = _po(root, "en", SLUG)
    po = catalog.read_catalog(en)
    for number, entry in enumerate(po):
        entry.msgstr = f"English {number}."
    catalog.write_catalog(po, en)
    tw = _po(root, "zh_TW", SLUG)
    po = catalog.read_catalog(tw)
    po[0].msgstr = "人工修訂的標題"  # a correction
    catalog.write_catalog(po, tw)
    return {e.msgid: e.msgstr for e in catalog.read_catalog(en)}


def test_mv_moves_everything_and_keeps_every_translation(seeded: Path) -> None:
    runner = CliRunner()
    english = _translated_project(seeded, runner)
    result = runner.invoke(app, ["mv", SLUG, NEW])
    assert result.exit_code == 0, result.output
    assert not (seeded / "articles" / f"{SLUG}.txt").exists()
    assert (seeded / "articles" / f"{NEW}.txt").is_file()
    assert not (seeded / "locales" / f"{SLUG}.pot").exists()
    pot = catalog.read_catalog(seeded / "locales" / f"{NEW}.pot")
    assert pot.metadata["X-Source-File"] == f"articles/{NEW}.txt"
    assert all(name == f"articles/{NEW}.txt" for e in pot for name, _ in e.occurrences)
    en = _po(seeded, "en", NEW)
    assert not _po(seeded, "en", SLUG).exists()
    assert {e.msgid: e.msgstr for e in catalog.read_catalog(en)} == english
    assert catalog.read_catalog(_po(seeded, "zh_TW", NEW))[0].msgstr == "人工修訂的標題"
    # Everything is current after the move: nothing to extract or update.
    extracted = runner.invoke(app, ["extract", "--check"])
    assert extracted.exit_code == 0, extracted.stderr
    assert runner.invoke(app, ["update", "--check"]).exit_code == 0


def test_update_recognises_a_rename_by_hand_and_names_the_command(seeded: Path) -> None:
    runner = CliRunner()
    english = _translated_project(seeded, runner)
    (seeded / "corrections.csv").unlink()  # its rows name the article (extract would stop)
    (seeded / "articles" / f"{SLUG}.txt").rename(seeded / "articles" / f"{NEW}.txt")
    assert runner.invoke(app, ["extract", "-q"]).exit_code == 0
    result = runner.invoke(app, ["update"])
    assert result.exit_code == 0, result.output
    assert f"zhl10n mv {SLUG} {NEW}" in result.stderr
    assert not _po(seeded, "en", NEW).exists()  # no empty catalog started for the new name
    # The orphaned catalogs are not checked as live ones.
    checked = runner.invoke(app, ["check", "--format", "json"])
    assert f"{SLUG}.po" not in checked.stdout
    moved = runner.invoke(app, ["mv", SLUG, NEW])  # finishes the rename made by hand
    assert moved.exit_code == 0, moved.output
    assert {e.msgid: e.msgstr for e in catalog.read_catalog(_po(seeded, "en", NEW))} == english
    assert runner.invoke(app, ["update", "-q"]).exit_code == 0  # takes the new template's date
    after = catalog.read_catalog(_po(seeded, "en", NEW))
    assert set(english.values()) <= {e.msgstr for e in after}  # no translation lost
    assert runner.invoke(app, ["update", "--check"]).exit_code == 0


def test_a_deleted_article_is_not_called_a_rename(seeded: Path) -> None:
    runner = CliRunner()
    _translated_project(seeded, runner)
    (seeded / "corrections.csv").unlink()
    (seeded / "articles" / f"{SLUG}.txt").unlink()
    (seeded / "articles" / "other.txt").write_text("完全不同的一篇文章。\n", encoding="utf-8")
    assert runner.invoke(app, ["extract", "-q"]).exit_code == 0
    result = runner.invoke(app, ["update"])
    assert "zhl10n mv " + SLUG + " <new-name>" in result.stderr
    assert "Run: zhl10n mv" not in result.stderr


def test_mv_refuses_an_existing_target_and_an_unknown_article(seeded: Path) -> None:
    runner = CliRunner()
    _translated_project(seeded, runner)
    (seeded / "articles" / f"{NEW}.txt").write_text("另一篇。\n", encoding="utf-8")
    result = runner.invoke(app, ["mv", SLUG, NEW])
    assert result.exit_code == 2 and "already exists" in result.stderr
    result = runner.invoke(app, ["mv", "no-such-article", "x"])
    assert result.exit_code == 2 and "no article of that name" in result.stderr
    assert "Traceback" not in result.output


def test_mv_moves_an_html_article_with_its_overrides(project: Path) -> None:
    from test_html import PAGE

    runner = CliRunner()
    (project / "articles" / "typhoon.html").write_text(PAGE, encoding="utf-8")
    dropped = "氣象署提醒民眾，颱風外圍環流帶來的雨量不容小覷，應避免前往山區與海邊。"
    (project / "overrides.csv").write_text(
        f'article,action,line,note\n"typhoon",drop,{dropped},x\n', encoding="utf-8"
    )
    assert runner.invoke(app, ["run", "-q", "--keep-going"]).exit_code == 0
    assert dropped not in (project / "locales" / "typhoon.pot").read_text(encoding="utf-8")
    result = runner.invoke(app, ["mv", "articles/typhoon.html", "storm.html"])
    assert result.exit_code == 0, result.output
    assert (project / "articles" / "storm.html").is_file()
    assert (project / "build" / "zh_Hans" / "storm.md").is_file()
    assert not (project / "build" / "zh_Hans" / "typhoon.md").exists()
    assert (
        (project / "overrides.csv")
        .read_text(encoding="utf-8")
        .splitlines()[1]
        .startswith('"storm",drop,')
    )
    # Everything is current after the move, the override still applied.
    assert runner.invoke(app, ["extract", "--check"]).exit_code == 0
    assert runner.invoke(app, ["update", "--check"]).exit_code == 0
    assert dropped not in (project / "locales" / "storm.pot").read_text(encoding="utf-8")


def test_run_reports_a_rename_as_update_does(seeded: Path) -> None:
    """``commands.run`` carries update's renames, and ``zhl10n run`` names the command."""
    from pipeline.commands.run import run
    from pipeline.config import Config
    from pipeline.workspace import Workspace

    runner = CliRunner()
    _translated_project(seeded, runner)
    (seeded / "corrections.csv").unlink()
    (seeded / "articles" / f"{SLUG}.txt").rename(seeded / "articles" / f"{NEW}.txt")
    result = run(Workspace(Config(root=seeded)), keep_going=True)
    assert [(path.stem, slug) for path, slug in result.renames] == [(SLUG, NEW)]
    (seeded / "articles" / f"{NEW}.txt").rename(seeded / "articles" / "third.txt")
    shown = runner.invoke(app, ["run", "--keep-going"])
    assert f"zhl10n mv {SLUG} third" in shown.stderr
