"""The events of approvals: every request, decision, escalation and delegation.

Every decision is an event, with who decided, on whose behalf (when through a delegation), at
which step and why, so the approval trail of any document can be shown to an auditor.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from backoffice.domain.approvals.delegation import Delegation, DelegationId
from backoffice.domain.approvals.documents import ApprovalDocument
from backoffice.domain.approvals.splitting import SplitPurchaseFlag
from backoffice.domain.approvals.steps import RestartRule, Role, StepSpec
from backoffice.domain.events import DomainEvent
from backoffice.values.ids import ActorId

__all__ = [
    "APPROVAL_EVENTS",
    "ApprovalEscalated",
    "ApprovalGranted",
    "ApprovalRejected",
    "ApprovalRequested",
    "ApprovalResubmitted",
    "ApprovalReturned",
    "ApprovalWithdrawn",
    "DelegationGranted",
    "DelegationRevoked",
]


@attrs.frozen(kw_only=True)
class ApprovalRequested(DomainEvent):
    """A document was submitted and its chain started.

    Attributes:
        document: The document as submitted.
        roles: The role of each step of the chain, in order.
        approvers: The eligible approvers of each step (sorted), in step order.
        due: When the first step escalates, if it has a deadline.
        split_flag: Set when the document looks like part of a split purchase.
        specs: The chain's steps as the policy decided them (quorum, deadline, escalation),
            copied so that a later change of policy never rewrites the request.
        restart: Where the chain restarts after a return for changes.
    """

    document: ApprovalDocument
    roles: tuple[Role, ...]
    approvers: tuple[tuple[ActorId, ...], ...]
    due: datetime | None
    split_flag: SplitPurchaseFlag | None
    specs: tuple[StepSpec, ...]
    restart: RestartRule


@attrs.frozen(kw_only=True)
class _Decided(DomainEvent):
    step: int
    role: Role
    on_behalf_of: ActorId | None
    delegation: DelegationId | None


@attrs.frozen(kw_only=True)
class ApprovalGranted(_Decided):
    """An approver approved the current step.

    Attributes:
        step: The step approved (0-based).
        on_behalf_of: The principal, when the actor approved as their delegate.
        step_complete: Whether the step now has its quorum.
        document_approved: Whether this approval completed the whole chain.
        next_due: When the next step escalates, if it started and has a deadline.
    """

    comment: str
    step_complete: bool
    document_approved: bool
    next_due: datetime | None


@attrs.frozen(kw_only=True)
class ApprovalRejected(_Decided):
    """An approver rejected the document; the chain ends."""

    reason: str


@attrs.frozen(kw_only=True)
class ApprovalReturned(_Decided):
    """An approver returned the document to the requester for changes."""

    reason: str


@attrs.frozen(kw_only=True)
class ApprovalResubmitted(DomainEvent):
    """The requester resubmitted a returned document; the chain restarted.

    Attributes:
        document: The revised document.
        restart_step: The step the chain restarted from (0-based).
        round: Which submission this is (2 for the first resubmission).
        specs: The new chain's steps as the policy decided them.
    """

    document: ApprovalDocument
    roles: tuple[Role, ...]
    approvers: tuple[tuple[ActorId, ...], ...]
    restart_step: int
    round: int
    due: datetime | None
    specs: tuple[StepSpec, ...]


@attrs.frozen(kw_only=True)
class ApprovalWithdrawn(DomainEvent):
    """The requester withdrew the document."""

    reason: str


@attrs.frozen(kw_only=True)
class ApprovalEscalated(DomainEvent):
    """A step passed its deadline and escalated: the escalation role may now approve it."""

    step: int
    role: Role
    escalated_to: Role
    approvers: tuple[ActorId, ...]
    was_due: datetime


@attrs.frozen(kw_only=True)
class DelegationGranted(DomainEvent):
    """A principal delegated approvals to a deputy for a period."""

    delegation: Delegation


@attrs.frozen(kw_only=True)
class DelegationRevoked(DomainEvent):
    """A delegation was ended early; ``ends`` is its new end."""

    delegation_id: DelegationId
    ends: datetime


#: The event classes an approval request records (the delegation events are the register's).
APPROVAL_EVENTS: tuple[type[DomainEvent], ...] = (
    ApprovalEscalated,
    ApprovalGranted,
    ApprovalRejected,
    ApprovalRequested,
    ApprovalResubmitted,
    ApprovalReturned,
    ApprovalWithdrawn,
)
