"""The interval table behind a business calendar.

All working time of the loaded years is laid out on one time line, as offsets
(:class:`~datetime.timedelta`) from the Unix epoch (UTC), in sorted, non-overlapping intervals
``[starts[i], ends[i])`` with
``cum[i]``, the working time before interval ``i`` (``cum`` has one more entry: the total),
and ``base[i] = starts[i] - cum[i]``. The working time *counted up to* an instant ``x`` inside
interval ``i`` (found by :func:`bisect.bisect_right`) is ``x - base[i]``, or ``cum[i + 1]`` if
``x`` is past the interval's end; the instant at which working time ``w`` has been counted is
``base[j] + w`` for the interval ``j`` found by bisecting ``cum``. Every query is at most two
binary searches: O(log n), whatever the distance.

The table is built a year at a time (local calendar years of the calendar's time zone) as
queries reach beyond it: forward by appending, backward by rebuilding. Working days are kept
alongside (their local date ordinals and closing instants) for "N working days" deadlines.

Offsets are ``timedelta`` rather than integer microseconds on purpose: converting a datetime to
a ``timedelta`` since the epoch, comparing and adding ``timedelta`` objects all stay in C, while
integer conversion costs more than the whole lookup (measured in
``benchmarks/business_calendar.py``).
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Final

from backoffice.calendar.days import DayRules
from backoffice.errors import BackofficeError
from backoffice.values.instant import EPOCH

__all__ = ["IntervalTable", "NoWorkingTime", "since_epoch"]

_ZERO: Final = timedelta(0)
#: How many empty years a search for working time may load before giving up.
_MAX_EMPTY_YEARS: Final = 20
_MIN_YEAR: Final = 2
_MAX_YEAR: Final = 9998


class NoWorkingTime(BackofficeError, LookupError):
    """The calendar has no working time where a query needs some (e.g. a year of holidays)."""


def since_epoch(instant: datetime) -> timedelta:
    """An aware instant as its offset from the Unix epoch."""
    return instant - EPOCH


class IntervalTable:
    """Sorted working intervals with cumulative working time; extended lazily by year.

    Internal to :class:`~backoffice.calendar.BusinessCalendar`, which reads the lists directly
    on its hot path. Attributes are plain sorted lists so that :mod:`bisect` works on them.
    """

    __slots__ = (
        "base",
        "cum",
        "day_close",
        "day_ordinals",
        "ends",
        "first_year",
        "hi",
        "last_year",
        "lo",
        "rules",
        "starts",
        "tz",
    )

    def __init__(self, rules: DayRules, tz: tzinfo) -> None:
        self.rules = rules
        self.tz = tz
        self.starts: list[timedelta] = []
        self.ends: list[timedelta] = []
        self.cum: list[timedelta] = [_ZERO]
        self.base: list[timedelta] = []
        self.day_ordinals: list[int] = []
        self.day_close: list[timedelta] = []
        self.first_year = 0
        self.last_year = -1
        # An empty table: every instant is outside [lo, hi).
        self.lo = timedelta.max
        self.hi = timedelta.min

    # -- building ---------------------------------------------------------------------------

    def _midnight(self, day: date) -> timedelta:
        return since_epoch(datetime.combine(day, time(0), self.tz))

    def _year_intervals(
        self, year: int
    ) -> tuple[list[tuple[timedelta, timedelta]], list[tuple[int, timedelta]]]:
        """Intervals and (ordinal, closing instant) of each working day of local ``year``."""
        self.rules.check_covered(year)
        intervals: list[tuple[timedelta, timedelta]] = []
        days: list[tuple[int, timedelta]] = []
        tz = self.tz
        day = date(year, 1, 1)
        one_day = timedelta(days=1)
        while day.year == year:
            shifts = self.rules.shifts_on(day)
            if shifts:
                midnight = datetime.combine(day, time(0), tz)
                # Wall-clock arithmetic: midnight + 9 h is 09:00 local, whatever DST does.
                pairs = [
                    (since_epoch(midnight + s.start), since_epoch(midnight + s.end)) for s in shifts
                ]
                intervals.extend((a, b) for a, b in pairs if b > a)
                days.append((day.toordinal(), pairs[-1][1]))
            day += one_day
        return intervals, days

    def _append(
        self,
        intervals: list[tuple[timedelta, timedelta]],
        days: list[tuple[int, timedelta]],
    ) -> None:
        starts, ends, cum, base = self.starts, self.ends, self.cum, self.base
        for a, b in sorted(intervals):
            if ends and a <= ends[-1]:
                # Touching or overlapping (midnight in a 24x7 calendar, overnight shifts).
                if b > ends[-1]:
                    cum[-1] += b - ends[-1]
                    ends[-1] = b
                continue
            starts.append(a)
            ends.append(b)
            base.append(a - cum[-1])
            cum.append(cum[-1] + b - a)
        for ordinal, own_close in days:
            # A day whose shifts lie inside the previous day's overnight shift closes with it:
            # the N-th working day never closes before the (N-1)-th.
            previous = self.day_close[-1] if self.day_close else own_close
            self.day_ordinals.append(ordinal)
            self.day_close.append(max(own_close, previous))

    def _load(self, first_year: int, last_year: int) -> None:
        """(Re)build the table for local years ``first_year`` to ``last_year`` inclusive."""
        if first_year < _MIN_YEAR or last_year > _MAX_YEAR:
            raise NoWorkingTime(f"the calendar reaches beyond the years {_MIN_YEAR}-{_MAX_YEAR}")
        built = [self._year_intervals(year) for year in range(first_year, last_year + 1)]
        # Cleared in place: the calendar's hot path holds on to these very lists.
        for column in (self.starts, self.ends, self.base, self.day_ordinals, self.day_close):
            column.clear()
        self.cum[:] = [_ZERO]
        for intervals, days in built:
            self._append(intervals, days)
        self.first_year, self.last_year = first_year, last_year
        self._set_bounds()

    def _set_bounds(self) -> None:
        self.lo = self._midnight(date(self.first_year, 1, 1)) + self.rules.hours.spill
        self.hi = self._midnight(date(self.last_year + 1, 1, 1))

    def _append_year(self) -> None:
        year = self.last_year + 1
        if year > _MAX_YEAR:
            raise NoWorkingTime(f"the calendar reaches beyond the year {_MAX_YEAR}")
        intervals, days = self._year_intervals(year)
        self._append(intervals, days)
        self.last_year = year
        self._set_bounds()

    def cover(self, x: timedelta) -> None:
        """Load years until instant ``x`` lies in ``[lo, hi)``."""
        if self.hi < self.lo:
            year = (EPOCH + x).astimezone(self.tz).year
            self._load(year, year)
        if x < self.lo:
            year = (EPOCH + x).astimezone(self.tz).year
            # An instant in the small hours of 1 January may lie in the overnight shift of
            # 31 December: only then is the year before needed too.
            spill_end = self._midnight(date(year, 1, 1)) + self.rules.hours.spill
            first = year - 1 if x < spill_end else year
            self._load(min(first, self.first_year - 1), self.last_year)
        if x >= self.hi:
            # The year asked about is the one to name if its holidays are missing, not the
            # first of the years in between (a 2031 question on a table loaded up to 2025).
            self.rules.check_covered((EPOCH + x).astimezone(self.tz).year)
        while x >= self.hi:
            self._append_year()

    def cover_work(self, target: timedelta) -> None:
        """Load years forward until at least ``target`` working time is counted."""
        empty = 0
        while self.cum[-1] < target:
            before = self.cum[-1]
            self._append_year()
            empty = empty + 1 if self.cum[-1] == before else 0
            if empty > _MAX_EMPTY_YEARS:
                raise NoWorkingTime(
                    f"no working time in {_MAX_EMPTY_YEARS} consecutive years after "
                    f"{self.last_year - _MAX_EMPTY_YEARS}"
                )

    def cover_days(self, index: int) -> None:
        """Load years forward until working day number ``index`` (0-based) is known."""
        empty = 0
        while len(self.day_ordinals) <= index:
            before = len(self.day_ordinals)
            self._append_year()
            empty = empty + 1 if len(self.day_ordinals) == before else 0
            if empty > _MAX_EMPTY_YEARS:
                raise NoWorkingTime(f"no working day in {_MAX_EMPTY_YEARS} consecutive years")

    # -- queries (the caller has called cover(x) first) ---------------------------------------

    def worked_until(self, x: timedelta) -> timedelta:
        """Working time counted from the table's start up to instant ``x``."""
        i = bisect_right(self.starts, x) - 1
        if i < 0:
            return _ZERO
        return x - self.base[i] if x < self.ends[i] else self.cum[i + 1]
