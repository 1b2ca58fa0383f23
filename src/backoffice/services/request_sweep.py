"""The desk's SLA sweep: the requests with an alert due, their alerts recorded, filed again.

Open requests wait on the SLA watchlist (:mod:`~backoffice.services.sla_watchlist`) under the
instant their next warning or breach can be due. A sweep at an instant takes out only the
requests that may have something due by then, records their alerts (as the SLA monitor) request
by request in the order of their ids, and files each again under its next instant.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from backoffice.domain.requests import ServiceRequest, SlaAlert
from backoffice.domain.requests.clockstate import later, real_instant
from backoffice.services.sla_watchlist import SlaWatchlist
from backoffice.values import ActorId

__all__ = ["Refile", "record_due_alerts"]


class Refile(Protocol):
    """Files a request again once a sweep has recorded its alerts (the desk saves it too)."""

    def __call__(self, request: ServiceRequest, *, not_before: datetime | None = None) -> None:
        """File ``request`` again, under ``not_before`` if given."""
        ...


def record_due_alerts(
    watchlist: SlaWatchlist, at: datetime, monitor: ActorId, refile: Refile
) -> list[SlaAlert]:
    """Record, as ``monitor``, the SLA alerts due by ``at`` on the requests ``watchlist`` holds.

    The sweep of :meth:`ServiceDesk.sweep <backoffice.services.requests.ServiceDesk.sweep>`
    (``at`` read as the instant it names): requests in the order of their ids, each handed to
    ``refile`` once its alerts are recorded; a request changed after ``at`` is only put back on
    the watchlist.
    """
    at = real_instant(at)  # (a local time in a spring-forward gap: its instant)
    alerts: list[SlaAlert] = []
    due = watchlist.due(at)
    due.sort(key=_id_text)
    for request in due:
        if later(request.changed_at, at):
            watchlist.watch(request)
            continue
        alerts.extend(request.record_sla_alerts(actor=monitor, at=at))
        refile(request, not_before=request.next_sla_check(at))
    return alerts


def _id_text(request: ServiceRequest) -> str:
    return request.id.value
