"""The first step of ``zhl10n build``: compile each catalog to an MO file next to it."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import catalog
from ..fileio import confined, folder_lock
from ..workspace import Workspace


@dataclass(frozen=True)
class CompileResult:
    """``build``'s first step: the MO files compiled and what to warn about."""

    written: tuple[Path, ...]
    changed: tuple[Path, ...]
    warnings: tuple[str, ...]


def compile_catalogs(
    ws: Workspace, locales: Sequence[str] = (), *, only: Collection[str] | None = None
) -> CompileResult:
    """Compile every catalog of ``locales`` (of the ``only`` slugs) to an MO file next to it.

    A catalog whose header is marked fuzzy is still compiled (msgfmt does the
    same; Babel silently skips it), with a warning.
    """
    config = ws.config
    chosen = config.check_locales(tuple(locales))
    written: list[Path] = []
    changed: list[Path] = []
    warnings: list[str] = []
    # Under the lock ``update`` holds while it replaces catalogs: never compile half an update.
    with folder_lock(config.locales_path), confined(config.root):
        # ``build`` and ``run`` read every catalog in their preflight, so a malformed
        # one still stops them before any MO is written.
        for _locale, path in ws.catalog_files(chosen, only):
            po = ws.catalog(path)
            target = path.with_suffix(".mo")
            if catalog.header_is_fuzzy(po):
                warnings.append(f"{ws.relative(path)}: header is marked fuzzy; compiled anyway")
            for line, problem in catalog.plural_problems(po):
                warnings.append(f"{ws.relative(path)}:{line}: {problem}")
            if catalog.write_mo(po, target):
                changed.append(target)
            written.append(target)
    return CompileResult(tuple(written), tuple(changed), tuple(warnings))
