"""``zhl10n extract``: clean each article and write its template, ``locales/<slug>.pot``."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import catalog
from ..fileio import confined
from ..models import Article, Unit
from ..segment import segment
from ..workspace import Workspace
from . import Tick, no_tick


@dataclass(frozen=True)
class ExtractResult:
    """One article's extraction: what was cleaned, the units, and the POT written."""

    article: Article
    units: tuple[Unit, ...]
    pot: Path
    source_language: str
    script: str
    changed: bool


def extract(
    ws: Workspace,
    paths: Sequence[Path] = (),
    *,
    encoding: str | None = None,
    now: _dt.datetime | None = None,
    check: bool = False,
    tick: Tick = no_tick,
) -> list[ExtractResult]:
    """Write ``locales/<slug>.pot`` for each article; unchanged templates are not touched.

    With ``check`` nothing is written; ``changed`` then says which templates are stale.
    """
    articles = ws.articles(paths, encoding=encoding)
    if not check:
        ws.check_outputs([article.slug for article in articles])
    annotate = ws.annotator()
    planned = []
    for article in articles:
        language, script = ws.source_language(article)
        planned.append((article, segment(article, annotate), language, script))
    with confined(ws.config.root):
        results = []
        for article, units, language, script in planned:
            target = ws.pot_path(article.slug)
            changed = catalog.write_template(
                units,
                target,
                project=f"{ws.config.project_name} {article.slug}",
                source_path=article.path,
                source_language=language,
                now=now,
                dry_run=check,
            )
            results.append(ExtractResult(article, units, target, language, script, changed))
            tick()
    return results
