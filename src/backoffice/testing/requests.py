"""Hypothesis strategies for service requests and SLA targets.

Example:
    >>> from hypothesis import given
    >>> from backoffice.testing.requests import request_details, sla_targets
    >>> @given(sla_targets(), working_instants())
    ... def test_a_target_is_due_after_it_starts(target, start):
    ...     due, target_time = target.deadline(start)
    ...     assert due > start and target_time > timedelta(0)
    >>> test_a_target_is_due_after_it_starts()

The calendars drawn from are built once (:func:`sample_calendars`, by name in
:func:`sample_calendar_registry`): an office calendar with China's holidays for 2024-2027 and
lunch breaks (``"office-shanghai"``), a round-the-clock one (``"24x7"``), and a
Monday-to-Friday 09:00-17:00 calendar in Berlin with daylight saving (``"berlin-9-17"``).
Targets name them; replay events with ``calendars=sample_calendar_registry()``. Draw instants
with :func:`working_instants` to stay inside the years they cover.

:func:`request_histories` draws whole lifecycles of one request (every kind of step, sweeps
included, across daylight-saving changes) and gives the events they recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Final
from zoneinfo import ZoneInfo

import attrs
import holidays
from hypothesis import strategies as st

from backoffice.calendar import BusinessCalendar, CalendarRegistry, WorkingCalendar, WorkingHours
from backoffice.domain.events import DomainEvent
from backoffice.domain.requests import (
    TRANSITIONS,
    Assignee,
    Category,
    Channel,
    Criticality,
    RequestAction,
    RequestDetails,
    RequestLocation,
    ServiceRequest,
    SlaMetric,
    SlaTarget,
    SlaTargets,
    Tier,
)
from backoffice.errors import BackofficeError
from backoffice.values import ActorId, AssetId, Percent, RequestId

__all__ = [
    "EXAMPLE_START",
    "graded_targets",
    "in_utc",
    "request_details",
    "request_histories",
    "sample_calendar_registry",
    "sample_calendars",
    "sla_targets",
    "step_instants",
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


#: The names of :func:`sample_calendars`, in the same order.
SAMPLE_CALENDAR_NAMES: Final = ("office-shanghai", "24x7", "berlin-9-17")


@cache
def sample_calendar_registry() -> CalendarRegistry:
    """:func:`sample_calendars` by name (see the module docstring)."""
    return CalendarRegistry(dict(zip(SAMPLE_CALENDAR_NAMES, sample_calendars(), strict=True)))


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
    calendars: Mapping[str, WorkingCalendar] | None = None,
) -> SlaTarget:
    """A target for ``metric`` (any but review if not given): hours or working days.

    It names one of ``calendars`` (the sample calendars by default) and is resolved in them.
    """
    chosen = (
        metric
        if metric is not None
        else draw(st.sampled_from([m for m in SlaMetric if m is not SlaMetric.REVIEW]))
    )
    registry = calendars if calendars is not None else sample_calendar_registry()
    name = draw(st.sampled_from(sorted(registry)))
    warnings = draw(warning_thresholds())
    if draw(st.booleans()):
        days = draw(st.integers(1, 5))
        return SlaTarget.within_working_days(
            chosen, days, name, warnings=warnings, calendars=registry
        )
    minutes = draw(st.sampled_from([120, 240, 24 * 60, 48 * 60]) | st.integers(1, 72 * 60))
    return SlaTarget.within(
        chosen, timedelta(minutes=minutes), name, warnings=warnings, calendars=registry
    )


@st.composite
def graded_targets(
    draw: st.DrawFn, calendars: Mapping[str, WorkingCalendar] | None = None
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
        location=RequestLocation(
            draw(st.sampled_from(["HQ", "Plant 2", "Campus East"])), "room 101"
        ),
        requester=ActorId(draw(st.sampled_from(["li.na", "wang.wei", "zhang.min"]))),
        asset=asset,
        asset_criticality=draw(st.sampled_from(Criticality)) if asset is not None else None,
    )


#: Instants just before the clocks change (New York and Berlin, spring and autumn 2025).
_CLOCK_CHANGES: Final = (
    datetime(2025, 3, 9, 6, 30, tzinfo=UTC),  # New York springs forward at 07:00 UTC
    datetime(2025, 3, 30, 0, 30, tzinfo=UTC),  # Berlin springs forward at 01:00 UTC
    datetime(2025, 10, 26, 0, 30, tzinfo=UTC),  # Berlin falls back at 01:00 UTC
    datetime(2025, 11, 2, 5, 30, tzinfo=UTC),  # New York falls back at 06:00 UTC
)
_ZONES: Final = ("UTC", "Asia/Shanghai", "America/New_York", "Europe/Berlin")
_ACTOR: Final = ActorId("li.na")
_PAUSE_REASONS: Final = ("waiting_for_parts", "waiting_for_requester", "other")


def step_instants() -> st.SearchStrategy[datetime]:
    """Instants for request steps: anywhere in the sample years, or next to a clock change.

    Given in one of four zones (two with daylight saving), as a caller in that zone would.
    """
    near_change = st.builds(
        lambda t, minutes: t + timedelta(minutes=minutes),
        st.sampled_from(_CLOCK_CHANGES),
        st.integers(-90, 90),
    )
    return st.builds(
        lambda t, zone: t.astimezone(ZoneInfo(zone)),
        working_instants() | near_change,
        st.sampled_from(_ZONES),
    )


def _step_arguments(draw: st.DrawFn, action: RequestAction) -> dict[str, object]:
    words = st.sampled_from(["why", "need parts", "配件", "done"])
    if action in (RequestAction.ACCEPT, RequestAction.CHANGE_TIER):
        arguments: dict[str, object] = {"tier": draw(tiers()), "targets": draw(graded_targets())}
        if action is RequestAction.CHANGE_TIER:
            arguments["reason"] = draw(words)
        return arguments
    by_action: dict[RequestAction, dict[str, object]] = {
        RequestAction.RETURN_FOR_INFORMATION: {"question": draw(words)},
        RequestAction.SUPPLY_INFORMATION: {"answer": draw(words)},
        RequestAction.REJECT: {"reason": draw(words)},
        RequestAction.REOPEN: {"reason": draw(words)},
        RequestAction.CANCEL: {"reason": draw(words)},
        RequestAction.ASSIGN: {"assignee": Assignee.team("facilities")},
        RequestAction.PAUSE: {"reason": draw(st.sampled_from(_PAUSE_REASONS))},
        RequestAction.NOTE_PROGRESS: {"note": draw(words), "attachments": ("photo-1.jpg",)},
        RequestAction.RESOLVE: {"resolution": draw(words)},
        RequestAction.SIGN_OFF: {"comment": ""},
        RequestAction.RATE: {"score": draw(st.integers(1, 5))},
        RequestAction.FILE_INCIDENT_REPORT: {"reference": "DOC-1"},
    }
    return by_action.get(action, {})


@st.composite
def request_histories(draw: st.DrawFn, *, max_steps: int = 16) -> list[DomainEvent]:
    """The events of one request driven through a random lifecycle, oldest first.

    Every step is one the lifecycle allows in the request's state (a step the request still
    refuses, such as rating twice, is skipped), with SLA sweeps in between; time moves on by
    minutes to days between steps, often across a daylight-saving change. Targets count on the
    sample calendars: replay with ``calendars=sample_calendar_registry()``.
    """
    at = draw(step_instants())
    request = ServiceRequest.submit(
        RequestId("REQ-000001"),
        details=draw(request_details()),
        at=at,
        review_target=draw(st.none() | sla_targets(SlaMetric.REVIEW)),
        proposed_tier=draw(st.none() | tiers()),
        proposal_reason="keywords",
    )
    steps = [a for a in RequestAction if a is not RequestAction.SUBMIT]
    for _ in range(draw(st.integers(0, max_steps))):
        at += timedelta(minutes=draw(st.sampled_from([0, 20, 90, 8 * 60, 3 * 24 * 60])))
        allowed = [a for a in steps if request.state in TRANSITIONS[a].sources]
        action = draw(st.sampled_from(allowed))
        arguments = _step_arguments(draw, action)
        try:
            getattr(request, action.value)(actor=_ACTOR, at=at, **arguments)
        except BackofficeError:
            continue  # a step the state allows but the request refuses (rating twice, ...)
    return request.collect_events()


def in_utc(value: object) -> object:
    """``value`` with every instant in it taken to UTC, to compare things read back from storage.

    Python never finds an instant in a daylight-saving fold or gap equal to the same instant
    in another time zone (PEP 495), and the codec keeps UTC offsets, not zones: compare
    ``in_utc(loaded) == in_utc(original)``. Goes into tuples, lists, dicts, mappings (such as
    a request's clocks) and attrs records (as tuples of their fields).
    """
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    if isinstance(value, (tuple, list)):
        return tuple(in_utc(item) for item in value)
    if isinstance(value, Mapping):
        return {key: in_utc(item) for key, item in value.items()}
    kind = type(value)
    if attrs.has(kind):
        fields = attrs.fields(kind)
        return (kind.__name__, *(in_utc(getattr(value, f.name)) for f in fields if f.eq))
    return value
