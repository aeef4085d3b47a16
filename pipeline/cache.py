"""The state of incremental runs: which articles changed since the last run, what it left.

Commands consult this module (``zhl10n run`` plans with it, ``check`` keeps its
result here); it imports nothing above it and runs no stage itself.

Everything is decided by content hashes (BLAKE2b of the bytes), never by
timestamps alone, so a fresh clone of an up-to-date repository is recognised as
up to date. The state lives in one folder, ``.zhl10n-cache/`` at the project
root (git-ignored); deleting it, or ``zhl10n run --force``, costs one full run
and nothing else.

What a cached step depends on, and therefore what invalidates it:

- **the run key**, shared by every article: the bytes of every file of the
  ``pipeline`` package (code and its data tables), the installed version of every
  library that shapes output (``statefile.LIBRARIES``) and of Python, a canonical
  form of the configuration, and every
  table at the project root (``*.csv``, ``*.toml``, ``*.json`` and any file a
  configuration value names: glossary, conversions, corrections, overrides...).
  A change to any of them reruns every article: a glossary edit re-converts and
  re-checks everything (exact per-term invalidation is not attempted);
- **an article's record**: the hash of the article's bytes and of every file the
  last run left for it (template, each locale's catalog and MO file, each
  built article, or their absence). An article is skipped only when all of them
  still match, so an edited catalog, a deleted MO file or a hand-edited build
  output brings the article back into the run;
- **the check's record**: the run key, the options, and the hash of every
  template and catalog.

File hashes are remembered with the file's size, inode, mtime and ctime; a
file whose stat is unchanged, and was last changed well before the hash was
taken, is not read again. Anything else is read and hashed.

The state is data, checked before use (:mod:`pipeline.statefile`): a state
file that is unreadable, foreign or wrongly shaped counts as none.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from .config import Config
from .errors import ConfigError, InputFileError
from .fileio import read_input, read_private, refuse_links, write_private
from .statefile import (
    BadState,
    SavedPart,
    canonical_json,
    decode_check,
    decode_parts,
    encode_check,
    encode_parts,
    library_versions,
    parse_articles,
    parse_files,
)

_T = TypeVar("_T")

#: The state folder, relative to the project root.
STATE_DIR = ".zhl10n-cache"
#: The check cache, JSON checked by :func:`statefile.decode_check` (never a pickle).
CHECK_FILE = "check.json"
_FORMAT = 1
#: Root-level files treated as input tables.
TABLE_SUFFIXES = (".csv", ".tsv", ".toml", ".json", ".yaml", ".yml")
#: A stat is trusted only for files last changed this long before it was taken: longer
#: than the coarsest common timestamp granularity (FAT: 2 s), so a same-size edit within
#: one tick of a coarse clock is still read and hashed (content, not timestamps, decides).
_SETTLE_NS = 2_500_000_000


def state_path(config: Config) -> Path:
    """The state folder of a project."""
    return config.root / STATE_DIR


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def code_fingerprint() -> str:
    """Hash of the pipeline's own files (code and data tables) and the engines' versions."""
    package = Path(__file__).resolve().parent
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            hasher.update(path.relative_to(package).as_posix().encode() + b"\0")
            hasher.update(path.read_bytes() + b"\0")
    for version in library_versions():
        hasher.update(f"{version}\0".encode())
    hasher.update(sys.version.encode())
    return hasher.hexdigest()


def input_tables(config: Config) -> list[Path]:
    """Project-level inputs: root tables and every file a configuration value names."""
    found: set[Path] = set()
    for path in config.root.iterdir():
        if path.is_file() and path.suffix.lower() in TABLE_SUFFIXES:
            found.add(path)
    for item in fields(config):
        value = getattr(config, item.name)
        if isinstance(value, str) and value and item.name != "source":
            candidate = config.root / value
            if candidate.is_file():
                found.add(candidate)
    return sorted(found)


def fast_relative(config: Config, path: Path) -> str:
    """``config.relative(path)`` without a resolve() per file when ``path`` is under the root."""
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return config.relative(path)


class Hasher:
    """Content hashes of project files, reusing last run's hash when the stat is unchanged."""

    def __init__(self, config: Config, known: dict[str, list[Any]] | None = None) -> None:
        self.root = config.root
        self.config = config
        self.known = known or {}
        self.seen: dict[str, list[Any]] = {}

    def relative(self, path: Path) -> str:
        return fast_relative(self.config, path)

    def digest(self, path: Path) -> str | None:
        """The hash of ``path``'s bytes, or None when it does not exist."""
        rel = self.relative(path)
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            self.seen.pop(rel, None)
            return None
        signature = [stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns]
        entry = self.known.get(rel)
        if entry is not None and entry[:4] == signature and entry[5]:
            self.seen[rel] = entry
            return str(entry[4])
        taken = time.time_ns()
        value = _digest(read_input(path, rel))
        settled = max(stat.st_mtime_ns, stat.st_ctime_ns) < taken - _SETTLE_NS
        self.seen[rel] = [*signature, value, settled]
        return value

    def refreshed(self) -> dict[str, list[Any]]:
        """Every hash taken this run, marked trustworthy once the file has settled."""
        now = time.time_ns()
        for entry in self.seen.values():
            if not entry[5]:
                entry[5] = max(entry[2], entry[3]) < now - _SETTLE_NS
        return self.seen


def file_digest(path: Path) -> str | None:
    """The hash of the bytes at ``path`` now (read again, never from a recorded stat)."""
    try:
        return _digest(read_input(path))
    except (OSError, InputFileError):
        return None


def run_key(config: Config, hasher: Hasher, *extra: object) -> str:
    """The key every cached step shares: code, engines, configuration, tables, options."""
    hasher_ = hashlib.blake2b(digest_size=16)
    hasher_.update(code_fingerprint().encode())
    settings = [
        (item.name, getattr(config, item.name))
        for item in fields(config)
        if item.name not in ("root", "source")  # where the project is does not matter
    ]
    hasher_.update(canonical_json(settings).encode())
    for path in input_tables(config):
        hasher_.update(f"{hasher.relative(path)}={hasher.digest(path)}\0".encode())
    hasher_.update(canonical_json(extra).encode())
    return hasher_.hexdigest()


@dataclass
class State:
    """What the last run left: file hashes, the run key, one record per article."""

    key: str = ""
    files: dict[str, list[Any]] = field(default_factory=dict)
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Why the saved state was not used, if it was not ("" when it was, or there was none).
    note: str = ""


def load_state(config: Config) -> State:
    """The saved state; an unreadable, foreign or misshapen one counts as none (a full run)."""
    path = state_path(config) / "state.json"
    for name in (".gitignore", CHECK_FILE, PARTS_FILE, "editions.json"):  # refused up front
        refuse_links(state_path(config) / name, config.root)
    try:  # a symlink on the way is refused (PipelineError): never read or written through
        raw = read_private(path, config.root)
        if raw is None:
            return State()
        data = json.loads(raw)
    except (OSError, ValueError, RecursionError, InputFileError) as exc:
        return State(note=f"{STATE_DIR}/state.json ignored (unreadable: {exc.__class__.__name__})")
    try:
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            raise BadState("another format")
        if not isinstance(data.get("key", ""), str):
            raise BadState("'key' is not a string")
        return State(
            key=str(data.get("key", "")),
            files=parse_files(data.get("files", {})),
            articles=parse_articles(data.get("articles", {})),
        )
    except BadState as exc:
        return State(note=f"{STATE_DIR}/state.json ignored ({exc}); rebuilt by this run")


def save_state(config: Config, state: State) -> None:
    """Write the state atomically; a state that cannot be written only costs time later.

    A symlink in the state's place is refused (one line, exit 2), never written through.
    """
    folder = state_path(config)
    payload = {
        "format": _FORMAT,
        "key": state.key,
        "files": dict(sorted(state.files.items())),
        "articles": dict(sorted(state.articles.items())),
    }
    try:
        write_private(folder / ".gitignore", b"*\n", config.root, create_only=True)
        write_private(folder / "state.json", json.dumps(payload).encode("utf-8"), config.root)
    except OSError:
        return


@dataclass(frozen=True)
class Plan:
    """Which articles a run must process, and the records of those it may skip."""

    key: str
    articles: tuple[Path, ...]
    dirty: tuple[Path, ...]
    inputs: dict[str, str]
    clean: dict[str, dict[str, Any]]

    @property
    def dirty_slugs(self) -> frozenset[str]:
        return frozenset(path.stem for path in self.dirty)


def plan(config: Config, state: State, hasher: Hasher, key: str, *, force: bool) -> Plan:
    """Split the project's articles into those to process and those left as they are."""
    articles = config.article_paths()
    inputs = {path.stem: hasher.digest(path) or "" for path in articles}
    clean: dict[str, dict[str, Any]] = {}
    dirty: list[Path] = []
    usable = not force and state.key == key
    for path in articles:
        record = state.articles.get(path.stem) if usable else None
        if (
            record is not None
            and record.get("path") == hasher.relative(path)
            and record.get("input") == inputs[path.stem]
            and all(
                hasher.digest(config.root / name) == value
                for name, value in record.get("files", {}).items()
            )
        ):
            clean[path.stem] = record
        else:
            dirty.append(path)
    return Plan(key, articles, tuple(dirty), inputs, clean)


def record_article(
    config: Config,
    hasher: Hasher,
    path: Path,
    input_digest: str,
    outputs: Iterable[Path],
    summary: dict[str, Any],
) -> dict[str, Any]:
    """The record of one processed article: its input's hash, its outputs' hashes now."""
    files = {hasher.relative(out): hasher.digest(out) for out in sorted(set(outputs))}
    return {
        "path": hasher.relative(path),
        "input": input_digest,
        "files": files,
        "summary": summary,
    }


# --- check ---------------------------------------------------------------------------------


def check_key(config: Config, hasher: Hasher, key: str, files: Sequence[Path]) -> str:
    """The check's key: the run key and the hash of every template and catalog it reads."""
    combined = hashlib.blake2b(digest_size=16)
    combined.update(key.encode())
    for path in files:
        combined.update(f"{hasher.relative(path)}={hasher.digest(path)}\0".encode())
    return combined.hexdigest()


def changed_since(config: Config, revision: str) -> frozenset[str] | None:
    """Slugs whose article, template or catalogs differ from git ``revision`` (or are new).

    None when a project-wide input differs (a root table, the configuration, the
    pipeline's own files): then every catalog is affected. Changes are what
    ``git diff REV`` shows for committed and working-tree files, plus untracked
    files that are not ignored.
    """
    import subprocess

    def git(*args: str) -> list[str]:
        try:
            done = subprocess.run(
                ["git", "-C", str(config.root), *args], capture_output=True, check=False
            )
        except OSError as exc:
            raise ConfigError(f"--changed-since needs git: {exc.strerror or exc}") from None
        if done.returncode != 0:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ConfigError(
                f"--changed-since {revision}: git {args[0]}: {lines[-1] if lines else 'failed'}"
            )
        return [os.fsdecode(name) for name in done.stdout.split(b"\0") if name.strip()]

    top = Path(git("rev-parse", "--show-toplevel")[0].strip())
    names = git("diff", "--name-only", "-z", revision, "--")
    names += git("ls-files", "--others", "--exclude-standard", "--full-name", "-z")
    changed = {(top / name).resolve() for name in names}
    project_wide = {path.resolve() for path in input_tables(config)}
    if config.source not in ("defaults", ""):
        project_wide.add(Path(config.source).resolve())
    package = Path(__file__).resolve().parent
    if changed & project_wide or any(package in path.parents for path in changed):
        return None
    articles = {path.resolve(): path.stem for path in config.article_paths()}
    locales = config.locales_path.resolve()
    slugs = set()
    for path in changed:
        if path in articles:
            slugs.add(articles[path])
        elif path.suffix in (".po", ".pot") and locales in path.parents:
            slugs.add(path.stem)
    return frozenset(slugs)


def load_check(config: Config, key: str, notes: list[str] | None = None) -> Any | None:
    """The check result saved under ``key``, or None (a misshapen file is noted in ``notes``)."""
    return _load(config, CHECK_FILE, lambda data: decode_check(data, key), None, notes)


#: The per-catalog check cache (:class:`statefile.SavedPart` by catalog path), JSON.
PARTS_FILE = "check-catalogs.json"


def load_parts(config: Config, key: str, notes: list[str] | None = None) -> dict[str, SavedPart]:
    """Each catalog's saved check under ``key`` (a misshapen file is noted, and is none)."""
    return _load(config, PARTS_FILE, lambda data: decode_parts(data, key), {}, notes)


def save_parts(config: Config, key: str, parts: dict[str, SavedPart]) -> None:
    """Keep each catalog's check for the next run with the same key (best effort)."""
    _save(config, PARTS_FILE, encode_parts(key, parts))


def _load(
    config: Config,
    name: str,
    decode: Callable[[bytes], _T],
    default: _T,
    notes: list[str] | None,
) -> _T:
    try:
        found = read_private(state_path(config) / name, config.root)
    except (OSError, InputFileError) as exc:
        data, reason = b"", f"unreadable: {exc}"
    else:
        if found is None:
            return default
        data, reason = found, ""
    try:
        if reason:
            raise BadState(reason)
        return decode(data)
    except BadState as exc:
        if notes is not None:
            notes.append(f"{STATE_DIR}/{name} ignored ({exc}); rebuilt by this run")
        return default


def save_check(config: Config, key: str, result: Any) -> None:
    """Keep a check result for the next run with the same key (best effort)."""
    _save(config, CHECK_FILE, encode_check(key, result))


def _save(config: Config, name: str, data: bytes) -> None:
    folder = state_path(config)
    try:
        write_private(folder / ".gitignore", b"*\n", config.root, create_only=True)
        write_private(folder / name, data, config.root)
    except OSError:
        return
