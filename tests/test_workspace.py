"""The spine: one Workspace per invocation loads each input once; the cache sits below.

Counted through :mod:`pipeline.trace` (reads, loads, parses), never timed.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

from conftest import REPO
from typer.testing import CliRunner

from pipeline import trace
from pipeline.cli import app
from pipeline.config import Config
from pipeline.workspace import Workspace


def events(counts: Counter[tuple[str, str]], kind: str, root: Path) -> dict[str, int]:
    """``{file name relative to root: count}`` of one kind of event."""
    found: Counter[str] = Counter()
    for (event, name), count in counts.items():
        if event == kind:
            path = Path(name)
            if path.is_absolute() and path.is_relative_to(root):
                name = path.relative_to(root).as_posix()
            found[name] += count
    return dict(found)


def test_forced_run_reads_each_input_once(seeded: Path, runner: CliRunner) -> None:
    for attempt in ("first", "again over existing catalogs"):
        with trace.counting() as counts:
            result = runner.invoke(app, ["run", "--force"])
        assert result.exit_code in (0, 1), (attempt, result.output)
        assert list(events(counts, "article", seeded).values()) == [1], attempt
        tables = events(counts, "table", seeded)
        mine = {name: n for name, n in tables.items() if not Path(name).is_absolute()}
        assert {"glossary.csv", "conversions.csv", "corrections.csv"} <= set(mine), attempt
        assert set(mine.values()) == {1}, (attempt, tables)
        shipped = [n for name, n in tables.items() if Path(name).is_absolute()]
        assert all(n == 1 for n in shipped), (attempt, tables)  # the tool's own tables
        parses = events(counts, "parse", seeded)
        assert len(parses) == 6, parses  # the template and five catalogs
        assert max(parses.values()) <= 2, (attempt, parses)


def test_a_catalog_is_parsed_again_only_when_its_bytes_change(seeded: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["run"]).exit_code in (0, 1)
    ws = Workspace(Config(root=seeded))
    path = ws.po_path("en", "huang-visit-2025-07-21")
    with trace.counting() as counts:
        first = ws.catalog(path)
        assert ws.catalog(path) is first
        ws.catalog_units(path)
        path.write_bytes(path.read_bytes() + b"\n")
        assert ws.catalog(path) is not first
    assert sum(counts.values()) == 2


def test_tables_and_articles_load_once_per_workspace(seeded: Path) -> None:
    ws = Workspace(Config(root=seeded))
    with trace.counting() as counts:
        for _ in range(3):
            ws.glossary(), ws.conversions(), ws.vocabulary(), ws.corrections(), ws.overrides()
            ws.articles()
    assert set(counts.values()) == {1}


def imports_of(path: Path) -> set[str]:
    """Modules of the ``pipeline`` package that ``path`` imports (anywhere in it)."""
    package = path.relative_to(REPO).with_suffix("").parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[: len(package) - node.level + 1])
            target = ".".join(base + ([node.module] if node.module else []))
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("pipeline"))
    return found


def test_the_cache_sits_below_the_commands() -> None:
    imported = imports_of(REPO / "pipeline" / "cache.py")
    above = ("pipeline.commands", "pipeline.cli", "pipeline.workspace", "pipeline.check")
    assert not [name for name in imported if name.startswith(above)]


def test_only_commands_run_composes_the_stages() -> None:
    """Other commands may call one stage; only ``run`` calls extract and update together."""
    folder = REPO / "pipeline" / "commands"
    composing = [
        path.name
        for path in folder.glob("*.py")
        if {"pipeline.commands.extract", "pipeline.commands.update"} <= imports_of(path)
    ]
    assert composing == ["run.py"]


def module_name(path: Path) -> str:
    rel = path.relative_to(REPO).with_suffix("")
    return ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)


def test_the_import_graph_has_no_circle() -> None:
    """Imports inside functions count too: a circle there is still a circle."""
    modules = {module_name(p): p for p in (REPO / "pipeline").rglob("*.py")}
    # A module importing its own package (``from . import x``) is not a circle: the
    # package is imported first, before any of its modules.
    graph = {
        name: {
            m
            for m in imports_of(path)
            if m in modules and not name.startswith(m + ".") and m != name
        }
        for name, path in modules.items()
    }
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            raise AssertionError("import circle: " + " -> ".join([*trail, name]))
        if name in done:
            return
        for other in sorted(graph[name]):
            visit(other, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


def test_the_spine_modules_stay_small() -> None:
    """The hallway stays readable: no module of the workspace, the commands, the cache or
    the CLI over 700 lines (a stage module that grows that far says why in its docstring)."""
    spine = [
        REPO / "pipeline" / "workspace.py",
        REPO / "pipeline" / "cache.py",
        *(REPO / "pipeline" / "commands").glob("*.py"),
        *(REPO / "pipeline" / "cli").glob("*.py"),
    ]
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in spine}
    assert max(sizes.values()) <= 700, sizes


def test_only_the_cli_imports_typer_or_rich_and_commands_never_print() -> None:
    for path in (REPO / "pipeline").rglob("*.py"):
        if "cli" in path.relative_to(REPO / "pipeline").parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            assert not [n for n in names if n.split(".")[0] in ("typer", "rich")], path
            if "commands" in path.parts and isinstance(node, ast.Call):
                called = node.func
                assert not (isinstance(called, ast.Name) and called.id == "print"), path
                assert "sys.stdout" not in ast.unparse(called), path


def test_a_long_module_says_why_in_its_docstring() -> None:
    """No pipeline module over 700 lines without a reason: its docstring says
    'This module is about N lines because …' or '… runs long because …'."""
    unexplained = []
    for path in sorted((REPO / "pipeline").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) <= 700:
            continue
        doc = ast.get_docstring(ast.parse(text)) or ""
        if not re.search(r"lines because|runs long because|is long because", " ".join(doc.split())):
            unexplained.append(str(path.relative_to(REPO)))
    assert not unexplained, f"long modules without a reason in their docstring: {unexplained}"
