"""The labelled corpus (tests/data/check/corpus.csv) meets issue 11's goals: correct translations
flagged <= 2 %, wrong ones caught >= 95 % (benchmarks/bench_check_corpus.py prints the figures)."""

from __future__ import annotations

import csv
from collections import Counter

from conftest import REPO

from pipeline.check import Catalog, Checker
from pipeline.glossary import load_glossary
from pipeline.models import CatalogUnit

CORPUS = REPO / "tests" / "data" / "check" / "corpus.csv"
CATEGORIES = {
    "magnitude",
    "currency",
    "date",
    "percent",
    "points",
    "numeral",
    "multiple",
    "range",
    "approx",
    "glossary",
    "house-style",
    "copied",
    "han",
    "link",
}


def rows() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_corpus_is_large_labelled_and_covers_every_category() -> None:
    corpus = rows()
    assert len(corpus) >= 150
    assert {r["label"] for r in corpus} == {"correct", "wrong"}
    assert {r["category"] for r in corpus} == CATEGORIES
    assert len({r["id"] for r in corpus}) == len(corpus)
    wrong_categories = {r["category"] for r in corpus if r["label"] == "wrong"}
    assert wrong_categories == CATEGORIES


def test_check_meets_the_goals_on_the_corpus() -> None:
    checker = Checker(load_glossary(REPO / "glossary.csv"))
    outcome: Counter[tuple[str, bool]] = Counter()
    missed = []
    for row in rows():
        unit = CatalogUnit(row["id"], row["zh"], row["en"], line=1)
        flagged = checker.check([Catalog("corpus.po", "en", (unit,))]).errors > 0
        outcome[(row["label"], flagged)] += 1
        if flagged != (row["label"] == "wrong"):
            missed.append(row["id"])
    correct = outcome[("correct", True)] + outcome[("correct", False)]
    wrong = outcome[("wrong", True)] + outcome[("wrong", False)]
    assert outcome[("correct", True)] <= 0.02 * correct, missed
    assert outcome[("wrong", True)] >= 0.95 * wrong, missed
