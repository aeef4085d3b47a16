"""``zhl10n check``: every catalog against the glossary and the rules, with a saved result.

The check of an unchanged project is read from the cache (:mod:`pipeline.cache`),
keyed by the run key and the hash of every template and catalog it reads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path

from .. import cache
from ..check import Catalog, CatalogCheck, Checker, CheckResult, check_catalogs, suppressions
from ..models import CatalogUnit, GlossaryEntry, Violation
from ..statefile import SavedPart, canonical_json
from ..workspace import Workspace, relative_paths


def check(
    ws: Workspace,
    locales: Sequence[str] = (),
    *,
    strict: bool = False,
    only: Collection[str] | None = None,
    exclude: Collection[Path] = (),
) -> CheckResult:
    """Check every catalog of ``locales`` (default: all configured) against the glossary.

    A configured glossary that is missing or broken is bad input (GlossaryError);
    ``glossary = ""`` in the configuration checks without one. Malformed catalogs
    raise CatalogError. Nothing is written.

    With ``only`` (slugs), every rule runs on those articles' catalogs, and the
    consistency rule also on the units of other catalogs that share a source
    sentence with them (``check --changed-since``); violations elsewhere are not
    reported. Catalogs at ``exclude`` (that ``run`` could not read) are left out.
    """
    config = ws.config
    chosen = config.check_locales(list(locales))
    with relative_paths(config):
        entries = ws.glossary()
        missing = _missing(ws, chosen, strict, only)
        catalogs = [
            Catalog(ws.relative(path), locale, ws.catalog_units(path))
            for locale, path in ws.catalog_files(chosen)
            if path not in exclude
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


def _missing(
    ws: Workspace, chosen: Sequence[str], strict: bool, only: Collection[str] | None
) -> list[Violation]:
    """An ``incomplete`` violation for each template without a catalog in a locale."""
    return [
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
    exclude: Collection[Path] = (),
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
    files += [path for _locale, path in ws.catalog_files(chosen) if path not in exclude]
    left_out = sorted(ws.relative(path) for path in exclude)
    scope = ("check", strict, chosen, sorted(only) if only is not None else None, left_out)
    ckey = cache.check_key(config, hasher, key + canonical_json(scope), files)
    result = None if force or only is not None else cache.load_check(config, ckey, notes)
    cached = result is not None
    if result is None and only is None:
        result = _check_by_catalog(ws, chosen, strict, hasher, key, force, notes, exclude)
        cache.save_check(config, ckey, result)
    elif result is None:  # one slot: a partial check never evicts the full one
        result = check(ws, chosen, strict=strict, only=only, exclude=exclude)
    if state is not None:
        state.files.update(hasher.refreshed())
        cache.save_state(config, state)
    return result, cached


def _check_by_catalog(
    ws: Workspace,
    chosen: Sequence[str],
    strict: bool,
    hasher: cache.Hasher,
    key: str,
    force: bool,
    notes: list[str] | None,
    exclude: Collection[Path] = (),
) -> CheckResult:
    """:func:`check`, re-checking only the catalogs whose bytes changed since the last one
    (those at ``exclude`` left out).

    Each catalog's own violations, unit count, suppression marks and a hash of each
    translated sentence are kept by the catalog's content hash
    (:data:`pipeline.cache.PARTS_FILE`). Consistency compares sentence hashes across
    all catalogs; only where one source has two translations are the catalogs that
    hold it read again, so the result is the one a full check gives.
    """
    config = ws.config
    pkey = key + canonical_json(("check-catalogs", strict))
    saved = {} if force else cache.load_parts(config, pkey, notes)
    with relative_paths(config):
        checker = Checker(ws.glossary(), strict=strict)
        missing = _missing(ws, chosen, strict, None)
        files = [item for item in ws.catalog_files(chosen) if item[1] not in exclude]
        keep: dict[str, SavedPart] = {}
        parts: list[CatalogCheck | None] = []
        names = []
        for locale, path in files:
            name = ws.relative(path)
            digest = hasher.digest(path)
            old = saved.get(name)
            if (
                old is not None
                and digest is not None
                and (old.digest, old.locale)
                == (
                    digest,
                    locale,
                )
            ):
                keep[name] = old
                parts.append(None)
            else:
                part = checker.check_catalog(Catalog(name, locale, ws.catalog_units(path)))
                parts.append(part)
                if digest is not None:
                    keep[name] = _saved(part, digest)
            names.append(name)
        # Sources translated two ways (by hash) need every catalog that holds them in full.
        seen: dict[tuple[str, str], set[str]] = {}
        holders: dict[tuple[str, str], list[int]] = {}
        for index, (name, (locale, _path)) in enumerate(zip(names, files, strict=True)):
            fresh = parts[index]
            pairs = _sentences(fresh) if fresh is not None else keep[name].sentences
            for pair in pairs:
                source, _sep, translation = pair.partition(":")
                seen.setdefault((locale, source), set()).add(translation)
                holders.setdefault((locale, source), []).append(index)
        reread = {i for k, found in seen.items() if len(found) > 1 for i in holders[k]}
        complete: list[CatalogCheck] = []
        for index, (name, (locale, path)) in enumerate(zip(names, files, strict=True)):
            fresh = parts[index]
            if fresh is None:
                old = keep[name]
                targets = (
                    _targets(ws.catalog_units(path)) if index in reread else _marked(old.marked)
                )
                fresh = CatalogCheck(name, locale, old.units, old.violations, targets)
            complete.append(fresh)
    cache.save_parts(config, pkey, keep)
    result = checker.combine(complete)
    if missing:
        result = replace(result, violations=tuple(missing) + result.violations)
    return result


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def _sentences(part: CatalogCheck) -> tuple[str, ...]:
    """``<source hash>:<translation hash>`` of each translated unit (as consistency compares)."""
    return tuple(f"{_digest(u.msgid)}:{_digest(u.msgstr.strip())}" for u in part.targets)


def _saved(part: CatalogCheck, digest: str) -> SavedPart:
    marked = tuple(
        (u.msgctxt, u.msgid, u.msgstr, u.line, u.msgstr_line, u.translator_comment)
        for u in part.targets
        if suppressions(u.translator_comment)
    )
    return SavedPart(digest, part.locale, part.units, part.violations, _sentences(part), marked)


def _targets(units: Sequence[CatalogUnit]) -> tuple[CatalogUnit, ...]:
    """The units :meth:`Checker.check_catalog` keeps as consistency targets."""
    return tuple(
        u for u in units if not u.obsolete and (u.msgid or u.msgctxt) and u.msgstr and not u.fuzzy
    )


def _marked(marked: Sequence[tuple[str, str, str, int, int, str]]) -> tuple[CatalogUnit, ...]:
    return tuple(
        CatalogUnit(
            msgctxt=c, msgid=i, msgstr=s, line=line, msgstr_line=at, translator_comment=comment
        )
        for c, i, s, line, at, comment in marked
    )
