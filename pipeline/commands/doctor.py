"""``zhl10n doctor``: the OpenCC engine and the data files that conversion reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..convert import EngineInfo, clib_cli, convert_plain, engine_info
from ..errors import PipelineError
from ..workspace import Workspace


@dataclass(frozen=True)
class DoctorReport:
    """What ``zhl10n doctor`` found: the engine, the project's data files, and problems."""

    engine: EngineInfo
    native_cli: Path | None
    config_source: str
    glossary: str
    conversions: str
    problems: tuple[str, ...]
    #: The regional vocabulary in force, by layer (shipped with zhl10n, the project's file).
    vocabulary: str = ""


def doctor(ws: Workspace) -> DoctorReport:
    """Check the OpenCC engine and the files that conversion reads."""
    config = ws.config
    info = engine_info()
    problems = list(info.warnings())
    try:
        convert_plain("漢字", "t2s")
    except PipelineError as exc:
        problems.append(f"OpenCC cannot convert: {exc}")
    except Exception as exc:  # a broken engine install: report it, do not crash
        problems.append(f"OpenCC cannot convert: {exc}")
    glossary = ws.relative(config.glossary_path)
    if not config.glossary_path.is_file():
        glossary += " (not found: no shielding from it)"
    else:
        try:
            glossary += f" ({len(ws.glossary())} entries)"
        except PipelineError as exc:
            problems.append(str(exc))
            glossary += " (unreadable)"
    layered: list[str] = []
    for path, named, load in (
        (config.conversions_path, config.conversions, ws.layered_conversions),
        (config.vocabulary_path, config.vocabulary, ws.layered_vocabulary),
    ):
        shown = ws.relative(path) if named and path.is_file() else ""
        try:
            layered.append(load().describe(shown))
        except PipelineError as exc:
            problems.append(str(exc))
            layered.append(f"{shown} (unreadable)")
    return DoctorReport(
        engine=info,
        native_cli=clib_cli(),
        config_source=config.source,
        glossary=glossary,
        conversions=layered[0],
        problems=tuple(problems),
        vocabulary=layered[1],
    )
