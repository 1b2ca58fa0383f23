"""A request's SLA clocks together: which start, stop, pause and resume at each step.

A request keeps its clocks as two parallel tuples, their targets and their figures (plain
:data:`~.clockstate.ClockState` tuples, which the garbage collector does not track), and the
earliest instant at which any of them crosses an alert level, so "does this request need a
warning or breach recorded by ``at``?" is one comparison. The functions here move them;
:class:`SlaClocks` is the read-only view ``request.clocks`` gives, mapping each started metric
to its :class:`~.clocks.SlaClock`. The lifecycle steps drive it through
:data:`~.targets.METRIC_TRIGGERS`; a regrade follows the tier-change rule:

    every response or resolution clock still within its target (running or paused) restarts
    at the regrade with the new tier's target, as if the request had been accepted then;
    clocks already met or breached keep their verdict; a metric the new targets lack stops
    being measured; a metric only the new targets have starts at the regrade.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Final

from backoffice.domain.requests import clockstate as cs
from backoffice.domain.requests.clocks import SlaClock
from backoffice.domain.requests.clockstate import ClockState
from backoffice.domain.requests.lifecycle import RequestAction
from backoffice.domain.requests.report import SlaReport, SlaState
from backoffice.domain.requests.targets import (
    CLOCK_PAUSING,
    CLOCK_RESUMING,
    SlaDeadline,
    SlaMetric,
    SlaTarget,
    SlaTargets,
)
from backoffice.errors import ValidationError

__all__ = ["NO_CLOCKS", "SlaClocks"]

A = RequestAction
#: The targets and the figures of a request's clocks, in the order the clocks started.
Targets = tuple[SlaTarget, ...]
States = tuple[ClockState, ...]


class SlaClocks(Mapping[SlaMetric, SlaClock]):
    """The started SLA clocks of one request, by metric, in the order they started; immutable.

    Args:
        clocks: The clocks, at most one per metric.
    """

    __slots__ = ("_next_alert_at", "_states", "_targets")

    def __init__(self, clocks: Iterable[SlaClock] = ()) -> None:
        clocks = tuple(clocks)
        self._targets: Targets = tuple(clock.target for clock in clocks)
        self._states: States = tuple(clock.state_tuple for clock in clocks)
        self._next_alert_at = first_alert(self._states)

    @classmethod
    def of(cls, targets: Targets, states: States) -> SlaClocks:
        """The clocks with these targets and figures (as a request keeps them)."""
        clocks = cls.__new__(cls)
        clocks._targets, clocks._states = targets, states
        clocks._next_alert_at = first_alert(states)
        return clocks

    @property
    def clocks(self) -> tuple[SlaClock, ...]:
        """The clocks, in the order they started."""
        return tuple(map(SlaClock.of, self._targets, self._states))

    @property
    def next_alert_at(self) -> datetime | None:
        """The earliest :attr:`SlaClock.next_alert_at`, or ``None``."""
        return self._next_alert_at

    def __getitem__(self, metric: SlaMetric) -> SlaClock:
        for target, state in zip(self._targets, self._states, strict=True):
            if target.metric is metric:
                return SlaClock.of(target, state)
        raise KeyError(metric)

    def __iter__(self) -> Iterator[SlaMetric]:
        return (target.metric for target in self._targets)

    def __len__(self) -> int:
        return len(self._targets)

    def __repr__(self) -> str:
        return f"SlaClocks({', '.join(m.value for m in self)})"

    def advanced(
        self, action: RequestAction, at: datetime, targets: Iterable[SlaTarget]
    ) -> SlaClocks:
        """The clocks after lifecycle step ``action`` at ``at``; ``targets`` are those in force.

        Returns ``self`` when the step touches no clock.
        """
        in_force = targets if isinstance(targets, SlaTargets) else SlaTargets(tuple(targets))
        moved = advance(self._targets, self._states, action, at, in_force)
        return self if moved is None else SlaClocks.of(*moved)

    def regraded(self, targets: SlaTargets, at: datetime, *, paused: bool) -> SlaClocks:
        """The clocks after a tier change at ``at`` to ``targets`` (the rule above)."""
        return SlaClocks.of(*regrade(self._targets, self._states, targets, at, paused=paused)[:2])

    def raise_alerts(self, at: datetime) -> tuple[SlaClocks, list[tuple[SlaClock, int]]]:
        """The clocks with the alerts due by ``at`` raised, and those alerts as ``(clock, level)``.

        Levels count from 0 for the first warning; the breach is ``len(warnings)``.
        """
        states: list[ClockState] = []
        crossed: list[tuple[SlaClock, int]] = []
        for target, state in zip(self._targets, self._states, strict=True):
            raised, count = cs.raise_alerts(target, state, at)
            clock = SlaClock.of(target, state)
            crossed.extend((clock, level) for level in range(state[cs.RAISED], count))
            states.append(raised)
        if not crossed:
            return self, []
        return SlaClocks.of(self._targets, tuple(states)), crossed

    def next_check(self, at: datetime) -> datetime | None:
        """The earliest :meth:`SlaClock.next_check` of the clocks."""
        return next_check(self._targets, self._states, at)

    def with_alerts_raised(self, metric: SlaMetric, count: int) -> SlaClocks:
        """The clocks with ``count`` alert levels of ``metric`` marked as raised."""
        return SlaClocks.of(self._targets, mark_raised(self._targets, self._states, metric, count))

    def report(self, at: datetime, targets: Iterable[SlaTarget]) -> SlaReport:
        """Every started clock's figures at ``at``, and the targets not started yet."""
        return SlaReport(
            at=at,
            metrics=tuple(map(cs.report, self._targets, self._states, (at,) * len(self))),
            pending=tuple(t for t in targets if t.metric not in self),
        )


# -- the clocks of a request, as it keeps them --------------------------------------------------


def first_alert(states: States) -> datetime | None:
    """The earliest next-alert instant of the clocks, or ``None``."""
    first: datetime | None = None
    for state in states:
        due = state[cs.NEXT]
        if due is not None and (first is None or cs.later(first, due)):
            first = due
    return first


def advance(
    targets: Targets,
    states: States,
    action: RequestAction,
    at: datetime,
    in_force: SlaTargets | None,
    *,
    deadlines: tuple[SlaDeadline, ...] = (),
) -> tuple[Targets, States] | None:
    """The clocks after lifecycle step ``action`` at ``at``; ``None`` if it touches none.

    ``in_force`` are the graded targets in force: those that start on ``action`` and have no
    clock yet start one, after the clocks there were (with ``deadlines``, the deadlines a
    replayed event recorded for them, if it recorded any).
    """
    # Plain loops: this runs on every step of every request (acceptance stops one clock and
    # starts two), and comprehensions or ``any``/``all`` would each add a call.
    moved: list[ClockState] | None = None
    for index, state in enumerate(states):
        new = _advanced(targets[index], state, action, at)
        if new is not state:
            if moved is None:
                moved = list(states)
            moved[index] = new
    if in_force is not None:
        for target in in_force.targets:
            if target.starts_on is action:
                joined = in_force.following(targets, action)
                if len(joined) > len(targets):
                    moved = list(states) if moved is None else moved
                    if deadlines:
                        moved.extend(starts(joined[len(targets) :], at, deadlines))
                    else:
                        moved.extend([cs.start(target, at) for target in joined[len(targets) :]])
                    targets = joined
                break
    return None if moved is None else (targets, tuple(moved))


def _advanced(
    target: SlaTarget, state: ClockState, action: RequestAction, at: datetime
) -> ClockState:
    if action in target.stops_on:
        return cs.stop(target, state, at)
    if action in target.reopens_on:
        return cs.reopen(target, state, at)
    if action in CLOCK_PAUSING:
        return cs.pause(target, state, at)
    if action in CLOCK_RESUMING:
        return cs.resume(target, state, at)
    if action is A.CANCEL:
        return cs.stop(target, state, at, cancelled=True)
    return state


def regrade(
    targets: Targets,
    states: States,
    graded: SlaTargets,
    at: datetime,
    *,
    paused: bool,
    deadlines: tuple[SlaDeadline, ...] = (),
) -> tuple[Targets, States, int]:
    """The clocks after a tier change at ``at`` to ``graded`` (the rule in the docstring).

    The clocks the regrade starts come last; the third value is how many there are.
    ``deadlines`` are those a replayed event recorded for them, if any.
    """
    kept = [
        (target, state)
        for target, state in zip(targets, states, strict=True)
        if target.starts_on is not A.ACCEPT
        or state[cs.STOPPED] is not None
        or cs.state_at(state, at) is SlaState.BREACHED
    ]
    metrics = {target.metric for target, _ in kept}
    new = [t for t in graded if t.starts_on is A.ACCEPT and t.metric not in metrics]
    kept.extend(zip(new, starts(new, at, deadlines, paused=paused), strict=True))
    return tuple(t for t, _ in kept), tuple(s for _, s in kept), len(new)


def starts(
    new: Iterable[SlaTarget],
    at: datetime,
    deadlines: tuple[SlaDeadline, ...] = (),
    *,
    paused: bool = False,
) -> list[ClockState]:
    """Clocks for the targets ``new`` started at ``at``, with the recorded ``deadlines`` if any.

    Raises:
        ValidationError: ``deadlines`` were given but are not one per new clock, in order.
    """
    if not deadlines:
        return [cs.start(target, at, paused=paused) for target in new]
    new = tuple(new)
    if [d[0] for d in deadlines] != [t.metric.value for t in new]:
        raise ValidationError(
            f"the recorded deadlines {[d[0] for d in deadlines]} are not those of the "
            f"clocks started {[t.metric.value for t in new]}",
            field="deadlines",
        )
    return [
        cs.start(target, at, paused=paused, deadline=(due_at, target_time))
        for target, (_, due_at, target_time) in zip(new, deadlines, strict=True)
    ]


def deadlines_of(targets: Targets, states: States, started: int) -> tuple[SlaDeadline, ...]:
    """The deadlines of the last ``started`` clocks (those a step started), for its event."""
    if not started:
        return ()
    # ``_value_`` is the member's value as the enum keeps it (``.value`` is a slower property).
    if started == 1:
        return ((targets[-1].metric._value_, states[-1][cs.DUE], states[-1][0]),)
    return tuple(
        [
            (target.metric._value_, state[cs.DUE], state[0])
            for target, state in zip(targets[-started:], states[-started:], strict=True)
        ]
    )


def next_check(targets: Targets, states: States, at: datetime) -> datetime | None:
    """The earliest :func:`~.clockstate.next_check` of the clocks."""
    first: datetime | None = None
    for target, state in zip(targets, states, strict=True):
        due = cs.next_check(target, state, at)
        if due is not None and (first is None or cs.later(first, due)):
            first = due
    return first


def mark_raised(targets: Targets, states: States, metric: SlaMetric, count: int) -> States:
    """The figures with ``count`` alert levels of ``metric``'s clock marked as raised."""
    return tuple(
        cs.with_alerts_raised(target, state, count) if target.metric is metric else state
        for target, state in zip(targets, states, strict=True)
    )


#: No clocks yet.
NO_CLOCKS: Final = SlaClocks()
