"""``zhl10n init``: a project that runs, never an overwritten file."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import Config, load_config
from pipeline.glossary import lint_glossary, load_glossary

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent
FILES = ("zhl10n.toml", "glossary.csv", ".pre-commit-config.yaml", ".github/workflows/zhl10n.yml")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_init_creates_a_project_that_runs(folder: Path) -> None:
    code, out, err = invoke("init")
    assert (code, err) == (0, "")
    for name in (*FILES, "articles", "locales", ".gitignore"):
        assert (folder / name).exists(), name
    assert "created glossary.csv" in out and out.rstrip().endswith("zhl10n run")
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[1:] == [
        "build/",
        ".zhl10n-cache/",
    ]
    assert "zhl10n check" in (folder / ".github/workflows/zhl10n.yml").read_text(encoding="utf-8")
    assert "entry: zhl10n check" in (folder / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    (folder / "articles" / "a.txt").write_text("標題\n\n英偉達的芯片。\n", encoding="utf-8")
    code, out, err = invoke("run", "-q", "--keep-going")
    assert code == 0, out + err
    assert (folder / "build" / "zh_TW" / "a.txt").read_text(encoding="utf-8") == (
        "標題\n\n輝達的晶片。\n"
    )


def test_the_glossary_examples_are_comments_that_lint_once_uncommented(folder: Path) -> None:
    invoke("init")
    path = folder / "glossary.csv"
    assert load_glossary(path) == () and lint_glossary(path).ok  # header and comments only
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^#(?=[a-z])", "", text), encoding="utf-8")
    report = lint_glossary(path)
    assert report.ok, report.errors
    assert [entry.id for entry in load_glossary(path)] == ["nvidia", "jensen-huang", "chip"]
    path.write_text(text.replace("#chip,", "chip,").replace(",term,", ",word,"), encoding="utf-8")
    assert not lint_glossary(path).ok  # the failing case: an uncommented bad row is caught


def test_the_configuration_lists_every_default(folder: Path) -> None:
    invoke("init")
    text = (folder / "zhl10n.toml").read_text(encoding="utf-8")
    assert load_config(cwd=folder).source.endswith("zhl10n.toml")  # all commented: defaults
    settings = re.sub(r"(?m)^# (?=[a-z_]+ = |\[)", "", text)
    table = tomllib.loads(settings)
    loaded = load_config(cwd=folder)
    (folder / "zhl10n.toml").write_text(settings, encoding="utf-8")
    uncommented = load_config(cwd=folder)
    default = Config(root=folder)
    for key in ("articles", "locales", "glossary", "threshold", "opencc", "quotes", "punctuation"):
        assert getattr(uncommented, key) == getattr(default, key) == getattr(loaded, key), key
    assert set(table) - {"encodings"} <= {f for f in Config.__dataclass_fields__}


def test_init_never_overwrites(folder: Path) -> None:
    (folder / "glossary.csv").write_text("mine\n", encoding="utf-8")
    code, _, err = invoke("init")
    assert code == 2
    assert err.startswith("error: glossary.csv already exists; init never overwrites a file")
    assert "Traceback" not in err
    assert sorted(p.name for p in folder.iterdir()) == ["glossary.csv"]  # nothing written
    code, out, _ = invoke("init", "--skip-existing")
    assert code == 0 and "kept glossary.csv (exists)" in out
    assert (folder / "glossary.csv").read_text(encoding="utf-8") == "mine\n"
    assert (folder / "zhl10n.toml").is_file()


def test_init_appends_to_an_existing_gitignore(folder: Path) -> None:
    (folder / ".gitignore").write_text("*.pyc\nbuild/", encoding="utf-8")
    code, out, _ = invoke("init")
    assert code == 0 and "added .zhl10n-cache/ to .gitignore" in out
    assert (folder / ".gitignore").read_text(encoding="utf-8") == (
        "*.pyc\nbuild/\n# zhl10n: outputs and cache, rebuilt by zhl10n run\n.zhl10n-cache/\n"
    )


def test_init_with_a_glossary_copies_it_once_it_lints(folder: Path) -> None:
    code, _, _ = invoke("init", "a", "--glossary", str(REPO / "glossary.csv"))
    assert code == 0
    assert (folder / "a" / "glossary.csv").read_bytes() == (REPO / "glossary.csv").read_bytes()
    (folder / "bad.csv").write_text("id,zh_Hant\nx,\n", encoding="utf-8")
    code, _, err = invoke("init", "b", "--glossary", "bad.csv")
    assert code == 2 and err.startswith("error: bad.csv:1:") and not (folder / "b").exists()


def test_run_without_a_glossary_says_to_run_init(folder: Path) -> None:
    (folder / "articles").mkdir()
    (folder / "articles" / "a.txt").write_text("標題\n\n內文。\n", encoding="utf-8")
    code, _, err = invoke("run")
    assert code == 2
    assert "run `zhl10n init`" in err and "Traceback" not in err
