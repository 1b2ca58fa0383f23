"""The depreciation period grid and the pro-rata rule for part months.

An asset depreciates over its **useful life**, from its first day of service to the same day
``useful_life_months`` later (exclusive). The schedule cuts that span at calendar period
boundaries (months, or quarters / half-years / years counted from January), so the first and
last periods can be part periods.

**Pro-rata rule.** A month in which the asset is in service for ``d`` of its ``D`` days counts
as ``d / D`` of a month (``ProRata.DAILY``, the default). A part period's charge is the
period's share of the life in those month units. With ``ProRata.FOLLOWING_MONTH`` (the rule of
Chinese accounting practice: 当月增加的固定资产当月不计提折旧, 从下月起计提) depreciation
starts on the first day of the month after the in-service date (the same day if that is the
1st), and every period is whole.
"""

from __future__ import annotations

import calendar
import enum
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

__all__ = ["ProRata", "depreciation_start", "life_end", "month_units", "next_boundary"]


class ProRata(enum.StrEnum):
    """How the first (and last) part month of an asset's life is counted."""

    DAILY = "daily"
    FOLLOWING_MONTH = "following_month"


def depreciation_start(in_service_on: date, rule: ProRata) -> date:
    """The first day that depreciates under ``rule``."""
    if rule is ProRata.FOLLOWING_MONTH and in_service_on.day != 1:
        return (in_service_on + relativedelta(months=1)).replace(day=1)
    return in_service_on


def life_end(start: date, life_months: int) -> date:
    """The first day after a life of ``life_months`` months starting on ``start``.

    Month-end starts clip (31 January + 1 month is 28/29 February), as ``relativedelta`` does.
    """
    return start + relativedelta(months=life_months)


_LONG_MONTHS = frozenset({1, 3, 5, 7, 8, 10, 12})


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return 31 if month in _LONG_MONTHS else 30


def month_units(start: date, end: date) -> Decimal:
    """The span ``[start, end)`` in month units: each day counts ``1 / days in its month``.

    Example:
        >>> month_units(date(2025, 1, 1), date(2025, 3, 1))
        Decimal('2')
        >>> month_units(date(2025, 2, 15), date(2025, 3, 1))
        Decimal('0.5')
    """
    if end <= start:
        return Decimal(0)
    if (start.year, start.month) == (end.year, end.month):
        return Decimal(end.day - start.day) / _days_in_month(start.year, start.month)
    days = _days_in_month(start.year, start.month)
    head = Decimal(days - start.day + 1) / days
    whole = (end.year - start.year) * 12 + end.month - start.month - 1
    if end.day == 1:
        return head + whole
    return head + whole + Decimal(end.day - 1) / _days_in_month(end.year, end.month)


def next_boundary(day: date, months_per_period: int) -> date:
    """The first period boundary after ``day``, periods counted from 1 January."""
    month = (day.month - 1) // months_per_period * months_per_period + 1 + months_per_period
    if month > 12:
        return date(day.year + 1, month - 12, 1)
    return date(day.year, month, 1)
