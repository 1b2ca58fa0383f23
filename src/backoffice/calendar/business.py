"""The business calendar: working-time arithmetic for SLA deadlines.

"Respond within 2 hours", "complete within 5 working days", "first review within 1 working
day": every SLA is a duration counted on some calendar. A :class:`BusinessCalendar` knows when
the office works (weekly :class:`~backoffice.calendar.hours.WorkingHours`, public holidays,
make-up working days) in one time zone, and answers:

* :meth:`~BusinessCalendar.is_working_time`: is the office working at this instant?
* :meth:`~BusinessCalendar.add_working_time`: when will this much working time have passed?
  (the deadline)
* :meth:`~BusinessCalendar.working_time_between`: how much working time lies between two
  instants? (the time used)
* :meth:`~BusinessCalendar.add_working_days`: the close of business of the N-th working day.
* :meth:`~BusinessCalendar.next_working_time`: when does work (re)start?

Conventions:

* Instants go in timezone-aware, in any zone (naive ones are refused); results come out in the
  calendar's time zone. The same instant in another zone gives the same answer.
* Working time is real elapsed time inside working intervals; daylight-saving changes neither
  create nor lose any.
* A deadline that uses up the working time exactly at a closing time *is* that closing time
  (12:00 before lunch, not 13:00 after it). Adding no time returns the start unchanged.
* ``add_working_days(t, n)`` is the close of business of the n-th working day *after* the
  local date of ``t``; the day of ``t`` itself never counts, however early ``t`` is.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, Final, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from backoffice.calendar.days import DayRules, HolidaySource
from backoffice.calendar.hours import WorkingHours
from backoffice.calendar.table import IntervalTable
from backoffice.errors import NaiveDatetimeError, ValidationError

__all__ = ["BusinessCalendar", "WorkingCalendar"]

_ZERO: Final = timedelta(0)
_RESOLUTION: Final = timedelta(microseconds=1)
_UTC_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


class WorkingCalendar(Protocol):
    """What SLA and escalation rules need of a calendar; :class:`BusinessCalendar` is one."""

    def is_working_time(self, instant: datetime) -> bool:
        """Whether ``instant`` falls in working time."""
        ...

    def add_working_time(self, start: datetime, duration: timedelta) -> datetime:
        """The instant at which ``duration`` of working time after ``start`` has passed."""
        ...

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """The working time in ``[start, end)``."""
        ...

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """Close of business of the ``days``-th working day after ``start``'s local date."""
        ...


def _zone(value: str | tzinfo) -> tzinfo:
    if isinstance(value, tzinfo):
        return value
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValidationError(
            f"unknown time zone {value!r}; use an IANA name such as 'Asia/Shanghai'",
            field="timezone",
            value=value,
        ) from None


def _not_a_datetime(value: object, field: str) -> ValidationError:
    return ValidationError(
        f"{field} must be a timezone-aware datetime, got {type(value).__name__}",
        field=field,
        value=value,
    )


def _foreign_instant(value: object, field: str) -> timedelta:
    """Offset from the epoch of an instant in a zone other than the calendar's (slow path)."""
    if not isinstance(value, datetime):
        raise _not_a_datetime(value, field)
    offset = value.utcoffset()
    if offset is None:
        raise NaiveDatetimeError(field, value)
    # Aware minus aware subtracts the instants (each less its own offset): the same as the
    # wall-clock reading less the epoch less the offset, without building a naive copy.
    return value - _UTC_EPOCH


def _duration(value: object, field: str) -> timedelta:
    if not isinstance(value, timedelta):
        raise ValidationError(
            f"{field} must be a timedelta, got {type(value).__name__}", field=field, value=value
        )
    if value < _ZERO:
        raise ValidationError(f"{field} must not be negative, got {value}", field=field)
    return value


@attrs.frozen(init=False, eq=False, repr=False)
class BusinessCalendar:
    """Working time in one time zone: weekly hours, holidays, make-up days.

    Args:
        timezone: IANA zone name (``"Asia/Shanghai"``) or a ``tzinfo``.
        working_hours: The weekly shifts; 24x7 if omitted.
        holidays: A ``holidays`` package object (its years are the years the calendar
            covers, its make-up working days are honoured) and/or explicit dates.
        extra_working_days: Explicit make-up working days (worked even on a weekend).
        covered_years: Restrict (or, for explicit dates, declare) the years the calendar
            answers for; others raise :class:`~backoffice.calendar.HolidayDataMissing`.

    Example:
        >>> from zoneinfo import ZoneInfo
        >>> cal = BusinessCalendar(
        ...     timezone="Asia/Shanghai",
        ...     working_hours=WorkingHours.weekdays("09:00-12:00", "13:00-18:00"),
        ... )
        >>> friday_4pm = datetime(2025, 3, 7, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
        >>> cal.add_working_time(friday_4pm, timedelta(hours=4)).isoformat()
        '2025-03-10T11:00:00+08:00'
    """

    timezone: tzinfo
    rules: DayRules
    _table: IntervalTable = attrs.field(init=False)
    # Midnight 1970-01-01 on the calendar zone's wall clock. Subtracting it from an instant in
    # the same zone is a plain wall-clock difference (Python ignores offsets between equal
    # tzinfos), the fastest route from a datetime to the epoch time line once the offset is
    # taken off; adding a UTC offset to it gives what ``tzinfo.fromutc`` expects, the fastest
    # route back.
    _wall_epoch: datetime = attrs.field(init=False)

    def __init__(
        self,
        timezone: str | tzinfo = "UTC",
        working_hours: WorkingHours | None = None,
        holidays: HolidaySource | Iterable[date] | None = None,
        extra_working_days: Iterable[date] = (),
        covered_years: Iterable[int] | None = None,
    ) -> None:
        rules = DayRules.build(
            working_hours if working_hours is not None else WorkingHours.always(),
            holidays,
            extra_working_days,
            covered_years,
        )
        self.__attrs_init__(_zone(timezone), rules)

    def __attrs_post_init__(self) -> None:
        if self.timezone.utcoffset(datetime(2000, 1, 1, tzinfo=self.timezone)) is None:
            raise ValidationError(
                f"time zone {self.timezone!r} gives no UTC offset", field="timezone"
            )
        object.__setattr__(self, "_table", IntervalTable(self.rules, self.timezone))
        object.__setattr__(self, "_wall_epoch", datetime(1970, 1, 1, tzinfo=self.timezone))

    @classmethod
    def always(cls, timezone: str | tzinfo = UTC) -> BusinessCalendar:
        """Round the clock, no holidays: working time is plain elapsed time."""
        return cls(timezone=timezone, working_hours=WorkingHours.always())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BusinessCalendar:
        """Build from plain data (a dict or a parsed TOML table).

        Keys: ``timezone``; ``working_hours`` (see :meth:`WorkingHours.from_dict`);
        ``holidays`` as ``{"country": "CN", "years": [2024, 2025]}`` (any ``holidays``
        country code, optional ``subdiv``); ``holiday_dates`` and ``extra_working_days``
        (ISO dates).

        Example:
            >>> cal = BusinessCalendar.from_dict({
            ...     "timezone": "Asia/Shanghai",
            ...     "working_hours": {"mon": ["09:00-17:30"], "tue": ["09:00-17:30"]},
            ...     "holidays": {"country": "CN", "years": [2025]},
            ... })
            >>> cal.is_working_day(date(2025, 9, 29)), cal.is_working_day(date(2025, 10, 7))
            (True, False)
        """
        import holidays as holidays_package  # noqa: PLC0415 (needed only for this constructor)

        known = {"timezone", "working_hours", "holidays", "holiday_dates", "extra_working_days"}
        unknown = set(data) - known
        if unknown:
            raise ValidationError(
                f"unknown calendar keys {sorted(unknown)}; known: {sorted(known)}", field="data"
            )
        hours_data = data.get("working_hours")
        hours = WorkingHours.from_dict(hours_data) if hours_data is not None else None
        dates = {date.fromisoformat(d) for d in data.get("holiday_dates", ())}
        source: Any = None
        if "holidays" in data:
            spec = dict(data["holidays"])
            try:
                source = holidays_package.country_holidays(
                    spec.pop("country"), years=spec.pop("years"), **spec
                )
            except (KeyError, NotImplementedError) as error:
                raise ValidationError(
                    f"holidays needs a known 'country' and 'years': {error}", field="holidays"
                ) from None
            source.update(dict.fromkeys(dates, "holiday"))
        return cls(
            timezone=data.get("timezone", "UTC"),
            working_hours=hours,
            holidays=source if source is not None else dates,
            extra_working_days=[date.fromisoformat(d) for d in data.get("extra_working_days", ())],
        )

    # -- conversions --------------------------------------------------------------------------

    def _at(self, value: datetime, field: str) -> timedelta:
        """``value`` on the epoch time line; refuses naive datetimes and non-datetimes."""
        zone = getattr(value, "tzinfo", None)
        if zone is self.timezone and isinstance(value, datetime):
            return value - self._wall_epoch - zone.utcoffset(value)  # type: ignore[operator]
        return _foreign_instant(value, field)

    def _out(self, offset: timedelta) -> datetime:
        """The instant at ``offset`` on the epoch time line, in the calendar's zone."""
        return self.timezone.fromutc(self._wall_epoch + offset)

    # -- queries ------------------------------------------------------------------------------

    def _locate(self, instant: datetime) -> tuple[timedelta, int]:
        """``instant`` on the time line, and the last interval starting at or before it."""
        x = self._at(instant, "instant")
        table = self._table
        if not table.lo <= x < table.hi:
            table.cover(x)
        return x, bisect_right(table.starts, x) - 1

    def is_working_time(self, instant: datetime) -> bool:
        """Whether the office is working at ``instant`` (opening time in, closing time out)."""
        x, i = self._locate(instant)
        return i >= 0 and x < self._table.ends[i]

    def is_working_day(self, day: date) -> bool:
        """Whether the local date ``day`` has any working time."""
        if not isinstance(day, date) or isinstance(day, datetime):
            raise ValidationError(f"day must be a date, got {day!r}", field="day", value=day)
        self.rules.check_covered(day.year)
        return self.rules.is_working_day(day)

    def next_working_time(self, instant: datetime) -> datetime:
        """``instant`` itself if it is working time, else the next opening time."""
        x, i = self._locate(instant)
        table = self._table
        if i >= 0 and x < table.ends[i]:
            return self._out(x)
        if i + 1 >= len(table.starts):
            table.cover_work(table.cum[-1] + _RESOLUTION)
        return self._out(table.starts[i + 1])

    def add_working_time(self, start: datetime, duration: timedelta) -> datetime:
        """The deadline: the instant at which ``duration`` of working time after ``start`` is used.

        Args:
            start: When the clock starts (aware; any time zone, in or out of working time).
            duration: Working time to add; not negative.

        Returns:
            The instant, in the calendar's time zone. It lies in working time or is a closing
            time; for a zero duration it is ``start``.

        Raises:
            NaiveDatetimeError: ``start`` has no time zone.
            ValidationError: ``duration`` is negative or not a timedelta.
            HolidayDataMissing: The answer needs a year the holiday data does not cover.
        """
        # The hot path of every SLA computation, kept inline; measured in benchmarks/.
        try:
            if start.tzinfo is self.timezone:
                x = start - self._wall_epoch - start.tzinfo.utcoffset(start)  # type: ignore[operator]
            else:
                x = _foreign_instant(start, "start")
        except (AttributeError, TypeError):
            x = _foreign_instant(start, "start")  # raises the library's own error
        if duration.__class__ is not timedelta or duration < _ZERO:
            duration = _duration(duration, "duration")
        table = self._table
        if not table.lo <= x < table.hi:
            table.cover(x)
        if not duration:
            return self._out(x)
        cum = table.cum
        i = bisect_right(table.starts, x) - 1
        if i < 0:
            target = duration
        else:
            target = (x - table.base[i] if x < table.ends[i] else cum[i + 1]) + duration
        if target > cum[-1]:
            table.cover_work(target)  # appends in place: cum stays the same list
        # The deadline interval j has cum[j] < target <= cum[j + 1]. It is most often the
        # start's own interval or the next one: look there before bisecting.
        if i >= 0 and target <= cum[i + 1]:
            j = i
        elif i + 2 < len(cum) and target <= cum[i + 2]:
            j = i + 1
        else:
            j = bisect_left(cum, target, i + 2 if i >= 0 else 0) - 1
        return self.timezone.fromutc(self._wall_epoch + (table.base[j] + target))

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """The working time in ``[start, end)``.

        Raises:
            ValidationError: ``end`` is before ``start``.
        """
        a = self._at(start, "start")
        b = self._at(end, "end")
        if b < a:
            raise ValidationError(
                f"end {end.isoformat()} is before start {start.isoformat()}", field="end"
            )
        table = self._table
        if not table.lo <= a < table.hi:
            table.cover(a)
        if not table.lo <= b < table.hi:
            table.cover(b)
        return table.worked_until(b) - table.worked_until(a)

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """Close of business of the ``days``-th working day after the local date of ``start``.

        The day of ``start`` never counts: a request raised on Monday (at any hour) with a
        3-working-day target is due at Thursday's closing time; one raised on Saturday, at
        Wednesday's.

        Raises:
            ValidationError: ``days`` is not a positive integer.
        """
        x = self._at(start, "start")
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise ValidationError(
                f"days must be a positive whole number, got {days!r}", field="days", value=days
            )
        table = self._table
        if not table.lo <= x < table.hi:
            table.cover(x)
        local_day = self._out(x).toordinal()
        index = bisect_right(table.day_ordinals, local_day) + days - 1
        if index >= len(table.day_ordinals):
            table.cover_days(index)
        return self._out(table.day_close[index])

    def working_days_deadline(self, start: datetime, days: int) -> tuple[datetime, timedelta]:
        """:meth:`add_working_days` and the working time from ``start`` to it, in one pass.

        The same answers as ``due = add_working_days(start, days)`` and
        ``working_time_between(start, due)``, with one conversion of ``start`` instead of three
        (an SLA clock on a working-days target needs both for every request).

        Raises:
            ValidationError: ``days`` is not a positive integer.
        """
        x = self._at(start, "start")
        if days.__class__ is not int or days < 1:
            return self._slow_working_days_deadline(start, days)
        table = self._table
        if not table.lo <= x < table.hi:
            table.cover(x)
        # An instant already in the calendar's zone shows the local date itself.
        local = start if start.tzinfo is self.timezone else self._out(x)
        index = bisect_right(table.day_ordinals, local.toordinal()) + days - 1
        if index >= len(table.day_ordinals):
            table.cover_days(index)
        close = table.day_close[index]
        if close < x or not table.lo <= close < table.hi:
            return self._slow_working_days_deadline(start, days)
        return self._out(close), table.worked_until(close) - table.worked_until(x)

    def _slow_working_days_deadline(self, start: datetime, days: int) -> tuple[datetime, timedelta]:
        due = self.add_working_days(start, days)
        return due, self.working_time_between(start, due)

    # -- value semantics ----------------------------------------------------------------------

    def _key(self) -> tuple[object, ...]:
        return (str(self.timezone), self.rules)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BusinessCalendar):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"BusinessCalendar(timezone={str(self.timezone)!r}, "
            f"working_hours={self.rules.hours.to_dict()!r}, "
            f"holidays={len(self.rules.holidays)} dates, "
            f"extra_working_days={len(self.rules.extra_working_days)} dates)"
        )
