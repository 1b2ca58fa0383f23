"""A request's SLA clocks together: which start, stop, pause and resume at each step.

:class:`SlaClocks` maps each started metric to its :class:`~.clocks.SlaClock` and keeps the
earliest instant at which any of them crosses an alert level, so "does this request need a
warning or breach recorded by ``at``?" is one comparison. The lifecycle steps drive it through
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

from backoffice.domain.requests.clocks import SlaClock
from backoffice.domain.requests.lifecycle import RequestAction
from backoffice.domain.requests.report import SlaReport, SlaState
from backoffice.domain.requests.targets import (
    CLOCK_PAUSING,
    CLOCK_RESUMING,
    METRIC_TRIGGERS,
    SlaMetric,
    SlaTarget,
    SlaTargets,
)

__all__ = ["NO_CLOCKS", "SlaClocks"]

A = RequestAction


class SlaClocks(Mapping[SlaMetric, SlaClock]):
    """The started SLA clocks of one request, by metric, in the order they started; immutable.

    A small slotted class rather than an attrs one: a request builds a new one on every step
    that moves a clock, on the hot path of acceptance and of the SLA sweep.

    Args:
        clocks: The clocks, at most one per metric.
    """

    __slots__ = ("_clocks", "_next_alert_at")

    def __init__(self, clocks: tuple[SlaClock, ...] = ()) -> None:
        self._clocks = clocks
        first: datetime | None = None
        for clock in clocks:
            due = clock.next_alert_at
            if due is not None and (first is None or due < first):
                first = due
        self._next_alert_at = first

    @property
    def clocks(self) -> tuple[SlaClock, ...]:
        """The clocks, in the order they started."""
        return self._clocks

    @property
    def next_alert_at(self) -> datetime | None:
        """The earliest :attr:`SlaClock.next_alert_at`, or ``None``."""
        return self._next_alert_at

    def __getitem__(self, metric: SlaMetric) -> SlaClock:
        for clock in self._clocks:
            if clock.target.metric is metric:
                return clock
        raise KeyError(metric)

    def __iter__(self) -> Iterator[SlaMetric]:
        return (clock.target.metric for clock in self._clocks)

    def __len__(self) -> int:
        return len(self._clocks)

    def __repr__(self) -> str:
        return f"SlaClocks({', '.join(m.value for m in self)})"

    def advanced(
        self, action: RequestAction, at: datetime, targets: Iterable[SlaTarget]
    ) -> SlaClocks:
        """The clocks after lifecycle step ``action`` at ``at``; ``targets`` are those in force.

        Returns ``self`` when the step touches no clock.
        """
        clocks = []
        started = []
        changed = False
        for clock in self._clocks:
            moved = _advanced(clock, action, at)
            clocks.append(moved)
            started.append(clock.target.metric)
            changed = changed or moved is not clock
        for target in targets:
            if target.starts_on is action and target.metric not in started:
                clocks.append(SlaClock.start(target, at))
                changed = True
        return SlaClocks(tuple(clocks)) if changed else self

    def regraded(self, targets: SlaTargets, at: datetime, *, paused: bool) -> SlaClocks:
        """The clocks after a tier change at ``at`` to ``targets`` (the rule above)."""
        kept = [
            clock
            for clock in self.clocks
            if METRIC_TRIGGERS[clock.metric].starts_on is not A.ACCEPT
            or clock.is_stopped
            or clock.state(at) is SlaState.BREACHED
        ]
        metrics = {clock.metric for clock in kept}
        for target in targets:
            graded = METRIC_TRIGGERS[target.metric].starts_on is A.ACCEPT
            if graded and target.metric not in metrics:
                kept.append(SlaClock.start(target, at, paused=paused))
        return SlaClocks(tuple(kept))

    def raise_alerts(self, at: datetime) -> tuple[SlaClocks, list[tuple[SlaClock, int]]]:
        """The clocks with the alerts due by ``at`` raised, and those alerts as ``(clock, level)``.

        Levels count from 0 for the first warning; the breach is ``len(warnings)``.
        """
        if self.next_alert_at is None or at < self.next_alert_at:
            return self, []
        crossed: list[tuple[SlaClock, int]] = []
        clocks = []
        for clock in self._clocks:
            due = clock.next_alert_at
            if due is None or at < due:
                clocks.append(clock)
                continue
            raised, levels = clock.raise_alerts(at)
            clocks.append(raised)
            crossed.extend([(clock, level) for level in levels])
        return SlaClocks(tuple(clocks)), crossed

    def next_check(self, at: datetime) -> datetime | None:
        """The earliest :meth:`SlaClock.next_check` of the clocks."""
        first: datetime | None = None
        for clock in self._clocks:
            due = clock.next_check(at)
            if due is not None and (first is None or due < first):
                first = due
        return first

    def with_alerts_raised(self, metric: SlaMetric, count: int) -> SlaClocks:
        """The clocks with ``count`` alert levels of ``metric`` marked as raised."""
        return SlaClocks(
            tuple(c.with_alerts_raised(count) if c.metric is metric else c for c in self.clocks)
        )

    def report(self, at: datetime, targets: Iterable[SlaTarget]) -> SlaReport:
        """Every started clock's figures at ``at``, and the targets not started yet."""
        return SlaReport(
            at=at,
            metrics=tuple(clock.report(at) for clock in self.clocks),
            pending=tuple(t for t in targets if t.metric not in self),
        )


def _advanced(clock: SlaClock, action: RequestAction, at: datetime) -> SlaClock:
    target = clock.target
    if action in target.stops_on:
        return clock.stop(at)
    if action in target.reopens_on:
        return clock.reopen(at)
    if action in CLOCK_PAUSING:
        return clock.pause(at)
    if action in CLOCK_RESUMING:
        return clock.resume(at)
    if action is A.CANCEL:
        return clock.stop(at, cancelled=True)
    return clock


#: No clocks yet.
NO_CLOCKS: Final = SlaClocks()
