"""Bounded work on any input: pathological articles finish with output or one line, never hang.

A megabyte of ``<https://`` or ``![`` on one line, ten megabytes of HTML tag
soup, an article name too long for the file system, a name that is not
UTF-8, a reader that closes the pipe. Each case here runs the real command;
none asserts a time (``benchmarks/bench_pathological.py`` measures them).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from pipeline import markdown
from pipeline.ingest import _MARKUP_SPANS

MB = 1_000_000


def zhl10n(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from pipeline.cli import main; main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,  # a guard against a hang, not a measurement
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def one_line(done: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, lines
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def article(project: Path, name: str, body: str) -> Path:
    path = project / "articles" / name
    path.write_text(f"標題\n\n華為發布新品{body}。\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("unit", ["<https://", "!["])
def test_a_megabyte_of_openers_in_a_text_article_is_processed(project: Path, unit: str) -> None:
    article(project, "a.txt", unit * (MB // len(unit)))
    done = zhl10n(project, "extract", "-q")
    assert done.returncode == 0, done.stderr[-500:]


def test_a_megabyte_of_autolinks_in_a_markdown_article_is_processed(project: Path) -> None:
    article(project, "a.md", "<https://" * (MB // 9))
    done = zhl10n(project, "extract", "-q")
    assert done.returncode == 0, done.stderr[-500:]


@pytest.mark.parametrize("per_line", [MB // 2, 100])
def test_a_megabyte_of_image_openers_in_markdown_is_one_line(project: Path, per_line: int) -> None:
    lines = "\n".join("![" * per_line for _ in range(MB // 2 // per_line))
    article(project, "a.md", lines)
    one_line(zhl10n(project, "extract"), "a.md:3", "more than 10,000 link or image openers")


def test_the_link_patterns_are_linear_on_a_megabyte() -> None:
    """The regular expressions behind Markdown links: no scan to the end from every opener
    (these calls took minutes before; no time is asserted, only that they end)."""
    for unit in ("<https://", "![", "[a]("):
        text = unit * (MB // len(unit))
        assert list(markdown._LINK.finditer(text)) == []
        assert markdown._IMAGE.search(text) is None
        assert len(list(_MARKUP_SPANS.finditer(text))) <= 1


def tag_soup(size: int) -> str:
    cell = "<tr><td>中文段落內容，華為發布新品。</td><td>{}</td></tr><p><div>"
    return "<html><body><table>" + "".join(cell.format(i) for i in range(size // 80)) + "\n"


def test_ten_megabytes_of_tag_soup_is_one_line(project: Path) -> None:
    (project / "articles" / "soup.html").write_text(tag_soup(10 * MB), encoding="utf-8")
    one_line(zhl10n(project, "extract"), "soup.html", "pages are read up to 5 MB", "max_html_mb")


def test_a_page_within_the_limit_is_extracted(project: Path) -> None:
    (project / "articles" / "soup.html").write_text(tag_soup(MB // 2), encoding="utf-8")
    done = zhl10n(project, "extract", "-q")
    assert done.returncode == 0, done.stderr[-500:]


def test_an_article_name_too_long_for_its_outputs_is_refused_up_front(project: Path) -> None:
    article(project, "長" * 80 + ".txt", "")  # 244 bytes
    line = one_line(zhl10n(project, "run"), "244 bytes", "limited to 200 bytes")
    assert not (project / "locales" / "zh_TW").exists(), line
    article(project, "短.txt", "")
    (project / "articles" / ("長" * 80 + ".txt")).unlink()
    assert zhl10n(project, "run", "-q").returncode in (0, 1)


def test_a_file_name_that_is_not_utf8_is_one_line(project: Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")
    (project / "articles" / name).write_text("標題\n\n華為發布新品。\n", encoding="utf-8")
    for command in ("run", "extract", "check"):
        one_line(zhl10n(project, command), "articles/caf\\xe9.txt: file name is not UTF-8")


def test_a_closed_pipe_stops_quietly(project: Path) -> None:
    article(project, "a.txt", "")
    assert zhl10n(project, "run", "-q").returncode in (0, 1)
    for args in (["check", "--strict"], ["check", "--strict", "-f", "json"], ["stats"]):
        process = subprocess.Popen(
            [sys.executable, "-c", "from pipeline.cli import main; main()", *args],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # the reader is gone before the first line is written
        stderr = process.stderr.read().decode()
        code = process.wait(timeout=300)
        assert stderr == "", stderr
        assert code in (0, 1, 141)
