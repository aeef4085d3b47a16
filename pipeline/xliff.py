"""Exchange stage: a catalog as XLIFF 1.2 for CAT tools, and back.

XLIFF 1.2 is the version Trados, memoQ, OmegaT, Phrase and Weblate all read.
One ``<file>`` per catalog; one ``<trans-unit>`` per active entry, its ``id``
the unit id (the msgctxt), so a round trip never depends on a tool keeping
anything else. States both ways:

==========================  ==========================================
PO                          XLIFF
==========================  ==========================================
untranslated                no ``<target>``
fuzzy                       ``state="needs-review-translation"``
translated                  ``state="translated"``, ``approved="yes"``
converter's text (zh)       ``state="translated"``,
                            ``state-qualifier="mt-suggestion"``
==========================  ==========================================

On import, ``final``, ``signed-off``, ``translated`` or ``approved="yes"``
mean approved; ``needs-*`` and ``new`` with a target mean fuzzy. A unit whose
``<source>`` is no longer the catalog's msgid (the article changed since the
export) comes in fuzzy with the exported source as ``#|`` previous msgid, so the
translator sees the diff. An empty target never removes a translation, and
a converter's text that comes back unchanged stays the converter's.

The parser refuses document type declarations (no entity expansion) and
reads at most :data:`MAX_XLIFF_BYTES`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import polib

from .catalog import has_translation, is_machine_owned
from .catalog.base import MARKER_PREFIX, set_marker
from .catalog.machine import MACHINE
from .config import lang_tag
from .errors import InputFileError

NS = "urn:oasis:names:tc:xliff:document:1.2"
_Q = "{" + NS + "}"
XML_NS = "http://www.w3.org/XML/1998/namespace"
#: Refused beyond this size: a catalog of a very long article stays far below it.
MAX_XLIFF_BYTES = 64 * 1024 * 1024

APPROVED_STATES = frozenset({"final", "signed-off", "translated"})


def source_tag(source_language: str) -> str:
    """``zh-Hans`` or ``zh-Hant`` for a template's ``X-Source-Language``."""
    return "zh-Hans" if source_language in ("zh_Hans", "zh_CN", "zh_SG") else "zh-Hant"


def _own_notes_removed(comment: str) -> str:
    return "\n".join(line for line in comment.split("\n") if not line.startswith(MARKER_PREFIX))


def export_xliff(
    po: polib.POFile, *, original: str, source_language: str, locale: str, tool_version: str
) -> bytes:
    """The XLIFF 1.2 document of a catalog's active entries (deterministic bytes)."""
    ET.register_namespace("", NS)
    root = ET.Element(_Q + "xliff", {"version": "1.2"})
    file = ET.SubElement(
        root,
        _Q + "file",
        {
            "original": original,
            "source-language": source_tag(source_language),
            "target-language": lang_tag(locale),
            "datatype": "plaintext",
            "tool-id": "zhl10n",
        },
    )
    header = ET.SubElement(file, _Q + "header")
    ET.SubElement(
        header,
        _Q + "tool",
        {"tool-id": "zhl10n", "tool-name": "zhl10n", "tool-version": tool_version},
    )
    body = ET.SubElement(file, _Q + "body")
    for entry in po:
        if entry.obsolete or not entry.msgid or entry.msgid_plural:
            continue
        attributes = {"id": entry.msgctxt or entry.msgid, f"{{{XML_NS}}}space": "preserve"}
        translated = has_translation(entry)
        if translated and not entry.fuzzy:
            attributes["approved"] = "yes"
        unit = ET.SubElement(body, _Q + "trans-unit", attributes)
        ET.SubElement(unit, _Q + "source").text = entry.msgid
        if translated:
            state = {"state": "needs-review-translation" if entry.fuzzy else "translated"}
            if is_machine_owned(entry):
                state["state-qualifier"] = "mt-suggestion"
            ET.SubElement(unit, _Q + "target", state).text = entry.msgstr
        if entry.comment:
            ET.SubElement(unit, _Q + "note", {"from": "developer"}).text = entry.comment
        note = _own_notes_removed(entry.tcomment or "")
        if note:
            ET.SubElement(unit, _Q + "note", {"from": "translator"}).text = note
        if entry.fuzzy and entry.previous_msgid:
            ET.SubElement(
                unit, _Q + "note", {"from": "zhl10n", "annotates": "source"}
            ).text = f"previous source: {entry.previous_msgid}"
        for name, line in entry.occurrences:
            group = ET.SubElement(unit, _Q + "context-group", {"purpose": "location"})
            ET.SubElement(group, _Q + "context", {"context-type": "sourcefile"}).text = name
            if line:
                ET.SubElement(group, _Q + "context", {"context-type": "linenumber"}).text = str(
                    line
                )
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


@dataclass(frozen=True)
class XliffUnit:
    """One ``<trans-unit>`` as read: id, source, target (None when absent), approval."""

    id: str
    source: str
    target: str | None
    approved: bool
    line: int | None = None


@dataclass(frozen=True)
class XliffFile:
    """One ``<file>`` of an XLIFF document."""

    original: str
    source_language: str
    target_language: str
    units: tuple[XliffUnit, ...]


def _text(element: Any) -> str:
    """The text of an element with its inline markup flattened (``<g>``, ``<mrk>``)."""
    return "".join(element.itertext()) if element is not None else ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_xliff(data: bytes, shown: str) -> tuple[XliffFile, ...]:
    """The files and units of an XLIFF 1.x document; errors name ``shown`` and a line."""
    if len(data) > MAX_XLIFF_BYTES:
        raise InputFileError(f"larger than {MAX_XLIFF_BYTES // (1024 * 1024)} MB", shown)
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise InputFileError("document type declarations are not accepted in XLIFF", shown)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise InputFileError(f"not well-formed XML: {exc}", shown, line) from None
    if root is None or _local(root.tag) != "xliff":
        raise InputFileError("not an XLIFF document (no <xliff> root)", shown)
    files: list[XliffFile] = []
    for file in root.iter():
        if _local(file.tag) != "file":
            continue
        units: list[XliffUnit] = []
        for unit in file.iter():
            if _local(unit.tag) != "trans-unit":
                continue
            identifier = unit.get("id")
            if not identifier:
                raise InputFileError("a <trans-unit> has no id", shown)
            source = target = None
            state = ""
            for child in unit:
                if _local(child.tag) == "source":
                    source = _text(child)
                elif _local(child.tag) == "target":
                    target = _text(child)
                    state = child.get("state", "")
            approved = unit.get("approved") == "yes" or state in APPROVED_STATES
            units.append(XliffUnit(identifier, source or "", target, approved))
        files.append(
            XliffFile(
                file.get("original", ""),
                file.get("source-language", ""),
                file.get("target-language", ""),
                tuple(units),
            )
        )
    return tuple(files)


@dataclass(frozen=True)
class ImportReport:
    """What an import changed in one catalog."""

    approved: int = 0
    fuzzy: int = 0
    unchanged: int = 0
    #: Units whose source changed since the export: in as fuzzy, with the diff.
    source_changed: int = 0
    #: Ids the catalog does not have (the unit left the article).
    unknown: tuple[str, ...] = ()


def import_units(po: polib.POFile, units: Iterable[XliffUnit]) -> ImportReport:
    """Apply XLIFF units to a catalog by unit id; nothing a person wrote is removed."""
    by_id = {(entry.msgctxt or entry.msgid): entry for entry in po if not entry.obsolete}
    approved = fuzzy = unchanged = changed_source = 0
    unknown: list[str] = []
    for unit in units:
        entry = by_id.get(unit.id)
        if entry is None:
            unknown.append(unit.id)
            continue
        if not unit.target or entry.msgid_plural:
            unchanged += 1
            continue
        stale = unit.source != entry.msgid
        want_fuzzy = stale or not unit.approved
        if (
            unit.target == entry.msgstr
            and bool(entry.fuzzy) == want_fuzzy
            and not (stale and entry.previous_msgid != unit.source)
        ):
            unchanged += 1
            continue
        if unit.target != entry.msgstr:
            set_marker(entry, MACHINE, None)  # a person's text now
            entry.msgstr = unit.target
        flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.flags = ["fuzzy", *flags] if want_fuzzy else flags
        if stale:
            entry.previous_msgid = unit.source
            changed_source += 1
        elif not want_fuzzy:
            entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
            set_marker(entry, "approved", None)
        if want_fuzzy:
            fuzzy += 1
        else:
            approved += 1
    return ImportReport(approved, fuzzy, unchanged, changed_source, tuple(unknown))
