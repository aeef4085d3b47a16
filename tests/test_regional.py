"""Regional rules: correct text left alone, targeted leftover repair, vocabulary, quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.convert import (
    article_profile,
    converter_for_locale,
    explain,
    vocabulary_table,
)
from pipeline.glossary import load_conversions, load_glossary, load_vocabulary
from pipeline.models import GlossaryEntry
from pipeline.regional import find_leftovers, is_weekday, restyle_quotes

REPO = Path(__file__).resolve().parent.parent
VOCABULARY = load_vocabulary(REPO / "pipeline" / "data" / "vocabulary.csv")
GLOSSARY = load_glossary(REPO / "glossary.csv")
OVERRIDES = load_conversions(REPO / "pipeline" / "data" / "conversions.csv")


def convert(text: str, locale: str) -> str:
    found = article_profile(text, VOCABULARY)
    script = "Hans" if found.script == "Hans" else "Hant"
    converter = converter_for_locale(
        locale, script, GLOSSARY, OVERRIDES, vocabulary=VOCABULARY, profile=found
    )
    return converter(text)


TAIWAN = (
    "台北市政府今天宣布，為了減少對居民的干擾，准許岳飛紀念館在建館周年期間延長開放，"
    "人口分布資料也將公布。"
)


@pytest.mark.parametrize("locale", ["zh_Hant", "zh_TW", "zh_HK"])
def test_genuine_traditional_is_left_alone(locale: str) -> None:
    out = convert(TAIWAN, locale)
    for word in ("台北", "宣布", "干擾", "准許", "岳飛", "周年", "分布", "公布"):
        assert word in out, (locale, word)


def test_blanket_s2tw_would_damage_it() -> None:
    """The failing case: what the old mapping (s2tw on a Traditional source) wrote."""
    from pipeline.convert import convert_plain

    plain = convert_plain(TAIWAN, "s2tw")
    assert "幹擾" in plain and "準許" in plain and "嶽飛" in plain and "週年" in plain


def test_converted_page_is_repaired_by_its_own_usage() -> None:
    page = "訪華背后的意義。此后市場變化，最后形成區別于西方的發展范式，十余家企業參與。"
    # 范 is a surname in Taiwan copy (范雲): only a phrase (范式, 规范) marks it a leftover
    assert {left.char for left in find_leftovers(page)} >= {"后", "于", "余"}
    out = convert(page, "zh_Hant")
    assert out == "訪華背後的意義。此後市場變化，最後形成區別於西方的發展範式，十餘家企業參與。"


def test_page_writing_both_forms_keeps_the_other_reading() -> None:
    page = "皇后與王后出席。之後，后土祠開放。"
    assert "后" not in {left.char for left in find_leftovers(page)}
    out = convert(page, "zh_Hant")
    assert "皇后" in out and "王后" in out and "后土" in out


def test_leftover_phrase_repairs_even_in_a_page_that_writes_both() -> None:
    out = convert("最後，背后的原因浮現。", "zh_Hant")
    assert out == "最後，背後的原因浮現。"


def test_simplified_only_characters_are_always_repaired() -> None:
    assert convert("臺灣的经濟發展", "zh_TW") == "臺灣的經濟發展"


def test_aspect_particle_zhe_in_simplified() -> None:
    out = convert("這意味著變化，他沿著河走，看著遠方。著名學者指出顯著差異。", "zh_Hans")
    assert "意味着" in out and "沿着" in out and "看着" in out
    assert "著名" in out and "显著" in out
    assert convert("这意味著变化，著名学者来了。", "zh_Hans") == "这意味着变化，著名学者来了。"


def test_jing_is_normalized() -> None:
    assert convert("環境乾凈。", "zh_Hant") == "環境乾淨。"
    assert convert("环境干凈。", "zh_Hans") == "环境干净。"


def test_person_name_starting_with_zhouyi_is_not_a_weekday() -> None:
    source = "周一鸣表示，会议定于周一上午举行，周一至周五开放。"
    out = convert(source, "zh_TW")
    assert out.startswith("周一鳴") and "於週一上午" in out and "週一至週五" in out
    assert is_weekday("周一上午", 0) and not is_weekday("周一鸣说", 0)


def test_regional_vocabulary_goes_every_way() -> None:
    hk = "特朗普周一表示，香港的網絡和軟件產業正在增長，市民沿着海濱看着煙花。"
    assert "川普" in convert(hk, "zh_TW") and "網路" in convert(hk, "zh_TW")
    assert "軟體" in convert(hk, "zh_TW") and "沿著" in convert(hk, "zh_TW")
    assert convert(hk, "zh_HK") == hk  # a Hong Kong page in its own locale
    assert "软件" in convert(hk, "zh_Hans") and "网络" in convert(hk, "zh_Hans")
    tw = "川普表示，軟體與網路產業的本益比偏高，影片平台成長。"
    assert "特朗普" in convert(tw, "zh_Hans") and "市盈率" in convert(tw, "zh_Hans")
    assert "特朗普" in convert(tw, "zh_HK") and "軟件" in convert(tw, "zh_HK")
    assert convert(tw, "zh_TW") == tw
    cn = "特朗普称，软件和视频行业的市盈率偏高。"
    assert convert(cn, "zh_TW") == "川普稱，軟體和影片行業的本益比偏高。"
    assert convert(cn, "zh_Hans") == cn


def test_computing_senses_stay_out_of_news() -> None:
    cn = "合作对象、法律程序、政府文件、政策支持、医疗设备、经济数据、联合声明、参数调整"
    tw = convert(cn, "zh_TW")
    for bad in ("物件", "程式", "檔案", "支援", "裝置", "資料", "宣告", "引數"):
        assert bad not in tw, bad
    assert "法律程序" in tw and "經濟數據" in tw


def test_hong_kong_alternatives_keep_the_source_word() -> None:
    table = vocabulary_table("zh_HK", VOCABULARY, "CN")
    assert table["視頻"][0] == "視頻" and table["视频"][0] == "視頻"
    assert table["信息"][0] == "信息" and table["資訊"][0] == "資訊"


def test_glossary_alternatives() -> None:
    chip = GlossaryEntry("chip", "芯片", "芯片", "chip", zh_TW="晶片", zh_HK="芯片|晶片")
    hk = converter_for_locale("zh_HK", "Hans", (chip,))
    assert hk("芯片和晶片") == "芯片和晶片"
    tw = converter_for_locale("zh_TW", "Hans", (chip,))
    assert tw("芯片和晶片") == "晶片和晶片"


def test_quotes_per_locale_at_any_depth() -> None:
    assert restyle_quotes("他說“甲‘乙“丙”乙’甲”。", "「」『』") == "他說「甲『乙「丙」乙』甲」。"
    assert restyle_quotes("「甲『乙「丙」』」", "“”‘’") == "“甲‘乙“丙”’”"
    untouched = "見 `“代碼”` 與 https://e.com/“路徑” 以及 “plain English” 和 Moore’s Law"
    assert restyle_quotes(untouched, "「」『』") == untouched
    assert convert("他說“好”。", "zh_TW") == "他說「好」。"
    assert convert("他說「好」。", "zh_Hans") == "他说“好”。"


def test_explain_records_uncertain_choices_only() -> None:
    text = "后發優勢的干部，背后的原因"
    converter = converter_for_locale("zh_Hant", "Hant", profile=article_profile(text))
    records = explain(converter, text)
    # 背后 is decided by a phrase rule (leftover_phrases.csv): not uncertain
    assert [(r.start, r.source, r.result, r.rule) for r in records] == [
        (0, "后", "後", "leftover"),
        (5, "干", "幹", "leftover"),
    ]
    assert "article writes 后 2× and 後 never" in records[0].reason
    everything = explain(converter, text, uncertain_only=False)
    assert [(r.start, r.result) for r in everything] == [(0, "後"), (5, "幹"), (9, "後")]
