"""The catalog package against GNU gettext on real catalogs (Django, Sphinx).

Run: ``python benchmarks/bench_conformance.py [--quick]``. Downloads, at run
time and only here, the source distributions of two Django, two Sphinx and two
Wagtail releases from PyPI (``pip download``) into ``benchmarks/.cache/`` (ignored by
git, never committed), and compares, file by file:

* writer: ``render(parse(f))`` against ``msgcat --no-wrap f`` (byte identity);
* MO: ``mo_bytes(parse(f), hash_table=True)`` against ``msgfmt -o - f``;
* merge: for every catalog of the older release (old PO) and the template of
  the newer one (Sphinx ships ``sphinx.pot``; Django's and Wagtail's ``en``
  catalogs are their templates), ``merge`` against ``msgmerge --previous --no-wrap``: whole file
  identical (zhl10n's own ``# zhl10n:`` notes removed: msgmerge writes none),
  entries identical, fuzzy proposals msgmerge does not make, msgmerge's missed;
* time: parse + merge + render against the msgmerge process on the largest pairs.

``--quick`` takes a small subset (one version pair of Django's main catalogs).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import catalog  # noqa: E402
from pipeline.errors import CatalogError  # noqa: E402

CACHE = Path(__file__).resolve().parent / ".cache" / "conformance"
RELEASES = {
    "Django": ("4.2.16", "5.1.4"),
    "Sphinx": ("7.2.6", "8.1.3"),
    "wagtail": ("5.2.7", "6.3.1"),
}
#: Projects laid out like Django: <app>/locale/<lang>/LC_MESSAGES/*.po, with the
#: ``en`` catalogs as templates.
DJANGO_STYLE = ("Django", "wagtail")
NOTES = re.compile(r"^# zhl10n: [^\n]*\n", re.M)


def fetch(project: str, version: str) -> Path | None:
    """The unpacked sdist of ``project==version`` (downloaded once into the cache)."""
    folder = CACHE / f"{project}-{version}"
    if folder.is_dir():
        return folder
    CACHE.mkdir(parents=True, exist_ok=True)
    download = CACHE / "downloads"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--no-binary=:all:",
            "-d",
            str(download),
            f"{project}=={version}",
        ],
        capture_output=True,
        text=True,
    )
    archives = sorted(download.glob(f"{project.lower()}-{version}.tar.gz")) + sorted(
        download.glob(f"{project}-{version}.tar.gz")
    )
    if done.returncode != 0 or not archives:
        print(f"  cannot download {project} {version}: {done.stderr.strip()[-200:]}")
        return None
    tmp = CACHE / f".{project}-{version}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(archives[0]) as tar:
        members = [m for m in tar.getmembers() if m.name.endswith((".po", ".pot"))]
        tar.extractall(tmp, members=members, filter="data")
    tmp.rename(folder)
    return folder


def po_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.po") if p.is_file())


def run(tool: list[str], data_path: Path) -> bytes | None:
    done = subprocess.run([*tool, str(data_path)], capture_output=True)
    return done.stdout if done.returncode == 0 else None


def entries(text: str) -> dict[tuple[bool, str | None, str], tuple[object, ...]]:
    po = catalog.parse_catalog(text.encode("utf-8"), "<merged>")
    return {
        (e.obsolete, e.msgctxt, e.msgid): (
            e.msgstr,
            tuple(sorted(e.msgstr_plural.items())),
            "fuzzy" in e.flags and catalog.has_translation(e),
            e.previous_msgid,
            e.previous_msgctxt,
        )
        for e in po
    }


def pairs(folders: dict[tuple[str, str], Path], quick: bool) -> Iterator[tuple[Path, Path]]:
    """(old PO, new template) for every catalog of the older release."""
    for project in DJANGO_STYLE:
        older = folders.get((project, RELEASES[project][0]))
        newer = folders.get((project, RELEASES[project][1]))
        if not (older and newer):
            continue
        new_root, old_root = next(newer.iterdir()), next(older.iterdir())
        for template in sorted(new_root.rglob("locale/en/LC_MESSAGES/*.po")):
            relative = template.relative_to(new_root).parts
            app = Path(*relative[: relative.index("locale")])
            if quick and app.as_posix() != "django/conf":
                continue
            for old in sorted((old_root / app / "locale").glob(f"*/LC_MESSAGES/{template.name}")):
                if old.parts[-3] != "en":
                    yield old, template
    sphinx_old = folders.get(("Sphinx", RELEASES["Sphinx"][0]))
    sphinx_new = folders.get(("Sphinx", RELEASES["Sphinx"][1]))
    if sphinx_old and sphinx_new and not quick:
        templates = sorted(sphinx_new.rglob("sphinx.pot"))
        if templates:
            for old in sorted(sphinx_old.rglob("LC_MESSAGES/sphinx.po")):
                yield old, templates[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small subset")
    args = parser.parse_args()
    msgcat, msgfmt, msgmerge = (shutil.which(n) for n in ("msgcat", "msgfmt", "msgmerge"))
    if not (msgcat and msgfmt and msgmerge):
        print("GNU gettext (msgcat, msgfmt, msgmerge) is needed for this benchmark; skipped")
        return 0
    version = subprocess.run([msgmerge, "--version"], capture_output=True, text=True).stdout
    print(version.splitlines()[0])
    folders: dict[tuple[str, str], Path] = {}
    for project, versions in RELEASES.items():
        if args.quick and project != "Django":
            continue
        for release in versions:
            found = fetch(project, release)
            if found is not None:
                folders[(project, release)] = found
    if not folders:
        print("no sources could be downloaded (no network?); nothing measured")
        return 0

    files = [p for folder in folders.values() for p in po_files(folder)]
    if args.quick:
        files = files[:150]
    same_text = same_mo = readable = gnu_read = gnu_compiled = 0
    first_diffs: list[str] = []
    for path in files:
        data = path.read_bytes()
        try:
            po = catalog.parse_catalog(data, path.name)
        except CatalogError as exc:
            first_diffs.append(f"unreadable {path.name}: {exc}")
            continue
        readable += 1
        gnu = run([msgcat, "--no-wrap"], path)
        gnu_read += gnu is not None
        if gnu is not None and catalog.render(po).encode("utf-8") == gnu:
            same_text += 1
        elif gnu is not None and len(first_diffs) < 5:
            first_diffs.append(f"writer differs: {path.relative_to(CACHE)}")
        mo = run([msgfmt, "-o", "-"], path)
        gnu_compiled += mo is not None
        try:
            ours_mo = catalog.mo_bytes(po, hash_table=True)
        except CatalogError:
            ours_mo = None
        if mo is not None and ours_mo == mo:
            same_mo += 1
    print(f"\nPO files: {len(files):,} ({readable:,} read by zhl10n)")
    print(
        f"  writer == msgcat --no-wrap: {same_text:,} of the {gnu_read:,} msgcat reads "
        f"({100 * same_text / max(gnu_read, 1):.2f} %)"
    )
    print(
        f"  MO == msgfmt:               {same_mo:,} of the {gnu_compiled:,} msgfmt compiles "
        f"({100 * same_mo / max(gnu_compiled, 1):.2f} %)"
    )

    merged = same_file = same_entries = total_entries = 0
    extra = missed = ours_fuzzy = gnu_fuzzy = 0
    timings: list[tuple[int, float, float, str]] = []
    all_pairs = list(pairs(folders, args.quick))
    for old_path, pot_path in all_pairs:
        started = time.perf_counter()
        gnu_bytes = run(
            [msgmerge, "--previous", "--no-wrap", "--quiet", "-o", "-", str(old_path)], pot_path
        )
        gnu_time = time.perf_counter() - started
        if gnu_bytes is None:
            continue
        started = time.perf_counter()
        try:
            old = catalog.parse_catalog(old_path.read_bytes(), old_path.name)
            pot = catalog.parse_catalog(pot_path.read_bytes(), pot_path.name)
        except CatalogError:
            continue
        result, _report = catalog.merge(old, pot)
        text = catalog.render(result)
        our_time = time.perf_counter() - started
        merged += 1
        timings.append((old_path.stat().st_size, our_time, gnu_time, old_path.name))
        gnu_text = gnu_bytes.decode("utf-8", "replace")
        same_file += NOTES.sub("", text) == gnu_text
        try:
            theirs = entries(gnu_text)
        except CatalogError:
            continue
        ours = entries(text)
        total_entries += len(theirs)
        same_entries += sum(ours.get(key) == value for key, value in theirs.items())
        for key, value in ours.items():
            if value[2] and value[3] is not None:
                ours_fuzzy += 1
                if key not in theirs or theirs[key][3] != value[3]:
                    extra += 1
        for key, value in theirs.items():
            if value[2] and value[3] is not None:
                gnu_fuzzy += 1
                if key not in ours or ours[key][3] != value[3]:
                    missed += 1
    if merged:
        print(f"\nmerge pairs (old PO x new template): {merged:,}")
        print(
            f"  whole file == msgmerge --previous --no-wrap: {same_file:,} "
            f"({100 * same_file / merged:.2f} %)"
        )
        print(
            f"  entries identical: {same_entries:,} of {total_entries:,} "
            f"({100 * same_entries / max(total_entries, 1):.3f} %)"
        )
        print(f"  fuzzy proposals: zhl10n {ours_fuzzy:,}, msgmerge {gnu_fuzzy:,}")
        print(f"  proposed that msgmerge does not: {extra:,} (goal 0)")
        print(f"  msgmerge's missed:                {missed:,} (goal 0)")
        largest = sorted(timings, reverse=True)[:5]
        ours_sum = sum(t[1] for t in largest)
        gnu_sum = sum(t[2] for t in largest)
        print(
            f"  time on the {len(largest)} largest pairs: zhl10n {ours_sum:.2f}s, "
            f"msgmerge {gnu_sum:.2f}s ({gnu_sum / max(ours_sum, 1e-9):.1f}x)"
        )
    for line in first_diffs[:5]:
        print("  e.g.", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
