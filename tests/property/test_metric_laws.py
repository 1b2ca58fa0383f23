"""Laws of the request metrics: rates are shares, percentiles are ordered, groups add up."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from backoffice.domain.metrics import (
    Dimension,
    RequestFacts,
    nearest_rank,
    request_figures,
    request_figures_by,
)
from backoffice.testing.metrics import request_facts
from backoffice.values import Percent

AT = datetime(2026, 1, 1, tzinfo=UTC)
many_facts = st.lists(request_facts(), max_size=40)
dimensions = st.lists(st.sampled_from(list(Dimension)), max_size=3, unique=True)


@given(many_facts)
def test_rates_are_between_none_and_all(facts: Sequence[RequestFacts]) -> None:
    figures = request_figures(facts)
    for name in (
        "response_on_time_rate",
        "resolution_on_time_rate",
        "reopen_rate",
        "first_time_fix_rate",
        "satisfaction_rate",
        "breached_rate",
    ):
        value = figures[name].value
        assert value is None or Percent(0) <= value <= Percent(100)
        assert 0 <= figures[name].count <= len(facts)


@given(many_facts)
def test_percentiles_are_monotone(facts: Sequence[RequestFacts]) -> None:
    figures = request_figures(facts, at=AT)
    for series in (
        "response_working",
        "response_elapsed",
        "resolution_working",
        "resolution_elapsed",
    ):
        p50, p90, p99 = (figures[f"{series}_p{p}"].value for p in (50, 90, 99))
        if p50 is not None:
            assert p90 is not None
            assert p99 is not None
            assert p50 <= p90 <= p99
    age50, age90, oldest = (
        figures[n].value for n in ("backlog_age_p50", "backlog_age_p90", "backlog_oldest")
    )
    if age50 is not None:
        assert age90 is not None
        assert oldest is not None
        assert age50 <= age90 <= oldest


@given(st.lists(st.integers(), min_size=1), st.integers(min_value=1, max_value=100))
def test_a_nearest_rank_percentile_is_an_observed_value_with_p_percent_at_or_below(
    values: list[int], p: int
) -> None:
    ordered = sorted(values)
    figure = nearest_rank(ordered, p)
    assert figure.value in ordered
    assert figure.count == len(values)
    at_or_below = sum(1 for v in ordered if v <= figure.value)
    below = sum(1 for v in ordered if v < figure.value)
    assert at_or_below * 100 >= p * len(values) > below * 100


@given(many_facts, dimensions, st.sampled_from([None, "day", "week", "month", "quarter", "year"]))
def test_grouping_sums_to_the_whole(
    facts: Sequence[RequestFacts], by: list[Dimension], period: str | None
) -> None:
    whole = request_figures(facts, ["requests", "breaches", "warnings", "backlog"], at=AT)
    groups = request_figures_by(
        facts, by, period=period, names=["requests", "breaches", "warnings", "backlog"], at=AT
    )
    for name in ("requests", "breaches", "warnings", "backlog"):
        assert sum(g[name].value or 0 for g in groups.values()) == whole[name].value
    on_time = request_figures_by(facts, by, period=period, names=["resolution_on_time_rate"])
    decided = sum(g["resolution_on_time_rate"].count for g in on_time.values())
    assert (
        decided
        == request_figures(facts, ["resolution_on_time_rate"])["resolution_on_time_rate"].count
    )


@given(many_facts, st.integers(min_value=1, max_value=5), st.integers(min_value=1, max_value=5))
def test_a_stricter_satisfaction_rule_never_raises_the_rate(
    facts: Sequence[RequestFacts], low: int, high: int
) -> None:
    low, high = min(low, high), max(low, high)
    lenient = request_figures(facts, ["satisfaction_rate"], satisfied_from=low)
    strict = request_figures(facts, ["satisfaction_rate"], satisfied_from=high)
    if lenient["satisfaction_rate"].value is not None:
        assert strict["satisfaction_rate"].value is not None
        assert strict["satisfaction_rate"].value <= lenient["satisfaction_rate"].value


def test_one_day_is_one_day() -> None:
    assert nearest_rank([timedelta(days=1)], 99).value == timedelta(days=1)
