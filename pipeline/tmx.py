"""Exchange stage: translation memory as TMX 1.4b, the format every CAT tool,
Weblate and Crowdin read and write.

A ``<tu>`` per source sentence holds a ``<tuv>`` for the source (``zh-Hant`` or
``zh-Hans``) and one per locale with an approved translation. Reading keeps
what this project can use: for a locale's language tag, the pairs (source
sentence, translation). The parser refuses document type declarations and
reads at most :data:`MAX_TMX_BYTES`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import InputFileError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_TMX_BYTES = 256 * 1024 * 1024
SOURCE_TAGS = ("zh-Hant", "zh-Hans")


@dataclass(frozen=True)
class TmxUnit:
    """One translation unit: the source sentence and its translation per language tag."""

    source_lang: str
    source: str
    translations: tuple[tuple[str, str], ...]


def export_tmx(units: Iterable[TmxUnit], *, tool_version: str) -> bytes:
    """A TMX 1.4b document (deterministic: units in the given order, no dates)."""
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "zhl10n",
            "creationtoolversion": tool_version,
            "segtype": "sentence",
            "o-tmf": "PO",
            "adminlang": "en",
            "srclang": "*all*",
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(root, "body")
    for unit in units:
        tu = ET.SubElement(body, "tu", {"srclang": unit.source_lang})
        tuv = ET.SubElement(tu, "tuv", {XML_LANG: unit.source_lang})
        ET.SubElement(tuv, "seg").text = unit.source
        for lang, text in unit.translations:
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
            ET.SubElement(tuv, "seg").text = text
    ET.indent(root, space="  ")
    declaration = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
    return declaration + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def _seg_text(tuv: ET.Element) -> str | None:
    for child in tuv:
        if child.tag == "seg":
            return "".join(child.itertext())
    return None


def parse_tmx(data: bytes, shown: str) -> tuple[TmxUnit, ...]:
    """The units of a TMX 1.x document; a ``<tu>`` without a Chinese source is skipped."""
    if len(data) > MAX_TMX_BYTES:
        raise InputFileError(f"larger than {MAX_TMX_BYTES // (1024 * 1024)} MB", shown)
    if b"<!entity" in data.lower():
        raise InputFileError("entity declarations are not accepted in TMX", shown)
    # A DOCTYPE naming the TMX DTD (as CAT tools write it) is fine: expat does not
    # fetch external DTDs, and entity declarations are refused above.
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise InputFileError(f"not well-formed XML: {exc}", shown, line) from None
    if root.tag != "tmx":
        raise InputFileError("not a TMX document (no <tmx> root)", shown)
    header = root.find("header")
    default_source = header.get("srclang", "") if header is not None else ""
    units: list[TmxUnit] = []
    for tu in root.iter("tu"):
        srclang = tu.get("srclang") or default_source
        variants: list[tuple[str, str]] = []
        for tuv in tu.iter("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
            text = _seg_text(tuv)
            if lang and text:
                variants.append((lang, text))
        source = next(
            (
                (lang, text)
                for lang, text in variants
                if _same_language(lang, srclang) or (srclang in ("", "*all*") and _is_zh(lang))
            ),
            None,
        )
        if source is None:
            continue
        others = tuple((lang, text) for lang, text in variants if (lang, text) != source)
        units.append(TmxUnit(source[0], source[1], others))
    return tuple(units)


def _is_zh(lang: str) -> bool:
    return lang.lower().split("-")[0] == "zh"


def _same_language(tag: str, other: str) -> bool:
    return bool(other) and tag.lower() == other.lower()


def pairs_for(units: Iterable[TmxUnit], lang: str) -> Mapping[str, str]:
    """Source sentence → translation for language tag ``lang`` (case-insensitive;
    ``en`` also takes ``en-US`` when no plain ``en`` is given)."""
    found: dict[str, str] = {}
    wanted = lang.lower()
    for unit in units:
        exact = [text for tag, text in unit.translations if tag.lower() == wanted]
        loose = [
            text
            for tag, text in unit.translations
            if "-" not in wanted and tag.lower().split("-")[0] == wanted
        ]
        chosen = exact or loose
        if chosen and unit.source not in found:
            found[unit.source] = chosen[0]
    return found
