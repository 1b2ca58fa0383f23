"""What a service request knows, read-only: the fields and queries of the aggregate.

:class:`ServiceRequestView` is the read side of
:class:`~backoffice.domain.requests.request.ServiceRequest`, kept in its own module so the
lifecycle steps read on their own. Nothing here changes the request.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from backoffice.domain.events import EventLog
from backoffice.domain.requests import clockset
from backoffice.domain.requests.clockset import SlaClocks
from backoffice.domain.requests.clockstate import ClockState, real_instant
from backoffice.domain.requests.details import (
    Assignee,
    ProgressNote,
    Rating,
    RequestDetails,
    Resolution,
)
from backoffice.domain.requests.kinds import PauseReason, RequestState, Tier
from backoffice.domain.requests.report import SlaReport
from backoffice.domain.requests.targets import SlaTarget, SlaTargets
from backoffice.values import RequestId, ensure_not_before

__all__ = ["ServiceRequestView"]


@attrs.define(eq=False, repr=False)
class ServiceRequestView:
    """The state of a service request and its queries; identity is the id."""

    id: RequestId
    _details: RequestDetails
    _submitted_at: datetime
    _changed_at: datetime
    _state: RequestState = RequestState.SUBMITTED
    _tier: Tier | None = None
    _proposed_tier: Tier | None = None
    _proposal_reason: str = ""
    _review_target: SlaTarget | None = None
    _accepted_targets: SlaTargets | None = None
    # The clocks as two parallel tuples and their earliest alert instant, rather than one
    # SlaClocks object: see clockstate.py (the figures are tuples the collector does not track)
    # and ``clocks`` for the view.
    _clock_targets: tuple[SlaTarget, ...] = ()
    _clock_states: tuple[ClockState, ...] = ()
    _next_alert_at: datetime | None = None
    _assignee: Assignee | None = None
    _notes: tuple[ProgressNote, ...] = ()
    _pause_reason: PauseReason | None = None
    _open_question: str | None = None
    _resolution: Resolution | None = None
    _reopenings: int = 0
    _rating: Rating | None = None
    _reason: str | None = None
    _incident_report: str | None = None
    _log: EventLog = attrs.field(factory=EventLog)

    def sla(self, at: datetime) -> SlaReport:
        """Every SLA metric's due time, elapsed and remaining working time, share and state.

        Raises:
            ValidationError: ``at`` is before the request's last step.
        """
        ensure_not_before(at, self._changed_at)
        return self.clocks.report(real_instant(at), self.targets)

    @property
    def details(self) -> RequestDetails:
        """What was asked for (with the latest description)."""
        return self._details

    @property
    def state(self) -> RequestState:
        """Where the request is in its lifecycle."""
        return self._state

    @property
    def is_open(self) -> bool:
        """Whether the request is neither closed, rejected nor cancelled."""
        return self._state.is_open

    @property
    def tier(self) -> Tier | None:
        """The tier given at acceptance (or by the last regrade)."""
        return self._tier

    @property
    def proposed_tier(self) -> Tier | None:
        """The tier triage proposed at intake (or after the requester's answer), if any."""
        return self._proposed_tier

    @property
    def proposal_reason(self) -> str:
        """Why triage proposed :attr:`proposed_tier`."""
        return self._proposal_reason

    @property
    def targets(self) -> SlaTargets:
        """The SLA targets in force: the review target and the ones fixed at grading."""
        review = () if self._review_target is None else (self._review_target,)
        graded = () if self._accepted_targets is None else self._accepted_targets.targets
        return SlaTargets(review + graded)

    @property
    def clocks(self) -> SlaClocks:
        """The started SLA clocks, by metric."""
        return SlaClocks.of(self._clock_targets, self._clock_states)

    @property
    def next_alert_at(self) -> datetime | None:
        """No SLA warning or breach can be due before this instant (``None``: none can come).

        Cheap and never late, so a sweep compares it with "now" to skip a request; it may be
        early for warnings on office calendars (:meth:`next_sla_check` is sharper).
        """
        return self._next_alert_at

    def next_sla_check(self, at: datetime) -> datetime | None:
        """When an SLA alert can next be due, judged from the working time counted by ``at``."""
        ensure_not_before(at, self._changed_at)
        return clockset.next_check(self._clock_targets, self._clock_states, real_instant(at))

    @property
    def submitted_at(self) -> datetime:
        """When the request was raised."""
        return self._submitted_at

    @property
    def changed_at(self) -> datetime:
        """When the last step was recorded; the next step may not be earlier."""
        return self._changed_at

    @property
    def assignee(self) -> Assignee | None:
        """Who the work is assigned to."""
        return self._assignee

    @property
    def notes(self) -> tuple[ProgressNote, ...]:
        """The progress notes, oldest first."""
        return self._notes

    @property
    def pause_reason(self) -> PauseReason | None:
        """Why work is on hold, while it is."""
        return self._pause_reason

    @property
    def open_question(self) -> str | None:
        """The reviewer's question, while the request is returned to the requester."""
        return self._open_question

    @property
    def resolution(self) -> Resolution | None:
        """The last resolution (kept when reopened, replaced by the next)."""
        return self._resolution

    @property
    def reopenings(self) -> int:
        """How many times the request was reopened."""
        return self._reopenings

    @property
    def rating(self) -> Rating | None:
        """The requester's rating, once given."""
        return self._rating

    @property
    def reason(self) -> str | None:
        """The reason given for the last rejection, cancellation or reopening."""
        return self._reason

    @property
    def incident_report(self) -> str | None:
        """The reference of the filed incident report."""
        return self._incident_report

    @property
    def version(self) -> int:
        """Number of events in the request's history."""
        return self._log.version

    def snapshot(self) -> dict[str, object]:
        """The whole state as a plain mapping (for audits, and to compare two requests).

        Every value in it is immutable, so a snapshot taken before a step still shows the
        state before it.
        """
        state = {f.name.lstrip("_"): getattr(self, f.name) for f in attrs.fields(type(self))}
        for kept in ("clock_targets", "clock_states", "next_alert_at"):
            del state[kept]
        state["clocks"] = self.clocks
        state["log"] = self._log.version
        return state

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServiceRequestView):
            return NotImplemented
        return self.id == other.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        tier = f", {self._tier.value}" if self._tier is not None else ""
        return f"<ServiceRequest {self.id} {self._state.value}{tier} v{self.version}>"
