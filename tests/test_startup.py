"""Start-up: commands import only what they use (checked through sys.modules, not timing).

pypinyin decodes its phrase dictionary at import (a third of a second), typer's
pydantic adapters cost as much again, and rich is for terminals and tables:
``zhl10n check`` and ``--version`` must stay cheap enough for a pre-commit hook.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO, copy_seed_catalogs

PROBE = """
import json, sys
sys.argv = ["zhl10n", *json.loads(sys.argv[1])]
code = 0
try:
    from pipeline.cli import main
    main()
except SystemExit as exc:
    code = exc.code
heavy = ("pypinyin", "pydantic", "rich", "opencc", "multiprocessing", "rapidfuzz", "polib")
sys.stderr.write("\\nLOADED " + json.dumps({
    "code": code, "loaded": [name for name in heavy if name in sys.modules]}) + "\\n")
"""


def loaded(cwd: Path, *args: str) -> tuple[int, list[str]]:
    """Exit code and heavy modules loaded by ``zhl10n ARGS`` in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )
    report = json.loads(result.stderr.rsplit("LOADED ", 1)[1])
    return report["code"], report["loaded"]


def test_importing_the_cli_loads_no_stage_dependencies(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, pipeline.cli, pipeline.workspace, pipeline.commands; "
            "print(sorted(m for m in ('pypinyin', 'pydantic', 'rich') "
            "if m in sys.modules))",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_check_needs_neither_pypinyin_nor_pydantic_nor_rich(seeded: Path) -> None:
    copy_seed_catalogs(seeded)
    code, modules = loaded(seeded, "check")
    assert code == 0
    assert "pypinyin" not in modules and "pydantic" not in modules and "rich" not in modules


def test_a_check_from_the_cache_loads_no_catalog_reader_converter_or_merger(
    seeded: Path,
) -> None:
    """A check of an unchanged project (a pre-commit hook's usual case) is answered from
    the cache: neither polib, OpenCC nor rapidfuzz is imported."""
    copy_seed_catalogs(seeded)
    assert loaded(seeded, "check")[0] == 0  # fills the cache
    code, modules = loaded(seeded, "check")
    assert code == 0
    assert not {"polib", "opencc", "rapidfuzz", "multiprocessing"} & set(modules)


def test_check_with_options_still_avoids_pydantic(seeded: Path) -> None:
    copy_seed_catalogs(seeded)
    code, modules = loaded(seeded, "check", "-l", "en", "--format", "json", "--strict")
    assert code == 0 and "pydantic" not in modules and "pypinyin" not in modules


def test_version_loads_no_stage_dependencies(tmp_path: Path) -> None:
    code, modules = loaded(tmp_path, "--version")
    assert code == 0 and "pypinyin" not in modules and "pydantic" not in modules


def test_extract_does_load_pypinyin(seeded: Path) -> None:
    """The probe itself works: cleaning an article needs pypinyin and gets it."""
    code, modules = loaded(seeded, "extract", "-q")
    assert code == 0 and "pypinyin" in modules


def test_options_coerced_without_pydantic_behave_as_typer_documents(
    seeded: Path, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    copy_seed_catalogs(seeded)
    runner = CliRunner()
    bad = runner.invoke(app, ["check", "--format", "bogus"])
    assert bad.exit_code == 2 and "'bogus' is not one of 'text', 'json'" in bad.output
    report = tmp_path / "report.json"
    good = runner.invoke(app, ["check", "-l", "en", "-l", "zh_TW", "-f", "json", "-o", str(report)])
    assert good.exit_code == 0, good.output
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["errors"] == 0


def test_option_coercion_without_pydantic_is_installed() -> None:
    """The patch of typer's internals took: on a typer whose internals moved, this fails
    (the CLI still works, only slower), so the upgrade is noticed."""
    from pipeline.cli import coercion

    assert coercion.install() is True


def test_a_run_with_nothing_to_do_loads_no_stage_library(seeded: Path) -> None:
    """A run that finds every article up to date reads only its state and the check cache."""
    first, modules = loaded(seeded, "run", "--keep-going")
    assert first in (0, 1) and "pypinyin" in modules  # the probe sees a real run's imports
    again, modules = loaded(seeded, "run", "--keep-going")
    assert again == first
    assert not {"pypinyin", "polib", "opencc", "rapidfuzz", "multiprocessing"} & set(modules)
