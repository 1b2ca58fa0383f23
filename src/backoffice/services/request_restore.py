"""Restoring a service desk: which stored events are a request's, and the requests they make.

A desk keeps no state of its own worth storing: its requests are the sum of their events. To
restore it, the events of each request (in an office's shared outbox, among other
aggregates' events) are gathered by request, in the order they were recorded, and each
request is replayed from them, its SLA target snapshots resolved in the calendars they name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from backoffice.calendar import CalendarRegistry, WorkingCalendar
from backoffice.domain.events import DomainEvent
from backoffice.domain.requests import ServiceRequest, SnapshotResolver
from backoffice.domain.requests import events as ev

__all__ = ["REQUEST_EVENTS", "replayed_requests"]


def replayed_requests(
    events: Iterable[DomainEvent], calendars: Mapping[str, WorkingCalendar]
) -> list[ServiceRequest]:
    """The requests ``events`` record, each replayed, in the order of their first events.

    Events of other aggregates are skipped; ``calendars`` resolves the calendar names of the
    target snapshots (see :meth:`ServiceDesk.restore
    <backoffice.services.requests.ServiceDesk.restore>` for what it raises).
    """
    streams: dict[str, list[DomainEvent]] = {}
    for event in events:
        if type(event) in REQUEST_EVENTS:
            streams.setdefault(event.aggregate_id, []).append(event)
    resolver = SnapshotResolver(CalendarRegistry(dict(calendars)))
    return [ServiceRequest.rebuild(stream, resolver) for stream in streams.values()]


#: The event classes of a service request (what :meth:`ServiceDesk.restore` reads).
REQUEST_EVENTS: Final = frozenset(
    {
        ev.RequestSubmitted,
        ev.RequestReturned,
        ev.InformationSupplied,
        ev.RequestAccepted,
        ev.RequestRejected,
        ev.RequestAssigned,
        ev.WorkStarted,
        ev.WorkPaused,
        ev.WorkResumed,
        ev.ProgressNoted,
        ev.TierChanged,
        ev.RequestResolved,
        ev.RequestReopened,
        ev.RequestSignedOff,
        ev.RequestRated,
        ev.RequestClosed,
        ev.IncidentReportFiled,
        ev.RequestCancelled,
        ev.SlaWarningReached,
        ev.SlaBreached,
    }
)
