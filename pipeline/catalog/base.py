"""Catalog stage, shared pieces: the :class:`Catalog` model and entry helpers.

polib is the in-memory model only; every other module of the package builds
on the few helpers here (copying entries, header field order, GC pausing).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import hashlib
from collections.abc import Iterator
from typing import Any

import polib

WRAP_WIDTH = 0  # polib: 0 disables wrapping
DATE_FORMAT = "%Y-%m-%d %H:%M%z"


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cycle collector while building many objects that form no cycles.

    Reading or merging 50,000 entries allocates enough containers to trigger
    full collections over an ever larger heap: a third of an update's time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Hand the new objects to the oldest generation without a scan (a young
            # generation of a million objects would otherwise be traversed at once):
            # they live as long as the catalog does.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def now_stamp(now: _dt.datetime | None = None) -> str:
    """A PO header date; ``now`` is injectable so golden files can be reproduced."""
    moment = now or _dt.datetime.now(_dt.timezone.utc)
    return moment.strftime(DATE_FORMAT)


class Catalog(polib.POFile):  # type: ignore[misc]  # polib ships no type hints
    """A POFile that remembers the order of its header fields.

    :func:`render` writes a Catalog's header fields in insertion order (the order
    they were read in, or built in), so re-writing a file made by Poedit,
    Weblate or Babel does not shuffle its header. Plain polib POFiles (templates)
    keep polib's conventional order.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("wrapwidth", WRAP_WIDTH)
        super().__init__(*args, **kwargs)
        self.encoding = "utf-8"
        #: False for a file that had no header entry at all (nothing to write back).
        self.has_header_entry = True
        #: Header lines as read, by field: ``(value, text after the colon)``. A field
        #: whose value is unchanged is written back verbatim (GNU tools copy the
        #: header's msgstr as it is: ``Plural-Forms:  nplurals=1`` keeps both spaces).
        self.raw_header: dict[str, tuple[Any, str]] = {}
        #: Whether the header's msgstr ended without a newline (kept as read).
        self.header_open_end = False
        #: A header comment that is a lone ``#`` (polib's empty string cannot say so).
        self.lone_header_comment = False


_ENTRY_STATE: dict[str, Any] = dict(polib.POEntry(encoding="utf-8").__dict__)
_POENTRY_NEW = object.__new__


def _new_entry(**fields: Any) -> Any:
    """A POEntry without polib's keyword-argument constructor (a third of parse time)."""
    state = dict(_ENTRY_STATE)
    state["msgstr_plural"] = {}
    state["occurrences"] = []
    state["flags"] = []
    state.update(fields)
    entry = polib.POEntry.__new__(polib.POEntry)
    entry.__dict__.update(state)
    return entry


def metadata_items(po: polib.POFile) -> list[tuple[str, Any]]:
    """Header fields in the order :func:`render` writes them."""
    if isinstance(po, Catalog):
        return list(po.metadata.items())
    return list(po.ordered_metadata())


def _copy_entry(entry: Any, **changes: Any) -> Any:
    """A copy of a POEntry with some fields changed (its lists and dicts are not shared)."""
    # Built through __dict__ rather than POEntry(**fields): merging 50,000
    # entries spends a second in polib's keyword-argument constructor otherwise.
    state = dict(entry.__dict__)
    state["msgstr_plural"] = dict(entry.msgstr_plural)
    state["occurrences"] = list(entry.occurrences)
    state["flags"] = list(entry.flags)
    state.update(changes)
    copy = polib.POEntry.__new__(polib.POEntry)
    copy.__dict__.update(state)
    return copy


Key = tuple[str | None, str]


#: An entry attribute: its translator comment is a lone ``#`` line, which
#: polib's ``tcomment`` (a string) cannot tell from no comment at all.
LONE_COMMENT = "zhl10n_lone_comment"


def has_translation(entry: Any) -> bool:
    """msgmerge's test for a usable old translation: the (first) msgstr is not empty."""
    if entry.msgid_plural or entry.msgstr_plural:
        return bool(entry.msgstr_plural.get(0, ""))
    return bool(entry.msgstr)


# --- zhl10n's own notes in translator comments ------------------------------------------------
#
# Flags unknown to GNU gettext are dropped by msgcat, msgattrib and msgmerge, and
# Babel drops flags of obsolete entries; translator comments ("# ...") survive
# every tool (GNU, Babel, translate-toolkit, Poedit, Weblate). So what zhl10n
# must remember about an entry is one translator comment line each:
#   "# zhl10n: machine <hash>"   the converter wrote this msgstr (hash of it);
#   "# zhl10n: approved <hash>"  the translation approved before a source edit.
# A hash that no longer matches the msgstr means a person changed the text.

MARKER_PREFIX = "zhl10n: "


def text_hash(text: str) -> str:
    """Eight hex digits of sha1: enough to notice that a text changed."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def translation_text(entry: Any) -> str:
    """The msgstr, or the plural forms joined by NUL (what a hash covers)."""
    if entry.msgid_plural or entry.msgstr_plural:
        return "\0".join(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
    return str(entry.msgstr)


def marker_values(entry: Any, kind: str) -> list[str]:
    """The values of ``# zhl10n: <kind> <value>`` lines of an entry."""
    prefix = f"{MARKER_PREFIX}{kind} "
    if not entry.tcomment or MARKER_PREFIX not in entry.tcomment:
        return []
    return [
        line[len(prefix) :].strip()
        for line in entry.tcomment.split("\n")
        if line.startswith(prefix)
    ]


def set_marker(entry: Any, kind: str, value: str | None) -> None:
    """Replace the entry's ``# zhl10n: <kind>`` line (none with ``value=None``), last."""
    prefix = f"{MARKER_PREFIX}{kind} "
    lines = entry.tcomment.split("\n") if entry.tcomment else []
    kept = [line for line in lines if not line.startswith(prefix)]
    if value is not None:
        kept.append(prefix + value)
    if kept != lines:
        entry.tcomment = "\n".join(kept)
