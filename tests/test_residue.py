"""Residue rules by class, the residue table itself, and the editor's overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import PipelineError
from pipeline.ingest import parse_article
from pipeline.models import Override
from pipeline.residue import (
    DEFAULT_RULES,
    classify_line,
    default_rules,
    load_overrides,
    load_residue_rules,
)

# Each class: lines a rule must drop (Traditional and Simplified), and look-alike
# lines that are content and must stay.
RESIDUE = {
    "caption": [
        "中央社社長胡婉玲5日在立法院備詢。（記者李明攝）",
        "民眾在車站排隊等候（圖／翻攝自臉書）",
        "市場一景（圖：Getty Images）",
        "▲首都各界慶祝晚會，中新社發 王瑤 攝",
        "资料图",
        "資料照（翻攝畫面）",
        "圖為台北101大樓外觀",
        "參加活動的民眾合影 新华社记者 李明 摄",
        "市民在烈日下撐傘遮陽。資料圖片",
    ],
    "credit": [
        "畫面提供：教育部",
        "圖片來源：路透社",
        "美聯社",
        "新华社",
        "法新社／達志影像",
        "Getty Images",
    ],
    "byline": [
        "記者王大同／台北報導",
        "編譯林小華／綜合外電",
        "作者：陳大文 編輯：李小明 設計：黃一",
        "责任编辑：王小二",
        "来源：新华社",
        "原标题：多地出台新政",
        "本文来自微信公众号“科技观察”，作者：张三，原文标题：芯片之战。",
        "本文由某某網原創發布，轉載請聯繫。",
        "文｜李四",
        "（編輯：林家嫻）1140103",
        "原创 张三 科技观察",
        "中新网北京11月2日电",
        "界面新闻记者 | 钱七",
        "本文综合自：健康时报、人民网",
    ],
    "date": [
        "2025年1月3日 週五",
        "03/01/2025",
        "2025-01-03 08:30",
        "2025-01-03 08:30 來源：中央社",
        "發佈時間：2025/01/03 下午 3:05",
        "記者黃大文 2021-02-03",
        "114年1月3日",
    ],
    "navigation": ["首页", "当前位置：首页 > 财经 > 正文", "首頁 | 登入 | 搜尋", "正在阅读：某某"],
    "badge": ["即時", "獨家", "港聞", "•", "會員專屬", "收录于话题 #香港一线 83个"],
    "ad": ["廣告", "廣告 廣告", "推广"],
    "separator": ["---", "＝＝＝＝＝"],
    "share": ["分享到微信", "點個在看", "訂閱電子報", "点击右上角微信好友"],
    "counter": ["12", "1.2萬", "閱讀 1.2萬", "评论 35 | 点赞 120", "3/12", "1.2萬 閱讀"],
    "disclaimer": ["本文仅为健康科普，不能代替医生诊断。", "投資涉及風險，本文僅供參考。"],
    "copyright": ["版權所有，未經授權不得轉載。", "Copyright © 2025 Example Media"],
    "image-placeholder": ["![]()", "[圖片]", "[image]"],
    "end-mark": ["【完】", "（完）", "—— 完 ——", "END"],
    "related": ["延伸閱讀", "推荐阅读：", "相關新聞", "热门资讯", "▼延伸閱讀▼"],
}

CONTENT = [
    "他在記者會上表示，公司將繼續投資。",
    "2025年是關鍵的一年。",
    "台積電今天宣布，將在美國再投資1000億美元。",
    "記者會上，王大同表示將在台北召開第二場說明會。",
    "首頁改版後，流量增加了三成。",
    "他說：「廣告收入下滑。」",
    "資料顯示，今年出口成長12%。",
    "新华社今天发表评论，呼吁各方保持克制。",
    "原標題遭到刪改的消息在網上流傳，引發討論。",
    "這部作品的結尾只有一個字：完。",
    "延伸閱讀的功能受到讀者歡迎，平均每篇多帶來兩次點擊。",
    "1.2萬名觀眾到場。",
    "本地晶片產業的未來",
    "他在11月2日電告對方，會議延期。",
    "資料圖片顯示，去年同期的氣溫更高。",
    "記者：你怎麼看這次的選舉結果？",  # an interview question, not a byline
    "來源：國家統計局的數據顯示，今年經濟成長5%。",
    "朋友圈裡的焦慮",
    "我們正在看的未來",
    "記者會上，編輯部說明了調查經過。",
    "醫生提醒，科普文章不能代替就醫。",
]


@pytest.mark.parametrize(
    ("reason", "line"), [(reason, line) for reason, lines in RESIDUE.items() for line in lines]
)
def test_residue_lines_are_recognised_by_class(reason: str, line: str) -> None:
    verdict = classify_line(line)
    assert verdict is not None, line
    assert verdict.reason == reason


@pytest.mark.parametrize("line", CONTENT)
def test_content_lines_are_not_residue(line: str) -> None:
    assert classify_line(line) is None


def test_the_table_has_a_note_and_source_per_row_and_every_class() -> None:
    rules = default_rules()
    assert {r.reason for r in rules} >= set(RESIDUE)
    assert all(r.note and r.source for r in rules)


def test_date_rules_fill_metadata() -> None:
    verdict = classify_line("2025-01-03 08:30 來源：中央社")
    assert verdict is not None and verdict.date == "2025-01-03 08:30"
    page = "標題在這裡出現\n2025年1月3日 週五\n\n第一段內容已經寫好了，這是一個句子。\n"
    article = parse_article(page, path="a.txt", slug="a")
    assert article.metadata == (("date", "2025年1月3日 週五"),)


def test_an_editor_credit_glued_to_the_last_paragraph_is_cut_off() -> None:
    page = "標題在這裡出現\n\n最後一段的內容寫在這裡。（編輯：林家嫻）1140103\n"
    article = parse_article(page, path="a.txt", slug="a")
    assert article.blocks[-1].text == "最後一段的內容寫在這裡。"
    assert [d.rule for d in article.dropped] == ["byline"]


def test_related_heading_drops_the_teaser_list_but_not_a_later_sentence() -> None:
    page = (
        "標題在這裡出現\n\n第一段內容已經寫好了，這是一個句子。\n\n延伸閱讀\n"
        "台積電擴大投資 美國廠明年量產\n經濟部：電價不調漲\n\n"
        "這一段是文章真正的結尾，仍然要保留。\n"
    )
    article = parse_article(page, path="a.txt", slug="a")
    assert [d.rule for d in article.dropped] == ["related"] * 3
    assert article.blocks[-1].text == "這一段是文章真正的結尾，仍然要保留。"


def test_after_an_end_mark_only_complete_sentences_survive() -> None:
    page = "標題在這裡出現\n\n內容寫在這裡。\n【完】\n熱門新聞排行\n作者簡介的一句話也是句子。\n"
    article = parse_article(page, path="a.txt", slug="a")
    assert [d.rule for d in article.dropped] == ["end-mark", "end-mark"]
    assert article.blocks[-1].text == "作者簡介的一句話也是句子。"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x,caption,line,a,10,keep,,src", "required"),
        ("x,caption,middle,a,10,keep,note,src", "match must be"),
        ("x,caption,line,(,10,keep,note,src", "bad pattern"),
        ("x,caption,line,a,ten,keep,note,src", "max_len"),
        ("x,caption,line,a,10,maybe,note,src", "sentences"),
    ],
)
def test_a_bad_residue_row_is_an_error_with_its_line(
    tmp_path: Path, row: str, message: str
) -> None:
    header = DEFAULT_RULES.read_text(encoding="utf-8").splitlines()[0]
    path = write(tmp_path / "residue.csv", f"{header}\n{row}\n")
    with pytest.raises(PipelineError, match=message) as info:
        load_residue_rules(path)
    assert info.value.line == 2


# --- overrides ------------------------------------------------------------------------------

PAGE = (
    "標題在這裡出現\n\n即時\n\n第一段內容已經寫好了，這是一個句子。\n\n"
    "本段不該翻譯的說明文字，編輯決定刪除。\n"
)


def test_override_keep_and_drop() -> None:
    plain = parse_article(PAGE, path="p.txt", slug="p")
    assert [d.rule for d in plain.dropped] == ["badge"]
    overrides = (
        Override("p", "keep", "即時"),
        Override("p", "drop", "本段不該翻譯的說明文字，編輯決定刪除。"),
    )
    article = parse_article(PAGE, path="p.txt", slug="p", overrides=overrides)
    texts = [b.text for b in article.blocks]
    assert "即時" in texts
    assert "本段不該翻譯的說明文字，編輯決定刪除。" not in texts
    assert [d.rule for d in article.dropped] == ["editor"]


def test_override_title() -> None:
    page = "一行網站名稱很長很長\n\n真正的標題在第三行\n\n第一段內容已經寫好了，這是一個句子。\n"
    assert parse_article(page, path="p.txt", slug="p").title == "一行網站名稱很長很長"
    article = parse_article(
        page, path="p.txt", slug="p", overrides=(Override("p", "title", "真正的標題在第三行"),)
    )
    assert article.title == "真正的標題在第三行"


def test_stale_override_is_an_error() -> None:
    with pytest.raises(PipelineError, match="no longer matches") as info:
        parse_article(
            PAGE, path="p.txt", slug="p", overrides=(Override("p", "drop", "不存在", line=3),)
        )
    assert info.value.line == 3


def test_override_file_is_validated(tmp_path: Path) -> None:
    good = write(tmp_path / "o.csv", "article,action,line,note\np,keep,即時,label is the text\n")
    assert load_overrides(good) == (Override("p", "keep", "即時", "label is the text", 2),)
    bad = write(tmp_path / "b.csv", "article,action,line,note\np,hide,即時,x\n")
    with pytest.raises(PipelineError, match="action must be"):
        load_overrides(bad)
    assert load_overrides(tmp_path / "missing.csv") == ()


# --- through the CLI ------------------------------------------------------------------------

CLI_PAGE = (
    "首頁 | 登入 | 搜尋\n即時\n"
    "台積電擴大美國投資 亞利桑那二廠提前量產\n"
    "記者王大同／台北報導\n2025/03/04 14:22\n"
    "台積電今天宣布，亞利桑那州第二座晶圓廠將提前量產。（記者王大同攝）\n"
    "台積電表示，新廠將採用3奈米製程。\n"
    "【完】\n延伸閱讀\n台積電法說會 第一季營收估成長\n"
)


def test_verbose_names_each_reason(project: Path, runner: CliRunner) -> None:
    (project / "articles" / "tw-page.txt").write_text(CLI_PAGE, encoding="utf-8")
    result = runner.invoke(app, ["extract", "--verbose"])
    assert result.exit_code == 0, result.output
    for reason in ("(navigation)", "(badge)", "(byline)", "(date)", "(end-mark)", "(related)"):
        assert reason in result.stdout
    assert "metadata date: 2025/03/04 14:22" in result.stdout
    pot = (project / "locales" / "tw-page.pot").read_text(encoding="utf-8")
    assert 'msgid "台積電擴大美國投資 亞利桑那二廠提前量產"' in pot
    assert "報導" not in pot and "延伸閱讀" not in pot


def test_overrides_file_through_the_cli(project: Path, runner: CliRunner) -> None:
    (project / "articles" / "tw-page.txt").write_text(CLI_PAGE, encoding="utf-8")
    overrides = project / "overrides.csv"
    overrides.write_text(
        "article,action,line,note\ntw-page,keep,即時,the label is part of the story\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["extract"]).exit_code == 0
    assert 'msgid "即時"' in (project / "locales" / "tw-page.pot").read_text(encoding="utf-8")
    overrides.write_text(
        "article,action,line,note\ntw-page,keep,即時,x\ntw-page,drop,不存在的一行,x\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 2
    assert "overrides.csv:3:" in result.stderr and "no longer matches" in result.stderr
    assert "Traceback" not in result.output
    overrides.write_text("article,action,line,note\ngone,keep,即時,x\n", encoding="utf-8")
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 2 and "unknown article 'gone'" in result.stderr
