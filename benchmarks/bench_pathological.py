"""Pathological inputs: each finishes with output or one line, and how long it takes.

Each case is a fresh project run as ``zhl10n extract`` (``run`` for the name cases) in its
own process; the figure is that process's CPU time (user + system) and its outcome (exit
code and the first line of stderr). No reference tool: these are bounds, not ratios.

    python benchmarks/bench_pathological.py            # 10 MB soup, 1 MB patterns
    python benchmarks/bench_pathological.py --quick    # a tenth of each
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000


def soup(size: int) -> str:
    cell = "<tr><td>中文段落內容，華為發布新品。</td><td>{}</td></tr><p><div>"
    return "<html><body><table>" + "".join(cell.format(i) for i in range(size // 80)) + "\n"


def cases(scale: float) -> list[tuple[str, bytes, str, str]]:
    """``(label, file name (bytes), content, configuration)``."""
    one = int(MB * scale)
    body = "標題\n\n華為發布新品{}。\n"
    autolinks = body.format("<https://" * (one // 9))
    return [
        ("10 MB HTML tag soup", b"soup.html", soup(int(10 * MB * scale)), ""),
        (
            "10 MB HTML tag soup, max_html_mb = 20",
            b"soup.html",
            soup(int(10 * MB * scale)),
            "max_html_mb = 20\n",
        ),
        ("1 MB of <https:// on one line (.md)", b"a.md", autolinks, ""),
        (
            "1 MB of <https:// on one line (.txt)",
            b"a.txt",
            autolinks,
            "",
        ),
        ("1 MB of ![ on one line (.md)", b"a.md", body.format("![" * (one // 2)), ""),
        ("1 MB of ![ on one line (.txt)", b"a.txt", body.format("![" * (one // 2)), ""),
        (
            "1 MB of ![ in 100-opener lines (.md)",
            b"a.md",
            body.format("\n".join("![" * 100 for _ in range(one // 200))),
            "",
        ),
        ("an article name of 240 bytes", ("長" * 78 + "ab.txt").encode(), body.format(""), ""),
        ("an article name that is not UTF-8", b"caf\xe9.txt", body.format(""), ""),
    ]


def run_case(base: Path, name: bytes, content: str, config: str, command: str) -> str:
    shutil.rmtree(base, ignore_errors=True)
    (base / "articles").mkdir(parents=True)
    (base / "zhl10n.toml").write_text(
        'glossary = ""\ncorrections = ""\nlocales = ["zh_TW"]\n' + config, encoding="utf-8"
    )
    with open(os.path.join(os.fsencode(base / "articles"), name), "w", encoding="utf-8") as f:
        f.write(content)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", command, "-q"],
        cwd=base,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = done.stderr.strip().splitlines()
    said = lines[0].split(": ", 2)[-1][:90] if lines else ""
    return (
        f"{cpu:6.1f} s CPU {time.perf_counter() - wall:6.1f} s wall  exit {done.returncode}"
        f"  {len(lines)} line(s) {said}"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for label, name, content, config in cases(0.1 if args.quick else 1.0):
            command = "run" if "name" in label else "extract"
            figure = run_case(Path(tmp) / "p", name, content, config, command)
            print(f"{label:<42} {figure}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
