"""Precision and recall of ``check`` on labelled news sentences (tests/data/check/corpus.csv).

Each row is a Chinese news sentence with an English translation written for
this corpus, labelled ``correct`` (an idiomatic translation a reviewer would
accept) or ``wrong`` (a planted mistake: wrong magnitude, date, percentage vs.
percentage points, Chinese numeral, multiple, range, qualifier, currency,
glossary term, house style, copied source, Han left in English, broken link).
Every row is checked on its own, as one English catalog entry, against the
project's glossary.csv. A row is *flagged* when check reports an error for it
(warnings do not fail the gate; they are counted separately).

Goal (issue 11): correct translations flagged <= 2 %, wrong ones caught >= 95 %.

    python benchmarks/bench_check_corpus.py           # every row, misses listed
    python benchmarks/bench_check_corpus.py --quick   # the same (the corpus is small)
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from pathlib import Path

from pipeline.check import Catalog, Checker
from pipeline.glossary import load_glossary
from pipeline.models import CatalogUnit

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "check" / "corpus.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="same run (the corpus is small)")
    parser.parse_args()
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    checker = Checker(load_glossary(ROOT / "glossary.csv"))
    start = time.perf_counter()
    outcome: Counter[tuple[str, bool]] = Counter()
    warned = 0
    misses: list[str] = []
    by_category: Counter[tuple[str, str, bool]] = Counter()
    for row in rows:
        unit = CatalogUnit(row["id"], row["zh"], row["en"], line=1)
        result = checker.check([Catalog("corpus.po", "en", (unit,))])
        flagged = result.errors > 0
        warned += result.warnings > 0 and row["label"] == "correct"
        outcome[(row["label"], flagged)] += 1
        by_category[(row["category"], row["label"], flagged)] += 1
        if flagged != (row["label"] == "wrong"):
            why = "; ".join(v.message for v in result.violations) or "nothing reported"
            misses.append(f"  {row['id']} {row['label']:<7} {row['en']!r}: {why}")
    elapsed = time.perf_counter() - start
    correct = outcome[("correct", False)] + outcome[("correct", True)]
    wrong = outcome[("wrong", False)] + outcome[("wrong", True)]
    false_alarms = outcome[("correct", True)]
    caught = outcome[("wrong", True)]
    flagged_total = false_alarms + caught
    print(f"corpus: {len(rows)} sentences ({correct} correct, {wrong} wrong), {elapsed:.2f} s")
    print(
        f"correct translations flagged: {false_alarms}/{correct} = "
        f"{100 * false_alarms / correct:.1f}% (goal <= 2%); with a warning: {warned}"
    )
    print(
        f"wrong translations caught:    {caught}/{wrong} = "
        f"{100 * caught / wrong:.1f}% (goal >= 95%)"
    )
    print(
        f"precision: {caught / flagged_total if flagged_total else 1:.3f}, "
        f"recall: {caught / wrong:.3f}"
    )
    categories = sorted({c for c, _, _ in by_category})
    print("by category (correct flagged / correct, wrong caught / wrong):")
    for category in categories:
        ok = (
            by_category[(category, "correct", True)],
            sum(by_category[(category, "correct", f)] for f in (True, False)),
        )
        bad = (
            by_category[(category, "wrong", True)],
            sum(by_category[(category, "wrong", f)] for f in (True, False)),
        )
        print(f"  {category:<12} {ok[0]}/{ok[1]:<4} {bad[0]}/{bad[1]}")
    if misses:
        print("misclassified:")
        print("\n".join(misses))
    good = false_alarms <= 0.02 * correct and caught >= 0.95 * wrong
    return 0 if good else 1


if __name__ == "__main__":
    raise SystemExit(main())
