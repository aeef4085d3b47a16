"""Label-free conversion checks on real pages: identity, round trip, disagreement mining.

Run: ``python benchmarks/bench_regional_pages.py [--pages DIR] [--list]``.

The pages are real news text from Taiwan, Hong Kong and mainland outlets that no test
uses, kept outside the repository (default ``/work/fresh/regional-pages``, or the
``ZHL10N_REGIONAL_PAGES`` environment variable): one file per region, ``TW.txt``,
``HK.txt`` and ``CN.txt``, each page starting with a line ``### <address>``.
``benchmarks/regional_pages.md`` lists the addresses. Without the folder the script says
so and exits 0.

Two checks need no labels (each page is already right for its own region):

* **identity**: a Taiwan page converted to zh_TW and zh_Hant, a Hong Kong page to
  zh_HK, a mainland page to zh_Hans must come back unchanged;
* **round trip**: Taiwan -> zh_Hans -> zh_TW, Hong Kong -> zh_Hans -> zh_HK and
  mainland -> zh_TW -> zh_Hans must give the page back. The first leg detects the
  page's region; the second states the region of the text it converts (the first leg
  wrote it), as ``convert --from zh_TW`` does.

Shape rules that legitimately change a correct page are applied to the page before
comparing (:data:`SHAPE_RULES`): quote style (「」 or “” per locale). Every other
difference counts: one per changed span (difflib opcodes), reported per 10,000 Han
characters per region and direction. ``--list`` prints each difference in context.

Disagreement mining: the cross-region conversions (Taiwan and Hong Kong pages to
zh_Hans, mainland pages to zh_TW and zh_HK) by zhl10n, by OpenCC's phrase
configurations (tw2sp, hk2s, s2twp, s2hk) and by zhconv-rs (PyPI ``zhconv-rs``, when
importable) are compared span by span; spans where zhl10n differs from both are
written to ``disagreements.txt`` beside the pages for review.

Conversion is what ``zhl10n convert --to LOCALE`` does to each page as a whole, with the
tool's conversions and regional vocabulary and no article glossary.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.convert import (  # noqa: E402
    DETECT_CHARS,
    article_profile,
    convert_plain,
    converter_for_locale,
    detect_script,
)
from pipeline.layers import shipped_conversions, shipped_vocabulary  # noqa: E402
from pipeline.models import ConversionOverride, VocabularyRow  # noqa: E402
from pipeline.regional import restyle_quotes  # noqa: E402

DEFAULT_PAGES = Path(os.environ.get("ZHL10N_REGIONAL_PAGES", "/work/fresh/regional-pages"))
REGIONS = ("TW", "HK", "CN")
NATIVE = {"TW": ("zh_TW", "zh_Hant"), "HK": ("zh_HK",), "CN": ("zh_Hans",)}
ROUND_TRIP = {"TW": ("zh_Hans", "zh_TW"), "HK": ("zh_Hans", "zh_HK"), "CN": ("zh_TW", "zh_Hans")}
#: The round trip's second leg states the region of the text it converts (it wrote it).
REGION_OF = {"zh_Hans": "CN", "zh_TW": "TW", "zh_HK": "HK"}
CROSS = {"TW": ("zh_Hans",), "HK": ("zh_Hans",), "CN": ("zh_TW", "zh_HK")}
#: OpenCC phrase configuration for each (source region, target locale) of the mining.
OPENCC_PHRASE = {
    ("TW", "zh_Hans"): "tw2sp",
    ("HK", "zh_Hans"): "hk2s",
    ("CN", "zh_TW"): "s2twp",
    ("CN", "zh_HK"): "s2hk",
}
ZHCONV_VARIANT = {"zh_Hans": "zh-cn", "zh_TW": "zh-tw", "zh_HK": "zh-hk", "zh_Hant": "zh-hant"}
#: Quote styles per locale: converting a correct page may restyle its quotes.
QUOTE_STYLE = {"zh_Hans": "“”‘’", "zh_Hant": "「」『』", "zh_TW": "「」『』", "zh_HK": "「」『』"}
SHAPE_RULES = (
    "quote style of the target locale (「」『』 or “”‘’ around Chinese text)",
    "zh_HK and zh_Hant: character shapes folded by OpenCC's variant tables "
    "(hk2t then t2tw: 説/說, 綫/線, 着/著, 峯/峰, 啓/啟)",
)
#: Spellings a region writes both ways that one Simplified character merges, so a round
#: trip cannot tell which the writer chose (台/臺 both in Taiwan news; 公布/公佈 both in
#: Hong Kong). Round-trip differences between them are counted apart, as "writer's
#: choice", and listed; every other difference counts.
WRITERS_CHOICE = {
    "zh_TW": ("臺台", "儘盡", "週周", "鑑鑒", "汙污", "佈布"),
    "zh_HK": ("佈布", "撐撑", "疊叠", "週周"),
    "zh_Hans": (),
}
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def read_pages(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """Region -> [(address, text)] from ``TW.txt``, ``HK.txt``, ``CN.txt``."""
    pages: dict[str, list[tuple[str, str]]] = {}
    for region in REGIONS:
        path = folder / f"{region}.txt"
        if not path.is_file():
            continue
        found: list[tuple[str, str]] = []
        for block in path.read_text(encoding="utf-8").split("### ")[1:]:
            address, _, text = block.partition("\n")
            if text.strip():
                found.append((address.strip(), text.strip() + "\n"))
        pages[region] = found
    return pages


@cache
def _tables() -> tuple[tuple[ConversionOverride, ...], tuple[VocabularyRow, ...]]:
    """The tool's conversion overrides and regional vocabulary (no article glossary)."""
    return shipped_conversions(), shipped_vocabulary()


def convert_to(text: str, locale: str, region: str = "") -> str:
    """What ``zhl10n convert --to locale`` writes for ``text``, without a project glossary.

    The script comes from the text, the region too unless ``region`` states it (as
    ``--from zh_TW`` or the ``regions`` configuration do); the glossary is left out
    because it holds one article's terms, not the tool's rules.
    """
    overrides, vocabulary = _tables()
    script = detect_script(text[:DETECT_CHARS])
    converter = converter_for_locale(
        locale,
        script,
        (),
        overrides,
        vocabulary=vocabulary,
        profile=article_profile(text[:DETECT_CHARS], vocabulary, script=script, region=region),
    )
    return converter(text)


def shaped(text: str, locale: str) -> str:
    """``text`` after the shape rules of ``locale`` (what a correct page may change)."""
    return restyle_quotes(text, QUOTE_STYLE[locale])


def compared(text: str, locale: str) -> str:
    """What identity and round trip compare: shape rules applied, variant shapes folded."""
    text = shaped(text, locale)
    return text.translate(_variant_fold()) if locale in ("zh_HK", "zh_Hant") else text


@cache
def _variant_fold() -> dict[int, str]:
    """Each character -> its Taiwan shape by OpenCC's variant tables (hk2t, then t2tw).

    峯 and 峰, 綫 and 線, 説 and 說, 着 and 著 are one character in different standards'
    shapes: zh_HK and zh_Hant output may use either, so they compare folded.
    """
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    joined = "\n".join(chars)
    folded = convert_plain(convert_plain(joined, "hk2t"), "t2tw").split("\n")
    return {ord(a): b for a, b in zip(chars, folded, strict=True) if len(b) == 1 and a != b}


def spans(before: str, after: str) -> list[tuple[str, str, str]]:
    """Differing spans as (context, before, after)."""
    found = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag != "equal":
            context = before[max(0, a1 - 6) : a2 + 6].replace("\n", " ")
            found.append((context, before[a1:a2], after[b1:b2]))
    return found


def row(label: str, pages: int, chars: int, count: int) -> str:
    return f"{label:<34}{pages:>6}{chars:>11}{count:>7}{count * 1e4 / max(chars, 1):>9.2f}"


def writers_choice(before: str, after: str, locale: str) -> bool:
    """Whether ``before`` -> ``after`` only swaps spellings the region writes both ways."""
    if len(before) != len(after) or not before:
        return False
    pairs = {frozenset(p) for p in WRITERS_CHOICE[locale]}
    return all(a == b or frozenset((a, b)) in pairs for a, b in zip(before, after, strict=True))


def han_count(text: str) -> int:
    return len(_HAN.findall(text))


def zhconv_function() -> object | None:
    try:
        from zhconv_rs import zhconv  # type: ignore[import-not-found]
    except ImportError:
        return None
    return zhconv


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--list", action="store_true", help="print every difference")
    parser.add_argument("--quick", action="store_true", help="(accepted; the set is small)")
    args = parser.parse_args()
    pages = read_pages(args.pages)
    if not pages:
        print(f"no pages in {args.pages} (see benchmarks/regional_pages.md); skipped")
        return 0
    print(f"pages: {args.pages}")
    print("shape rules: " + "; ".join(SHAPE_RULES))
    total = 0
    listing: list[str] = []
    print(f"{'check':<34}{'pages':>6}{'Han chars':>11}{'diffs':>7}{'per 10k':>9}")
    for region in REGIONS:
        items = pages.get(region, [])
        chars = sum(han_count(text) for _, text in items)
        for locale in NATIVE[region]:
            count = 0
            for address, text in items:
                found = spans(compared(text, locale), compared(convert_to(text, locale), locale))
                count += len(found)
                listing += [
                    f"{region} identity {locale} {address}: {c} | {a}→{b}" for c, a, b in found
                ]
            total += count
            label = f"identity {region} → {locale}"
            print(row(label, len(items), chars, count))
        via, back = ROUND_TRIP[region]
        count = chosen = 0
        for address, text in items:
            again = convert_to(convert_to(text, via), back, REGION_OF[via])
            for context, before, after in spans(compared(text, back), compared(again, back)):
                choice = writers_choice(before, after, back)
                chosen += choice
                count += not choice
                kind = "writer's choice" if choice else "round trip"
                listing.append(f"{region} {kind} via {via} {address}: {context} | {before}→{after}")
        total += count
        label = f"round trip {region} → {via} → {back}"
        extra = f"  (+{chosen} writer's choice)" if chosen else ""
        print(row(label, len(items), chars, count) + extra)
    print(f"total differences: {total}")
    if args.list:
        print("\n".join(listing))
    mine(pages, args.pages / "disagreements.txt")
    return 0


def mine(pages: dict[str, list[tuple[str, str]]], report: Path) -> None:
    """Where zhl10n, OpenCC's phrase config and zhconv-rs disagree on the cross conversions.

    Counted per character position when the three outputs have the page's length
    (nearly always): ``alone`` where zhl10n differs from both others (review first),
    ``vs OpenCC`` and ``vs zhconv-rs`` where it differs from that one.
    """
    zhconv = zhconv_function()
    if zhconv is None:
        print("disagreement mining: zhconv-rs not importable (pip install zhconv-rs); OpenCC only")
    lines: list[str] = []
    tally: Counter[tuple[str, str]] = Counter()
    for region, items in pages.items():
        for locale in CROSS[region]:
            config = OPENCC_PHRASE[(region, locale)]
            key = f"{region}→{locale}"
            for address, text in items:
                source = shaped(text, locale)
                ours = convert_to(text, locale)
                opencc = convert_plain(source, config)
                other = zhconv(source, ZHCONV_VARIANT[locale]) if zhconv else opencc  # type: ignore[operator]
                if not len(ours) == len(opencc) == len(other) == len(source):
                    tally[(key, "length differs")] += 1
                    continue
                for i, (o, a, b) in enumerate(zip(ours, opencc, other, strict=True)):
                    if o != a:
                        tally[(key, "vs OpenCC")] += 1
                    if o != b:
                        tally[(key, "vs zhconv-rs")] += 1
                    if o != a and o != b:
                        tally[(key, "alone")] += 1
                        context = source[max(0, i - 5) : i + 6].replace("\n", " ")
                        lines.append(
                            f"{key} {address}: {context} | {source[i]}: zhl10n {o}, "
                            f"{config} {a}, zhconv-rs {b}"
                        )
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("disagreement mining (characters; 'alone': zhl10n differs from both):")
    for key in sorted({k for k, _ in tally}):
        parts = ", ".join(
            f"{what} {tally[(key, what)]}"
            for what in ("alone", "vs OpenCC", "vs zhconv-rs", "length differs")
            if tally[(key, what)]
        )
        print(f"  {key}: {parts or 'none'}")
    print(f"  listed in {report}")


if __name__ == "__main__":
    sys.exit(main())
