"""Request facts: what the metrics know about one service request, as plain values.

Every request metric (on-time rates, percentiles, MTTR, backlog, satisfaction, ...) is computed
from :class:`RequestFacts`: one frozen record per request, closed or still open, holding the
instants of its steps, its SLA verdicts and its rating and cost, and nothing else. Facts come
from two places:

* :func:`facts_from_request` reads a :class:`~backoffice.domain.requests.ServiceRequest` as it
  stands (its SLA clocks give exact due instants, verdicts and working times);
* :class:`RequestFactsProjection` is fed the requests' events one by one (``apply(event)``) and
  answers ``facts()`` at any time, so an embedder keeps the metrics live;
  :func:`facts_from_events` does the same for a finished list of events.

From events alone the SLA verdicts are *as recorded*: a metric is breached when an
:class:`~backoffice.domain.requests.SlaBreached` was recorded for it, and its due instant is the
one the last warning or breach carried (``None`` if no alert was recorded). Give the projection
a ``replay`` function (``lambda events: ServiceRequest.replay(events, ...)``, with whatever
calendars your store needs) and it reads the verdicts and working times off the replayed request
instead, exactly.

Durations in the facts: *elapsed* time is wall-clock time between two instants; *working* time
is the time the SLA clock counted on its calendar (pauses never count). Response is measured
from acceptance to the first start of work, resolution from acceptance to the last resolution
(a reopening continues it), as the SLA clocks measure them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

import attrs

from backoffice.domain.events import DomainEvent
from backoffice.domain.requests import events as ev
from backoffice.domain.requests.kinds import AssigneeKind, Category, Channel, RequestState, Tier
from backoffice.domain.requests.lifecycle import TRANSITIONS, RequestAction
from backoffice.domain.requests.targets import SlaMetric
from backoffice.domain.requests.view import ServiceRequestView
from backoffice.values import Money, utc

__all__ = [
    "RequestFacts",
    "RequestFactsProjection",
    "facts_from_events",
    "facts_from_request",
]

#: A pause of work: when it started and when it ended (``None`` while still paused).
Pause = tuple[datetime, datetime | None]


@attrs.frozen(kw_only=True)
class RequestFacts:
    """One request's facts, as plain values (closed or still open).

    Attributes:
        request_id: The request's id, as text.
        category: The kind of work.
        channel: How it was raised.
        site: The site of its location (``"HQ"``).
        place: The place within the site (``"B1 car park, pump room"``), ``""`` if not given.
        department: The requesting department's id, as text, if known.
        asset: The fixed asset concerned, as text, if any.
        tier: The tier it was graded (the last regrade's), ``None`` before acceptance.
        assignee: Who the work is assigned to (person or supplier id, or team name), if anyone.
        assignee_kind: Whether :attr:`assignee` is a person, a team or a supplier.
        state: Where the request is in its lifecycle.
        submitted_at: When it was raised.
        accepted_at: When it was accepted (graded), if it was.
        work_started_at: When work first started (the response), if it did.
        resolved_at: When it was last resolved (after the last reopening), if it is.
        closed_at: When it was closed, if it was.
        ended_at: When it left the backlog: closed, rejected or cancelled; ``None`` while open.
        response_due_at: When the response was due, if known.
        response_met: Whether the response was on time; ``None`` while undecided.
        response_working_time: Working time counted to respond, if known.
        resolution_due_at: When the resolution was due, if known.
        resolution_met: Whether the resolution was on time; ``None`` while undecided.
        resolution_working_time: Working time counted to resolve, if known.
        pauses: The pauses of work, oldest first; the last one may still be open.
        reopen_count: How many times the requester reopened it.
        warnings: How many SLA warnings were recorded (all metrics).
        breaches: How many SLA breaches were recorded (all metrics).
        rating: The requester's satisfaction, 1-5, if rated.
        cost: The total cost of the last resolution, if it had cost lines.
    """

    request_id: str
    category: Category
    channel: Channel
    site: str
    place: str = ""
    department: str | None = None
    asset: str | None = None
    tier: Tier | None = None
    assignee: str | None = None
    assignee_kind: AssigneeKind | None = None
    state: RequestState = RequestState.SUBMITTED
    submitted_at: datetime
    accepted_at: datetime | None = None
    work_started_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    ended_at: datetime | None = None
    response_due_at: datetime | None = None
    response_met: bool | None = None
    response_working_time: timedelta | None = None
    resolution_due_at: datetime | None = None
    resolution_met: bool | None = None
    resolution_working_time: timedelta | None = None
    pauses: tuple[Pause, ...] = ()
    reopen_count: int = 0
    warnings: int = 0
    breaches: int = 0
    rating: int | None = None
    cost: Money | None = None

    @property
    def is_open(self) -> bool:
        """Whether the request is still in the backlog (not closed, rejected or cancelled)."""
        return self.ended_at is None

    @property
    def elapsed_to_respond(self) -> timedelta | None:
        """Wall-clock time from acceptance to the first start of work, if both happened."""
        if self.accepted_at is None or self.work_started_at is None:
            return None
        return utc(self.work_started_at) - utc(self.accepted_at)

    @property
    def elapsed_to_resolve(self) -> timedelta | None:
        """Wall-clock time from acceptance to the last resolution, if both happened."""
        if self.accepted_at is None or self.resolved_at is None:
            return None
        return utc(self.resolved_at) - utc(self.accepted_at)

    @property
    def first_time_fix(self) -> bool | None:
        """Resolved and never reopened (``None`` until resolved)."""
        return None if self.resolved_at is None else self.reopen_count == 0


# -- from a request ----------------------------------------------------------------------------


def facts_from_request(request: ServiceRequestView, at: datetime | None = None) -> RequestFacts:
    """The facts of ``request`` as it stands at ``at`` (its last step by default).

    The SLA figures come from the request's clocks: exact due instants, verdicts and working
    times (a clock still running past its due instant at ``at`` counts as missed). The
    aggregate keeps no history of its steps, so some instants are read off its clocks:
    ``accepted_at`` is the start of the response clock (the regrade instant after a tier
    change), ``work_started_at`` its stop, ``resolved_at`` the resolution clock's stop;
    ``closed_at``/``ended_at`` are the last step's instant once the request is finished;
    ``pauses`` holds only a pause still going on. Feed events to
    :class:`RequestFactsProjection` for the full history.
    """
    at = request.changed_at if at is None else at
    details, clocks, state = request.details, request.clocks, request.state
    fields: dict[str, Any] = {}
    warnings = breaches = 0
    for clock in clocks.clocks:
        levels = len(clock.target.warnings)
        warnings += min(clock.alerts_raised, levels)
        breaches += 1 if clock.alerts_raised > levels else 0
    for metric, name in ((SlaMetric.RESPONSE, "response"), (SlaMetric.RESOLUTION, "resolution")):
        measured = clocks.get(metric)
        if measured is None:
            continue
        late = measured.late or (measured.stopped_at is None and utc(at) > utc(measured.due_at))
        stopped = measured.stopped_at is not None and not measured.cancelled
        fields[f"{name}_due_at"] = measured.due_at
        fields[f"{name}_met"] = False if late else (True if stopped else None)
        fields[f"{name}_working_time"] = measured.elapsed(at) if stopped else None
        if metric is SlaMetric.RESPONSE:
            fields["accepted_at"] = measured.started_at
            fields["work_started_at"] = measured.stopped_at if stopped else None
        elif stopped and request.resolution is not None:
            fields["resolved_at"] = measured.stopped_at
    finished = not state.is_open
    resolution, assignee, rating = request.resolution, request.assignee, request.rating
    pause_started = request.clocks.clocks[-1].changed_at if request.clocks.clocks else at
    return RequestFacts(
        request_id=request.id.value,
        category=details.category,
        channel=details.channel,
        site=details.location.site,
        place=details.location.place,
        department=None if details.department is None else details.department.value,
        asset=None if details.asset is None else details.asset.value,
        tier=request.tier,
        assignee=None if assignee is None else assignee.key,
        assignee_kind=None if assignee is None else assignee.kind,
        state=state,
        submitted_at=request.submitted_at,
        closed_at=request.changed_at if state is RequestState.CLOSED else None,
        ended_at=request.changed_at if finished else None,
        pauses=((pause_started, None),) if state is RequestState.PAUSED else (),
        reopen_count=request.reopenings,
        warnings=warnings,
        breaches=breaches,
        rating=None if rating is None else rating.score,
        cost=None if resolution is None else resolution.total_cost,
        **fields,
    )


# -- from events -------------------------------------------------------------------------------

_ENDING = (ev.RequestClosed, ev.RequestRejected, ev.RequestCancelled)


@attrs.define
class RequestFactsProjection:
    """Request facts kept up to date event by event: ``apply(event)``, then ``facts()``.

    Feed it the events of any number of requests, each request's in order (events of other
    aggregates are ignored). Without ``replay`` the SLA verdicts are as recorded (see the
    module docstring); with ``replay``, a function rebuilding a request from its events, the
    projection keeps each request's events and reads the SLA figures off the replayed request.

    Example:
        >>> projection = RequestFactsProjection()
        >>> projection.facts()
        []
    """

    replay: Callable[[list[DomainEvent]], ServiceRequestView] | None = None
    _facts: dict[str, RequestFacts] = attrs.field(factory=dict, init=False)
    _histories: dict[str, list[DomainEvent]] = attrs.field(factory=dict, init=False)
    _stale: set[str] = attrs.field(factory=set, init=False)

    def apply(self, event: DomainEvent) -> None:
        """Take one event into account (events of other aggregates are ignored)."""
        key = event.aggregate_id
        if isinstance(event, ev.RequestSubmitted):
            self._facts[key] = _submitted(event)
        else:
            current = self._facts.get(key)
            if current is None:
                return
            updated = _step(current, event)
            if updated is None:
                return
            self._facts[key] = updated
        if self.replay is not None:
            self._histories.setdefault(key, []).append(event)
            self._stale.add(key)

    def extend(self, events: Iterable[DomainEvent]) -> None:
        """Apply each of ``events`` in order."""
        for event in events:
            self.apply(event)

    def facts(self) -> list[RequestFacts]:
        """The facts of every request seen, in the order they were submitted."""
        if self.replay is not None and self._stale:
            for key in self._stale:
                exact = facts_from_request(self.replay(self._histories[key]))
                self._facts[key] = attrs.evolve(self._facts[key], **_sla_fields(exact))
            self._stale.clear()
        return list(self._facts.values())

    def __len__(self) -> int:
        return len(self._facts)


def facts_from_events(
    events: Iterable[DomainEvent],
    *,
    replay: Callable[[list[DomainEvent]], ServiceRequestView] | None = None,
) -> list[RequestFacts]:
    """The facts of every request in ``events`` (see :class:`RequestFactsProjection`)."""
    projection = RequestFactsProjection(replay)
    projection.extend(events)
    return projection.facts()


def _sla_fields(facts: RequestFacts) -> dict[str, Any]:
    names = ("due_at", "met", "working_time")
    return {
        f"{metric}_{name}": getattr(facts, f"{metric}_{name}")
        for metric in ("response", "resolution")
        for name in names
    }


def _submitted(event: ev.RequestSubmitted) -> RequestFacts:
    details = event.details
    return RequestFacts(
        request_id=event.aggregate_id,
        category=details.category,
        channel=details.channel,
        site=details.location.site,
        place=details.location.place,
        department=None if details.department is None else details.department.value,
        asset=None if details.asset is None else details.asset.value,
        submitted_at=event.occurred_at,
    )


def _step(facts: RequestFacts, event: DomainEvent) -> RequestFacts | None:  # noqa: PLR0911, PLR0912 (one branch per kind of event, flat)
    """The facts after ``event``, or ``None`` if it is not a request step."""
    action = _ACTIONS.get(type(event))
    if action is None:
        return None
    at = event.occurred_at
    evolve = attrs.evolve
    state = TRANSITIONS[action].leads_from(facts.state)
    if isinstance(event, ev.SlaWarningReached | ev.SlaBreached):
        name = _MEASURED.get(event.metric)
        if isinstance(event, ev.SlaBreached):
            changes: dict[str, Any] = {"breaches": facts.breaches + 1}
            if name is not None:
                changes[f"{name}_met"] = False
        else:
            changes = {"warnings": facts.warnings + 1}
        if name is not None:
            changes[f"{name}_due_at"] = event.due_at
        return evolve(facts, **changes)
    if isinstance(event, ev.RequestAccepted):
        return evolve(facts, state=state, tier=event.tier, accepted_at=at)
    if isinstance(event, ev.TierChanged):
        return evolve(facts, state=state, tier=event.tier)
    if isinstance(event, ev.RequestAssigned):
        who = event.assignee
        return evolve(facts, state=state, assignee=who.key, assignee_kind=who.kind)
    if isinstance(event, ev.WorkStarted):
        met = facts.response_met is not False
        return evolve(facts, state=state, work_started_at=at, response_met=met)
    if isinstance(event, ev.WorkPaused):
        return evolve(facts, state=state, pauses=(*facts.pauses, (at, None)))
    if isinstance(event, ev.WorkResumed):
        pauses = facts.pauses
        if pauses and pauses[-1][1] is None:
            pauses = (*pauses[:-1], (pauses[-1][0], at))
        return evolve(facts, state=state, pauses=pauses)
    if isinstance(event, ev.RequestResolved):
        resolved_met = facts.resolution_met is not False
        cost = event.resolution.total_cost
        return evolve(facts, state=state, resolved_at=at, resolution_met=resolved_met, cost=cost)
    if isinstance(event, ev.RequestReopened):
        reopened = facts.reopen_count + 1
        return evolve(
            facts,
            state=state,
            resolved_at=None,
            resolution_met=False if facts.resolution_met is False else None,
            reopen_count=reopened,
        )
    if isinstance(event, ev.RequestRated):
        return evolve(facts, state=state, rating=event.rating.score)
    if isinstance(event, _ENDING):
        closed = at if isinstance(event, ev.RequestClosed) else facts.closed_at
        return evolve(facts, state=state, ended_at=at, closed_at=closed)
    return evolve(facts, state=state)


_MEASURED = {SlaMetric.RESPONSE: "response", SlaMetric.RESOLUTION: "resolution"}
A = RequestAction

#: The lifecycle step each event records (for the state it leads to).
_ACTIONS: dict[type, RequestAction] = {
    ev.RequestReturned: A.RETURN_FOR_INFORMATION,
    ev.InformationSupplied: A.SUPPLY_INFORMATION,
    ev.RequestAccepted: A.ACCEPT,
    ev.RequestRejected: A.REJECT,
    ev.RequestAssigned: A.ASSIGN,
    ev.WorkStarted: A.START,
    ev.WorkPaused: A.PAUSE,
    ev.WorkResumed: A.RESUME,
    ev.ProgressNoted: A.NOTE_PROGRESS,
    ev.TierChanged: A.CHANGE_TIER,
    ev.RequestResolved: A.RESOLVE,
    ev.RequestReopened: A.REOPEN,
    ev.RequestSignedOff: A.SIGN_OFF,
    ev.RequestRated: A.RATE,
    ev.RequestClosed: A.CLOSE,
    ev.IncidentReportFiled: A.FILE_INCIDENT_REPORT,
    ev.RequestCancelled: A.CANCEL,
    ev.SlaWarningReached: A.RECORD_SLA_ALERTS,
    ev.SlaBreached: A.RECORD_SLA_ALERTS,
}
