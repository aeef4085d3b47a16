"""Catalog stage: machine-converted entries (which text the converter owns).

Ownership lives where every PO tool keeps it: a translator comment
``# zhl10n: machine <hash of the msgstr>`` (see :mod:`.base`). msgcat,
msgattrib, msgmerge, Babel, translate-toolkit, Poedit and Weblate all keep
translator comments, on obsolete entries too; the ``#, opencc:<hash>`` flag
that zhl10n wrote before is dropped by GNU tools, so it is still read (and
replaced by the comment) but no longer written.

When an entry has no translator comment at all (a tool that keeps none, or a
catalog whose old flags a GNU tool already dropped), ownership is recomputed:
a text that equals the conversion of its source is the converter's, since
taking it over loses nothing a person wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polib

from .base import marker_values, set_marker, text_hash

# --- machine-converted entries ---------------------------------------------------------------

#: The flag zhl10n wrote before the translator-comment note (still recognised).
MACHINE_FLAG_PREFIX = "opencc:"
MACHINE = "machine"


def machine_flag(msgstr: str) -> str:
    """The old flag form of the marker: ``opencc:`` + sha1(msgstr)[:8] (read, not written)."""
    return MACHINE_FLAG_PREFIX + text_hash(msgstr)


def machine_note(msgstr: str) -> str:
    """The value of the ``# zhl10n: machine`` note for ``msgstr``."""
    return text_hash(msgstr)


def is_machine_owned(entry: Any) -> bool:
    """True when the entry still holds exactly what the converter wrote (its note matches).

    A reviewer who edits the text or removes the note makes it a human translation.
    """
    if not entry.msgstr:
        return False
    return machine_note(entry.msgstr) in marker_values(entry, MACHINE) or (
        machine_flag(entry.msgstr) in entry.flags
    )


def _reviewer_marked(entry: Any) -> bool:
    """Fuzzy with no ``#|`` previous source: a person marked it "needs work".

    zhl10n never leaves a machine entry fuzzy, and a source edit that makes
    one fuzzy always records the previous source.
    """
    return bool(entry.fuzzy) and entry.previous_msgid is None


def _drop_machine_marks(entry: Any) -> None:
    """Remove the machine note (and the old flag) from an entry a person now owns."""
    set_marker(entry, MACHINE, None)
    entry.flags = [f for f in entry.flags if not f.startswith(MACHINE_FLAG_PREFIX)]


@dataclass(frozen=True)
class FillReport:
    """What :func:`fill_converted` did to a catalog."""

    filled: int = 0
    refreshed: int = 0
    unchanged: int = 0
    human: int = 0
    #: Human translations left fuzzy (source changed): a reviewer must look.
    needs_review: int = 0
    #: Machine entries a reviewer marked fuzzy: now human-owned, left as they are.
    reviewed: int = 0
    #: Machine entries recognised by recomputation (their note had been lost).
    recovered: int = 0


def fill_converted(po: polib.POFile, convert: Callable[[str], str]) -> FillReport:
    """Fill a zh_* catalog by script conversion without ever touching a human correction.

    * untranslated entries get ``convert(msgid)`` and the machine note;
    * machine-owned entries are converted again from the current msgid (a
      source edit, a glossary or override change propagates) and lose "fuzzy";
    * a machine entry a reviewer marked fuzzy keeps its mark and becomes human;
    * anything else is a human translation and its text is left exactly as it
      is, fuzzy included, so a reviewer sees the ``#|`` diff; only a stale
      ``machine`` note on it goes (the entry reads as a person's in an editor).
    """
    filled = refreshed = unchanged = human = needs_review = reviewed = recovered = 0
    for entry in po:
        if entry.obsolete or entry.msgid_plural or not entry.msgid:
            continue
        if entry.msgstr:
            owned = is_machine_owned(entry)
            if owned and _reviewer_marked(entry):
                _drop_machine_marks(entry)
                reviewed += 1
                human += 1
                needs_review += 1
                continue
            if not owned and not entry.fuzzy and not entry.tcomment:
                # No note at all (a tool that keeps no comments, or a catalog whose
                # old flags a GNU tool dropped): the conversion of the source is
                # the converter's whatever wrote it. An entry with a note that no
                # longer matches, or fuzzy, is a person's.
                owned = entry.msgstr == convert(entry.msgid)
                recovered += owned
            if not owned:
                # A person's text: a ``machine`` note left from before the correction
                # would read wrongly in an editor (and no longer proves anything).
                _drop_machine_marks(entry)
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
        before = (entry.msgstr, entry.tcomment, list(entry.flags), entry.previous_msgid)
        had_text = bool(entry.msgstr)
        entry.msgstr = text
        entry.flags = flags
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        set_marker(entry, "approved", None)
        set_marker(entry, MACHINE, machine_note(text))
        if before == (entry.msgstr, entry.tcomment, list(entry.flags), entry.previous_msgid):
            unchanged += 1
        elif had_text:
            refreshed += 1
        else:
            filled += 1
    return FillReport(filled, refreshed, unchanged, human, needs_review, reviewed, recovered)
