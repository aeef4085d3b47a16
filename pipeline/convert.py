"""Script conversion stage: the only module that touches OpenCC.

(Skeleton: detection and plain conversion; shielding and streaming come with
the conversion issue.)
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import opencc

from .errors import ConversionError


@lru_cache(maxsize=None)
def _converter(config: str) -> Any:
    name = config[:-5] if config.endswith(".json") else config
    try:
        return opencc.OpenCC(name)
    except Exception as exc:  # the binding raises plain RuntimeError/ValueError
        raise ConversionError(f"unknown OpenCC configuration {config!r}") from exc


def convert_plain(text: str, config: str) -> str:
    """Plain OpenCC conversion with configuration ``config`` (``""`` means none)."""
    if not config:
        return text
    return str(_converter(config).convert(text))


def to_simplified(text: str) -> str:
    """Simplified form used to compare text regardless of script (``t2s``)."""
    return convert_plain(text, "t2s")


def detect_script(text: str) -> str:
    """``"Hant"``, ``"Hans"`` or ``"mixed"``, by counting script-specific characters.

    Characters that t2s changes are Traditional-only; those s2t changes are
    Simplified-only. Traditional text legitimately uses a few of the latter
    (後/后 is a pair, but 后 also means "queen"), so the minority script must
    reach 10% of the distinctive characters before a text counts as mixed.
    """
    chars = [c for c in text if "\u3400" <= c <= "\u9fff"]
    unique = "".join(sorted(set(chars)))
    if not unique:
        return "Hans"
    t2s = convert_plain(unique, "t2s")
    s2t = convert_plain(unique, "s2t")
    traditional = {c for c, s in zip(unique, t2s) if c != s} if len(t2s) == len(unique) else set()
    simplified = {c for c, t in zip(unique, s2t) if c != t} if len(s2t) == len(unique) else set()
    trad = sum(1 for c in chars if c in traditional)
    simp = sum(1 for c in chars if c in simplified)
    if trad + simp == 0:
        return "Hans"
    if simp < 0.1 * (trad + simp):
        return "Hant"
    if trad < 0.1 * (trad + simp):
        return "Hans"
    return "mixed"


class EngineInfo:
    """Which OpenCC is importable, and whether it is the official binding."""

    def __init__(self) -> None:
        self.module_path = str(getattr(opencc, "__file__", "?"))
        self.version = str(getattr(opencc, "__version__", "unknown"))
        self.official = hasattr(opencc, "__version__") and hasattr(opencc, "CONFIGS")

    def describe(self) -> str:
        kind = "OpenCC (official binding)" if self.official else "opencc-python-reimplemented"
        return f"{kind} {self.version} from {self.module_path}"


def engine_info() -> EngineInfo:
    """Describe the OpenCC engine for ``--version`` and ``doctor``."""
    return EngineInfo()
