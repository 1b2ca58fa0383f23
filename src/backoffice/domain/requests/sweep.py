"""The SLA sweep: which warnings and breaches are due across many open requests.

Nothing in the domain watches the time; a scheduler calls :func:`due_sla_alerts` with "now"
every few minutes. Each request keeps the instant of its next alert
(:attr:`~backoffice.domain.requests.view.ServiceRequestView.next_alert_at`), so the sweep costs
one comparison for a request with nothing due and calendar work only for those that have
something to record. (:class:`~backoffice.services.requests.ServiceDesk` keeps its open
requests in a heap by that instant and does not even look at the others.)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from backoffice.domain.requests.clockstate import later
from backoffice.domain.requests.events import SlaAlert
from backoffice.domain.requests.request import ServiceRequest
from backoffice.values import ActorId, ensure_aware

__all__ = ["due_sla_alerts"]


def due_sla_alerts(
    requests: Iterable[ServiceRequest], *, at: datetime, actor: ActorId
) -> list[SlaAlert]:
    """Record, on each request, the SLA warnings and breaches due by ``at``, and return them.

    Requests whose last step is later than ``at`` are left for the next sweep.

    Args:
        requests: The requests to check (typically the open ones).
        at: The sweep's instant.
        actor: Who records the alerts (the monitoring job's actor id).

    Returns:
        The :class:`~.events.SlaWarningReached` and :class:`~.events.SlaBreached` events
        recorded, request by request; they are also pending on each request.
    """
    ensure_aware(at)
    recorded: list[SlaAlert] = []
    for request in requests:
        due = request.next_alert_at
        if due is not None and not later(due, at) and not later(request.changed_at, at):
            recorded.extend(request.record_sla_alerts(actor=actor, at=at))
    return recorded
