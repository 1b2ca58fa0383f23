"""Laws of KPI scoring: scores stay in 0-100 and never fall as a value improves."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from backoffice.domain.metrics import Figure
from backoffice.policies import Direction, Kpi, Scorecard, ScoringRule, WeightedKpiScoring

percents = st.decimals(min_value=-50, max_value=200, places=2)
targets = st.decimals(min_value=0, max_value=100, places=1)


def card(target: Decimal, direction: Direction, weight: Decimal = Decimal(1)) -> Scorecard:
    return Scorecard(
        name="law",
        kpis=[
            Kpi(name="k", figure="k", target=target, direction=direction, weight=weight),
            Kpi(name="other", figure="other", target=Decimal(1)),
        ],
    )


@given(
    percents,
    percents,
    targets,
    st.sampled_from(list(Direction)),
    st.sampled_from(list(ScoringRule)),
)
def test_scoring_is_monotone_in_the_value(
    a: Decimal, b: Decimal, target: Decimal, direction: Direction, rule: ScoringRule
) -> None:
    worse, better = sorted((a, b), reverse=direction is Direction.AT_MOST)
    scorecard = card(target, direction)
    scoring = WeightedKpiScoring(rule)
    other = Figure(Decimal(1), 1)
    low = scoring.score(scorecard, {"k": Figure(worse, 1), "other": other})
    high = scoring.score(scorecard, {"k": Figure(better, 1), "other": other})
    assert low["k"].score is not None
    assert high["k"].score is not None
    assert Decimal(0) <= low["k"].score <= high["k"].score <= Decimal(100)
    assert low.total is not None
    assert high.total is not None
    assert low.total <= high.total


@given(percents, targets, st.decimals(min_value="0.1", max_value=10, places=1))
def test_the_total_is_the_weighted_mean_of_the_scores(
    value: Decimal, target: Decimal, weight: Decimal
) -> None:
    scorecard = card(target, Direction.AT_LEAST, weight)
    result = WeightedKpiScoring().score(
        scorecard, {"k": Figure(value, 1), "other": Figure(Decimal(0), 1)}
    )
    k, other = result["k"], result["other"]
    assert k.score is not None
    assert other.score is not None
    assert result.total is not None
    mean = (k.score * weight + other.score) / (weight + 1)
    assert abs(result.total - mean) <= Decimal("0.01")
