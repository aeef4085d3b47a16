"""Review page of a large article: time to write it, and time for Chromium to show it.

Synthetic article of 2,000 units (400 paragraphs of five sentences, each with
glossary terms, numbers and characters that conversion changes), catalogs for
every locale filled by ``update`` (English left untranslated), then:

* ``commands.review`` (check included) and the page's size;
* in Debian's Chromium (driven by Playwright, as the browser tests do): time
  from navigation start to DOMContentLoaded, to the load event and to the first
  contentful paint, then the time to apply a filter (locale pair, only
  findings, hide matches) including the layout it causes. Medians of 3.

The goal from the review issue: a 2,000-unit article renders in under a
second in the browser.

    python benchmarks/bench_review.py          # 2,000 units
    python benchmarks/bench_review.py --quick  # 200 units
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline.commands.check import check
from pipeline.commands.extract import extract
from pipeline.commands.review import review
from pipeline.commands.update import update
from pipeline.config import load_config
from pipeline.workspace import Workspace

GLOSSARY = (
    "id,zh_Hant,zh_Hans,zh_TW,zh_HK,variants,en,forbidden_en,kind,case_sensitive,severity,note\n"
    "jensen-huang,黃仁勳,黄仁勋,,,黃仁勛,Jensen Huang,,person,no,error,NVIDIA CEO.\n"
    "ascend,昇騰,昇腾,,,,Ascend,Shengteng,product,yes,error,Huawei's AI chips.\n"
    "chip,芯片,芯片,晶片,,,chip,wafer,term,no,error,Taiwan uses 晶片.\n"
    "nvidia,英偉達,英伟达,輝達,,,NVIDIA,,organisation,yes,error,Taiwan uses 輝達.\n"
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def units_for_megabytes(megabytes: float) -> int:
    """Units of :func:`make_project`'s article that make about ``megabytes`` of UTF-8."""
    return max(2, int(megabytes * 1e6 / 160))


def make_project(root: Path, units: int) -> None:
    (root / "articles").mkdir()
    (root / "locales").mkdir()
    (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    sentences = [
        f"第{n}句：黃仁勳表示，英偉達與華為昇騰{n}芯片的產能在這個時間節點提升了"
        f"{n % 90 + 10}%，這一變化值得關注並產生著深遠影響。"
        for n in range(units - 1)
    ]
    paragraphs = ["".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    (root / "articles" / "large.txt").write_text(
        "大型文章標題：英偉達與華為\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
    )


def browser_figures(page_path: Path, rounds: int) -> dict[str, float] | None:
    chromium = os.environ.get("ZHL10N_CHROMIUM", "/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("browser: playwright not installed; skipped")
        return None
    if not Path(chromium).exists():
        print(f"browser: {chromium} not found; skipped")
        return None
    figures: dict[str, list[float]] = {
        "dcl": [],
        "load": [],
        "fcp": [],
        "filter": [],
        "busy": [],
        "layout": [],
    }
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium, headless=True, args=FLAGS,
            viewport={"width": 1500, "height": 1000},
        )  # fmt: skip
        for _ in range(rounds):
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
            page.goto(page_path.resolve().as_uri(), wait_until="load")
            page.wait_for_timeout(200)
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            figures["busy"].append(1000 * metrics["TaskDuration"])
            figures["layout"].append(
                1000 * (metrics["LayoutDuration"] + metrics["RecalcStyleDuration"])
            )
            timing: dict[str, Any] = page.evaluate(
                """() => {
                const nav = performance.getEntriesByType('navigation')[0];
                const paint = performance.getEntriesByName('first-contentful-paint')[0];
                return {dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
                        fcp: paint ? paint.startTime : -1};
            }"""
            )
            filter_ms = page.evaluate(
                """() => {
                const form = document.getElementById('filters');
                const start = performance.now();
                form.elements.pair.value = 'zh_TW';
                form.elements['hide-matches'].checked = true;
                form.dispatchEvent(new Event('change'));
                document.body.offsetHeight;  // force the layout the filter causes
                return performance.now() - start;
            }"""
            )
            for key in ("dcl", "load", "fcp"):
                figures[key].append(float(timing[key]))
            figures["filter"].append(float(filter_ms))
            page.close()
        context.close()
    return {key: statistics.median(values) for key, values in figures.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 units instead of 2,000")
    parser.add_argument(
        "--megabytes", type=float, default=2.0, help="size of the large article (default 2 MB)"
    )
    args = parser.parse_args()
    units = 200 if args.quick else 2000
    large = units_for_megabytes(args.megabytes / 10 if args.quick else args.megabytes)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_project(root, units)
        config = load_config(cwd=root)
        ws = Workspace(config)
        extract(ws)
        update(ws, converter_for=ws.converter_for())
        checked = check(Workspace(config))
        started, cpu = time.perf_counter(), time.process_time()
        review(Workspace(config), checked=checked)
        write_s, write_cpu = time.perf_counter() - started, time.process_time() - cpu
        started = time.perf_counter()
        result = review(Workspace(config))
        with_check_s = time.perf_counter() - started
        page_path = result.folder / "large.html"
        size = page_path.stat().st_size
        every = sorted(result.folder.glob("large*.html"))
        print(
            f"units: {units}, locales: {len(config.locales)}, first page: {size / 1e6:.2f} MB "
            f"({len(every)} pages, {sum(p.stat().st_size for p in every) / 1e6:.2f} MB in all)"
        )
        print(
            f"write the pages: {write_s:.2f} s wall, {write_cpu:.2f} s CPU "
            f"({with_check_s:.2f} s wall with the check)"
        )
        figures = browser_figures(page_path, rounds=3)
        print_figures(figures)
    large_article(large, args.megabytes / 10 if args.quick else args.megabytes)
    return 0


def large_article(units: int, megabytes: float) -> None:
    """A large article: its review pages (count, largest), the time to write them, memory."""
    import resource

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_project(root, units)
        article = root / "articles" / "large.txt"
        config = load_config(cwd=root)
        ws = Workspace(config)
        extract(ws)
        update(ws, converter_for=ws.converter_for())
        checked = check(Workspace(config))
        started, cpu = time.perf_counter(), time.process_time()
        result = review(Workspace(config), checked=checked)
        wall, used = time.perf_counter() - started, time.process_time() - cpu
        pages = sorted(result.folder.glob("large*.html"))
        sizes = [page.stat().st_size for page in pages]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"large article: {article.stat().st_size / 1e6:.2f} MB, {units} units -> "
            f"{len(pages)} review pages, largest {max(sizes) / 1e6:.2f} MB, "
            f"all {sum(sizes) / 1e6:.1f} MB; review {used:.1f} s CPU ({wall:.1f} s wall), "
            f"peak memory {peak:.0f} MiB"
        )
        figures = browser_figures(max(pages, key=lambda p: p.stat().st_size), rounds=1)
        if figures is not None:
            print(
                f"large article's largest page in Chromium: load {figures['load']:.0f} ms, "
                f"a filter change {figures['filter']:.0f} ms"
            )


def print_figures(figures: dict[str, float] | None) -> None:
    if figures is not None:
        print(
            f"Chromium (median of 3): DOMContentLoaded {figures['dcl']:.0f} ms, "
            f"load {figures['load']:.0f} ms, first contentful paint {figures['fcp']:.0f} ms; "
            f"a filter change with its layout {figures['filter']:.0f} ms"
        )
        print(
            f"renderer main thread, CPU time until load: {figures['busy']:.0f} ms "
            f"(style and layout {figures['layout']:.0f} ms); goal: render under 1,000 ms"
        )


if __name__ == "__main__":
    raise SystemExit(main())
