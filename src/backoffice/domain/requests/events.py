"""The events a service request records: one per step, named in the past tense.

Every event is plain data (the codec turns it into JSON and back). Replaying a request's events
in order (:meth:`ServiceRequest.replay
<backoffice.domain.requests.request.ServiceRequest.replay>`) rebuilds it exactly, SLA clocks
included: the events that start clocks carry the target snapshot (metric, allowance, warnings
and the *name* of the calendar it counts on) and the deadlines computed then
(:data:`~backoffice.domain.requests.targets.SlaDeadline`); a calendar registry passed to the
replay turns the names back into calendars for the time still to count.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeAlias

import attrs

from backoffice.domain.events import DomainEvent, trusted_event
from backoffice.domain.requests.details import (
    Assignee,
    ProgressNote,
    Rating,
    RequestDetails,
    Resolution,
)
from backoffice.domain.requests.kinds import PauseReason, Tier
from backoffice.domain.requests.targets import SlaDeadline, SlaMetric, SlaTarget, SlaTargets
from backoffice.values import Percent

__all__ = [
    "IncidentReportFiled",
    "InformationSupplied",
    "ProgressNoted",
    "RequestAccepted",
    "RequestAssigned",
    "RequestCancelled",
    "RequestClosed",
    "RequestRated",
    "RequestRejected",
    "RequestReopened",
    "RequestResolved",
    "RequestReturned",
    "RequestSignedOff",
    "RequestSubmitted",
    "SlaAlert",
    "SlaBreached",
    "SlaWarningReached",
    "TierChanged",
    "WorkPaused",
    "WorkResumed",
    "WorkStarted",
]


@attrs.frozen(kw_only=True)
class RequestSubmitted(DomainEvent):
    """A request was raised (需求发起); its review clock started if a target was given.

    ``proposed_tier`` is the triage proposal made at intake, if any; ``deadlines`` holds the
    review clock's deadline when it started.
    """

    details: RequestDetails
    review_target: SlaTarget | None = None
    proposed_tier: Tier | None = None
    proposal_reason: str = ""
    deadlines: tuple[SlaDeadline, ...] = ()


@attrs.frozen(kw_only=True)
class RequestReturned(DomainEvent):
    """The reviewer sent the request back to the requester with a question."""

    question: str


@attrs.frozen(kw_only=True)
class InformationSupplied(DomainEvent):
    """The requester answered; the request is back for review.

    With a new description, if the requester restated the need, and a new triage proposal for
    it, if one was made.
    """

    answer: str
    description: str | None = None
    proposed_tier: Tier | None = None
    proposal_reason: str = ""


@attrs.frozen(kw_only=True)
class RequestAccepted(DomainEvent):
    """The reviewer accepted the request, graded it and fixed its SLA targets.

    ``proposed_tier`` is the triage proposal standing at the time, if one was made; when it
    differs from ``tier`` the reviewer overrode it (:attr:`overridden`). ``deadlines`` are
    those of the clocks the acceptance started (response, resolution), as computed then.
    """

    tier: Tier
    targets: SlaTargets
    proposed_tier: Tier | None = None
    deadlines: tuple[SlaDeadline, ...] = ()

    @property
    def overridden(self) -> bool:
        """Whether the reviewer chose a tier other than the one proposed."""
        return self.proposed_tier is not None and self.proposed_tier is not self.tier


@attrs.frozen(kw_only=True)
class RequestRejected(DomainEvent):
    """The reviewer refused the request ("still under warranty: contact the vendor")."""

    reason: str


@attrs.frozen(kw_only=True)
class RequestAssigned(DomainEvent):
    """The request was assigned (or reassigned) to a person, team or supplier."""

    assignee: Assignee


@attrs.frozen(kw_only=True)
class WorkStarted(DomainEvent):
    """The assignee started work: the response target is met (or breached) here."""


@attrs.frozen(kw_only=True)
class WorkPaused(DomainEvent):
    """Work was put on hold; the SLA clocks stop."""

    reason: PauseReason
    note: str = ""


@attrs.frozen(kw_only=True)
class WorkResumed(DomainEvent):
    """Work resumed; the SLA clocks run again with the working time they had left."""


@attrs.frozen(kw_only=True)
class ProgressNoted(DomainEvent):
    """A progress note (with attachment references) was added."""

    note: ProgressNote


@attrs.frozen(kw_only=True)
class TierChanged(DomainEvent):
    """The request was regraded; the new targets apply by the rule in the concepts page.

    ``deadlines`` are those of the clocks the regrade (re)started, as computed then.
    """

    previous: Tier
    tier: Tier
    targets: SlaTargets
    reason: str
    deadlines: tuple[SlaDeadline, ...] = ()


@attrs.frozen(kw_only=True)
class RequestResolved(DomainEvent):
    """The work was done; the resolution target is met (or breached) here."""

    resolution: Resolution


@attrs.frozen(kw_only=True)
class RequestReopened(DomainEvent):
    """The requester was not satisfied; work continues and so does the resolution clock."""

    reason: str


@attrs.frozen(kw_only=True)
class RequestSignedOff(DomainEvent):
    """The requester confirmed the result (验收确认)."""

    comment: str = ""


@attrs.frozen(kw_only=True)
class RequestRated(DomainEvent):
    """The requester rated their satisfaction."""

    rating: Rating


@attrs.frozen(kw_only=True)
class RequestClosed(DomainEvent):
    """The request was closed; an incident-report clock starts if the targets have one.

    ``deadlines`` holds that clock's deadline, if one started.
    """

    deadlines: tuple[SlaDeadline, ...] = ()


@attrs.frozen(kw_only=True)
class IncidentReportFiled(DomainEvent):
    """The incident report (《突发事件处理报告》) was filed."""

    reference: str


@attrs.frozen(kw_only=True)
class RequestCancelled(DomainEvent):
    """The request was withdrawn before resolution; running SLA clocks stop."""

    reason: str


@attrs.frozen(kw_only=True)
class SlaWarningReached(DomainEvent):
    """A metric used ``threshold`` of its time (seen by a sweep at ``occurred_at``)."""

    metric: SlaMetric
    threshold: Percent
    due_at: datetime


@attrs.frozen(kw_only=True)
class SlaBreached(DomainEvent):
    """A metric ran past its due instant (seen by a sweep at ``occurred_at``)."""

    metric: SlaMetric
    due_at: datetime


#: What an SLA sweep records and returns: a warning or a breach.
SlaAlert: TypeAlias = SlaWarningReached | SlaBreached


# Constructors for the events a request records most (every acceptance, every alert of every
# sweep) from values it has already checked: the step's actor and aware instant, its own id,
# tier, targets and clocks. They skip the events' converters (see ``trusted_event``).
_BASE = ("aggregate_id", "version", "actor", "occurred_at")
trusted_submitted = trusted_event(
    RequestSubmitted,
    *_BASE,
    "details",
    "review_target",
    "proposed_tier",
    "proposal_reason",
    "deadlines",
)
trusted_accepted = trusted_event(
    RequestAccepted, *_BASE, "tier", "targets", "proposed_tier", "deadlines"
)
trusted_warning = trusted_event(SlaWarningReached, *_BASE, "metric", "threshold", "due_at")
trusted_breach = trusted_event(SlaBreached, *_BASE, "metric", "due_at")
