"""The README and docs/ say only what runs: every command they show works as written.

Each ``sh`` code block line that starts with ``zhl10n`` is run in a copy of the seed
project (standard input from ``echo … |`` or ``< file``); a trailing ``# text`` comment
that is Chinese is the expected output. Every ``zhl10n …`` mentioned in inline code
must name a real command and real options, every ``make`` target must exist, and every
``python benchmarks/…`` or ``tools/…`` script must be there. Links between the pages
must point at files that exist.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_seed_catalogs
from typer.main import get_command
from typer.testing import CliRunner

from pipeline.cli import app

REPO = Path(__file__).resolve().parent.parent
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
FENCE = re.compile(r"^```sh\n(.*?)^```", re.M | re.S)
INLINE = re.compile(r"`(zhl10n [^`]+)`")
HAN = re.compile(r"[\u4e00-\u9fff]")


def shell_lines() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        for block in FENCE.findall(page.read_text(encoding="utf-8")):
            for line in block.splitlines():
                if line.strip():
                    found.append((page.name, line.strip()))
    return found


def command_lines() -> list[tuple[str, str]]:
    return [
        (name, line)
        for name, line in shell_lines()
        if re.match(r"(echo .*\| )?(\.venv/bin/)?zhl10n ", line)
    ]


def split(line: str) -> tuple[list[str], bytes | None, str]:
    """argv after ``zhl10n``, standard input, and the expected output (a Chinese comment)."""
    expected = ""
    if "  #" in line:
        line, comment = line.split("  #", 1)
        comment = comment.strip()
        expected = comment if HAN.search(comment) and " " not in comment else ""
    stdin = None
    match = re.match(r"echo (\S+) \| (.*)", line)
    if match:
        stdin, line = (match.group(1) + "\n").encode(), match.group(2)
    words = shlex.split(line)
    if "<" in words:
        at = words.index("<")
        stdin, words = Path(words[at + 1]).read_bytes(), words[:at] + words[at + 2 :]
    if ">" in words:
        words = words[: words.index(">")]
    words[0] = words[0].rsplit("/", 1)[-1]
    assert words[0] == "zhl10n", line
    return words[1:], stdin, expected


@pytest.fixture
def sample(seeded: Path) -> Path:
    """The seed project, with the small inputs the examples name."""
    copy_seed_catalogs(seeded)
    text = "英伟达的芯片和软件。后来他干了很久。\n"
    for name in ("in.txt", "article.txt"):
        (seeded / name).write_text(text, encoding="utf-8")
    assert CliRunner().invoke(app, ["run", "-q"]).exit_code in (0, 1)
    assert CliRunner().invoke(app, ["memory", "export", "-o", "vendor.tmx"]).exit_code == 0
    return seeded


def pages_with_commands() -> list[str]:
    return sorted({page for page, _line in command_lines()})


@pytest.mark.parametrize("page", pages_with_commands())
def test_every_command_shown_runs(sample: Path, page: str) -> None:
    """A page's commands, in the order the page shows them, in one project."""
    for name, line in command_lines():
        if name != page:
            continue
        args, stdin, expected = split(line)
        args = [
            found
            for arg in args
            for found in (sorted(str(p.relative_to(sample)) for p in sample.glob(arg)) or [arg])
        ]
        result = CliRunner().invoke(app, args, input=stdin)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            page,
            line,
            repr(result.exception),
        )
        assert result.exit_code in (0, 1), (page, line, result.output)
        if expected:
            assert result.stdout.strip() == expected, (page, line)


def test_the_pages_show_commands() -> None:
    assert any("convert --to zh_TW" in line for _page, line in command_lines())
    assert any(page == "README.md" for page, _line in command_lines())


def _command(words: list[str]) -> tuple[Any, list[str]]:
    """The (click) command that ``words`` name, and the words after its name."""
    command: Any = get_command(app)
    rest = list(words)
    while hasattr(command, "commands") and rest and rest[0] in command.commands:
        command = command.commands[rest.pop(0)]
    return command, rest


def mentions() -> list[tuple[str, str]]:
    return [
        (page.name, text)
        for page in PAGES
        for text in INLINE.findall(page.read_text(encoding="utf-8"))
    ]


@pytest.mark.parametrize(("page", "text"), mentions())
def test_every_command_mentioned_exists(page: str, text: str) -> None:
    shown = text.replace("\\|", "|").split("|")[0].split(" > ")[0]  # a pipe ends it
    words = shown.replace("…", "").split()[1:]
    command, rest = _command(words)
    assert not hasattr(command, "commands") or not rest or rest[0].startswith("-"), (
        page,
        text,
    )
    known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    known |= {"--help"}
    for word in rest:
        if word.startswith("-") and word != "-":
            option = word.split("=", 1)[0]
            assert option in known, (page, text, option)


def test_make_targets_and_scripts_exist() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.M))
    for page, line in shell_lines():
        words = line.split("#", 1)[0].split()
        if words[:1] == ["make"]:
            assert set(words[1:]) <= targets, (page, line)
        for word in words:
            if word.startswith(("benchmarks/", "tools/", ".ci/")) and "<" not in word:
                assert (REPO / word).exists(), (page, line)


def test_links_between_pages_resolve() -> None:
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if "://" in target or "{" in target:
                continue
            assert (page.parent / target).exists(), (page.name, target)


def test_the_configuration_page_shows_what_init_writes() -> None:
    from pipeline.scaffold import config_text

    page = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert "```toml\n" + config_text() + "```" in page, "docs/configuration.md is stale"
