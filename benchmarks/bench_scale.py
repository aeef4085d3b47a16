"""Scale: whole-project runs at 300 (and 1,000) articles against the GNU gettext loop.

Generates, in a temporary folder deleted afterwards (nothing is committed), a
project of distinct articles derived from the repository's own articles, mixed
the way real repositories are: Traditional and Simplified sources from three
regions (a Taiwan page in Traditional with Taiwan words, a Hong Kong page with
Hong Kong words, a mainland page in Simplified, and the seed's own profile, a
mainland page put through a converter), each with varied figures, its sentences
in a different order, and every sentence tagged with its article so no two
articles share a unit. A tenth of the articles mention a company the glossary
does not know yet (摩爾線程), which the glossary-edit step adds.

For each size it measures, one process tree each (CPU = user + system of the
tree, the steadier figure on a shared machine; wall = what a user waits; peak
memory = the largest resident set of any process of the tree):

- ``first``: ``zhl10n run`` on a project with no catalogs yet;
- ``no change``: ``zhl10n run`` again;
- ``one edit``: ``zhl10n run`` after one sentence of one article changed;
- ``glossary``: ``zhl10n run`` after one glossary row (a term a tenth of the
  articles contain) was added;
- ``check``: ``zhl10n check`` with nothing changed;
- ``GNU loop``: ``msgmerge --previous`` + ``msgfmt`` over the same catalogs
  (a process per file), the reference, measured in the same run.

With ``--repeat N`` each figure is the minimum over N fresh projects. Also
timed: start-up, ``python -c pass`` against ``zhl10n --version`` and ``zhl10n
check`` on the one-article repository itself. ``--source`` measures another
checkout's ``pipeline/`` (a "before" tree) with this environment's libraries;
``--baseline`` measures a second checkout side by side in the same run.

    python benchmarks/bench_scale.py                   # 300 articles
    python benchmarks/bench_scale.py --full            # 300 and 1,000 articles
    python benchmarks/bench_scale.py --quick           # 30 articles
    python benchmarks/bench_scale.py --baseline /tmp/main-before --repeat 3
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: The console script's body, with the measured checkout first on the path.
ENTRY = (
    "import os, sys; sys.path.insert(0, os.environ['BENCH_SOURCE']); "
    "from pipeline.cli import main; sys.argv[0] = 'zhl10n'; main()"
)
SENTENCE = re.compile(r"[^。！？]*[。！？]|[^。！？]+$")
SENTENCE_END = re.compile(r"([。！？])")
#: Figures a page states (percentages, years, counts), not product names (H20, 910B, 360集團).
FIGURE = re.compile(r"(?<![A-Za-z0-9.])\d+(?![A-Za-z0-9.]|集)")
#: The article profiles of the corpus, in turn: (script, region).
PROFILES = (("Hant", "TW"), ("Hant", "HK"), ("Hans", "CN"), ("seed", "CN"))
#: The glossary row the glossary-edit step adds (摩爾線程, a term a tenth of the articles hold).
NEW_ROW = (
    "moore-threads,摩爾線程,摩尔线程,,,,Moore Threads,Moer Xiancheng,organisation,yes,error,"
    "Beijing GPU designer (MTT S4000).\n"
)
#: Every tenth article mentions the term of :data:`NEW_ROW`.
TERM_EVERY = 10


def seed_articles(repo: Path) -> list[tuple[str, str]]:
    """``(suffix, text)`` of every article of the repository (the derivation seeds)."""
    found = sorted(p for p in (repo / "articles").iterdir() if p.suffix in (".txt", ".md"))
    return [(p.suffix, p.read_text(encoding="utf-8")) for p in found]


def regional_words() -> dict[str, list[tuple[str, str]]]:
    """Region -> (mainland word, that region's word) pairs of the shipped vocabulary.

    Only rows where the region's word differs from the mainland one and is not
    another region's word too, so a page with them is recognisably that region's.
    """
    path = REPO / "pipeline" / "data" / "vocabulary.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    pairs: dict[str, list[tuple[str, str]]] = {"TW": [], "HK": [], "CN": []}
    for row in rows:
        cn = row["zh_Hans"].split("|")[0]
        tw = row["zh_TW"].split("|")[0]
        hk = row["zh_HK"].split("|")[0]
        if not (cn and tw and hk):
            continue
        if tw not in (cn, hk):
            pairs["TW"].append((cn, tw))
        if hk not in (cn, tw):
            pairs["HK"].append((cn, hk))
        if cn not in (tw, hk):
            pairs["CN"].append((cn, cn))
    return pairs


class Deriver:
    """Distinct articles of mixed script and region from seed texts (deterministic)."""

    def __init__(self) -> None:
        import opencc

        self.t2s = opencc.OpenCC("t2s").convert
        self.s2t = opencc.OpenCC("s2t").convert
        self.s2tw = opencc.OpenCC("s2tw").convert
        self.s2hk = opencc.OpenCC("s2hk").convert
        self.words = regional_words()

    def derive(self, text: str, number: int) -> str:
        """Article ``number`` from ``text``: profile, figures, sentence order, tags."""
        script, region = PROFILES[number % len(PROFILES)]
        rng = random.Random(number)
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        title, body = paragraphs[0], paragraphs[1:]
        if len(body) > 1:  # keep the title first, rotate the body
            shift = number % len(body)
            body = body[shift:] + body[:shift]
        body = [self._shuffle(p, rng) for p in body]
        body = [FIGURE.sub(lambda m: str(int(m.group()) + number % 7), p) for p in body]
        pairs = self.words[region]
        picked = rng.sample(pairs, min(3, len(pairs)))
        spell = self.s2t if script == "seed" else (lambda s: s)
        mention = "、".join(spell(cn) for cn, _word in picked)
        body.insert(1 + number % max(1, len(body) - 1), f"業內人士還提到{mention}等話題。")
        if number % TERM_EVERY == 0:
            body.insert(2, "據報道,摩爾線程也在推進新一代GPU的研發。")
        counter = 0

        def tag(match: re.Match[str]) -> str:
            nonlocal counter
            counter += 1
            return f"(第{number}篇{counter}){match.group(1)}"

        out = [SENTENCE_END.sub(tag, p) for p in [title, *body]]
        out[0] = f"{out[0]}(第{number}篇)"
        article = "\n\n".join(out) + "\n"
        if script == "seed":
            return article
        article = self.t2s(article)
        for cn, word in pairs:  # the region's words in place of the mainland's
            if cn != word:
                article = article.replace(cn, self.t2s(word))
        if script == "Hans":
            return article
        return (self.s2tw if region == "TW" else self.s2hk)(article)

    @staticmethod
    def _shuffle(paragraph: str, rng: random.Random) -> str:
        sentences = [s for s in SENTENCE.findall(paragraph) if s]
        if len(sentences) > 2:
            head, rest = sentences[0], sentences[1:]
            rng.shuffle(rest)
            sentences = [head, *rest]
        return "".join(sentences)


def make_project(root: Path, size: int, repo: Path = REPO) -> list[Path]:
    """Write a project of ``size`` articles under ``root``; returns the article paths."""
    seeds = seed_articles(repo)
    deriver = Deriver()
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
        derived = deriver.derive(text, number)
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


Figures = tuple[float, float, float]  # wall s, CPU s, peak MiB


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[Figures, int]:
    """``((wall s, CPU s, peak MiB), exit code)`` of one command and its children.

    CPU time (user + system, children included) is the steadier figure on a
    shared machine; wall time is what a user waits.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return (wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024), code


def gettext_loop(project: Path, env: dict[str, str]) -> Figures:
    """``msgmerge --previous`` + ``msgfmt`` per catalog, in one shell loop."""
    scratch = project / ".gettext-loop"
    scratch.mkdir(exist_ok=True)
    script = (
        'for po in locales/*/LC_MESSAGES/*.po; do slug=$(basename "$po" .po); '
        f'msgmerge --quiet --previous -o {scratch}/out.po "$po" "locales/$slug.pot" '
        f"&& msgfmt -o {scratch}/out.mo {scratch}/out.po || exit 1; done"
    )
    figures, code = timed(["bash", "-c", script], project, env)
    shutil.rmtree(scratch)
    if code != 0:
        raise SystemExit("the GNU loop failed")
    return figures


def edit_one_sentence(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first = SENTENCE_END.search(text, text.index("\n\n"))
    assert first is not None
    cut = first.start()
    path.write_text(text[:cut] + "(已更正)" + text[cut:], encoding="utf-8")


def add_glossary_row(project: Path) -> None:
    glossary = project / "glossary.csv"
    with glossary.open("a", encoding="utf-8") as handle:
        handle.write(NEW_ROW)


LABELS = ("first", "no change", "one edit", "glossary", "check", "GNU loop")
Row = dict[str, Figures]


def scale_row(size: int, zhl10n: list[str], env: dict[str, str], repeat: int) -> Row:
    """The figures of every step at ``size`` articles, minimum over ``repeat`` fresh projects."""
    runs: list[Row] = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix=f"zhl10n-scale-{size}-") as tmp:
            project = Path(tmp)
            paths = make_project(project, size)
            row: Row = {}
            steps: tuple[tuple[str, Callable[[], None] | None], ...] = (
                ("first", None),
                ("no change", None),
                ("one edit", partial(edit_one_sentence, paths[size // 2 + 1])),
            )
            for label, action in steps:
                if action is not None:
                    action()
                row[label], code = timed([*zhl10n, "run", "--keep-going"], project, env)
                if code not in (0, 1):
                    raise SystemExit(f"zhl10n run failed ({code}) at {size} articles ({label})")
            row["check"], code = timed([*zhl10n, "check"], project, env)
            if code not in (0, 1):
                raise SystemExit(f"zhl10n check failed ({code}) at {size} articles")
            row["GNU loop"] = gettext_loop(project, env)
            add_glossary_row(project)
            row["glossary"], code = timed([*zhl10n, "run", "--keep-going"], project, env)
            if code not in (0, 1):
                raise SystemExit(f"zhl10n run failed ({code}) after the glossary edit")
            runs.append(row)
    return {
        label: (
            min(r[label][0] for r in runs),
            min(r[label][1] for r in runs),
            min(r[label][2] for r in runs),
        )
        for label in LABELS
    }


def startup(checkouts: list[tuple[str, list[str], dict[str, str]]], repeat: int) -> None:
    """Median start-up of the interpreter, ``--version`` and ``check`` on this repository."""
    base_env = checkouts[0][2]
    rows = []
    commands = [("python -c pass", [sys.executable, "-c", "pass"], base_env)]
    for name, zhl10n, env in checkouts:
        commands.append((f"{name}: zhl10n --version", [*zhl10n, "--version"], env))
        commands.append((f"{name}: zhl10n check (seed)", [*zhl10n, "check"], env))
    for label, command, env in commands:
        timed(command, REPO, env)  # warm: bytecode written, files cached
        runs = [timed(command, REPO, env)[0] for _ in range(repeat)]
        walls = sorted(run[0] for run in runs)
        cpus = sorted(run[1] for run in runs)
        rows.append((label, walls[len(walls) // 2], cpus[len(cpus) // 2]))
    base_wall, base_cpu = rows[0][1], rows[0][2]
    print(f"start-up (median of {repeat}; goal: check <= 8x python -c pass in CPU):")
    for label, wall, cpu in rows:
        print(
            f"  {label:<34} wall {wall:6.3f} s {wall / base_wall:5.1f}x   "
            f"CPU {cpu:6.3f} s {cpu / base_cpu:5.1f}x"
        )


def report(name: str, size: int, row: Row) -> None:
    print(f"\n{name}, {size} articles: wall s / CPU s / peak MiB (largest process)")
    for label in LABELS:
        wall, cpu, peak = row[label]
        print(f"  {label:<10} {wall:8.2f} {cpu:8.2f} {peak:6.0f}")
    first, loop = row["first"], row["GNU loop"]
    for index, kind in ((1, "CPU"), (0, "wall")):
        print(
            f"  {kind:<4}: first/GNU loop {first[index] / loop[index]:.2f} (goal <= 0.25); "
            f"no change/first {row['no change'][index] / first[index]:.3f} (<= 0.02); "
            f"one edit/first {row['one edit'][index] / first[index]:.3f} (<= 0.05); "
            f"glossary/first {row['glossary'][index] / first[index]:.3f} "
            f"(proportional: {1 / TERM_EVERY:.2f} of the articles contain the term)",
            flush=True,
        )
    peak = max(figures[2] for label, figures in row.items() if label != "GNU loop")
    print(f"  peak memory {peak:.0f} MiB (goal <= 300 MB at 1,000 articles)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30 articles only")
    parser.add_argument("--full", action="store_true", help="300 and 1,000 articles")
    parser.add_argument("--sizes", type=int, nargs="*", help="article counts (default 300)")
    parser.add_argument("--repeat", type=int, default=1, help="fresh projects per figure (min)")
    parser.add_argument(
        "--source", type=Path, default=REPO, help="checkout whose pipeline/ to measure"
    )
    parser.add_argument(
        "--baseline", type=Path, help="a second checkout measured side by side (e.g. before)"
    )
    args = parser.parse_args()
    sizes = [30] if args.quick else (args.sizes or ([300, 1000] if args.full else [300]))
    checkouts = []
    for name, source in (("this", args.source), ("baseline", args.baseline)):
        if source is None:
            continue
        env = dict(os.environ, BENCH_SOURCE=str(source.resolve()), COLUMNS="160")
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure what a user's install does
        checkouts.append((name, [sys.executable, "-c", ENTRY], env))
    print(
        f"bench_scale: {', '.join(map(str, sizes))} articles; code from {args.source}"
        + (f", baseline {args.baseline}" if args.baseline else "")
        + f"; {len(os.sched_getaffinity(0))} cores, load {os.getloadavg()[0]:.1f}"
    )
    startup(checkouts, 3 if args.quick else 5)
    for size in sizes:
        for name, zhl10n, env in checkouts:
            report(name, size, scale_row(size, zhl10n, env, args.repeat))


if __name__ == "__main__":
    main()
