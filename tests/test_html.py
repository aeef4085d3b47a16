"""Saved HTML pages: trafilatura finds the article, the Markdown path does the rest."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from conftest import DATA
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import InputFileError
from pipeline.html import declared_charset, extract_page, headline
from pipeline.ingest import read_article
from pipeline.segment import segment

PAGES = DATA / "pages"
#: The Markdown and HTML pages of the shared corpus written with this module.
FORMAT_PAGES = sorted(
    p
    for p in PAGES.glob("*")
    if p.suffix in (".md", ".html") and p.with_name(p.stem + ".expect.json").is_file()
)

PAGE = """<html><head><meta charset="utf-8">
<title>颱風逼近 全台停班停課 | 政治 | 某某新聞網</title>
<meta name="author" content="王大同">
<meta property="article:published_time" content="2025-10-16T08:00:00+08:00">
</head><body>
<nav><a>首頁</a><a>政治</a><a>社會</a><a>國際</a><a>財經</a></nav>
<article>
<h1>颱風逼近 全台停班停課</h1>
<p>中央氣象署今天上午發布海上颱風警報，預計晚間發布陸上警報。各地政府將依風雨情形決定是否停班停課。</p>
<h2>交通影響</h2>
<p>台鐵與高鐵表示，列車將視風勢調整班次。<br>國內航線已有多個航班取消。</p>
<ul><li>台鐵部分列車停駛。</li><li>高鐵維持正常營運。</li></ul>
<table><tr><th>縣市</th><th>停班</th></tr><tr><td>台北市</td><td>是</td></tr></table>
<p>氣象署提醒民眾，颱風外圍環流帶來的雨量不容小覷，應避免前往山區與海邊。</p>
</article>
<aside><h3>熱門新聞</h3><ul><li><a>明星演唱會門票秒殺</a></li></ul></aside>
<footer>© 2025 某某新聞網 版權所有</footer>
</body></html>
"""


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def test_html_page_gives_headline_date_and_main_text(tmp_path: Path) -> None:
    article = read_article(_write(tmp_path, "a.html", PAGE))
    units = [(u.kind, u.source) for u in segment(article)]
    assert units[0] == ("title", "颱風逼近 全台停班停課")
    assert ("date", "2025-10-16") in article.metadata
    assert ("heading", "交通影響") in units
    # a <br> starts a new paragraph; list items and table cells keep their kind
    assert ("paragraph", "台鐵與高鐵表示，列車將視風勢調整班次。") in units
    assert ("paragraph", "國內航線已有多個航班取消。") in units
    assert ("list_item", "高鐵維持正常營運。") in units
    assert ("table_cell", "台北市") in units
    # navigation, side bar and footer are not the article
    texts = " ".join(s for _, s in units)
    assert "首頁" not in texts and "熱門新聞" not in texts and "版權所有" not in texts


def test_html_page_is_read_as_markdown_with_front_matter() -> None:
    page = extract_page(PAGE, "a.html")
    assert page.markdown.startswith("---\ntitle: 颱風逼近 全台停班停課\ndate: 2025-10-16\n")
    assert "\n## 交通影響\n" in page.markdown
    assert "\n- 台鐵部分列車停駛。\n- 高鐵維持正常營運。\n" in page.markdown
    assert "\n| 縣市 | 停班 |\n|---|---|\n| 台北市 | 是 |\n" in page.markdown


def test_unit_lines_point_into_the_saved_page(tmp_path: Path) -> None:
    article = read_article(_write(tmp_path, "a.html", PAGE))
    lines = PAGE.split("\n")
    for unit in segment(article):
        assert unit.source[:4] in lines[unit.line - 1] or unit.kind == "title", unit


def test_text_that_looks_like_markdown_stays_text() -> None:
    page = extract_page(
        "<html><body><article><h1>標題</h1><p>1. 這不是清單，*也不是*強調。</p>"
        "<p># 也不是標題，而是一句很長的內文，內容足夠長，讓抽取器把它當作正文。</p>"
        "</article></body></html>",
        "a.html",
    )
    assert "1\\. 這不是清單，\\*也不是\\*強調。" in page.markdown
    assert "\\# 也不是標題" in page.markdown


def test_page_title_loses_the_site_name() -> None:
    assert (
        headline("台積電法說會 AI需求強勁 | 政經 | 中央通訊社 | CNA") == "台積電法說會 AI需求強勁"
    )
    assert headline("單一標題") == "單一標題"


def test_declared_charset_is_used_when_the_page_is_not_utf8(tmp_path: Path) -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="big5"').replace("台", "臺").replace("©", "(c)")
    article = read_article(_write(tmp_path, "b.html", page, "big5"))
    assert article.encoding == "big5hkscs"
    assert article.title == "颱風逼近 全臺停班停課"
    assert declared_charset(
        b"<meta http-equiv='Content-Type' content='text/html; charset=gbk'>"
    ) == ("gb18030")


def test_page_without_article_text_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no article text"):
        read_article(_write(tmp_path, "empty.html", "<html><body><nav>首頁</nav></body></html>"))


def test_page_without_article_text_exits_2_in_the_cli(project: Path, runner: CliRunner) -> None:
    _write(project / "articles", "empty.html", "<html><body></body></html>")
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 2
    assert "articles/empty.html" in result.output and "no article text" in result.output
    assert "Traceback" not in result.output


def test_extraction_needs_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert extract_page(PAGE, "a.html").title == "颱風逼近 全台停班停課"


def test_html_article_builds_as_markdown(project: Path, runner: CliRunner) -> None:
    _write(project / "articles", "typhoon.html", PAGE)
    result = runner.invoke(app, ["run", "-q", "--keep-going"])
    assert result.exit_code == 0, result.output
    built = (project / "build" / "zh_Hans" / "typhoon.md").read_text(encoding="utf-8")
    assert built.startswith("---\ntitle: 台风逼近 全台停班停课\ndate: 2025-10-16\n")
    assert "\n## 交通影响\n" in built and "\n| 台北市 | 是 |\n" in built
    assert not (project / "build" / "zh_Hans" / "typhoon.html").exists()


# --- the Markdown and HTML pages of the corpus ----------------------------------------------


def test_the_corpus_has_markdown_and_html_pages() -> None:
    # Their golden POTs and labels are checked with every other page in test_pages.py.
    suffixes = [p.suffix for p in FORMAT_PAGES]
    assert suffixes.count(".md") >= 3 and suffixes.count(".html") >= 4
    assert {p.name.split("-")[0] for p in FORMAT_PAGES} >= {"cn", "tw", "hk"}
