"""Files at the edges: atomic writes, output streams, a folder lock.

Every project file the pipeline writes goes through :func:`atomic_write_bytes`:
a temporary file in the same folder, then a rename, so an interrupted run
leaves the previous file intact, never half of a new one. The policy, also in
the README ("Output files"):

- a **regular file or a new path** is replaced atomically; a **symlink** is
  followed and the file it points to is replaced (the link stays a link);
- a path given with ``-o`` that is a **device, FIFO or socket** (``/dev/stdout``,
  ``/dev/null``, a named pipe) is opened and written in place as a stream, as
  ``cat > path`` would; ``-`` is standard output;
- a project file that is not a regular file (a folder, a FIFO) is refused;
- temporary files are named ``.<name>.<pid>-<random>.zhl10n-tmp``; the next
  write into the same folder removes those whose process is gone;
- a writer that read a file an editor may save (a PO catalog) passes what it
  read as ``expect``; if the file changed since, :class:`ChangedOnDisk` is raised
  instead of overwriting the editor's save;
- the state folder (``.zhl10n-cache/``) and the review pages are the tool's own
  files: they are never read or written through a symlink, whether the link is
  the file or a folder on the way (:func:`write_private`, :func:`read_private`).

The read policy (:func:`read_input`): an input is a regular file (a symlink to
one is followed), read up to a size limit (``max_file_mb`` in the
configuration); a FIFO, a device or a socket is refused without being read, so
a catalog linked to ``/dev/zero`` or replaced by a named pipe gives one line,
not a hang or an exhausted memory.

The module runs long because every read and write policy lives here and only
here (checked writes with their kill-safe swap, settled reads of files an editor
may be saving, private state files, streams, the folder lock), so no other
module opens a project file by itself.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import fcntl
import functools
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Final

from .errors import ChangedOnDisk, InputFileError, PipelineError

#: Ending of every temporary file the pipeline creates (``.gitignore`` covers it).
TEMP_SUFFIX: Final = ".zhl10n-tmp"
_TEMP_NAME = re.compile(r"^\..*\.(\d+)-[A-Za-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + "$")
#: Temporary files of earlier versions: ``.<name>.<random>.tmp`` next to ``<name>``.
_OLD_TEMP_NAME = re.compile(r"^\.(.+)\.[A-Za-z0-9_]{8}\.tmp$")
#: A temporary file older than this is stale even if its process id is alive again.
_STALE_AFTER_S = 24 * 3600.0


class _Unchecked:
    """``expect`` default: replace whatever is there."""


UNCHECKED: Final = _Unchecked()

#: Files replaced so far by the command running in this context (see :func:`recording`).
_WRITTEN: contextvars.ContextVar[list[Path] | None] = contextvars.ContextVar(
    "zhl10n_written", default=None
)
_SWEPT: set[str] = set()
#: The project folder writes must stay inside (see :func:`confined`), None: anywhere.
_ROOT: contextvars.ContextVar[Path | None] = contextvars.ContextVar("zhl10n_root", default=None)


@contextlib.contextmanager
def confined(root: Path) -> Iterator[None]:
    """Refuse, inside the block, any write that lands outside ``root`` once symlinks are followed.

    A PO that is a symlink to another file of the project is written through;
    one leading outside the project (``-> /etc/passwd``) is refused.
    """
    token = _ROOT.set(Path(os.path.realpath(root)))
    try:
        yield
    finally:
        _ROOT.reset(token)


def _check_confined(path: Path) -> None:
    root = _ROOT.get()
    if root is None:
        return
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(root):
        raise PipelineError(
            f"leads outside the project (to {real}) through a symlink; refusing to write there",
            path,
        )


@contextlib.contextmanager
def recording() -> Iterator[list[Path]]:
    """Collect every file written inside the block, so a failed run can say what it changed."""
    written: list[Path] = []
    token = _WRITTEN.set(written)
    try:
        yield written
    finally:
        _WRITTEN.reset(token)


def _note_written(path: Path) -> None:
    written = _WRITTEN.get()
    if written is not None:
        written.append(path)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete temporary files a killed run left in ``folder``; return what was removed.

    Ours (``*.zhl10n-tmp``) go when their process is gone or after a day; the
    ``.<name>.<random>.tmp`` files of earlier versions go when ``<name>`` exists
    next to them and they are more than a minute old. A parked copy
    (``*.zhl10n-saved``) is put back when its file is missing, removed when it is
    identical to the file, and otherwise kept (see :func:`recover_parked`).
    """
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not name.startswith("."):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            info = entry.stat(follow_symlinks=False)
            parked = _PARKED_NAME.match(name)
            if parked:  # left by a killed run: put back, dropped once redundant, else kept
                target = Path(folder) / parked.group(1)
                # A live writer holds its copy for microseconds: only a missing file or
                # a copy a few seconds old is touched.
                if not os.path.lexists(target) or now - info.st_ctime > 5:
                    if recover_parked(Path(entry.path), target):
                        removed.append(Path(entry.path))
                continue
            age = now - info.st_mtime
            ours = _TEMP_NAME.match(name)
            if ours:
                stale = not _pid_alive(int(ours.group(1))) or age > _STALE_AFTER_S
            else:
                old = _OLD_TEMP_NAME.match(name)
                stale = bool(old) and age > 60 and (Path(folder) / old.group(1)).exists()  # type: ignore[union-attr]
            if stale:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def sweep_once(folder: Path) -> None:
    """Remove stale temporary files from ``folder``, once per process."""
    key = os.path.abspath(folder)
    if key not in _SWEPT:
        _SWEPT.add(key)
        remove_stale_temps(folder)


def _temp_file(folder: Path, name: str) -> tuple[int, str]:
    """A new private file in ``folder`` named so :func:`remove_stale_temps` recognises it."""
    sweep_once(folder)
    return tempfile.mkstemp(dir=folder, prefix=f".{name[:80]}.{os.getpid()}-", suffix=TEMP_SUFFIX)


def resolve_target(path: Path) -> Path:
    """The file a write to ``path`` lands in: symlinks followed, the link itself kept."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def _current_bytes(path: Path, shown: Path) -> bytes | None:
    """The bytes at ``path`` now, None when absent; a non-regular file is refused."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PipelineError(f"cannot read file: {exc.strerror or exc}", shown) from exc
    if stat.S_ISDIR(info.st_mode):
        raise PipelineError("is a folder, expected a file", shown)
    if not stat.S_ISREG(info.st_mode):
        raise PipelineError("is not a regular file (a FIFO or device?); refusing to replace", shown)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PipelineError(f"cannot read file: {exc.strerror or exc}", shown) from exc


def atomic_write_bytes(
    path: Path,
    data: bytes,
    *,
    expect: bytes | None | _Unchecked = UNCHECKED,
    durable: bool = True,
) -> bool:
    """Write ``data`` to ``path`` through a temp file and rename; return False if unchanged.

    An unchanged file is not rewritten, so its mtime stays and make-style tools
    stay quiet. With ``expect`` (the bytes read earlier, None for "did not
    exist"), the file is compared again just before the rename and
    :class:`ChangedOnDisk` is raised if someone saved it meanwhile.

    ``durable`` flushes the data to the disk before the rename (fsync), so a
    crash leaves the old file or the new one, never an empty one: for what a
    person cannot regenerate (catalogs people edit). Outputs the tool makes again
    on the next run (MO files, built articles, review pages, caches) pass False:
    the rename is still atomic for every reader, and thousands of fsyncs cost
    seconds of waiting on a busy disk.
    """
    _check_confined(path)
    target = resolve_target(path)
    current = _current_bytes(target, path)
    if not isinstance(expect, _Unchecked) and current != expect:
        raise ChangedOnDisk(_CHANGED, path)
    if current == data:
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _temp_file(target.parent, target.name)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                if durable:
                    os.fsync(handle.fileno())
            _step("written")
            mode = 0o644
            with contextlib.suppress(FileNotFoundError):
                mode = os.stat(target).st_mode & 0o777
            os.chmod(tmp, mode)
            if isinstance(expect, _Unchecked):
                os.replace(tmp, target)
            else:
                _replace_if_unchanged(tmp, target, path, expect)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise PipelineError(f"cannot write file: {_reason(exc)}", path) from exc
    _note_written(path)
    return True


def _replace_if_unchanged(tmp: str, target: Path, shown: Path, expect: bytes | None) -> None:
    """Put ``tmp`` at ``target`` only if ``target`` still holds ``expect``; lose no save, no file.

    ``target`` is never missing: the file we compared is first hard-linked to a
    parked name (the recoverable copy), then ours is exchanged with it in one
    step (``renameat2(RENAME_EXCHANGE)``), so what stood at ``target`` comes out
    under the temporary name and is checked: if it is not the file we compared
    (an editor saved by rename in between) or no longer holds ``expect`` (an editor
    wrote into it in place), the exchange is undone and :class:`ChangedOnDisk`
    raised. A kill at any step leaves ``target`` whole, old or new, and the parked
    copy of the old file, which a later run removes only once it is identical to
    the file in place (:func:`recover_parked`). Where exchange is not supported,
    a plain rename replaces the file (never missing; a rename save landing in the
    same microseconds is the one case not caught).
    """
    if expect is None:
        _step("new")
        try:
            os.link(tmp, target)  # fails if an editor created the file meanwhile
        except FileExistsError:
            raise ChangedOnDisk(_CHANGED, shown) from None
        except OSError:  # no hard links on this file system
            if os.path.lexists(target):
                raise ChangedOnDisk(_CHANGED, shown) from None
            os.replace(tmp, target)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        return
    parked, kept = _park(target, shown, expect)
    _step("parked")
    try:
        same = _read_regular(parked) == expect
    except FileNotFoundError:  # removed under us: start again from a fresh read
        raise ChangedOnDisk(_CHANGED, shown) from None
    if not same:
        _drop_parked(parked)
        raise ChangedOnDisk(_CHANGED, shown)
    _step("verified")
    ours = os.stat(tmp)
    if not _exchange(tmp, target):
        os.replace(tmp, target)
        _step("replaced")
        _drop_parked(parked)
        return
    _step("exchanged")
    out = os.stat(tmp)  # what stood at target until now
    if (out.st_ino, out.st_dev) != kept or _read_regular(tmp) != expect:
        _give_back(tmp, target, ours)
        _drop_parked(parked)
        raise ChangedOnDisk(_CHANGED, shown)
    _step("checked")
    os.unlink(tmp)
    _step("cleaned")
    _drop_parked(parked)


def _read_regular(path: Path | str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _give_back(tmp: str, target: Path, ours: os.stat_result) -> None:
    """Undo an exchange: the editor's file goes back to ``target``, ours is dropped.

    If yet another save landed at ``target`` between the two exchanges, it comes
    out under ``tmp`` and, being the newest, is put in place.
    """
    _exchange(tmp, target)
    out = os.stat(tmp)
    if (out.st_ino, out.st_dev) == (ours.st_ino, ours.st_dev):
        os.unlink(tmp)
    else:
        os.replace(tmp, target)


#: The recoverable copy of a file being replaced: ``.<name>.zhl10n-saved`` (``-<pid>`` when
#: an earlier copy, left by an interrupted run, still differs from the file).
PARKED_SUFFIX: Final = ".zhl10n-saved"
_PARKED_NAME = re.compile(r"^\.(.+)" + re.escape(PARKED_SUFFIX) + r"(?:-\d+)?$")


def parked_path(target: Path) -> Path:
    return target.with_name(f".{target.name}{PARKED_SUFFIX}")


def _park(target: Path, shown: Path, expect: bytes) -> tuple[Path, tuple[int, int]]:
    """Hard-link the current ``target`` to a parked name (a copy of ``expect`` where the
    file system has no hard links); return it and the identity (inode, device) of the
    file that stood at ``target``."""
    parked = parked_path(target)
    if os.path.lexists(parked):  # left by an interrupted run: kept unless it is redundant
        recover_parked(parked, target)
        if os.path.lexists(parked):
            parked = parked.with_name(f"{parked.name}-{os.getpid()}")
            with contextlib.suppress(FileNotFoundError):
                os.unlink(parked)  # ours, from an earlier write of this process
    try:
        os.link(target, parked)
        info = os.stat(parked)
    except FileNotFoundError:
        raise ChangedOnDisk(_CHANGED, shown) from None
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            raise ChangedOnDisk(_CHANGED, shown) from None
        try:
            info = os.stat(target)
        except FileNotFoundError:
            raise ChangedOnDisk(_CHANGED, shown) from None
        if _read_regular(target) != expect:
            raise ChangedOnDisk(_CHANGED, shown) from None
        with open(parked, "xb") as handle:  # no hard links here: a copy of what we compared
            handle.write(expect)
    return parked, (info.st_ino, info.st_dev)


def _drop_parked(parked: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(parked)


def recover_parked(parked: Path, target: Path) -> bool:
    """Deal with a parked copy an interrupted run left; True if it was removed.

    When ``target`` is missing (an older version of zhl10n was killed mid-swap),
    the copy is put back. When ``target`` holds the same bytes, the copy is
    redundant and removed. Otherwise it is kept: it may hold a translation the
    file in place lacks, and no later run deletes it.
    """
    try:
        if not os.path.lexists(target):
            os.link(parked, target)
            os.unlink(parked)
            return True
        if _read_regular(parked) == _read_regular(target):
            os.unlink(parked)
            return True
    except OSError:
        return False
    return False


#: ``renameat2`` flag: swap the two names atomically (Linux 3.15+, most local file systems).
_RENAME_EXCHANGE: Final = 2
_AT_FDCWD: Final = -100


@functools.cache
def _renameat2() -> Any:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


def _exchange(first: str | Path, second: str | Path) -> bool:
    """Swap two names in one step; False where the system or file system cannot."""
    function = _renameat2()
    if function is None:
        return False
    import ctypes

    done = function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


#: Test hook: called with the name of each step of a checked replacement, so a test can
#: kill the process at every one of them. None in normal use.
step_hook: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if step_hook is not None:
        step_hook(name)


_CHANGED = (
    "changed on disk while zhl10n was working (saved by an editor?); "
    "it was not overwritten; run the command again"
)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on device"
    return str(exc.strerror or exc)


def atomic_write_text(
    path: Path,
    text: str,
    *,
    expect: bytes | None | _Unchecked = UNCHECKED,
    durable: bool = True,
) -> bool:
    """UTF-8 text version of :func:`atomic_write_bytes`."""
    return atomic_write_bytes(path, text.encode("utf-8"), expect=expect, durable=durable)


def is_stream_path(path: Path) -> bool:
    """True for ``-`` and for an existing device, FIFO or socket (``/dev/stdout``)."""
    if str(path) == "-":
        return True
    try:
        info = os.stat(path)
    except OSError:
        return False
    return not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode)


@contextlib.contextmanager
def output_sink(path: Path, stdout: IO[bytes] | None = None) -> Iterator[IO[bytes]]:
    """A binary handle for an ``-o`` destination, following the output-file policy.

    ``-`` is ``stdout``; a device, FIFO or socket is opened and written in place;
    a regular file or new path (symlinks followed) is replaced atomically only
    when the block finishes without error, so ``-o`` may name an input file.
    """
    if str(path) == "-":
        if stdout is None:
            raise PipelineError("'-' (standard output) is not allowed here", path)
        yield stdout
        stdout.flush()
        return
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise PipelineError(f"cannot write file: {exc.strerror or exc}", path) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise PipelineError("is a folder, expected a file", path)
    if info is not None and not stat.S_ISREG(info.st_mode):
        try:
            stream = open(path, "wb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise PipelineError(f"cannot write file: {_reason(exc)}", path) from None
        with stream:
            yield stream
        return
    target = resolve_target(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = _temp_file(folder, target.name)
    except OSError as exc:
        raise PipelineError(f"cannot write file: {_reason(exc)}", path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        mode = info.st_mode & 0o777 if info is not None else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _note_written(path)


def write_output(path: Path, data: bytes, stdout: IO[bytes] | None = None) -> None:
    """Write a whole report to an ``-o`` destination (see :func:`output_sink`)."""
    try:
        with output_sink(path, stdout) as sink:
            sink.write(data)
    except OSError as exc:
        raise PipelineError(f"cannot write file: {_reason(exc)}", path) from exc


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` so two runs cannot interleave their writes.

    ``update`` and ``build`` both take the lock of ``locales/``: a build never
    compiles a catalog that an update is halfway through replacing.
    """
    folder.mkdir(parents=True, exist_ok=True)
    lock_path = folder / ".lock"
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# --- the read policy -----------------------------------------------------------------------------

#: Largest input file read when the configuration sets no ``max_file_mb``.
DEFAULT_MAX_BYTES: Final = 64_000_000
_MAX_BYTES: contextvars.ContextVar[int] = contextvars.ContextVar(
    "zhl10n_max_bytes", default=DEFAULT_MAX_BYTES
)


def set_read_limit(max_bytes: int) -> None:
    """The size limit of every input read by this command (from ``max_file_mb``)."""
    _MAX_BYTES.set(max_bytes)


def read_limit() -> int:
    return _MAX_BYTES.get()


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.3g} MB"


def read_input(path: Path, shown: Path | str | None = None, *, limit: int | None = None) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most ``limit`` of them.

    A FIFO, device or socket is refused before a byte is read (opening does not
    wait for a writer), and so is a file over the limit: :class:`InputFileError`,
    one line. A missing or unreadable file raises the ``OSError`` as before, so
    callers keep their own "not found" messages.
    """
    limit = read_limit() if limit is None else limit
    where = shown if shown is not None else path
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputFileError("is a folder, expected a file", where)
        if not stat.S_ISREG(info.st_mode):
            raise InputFileError(
                "is not a regular file (a FIFO, device or socket); refusing to read it", where
            )
        if info.st_size > limit:
            raise InputFileError(_too_large(info.st_size, limit), where)
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # grew while being read
                raise InputFileError(_too_large(size, limit), where)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _too_large(size: int, limit: int) -> str:
    return (
        f"is {_megabytes(size)}, over the {_megabytes(limit)} limit for an input file "
        "(max_file_mb in the configuration raises it)"
    )


# --- the tool's own files: state and review pages ----------------------------------------------


def refuse_links(path: Path, base: Path) -> None:
    """Raise if ``path``, or a folder between ``base`` and it, is a symlink or a special file.

    ``base`` itself (the project root, wherever it is) is trusted; what lies under it
    comes with the project and may have been planted by a clone.
    """
    try:
        parts = path.relative_to(base).parts
    except ValueError:
        raise PipelineError(f"is outside {base}; refusing to write there", path) from None
    current = base
    for index, part in enumerate(parts):
        current = current / part
        shown = Path(*parts[: index + 1])
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise PipelineError(f"cannot read file: {exc.strerror or exc}", shown) from None
        if stat.S_ISLNK(info.st_mode):
            raise PipelineError(
                "is a symlink; zhl10n never reads or writes its state or review pages "
                "through a link (delete the link: the file is rebuilt)",
                shown,
            )
        last = index == len(parts) - 1
        if not last and not stat.S_ISDIR(info.st_mode):
            raise PipelineError("is not a folder", shown)
        if last and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            raise PipelineError("is not a regular file (a FIFO or device?); refusing it", shown)


def make_private_folder(folder: Path, base: Path) -> None:
    """Create ``folder`` under ``base`` without following a link on the way."""
    refuse_links(folder, base)
    current = base
    for part in folder.relative_to(base).parts:
        current = current / part
        with contextlib.suppress(FileExistsError):
            os.mkdir(current)
        if not stat.S_ISDIR(os.lstat(current).st_mode):
            raise PipelineError("is not a folder", current)


def write_private(path: Path, data: bytes, base: Path, *, create_only: bool = False) -> bool:
    """Atomically write one of the tool's own files, never through a link; False if unchanged.

    The rename replaces whatever name is there; the checks before it refuse a
    link, so a planted ``state.json -> ~/.bashrc`` is reported, not followed and
    not silently replaced. ``create_only`` leaves an existing file as it is.
    """
    make_private_folder(path.parent, base)
    refuse_links(path, base)
    if os.path.lexists(path):
        if create_only:
            return False
        if read_input(path) == data:
            return False
    fd, tmp = _temp_file(path.parent, path.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _note_written(path)
    return True


def read_private(path: Path, base: Path) -> bytes | None:
    """One of the tool's own files, None when absent; a link on the way is refused."""
    refuse_links(path, base)
    try:
        return read_input(path)
    except FileNotFoundError:
        return None


# --- files a person may be saving ---------------------------------------------------------------

#: A file changed less than this long ago may still be being saved in place (truncate, then
#: write). Above the coarsest common timestamp granularity (FAT: 2 s), so a coarse clock
#: never makes a fresh file look settled.
SETTLE_S: Final = 2.0
#: How long :func:`read_settled` waits for a file to stop changing before refusing it.
WAIT_S: Final = 5.0


def read_settled(
    path: Path, shown: Path | str, whole: Callable[[bytes], bool], *, wait: float = WAIT_S
) -> bytes:
    """The bytes of a file an editor may be saving, read only once the save looks finished.

    A read is used when the file did not change while it was read and the bytes
    look ``whole`` (for a catalog: not empty, ending after an entry's msgstr). If
    they do not look whole and the file changed in the last :data:`SETTLE_S`
    seconds, the second half of a two-part save may be coming: wait and read
    again. A file that keeps changing for ``wait`` seconds raises
    :class:`ChangedOnDisk`; one that stays cut short is returned as it is, for
    its reader to judge.
    """
    deadline = time.monotonic() + wait
    while True:
        before = os.stat(path)
        data = read_input(path, shown)
        after = os.stat(path)
        moved = _signature(before) != _signature(after) or len(data) != after.st_size
        if not moved:
            fresh = time.time() - max(after.st_mtime, after.st_ctime) < SETTLE_S
            if not fresh or whole(data):
                return data
        if time.monotonic() > deadline:
            if moved:
                raise ChangedOnDisk(
                    "kept changing while zhl10n read it (being saved?); it was not merged; "
                    "run the command again",
                    shown,
                )
            return data
        time.sleep(0.05)


def _signature(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
