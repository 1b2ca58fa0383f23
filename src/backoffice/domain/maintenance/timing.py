"""From a nominal date to the day an occurrence is due and the day its work order is raised.

The **holiday shift** moves an occurrence that falls on a day the office does not work to the
previous or the next working day (or leaves it). The **lead time** raises the work order a
number of working days before the (shifted) due day, so parts and people are ready.
Both read the plan's business calendar through :class:`WorkingDays` (a
:class:`~backoffice.calendar.BusinessCalendar` is one).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from typing import Final, Protocol, runtime_checkable

import attrs

from backoffice.domain.assets.kinds import MeterKind
from backoffice.domain.maintenance.kinds import HolidayShift
from backoffice.errors import ValidationError

__all__ = [
    "MeterOutlook",
    "WorkingDayTable",
    "WorkingDays",
    "due_day",
    "projected_day",
    "raise_day",
]

_DAY: Final = timedelta(days=1)
#: How far a shift or a lead time may search for a working day before giving up.
_SEARCH: Final = 366


@runtime_checkable
class WorkingDays(Protocol):
    """Answers whether the office works on a day (a ``BusinessCalendar`` does)."""

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` has working time."""
        ...


@attrs.define
class WorkingDayTable:
    """A calendar's days off, one year at a time: the planner's fast working-day lookup.

    Asking a business calendar about one day goes through its weekly hours and holiday rules;
    a planner asks about the same days for thousands of plans, so it keeps, per calendar, the
    set of days off of each year it has met (365 questions once, then a set lookup).

    Attributes:
        calendar: The calendar asked.
    """

    calendar: WorkingDays
    _days_off: dict[int, frozenset[date]] = attrs.field(factory=dict, init=False, repr=False)
    _timings: dict[tuple[date, HolidayShift, int], tuple[date, date]] = attrs.field(
        factory=dict, init=False, repr=False
    )

    def timing(self, nominal: date, shift: HolidayShift, lead: int) -> tuple[date, date]:
        """The due day and the raise day of an occurrence nominally on ``nominal``.

        Plans on one calendar share their days (the 1st of the month, every Monday), so the
        table keeps each answer: one lookup for every plan after the first.
        """
        key = (nominal, shift, lead)
        found = self._timings.get(key)
        if found is None:
            due = due_day(nominal, shift, self)
            found = self._timings[key] = (due, raise_day(due, lead, self))
        return found

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` has working time on the calendar."""
        days_off = self._days_off.get(day.year)
        if days_off is None:
            days_off = self._load(day.year)
        return day not in days_off

    def _load(self, year: int) -> frozenset[date]:
        first = date(year, 1, 1)
        days = (first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days))
        days_off = frozenset(d for d in days if not self.calendar.is_working_day(d))
        self._days_off[year] = days_off
        return days_off


def _step(day: date, calendar: WorkingDays, direction: timedelta) -> date:
    for _ in range(_SEARCH):
        if calendar.is_working_day(day):
            return day
        day += direction
    raise ValidationError(f"no working day within a year of {day}", field="calendar")


def due_day(nominal: date, shift: HolidayShift, calendar: WorkingDays) -> date:
    """The day an occurrence nominally on ``nominal`` is due, after the holiday shift."""
    if shift is HolidayShift.NONE:
        return nominal
    if shift is HolidayShift.PREVIOUS_WORKING_DAY:
        return _step(nominal, calendar, -_DAY)
    return _step(nominal, calendar, _DAY)


def raise_day(due: date, lead_working_days: int, calendar: WorkingDays) -> date:
    """The day to raise the work order: ``lead_working_days`` working days before ``due``."""
    day = due
    for _ in range(lead_working_days):
        day = _step(day - _DAY, calendar, -_DAY)
    return day


@attrs.frozen
class MeterOutlook:
    """What the planner knows of one meter of the asset.

    Attributes:
        meter: The meter.
        usage: The asset's lifetime usage on it now.
        as_of: The day of the last reading.
        rate: Average usage per day, if known.
    """

    meter: MeterKind
    usage: Decimal
    as_of: date
    rate: Decimal | None = None


def projected_day(outlook: MeterOutlook, threshold: Decimal) -> date | None:
    """The day the usage reaches ``threshold`` at the outlook's rate (``None``: not known).

    A threshold already reached is due on the day of the last reading.
    """
    if outlook.usage >= threshold:
        return outlook.as_of
    if outlook.rate is None or outlook.rate <= 0:
        return None
    days = ((threshold - outlook.usage) / outlook.rate).to_integral_value(rounding=ROUND_CEILING)
    return outlook.as_of + timedelta(days=int(days))
