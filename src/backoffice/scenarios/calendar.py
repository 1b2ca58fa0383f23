"""Scenario: the seed SLA tiers on a Shanghai office calendar, around China's National Day.

Shows, in plain text, the deadlines each seed tier gives for the same requests, and how the
business calendar skips lunch, nights, weekends and the 2025 National Day week while honouring
the make-up working days (调休).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

from backoffice.calendar import BusinessCalendar, WorkingHours

__all__ = ["office_calendar", "run_calendar_demo"]

SHANGHAI = ZoneInfo("Asia/Shanghai")


def office_calendar() -> BusinessCalendar:
    """The demo office: 09:00-12:00 and 13:00-18:00 on weekdays, China's holidays 2024-2027."""
    return BusinessCalendar(
        timezone="Asia/Shanghai",
        working_hours=WorkingHours.weekdays("09:00-12:00", "13:00-18:00"),
        holidays=holidays.country_holidays("CN", years=range(2024, 2028)),
    )


def _when(instant: datetime) -> str:
    return instant.strftime("%a %Y-%m-%d %H:%M")


def run_calendar_demo(out: Callable[[str], None] = print) -> None:
    """Print the seed tiers' deadlines for three requests raised around National Day 2025."""
    office = office_calendar()
    round_the_clock = BusinessCalendar.always("Asia/Shanghai")
    out("Business calendar: Mon-Fri 09:00-12:00, 13:00-18:00 (Asia/Shanghai), China holidays")
    out("  2025-10-01..08 off (National Day + Mid-Autumn); Sun 09-28 and Sat 10-11 are worked")
    out("")

    def hours(n: int) -> Callable[[datetime], datetime]:
        return lambda t: round_the_clock.add_working_time(t, timedelta(hours=n))

    def working_days(n: int) -> Callable[[datetime], datetime]:
        return lambda t: office.add_working_days(t, n)

    tiers: list[tuple[str, str, Callable[[datetime], datetime]]] = [
        ("urgent", "respond 2 h", hours(2)),
        ("urgent", "resolve 4 h", hours(4)),
        ("important", "respond 24 h", hours(24)),
        ("important", "resolve 48 h", hours(48)),
        ("routine", "respond 3 working days", working_days(3)),
        ("routine", "complete 5 working days", working_days(5)),
        ("any", "first review 1 working day", working_days(1)),
    ]
    raised = [
        datetime(2025, 9, 26, 16, 30, tzinfo=SHANGHAI),
        datetime(2025, 9, 30, 11, 0, tzinfo=SHANGHAI),
        datetime(2025, 10, 3, 22, 15, tzinfo=SHANGHAI),
    ]
    for when in raised:
        working = "working time" if office.is_working_time(when) else "outside working hours"
        out(f"Request raised {_when(when)} ({working})")
        for tier, target, due in tiers:
            out(f"  {tier:<10} {target:<28} due {_when(due(when))}")
        out("")
    start = datetime(2025, 9, 30, 10, 0, tzinfo=SHANGHAI)
    eight = office.add_working_time(start, timedelta(hours=8))
    out(f"8 working hours from {_when(start)}: {_when(eight)} (the holiday week is skipped)")
    used = office.working_time_between(start, datetime(2025, 10, 10, 12, 0, tzinfo=SHANGHAI))
    out(f"Working time from {_when(start)} to Fri 2025-10-10 12:00: {used}")
