"""Figures compared by value (pipeline/numbers.py): every row of the equivalence table, and the
cases issue 11 names, each passing and failing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.numbers import (
    COLUMNS,
    DATA,
    compare,
    english_figures,
    equivalences,
    source_quantities,
    zh_value,
)

ROWS = [row for row in equivalences() if row.example_zh]


def test_table_has_the_documented_columns_and_a_note_or_source_per_row() -> None:
    header = DATA.read_text(encoding="utf-8").splitlines()[0]
    assert tuple(header.split(",")) == COLUMNS
    for row in equivalences():
        assert row.category and row.source, f"line {row.line} lacks a category or a source"
        assert row.example_zh, f"line {row.line} has no example"


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.line}-{r.category}" for r in ROWS])
def test_each_row_example_passes(row: object) -> None:
    from pipeline.numbers import Equivalence

    assert isinstance(row, Equivalence)
    assert compare(row.example_zh, row.example_en) == []


WRONG = [row for row in ROWS if row.wrong_en]


@pytest.mark.parametrize("row", WRONG, ids=[f"{r.line}-{r.category}" for r in WRONG])
def test_each_row_wrong_rendering_fails(row: object) -> None:
    from pipeline.numbers import Equivalence

    assert isinstance(row, Equivalence)
    assert compare(row.example_zh, row.wrong_en) != []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("九十九", 99),
        ("兩百", 200),
        ("一百零五", 105),
        ("一千二百三十四", 1234),
        ("三萬", 30000),
        ("兩萬五千", 25000),
        ("三億五千萬", 350000000),
        ("三萬億", 3e12),
        ("二〇二五", 2025),
        ("三點五", 3.5),
    ],
)
def test_chinese_numerals(text: str, value: float) -> None:
    assert zh_value(text) == value


@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_numerals_round_trip(n: int) -> None:
    digits = "零一二三四五六七八九"
    units = ["", "十", "百", "千"]

    def four(x: int) -> str:
        out, zero = "", False
        for power in (3, 2, 1, 0):
            d = x // 10**power % 10
            if d:
                if zero and out:
                    out += "零"
                out += digits[d] + units[power]
                zero = False
            else:
                zero = True
        return out

    high, low = divmod(n, 10000)
    text = (four(high) + "萬" if high else "") + (
        ("零" if high and low < 1000 and low else "") + four(low)
    )
    assert zh_value(text) == n


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        ("營收12.5億元。", "Revenue was 1.25 billion yuan."),
        ("營收12.5億元。", "Revenue was 1,250 million yuan."),
        ("營收12.5億元。", "Revenue was RMB1.25bn."),
        ("產能3萬片。", "Capacity is 30,000 wafers."),
        ("用戶798.93万。", "There are 7.9893 million users."),
        ("用戶798.93万。", "There are about 7.99 million users."),
        ("5月3日發布。", "Released on May 3."),
        ("5月3日發布。", "Released on 3 May."),
        ("5月3日發布。", "Released on May 3rd."),
        ("他3日表示。", "He said on the 3rd."),
        ("他3日表示。", "He said on Thursday."),
        ("2023年4月29日", "April 29, 2023"),
        ("7月21日至23日", "July 21-23"),
        ("七成", "seven in ten"),
        ("三分之一", "one-third"),
        ("三分之二", "two-thirds"),
        ("三分之一", "33%"),
        ("增長1.5倍到五倍", "grew 1.5 to five times"),
        ("3至5萬台", "30,000 to 50,000 units"),
        ("3至5萬台", "between 30 and 50 thousand units"),
        ("增長3%至5%", "grew 3-5%"),
        ("近三倍", "nearly threefold"),
        ("逾3萬人", "more than 30,000 people"),
        ("逾3萬人", "30,000-plus people"),
        ("每座晶圓廠一台", "one per fab"),
        ("一家晶圓廠", "a single fab"),
        ("兩家公司", "both companies"),
        ("毛利率升0.5個百分點", "gross margin rose half a percentage point"),
        ("毛利率升0.5個百分點", "gross margin rose 50 basis points"),
        ("第三季", "Q3"),
        ("全球第二大", "the world's second-largest"),
        ("十余家", "more than 10"),
        ("下午3點半", "at 3:30 p.m."),
        ("15時", "at 3 p.m."),
        ("兩岸三星百度", "cross-strait Samsung Baidu"),
        ("出口管制一直", "export controls always"),
        ("100兆瓦", "100 megawatts"),
        ("打七五折", "25% off"),
        ("打七五折", "75% of the price"),
        ("三季度淨利潤", "third-quarter net profit"),
        ("三分之一", "1/3 of capacity"),
        ("民國114年", "in 2025"),
        ("3至5億美元", "$300-500 million"),
        ("30至50億美元", "$3-5 billion"),
        ("前三季營收", "revenue for the first three quarters"),
        ("兩三年內", "within two or three years"),
        ("2.5D封裝", "2.5D packaging"),
        ("過去一年", "the past year"),
        ("增長了兩倍", "tripled"),
        ("增長了兩倍", "grew twofold"),
        ("十分之一", "a tenth"),
        ("2022年8月9日", "Aug. 9, 2022"),
        ("約合人民幣12億元", "about 1.2 billion yuan"),
        ("3,495.67億元新台幣", "NT$349.567 billion"),
    ],
)
def test_correct_renderings_pass(source: str, translation: str) -> None:
    assert compare(source, translation) == [], source_quantities(source)


@pytest.mark.parametrize(
    ("source", "translation", "says"),
    [
        ("產量為4.5萬台。", "Output was 4.5 thousand units.", "wrong magnitude"),
        ("營收12.5億元。", "Revenue was 12.5 billion yuan.", "wrong magnitude"),
        ("營收12.5億元。", "Revenue was 1.25 billion.", ""),  # no marker: accepted below
        ("近三倍", "nearly thirteen times", "missing"),
        ("逾3萬人", "nearly 30,000 people", "opposite"),
        ("近3萬人", "more than 30,000 people", "opposite"),
        ("市佔率升3個百分點", "market share rose 3%", "missing"),
        ("營收50億美元", "revenue of NT$5 billion", "currency"),
        ("5月3日", "March 5", "missing"),
        ("週一", "on Tuesday", "missing"),
        ("七成", "seven percent", "wrong magnitude"),
        ("1.5倍到五倍", "1.5 to 15 times", "missing"),
        ("3至5萬台", "3 to 50,000 units", "wrong magnitude"),
        ("上午10時", "10 p.m.", "missing"),
        ("用戶798.93万。", "There are about 8 billion users.", "missing"),
        ("用戶798.93万。", "There are 7 million users.", "missing"),
        ("十分之一", "a third", "missing"),
        ("三分之一", "1/4 of capacity", "missing"),
        ("民國114年", "in 2024", "missing"),
        ("3至5億美元", "$3-5 billion", "wrong magnitude"),
        ("3,495.67億元新台幣", "US$349.567 billion", "currency"),
        ("增長了兩倍", "quadrupled", "missing"),
        ("編列12.5億元預算", "a budget of US$1.25 billion", "CNY, TWD, HKD or SGD"),
        ("投資50億人民幣", "an investment of NT$5 billion", "is in CNY;"),
        ("行政院今（3）日表示", "The Executive Yuan said on the 4th", "missing"),
        ("行政院今（3）日表示", "The Executive Yuan said yesterday", "missing"),
    ],
)
def test_wrong_renderings_fail(source: str, translation: str, says: str) -> None:
    problems = compare(source, translation)
    if not says:
        assert problems == []
        return
    assert problems, english_figures(translation)
    assert says in problems[0].message


def test_a_problem_names_the_source_figure_and_its_value() -> None:
    (problem,) = compare("營收12.5億元。", "Revenue was 12.5 billion yuan.")
    assert problem.term == "12.5億元"
    assert problem.expected == "1,250,000,000"
    assert problem.found == "12.5 billion"


@pytest.mark.parametrize(
    "translation",
    [
        "a budget of NT$1.25 billion",  # a Taiwan page
        "a budget of 1.25 billion New Taiwan dollars",
        "a budget of HK$1.25 billion",  # a Hong Kong page
        "a budget of 1.25 billion yuan",  # a mainland page
    ],
)
def test_bare_yuan_is_the_local_dollar_of_the_page(translation: str) -> None:
    """元 alone names no country: NT$, HK$ and yuan are all right for 12.5億元."""
    assert compare("編列12.5億元預算", translation) == []


@pytest.mark.parametrize(
    "translation",
    [
        "The Executive Yuan said on the 3rd",
        "The Executive Yuan said today",
        "The Executive Yuan said today (the 3rd)",
        "The Executive Yuan said on August 3",
    ],
)
def test_taiwan_bracketed_day_is_a_day(translation: str) -> None:
    """今（3）日 (Taiwan wire style) is the 3rd, today."""
    assert compare("行政院今（3）日表示", translation) == []
    assert compare("行政院昨（2）日表示", "The Executive Yuan said yesterday") == []
