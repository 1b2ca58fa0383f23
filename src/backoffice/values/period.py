"""Periods: named date ranges (a month, a quarter, a fiscal year, or any custom range).

Budgets are phased by month, reports run per quarter, KPIs per year. A :class:`Period` is an
inclusive range of calendar dates, ``start`` to ``end``, both days included, the way the
business says "1 January to 31 December".
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterator
from datetime import date, timedelta

import attrs

from backoffice.errors import ValidationError

__all__ = ["Period"]


@attrs.frozen(order=True)
class Period:
    """An inclusive range of dates.

    Attributes:
        start: First day of the period.
        end: Last day of the period (included); not before ``start``.

    Example:
        >>> Period.quarter(2025, 4).months()[0]
        Period(start=datetime.date(2025, 10, 1), end=datetime.date(2025, 10, 31))
        >>> date(2025, 2, 28) in Period.month(2025, 2)
        True
    """

    start: date
    end: date

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                f"a period cannot end ({self.end}) before it starts ({self.start})",
                field="end",
                value=self.end,
            )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month ``month`` (1-12) of ``year``."""
        if not 1 <= month <= 12:
            raise ValidationError(f"month must be 1-12, got {month}", field="month", value=month)
        last = _calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """The calendar quarter ``quarter`` (1-4) of ``year``."""
        if not 1 <= quarter <= 4:
            raise ValidationError(
                f"quarter must be 1-4, got {quarter}", field="quarter", value=quarter
            )
        first = cls.month(year, 3 * quarter - 2)
        last = cls.month(year, 3 * quarter)
        return cls(first.start, last.end)

    @classmethod
    def year(cls, year: int, *, start_month: int = 1) -> Period:
        """A twelve-month (fiscal) year starting on the first of ``start_month`` of ``year``."""
        first = cls.month(year, start_month)
        end_year, end_month = (year, 12) if start_month == 1 else (year + 1, start_month - 1)
        return cls(first.start, cls.month(end_year, end_month).end)

    @classmethod
    def containing_month(cls, day: date) -> Period:
        """The calendar month that contains ``day``."""
        return cls.month(day.year, day.month)

    @property
    def days(self) -> int:
        """Number of days in the period, both ends included."""
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __iter__(self) -> Iterator[date]:
        day = self.start
        while day <= self.end:
            yield day
            day += timedelta(days=1)

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def months(self) -> list[Period]:
        """The calendar months this period touches, clipped to the period, in order."""
        result: list[Period] = []
        year, month = self.start.year, self.start.month
        while date(year, month, 1) <= self.end:
            whole = Period.month(year, month)
            result.append(Period(max(whole.start, self.start), min(whole.end, self.end)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result
