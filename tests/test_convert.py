"""Conversion stage: engine, glossary shielding, streaming (pipeline/convert.py)."""

from __future__ import annotations

import io
import os
import shutil
import types
from pathlib import Path
from typing import Any

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import convert as conv
from pipeline.convert import (
    CONFIG_LOCALES,
    RUN_SEPARATOR,
    Converter,
    article_profile,
    available_configs,
    check_config,
    convert_paths,
    convert_plain,
    convert_stream,
    converter_for_config,
    converter_for_locale,
    detect_script,
    engine_info,
    shield_table,
)
from pipeline.errors import (
    ConfigError,
    ConversionError,
    DecodeError,
    InputFileError,
    PipelineError,
)
from pipeline.glossary import load_glossary, load_vocabulary
from pipeline.layers import shipped_conversions
from pipeline.models import ConversionOverride, GlossaryEntry

REPO = Path(__file__).resolve().parent.parent
ARTICLE = REPO / "articles" / "huang-visit-2025-07-21.txt"
DATA = Path(__file__).resolve().parent / "data" / "convert"
MIXED = DATA / "mixed.txt"

ASCEND = GlossaryEntry("ascend", "昇騰", "昇腾", "Ascend", kind="product")
HUAWEI_ASCEND = GlossaryEntry("huawei-ascend", "華為昇騰", "华为昇腾", "Huawei Ascend")
NVIDIA = GlossaryEntry("nvidia", "英偉達", "英伟达", "NVIDIA", zh_TW="輝達", zh_HK="英偉達")
HUANG = GlossaryEntry("jensen-huang", "黃仁勳", "黄仁勋", "Jensen Huang", variants=("黃仁勛",))
TSMC = GlossaryEntry("tsmc", "臺積電", "台积电", "TSMC", zh_TW="台積電", zh_HK="台積電")
GROUP_360 = GlossaryEntry("360-group", "360集團", "360集团", "360 Group")
MINDSPORE = GlossaryEntry("mindspore", "MindSpore", "MindSpore", "MindSpore")
GLOSSARY = (ASCEND, HUAWEI_ASCEND, NVIDIA, HUANG, TSMC, GROUP_360, MINDSPORE)
OVERRIDES = (
    ConversionOverride("hans-yushizhe", "zh_Hans", "預示著", "预示着"),
    ConversionOverride("tw-jincheng", "zh_TW", "替代進程", "替代進程"),
)
LOCALES = ("zh_Hans", "zh_Hant", "zh_TW", "zh_HK")


@pytest.fixture(scope="module")
def article() -> str:
    """The article's cleaned text (pinyin annotations such as 區(qū)別 removed)."""
    from pipeline.ingest import read_article

    return "\n".join(block.text for block in read_article(ARTICLE).blocks)


VOCABULARY = load_vocabulary(REPO / "pipeline" / "data" / "vocabulary.csv")


def convert_all(text: str, source_script: str, glossary=GLOSSARY, overrides=OVERRIDES):
    """Every locale of ``text`` as the pipeline converts an article: with its profile."""
    found = article_profile(text, VOCABULARY, script=source_script)
    return {
        locale: converter_for_locale(
            locale, source_script, glossary, overrides, vocabulary=VOCABULARY, profile=found
        )(text)
        for locale in LOCALES
    }


# --- engine ------------------------------------------------------------------------------------


def test_convert_plain_uses_opencc() -> None:
    assert convert_plain("華為昇騰", "t2s") == "华为升腾"
    assert convert_plain("芯片數據", "s2twp") == "晶片資料"
    assert convert_plain("abc", "") == "abc"


def test_check_config_accepts_names_with_or_without_json() -> None:
    assert check_config("s2tw.json") == "s2tw"
    assert check_config("s2twp") == "s2twp"
    for name in ("s2t", "t2s", "s2tw", "tw2s", "s2twp", "tw2sp", "s2hk", "hk2s", "t2tw", "tw2t"):
        assert name in available_configs()
    for name in ("t2hk", "hk2t", "t2jp", "jp2t"):
        assert name in available_configs()


def test_unknown_config_lists_valid_names() -> None:
    with pytest.raises(ConversionError) as info:
        check_config("s2x")
    message = str(info.value)
    assert "'s2x'" in message and "s2twp" in message and "\n" not in message
    with pytest.raises(ConversionError):
        convert_plain("漢字", "nonsense")


def test_custom_config_file_is_accepted(tmp_path: Path) -> None:
    shipped = Path(engine_info().data_dir) / "s2tw.json"
    assert check_config(str(shipped)) == str(shipped)
    assert convert_plain("后", str(shipped)) == convert_plain("后", "s2tw")
    with pytest.raises(ConversionError):
        check_config(str(tmp_path / "missing.json"))


def test_tofu_risk_dictionaries_are_off_by_default_as_in_the_opencc_cli() -> None:
    # 㑮 has a Simplified form only in CJK Extension B+ (a tofu risk).
    assert convert_plain("㑮", "t2s") == "㑮"
    assert convert_plain("㑮", "t2s", include_tofu_risk=True) == opencc.OpenCC("t2s").convert("㑮")
    assert convert_plain("㑮", "t2s", include_tofu_risk=True) != "㑮"


def test_detect_script() -> None:
    assert detect_script("華為昇騰的發展") == "Hant"
    assert detect_script("华为的发展经济实现了突破") == "Hans"
    assert detect_script("這個國家发展经济实现") == "mixed"
    assert detect_script("abc") == "Hans"


def test_engine_info_describes_official_binding() -> None:
    info = engine_info()
    assert info.official and not info.reimplemented
    assert info.version == opencc.__version__
    assert Path(info.data_dir, "t2s.json").is_file()
    assert "official" in info.describe() and info.version in info.describe()
    assert info.warnings() == ()


def test_engine_info_warns_about_reimplemented(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    package = tmp_path / "opencc"
    (package / "dictionary").mkdir(parents=True)
    (package / "config").mkdir()
    (package / "config" / "t2s.json").write_text("{}")
    fake = types.SimpleNamespace(__file__=str(package / "__init__.py"), OpenCC=object)
    monkeypatch.setattr(conv, "opencc", fake)
    info = engine_info()
    assert not info.official and info.reimplemented
    assert info.name == "opencc-python-reimplemented"
    assert info.data_dir == str(package / "dictionary")
    assert any("out of date" in w for w in info.warnings())
    assert available_configs() == ("t2s",)


# --- shield table ------------------------------------------------------------------------------


def test_shield_table_has_every_source_form_and_round_trip_forms() -> None:
    table = shield_table("zh_Hans", GLOSSARY, OVERRIDES)
    assert table["昇騰"] == table["昇腾"] == "昇腾"
    assert table["黃仁勛"] == table["黃仁勳"] == table["黄仁勋"] == "黄仁勋"
    # t2s(昇騰) is 升腾, the verb "to rise": never taken for the brand.
    assert "升腾" not in table
    assert "MindSpore" not in table  # no Han character: OpenCC leaves it alone anyway
    assert table["預示著"] == "预示着"
    assert table["预示著"] == "预示着"  # the t2s form of the override's source
    assert "替代進程" not in table  # a zh_TW override


def test_shield_table_uses_locale_forms() -> None:
    assert shield_table("zh_TW", GLOSSARY)["英偉達"] == "輝達"
    assert shield_table("zh_TW", GLOSSARY)["英伟达"] == "輝達"
    assert shield_table("zh_HK", GLOSSARY)["英伟达"] == "英偉達"
    assert shield_table("zh_Hant", GLOSSARY)["台积电"] == "臺積電"
    assert shield_table("zh_TW", GLOSSARY)["臺積電"] == "台積電"


def test_override_wins_over_glossary_and_first_entry_wins_a_shared_form() -> None:
    first = GlossaryEntry("a", "甲骨", "甲骨", "A")
    second = GlossaryEntry("b", "甲骨", "甲骨", "B", zh_TW="乙骨")
    override = ConversionOverride("o", "zh_TW", "甲骨", "丙骨")
    assert shield_table("zh_TW", (first, second))["甲骨"] == "甲骨"
    assert shield_table("zh_TW", (first, second), (override,))["甲骨"] == "丙骨"


# --- converter ---------------------------------------------------------------------------------


def test_shielding_keeps_the_brand_that_plain_opencc_breaks() -> None:
    assert convert_plain("華為昇騰芯片", "t2s") == "华为升腾芯片"  # what we protect against
    converter = converter_for_locale("zh_Hans", "Hant", (ASCEND,))
    assert converter("昇騰芯片") == "昇腾芯片"


def test_longest_match_wins() -> None:
    converter = converter_for_locale("zh_Hans", "Hant", (ASCEND, HUAWEI_ASCEND))
    assert converter.segments("華為昇騰和昇騰") == [
        ("華為昇騰", True),
        ("和", False),
        ("昇騰", True),
    ]


def test_term_edged_by_a_digit_needs_a_word_boundary() -> None:
    converter = converter_for_locale("zh_Hans", "Hant", (GROUP_360,))
    assert converter("360集團與1360集團") == "360集团与1360集团"
    assert converter.segments("1360集團") == [("1360集團", False)]
    assert converter.segments("在360集團") == [("在", False), ("360集團", True)]


def test_empty_and_plain_text() -> None:
    converter = converter_for_locale("zh_Hans", "Hant", GLOSSARY, OVERRIDES)
    assert converter("") == ""
    assert converter("沒有術語的句子。\n") == convert_plain("沒有術語的句子。\n", "t2s")
    assert Converter("t2s")("漢字") == "汉字"


def test_separator_in_text_falls_back_to_one_call_per_run() -> None:
    converter = converter_for_locale("zh_Hans", "Hant", (ASCEND,))
    text = f"發展{RUN_SEPARATOR}昇騰{RUN_SEPARATOR}後"
    assert converter(text) == f"发展{RUN_SEPARATOR}昇腾{RUN_SEPARATOR}后"


def reference_convert(converter: Converter, text: str) -> str:
    """Definition of shielding: runs converted one by one, terms replaced.

    The runs go through the converter's run function (OpenCC, or the leftover repair
    of a same-script target, chosen from the whole text), not plain OpenCC.
    """
    run = converter.run_function(text)
    return "".join(
        converter.replacements[piece] if shielded else run(piece)
        for piece, shielded in converter.segments(text)
    )


ALPHABET = list(
    "發展范式后背區別于進程乾燥幹部頭髮臺灣台積電昇騰黃仁勛華為英偉達預示著十余家。，\n "
)
PIECES = st.lists(
    st.one_of(
        st.sampled_from(["昇騰", "華為昇騰", "黃仁勛", "英偉達", "預示著", "360集團", "替代進程"]),
        st.text(alphabet=ALPHABET, max_size=8),
        st.just(RUN_SEPARATOR),
    ),
    max_size=20,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(pieces=PIECES, locale=st.sampled_from(LOCALES))
def test_batched_conversion_equals_run_by_run(pieces: list[str], locale: str) -> None:
    converter = converter_for_locale(locale, "Hant", GLOSSARY, OVERRIDES)
    text = "".join(pieces)
    assert converter(text) == reference_convert(converter, text)


@settings(max_examples=100, deadline=None)
@given(runs=st.lists(st.text(alphabet=ALPHABET, max_size=12), min_size=1, max_size=12))
def test_separator_never_joins_opencc_phrases(runs: list[str]) -> None:
    for config in ("t2s", "s2tw", "s2twp", "s2hk"):
        joined = convert_plain(RUN_SEPARATOR.join(runs), config)
        assert joined.split(RUN_SEPARATOR) == [convert_plain(r, config) for r in runs]


@pytest.mark.parametrize("locale", LOCALES)
def test_cutting_at_terms_does_not_disturb_neighbours_on_the_article(
    article: str, locale: str
) -> None:
    """Shield every term but write what OpenCC itself writes: output must not change.

    Cutting runs at term boundaries could change OpenCC's segmentation next to
    a term; on the article it does not, so every difference the real glossary
    makes is inside a term.
    """
    config = converter_for_locale(locale, "Hant").config
    table = shield_table(locale, GLOSSARY)
    identity = Converter(config, {form: convert_plain(form, config) for form in table})
    assert identity.shielded > 0
    assert identity(article) == convert_plain(article, config)


# --- required results --------------------------------------------------------------------------


def check_required(out: dict[str, str]) -> None:
    assert "昇腾" in out["zh_Hans"] and "升腾" not in out["zh_Hans"]
    assert "英伟达" in out["zh_Hans"] and "黄仁勋" in out["zh_Hans"]
    assert "预示着" in out["zh_Hans"] and "预示著" not in out["zh_Hans"]
    assert "黃仁勳" in out["zh_Hant"] and "黃仁勛" not in out["zh_Hant"]
    assert "輝達" in out["zh_TW"] and "英偉達" not in out["zh_TW"]
    assert "台積電" in out["zh_TW"] and "臺積電" not in out["zh_TW"]
    assert "國產替代進程" in out["zh_TW"] and "國產替代程序" not in out["zh_TW"]
    assert "英偉達" in out["zh_HK"] and "輝達" not in out["zh_HK"]


def check_traditional_repairs(zh_hant: str) -> None:
    for leftover, repaired in (
        ("背后", "背後"),
        ("區別于", "區別於"),
        ("發展范式", "發展範式"),
        ("十余家", "十餘家"),
        ("先進制程", "先進製程"),
    ):
        assert repaired in zh_hant and leftover not in zh_hant, leftover


def test_required_results_on_the_article_with_fixture_glossary(article: str) -> None:
    out = convert_all(article, detect_script(article))
    check_required(out)
    check_traditional_repairs(out["zh_Hant"])
    # 芯片 -> 晶片 from vocabulary.csv; 數據 stays (s2twp's 資料 is the computing sense;
    # 數據中心 -> 資料中心 is the repository glossary's business)
    assert "晶片" in out["zh_TW"] and "數據" in out["zh_TW"]
    assert "芯片" in out["zh_HK"]


def test_required_results_on_the_article_with_repository_files(article: str) -> None:
    """The repository's glossary with the conversion rows shipped with the tool."""
    out = convert_all(article, "Hant", load_glossary(REPO / "glossary.csv"), shipped_conversions())
    check_required(out)
    check_traditional_repairs(out["zh_Hant"])


def test_plain_opencc_fails_the_required_results(article: str) -> None:
    """The failing case: without shielding the same checks do not hold."""
    with pytest.raises(AssertionError):
        check_required(convert_all(article, "Hant", (), ()))


def test_genuine_traditional_is_untouched_by_s2tw() -> None:
    text = MIXED.read_bytes().decode()
    out = converter_for_locale("zh_Hant", "mixed", GLOSSARY, OVERRIDES)(text)
    check_traditional_repairs(out)
    for word in ("範家", "一隻隻", "乾燥", "幹部", "頭髮"):
        assert word in text and word in out


def test_simplified_source() -> None:
    source = "黄仁勋访华背后，华为昇腾芯片数据显示英伟达与台积电。黃仁勛来了。"
    out = convert_all(source, "Hans")
    assert converter_for_locale("zh_Hans", "Hans").config == ""
    # zh_Hans is the source normalized: glossary forms applied, nothing else converted
    assert out["zh_Hans"] == "黄仁勋访华背后，华为昇腾芯片数据显示英伟达与台积电。黄仁勋来了。"
    assert "昇騰" in out["zh_Hant"] and "黃仁勳" in out["zh_Hant"] and "背後" in out["zh_Hant"]
    assert "臺積電" in out["zh_Hant"]
    # 數據 stays: s2twp's 資料 is the computing sense (經濟數據 is not 經濟資料)
    assert "輝達" in out["zh_TW"] and "台積電" in out["zh_TW"] and "晶片數據" in out["zh_TW"]
    assert "英偉達" in out["zh_HK"]
    assert converter_for_locale("zh_HK", "Hans").config == "s2hk"


def test_locale_mapping_can_be_overridden() -> None:
    mapping = {"Hant": {"zh_Hant": "t2tw"}, "Hans": {}}
    assert converter_for_locale("zh_Hant", "Hant", mapping=mapping).config == "t2tw"
    assert converter_for_locale("zh_Hant", "Hant", opencc_config="s2t").config == "s2t"


def test_converter_for_config_maps_config_to_locale() -> None:
    assert CONFIG_LOCALES["s2twp"] == "zh_TW" and CONFIG_LOCALES["t2tw"] == "zh_TW"
    assert converter_for_config("s2twp.json", GLOSSARY).locale == "zh_TW"
    assert converter_for_config("s2twp", GLOSSARY)("英偉達") == "輝達"
    assert converter_for_config("t2s", GLOSSARY)("昇騰") == "昇腾"
    japanese = converter_for_config("t2jp", GLOSSARY)
    assert japanese.shielded == 0 and japanese.locale is None
    assert set(CONFIG_LOCALES) >= set(available_configs())


# --- streaming ---------------------------------------------------------------------------------


def stream(data: bytes, converter: Converter, **options: object) -> tuple[bytes, conv.StreamResult]:
    sink = io.BytesIO()
    result = convert_stream(io.BytesIO(data), sink, converter, **options)  # type: ignore[arg-type]
    return sink.getvalue(), result


@settings(max_examples=80, deadline=None)
@given(
    pieces=PIECES,
    chunk=st.integers(min_value=1, max_value=40),
    locale=st.sampled_from(LOCALES),
)
def test_stream_equals_whole_conversion(pieces: list[str], chunk: int, locale: str) -> None:
    converter = converter_for_locale(locale, "Hant", GLOSSARY, OVERRIDES)
    text = "".join(pieces).replace(RUN_SEPARATOR, "\r\n")
    out, result = stream(text.encode(), converter, chunk_bytes=chunk)
    assert out.decode() == converter(text)
    assert result.chars == len(text) and result.bytes_read == len(text.encode())


def test_stream_of_the_mixed_text_equals_opencc_byte_for_byte() -> None:
    data = MIXED.read_bytes()
    for config in ("s2tw", "t2s", "s2twp", "s2hk"):
        out, _ = stream(data, Converter(config), chunk_bytes=5)
        engine = opencc.OpenCC(config, include_tofu_risk_dictionaries=False)
        assert out == engine.convert(data.decode()).encode()


def test_stream_reads_in_bounded_batches() -> None:
    """Constant memory: no batch larger than a chunk plus one line, however long the input."""

    class Source(io.RawIOBase):
        def __init__(self, line: bytes, count: int) -> None:
            self.line, self.left, self.biggest_read = line, count, 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            self.biggest_read = max(self.biggest_read, len(buffer))
            if self.left == 0:
                return 0
            self.left -= 1
            buffer[: len(self.line)] = self.line
            return len(self.line)

    class Recorder(Converter):
        biggest = 0

        def convert(self, text: str) -> str:
            Recorder.biggest = max(Recorder.biggest, len(text))
            return super().convert(text)

    line = "黃仁勛訪華背后，華為昇騰。\n".encode()
    source = Source(line, 20_000)  # 780 kB
    sink = io.BytesIO()
    converter = Recorder("t2s", shield_table("zh_Hans", GLOSSARY))
    result = convert_stream(io.BufferedReader(source, 4096), sink, converter, chunk_bytes=4096)
    assert result.bytes_read == len(line) * 20_000
    assert Recorder.biggest <= 4096
    assert source.biggest_read <= 8192
    assert sink.getvalue() == ("黄仁勋访华背后，华为昇腾。\n" * 20_000).encode()


def test_long_line_is_cut_at_punctuation() -> None:
    text = "華為昇騰，" * 1000 + "發展范式"
    converter = converter_for_locale("zh_Hans", "Hant", GLOSSARY)
    out, _ = stream(text.encode(), converter, chunk_bytes=64, max_line_chars=100)
    assert out.decode() == converter(text)


@pytest.mark.parametrize(
    ("data", "chunk", "offset"),
    [
        (b"abc\xffdef\n", 1 << 20, 3),
        ("漢字\n".encode() * 3 + b"\xe6\xbc", 4, 21),  # input ends inside a character
        ("漢字".encode() + b"\xe6\xbc" + b"x", 2, 6),  # bad sequence across chunks
        (b"\n" * 10 + b"\x80", 3, 10),
    ],
)
def test_decode_error_names_the_byte_offset(data: bytes, chunk: int, offset: int) -> None:
    with pytest.raises(DecodeError) as info:
        stream(data, Converter("t2s"), chunk_bytes=chunk, name="in.txt")
    message = str(info.value)
    assert message.startswith("in.txt: ") and f"byte offset {offset}" in message


def test_decode_with_another_encoding() -> None:
    data = "發展范式，黃仁勛\n".encode("gb18030")
    out, _ = stream(data, Converter("t2s"), encoding="gb18030", chunk_bytes=3)
    assert out.decode() == "发展范式，黄仁勋\n"
    with pytest.raises(DecodeError, match="byte offset 4"):
        stream(b"\xb0\xa1ab\x81\x20", Converter("t2s"), encoding="gb18030")
    with pytest.raises(ConfigError, match="unknown encoding"):
        stream(b"", Converter("t2s"), encoding="no-such-codec")


def test_choose_sees_the_start_of_the_input() -> None:
    seen: list[str] = []

    def choose(sample: str) -> Converter:
        seen.append(sample)
        return converter_for_locale("zh_Hant", detect_script(sample))

    sink = io.BytesIO()
    data = "发展经济\n".encode() * 3000
    result = convert_stream(io.BytesIO(data), sink, choose=choose, chunk_bytes=1000)
    assert len(seen) == 1 and len(seen[0]) >= conv.DETECT_CHARS
    assert result.converter is not None and result.converter.config == "s2tw"
    assert sink.getvalue() == "發展經濟\n".encode() * 3000
    empty = convert_stream(io.BytesIO(b""), io.BytesIO(), choose=choose)
    assert empty.chars == 0 and seen[-1] == ""


def test_parallel_stream_equals_sequential(article: str) -> None:
    converter = converter_for_locale("zh_TW", "Hant", GLOSSARY, OVERRIDES)
    data = (article * 30).encode()
    out, result = stream(data, converter, jobs=2, parallel_after=0, chunk_bytes=5000)
    assert out == converter(article * 30).encode()
    assert result.chars == len(article) * 30 and result.bytes_read == len(data)
    # batches of 1 MiB, which workers convert in cache-sized slices
    big = article * 300 + "華為昇騰，" * 40_000
    out, result = stream(big.encode(), converter, jobs=2, parallel_after=1 << 20)
    assert out == converter(big).encode() and result.chars == len(big)
    long_line = ("華為昇騰，" * 3000).encode()
    out, _ = stream(long_line, converter, jobs=2, parallel_after=0, max_line_chars=999)
    assert out == converter("華為昇騰，" * 3000).encode()


def test_parallel_stream_reports_decode_offset() -> None:
    data = "漢字\n".encode() * 100 + b"\xff\n" + "漢字\n".encode() * 100
    with pytest.raises(DecodeError, match="byte offset 700"):
        stream(data, Converter("t2s"), jobs=2, parallel_after=0, chunk_bytes=64)
    with pytest.raises(DecodeError, match="byte offset 700"):
        stream(data[:702] + b"\xe6", Converter("t2s"), jobs=2, parallel_after=0)


def test_jobs_must_not_be_negative() -> None:
    with pytest.raises(ConfigError):
        conv.resolve_jobs(-1)
    assert conv.resolve_jobs(0) >= 1 and conv.resolve_jobs(3) == 3


def test_automatic_jobs_count_only_idle_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """-j 0 is never slower than one process: a busy second core means no workers."""
    monkeypatch.setattr(conv.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert conv.resolve_jobs(0, load=0.1) == 2
    assert conv.resolve_jobs(0, load=1.0) == 1
    assert conv.resolve_jobs(0, load=7.5) == 1
    assert conv.resolve_jobs(2, load=7.5) == 2  # asked for: given


# --- files -------------------------------------------------------------------------------------


def test_convert_paths_concatenates_inputs_and_writes_atomically(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("發展\n", encoding="utf-8")
    second.write_text("昇騰", encoding="utf-8")
    output = tmp_path / "out.txt"
    converter = converter_for_locale("zh_Hans", "Hant", GLOSSARY)
    results = convert_paths(
        [first, None, second],
        output,
        stdin=io.BytesIO("黃仁勛\n".encode()),
        stdout=io.BytesIO(),
        converter=converter,
    )
    assert output.read_text(encoding="utf-8") == "发展\n黄仁勋\n昇腾"
    assert [r.name for r in results] == [str(first), "<stdin>", str(second)]
    assert not list(tmp_path.glob(".out.txt.*"))


def test_convert_paths_output_may_be_the_input(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("發展范式\n", encoding="utf-8")
    convert_paths(
        [path], path, stdin=io.BytesIO(), stdout=io.BytesIO(), converter=Converter("s2tw")
    )
    assert path.read_text(encoding="utf-8") == "發展範式\n"


def test_convert_paths_failure_leaves_output_intact(tmp_path: Path) -> None:
    good, bad, output = tmp_path / "good.txt", tmp_path / "bad.txt", tmp_path / "out.txt"
    good.write_text("發展\n", encoding="utf-8")
    bad.write_bytes(b"\xff")
    output.write_text("old", encoding="utf-8")
    with pytest.raises(DecodeError):
        convert_paths(
            [good, bad], output, stdin=io.BytesIO(), stdout=io.BytesIO(), converter=Converter("t2s")
        )
    with pytest.raises(InputFileError, match="not found"):
        convert_paths(
            [good, tmp_path / "missing.txt"],
            output,
            stdin=io.BytesIO(),
            stdout=io.BytesIO(),
            converter=Converter("t2s"),
        )
    assert output.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "good.txt", "out.txt"]


def test_conversion_factory_for_update(tmp_path: Path) -> None:
    """``Workspace.converter_for``: what ``update`` uses to fill zh_* catalogs."""
    from pipeline.config import Config
    from pipeline.workspace import Workspace

    def conversion_factory(config: Config) -> Any:
        return Workspace(config).converter_for()

    shutil.copy(DATA / "glossary.csv", tmp_path / "glossary.csv")
    shutil.copy(DATA / "conversions.csv", tmp_path / "conversions.csv")
    factory = conversion_factory(Config(root=tmp_path))
    assert factory("en", "zh_Hant", "slug") is None
    zh_hans = factory("zh_Hans", "zh_Hant", "slug")
    assert zh_hans is not None and zh_hans("華為昇騰預示著") == "华为昇腾预示着"
    zh_tw = factory("zh_TW", "zh_Hans", "slug")
    # No vocabulary.csv here: the vocabulary shipped with zhl10n applies.
    assert zh_tw is not None and zh_tw("英伟达芯片") == "輝達晶片"
    (tmp_path / "vocabulary.csv").write_text(
        "id,zh_Hans,zh_TW,zh_HK,note,source\nchip,芯片,芯片,芯片,brand-neutral,us\n",
        encoding="utf-8",
    )
    zh_tw = conversion_factory(Config(root=tmp_path))("zh_TW", "zh_Hans", "slug")
    assert zh_tw is not None and zh_tw("英伟达芯片") == "輝達芯片"  # the project's row wins
    assert factory("zh_Hans", "zh_Hans", "slug")("黃仁勛的芯片") == "黄仁勋的芯片"  # type: ignore[misc]
    bare = conversion_factory(Config(root=tmp_path / "none", glossary=""))  # plain OpenCC
    assert bare("zh_Hans", "zh_Hant", "slug")("昇騰") == "升腾"  # type: ignore[misc]
    with pytest.raises(PipelineError, match="glossary file not found"):
        conversion_factory(Config(root=tmp_path / "none"))  # a configured glossary must exist


def test_dead_worker_is_an_error_not_a_traceback() -> None:
    parent = os.getpid()

    class Dying(Converter):
        def convert(self, text: str) -> str:
            if os.getpid() == parent:  # never kill the test run itself
                raise AssertionError("converted in the parent process")
            os._exit(3)

    data = "發展\n".encode() * 1000
    with pytest.raises(ConversionError, match="worker process died"):
        stream(data, Dying("t2s"), jobs=2, parallel_after=0, chunk_bytes=100)
