"""Plain-text pages: headline detection and paragraph structure."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from pipeline.build import render_article
from pipeline.errors import InputFileError
from pipeline.ingest import fix_punctuation, parse_article
from pipeline.segment import segment


def kinds_and_texts(page: str) -> list[tuple[str, str]]:
    article = parse_article(page, path="a.txt", slug="a")
    return [(b.kind, b.text) for b in article.blocks]


# --- headline -------------------------------------------------------------------------------


def test_headline_skips_leading_residue_and_site_name() -> None:
    page = (
        "首頁 | 登入 | 搜尋\n即時\n聯合新聞網\n"
        "台積電擴大美國投資 亞利桑那二廠提前量產\n"
        "記者王大同／台北報導\n2025-01-03 08:30\n"
        "台積電今天宣布，亞利桑那州第二座晶圓廠將提前一年量產。\n"
    )
    article = parse_article(page, path="a.txt", slug="a")
    assert article.title == "台積電擴大美國投資 亞利桑那二廠提前量產"
    rules = [d.rule for d in article.dropped]
    assert rules == ["navigation", "badge", "before-headline", "byline", "date"]


def test_headline_prefers_a_repeated_line() -> None:
    page = (
        "財經新聞頻道最新消息\n\n央行宣布降息半碼\n\n央行宣布降息半碼\n\n"
        "中央銀行今天宣布降息半碼，為兩年來首次。\n"
    )
    article = parse_article(page, path="a.txt", slug="a")
    assert article.title == "央行宣布降息半碼"
    assert sorted(d.rule for d in article.dropped) == ["before-headline", "repeated-title"]


def test_a_first_line_that_is_a_sentence_is_not_the_headline() -> None:
    page = "中央銀行今天宣布降息半碼，為兩年來首次。\n\n市場反應平淡。\n"
    article = parse_article(page, path="a.txt", slug="a")
    assert article.title == ""
    assert [b.kind for b in article.blocks] == ["paragraph", "paragraph"]


def test_older_headline_copies_and_title_teasers_are_recognised() -> None:
    page = (
        "央行宣布降息半碼 兩年來首次\n\n"
        "中央銀行今天宣布降息半碼，為兩年來首次。\n\n"
        "央行宣佈降息半碼 二年來首次\n"  # an older near-copy of the edited headline
        "央行宣布降息半碼 兩年來首次 中央銀行今天宣布降息...\n"
        "央行宣布降息 兩年來首次 中央銀行今天宣布…\n"
    )
    article = parse_article(page, path="a.txt", slug="a")
    assert article.title == "央行宣布降息半碼 兩年來首次"
    assert [d.rule for d in article.dropped] == ["repeated-title", "teaser", "teaser"]


def test_a_short_question_headline() -> None:
    page = "台灣還是最危險的地方嗎？\n\n在國際輿論中，台灣的安全再度成為焦點。\n"
    assert parse_article(page, path="a.txt", slug="a").title == "台灣還是最危險的地方嗎？"


# --- paragraph structure --------------------------------------------------------------------

ONE_PER_LINE = """立法院三讀通過新法
記者王大同／台北報導
立法院今天三讀通過修正案，明年起實施。
行政院表示將盡速公布施行細則。
修法重點
新法有三個重點：
- 提高罰款上限
- 增設申訴管道
- 明定主管機關
1、適用對象擴大
2、施行日期明定
各界反應不一。
"""


def test_one_paragraph_per_line_page() -> None:
    assert kinds_and_texts(ONE_PER_LINE) == [
        ("title", "立法院三讀通過新法"),
        ("paragraph", "立法院今天三讀通過修正案，明年起實施。"),
        ("paragraph", "行政院表示將盡速公布施行細則。"),
        ("heading", "修法重點"),
        ("paragraph", "新法有三個重點："),
        ("list_item", "提高罰款上限"),
        ("list_item", "增設申訴管道"),
        ("list_item", "明定主管機關"),
        ("list_item", "適用對象擴大"),
        ("list_item", "施行日期明定"),
        ("paragraph", "各界反應不一。"),
    ]


def test_a_byline_never_fuses_with_the_next_sentence() -> None:
    units = segment(parse_article(ONE_PER_LINE, path="a.txt", slug="a"))
    assert all("報導" not in u.source for u in units)
    assert [u.source for u in units if u.kind == "list_item"][0] == "提高罰款上限"


WRAPPED = """新法上路

立法院今天三讀通過修正案，修正案明定主管機關應在
施行後六個月內公布細則，並且每年向立法院提出執行
報告。行政院表示將盡速公布施行細則，讓業者有所遵循，
也讓消費者的權益獲得保障。

第二段只有一行。
"""


def test_hard_wrapped_lines_are_joined_back() -> None:
    assert kinds_and_texts(WRAPPED) == [
        ("title", "新法上路"),
        (
            "paragraph",
            "立法院今天三讀通過修正案，修正案明定主管機關應在施行後六個月內公布細則，"
            "並且每年向立法院提出執行報告。行政院表示將盡速公布施行細則，讓業者有所遵循，"
            "也讓消費者的權益獲得保障。",
        ),
        ("paragraph", "第二段只有一行。"),
    ]


def test_short_lines_without_punctuation_are_not_joined_to_a_sentence() -> None:
    page = "標題在這裡出現\n\n第一段。\n小標題\n第二段內容。\n"
    assert kinds_and_texts(page)[2] == ("heading", "小標題")


def test_a_join_never_glues_latin_to_chinese() -> None:
    page = (
        "標題在這裡出現\n\n"
        "這是一段被硬換行的長句子，其中提到了輝達執行長 Jensen\n"
        "Huang 以及他的公司，還有美國晶片出口管制的最新 NVIDIA\n"
        "晶片，以及更多的內容。\n"
    )
    text = kinds_and_texts(page)[1][1]
    assert "Jensen Huang" in text and "NVIDIA 晶片" in text


def test_built_article_keeps_paragraphs_headings_and_lists() -> None:
    article = parse_article(ONE_PER_LINE, path="a.txt", slug="a")
    units = segment(article)
    built = render_article(article, units, {}, "zh_Hant").text
    assert built == (
        "立法院三讀通過新法\n\n立法院今天三讀通過修正案，明年起實施。\n\n"
        "行政院表示將盡速公布施行細則。\n\n修法重點\n\n新法有三個重點：\n\n"
        "- 提高罰款上限\n- 增設申訴管道\n- 明定主管機關\n1、適用對象擴大\n2、施行日期明定\n\n"
        "各界反應不一。\n"
    )


def test_a_lone_numbered_line_between_paragraphs_stays_a_heading() -> None:
    page = "標題在這裡出現\n\n第一段內容。\n\n1、市場概況\n\n第二段內容。\n"
    assert kinds_and_texts(page)[2] == ("heading", "1、市場概況")


# --- cleaning loses no character ------------------------------------------------------------

POOL = [
    "記者王大同／台北報導", "2025-01-03 08:30", "即時", "廣告", "【完】", "延伸閱讀",
    "台積電法說會 第一季營收估成長", "市民在烈日下撐傘遮陽。（記者李明攝）", "- 提高罰款上限",
    "1、適用對象擴大", "修法重點", "立法院今天三讀通過修正案，明年起實施。", "行政院表示，",
    "將盡速公布施行細則。", "最後一段。（編輯：林家嫻）1140103", "分享到微信", "12", "",
    "央行宣布降息半碼 兩年來首次", "央行宣布降息半碼 兩年來首次 中央銀行今天宣布...",
    "Apple, Google and 微軟 (Microsoft) 的市值", "一、巨頭重返", "結語：",
]  # fmt: skip


@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=25))
def test_every_character_is_kept_or_reported(lines: list[str]) -> None:
    page = "\n".join(lines)
    if not any(line.strip() for line in lines):
        return
    try:
        article = parse_article(page, path="a.txt", slug="a")
    except InputFileError:
        return  # only residue: reported as an empty article
    expected = Counter(
        c for line in page.split("\n") for c in fix_punctuation(line)[0] if not c.isspace()
    )
    found = Counter(
        c
        for text in [b.markup + b.text for b in article.blocks] + [d.text for d in article.dropped]
        for c in text
        if not c.isspace()
    )
    assert found == expected


def test_a_headline_printed_below_the_text_is_found_and_leads() -> None:
    page = (
        "新聞\n即時\n"
        "本港今日錄得全年最多的登革熱個案，衞生防護中心呼籲市民清除積水。\n"
        "發言人提醒，前往東南亞地區的市民應做好防蚊措施。\n"
        "登革熱個案創新高 衞生防護中心籲清積水\n"
    )
    article = parse_article(page, path="a.txt", slug="a")
    assert article.blocks[0].kind == "title"
    assert article.title == "登革熱個案創新高 衞生防護中心籲清積水"


def test_without_a_headline_sized_line_nothing_below_is_promoted() -> None:
    page = "短標\n\n第一段內容寫在這裡。\n\n小結論\n"
    article = parse_article(page, path="a.txt", slug="a")
    assert article.title == "短標"
