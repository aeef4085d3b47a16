"""Compiling a 50,000-entry catalog to MO: zhl10n's writer against GNU ``msgfmt``.

Run: ``python benchmarks/bench_mo.py [--quick]`` (5,000 entries with ``--quick``).

The catalog is fully translated, with synthetic Chinese sentences (the seed
article's characters shuffled) and one id per unit, like the project's own.
Timed, best of ``--repeat`` runs, all in this run:

* ``msgfmt`` (a process: reads the PO, writes the MO with its hash table);
* ``zhl10n build`` step: read the PO and :func:`pipeline.catalog.write_mo`,
  the same work as msgfmt, with no hash table (the default) and with one;
* ``write_mo`` alone on a catalog already in memory.

Goal: within 3x of msgfmt. polib's ``save_as_mofile`` is quadratic (68 s at
50,000 entries on the machine the issue was measured on); ``--polib`` times it
on 5,000 and 20,000 entries to show how it grows.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import catalog  # noqa: E402
from pipeline.models import Unit  # noqa: E402

ARTICLE = ROOT / "articles" / "huang-visit-2025-07-21.txt"


def make_catalog(size: int, folder: Path) -> Path:
    rng = random.Random(size)
    chars = [c for c in ARTICLE.read_text(encoding="utf-8") if not c.isspace()]
    texts: dict[str, None] = {}
    while len(texts) < size:
        texts["".join(rng.choices(chars, k=rng.randint(8, 60))) + "。"] = None
    units = [
        Unit(hashlib.sha1(t.encode()).hexdigest()[:10], t, "paragraph", "articles/b.txt", i, i)
        for i, t in enumerate(texts)
    ]
    pot = catalog.template_for(
        units,
        project="zhl10n bench",
        source_path="articles/b.txt",
        source_language="zh_Hant",
        creation_date="2025-07-21 10:00+0000",
    )
    po = catalog.new_catalog(pot, "zh_TW")
    catalog.fill_converted(po, lambda text: text[::-1])
    path = folder / "big.po"
    catalog.write_catalog(po, path)
    return path


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 entries instead of 50,000")
    parser.add_argument("--repeat", type=int, default=3, help="runs per variant (best is kept)")
    parser.add_argument("--polib", action="store_true", help="also time polib on 5,000 entries")
    args = parser.parse_args()
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        print("msgfmt (GNU gettext) is not installed: nothing to compare against")
        return 1
    size = 5_000 if args.quick else 50_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = make_catalog(size, folder)
        po = catalog.read_catalog(source)

        def gnu() -> None:
            subprocess.run([msgfmt, "-o", str(folder / "gnu.mo"), str(source)], check=True)

        def ours(hash_table: bool) -> Callable[[], object]:
            return lambda: catalog.write_mo(
                catalog.read_catalog(source), folder / "ours.mo", hash_table=hash_table
            )

        def in_memory() -> None:
            (folder / "mem.mo").unlink(missing_ok=True)
            catalog.write_mo(po, folder / "mem.mo")

        reference = best(args.repeat, gnu)
        rows = [
            ("msgfmt (with hash table)", reference),
            ("zhl10n read + write_mo", best(args.repeat, ours(False))),
            ("zhl10n read + write_mo (hash)", best(args.repeat, ours(True))),
            ("zhl10n write_mo only", best(args.repeat, in_memory)),
        ]
        same = catalog.mo_bytes(po, hash_table=True) == (folder / "gnu.mo").read_bytes()
        print(f"{size:,} translated entries, MO of {(folder / 'gnu.mo').stat().st_size:,} bytes")
        for name, seconds in rows:
            print(f"  {name:31} {seconds:6.2f}s  {seconds / reference:5.2f}x msgfmt")
        print(f"  with a hash table our MO is byte-identical to msgfmt's: {same}")
        worst = max(seconds for _, seconds in rows[1:3]) / reference
        print(f"  goal (within 3x of msgfmt, reading included): {'yes' if worst <= 3 else 'NO'}")
        if args.polib:
            for count in (n for n in (5_000, 20_000) if n <= size):
                small = catalog.Catalog()
                small.metadata = po.metadata
                small.extend(list(po)[:count])
                polib_time = best(1, lambda po=small: po.save_as_mofile(str(folder / "polib.mo")))
                ours_time = best(1, lambda po=small: catalog.write_mo(po, folder / "small.mo"))
                print(
                    f"  polib save_as_mofile, {count:,} entries: {polib_time:.2f}s "
                    f"(write_mo: {ours_time:.2f}s)"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
