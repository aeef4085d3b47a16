"""Catalog stage: machine-converted entries (which text the converter owns)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polib

# --- machine-converted entries ---------------------------------------------------------------

MACHINE_FLAG_PREFIX = "opencc:"


def machine_flag(msgstr: str) -> str:
    """The marker of a machine-converted msgstr: ``opencc:`` + sha1(msgstr)[:8]."""
    return MACHINE_FLAG_PREFIX + hashlib.sha1(msgstr.encode("utf-8")).hexdigest()[:8]


def is_machine_owned(entry: Any) -> bool:
    """True when the entry still holds exactly what the converter wrote (marker matches).

    A reviewer who edits the text or removes the flag makes it a human translation.
    """
    return bool(entry.msgstr) and machine_flag(entry.msgstr) in entry.flags


@dataclass(frozen=True)
class FillReport:
    """What :func:`fill_converted` did to a catalog."""

    filled: int = 0
    refreshed: int = 0
    unchanged: int = 0
    human: int = 0
    #: Human translations left fuzzy (source changed): a reviewer must look.
    needs_review: int = 0


def fill_converted(po: polib.POFile, convert: Callable[[str], str]) -> FillReport:
    """Fill a zh_* catalog by script conversion without ever touching a human correction.

    * untranslated entries get ``convert(msgid)`` and the machine marker;
    * machine-owned entries are converted again from the current msgid (a
      source edit, a glossary or override change propagates) and lose "fuzzy";
    * anything else is a human translation and is left exactly as it is, fuzzy
      included, so a reviewer sees the ``#|`` diff.
    """
    filled = refreshed = unchanged = human = needs_review = 0
    for entry in po:
        if entry.obsolete or entry.msgid_plural or not entry.msgid:
            continue
        if entry.msgstr and not is_machine_owned(entry):
            human += 1
            needs_review += bool(entry.fuzzy)
            continue
        text = convert(entry.msgid)
        if not text:
            continue
        flags = [
            flag
            for flag in entry.flags
            if flag != "fuzzy" and not flag.startswith(MACHINE_FLAG_PREFIX)
        ]
        flags.append(machine_flag(text))
        if entry.msgstr == text and entry.flags == flags:
            unchanged += 1
            continue
        if entry.msgstr:
            refreshed += 1
        else:
            filled += 1
        entry.msgstr = text
        entry.flags = flags
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    return FillReport(filled, refreshed, unchanged, human, needs_review)
