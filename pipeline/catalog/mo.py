"""Catalog stage: MO files, written as ``msgfmt`` writes them."""

from __future__ import annotations

import operator
import re
import struct
import sys
from array import array
from pathlib import Path

import polib

from ..errors import CatalogError
from ..fileio import atomic_write_bytes
from .writer import header_text

# --- MO files --------------------------------------------------------------------------------
#
# Written directly (polib's save_as_mofile is quadratic: 68 s for 50,000
# entries). The layout is msgfmt's: 28-byte header, the original and
# translated string tables sorted by msgid bytes (msgctxt joined with \x04,
# plural msgids joined with \0), an optional hash table, then the strings.
# Like msgfmt, fuzzy, untranslated and obsolete entries are left out and the
# header entry is kept even when it is marked fuzzy.

MO_MAGIC = 0x950412DE


def _hash_string(data: bytes) -> int:
    """gettext's hash_string (hashpjw), which readers of the hash table recompute."""
    value = 0
    for byte in data:
        value = (value << 4) + byte
        high = value & 0xF0000000
        if high:
            value ^= high >> 24
            value ^= high
    return value


def _is_prime(candidate: int) -> bool:
    # gettext's is_prime, quirks included (it is only called with odd numbers and
    # calls 3 composite), so the hash table size is msgfmt's byte for byte.
    divisor = 3
    square = divisor * divisor
    while square < candidate and candidate % divisor != 0:
        divisor += 1
        square += 4 * divisor
        divisor += 1
    return candidate % divisor != 0


def _hash_table_size(count: int) -> int:
    seed = (count * 4 // 3) | 1
    while not _is_prime(seed):
        seed += 2
    return seed if seed > 2 else 3


def mo_bytes(po: polib.POFile, *, hash_table: bool = False) -> bytes:
    """The MO file for ``po``, in time linear in its size (plus one sort).

    Without ``hash_table`` the table size is 0, as ``msgfmt --no-hash`` writes:
    GNU libintl then looks strings up by binary search and Python's gettext
    never uses the table; with it the bytes equal plain ``msgfmt`` output.
    """
    items: list[tuple[bytes, bytes, bytes]] = []
    content = str(po.metadata.get("Content-Type") or "")
    if re.search(r"charset=CHARSET\b", content):
        raise CatalogError(
            "header says charset=CHARSET (an unfilled template): Python's gettext cannot "
            "load such an MO file; set charset=UTF-8 (zhl10n update does)",
            getattr(po, "fpath", None) or "<catalog>",
            0,
        )
    if getattr(po, "has_header_entry", True) or po.metadata:
        # msgfmt (since gettext 0.20) drops POT-Creation-Date for reproducible builds.
        header = "".join(
            line
            for line in header_text(po).splitlines(keepends=True)
            if not line.startswith("POT-Creation-Date:")
        )
        if header:
            items.append((b"", b"", header.encode("utf-8")))
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
            if not forms or not forms[0]:
                continue
            value = "\0".join(forms)
        elif entry.msgstr:
            value = entry.msgstr
        else:
            continue
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        key = msgid.encode("utf-8")
        full = key + b"\0" + entry.msgid_plural.encode("utf-8") if entry.msgid_plural else key
        items.append((key, full, value.encode("utf-8")))
    items.sort(key=operator.itemgetter(0))
    count = len(items)
    size = _hash_table_size(count) if hash_table else 0
    start = 28 + 16 * count + 4 * size
    originals = [item[1] for item in items]
    translations = [item[2] for item in items]
    tables = array("I")
    offset = start
    for group in (originals, translations):
        for text in group:
            tables.append(len(text))
            tables.append(offset)
            offset += len(text) + 1
    hashes = array("I", bytes(4 * size))
    for position, (key, _full, _value) in enumerate(items if size else ()):
        hashed = _hash_string(key)
        slot = hashed % size
        if hashes[slot]:
            step = 1 + hashed % (size - 2)
            while hashes[slot]:
                slot = slot - (size - step) if slot >= size - step else slot + step
        hashes[slot] = position + 1
    if sys.byteorder == "big":  # MO files written here are little-endian
        tables.byteswap()
        hashes.byteswap()
    head = struct.pack("<7I", MO_MAGIC, 0, count, 28, 28 + 8 * count, size, 28 + 16 * count)
    strings = b"".join(text + b"\0" for text in originals) + b"".join(
        text + b"\0" for text in translations
    )
    return head + tables.tobytes() + hashes.tobytes() + strings


def write_mo(po: polib.POFile, path: Path, *, hash_table: bool = False) -> bool:
    """Compile ``po`` to ``path`` atomically; return False when the file was already current."""
    return atomic_write_bytes(path, mo_bytes(po, hash_table=hash_table), durable=False)


def plural_problems(po: polib.POFile) -> list[tuple[int, str]]:
    """Entries with more plural forms than the header's ``nplurals`` (``(line, message)``).

    msgfmt compiles them as they are; a reader then never uses the extra forms.
    """
    found = re.search(r"nplurals\s*=\s*([0-9]+)", str(po.metadata.get("Plural-Forms") or ""))
    if found is None:
        return []
    nplurals = int(found.group(1))
    return [
        (
            int(entry.linenum or 0),
            f"{len(entry.msgstr_plural)} plural forms but the header says nplurals={nplurals}",
        )
        for entry in po
        if not entry.obsolete and len(entry.msgstr_plural) > nplurals
    ]
