"""Cached state as data: the shape of every file in ``.zhl10n-cache/``, checked on read.

The state folder comes from wherever the project came from (a clone, a CI
cache), so nothing in it is executed or trusted as it stands: its files are
JSON (never pickle, never ``eval``), each value is checked against the shape
below before use, and a file that cannot be read, belongs to another format or
has a wrong shape counts as no state at all. The run is then a full one and
writes a fresh state; the reason is kept as a note (``run -v`` prints it).

The run key is built from a canonical form of the configuration (sorted keys,
sets as sorted lists), so equal configurations give equal keys in every
process, and from the installed version of every library that shapes output.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, fields
from typing import Any

from .check import CheckResult
from .models import Violation

#: Libraries whose installed version is part of the run key: each one shapes an output
#: (extraction, conversion, readings, matching, merging, parsing, dates, encodings).
LIBRARIES = (
    "opencc",
    "pypinyin",
    "polib",
    "pyahocorasick",
    "rapidfuzz",
    "markdown-it-py",
    "mdit-py-plugins",
    "trafilatura",
    "lxml",
    "lxml-html-clean",
    "justext",
    "htmldate",
    "courlan",
    "charset-normalizer",
    "dateparser",
)

#: Version of the check cache's layout (``check.json``).
CHECK_FORMAT = 2


class BadState(ValueError):
    """A state file whose content does not have the expected shape."""


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise BadState(what)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def library_versions(names: tuple[str, ...] = LIBRARIES) -> list[str]:
    """``name-version`` of each library, from the installed distributions' folder names.

    Listing the import path is much cheaper than ``importlib.metadata`` at start-up.
    A library that is not installed counts as ``name-?``.
    """
    wanted = {name.lower() for name in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listed = os.listdir(entry or ".")
        except OSError:
            continue
        for name in listed:
            if name.endswith((".dist-info", ".egg-info")):
                stem = name.rsplit(".", 1)[0]
                project = stem.split("-", 1)[0].lower().replace("_", "-").replace(".", "-")
                if project in wanted and project not in found:
                    found[project] = f"{project}-{stem.split('-', 1)[1] if '-' in stem else '?'}"
    return [found.get(name, f"{name}-?") for name in names]


def canonical(value: Any) -> Any:
    """``value`` as plain JSON data whose serialisation does not depend on the process.

    >>> canonical({"b": frozenset({"y", "x"}), "a": (1, 2)})
    {'a': [1, 2], 'b': ['x', 'y']}
    """
    if isinstance(value, dict):
        return {str(key): canonical(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, (set, frozenset)):
        return sorted((canonical(item) for item in value), key=_sort_key)
    if isinstance(value, (list, tuple)):
        return [canonical(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def canonical_json(value: Any) -> str:
    """One line of JSON for ``value``, the same for equal values in every process."""
    return json.dumps(canonical(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# --- state.json --------------------------------------------------------------------------------


def parse_files(value: object) -> dict[str, list[Any]]:
    """``files``: path -> [size, inode, mtime_ns, ctime_ns, hash, settled]."""
    _require(isinstance(value, dict), "'files' is not an object")
    assert isinstance(value, dict)
    for name, entry in value.items():
        _require(
            isinstance(entry, list)
            and len(entry) == 6
            and all(_is_int(item) for item in entry[:4])
            and isinstance(entry[4], str)
            and isinstance(entry[5], bool),
            f"files[{name!r}] is not [size, inode, mtime, ctime, hash, settled]",
        )
    return dict(value)


def parse_articles(value: object) -> dict[str, dict[str, Any]]:
    """``articles``: slug -> {path, input, files, summary}, every field checked."""
    _require(isinstance(value, dict), "'articles' is not an object")
    assert isinstance(value, dict)
    for slug, record in value.items():
        _parse_record(str(slug), record)
    return dict(value)


def _parse_record(slug: str, record: object) -> None:
    where = f"articles[{slug!r}]"
    _require(isinstance(record, dict), f"{where} is not an object")
    assert isinstance(record, dict)
    _require(isinstance(record.get("path"), str), f"{where}.path is not a string")
    _require(isinstance(record.get("input"), str), f"{where}.input is not a string")
    files = record.get("files")
    _require(
        isinstance(files, dict) and all(isinstance(v, str) or v is None for v in files.values()),
        f"{where}.files is not an object of hashes",
    )
    summary = record.get("summary")
    _require(isinstance(summary, dict), f"{where}.summary is not an object")
    assert isinstance(summary, dict)
    _require(isinstance(summary.get("script", ""), str), f"{where}.summary.script")
    for name in ("units", "repairs", "dropped"):
        _require(_is_int(summary.get(name, 0)), f"{where}.summary.{name} is not a number")
    suspects = summary.get("suspects", [])
    _require(
        isinstance(suspects, list)
        and all(
            isinstance(item, list)
            and len(item) == 2
            and _is_int(item[0])
            and isinstance(item[1], str)
            for item in suspects
        ),
        f"{where}.summary.suspects is not a list of [line, text]",
    )
    locales = summary.get("locales", {})
    _require(isinstance(locales, dict), f"{where}.summary.locales is not an object")
    for locale, data in locales.items():
        _require(
            isinstance(data, dict)
            and isinstance(data.get("stats", {}), dict)
            and all(isinstance(k, str) and _is_int(v) for k, v in data.get("stats", {}).items())
            and isinstance(data.get("built", False), bool)
            and isinstance(data.get("skipped", ""), str),
            f"{where}.summary.locales[{locale!r}] is not {{stats, built, skipped}}",
        )


# --- check.json --------------------------------------------------------------------------------


def encode_check(key: str, result: CheckResult) -> bytes:
    """The check cache's bytes: the key and the result, as JSON."""
    payload = {
        "format": CHECK_FORMAT,
        "key": key,
        "violations": [_violation_data(v) for v in result.violations],
        "suppressed": [_violation_data(v) for v in result.suppressed],
        "catalogs": list(result.catalogs),
        "units": result.units,
        "strict": result.strict,
        "locales": list(result.locales),
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _violation_data(violation: Violation) -> dict[str, Any]:
    return {item.name: getattr(violation, item.name) for item in fields(violation)}


def decode_check(data: bytes, key: str) -> CheckResult | None:
    """The result saved under ``key``; None for another key; :class:`BadState` if misshapen."""
    try:
        payload = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise BadState(f"not JSON ({exc.__class__.__name__})") from None
    _require(isinstance(payload, dict), "not a JSON object")
    _require(payload.get("format") == CHECK_FORMAT, "another format")
    _require(isinstance(payload.get("key"), str), "no key")
    if payload["key"] != key:
        return None
    units = payload.get("units")
    _require(_is_int(units), "'units' is not a number")
    _require(isinstance(payload.get("strict"), bool), "'strict' is not a boolean")
    return CheckResult(
        violations=_violations(payload.get("violations")),
        catalogs=_strings(payload.get("catalogs"), "catalogs"),
        units=int(units),
        strict=bool(payload["strict"]),
        locales=_strings(payload.get("locales"), "locales"),
        suppressed=_violations(payload.get("suppressed")),
    )


def _strings(value: object, name: str) -> tuple[str, ...]:
    _require(
        isinstance(value, list) and all(isinstance(item, str) for item in value),
        f"'{name}' is not a list of strings",
    )
    assert isinstance(value, list)
    return tuple(value)


#: How each field type of :class:`Violation` is checked; a field of another type makes
#: every saved result unusable (a cache miss), never a wrong one.
_FIELD_CHECKS: dict[str, Any] = {
    "str": lambda v: isinstance(v, str),
    "int": _is_int,
    "bool": lambda v: isinstance(v, bool),
    "dict[str, str]": lambda v: (
        isinstance(v, dict) and all(isinstance(k, str) and isinstance(x, str) for k, x in v.items())
    ),
}


def _violations(value: object) -> tuple[Violation, ...]:
    _require(isinstance(value, list), "violations are not a list")
    assert isinstance(value, list)
    shape = {item.name: str(item.type) for item in fields(Violation)}
    names = set(shape)
    checks = [(name, _FIELD_CHECKS.get(kind)) for name, kind in shape.items()]
    # thousands of violations: plain strings are checked by type, the rest by their check
    plain = [name for name, kind in shape.items() if kind == "str"]
    other = [(name, check) for name, check in checks if shape[name] != "str"]
    found = []
    for index, item in enumerate(value):
        _require(
            isinstance(item, dict) and item.keys() == names,
            f"violation {index} has other fields than {sorted(shape)}",
        )
        assert isinstance(item, dict)
        for name in plain:
            _require(type(item[name]) is str, f"violation {index}.{name}")
        for name, check in other:
            _require(check is not None and check(item[name]), f"violation {index}.{name}")
        found.append(Violation(**item))
    return tuple(found)


# --- check-catalogs.json ---------------------------------------------------------------------

#: Version of the per-catalog check cache's layout (``check-catalogs.json``).
PARTS_FORMAT = 1


@dataclass(frozen=True)
class SavedPart:
    """One catalog's saved share of a check, valid while its bytes hash to ``digest``.

    ``sentences`` holds one ``<source hash>:<translation hash>`` per translated unit (what
    consistency compares across catalogs, without the texts); ``marked`` the units whose
    translator comment may suppress something, as ``[msgctxt, msgid, msgstr, line,
    msgstr_line, translator_comment]``.
    """

    digest: str
    locale: str
    units: int
    violations: tuple[Violation, ...]
    sentences: tuple[str, ...]
    marked: tuple[tuple[str, str, str, int, int, str], ...]


def encode_parts(key: str, parts: dict[str, SavedPart]) -> bytes:
    """The per-catalog check cache's bytes: the key and each catalog's part, as JSON."""
    payload = {
        "format": PARTS_FORMAT,
        "key": key,
        "catalogs": {
            path: {
                "digest": part.digest,
                "locale": part.locale,
                "units": part.units,
                "violations": [_violation_data(v) for v in part.violations],
                "sentences": " ".join(part.sentences),
                "marked": [list(unit) for unit in part.marked],
            }
            for path, part in parts.items()
        },
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


def decode_parts(data: bytes, key: str) -> dict[str, SavedPart]:
    """The parts saved under ``key`` (none for another key); :class:`BadState` if misshapen."""
    try:
        payload = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise BadState(f"not JSON ({exc.__class__.__name__})") from None
    _require(isinstance(payload, dict), "not a JSON object")
    _require(payload.get("format") == PARTS_FORMAT, "another format")
    _require(isinstance(payload.get("key"), str), "no key")
    if payload["key"] != key:
        return {}
    catalogs = payload.get("catalogs")
    _require(isinstance(catalogs, dict), "'catalogs' is not an object")
    assert isinstance(catalogs, dict)
    found = {}
    for path, item in catalogs.items():
        _require(isinstance(item, dict), f"catalog {path!r} is not an object")
        assert isinstance(item, dict)
        for name in ("digest", "locale", "sentences"):
            _require(isinstance(item.get(name), str), f"catalog {path!r}: '{name}'")
        _require(_is_int(item.get("units")), f"catalog {path!r}: 'units'")
        marked = item.get("marked")
        _require(isinstance(marked, list), f"catalog {path!r}: 'marked'")
        assert isinstance(marked, list)
        units = []
        for unit in marked:
            _require(
                isinstance(unit, list)
                and len(unit) == 6
                and all(isinstance(unit[i], str) for i in (0, 1, 2, 5))
                and _is_int(unit[3])
                and _is_int(unit[4]),
                f"catalog {path!r}: a marked unit",
            )
            units.append((unit[0], unit[1], unit[2], int(unit[3]), int(unit[4]), unit[5]))
        found[path] = SavedPart(
            digest=item["digest"],
            locale=item["locale"],
            units=int(item["units"]),
            violations=_violations(item.get("violations")),
            sentences=tuple(item["sentences"].split()),
            marked=tuple(units),
        )
    return found
