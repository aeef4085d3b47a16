"""Each class of page residue, on pages written for these tests (tests/data/cleaning/).

Every class has a page where the residue goes and a near miss where text that
looks like it stays: a rule that only ever drops is not tested.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import parse_article, read_article
from pipeline.models import Article
from pipeline.residue import headline_text, link_only
from pipeline.segment import segment

DATA = Path(__file__).parent / "data" / "cleaning"


def page(name: str) -> Article:
    return read_article(DATA / name, display_path=f"tests/data/cleaning/{name}")


def title(article: Article) -> str:
    return next((b.text for b in article.blocks if b.kind == "title"), "")


def kept(article: Article) -> str:
    return "\n".join(u.source for u in segment(article))


def dropped(article: Article) -> dict[str, str]:
    return {d.text: d.rule for d in article.dropped}


# --- headline chosen among page furniture ---------------------------------------------------


def test_headline_is_the_line_above_the_text_not_the_weather_or_breadcrumb() -> None:
    article = page("title-furniture.txt")
    assert title(article) == "市府推動公車電動化 年底前汰換三百輛"
    gone = dropped(article)
    assert gone["03/12 週四 台中市|14°C - 21°C天氣圖標"] == "before-headline"
    assert gone["首頁 科技資訊 觀點"] == "before-headline"
    assert gone["更多新聞：高鐵站周邊道路拓寬 明年動工"] == "footer"
    assert "台中市政府今天宣布" in kept(article)


def test_a_page_without_headline_gets_none_and_keeps_its_cut_last_line() -> None:
    article = page("title-missing-cut.txt")
    assert title(article) == ""
    assert article.dropped == ()
    assert "用路人行經時應減速慢行，並隨時留意路況" in kept(article)


def test_a_sentence_opening_the_page_is_not_taken_for_its_headline() -> None:
    text = "央行今天宣布降息半碼，為兩年來首次。\n\n市場反應平淡。\n"
    article = parse_article(text, path="a.txt", slug="a")
    assert title(article) == ""
    assert [b.text for b in article.blocks][-1] == "市場反應平淡。"


# --- wire prefixes and site suffixes in the headline ----------------------------------------


def test_wire_prefix_and_site_suffix_leave_the_headline() -> None:
    assert title(page("wire-title.txt")) == "春耕备耕正当时 各地抢抓农时"
    article = page("site-suffix-title.txt")
    assert title(article) == "台股今天大漲300點 電子股領軍"
    assert dropped(article)["_每日速讀"] == "title-furniture"


def test_an_underscore_inside_a_latin_name_stays_in_the_headline() -> None:
    assert title(page("latin-title.txt")) == "蘋果發表iOS_26 測試版 開發者搶先體驗"
    assert headline_text("他說「新华社北京电」") == ("他說「新华社北京电」", [])


def test_html_headline_is_the_displayed_h1_not_the_seo_title() -> None:
    article = page("h1-title.html")
    assert title(article) == "港區觀察｜港口貨櫃量創新高 物流業者樂觀"
    assert "財經頻道" not in kept(article)


def test_a_page_laid_out_in_a_table_loses_its_furniture_cells() -> None:
    article = page("table-layout.html")
    gone = dropped(article)
    assert gone["現在位置： 首頁 >> 區內新聞 >> 正文"] == "navigation"
    assert gone["發布日期：2019-03-06"] == "date"
    assert gone["【打印本頁】【關閉窗口】"] == "share"
    assert "園區負責人介紹" in kept(article)


# --- Markdown copies of whole websites ------------------------------------------------------


def test_site_copy_markdown_loses_its_furniture() -> None:
    article = page("site-copy.md")
    gone = dropped(article)
    for residue, rule in {
        "[首页]({link1})": "links",
        "皮肤：默认 | 暗色 | 护眼": "widget",
        "**本文已被查看 14250 次**": "counter",
        "**点赞关注，第一时间收到城市新闻！**": "call-to-action",
        "https://img.example-host.com/2024/11/market.jpg": "navigation",
        "京ICP备12345678号-1 违法和不良信息举报电话：010-12345678": "copyright",
    }.items():
        assert gone[residue] == rule
    assert title(article) == "城市夜市重新开张 摊商人潮回流"
    assert not [u for u in segment(article) if not u.source.strip("\ufeff ")]


def test_site_copy_markdown_keeps_its_list_and_inline_links() -> None:
    text = kept(page("site-copy.md"))
    for item in (
        "夜市开张首周推出三项活动：",
        "摊商联合折扣",
        "亲子手作体验",
        "[管理办法]({link1})",
    ):
        assert item in text
    assert not link_only("并依照[管理办法]({link1})规划动线。")


def test_a_front_matter_description_that_repeats_the_opening_is_a_teaser() -> None:
    article = page("site-copy.md")
    assert dropped(article)["整修半年的城中夜市昨晚重新开张，上百个摊位全数进驻…"] == "teaser"
    text = (
        "---\ndescription: 市府今天公布明年預算，總額創新高。\n---\n\n"
        "# 明年預算\n\n議會將在下月審查。\n"
    )
    kept_md = parse_article(text, path="a.md", slug="a", fmt="markdown")
    assert "市府今天公布明年預算，總額創新高。" in kept(kept_md)


# --- widgets ------------------------------------------------------------------------------


def test_widgets_go() -> None:
    gone = dropped(page("widgets.txt"))
    for widget in (
        "字級：大 中 小",
        "聽新聞",
        "0:00 /0:00",
        "喜歡這篇文章嗎？歡迎贊助我們，支持獨立新聞。",
        "會員登入",
        "手機號碼",
        "獲取驗證碼",
        "在 Google News 上追蹤我們",
    ):
        assert widget in gone


def test_sentences_that_mention_widget_words_stay() -> None:
    text = kept(page("widgets.txt"))
    assert "有市民表示，大字標示的站名清楚易懂，老人家搭乘也很方便。" in text
    assert "市府也呼籲市民踴躍捐款協助偏鄉學童。" in text


# --- captions and credits -------------------------------------------------------------------


def test_captions_and_credits_in_new_shapes_go() -> None:
    gone = dropped(page("captions.txt"))
    assert gone["政府新聞處圖片"] == "credit"
    assert gone["前排左4起：創新科技及工業局局長、財政司司長、特首。"] == "caption"
    assert gone["半導體產業示意圖（圖源：某證券研報）"] == "caption"
    assert gone["原文刊於某某週刊第三期。"] == "credit"


def test_a_two_sentence_caption_with_a_picture_credit_goes_whole() -> None:
    text = (
        "市府宣布新措施\n\n市府今天宣布三項新措施，協助中小企業度過難關，並加碼補助。\n\n"
        "市長在記者會上說明措施內容。左一為經濟局長。（某新社圖）\n"
    )
    article = parse_article(text, path="a.txt", slug="a")
    assert dropped(article)["市長在記者會上說明措施內容。左一為經濟局長。（某新社圖）"] == "caption"


def test_a_quote_attributed_to_a_named_paper_is_one_unit() -> None:
    from pipeline.segment import split_sentences

    assert split_sentences("“行業人人自危。”她對《某週刊》表示。") == [
        "“行業人人自危。”她對《某週刊》表示。"
    ]


@pytest.mark.parametrize(
    ("line", "residue"),
    [
        ("某某公司CEO王某某002", True),  # a numbered picture's alt text
        ("退休人員獲250", False),  # a subheading that ends in a number
        ("-手機X-型號X-", True),  # keyword tags between dashes
        ("-1-", True),
        ("市場-供應鏈-產能的連動越來越緊密。", False),
    ],
)
def test_numbered_alt_texts_and_dashed_tags(line: str, residue: bool) -> None:
    from pipeline.residue import classify_line

    assert (classify_line(line) is not None) is residue


def test_a_sentence_about_a_picture_stays() -> None:
    assert "警方公布的圖片顯示，活動期間現場秩序良好。" in kept(page("captions.txt"))


# --- other stories glued on ----------------------------------------------------------------


def test_a_second_story_after_a_video_teaser_heading_goes() -> None:
    article = page("other-story.txt")
    gone = dropped(article)
    assert gone["視頻推薦："] == "related"
    assert any(rule == "other-story" for rule in gone.values())
    assert "市長直擊夜市美食 @CityChannel #shorts" in gone
    assert "中央氣象署" not in kept(article)
    assert "署長表示，希望在三年內讓電動機車市佔率突破兩成。" in kept(article)


def test_a_short_closing_sentence_after_a_teaser_list_stays() -> None:
    text = (
        "標題在這裡出現\n\n第一段內容已經寫好了，這是一個句子。\n\n延伸閱讀\n"
        "台積電擴大投資 美國廠明年量產\n\n這一段是文章真正的結尾，仍然要保留。\n"
    )
    article = parse_article(text, path="a.txt", slug="a")
    assert article.blocks[-1].text == "這一段是文章真正的結尾，仍然要保留。"


# --- real text near the header and footer ----------------------------------------------------


def test_a_short_last_sentence_and_a_latin_subheading_stay() -> None:
    article = page("footer-sentence.txt")
    text = kept(article)
    assert "油價後市仍需觀察。" in text
    assert "AI 伺服器需求 帶動用電成長" in text
    assert dropped(article) == {"熱門推薦": "related", "看更多": "related"}


def test_footer_lines_without_a_sentence_after_the_text_go() -> None:
    text = (
        "公車票價調整\n\n市府宣布明年起公車票價調整為二十元，學生票維持不變。\n\n"
        "熱銷商品\n直播活動\n"
    )
    article = parse_article(text, path="a.txt", slug="a")
    assert dropped(article) == {"熱銷商品": "footer", "直播活動": "footer"}


def test_a_reporter_tag_after_the_last_sentence_is_cut_and_the_sentence_stays() -> None:
    text = "市場觀察\n\n股市今天收高，成交量放大，外資連續三天買超。（王小明／台北報導）\n"
    article = parse_article(text, path="a.txt", slug="a")
    assert article.blocks[-1].text == "股市今天收高，成交量放大，外資連續三天買超。"
    assert dropped(article)["（王小明／台北報導）"] == "byline"


def test_a_question_teaser_after_a_related_heading_goes_but_a_question_sentence_stays() -> None:
    text = (
        "標題在這裡出現\n\n第一段內容已經寫好了，這是一個句子。\n\n延伸閱讀\n"
        "多名代表提議 設分會場有戲？\n\n他問，這樣的安排是否合理？\n"
    )
    article = parse_article(text, path="a.txt", slug="a")
    assert dropped(article)["多名代表提議 設分會場有戲？"] == "related"
    assert article.blocks[-1].text == "他問，這樣的安排是否合理？"


def test_a_paragraph_printed_twice_in_a_row_keeps_its_first_copy() -> None:
    line = (
        "某財經APP訊，某公司發佈公告，擬與某市政府簽署投資協議，在當地興建半導體材料生產基地，"
        "項目計劃總投資人民幣九十億元，最終投資總額以實際投資為準。"
    )
    article = parse_article(line + "\n" + line + "\n", path="a.txt", slug="a")
    assert [b.text for b in article.blocks] == [line.split("，", 1)[1]]
    assert [d.rule for d in article.dropped] == ["dateline", "repeated"]


def test_a_short_notice_printed_twice_in_a_row_goes_whole() -> None:
    notice = "請同意我們的使用條款，才能啟用語音播放的功能。"
    text = "新聞標題在這裡 記者會說明\n\n2025/6/15 10:16\n" + notice + "\n" + notice + "\n\n"
    text += "市府今天宣布，明年起公車全面改用電動車，並在轉運站增設充電樁。\n"
    article = parse_article(text, path="a.txt", slug="a")
    assert notice not in kept(article)


# --- agency datelines ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["datelines.txt", "datelines-fullwidth.txt"])
def test_an_agency_dateline_becomes_metadata_and_the_lead_stays(name: str) -> None:
    article = page(name)
    assert dict(article.metadata)["dateline"] == "（中央社記者王小明台北4日電）"
    lead = segment(article)[1].source
    assert lead.startswith("晶片大廠今天宣布擴大在台投資")


def test_a_date_followed_by_a_verb_is_not_a_dateline() -> None:
    text = "會議延期\n\n他在11月2日電告對方，會議延期到明年舉行。\n"
    article = parse_article(text, path="a.txt", slug="a")
    assert "dateline" not in dict(article.metadata)
    assert article.blocks[-1].text == "他在11月2日電告對方，會議延期到明年舉行。"
