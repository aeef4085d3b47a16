"""``zhl10n update`` (merge) against GNU ``msgmerge --previous`` on large synthetic catalogs.

Run: ``python benchmarks/bench_update.py [--quick]``: 10,000 and 50,000 units
of shuffled text and 10,000 of Markov text (``--quick``: 10,000 of each).

The catalogs are made of synthetic Chinese sentences, 8 to 60 characters
long, fully translated, in two kinds: the seed article's characters shuffled
(drawn with the article's character frequencies), and a first-order character
Markov chain over the article, so that sentences share words and phrases as
real news text does (msgmerge then compares far more pairs: about 3 minutes
for 50,000 units, so that size runs only with ``--markov-50k``). The new
template then has 10% of the units edited (a small edit each: 1-3 characters
replaced, a 2-4 character phrase inserted, or 1-3 characters deleted; the unit
id changes with the text, as extract makes ids), 5% removed and 5% added (new
random sentences). Both tools merge the same files in the same run:

* time, end to end from files to a written catalog (our parse + merge + render
  + write, against the msgmerge process), best of ``--repeat`` runs;
* true matches: edited units proposed as fuzzy from their own predecessor
  (read from the ``#| msgctxt`` line each tool writes);
* spurious matches: added units (new text) that came out fuzzy anyway.

Goals: faster than msgmerge, at least its true matches, fewer spurious ones.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import catalog  # noqa: E402
from pipeline.models import Unit  # noqa: E402

ARTICLE = ROOT / "articles" / "huang-visit-2025-07-21.txt"


class Sentences:
    """Random sentences from the article's characters: shuffled, or a Markov chain."""

    def __init__(self, text: str, seed: int, markov: bool = False) -> None:
        self.chars = [c for c in text if not c.isspace()]
        self.following: dict[str, list[str]] = {}
        for a, b in zip(self.chars, self.chars[1:], strict=False):
            self.following.setdefault(a, []).append(b)
        self.markov = markov
        self.rng = random.Random(seed)

    def chunk(self, length: int) -> str:
        if not self.markov:
            return "".join(self.rng.choices(self.chars, k=length))
        char = self.rng.choice(self.chars)
        out = [char]
        while len(out) < length:
            char = self.rng.choice(self.following.get(char) or self.chars)
            out.append(char)
        return "".join(out)

    def sentence(self) -> str:
        return self.chunk(self.rng.randint(8, 60)) + "。"

    def edit(self, text: str) -> str:
        """A small edit: replace 1-3 characters, insert 2-4, or delete 1-3."""
        body, end = text[:-1], text[-1]
        pos = self.rng.randrange(len(body))
        kind = self.rng.choice(("replace", "insert", "delete"))
        if kind == "replace":
            size = self.rng.randint(1, 3)
            body = body[:pos] + self.chunk(size) + body[pos + size :]
        elif kind == "insert":
            body = body[:pos] + self.chunk(self.rng.randint(2, 4)) + body[pos:]
        else:
            body = body[:pos] + body[pos + self.rng.randint(1, 3) :]
        return body + end


def uid(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def template(texts: list[str]) -> object:
    units = [Unit(uid(t), t, "paragraph", "articles/bench.txt", i, i) for i, t in enumerate(texts)]
    return catalog.template_for(
        units,
        project="zhl10n bench",
        source_path="articles/bench.txt",
        source_language="zh_Hant",
        creation_date="2025-07-21 10:00+0000",
    )


def scenario(size: int, seed: int, folder: Path, markov: bool = False) -> dict[str, object]:
    """Write old.po and new.pot; return which units were edited (and from what) and added."""
    gen = Sentences(ARTICLE.read_text(encoding="utf-8"), seed, markov)
    texts: list[str] = []
    seen: set[str] = set()
    while len(texts) < size:
        text = gen.sentence()
        if text not in seen:
            seen.add(text)
            texts.append(text)
    old = catalog.new_catalog(template(texts), "en")
    for number, entry in enumerate(old):
        entry.msgstr = f"T{number}"
    catalog.write_catalog(old, folder / "old.po")
    rng = random.Random(seed + 1)
    order = list(range(size))
    rng.shuffle(order)
    edited_at = set(order[: size // 10])
    removed_at = set(order[size // 10 : size // 10 + size // 20])
    new_texts: list[str] = []
    edited: dict[str, str] = {}  # new text -> old id
    for index, text in enumerate(texts):
        if index in removed_at:
            continue
        if index in edited_at:
            changed = gen.edit(text)
            while changed in seen:
                changed = gen.edit(text)
            seen.add(changed)
            edited[changed] = uid(text)
            new_texts.append(changed)
        else:
            new_texts.append(text)
    added: set[str] = set()
    while len(added) < size // 20:
        text = gen.sentence()
        if text not in seen:
            seen.add(text)
            added.add(text)
            new_texts.insert(rng.randrange(len(new_texts) + 1), text)
    catalog.write_catalog(template(new_texts), folder / "new.pot")
    return {"edited": edited, "added": added}


def score(path: Path, truth: dict[str, object]) -> tuple[int, int, int]:
    """(true matches, wrong predecessor for an edited unit, spurious fuzzy on added units)."""
    edited: dict[str, str] = truth["edited"]  # type: ignore[assignment]
    added: set[str] = truth["added"]  # type: ignore[assignment]
    true = wrong = spurious = 0
    for entry in catalog.read_catalog(path):
        if entry.obsolete or not entry.fuzzy:
            continue
        if entry.msgid in edited:
            if entry.previous_msgctxt == edited[entry.msgid]:
                true += 1
            else:
                wrong += 1
        elif entry.msgid in added:
            spurious += 1
    return true, wrong, spurious


def run_ours(folder: Path) -> float:
    start = time.perf_counter()
    old = catalog.read_catalog(folder / "old.po")
    pot = catalog.read_catalog(folder / "new.pot")
    merged, _report = catalog.merge(old, pot)
    catalog.write_catalog(merged, folder / "ours.po")
    return time.perf_counter() - start


def run_msgmerge(tool: str, folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            tool,
            "--previous",
            "--no-wrap",
            "--quiet",
            "-o",
            str(folder / "gnu.po"),
            str(folder / "old.po"),
            str(folder / "new.pot"),
        ],
        check=True,
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the 10,000-unit catalog")
    parser.add_argument("--repeat", type=int, default=2, help="runs per tool (best is kept)")
    parser.add_argument("--seed", type=int, default=20250721)
    parser.add_argument(
        "--markov-50k", action="store_true", help="also 50,000 Markov units (msgmerge: minutes)"
    )
    args = parser.parse_args()
    tool = shutil.which("msgmerge")
    if tool is None:
        print("msgmerge (GNU gettext) is not installed: nothing to compare against")
        return 1
    version = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{version.splitlines()[0]}; Python {platform.python_version()}; {cores} cores")
    cases = [("shuffled", 10_000), ("markov", 10_000)]
    if not args.quick:
        cases.insert(1, ("shuffled", 50_000))
    if args.markov_50k:
        cases.append(("markov", 50_000))
    for text, size in cases:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            truth = scenario(size, args.seed + size, folder, text == "markov")
            edited = len(truth["edited"])  # type: ignore[arg-type]
            added = len(truth["added"])  # type: ignore[arg-type]
            gnu = min(run_msgmerge(tool, folder) for _ in range(args.repeat))
            ours = min(run_ours(folder) for _ in range(args.repeat))
            gnu_true, gnu_wrong, gnu_spurious = score(folder / "gnu.po", truth)
            our_true, our_wrong, our_spurious = score(folder / "ours.po", truth)
            print(
                f"\n{size:,} units of {text} text: {edited:,} edited, {size // 20:,} removed, "
                f"{added:,} added"
            )
            print(f"  {'':22} {'time':>8} {'true matches':>15} {'wrong':>6} {'spurious':>13}")
            for name, seconds, true, wrong, spurious in (
                ("msgmerge --previous", gnu, gnu_true, gnu_wrong, gnu_spurious),
                ("zhl10n update (merge)", ours, our_true, our_wrong, our_spurious),
            ):
                print(
                    f"  {name:22} {seconds:7.2f}s {true:>7,}/{edited:<7,} {wrong:>6,} "
                    f"{spurious:>5,}/{added:<7,}"
                )
            print(f"  ratio: zhl10n is {gnu / ours:.1f}x faster than msgmerge")
            goals = {
                "faster": ours < gnu,
                "true matches >= msgmerge": our_true >= gnu_true,
                "fewer spurious (or none)": our_spurious < gnu_spurious or our_spurious == 0,
            }
            print("  goals: " + ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in goals.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
