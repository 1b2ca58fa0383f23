"""The arithmetic of one SLA clock, on a plain tuple of instants and durations.

:class:`~backoffice.domain.requests.clocks.SlaClock` is the public face of a clock: its
target and eleven figures. What a request *keeps* is only the figures, as a plain ``tuple``
(:data:`ClockState`): the target stays with the request, next to the clock, and every function
here takes it as an argument. That is a device for Python's garbage collector, whose full
collections walk every tracked object in the process. CPython stops tracking an exact
``tuple`` whose items are all untracked (instants, durations, numbers, ``None``, booleans), but
never a ``tuple`` subclass such as a ``NamedTuple``, nor a tuple holding an attrs instance such
as a target. A request's clocks as plain tuples of figures are therefore invisible to the
collector; as ``SlaClock`` objects they were three more tracked objects per request, and three
more *new* ones at every step, each of which the collector walks again and again as they age
(``benchmarks/sla.py`` prints the objects tracked per request).

The fields of a :data:`ClockState`, in order (see ``SlaClock`` for their meaning):
``target_time, started_at, due_at, changed_at, running_since, used, stopped_at, cancelled,
late, alerts_raised, next_alert_at``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Final

from backoffice.domain.requests.instants import later, not_before, real_instant
from backoffice.domain.requests.report import MetricReport, SlaState
from backoffice.domain.requests.targets import SlaTarget
from backoffice.values import Percent

__all__ = ["ClockState", "later", "not_before", "real_instant"]

#: One clock's figures (everything but its target), as a plain tuple; see the module docstring.
ClockState = tuple[
    timedelta,  # target_time
    datetime,  # started_at
    datetime,  # due_at
    datetime,  # changed_at
    datetime | None,  # running_since
    timedelta,  # used
    datetime | None,  # stopped_at
    bool,  # cancelled
    bool,  # late
    int,  # alerts_raised
    datetime | None,  # next_alert_at
]

# Positions of the fields read on their own (a whole state is read by unpacking it).
DUE: Final = 2
CHANGED: Final = 3
RUNNING: Final = 4
USED: Final = 5
STOPPED: Final = 6
LATE: Final = 8
RAISED: Final = 9
NEXT: Final = 10

_ZERO: Final = timedelta(0)
#: The smallest step of time: "after the due instant" is "at or after due + 1 microsecond".
_TICK: Final = timedelta(microseconds=1)
_HUNDREDTH: Final = Decimal("0.01")


# -- transitions ------------------------------------------------------------------------------


def start(
    target: SlaTarget,
    at: datetime,
    *,
    paused: bool = False,
    deadline: tuple[datetime, timedelta] | None = None,
) -> ClockState:
    """A clock for ``target`` started at ``at`` (optionally straight into a pause).

    ``deadline`` is the due instant and target working time when they are known already (a
    replayed event's snapshot); otherwise they are computed on the target's calendar.
    """
    target_time = target.working_time
    if deadline is not None:
        due, target_time = deadline
        if paused:
            return build(target, target_time, at, due, at, running_since=None)
        next_alert = (
            not_before(at, target.warning_time(0, target_time)) if target.warnings else due + _TICK
        )
        return (target_time, at, due, at, at, _ZERO, None, False, False, 0, next_alert)
    if target_time is not None and not paused:
        # The common case, built directly: it runs for every metric of every accepted request
        # (a working-time target's warning times are worked out already).
        due = target.working_calendar.add_working_time(at, target_time)
        warnings = target.warning_times
        next_alert = not_before(at, warnings[0]) if warnings else due + _TICK
        return (target_time, at, due, at, at, _ZERO, None, False, False, 0, next_alert)
    due, target_time = target.deadline(at)
    if paused:
        return build(target, target_time, at, due, at, running_since=None)
    if target.warnings:
        next_alert = not_before(at, target.warning_time(0, target_time))
    else:
        next_alert = due + _TICK
    return (target_time, at, due, at, at, _ZERO, None, False, False, 0, next_alert)


def pause(target: SlaTarget, state: ClockState, at: datetime) -> ClockState:
    """Stop counting at ``at``; ``state`` itself if the clock is not running."""
    target_time, started, due, _, running, _, stopped, _, late, raised, _ = state
    if running is None or stopped is not None:
        return state
    used = elapsed(target, state, at)
    return build(
        target,
        target_time,
        started,
        due,
        at,
        running_since=None,
        used=used,
        late=late or later(at, due),
        alerts_raised=raised,
    )


def resume(target: SlaTarget, state: ClockState, at: datetime) -> ClockState:
    """Count again from ``at``; the due instant becomes ``at`` + the remaining working time."""
    target_time, started, due, _, running, used, stopped, _, late, raised, _ = state
    if running is not None or stopped is not None:
        return state
    if not late:
        remaining = max(target_time - used, _ZERO)
        due = target.working_calendar.add_working_time(at, remaining)
    return build(
        target,
        target_time,
        started,
        due,
        at,
        running_since=at,
        used=used,
        late=late,
        alerts_raised=raised,
    )


def stop(
    target: SlaTarget, state: ClockState, at: datetime, *, cancelled: bool = False
) -> ClockState:
    """Stop for good at ``at``: met if not past due, else breached (or cancelled).

    An alert level the clock crossed while it ran and that no sweep has recorded yet stays
    due: the stopped clock's next alert is ``at``, so the first sweep after it records it.
    """
    target_time, started, due, _, running, used, stopped, _, late, raised, next_alert = state
    if stopped is not None:
        return state
    late = late or (running is not None and later(at, due))
    pending: datetime | None = None
    if next_alert is not None and not later(next_alert, at):  # a level may have been crossed
        warnings = len(target.warnings)
        if late:
            pending = at if raised <= warnings else None
        elif raised < warnings:
            if running is not None:
                used = used + target.working_calendar.working_time_between(running, at)
            if used >= target.warning_time(raised, target_time):
                pending = at
    return (
        target_time,
        started,
        due,
        at,
        running,
        state[USED],
        at,
        cancelled,
        late,
        raised,
        pending,
    )


def reopen(target: SlaTarget, state: ClockState, at: datetime) -> ClockState:
    """Set a stopped clock running again from ``at``; the time it stood still is not counted."""
    target_time, started, due, _, _, _, stopped, _, late, raised, _ = state
    if stopped is None:
        return state
    paused = build(
        target,
        target_time,
        started,
        due,
        stopped,
        running_since=None,
        used=elapsed(target, state, stopped),
        late=late,
        alerts_raised=raised,
    )
    return resume(target, paused, at)


def raise_alerts(target: SlaTarget, state: ClockState, at: datetime) -> tuple[ClockState, int]:
    """The clock with the alert levels crossed by ``at`` marked raised, and how many it has now.

    The levels newly crossed are ``range(state[RAISED], <the number returned>)``: 0 ..
    len(warnings) - 1 for the warnings and len(warnings) for the breach.
    """
    next_alert, level = state[NEXT], state[RAISED]
    if next_alert is None or later(next_alert, at):
        return state, level
    warnings = len(target.warnings)
    running = state[RUNNING]
    if state[LATE] or (running is not None and state[STOPPED] is None and later(at, state[DUE])):
        # Past due, the whole allowance is used: every warning not raised yet is crossed too,
        # and no alert is left to come (the sweep's common case, kept cheap).
        return (*state[:RAISED], warnings + 1, None), warnings + 1
    used = elapsed(target, state, at)
    target_time = state[0]
    while level < warnings and used >= target.warning_time(level, target_time):
        level += 1
    return with_alerts_raised(target, state, level), level


def with_alerts_raised(target: SlaTarget, state: ClockState, count: int) -> ClockState:
    """The clock with ``count`` alert levels marked as raised."""
    target_time, started, due, changed, running, used, stopped, cancelled, late, raised, _ = state
    if count <= raised:
        return state
    return build(
        target,
        target_time,
        started,
        due,
        changed,
        running_since=running,
        used=used,
        stopped_at=stopped,
        cancelled=cancelled,
        late=late,
        alerts_raised=count,
    )


# -- queries ----------------------------------------------------------------------------------


def elapsed(target: SlaTarget, state: ClockState, at: datetime) -> timedelta:
    """Working time counted up to ``at``."""
    since, used, stopped = state[RUNNING], state[USED], state[STOPPED]
    if since is None:
        return used
    end = at if stopped is None else stopped
    return used + target.working_calendar.working_time_between(since, end)


def next_check(target: SlaTarget, state: ClockState, at: datetime) -> datetime | None:
    """When an alert can next be due, judged from the working time counted by ``at``."""
    next_alert, level = state[NEXT], state[RAISED]
    if next_alert is None or state[RUNNING] is None or state[STOPPED] is not None:
        return next_alert
    if level >= len(target.warnings):
        return next_alert
    missing = target.warning_time(level, state[0]) - elapsed(target, state, at)
    if missing <= _ZERO:
        return at
    earliest = not_before(at, missing)
    return earliest if later(earliest, next_alert) else next_alert


def state_at(state: ClockState, at: datetime) -> SlaState:
    """Running, paused, met, breached or cancelled, at ``at``."""
    if state[LATE]:
        return SlaState.BREACHED
    if state[STOPPED] is not None:
        return SlaState.CANCELLED if state[7] else SlaState.MET
    if state[RUNNING] is None:
        return SlaState.PAUSED
    return SlaState.BREACHED if later(at, state[DUE]) else SlaState.RUNNING


def report(target: SlaTarget, state: ClockState, at: datetime) -> MetricReport:
    """The clock's figures at ``at``."""
    used = elapsed(target, state, at)
    verdict = state_at(state, at)
    target_time = state[0]
    ratio = Decimal(used // _TICK) * 100 / Decimal(target_time // _TICK)
    return MetricReport(
        metric=target.metric,
        state=verdict,
        started_at=state[1],
        due_at=None if verdict is SlaState.PAUSED else state[DUE],
        target_time=target_time,
        elapsed=used,
        remaining=target_time - used,
        percent_consumed=Percent(ratio.quantize(_HUNDREDTH, rounding=ROUND_DOWN)),
        stopped_at=state[STOPPED],
        description=target.describe(),
    )


# -- building ---------------------------------------------------------------------------------


def build(
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
) -> ClockState:
    """A clock state with these fields and the earliest instant of its next alert."""
    next_alert: datetime | None = None
    warnings = len(target.warnings)
    if stopped_at is None and alerts_raised <= warnings:
        if alerts_raised < warnings:
            threshold = target.warning_time(alerts_raised, target_time)
            if used >= threshold:  # crossed in an earlier run, not raised yet
                next_alert = changed_at
            elif running_since is not None:
                next_alert = not_before(running_since, threshold - used)
        elif late:
            next_alert = changed_at
        elif running_since is not None:
            next_alert = due_at + _TICK
    return (
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
