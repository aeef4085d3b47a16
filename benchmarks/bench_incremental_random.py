"""Incremental runs against clean runs over random edit sequences (the cache never hides a change).

Each sequence starts a small project, runs it, then applies random edits (article
edits and same-size edits within one timestamp tick, added, deleted and hand-renamed
articles with a similar new one, glossary and override changes, configuration keys,
a library upgrade, translations, deleted or spoiled outputs); after each edit
``zhl10n run`` with state and a run without state must write the same files and exit
the same, and ``check --strict`` must exit the same with and without the cache
(``tests/incremental_edits.py``). Prints every divergence and the total; exit 1 if any.

    python benchmarks/bench_incremental_random.py            # 200 sequences of 4 edits
    python benchmarks/bench_incremental_random.py --quick    # 20
    python benchmarks/bench_incremental_random.py --sequences 50 --start 300
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from incremental_edits import divergences  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sequences", type=int, default=200)
    parser.add_argument("--length", type=int, default=4)
    parser.add_argument("--start", type=int, default=0)
    args = parser.parse_args()
    count = 20 if args.quick else args.sequences
    found: list[str] = []
    wall = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.start, args.start + count):
            for line in divergences(Path(tmp) / str(seed), seed, args.length):
                print(line, flush=True)
                found.append(line)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        f"sequences: {count} of {args.length} edits (seeds {args.start}-{args.start + count - 1}); "
        f"divergences: {len(found)}; CPU {usage.ru_utime + usage.ru_stime:.0f} s, "
        f"wall {time.perf_counter() - wall:.0f} s, peak {usage.ru_maxrss / 1024:.0f} MiB"
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
