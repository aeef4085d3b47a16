"""textout: every human-readable line is inert (no control characters, no workflow command)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import GLOSSARY_HEADER
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.textout import control_characters, escape_line


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain 中文", "plain 中文"),
        ("a\nb", "a\\nb"),
        ("\x1b[2J", "\\e[2J"),
        ("nul\x00", "nul\\x00"),
        ("::error::x", "\\x3a:error::x"),
        ("  ::warning file=a::b", "  \\x3a:warning file=a::b"),
        ("ok\n::error::x", "ok\\n::error::x"),
        ("\u202eevil", "\\u202eevil"),
        ("tab\tkept", "tab\tkept"),
        ("line\u2028sep", "line\\u2028sep"),
    ],
)
def test_escape_line(raw: str, shown: str) -> None:
    assert escape_line(raw) == shown


@given(st.text())
def test_escape_line_is_one_inert_line(text: str) -> None:
    shown = escape_line(text)
    assert "\n" not in shown and "\r" not in shown and "\x1b" not in shown
    assert not shown.lstrip().startswith("::")
    assert not control_characters(shown)
    assert escape_line(shown) == shown  # idempotent: escaping twice changes nothing


def test_control_characters() -> None:
    assert control_characters("a\x00b\x00\x1b") == ["U+0000", "U+001B"]
    assert control_characters("tab\tonly 中文") == []


def crafted_project(root: Path) -> None:
    """A catalog whose msgctxt tries a workflow command, ESC codes and an emoji code."""
    folder = root / "locales" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (root / "locales" / "a.pot").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "x\\n::error::pwned \\033[31m"\nmsgid "漢字"\nmsgstr ""\n',
        encoding="utf-8",
    )
    (folder / "a.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'
        'msgctxt "x\\n::error::pwned \\033[31m"\nmsgid "漢字"\nmsgstr "Kanji :x: [bold]b[/]"\n',
        encoding="utf-8",
    )


def test_check_text_report_cannot_start_a_workflow_command(
    project: Path, runner: CliRunner
) -> None:
    crafted_project(project)
    (project / "glossary.csv").write_text(
        GLOSSARY_HEADER + "\nkanji,漢字,汉字,,,,Chinese characters,,term,,,\n", encoding="utf-8"
    )
    for args in (["check", "-l", "en"], ["check", "-l", "en", "-o", "report.txt"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, result.output
        text = result.stdout if "-o" not in args else (project / "report.txt").read_text()
        assert "pwned" in text
        for line in text.splitlines():
            assert not line.lstrip().startswith("::"), line
            assert "\x1b" not in line
        assert ":x:" in text and "[bold]b[/]" in text  # quoted as written: no emoji, no markup


def test_error_lines_escape_file_names(project: Path, runner: CliRunner) -> None:
    bad = project / "articles" / "evil\n::error::x.txt"
    shutil.copy(Path(__file__).parent.parent / "articles" / "huang-visit-2025-07-21.txt", bad)
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "control character" in lines[0]
    assert not any(line.lstrip().startswith("::") for line in lines)
    assert not (project / "locales" / "evil").exists()
    assert list((project / "locales").iterdir()) == []
