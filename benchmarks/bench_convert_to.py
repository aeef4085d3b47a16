"""``zhl10n convert --to LOCALE`` against the raw OpenCC binding with the matching configuration.

Run: ``python benchmarks/bench_convert_to.py [--quick] [--size MB]``. Builds a text of 20 MB
(4 MB with ``--quick``) by repeating the seed article's source with varied figures, in the
script each target converts from (Simplified for zh_Hant, zh_TW and zh_HK; Traditional for
zh_Hans), and converts it in this process with ``jobs=1``:

* **raw**: the binding's ``convert`` with the configuration the locale mapping uses (s2tw,
  s2tw, s2hk, tw2s) on 256 KiB line-aligned batches, encoded to UTF-8;
* **zhl10n**: :func:`pipeline.convert.convert_paths` with the converter ``--to`` builds
  (the tool's conversions and vocabulary, no article glossary), same batches.

Figures: CPU seconds (user + system, best of ``--repeat``) and the ratio raw / zhl10n
(1.0 = as fast as the binding). Goal: >= 0.8 for every target.
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.convert import (  # noqa: E402
    article_profile,
    convert_paths,
    converter_for_locale,
    opencc_function,
)
from pipeline.layers import shipped_conversions, shipped_vocabulary  # noqa: E402

TARGETS = {"zh_Hans": "tw2s", "zh_Hant": "s2tw", "zh_TW": "s2tw", "zh_HK": "s2hk"}
CHUNK = 256 << 10


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def source_text(size_mb: float, traditional: bool) -> str:
    """Seed article lines repeated with varied figures until ``size_mb`` of UTF-8."""
    seed = next((ROOT / "articles").glob("*.md"), None) or next((ROOT / "articles").iterdir())
    lines = [line for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not traditional:
        to_simplified = opencc_function("t2s")
        lines = [str(to_simplified(line)) for line in lines]
    rng = random.Random(20)
    out: list[str] = []
    size = 0
    while size < size_mb * 1_000_000:
        line = rng.choice(lines).replace("2025", str(rng.randint(1990, 2030)))
        out.append(line)
        size += len(line.encode("utf-8")) + 1
    return "\n".join(out) + "\n"


def raw(text: str, config: str) -> float:
    convert = opencc_function(config)
    start = cpu()
    position = 0
    while position < len(text):
        end = text.rfind("\n", position, position + CHUNK) + 1 or len(text)
        convert(text[position:end]).encode("utf-8")
        position = end
    return cpu() - start


def ours(text: str, locale: str, traditional: bool) -> float:
    overrides, vocabulary = shipped_conversions(), shipped_vocabulary()
    script = "Hant" if traditional else "Hans"
    profile = article_profile(text[:4096], vocabulary, script=script)
    converter = converter_for_locale(
        locale, script, (), overrides, vocabulary=vocabulary, profile=profile
    )
    data = text.encode("utf-8")
    start = cpu()
    convert_paths(
        [None], None, stdin=io.BytesIO(data), stdout=io.BytesIO(), converter=converter, jobs=1
    )
    return cpu() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="4 MB instead of 20 MB")
    parser.add_argument("--size", type=float, help="text size in MB")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    size = args.size or (4.0 if args.quick else 20.0)
    texts = {True: source_text(size, True), False: source_text(size, False)}
    print(f"{size:g} MB per target, jobs=1, CPU seconds (best of {args.repeat})")
    print(f"{'target':<9}{'config':<8}{'raw':>8}{'zhl10n':>9}{'ratio':>8}")
    for locale, config in TARGETS.items():
        traditional = locale == "zh_Hans"
        text = texts[traditional]
        raw_best = min(raw(text, config) for _ in range(args.repeat))
        ours_best = min(ours(text, locale, traditional) for _ in range(args.repeat))
        ratio = raw_best / ours_best if ours_best else 0.0
        print(f"{locale:<9}{config:<8}{raw_best:>8.2f}{ours_best:>9.2f}{ratio:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
