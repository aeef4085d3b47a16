"""Check rules are registered by name with their severity (pipeline/check.py REGISTRY)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest

from pipeline import check
from pipeline.check import REGISTRY, RULES, Catalog, Checker, UnitContext, unit_rule
from pipeline.models import CatalogUnit, Violation


def test_every_rule_is_registered_in_report_order_with_a_severity_and_summary() -> None:
    assert RULES == tuple(REGISTRY)
    assert RULES[:2] == ("required-term", "forbidden-term")
    for rule in REGISTRY.values():
        assert rule.severity in ("error", "warning") and rule.summary, rule.name
    assert REGISTRY["incomplete"].severity == "warning"


@pytest.fixture
def shouting() -> Iterator[None]:
    """A throwaway rule, registered with one decorator and removed afterwards."""

    @unit_rule("shouting", severity="warning")
    def _shouting(ctx: UnitContext) -> Iterable[Violation | None]:
        """An English translation written in capitals."""
        text = ctx.target.translation
        if ctx.english and text.isupper():
            return (ctx.target.violation("shouting", "written in capitals"),)
        return ()

    yield
    del check.REGISTRY["shouting"]


def test_adding_a_rule_is_one_registration(shouting: None) -> None:
    loud = CatalogUnit("u1", "你好。", "HELLO.", line=1)
    quiet = CatalogUnit("u2", "你好。", "Hello.", line=2)
    result = Checker([]).check([Catalog("a.po", "en", (loud,)), Catalog("b.po", "en", (quiet,))])
    shouted = [v for v in result.violations if v.rule == "shouting"]
    assert [(v.path, v.severity) for v in shouted] == [("a.po", "warning")]


def test_a_rule_can_be_switched_off_by_name() -> None:
    unit = CatalogUnit("u1", "營收12.5億元。", "Revenue was 12.5 billion yuan.", line=1)
    catalogs = [Catalog("a.po", "en", (unit,))]
    assert [v.rule for v in Checker([]).check(catalogs).violations] == ["number"]
    assert Checker([], disabled=["number"]).check(catalogs).violations == ()
    with pytest.raises(ValueError, match="unknown check rule"):
        Checker([], disabled=["numbers"])
