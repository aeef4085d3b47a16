"""Review pages opened in a real browser: Debian's Chromium driven by Playwright.

No browser is downloaded (never ``playwright install``): Playwright drives
``/usr/bin/chromium`` (``ZHL10N_CHROMIUM`` to use another), headless, with a
fresh profile and no background networking. Where Chromium or Playwright is
missing these tests skip, except under CI (``CI`` or ``ZHL10N_REQUIRE_BROWSER``
set, as ``.ci/run`` does), where they fail.

They assert what a reviewer sees: terms marked and explained on focus, the
findings on the right cell, filters hiding and showing rows and columns from
the keyboard, ``lang`` attributes; that injected markup is shown as text and
never runs; and they save screenshots.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SLUG, copy_seed_catalogs
from test_review import HOSTILE_EN, HOSTILE_TITLE, hostile_project
from typer.testing import CliRunner

from pipeline.cli import app

CHROMIUM = os.environ.get("ZHL10N_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EN_PO = Path("locales/en/LC_MESSAGES") / f"{SLUG}.po"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") or os.environ.get("ZHL10N_REQUIRE_BROWSER"):
        pytest.fail(f"{reason} (browser tests are required under CI)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One Chromium for the module, with a fresh user-data-dir."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install -y chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": 1500, "height": 1000},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    tab.errors = errors
    try:
        yield tab
    finally:
        tab.close()


@pytest.fixture
def reviewed(seeded: Path, runner: CliRunner) -> Path:
    copy_seed_catalogs(seeded)
    en = (seeded / EN_PO).read_text(encoding="utf-8")
    # One finding to look for: the English title names Jensen Huang wrongly.
    en = en.replace("Behind Jensen Huang's China Visit", "Behind Huang Renxun's China Visit", 1)
    (seeded / EN_PO).write_text(en, encoding="utf-8")
    result = runner.invoke(app, ["review"])
    assert result.exit_code == 0, result.output
    return seeded


def url(path: Path) -> str:
    return path.resolve().as_uri()


def visible_rows(page: Any) -> int:
    return int(page.locator(".units .unit:visible").count())


def badge(page: Any, selector: str) -> str:
    """The state label a cell shows (drawn by CSS before its text)."""
    content = page.eval_on_selector(selector, "e => getComputedStyle(e, '::before').content")
    return str(content).strip('"')


def test_index_links_to_the_seed_article(reviewed: Path, page: Any) -> None:
    page.goto(url(reviewed / "build" / "review" / "index.html"))
    row = page.locator(f'tr[data-slug="{SLUG}"]')
    assert row.locator("td.units").inner_text() == "33"
    assert row.locator("td.dropped").inner_text() == "6"
    assert row.locator('td[data-locale="zh_TW"] .percent').inner_text() == "100%"
    row.locator("a").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/{SLUG}.html")
    assert page.locator(".units .unit").count() == 33
    assert page.errors == []


def test_what_a_reviewer_sees_on_the_seed_article(
    reviewed: Path, page: Any, tmp_path: Path
) -> None:
    page.goto(url(reviewed / "build" / "review" / f"{SLUG}.html"))
    assert visible_rows(page) == 33
    assert page.locator("#shown").inner_text() == "33 of 33 units shown"
    headers = page.locator(".units .head > span").all_inner_texts()
    assert [h.split()[0] for h in headers] == [
        "#",
        "kind",
        "source",
        "en",
        "zh_Hans",
        "zh_Hant",
        "zh_TW",
        "zh_HK",
    ]
    for locale, tag in (("zh_TW", "zh-Hant-TW"), ("zh_HK", "zh-Hant-HK"), ("zh_Hans", "zh-Hans")):
        assert page.locator(f"#u2 .loc-{locale}").get_attribute("lang") == tag
    assert page.locator("#u2 .src").get_attribute("lang") == "zh-Hant"
    # Glossary terms are marked in every column, in the locale's form.
    for column, form in (
        ("src", "黃仁勛"),
        ("loc-en", "Jensen Huang"),
        ("loc-zh_Hans", "黄仁勋"),
        ("loc-zh_TW", "黃仁勳"),
    ):
        marks = page.locator(f"#u2 .{column} mark").all_inner_texts()
        assert form in marks, (column, marks)
    assert "晶片" in page.locator("#u2 .loc-zh_TW mark").all_inner_texts()
    # Focusing a term (keyboard) shows its English and note.
    page.locator("#u2 .loc-zh_TW mark", has_text="晶片").focus()
    tip = page.locator("#tip")
    assert tip.is_visible()
    assert tip.inner_text().startswith("chip — Taiwan uses 晶片")
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    # Characters the conversion changed are marked, the source never.
    assert page.locator("#u1 .loc-zh_Hans .chg").count() > 0
    assert page.locator(".units .src .chg").count() == 0
    # The finding sits on the English cell of the title, nowhere else.
    finding = page.locator("#u1 .loc-en ul.findings li").first
    assert "required-term" in finding.inner_text()
    assert page.locator("ul.findings li").count() == 2  # required-term and forbidden-term
    assert page.locator("#u1 .loc-en ul.findings li").count() == 2
    # States are told apart by a label, not colour alone.
    assert badge(page, "#u1 .loc-zh_TW") == "⚙ machine"
    assert badge(page, "#u1 .loc-en") == "✓ translated"
    # The cleaning report lists the six dropped lines with their reasons.
    dropped = page.locator("table.dropped tbody tr")
    assert dropped.count() == 6
    assert "call to action" in dropped.nth(5).locator("td.reason").inner_text()
    page.screenshot(path=str(tmp_path / "seed.png"))
    assert (tmp_path / "seed.png").stat().st_size > 10_000
    assert page.errors == []


def test_filters_from_the_keyboard(reviewed: Path, page: Any) -> None:
    page.goto(url(reviewed / "build" / "review" / f"{SLUG}.html"))
    # Only units with findings: Tab to the checkbox, Space to tick it.
    page.locator("#only-findings").focus()
    page.keyboard.press("Space")
    assert page.locator("#only-findings").is_checked()
    assert visible_rows(page) == 1 and page.locator("#u1").is_visible()
    assert page.locator("#shown").inner_text() == "1 of 33 units shown"
    page.keyboard.press("Tab")  # focus moves on to the locale pair
    assert page.evaluate("document.activeElement.id") == "pair"
    # One locale pair: only the source and zh_HK columns remain.
    page.select_option("#pair", "zh_HK")
    assert visible_rows(page) == 0  # no findings in zh_HK
    page.locator("#only-findings").press("Space")
    assert visible_rows(page) == 33
    assert page.locator("#u2 .loc-zh_HK").is_visible()
    assert page.locator("#u2 .src").is_visible()
    for locale in ("en", "zh_Hans", "zh_Hant", "zh_TW"):
        assert not page.locator(f"#u2 .loc-{locale}").is_visible()
        assert not page.locator(f".units .head .loc-{locale}").is_visible()
    # Hide matches: rows whose zh_HK text equals the source disappear.
    same = page.locator(".unit.same-zh_HK").count()
    assert 0 < same < 33
    page.locator("#hide-matches").focus()
    page.keyboard.press("Space")
    assert visible_rows(page) == 33 - same
    assert page.locator(".unit.same-zh_HK:visible").count() == 0
    # Back to all locales: every column again; hide matches now means every Chinese
    # column equals the source.
    page.select_option("#pair", "")
    assert page.locator("#u2 .loc-en").is_visible()
    assert visible_rows(page) == 33 - page.locator(".unit.same-all").count()
    assert page.errors == []


def test_hostile_article_shows_as_text_and_runs_nothing(
    project: Path, runner: CliRunner, page: Any, tmp_path: Path
) -> None:
    hostile_project(project, runner)
    folder = project / "build" / "review"
    for name in ("index.html", "hostile.html"):
        page.goto(url(folder / name))
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("img, svg, b").count() == 0
        assert page.locator("script").count() == (1 if name == "hostile.html" else 0)
    # Hover every mark and focus every term: no handler hidden in a note fires.
    for mark in page.locator(".units mark").all():
        mark.hover()
        mark.focus()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#u1 .src").inner_text() == HOSTILE_TITLE
    assert page.locator("#u1 .loc-en").inner_text().startswith(HOSTILE_EN)
    body = "".join(page.locator(".units .src").all_inner_texts())
    assert '"><img src=x onerror=' in body and "U+0007" in body and "'引號'" in body
    assert re.search(r"U\+202E", body)
    page.screenshot(path=str(tmp_path / "hostile.png"))
    assert page.errors == []


def test_large_article_renders(project: Path, runner: CliRunner, page: Any) -> None:
    """2,000 units: the page loads and the filters work (timing is in the benchmark)."""
    sentences = [
        f"第{n}句：黃仁勳表示，華為昇騰{n}芯片的產能提升了{n % 90 + 10}%，這一變化值得關注。"
        for n in range(2000)
    ]
    paragraphs = ["".join(sentences[i : i + 5]) for i in range(0, 2000, 5)]
    (project / "articles" / "large.txt").write_text(
        "大型文章標題\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
    )
    assert runner.invoke(app, ["extract", "-q"]).exit_code == 0
    # Two converted locales keep the test quick; the others show as missing catalogs.
    assert runner.invoke(app, ["update", "-q", "-l", "zh_Hans", "-l", "zh_TW"]).exit_code == 0
    assert runner.invoke(app, ["review", "-q"]).exit_code == 0
    page.goto(url(project / "build" / "review" / "large.html"))
    per_page = 250  # review.PAGE_UNITS: a long article comes in pages
    assert page.locator(".units .unit").count() == per_page
    assert page.locator(".unit .loc-zh_TW[data-state=machine]").count() == per_page
    assert page.locator(".unit .loc-en[data-state=missing]").count() == per_page
    page.select_option("#pair", "zh_TW")
    page.check("#hide-matches")
    shown = per_page - page.locator(".unit.same-zh_TW").count()
    assert page.locator("#shown").inner_text() == f"{shown} of {per_page} units shown"
    links = page.locator("nav.pages a")
    assert links.count() == 9 and links.last.inner_text() == "2001–2001"
    links.last.click()
    page.wait_for_load_state()
    assert page.url.endswith("/large.page-9.html")
    assert page.locator(".units .unit").count() == 1 and page.locator("#u2001").is_visible()
    assert page.locator("nav.pages a[aria-current=page]").inner_text() == "2001–2001"
    assert page.errors == []


def test_what_changed_is_shown_on_the_seed_article(
    seeded: Path, runner: CliRunner, page: Any, tmp_path: Path
) -> None:
    """A fuzzy cell shows how the source changed; named swaps are told from script
    conversion and explained on focus; each locale's edition status is on the page."""
    copy_seed_catalogs(seeded)
    article = seeded / "articles" / f"{SLUG}.txt"
    article.write_text(
        article.read_text(encoding="utf-8").replace("910B", "910C", 1), encoding="utf-8"
    )
    assert runner.invoke(app, ["run", "--review", "-q"]).exit_code in (0, 1)
    page.goto(url(seeded / "build" / "review" / f"{SLUG}.html"))
    fuzzy = page.locator(".loc-en[data-state=fuzzy]")
    assert fuzzy.count() == 1
    was = fuzzy.locator(".was")
    assert was.is_visible() and was.inner_text().startswith("source was")
    assert was.locator("del").inner_text() == "B" and was.locator("ins").inner_text() == "C"
    styles = (
        page.eval_on_selector(".was del", "e => getComputedStyle(e).textDecorationLine"),
        page.eval_on_selector(".was ins", "e => getComputedStyle(e).textDecorationLine"),
    )
    assert styles == ("line-through", "underline")  # told apart without colour
    # A regional vocabulary swap: its own mark, explained on keyboard focus.
    swap = page.locator(".loc-zh_TW .swp-vocabulary", has_text="演算法").first
    assert swap.is_visible()
    assert (
        page.eval_on_selector(".swp-vocabulary", "e => getComputedStyle(e).textDecorationStyle")
        == "double"
    )
    swap.focus()
    tip = page.locator("#tip")
    assert tip.is_visible() and "regional vocabulary (vocabulary:" in tip.inner_text()
    # A glossary swap inside a term says both: the rule and the term's English.
    page.locator(".loc-zh_TW mark .swp-glossary", has_text="晶片").first.focus()
    assert "glossary term (glossary:chip)" in tip.inner_text() and "— chip" in tip.inner_text()
    # Script conversion alone keeps the plain mark.
    assert page.locator(".loc-zh_Hans .chg").count() > 0
    # Each locale's edition: built here (the fuzzy sentence falls back to the source),
    # told by a symbol drawn before the word, not by colour alone.
    status = page.locator('table.summary tr[data-locale="en"] td.status')
    assert status.inner_text() == "built"
    before = page.eval_on_selector(
        'table.summary tr[data-locale="en"] .status-built',
        "e => getComputedStyle(e, '::before').content",
    )
    assert before == '"✓ "'
    page.goto(url(seeded / "build" / "review" / "index.html"))
    assert page.locator('td[data-locale="zh_TW"] .status').inner_text() == "built"
    page.screenshot(path=str(tmp_path / "changes.png"), full_page=False)
    assert page.errors == []
