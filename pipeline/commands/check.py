"""``zhl10n check``: every catalog against the glossary and the rules, with a saved result.

The check of an unchanged project is read from the cache (:mod:`pipeline.cache`),
keyed by the run key and the hash of every template and catalog it reads.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path

from .. import cache
from ..check import Catalog, CheckResult, check_catalogs
from ..models import GlossaryEntry, Violation
from ..statefile import canonical_json
from ..workspace import Workspace, relative_paths


def check(
    ws: Workspace,
    locales: Sequence[str] = (),
    *,
    strict: bool = False,
    only: Collection[str] | None = None,
) -> CheckResult:
    """Check every catalog of ``locales`` (default: all configured) against the glossary.

    A configured glossary that is missing or broken is bad input (GlossaryError);
    ``glossary = ""`` in the configuration checks without one. Malformed catalogs
    raise CatalogError. Nothing is written.

    With ``only`` (slugs), every rule runs on those articles' catalogs, and the
    consistency rule also on the units of other catalogs that share a source
    sentence with them (``check --changed-since``); violations elsewhere are not
    reported.
    """
    config = ws.config
    chosen = config.check_locales(list(locales))
    with relative_paths(config):
        entries = ws.glossary()
        missing = [
            Violation(
                path=ws.relative(ws.po_path(locale, template.stem)),
                line=0,
                unit_id="",
                rule="incomplete",
                message="no catalog for this locale yet (run zhl10n update)",
                locale=locale,
                severity="error" if strict else "warning",
            )
            for template in ws.template_paths()
            for locale in chosen
            if (only is None or template.stem in only)
            and not ws.po_path(locale, template.stem).is_file()
        ]
        catalogs = [
            Catalog(ws.relative(path), locale, ws.catalog_units(path))
            for locale, path in ws.catalog_files(chosen)
        ]
    if only is not None:
        return _check_only(
            catalogs,
            entries,
            {c.path for c in catalogs if Path(c.path).stem in only},
            missing,
            strict,
        )
    result = check_catalogs(catalogs, entries, strict=strict)
    if missing:
        result = replace(result, violations=tuple(missing) + result.violations)
    return result


def _check_only(
    catalogs: Sequence[Catalog],
    entries: Sequence[GlossaryEntry],
    paths: set[str],
    missing: Sequence[Violation],
    strict: bool,
) -> CheckResult:
    """:func:`check` of the catalogs at ``paths``, consistency with the others included."""
    chosen = [c for c in catalogs if c.path in paths]
    involved = {(c.locale, u.msgid) for c in chosen for u in c.units}
    context = [
        replace(c, units=tuple(u for u in c.units if (c.locale, u.msgid) in involved))
        for c in catalogs
        if c.path not in paths
    ]
    result = check_catalogs(chosen + [c for c in context if c.units], entries, strict=strict)
    kept = [v for v in result.violations if v.path in paths or v.rule == "consistency"]
    units = sum(1 for c in chosen for u in c.units if not u.obsolete and (u.msgid or u.msgctxt))
    return replace(
        result,
        violations=tuple(missing) + tuple(kept),
        catalogs=tuple(c.path for c in chosen),
        units=units,
    )


def cached_check(
    ws: Workspace,
    locales: Sequence[str] = (),
    *,
    strict: bool = False,
    force: bool = False,
    hasher: cache.Hasher | None = None,
    key: str | None = None,
    only: frozenset[str] | None = None,
    notes: list[str] | None = None,
) -> tuple[CheckResult, bool]:
    """:func:`check`, or its saved result when nothing it reads has changed.

    Returns the result and whether it came from the cache. Standalone (no
    ``hasher``), the file hashes taken are saved for the next command. Why a
    saved state was ignored is appended to ``notes``.
    """
    config = ws.config
    chosen = config.check_locales(list(locales))
    state = None
    if hasher is None:
        state = cache.load_state(config)
        hasher = cache.Hasher(config, state.files)
        if state.note and notes is not None:
            notes.append(state.note)
    if key is None:
        key = cache.run_key(config, hasher)
    files = ws.template_paths()
    files += [path for _locale, path in ws.catalog_files(chosen)]
    scope = ("check", strict, chosen, sorted(only) if only is not None else None)
    ckey = cache.check_key(config, hasher, key + canonical_json(scope), files)
    result = None if force or only is not None else cache.load_check(config, ckey, notes)
    cached = result is not None
    if result is None:
        result = check(ws, chosen, strict=strict, only=only)
        if only is None:  # one slot: a partial check never evicts the full one
            cache.save_check(config, ckey, result)
    if state is not None:
        state.files.update(hasher.refreshed())
        cache.save_state(config, state)
    return result, cached
