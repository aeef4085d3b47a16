"""Rules added by issue 11: each with a passing and a failing case (pure functions, no disk)."""

from __future__ import annotations

from pipeline.check import (
    Catalog,
    CheckResult,
    check_catalogs,
    suppressions,
)
from pipeline.models import CatalogUnit, GlossaryEntry, Violation

ASCEND = GlossaryEntry(
    "ascend", "昇騰", "昇腾", "Ascend", forbidden_en=("Shengteng",), case_sensitive=True
)
NVIDIA = GlossaryEntry("nvidia", "英偉達", "英伟达", "NVIDIA", case_sensitive=True)
CHIP = GlossaryEntry("chip", "芯片", "芯片", "chip", forbidden_en=("wafer",), severity="warning")
WAFER = GlossaryEntry("wafer", "晶圓", "晶圆", "wafer")
ADVANCED = GlossaryEntry("advanced-process", "先進製程", "先进制程", "advanced process")
ENTRIES = [ASCEND, NVIDIA, CHIP, WAFER, ADVANCED]


def run(*units: CatalogUnit, locale: str = "en", path: str = "a.po") -> CheckResult:
    return check_catalogs([Catalog(path, locale, tuple(units))], ENTRIES)


def rules(result: CheckResult) -> list[str]:
    return [v.rule for v in result.violations]


def unit(source: str, translation: str, ctx: str = "u1", **kw: object) -> CatalogUnit:
    return CatalogUnit(ctx, source, translation, line=3, msgstr_line=6, **kw)  # type: ignore[arg-type]


# --- fuzzy entries ---------------------------------------------------------------------------


def test_fuzzy_entry_is_only_incomplete_even_with_a_wrong_figure() -> None:
    result = run(unit("毛利率為85%。", "The gross margin was 80%.", fuzzy=True))
    assert [(v.rule, v.severity) for v in result.violations] == [("incomplete", "warning")]
    assert result.exit_code == 0


def test_translated_entry_with_a_wrong_figure_fails() -> None:
    result = run(unit("毛利率為85%。", "The gross margin was 80%."))
    assert rules(result) == ["number"]


# --- the line a violation points at ----------------------------------------------------------


def test_violation_points_at_the_msgstr_line() -> None:
    (violation,) = run(unit("昇騰", "Shengteng chips")).violations[:1]
    assert violation.line == 6


# --- Han characters, copied source, link syntax ----------------------------------------------


def test_han_characters_left_in_english() -> None:
    result = run(unit("昇騰芯片", "Ascend 芯片 chips"))
    assert rules(result) == ["han-characters"]
    assert result.violations[0].found == "芯片"
    assert rules(run(unit("昇騰芯片", "Ascend chips"))) == []


def test_han_characters_allowed_in_chinese_locales() -> None:
    assert rules(run(unit("昇騰芯片", "昇騰芯片"), locale="zh_Hant")) == []


def test_copied_source_fails_in_english_only() -> None:
    assert rules(run(unit("華為發布新品。", "華為發布新品。"))) == ["copied-source"]
    assert rules(run(unit("華為發布新品。", "华为发布新品。"), locale="zh_Hans")) == []
    assert rules(run(unit("NVIDIA H20", "NVIDIA H20"))) == []  # nothing to translate


def test_broken_markdown_link_around_a_kept_placeholder() -> None:
    source = "詳見[官網]({link1})。"
    assert rules(run(unit(source, "See [the website]({link1})."))) == []
    assert rules(run(unit(source, "See the website ({link1})."))) == ["link-syntax"]
    assert rules(run(unit(source, "See [the website] ({link1})."))) == ["link-syntax"]
    assert rules(run(unit(source, "See [the website]{link1}."))) == ["link-syntax"]
    assert rules(run(unit("見{link1}", "see {link1}"))) == []  # not a link target in the source


# --- English morphology ----------------------------------------------------------------------


def test_hyphenated_compound_satisfies_a_spaced_term() -> None:
    assert rules(run(unit("先進製程節點", "advanced-process nodes"))) == []
    assert rules(run(unit("先進製程節點", "leading nodes"))) == ["required-term"]


def test_a_plural_term_as_a_compound_modifier_drops_its_s() -> None:
    controls = GlossaryEntry("export-controls", "出口管制", "出口管制", "export controls")
    result = check_catalogs(
        [Catalog("a.po", "en", (unit("出口管制措施", "new export-control rules"),))], [controls]
    )
    assert result.violations == ()
    result = check_catalogs(
        [Catalog("a.po", "en", (unit("出口管制措施", "new trade rules"),))], [controls]
    )
    assert rules(result) == ["required-term"]


def test_forbidden_word_accounted_for_by_another_term_of_the_source() -> None:
    source = "芯片與晶圓"
    assert rules(run(unit(source, "chips and wafers"))) == []
    assert rules(run(unit("芯片", "a wafer and chips"))) == ["forbidden-term"]


def test_source_token_spelling_a_glossary_term_is_satisfied_by_the_house_form() -> None:
    assert rules(run(unit("Nvidia推出H20", "NVIDIA launched the H20"))) == []
    assert rules(run(unit("Nvidia推出H20", "Nvidia launched the H20"))) == []
    assert rules(run(unit("Nvidia推出H20", "The firm launched the H20"))) == ["do-not-translate"]


# --- consistency -----------------------------------------------------------------------------


def test_different_translations_within_one_article_warn() -> None:
    result = run(
        unit("華為發布新品。", "Huawei launched a product.", "a"),
        unit("華為發布新品。", "Huawei unveiled a product.", "a-2"),
    )
    assert [(v.rule, v.severity) for v in result.violations] == [("consistency", "warning")] * 2
    assert "in this article" in result.violations[0].message
    assert result.exit_code == 0


def test_different_translations_across_articles_fail() -> None:
    result = check_catalogs(
        [
            Catalog("a.po", "en", (unit("華為發布新品。", "Huawei launched a product."),)),
            Catalog("b.po", "en", (unit("華為發布新品。", "Huawei unveiled a product."),)),
        ],
        ENTRIES,
    )
    assert [(v.rule, v.severity) for v in result.violations] == [("consistency", "error")] * 2


# --- suppressions ----------------------------------------------------------------------------


def test_suppression_syntax() -> None:
    assert suppressions("note\nzhl10n-ignore: number 12.5億 -- rounded on purpose") == (
        suppressions("zhl10n-ignore: number 12.5億 -- rounded on purpose")
    )
    (mark,) = suppressions("zhl10n-ignore:   required-term")
    assert (mark.rule, mark.term, mark.reason) == ("required-term", "", "")
    assert suppressions("a plain translator note") == ()


def test_suppression_silences_one_rule_for_one_figure_and_is_counted() -> None:
    comment = "zhl10n-ignore: number 12.5億元 -- the article rounds on purpose"
    entry = unit("營收12.5億元，毛利率85%。", "Revenue was about 1 billion yuan; margin 85%.")
    assert rules(run(entry)) == ["number"]
    result = run(unit(entry.msgid, entry.msgstr, translator_comment=comment))
    assert result.violations == ()
    assert [v.rule for v in result.suppressed] == ["number"]


def test_suppression_names_the_rule_and_term_exactly() -> None:
    comment = "zhl10n-ignore: number 85%"
    entry = unit("營收12.5億元。", "Revenue was about 1 billion yuan.", translator_comment=comment)
    result = run(entry)
    assert sorted(rules(result)) == ["number", "stale-suppression"]


def test_stale_suppression_is_a_warning() -> None:
    comment = "zhl10n-ignore: required-term 昇騰"
    result = run(unit("昇騰", "Ascend", translator_comment=comment))
    assert [(v.rule, v.severity) for v in result.violations] == [("stale-suppression", "warning")]
    assert "suppresses nothing" in result.violations[0].message


def test_suppression_of_an_unknown_rule_is_reported() -> None:
    result = run(unit("昇騰", "Ascend", translator_comment="zhl10n-ignore: numbers"))
    assert "numbers is not a rule" in result.violations[0].message


def test_failed_locales() -> None:
    result = check_catalogs(
        [
            Catalog("en.po", "en", (unit("昇騰", "Shengteng"),)),
            Catalog("tw.po", "zh_TW", (unit("昇騰", "昇騰"),)),
        ],
        ENTRIES,
    )
    assert result.failed_locales() == ("en",)
    assert isinstance(result.violations[0], Violation)
