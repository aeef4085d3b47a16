"""Throughput of ``zhl10n convert`` against the raw OpenCC binding (and the pure-Python clone).

Run: ``python benchmarks/bench_convert.py [--quick]``. Builds a text of at
least 20 MB (4 MB with ``--quick``) from the article's cleaned text, repeated
with variation, and measures characters per second for each OpenCC
configuration the pipeline uses on a Traditional source (t2s, s2tw, s2twp, s2hk):

* ``raw (memory)``: the binding's ``convert`` on 1 MiB line-aligned batches of
  text already in memory, no I/O: the fastest possible use of OpenCC.
* ``raw (file)``: the binding on the same file the way a careful script would do
  it: read 1 MiB chunks, cut after the last newline, decode, convert, encode,
  write. The same work as ``zhl10n convert``, so the goals are measured
  against this.
* ``zhl10n --no-glossary`` and ``zhl10n (shielded)``: the library function
  behind ``zhl10n convert`` (:func:`pipeline.convert.convert_paths`) in this
  process, with ``jobs=1`` (one process, like the binding) and with the
  default ``jobs=0`` (worker processes on multi-core machines).
* the ``zhl10n convert`` executable once per configuration, to a file.
* opencc-python-reimplemented in its own virtual environment (it installs a
  module also named ``opencc``), on a slice, scaled per character.

Goals: shielded >= 80% and --no-glossary >= 95% of ``raw (file)``.
Each figure is the best of ``--repeat`` runs, variants interleaved, because
other processes on a shared machine only ever make a run slower.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import opencc  # noqa: E402

from pipeline.convert import (  # noqa: E402
    Converter,
    convert_paths,
    converter_for_config,
    engine_info,
    resolve_jobs,
)
from pipeline.models import ConversionOverride, GlossaryEntry  # noqa: E402

ARTICLE = ROOT / "articles" / "huang-visit-2025-07-21.txt"
CONFIGS = ("t2s", "s2tw", "s2twp", "s2hk")
BATCH = 1 << 20
REIMPL_VENV = Path(tempfile.gettempdir()) / "zhl10n-bench" / "opencc-reimpl"

#: Used only when the repository has no glossary.csv: 30 terms of the article.
FALLBACK_TERMS = (
    ("昇騰", "昇腾", "", ""),
    ("英偉達", "英伟达", "輝達", "英偉達"),
    ("黃仁勳", "黄仁勋", "", ""),
    ("華為", "华为", "", ""),
    ("臺積電", "台积电", "台積電", "台積電"),
    ("寒武紀", "寒武纪", "", ""),
    ("壁仞科技", "壁仞科技", "", ""),
    ("周鴻禕", "周鸿祎", "", ""),
    ("任正非", "任正非", "", ""),
    ("中芯國際", "中芯国际", "", ""),
    ("鯤鵬", "鲲鹏", "", ""),
    ("達芬奇", "达芬奇", "達文西", ""),
    ("360集團", "360集团", "", ""),
    ("摩爾定律", "摩尔定律", "", ""),
    ("出口管制", "出口管制", "", ""),
    ("算力", "算力", "", ""),
    ("芯片", "芯片", "晶片", ""),
    ("數據中心", "数据中心", "資料中心", ""),
    ("異構計算", "异构计算", "異質運算", ""),
    ("3D堆疊", "3D堆叠", "", ""),
    ("光計算", "光计算", "", ""),
    ("指令集", "指令集", "", ""),
    ("先進製程", "先进制程", "", ""),
    ("去中心化", "去中心化", "", ""),
    ("疊加和集群", "叠加和集群", "疊加和叢集", ""),
    ("場景驅動型", "场景驱动型", "", ""),
    ("技術驅動型", "技术驱动型", "", ""),
    ("特供版", "特供版", "", ""),
    ("訓練", "训练", "", ""),
    ("生態", "生态", "", ""),
)


def article_text() -> str:
    """The article's cleaned text (the pipeline's ingest), or the raw file if that fails."""
    try:
        from pipeline.ingest import read_article

        return "\n".join(block.text for block in read_article(ARTICLE).blocks)
    except Exception:  # the benchmark must not depend on ingest details
        return ARTICLE.read_text(encoding="utf-8")


def build_text(megabytes: float) -> str:
    """Copies of the article, each with its paragraphs rotated and its numbers changed."""
    paragraphs = [p for p in article_text().splitlines() if p.strip()]
    rng = random.Random(20250721)
    pieces: list[str] = []
    size = 0
    copy = 0
    target = int(megabytes * 1_000_000)
    while size < target:
        shift = copy % len(paragraphs)
        order = paragraphs[shift:] + paragraphs[:shift]
        year = str(1990 + rng.randrange(60))
        block = "\n".join(p.replace("2025", year) for p in order) + f"\n（第{copy + 1}篇）\n"
        pieces.append(block)
        size += len(block.encode("utf-8"))
        copy += 1
    return "".join(pieces)


def load_terms() -> tuple[tuple[GlossaryEntry, ...], tuple[ConversionOverride, ...], str]:
    glossary, conversions = ROOT / "glossary.csv", ROOT / "pipeline" / "data" / "conversions.csv"
    if glossary.is_file():
        from pipeline.glossary import load_conversions, load_glossary

        entries = load_glossary(glossary)
        overrides = load_conversions(conversions, missing_ok=True)
        return entries, overrides, f"repository glossary.csv ({len(entries)} entries)"
    entries = tuple(
        GlossaryEntry(f"t{i}", hant, hans, f"term {i}", zh_TW=tw, zh_HK=hk)
        for i, (hant, hans, tw, hk) in enumerate(FALLBACK_TERMS)
    )
    return entries, (), f"built-in {len(entries)}-term fixture (no glossary.csv)"


def line_batches(text: str, size: int) -> list[str]:
    batches = []
    start = 0
    while start < len(text):
        end = text.rfind("\n", start, start + size) + 1 or min(len(text), start + size)
        if end <= start:
            end = min(len(text), start + size)
        batches.append(text[start:end])
        start = end
    return batches


def raw_memory(engine: opencc.OpenCC, batches: list[str]) -> None:
    convert = engine.convert
    for batch in batches:
        convert(batch)


def raw_file(engine: opencc.OpenCC, path: Path) -> None:
    convert = engine.convert
    with path.open("rb") as source, open(os.devnull, "wb") as sink:
        rest = b""
        while chunk := source.read(BATCH):
            data = rest + chunk
            end = data.rfind(b"\n") + 1
            if end:
                sink.write(convert(data[:end].decode("utf-8")).encode("utf-8"))
                rest = data[end:]
            else:
                rest = data
        if rest:
            sink.write(convert(rest.decode("utf-8")).encode("utf-8"))


def zhl10n_file(converter: Converter, path: Path, jobs: int) -> None:
    with open(os.devnull, "wb") as sink:
        convert_paths(
            [path], None, stdin=sys.stdin.buffer, stdout=sink, converter=converter, jobs=jobs
        )


def best_times(variants: dict[str, Callable[[], None]], repeat: int) -> dict[str, float]:
    best = {name: float("inf") for name in variants}
    for _ in range(repeat):
        for name, run in variants.items():
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def cli_run(path: Path, out: Path, config: str, shielded: bool) -> tuple[float, int]:
    """Wall time of the zhl10n executable and the largest child RSS so far (KiB)."""
    exe = Path(sys.executable).parent / "zhl10n"
    command = [str(exe)] if exe.is_file() else [sys.executable, "-m", "pipeline.cli"]
    command += ["convert", "-c", config, str(path), "-o", str(out)]
    if not shielded:
        command.append("--no-glossary")
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def reimplemented_python(venv: Path) -> Path | None:
    """The reimplemented module's interpreter, installing it in its own venv if needed."""
    python = venv / "bin" / "python"
    probe = "import opencc, sys; sys.exit(0 if not hasattr(opencc, 'CONFIGS') else 1)"
    if python.is_file() and subprocess.run([str(python), "-c", probe]).returncode == 0:
        return python
    try:
        if venv.exists():
            shutil.rmtree(venv)
        venv.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "opencc-python-reimplemented"],
            check=True,
            timeout=300,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"  opencc-python-reimplemented: not measured (cannot install: {exc})")
        return None
    return python


REIMPL_SCRIPT = """
import sys, time, opencc
text = open(sys.argv[1], encoding="utf-8").read()
for config in sys.argv[2:]:
    engine = opencc.OpenCC(config)
    start = time.perf_counter()
    engine.convert(text)
    print(config, len(text) / (time.perf_counter() - start))
"""


def reimplemented_speeds(python: Path, text: str, configs: tuple[str, ...]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        slice_path = Path(folder) / "slice.txt"
        slice_path.write_text(text, encoding="utf-8")
        result = subprocess.run(
            [str(python), "-c", REIMPL_SCRIPT, str(slice_path), *configs],
            capture_output=True,
            text=True,
            timeout=600,
        )
    if result.returncode != 0:
        print(f"  opencc-python-reimplemented: not measured ({result.stderr.strip()[-200:]})")
        return {}
    return {line.split()[0]: float(line.split()[1]) for line in result.stdout.splitlines()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 MB instead of 20 MB, 2 runs")
    parser.add_argument("--size", type=float, help="text size in MB (default 20, quick 4)")
    parser.add_argument(
        "--repeat", type=int, help="runs per variant, best kept (default 5, quick 2)"
    )
    parser.add_argument("--configs", default=",".join(CONFIGS), help="comma-separated configs")
    parser.add_argument("--reimpl-venv", type=Path, default=REIMPL_VENV, help="venv for the clone")
    parser.add_argument("--no-reimpl", action="store_true", help="skip the pure-Python clone")
    args = parser.parse_args(argv)
    size = args.size or (4.0 if args.quick else 20.0)
    repeat = args.repeat or (2 if args.quick else 5)
    configs = tuple(c for c in args.configs.split(",") if c)

    info = engine_info()
    print(f"engine: {info.describe()}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, "
        f"{platform.python_implementation()} {platform.python_version()}, {platform.system()}"
    )
    text = build_text(size)
    entries, overrides, source = load_terms()
    workers = resolve_jobs(0)
    with tempfile.TemporaryDirectory(prefix="zhl10n-bench-") as folder:
        path = Path(folder) / "input.txt"
        path.write_text(text, encoding="utf-8", newline="")
        chars = len(text)
        print(
            f"text: {path.stat().st_size / 1e6:.1f} MB, {chars:,} characters "
            f"(article repeated with variation); glossary: {source}; "
            f"best of {repeat} runs; jobs=0 means {workers} worker process(es)"
        )
        batches = line_batches(text, BATCH // 3)
        print()
        header = (
            f"{'config':<7} {'variant':<32} {'chars/s':>14} {'vs raw file':>12} {'vs raw mem':>11}"
        )
        print(header)
        print("-" * len(header))
        summary: list[str] = []
        for config in configs:
            engine = opencc.OpenCC(config, include_tofu_risk_dictionaries=False)
            plain = Converter(config)
            shielded = converter_for_config(config, entries, overrides)
            variants: dict[str, Callable[[], None]] = {
                "raw binding (memory)": partial(raw_memory, engine, batches),
                "raw binding (file)": partial(raw_file, engine, path),
                "zhl10n --no-glossary, jobs=1": partial(zhl10n_file, plain, path, 1),
                "zhl10n shielded, jobs=1": partial(zhl10n_file, shielded, path, 1),
            }
            if workers > 1:
                variants["zhl10n --no-glossary, jobs=0"] = partial(zhl10n_file, plain, path, 0)
                variants["zhl10n shielded, jobs=0"] = partial(zhl10n_file, shielded, path, 0)
            best = best_times(variants, repeat)
            speed = {name: chars / seconds for name, seconds in best.items()}
            base_file, base_mem = speed["raw binding (file)"], speed["raw binding (memory)"]
            for name, value in speed.items():
                print(
                    f"{config:<7} {name:<32} {value:>14,.0f} "
                    f"{value / base_file:>11.0%} {value / base_mem:>10.0%}"
                )
            for jobs in ("1", "0") if workers > 1 else ("1",):
                ratio_shield = speed[f"zhl10n shielded, jobs={jobs}"] / base_file
                ratio_plain = speed[f"zhl10n --no-glossary, jobs={jobs}"] / base_file
                summary.append(
                    f"{config:<7} jobs={jobs}: shielded {ratio_shield:.1%} "
                    f"({'meets' if ratio_shield >= 0.80 else 'MISSES'} 80%), --no-glossary "
                    f"{ratio_plain:.1%} ({'meets' if ratio_plain >= 0.95 else 'MISSES'} 95%)"
                )
            out = Path(folder) / "out.txt"
            for shield in (True, False):
                seconds, rss = cli_run(path, out, config, shield)
                label = "zhl10n convert exe" + ("" if shield else " --no-glossary")
                print(
                    f"{config:<7} {label:<32} {chars / seconds:>14,.0f} "
                    f"{chars / seconds / base_file:>11.0%} {chars / seconds / base_mem:>10.0%}"
                    f"   (-o file, start-up included; max RSS {rss / 1024:.0f} MiB)"
                )
            print()
        if not args.no_reimpl:
            python = reimplemented_python(args.reimpl_venv)
            if python is not None:
                slice_chars = 100_000 if args.quick else 300_000
                speeds = reimplemented_speeds(python, text[:slice_chars], configs)
                for config, value in speeds.items():
                    engine = opencc.OpenCC(config, include_tofu_risk_dictionaries=False)
                    start = time.perf_counter()
                    engine.convert(text[:slice_chars])
                    binding = slice_chars / (time.perf_counter() - start)
                    print(
                        f"{config:<7} {'opencc-python-reimplemented':<32} {value:>14,.0f} "
                        f"{value / binding:>11.0%} of the binding on the same "
                        f"{slice_chars:,}-character slice (throughput is per character)"
                    )
                print()
        print("goals (vs raw binding, file to file):")
        for line in summary:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
