"""How clean real-looking pages come out of ``extract``: the page corpus scored.

Run: ``python benchmarks/bench_extract.py [--quick] [--verbose]`` (``--quick``
changes nothing: the corpus is small; ``--verbose`` lists every miss).

Each page of ``tests/data/pages/`` (``<name>.txt|md|html``) has labels in
``<name>.expect.json``: the headline, every expected unit (``content``, in
order) and every residue line. Over all pages, per region (the name's prefix)
and in total, it prints:

* residue units left: units that are (part of) a residue line, % of all units
  (goal <= 2 %);
* real sentences dropped: expected units found in no unit at all (goal 0);
* headlines right: the title unit is the labelled headline (goal >= 95 %);
* bad boundaries: units that are neither an expected unit, the headline nor
  residue (two sentences fused, a sentence cut in two, a byline glued on).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ingest import fix_punctuation, read_article  # noqa: E402
from pipeline.segment import segment  # noqa: E402

PAGES = ROOT / "tests" / "data" / "pages"
SUFFIXES = (".txt", ".md", ".html")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Score:
    pages: int = 0
    units: int = 0
    residue_left: int = 0
    dropped: int = 0
    headlines_right: int = 0
    bad_boundaries: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("pages", "units", "residue_left", "dropped", "headlines_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.bad_boundaries += other.bad_boundaries
        self.misses.extend(other.misses)


def page_files(folder: Path = PAGES) -> list[Path]:
    """Every page that has labels, sorted."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in SUFFIXES and p.with_name(p.stem + ".expect.json").is_file()
    )


def score_page(path: Path) -> Score:
    """Score one page against its labels."""
    expect = json.loads(path.with_name(path.stem + ".expect.json").read_text(encoding="utf-8"))
    article = read_article(path, display_path=f"tests/data/pages/{path.name}")
    units = segment(article)
    content = {_norm(c) for c in expect["content"]}
    headline = _norm(expect["headline"])
    residue = [
        n for line in expect["residue"] for n in {_norm(line), _norm(fix_punctuation(line)[0])} if n
    ]
    score = Score(pages=1, units=len(units))
    title = next((u.source for u in units if u.kind == "title"), "")
    if _norm(title) == headline:
        score.headlines_right = 1
    else:
        score.misses.append(f"{path.name}: headline {title!r}, expected {expect['headline']!r}")
    for unit in units:
        key = _norm(unit.source)
        if key in content or key == headline:
            continue
        if any(key in r or r in key for r in residue):
            score.residue_left += 1
            score.misses.append(f"{path.name}:{unit.line}: residue left {unit.source!r}")
        else:
            score.bad_boundaries += 1
            score.misses.append(f"{path.name}:{unit.line}: bad boundary {unit.source!r}")
    keys = [_norm(u.source) for u in units]
    for item in expect["content"]:
        if not any(_norm(item) in key for key in keys):
            score.dropped += 1
            score.misses.append(f"{path.name}: real sentence dropped {item!r}")
    return score


def region(path: Path) -> str:
    return path.name.split("-", 1)[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="accepted for make bench --quick")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    parser.add_argument("--pages", type=Path, default=PAGES)
    args = parser.parse_args()
    by_region: dict[str, Score] = {}
    for path in page_files(args.pages):
        by_region.setdefault(region(path), Score()).add(score_page(path))
    total = Score()
    header = (
        f"{'region':<8}{'pages':>6}{'units':>7}{'residue left':>14}{'dropped':>9}"
        f"{'headlines':>11}{'bad bounds':>12}"
    )
    print(header)
    for name, score in [*sorted(by_region.items()), ("total", total)]:
        if name != "total":
            total.add(score)
        share = 100.0 * score.residue_left / score.units if score.units else 0.0
        heads = 100.0 * score.headlines_right / score.pages if score.pages else 0.0
        print(
            f"{name:<8}{score.pages:>6}{score.units:>7}"
            f"{f'{score.residue_left} ({share:.1f} %)':>14}{score.dropped:>9}"
            f"{f'{heads:.0f} %':>11}{score.bad_boundaries:>12}"
        )
    print("goals: residue left <= 2 %, real sentences dropped 0, headlines right >= 95 %")
    if args.verbose:
        for miss in total.misses:
            print("  " + miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
