"""Build stage bookkeeping: which edition of each article stands in ``build/``, and why.

``build/`` is what gets published, so it never keeps an edition that no longer
matches its article: when an article is not built in a locale (below the
threshold, held back by ``check`` errors in its catalog, no catalog yet), its
previous output ``build/<locale>/<slug>.*`` is removed, not left to be synced.

What the last build did is recorded per article and locale in
``.zhl10n-cache/editions.json`` (JSON, checked for shape on read; a file that
is missing or misshapen counts as no record), with a digest of what the edition
was made from (the article's bytes and the catalog's usable translations). From
it ``stats``, ``run`` and the review pages tell each article and locale apart:

``built``
    the output in ``build/`` was made from the article and translations as
    they are now;
``skipped``
    not built, with the reason (and no output: it was removed);
``stale``
    an output exists but the article or its translations changed since it was
    built, or no build record vouches for it (run ``zhl10n build`` or ``run``);
``""``
    never built and nothing in ``build/``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Config
from .errors import InputFileError
from .fileio import read_private, write_private

#: The record's file inside the state folder, and its layout version.
EDITIONS_FILE = "editions.json"
EDITIONS_FORMAT = 1
STATE_DIR = ".zhl10n-cache"
#: Suffixes a built article may have (``build/<locale>/<slug><suffix>``).
SUFFIXES = (".txt", ".md")

BUILT, SKIPPED, STALE = "built", "skipped", "stale"


@dataclass(frozen=True)
class Edition:
    """One article in one locale: what ``build/`` holds for it and why."""

    slug: str
    locale: str
    status: str
    reason: str = ""
    #: The output file, relative to the project ("" when there is none).
    path: str = ""

    def describe(self) -> str:
        """``built``, ``skipped: <why>``, ``stale: <why>`` or ``not built yet``."""
        if not self.status:
            return "not built yet"
        return f"{self.status}: {self.reason}" if self.reason else self.status


@dataclass(frozen=True)
class Record:
    """What the last build did for one article in one locale."""

    status: str
    reason: str
    digest: str
    path: str


def edition_digest(article: bytes, translations: Mapping[str, str]) -> str:
    """What an edition is made from: the article's bytes and the usable translations."""
    hasher = hashlib.sha256(article)
    hasher.update(b"\0")
    hasher.update(json.dumps(sorted(translations.items()), ensure_ascii=False).encode("utf-8"))
    return hasher.hexdigest()[:20]


def records_path(config: Config) -> Path:
    return config.root / STATE_DIR / EDITIONS_FILE


def load_records(config: Config) -> dict[tuple[str, str], Record]:
    """The recorded builds by ``(slug, locale)``; none when the file is missing or misshapen."""
    try:  # the state folder is never read through a link (fileio.read_private)
        raw = read_private(records_path(config), config.root)
        payload = json.loads(raw) if raw is not None else None
    except (OSError, ValueError, RecursionError, InputFileError):
        return {}
    if not isinstance(payload, dict) or payload.get("format") != EDITIONS_FORMAT:
        return {}
    found: dict[tuple[str, str], Record] = {}
    items = payload.get("editions")
    if not isinstance(items, list):
        return {}
    for item in items:
        if not (
            isinstance(item, dict)
            and set(item) == {"slug", "locale", "status", "reason", "digest", "path"}
            and all(isinstance(value, str) for value in item.values())
            and item["status"] in (BUILT, SKIPPED)
        ):
            return {}  # one bad row: nothing in the file is trusted
        found[(item["slug"], item["locale"])] = Record(
            item["status"], item["reason"], item["digest"], item["path"]
        )
    return found


def save_records(config: Config, records: Mapping[tuple[str, str], Record]) -> None:
    """Write the records (sorted, so the same builds give the same bytes)."""
    items = [
        {
            "slug": slug,
            "locale": locale,
            "status": record.status,
            "reason": record.reason,
            "digest": record.digest,
            "path": record.path,
        }
        for (slug, locale), record in sorted(records.items())
    ]
    document = {"format": EDITIONS_FORMAT, "editions": items}
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    write_private(records_path(config), text.encode("utf-8"), config.root)


def outputs(config: Config, locale: str, slug: str) -> list[Path]:
    """Every built file of an article in a locale that exists (whatever its suffix)."""
    folder = config.build_path / locale
    return [
        folder / f"{slug}{suffix}" for suffix in SUFFIXES if (folder / f"{slug}{suffix}").is_file()
    ]


def withdraw(config: Config, locale: str, slug: str, *, keep: Path | None = None) -> list[Path]:
    """Remove an article's previous output in a locale (it is not built this time);
    ``keep``: the file just written (only other suffixes go)."""
    removed = []
    for path in outputs(config, locale, slug):
        if keep is not None and path == keep:
            continue
        path.unlink(missing_ok=True)  # a symlink is removed itself, never followed
        removed.append(path)
    return removed


def status(
    slug: str,
    locale: str,
    record: Record | None,
    digest: str,
    present: Iterable[Path],
    relative: Any = str,
) -> Edition:
    """The edition of one article in one locale, from its record and what is on disk now."""
    files = list(present)
    shown = str(relative(files[0])) if files else ""
    if record is None:
        if files:
            return Edition(
                slug, locale, STALE, "no build record vouches for it (run zhl10n build)", shown
            )
        return Edition(slug, locale, "")
    if record.status == SKIPPED:
        if files:  # something put a file back after the skip
            return Edition(slug, locale, STALE, f"left over; not built: {record.reason}", shown)
        return Edition(slug, locale, SKIPPED, record.reason)
    if not files:
        return Edition(slug, locale, STALE, "the built file is gone (run zhl10n build)")
    if record.digest != digest:
        return Edition(
            slug, locale, STALE, "the article or its translations changed since it was built", shown
        )
    return Edition(slug, locale, BUILT, "", shown)
