"""Hypothesis strategies for service requests and SLA targets.

Example:
    >>> from hypothesis import given
    >>> from backoffice.testing.requests import request_details, sla_targets
    >>> @given(sla_targets(), working_instants())
    ... def test_a_target_is_due_after_it_starts(target, start):
    ...     due, target_time = target.deadline(start)
    ...     assert due > start and target_time > timedelta(0)
    >>> test_a_target_is_due_after_it_starts()

The calendars drawn from are built once (:func:`sample_calendars`): an office calendar with
China's holidays for 2024-2027 and lunch breaks, a round-the-clock one, and a Monday-to-Friday
09:00-17:00 calendar in Berlin (with daylight saving). Draw instants with
:func:`working_instants` to stay inside the years they cover.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from hypothesis import strategies as st

from backoffice.calendar import BusinessCalendar, WorkingCalendar, WorkingHours
from backoffice.domain.requests import (
    Category,
    Channel,
    Criticality,
    Location,
    RequestDetails,
    SlaMetric,
    SlaTarget,
    SlaTargets,
    Tier,
)
from backoffice.values import ActorId, AssetId, Percent

__all__ = [
    "EXAMPLE_START",
    "graded_targets",
    "request_details",
    "sample_calendars",
    "sla_targets",
    "tiers",
    "warning_thresholds",
    "working_instants",
]

#: An instant inside every sample calendar's covered years.
EXAMPLE_START = datetime(2025, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

_WORDS = st.sampled_from(
    [
        "power cut on floor 3",
        "water leak in the pantry",
        "projector broken",
        "large meeting on Friday",
        "20 reams of A4 paper",
        "daily cleaning missed",
        "car to the airport",
        "rainstorm flooding the lobby",
        "停电",
        "漏水",
        "设备故障",
    ]
)


@cache
def sample_calendars() -> tuple[WorkingCalendar, ...]:
    """Three calendars: Shanghai office hours with holidays, round the clock, Berlin 9-17."""
    return (
        BusinessCalendar(
            "Asia/Shanghai",
            WorkingHours.weekdays("09:00-12:00", "13:00-18:00"),
            holidays.country_holidays("CN", years=range(2024, 2028)),
        ),
        BusinessCalendar.always("Asia/Shanghai"),
        BusinessCalendar("Europe/Berlin", WorkingHours.weekdays("09:00-17:00")),
    )


def working_instants(
    *,
    min_value: datetime = datetime(2025, 1, 1),  # noqa: DTZ001 (hypothesis bounds are naive)
    max_value: datetime = datetime(2026, 6, 30),  # noqa: DTZ001
) -> st.SearchStrategy[datetime]:
    """UTC instants, to the minute, well inside the years the sample calendars cover."""
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=st.just(UTC)).map(
        lambda t: t.replace(second=0, microsecond=0)
    )


def tiers() -> st.SearchStrategy[Tier]:
    """Any tier."""
    return st.sampled_from(Tier)


def warning_thresholds() -> st.SearchStrategy[tuple[Percent, ...]]:
    """Increasing warning percentages in (0, 100): none, the default, or up to three."""
    return st.one_of(
        st.just((Percent(50), Percent(75))),
        st.lists(st.integers(1, 99), max_size=3, unique=True).map(
            lambda values: tuple(Percent(v) for v in sorted(values))
        ),
    )


@st.composite
def sla_targets(
    draw: st.DrawFn,
    metric: SlaMetric | None = None,
    calendars: tuple[WorkingCalendar, ...] | None = None,
) -> SlaTarget:
    """A target for ``metric`` (any but review if not given): hours or working days."""
    chosen = (
        metric
        if metric is not None
        else draw(st.sampled_from([m for m in SlaMetric if m is not SlaMetric.REVIEW]))
    )
    calendar = draw(st.sampled_from(calendars or sample_calendars()))
    warnings = draw(warning_thresholds())
    if draw(st.booleans()):
        return SlaTarget.within_working_days(
            chosen, draw(st.integers(1, 5)), calendar, warnings=warnings
        )
    minutes = draw(st.sampled_from([120, 240, 24 * 60, 48 * 60]) | st.integers(1, 72 * 60))
    return SlaTarget.within(chosen, timedelta(minutes=minutes), calendar, warnings=warnings)


@st.composite
def graded_targets(
    draw: st.DrawFn, calendars: tuple[WorkingCalendar, ...] | None = None
) -> SlaTargets:
    """Response and resolution targets, sometimes an incident report too."""
    metrics = [SlaMetric.RESPONSE, SlaMetric.RESOLUTION]
    if draw(st.booleans()):
        metrics.append(SlaMetric.INCIDENT_REPORT)
    return SlaTargets([draw(sla_targets(metric, calendars)) for metric in metrics])


@st.composite
def request_details(draw: st.DrawFn) -> RequestDetails:
    """What a requester might submit: any channel and category, a few realistic needs."""
    asset = draw(st.none() | st.integers(1, 999).map(lambda n: AssetId(f"AST-{n:03d}")))
    return RequestDetails(
        channel=draw(st.sampled_from(Channel)),
        category=draw(st.sampled_from(Category)),
        description=draw(_WORDS),
        location=Location(draw(st.sampled_from(["HQ", "Plant 2", "Campus East"])), "room 101"),
        requester=ActorId(draw(st.sampled_from(["li.na", "wang.wei", "zhang.min"]))),
        asset=asset,
        asset_criticality=draw(st.sampled_from(Criticality)) if asset is not None else None,
    )
