"""Which days are worked: weekly hours, public holidays, make-up working days, data coverage.

A day's shifts come from three sources, in this order of precedence:

1. an **extra working day** (China's 调休 make-up day, a Sunday worked before a long holiday)
   is worked with the make-up day hours, even on a weekend or a holiday;
2. a **holiday** is not worked;
3. otherwise the weekday's hours apply.

Holidays come from a ``holidays`` package object
(``holidays.country_holidays("CN", years=range(2024, 2028))``) and/or explicit dates. A
``holidays`` object also supplies its make-up working days (``weekend_workdays``), and the years
it was built for are the years the calendar *knows*: asking about any other year raises
:class:`HolidayDataMissing` instead of silently treating a public holiday as a working day.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, Protocol, runtime_checkable

import attrs

from backoffice.calendar.hours import Shift, WorkingHours
from backoffice.errors import BackofficeError, ValidationError

__all__ = ["DayRules", "HolidayDataMissing", "HolidaySource"]


class HolidayDataMissing(BackofficeError, LookupError):
    """A calendar question needs holiday data for a year the calendar was not given.

    Attributes:
        year: The year that is not covered.
        covered: The years that are covered.
    """

    def __init__(self, year: int, covered: frozenset[int]) -> None:
        span = f"{min(covered)}-{max(covered)}" if covered else "none"
        super().__init__(
            f"no holiday data for {year} (covered years: {span}); build the holidays source "
            f"with years that include {year}"
        )
        self.year = year
        self.covered = covered


@runtime_checkable
class HolidaySource(Protocol):
    """The part of a ``holidays.HolidayBase`` object the calendar reads."""

    years: set[int]

    def __contains__(self, key: object) -> bool: ...

    def __iter__(self) -> Iterator[date]: ...


def _dates(values: Iterable[date], field: str) -> frozenset[date]:
    result = frozenset(values)
    for value in result:
        if not isinstance(value, date):
            raise ValidationError(f"{field} must hold dates, got {value!r}", field=field)
    return result


@attrs.frozen
class DayRules:
    """The shifts of any given date, from weekly hours, holidays and make-up days.

    Build it with :meth:`build`; the holiday source is copied, so later changes to a
    ``holidays`` object do not change the calendar.

    Attributes:
        hours: The weekly working hours.
        holidays: Dates that are not worked.
        extra_working_days: Dates worked with the make-up day hours.
        covered_years: Years for which the holiday data is complete; ``None`` means the explicit
            dates are the whole truth for every year.
    """

    hours: WorkingHours
    holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    covered_years: frozenset[int] | None = None

    @classmethod
    def build(
        cls,
        hours: WorkingHours,
        holidays: HolidaySource | Iterable[date] | None = None,
        extra_working_days: Iterable[date] = (),
        covered_years: Iterable[int] | None = None,
    ) -> DayRules:
        """Combine weekly hours with a holiday source and explicit dates.

        Args:
            hours: The weekly working hours.
            holidays: A ``holidays`` package object, or explicit holiday dates, or ``None``.
            extra_working_days: Explicit make-up working days, added to the source's own.
            covered_years: Limit the years the calendar answers for. Defaults to the years a
                ``holidays`` object was built with, or no limit for explicit dates.

        Raises:
            ValidationError: A ``holidays`` object covers no year (build it with ``years=``).
        """
        holiday_dates: frozenset[date] = frozenset()
        extra = _dates(extra_working_days, "extra_working_days")
        coverage = None if covered_years is None else frozenset(covered_years)
        if isinstance(holidays, HolidaySource):
            source_years = frozenset(holidays.years)
            if not source_years:
                raise ValidationError(
                    "the holidays object covers no year; build it with years=..., e.g. "
                    "holidays.country_holidays('CN', years=range(2024, 2028))",
                    field="holidays",
                )
            coverage = source_years if coverage is None else coverage & source_years
            holiday_dates = frozenset(d for d in holidays if d.year in source_years)
            source: Any = holidays
            workdays = getattr(source, "weekend_workdays", ())
            extra |= frozenset(d for d in workdays if d.year in source_years)
        elif holidays is not None:
            holiday_dates = _dates(holidays, "holidays")
        return cls(hours, holiday_dates, extra, coverage)

    def check_covered(self, year: int) -> None:
        """Raise :class:`HolidayDataMissing` unless ``year`` is covered."""
        if self.covered_years is not None and year not in self.covered_years:
            raise HolidayDataMissing(year, self.covered_years)

    def shifts_on(self, day: date) -> tuple[Shift, ...]:
        """The shifts worked on ``day`` (empty for a day off)."""
        if day in self.extra_working_days:
            return self.hours.makeup_shifts
        if day in self.holidays:
            return ()
        return self.hours.days[day.weekday()]

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` has any shift."""
        return bool(self.shifts_on(day))
