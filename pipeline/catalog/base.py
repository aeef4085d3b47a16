"""Catalog stage, shared pieces: the :class:`Catalog` model and entry helpers.

polib is the in-memory model only; every other module of the package builds
on the few helpers here (copying entries, header field order, GC pausing).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
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


def has_translation(entry: Any) -> bool:
    """msgmerge's test for a usable old translation: the (first) msgstr is not empty."""
    if entry.msgid_plural or entry.msgstr_plural:
        return bool(entry.msgstr_plural.get(0, ""))
    return bool(entry.msgstr)
