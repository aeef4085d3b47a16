"""Units, counters and figures as real copy writes them (pipeline/numbers.py, data/units.csv):
every row of the units table passes its example and fails its wrong rendering, and each class
of figure has a passing and a failing case."""

from __future__ import annotations

import pytest

from pipeline.numbers import UNIT_COLUMNS, UNITS_DATA, compact, compare, units

UNIT_ROWS = units()


def test_units_table_has_the_documented_columns_and_a_source_per_row() -> None:
    header = UNITS_DATA.read_text(encoding="utf-8").splitlines()[0]
    assert tuple(header.split(",")) == UNIT_COLUMNS
    for row in UNIT_ROWS:
        assert row.dimension and row.source and row.example_zh and row.wrong_en, row.line
        assert row.en and row.factor > 0, row.line


@pytest.mark.parametrize("row", UNIT_ROWS, ids=[f"{r.line}-{r.dimension}" for r in UNIT_ROWS])
def test_each_unit_row_example_passes_and_its_wrong_rendering_fails(row: object) -> None:
    from pipeline.numbers import UnitRow

    assert isinstance(row, UnitRow)
    assert compare(row.example_zh, row.example_en) == [], row.example_en
    assert compare(row.example_zh, row.wrong_en) != [], row.wrong_en


def test_spaces_around_figures_are_removed_before_reading() -> None:
    assert compact("營收 28.81\u00a0億元，1\u2009月 13 日") == "營收28.81億元，1月13日"
    assert compact("iPhone 16 Pro") == "iPhone 16 Pro"


# (class, source, a correct translation, a wrong one)
CASES = [
    (
        "ascii space",
        "緯穎營收 28.81 億元。",
        "Wiwynn's revenue was NT$2.881 billion.",
        "Wiwynn's revenue was NT$28.81 billion.",
    ),
    (
        "no-break space",
        "營收 28.81\u00a0億元。",
        "Revenue was NT$2.881 billion.",
        "Revenue was NT$28.81 million.",
    ),
    (
        "thin space",
        "出口達 4,750\u2009億美元。",
        "Exports reached US$475 billion.",
        "Exports reached US$4.75 billion.",
    ),
    (
        "spaced date",
        "鴻海 1 月 13 日公布財報。",
        "Hon Hai reported on January 13.",
        "Hon Hai reported on January 31.",
    ),
    (
        "spaced multiple",
        "本益比衝上 500 倍。",
        "The P/E ratio hit 500 times.",
        "The P/E ratio hit 500%.",
    ),
    (
        "full-width",
        "營收達１２.５億元。",
        "Revenue reached 1.25 billion yuan.",
        "Revenue reached 12.5 billion yuan.",
    ),
    (
        "mixed 萬 and digits",
        "人口為39萬3000人。",
        "The population is 393,000.",
        "The population is 39,300.",
    ),
    (
        "mixed 萬 and 億",
        "總投資2萬5千億元。",
        "Total investment is 2.5 trillion yuan.",
        "Total investment is 25 trillion yuan.",
    ),
    (
        "spaced 萬億",
        "規模達 1.2 萬億元。",
        "It is worth 1.2 trillion yuan.",
        "It is worth 1.2 billion yuan.",
    ),
    ("卅", "他今年卅六歲。", "He is 36.", "He is 26."),
    ("廿", "廿一世紀以來。", "Since the 21st century began.", "Since the 20th century began."),
    (
        "兩年六月",
        "合作已兩年六月。",
        "They have worked together for two years and six months.",
        "They have worked together since June.",
    ),
    (
        "一時 is a word",
        "市場一時難以消化2000億元。",
        "For now the market cannot absorb 200 billion yuan.",
        "For now the market cannot absorb 20 billion yuan.",
    ),
    (
        "零部件 is a word",
        "汽車零部件出口增長12%。",
        "Auto parts exports grew 12%.",
        "Auto parts exports grew 21%.",
    ),
    (
        "idiom",
        "這筆5億元補助只是九牛一毛。",
        "The NT$500 million subsidy is a drop in the bucket.",
        "The NT$5 billion subsidy is a drop in the bucket.",
    ),
    (
        "range in words",
        "需要兩到三個月。",
        "It needs two to three months.",
        "It needs two to three years.",
    ),
    (
        "range mixed",
        "回收期約5到10年。",
        "The payback period is five to 10 years.",
        "The payback period is five to 10 months.",
    ),
    (
        "minus sign",
        "每股盈餘為-0.35元。",
        "Earnings per share were -NT$0.35.",
        "Earnings per share were NT$0.35.",
    ),
    (
        "minus in words",
        "氣溫降至零下25度。",
        "It fell to minus 25 degrees.",
        "It fell to 25 degrees.",
    ),
    (
        "negative growth",
        "經濟成長率為-1.5%。",
        "The economy contracted 1.5%.",
        "The economy grew 1.5%.",
    ),
    (
        "hyphenated figure",
        "設立1000億元基金。",
        "It set up a 100-billion-yuan fund.",
        "It set up a 10-billion-yuan fund.",
    ),
    (
        "30個月 idiomatic",
        "保固延長至30個月。",
        "The warranty is extended to two and a half years.",
        "The warranty is extended to 30 weeks.",
    ),
    (
        "12個月 idiomatic",
        "過去12個月股價上漲逾一倍。",
        "The shares more than doubled over the past year.",
        "The shares more than tripled over the past year.",
    ),
    (
        "a year early",
        "計畫提前一年完成。",
        "The plan was finished a year early.",
        "The plan was finished two years early.",
    ),
    (
        "index points",
        "恒指收跌356點。",
        "The Hang Seng Index closed down 356 points.",
        "The Hang Seng Index closed down 3.56%.",
    ),
    (
        "ordinal without 第",
        "十三屆全國人大。",
        "The 13th National People's Congress.",
        "The 12th National People's Congress.",
    ),
    ("ordinal spaced", "第 27 屆大會。", "The 27th conference.", "The 28th conference."),
    (
        "24-hour clock",
        "地震發生於23時48分。",
        "The quake struck at 11:48 p.m.",
        "The quake struck at 11:48 a.m.",
    ),
    (
        "part of the day",
        "首班車早上五點發車。",
        "The first train leaves at five in the morning.",
        "The first train leaves at five in the evening.",
    ),
    (
        "in a row",
        "連續5個交易日賣超。",
        "They sold for a fifth straight trading day.",
        "They sold for a sixth straight trading day.",
    ),
    (
        "per million",
        "每百萬Token收費2元。",
        "It charges 2 yuan per million tokens.",
        "It charges 2 yuan per thousand tokens.",
    ),
]


@pytest.mark.parametrize(("name", "source", "right", "wrong"), CASES, ids=[c[0] for c in CASES])
def test_real_copy_figures(name: str, source: str, right: str, wrong: str) -> None:
    assert compare(source, right) == [], name
    assert compare(source, wrong) != [], name


@pytest.mark.parametrize(
    ("source", "right", "wrong"),
    [
        (
            "柔佛州吸引60亿令吉投资。",
            "Johor attracted RM6 billion of investment.",
            "Johor attracted US$6 billion of investment.",
        ),
        ("投入5000亿令吉。", "It will put in RM500 billion.", "It will put in RM50bn."),
        ("价值150亿林吉特。", "It is worth 15 billion ringgit.", "It is worth 15 billion yuan."),
        ("投资15亿新元。", "It invests S$1.5 billion.", "It invests US$1.5 billion."),
        (
            "以人民幣計，營收為300億元。",
            "In yuan terms revenue was 30 billion yuan.",
            "In yuan terms revenue was HK$30 billion.",
        ),
        ("營收為人民幣 52 億元。", "Revenue was 5.2 billion yuan.", "Revenue was HK$5.2 billion."),
        ("補助 4,760 億日圓。", "A subsidy of ¥476 billion.", "A subsidy of ¥47.6 billion."),
        ("撥款430億歐元。", "It provides €43 billion.", "It provides $43 billion."),
    ],
)
def test_currencies(source: str, right: str, wrong: str) -> None:
    assert compare(source, right) == []
    assert compare(source, wrong) != []


def test_page_stated_currency_applies_to_later_bare_yuan() -> None:
    assert compare("營收300億元。", "Revenue was US$30 billion.", local="TWD") != []
    assert compare("營收300億元。", "Revenue was NT$30 billion.", local="TWD") == []
    assert compare("營收300億元。", "Revenue was HK$30 billion.") == []  # no page currency


def test_han_characters_flags_an_extension_b_character() -> None:
    from pipeline.check import Catalog, Checker
    from pipeline.models import CatalogUnit

    unit = CatalogUnit("u1", "這是\U00020000字。", "This is the \U00020000 character.", line=1)
    result = Checker([]).check([Catalog("a.po", "en", (unit,))])
    assert [v.rule for v in result.violations] == ["han-characters"]
    clean = CatalogUnit("u2", "這是字。", "This is a character.", line=1)
    assert Checker([]).check([Catalog("a.po", "en", (clean,))]).violations == ()


@pytest.mark.parametrize(
    ("source", "right", "wrong"),
    [
        ("銷貨價值上升三成一。", "Sales rose 31%.", "Sales rose 3.1%."),
        ("過夜行程佔約八成三。", "About 83% stayed overnight.", "About 8.3% stayed overnight."),
        (
            "前二十日(2月1日-20日)下降1.85%。",
            "In Feb. 1-20 it fell 1.85%.",
            "In Feb. 1-21 it fell 1.85%.",
        ),
        ("會期8天半。", "It runs for eight and a half days.", "It runs for eight days."),
        ("訪客為468 000人次。", "There were 468,000 visits.", "There were 46,800 visits."),
        ("台積電114年第三季營收。", "TSMC's revenue in Q3 2025.", "TSMC's revenue in Q3 2024."),
        (
            "72年11月16日舉行。",
            "It was held on November 16, 1983.",
            "It was held on November 16, 1982.",
        ),
        ("以151萬8000元成交。", "It sold for S$1,518,000.", "It sold for US$1,518,000."),
        (
            "較去年同期增長了3.5倍。",
            "It rose 350% from a year earlier.",
            "It rose 3.5% from a year earlier.",
        ),
        (
            "需要1至3年。",
            "It needs between one and three years.",
            "It needs between one and three months.",
        ),
        (
            "十三屆人大五次會議。",
            "The fifth session of the 13th NPC.",
            "The third session of the 13th NPC.",
        ),
        (
            "昨晚間11點半發布。",
            "It was issued at 11:30 last night.",
            "It was issued at 11:30 this morning.",
        ),
        (
            "今(4)天下午發布。",
            "It was issued this afternoon (the 4th).",
            "It was issued on the 14th.",
        ),
        ("第一届金马奖。", "The inaugural Golden Horse Awards.", "The second Golden Horse Awards."),
    ],
)
def test_real_copy_classes(source: str, right: str, wrong: str) -> None:
    assert compare(source, right) == []
    assert compare(source, wrong) != []


@pytest.mark.parametrize(
    ("source", "right", "wrong"),
    [
        (
            "恆指報20542點，跌183點。",
            "The index stood at 20,542, down 183 points.",
            "The index stood at 20,542, up 183 points.",
        ),
        ("水路旅客下降1.34%。", "Waterway trips fell 1.34%.", "Waterway trips rose 1.34%."),
        (
            "較去年同月下跌9%。",
            "It was 9% lower than a year earlier.",
            "It was 9% higher than a year earlier.",
        ),
        (
            "比9月增加10.7%，比去年同期增加20.6%。",
            "It was up 10.7% from September and 20.6% from a year earlier.",
            "It was up 10.7% from a year earlier and 20.6% from September.",
        ),
        (
            "扭轉了上一季0.7%的環比跌幅。",
            "It reversed the previous quarter's 0.7% decline.",
            "It reversed the previous quarter's 0.7% increase.",
        ),
        ("最高升至18,883點。", "It climbed as high as 18,883.", "It climbed as high as 18,838."),
        (
            "清明節(二○一五年四月四日)。",
            "Ching Ming (April 4, 2015).",
            "Ching Ming (April 4, 2014).",
        ),
        (
            "大年初二訪港。",
            "They came on the second day of the Lunar New Year.",
            "They came on the first day of the Lunar New Year.",
        ),
        ("相當於八級風。", "It is equivalent to force 8.", "It is equivalent to force 9."),
        ("距離170海里。", "It is 170 nautical miles away.", "It is 170 kilometres away."),
        (
            "連續12個月上升。",
            "Prices have risen for 12 straight months.",
            "Prices have risen for 12 straight years.",
        ),
        ("今年首9個月投資。", "Investment in January-September.", "Investment in January-June."),
        (
            "發生在凌晨零時二十七分。",
            "It struck at 27 minutes past midnight.",
            "It struck at 27 minutes past noon.",
        ),
    ],
)
def test_direction_basis_and_more_real_copy(source: str, right: str, wrong: str) -> None:
    assert compare(source, right) == []
    assert compare(source, wrong) != []


def test_an_acronym_glossing_the_chinese_may_be_spelled_out() -> None:
    from pipeline.check import Catalog, Checker
    from pipeline.models import CatalogUnit

    unit = CatalogUnit(
        "u1", "外人直接投資(FDI)增加。", "Foreign direct investment increased.", line=1
    )
    assert Checker([]).check([Catalog("a.po", "en", (unit,))]).violations == ()
    bare = CatalogUnit("u2", "FDI增加。", "Investment increased.", line=1)
    assert [v.rule for v in Checker([]).check([Catalog("a.po", "en", (bare,))]).violations] == [
        "do-not-translate"
    ]


@pytest.mark.parametrize(
    ("source", "right", "wrong"),
    [
        (
            "國慶檔(10月1日至10月8日)票房。",
            "Takings for the holiday (1-8 October).",
            "Takings for the holiday (2-8 October).",
        ),
        (
            "超市銷貨價值下跌半成,汽車上升18.5%。",
            "Supermarket sales fell 5%, cars rose 18.5%.",
            "Supermarket sales fell by half, cars rose 18.5%.",
        ),
        (
            "漲幅是過去五個季度裏最小的。",
            "The smallest rise in the past five quarters.",
            "The smallest rise in the past six quarters.",
        ),
        (
            "比去年第四季上升了1.3%。",
            "It rose 1.3% quarter on quarter.",
            "It rose 1.3% from the third quarter of last year.",
        ),
        (
            "過去五個季度，環比減少1.1個百分點。",
            "In the past five quarters and 1.1 percentage points lower than the previous quarter.",
            "In the past six quarters and 1.1 percentage points lower than the previous quarter.",
        ),
    ],
)
def test_ranges_periods_and_phrases_in_context(source: str, right: str, wrong: str) -> None:
    assert compare(source, right) == []
    assert compare(source, wrong) != []


def test_a_glossary_row_carries_a_vendors_official_spelling() -> None:
    from pipeline.check import Catalog, Checker
    from pipeline.models import CatalogUnit, GlossaryEntry

    row = GlossaryEntry(
        id="copilot-pc", zh_Hant="Copilot+PC", zh_Hans="Copilot+PC", en="Copilot+ PC"
    )
    right = CatalogUnit("u1", "首批Copilot+PC上市。", "The first Copilot+ PCs launch.", line=1)
    wrong = CatalogUnit("u2", "首批Copilot+PC上市。", "The first Copilot PCs launch.", line=2)
    checker = Checker([row])
    assert checker.check([Catalog("a.po", "en", (right,))]).violations == ()
    found = checker.check([Catalog("b.po", "en", (wrong,))]).violations
    assert [v.rule for v in found] == ["required-term"]


@pytest.mark.parametrize(
    ("source", "right", "wrong"),
    [
        ("2018年至2021年期間。", "Between 2018 and 2021.", "Between 2018 and 2020."),
        (
            "開幕會5日9時舉行。",
            "It opened at 9 a.m. on the 5th.",
            "It opened at 9 p.m. on the 5th.",
        ),
        ("下午3點開始。", "It starts at 3 p.m.", "It starts at 3 a.m."),
    ],
)
def test_years_are_exact_and_official_hours_are_24_hour(
    source: str, right: str, wrong: str
) -> None:
    assert compare(source, right) == []
    assert compare(source, wrong) != []


def test_a_run_of_hundreds_of_digits_is_not_a_figure() -> None:
    """A pasted digit run (or 一 repeated) would overflow a float: it is not read at all."""
    for source in ("一" * 2000 + "年六月", "9" * 400 + "億元"):
        assert all(len(p.term) < 10 for p in compare(source, "x"))
