"""SLA targets: what must happen by when, counted on which calendar.

The seed (需求分级) grades requests and gives each grade its times: urgent requests are
responded to within 2 hours and dealt with within 4; important ones within 24 and 48 hours;
routine ones within 3 and 5 working days; and every request is reviewed within 1 working day
(需求初审). Each of those is an :class:`SlaTarget`: a *metric* (review, response, resolution,
incident report), a duration (working time such as ``2 h``, or a number of working days), the
*name* of the calendar it counts on (resolved in a calendar registry), and the percentages of
the time at which to warn (50 % and 75 % by default).

When each metric's clock starts and stops is data too (see
:mod:`~backoffice.domain.requests.metrics`).

"N working days" targets end at the close of business of the N-th working day after the start
(:meth:`~backoffice.calendar.BusinessCalendar.add_working_days`); their *target working time*
is the working time from the start to that close, and that is what pauses give back.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Final, TypeAlias

import attrs

from backoffice.calendar import BusinessCalendar, UnknownCalendar, WorkingCalendar
from backoffice.domain.requests.calendar_names import UnresolvedCalendar, calendar_name
from backoffice.domain.requests.errors import UnknownMetric
from backoffice.domain.requests.lifecycle import RequestAction
from backoffice.domain.requests.metrics import (
    CLOCK_PAUSING,
    CLOCK_RESUMING,
    METRIC_TRIGGERS,
    MetricTriggers,
    SlaMetric,
)
from backoffice.errors import ValidationError
from backoffice.values import Percent

__all__ = [
    "CLOCK_PAUSING",
    "CLOCK_RESUMING",
    "DEFAULT_WARNINGS",
    "METRIC_TRIGGERS",
    "MetricTriggers",
    "SlaDeadline",
    "SlaMetric",
    "SlaTarget",
    "SlaTargets",
]

_ZERO: Final = timedelta(0)


#: Warn when half and when three quarters of the time are used.
DEFAULT_WARNINGS: Final = (Percent(50), Percent(75))


def _warnings(values: Iterable[Percent | int | str]) -> tuple[Percent, ...]:
    result = tuple(v if isinstance(v, Percent) else Percent(v) for v in values)
    if any(not 0 < p.value < 100 for p in result) or list(result) != sorted(set(result)):
        raise ValidationError(
            f"warning thresholds must be increasing percentages between 0 and 100, got "
            f"{[str(p) for p in result]}",
            field="warnings",
        )
    return result


def _describe_time(value: timedelta) -> str:
    minutes, seconds = divmod(int(value.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
    parts.append(f"{seconds} s" if seconds or not any(parts) else "")
    return " ".join(p for p in parts if p)


def resolve_calendar(calendars: Mapping[str, WorkingCalendar], name: str) -> WorkingCalendar:
    """The calendar called ``name`` in ``calendars``.

    Raises:
        UnknownCalendar: ``calendars`` has no calendar of that name.
    """
    try:
        return calendars[name]
    except (KeyError, TypeError):
        raise UnknownCalendar(name, tuple(map(str, calendars))) from None


@attrs.frozen
class SlaTarget:
    """One SLA target: a metric, its time allowance, its calendar's name and its warnings.

    A target is plain data: it names its calendar (``"24x7"``, ``"office"``) and a
    :class:`~backoffice.calendar.CalendarRegistry` (or any mapping of names to calendars)
    resolves the name. Build one with :meth:`within` (working time) or
    :meth:`within_working_days`, giving ``calendars=`` to resolve it at once; a target read
    back from storage is resolved by :meth:`resolved` (replay does it for you).

    Attributes:
        metric: What is measured.
        calendar: The name of the calendar the time counts on (``"24x7"`` for the seed's hour
            targets, the office calendar's name for working days).
        working_time: The allowance as working time, or ``None`` for a working-days target.
        working_days: The allowance in working days, or ``None`` for a working-time target.
        warnings: Percentages of the allowance at which to warn, increasing, each in (0, 100).
        working_calendar: The calendar itself, once resolved (not part of the value: two
            targets that differ only here are equal, and it is never stored).

    Example:
        >>> from backoffice.calendar import BusinessCalendar
        >>> calendars = {"24x7": BusinessCalendar.always()}
        >>> SlaTarget.within(SlaMetric.RESPONSE, timedelta(hours=2), "24x7", calendars=calendars)
        SlaTarget(respond 2 h on '24x7', warn at 50 %, 75 %)
    """

    metric: SlaMetric = attrs.field(converter=SlaMetric)
    calendar: str = attrs.field(converter=calendar_name)
    working_time: timedelta | None = None
    working_days: int | None = None
    warnings: tuple[Percent, ...] = attrs.field(default=DEFAULT_WARNINGS, converter=_warnings)
    #: The resolved calendar (see :meth:`resolved`); a stand-in that refuses every question
    #: until then.
    working_calendar: WorkingCalendar = attrs.field(init=False, eq=False, hash=False, repr=False)
    _fractions: tuple[tuple[int, int], ...] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    #: The metric's triggers as tuples (checked on every step: a tuple scan by identity is
    #: cheaper than hashing an enum).
    starts_on: RequestAction = attrs.field(init=False, repr=False, eq=False, hash=False)
    stops_on: tuple[RequestAction, ...] = attrs.field(init=False, repr=False, eq=False, hash=False)
    reopens_on: tuple[RequestAction, ...] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    #: For a working-time target, the working time at which each warning is reached (worked
    #: out once: every clock started on the target needs the first); empty for working days,
    #: whose target time depends on the start.
    warning_times: tuple[timedelta, ...] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        time, days = self.working_time, self.working_days
        if (time is None) == (days is None):
            raise ValidationError(
                "give an SLA target either a working time or a number of working days",
                field="working_time",
            )
        if time is not None and (not isinstance(time, timedelta) or time <= _ZERO):
            raise ValidationError(
                f"an SLA working time must be a positive timedelta, got {time!r}",
                field="working_time",
                value=time,
            )
        if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 1):
            raise ValidationError(
                f"working days must be a whole number >= 1, got {days!r}",
                field="working_days",
                value=days,
            )
        fractions = []
        for percent in self.warnings:
            # In lowest terms (50 % is 1/2): the same rounded-up answers, and a numerator of 1
            # saves a timedelta multiplication in :meth:`warning_time`.
            ratio = Fraction(percent.value) / 100
            fractions.append((ratio.numerator, ratio.denominator))
        object.__setattr__(self, "_fractions", tuple(fractions))
        object.__setattr__(self, "working_calendar", UnresolvedCalendar(self.calendar))
        times = (
            () if time is None else tuple(self.warning_time(i, time) for i in range(len(fractions)))
        )
        object.__setattr__(self, "warning_times", times)
        triggers = METRIC_TRIGGERS[self.metric]
        object.__setattr__(self, "starts_on", triggers.starts_on)
        object.__setattr__(self, "stops_on", tuple(triggers.stops_on))
        object.__setattr__(self, "reopens_on", tuple(triggers.reopens_on))

    @classmethod
    def within(
        cls,
        metric: SlaMetric,
        working_time: timedelta,
        calendar: str,
        *,
        warnings: Iterable[Percent | int | str] = DEFAULT_WARNINGS,
        calendars: Mapping[str, WorkingCalendar] | None = None,
    ) -> SlaTarget:
        """A target of ``working_time`` counted on the calendar named ``calendar``.

        ("respond within 2 h"); resolved in ``calendars`` if given.

        Raises:
            UnknownCalendar: ``calendars`` has no calendar named ``calendar``.
        """
        target = cls(metric, calendar, working_time=working_time, warnings=tuple(warnings))
        return target if calendars is None else target.resolved(calendars)

    @classmethod
    def within_working_days(
        cls,
        metric: SlaMetric,
        days: int,
        calendar: str,
        *,
        warnings: Iterable[Percent | int | str] = DEFAULT_WARNINGS,
        calendars: Mapping[str, WorkingCalendar] | None = None,
    ) -> SlaTarget:
        """A target of ``days`` working days on the calendar named ``calendar``.

        ("complete within 5 working days"); resolved in ``calendars`` if given.

        Raises:
            UnknownCalendar: ``calendars`` has no calendar named ``calendar``.
        """
        target = cls(metric, calendar, working_days=days, warnings=tuple(warnings))
        return target if calendars is None else target.resolved(calendars)

    def resolved(self, calendars: Mapping[str, WorkingCalendar]) -> SlaTarget:
        """This target counting on the calendar its name has in ``calendars`` (equal to it).

        Raises:
            UnknownCalendar: ``calendars`` has no calendar of the target's name.
        """
        calendar = resolve_calendar(calendars, self.calendar)
        if self.working_calendar is calendar:
            return self
        target = copy.copy(self)
        object.__setattr__(target, "working_calendar", calendar)
        return target

    @property
    def is_resolved(self) -> bool:
        """Whether the target's calendar is resolved (it can compute deadlines)."""
        return self.working_calendar.__class__ is not UnresolvedCalendar

    def deadline(self, start: datetime) -> tuple[datetime, timedelta]:
        """The due instant and the target working time for a clock started at ``start``.

        Raises:
            UnknownCalendar: The target's calendar is not resolved.
        """
        if self.working_time is not None:
            due = self.working_calendar.add_working_time(start, self.working_time)
            return due, self.working_time
        calendar, days = self.working_calendar, self.working_days
        if calendar.__class__ is BusinessCalendar:  # both answers in one pass over its table
            return calendar.working_days_deadline(start, days)  # type: ignore[arg-type]
        due = calendar.add_working_days(start, days)  # type: ignore[arg-type]
        return due, calendar.working_time_between(start, due)

    def warning_time(self, level: int, target_time: timedelta) -> timedelta:
        """Working time at which warning number ``level`` (0 = first) is reached."""
        numerator, denominator = self._fractions[level]
        if numerator == 1:  # 50 %, 25 %, ...: one timedelta operation fewer
            return -(-target_time // denominator)  # rounded up to the microsecond
        return -((-target_time * numerator) // denominator)

    def describe(self) -> str:
        """The target in words: ``"respond 2 h"``, ``"resolve 5 working days"``."""
        if self.working_days is not None:
            unit = "working day" if self.working_days == 1 else "working days"
            return f"{self.metric.verb} {self.working_days} {unit}"
        return f"{self.metric.verb} {_describe_time(self.working_time or _ZERO)}"

    def __repr__(self) -> str:
        warnings = ", ".join(str(p) for p in self.warnings) or "none"
        return f"SlaTarget({self.describe()} on {self.calendar!r}, warn at {warnings})"


def _targets(values: Iterable[SlaTarget]) -> tuple[SlaTarget, ...]:
    result = tuple(values)
    metrics = [t.metric for t in result]
    if len(set(metrics)) != len(metrics):
        raise ValidationError(
            f"one target per metric, got {[m.value for m in metrics]}", field="targets"
        )
    return result


@attrs.frozen
class SlaTargets:
    """The set of targets an SLA policy gives a request; at most one per metric.

    Attributes:
        targets: The targets, in the policy's order.
    """

    targets: tuple[SlaTarget, ...] = attrs.field(converter=_targets)
    #: The tuples :meth:`following` handed out, by (identity of the earlier clock's target,
    #: step), so that every request graded with these targets shares one.
    _followed: dict[tuple[int, RequestAction], tuple[SlaTarget, ...]] = attrs.field(
        init=False, factory=dict, eq=False, hash=False, repr=False
    )

    def following(
        self, earlier: tuple[SlaTarget, ...], action: RequestAction
    ) -> tuple[SlaTarget, ...]:
        """``earlier`` and then the targets whose clocks start on ``action`` and are not in it.

        The targets of a request's clocks once ``action`` has started the new ones. A tuple
        holding targets is one more object Python's garbage collector tracks for as long as
        the request lives; for the usual case, one earlier clock (the review), the answer is
        kept and the same tuple shared by every request that takes this step with the same
        earlier target (a device for the collector, like ``clockstate``).
        """
        key = (id(earlier[0]), action) if len(earlier) == 1 else None
        if key is not None:
            shared = self._followed.get(key)
            if shared is not None and shared[0] is earlier[0]:  # (it keeps that id taken)
                return shared
        metrics = [target.metric for target in earlier]
        joined = (
            *earlier,
            *(t for t in self.targets if t.starts_on is action and t.metric not in metrics),
        )
        if key is not None:
            self._followed[key] = joined
        return joined

    def __getitem__(self, metric: SlaMetric) -> SlaTarget:
        for target in self.targets:
            if target.metric is metric:
                return target
        raise UnknownMetric(metric, "this target set")

    def get(self, metric: SlaMetric) -> SlaTarget | None:
        """The target for ``metric``, or ``None``."""
        return next((t for t in self.targets if t.metric is metric), None)

    def __contains__(self, metric: object) -> bool:
        return any(t.metric is metric for t in self.targets)

    def __iter__(self) -> Iterator[SlaTarget]:
        return iter(self.targets)

    def __len__(self) -> int:
        return len(self.targets)

    @property
    def metrics(self) -> tuple[SlaMetric, ...]:
        """The metrics, in order."""
        return tuple(t.metric for t in self.targets)

    def describe(self) -> str:
        """All targets in words: ``"respond 2 h / resolve 4 h"``."""
        return " / ".join(t.describe() for t in self.targets)

    @property
    def calendar_names(self) -> tuple[str, ...]:
        """The names of the calendars the targets count on, each once, in order."""
        return tuple(dict.fromkeys(t.calendar for t in self.targets))

    def resolved(self, calendars: Mapping[str, WorkingCalendar]) -> SlaTargets:
        """These targets with their calendars resolved in ``calendars`` (equal to them).

        Raises:
            UnknownCalendar: A target's calendar is not in ``calendars``.
        """
        resolved = tuple(t.resolved(calendars) for t in self.targets)
        if all(new is old for new, old in zip(resolved, self.targets, strict=True)):
            return self
        return SlaTargets(resolved)


#: The deadline of a clock a step started, as the step computed it:
#: ``(metric, due_at, target_time)``, the metric's value (``"response"``), the instant its
#: allowance runs out if it keeps running, and the working time allowed (for working days, the
#: working time from the start to the due close of business). Events that start clocks carry
#: one per clock (``deadlines``), and replaying the event restarts the clock with these figures
#: rather than computing them again, so a calendar edited later (a holiday added) never moves a
#: deadline already given. A plain tuple of a string, an instant and a duration: the garbage
#: collector stops tracking it, so events waiting in an outbox cost it nothing more to walk
#: (see :mod:`~backoffice.domain.requests.clockstate`).
SlaDeadline: TypeAlias = tuple[str, datetime, timedelta]
