"""Glossary matching speed: the Aho-Corasick matcher against a naive loop over terms.

Synthetic data: 20,000 Chinese terms (2-5 characters) and 100,000 units (20-60
characters, each with up to three terms planted). The naive reference tests
every term against every unit (``term in text``); at full size that is two
billion substring tests, so it runs on a subset of units and is extrapolated
linearly (it is linear in the number of units), which the output says. The
naive loop only answers "which terms occur" -- it does not even pick the longest
match -- so the ratio understates the matcher's advantage.

Also timed: whole ``check_catalogs`` runs (all rules) over the same units, as a
Chinese and as an English catalog.

    python benchmarks/bench_check.py          # 20,000 terms x 100,000 units
    python benchmarks/bench_check.py --quick  # 2,000 terms x 10,000 units
"""

from __future__ import annotations

import argparse
import random
import time

from pipeline.check import Catalog, check_catalogs
from pipeline.glossary import TermMatcher
from pipeline.models import CatalogUnit, GlossaryEntry

CJK_FIRST, CJK_LAST = 0x4E00, 0x9FA5


def make_terms(count: int, rng: random.Random) -> list[GlossaryEntry]:
    forms: set[str] = set()
    while len(forms) < count:
        length = rng.randint(2, 5)
        forms.add("".join(chr(rng.randint(CJK_FIRST, CJK_LAST)) for _ in range(length)))
    return [
        GlossaryEntry(id=f"t{i}", zh_Hant=form, zh_Hans=form, en=f"Term{i}")
        for i, form in enumerate(sorted(forms))
    ]


def make_units(count: int, terms: list[GlossaryEntry], rng: random.Random) -> list[str]:
    units = []
    for _ in range(count):
        chars = [chr(rng.randint(CJK_FIRST, CJK_LAST)) for _ in range(rng.randint(20, 60))]
        for _ in range(rng.randint(0, 3)):
            position = rng.randint(0, len(chars))
            chars[position:position] = rng.choice(terms).zh_Hant
        units.append("".join(chars))
    return units


def naive(terms: list[GlossaryEntry], units: list[str]) -> int:
    found = 0
    forms = [t.zh_Hant for t in terms]
    for text in units:
        for form in forms:
            if form in text:
                found += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 terms x 10,000 units")
    args = parser.parse_args()
    n_terms, n_units, n_naive = (2_000, 10_000, 2_000) if args.quick else (20_000, 100_000, 1_000)
    rng = random.Random(20250721)
    terms = make_terms(n_terms, rng)
    units = make_units(n_units, terms, rng)
    print(f"bench_check: {n_terms:,} terms x {n_units:,} units")

    start = time.perf_counter()
    matcher = TermMatcher(terms)
    build = time.perf_counter() - start
    start = time.perf_counter()
    matches = sum(len(matcher.find(text)) for text in units)
    scan = time.perf_counter() - start
    print(f"  aho-corasick: build {build:.2f} s, scan {scan:.2f} s ({matches:,} matches)")

    subset = units[:n_naive]
    start = time.perf_counter()
    naive_hits = naive(terms, subset)
    naive_subset = time.perf_counter() - start
    naive_total = naive_subset * n_units / len(subset)
    ac_subset = sum(len(matcher.find(text)) for text in subset)
    note = "" if len(subset) == n_units else f" (measured on {len(subset):,} units, extrapolated)"
    print(f"  naive loop:   {naive_total:.1f} s{note}; {naive_hits:,} vs {ac_subset:,} matches")
    print(f"  ratio naive / aho-corasick scan: {naive_total / scan:.0f}x")

    # Whole check runs (every rule): a Chinese catalog (translation = source) and an English
    # one whose translations name every term's target.
    chinese = Catalog(
        "zh.po",
        "zh_Hant",
        tuple(CatalogUnit(f"u{i}", text, text, line=i) for i, text in enumerate(units)),
    )
    english = Catalog(
        "en.po",
        "en",
        tuple(
            CatalogUnit(f"u{i}", text, " ".join(e.en for _, e in matcher.terms(text)) + ".", line=i)
            for i, text in enumerate(units)
        ),
    )
    for catalog in (chinese, english):
        start = time.perf_counter()
        result = check_catalogs([catalog], terms)
        full = time.perf_counter() - start
        print(
            f"  full check, {catalog.locale} catalog (all rules): {full:.2f} s, "
            f"{len(result.violations)} violations"
        )


if __name__ == "__main__":
    main()
