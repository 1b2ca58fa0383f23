"""The business calendar in the back office's own words: seed SLA tiers, China's holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import holidays
import pytest

from backoffice import NaiveDatetimeError, ValidationError
from backoffice.calendar import BusinessCalendar, HolidayDataMissing, Shift, WorkingHours

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def at(  # noqa: PLR0917 - mirrors datetime(y, m, d, h, mi, s)
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    *,
    tz: tzinfo = SHANGHAI,
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=tz)


@pytest.fixture(scope="module")
def office() -> BusinessCalendar:
    """Shanghai office: 09:00-12:00 and 13:00-18:00 on weekdays, China's holidays 2024-2027."""
    return BusinessCalendar(
        timezone="Asia/Shanghai",
        working_hours=WorkingHours.weekdays("09:00-12:00", "13:00-18:00"),
        holidays=holidays.country_holidays("CN", years=range(2024, 2028)),
    )


# -- the seed's SLA tiers (urgent 2 h / 4 h and important 24 h / 48 h round the clock;
#    routine 3 / 5 working days; first review within 1 working day) ---------------------------


def test_urgent_tier_responds_in_2_hours_and_resolves_in_4_round_the_clock() -> None:
    cal = BusinessCalendar.always("Asia/Shanghai")
    leak_reported = at(2025, 10, 3, 23, 30)  # a holiday night: urgent work does not wait
    assert cal.add_working_time(leak_reported, timedelta(hours=2)) == at(2025, 10, 4, 1, 30)
    assert cal.add_working_time(leak_reported, timedelta(hours=4)) == at(2025, 10, 4, 3, 30)


def test_important_tier_responds_in_24_hours_and_resolves_in_48_round_the_clock() -> None:
    cal = BusinessCalendar.always("Asia/Shanghai")
    breakdown = at(2025, 3, 7, 16, 0)  # Friday afternoon
    assert cal.add_working_time(breakdown, timedelta(hours=24)) == at(2025, 3, 8, 16, 0)
    assert cal.add_working_time(breakdown, timedelta(hours=48)) == at(2025, 3, 9, 16, 0)


def test_routine_tier_responds_in_3_and_completes_in_5_working_days(
    office: BusinessCalendar,
) -> None:
    stationery = at(2025, 3, 3, 10, 0)  # Monday morning
    assert office.add_working_days(stationery, 3) == at(2025, 3, 6, 18, 0)  # Thursday close
    assert office.add_working_days(stationery, 5) == at(2025, 3, 10, 18, 0)  # next Monday


def test_first_review_within_one_working_day_skips_the_weekend(office: BusinessCalendar) -> None:
    raised_friday_evening = at(2025, 3, 7, 19, 0)
    assert office.add_working_days(raised_friday_evening, 1) == at(2025, 3, 10, 18, 0)


def test_a_request_raised_on_saturday_starts_counting_on_monday(office: BusinessCalendar) -> None:
    assert office.add_working_days(at(2025, 3, 8, 11, 0), 3) == at(2025, 3, 12, 18, 0)


# -- China 2025 National Day week: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked -----


@pytest.mark.parametrize("day", [date(2025, 10, d) for d in range(1, 9)])
def test_national_day_week_is_off(office: BusinessCalendar, day: date) -> None:
    assert not office.is_working_day(day)
    assert not office.is_working_time(at(day.year, day.month, day.day, 10, 0))


@pytest.mark.parametrize("day", [date(2025, 9, 28), date(2025, 10, 11)])
def test_make_up_weekend_days_are_worked(office: BusinessCalendar, day: date) -> None:
    assert day.weekday() >= 5
    assert office.is_working_day(day)
    assert office.is_working_time(at(day.year, day.month, day.day, 10, 0))


def test_four_working_hours_from_friday_afternoon_end_on_the_make_up_sunday(
    office: BusinessCalendar,
) -> None:
    assert office.add_working_time(at(2025, 9, 26, 16, 0), timedelta(hours=4)) == at(
        2025, 9, 28, 11, 0
    )


def test_a_deadline_jumps_the_national_day_week(office: BusinessCalendar) -> None:
    # 7 working hours left on 30 September, then nothing until Thursday 9 October.
    assert office.add_working_time(at(2025, 9, 30, 10, 0), timedelta(hours=8)) == at(
        2025, 10, 9, 10, 0
    )


def test_working_time_over_the_holiday_fortnight(office: BusinessCalendar) -> None:
    # 26 Sep (Fri), 28 Sep (make-up Sun), 29-30 Sep, 9-10 Oct, 11 Oct (make-up Sat): 7 days x 8 h.
    assert office.working_time_between(at(2025, 9, 26, 0, 0), at(2025, 10, 13, 0, 0)) == timedelta(
        hours=56
    )


# -- conventions ------------------------------------------------------------------------------


def test_a_deadline_that_ends_at_closing_time_is_the_closing_time(office: BusinessCalendar) -> None:
    assert office.add_working_time(at(2025, 3, 3, 9, 0), timedelta(hours=3)) == at(2025, 3, 3, 12)
    assert office.add_working_time(at(2025, 3, 3, 13, 0), timedelta(hours=5)) == at(2025, 3, 3, 18)


def test_the_clock_starts_at_the_next_opening_outside_working_hours(
    office: BusinessCalendar,
) -> None:
    assert office.add_working_time(at(2025, 3, 3, 12, 30), timedelta(minutes=30)) == at(
        2025, 3, 3, 13, 30
    )
    assert office.next_working_time(at(2025, 3, 3, 12, 30)) == at(2025, 3, 3, 13, 0)
    assert office.next_working_time(at(2025, 3, 3, 10, 0)) == at(2025, 3, 3, 10, 0)


def test_adding_no_time_returns_the_start(office: BusinessCalendar) -> None:
    lunch = at(2025, 3, 3, 12, 30)
    assert office.add_working_time(lunch, timedelta(0)) == lunch


def test_opening_time_is_working_time_and_closing_time_is_not(office: BusinessCalendar) -> None:
    assert office.is_working_time(at(2025, 3, 3, 9, 0))
    assert not office.is_working_time(at(2025, 3, 3, 12, 0))
    assert not office.is_working_time(at(2025, 3, 3, 8, 59, 59))


def test_results_come_out_in_the_calendars_zone_whatever_zone_goes_in(
    office: BusinessCalendar,
) -> None:
    utc_start = at(2025, 3, 3, 1, 0, tz=UTC)  # 09:00 in Shanghai
    deadline = office.add_working_time(utc_start, timedelta(hours=1))
    assert deadline.tzinfo is SHANGHAI
    assert deadline == at(2025, 3, 3, 10, 0)


# -- daylight saving ----------------------------------------------------------------------------


def test_dst_spring_forward_loses_no_working_time_on_a_day_shift() -> None:
    cal = BusinessCalendar("America/New_York", WorkingHours.weekdays("09:00-17:00"))
    # Sunday 9 March 2025 the clocks jump at 02:00; Monday's 8 hours are 8 real hours.
    assert cal.working_time_between(
        at(2025, 3, 7, 0, 0, tz=NEW_YORK), at(2025, 3, 11, 0, 0, tz=NEW_YORK)
    ) == timedelta(hours=16)


def test_a_night_shift_across_the_dst_change_is_as_long_as_the_clock_says() -> None:
    cal = BusinessCalendar("Europe/Berlin", WorkingHours.every_day("22:00-06:00"))
    # Clocks change on Sunday 30 March 02:00 and Sunday 26 October 03:00 (2025). The night
    # shift 29/30 March runs 22:00 CET to 06:00 CEST: 7 real hours; 25/26 October: 9 hours.
    spring = cal.working_time_between(
        at(2025, 3, 29, 12, tz=BERLIN), at(2025, 3, 30, 12, tz=BERLIN)
    )
    autumn = cal.working_time_between(
        at(2025, 10, 25, 12, tz=BERLIN), at(2025, 10, 26, 12, tz=BERLIN)
    )
    ordinary = cal.working_time_between(
        at(2025, 3, 30, 12, tz=BERLIN), at(2025, 3, 31, 12, tz=BERLIN)
    )
    assert ordinary == timedelta(hours=8)
    assert (spring, autumn) == (timedelta(hours=7), timedelta(hours=9))


def test_overnight_shifts_count_into_the_next_morning() -> None:
    cal = BusinessCalendar("Asia/Shanghai", WorkingHours.weekdays("22:00-06:00"))
    assert cal.is_working_time(at(2025, 3, 4, 3, 0))  # Monday's night shift, Tuesday 03:00
    assert cal.is_working_time(at(2025, 3, 8, 5, 59))  # Friday's shift ends Saturday 06:00
    assert not cal.is_working_time(at(2025, 3, 8, 6, 0))
    assert not cal.is_working_time(at(2025, 3, 9, 3, 0))  # no shift on Saturday night
    assert cal.add_working_time(at(2025, 3, 7, 23, 0), timedelta(hours=8)) == at(2025, 3, 10, 23)


# -- refusals -------------------------------------------------------------------------------------


def test_a_naive_datetime_is_refused_with_a_clear_error(office: BusinessCalendar) -> None:
    with pytest.raises(NaiveDatetimeError, match="timezone-aware"):
        office.add_working_time(datetime(2025, 3, 3, 9, 0), timedelta(hours=1))
    with pytest.raises(NaiveDatetimeError):
        office.working_time_between(at(2025, 3, 3, 9), datetime(2025, 3, 4))


def test_negative_durations_and_non_datetimes_are_refused(office: BusinessCalendar) -> None:
    with pytest.raises(ValidationError, match="negative"):
        office.add_working_time(at(2025, 3, 3, 9), timedelta(hours=-1))
    with pytest.raises(ValidationError, match="timedelta"):
        office.add_working_time(at(2025, 3, 3, 9), 4)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="datetime"):
        office.is_working_time(date(2025, 3, 3))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="before"):
        office.working_time_between(at(2025, 3, 4, 9), at(2025, 3, 3, 9))
    with pytest.raises(ValidationError, match="positive"):
        office.add_working_days(at(2025, 3, 3, 9), 0)


def test_a_year_without_holiday_data_is_an_error_not_a_guess(office: BusinessCalendar) -> None:
    with pytest.raises(HolidayDataMissing) as caught:
        office.add_working_time(at(2027, 12, 30, 10), timedelta(days=30))
    assert caught.value.year == 2028
    assert isinstance(caught.value, LookupError)
    with pytest.raises(HolidayDataMissing):
        office.is_working_time(at(2023, 6, 1, 10))


def test_a_holidays_object_without_years_is_refused() -> None:
    with pytest.raises(ValidationError, match="years"):
        BusinessCalendar("Asia/Shanghai", holidays=holidays.country_holidays("CN"))


def test_unknown_time_zones_and_empty_weeks_are_refused() -> None:
    with pytest.raises(ValidationError, match="time zone"):
        BusinessCalendar("Mars/Olympus_Mons")
    with pytest.raises(ValidationError, match="no shift"):
        WorkingHours(days=[()] * 7)


@pytest.mark.parametrize(
    "text", ["9-12", "09:00-09:00x", "25:00-26:00", "09:60-10:00", "12:00-24:30", 900]
)
def test_malformed_shifts_are_refused(text: str | int) -> None:
    with pytest.raises(ValidationError):
        Shift.parse(text)  # type: ignore[arg-type]


def test_overlapping_shifts_on_one_day_are_refused() -> None:
    with pytest.raises(ValidationError, match="overlap"):
        WorkingHours.weekdays("09:00-13:00", "12:00-18:00")


# -- plain data ------------------------------------------------------------------------------


def test_a_calendar_built_from_plain_data_equals_the_one_built_in_code(
    office: BusinessCalendar,
) -> None:
    from_data = BusinessCalendar.from_dict(
        {
            "timezone": "Asia/Shanghai",
            "working_hours": {day: ["09:00-12:00", "13:00-18:00"] for day in WEEKDAYS},
            "holidays": {"country": "CN", "years": [2024, 2025, 2026, 2027]},
        }
    )
    assert from_data == office
    assert from_data.add_working_time(at(2025, 9, 30, 10), timedelta(hours=8)) == at(
        2025, 10, 9, 10
    )


def test_working_hours_round_trip_through_plain_data() -> None:
    hours = WorkingHours.weekdays("09:00-12:00", "13:00-18:00").with_day(5, "22:00-06:00")
    assert WorkingHours.from_dict(hours.to_dict()) == hours
    assert hours.weekly_total() == timedelta(hours=48)


def test_unknown_keys_in_plain_data_are_refused() -> None:
    with pytest.raises(ValidationError, match="unknown"):
        BusinessCalendar.from_dict({"timezone": "UTC", "holidy_dates": []})
    with pytest.raises(ValidationError, match="weekday"):
        WorkingHours.from_dict({"monday": ["09:00-17:00"]})


def test_explicit_holidays_and_make_up_days_without_a_holidays_object() -> None:
    cal = BusinessCalendar(
        "Asia/Shanghai",
        WorkingHours.weekdays("09:00-17:00"),
        holidays=[date(2025, 5, 1)],
        extra_working_days=[date(2025, 4, 27)],
    )
    assert not cal.is_working_day(date(2025, 5, 1))
    assert cal.is_working_day(date(2025, 4, 27))  # a Sunday
    assert cal.is_working_day(date(2031, 5, 2))  # explicit dates: no coverage limit


def test_a_day_inside_the_previous_night_shift_never_closes_before_it() -> None:
    # Thursday's night shift runs to Friday 06:00; Friday's own shift ends at 04:00.
    hours = WorkingHours(days=[(), (), (), ("22:00-06:00",), ("00:00-04:00",), (), ()])
    cal = BusinessCalendar("Asia/Shanghai", hours)
    monday = at(2025, 3, 3, 9, 0)
    assert cal.add_working_days(monday, 1) == at(2025, 3, 7, 6, 0)
    assert cal.add_working_days(monday, 2) == at(2025, 3, 7, 6, 0)
    assert cal.add_working_days(monday, 3) == at(2025, 3, 14, 6, 0)


def test_going_back_in_time_needs_only_the_years_asked_about() -> None:
    cal = BusinessCalendar(
        "Asia/Shanghai",
        WorkingHours.weekdays("09:00-12:00", "13:00-18:00"),
        holidays=holidays.country_holidays("CN", years=range(2024, 2028)),
    )
    assert cal.is_working_time(at(2026, 6, 1, 10, 0))
    # Loading 2024 after 2026 must not reach for 2023, which the holiday data does not cover.
    assert cal.is_working_time(at(2024, 6, 3, 10, 0))
    assert cal.is_working_time(at(2024, 1, 2, 10, 0))


def test_an_overnight_shift_on_new_years_eve_needs_the_year_before() -> None:
    night = BusinessCalendar(
        "Asia/Shanghai", WorkingHours.every_day("22:00-06:00"), covered_years=[2025, 2026]
    )
    assert night.is_working_time(at(2026, 1, 1, 3, 0))  # the shift of 31 December 2025
    with pytest.raises(HolidayDataMissing):
        night.is_working_time(at(2025, 1, 1, 3, 0))  # that of 31 December 2024: not covered
