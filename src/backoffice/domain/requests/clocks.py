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

The arithmetic lives in :mod:`~backoffice.domain.requests.clockstate`, on the clock's figures
as a plain tuple: that is the form a request keeps its clocks in. :class:`SlaClock` puts the
target and the figures together for everyone else.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final, NamedTuple

from backoffice.domain.requests import clockstate as cs
from backoffice.domain.requests.clockstate import ClockState
from backoffice.domain.requests.report import MetricReport, SlaState
from backoffice.domain.requests.targets import SlaMetric, SlaTarget

__all__ = ["SlaClock"]

#: Builds a clock from a tuple of its twelve fields, in order (what ``NamedTuple._make`` does).
_tuple_new: Final = tuple.__new__


class SlaClock(NamedTuple):
    """One metric's clock on one request; immutable, changed by returning a new clock.

    A ``NamedTuple``: the target, then the eleven figures of a
    :data:`~backoffice.domain.requests.clockstate.ClockState` in the same order. Requests keep
    only the figures, as a plain tuple (see :mod:`~backoffice.domain.requests.clockstate` for
    why); ``request.clocks`` puts each back together with its target. Create one with
    :meth:`start`.

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

    @classmethod
    def of(cls, target: SlaTarget, state: ClockState) -> SlaClock:
        """The clock with ``target`` and the figures ``state``."""
        return _tuple_new(cls, (target, *state))

    @property
    def state_tuple(self) -> ClockState:
        """The figures without the target, as a plain tuple (what a request keeps)."""
        return self[1:]

    # -- transitions --------------------------------------------------------------------------

    @classmethod
    def start(cls, target: SlaTarget, at: datetime, *, paused: bool = False) -> SlaClock:
        """Start a clock for ``target`` at ``at`` (optionally straight into a pause)."""
        return cls.of(target, cs.start(target, at, paused=paused))

    def pause(self, at: datetime) -> SlaClock:
        """Stop counting at ``at`` until :meth:`resume`; a no-op on a clock not running."""
        return self._with(cs.pause(self.target, self.state_tuple, at))

    def resume(self, at: datetime) -> SlaClock:
        """Count again from ``at``; the due instant becomes ``at`` + the remaining working time."""
        return self._with(cs.resume(self.target, self.state_tuple, at))

    def stop(self, at: datetime, *, cancelled: bool = False) -> SlaClock:
        """Stop for good at ``at``: met if not past due, else breached (or cancelled)."""
        return self._with(cs.stop(self.target, self.state_tuple, at, cancelled=cancelled))

    def reopen(self, at: datetime) -> SlaClock:
        """Set a stopped clock running again from ``at``; the time it stood still is not counted.

        The working time used before the stop stays used, so the clock *continues* with what
        was left (or stays breached if it was late).
        """
        return self._with(cs.reopen(self.target, self.state_tuple, at))

    def raise_alerts(self, at: datetime) -> tuple[SlaClock, tuple[int, ...]]:
        """The alert levels crossed by ``at`` and not yet raised, and the clock that raised them.

        Levels are numbered 0 .. len(warnings) - 1 for the warnings and len(warnings) for the
        breach.
        """
        state, count = cs.raise_alerts(self.target, self.state_tuple, at)
        return self._with(state), tuple(range(self.alerts_raised, count))

    def next_check(self, at: datetime) -> datetime | None:
        """When an alert can next be due, judged from the working time counted by ``at``.

        Sharper than :attr:`next_alert_at` for a warning on an office calendar: the working
        time still missing at ``at`` cannot be worked before ``at`` plus that much real time.
        """
        return cs.next_check(self.target, self.state_tuple, at)

    def with_alerts_raised(self, count: int) -> SlaClock:
        """The clock with ``count`` alert levels marked as raised."""
        return self._with(cs.with_alerts_raised(self.target, self.state_tuple, count))

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
        return cs.elapsed(self.target, self.state_tuple, at)

    def state(self, at: datetime) -> SlaState:
        """Running, paused, met, breached or cancelled, at ``at``."""
        return cs.state_at(self.state_tuple, at)

    def report(self, at: datetime) -> MetricReport:
        """The clock's figures at ``at``."""
        return cs.report(self.target, self.state_tuple, at)

    def _with(self, state: ClockState) -> SlaClock:
        """This clock if ``state`` is its own figures (unchanged), else a new clock."""
        if state == self[1:]:
            return self
        return _tuple_new(SlaClock, (self.target, *state))
