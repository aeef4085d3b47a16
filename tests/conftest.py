"""Shared fixtures: a throwaway project laid out like this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "articles" / "huang-visit-2025-07-21.txt"
SLUG = "huang-visit-2025-07-21"
DATA = Path(__file__).resolve().parent / "data"
GLOSSARY_HEADER = (
    "id,zh_Hant,zh_Hans,zh_TW,zh_HK,variants,en,forbidden_en,kind,case_sensitive,severity,note"
)


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty project folder (default layout, no configuration) as the current folder."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "locales").mkdir()
    (tmp_path / "glossary.csv").write_text(GLOSSARY_HEADER + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    yield tmp_path


@pytest.fixture
def seeded(project: Path) -> Path:
    """The project with the real article, glossary, conversions and corrections."""
    shutil.copy(SEED, project / "articles" / SEED.name)
    for name in ("glossary.csv", "conversions.csv", "corrections.csv", "vocabulary.csv"):
        if (REPO / name).exists():
            shutil.copy(REPO / name, project / name)
    return project


def copy_seed_catalogs(project: Path) -> Path:
    """The repository's template and catalogs of the seed article only (the English
    translation included), so tests do not depend on what else an editor added."""
    for source in (REPO / "locales").rglob(f"{SLUG}.*"):
        if source.suffix in (".pot", ".po"):
            target = project / source.relative_to(REPO)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    return project


def gettext_tool(name: str) -> str:
    """Path of a GNU gettext tool; fail (not skip) in CI where gettext is required."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("ZHL10N_REQUIRE_GETTEXT"):
            pytest.fail(f"{name} is required (ZHL10N_REQUIRE_GETTEXT is set) but not installed")
        pytest.skip(f"{name} not installed")
    return path


@pytest.fixture
def msgfmt_check() -> Callable[[Path], None]:
    """Assert that ``msgfmt --check`` accepts a PO/POT file."""
    tool = gettext_tool("msgfmt")

    def check(path: Path) -> None:
        result = subprocess.run(
            [tool, "--check", "-o", os.devnull, str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr

    return check


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite golden files (tests/data/pages/*.pot) instead of comparing with them",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """True under ``pytest --update-goldens``: tests rewrite their golden files."""
    return bool(request.config.getoption("--update-goldens"))
