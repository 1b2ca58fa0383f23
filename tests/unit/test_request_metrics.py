"""Request metrics: every figure checked against a direct count on generated requests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from backoffice.domain.metrics import (
    REQUEST_FIGURES,
    Dimension,
    Figure,
    PeriodKind,
    RequestFacts,
    backlog_ageing,
    group_facts,
    most_repaired,
    period_of,
    request_figures,
    request_figures_by,
)
from backoffice.domain.requests import Category, RequestState
from backoffice.errors import ValidationError
from backoffice.testing.metrics import sample_facts
from backoffice.values import Percent, Period

AT = datetime(2025, 7, 1, tzinfo=UTC)
FACTS = sample_facts(3_000, seed=12, closed_share=0.8)


def share(part: int, whole: int) -> Percent | None:
    return None if whole == 0 else Percent(Decimal(part) * 100 / Decimal(whole))


def kth(values: Sequence[timedelta], p: int) -> timedelta | None:
    """Nearest rank, counted the slow way: the smallest value with >= p % at or below it."""
    for value in sorted(values):
        if sum(1 for v in values if v <= value) * 100 >= p * len(values):
            return value
    return None


def open_at(fact: RequestFacts) -> bool:
    return fact.submitted_at <= AT and (fact.ended_at is None or fact.ended_at > AT)


def expected(facts: list[RequestFacts]) -> dict[str, tuple[object, int]]:
    """Every figure of the group, by plain counting, independent of the metrics module."""
    result: dict[str, tuple[object, int]] = {"requests": (len(facts), len(facts))}
    for metric in ("response", "resolution"):
        decided = [f for f in facts if getattr(f, f"{metric}_met") is not None]
        met = [f for f in decided if getattr(f, f"{metric}_met")]
        result[f"{metric}_on_time_rate"] = (share(len(met), len(decided)), len(decided))
    series = {
        "response_working": [
            f.response_working_time for f in facts if f.response_working_time is not None
        ],
        "resolution_working": [
            f.resolution_working_time for f in facts if f.resolution_working_time is not None
        ],
        "response_elapsed": [
            f.work_started_at - f.accepted_at for f in facts if f.work_started_at and f.accepted_at
        ],
        "resolution_elapsed": [
            f.resolved_at - f.accepted_at for f in facts if f.resolved_at and f.accepted_at
        ],
    }
    for name, values in series.items():
        for p in (50, 90, 99):
            result[f"{name}_p{p}"] = (kth(values, p), len(values))
    resolve = series["resolution_elapsed"]
    mean = sum(resolve, timedelta()) / len(resolve) if resolve else None
    result["mttr"] = (mean, len(resolve))
    ages = [AT - f.submitted_at for f in facts if open_at(f)]
    result["backlog"] = (len(ages), len(facts))
    result["backlog_age_p50"] = (kth(ages, 50), len(ages))
    result["backlog_age_p90"] = (kth(ages, 90), len(ages))
    result["backlog_oldest"] = (max(ages) if ages else None, len(ages))
    resolved = [f for f in facts if f.resolved_at is not None or f.reopen_count > 0]
    reopened = sum(1 for f in resolved if f.reopen_count > 0)
    result["reopen_rate"] = (share(reopened, len(resolved)), len(resolved))
    result["first_time_fix_rate"] = (share(len(resolved) - reopened, len(resolved)), len(resolved))
    ratings = [f.rating for f in facts if f.rating is not None]
    happy = sum(1 for r in ratings if r in (4, 5))
    result["satisfaction_rate"] = (share(happy, len(ratings)), len(ratings))
    mean_rating = (
        (Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.01")) if ratings else None
    )
    result["mean_rating"] = (mean_rating, len(ratings))
    result["warnings"] = (sum(f.warnings for f in facts), len(facts))
    result["breaches"] = (sum(f.breaches for f in facts), len(facts))
    breached = sum(1 for f in facts if f.breaches > 0)
    result["breached_rate"] = (share(breached, len(facts)), len(facts))
    return result


def test_every_request_figure_matches_a_direct_count_in_every_group() -> None:
    by_tier_and_month = request_figures_by(FACTS, [Dimension.TIER], period="month", at=AT)
    assert len(by_tier_and_month) == 3 * 12
    for (tier, month), figures in by_tier_and_month.items():
        assert isinstance(month, Period)
        members = [f for f in FACTS if f.tier is tier and f.submitted_at.date() in month]
        truth = expected(members)
        assert set(truth) == set(REQUEST_FIGURES) == set(figures)
        for name, (value, count) in truth.items():
            assert figures[name] == Figure(value, count), (tier, month, name)


def test_the_figures_of_the_whole_are_the_figures_without_grouping() -> None:
    whole = request_figures(FACTS, at=AT)
    assert request_figures_by(FACTS, at=AT) == {(): whole}
    for name, (value, count) in expected(FACTS).items():
        assert whole[name] == Figure(value, count), name


def test_nothing_to_measure_gives_no_value_and_a_zero_count() -> None:
    figures = request_figures([], at=AT)
    assert figures["resolution_on_time_rate"] == Figure(None, 0)
    assert figures["resolution_working_p99"] == Figure(None, 0)
    assert figures["requests"] == Figure(0, 0)


def test_what_counts_as_satisfied_is_the_callers_choice() -> None:
    strict = request_figures(FACTS, ["satisfaction_rate"], satisfied_from=5)
    ratings = [f.rating for f in FACTS if f.rating is not None]
    assert strict["satisfaction_rate"] == Figure(
        share(ratings.count(5), len(ratings)), len(ratings)
    )
    with pytest.raises(ValidationError, match="satisfied_from"):
        request_figures(FACTS, ["satisfaction_rate"], satisfied_from=6)


def test_an_unknown_figure_or_a_backlog_without_an_instant_is_refused() -> None:
    with pytest.raises(ValidationError, match="on_time"):
        request_figures(FACTS, ["on_time"])
    with pytest.raises(ValidationError, match="instant"):
        request_figures(FACTS, ["backlog"])
    assert "backlog" not in request_figures(FACTS)


def test_periods_are_dates_in_the_business_calendars_zone() -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    new_year_in_shanghai = datetime(2025, 12, 31, 16, 30, tzinfo=UTC)
    assert period_of(new_year_in_shanghai, PeriodKind.YEAR).start.year == 2025
    assert period_of(new_year_in_shanghai, PeriodKind.YEAR, shanghai).start.year == 2026
    assert period_of(new_year_in_shanghai, "week", shanghai) == Period(
        datetime(2025, 12, 29).date(), datetime(2026, 1, 4).date()
    )
    fiscal = period_of(new_year_in_shanghai, "year", year_starts=4)
    assert (fiscal.start.isoformat(), fiscal.end.isoformat()) == ("2025-04-01", "2026-03-31")
    assert period_of(AT, PeriodKind.DAY) == Period(AT.date(), AT.date())
    assert period_of(AT, PeriodKind.QUARTER) == Period.quarter(2025, 3)


def test_grouping_by_resolution_date_leaves_out_the_unresolved() -> None:
    groups = group_facts(FACTS, ["site"], period="quarter", dated_by="resolved_at")
    assert sum(map(len, groups.values())) == sum(1 for f in FACTS if f.resolved_at)
    with pytest.raises(ValidationError, match="dated_by"):
        group_facts(FACTS, period="month", dated_by="due_at")


def test_backlog_ageing_puts_each_open_request_in_one_bracket() -> None:
    table = backlog_ageing(FACTS, AT)
    ages = [AT - f.submitted_at for f in FACTS if open_at(f)]
    assert sum(count for _, count in table) == len(ages)
    assert table[0] == (timedelta(days=1), sum(1 for a in ages if a <= timedelta(days=1)))
    assert table[-1] == (None, sum(1 for a in ages if a > timedelta(days=30)))


def test_the_most_repaired_assets_and_places_are_counted_over_repairs() -> None:
    repairs = [f for f in FACTS if f.category is Category.REPAIR]
    top = most_repaired(FACTS, "asset", top=3)
    counts = {a: sum(1 for f in repairs if f.asset == a) for a in {f.asset for f in repairs}}
    assert [n for _, n in top] == sorted((n for a, n in counts.items() if a), reverse=True)[:3]
    assert all(counts[name] == n for name, n in top)
    places = most_repaired(FACTS, "place", top=1)
    assert places[0][1] == max(
        sum(1 for f in repairs if f"{f.site}, {f.place}" == p)
        for p in {f"{f.site}, {f.place}" for f in repairs}
    )
    with pytest.raises(ValidationError, match="by"):
        most_repaired(FACTS, "team")


def test_a_rejected_repair_is_not_a_repair_done() -> None:
    rejected = RequestFacts(
        request_id="REQ-X",
        category=Category.REPAIR,
        channel=FACTS[0].channel,
        site="HQ",
        asset="PUMP-9",
        state=RequestState.REJECTED,
        submitted_at=AT,
        ended_at=AT,
    )
    assert most_repaired([rejected]) == []


def check(figure: Figure[Any], within: Callable[[Any], bool]) -> bool:
    return figure.value is None or within(figure.value)


def test_rates_lie_between_zero_and_a_hundred_percent() -> None:
    for figures in request_figures_by(FACTS, ["tier", "site", "category"]).values():
        for name in ("response_on_time_rate", "resolution_on_time_rate", "satisfaction_rate"):
            assert check(figures[name], lambda v: Percent(0) <= v <= Percent(100))


def test_grouping_by_dimensions_alone_gives_every_figure_of_a_direct_count() -> None:
    by_tier_and_site = request_figures_by(FACTS, ["tier", "site"], at=AT)
    assert len(by_tier_and_site) == 3 * 5
    for (tier, site), figures in by_tier_and_site.items():
        members = [f for f in FACTS if f.tier is tier and f.site == site]
        for name, (value, count) in expected(members).items():
            assert figures[name] == Figure(value, count), (tier, site, name)


def test_one_dimension_or_none_groups_alike() -> None:
    by_tier = request_figures_by(FACTS, ["tier"], names=["requests", "mttr"])
    assert sum(g["requests"].value or 0 for g in by_tier.values()) == len(FACTS)
    assert request_figures_by(FACTS, names=["requests"]) == {(): {"requests": Figure(3000, 3000)}}


def test_figures_read_from_columns_alone_equal_the_figures_of_each_group() -> None:
    names = ["resolution_on_time_rate", "resolution_working_p50", "resolution_working_p99"]
    fast = request_figures_by(FACTS, ["tier", "site"], names=names)
    for key, members in group_facts(FACTS, ["tier", "site"]).items():
        assert fast[key] == request_figures(members, names)
    with_members = request_figures_by(FACTS, ["tier", "site"], names=[*names, "requests"])
    assert all(with_members[key]["requests"].count for key in fast)
