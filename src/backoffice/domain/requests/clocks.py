"""SLA clocks: how much of a target's time a request has used, and the verdict.

When a metric starts (see :data:`~backoffice.domain.requests.targets.METRIC_TRIGGERS`) the
request takes a snapshot of the target: the **due instant** and the **target working time**,
computed once from the start on the target's own calendar. Editing the policy later never
touches them. From then on the clock only counts:

* **elapsed** working time is counted on the target's calendar, and only while the clock runs:
  a pause from Friday 17:00 to Monday 10:00 on a Monday-to-Friday 09:00-17:00 calendar gives
  back one working hour (Monday 09:00-10:00), not 65 wall-clock hours;
* **remaining** = target - elapsed (negative once overrun), so elapsed + remaining = target;
* **resuming** moves the due instant: it becomes the instant at which the remaining working
  time is used up, counted from the resume (``calendar.add_working_time(resumed, remaining)``);
* the verdict follows the instants: a clock stopped **at or before** its due instant is
  **met**; one that ran past its due instant is **breached**, and stays breached whatever
  happens next (a pause, a tier change or a reopening never erases a breach).

Warnings (50 % and 75 % by default) and the breach are *alert levels*. The clock keeps the
instant at which its next level is crossed (:attr:`SlaClock.next_alert_at`), which moves only
when the clock starts, pauses, resumes or raises an alert, so a sweep over many requests
needs one comparison per request to see whether anything is due.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Final, NamedTuple

from backoffice.domain.requests.report import MetricReport, SlaState
from backoffice.domain.requests.targets import SlaMetric, SlaTarget
from backoffice.values import Percent

__all__ = ["SlaClock"]

_ZERO: Final = timedelta(0)
#: The smallest step of time: "after the due instant" is "at or after due + 1 microsecond".
_TICK: Final = timedelta(microseconds=1)
_HUNDREDTH: Final = Decimal("0.01")
#: A new clock's ``used``, ``stopped_at``, ``cancelled``, ``late`` and ``alerts_raised``.
_FRESH: Final = (_ZERO, None, False, False, 0)
#: Builds a clock from a tuple of its twelve fields, in order (what ``NamedTuple._make`` does).
_tuple_new: Final = tuple.__new__


class SlaClock(NamedTuple):
    """One metric's clock on one request; immutable, changed by returning a new clock.

    A ``NamedTuple`` rather than an attrs class on purpose: clocks are created on every step
    of every request and in every sweep, and a tuple is built three times faster than a frozen
    attrs instance (``benchmarks/sla.py``). Create one with :meth:`start`.

    Attributes:
        target: The target snapshot the clock measures against.
        target_time: The working time allowed (for working-day targets, the working time from
            the start to the due close of business).
        started_at: When the clock started.
        due_at: When the allowance runs out if the clock keeps running (moved by resumes).
        changed_at: When the clock last started, paused, resumed or stopped.
        running_since: Start of the current run, ``None`` while paused (for a stopped clock,
            the start of its last run, or ``None`` if it was stopped while paused).
        used: Working time counted before ``running_since``.
        stopped_at: When the clock stopped for good, else ``None``.
        cancelled: Whether it stopped because the request was cancelled.
        late: Whether it is known to have run past ``due_at`` (sticky).
        alerts_raised: How many alert levels (warnings, then the breach) have been raised.
        next_alert_at: No alert can be due before this instant (``None``: none can come while
            the clock stays as it is). For a breach it is exact (just after the due instant);
            for a warning it is the earliest the threshold could be crossed, counting real time
            as working time, so it is exact on a round-the-clock calendar and early on an
            office calendar (see :meth:`next_check`).
    """

    target: SlaTarget
    target_time: timedelta
    started_at: datetime
    due_at: datetime
    changed_at: datetime
    running_since: datetime | None
    used: timedelta
    stopped_at: datetime | None
    cancelled: bool
    late: bool
    alerts_raised: int
    next_alert_at: datetime | None

    # -- transitions --------------------------------------------------------------------------

    @classmethod
    def start(cls, target: SlaTarget, at: datetime, *, paused: bool = False) -> SlaClock:
        """Start a clock for ``target`` at ``at`` (optionally straight into a pause)."""
        target_time = target.working_time
        if target_time is not None and not paused:
            # The common case, built directly: it runs for every metric of every accepted
            # request (a working-time target's warning times are worked out already).
            due = target.calendar.add_working_time(at, target_time)
            warnings = target.warning_times
            next_alert = _not_before(at, warnings[0]) if warnings else due + _TICK
            return _tuple_new(cls, (target, target_time, at, due, at, at, *_FRESH, next_alert))
        due, target_time = target.deadline(at)
        if paused:
            return _clock(target, target_time, at, due, at, running_since=None)
        if target.warnings:
            next_alert = _not_before(at, target.warning_time(0, target_time))
        else:
            next_alert = due + _TICK
        return _tuple_new(cls, (target, target_time, at, due, at, at, *_FRESH, next_alert))

    def pause(self, at: datetime) -> SlaClock:
        """Stop counting at ``at`` until :meth:`resume`; a no-op on a clock not running."""
        if not self.is_running:
            return self
        late = self.late or at > self.due_at
        return _clock(
            self.target,
            self.target_time,
            self.started_at,
            self.due_at,
            at,
            running_since=None,
            used=self.elapsed(at),
            late=late,
            alerts_raised=self.alerts_raised,
        )

    def resume(self, at: datetime) -> SlaClock:
        """Count again from ``at``; the due instant becomes ``at`` + the remaining working time."""
        if not self.is_paused:
            return self
        due = self.due_at
        if not self.late:
            remaining = max(self.target_time - self.used, _ZERO)
            due = self.target.calendar.add_working_time(at, remaining)
        return _clock(
            self.target,
            self.target_time,
            self.started_at,
            due,
            at,
            running_since=at,
            used=self.used,
            late=self.late,
            alerts_raised=self.alerts_raised,
        )

    def stop(self, at: datetime, *, cancelled: bool = False) -> SlaClock:
        """Stop for good at ``at``: met if not past due, else breached (or cancelled)."""
        if self.stopped_at is not None:
            return self
        late = self.late or (self.running_since is not None and at > self.due_at)
        return SlaClock(
            self.target,
            self.target_time,
            self.started_at,
            self.due_at,
            at,
            self.running_since,
            self.used,
            at,
            cancelled,
            late,
            self.alerts_raised,
            None,
        )

    def reopen(self, at: datetime) -> SlaClock:
        """Set a stopped clock running again from ``at``; the time it stood still is not counted.

        The working time used before the stop stays used, so the clock *continues* with what
        was left (or stays breached if it was late).
        """
        if self.stopped_at is None:
            return self
        paused = _clock(
            self.target,
            self.target_time,
            self.started_at,
            self.due_at,
            self.stopped_at,
            running_since=None,
            used=self.elapsed(self.stopped_at),
            late=self.late,
            alerts_raised=self.alerts_raised,
        )
        return paused.resume(at)

    def raise_alerts(self, at: datetime) -> tuple[SlaClock, tuple[int, ...]]:
        """The alert levels crossed by ``at`` and not yet raised, and the clock that raised them.

        Levels are numbered 0 .. len(warnings) - 1 for the warnings and len(warnings) for the
        breach.
        """
        if self.next_alert_at is None or at < self.next_alert_at:
            return self, ()
        level, warnings = self.alerts_raised, len(self.target.warnings)
        if self.late or (self.running_since is not None and at > self.due_at):
            # Past due, the whole allowance is used: every warning not raised yet is crossed
            # too, and no alert is left to come (the sweep's common case, kept cheap).
            done = _tuple_new(SlaClock, (*self[:10], warnings + 1, None))
            return done, tuple(range(level, warnings + 1))
        elapsed = self.elapsed(at)
        crossed: list[int] = []
        while level < warnings and elapsed >= self.target.warning_time(level, self.target_time):
            crossed.append(level)
            level += 1
        return self.with_alerts_raised(level), tuple(crossed)

    def next_check(self, at: datetime) -> datetime | None:
        """When an alert can next be due, judged from the working time counted by ``at``.

        Sharper than :attr:`next_alert_at` for a warning on an office calendar: the working
        time still missing at ``at`` cannot be worked before ``at`` plus that much real time.
        """
        if self.next_alert_at is None or not self.is_running:
            return self.next_alert_at
        level = self.alerts_raised
        if level >= len(self.target.warnings):
            return self.next_alert_at
        missing = self.target.warning_time(level, self.target_time) - self.elapsed(at)
        return at if missing <= _ZERO else max(self.next_alert_at, _not_before(at, missing))

    def with_alerts_raised(self, count: int) -> SlaClock:
        """The clock with ``count`` alert levels marked as raised."""
        if count <= self.alerts_raised:
            return self
        return _clock(
            self.target,
            self.target_time,
            self.started_at,
            self.due_at,
            self.changed_at,
            running_since=self.running_since,
            used=self.used,
            stopped_at=self.stopped_at,
            cancelled=self.cancelled,
            late=self.late,
            alerts_raised=count,
        )

    # -- queries ------------------------------------------------------------------------------

    @property
    def metric(self) -> SlaMetric:
        """The metric measured."""
        return self.target.metric

    @property
    def is_running(self) -> bool:
        """Whether the clock is counting."""
        return self.running_since is not None and self.stopped_at is None

    @property
    def is_paused(self) -> bool:
        """Whether the clock is stopped for a while (request paused or returned)."""
        return self.running_since is None and self.stopped_at is None

    @property
    def is_stopped(self) -> bool:
        """Whether the clock stopped for good (met, breached or cancelled)."""
        return self.stopped_at is not None

    def elapsed(self, at: datetime) -> timedelta:
        """Working time counted up to ``at`` (not earlier than :attr:`changed_at`)."""
        since = self.running_since
        if since is None:
            return self.used
        end = at if self.stopped_at is None else self.stopped_at
        return self.used + self.target.calendar.working_time_between(since, end)

    def state(self, at: datetime) -> SlaState:
        """Running, paused, met, breached or cancelled, at ``at``."""
        if self.late:
            return SlaState.BREACHED
        if self.stopped_at is not None:
            return SlaState.CANCELLED if self.cancelled else SlaState.MET
        if self.running_since is None:
            return SlaState.PAUSED
        return SlaState.BREACHED if at > self.due_at else SlaState.RUNNING

    def report(self, at: datetime) -> MetricReport:
        """The clock's figures at ``at``."""
        elapsed = self.elapsed(at)
        state = self.state(at)
        ratio = Decimal(elapsed // _TICK) * 100 / Decimal(self.target_time // _TICK)
        return MetricReport(
            metric=self.metric,
            state=state,
            started_at=self.started_at,
            due_at=None if state is SlaState.PAUSED else self.due_at,
            target_time=self.target_time,
            elapsed=elapsed,
            remaining=self.target_time - elapsed,
            percent_consumed=Percent(ratio.quantize(_HUNDREDTH, rounding=ROUND_DOWN)),
            stopped_at=self.stopped_at,
            description=self.target.describe(),
        )


def _clock(
    target: SlaTarget,
    target_time: timedelta,
    started_at: datetime,
    due_at: datetime,
    changed_at: datetime,
    *,
    running_since: datetime | None,
    used: timedelta = _ZERO,
    stopped_at: datetime | None = None,
    cancelled: bool = False,
    late: bool = False,
    alerts_raised: int = 0,
) -> SlaClock:
    """A clock with these fields and the earliest instant of its next alert."""
    next_alert: datetime | None = None
    warnings = len(target.warnings)
    if stopped_at is None and alerts_raised <= warnings:
        if alerts_raised < warnings:
            threshold = target.warning_time(alerts_raised, target_time)
            if used >= threshold:  # crossed in an earlier run, not raised yet
                next_alert = changed_at
            elif running_since is not None:
                next_alert = _not_before(running_since, threshold - used)
        elif late:
            next_alert = changed_at
        elif running_since is not None:
            next_alert = due_at + _TICK
    return SlaClock(
        target,
        target_time,
        started_at,
        due_at,
        changed_at,
        running_since,
        used,
        stopped_at,
        cancelled,
        late,
        alerts_raised,
        next_alert,
    )


def _not_before(since: datetime, working: timedelta) -> datetime:
    """The earliest instant at which ``working`` time after ``since`` can have been worked.

    Working time never runs faster than real time, so that is ``since + working`` in real
    time; on a round-the-clock calendar it is exact, on an office calendar early. It is given
    in the zone of ``since`` (the zone the request's steps are dated in): comparing instants of
    one zone is many times cheaper than comparing across zones, and the sweep compares this
    instant with its own on every request.
    """
    # ``since + (working - offset)`` reads the UTC wall time of the answer in ``since``'s zone;
    # ``fromutc`` turns that into the zone's local time (exact across offset changes).
    return since.tzinfo.fromutc(since + (working - since.utcoffset()))  # type: ignore[operator, union-attr]
