"""A ``zhl10n-ignore`` suppression is a translator comment, so it survives the tools translators
and CI run over catalogs: GNU msgcat, msgmerge --previous, and Babel's reader and writer."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from babel.messages import pofile
from conftest import gettext_tool

from pipeline.catalog import catalog_units
from pipeline.check import Catalog, CheckResult, check_catalogs

HEADER = """msgid ""
msgstr ""
"Project-Id-Version: test\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Language: en\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""

ENTRY = """
# Reviewed: the article rounds this figure on purpose.
# zhl10n-ignore: number 12.5億元 -- the editor rounds to one billion
#. paragraph
#: articles/a.txt:3
msgctxt "a-p1"
msgid "營收12.5億元，毛利率為85%。"
msgstr "Revenue was about 1 billion yuan and the gross margin 85%."
"""


def check(path: Path) -> CheckResult:
    return check_catalogs([Catalog(str(path), "en", catalog_units(path))], [])


@pytest.fixture
def po(tmp_path: Path) -> Path:
    path = tmp_path / "a.po"
    path.write_text(HEADER + ENTRY, encoding="utf-8")
    result = check(path)
    assert result.violations == () and [v.rule for v in result.suppressed] == ["number"]
    unsuppressed = tmp_path / "plain.po"
    unsuppressed.write_text(
        HEADER + ENTRY.replace("zhl10n-ignore", "zhl10n-ignored"), encoding="utf-8"
    )
    assert "number" in [v.rule for v in check(unsuppressed).violations]
    return path


def test_survives_msgcat(po: Path, tmp_path: Path) -> None:
    out = tmp_path / "cat.po"
    subprocess.run([gettext_tool("msgcat"), "-o", str(out), str(po)], check=True)
    result = check(out)
    assert result.violations == () and len(result.suppressed) == 1


def test_survives_msgmerge_previous(po: Path, tmp_path: Path) -> None:
    pot = tmp_path / "a.pot"
    pot.write_text(
        HEADER.replace('"Language: en\\n"\n', "")
        + '\n#. paragraph\n#: articles/a.txt:3\nmsgctxt "a-p1"\n'
        + 'msgid "營收12.5億元，毛利率為85%。"\nmsgstr ""\n',
        encoding="utf-8",
    )
    out = tmp_path / "merged.po"
    subprocess.run(
        [gettext_tool("msgmerge"), "--quiet", "--previous", "-o", str(out), str(po), str(pot)],
        check=True,
    )
    assert "zhl10n-ignore: number 12.5億元" in out.read_text(encoding="utf-8")
    result = check(out)
    assert result.violations == () and len(result.suppressed) == 1


def test_survives_msgmerge_previous_when_the_source_changes(po: Path, tmp_path: Path) -> None:
    pot = tmp_path / "a.pot"
    pot.write_text(
        HEADER.replace('"Language: en\\n"\n', "")
        + '\n#. paragraph\n#: articles/a.txt:3\nmsgctxt "a-p1"\n'
        + 'msgid "營收12.5億元，毛利率為86%。"\nmsgstr ""\n',
        encoding="utf-8",
    )
    out = tmp_path / "merged.po"
    subprocess.run(
        [gettext_tool("msgmerge"), "--quiet", "--previous", "-o", str(out), str(po), str(pot)],
        check=True,
    )
    text = out.read_text(encoding="utf-8")
    assert "#, fuzzy" in text and "#| msgid" in text and "zhl10n-ignore: number" in text
    # Fuzzy: only `incomplete`, and the suppression waits for the reviewer (not stale yet).
    assert [v.rule for v in check(out).violations] == ["incomplete"]


def test_survives_babel(po: Path, tmp_path: Path) -> None:
    with po.open("rb") as handle:
        catalog = pofile.read_po(handle, locale="en")
    out = tmp_path / "babel.po"
    with out.open("wb") as handle:
        pofile.write_po(handle, catalog, width=76)
    assert "zhl10n-ignore: number 12.5億元" in out.read_text(encoding="utf-8")
    result = check(out)
    assert result.violations == () and len(result.suppressed) == 1
