"""The catalog package against GNU gettext and Babel: layout, header merge, ownership.

Each layout rule has a failing case (what zhl10n wrote before) and a passing one
(what GNU writes), checked against the real tools where they are installed
(required in CI: ZHL10N_REQUIRE_GETTEXT=1).
"""

from __future__ import annotations

import hashlib
import io
import random
import re
import subprocess
from pathlib import Path
from typing import Any

import polib
import pytest
from conftest import gettext_tool

from pipeline import catalog

CREATED = "2025-07-21 10:00+0000"


def uid(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def pot_of(sentences: list[str], created: str = CREATED, refs: int = 1) -> Any:
    pot = catalog.template_for(
        [],
        project="zhl10n a",
        source_path="articles/a.txt",
        source_language="zh_Hant",
        creation_date=created,
    )
    for line, text in enumerate(sentences, start=1):
        pot.append(
            polib.POEntry(
                msgctxt=uid(text),
                msgid=text,
                msgstr="",
                occurrences=[
                    (f"articles/a-long-folder-name/{line}.txt", str(n)) for n in range(refs)
                ]
                or [("articles/a.txt", str(line))],
                comment="paragraph",
            )
        )
    return pot


def msgcat(path: Path) -> str:
    return subprocess.run(
        [gettext_tool("msgcat"), "--no-wrap", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def gnu_msgmerge(old: Path, new: Path) -> str:
    return subprocess.run(
        [
            gettext_tool("msgmerge"),
            "--previous",
            "--no-wrap",
            "--quiet",
            "-o",
            "-",
            str(old),
            str(new),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: demo 1.0\\n"\n'
    '"PO-Revision-Date: 2025-07-01 10:00+0000\\n"\n'
    '"Last-Translator: A <a@example.org>\\n"\n'
    '"Language-Team: French <traduc@traduc.org>\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms:  nplurals=2; plural=(n > 1);\\n"\n'
    '"X-Generator: Poedit 3.4\\n"\n'
    '"POT-Creation-Date: 2025-06-01 10:00+0000\\n"\n'
    '"Report-Msgid-Bugs-To: old@example.org\\n"\n'
)


# --- layout like msgcat --no-wrap ----------------------------------------------------------------


def test_references_wrap_at_79_columns_like_gnu(tmp_path: Path) -> None:
    pot = pot_of(["一句話。"], refs=6)
    text = catalog.render(pot)
    refs = [line for line in text.splitlines() if line.startswith("#:")]
    assert len(refs) > 1 and all(len(line) <= 79 for line in refs)  # one 200-column line before
    assert text == msgcat(write(tmp_path / "a.pot", text))


def test_reference_prefix_dot_slash_is_dropped_like_gnu() -> None:
    po = catalog.parse_catalog(b'#: ./src/a.py:3\nmsgid "x"\nmsgstr ""\n')
    assert "#: src/a.py:3" in catalog.render(po)


def test_header_values_are_written_verbatim(tmp_path: Path) -> None:
    text = HEADER + '\nmsgid "One"\nmsgstr "Un"\n'
    po = catalog.parse_catalog(text.encode())
    rendered = catalog.render(po)
    assert '"Plural-Forms:  nplurals=2; plural=(n > 1);\\n"' in rendered  # not respaced
    assert rendered == msgcat(write(tmp_path / "a.po", text))
    po.metadata["PO-Revision-Date"] = "2025-09-01 00:00+0000"  # a changed field is rewritten
    assert "PO-Revision-Date: 2025-09-01 00:00+0000\\n" in catalog.render(po)
    assert '"Plural-Forms:  nplurals' in catalog.render(po)


def test_no_fuzzy_flag_on_untranslated_entries(tmp_path: Path) -> None:
    text = HEADER + '\n#, fuzzy\nmsgid "One"\nmsgstr ""\n\n#, fuzzy\nmsgid "Two"\nmsgstr "Deux"\n'
    rendered = catalog.render(catalog.parse_catalog(text.encode()))
    assert '#, fuzzy\nmsgid "One"' not in rendered
    assert '#, fuzzy\nmsgid "Two"' in rendered
    assert rendered == msgcat(write(tmp_path / "a.po", text))


def test_lone_hash_comment_is_kept(tmp_path: Path) -> None:
    text = (
        "#\n"
        + HEADER
        + '\n#\nmsgid "One"\nmsgstr "Un"\n\n#\n#: a.c:1\nmsgid "Two"\nmsgstr "Deux"\n'
    )
    rendered = catalog.render(catalog.parse_catalog(text.encode()))
    assert rendered == text
    assert rendered == msgcat(write(tmp_path / "a.po", text))


# --- header merge like msgmerge ------------------------------------------------------------------


def test_header_merges_like_msgmerge(tmp_path: Path) -> None:
    old_text = HEADER + '\nmsgid "One"\nmsgstr "Un"\n'
    old = write(tmp_path / "old.po", old_text)
    pot = catalog.template_for(
        [], project="p", source_path="a.txt", source_language="en", creation_date="2025-08-01"
    )
    pot.metadata["Report-Msgid-Bugs-To"] = "new@example.org"
    pot.append(polib.POEntry(msgid="One", msgstr=""))
    new = tmp_path / "new.pot"
    catalog.write_catalog(pot, new)
    ours, _ = catalog.merge(catalog.read_catalog(old), catalog.read_catalog(new))
    gnu = gnu_msgmerge(old, new)
    # zhl10n's own source fields follow the template too (they decide the conversion).
    ours_text = re.sub(r'"X-Source-[^"]*"\n', "", catalog.render(ours))
    assert ours_text == gnu
    fields = list(ours.metadata)
    assert fields[:3] == ["Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date"]
    assert ours.metadata["Report-Msgid-Bugs-To"] == "new@example.org"
    assert ours.metadata["Language"] == "fr"  # added from Language-Team, as msgmerge does


def test_language_from_team_follows_gettext_tables() -> None:
    assert (
        catalog.language_from_team("Chinese (traditional) <zh-l10n@lists.linux.org.tw>") == "zh_TW"
    )
    assert catalog.language_from_team("German") == "de"
    assert catalog.language_from_team("LANGUAGE <LL@li.org>") == ""


def test_charset_placeholder_is_set_to_utf8_by_merge_and_refused_by_mo() -> None:
    text = HEADER.replace("charset=UTF-8", "charset=CHARSET") + '\nmsgid "One"\nmsgstr "Un"\n'
    po = catalog.parse_catalog(text.encode(), "a.po")
    with pytest.raises(catalog.CatalogError, match="charset=CHARSET"):
        catalog.mo_bytes(po)
    pot = catalog.template_for(
        [], project="p", source_path="a", source_language="en", creation_date="x"
    )
    pot.append(polib.POEntry(msgid="One", msgstr=""))
    merged, report = catalog.merge(po, pot)
    assert report.charset_normalised
    assert "charset=UTF-8" in merged.metadata["Content-Type"]
    catalog.mo_bytes(merged)  # now compiles
    _, again = catalog.merge(merged, pot)
    assert not again.charset_normalised


def test_too_many_plural_forms_are_reported() -> None:
    text = (
        HEADER
        + '\nmsgid "file"\nmsgid_plural "files"\nmsgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\n'
    )
    po = catalog.parse_catalog(text.encode())
    problems = catalog.plural_problems(po)
    assert problems == [(15, "3 plural forms but the header says nplurals=2")]
    good = text.replace('msgstr[2] "c"\n', "")
    assert catalog.plural_problems(catalog.parse_catalog(good.encode())) == []


# --- reading: charset anywhere in the file -------------------------------------------------------


def test_charset_is_checked_beyond_the_first_64_kib() -> None:
    comments = "".join(f"# {'x' * 70}\n" for _ in range(1200))  # 86 KiB before the header
    body = comments + HEADER.replace("UTF-8", "ISO-8859-1") + '\nmsgid "One"\nmsgstr "Un"\n'
    with pytest.raises(catalog.CatalogError, match="unsupported charset 'ISO-8859-1'") as caught:
        catalog.parse_catalog(body.encode(), "a.po")
    assert caught.value.line == 1200 + 8  # the Content-Type line
    catalog.parse_catalog((comments + HEADER + '\nmsgid "One"\nmsgstr "Un"\n').encode())


# --- long units ----------------------------------------------------------------------------------


def _random_text(size: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(size))


def test_editing_a_very_long_unit_is_a_fuzzy_match() -> None:
    long = _random_text(300_000, 1)
    edited = long[:150_000] + "改" + long[150_001:]
    old = catalog.new_catalog(pot_of([long, "短句。"]), "en")
    for e in old:
        e.msgstr = "T"
    merged, report = catalog.merge(old, pot_of([edited, "短句。"]))
    assert report.fuzzy == 1 and report.too_long == ()
    assert merged[0].previous_msgid == long


def test_a_unit_that_changed_too_much_to_compare_is_reported() -> None:
    old = catalog.new_catalog(pot_of([_random_text(70_000, 2)]), "en")
    old[0].msgstr = "T"
    other = _random_text(70_000, 3)
    merged, report = catalog.merge(old, pot_of([other]))
    assert report.too_long == ((uid(other), other),)
    assert not merged[0].msgstr and merged[1].obsolete  # the old translation is kept


# --- revert semantics ----------------------------------------------------------------------------

A = "黃仁勛表示，中國市場對英偉達至關重要。"
B = "黃仁勛表示，中國市場對英偉達非常重要。"


def _approved() -> Any:
    po = catalog.new_catalog(pot_of([A]), "en")
    po[0].msgstr = "Huang said China matters a great deal."
    return po


def test_revert_approves_again_only_the_translation_approved_before_the_edit() -> None:
    edited, _ = catalog.merge(_approved(), pot_of([B]))
    assert edited[0].fuzzy and edited[0].previous_msgid == A
    reverted, _ = catalog.merge(edited, pot_of([A]))
    assert not reverted[0].fuzzy and reverted[0].msgstr == "Huang said China matters a great deal."
    assert "zhl10n:" not in reverted[0].tcomment


def test_revert_with_a_revised_fuzzy_draft_stays_fuzzy_like_msgmerge() -> None:
    edited, _ = catalog.merge(_approved(), pot_of([B]))
    edited[0].msgstr = "Huang said China is very important."  # draft for B, still fuzzy
    reverted, _ = catalog.merge(edited, pot_of([A]))
    assert reverted[0].fuzzy and reverted[0].msgstr == "Huang said China is very important."


# --- machine ownership through other tools -------------------------------------------------------


def convert_v1(text: str) -> str:
    return text.replace("勛", "勳").replace("后", "後")


def convert_v2(text: str) -> str:
    return convert_v1(text).replace("英偉達", "輝達")


SOURCES = [A, "這種姿態背后，反映的是英偉達的焦慮。", "黃仁勛訪華。"]


def _machine_catalog(tmp_path: Path) -> tuple[Path, Path]:
    pot = pot_of(SOURCES)
    po = catalog.new_catalog(pot, "zh_TW")
    catalog.fill_converted(po, convert_v1)
    path, pot_path = tmp_path / "zh_TW.po", tmp_path / "a.pot"
    catalog.write_catalog(po, path)
    catalog.write_catalog(pot, pot_path)
    return path, pot_path


def _reaches_every_machine_entry(text: str) -> None:
    po = catalog.parse_catalog(text.encode(), "round-trip.po")
    report = catalog.fill_converted(po, convert_v2)
    assert report.human == 0
    assert [e.msgstr for e in po] == [convert_v2(s) for s in SOURCES]


@pytest.mark.parametrize(
    "tool",
    [
        ["msgcat", "--no-wrap"],
        ["msgcat"],  # wraps long lines too
        ["msgattrib", "--no-wrap"],
        ["msgattrib", "--no-obsolete", "--clear-previous"],
    ],
    ids=" ".join,
)
def test_ownership_survives_gnu_tools(tool: list[str], tmp_path: Path) -> None:
    path, _ = _machine_catalog(tmp_path)
    text = subprocess.run(
        [gettext_tool(tool[0]), *tool[1:], str(path)], capture_output=True, text=True, check=True
    ).stdout
    _reaches_every_machine_entry(text)


def test_ownership_survives_msgmerge(tmp_path: Path) -> None:
    path, pot_path = _machine_catalog(tmp_path)
    _reaches_every_machine_entry(gnu_msgmerge(path, pot_path))


def test_ownership_survives_babel_including_obsolete_entries(tmp_path: Path) -> None:
    from babel.messages.pofile import read_po, write_po

    path, _ = _machine_catalog(tmp_path)
    shrunk, _ = catalog.merge(catalog.read_catalog(path), pot_of(SOURCES[:2]))
    assert shrunk[-1].obsolete
    with io.BytesIO(catalog.render(shrunk).encode()) as handle:
        babel_catalog = read_po(handle)
    out = io.BytesIO()
    write_po(out, babel_catalog, width=0, include_previous=True)
    saved = catalog.parse_catalog(out.getvalue(), "babel.po")
    revived, report = catalog.merge(saved, pot_of(SOURCES))
    assert report.revived == 1
    _reaches_every_machine_entry(catalog.render(revived))


def test_poedit_style_save_keeps_ownership() -> None:
    po = catalog.new_catalog(pot_of(SOURCES), "zh_TW")
    catalog.fill_converted(po, convert_v1)
    text = catalog.render(po).replace("\n", "\r\n")  # CRLF, BOM, entries reordered
    blocks = text.split("\r\n\r\n")
    saved = "\ufeff" + "\r\n\r\n".join([blocks[0], *reversed(blocks[1:-1]), blocks[-1]])
    po2 = catalog.parse_catalog(saved.encode(), "poedit.po")
    assert catalog.content_signature(po2) == catalog.content_signature(po)
    report = catalog.fill_converted(po2, convert_v2)
    assert report.human == 0


# --- update --check compares content ----------------------------------------------------------- -


def test_update_check_passes_an_editor_save_and_names_the_file(seeded: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["extract", "-q"]).exit_code == 0
    assert runner.invoke(app, ["update", "-q"]).exit_code == 0
    target = next((seeded / "locales" / "zh_TW" / "LC_MESSAGES").glob("*.po"))
    text = target.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    # Poedit-style: CRLF, a byte-order mark, entries in another order, lines wrapped.
    relaid = "\n\n".join([blocks[0], *reversed(blocks[1:])]).replace(
        '"\nmsgstr "', '"\nmsgstr ""\n"'
    )
    target.write_bytes(b"\xef\xbb\xbf" + relaid.replace("\n", "\r\n").encode("utf-8"))
    result = runner.invoke(app, ["update", "--check"])
    assert result.exit_code == 0, result.output
    assert "same content, other layout" in result.stderr and target.name in result.stderr
    # A real difference still fails the check (an entry missing: update would add it).
    target.write_text("\n\n".join(blocks[:-1]) + "\n", encoding="utf-8")
    assert runner.invoke(app, ["update", "--check"]).exit_code == 1
