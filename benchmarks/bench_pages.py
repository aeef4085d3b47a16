"""How clean real pages come out of ``extract``: the labelled page corpus, scored by its own tool.

Run: ``python benchmarks/bench_pages.py [--pages DIR] [--units OUT.tsv] [--verbose]``.

The pages (default ``../shared/corpus/pages`` next to the repository, or any folder
labelled the same way, such as a fresh batch) are copied into the ``articles/``
folder of a temporary project and read the way ``extract`` reads a project, so
signals that look across a project's articles see the whole set. Each unit
becomes one row of the units file ``score.py`` reads: the page, the first and
last line of the page it covers, whether it is the headline, and its text. Then
the folder's ``score.py`` (or the corpus's) prints its summary: residue lines
kept, body/heading/list lines dropped and headlines right for text and
Markdown pages; residue strings kept, body sentences missing and headlines
right for HTML pages.

Goals (issue 19): residue kept <= 3 %, content dropped <= 0.5 %, titles right >= 95 %.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.errors import PipelineError  # noqa: E402
from pipeline.ingest import read_article  # noqa: E402
from pipeline.models import Article, Unit  # noqa: E402
from pipeline.segment import segment, split_sentences  # noqa: E402


def _corpus() -> Path:
    """``../shared/corpus/pages`` beside the repository (or beside its main checkout,
    when this is a git worktree)."""
    here = ROOT.parent / "shared" / "corpus" / "pages"
    if here.is_dir():
        return here
    try:
        common = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--path-format=absolute", "--git-common-dir"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        return here
    main = Path(common).parent.parent / "shared" / "corpus" / "pages" if common else here
    return main if main.is_dir() else here


CORPUS = _corpus()
SUFFIXES = (".txt", ".md", ".html")


def page_files(folder: Path) -> list[Path]:
    """Every page of ``folder`` that has a label file, sorted."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in SUFFIXES and p.with_name(p.name + ".labels.tsv").is_file()
    )


def unit_rows(article: Article, units: tuple[Unit, ...], name: str) -> list[list[str]]:
    """Rows of the units file: where each unit starts and ends in the page."""
    ends: dict[tuple[int, int], int] = {}
    for index, block in enumerate(article.blocks):
        pieces = [block.text] if block.kind in ("title", "heading") else split_sentences(block.text)
        offset = 0
        for piece in pieces:
            if piece.strip():
                last = offset + len(piece.rstrip()) - 1
                ends[(index, block.line_at(offset))] = block.line_at(max(last, offset))
            offset += len(piece)
    rows = []
    for unit in units:
        text = " ".join(unit.source.split())
        if article.format == "html":
            first = last = ""
        else:
            first = str(unit.line)
            last = str(max(unit.line, ends.get((unit.block, unit.line), unit.line)))
        rows.append([name, first, last, "1" if unit.kind == "title" else "0", text])
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="accepted for make bench --quick")
    parser.add_argument("--pages", type=Path, default=CORPUS, help="labelled pages folder")
    parser.add_argument("--units", type=Path, help="keep the units file here")
    parser.add_argument("--verbose", action="store_true", help="score.py lists every error")
    args = parser.parse_args()
    if not args.pages.is_dir():
        print(f"bench_pages: skipped, no labelled pages at {args.pages}")
        return 0
    scorer = args.pages / "score.py"
    if not scorer.is_file():
        scorer = CORPUS / "score.py"
    if not scorer.is_file():
        print(f"bench_pages: skipped, no score.py in {args.pages} or {CORPUS}")
        return 0
    pages = page_files(args.pages)
    with tempfile.TemporaryDirectory(prefix="zhl10n-pages-") as tmp:
        articles = Path(tmp) / "articles"
        articles.mkdir()
        copies = []
        for page in pages:
            copy = articles / page.name
            shutil.copyfile(page, copy)
            copies.append(copy)
        rows: list[list[str]] = []
        failed = 0
        for page, copy in zip(pages, copies, strict=True):
            try:
                article = read_article(copy, display_path=f"articles/{page.name}")
            except PipelineError as exc:
                failed += 1
                print(f"bench_pages: {page.name}: {exc}")
                continue
            rows.extend(unit_rows(article, segment(article), page.name))
        out = args.units or Path(tmp) / "units.tsv"
        with out.open("w", encoding="utf-8", newline="") as handle:
            handle.write("page\tfirst_line\tlast_line\tis_title\ttext\n")
            for row in rows:
                handle.write("\t".join(cell.replace("\t", " ") for cell in row) + "\n")
        command = [sys.executable, str(scorer), "--units", str(out), "--pages", str(args.pages)]
        command.append("--all")
        if args.verbose:
            command.append("--verbose")
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = result.stdout.splitlines()
    shown = lines if args.verbose else [x for x in lines if x.startswith("OVERALL")]
    print(f"pages: {len(pages)} from {args.pages} ({failed} refused)")
    print("\n".join(shown))
    if result.returncode:
        print(result.stderr.strip())
    print("goals: residue kept <= 3 %, content dropped <= 0.5 %, titles right >= 95 %")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
