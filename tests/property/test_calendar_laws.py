"""Laws of working-time arithmetic, for random calendars, instants, zones and durations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

from hypothesis import assume, example, given
from hypothesis import strategies as st

from backoffice.calendar import BusinessCalendar
from backoffice.testing.values import ZONES, aware_datetimes, business_calendars, working_durations

EPSILON = timedelta(microseconds=1)


def utc(instant: datetime) -> datetime:
    # Compare instants in UTC: Python compares same-zone datetimes by wall clock (ignoring
    # fold), and never finds a gap time (02:30 on a spring-forward day) equal across zones.
    return instant.astimezone(UTC)


@given(business_calendars(), aware_datetimes(), working_durations())
def test_deadline_is_in_working_time_or_at_a_closing_time(
    cal: BusinessCalendar, start: datetime, duration: timedelta
) -> None:
    assume(duration > timedelta(0))
    deadline = cal.add_working_time(start, duration)
    closing = not cal.is_working_time(deadline) and cal.is_working_time(deadline - EPSILON)
    assert cal.is_working_time(deadline) or closing


@given(business_calendars(), aware_datetimes(), working_durations())
def test_working_time_until_the_deadline_is_the_duration(
    cal: BusinessCalendar, start: datetime, duration: timedelta
) -> None:
    deadline = cal.add_working_time(start, duration)
    assert utc(deadline) >= utc(start)
    assert cal.working_time_between(start, deadline) == duration


@given(business_calendars(), aware_datetimes(), working_durations(), working_durations())
def test_deadline_is_monotone_in_duration(
    cal: BusinessCalendar, start: datetime, a: timedelta, b: timedelta
) -> None:
    shorter, longer = sorted((a, b))
    assert utc(cal.add_working_time(start, shorter)) <= utc(cal.add_working_time(start, longer))


@given(business_calendars(), aware_datetimes(), working_durations(), working_durations())
def test_adding_twice_is_adding_the_sum(
    cal: BusinessCalendar, start: datetime, a: timedelta, b: timedelta
) -> None:
    twice = cal.add_working_time(cal.add_working_time(start, a), b)
    assert utc(twice) == utc(cal.add_working_time(start, a + b))


@given(st.sampled_from(ZONES), aware_datetimes(), working_durations())
def test_round_the_clock_calendar_is_plain_addition(
    zone: tzinfo, start: datetime, duration: timedelta
) -> None:
    cal = BusinessCalendar.always(zone)
    assert utc(cal.add_working_time(start, duration)) == utc(start) + duration
    assert cal.working_time_between(start, utc(start) + duration) == duration


@given(business_calendars(), aware_datetimes(), working_durations(), st.sampled_from(ZONES))
def test_results_do_not_depend_on_the_input_time_zone(
    cal: BusinessCalendar, start: datetime, duration: timedelta, zone: tzinfo
) -> None:
    moved = start.astimezone(zone)
    deadline = cal.add_working_time(start, duration)
    assert utc(cal.add_working_time(moved, duration)) == utc(deadline)
    assert cal.add_working_time(moved, duration).utcoffset() == deadline.utcoffset()
    assert cal.is_working_time(moved) == cal.is_working_time(start)
    assert utc(cal.add_working_days(moved, 2)) == utc(cal.add_working_days(start, 2))


@given(business_calendars(), aware_datetimes(), aware_datetimes(), aware_datetimes())
def test_working_time_adds_up_over_consecutive_spans(
    cal: BusinessCalendar, a: datetime, b: datetime, c: datetime
) -> None:
    a, b, c = sorted((a, b, c), key=utc)
    whole = cal.working_time_between(a, c)
    assert whole == cal.working_time_between(a, b) + cal.working_time_between(b, c)
    assert timedelta(0) <= whole <= utc(c) - utc(a)


@given(business_calendars(), aware_datetimes())
def test_next_working_time_is_working_and_skips_no_working_time(
    cal: BusinessCalendar, instant: datetime
) -> None:
    opening = cal.next_working_time(instant)
    assert utc(opening) >= utc(instant)
    assert cal.is_working_time(opening)
    assert cal.working_time_between(instant, opening) == timedelta(0)


@given(business_calendars(), aware_datetimes(), st.integers(1, 30))
def test_working_days_deadline_closes_a_later_working_day(
    cal: BusinessCalendar, start: datetime, days: int
) -> None:
    due = cal.add_working_days(start, days)
    local_start = start.astimezone(cal.timezone).date()
    assert utc(due) > utc(start)
    assert cal.is_working_time(due - EPSILON)  # the close of a shift (the next may touch it)
    # Non-decreasing; equal only where one day's shifts lie inside the previous overnight shift.
    assert utc(cal.add_working_days(start, days + 1)) >= utc(due)
    # Exactly `days` working days lie strictly after the start's date, up to the due date.
    worked = [
        local_start + timedelta(days=k)
        for k in range(1, (due.date() - local_start).days + 1)
        if cal.is_working_day(local_start + timedelta(days=k))
    ]
    # An overnight shift may close on the day after its working day.
    assert len(worked) in (days, days + 1)


@given(aware_datetimes(zones=(UTC,)), working_durations())
def test_calendars_with_equal_rules_are_equal_and_agree(
    start: datetime, duration: timedelta
) -> None:
    first = BusinessCalendar("Asia/Shanghai")
    second = BusinessCalendar("Asia/Shanghai")
    assert first == second
    assert hash(first) == hash(second)
    assert utc(first.add_working_time(start, duration)) == utc(
        second.add_working_time(start, duration)
    )


@given(
    business_calendars(),
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 6, 1)),
)
@example(BusinessCalendar("Asia/Shanghai"), datetime(2024, 2, 29, 12))  # a leap day
def test_queries_far_apart_extend_the_table_both_ways(
    cal: BusinessCalendar, naive: datetime
) -> None:
    # A query before everything loaded so far rebuilds the table backwards; answers must not move.
    late = naive.replace(year=2027, day=min(naive.day, 28), tzinfo=UTC)  # 2027 has no 29 Feb
    early = naive.replace(tzinfo=UTC)
    before = cal.working_time_between(late, late + timedelta(days=3))
    cal.working_time_between(early, early + timedelta(hours=5))
    assert cal.working_time_between(late, late + timedelta(days=3)) == before
