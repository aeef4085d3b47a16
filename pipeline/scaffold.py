"""``zhl10n init``: the files a new project starts from.

An existing file is never overwritten: init lists every file that is already
there and writes nothing (``skip_existing`` creates only the missing ones).
``.gitignore`` is the one file init adds to: the entries it lacks are appended.
The glossary is its header with commented example rows (``#`` rows are
comments), or a copy of a glossary the user names, which must lint clean.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .config import DEFAULT_LOCALES, DEFAULT_OPENCC, DEFAULT_QUOTES, Config
from .errors import GlossaryError, PipelineError
from .fileio import atomic_write_text, confined
from .glossary import GLOSSARY_COLUMNS, lint_glossary

#: Lines ``init`` makes sure ``.gitignore`` has: outputs and the run cache are rebuilt.
GITIGNORE = ("build/", ".zhl10n-cache/")

_GLOSSARY_EXAMPLES = """\
# One row per term. Rows starting with # are comments: remove the # to use an example.
# kind: term, person, organisation, product or do-not-translate. severity: error or warning.
# zh_TW / zh_HK: only where the region writes the term differently (else zh_Hant is used).
# variants: other spellings found in sources, | between them; en: the house form first.
#nvidia,英偉達,英伟达,輝達,英偉達,,NVIDIA,Yingweida,organisation,yes,error,Taiwan writes 輝達
#jensen-huang,黃仁勳,黄仁勋,,,黃仁勛,Jensen Huang,Huang Renxun,person,yes,error,NVIDIA CEO
#chip,芯片,芯片,晶片,芯片,,chip|chips,,term,no,warning,Taiwan writes 晶片
"""

_PRE_COMMIT = """\
# pre-commit (https://pre-commit.com): run `pre-commit install` once; every commit
# then runs the checks zhl10n runs in CI. zhl10n must be installed where git runs.
repos:
  - repo: local
    hooks:
      - id: zhl10n-glossary-lint
        name: zhl10n glossary lint
        entry: zhl10n glossary lint
        language: system
        pass_filenames: false
        files: ^(glossary|conversions|vocabulary|corrections)\\.csv$
      - id: zhl10n-check
        name: zhl10n check
        entry: zhl10n check
        language: system
        pass_filenames: false
        files: ^(articles/|locales/|glossary\\.csv$|zhl10n\\.toml$)
"""

_WORKFLOW = """\
# Checks every push and pull request: the glossary lints and every catalog passes
# zhl10n check (terms, figures, placeholders). Set the repository variable
# ZHL10N_PACKAGE (Settings > Secrets and variables > Actions > Variables) to what
# `pip install` takes for the zhl10n your team uses: a wheel's URL, or
# git+https://<host>/<owner>/<repository>@<tag>. Written by zhl10n @VERSION@.
name: zhl10n
on: [push, pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    env:
      ZHL10N_PACKAGE: ${{ vars.ZHL10N_PACKAGE }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: test -n "$ZHL10N_PACKAGE" || { echo "::error::set ZHL10N_PACKAGE"; exit 1; }
      - run: python -m pip install "$ZHL10N_PACKAGE"
      - run: zhl10n glossary lint
      - run: zhl10n check
"""


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


def config_text() -> str:
    """``zhl10n.toml`` with every setting at its default, commented out."""
    defaults = Config(root=Path("."))
    lines = [
        "# zhl10n settings. Every line below is the default, commented out: remove the # to",
        "# change one. Paths are relative to this file.",
        "",
        "# Articles: plain text, Markdown or saved HTML pages (globs).",
        f"# articles = {_toml_value(defaults.articles)}",
        "# Source script: auto (detected per article), zh_Hant or zh_Hans.",
        f"# source_locale = {_toml_value(defaults.source_locale)}",
        f"# locales = {_toml_value(DEFAULT_LOCALES)}",
        f"# locales_dir = {_toml_value(defaults.locales_dir)}",
        f"# build_dir = {_toml_value(defaults.build_dir)}",
        "# Tables of this project (glossary required; the others add to what zhl10n ships).",
        f"# glossary = {_toml_value(defaults.glossary)}",
        f"# conversions = {_toml_value(defaults.conversions)}",
        f"# vocabulary = {_toml_value(defaults.vocabulary)}",
        f"# corrections = {_toml_value(defaults.corrections)}",
        f"# overrides = {_toml_value(defaults.overrides)}",
        "# ASCII punctuation touching Chinese becomes full-width (，：；？！（）).",
        f"# punctuation = {_toml_value(defaults.punctuation)}",
        "# Markdown front matter keys whose values are translated.",
        f"# front_matter_keys = {_toml_value(defaults.front_matter_keys)}",
        "# build: minimum percent translated (by source characters) to write an article.",
        f"# threshold = {_toml_value(defaults.threshold)}",
        "# Also write the review pages (build/review/) on every run.",
        f"# review = {_toml_value(defaults.review)}",
        f"# project_name = {_toml_value(defaults.project_name)}",
        "# Size limits in MB: any input file read, and a saved HTML page extracted.",
        f"# max_file_mb = {_toml_value(defaults.max_file_mb)}",
        f"# max_html_mb = {_toml_value(defaults.max_html_mb)}",
        "# Follow an article symlink that leads outside the project.",
        f"# allow_outside_links = {_toml_value(defaults.allow_outside_links)}",
        "# A new unit takes the approved translation of the same sentence in another",
        "# article: approved (as msgmerge --compendium), fuzzy (for review) or off.",
        f"# memory = {_toml_value(defaults.memory)}",
        "",
        "# Encoding of an article that is not UTF-8, by article name (without extension).",
        "# [encodings]",
        '# my-article = "gb18030"',
        "",
        "# The region an article comes from (CN, TW, HK), where detection should not decide.",
        "# [regions]",
        '# my-article = "TW"',
        "",
        '# OpenCC configuration per source script and locale; "" keeps the source\'s script.',
    ]
    for script, mapping in DEFAULT_OPENCC.items():
        lines.append(f"# [opencc.{script}]")
        lines.extend(f"# {locale} = {_toml_value(name)}" for locale, name in mapping.items())
    lines.append("")
    lines.append('# Quotation marks per locale: outer pair, inner pair; "" keeps the source\'s.')
    lines.append("# [quotes]")
    lines.extend(f"# {locale} = {_toml_value(style)}" for locale, style in DEFAULT_QUOTES.items())
    return "\n".join(lines) + "\n"


def glossary_text(source: Path | None = None) -> str:
    """The header with commented examples, or the text of ``source`` once it lints clean."""
    if source is None:
        return ",".join(GLOSSARY_COLUMNS) + "\n" + _GLOSSARY_EXAMPLES
    report = lint_glossary(source)
    if report.errors:
        line, message = report.errors[0]
        raise GlossaryError(message, source, line)
    return source.read_text(encoding="utf-8-sig")


def project_files(glossary: Path | None = None) -> dict[str, str]:
    """Relative path -> content of every file ``init`` creates (``.gitignore`` aside)."""
    return {
        "zhl10n.toml": config_text(),
        "glossary.csv": glossary_text(glossary),
        ".pre-commit-config.yaml": _PRE_COMMIT,
        ".github/workflows/zhl10n.yml": _WORKFLOW.replace("@VERSION@", __version__),
    }


@dataclass(frozen=True)
class InitResult:
    """What ``init`` did, as paths relative to the project folder."""

    folder: Path
    created: tuple[str, ...]
    skipped: tuple[str, ...] = ()
    gitignore: tuple[str, ...] = ()  # entries appended to .gitignore


def init_project(
    folder: Path, *, glossary: Path | None = None, skip_existing: bool = False
) -> InitResult:
    """Create a project in ``folder``: articles/, locales/ and :func:`project_files`.

    Raises :class:`PipelineError` naming every file that already exists (nothing
    is written) unless ``skip_existing``.
    """
    files = project_files(glossary)
    existing = sorted(name for name in files if os.path.lexists(folder / name))
    if existing and not skip_existing:
        where = "" if folder == Path(".") else f" in {folder}"
        raise PipelineError(
            f"{', '.join(existing)} already exist{'s' if len(existing) == 1 else ''}{where}; "
            "init never overwrites a file (move it away, or --skip-existing to create "
            "only the missing files)"
        )
    created: list[str] = []
    folder.mkdir(parents=True, exist_ok=True)
    with confined(folder):
        for name in ("articles", "locales"):
            if not os.path.lexists(folder / name):
                (folder / name).mkdir()
                created.append(name + "/")
        for name, text in files.items():
            if name in existing:
                continue
            atomic_write_text(folder / name, text, expect=None)  # never replaces a file
            created.append(name)
        appended = _extend_gitignore(folder / ".gitignore")
    return InitResult(folder, tuple(created), tuple(existing), appended)


def _extend_gitignore(path: Path) -> tuple[str, ...]:
    """Append the entries of :data:`GITIGNORE` that ``path`` lacks; return them."""
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    have = {line.strip() for line in (current or "").splitlines()}
    missing = tuple(entry for entry in GITIGNORE if entry not in have)
    if not missing:
        return ()
    head = current if current is None or current.endswith("\n") or not current else current + "\n"
    text = (head or "") + "# zhl10n: outputs and cache, rebuilt by zhl10n run\n"
    text += "".join(f"{entry}\n" for entry in missing)
    current_bytes = None if current is None else current.encode("utf-8")
    atomic_write_text(path, text, expect=current_bytes)
    return missing
