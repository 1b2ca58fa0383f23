"""The service request: one need of the organisation, from raising to closing.

A request is raised through a channel, reviewed by logistics staff (accepted with a tier,
rejected with a reason, or returned for more information), assigned, worked on (with pauses
and progress notes), resolved, signed off or reopened by the requester, rated and closed.
Every step is a method named after it, takes the actor and an aware ``at``, and records one
event; a step that is not allowed raises and changes nothing.

The request carries its SLA clocks (see :mod:`~backoffice.domain.requests.clocks`): the review
clock starts at submission, the response and resolution clocks at acceptance, an incident-report
clock (emergencies only) at closure. ``request.sla(at)`` reports them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from backoffice.domain.events import DomainEvent
from backoffice.domain.requests import clockset, clockstate
from backoffice.domain.requests import events as ev
from backoffice.domain.requests.details import (
    Assignee,
    CostLine,
    ProgressNote,
    Rating,
    RequestDetails,
    Resolution,
    text,
)
from backoffice.domain.requests.kinds import PauseReason, Tier
from backoffice.domain.requests.lifecycle import RequestAction
from backoffice.domain.requests.steps import ServiceRequestSteps
from backoffice.domain.requests.submission import Submission
from backoffice.domain.requests.targets import SlaDeadline, SlaMetric, SlaTarget, SlaTargets
from backoffice.errors import InvalidTransition, ValidationError
from backoffice.values import ActorId, RequestId, ensure_aware, inputs

__all__ = ["ServiceRequest", "Submission"]

A = RequestAction


def _attachments(value: object) -> tuple[str, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return inputs.text_items(value, "attachments")  # refuses it, naming the argument
    return inputs.text_items(tuple(value), "attachments")


@attrs.define(eq=False, repr=False)
class ServiceRequest(ServiceRequestSteps):
    """A service request (报修 / 服务申请) and its SLA clocks; identity is its id.

    Create one with :meth:`submit`, rebuild one from its history with ``replay(events)``
    (from :class:`~backoffice.domain.requests.history.ServiceRequestHistory`). The read-only
    state and ``sla(at)`` come from :class:`~backoffice.domain.requests.view.ServiceRequestView`;
    the checks and the recording every step shares, from
    :class:`~backoffice.domain.requests.steps.ServiceRequestSteps`.
    """

    # -- creation -----------------------------------------------------------------------------

    @classmethod
    def submit(
        cls,
        request_id: RequestId,
        *,
        details: RequestDetails,
        at: datetime,
        actor: ActorId | None = None,
        review_target: SlaTarget | None = None,
        proposed_tier: Tier | None = None,
        proposal_reason: str = "",
    ) -> ServiceRequest:
        """Raise a request; its review clock starts now if a review target is given.

        Args:
            request_id: The new request's id (from an injected ``IdGenerator``).
            details: What is asked for, where, by whom.
            at: When it was raised.
            actor: Who entered it (a hotline clerk); the requester by default.
            review_target: The review target (``SlaPolicy.review_target``), if any.
            proposed_tier: The triage proposal (``TriagePolicy.propose``), if any.
            proposal_reason: Why triage proposed it.
        """
        if request_id.__class__ is not RequestId:
            request_id = inputs.entity_id(request_id, RequestId, "request_id")
        return cls.check_submission(
            details=details,
            at=at,
            actor=actor,
            review_target=review_target,
            proposed_tier=proposed_tier,
            proposal_reason=proposal_reason,
        ).raise_as(request_id)

    @classmethod
    def check_submission(
        cls,
        *,
        details: RequestDetails,
        at: datetime,
        actor: ActorId | str | None = None,
        review_target: SlaTarget | None = None,
        proposed_tier: Tier | str | None = None,
        proposal_reason: str = "",
    ) -> Submission:
        """Check a submission and start its review clock, before it has an id.

        The arguments are those of :meth:`submit`; the :class:`Submission` it returns raises
        the request once given its id (which cannot fail), so a service mints an id only for a
        submission that is accepted.
        """
        if details.__class__ is not RequestDetails and not isinstance(details, RequestDetails):
            raise ValidationError(
                f"details must be RequestDetails, got {type(details).__name__}",
                field="details",
            )
        if review_target is not None:
            if not isinstance(review_target, SlaTarget):
                raise ValidationError(
                    f"review_target must be an SlaTarget, got {type(review_target).__name__}",
                    field="review_target",
                )
            if review_target.metric is not SlaMetric.REVIEW:
                raise ValidationError(
                    "the review target must measure review", field="review_target"
                )
        if actor is None:
            actor = details.requester
        elif actor.__class__ is not ActorId:
            actor = inputs.actor(actor)
        if proposed_tier is not None and proposed_tier.__class__ is not Tier:
            proposed_tier = inputs.choice(proposed_tier, Tier, "proposed_tier")
        if proposal_reason.__class__ is not str or proposal_reason:
            proposal_reason = inputs.optional_text(proposal_reason, "proposal_reason")
        at = clockstate.real_instant(ensure_aware(at))
        clocks: tuple[tuple[SlaTarget, ...], tuple[clockstate.ClockState, ...]] | None = None
        deadlines: tuple[SlaDeadline, ...] = ()
        if review_target is not None:
            clocks = (review_target,), (clockstate.start(review_target, at),)
            deadlines = clockset.deadlines_of(*clocks, 1)
        return Submission(
            cls,
            (details, review_target, proposed_tier, proposal_reason, deadlines),
            actor,
            at,
            clocks,
        )

    # -- review -------------------------------------------------------------------------------

    def return_for_information(self, *, actor: ActorId, at: datetime, question: str) -> None:
        """Send the request back to the requester with a question; the review clock pauses."""
        actor, at = self._check(A.RETURN_FOR_INFORMATION, actor, at)
        self._record(ev.RequestReturned, actor, at, question=text(question, "question"))

    def supply_information(
        self,
        *,
        actor: ActorId,
        at: datetime,
        answer: str,
        description: str | None = None,
        proposed_tier: Tier | None = None,
        proposal_reason: str = "",
    ) -> None:
        """Answer the reviewer's question (optionally restating the need); review resumes.

        A restated need may come with a new triage proposal, which replaces the old one.
        """
        actor, at = self._check(A.SUPPLY_INFORMATION, actor, at)
        new = None if description is None else text(description, "description")
        self._record(
            ev.InformationSupplied,
            actor,
            at,
            answer=text(answer, "answer"),
            description=new,
            proposed_tier=(
                None if proposed_tier is None else inputs.choice(proposed_tier, Tier, "tier")
            ),
            proposal_reason=inputs.optional_text(proposal_reason, "proposal_reason"),
        )

    def accept(
        self,
        *,
        actor: ActorId,
        at: datetime,
        tier: Tier,
        targets: SlaTargets,
    ) -> None:
        """Accept and grade the request; its SLA targets are fixed now.

        The standing triage proposal is recorded with the acceptance, so a reviewer's override
        can be seen (:attr:`RequestAccepted.overridden <.events.RequestAccepted.overridden>`).

        Args:
            actor: The reviewer.
            at: When.
            tier: The tier chosen by the reviewer.
            targets: The targets for that tier, from the SLA policy (not the review target).
        """
        actor, at = self._check(A.ACCEPT, actor, at)
        tier, targets = self._grading(tier, targets)
        clock_targets, states, started = self._next_clocks(ev.RequestAccepted, at, targets)
        deadlines = clockset.deadlines_of(clock_targets, states, started)
        version = self._log.version + 1
        event = ev.trusted_accepted(
            self.id.value, version, actor, at, tier, targets, self._proposed_tier, deadlines
        )
        self._apply(event, clocks=(clock_targets, states))
        self._log.append(event)

    def reject(self, *, actor: ActorId, at: datetime, reason: str) -> None:
        """Refuse the request ("still under warranty: contact the vendor")."""
        actor, at = self._check(A.REJECT, actor, at)
        self._record(ev.RequestRejected, actor, at, reason=text(reason, "reason"))

    # -- work ---------------------------------------------------------------------------------

    def assign(self, *, actor: ActorId, at: datetime, assignee: Assignee) -> None:
        """Assign (or reassign) the work to a person, team or supplier."""
        actor, at = self._check(A.ASSIGN, actor, at)
        if not isinstance(assignee, Assignee):
            raise ValidationError(f"expected an Assignee, got {assignee!r}", field="assignee")
        self._record(ev.RequestAssigned, actor, at, assignee=assignee)

    def start(self, *, actor: ActorId, at: datetime) -> None:
        """The assignee starts work; this is the response."""
        actor, at = self._check(A.START, actor, at)
        self._record(ev.WorkStarted, actor, at)

    def pause(
        self, *, actor: ActorId, at: datetime, reason: PauseReason | str, note: str = ""
    ) -> None:
        """Put work on hold (waiting for parts, the requester, a vendor); the clocks stop."""
        actor, at = self._check(A.PAUSE, actor, at)
        self._record(
            ev.WorkPaused,
            actor,
            at,
            reason=inputs.choice(reason, PauseReason, "reason"),
            note=inputs.optional_text(note, "note"),
        )

    def resume(self, *, actor: ActorId, at: datetime) -> None:
        """Resume work; the clocks run again with the working time they had left."""
        actor, at = self._check(A.RESUME, actor, at)
        self._record(ev.WorkResumed, actor, at)

    def note_progress(
        self, *, actor: ActorId, at: datetime, note: str, attachments: Iterable[str] = ()
    ) -> None:
        """Add a progress note, with references to photos or documents."""
        actor, at = self._check(A.NOTE_PROGRESS, actor, at)
        entry = ProgressNote(actor, at, text(note, "note"), _attachments(attachments))
        self._record(ev.ProgressNoted, actor, at, note=entry)

    def change_tier(
        self, *, actor: ActorId, at: datetime, tier: Tier, targets: SlaTargets, reason: str
    ) -> None:
        """Regrade the request mid-flight.

        The rule: every response or resolution clock that is still within its target (running
        or paused) restarts at ``at`` with the new tier's target, as if accepted then; clocks
        already met or breached keep their verdict (a regrade never erases a breach); a metric
        the new targets lack stops being measured.
        """
        actor, at = self._check(A.CHANGE_TIER, actor, at)
        tier, targets = self._grading(tier, targets)
        if tier is self._tier:
            raise ValidationError(f"{self.id} is already {tier.value}", field="tier", value=tier)
        self._record(
            ev.TierChanged,
            actor,
            at,
            previous=self._tier,
            tier=tier,
            targets=targets,
            reason=text(reason, "reason"),
        )

    def resolve(
        self, *, actor: ActorId, at: datetime, resolution: str, cost_lines: Iterable[CostLine] = ()
    ) -> None:
        """Record the work as done, with what was done and what it cost."""
        actor, at = self._check(A.RESOLVE, actor, at)
        given: object = cost_lines
        if isinstance(given, (str, bytes)) or not isinstance(given, Iterable):
            raise ValidationError(
                f"cost_lines must be a list of CostLine, got {type(cost_lines).__name__}",
                field="cost_lines",
            )
        done = Resolution(text(resolution, "resolution"), tuple(cost_lines))
        self._record(ev.RequestResolved, actor, at, resolution=done)

    def reopen(self, *, actor: ActorId, at: datetime, reason: str) -> None:
        """The requester is not satisfied: work continues.

        The resolution clock *continues*: the time the request sat resolved does not count,
        the working time used before stays used (a fix that did not hold is the team's time).
        """
        actor, at = self._check(A.REOPEN, actor, at)
        self._record(ev.RequestReopened, actor, at, reason=text(reason, "reason"))

    # -- closing ------------------------------------------------------------------------------

    def sign_off(self, *, actor: ActorId, at: datetime, comment: str = "") -> None:
        """The requester confirms the result (验收确认)."""
        actor, at = self._check(A.SIGN_OFF, actor, at)
        self._record(
            ev.RequestSignedOff, actor, at, comment=inputs.optional_text(comment, "comment")
        )

    def rate(self, *, actor: ActorId, at: datetime, score: int, comment: str = "") -> None:
        """The requester rates their satisfaction, 1-5, once, after signing off."""
        actor, at = self._check(A.RATE, actor, at)
        if self._rating is not None:
            raise InvalidTransition(self.id, "rate", self._state, "it is already rated")
        rating = Rating(score, inputs.optional_text(comment, "comment"))
        self._record(ev.RequestRated, actor, at, rating=rating)

    def close(self, *, actor: ActorId, at: datetime) -> None:
        """Close the request; an incident-report clock starts if the targets ask for one."""
        actor, at = self._check(A.CLOSE, actor, at)
        self._record(ev.RequestClosed, actor, at)

    def file_incident_report(self, *, actor: ActorId, at: datetime, reference: str) -> None:
        """File the incident report an emergency needs after closure."""
        actor, at = self._check(A.FILE_INCIDENT_REPORT, actor, at)
        clock = self.clocks.get(SlaMetric.INCIDENT_REPORT)
        if clock is None or clock.is_stopped:
            why = "no incident report is due" if clock is None else "the report is already filed"
            raise InvalidTransition(self.id, "file_incident_report", self._state, why)
        self._record(ev.IncidentReportFiled, actor, at, reference=text(reference, "reference"))

    def cancel(self, *, actor: ActorId, at: datetime, reason: str) -> None:
        """Withdraw the request before resolution; running clocks stop (breached if late)."""
        actor, at = self._check(A.CANCEL, actor, at)
        self._record(ev.RequestCancelled, actor, at, reason=text(reason, "reason"))

    # -- SLA ----------------------------------------------------------------------------------

    def record_sla_alerts(self, *, actor: ActorId, at: datetime) -> list[ev.SlaAlert]:
        """Record the warnings and breaches crossed by ``at`` and not yet recorded.

        One event per level crossed (:class:`~.events.SlaWarningReached`, then
        :class:`~.events.SlaBreached`), dated ``at``; returned as well as kept pending.
        """
        actor, at = self._check(A.RECORD_SLA_ALERTS, actor, at)
        first = self._next_alert_at
        if first is None or clockstate.later(first, at):
            return []
        subject, version = self.id.value, self._log.version
        alerts: list[ev.SlaAlert] = []
        states = []
        warning, breach = ev.trusted_warning, ev.trusted_breach
        for target, state in zip(self._clock_targets, self._clock_states, strict=True):
            due_at = state[clockstate.NEXT]
            if due_at is None or clockstate.later(due_at, at):  # nothing due on this clock
                states.append(state)
                continue
            raised, count = clockstate.raise_alerts(target, state, at)
            states.append(raised)
            warnings, metric, due = target.warnings, target.metric, state[clockstate.DUE]
            for level in range(state[clockstate.RAISED], count):
                version += 1
                if level < len(warnings):
                    threshold = warnings[level]
                    alerts.append(warning(subject, version, actor, at, metric, threshold, due))
                else:
                    alerts.append(breach(subject, version, actor, at, metric, due))
        if not alerts:
            return []
        # Applied together: the same state as applying them one by one.
        self._clock_states = new = tuple(states)
        self._next_alert_at = clockset.first_alert(new)
        self._changed_at = at
        self._log.extend(alerts)
        return alerts

    def collect_events(self) -> list[DomainEvent]:
        """Hand over the events recorded since the last call, oldest first."""
        return self._log.collect()
