"""False alarms and catches of ``check`` on labelled translations of real-copy sentences.

A labelled set is a TSV with a header: the Chinese sentence, an English
translation, and a label (``correct`` or ``wrong``); a ``pair`` (or ``group``)
column ties a wrong translation to the correct one(s) of the same sentence,
otherwise rows with the same sentence are tied. Each row goes through the real
check as a one-unit English catalog against the project's ``glossary.csv``
(the way ``bench_check_corpus.py`` does).

* A correct translation is a *false alarm* when check reports any error for it.
* A wrong translation is *caught* when check reports an error (rule and source
  term) that its correct version does not also get: an error both get says
  nothing about the planted one.

The default set is ``benchmarks/data/check_dev.tsv`` (the development set,
written for this benchmark in the style of real copy); pass a folder or file
to score another (a fresh batch kept outside the repository).

    python benchmarks/bench_check_labelled.py                  # development set
    python benchmarks/bench_check_labelled.py /work/fresh/x/   # every *.tsv there
    python benchmarks/bench_check_labelled.py --list           # every miss and false alarm
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.check import Catalog, Checker
from pipeline.glossary import load_glossary
from pipeline.models import CatalogUnit

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "benchmarks" / "data" / "check_dev.tsv"

#: Header names accepted for each column (first match wins).
COLUMNS = {
    "zh": ("zh", "source", "sentence", "chinese", "zh_source", "src"),
    "en": ("en", "translation", "english", "target", "en_translation"),
    "label": ("label", "verdict", "status"),
    "pair": ("pair", "group", "sentence_id", "source_id", "item"),
    "id": ("id", "row", "row_id"),
    "class": ("class", "category", "error", "error_class", "error_type", "kind", "note"),
}


@dataclass(frozen=True)
class Row:
    """One labelled translation."""

    where: str
    id: str
    pair: str
    label: str
    cls: str
    zh: str
    en: str


def _column(header: list[str], name: str) -> str | None:
    lowered = {h.strip().lower(): h for h in header}
    return next((lowered[c] for c in COLUMNS[name] if c in lowered), None)


def read_rows(paths: Iterable[Path]) -> list[Row]:
    rows: list[Row] = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = list(reader.fieldnames or [])
            names = {n: _column(header, n) for n in COLUMNS}
            if not (names["zh"] and names["en"] and names["label"]):
                print(f"{path}: needs zh, en and label columns (has {header})", file=sys.stderr)
                continue
            for number, record in enumerate(reader, start=2):

                def get(
                    name: str, record: dict[str, str] = record, names: dict[str, str | None] = names
                ) -> str:
                    column = names[name]
                    return (record.get(column) or "").strip() if column else ""

                label = get("label").lower()
                if label not in ("correct", "wrong"):
                    continue
                zh = get("zh")
                rows.append(
                    Row(
                        where=f"{path.name}:{number}",
                        id=get("id") or f"{path.stem}:{number}",
                        pair=f"{path.name}/{get('pair')}" if get("pair") else f"zh:{zh}",
                        label=label,
                        cls=get("class"),
                        zh=zh,
                        en=get("en"),
                    )
                )
    return rows


def errors(checker: Checker, row: Row) -> list[tuple[str, str, str]]:
    """(rule, term, message) of every error check reports for the row."""
    unit = CatalogUnit(row.id, row.zh, row.en, line=1)
    result = checker.check([Catalog("labelled.po", "en", (unit,))])
    return [(v.rule, v.term, v.message) for v in result.violations if v.severity == "error"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("where", nargs="*", type=Path, help="TSV files or folders (default: dev)")
    parser.add_argument("--list", action="store_true", help="list every false alarm and miss")
    parser.add_argument("--quick", action="store_true", help="same run (the sets are small)")
    args = parser.parse_args()
    paths: list[Path] = []
    for where in args.where or [DEV]:
        paths += sorted(where.glob("*.tsv")) if where.is_dir() else [where]
    rows = read_rows(paths)
    if not rows:
        print("no labelled rows found", file=sys.stderr)
        return 2
    checker = Checker(load_glossary(ROOT / "glossary.csv"))
    start = time.process_time()
    found = {row.id + "\0" + row.where: errors(checker, row) for row in rows}
    elapsed = time.process_time() - start
    by_pair: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_pair[row.pair].append(row)
    alarms: list[tuple[Row, list[tuple[str, str, str]]]] = []
    misses: list[tuple[Row, list[tuple[str, str, str]]]] = []
    caught = 0
    per_class: Counter[tuple[str, str, bool]] = Counter()
    for row in rows:
        mine = found[row.id + "\0" + row.where]
        if row.label == "correct":
            bad = bool(mine)
            if bad:
                alarms.append((row, mine))
        else:
            keys = [
                {(r, t) for r, t, _ in found[o.id + "\0" + o.where]}
                for o in by_pair[row.pair]
                if o.label == "correct"
            ]
            shared = set.intersection(*keys) if keys else set()
            bad = not any((r, t) not in shared for r, t, _ in mine)
            if bad:
                misses.append((row, mine))
            else:
                caught += 1
        per_class[(row.cls or "-", row.label, bad)] += 1
    correct = sum(1 for r in rows if r.label == "correct")
    wrong = len(rows) - correct
    print(f"set: {', '.join(str(p) for p in paths)}")
    print(
        f"rows: {len(rows)} ({correct} correct, {wrong} wrong); check CPU {elapsed:.2f} s, "
        f"{1e6 * elapsed / len(rows):.0f} µs per unit (a one-unit catalog each)"
    )
    print(
        f"correct translations flagged (false alarms): {len(alarms)}/{correct} = "
        f"{100 * len(alarms) / max(correct, 1):.1f}%"
    )
    print(
        f"wrong translations caught (an error the correct version lacks): {caught}/{wrong} = "
        f"{100 * caught / max(wrong, 1):.1f}%"
    )
    if args.list:
        classes = sorted({c for c, _, _ in per_class})
        print("by class (false alarms / correct, missed / wrong):")
        for cls in classes:
            fa = per_class[(cls, "correct", True)]
            ok = fa + per_class[(cls, "correct", False)]
            miss = per_class[(cls, "wrong", True)]
            bad_total = miss + per_class[(cls, "wrong", False)]
            print(f"  {cls[:30]:<30} {fa}/{ok:<4} {miss}/{bad_total}")
        for title, items in (("false alarms", alarms), ("misses", misses)):
            print(f"{title}:")
            for row, mine in items:
                why = "; ".join(m for _, _, m in mine) or "nothing reported"
                print(f"  {row.where} [{row.cls}] {row.zh}\n      {row.en!r}\n      -> {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
