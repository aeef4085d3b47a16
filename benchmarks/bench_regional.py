"""Errors per locale over the regional corpus, for each candidate conversion engine.

Run: ``python benchmarks/bench_regional.py [--quick]`` (the corpus is small: both modes
run everything; ``--quick`` skips building the zhconv-rs environment if it is missing).
The corpus is ``tests/data/regional/``: 32 pages (Taiwan, Hong Kong, mainland, and
mainland copy put through a character converter) with golden output per locale.

Candidates:

* ``zhl10n``: the pipeline (leftover repair, vocabulary.csv, quote style, glossary).
* ``OpenCC blanket``: the previous mapping (Traditional source: t2s, s2tw, s2twp, s2hk;
  Simplified: source, s2tw, s2twp, s2hk) with the glossary and conversions shielded.
* ``zhconv-rs``: MediaWiki + OpenCC rules (PyPI ``zhconv-rs``) to zh-hans/zh-hant/zh-tw/zh-hk,
  installed in its own virtual environment (network needed once), glossary not applied.
* ``zhl10n + zhconv-rs regional``: our repair and glossary, no vocabulary.csv, then
  zhconv-rs for the regional step (zh-tw, zh-hk, zh-cn).

Figures: pages whose output differs from the golden, and characters wrong (edit
operations from difflib), per locale. Goal for zhl10n: 0.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.convert import (  # noqa: E402
    Converter,
    article_profile,
    converter_for_locale,
    shield_table,
)
from pipeline.glossary import load_conversions, load_glossary, load_vocabulary  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "regional"
LOCALES = ("zh_Hans", "zh_Hant", "zh_TW", "zh_HK")
OLD_MAPPING = {
    "Hant": {"zh_Hans": "t2s", "zh_Hant": "s2tw", "zh_TW": "s2twp", "zh_HK": "s2hk"},
    "Hans": {"zh_Hans": "", "zh_Hant": "s2tw", "zh_TW": "s2twp", "zh_HK": "s2hk"},
}
ZHCONV_TARGETS = {"zh_Hans": "zh-hans", "zh_Hant": "zh-hant", "zh_TW": "zh-tw", "zh_HK": "zh-hk"}
ZHCONV_REGIONAL = {"zh_Hans": "zh-cn", "zh_Hant": "", "zh_TW": "zh-tw", "zh_HK": "zh-hk"}
ZHCONV_VENV = Path(tempfile.gettempdir()) / "zhl10n-bench" / "zhconv-rs"

Engine = Callable[[str, str], str]


def pages() -> list[tuple[str, str, dict[str, str]]]:
    found = []
    for page in sorted(p for p in CORPUS.glob("*.txt") if p.name.count(".") == 1):
        goldens = {
            loc: (CORPUS / f"{page.stem}.{loc}.txt").read_text(encoding="utf-8") for loc in LOCALES
        }
        found.append((page.stem, page.read_text(encoding="utf-8"), goldens))
    return found


def char_errors(out: str, golden: str) -> int:
    matcher = difflib.SequenceMatcher(None, out, golden, autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )


def zhl10n_engine(with_vocabulary: bool = True) -> Engine:
    glossary = load_glossary(ROOT / "glossary.csv")
    overrides = load_conversions(ROOT / "pipeline" / "data" / "conversions.csv")
    vocabulary = (
        load_vocabulary(ROOT / "pipeline" / "data" / "vocabulary.csv") if with_vocabulary else ()
    )
    words = load_vocabulary(ROOT / "pipeline" / "data" / "vocabulary.csv")

    def run(text: str, locale: str) -> str:
        found = article_profile(text, words)
        script = "Hans" if found.script == "Hans" else "Hant"
        converter = converter_for_locale(
            locale, script, glossary, overrides, vocabulary=vocabulary, profile=found
        )
        return converter(text)

    return run


def blanket_engine() -> Engine:
    glossary = load_glossary(ROOT / "glossary.csv")
    overrides = load_conversions(ROOT / "pipeline" / "data" / "conversions.csv")

    def run(text: str, locale: str) -> str:
        script = "Hans" if article_profile(text).script == "Hans" else "Hant"
        config = OLD_MAPPING[script][locale]
        return Converter(config, shield_table(locale, glossary, overrides), locale=locale)(text)

    return run


def zhconv_python(quick: bool) -> Path | None:
    """A Python with zhconv-rs: this one if it imports, else a venv of its own."""
    try:
        import zhconv_rs  # noqa: F401

        return Path(sys.executable)
    except ImportError:
        pass
    python = ZHCONV_VENV / "bin" / "python"
    if python.is_file():
        return python
    if quick:
        return None
    try:
        subprocess.run([sys.executable, "-m", "venv", str(ZHCONV_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "zhconv-rs"],
            check=True,
            capture_output=True,
        )
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"zhconv-rs: cannot install ({exc}); skipped")
        return None
    return python


def zhconv_batch(python: Path, jobs: list[tuple[str, str]]) -> list[str]:
    """Convert (text, target) pairs in one zhconv-rs process."""
    script = (
        "import json, sys\nfrom zhconv_rs import zhconv\n"
        "jobs = json.load(sys.stdin)\n"
        "print(json.dumps([zhconv(t, v) if v else t for t, v in jobs]))\n"
    )
    done = subprocess.run(
        [str(python), "-c", script],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(done.stdout))


def measure(name: str, outputs: dict[tuple[str, str], str], corpus: list) -> dict[str, tuple]:
    row = {}
    for locale in LOCALES:
        wrong = chars = 0
        for stem, _text, goldens in corpus:
            out = outputs[(stem, locale)]
            if out != goldens[locale]:
                wrong += 1
                chars += char_errors(out, goldens[locale])
        row[locale] = (wrong, chars)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="do not install zhconv-rs")
    args = parser.parse_args(argv)
    corpus = pages()
    print(f"corpus: {len(corpus)} pages x {len(LOCALES)} locales ({CORPUS.relative_to(ROOT)})")
    results: dict[str, dict[str, tuple]] = {}
    for name, engine in (
        ("zhl10n", zhl10n_engine()),
        ("OpenCC blanket (old mapping)", blanket_engine()),
    ):
        outputs = {(s, loc): engine(t, loc) for s, t, _g in corpus for loc in LOCALES}
        results[name] = measure(name, outputs, corpus)
    python = zhconv_python(args.quick)
    if python is not None:
        jobs = [(t, ZHCONV_TARGETS[loc]) for _s, t, _g in corpus for loc in LOCALES]
        converted = iter(zhconv_batch(python, jobs))
        outputs = {(s, loc): next(converted) for s, _t, _g in corpus for loc in LOCALES}
        results["zhconv-rs"] = measure("zhconv-rs", outputs, corpus)
        ours = zhl10n_engine(with_vocabulary=False)
        first = {(s, loc): ours(t, loc) for s, t, _g in corpus for loc in LOCALES}
        jobs = [(first[(s, loc)], ZHCONV_REGIONAL[loc]) for s, _t, _g in corpus for loc in LOCALES]
        converted = iter(zhconv_batch(python, jobs))
        outputs = {(s, loc): next(converted) for s, _t, _g in corpus for loc in LOCALES}
        results["zhl10n repair + zhconv-rs regional"] = measure("x", outputs, corpus)
    else:
        print("zhconv-rs: not available (run without --quick to install it in its own venv)")
    width = max(map(len, results)) + 2
    print(f"\n{'engine':<{width}}" + "".join(f"{loc:>16}" for loc in LOCALES) + f"{'total':>16}")
    for name, row in results.items():
        cells = "".join(f"{f'{w} pages/{c} ch':>16}" for w, c in row.values())
        total_w = sum(w for w, _ in row.values())
        total_c = sum(c for _, c in row.values())
        print(f"{name:<{width}}{cells}{f'{total_w} pages/{total_c} ch':>16}")
    print("\n(pages whose output differs from the golden / characters wrong; goal 0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
