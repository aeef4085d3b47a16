"""Scale: whole-project runs at 10, 100 and 1,000 articles against a shell loop of gettext tools.

Generates projects of distinct articles derived from the repository's own
articles (paragraphs rotated, every sentence tagged with its article and
position so no two articles share a unit) in a temporary folder that is deleted
afterwards; nothing is committed. For each size it times, in one process each:

- ``first``: ``zhl10n run`` on a project with no catalogs yet;
- ``no change``: ``zhl10n run`` again;
- ``one edit``: ``zhl10n run`` after changing one sentence of one article;
- ``check``: ``zhl10n check``;
- ``gettext loop``: a shell loop of ``msgmerge --previous`` + ``msgfmt`` over the
  same catalogs (a process per file), the reference the issue compares against.

Peak memory is the largest resident set of any process of the command (wait4).
Also timed: start-up, ``python -c pass`` against ``zhl10n --version`` and
``zhl10n check`` on the one-article repository itself.

    python benchmarks/bench_scale.py              # 10, 100, 1,000 articles
    python benchmarks/bench_scale.py --quick      # 10 articles
    python benchmarks/bench_scale.py --sizes 300 --source /tmp/other-checkout
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: The console script's body, with the measured checkout first on the path.
ENTRY = (
    "import os, sys; sys.path.insert(0, os.environ['BENCH_SOURCE']); "
    "from pipeline.cli import main; sys.argv[0] = 'zhl10n'; main()"
)
SENTENCE_END = re.compile(r"([。！？])")


def seed_articles(repo: Path) -> list[tuple[str, str]]:
    """``(suffix, text)`` of every article of the repository (the derivation seeds)."""
    found = sorted(p for p in (repo / "articles").iterdir() if p.suffix in (".txt", ".md"))
    return [(p.suffix, p.read_text(encoding="utf-8")) for p in found]


def derive(text: str, number: int) -> str:
    """A distinct article from ``text``: paragraphs rotated, each sentence tagged."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    if len(paragraphs) > 2:  # keep the title first, rotate the body
        body = paragraphs[1:]
        shift = number % len(body)
        paragraphs = [paragraphs[0], *body[shift:], *body[:shift]]
    counter = 0

    def tag(match: re.Match[str]) -> str:
        nonlocal counter
        counter += 1
        return f"(第{number}篇{counter}){match.group(1)}"

    out = [SENTENCE_END.sub(tag, p) for p in paragraphs]
    out[0] = f"{out[0]}(第{number}篇)"
    return "\n\n".join(out) + "\n"


def make_project(root: Path, size: int, repo: Path = REPO) -> list[Path]:
    """Write a project of ``size`` articles under ``root``; returns the article paths."""
    seeds = seed_articles(repo)
    (root / "articles").mkdir(parents=True)
    for name in ("glossary.csv", "conversions.csv", "zhl10n.toml"):
        if (repo / name).is_file():
            shutil.copyfile(repo / name, root / name)
    corrections = _read_corrections(repo / "corrections.csv")
    rows: list[list[str]] = []
    paths = []
    for number in range(size):
        suffix, text = seeds[number % len(seeds)]
        slug = f"article-{number:04d}"
        derived = derive(text, number)
        path = root / "articles" / f"{slug}{suffix}"
        path.write_text(derived, encoding="utf-8")
        paths.append(path)
        rows.extend([slug, *row[1:]] for row in corrections if row[1] in derived)
    if corrections:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["article", "find", "replace", "note"])
        writer.writerows(rows)
        (root / "corrections.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return paths


def _read_corrections(path: Path) -> list[list[str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle)][1:]


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float, int]:
    """``(wall s, CPU s, peak MiB, exit code)`` of one command and its children, output discarded.

    CPU time (user + system, children included) is the steadier figure on a
    shared machine; wall time is what a user waits.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def gettext_loop(project: Path, env: dict[str, str]) -> tuple[float, float, float, int]:
    """``msgmerge --previous`` + ``msgfmt`` per catalog, in one shell loop."""
    scratch = project / ".gettext-loop"
    scratch.mkdir(exist_ok=True)
    script = (
        'for po in locales/*/LC_MESSAGES/*.po; do slug=$(basename "$po" .po); '
        f'msgmerge --quiet --previous -o {scratch}/out.po "$po" "locales/$slug.pot" '
        f"&& msgfmt -o {scratch}/out.mo {scratch}/out.po || exit 1; done"
    )
    result = timed(["bash", "-c", script], project, env)
    shutil.rmtree(scratch)
    return result


def edit_one_sentence(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first = SENTENCE_END.search(text, text.index("\n\n"))
    assert first is not None
    cut = first.start()
    path.write_text(text[:cut] + "(已更正)" + text[cut:], encoding="utf-8")


Row = dict[str, tuple[float, float, float]]


def scale_row(size: int, zhl10n: list[str], env: dict[str, str]) -> Row:
    with tempfile.TemporaryDirectory(prefix=f"zhl10n-scale-{size}-") as tmp:
        project = Path(tmp)
        paths = make_project(project, size)
        row: Row = {}
        for label, action in (
            ("first", None),
            ("no change", None),
            ("one edit", lambda: edit_one_sentence(paths[size // 2])),
        ):
            if action is not None:
                action()
            *figures, code = timed([*zhl10n, "run", "--keep-going"], project, env)
            if code not in (0, 1):
                raise SystemExit(f"zhl10n run failed ({code}) at {size} articles ({label})")
            row[label] = (figures[0], figures[1], figures[2])
        *figures, code = timed([*zhl10n, "check"], project, env)
        if code not in (0, 1):
            raise SystemExit(f"zhl10n check failed ({code}) at {size} articles")
        row["check"] = (figures[0], figures[1], figures[2])
        *figures, code = gettext_loop(project, env)
        if code != 0:
            raise SystemExit(f"the gettext loop failed at {size} articles")
        row["gettext loop"] = (figures[0], figures[1], figures[2])
        return row


def startup(zhl10n: list[str], env: dict[str, str], repeat: int) -> None:
    """Median start-up of the interpreter, ``--version`` and ``check`` on this repository."""
    rows = []
    for label, command in (
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("zhl10n --version", [*zhl10n, "--version"]),
        ("zhl10n check (this repository)", [*zhl10n, "check"]),
    ):
        timed(command, REPO, env)  # warm: bytecode written, files cached
        runs = [timed(command, REPO, env) for _ in range(repeat)]
        walls = sorted(run[0] for run in runs)
        cpus = sorted(run[1] for run in runs)
        rows.append((label, walls[len(walls) // 2], cpus[len(cpus) // 2]))
    base_wall, base_cpu = rows[0][1], rows[0][2]
    print(f"start-up (median of {repeat}):")
    for label, wall, cpu in rows:
        print(
            f"  {label:<32} wall {wall:6.3f} s {wall / base_wall:5.1f}x   "
            f"CPU {cpu:6.3f} s {cpu / base_cpu:5.1f}x python -c pass"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 articles only")
    parser.add_argument("--sizes", type=int, nargs="*", help="article counts (default 10 100 1000)")
    parser.add_argument(
        "--source", type=Path, default=REPO, help="checkout whose pipeline/ to measure"
    )
    args = parser.parse_args()
    sizes = [10] if args.quick else (args.sizes or [10, 100, 1000])
    env = dict(os.environ, BENCH_SOURCE=str(args.source.resolve()), COLUMNS="160")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure what a user's install does
    zhl10n = [sys.executable, "-c", ENTRY]
    print(f"bench_scale: {', '.join(map(str, sizes))} articles; code from {args.source}")
    startup(zhl10n, env, 3 if args.quick else 5)
    labels = ("first", "no change", "one edit", "check", "gettext loop")
    print("\nwall s / CPU s / peak MiB of the largest process")
    print(f"{'articles':>8} " + " ".join(f"{label:>22}" for label in labels))
    for size in sizes:
        row = scale_row(size, zhl10n, env)
        cells = [
            f"{row[label][0]:7.2f} /{row[label][1]:7.2f} /{row[label][2]:4.0f}" for label in labels
        ]
        print(f"{size:>8} " + " ".join(cells), flush=True)
        for index, kind in ((0, "wall"), (1, "CPU")):
            first, loop = row["first"][index], row["gettext loop"][index]
            print(
                f"{'':>8} {kind}: first/loop {first / loop:.2f} (goal <= 0.25), "
                f"no change/first {row['no change'][index] / first:.3f} (<= 0.02), "
                f"one edit/first {row['one edit'][index] / first:.3f} (<= 0.05)",
                flush=True,
            )


if __name__ == "__main__":
    main()
