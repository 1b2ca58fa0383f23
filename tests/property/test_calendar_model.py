"""The interval table against a naive model that walks day by day (slow, obviously right)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from hypothesis import given

from backoffice.calendar import BusinessCalendar
from backoffice.testing.values import aware_datetimes, business_calendars

SPAN = timedelta(days=9)


def model_intervals(
    cal: BusinessCalendar, a: datetime, b: datetime
) -> list[tuple[datetime, datetime]]:
    """Working intervals (UTC) touching [a, b], merged, found by visiting every local day."""
    raw: list[tuple[datetime, datetime]] = []
    day = a.astimezone(cal.timezone).date() - timedelta(days=2)
    last = b.astimezone(cal.timezone).date() + timedelta(days=1)
    while day <= last:
        midnight = datetime.combine(day, time(0), cal.timezone)
        raw.extend(
            ((midnight + s.start).astimezone(UTC), (midnight + s.end).astimezone(UTC))
            for s in cal.rules.shifts_on(day)
        )
        day += timedelta(days=1)
    merged: list[tuple[datetime, datetime]] = []
    for lo, hi in sorted(raw):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def model_between(cal: BusinessCalendar, a: datetime, b: datetime) -> timedelta:
    a, b = a.astimezone(UTC), b.astimezone(UTC)
    total = timedelta(0)
    for lo, hi in model_intervals(cal, a, b):
        overlap = min(hi, b) - max(lo, a)
        total += max(overlap, timedelta(0))
    return total


@given(business_calendars(), aware_datetimes(), aware_datetimes())
def test_working_time_between_matches_the_day_by_day_model(
    cal: BusinessCalendar, a: datetime, b: datetime
) -> None:
    a, b = sorted((a, b), key=lambda t: t.astimezone(UTC))
    b = min(b.astimezone(UTC), a.astimezone(UTC) + SPAN)
    assert cal.working_time_between(a, b) == model_between(cal, a, b)


@given(business_calendars(), aware_datetimes())
def test_is_working_time_matches_the_day_by_day_model(
    cal: BusinessCalendar, instant: datetime
) -> None:
    at = instant.astimezone(UTC)
    inside = any(lo <= at < hi for lo, hi in model_intervals(cal, at, at))
    assert cal.is_working_time(instant) == inside


@given(business_calendars(), aware_datetimes(), aware_datetimes())
def test_deadline_matches_the_model(cal: BusinessCalendar, a: datetime, b: datetime) -> None:
    a, b = sorted((a, b), key=lambda t: t.astimezone(UTC))
    b = min(b.astimezone(UTC), a.astimezone(UTC) + SPAN)
    worked = model_between(cal, a, b)
    deadline = cal.add_working_time(a, worked)
    # The deadline is the earliest instant by which that much work is done: it is at or before
    # b, and no working time lies between it and b.
    assert deadline.astimezone(UTC) <= b
    assert model_between(cal, deadline, b) == timedelta(0)
    assert model_between(cal, a, deadline) == worked
