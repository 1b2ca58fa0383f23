"""How a request's events become its state: applying one event, replaying a whole history.

Every lifecycle step of a service request records an event and then *applies* it, and the
same code rebuilds a request from its stored history (an event store, an audit). So a replayed
request is the request: same state, same SLA clocks (recomputed from the target snapshots the
events carry, on each target's own calendar), same version.

Applying an event first computes the new SLA clocks, the only part that can fail, and only
then assigns the fields: a step that raises has changed nothing. Events read back from storage
name the calendars of their target snapshots; replay resolves the names in the calendars it is
given (:mod:`~backoffice.domain.requests.snapshots`) and restarts each clock with the deadline
its event recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, Final, Self

import attrs

from backoffice.calendar import WorkingCalendar
from backoffice.domain.events import DomainEvent, EventLog
from backoffice.domain.requests import clockset
from backoffice.domain.requests import events as ev
from backoffice.domain.requests.clockset import States, Targets
from backoffice.domain.requests.kinds import RequestState
from backoffice.domain.requests.lifecycle import TRANSITIONS, RequestAction
from backoffice.domain.requests.snapshots import SnapshotResolver
from backoffice.domain.requests.targets import SlaDeadline, SlaTargets
from backoffice.domain.requests.view import ServiceRequestView
from backoffice.errors import ValidationError
from backoffice.values import RequestId

__all__ = ["ServiceRequestHistory"]

A = RequestAction


@attrs.define(eq=False, repr=False)
class ServiceRequestHistory(ServiceRequestView):
    """A service request as the sum of its events.

    The base of :class:`~backoffice.domain.requests.request.ServiceRequest`, which adds the
    steps (through :class:`~backoffice.domain.requests.steps.ServiceRequestSteps`); rebuild a
    request with ``ServiceRequest.replay(events)``.
    """

    @classmethod
    def replay(
        cls,
        events: Iterable[DomainEvent],
        *,
        calendars: Mapping[str, WorkingCalendar] | None = None,
    ) -> Self:
        """Rebuild a request from its whole history, oldest event first.

        Args:
            events: The request's events, from its submission on.
            calendars: The calendars the target snapshots name (a
                :class:`~backoffice.calendar.CalendarRegistry`). Needed for events read back
                from storage; events recorded in this process already count on theirs.

        Raises:
            ValidationError: The history does not start with a submission, mixes requests or
                skips a version.
            UnknownCalendar: A target snapshot names a calendar not in ``calendars``.
        """
        return cls.rebuild(events, SnapshotResolver(calendars))

    @classmethod
    def rebuild(cls, events: Iterable[DomainEvent], resolver: SnapshotResolver) -> Self:
        """:meth:`replay` with a resolver shared by many requests (a service's restore)."""
        history = iter(events)
        first = next(history, None)
        if not isinstance(first, ev.RequestSubmitted) or first.version != 1:
            raise ValidationError("a request's history starts with its submission", field="events")
        request = cls._from_submission(first, resolver=resolver)
        version = 1
        for event in history:
            if event.aggregate_id != first.aggregate_id or event.version != version + 1:
                raise ValidationError(
                    f"event {event.name} v{event.version} does not follow v{version} of "
                    f"{first.aggregate_id}",
                    field="events",
                )
            if type(event) not in _APPLY:
                raise ValidationError(
                    f"event {event.name} is not a service request's", field="events"
                )
            request._apply(event, resolver=resolver)
            version = event.version
        request._log = EventLog(version=version)
        return request

    @classmethod
    def _from_submission(
        cls,
        event: ev.RequestSubmitted,
        request_id: RequestId | None = None,
        *,
        resolver: SnapshotResolver | None = None,
        clocks: tuple[Targets, States] | None = None,
    ) -> Self:
        at = event.occurred_at
        if request_id is None:
            request_id = RequestId(event.aggregate_id)
        review = event.review_target
        if review is not None and resolver is not None:
            review = resolver.target(review)
        if clocks is None and review is not None:
            clocks = (review,), tuple(clockset.starts((review,), at, event.deadlines))
        request = cls(request_id, event.details, at, at)
        request._review_target = review
        request._proposed_tier = event.proposed_tier
        request._proposal_reason = event.proposal_reason
        if clocks is not None:
            request._clock_targets, request._clock_states = clocks
            request._next_alert_at = clockset.first_alert(clocks[1])
        return request

    def _next_clocks(
        self,
        kind: type[DomainEvent],
        at: datetime,
        graded: SlaTargets | None,
        deadlines: tuple[SlaDeadline, ...] = (),
        alert: ev.SlaAlert | None = None,
    ) -> tuple[Targets, States, int]:
        """The clocks after an event of ``kind`` at ``at``, and how many it started (last).

        The only part of a step that can fail (a calendar's missing holiday data), so it runs
        before anything is assigned.
        """
        action, _, clock_rule = _APPLY[kind]
        targets, states = self._clock_targets, self._clock_states
        if clock_rule is _ADVANCE:
            moved = clockset.advance(targets, states, action, at, graded, deadlines=deadlines)
            if moved is None:
                return targets, states, 0
            return moved[0], moved[1], len(moved[0]) - len(targets)
        if clock_rule is _REGRADE:
            paused = self._state is RequestState.PAUSED
            assert graded is not None  # a regrade always has targets
            return clockset.regrade(targets, states, graded, at, paused=paused, deadlines=deadlines)
        assert alert is not None
        metric = alert.metric
        warnings = next(t for t in targets if t.metric is metric).warnings
        level = len(warnings) if clock_rule is _BREACH else warnings.index(alert.threshold)  # type: ignore[union-attr]
        return targets, clockset.mark_raised(targets, states, metric, level + 1), 0

    def _apply(
        self,
        event: DomainEvent,
        *,
        resolver: SnapshotResolver | None = None,
        clocks: tuple[Targets, States] | None = None,
    ) -> None:
        """Apply one event: compute the new clocks (the part that can fail), then assign.

        ``clocks`` are the clocks after it when the step computed them already; ``resolver``
        resolves the calendars of the targets a stored event carries.
        """
        action, update, clock_rule = _APPLY[type(event)]
        at = event.occurred_at
        graded = self._accepted_targets
        if clock_rule is _ADVANCE or clock_rule is _REGRADE:
            fixed = getattr(event, "targets", None)
            if fixed is not None:
                graded = fixed if resolver is None else resolver.targets(fixed)
        if clocks is None:
            alert = event if clock_rule is _WARNING or clock_rule is _BREACH else None
            deadlines = getattr(event, "deadlines", ())
            targets, states, _ = self._next_clocks(
                type(event),
                at,
                graded,
                deadlines,
                alert,  # type: ignore[arg-type]
            )
        else:
            targets, states = clocks
        self._state = _LEADS_TO[action][self._state]
        self._accepted_targets = graded
        self._changed_at = at
        if states is not self._clock_states:
            self._clock_targets, self._clock_states = targets, states
            self._next_alert_at = clockset.first_alert(states)
        update(self, event)

    # -- the field updates of each event --------------------------------------------------------

    def _keep(self, event: Any) -> None:
        """No field changes beyond the state and clocks."""

    def _returned(self, event: ev.RequestReturned) -> None:
        self._open_question = event.question

    def _supplied(self, event: ev.InformationSupplied) -> None:
        self._open_question = None
        if event.description is not None:
            self._details = attrs.evolve(self._details, description=event.description)
        if event.proposed_tier is not None:
            self._proposed_tier = event.proposed_tier
            self._proposal_reason = event.proposal_reason

    def _graded(self, event: ev.RequestAccepted | ev.TierChanged) -> None:
        self._tier = event.tier

    def _refused(self, event: ev.RequestRejected | ev.RequestCancelled) -> None:
        self._reason = event.reason

    def _assigned(self, event: ev.RequestAssigned) -> None:
        self._assignee = event.assignee

    def _paused(self, event: ev.WorkPaused) -> None:
        self._pause_reason = event.reason

    def _resumed(self, event: ev.WorkResumed) -> None:
        self._pause_reason = None

    def _noted(self, event: ev.ProgressNoted) -> None:
        self._notes = (*self._notes, event.note)

    def _resolved(self, event: ev.RequestResolved) -> None:
        self._resolution = event.resolution

    def _reopened(self, event: ev.RequestReopened) -> None:
        self._reopenings += 1
        self._reason = event.reason

    def _rated(self, event: ev.RequestRated) -> None:
        self._rating = event.rating

    def _reported(self, event: ev.IncidentReportFiled) -> None:
        self._incident_report = event.reference


_H = ServiceRequestHistory
#: How an event moves the SLA clocks: by the lifecycle step's triggers, by the tier-change
#: rule, or by marking a warning or the breach as raised.
_ADVANCE: Final = "advance"
_REGRADE: Final = "regrade"
_WARNING: Final = "warning"
_BREACH: Final = "breach"

#: For each event: the lifecycle step it records, the field updates it makes, its clock rule.
_APPLY: Final[Mapping[type, tuple[RequestAction, Callable[[Any, Any], None], str]]] = {
    ev.RequestReturned: (A.RETURN_FOR_INFORMATION, _H._returned, _ADVANCE),
    ev.InformationSupplied: (A.SUPPLY_INFORMATION, _H._supplied, _ADVANCE),
    ev.RequestAccepted: (A.ACCEPT, _H._graded, _ADVANCE),
    ev.RequestRejected: (A.REJECT, _H._refused, _ADVANCE),
    ev.RequestAssigned: (A.ASSIGN, _H._assigned, _ADVANCE),
    ev.WorkStarted: (A.START, _H._keep, _ADVANCE),
    ev.WorkPaused: (A.PAUSE, _H._paused, _ADVANCE),
    ev.WorkResumed: (A.RESUME, _H._resumed, _ADVANCE),
    ev.ProgressNoted: (A.NOTE_PROGRESS, _H._noted, _ADVANCE),
    ev.TierChanged: (A.CHANGE_TIER, _H._graded, _REGRADE),
    ev.RequestResolved: (A.RESOLVE, _H._resolved, _ADVANCE),
    ev.RequestReopened: (A.REOPEN, _H._reopened, _ADVANCE),
    ev.RequestSignedOff: (A.SIGN_OFF, _H._keep, _ADVANCE),
    ev.RequestRated: (A.RATE, _H._rated, _ADVANCE),
    ev.RequestClosed: (A.CLOSE, _H._keep, _ADVANCE),
    ev.IncidentReportFiled: (A.FILE_INCIDENT_REPORT, _H._reported, _ADVANCE),
    ev.RequestCancelled: (A.CANCEL, _H._refused, _ADVANCE),
    ev.SlaWarningReached: (A.RECORD_SLA_ALERTS, _H._keep, _WARNING),
    ev.SlaBreached: (A.RECORD_SLA_ALERTS, _H._keep, _BREACH),
}

#: The lifecycle table as lookups: for each step, the state it leads to from each state.
_LEADS_TO: Final[Mapping[RequestAction, dict[RequestState, RequestState]]] = {
    action: {state: transition.leads_from(state) for state in RequestState}
    for action, transition in TRANSITIONS.items()
}
