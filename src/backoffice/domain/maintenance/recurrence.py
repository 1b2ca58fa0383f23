"""Recurrence rules of maintenance plans, on :mod:`dateutil.rrule`, always with a start date.

A :class:`Recurrence` is plain data (it is copied into the plan's events): a frequency and an
interval (every 10 days, every 2 weeks, every 3 months, every 2 years), optionally narrowed to
weekdays (the first Monday: ``weekdays=(0,), nth=1``), days of the month (half-monthly:
``month_days=(1, 15)``) and months (a seasonal window: ``months=(5, 6, 7, 8, 9)`` for the
cooling season, ``months=(4,)`` for "air conditioning before summer").

Every rule is built with an explicit ``dtstart`` (dateutil would otherwise read the wall clock),
and the defaults dateutil takes from ``dtstart`` (its weekday, day and month) are taken from the
plan's start date and written out, so a rule rebuilt from any later occurrence gives the same
dates. A monthly (or single-month yearly) rule started on the 29th, 30th or 31st falls on the
last day of a shorter month, where plain dateutil would skip that month (every month from
31 January: 28 February, 31 March, 30 April, ...).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Final, Literal

import attrs
from dateutil import rrule
from dateutil.relativedelta import relativedelta

from backoffice.domain.maintenance.kinds import Frequency
from backoffice.errors import ValidationError

__all__ = ["Recurrence"]

_FREQ: Final[dict[Frequency, Literal[0, 1, 2, 3, 4, 5, 6]]] = {
    Frequency.DAILY: rrule.DAILY,
    Frequency.WEEKLY: rrule.WEEKLY,
    Frequency.MONTHLY: rrule.MONTHLY,
    Frequency.YEARLY: rrule.YEARLY,
}
#: The fewest days a month has: a rule from a later day falls on a shorter month's last day.
_SHORTEST_MONTH: Final = 28
_WEEKDAYS: Final = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
_STEP: Final = {
    Frequency.DAILY: "days",
    Frequency.WEEKLY: "weeks",
    Frequency.MONTHLY: "months",
    Frequency.YEARLY: "years",
}
_WORDS: Final = {
    "day": Frequency.DAILY,
    "days": Frequency.DAILY,
    "week": Frequency.WEEKLY,
    "weeks": Frequency.WEEKLY,
    "month": Frequency.MONTHLY,
    "months": Frequency.MONTHLY,
    "year": Frequency.YEARLY,
    "years": Frequency.YEARLY,
}


def _check_ints(values: object, low: int, high: int, field: str) -> tuple[int, ...]:
    if isinstance(values, int):
        values = (values,)
    if not isinstance(values, tuple | list | set | frozenset | range):
        raise ValidationError(f"{field} must be a tuple of whole numbers", field=field)
    items = tuple(values)
    for item in items:
        whole = isinstance(item, int) and not isinstance(item, bool)
        if not whole or not low <= item <= high or (item == 0 and low < 0):
            raise ValidationError(f"{field} holds {low}..{high}, got {item!r}", field=field)
    return tuple(sorted(set(items)))


def _weekdays(values: object) -> tuple[int, ...]:
    return _check_ints(values, 0, 6, "weekdays")


def _month_days(values: object) -> tuple[int, ...]:
    return _check_ints(values, -31, 31, "month_days")


def _months(values: object) -> tuple[int, ...]:
    return _check_ints(values, 1, 12, "months")


def _frequency(value: object) -> Frequency:
    if isinstance(value, Frequency):
        return value
    word = str(value).strip().lower()
    found = _WORDS.get(word) or next((f for f in Frequency if f.value == word), None)
    if found is None:
        valid = ", ".join(f.value for f in Frequency)
        raise ValidationError(f"frequency must be one of {valid}; got {value!r}", field="frequency")
    return found


def _interval(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(
            f"interval must be a whole number >= 1, got {value!r}", field="interval"
        )
    return value


def _nth(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value == 0 or not -5 <= value <= 5:
        raise ValidationError(f"nth is 1..5 or -1..-5 (last), got {value!r}", field="nth")
    return value


@attrs.frozen(kw_only=True)
class Recurrence:
    """When a plan repeats.

    Attributes:
        frequency: Daily, weekly, monthly or yearly.
        interval: Every how many of them (1 = every one).
        weekdays: Weekdays it falls on (0 = Monday ... 6 = Sunday); none = any.
        nth: With weekdays, which one in the month (or year): 1 = first, -1 = last.
        month_days: Days of the month it falls on (-1 = the last day); none = any.
        months: Months it falls in (1..12): a seasonal window; none = all.

    Example:
        >>> quarterly = Recurrence.every(3, "months")
        >>> print(*quarterly.dates(date(2025, 1, 15), date(2025, 12, 31)))
        2025-01-15 2025-04-15 2025-07-15 2025-10-15
        >>> month_end = Recurrence.every(1, "months")
        >>> print(*month_end.dates(date(2025, 1, 31), date(2025, 4, 30)))
        2025-01-31 2025-02-28 2025-03-31 2025-04-30
        >>> half = Recurrence.half_monthly()
        >>> print(*half.dates(date(2025, 2, 1), date(2025, 3, 1)))
        2025-02-01 2025-02-15 2025-03-01
    """

    frequency: Frequency = attrs.field(converter=_frequency)
    interval: int = attrs.field(default=1, converter=_interval)
    weekdays: tuple[int, ...] = attrs.field(default=(), converter=_weekdays)
    nth: int | None = attrs.field(default=None, converter=_nth)
    month_days: tuple[int, ...] = attrs.field(default=(), converter=_month_days)
    months: tuple[int, ...] = attrs.field(default=(), converter=_months)

    def __attrs_post_init__(self) -> None:
        if self.nth is not None and not self.weekdays:
            raise ValidationError("nth needs weekdays (the first Monday, ...)", field="nth")

    @classmethod
    def every(cls, interval: int, unit: str) -> Recurrence:
        """Every ``interval`` days, weeks, months or years (``Recurrence.every(10, "days")``)."""
        return cls(frequency=_frequency(unit), interval=interval)

    @classmethod
    def half_monthly(cls) -> Recurrence:
        """Twice a month, on the 1st and the 15th (半月)."""
        return cls(frequency=Frequency.MONTHLY, month_days=(1, 15))

    @classmethod
    def nth_weekday(cls, nth: int, weekday: int, *, every_months: int = 1) -> Recurrence:
        """The ``nth`` ``weekday`` of every ``every_months`` months (the last Friday: -1, 4)."""
        return cls(frequency=Frequency.MONTHLY, interval=every_months, weekdays=(weekday,), nth=nth)

    def within_months(self, *months: int) -> Recurrence:
        """The same rule, kept to a seasonal window of ``months``."""
        return attrs.evolve(self, months=months)

    @property
    def step(self) -> relativedelta:
        """One interval as a calendar step (3 months, 2 weeks, ...)."""
        return relativedelta(**{_STEP[self.frequency]: self.interval})  # type: ignore[arg-type]

    @property
    def narrowed(self) -> bool:
        """Whether the rule is narrowed to weekdays, days of the month or months."""
        return bool(self.weekdays or self.month_days or self.months)

    def rule(self, dtstart: date, *, defaults_from: date | None = None) -> rrule.rrule:
        """The :class:`dateutil.rrule.rrule` from ``dtstart`` (given explicitly: no clock).

        Args:
            dtstart: Where the rule starts (the first date it may give).
            defaults_from: The date whose weekday, day and month fill what the rule leaves
                open (the plan's start); ``dtstart`` if not given.
        """
        origin = defaults_from or dtstart
        weekdays: list[rrule.weekday] | None = None
        if self.weekdays:
            days = [_WEEKDAYS[d] for d in self.weekdays]
            weekdays = [d(self.nth) for d in days] if self.nth is not None else days
        month_days: tuple[int, ...] | None = self.month_days or None
        months: tuple[int, ...] | None = self.months or None
        last_of_set: int | None = None
        if self.frequency is Frequency.YEARLY and not self.months and self.nth is None:
            months = (origin.month,)
        if not self.weekdays and not self.month_days:
            if self.frequency is Frequency.WEEKLY:
                weekdays = [_WEEKDAYS[origin.weekday()]]
            elif self.frequency in (Frequency.MONTHLY, Frequency.YEARLY):
                month_days = (origin.day,)
                one_month = self.frequency is Frequency.MONTHLY or len(months or ()) == 1
                if origin.day > _SHORTEST_MONTH and one_month:
                    # From the 29th-31st, a shorter month's last day, never a skipped month.
                    month_days, last_of_set = tuple(range(_SHORTEST_MONTH, origin.day + 1)), -1
        return rrule.rrule(
            _FREQ[self.frequency],
            dtstart=datetime.combine(dtstart, time()),
            interval=self.interval,
            byweekday=weekdays,
            bymonthday=month_days,
            bymonth=months,
            bysetpos=last_of_set,
            cache=False,
        )

    def dates(
        self, dtstart: date, until: date, *, defaults_from: date | None = None
    ) -> Iterator[date]:
        """The dates of the rule from ``dtstart`` up to ``until`` (both included)."""
        last = datetime.combine(until, time())
        for moment in self.rule(dtstart, defaults_from=defaults_from):
            if moment > last:
                return
            yield moment.date()

    def next_after_completion(self, done_on: date) -> date:
        """The next date counted from a completion on ``done_on``.

        One interval after ``done_on``; a narrowed rule then takes its first date on or after
        that (the next first Monday, the next date in the season). That search goes month by
        month (or day by day, week by week, year by year), not by the rule's interval: the
        interval was counted once already, and counting it again from a new start could miss
        the season altogether (every 2 months from April never meets January).
        """
        base = done_on + self.step
        if not self.narrowed:
            return base
        for moment in attrs.evolve(self, interval=1).rule(base, defaults_from=base):
            return moment.date()
        raise ValidationError("the recurrence gives no date after a completion", field="recurrence")
