"""Score conversion on the blind regional set: news sentences with expected output per locale.

Run: ``python benchmarks/bench_regional_blind.py [--set FILE] [--list]``.

The set (``/work/fresh/regional-blind/regional_blind.tsv`` or ``ZHL10N_REGIONAL_BLIND``)
was written by someone who never saw the tool's tables: columns ``id, source_locale,
source, zh_Hans, zh_Hant, zh_TW, zh_HK, category, note``. It stays outside the
repository; without it the script says so and exits 0.

Each sentence is converted to the four locales with the tool's own tables (no article
glossary), two ways: **stated**, the source's locale given as ``convert --from`` does
(zh_TW and zh_HK state the region too), and **detected**, script and region from the
sentence alone (a single sentence carries little regional evidence). A target counts
when the output equals the expectation exactly. Figures: targets right, sentences
with all four right, per category.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.convert import article_profile, converter_for_locale, detect_script  # noqa: E402

DEFAULT_SET = Path(
    os.environ.get("ZHL10N_REGIONAL_BLIND", "/work/fresh/regional-blind/regional_blind.tsv")
)
LOCALES = ("zh_Hans", "zh_Hant", "zh_TW", "zh_HK")
STATED = {"zh_TW": "TW", "zh_HK": "HK", "zh_Hans": "CN"}


def tables() -> tuple[tuple[object, ...], tuple[object, ...]]:
    """The tool's conversion rows and vocabulary (shipped tables, else the root files)."""
    try:
        from pipeline.layers import shipped_conversions, shipped_vocabulary
    except ImportError:  # a tree from before the tables moved into pipeline/data
        from pipeline.glossary import load_conversions, load_vocabulary

        return load_conversions(ROOT / "conversions.csv"), load_vocabulary(ROOT / "vocabulary.csv")
    return shipped_conversions(), shipped_vocabulary()


def convert(text: str, source_locale: str, target: str, stated: bool) -> str:
    overrides, vocabulary = tables()
    if stated:
        script = "Hans" if source_locale == "zh_Hans" else "Hant"
        region = STATED.get(source_locale, "")
    else:
        script = "Hans" if detect_script(text) == "Hans" else "Hant"
        region = ""
    profile = article_profile(text, vocabulary, script=script, region=region)  # type: ignore[arg-type]
    converter = converter_for_locale(
        target,
        script,
        (),
        overrides,  # type: ignore[arg-type]
        vocabulary=vocabulary,  # type: ignore[arg-type]
        profile=profile,
    )
    return str(converter(text))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--list", action="store_true", help="print every wrong target")
    parser.add_argument("--quick", action="store_true", help="(accepted; the set is small)")
    args = parser.parse_args()
    if not args.set.is_file():
        print(f"no blind set at {args.set}; skipped")
        return 0
    rows = []
    for line in args.set.read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) >= 8:
            rows.append(cells)
    print(f"set: {args.set} ({len(rows)} sentences, {len(rows) * len(LOCALES)} targets)")
    for stated in (True, False):
        right = whole = 0
        by_category: Counter[str] = Counter()
        size: Counter[str] = Counter()
        wrong: list[str] = []
        for cells in rows:
            ident, source_locale, source = cells[0], cells[1], cells[2]
            expected = dict(zip(LOCALES, cells[3:7], strict=True))
            category = cells[7]
            ok_all = True
            for target in LOCALES:
                out = convert(source, source_locale, target, stated)
                size[category] += 1
                if out == expected[target]:
                    right += 1
                    by_category[category] += 1
                else:
                    ok_all = False
                    wrong.append(
                        f"{ident} {category} {source_locale}→{target}: {source} | "
                        f"got {out} | expected {expected[target]}"
                    )
            whole += ok_all
        mode = "stated region" if stated else "detected region"
        total = len(rows) * len(LOCALES)
        print(
            f"{mode}: targets {right}/{total} ({right / total:.1%}), "
            f"sentences all four right {whole}/{len(rows)} ({whole / len(rows):.1%})"
        )
        for category in sorted(size):
            print(f"  {category:<16}{by_category[category]:>4}/{size[category]:<4}")
        if args.list:
            print("\n".join(wrong))
    return 0


if __name__ == "__main__":
    sys.exit(main())
