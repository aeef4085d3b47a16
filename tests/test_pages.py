"""The page corpus (tests/data/pages/): golden POTs and the extract goals.

Each page is written in the style of a real outlet (never copied) and labelled
in ``<name>.expect.json``; ``benchmarks/bench_extract.py`` prints the same
figures. Regenerate the POTs deliberately with ``pytest tests/test_pages.py
--update-goldens`` and review the diff.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REPO

from pipeline.catalog import render, template_for
from pipeline.convert import detect_script
from pipeline.ingest import read_article
from pipeline.segment import segment

PAGES = Path(__file__).resolve().parent / "data" / "pages"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_extract", REPO / "benchmarks" / "bench_extract.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_extract", module)
    spec.loader.exec_module(module)
    return module


BENCH = _bench()
FILES = BENCH.page_files(PAGES)


def test_the_corpus_covers_every_region() -> None:
    regions = {BENCH.region(p) for p in FILES}
    assert {"cn", "tw", "hk", "wechat"} <= regions
    assert sum(1 for p in FILES if p.suffix == ".txt") >= 24


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_page_matches_its_golden_pot(path: Path, update_goldens: bool) -> None:
    shown = f"tests/data/pages/{path.name}"
    article = read_article(path, display_path=shown)
    units = segment(article)
    language = "zh_Hans" if detect_script(article.text) == "Hans" else "zh_Hant"
    pot = render(
        template_for(
            units,
            project=f"zhl10n {article.slug}",
            source_path=shown,
            source_language=language,
            creation_date="2025-01-01 00:00+0000",
        )
    )
    golden = path.with_suffix(".pot")
    if update_goldens:
        golden.write_text(pot, encoding="utf-8")
    assert pot == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_page_loses_no_sentence_and_finds_its_headline(path: Path) -> None:
    score = BENCH.score_page(path)
    assert score.dropped == 0, score.misses
    assert score.headlines_right == 1, score.misses


def test_corpus_goals() -> None:
    total = BENCH.Score()
    for path in FILES:
        total.add(BENCH.score_page(path))
    assert total.dropped == 0
    assert total.residue_left <= 0.02 * total.units, total.misses
    assert total.headlines_right >= 0.95 * total.pages, total.misses
    assert total.bad_boundaries <= 0.02 * total.units, total.misses
