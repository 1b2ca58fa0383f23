"""The KPI scoring laws pass for the shipped scoring and catch deliberately broken ones."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import settings

from backoffice.domain.metrics import Figure
from backoffice.policies.kpi import ScoringRule, WeightedKpiScoring
from backoffice.policies.scorecards import Direction, Scorecard
from backoffice.testing.laws import KPI_SCORING_LAWS, LawViolation, check_kpi_scoring_laws
from backoffice.values import Period

#: Mutants run without the example database (their counterexamples are not worth keeping) and
#: derandomized, so whether the kit catches them never depends on the run.
NO_DATABASE = settings(database=None, derandomize=True)
SHIPPED = WeightedKpiScoring()


def _with_kpis(scorecard: Scorecard, **changes: Any) -> Scorecard:
    return attrs.evolve(scorecard, kpis=[attrs.evolve(k, **changes) for k in scorecard.kpis])


class AtMostReadAsAtLeast:
    """Broken: every KPI is scored as "at least", so a lower overrun scores worse."""

    def score(
        self,
        scorecard: Scorecard,
        figures: Mapping[str, Figure[Any]],
        *,
        subject: str = "",
        period: Period | None = None,
    ) -> Any:
        flipped = _with_kpis(scorecard, direction=Direction.AT_LEAST, zero_at=None)
        return SHIPPED.score(flipped, figures, subject=subject, period=period)


class EqualWeights:
    """Broken: ignores the weights."""

    def score(
        self,
        scorecard: Scorecard,
        figures: Mapping[str, Figure[Any]],
        *,
        subject: str = "",
        period: Period | None = None,
    ) -> Any:
        result = SHIPPED.score(_with_kpis(scorecard, weight=Decimal(1)), figures, subject=subject)
        kpis = tuple(
            attrs.evolve(r, weight=k.weight)
            for r, k in zip(result.kpis, scorecard.kpis, strict=True)
        )
        return attrs.evolve(result, kpis=kpis)


class BonusForBeatingTheTarget:
    """Broken: beyond the target the score keeps climbing past 100."""

    def score(
        self,
        scorecard: Scorecard,
        figures: Mapping[str, Figure[Any]],
        *,
        subject: str = "",
        period: Period | None = None,
    ) -> Any:
        result = SHIPPED.score(scorecard, figures, subject=subject, period=period)
        kpis = tuple(
            attrs.evolve(r, score=r.score + 1) if r.met and r.score is not None else r
            for r in result.kpis
        )
        return attrs.evolve(result, kpis=kpis)


class Moody:
    """Broken: every other verdict is a point lower."""

    def __init__(self) -> None:
        self.calls = 0

    def score(
        self,
        scorecard: Scorecard,
        figures: Mapping[str, Figure[Any]],
        *,
        subject: str = "",
        period: Period | None = None,
    ) -> Any:
        self.calls += 1
        result = SHIPPED.score(scorecard, figures, subject=subject, period=period)
        if self.calls % 2 or result.total is None:
            return result
        return attrs.evolve(result, total=result.total - 1)


@pytest.mark.parametrize("rule", list(ScoringRule))
def test_the_shipped_scoring_obeys_every_law(rule: ScoringRule) -> None:
    check_kpi_scoring_laws(WeightedKpiScoring(rule))


def test_an_at_most_kpi_scored_as_at_least_is_caught_with_a_shrunk_example() -> None:
    with pytest.raises(LawViolation, match="a better value never scores worse") as caught:
        check_kpi_scoring_laws(AtMostReadAsAtLeast(), settings=NO_DATABASE)
    assert "'direction': '<='" in caught.value.detail


def test_weights_ignored_are_caught() -> None:
    with pytest.raises(LawViolation, match="the total is the weighted mean") as caught:
        check_kpi_scoring_laws(EqualWeights(), settings=NO_DATABASE)
    assert "the scores weighted give" in caught.value.detail


def test_a_score_past_100_is_caught() -> None:
    with pytest.raises(LawViolation, match="scores stay within 0-100") as caught:
        check_kpi_scoring_laws(BonusForBeatingTheTarget(), settings=NO_DATABASE)
    assert "scored 101.00" in caught.value.detail


def test_a_verdict_that_changes_when_asked_again_is_caught() -> None:
    with pytest.raises(LawViolation, match="scoring is deterministic"):
        check_kpi_scoring_laws(Moody(), laws=["scoring is deterministic"], settings=NO_DATABASE)


def test_the_laws_are_named_once_each() -> None:
    assert len(set(KPI_SCORING_LAWS)) == len(KPI_SCORING_LAWS) == 4
