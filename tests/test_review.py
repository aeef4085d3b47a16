"""Review pages (``zhl10n review``): what the HTML says, without a browser.

The browser tests (test_review_browser.py) open the same pages in Chromium;
these check the HTML itself: structure, marks, states, findings, escaping
and byte-for-byte stability.
"""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SLUG, copy_seed_catalogs
from typer.testing import CliRunner

from pipeline import review as pages
from pipeline.cli import app
from pipeline.commands.stats import stats
from pipeline.config import load_config
from pipeline.models import Article, CatalogUnit, GlossaryEntry
from pipeline.segment import segment
from pipeline.workspace import Workspace

EN_PO = Path("locales/en/LC_MESSAGES") / f"{SLUG}.po"
TW_PO = Path("locales/zh_TW/LC_MESSAGES") / f"{SLUG}.po"
PAGE = Path("build/review") / f"{SLUG}.html"
INDEX = Path("build/review/index.html")
LANGS = {
    "en": "en",
    "zh_Hans": "zh-Hans",
    "zh_Hant": "zh-Hant",
    "zh_TW": "zh-Hant-TW",
    "zh_HK": "zh-Hant-HK",
}


class Elements(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


def cells(parsed: Elements, locale: str) -> list[dict[str, str]]:
    """The attributes of every cell of one locale's column, in article order."""
    return [a for t, a in parsed.tags if t == "div" and f"loc-{locale}" in classes(a)]


def classes(attributes: dict[str, str]) -> list[str]:
    return attributes.get("class", "").split()


def row_html(html: str, number: int) -> str:
    """The markup of unit row ``number`` (1-based)."""
    start = html.index(f'<div id="u{number}" ')
    following = html.find('<div id="u', start + 1)
    return html[start : following if following != -1 else html.index("<script>", start)]


def cell_html(row: str, column: str) -> str:
    """One cell of a row: ``src`` or ``loc-<locale>`` (cells hold no nested div)."""
    found = re.search(rf'<div class="cell [^"]*\b{column}\b[^>]*>.*?</div>', row, re.S)
    assert found is not None, column
    return found.group(0)


@pytest.fixture
def repo_copy(seeded: Path) -> Path:
    return copy_seed_catalogs(seeded)


@pytest.fixture
def reviewed(repo_copy: Path, runner: CliRunner) -> Path:
    result = runner.invoke(app, ["run", "--review", "-q"])
    assert result.exit_code == 0, result.output
    return repo_copy


def test_seed_article_page_has_33_units_in_five_locales(reviewed: Path) -> None:
    html = (reviewed / PAGE).read_text(encoding="utf-8")
    parsed = parse(html)
    rows = [a for t, a in parsed.tags if t == "div" and "unit" in classes(a)]
    assert len(rows) == 33
    for locale, tag in LANGS.items():
        found = cells(parsed, locale)
        assert len(found) == 33
        assert {c["lang"] for c in found} == {tag}
    sources = [a for t, a in parsed.tags if t == "div" and "src" in classes(a)]
    assert len(sources) == 33 and {s["lang"] for s in sources} == {"zh-Hant"}
    kinds = re.findall(r'<span class="kind" role="cell">([a-z ]+)<br>', html)
    assert kinds.count("title") == 1 and kinds.count("heading") == 5
    assert kinds.count("paragraph") == 27


def test_seed_article_page_lists_six_dropped_lines_with_reasons(reviewed: Path) -> None:
    html = (reviewed / PAGE).read_text(encoding="utf-8")
    table = html[
        html.index('<table class="dropped">') : html.index(
            "</table>", html.index('<table class="dropped">')
        )
    ]
    rules = re.findall(r'<td class="rule">([a-z-]+)</td><td class="reason">([^<]+)</td>', table)
    assert [rule for rule, _ in rules] == [
        "repeated-title",
        "disclaimer",
        "date",
        "repeated-title",
        "teaser",
        "call-to-action",
    ]
    assert all(reason and reason != rule for rule, reason in rules)
    assert "長按掃碼 閱讀全文" in table
    assert "轉變?yōu)橐?guī)則" in html and "轉變為規則" in html  # the editor's correction
    assert "hans-yushizhe" in html  # a conversions.csv override that hit the article


def test_glossary_terms_are_marked_in_every_column(reviewed: Path) -> None:
    html = (reviewed / PAGE).read_text(encoding="utf-8")
    row = row_html(html, 2)
    ref = re.search(r'<tr data-term="jensen-huang">.*?<td class="desc" id="(g\d+)">', html)
    assert ref is not None
    forms = {
        "src": "黃仁勛",
        "loc-en": "Jensen Huang",
        "loc-zh_Hans": "黄仁勋",
        "loc-zh_Hant": "黃仁勳",
        "loc-zh_TW": "黃仁勳",
        "loc-zh_HK": "黃仁勳",
    }
    for column, form in forms.items():
        cell = re.sub(r"</?span[^>]*>", "", cell_html(row, column))
        assert f'<mark tabindex="0" aria-describedby="{ref.group(1)}">{form}</mark>' in cell
    # zh_TW uses its own form of 芯片: 晶片, marked as the chip term.
    chip = re.search(r'<tr data-term="chip">.*?<td class="desc" id="(g\d+)">', html)
    assert chip is not None
    tw = re.sub(r"</?span[^>]*>", "", cell_html(row, "loc-zh_TW"))
    assert f'<mark tabindex="0" aria-describedby="{chip.group(1)}">晶片</mark>' in tw
    # Each mark's description (English and note) is on the page once.
    assert html.count(f'id="{ref.group(1)}"') == 1
    assert re.search(rf'<td class="desc" id="{ref.group(1)}">Jensen Huang — ', html)


def test_changed_characters_are_marked_against_the_source(reviewed: Path) -> None:
    html = (reviewed / PAGE).read_text(encoding="utf-8")
    row = row_html(html, 1)
    hans = cell_html(row, "loc-zh_Hans")
    changed = "".join(re.findall(r'<span class="chg">([^<]*)</span>', hans))
    assert "访" in changed and "后" not in changed  # 背后 is already Simplified in the source
    assert 'class="chg"' not in cell_html(row, "src")


def test_states_findings_and_filters_data(reviewed: Path, runner: CliRunner) -> None:
    en = (reviewed / EN_PO).read_text(encoding="utf-8")
    en = en.replace("Jensen Huang timed this visit", "Huang Renxun timed this visit", 1)
    (reviewed / EN_PO).write_text(en, encoding="utf-8")
    tw = (reviewed / TW_PO).read_text(encoding="utf-8")
    title = "黃仁勳訪華背後：國產GPU加速突圍，中美AI博弈進入新階段"
    assert tw.count(title) == 1
    (reviewed / TW_PO).write_text(tw.replace(title, "黃仁勳訪華背後：國產GPU加速突圍", 1), "utf-8")
    result = runner.invoke(app, ["review"])
    assert result.exit_code == 0, result.output
    html = (reviewed / PAGE).read_text(encoding="utf-8")
    parsed = parse(html)
    states = [c["data-state"] for c in cells(parsed, "zh_TW")]
    assert states[0] == "corrected" and states[1:] == ["machine"] * 32
    assert {c["data-state"] for c in cells(parsed, "en")} == {"translated"}
    row = next(a for t, a in parsed.tags if t == "div" and "find-en" in classes(a))
    assert "has-findings" in row["class"]
    block = row_html(html, int(row["id"][1:]))
    en_cell = cell_html(block, "loc-en")
    assert 'data-rule="required-term"' in en_cell and "Jensen Huang" in en_cell
    assert 'data-rule="forbidden-term"' in en_cell
    others = [cell_html(block, f"loc-{loc}") for loc in ("zh_Hans", "zh_Hant", "zh_TW", "zh_HK")]
    assert all("findings" not in cell for cell in others)
    index = (reviewed / INDEX).read_text(encoding="utf-8")
    assert '<span class="errors">3 errors</span>' in index  # and AI missing from zh_TW's title


def test_fuzzy_and_untranslated_states(reviewed: Path, runner: CliRunner) -> None:
    en = (reviewed / EN_PO).read_text(encoding="utf-8")
    entries = en.split("\n\n")
    entries[1] = entries[1].replace("msgctxt", "#, fuzzy\nmsgctxt", 1)
    entries[2] = re.sub(r'msgstr ".*"', 'msgstr ""', entries[2])
    (reviewed / EN_PO).write_text("\n\n".join(entries), encoding="utf-8")
    assert runner.invoke(app, ["review"]).exit_code == 0
    parsed = parse((reviewed / PAGE).read_text(encoding="utf-8"))
    states = [c["data-state"] for c in cells(parsed, "en")]
    assert states[:3] == ["fuzzy", "untranslated", "translated"]
    index = (reviewed / INDEX).read_text(encoding="utf-8")
    assert "31/33" in index and "1 fuzzy" in index


def test_index_shows_progress_as_stats_counts_it(reviewed: Path) -> None:
    index = (reviewed / INDEX).read_text(encoding="utf-8")
    assert f'href="./{SLUG}.html"' in index
    config = load_config()
    for row in stats(Workspace(config)):
        cell = re.search(
            rf'<td class="num progress" data-locale="{row.locale}">.*?</td>', index, re.S
        )
        assert cell is not None
        assert f"{row.stats.percent_chars:.0f}%" in cell.group(0)
        assert f"{row.stats.translated}/{row.stats.units}" in cell.group(0)


def test_same_inputs_same_bytes_and_nothing_rewritten(reviewed: Path, runner: CliRunner) -> None:
    def digest() -> dict[str, str]:
        folder = reviewed / "build" / "review"
        return {p.name: hashlib.sha1(p.read_bytes()).hexdigest() for p in folder.iterdir()}

    before = digest()
    stamps = {p: p.stat().st_mtime_ns for p in (reviewed / "build" / "review").iterdir()}
    result = runner.invoke(app, ["review"])
    assert result.exit_code == 0
    assert "0 written, 2 unchanged" in result.stdout
    assert digest() == before
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps


def test_page_of_a_removed_article_is_deleted(reviewed: Path, runner: CliRunner) -> None:
    stale = reviewed / "build" / "review" / "gone.html"
    stale.write_text("old", encoding="utf-8")
    result = runner.invoke(app, ["review"])
    assert result.exit_code == 0
    assert not stale.exists() and "removed build/review/gone.html" in result.stdout


def test_configuration_turns_review_on_in_run(repo_copy: Path, runner: CliRunner) -> None:
    assert runner.invoke(app, ["run", "-q"]).exit_code == 0
    assert not (repo_copy / PAGE).exists()
    (repo_copy / "zhl10n.toml").write_text("review = true\n", encoding="utf-8")
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 0, result.output
    assert (repo_copy / PAGE).is_file() and "build/review/index.html" in result.stdout


def test_bad_review_setting_is_one_line_exit_2(repo_copy: Path, runner: CliRunner) -> None:
    (repo_copy / "zhl10n.toml").write_text('review = "yes"\n', encoding="utf-8")
    result = runner.invoke(app, ["review"])
    assert result.exit_code == 2
    assert (
        result.stderr.strip() == f"error: {repo_copy / 'zhl10n.toml'}: 'review' must be a boolean"
    )


def test_malformed_catalog_is_one_line_exit_2(reviewed: Path, runner: CliRunner) -> None:
    (reviewed / TW_PO).write_text('msgid "a\n', encoding="utf-8")
    result = runner.invoke(app, ["review"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {TW_PO.as_posix()}:1: ")
    assert len(result.stderr.strip().splitlines()) == 1


# --- hostile input -------------------------------------------------------------------------

HOSTILE_TITLE = 'Breaking <script>window.__pwned = "title"</script> 新聞'
HOSTILE_BODY = (
    '黃仁勳說"><img src=x onerror="window.__pwned=\'img\'">這是測試。'
    "他說\x07響鈴和'引號'與\u202e反向文字。"
)
HOSTILE_EN = '"><svg onload="window.__pwned=\'svg\'"></svg><script>window.__pwned=1</script>'
HOSTILE_NOTE = '<b onmouseover="window.__pwned=\'note\'">bold</b> & "quotes"'


def hostile_project(project: Path, runner: CliRunner) -> None:
    """An article, a catalog and a glossary note full of markup, quotes and control characters."""
    (project / "articles" / "hostile.txt").write_text(
        f"{HOSTILE_TITLE}\n\n{HOSTILE_BODY}\n", encoding="utf-8"
    )
    with (project / "glossary.csv").open("a", encoding="utf-8") as glossary:
        note = HOSTILE_NOTE.replace('"', '""')
        glossary.write(f'jensen-huang,黃仁勳,黄仁勋,,,,Jensen Huang,,person,no,error,"{note}"\n')
    assert runner.invoke(app, ["extract", "-q"]).exit_code == 0
    assert runner.invoke(app, ["update", "-q"]).exit_code == 0
    po = project / "locales" / "en" / "LC_MESSAGES" / "hostile.po"
    text = po.read_text(encoding="utf-8")
    escaped = HOSTILE_EN.replace("\\", "\\\\").replace('"', '\\"')
    header, entries = text.split("\n\n", 1)
    entries = entries.replace('msgstr ""\n', f'msgstr "{escaped}"\n')  # every unit
    po.write_text(header + "\n\n" + entries, encoding="utf-8")
    result = runner.invoke(app, ["review"])
    assert result.exit_code == 0, result.output


def test_hostile_article_is_escaped(project: Path, runner: CliRunner) -> None:
    hostile_project(project, runner)
    html = (project / "build" / "review" / "hostile.html").read_text(encoding="utf-8")
    parsed = parse(html)
    tags = [tag for tag, _ in parsed.tags]
    assert "img" not in tags and "svg" not in tags and "b" not in tags
    assert tags.count("script") == 1  # the page's own filter script
    for _tag, attributes in parsed.tags:
        assert not any(name.startswith("on") for name in attributes)
    text = "".join(parsed.text)
    assert "<script>window.__pwned" in text and '"><img src=x onerror=' in text
    assert "<svg onload=" in text
    assert "U+0007" in text and "U+202E" in text and "\x07" not in html and "\u202e" not in html
    assert HOSTILE_NOTE in text
    index = (project / "build" / "review" / "index.html").read_text(encoding="utf-8")
    assert "<script>window" not in index and "&lt;script&gt;window" in index


# --- the pure parts ------------------------------------------------------------------------


def test_lang_tags() -> None:
    assert [pages.lang_tag(loc) for loc in LANGS] == list(LANGS.values())


def test_changed_mask_aligns_different_lengths() -> None:
    assert pages.changed_mask("英偉達發布", "輝達發佈") == [True, False, False, True]
    assert pages.changed_mask("同樣", "同樣") == [False, False]


def test_mark_text_keeps_every_character() -> None:
    term = pages.Term("t", "g1", "Ascend", "", "product")
    text = "華為昇騰\x1b晶片"
    pieces = pages.mark_text(text, [(2, 4, term)], [True] * len(text))
    assert [p.term for p in pieces] == [None, term, None]
    flat = "".join(r.text if not r.control else "\x1b" for p in pieces for r in p.runs)
    assert flat == text


def test_cell_state_tells_machine_from_human() -> None:
    from pipeline.catalog import machine_flag, machine_note

    note = f"zhl10n: machine {machine_note('汉字')}"
    machine = CatalogUnit("a", "漢字", "汉字", translator_comment=note)
    edited = CatalogUnit("a", "漢字", "漢字", translator_comment=note)
    older = CatalogUnit("a", "漢字", "汉字", flags=(machine_flag("汉字"),))
    assert pages.cell_state("zh_Hans", machine) == "machine"
    assert pages.cell_state("zh_Hans", older) == "machine"
    assert pages.cell_state("zh_Hans", edited) == "corrected"
    assert pages.cell_state("en", CatalogUnit("a", "漢字", "Han", fuzzy=True)) == "fuzzy"
    assert pages.cell_state("en", CatalogUnit("a", "漢字", "")) == "untranslated"
    assert pages.cell_state("en", None) == "missing"


def test_english_terms_found_with_plurals() -> None:
    entry = GlossaryEntry("chip", "芯片", "芯片", "chip", zh_TW="晶片")
    marker = pages.TermMarker([entry], ["en", "zh_TW"])
    spans = marker.in_locale("en", "Two chips and a Chip.", [entry])
    assert [(s, e) for s, e, _ in spans] == [(4, 9), (16, 20)]
    assert [(s, e) for s, e, _ in marker.in_locale("zh_TW", "兩顆晶片", [])] == [(2, 4)]


def test_editor_decisions_are_in_the_cleaning_report(reviewed: Path, runner: CliRunner) -> None:
    (reviewed / "overrides.csv").write_text(
        "article,action,line,note\n"
        f'{SLUG},drop,長按掃碼 閱讀全文,"QR prompt <b>seen</b> by the desk"\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["review"])
    assert result.exit_code == 0, result.output
    html = (reviewed / PAGE).read_text(encoding="utf-8")
    editor = html[html.index('<table class="editor">') :]
    editor = editor[: editor.index("</table>")]
    assert '<td class="rule">drop</td>' in editor
    assert "QR prompt &lt;b&gt;seen&lt;/b&gt; by the desk" in editor
    assert (
        '<td class="rule">editor</td><td class="reason">dropped by the editor (overrides.csv)'
        in html
    )


def test_ambiguous_choices_are_emphasised_where_the_text_still_holds_them() -> None:
    from types import SimpleNamespace

    def explain(locale: str, source: str) -> list[SimpleNamespace]:
        assert locale == "zh_Hant"
        at = source.index("后")
        return [SimpleNamespace(start=at, end=at + 1, source="后", result="後", rule="opencc:s2tw",
                                reason="OpenCC default for the character")]  # fmt: skip

    article = read_article_text("背后的皇后。\n")
    units = segment(article)
    catalogs = {"zh_Hant": [CatalogUnit(units[0].id, units[0].source, "背後的皇后。")]}
    review = pages.review_article(
        article, units, source_locale="zh_Hans", script="Hans", locales=["zh_Hant"],
        catalogs=catalogs, explain=explain,
    )  # fmt: skip
    runs = [run for piece in review.rows[0].cells[0].pieces for run in piece.runs]
    assert [(r.text, bool(r.ambiguous)) for r in runs if r.ambiguous] == [("後", True)]
    assert "后 → 後: ambiguous (OpenCC default for the character)" in runs[1].ambiguous
    assert review.summaries[0].ambiguous == 1
    html = pages.render_article(review)
    assert 'class="amb chg" tabindex="0" data-tip="后 → 後: ambiguous' in html
    # A reviewer who changed the character has decided: nothing is emphasised.
    catalogs = {"zh_Hant": [CatalogUnit(units[0].id, units[0].source, "背后的皇后。")]}
    review = pages.review_article(
        article, units, source_locale="zh_Hans", script="Hans", locales=["zh_Hant"],
        catalogs=catalogs, explain=explain,
    )  # fmt: skip
    assert review.summaries[0].ambiguous == 0


def read_article_text(text: str) -> Article:
    from pipeline.ingest import parse_article

    return parse_article(text, path="articles/a.txt", slug="a")


def test_markdown_block_kinds_are_named(project: Path, runner: CliRunner) -> None:
    (project / "articles" / "md.md").write_text(
        '# 華為的新進展\n\n這是第一段。[連結](https://example.com "連結標題")\n\n'
        "| 項目 | 說明 |\n|---|---|\n| 芯片 | 人工智能 |\n\n![晶片圖片](img.png)\n\n"
        "腳注在此[^1]。\n\n[^1]: 這是腳注內容。\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["review"]).exit_code == 0
    html = (project / "build" / "review" / "md.html").read_text(encoding="utf-8")
    kinds = set(re.findall(r'<span class="kind" role="cell">([a-z ]+)<br>', html))
    assert {"title", "table cell", "image alt text", "footnote", "link title"} <= kinds
    assert 'data-state="missing"' in html  # no catalogs yet: shown, not an error


def test_seed_page_emphasises_the_uncertain_conversion_choices(reviewed: Path) -> None:
    html = (reviewed / PAGE).read_text(encoding="utf-8")
    choices = re.findall(r'<span class="amb[^"]*" tabindex="0" data-tip="([^"]+)">([^<]+)<', html)
    assert choices, "no ambiguous choice marked"
    for tip, text in choices:
        assert "ambiguous" in tip and tip.split(" → ")[1].startswith(text)
    assert not re.search(r'<div class="cell src"[^>]*>[^\n]*class="amb', html)


# --- what changed: fuzzy diffs, named swaps, long articles ----------------------------------


def test_fuzzy_cell_shows_the_previous_source_and_a_character_diff(
    repo_copy: Path, runner: CliRunner
) -> None:
    article = repo_copy / "articles" / f"{SLUG}.txt"
    article.write_text(
        article.read_text(encoding="utf-8").replace("910B", "910C", 1), encoding="utf-8"
    )
    assert runner.invoke(app, ["run", "--review", "-q"]).exit_code in (0, 1)
    html = (repo_copy / PAGE).read_text(encoding="utf-8")
    fuzzy = [a for a in cells(parse(html), "en") if a.get("data-state") == "fuzzy"]
    assert len(fuzzy) == 1
    was = re.findall(r'<div class="was"[^>]*>(.*?)</div>', html)
    assert len(was) == 1 and "910<del>B</del><ins>C</ins>" in was[0]
    assert '<span class="badge fuzzy" lang="en">source was</span>' in was[0]


def test_char_diff_keeps_both_texts() -> None:
    runs = pages.char_diff("兩到三個月", "三到四個月")
    assert "".join(r.text for r in runs if r.op != "+") == "兩到三個月"
    assert "".join(r.text for r in runs if r.op != "-") == "三到四個月"
    long = "長" * (pages.DIFF_LIMIT + 1)
    assert [r.op for r in pages.char_diff(long, "短")] == ["-", "+"]


def test_named_swaps_are_marked_apart_from_script_conversion(reviewed: Path) -> None:
    html = (reviewed / PAGE).read_text(encoding="utf-8")
    swaps = re.findall(
        r'<span class="swp swp-([a-z]+)" tabindex="0" data-tip="([^"]+)">([^<]+)<', html
    )
    kinds = {kind for kind, _tip, _text in swaps}
    assert {"glossary", "vocabulary"} <= kinds
    for kind, tip, text in swaps:
        assert tip.split(" → ")[1].startswith(text), (tip, text)
        assert f"({kind}:" in tip
    taiwan = [(tip, text) for kind, tip, text in swaps if "→ 晶片" in tip]
    assert taiwan and all(text == "晶片" for _tip, text in taiwan)
    assert any(text == "演算法" for _k, _t, text in swaps)  # 算法 → 演算法 (vocabulary)
    # Plain script conversion keeps its own mark; the source column has neither.
    assert '<span class="chg">' in html
    assert not re.search(r'<div class="cell src"[^>]*>[^\n]*class="swp', html)


def test_swap_notes_follow_the_text_a_reviewer_kept() -> None:
    from types import SimpleNamespace

    change = SimpleNamespace(start=0, end=3, source="英偉達", result="輝達", rule="glossary",
                             reason="glossary:nvidia", uncertain=False)  # fmt: skip
    notes = pages.swap_notes("英偉達發布", "輝達發佈", [change])
    assert sorted(notes) == [0, 1] and notes[0][1] == "glossary"
    assert pages.swap_notes("英偉達發布", "英偉達發佈", [change]) == {}  # corrected back


def test_a_long_article_is_split_into_pages(project: Path, runner: CliRunner) -> None:
    count = pages.PAGE_UNITS * 2 + 10
    sentences = [f"第{n}句：華為的芯片產能提升了{n}%。" for n in range(count - 1)]
    body = "\n\n".join("".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5))
    (project / "articles" / "long.txt").write_text(f"長文標題\n\n{body}\n", encoding="utf-8")
    assert runner.invoke(app, ["extract", "-q"]).exit_code == 0
    assert runner.invoke(app, ["review", "-q"]).exit_code == 0
    folder = project / "build" / "review"
    names = sorted(p.name for p in folder.glob("long*.html"))
    assert names == ["long.html", "long.page-2.html", "long.page-3.html"]
    first = (folder / "long.html").read_text(encoding="utf-8")
    last = (folder / "long.page-3.html").read_text(encoding="utf-8")
    assert first.count('role="row" data-unit=') == pages.PAGE_UNITS
    assert last.count('role="row" data-unit=') == 10
    assert f'id="u{count}"' in last and 'id="u1"' not in last
    assert 'id="cleaning-title"' in first and 'id="cleaning-title"' not in last
    assert '<a href="./long.page-2.html">' in first and 'aria-current="page"' in last
    # Fewer units later: the extra page goes.
    (project / "articles" / "long.txt").write_text("短文標題\n\n一句。\n", encoding="utf-8")
    assert runner.invoke(app, ["extract", "-q"]).exit_code == 0
    assert runner.invoke(app, ["review", "-q"]).exit_code == 0
    assert sorted(p.name for p in folder.glob("long*.html")) == ["long.html"]


def test_each_locale_edition_state_is_on_the_index_and_the_article_page(
    repo_copy: Path, runner: CliRunner
) -> None:
    article = repo_copy / "articles" / f"{SLUG}.txt"
    paragraphs = article.read_text(encoding="utf-8").split("\n\n")
    edited = [p.replace("。", "！") if i < 9 else p for i, p in enumerate(paragraphs)]
    article.write_text("\n\n".join(edited), encoding="utf-8")  # English below the threshold
    assert runner.invoke(app, ["run", "--review", "-q"]).exit_code == 0
    index = (repo_copy / INDEX).read_text(encoding="utf-8")
    en = index[index.index('data-locale="en"') :]
    en = en[: en.index("</td>")]
    assert '<span class="status status-skipped">skipped</span>' in en
    assert "below the 80% threshold" in en
    tw = index[index.index('data-locale="zh_TW"') :]
    assert '<span class="status status-built">built</span>' in tw[: tw.index("</td>")]
    page = (repo_copy / PAGE).read_text(encoding="utf-8")
    row = page[page.index('<tr data-locale="en">') :]
    row = row[: row.index("</tr>")]
    assert '<span class="status-skipped">skipped</span>: ' in row and "threshold" in row
    # A translation changed after the build: the page says the edition is stale.
    from pipeline import catalog

    entries = catalog.read_catalog(repo_copy / TW_PO)
    corrected = next(entry for entry in entries if "晶片" in entry.msgstr)
    corrected.msgstr = corrected.msgstr.replace("晶片", "芯片")
    catalog.write_catalog(entries, repo_copy / TW_PO)
    assert runner.invoke(app, ["review", "-q"]).exit_code in (0, 1)
    page = (repo_copy / PAGE).read_text(encoding="utf-8")
    row = page[page.index('<tr data-locale="zh_TW">') :]
    assert (
        '<span class="status-stale">stale</span>: the article or its translations changed'
        in (row[: row.index("</tr>")])
    )
