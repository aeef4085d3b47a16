"""Translation memory: which approved translation a new unit is offered, and what is read."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from pipeline import catalog, exchange
from pipeline.catalog import MemoryEntry, TranslationMemory
from pipeline.config import Config

SENTENCE = "輝達執行長黃仁勳表示，公司將持續投資中國市場。"
EDITED = "輝達執行長黃仁勳表示，公司將繼續投資中國市場。"


def test_the_translation_most_articles_use_wins_then_the_first_article() -> None:
    memory = TranslationMemory(
        [
            MemoryEntry(SENTENCE, "B says", "b"),
            MemoryEntry(SENTENCE, "A says", "c"),
            MemoryEntry(SENTENCE, "A says", "d"),
            MemoryEntry("其他。", "x", "b"),
            MemoryEntry("其他。", "y", "a"),
        ]
    )
    assert memory.exact(SENTENCE) == MemoryEntry(SENTENCE, "A says", "c")
    assert memory.exact("其他。") == MemoryEntry("其他。", "y", "a")
    assert memory.exact("其他。", besides="a") is None  # an article never feeds itself


def test_a_near_match_must_share_the_start_or_the_end_of_the_sentence() -> None:
    memory = TranslationMemory([MemoryEntry(SENTENCE, "It will keep investing.", "a")])
    assert memory.near(EDITED) == MemoryEntry(SENTENCE, "It will keep investing.", "a")
    reordered = "公司將持續投資中國市場，輝達執行長黃仁勳表示。"  # similar, no shared anchor
    assert memory.near(reordered) is None
    assert memory.near("今天天氣很好，適合出門散步。") is None  # below the threshold


def _write(root: Path, locale: str, slug: str, pairs: dict[str, str]) -> None:
    po = catalog.Catalog()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": locale}
    for msgid, msgstr in pairs.items():
        po.append(polib.POEntry(msgctxt=slug + msgid[:4], msgid=msgid, msgstr=msgstr))
    path = root / "locales" / locale / "LC_MESSAGES" / f"{slug}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.write_catalog(po, path)


def test_project_memory_parses_only_catalogs_holding_an_anchor(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(project, "en", "a", {SENTENCE: "It will keep investing."})
    for n in range(5):
        _write(project, "en", f"other{n}", {f"第{n}則無關的新聞句子，內容完全不同。": "Unrelated."})
    parsed: list[str] = []
    real = catalog.parse_catalog

    def counting(data: bytes, name: object) -> catalog.Catalog:
        parsed.append(str(name))
        return real(data, name)

    monkeypatch.setattr(exchange.catalog, "parse_catalog", counting)
    memory = exchange.ProjectMemory(Config(root=project))
    found = memory.lookup("en", [EDITED])
    assert found.near(EDITED) is not None and found.exact(SENTENCE) is not None
    assert parsed == ["locales/en/LC_MESSAGES/a.po"]
    assert len(memory.lookup("en", ["完全沒有出現過的句子，也不相似。"])) == 0
    assert parsed == ["locales/en/LC_MESSAGES/a.po"]
