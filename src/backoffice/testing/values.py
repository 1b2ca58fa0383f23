"""Hypothesis strategies for the shared values: money, instants, durations, calendars.

Example:
    >>> from hypothesis import given
    >>> from backoffice.testing.values import money
    >>> @given(money(currency="CNY"))
    ... def test_adding_zero_changes_nothing(amount):
    ...     assert amount + Money.zero("CNY") == amount
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from backoffice.calendar import BusinessCalendar, Shift, WorkingHours
from backoffice.values.money import Money

__all__ = [
    "ZONES",
    "aware_datetimes",
    "business_calendars",
    "money",
    "shifts",
    "working_durations",
    "working_hours",
]

#: Zones with and without daylight saving, east and west of UTC.
ZONES: tuple[tzinfo, ...] = (
    UTC,
    ZoneInfo("Asia/Shanghai"),
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Asia/Kolkata"),
)


def money(
    currency: str = "CNY", *, min_value: int = -(10**9), max_value: int = 10**9, places: int = 2
) -> st.SearchStrategy[Money]:
    """Amounts with ``places`` decimals between ``min_value`` and ``max_value``."""
    return st.integers(min_value * 10**places, max_value * 10**places).map(
        lambda units: Money(Decimal(units).scaleb(-places), currency)
    )


def aware_datetimes(
    *,
    min_value: datetime = datetime(2024, 1, 1),  # noqa: DTZ001 (hypothesis bounds are naive)
    max_value: datetime = datetime(2027, 6, 30),  # noqa: DTZ001
    zones: tuple[tzinfo, ...] = ZONES,
) -> st.SearchStrategy[datetime]:
    """Aware instants in one of ``zones``, whole seconds or with microseconds."""
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=st.sampled_from(zones))


def working_durations(max_hours: int = 24 * 20) -> st.SearchStrategy[timedelta]:
    """Non-negative durations, biased towards whole minutes and the seed's SLA targets."""
    return st.one_of(
        st.sampled_from([timedelta(hours=h) for h in (0, 2, 4, 8, 24, 48)]),
        st.integers(0, max_hours * 60).map(lambda m: timedelta(minutes=m)),
        st.integers(0, max_hours * 3600 * 10**6).map(lambda us: timedelta(microseconds=us)),
    )


@st.composite
def shifts(draw: st.DrawFn, *, allow_overnight: bool = True) -> Shift:
    """One shift, on a quarter-hour grid, possibly overnight."""
    start = draw(st.integers(0, 95)) * 15
    longest = 96 if allow_overnight else 96 - start // 15
    length = draw(st.integers(1, max(1, longest))) * 15
    return Shift(timedelta(minutes=start), timedelta(minutes=start + length))


@st.composite
def _day(draw: st.DrawFn, allow_overnight: bool) -> tuple[Shift, ...]:
    candidates = draw(st.lists(shifts(allow_overnight=allow_overnight), max_size=3))
    chosen: list[Shift] = []
    for shift in sorted(candidates):
        if not chosen or shift.start >= chosen[-1].end:
            chosen.append(shift)
    return tuple(chosen)


@st.composite
def working_hours(draw: st.DrawFn, *, allow_overnight: bool = True) -> WorkingHours:
    """Weekly hours with up to three shifts a day and at least one shift in the week."""
    days = draw(st.lists(_day(allow_overnight), min_size=7, max_size=7))
    if not any(days):
        days[draw(st.integers(0, 6))] = (draw(shifts(allow_overnight=allow_overnight)),)
    return WorkingHours(days=days)


@st.composite
def business_calendars(
    draw: st.DrawFn, *, zones: tuple[tzinfo, ...] = ZONES, allow_overnight: bool = True
) -> BusinessCalendar:
    """Calendars with random hours, zone, a few holidays and make-up days (2023-2028)."""
    hours = draw(working_hours(allow_overnight=allow_overnight))
    day = st.dates(min_value=date(2023, 1, 1), max_value=date(2028, 12, 31))
    return BusinessCalendar(
        timezone=draw(st.sampled_from(zones)),
        working_hours=hours,
        holidays=draw(st.frozensets(day, max_size=30)),
        extra_working_days=draw(st.frozensets(day, max_size=5)),
    )
