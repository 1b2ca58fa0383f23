"""SLA reports: where each of a request's SLA metrics stands at an instant.

``request.sla(at)`` answers the questions a service-desk supervisor asks about a request: for
each metric (review, response, resolution, incident report), when is it due, how much working
time has been used and how much is left, what share of the allowance is consumed, and is it
running, paused, met or breached? The figures are computed from the request's clocks (see
:mod:`~backoffice.domain.requests.clocks`) on each metric's own calendar; a report is a frozen
value, so one taken before a step keeps showing the state before it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import datetime, timedelta

import attrs

from backoffice.domain.requests.errors import UnknownMetric
from backoffice.domain.requests.targets import SlaMetric, SlaTarget
from backoffice.values import Percent

__all__ = ["MetricReport", "SlaReport", "SlaState"]


class SlaState(enum.StrEnum):
    """Where an SLA clock stands at an instant."""

    PENDING = "pending"
    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    BREACHED = "breached"
    CANCELLED = "cancelled"


@attrs.frozen(kw_only=True)
class MetricReport:
    """One metric's figures at an instant (``request.sla(at)[SlaMetric.RESOLUTION]``).

    Attributes:
        metric: The metric.
        state: Running, paused, met, breached or cancelled.
        started_at: When its clock started.
        due_at: When it is due; ``None`` while paused (the due instant is set on resuming).
        target_time: The working time allowed.
        elapsed: Working time counted (paused time never counts).
        remaining: ``target_time - elapsed``; negative once overrun.
        percent_consumed: ``elapsed / target_time`` in percent, rounded down to 0.01.
        stopped_at: When the clock stopped for good, if it did.
        description: The target in words ("respond 2 h").
    """

    metric: SlaMetric
    state: SlaState
    started_at: datetime
    due_at: datetime | None
    target_time: timedelta
    elapsed: timedelta
    remaining: timedelta
    percent_consumed: Percent
    stopped_at: datetime | None
    description: str


@attrs.frozen
class SlaReport:
    """Every SLA metric of a request at an instant: ``request.sla(at)``.

    Attributes:
        at: The instant reported on.
        metrics: One report per started clock, in the order the clocks started.
        pending: Targets whose clocks have not started yet (an incident report before closure).
    """

    at: datetime
    metrics: tuple[MetricReport, ...]
    pending: tuple[SlaTarget, ...] = ()

    def __getitem__(self, metric: SlaMetric) -> MetricReport:
        for report in self.metrics:
            if report.metric is metric:
                return report
        raise UnknownMetric(metric, "this SLA report")

    def __contains__(self, metric: object) -> bool:
        return any(report.metric is metric for report in self.metrics)

    def __iter__(self) -> Iterator[MetricReport]:
        return iter(self.metrics)

    @property
    def breached(self) -> tuple[SlaMetric, ...]:
        """The metrics breached at :attr:`at`."""
        return tuple(r.metric for r in self.metrics if r.state is SlaState.BREACHED)
