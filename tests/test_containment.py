"""``zhl10n run`` contains failures: one bad article or catalog never stops the others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import segment as segment_module
from pipeline.cli import app
from pipeline.commands import extract as extract_module

LOCALES = ("en", "zh_Hans", "zh_Hant", "zh_TW", "zh_HK")
GOOD = "台北市政府今天公布新的交通計畫。\n\n市區公車將增加班次，英偉達的芯片也在展出。\n"
BOOM = "這篇文章會在流程中出錯。\n\n第二段內容照常。\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["run", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def five(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Five articles: two good, one empty, one undecodable, one that raises inside the
    pipeline; after a first run, one good article's zh_TW catalog gets a syntax error."""
    articles = project / "articles"
    (articles / "good.txt").write_text(GOOD, encoding="utf-8")
    (articles / "other.md").write_text("# 標題\n\n" + GOOD, encoding="utf-8")
    (articles / "boom.txt").write_text(BOOM, encoding="utf-8")
    code, out, err = run("-q")
    assert code == 0, out + err
    po = project / "locales" / "zh_TW" / "LC_MESSAGES" / "other.po"
    po.write_text(po.read_text(encoding="utf-8") + 'msgid "x\\q"\nmsgstr ""\n', encoding="utf-8")
    (articles / "empty.txt").write_bytes(b"")
    (articles / "short.txt").write_bytes("中文標題".encode("big5"))
    (articles / "good.txt").write_text(GOOD + "\n新增一段。\n", encoding="utf-8")
    (articles / "boom.txt").write_text(BOOM + "\n再改一次。\n", encoding="utf-8")
    real = segment_module.segment

    def segment(article, *args, **kwargs):  # type: ignore[no-untyped-def]
        if article.slug == "boom":
            raise RuntimeError("forced by the test")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(extract_module, "segment", segment)
    return project


def test_every_failure_is_one_line_and_the_rest_is_built(five: Path) -> None:
    code, out, err = run()
    assert code == 2
    assert "Traceback" not in out + err
    errors = [line for line in err.splitlines() if line.startswith("error")]
    assert len(errors) == 4, err
    assert "error: articles/empty.txt: empty article" in err
    assert "error: articles/short.txt:1: not UTF-8" in err and "[encodings] short" in err
    assert "error (zh_TW): locales/zh_TW/LC_MESSAGES/other.po:" in err
    assert "error: articles/boom.txt: internal error (RuntimeError: forced by the test); " in err
    log = five / ".zhl10n-cache" / "crash-boom.log"
    assert "RuntimeError: forced by the test" in log.read_text(encoding="utf-8")
    assert "articles: 5 (2 processed, 0 up to date, 3 failed)" in out
    for locale in LOCALES[1:]:  # the edited good article is built in every Chinese locale
        built = (five / "build" / locale / "good.txt").read_text(encoding="utf-8")
        assert "新增一段" in built, locale
        assert "英偉達" not in built or locale != "zh_Hans", locale
    for name in ("empty.txt", "short.txt"):  # boom keeps its build from the first run
        assert not any((five / "build" / locale / name).exists() for locale in LOCALES), name


def test_failed_articles_are_processed_again_once_fixed(five: Path) -> None:
    assert run("-q")[0] == 2
    (five / "articles" / "empty.txt").write_text("標題\n\n內容。\n", encoding="utf-8")
    (five / "articles" / "short.txt").unlink()
    (five / "articles" / "boom.txt").unlink()
    po = five / "locales" / "zh_TW" / "LC_MESSAGES" / "other.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgid "x\\q"\nmsgstr ""\n', ""), "utf-8")
    code, out, err = run("-q")
    assert code == 0, out + err
    assert (five / "build" / "zh_TW" / "empty.txt").is_file()
    assert (five / "build" / "zh_TW" / "other.md").is_file()


def test_json_lists_the_failures(five: Path) -> None:
    result = CliRunner().invoke(app, ["run", "-f", "json"])
    assert result.exit_code == 2
    failures = json.loads(result.stdout)["failures"]
    assert sorted((f["article"], f["locale"]) for f in failures) == [
        ("boom", None),
        ("empty", None),
        ("other", "zh_TW"),
        ("short", None),
    ]
    assert [f["crash_log"] for f in failures if f["article"] == "boom"] == [
        ".zhl10n-cache/crash-boom.log"
    ]


def test_a_broken_glossary_still_stops_the_whole_run(five: Path) -> None:
    (five / "glossary.csv").write_text("id,zh_Hant\nx,\n", encoding="utf-8")
    code, _, err = run()
    assert code == 2 and err.startswith("error: glossary.csv:") and len(err.splitlines()) == 1


def test_an_unexpected_exception_is_one_line_and_a_crash_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib

    app_module = importlib.import_module("pipeline.cli.app")

    def broken(**_kwargs: object) -> None:
        raise KeyError("forced")

    monkeypatch.setattr(app_module, "app", broken)
    with pytest.raises(SystemExit) as stop:
        app_module.main()
    assert stop.value.code == 70
    err = capsys.readouterr().err
    assert err.startswith("error: internal error (KeyError: 'forced'); traceback in ")
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    log = Path(err.rsplit("traceback in ", 1)[1].strip())
    assert "KeyError: 'forced'" in log.read_text(encoding="utf-8")
    log.unlink()
