"""Business calendars: working hours, holidays and working-time arithmetic for SLAs."""

from __future__ import annotations

from backoffice.calendar.business import BusinessCalendar, WorkingCalendar
from backoffice.calendar.days import DayRules, HolidayDataMissing, HolidaySource
from backoffice.calendar.hours import WEEKDAY_NAMES, Shift, WorkingHours
from backoffice.calendar.registry import CalendarRegistry, UnknownCalendar
from backoffice.calendar.table import NoWorkingTime

__all__ = [
    "WEEKDAY_NAMES",
    "BusinessCalendar",
    "CalendarRegistry",
    "DayRules",
    "HolidayDataMissing",
    "HolidaySource",
    "NoWorkingTime",
    "Shift",
    "UnknownCalendar",
    "WorkingCalendar",
    "WorkingHours",
]
