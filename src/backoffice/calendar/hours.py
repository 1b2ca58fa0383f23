"""Working hours: when the back office is staffed, weekday by weekday, in local wall-clock time.

A week has a list of *shifts* per weekday: one (``09:00-18:00``), several (a lunch break:
``09:00-12:00`` and ``13:00-18:00``) or none (the weekend). A shift whose end is not after its
start runs overnight into the next day (``22:00-06:00``, a night watch); ``24:00`` means
midnight at the end of the day. Shifts are wall-clock times: on a daylight-saving day a
``01:00-05:00`` shift is as long as the clock says it is, one hour more or less.

Make-up working days (China's 调休, a Saturday or Sunday worked in exchange for a longer
holiday) follow :attr:`WorkingHours.makeup_day`, by default the hours of the first weekday that
has any.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Final

import attrs

from backoffice.errors import ValidationError

__all__ = ["WEEKDAY_NAMES", "Shift", "WorkingHours"]

#: Weekday keys accepted by :meth:`WorkingHours.from_dict`, Monday first (``date.weekday()``).
WEEKDAY_NAMES: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_DAY: Final = timedelta(days=1)
_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@attrs.frozen(order=True)
class Shift:
    """One working interval of a day, as offsets from that day's local midnight.

    Attributes:
        start: Offset of the opening time from midnight, in ``[0, 24 h)``.
        end: Offset of the closing time; after ``start`` and at most 24 h after it. An end
            beyond 24 h is an overnight shift closing the next day.
    """

    start: timedelta
    end: timedelta

    def __attrs_post_init__(self) -> None:
        if not timedelta(0) <= self.start < _DAY:
            raise ValidationError(
                f"a shift must open between 00:00 and 23:59, got {self.start}", field="start"
            )
        if not self.start < self.end <= self.start + _DAY:
            raise ValidationError(
                f"a shift must close after it opens and within 24 hours, got {self}",
                field="end",
            )

    @classmethod
    def parse(cls, text: str) -> Shift:
        """Parse ``"HH:MM-HH:MM"``; an end not after the start means the shift runs overnight.

        Example:
            >>> Shift.parse("22:00-06:00").end
            datetime.timedelta(days=1, seconds=21600)
        """
        match = _SPAN.match(text) if isinstance(text, str) else None
        if match is None:
            raise ValidationError(
                f"a shift is written 'HH:MM-HH:MM', e.g. '09:00-12:00', got {text!r}",
                field="shift",
                value=text,
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2 != 0):
            raise ValidationError(f"{text!r} is not a valid time span", field="shift", value=text)
        start = timedelta(hours=h1, minutes=m1)
        end = timedelta(hours=h2, minutes=m2)
        if end <= start:
            end += _DAY
        return cls(start, end)

    @property
    def overnight(self) -> bool:
        """Whether the shift closes on the next day."""
        return self.end > _DAY

    def __str__(self) -> str:
        def hhmm(offset: timedelta) -> str:
            minutes = int(offset.total_seconds()) // 60
            if offset > _DAY:
                minutes -= 24 * 60
            return f"{minutes // 60:02d}:{minutes % 60:02d}"

        return f"{hhmm(self.start)}-{hhmm(self.end)}"


def _shifts(spans: Iterable[str | Shift]) -> tuple[Shift, ...]:
    shifts = sorted(s if isinstance(s, Shift) else Shift.parse(s) for s in spans)
    for before, after in itertools.pairwise(shifts):
        if after.start < before.end:
            raise ValidationError(
                f"shifts {before} and {after} overlap; list each working interval once",
                field="shifts",
            )
    return tuple(shifts)


def _week(days: Sequence[Iterable[str | Shift]]) -> tuple[tuple[Shift, ...], ...]:
    if len(days) != 7:
        raise ValidationError(f"a week has 7 days, got {len(days)}", field="days")
    return tuple(_shifts(day) for day in days)


def _optional_shifts(spans: Iterable[str | Shift] | None) -> tuple[Shift, ...] | None:
    return None if spans is None else _shifts(spans)


@attrs.frozen
class WorkingHours:
    """The weekly pattern of shifts, Monday first.

    Attributes:
        days: Seven tuples of :class:`Shift`, Monday to Sunday (``date.weekday()`` order).
        makeup_day: Shifts worked on an extra (make-up) working day; ``None`` means the hours of
            the first weekday that has any.

    Example:
        >>> hours = WorkingHours.weekdays("09:00-12:00", "13:00-18:00")
        >>> [str(s) for s in hours.days[0]], hours.days[5]
        (['09:00-12:00', '13:00-18:00'], ())
        >>> hours.weekly_total()
        datetime.timedelta(days=1, seconds=57600)
    """

    days: tuple[tuple[Shift, ...], ...] = attrs.field(converter=_week)
    makeup_day: tuple[Shift, ...] | None = attrs.field(default=None, converter=_optional_shifts)

    def __attrs_post_init__(self) -> None:
        if not any(self.days):
            raise ValidationError(
                "working hours have no shift on any weekday; a calendar needs working time",
                field="days",
            )

    @classmethod
    def weekdays(cls, *spans: str | Shift) -> WorkingHours:
        """The same shifts Monday to Friday, weekends off."""
        return cls(days=[spans] * 5 + [(), ()])

    @classmethod
    def every_day(cls, *spans: str | Shift) -> WorkingHours:
        """The same shifts on all seven days."""
        return cls(days=[spans] * 7)

    @classmethod
    def always(cls) -> WorkingHours:
        """Round the clock, every day (24x7)."""
        return cls.every_day("00:00-24:00")

    @classmethod
    def from_dict(cls, data: Mapping[str, Iterable[str]]) -> WorkingHours:
        """Build from plain data: weekday keys ``mon``..``sun`` to lists of ``"HH:MM-HH:MM"``.

        Missing weekdays are days off. An optional ``makeup`` key gives the make-up day hours.

        Example:
            >>> WorkingHours.from_dict({"mon": ["08:00-17:00"], "sat": ["09:00-12:00"]}).days[5]
            (Shift(start=datetime.timedelta(seconds=32400), end=datetime.timedelta(seconds=43200)),)
        """
        unknown = set(data) - {*WEEKDAY_NAMES, "makeup"}
        if unknown:
            raise ValidationError(
                f"unknown weekday keys {sorted(unknown)}; use {', '.join(WEEKDAY_NAMES)}",
                field="working_hours",
                value=data,
            )
        makeup = data.get("makeup")
        return cls(
            days=[tuple(data.get(name, ())) for name in WEEKDAY_NAMES],
            makeup_day=None if makeup is None else tuple(makeup),
        )

    def to_dict(self) -> dict[str, list[str]]:
        """The plain-data form accepted by :meth:`from_dict`."""
        result = {
            name: [str(s) for s in day] for name, day in zip(WEEKDAY_NAMES, self.days, strict=True)
        }
        if self.makeup_day is not None:
            result["makeup"] = [str(s) for s in self.makeup_day]
        return {key: value for key, value in result.items() if value}

    def with_day(self, weekday: int, *spans: str | Shift) -> WorkingHours:
        """A copy with ``weekday`` (0 = Monday) set to ``spans``."""
        days = list(self.days)
        days[weekday] = _shifts(spans)
        return attrs.evolve(self, days=days)

    @property
    def makeup_shifts(self) -> tuple[Shift, ...]:
        """The shifts of a make-up working day."""
        if self.makeup_day is not None:
            return self.makeup_day
        return next(day for day in self.days if day)

    @property
    def spill(self) -> timedelta:
        """How far past midnight the latest overnight shift reaches (zero if none does)."""
        ends = [s.end for day in (*self.days, self.makeup_shifts) for s in day]
        return max(max(ends) - _DAY, timedelta(0))

    def weekly_total(self) -> timedelta:
        """Working time in an ordinary week (no holidays, no DST change)."""
        return sum((s.end - s.start for day in self.days for s in day), timedelta(0))
