"""Catalog stage: reading/validating PO files, writing them, msginit, msgmerge, MO files, stats."""

from __future__ import annotations

import gettext
import hashlib
import io
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polib
import pytest
from conftest import gettext_tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import catalog
from pipeline.errors import CatalogError
from pipeline.models import Unit

DATA = Path(__file__).resolve().parent / "data" / "catalog"
SAMPLES = sorted(DATA.glob("*.po"))
SENTENCES = (DATA / "sentences.txt").read_text(encoding="utf-8").splitlines()
CREATED = "2025-07-21 10:00+0000"


# --- helpers -------------------------------------------------------------------------------


def gnu_msgmerge(msgmerge: str, old: Path, new: Path) -> str:
    """What ``msgmerge --previous --no-wrap`` writes for ``old`` against ``new``."""
    return subprocess.run(
        [msgmerge, "--previous", "--no-wrap", "--quiet", "-o", "-", str(old), str(new)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def without_notes(text: str) -> str:
    """A rendered catalog without zhl10n's "# zhl10n: ..." notes (msgmerge writes none)."""
    return re.sub(r"^# zhl10n: [^\n]*\n", "", text, flags=re.M)


def uid(text: str) -> str:
    """A content-based unit id, as extract makes them."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def make_pot(sentences: Sequence[str] | Sequence[tuple[str, str]], created: str = CREATED) -> Any:
    """A template like extract's: one unit per sentence, ids from content unless given."""
    units = []
    for line, item in enumerate(sentences, start=1):
        ident, text = item if isinstance(item, tuple) else (uid(item), item)
        units.append(Unit(ident, text, "paragraph", "articles/a.txt", line, line))
    return catalog.template_for(
        units,
        project="zhl10n a",
        source_path="articles/a.txt",
        source_language="zh_Hant",
        creation_date=created,
    )


def translated(pot: Any, locale: str = "en", prefix: str = "T:") -> Any:
    """A fully translated catalog for ``pot``."""
    po = catalog.new_catalog(pot, locale)
    for entry in po:
        entry.msgstr = prefix + entry.msgid
    return po


def reparse(po: Any) -> Any:
    return catalog.parse_catalog(catalog.render(po).encode("utf-8"), "test.po")


def dump(po: Any) -> tuple[Any, ...]:
    """Everything a catalog holds, for 'nothing lost' comparisons."""
    return (
        po.header,
        catalog.metadata_items(po),
        bool(po.metadata_is_fuzzy),
        [
            (
                e.msgctxt,
                e.msgid,
                e.msgid_plural,
                e.msgstr,
                sorted(e.msgstr_plural.items()),
                e.obsolete,
                e.tcomment,
                e.comment,
                list(e.occurrences),
                list(e.flags),
                e.previous_msgctxt,
                e.previous_msgid,
                e.previous_msgid_plural,
            )
            for e in po
        ],
    )


def states(po: Any) -> dict[str, set[tuple[str | None, str]]]:
    """Keys (msgctxt, msgid) by state: translated, fuzzy, untranslated, obsolete."""
    found: dict[str, set[tuple[str | None, str]]] = {
        "translated": set(),
        "fuzzy": set(),
        "untranslated": set(),
        "obsolete": set(),
    }
    for entry in po:
        key = (entry.msgctxt, entry.msgid)
        if entry.obsolete:
            found["obsolete"].add(key)
        elif not catalog.has_translation(entry):
            found["untranslated"].add(key)
        elif entry.fuzzy:
            found["fuzzy"].add(key)
        else:
            found["translated"].add(key)
    return found


def entry(po: Any, msgid: str, msgctxt: str | None = None) -> Any:
    matches = [e for e in po if e.msgid == msgid and (msgctxt is None or e.msgctxt == msgctxt)]
    assert len(matches) == 1, (msgid, [(e.msgctxt, e.msgid) for e in po])
    return matches[0]


def test_require_gettext_fails_in_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("ZHL10N_REQUIRE_GETTEXT", "1")
    with pytest.raises(pytest.fail.Exception):
        gettext_tool("msgmerge")
    monkeypatch.delenv("ZHL10N_REQUIRE_GETTEXT")
    with pytest.raises(pytest.skip.Exception):
        gettext_tool("msgmerge")


# --- reading and writing -------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_round_trip_of_other_tools_files_loses_nothing(sample: Path) -> None:
    po = catalog.read_catalog(sample)
    text = catalog.render(po)
    again = catalog.parse_catalog(text.encode("utf-8"), sample.name)
    assert dump(again) == dump(po)
    assert catalog.render(again) == text  # one fixed rendering: writing twice changes nothing


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_gnu_msgcat_sees_the_same_catalog_after_our_rewrite(sample: Path, tmp_path: Path) -> None:
    msgcat = gettext_tool("msgcat")
    ours = tmp_path / "ours.po"
    catalog.write_catalog(catalog.read_catalog(sample), ours)

    def normal(path: Path) -> str:
        done = subprocess.run(
            [msgcat, "--no-wrap", str(path)], capture_output=True, text=True, check=True
        )
        return done.stdout

    assert normal(ours) == normal(sample)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_rewritten_samples_pass_msgfmt_check(sample: Path, tmp_path: Path) -> None:
    msgfmt = gettext_tool("msgfmt")
    target = tmp_path / sample.name
    catalog.write_catalog(catalog.read_catalog(sample), target)
    done = subprocess.run(
        [msgfmt, "--check", "-o", os.devnull, str(target)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_reader_keeps_every_kind_of_line() -> None:
    po = catalog.read_catalog(DATA / "msgmerge_en.po")
    fuzzy = entry(po, po[1].msgid)
    assert fuzzy.fuzzy and fuzzy.previous_msgctxt == "3f2a9c0b11"
    assert fuzzy.previous_msgid.endswith("重要信號。")
    assert entry(po, '第一\t"昇騰"\\%d').flags == ["c-format"]
    assert entry(po, "第一行\n第二行").msgstr == "Line one\nLine two"
    old2 = entry(po, "H20作為符合出口管制的特供版芯片。")
    assert old2.obsolete and old2.fuzzy and old2.tcomment == "Old translator note."
    assert (old2.previous_msgctxt, old2.previous_msgid) == ("old1", "H20作為特供版芯片。")
    assert po[0].tcomment == "Keep the company names as in the glossary."
    babel = catalog.read_catalog(DATA / "babel_en.po")
    plural = entry(babel, "Article")
    assert plural.msgid_plural == "Articles" and plural.msgstr_plural == {
        0: "Article",
        1: "Articles",
    }
    assert entry(babel, "%(name)s updated %(count)d articles").occurrences == [
        ("pipeline/web.py", "12"),
        ("pipeline/web.py", "40"),
        ("pipeline/templates/base.html", "7"),
    ]
    header_keys = [key for key, _ in catalog.metadata_items(babel)]
    assert header_keys[5:8] == ["Language", "Language-Team", "Plural-Forms"]  # Babel's order kept


def test_obsolete_entries_keep_their_comments_and_references() -> None:
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        "# note\n#. extracted\n#: a.txt:3\n#, fuzzy\n"
        '#~ msgctxt "c"\n#~ msgid "x"\n#~ msgstr "y"\n'
    )
    po = catalog.parse_catalog(text.encode(), "t.po")
    assert catalog.render(po).split("\n\n", 1)[1] == text.split("\n\n", 1)[1]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_fast_and_line_by_line_readers_agree(sample: Path) -> None:
    """Indented lines defeat the one-regex fast path, so the line reader reads it all."""
    text = sample.read_text(encoding="utf-8")
    ours = catalog.render(catalog.read_catalog(sample))
    for source in (text, ours):
        indented = "\n".join(" " + line if line else line for line in source.split("\n"))
        slow = catalog.parse_catalog(indented.encode("utf-8"), "slow.po")
        fast = catalog.parse_catalog(source.encode("utf-8"), "fast.po")
        assert dump(slow) == dump(fast)
        assert [e.linenum for e in slow] == [e.linenum for e in fast]


def test_duplicate_and_bad_escape_in_fast_path_entries_are_reported_by_line() -> None:
    body = '#. x\n#: a.txt:1\nmsgid "a"\nmsgstr "b"\n\n#. y\nmsgid "a"\nmsgstr "c"\n'
    with pytest.raises(CatalogError) as caught:
        catalog.parse_catalog((_HEADER + body).encode(), "dup.po")
    assert caught.value.line == 11 and "first defined at line 7" in caught.value.message
    body = '#. x\nmsgctxt "c"\nmsgid "a"\nmsgstr "b\\q"\n'
    with pytest.raises(CatalogError) as caught:
        catalog.parse_catalog((_HEADER + body).encode(), "esc.po")
    assert caught.value.line == 8 and "\\q" in caught.value.message


def test_crlf_and_byte_order_mark_are_read() -> None:
    original = (DATA / "poedit_zh_TW.po").read_bytes()
    windows = b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n")
    assert dump(catalog.parse_catalog(windows, "w.po")) == dump(catalog.parse_catalog(original))


def test_escapes_are_decoded_like_gnu() -> None:
    text = r'msgid "a\x41\101\a\b\f\v\r\t\n\\\"\xe4\xb8\xad"' + '\nmsgstr ""\n'
    po = catalog.parse_catalog(text.encode(), "t.po")
    assert po[0].msgid == 'aAA\a\b\f\v\r\t\n\\"中'
    assert reparse(po)[0].msgid == po[0].msgid


def test_template_rendering_is_what_polib_writes() -> None:
    pot = make_pot(SENTENCES[:3])
    pot.wrapwidth = 0
    assert catalog.render(pot) == pot.__unicode__()


_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ('msgid "abc\nmsgstr "x"\n', 5, "unterminated string"),
        ('msgid "a\\qb"\nmsgstr "x"\n', 5, "invalid escape sequence \\q"),
        ('msgid "a\\x"\nmsgstr "x"\n', 5, "invalid escape sequence \\x"),
        ('msgid "a\\0"\nmsgstr "x"\n', 5, "invalid escape sequence \\0"),
        ('msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n', 8, "duplicate message definition"),
        (
            'msgctxt "c"\nmsgid "a"\nmsgstr "x"\n\n#~ msgctxt "c"\n#~ msgid "a"\n#~ msgstr "y"\n',
            9,
            "first defined at line 5",
        ),
        ('msgid "a"\n\nmsgid "b"\nmsgstr "x"\n', 7, "msgstr is missing"),
        ('msgid "a"\n', 5, "msgid without a msgstr"),
        ('msgctxt "a"\nmsgstr "x"\n', 6, "msgstr without a msgid"),
        ('msgid "a"\nmsgstr "x"\nmsgstr "y"\n', 7, "msgstr without a msgid"),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[1] "x"\n', 7, "msgstr[1] out of order"),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr "x"\n', 7, "needs msgstr[0]"),
        ('msgid "a"\nmsgstr[0] "x"\n', 6, "without a msgid_plural"),
        ('msgid "a"\nmsgstr "x" junk\n', 6, "unexpected text after string"),
        ('msgid "a"\nmsgtext "x"\n', 6, "unexpected text"),
        ('# note\n"orphan"\n', 6, "string without a keyword"),
        ('msgid "a"\n#~ msgstr "x"\n', 6, "obsolete ('#~') and active lines mixed"),
        ('msgid "a"\n# comment\nmsgstr "x"\n', 6, "comment inside an entry"),
    ],
)
def test_malformed_catalogs_name_the_line(body: str, line: int, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        catalog.parse_catalog((_HEADER + body).encode("utf-8"), "bad.po")
    assert caught.value.line == line, str(caught.value)
    assert message in caught.value.message
    assert str(caught.value).startswith(f"bad.po:{line}: ")


def test_a_well_formed_catalog_is_accepted() -> None:
    good = _HEADER + 'msgid "a" "b"\nmsgstr "x" # GNU allows a comment here\n'
    assert catalog.parse_catalog(good.encode(), "ok.po")[0].msgid == "ab"


def test_polib_would_have_accepted_a_bad_escape() -> None:
    """Why the reader is not polib's: polib turns \\q into a literal backslash-q."""
    text = _HEADER + 'msgid "a\\qb"\nmsgstr "x"\n'
    assert polib.pofile(text)[0].msgid == "a\\qb"
    with pytest.raises(CatalogError):
        catalog.parse_catalog(text.encode(), "bad.po")


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (
            b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=GB2312\\n"\n',
            3,
            "unsupported charset 'GB2312'",
        ),
        (
            b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n'
            b'\nmsgid "caf\xe9"\nmsgstr ""\n',
            3,
            "unsupported charset",
        ),
        (
            b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            b'\nmsgid "\xc3\x28"\nmsgstr ""\n',
            5,
            "byte 0xc3 is not valid UTF-8",
        ),
        (
            b'msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n'
            b'"Content-Type: text/plain; charset=ASCII\\n"\n\nmsgid "\xe4\xb8\xad"\nmsgstr ""\n',
            4,
            "declared as ASCII",
        ),
    ],
)
def test_wrong_charsets_and_bytes_are_errors(data: bytes, line: int, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        catalog.parse_catalog(data, "enc.po")
    assert caught.value.line == line
    assert message in caught.value.message


def test_utf8_and_template_charset_placeholder_are_accepted() -> None:
    for charset in (b"UTF-8", b"utf-8", b"utf8", b"CHARSET"):
        data = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=' + charset + b'\\n"\n'
        assert (
            catalog.parse_catalog(data, "ok.po").metadata["Content-Type"].endswith(charset.decode())
        )


def test_read_catalog_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="catalog not found"):
        catalog.read_catalog(tmp_path / "missing.po")


def test_write_catalog_is_atomic_and_skips_unchanged_files(tmp_path: Path) -> None:
    target = tmp_path / "x.po"
    po = translated(make_pot(SENTENCES[:2]))
    assert catalog.write_catalog(po, target) is True
    stamp = target.stat().st_mtime_ns
    assert catalog.write_catalog(po, target) is False
    assert target.stat().st_mtime_ns == stamp
    assert not [p for p in tmp_path.iterdir() if p.name != "x.po"]  # no temp file left


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
)


@given(
    entries=st.lists(
        st.tuples(
            st.none() | _text,
            _text.filter(bool),
            _text,
            st.booleans(),
            _text.map(lambda note: note.replace("\r", "")),  # a line end, not comment text
        ),
        max_size=6,
        unique_by=lambda t: (t[0], t[1]),
    )
)
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_any_catalog_survives_render_and_parse(
    entries: list[tuple[str | None, str, str, bool, str]],
) -> None:
    po = catalog.Catalog()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for ctxt, msgid, msgstr, obsolete, note in entries:
        po.append(
            polib.POEntry(
                msgctxt=ctxt, msgid=msgid, msgstr=msgstr, obsolete=obsolete, tcomment=note
            )
        )
    again = reparse(po)
    written_order = sorted(entries, key=lambda item: item[3])  # obsolete entries go last
    assert [(e.msgctxt, e.msgid, e.msgstr, e.obsolete, e.tcomment) for e in again] == [
        (ctxt, msgid, msgstr, obsolete, note)
        for ctxt, msgid, msgstr, obsolete, note in written_order
    ]


# --- new catalogs (msginit) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "plural"),
    [
        ("en", "nplurals=2; plural=(n != 1);"),
        ("zh_TW", "nplurals=1; plural=0;"),
        ("zh_Hans", "nplurals=1; plural=0;"),
        ("zh_HK", "nplurals=1; plural=0;"),
        ("fr", "nplurals=2; plural=(n > 1);"),
    ],
)
def test_new_catalog_has_a_complete_deterministic_header(locale: str, plural: str) -> None:
    pot = make_pot(SENTENCES[:3])
    po = catalog.new_catalog(pot, locale)
    meta = po.metadata
    assert meta["Language"] == locale
    assert meta["Plural-Forms"] == plural
    assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert meta["PO-Revision-Date"] == meta["POT-Creation-Date"] == CREATED
    assert meta["Project-Id-Version"] == "zhl10n a"
    assert meta["Language-Team"] and meta["Last-Translator"]
    assert meta["X-Source-Language"] == "zh_Hant"
    assert not po.metadata_is_fuzzy
    assert [e.msgid for e in po] == SENTENCES[:3] and not any(e.msgstr for e in po)
    assert catalog.render(catalog.new_catalog(pot, locale)) == catalog.render(po)


def test_new_catalog_and_template_pass_msgfmt_check_without_warnings(tmp_path: Path) -> None:
    msgfmt = gettext_tool("msgfmt")
    pot = make_pot(SENTENCES[:4])
    catalog.write_catalog(pot, tmp_path / "a.pot")
    for locale in ("en", "zh_TW", "zh_Hans"):
        catalog.write_catalog(catalog.new_catalog(pot, locale), tmp_path / f"{locale}.po")
    for path in sorted(tmp_path.iterdir()):
        done = subprocess.run(
            [msgfmt, "--check", "-o", os.devnull, str(path)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        if path.suffix == ".po":
            assert done.stderr == ""  # no "header field ... missing" warnings


# --- merging -------------------------------------------------------------------------------


def test_exact_match_keeps_translation_flags_and_comments_and_takes_template_comments() -> None:
    pot = make_pot(SENTENCES[:3])
    po = translated(pot)
    first = po[0]
    first.tcomment = "translator note"
    first.flags = ["no-opencc", "python-format"]
    first.comment = "stale extracted comment"
    first.occurrences = [("old.txt", "9")]
    merged, report = catalog.merge(po, pot)
    out = merged[0]
    assert out.msgstr == first.msgstr and out.tcomment == "translator note"
    assert out.flags == ["no-opencc"]  # format flags come from the template, like msgmerge
    assert out.comment == "paragraph" and out.occurrences == [("articles/a.txt", "1")]
    assert report.exact == 3 and not report.changed


def test_edited_sentence_becomes_fuzzy_with_previous_msgid() -> None:
    pot = make_pot(SENTENCES[:5])
    po = translated(pot)
    edited = SENTENCES[2].replace("格局變遷", "格局劇變")
    merged, report = catalog.merge(po, make_pot([*SENTENCES[:2], edited, *SENTENCES[3:5]]))
    out = entry(merged, edited)
    assert out.fuzzy and out.msgstr == "T:" + SENTENCES[2]
    assert (out.previous_msgctxt, out.previous_msgid) == (uid(SENTENCES[2]), SENTENCES[2])
    assert report.fuzzy == 1 and report.matches == (
        ((uid(edited), edited), (uid(SENTENCES[2]), SENTENCES[2])),
    )
    assert not states(merged)["obsolete"]  # used for the proposal, so not obsolete (msgmerge)
    text = catalog.render(merged)
    assert f'#| msgid "{SENTENCES[2]}"' in text


def test_removed_units_become_obsolete_and_untranslated_ones_are_dropped() -> None:
    pot = make_pot(SENTENCES[:4])
    po = translated(pot)
    po[3].msgstr = ""
    merged, report = catalog.merge(po, make_pot(SENTENCES[:2]))
    assert states(merged)["obsolete"] == {(uid(SENTENCES[2]), SENTENCES[2])}
    gone = entry(merged, SENTENCES[2])
    assert gone.comment == "" and gone.occurrences == []  # msgmerge clears #. and #:
    assert report.obsolete == 1 and report.dropped == 1
    assert [e.obsolete for e in merged] == [False, False, True]  # template order, then obsolete


def test_obsolete_translation_is_revived_when_the_sentence_comes_back() -> None:
    pot = make_pot(SENTENCES[:3])
    po, _ = catalog.merge(translated(pot), make_pot(SENTENCES[:2]))
    back, report = catalog.merge(reparse(po), pot)
    revived = entry(back, SENTENCES[2])
    assert not revived.obsolete and not revived.fuzzy and revived.msgstr == "T:" + SENTENCES[2]
    assert report.revived == 1 and not states(back)["obsolete"]


def test_same_sentence_under_a_new_id_is_a_fuzzy_match_with_previous_context() -> None:
    pot = make_pot([("u1", SENTENCES[0])])
    merged, _ = catalog.merge(translated(pot), make_pot([("u2", SENTENCES[0])]))
    out = merged[0]
    assert out.fuzzy and out.previous_msgctxt == "u1" and out.previous_msgid == SENTENCES[0]


def test_new_units_come_in_untranslated_in_template_order() -> None:
    pot = make_pot(SENTENCES[:3])
    new_pot = make_pot([SENTENCES[3], SENTENCES[1], SENTENCES[0], SENTENCES[2]])
    merged, report = catalog.merge(translated(pot), new_pot)
    assert [e.msgid for e in merged] == [e.msgid for e in new_pot]
    assert entry(merged, SENTENCES[3]).msgstr == "" and report.new == 1


def test_purge_obsolete_removes_old_and_new_obsolete_entries() -> None:
    pot = make_pot(SENTENCES[:3])
    po, _ = catalog.merge(translated(pot), make_pot(SENTENCES[:2]))
    merged, report = catalog.merge(po, make_pot(SENTENCES[:1]), purge_obsolete=True)
    assert not states(merged)["obsolete"] and report.purged == 2


def test_header_is_kept_and_only_the_creation_date_follows_the_template() -> None:
    po = catalog.read_catalog(DATA / "poedit_zh_TW.po")
    merged, _ = catalog.merge(po, make_pot(SENTENCES[:2], created="2025-08-01 00:00+0000"))
    before, after = dict(catalog.metadata_items(po)), dict(catalog.metadata_items(merged))
    assert after.pop("POT-Creation-Date") == "2025-08-01 00:00+0000"
    assert after.pop("X-Source-File") == "articles/a.txt"
    before.pop("POT-Creation-Date"), before.pop("X-Source-File")
    assert after == before and merged.header == po.header
    assert [k for k, _ in catalog.metadata_items(merged)] == [
        k for k, _ in catalog.metadata_items(po)
    ]


def test_fuzzy_entry_matched_exactly_stays_fuzzy_with_its_original_previous() -> None:
    po = catalog.read_catalog(DATA / "poedit_zh_TW.po")
    fuzzy = next(e for e in po if e.fuzzy)
    pot = make_pot([(fuzzy.msgctxt, fuzzy.msgid)])
    merged, _ = catalog.merge(po, pot)
    out = entry(merged, fuzzy.msgid)
    assert out.fuzzy and out.previous_msgid == fuzzy.previous_msgid


def test_similarity_is_fstrcmp_over_characters() -> None:
    assert catalog.similarity("abc", "abc") == 1.0
    assert catalog.similarity("", "") == 1.0 and catalog.similarity("a", "") == 0.0
    assert catalog.similarity("abcd", "abxd") == pytest.approx(0.75)
    assert catalog.similarity("黃仁勛訪華", "黃仁勳訪華") == pytest.approx(0.8)


def _lcs_reference(a: str, b: str) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        previous = 0
        for j, y in enumerate(b, start=1):
            current = row[j]
            row[j] = previous + 1 if x == y else max(row[j], row[j - 1])
            previous = current
    return row[-1]


@given(st.text(alphabet="abcde中文", max_size=40), st.text(alphabet="abcde中文", max_size=40))
def test_bit_parallel_lcs_equals_dynamic_programming(a: str, b: str) -> None:
    assert catalog._lcs_length(catalog._char_masks(a), len(a), b) == _lcs_reference(a, b)


def test_fuzzy_index_finds_the_predecessor_among_many_without_all_pairs() -> None:
    olds = [
        catalog._copy_entry(make_pot(["x"])[0], msgid=f"{SENTENCES[i % 16]}{i}", msgstr="t")
        for i in range(2000)
    ]
    index = catalog.FuzzyIndex(olds)
    query = SENTENCES[11] + "1707"  # entry 1707 exists as SENTENCES[11] + "1707"
    edited = query.replace("異構計算", "異質運算")
    found = index.search("c", edited)
    assert found is not None and found[0].msgid == query
    assert index.search("c", "完全無關的一句話：今天下雨。") is None


# --- merging compared with GNU msgmerge ----------------------------------------------------


def _edit(text: str) -> str:
    """A small edit in the middle of a sentence."""
    middle = len(text) // 2
    return text[:middle] + "顯著" + text[middle + 2 :]


def _scenarios() -> dict[str, tuple[list[str], list[str] | list[tuple[str, str]]]]:
    base = SENTENCES[:12]
    return {
        "edit one sentence": (base, [*base[:4], _edit(base[4]), *base[5:]]),
        "edit several": (base, [_edit(s) if i % 4 == 1 else s for i, s in enumerate(base)]),
        "remove": (base, [s for i, s in enumerate(base) if i not in (3, 7)]),
        "add": (base, [*base[:6], "今天天氣很好，我們去公園散步吧。", *base[6:]]),
        "reorder": (base, [base[i] for i in (5, 0, 11, 2, 9, 1, 8, 3, 7, 4, 10, 6)]),
        "duplicate sentence": (base, [*base, (uid(base[3]) + "-2", base[3])]),
        "moved under a new id": (base, [(f"x{i}", s) if i == 2 else s for i, s in enumerate(base)]),
        "shrink to two": (base, base[:2]),
        "everything at once": (
            base,
            [
                base[0],
                _edit(base[1]),
                "華為發布了新的AI訓練平臺。",
                *base[3:6],
                base[8],
                base[7],
                *base[9:11],
                (uid(base[0]) + "-2", base[0]),
            ],
        ),
    }


@pytest.mark.parametrize("name", list(_scenarios()))
def test_merge_matches_gnu_msgmerge(name: str, tmp_path: Path) -> None:
    msgmerge = gettext_tool("msgmerge")
    before, after = _scenarios()[name]
    old_po = translated(make_pot(before))
    old_po[5].tcomment = "checked by a reviewer"
    pot = make_pot(after, created="2025-08-01 00:00+0000")
    catalog.write_catalog(old_po, tmp_path / "old.po")
    catalog.write_catalog(pot, tmp_path / "new.pot")
    gnu_text = gnu_msgmerge(msgmerge, tmp_path / "old.po", tmp_path / "new.pot")
    ours, _ = catalog.merge(catalog.read_catalog(tmp_path / "old.po"), pot)
    assert states(ours) == states(catalog.parse_catalog(gnu_text.encode(), "gnu.po"))
    # Same proposals, previous msgids, order, header; zhl10n adds only its "approved" notes.
    assert without_notes(catalog.render(ours)) == gnu_text


def test_revival_matches_gnu_msgmerge(tmp_path: Path) -> None:
    msgmerge = gettext_tool("msgmerge")
    base = SENTENCES[:8]
    shrunk, _ = catalog.merge(translated(make_pot(base)), make_pot(base[:5]))
    catalog.write_catalog(shrunk, tmp_path / "old.po")
    catalog.write_catalog(make_pot(base), tmp_path / "new.pot")
    gnu = gnu_msgmerge(msgmerge, tmp_path / "old.po", tmp_path / "new.pot")
    ours, report = catalog.merge(catalog.read_catalog(tmp_path / "old.po"), make_pot(base))
    assert report.revived == 3
    assert catalog.render(ours) == gnu


def test_where_we_differ_from_msgmerge_on_purpose(tmp_path: Path) -> None:
    """msgmerge scores UTF-8 bytes, and different Chinese characters share lead bytes.

    Two sentences sharing only their subject (8 of 16 characters, similarity
    0.5) score 0.604 in bytes: msgmerge proposes "market share keeps growing" as
    the translation of "mass production schedule confirmed"; we do not.
    """
    msgmerge = gettext_tool("msgmerge")
    old_text = "華為昇騰芯片的市場份額持續擴大。"
    new_text = "華為昇騰芯片的量產時程已經確定。"
    assert catalog.similarity(old_text, new_text) < catalog.FUZZY_THRESHOLD
    catalog.write_catalog(translated(make_pot([old_text])), tmp_path / "old.po")
    catalog.write_catalog(make_pot([new_text]), tmp_path / "new.pot")
    gnu = gnu_msgmerge(msgmerge, tmp_path / "old.po", tmp_path / "new.pot")
    ours, _ = catalog.merge(catalog.read_catalog(tmp_path / "old.po"), make_pot([new_text]))
    gnu_states = states(catalog.parse_catalog(gnu.encode(), "gnu.po"))
    assert gnu_states["fuzzy"] == {(uid(new_text), new_text)}
    assert states(ours)["untranslated"] == {(uid(new_text), new_text)}
    assert states(ours)["obsolete"] == {(uid(old_text), old_text)}  # translation still kept


# --- no translation is ever lost ---------------------------------------------------------------

_POOL = SENTENCES + [
    "寒武紀、壁仞科技等企業正在形成差異化競爭格局。",
    "結語：",
    "中美科技博弈的本質是標準之爭。",
]

_operation = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 50), st.integers(0, 50)),
    st.tuples(st.just("delete"), st.integers(0, 50), st.integers(0, 0)),
    st.tuples(st.just("insert"), st.integers(0, 50), st.integers(0, len(_POOL) - 1)),
    st.tuples(st.just("reorder"), st.integers(0, 50), st.integers(0, 50)),
    st.tuples(st.just("clear"), st.integers(0, 0), st.integers(0, 0)),
)


def _apply(sentences: list[str], operation: tuple[str, int, int]) -> list[str]:
    kind, a, b = operation
    out = list(sentences)
    if kind == "clear":
        return out[:1]
    if not out:
        return [_POOL[b % len(_POOL)]]
    i = a % len(out)
    if kind == "edit":
        text = out[i]
        cut = b % max(len(text), 1)
        out[i] = text[:cut] + "新" + text[cut + 1 :]
    elif kind == "delete":
        del out[i]
    elif kind == "insert":
        out.insert(i, _POOL[b])
    else:
        out[i], out[b % len(out)] = out[b % len(out)], out[i]
    return list(dict.fromkeys(out))  # an article repeats a sentence under one id here


@given(st.lists(_operation, min_size=1, max_size=8))
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_translation_ever_disappears_without_purge(
    operations: list[tuple[str, int, int]],
) -> None:
    sentences = SENTENCES[:8]
    po = translated(make_pot(sentences))
    every = {e.msgstr for e in po}
    for operation in operations:
        sentences = _apply(sentences, operation)
        po, _ = catalog.merge(po, make_pot(sentences))
        po = reparse(po)  # and through the file format
        kept = {e.msgstr for e in po if e.msgstr}
        assert every <= kept
        assert all(e.msgstr == "" or e.msgstr in every for e in po)


# --- machine-converted entries ---------------------------------------------------------------


def convert_v1(text: str) -> str:
    return text.replace("芯片", "晶片").replace("后", "後")


def convert_v2(text: str) -> str:
    return convert_v1(text).replace("英偉達", "輝達")


def test_fill_converts_untranslated_entries_and_marks_them() -> None:
    po = catalog.new_catalog(make_pot(SENTENCES[:5]), "zh_TW")
    report = catalog.fill_converted(po, convert_v1)
    assert report.filled == 5
    for e in po:
        assert e.msgstr == convert_v1(e.msgid)
        assert e.flags == []  # GNU tools drop unknown flags: the note is a translator comment
        assert e.tcomment.endswith("zhl10n: machine " + catalog.machine_note(e.msgstr))
        assert catalog.is_machine_owned(e)
    assert catalog.machine_note("晶片") == hashlib.sha1("晶片".encode()).hexdigest()[:8]


def test_old_opencc_flag_is_still_recognised_and_replaced_by_the_note() -> None:
    po = catalog.new_catalog(make_pot(SENTENCES[:1]), "zh_TW")
    po[0].msgstr = "舊的機器譯文。"
    po[0].flags = [catalog.machine_flag(po[0].msgstr)]
    assert catalog.is_machine_owned(po[0])
    report = catalog.fill_converted(po, convert_v1)
    assert report.refreshed == 1 and po[0].msgstr == convert_v1(po[0].msgid)
    assert po[0].flags == [] and "zhl10n: machine" in po[0].tcomment


def test_machine_entries_follow_a_changed_converter_and_human_ones_do_not() -> None:
    po = catalog.new_catalog(make_pot([*SENTENCES[:9], "英偉達發布新一代芯片。"]), "zh_TW")
    catalog.fill_converted(po, convert_v1)
    target = next(e for e in po if "英偉達" in e.msgid)
    human = po[1]
    human.msgstr = "人工修訂的譯文。"  # edited text, note left in place: a human correction
    unmarked = next(e for e in po if "英偉達" in e.msgid and e is not target)
    unmarked.tcomment = ""  # reviewer removed the note: a human decision
    report = catalog.fill_converted(po, convert_v2)
    assert "輝達" in target.msgstr and catalog.is_machine_owned(target)
    assert human.msgstr == "人工修訂的譯文。" and unmarked.msgstr == convert_v1(unmarked.msgid)
    assert unmarked.tcomment == ""
    assert report.refreshed == 1 and report.human == 2


def test_a_corrected_entry_loses_its_stale_machine_note_and_keeps_its_text() -> None:
    po = catalog.new_catalog(make_pot(SENTENCES[:3]), "zh_TW")
    catalog.fill_converted(po, convert_v1)
    po[0].msgstr = "審校過的譯文。"  # corrected in Poedit, the note left in place
    po[0].tcomment = "reviewer: house style\n" + po[0].tcomment
    po[1].msgstr = "另一處修訂。"
    po[1].flags = [catalog.machine_flag(convert_v1(po[1].msgid))]  # the old flag form
    po[1].tcomment = ""
    report = catalog.fill_converted(po, convert_v2)
    assert report.human == 2
    assert po[0].msgstr == "審校過的譯文。" and po[0].tcomment == "reviewer: house style"
    assert po[1].msgstr == "另一處修訂。" and po[1].flags == []
    assert not catalog.is_machine_owned(po[0]) and not catalog.is_machine_owned(po[1])
    again = catalog.fill_converted(po, convert_v2)  # still a person's without the note
    assert again.human == 2 and po[0].msgstr == "審校過的譯文。" and po[1].msgstr == "另一處修訂。"
    assert "zhl10n: machine" in po[2].tcomment  # untouched machine entries keep theirs


def test_lost_note_is_recovered_when_the_text_is_the_conversion() -> None:
    po = catalog.new_catalog(make_pot(SENTENCES[:3]), "zh_TW")
    catalog.fill_converted(po, convert_v1)
    for e in po:
        e.tcomment = ""  # a tool that keeps no comments at all
    report = catalog.fill_converted(po, convert_v1)
    assert report.recovered == 3 and report.human == 0
    assert all(catalog.is_machine_owned(e) for e in po)


def test_reviewer_fuzzy_on_a_machine_entry_is_kept_and_makes_it_human() -> None:
    po = catalog.new_catalog(make_pot(SENTENCES[:3]), "zh_TW")
    catalog.fill_converted(po, convert_v1)
    po[1].flags = ["fuzzy"]  # "needs work", text unchanged, no #| previous
    report = catalog.fill_converted(po, convert_v2)
    assert po[1].fuzzy and po[1].msgstr == convert_v1(po[1].msgid)
    assert not catalog.is_machine_owned(po[1]) and report.reviewed == 1
    again = catalog.fill_converted(po, convert_v2)  # and it stays a person's from now on
    assert po[1].fuzzy and again.reviewed == 0 and again.human == 1


def test_machine_fuzzy_entry_is_reconverted_and_human_fuzzy_entry_stays_for_review() -> None:
    base = SENTENCES[:6]
    po = catalog.new_catalog(make_pot(base), "zh_TW")
    catalog.fill_converted(po, convert_v1)
    po[4].msgstr = "審校過的譯文。"  # human
    edited = [*base[:3], _edit(base[3]), _edit(base[4]), base[5]]
    merged, _ = catalog.merge(po, make_pot(edited))
    machine, person = entry(merged, edited[3]), entry(merged, edited[4])
    assert machine.fuzzy and person.fuzzy
    report = catalog.fill_converted(merged, convert_v1)
    assert not machine.fuzzy and machine.msgstr == convert_v1(edited[3])
    assert machine.previous_msgid is None
    assert person.fuzzy and person.msgstr == "審校過的譯文。" and person.previous_msgid == base[4]
    assert report.refreshed == 1 and report.needs_review == 1


# --- MO files ------------------------------------------------------------------------------


def _mo_catalog() -> Any:
    po = catalog.read_catalog(DATA / "babel_en.po")
    po.extend(catalog.read_catalog(DATA / "msgmerge_en.po"))
    return po


def test_mo_loads_in_python_gettext(tmp_path: Path) -> None:
    po = _mo_catalog()
    assert catalog.write_mo(po, tmp_path / "x.mo") is True
    assert catalog.write_mo(po, tmp_path / "x.mo") is False
    with open(tmp_path / "x.mo", "rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.pgettext("button", "Build") == "Build"
    assert translations.pgettext("multi", "第一行\n第二行") == "Line one\nLine two"
    assert translations.pgettext("tabbed", '第一\t"昇騰"\\%d') == 'First\t"Ascend"\\%d'
    assert translations.ngettext("Article", "Articles", 1) == "Article"
    assert translations.ngettext("Article", "Articles", 5) == "Articles"
    title = SENTENCES[0]
    assert translations.pgettext("76ad727cf0", title).startswith("Behind Jensen Huang")
    # fuzzy, untranslated and obsolete entries are left out, as msgfmt does
    assert translations.gettext("Translated by characters: {percent}%") == (
        "Translated by characters: {percent}%"
    )
    assert translations.pgettext(
        "untranslated", "寒武紀、壁仞科技等企業正在形成差異化競爭格局。"
    ) == ("寒武紀、壁仞科技等企業正在形成差異化競爭格局。")
    assert translations.gettext("Old button") == "Old button"
    assert translations.info()["language"] == "en"


@pytest.mark.parametrize("hash_table", [False, True])
def test_mo_bytes_equal_msgfmt_output(hash_table: bool, tmp_path: Path) -> None:
    msgfmt = gettext_tool("msgfmt")
    po = _mo_catalog()
    source = tmp_path / "x.po"
    source.write_text(catalog.render(po), encoding="utf-8")
    flags = [] if hash_table else ["--no-hash"]
    subprocess.run([msgfmt, *flags, "-o", str(tmp_path / "gnu.mo"), str(source)], check=True)
    assert catalog.mo_bytes(po, hash_table=hash_table) == (tmp_path / "gnu.mo").read_bytes()


@pytest.mark.parametrize("count", [0, 1, 2, 3, 7, 40, 250])
def test_hash_table_matches_msgfmt_for_many_sizes(count: int, tmp_path: Path) -> None:
    msgfmt = gettext_tool("msgfmt")
    po = catalog.new_catalog(make_pot([f"句子{i}。" for i in range(count)]), "zh_TW")
    catalog.fill_converted(po, lambda s: s + "譯")
    source = tmp_path / "x.po"
    catalog.write_catalog(po, source)
    subprocess.run([msgfmt, "-o", str(tmp_path / "gnu.mo"), str(source)], check=True)
    assert catalog.mo_bytes(po, hash_table=True) == (tmp_path / "gnu.mo").read_bytes()


def test_msgunfmt_reads_our_mo(tmp_path: Path) -> None:
    msgunfmt = gettext_tool("msgunfmt")
    po = _mo_catalog()
    catalog.write_mo(po, tmp_path / "x.mo")
    done = subprocess.run(
        [msgunfmt, "--no-wrap", str(tmp_path / "x.mo")], check=True, capture_output=True
    )
    back = catalog.parse_catalog(done.stdout, "msgunfmt")
    expected = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in po
        if not e.obsolete and not e.fuzzy and catalog.has_translation(e)
    }
    assert {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in back} == expected


def test_mo_keeps_a_fuzzy_header_like_msgfmt() -> None:
    po = translated(make_pot(SENTENCES[:2]))
    po.metadata_is_fuzzy = True
    translations = gettext.GNUTranslations(io.BytesIO(catalog.mo_bytes(po)))
    assert translations.info()["language"] == "en"
    assert catalog.header_is_fuzzy(po)


# --- statistics ----------------------------------------------------------------------------


def test_catalog_stats_count_units_and_source_characters() -> None:
    po = translated(make_pot(["一二三四五六七八九十", "一二", "一二三", "一二三四五"]))
    po[1].flags = ["fuzzy"]
    po[2].msgstr = ""
    po[3].obsolete = True
    counted = catalog.catalog_stats(po)
    assert (counted.translated, counted.fuzzy, counted.untranslated, counted.obsolete) == (
        1,
        1,
        1,
        1,
    )
    assert (counted.translated_chars, counted.fuzzy_chars, counted.untranslated_chars) == (10, 2, 3)
    assert counted.percent_units == pytest.approx(100 / 3)
    assert counted.percent_chars == pytest.approx(100 * 10 / 15)
    assert catalog.catalog_stats(catalog.Catalog()).percent_chars == 100.0
