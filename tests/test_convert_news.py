"""Conversion of real news copy: correct input kept, names, word boundaries, region, numbers.

Each class has a case that the rule fixes (the wrong output it used to give is named)
and a case it must leave alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.convert import article_profile, convert_plain, converter_for_locale
from pipeline.layers import shipped_conversions, shipped_vocabulary
from pipeline.regional import (
    boundary_phrases,
    detect_region,
    names,
    person_context,
    restyle_quotes,
    surname_positions,
)

REPO = Path(__file__).resolve().parent.parent
VOCABULARY = shipped_vocabulary()
OVERRIDES = shipped_conversions()


def convert(text: str, locale: str, region: str = "") -> str:
    """``convert --to locale`` without an article glossary (the tool's own rules)."""
    found = article_profile(text, VOCABULARY, region=region)
    script = "Hans" if found.script == "Hans" else "Hant"
    converter = converter_for_locale(
        locale, script, (), OVERRIDES, vocabulary=VOCABULARY, profile=found
    )
    return converter(text)


# --- correct input stays correct ----------------------------------------------------------


def test_simplified_xianzhu_keeps_zhu() -> None:
    out = convert("这一成果意义显著，显著提升效率。这意味著变化。", "zh_Hans")
    assert out == "这一成果意义显著，显著提升效率。这意味着变化。"  # was 显着


def test_taiwan_film_stays_film_and_own_words_stay() -> None:
    page = "這部影片獲得金馬獎最佳影片，立法院今天審查預算。"
    assert convert(page, "zh_TW") == page


@pytest.mark.parametrize(
    ("page", "kept"),
    [
        ("立委范雲今天表示，范雲將出席。", "范雲"),  # was 範雲 (leftover heuristic)
        ("郁慕明今天表示將出席立法院。", "郁慕明"),  # was 鬱慕明
        ("記者劉憲杰台北報導，立法院今天開議。", "劉憲杰"),  # was 劉憲傑
        ("衛福部輔導占床率不高的醫院，市占率提升。", "占床率"),  # was 佔
        ("育嬰預算的元凶，正是立法院。", "元凶"),  # was 元兇
    ],
)
def test_taiwan_names_and_standard_characters_are_kept(page: str, kept: str) -> None:
    for locale in ("zh_TW", "zh_Hant"):
        assert kept in convert(page, locale)


def test_converted_page_still_repairs_the_same_characters_in_phrases() -> None:
    out = convert("這是規范的發展范式，不在范围之內。", "zh_TW")
    assert "規範" in out and "範式" in out and "範圍" in out


def test_hong_kong_centimetre_beckham_and_announce_are_kept() -> None:
    page = "特區政府今日公佈，身高170厘米的碧咸出席港鐵活動，政府宣佈新措施。"
    out = convert(page, "zh_HK")
    assert out == page  # was 釐米, 碧鹹, 公布, 宣布


def test_announce_rule_still_converts_simplified_source() -> None:
    assert "公布" in convert("政府今日公布新措施。", "zh_HK")


def test_vocabulary_row_never_applies_to_its_own_region() -> None:
    page = "委员通道上，代表们回答记者提问。"
    assert convert(page, "zh_Hans") == page  # was 委员信道


def test_hong_kong_lion_rock_is_not_sierra_leone() -> None:
    page = "受熱帶風暴「獅子山」影響，特區政府宣布港鐵服務調整。"
    out = convert(page, "zh_Hans")
    assert "狮子山" in out and "塞拉利昂" not in out  # was 塞拉利昂
    assert "塞拉利昂" in convert("外交部宣布與獅子山建交，立法院今天通過。", "zh_Hans")


# --- names and surnames ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("余承东表示，新机将上市。", "余承東表示"),  # was 餘承東
        ("于正的新剧开播。", "于正的新劇"),  # was 於正
        ("记者钟小明报道。", "記者鍾小明"),  # 钟 is 鍾 as a surname
        ("钟南山指出疫情趋缓。", "鍾南山"),
    ],
)
def test_surnames_in_person_context(source: str, expected: str) -> None:
    assert expected in convert(source, "zh_TW")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("其余的人表示同意。", "其餘的人"),
        ("关于余额的问题。", "關於餘額"),
        ("于是他说好。", "於是"),
    ],
)
def test_surname_characters_outside_names_convert(source: str, expected: str) -> None:
    assert expected in convert(source, "zh_TW")


def test_surname_positions_follow_the_name_through_the_text() -> None:
    assert surname_positions("立委范云指控在野党，指范云是") == {2, 11}
    assert surname_positions("其余的人表示") == set()


def test_person_context_table_is_reviewed_data() -> None:
    ctx = person_context()
    assert set(ctx.surnames) >= set("余于范郁岳钟") and ctx.surnames["钟"] == "鍾"
    assert "表示" in ctx.cues and "记者" in ctx.titles


def test_names_table_rows_have_every_region() -> None:
    rows = names()
    assert rows and all(row.form("zh_TW") and row.form("zh_HK") for row in rows)
    assert {row.kind for row in rows} <= {"person", "place", "company"}


def test_beckham_whole_name_in_hong_kong() -> None:
    assert convert("贝克汉姆到场。", "zh_HK") == "碧咸到場。"  # was 碧咸姆
    assert convert("贝克汉姆到场。", "zh_TW") == "貝克漢到場。"


# --- word boundaries ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected", "wrong"),
    [
        ("半导体制造能力", "半導體製造", "體制"),
        ("无法制造芯片", "無法製造", "法制造"),
        ("调整只是开始", "調整只是", "隻是"),
        ("中央广播电视总台", "電視總台", "總檯"),
        ("陷入恶性循环", "惡性循環", "惡性迴"),
        ("香港回归祖国", "香港回歸", "迴歸"),
        ("气象预报台风暴风半径", "颱風暴風", "臺風"),
        ("着墨发展北部都会区", "發展", "髮展"),
        ("9月历史高位", "歷史", "曆史"),
    ],
)
def test_boundary_phrases(source: str, expected: str, wrong: str) -> None:
    if wrong != "惡性迴":  # 迴圈 came from a vocabulary row (now gone), not from OpenCC
        assert wrong in convert_plain(source, "s2tw") or wrong in convert_plain(source, "s2hk")
    for locale in ("zh_TW", "zh_HK", "zh_Hant"):
        out = convert(source, locale)
        assert expected in out and wrong not in out, (locale, out)


def test_regression_keeps_huigui_as_statistics() -> None:
    assert "線性迴歸" in convert("使用线性回归分析", "zh_TW")


def test_boundary_phrase_table_is_simplified_keys() -> None:
    for row in boundary_phrases():
        assert convert_plain(row.simplified, "t2s") == row.simplified, row.simplified
        assert row.note and row.source


# --- Taiwan's 台 and 占 ---------------------------------------------------------------------


def test_taiwan_writes_tai_and_zhan_from_simplified() -> None:
    out = convert("台湾台北，台积电占比六成，吧台", "zh_TW")
    assert out == "台灣台北，台積電占比六成，吧檯"  # s2tw: 臺灣臺北, 佔比
    assert convert("出台措施，一台电脑", "zh_Hant") == "出台措施，一台電腦"  # s2t: 臺
    assert convert("出台措施，占比", "zh_HK") == "出台措施，佔比"  # Hong Kong writes 佔


# --- region by evidence ---------------------------------------------------------------------


def test_one_word_does_not_decide_a_region() -> None:
    page = "特區政府今日公布，港鐵與輝達合作。"  # 輝達 is Taiwan's Nvidia
    hits = article_profile(page, VOCABULARY)
    assert hits.region == "HK"  # was TW (one 輝達)
    assert detect_region("輝達今日公布新晶片。", "Hant") in ("TW", "")


#: One Hong Kong signal (特區) and one Taiwan signal (年增): no margin, so unknown.
MIXED = "特區今日資訊公開，年增三成。"


def test_no_evidence_or_no_margin_is_unknown_and_neutral() -> None:
    assert detect_region("今日天氣晴朗。", "Hant") == ""
    assert article_profile(MIXED, VOCABULARY).region == ""
    # neutral: a word both Taiwan and Hong Kong write converts, a Taiwan-only word stays
    out = convert(MIXED, "zh_Hans")
    assert "信息" in out and "年增" in out


def test_stated_region_wins() -> None:
    assert "同比增长" in convert(MIXED, "zh_Hans", region="TW")
    assert "同比增长" not in convert(MIXED, "zh_Hans")


def test_regions_in_configuration(tmp_path: Path) -> None:
    from pipeline.config import load_config
    from pipeline.errors import ConfigError

    (tmp_path / "zhl10n.toml").write_text('[regions]\nnews = "TW"\n', encoding="utf-8")
    assert load_config(cwd=tmp_path).regions == {"news": "TW"}
    (tmp_path / "zhl10n.toml").write_text('[regions]\nnews = "SG"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="regions.news"):
        load_config(cwd=tmp_path)


def test_convert_from_states_the_region(tmp_path: Path) -> None:
    runner = CliRunner()
    page = MIXED + "\n"
    stated = runner.invoke(app, ["convert", "--to", "zh_Hans", "--from", "zh_TW"], input=page)
    guessed = runner.invoke(app, ["convert", "--to", "zh_Hans"], input=page)
    assert stated.exit_code == 0 and "同比增长" in stated.stdout
    assert guessed.exit_code == 0 and "年增" in guessed.stdout


# --- wrong rows and missing vocabulary ------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "locale", "expected"),
    [
        ("云计算", "zh_TW", "雲端運算"),  # was 雲端計算
        ("集装箱码头", "zh_HK", "貨櫃"),  # was 集裝箱
        ("布什", "zh_TW", "布希"),
        ("布什", "zh_HK", "布殊"),
        ("卡马拉·哈里斯", "zh_TW", "賀錦麗"),
        ("鲍威尔", "zh_TW", "鮑爾"),
        ("梅西", "zh_HK", "美斯"),
        ("降息", "zh_HK", "減息"),
        ("加息", "zh_TW", "升息"),
        ("朝鲜", "zh_TW", "北韓"),
        ("导弹", "zh_TW", "飛彈"),
        ("短信", "zh_TW", "簡訊"),
        ("短信", "zh_HK", "短訊"),
        ("基站", "zh_TW", "基地台"),
        ("土豆", "zh_TW", "馬鈴薯"),
        ("5厘米", "zh_TW", "5公分"),
        ("账户", "zh_TW", "帳戶"),
        ("存储", "zh_TW", "儲存"),
        ("计划", "zh_TW", "計畫"),
    ],
)
def test_regional_vocabulary_from_mainland(source: str, locale: str, expected: str) -> None:
    assert expected in convert(source + "。", locale)


@pytest.mark.parametrize(
    ("source", "region", "expected"),
    [
        ("布希訪問", "TW", "布什"),
        ("飛彈試射", "TW", "导弹"),
        ("減息一厘", "HK", "降息"),
        ("簡訊通知", "TW", "短信"),
        ("基地台", "TW", "基站"),
    ],
)
def test_regional_vocabulary_back_to_mainland(source: str, region: str, expected: str) -> None:
    assert expected in convert(source, "zh_Hans", region=region)


def test_computing_rows_are_gone_for_news() -> None:
    assert "拋出" in convert("衛福部今日拋出新構想。", "zh_TW", region="TW")  # was 丟擲
    assert "循環" in convert("陷入循环", "zh_TW")  # was 迴圈


# --- regional numbers -----------------------------------------------------------------------


def test_trillions() -> None:
    assert "3.92万亿元" in convert("營收3.92兆元。", "zh_Hans", region="TW")
    assert "3.92兆元" in convert("营收3.92万亿元。", "zh_TW")
    assert "3.92萬億元" in convert("营收3.92万亿元。", "zh_HK")


def test_megawatt_is_not_a_trillion() -> None:
    assert "万亿瓦" not in convert("裝置容量100兆瓦。", "zh_Hans", region="TW")


# --- Hong Kong press shapes -----------------------------------------------------------------


def test_hong_kong_press_shapes() -> None:
    out = convert("气温回升，牛肉面，征收新税，用户说，高峰，启动，这里，沿着，卫生", "zh_HK")
    assert out == "氣溫回升，牛肉麵，徵收新稅，用戶說，高峰，啟動，這裏，沿着，衞生"
    # s2hk's Hong Kong-standard shapes, which Hong Kong papers do not print
    assert "温" in convert_plain("气温", "s2hk") and "説" in convert_plain("说", "s2hk")


def test_taiwan_page_to_hong_kong_takes_press_shapes() -> None:
    page = "我們在這裡等了很久，衛福部公布路線。"
    assert convert(page, "zh_HK", region="TW") == "我們在這裏等了很久，衞福部公布路綫。"
    assert convert(page, "zh_HK", region="HK") == page


def test_surname_followed_by_xing() -> None:
    assert "范姓官員" in convert("范姓官员被停职调查。", "zh_TW")
    assert "作家余華" in convert("作家余华出版新书。", "zh_TW")


# --- quotes ---------------------------------------------------------------------------------


def test_latin_title_in_chinese_sentence_takes_the_locale_quotes() -> None:
    assert restyle_quotes("微軟推出“AI Next”計畫", "「」『』") == "微軟推出「AI Next」計畫"
    assert restyle_quotes("推出「Copilot+PC」，", "“”‘’") == "推出“Copilot+PC”，"


def test_latin_quote_outside_a_chinese_sentence_is_kept() -> None:
    assert restyle_quotes("見 “OK” now", "「」『』") == "見 “OK” now"


# --- --no-glossary --------------------------------------------------------------------------


def test_no_glossary_traditional_target_uses_opencc_shapes_or_says_so() -> None:
    runner = CliRunner()
    tw = runner.invoke(app, ["convert", "--to", "zh_TW", "--no-glossary"], input="這裏\n")
    assert tw.exit_code == 0 and tw.stdout == "這裡\n"  # OpenCC t2tw, not the input unchanged
    hant = runner.invoke(app, ["convert", "--to", "zh_Hant", "--no-glossary"], input="這裏\n")
    assert hant.exit_code == 0 and hant.stdout == "這裏\n"
    assert "written unchanged" in hant.stderr
