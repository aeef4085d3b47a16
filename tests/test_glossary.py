"""glossary.csv / conversions.csv: loading, ``zhl10n glossary lint``, and term matching."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from pipeline.cli import app
from pipeline.errors import GlossaryError
from pipeline.glossary import (
    PhraseMatcher,
    TermMatcher,
    contains_english,
    find_english,
    glossary_comments,
    glossary_note_localiser,
    lint_conversions,
    lint_glossary,
    load_conversions,
    load_glossary,
)
from pipeline.models import GlossaryEntry

DATA = Path(__file__).resolve().parent / "data" / "glossary"
GOOD = DATA / "project" / "glossary.csv"
HEADER = "id,zh_Hant,zh_Hans,zh_TW,zh_HK,variants,en,forbidden_en,kind,case_sensitive,severity,note"
ROW = "cambricon,寒武紀,寒武纪,,,,Cambricon,Hanwuji,organisation,yes,error,AI chips"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def write(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


# --- lint through the CLI --------------------------------------------------------------------


def test_lint_good_glossary_exits_0_with_opencc_warning(folder: Path) -> None:
    shutil.copy(GOOD, folder / "glossary.csv")
    result = run("glossary", "lint")
    assert result.exit_code == 0
    assert result.stdout == "glossary.csv:2: warning: zh_Hans 昇腾 differs from OpenCC t2s 升腾\n"
    assert "0 error(s), 1 warning(s)" in result.stderr


def test_lint_also_lints_conversions(folder: Path) -> None:
    shutil.copy(GOOD, folder / "glossary.csv")
    write(folder / "conversions.csv", "id,locale,source,target,note", "x,fr,軟件,軟體,")
    result = run("glossary", "lint")
    assert result.exit_code == 2
    assert "conversions.csv:2: locale must be a Chinese locale" in result.stdout


def test_lint_explicit_path(folder: Path) -> None:
    write(folder / "other.csv", HEADER, ROW)
    result = run("glossary", "lint", "other.csv")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_lint_missing_file_exits_2(folder: Path) -> None:
    result = run("glossary", "lint")
    assert result.exit_code == 2
    assert result.stderr == "error: glossary.csv: glossary file not found\n"


def test_lint_shipped_glossary(repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The repository's own glossary.csv (and conversions.csv) lint without errors."""
    monkeypatch.chdir(repo_root)
    result = run("glossary", "lint")
    assert result.exit_code == 0, result.stdout


def test_lint_broken_copy_of_shipped_glossary_names_the_line(repo_root: Path, folder: Path) -> None:
    lines = (repo_root / "glossary.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",organisation,", ",company,", 1)
    write(folder / "glossary.csv", *lines)
    result = run("glossary", "lint")
    assert result.exit_code == 2
    assert "glossary.csv:4: unknown kind 'company'" in result.stdout


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ((HEADER.replace(",en,", ","), ROW), "glossary.csv:1: missing column 'en'"),
        ((HEADER + ",extra", ROW + ","), "glossary.csv:1: unknown column 'extra'"),
        ((HEADER + ",id", ROW + ",x"), "glossary.csv:1: duplicate column 'id'"),
        ((HEADER, ROW.replace("Cambricon,", ",", 1)), "glossary.csv:2: empty required cell 'en'"),
        ((HEADER, ROW.replace("cambricon,", ",", 1)), "glossary.csv:2: empty required cell 'id'"),
        ((HEADER, ROW.replace(",寒武纪,", ",,")), "glossary.csv:2: empty required cell 'zh_Hans'"),
        ((HEADER, ROW.replace("organisation", "")), "glossary.csv:2: empty required cell 'kind'"),
        ((HEADER, ROW.replace("organisation", "company")), "glossary.csv:2: unknown kind"),
        ((HEADER, ROW.replace(",error,", ",fatal,")), "glossary.csv:2: severity must be"),
        ((HEADER, ROW.replace(",yes,", ",maybe,")), "glossary.csv:2: case_sensitive must be"),
        ((HEADER, ROW, ROW), "glossary.csv:3: duplicate id 'cambricon' (first on line 2)"),
        (
            (HEADER, ROW, ROW.replace("cambricon,", "c2,").replace("Cambricon,", "Cambrian,")),
            "glossary.csv:3: source form 寒武紀 maps to 'Cambrian' here but to 'Cambricon' "
            "on line 2",
        ),
        ((HEADER, ROW + ",x"), "glossary.csv:2: 13 cells where the header has 12 columns"),
        ((HEADER, ROW.rsplit(",", 1)[0]), "glossary.csv:2: 11 cells where the header has 12"),
        ((HEADER, ROW, 'x,"a"b,c'), "glossary.csv:3: malformed CSV (check the quotes)"),
        ((HEADER, ROW, 'x,"unterminated'), "glossary.csv:3: malformed CSV"),
        ((HEADER, ROW.replace("Hanwuji", "Cambricon")), "en 'Cambricon' is also listed"),
        ((), "glossary.csv:1: empty glossary file"),
    ],
)
def test_lint_errors(folder: Path, lines: tuple[str, ...], expected: str) -> None:
    write(folder / "glossary.csv", *lines)
    result = run("glossary", "lint")
    assert result.exit_code == 2
    assert expected in result.stdout


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_lint_formula_injection(folder: Path, prefix: str) -> None:
    write(folder / "glossary.csv", HEADER, ROW.replace("AI chips", f"{prefix}HYPERLINK(1)"))
    result = run("glossary", "lint")
    assert result.exit_code == 2
    assert f"glossary.csv:2: cell 'note' starts with '{prefix}'" in result.stdout
    assert "formula injection" in result.stdout


def test_lint_undecodable_bytes_names_the_line(folder: Path) -> None:
    (folder / "glossary.csv").write_bytes((HEADER + "\n" + ROW + "\n").encode() + b"x,\xff\xfe\n")
    result = run("glossary", "lint")
    assert result.exit_code == 2
    assert "glossary.csv:3: not valid UTF-8" in result.stdout


def test_lint_warnings_alone_exit_0(folder: Path) -> None:
    row = ROW.replace(",寒武纪,", ",寒武紀,").replace("AI chips", " AI chips ")
    write(folder / "glossary.csv", HEADER, row)
    result = run("glossary", "lint")
    assert result.exit_code == 0
    assert "glossary.csv:2: warning: zh_Hans 寒武紀 differs from OpenCC t2s 寒武纪" in result.stdout
    assert "glossary.csv:2: warning: cell 'note' has leading or trailing spaces" in result.stdout


def test_lint_missing_optional_column_is_a_warning(folder: Path) -> None:
    write(folder / "glossary.csv", HEADER.replace(",note", ""), ROW.rsplit(",", 1)[0])
    result = run("glossary", "lint")
    assert result.exit_code == 0
    assert "glossary.csv:1: warning: missing column 'note' (read as empty)" in result.stdout


def test_lint_bom_and_crlf_are_fine(folder: Path) -> None:
    (folder / "glossary.csv").write_bytes(("\ufeff" + HEADER + "\r\n" + ROW + "\r\n").encode())
    assert run("glossary", "lint").exit_code == 0


CONV_HEADER = "id,locale,source,target,note"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (("a,en,軟件,軟體,",), "conversions.csv:2: locale must be a Chinese locale"),
        (("a,zh_TW,,軟體,",), "conversions.csv:2: empty required cell 'source'"),
        (("a,zh_TW,軟件,軟體,", "a,zh_HK,軟件,軟件,"), "conversions.csv:3: duplicate id 'a'"),
        (("a,zh_TW,軟件,軟體,", "b,zh_TW,軟件,軟件,"), "conversions.csv:3: zh_TW 軟件 becomes"),
        (("a,zh_TW,軟件,=軟體,",), "conversions.csv:2: cell 'target' starts with '='"),
        (("a,zh_TW,軟件,軟體",), "conversions.csv:2: 4 cells where the header has 5 columns"),
    ],
)
def test_lint_conversion_errors(folder: Path, rows: tuple[str, ...], expected: str) -> None:
    shutil.copy(GOOD, folder / "glossary.csv")
    write(folder / "conversions.csv", CONV_HEADER, *rows)
    result = run("glossary", "lint")
    assert result.exit_code == 2
    assert expected in result.stdout


def test_lint_conversion_identity_row_is_fine(folder: Path) -> None:
    write(folder / "c.csv", CONV_HEADER, "keep,zh_TW,進程,進程,shield from s2twp")
    assert lint_conversions(folder / "c.csv").ok


# --- loading ---------------------------------------------------------------------------------


def test_load_glossary_fields() -> None:
    entries = {e.id: e for e in load_glossary(GOOD)}
    nvidia = entries["nvidia"]
    assert (nvidia.form("zh_TW"), nvidia.form("zh_HK"), nvidia.form("zh_Hans")) == (
        "輝達",
        "英偉達",
        "英伟达",
    )
    assert nvidia.forbidden_en == ("Yingweida",) and not nvidia.case_sensitive
    assert nvidia.line == 4
    assert entries["jensen-huang"].variants == ("黃仁勛",)
    assert entries["ascend"].case_sensitive and entries["ascend"].severity == "error"
    assert entries["computing-power"].severity == "warning"
    assert entries["ascend"].note.startswith("Huawei's AI processor brand")


def test_load_glossary_errors_carry_path_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "g.csv", HEADER, ROW, ROW.replace("organisation", "company"))
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert (caught.value.path, caught.value.line) == (str(path), 3)
    assert str(caught.value).startswith(f"{path}:3: unknown kind 'company'")


def test_load_glossary_tolerates_lint_only_problems(tmp_path: Path) -> None:
    path = write(tmp_path / "g.csv", HEADER, ROW, ROW)
    assert len(load_glossary(path)) == 2
    assert not lint_glossary(path).ok


def test_load_missing(tmp_path: Path) -> None:
    assert load_glossary(tmp_path / "none.csv", missing_ok=True) == ()
    assert load_conversions(tmp_path / "none.csv", missing_ok=True) == ()
    with pytest.raises(GlossaryError, match="glossary file not found"):
        load_glossary(tmp_path / "none.csv")
    with pytest.raises(GlossaryError, match="conversions file not found"):
        load_conversions(tmp_path / "none.csv")


def test_load_multiline_cell_keeps_line_numbers(tmp_path: Path) -> None:
    path = write(tmp_path / "g.csv", HEADER, ROW.replace("AI chips", '"two\nlines"'), ROW)
    entries = load_glossary(path)
    assert [e.line for e in entries] == [2, 4]
    assert lint_glossary(path).errors == ((4, "duplicate id 'cambricon' (first on line 2)"),)


def test_load_conversions(tmp_path: Path) -> None:
    overrides = load_conversions(DATA / "project" / "conversions.csv")
    assert [(o.id, o.locale, o.source, o.target, o.line) for o in overrides] == [
        ("tw-process", "zh_TW", "工藝", "製程", 2)
    ]
    bad = write(tmp_path / "c.csv", CONV_HEADER, "a,en,x,y,")
    with pytest.raises(GlossaryError, match="locale must be a Chinese locale"):
        load_conversions(bad)


# --- matching --------------------------------------------------------------------------------


def _entry(ident: str, hant: str, en: str, **kw: object) -> GlossaryEntry:
    return GlossaryEntry(id=ident, zh_Hant=hant, zh_Hans=hant, en=en, **kw)  # type: ignore[arg-type]


def test_term_matcher_longest_match_and_forms() -> None:
    entries = [
        _entry("smic", "中芯國際", "SMIC"),
        _entry("intl", "國際", "international"),
        GlossaryEntry("jh", "黃仁勳", "黄仁勋", "Jensen Huang", variants=("黃仁勛",)),
    ]
    matcher = TermMatcher(entries)
    found = [(m.start, m.end, m.value.id) for m in matcher.find("中芯國際與國際，黄仁勋和黃仁勛")]
    assert found == [(0, 4, "smic"), (5, 7, "intl"), (8, 11, "jh"), (12, 15, "jh")]


def test_term_matcher_extra_forms() -> None:
    ascend = _entry("ascend", "昇騰", "Ascend")
    matcher = TermMatcher([ascend], extra_forms={"升腾": ascend})
    assert [m.value.id for m in matcher.find("升腾和昇騰")] == ["ascend", "ascend"]


def test_latin_forms_match_whole_tokens_only() -> None:
    matcher = TermMatcher([_entry("h20", "H20", "H20")])
    assert [m.start for m in matcher.find("H20芯片、H200、xH20、H20")] == [0, 16]


def test_glossary_comments_one_line_per_term_in_order() -> None:
    entries = [
        _entry("ascend", "昇騰", "Ascend"),
        _entry("huawei", "華為", "Huawei"),
        GlossaryEntry("jh", "黃仁勳", "黄仁勋", "Jensen Huang", variants=("黃仁勛",)),
    ]
    comments = glossary_comments("黃仁勛說華為昇騰，昇騰和華為", TermMatcher(entries))
    assert comments == (
        "glossary: 黃仁勛 → Jensen Huang",
        "glossary: 華為 → Huawei",
        "glossary: 昇騰 → Ascend",
    )
    assert glossary_comments("無", TermMatcher(entries)) == ()
    assert glossary_comments("昇騰", TermMatcher([])) == ()


def test_glossary_hints_name_the_locale_form_in_chinese_catalogs() -> None:
    chip = GlossaryEntry("chip", "晶片", "芯片", "chip", zh_TW="晶片", zh_HK="芯片|晶片")
    nvidia = GlossaryEntry("nvidia", "英偉達", "英伟达", "NVIDIA", zh_TW="輝達")
    comment = "glossary: 芯片 → chip\nglossary: 英偉達 → NVIDIA\nglossary: 未知 → unknown"
    tw = glossary_note_localiser([chip, nvidia], "zh_TW")
    assert tw is not None
    assert tw(comment) == "glossary: 芯片 → 晶片\nglossary: 英偉達 → 輝達\nglossary: 未知 → unknown"
    hk = glossary_note_localiser([chip, nvidia], "zh_HK")
    assert hk is not None and hk("glossary: 芯片 → chip") == "glossary: 芯片 → 芯片|晶片"
    hans = glossary_note_localiser([chip, nvidia], "zh_Hans")
    assert hans is not None and hans("glossary: 英偉達 → NVIDIA") == "glossary: 英偉達 → 英伟达"
    assert tw("a translator's note → kept") == "a translator's note → kept"
    assert glossary_note_localiser([chip], "en") is None  # English keeps the English
    assert glossary_note_localiser([], "zh_TW") is None


def test_phrase_matcher_ignore_case() -> None:
    matcher = PhraseMatcher({"Sheng Teng": 1}, ignore_case=True)
    assert [(m.start, m.end) for m in matcher.find("the SHENG TENG chip")] == [(4, 14)]
    assert PhraseMatcher({"Sheng Teng": 1}).find("the SHENG TENG chip") == []


def test_english_helpers() -> None:
    assert contains_english("Moore’s  law holds", "Moore's Law")
    assert contains_english("MOORE'S LAW holds", "Moore's Law")
    assert not contains_english("moore's law", "Moore's Law", case_sensitive=True)
    assert contains_english("three chips", "chip")
    assert not contains_english("chipset", "chip")
    assert contains_english("RISC‑V", "RISC-V")  # non-breaking hyphen
    assert find_english("Sheng Teng and sheng teng", "Sheng Teng") == ["Sheng Teng", "sheng teng"]
    assert find_english("anything", "  ") == []


def _reference(phrases: list[str], text: str) -> list[tuple[int, int]]:
    """Leftmost-longest non-overlapping matching, the slow obvious way."""
    found = []
    position = 0
    while position < len(text):
        hits = [p for p in phrases if p and text.startswith(p, position)]
        if hits:
            longest = max(hits, key=len)
            found.append((position, position + len(longest)))
            position += len(longest)
        else:
            position += 1
    return found


@given(
    st.lists(st.text(alphabet="昇騰華為國際中芯", min_size=1, max_size=4), max_size=8),
    st.text(alphabet="昇騰華為國際中芯，", max_size=40),
)
def test_phrase_matcher_equals_reference(phrases: list[str], text: str) -> None:
    matcher = PhraseMatcher({p: p for p in phrases})
    matches = matcher.find(text)
    assert [(m.start, m.end) for m in matches] == _reference(phrases, text)
    assert all(text[m.start : m.end] == m.value for m in matches)


@given(
    st.lists(st.text(alphabet="昇腾𠀀𪚥、ä", min_size=1, max_size=3), max_size=6),
    st.text(alphabet="昇腾𠀀𪚥、ä", max_size=30),
)
def test_phrase_matcher_offsets_with_astral_characters(phrases: list[str], text: str) -> None:
    # Characters beyond the BMP (CJK extension B) and Latin-1 letters: offsets stay exact.
    matches = PhraseMatcher({p: p for p in phrases}, boundaries=False).find(text)
    assert [(m.start, m.end) for m in matches] == _reference(phrases, text)
    assert all(text[m.start : m.end] == m.value for m in matches)
