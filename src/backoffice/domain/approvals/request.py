"""The approval request: one document travelling through its chain of steps.

When a document is submitted, the policy's chain is **staffed**: each step gets the people who
hold its role (from the organisation's directory), the requester left out. The request then
walks the steps in order. At each step eligible approvers (or their delegates) approve until
the quorum is reached; any of them may instead reject the document or return it for changes.
A step with a deadline that passes unapproved may be escalated to its escalation role.

The request enforces segregation of duties on every decision (see
:mod:`~backoffice.domain.approvals.sod`) and refuses, at submission, a chain that cannot be
completed under those rules. A document is approved only when every step has its quorum.

Submitting and deciding live here; what the request answers about itself (who may approve,
when it is due, who approved) is in :mod:`~backoffice.domain.approvals.queries`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

import attrs

from backoffice.calendar.business import WorkingCalendar
from backoffice.domain.approvals.decisions import Decision, DecisionKind
from backoffice.domain.approvals.delegation import Delegation
from backoffice.domain.approvals.documents import ApprovalDocument, DocumentId
from backoffice.domain.approvals.errors import (
    NotAnApprover,
    ReasonRequired,
)
from backoffice.domain.approvals.events import (
    ApprovalGranted,
    ApprovalRejected,
    ApprovalRequested,
    ApprovalReturned,
)
from backoffice.domain.approvals.queries import RequestQueries
from backoffice.domain.approvals.replay import RequestReplay, assignments
from backoffice.domain.approvals.rework import RequestRework
from backoffice.domain.approvals.sod import (
    check_not_requester,
    check_one_step_per_person,
)
from backoffice.domain.approvals.splitting import SplitPurchaseFlag
from backoffice.domain.approvals.staffing import StepAssignment, staff_steps
from backoffice.domain.approvals.state import ApprovalStatus
from backoffice.domain.approvals.steps import RestartRule
from backoffice.domain.events import DomainEvent, EventLog
from backoffice.errors import ValidationError
from backoffice.values.ids import ActorId
from backoffice.values.instant import ensure_aware

__all__ = ["ApprovalRequest", "ApprovalStatus", "StepAssignment"]


def _reason(text: str, action: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ReasonRequired(f"a reason is required to {action} a document", field="reason")
    return text.strip()


@attrs.define(eq=False)
class ApprovalRequest(RequestRework, RequestReplay, RequestQueries):
    """A document's way through its approval chain. Create it with :meth:`submit`.

    Attributes:
        document: The document (the latest version, after resubmissions).
        steps: The staffed steps of the current round.
        restart: Where the chain restarts after a return for changes.
        status: Pending, approved, rejected, returned or withdrawn.
        current: The index of the step awaiting approval (while pending).
        round: 1 for the first submission, +1 per resubmission.
        split_flag: Set when the document was flagged as a possible split purchase.
    """

    document: ApprovalDocument
    steps: tuple[StepAssignment, ...]
    restart: RestartRule
    _calendar: WorkingCalendar = attrs.field(repr=False)
    status: ApprovalStatus = ApprovalStatus.PENDING
    current: int = 0
    round: int = 1
    split_flag: SplitPurchaseFlag | None = None
    _eligible: list[frozenset[ActorId]] = attrs.field(factory=list, repr=False)
    _approvals: list[dict[ActorId, Decision]] = attrs.field(factory=list, repr=False)
    _due: datetime | None = attrs.field(default=None, repr=False)
    _escalated: bool = attrs.field(default=False, repr=False)
    _returned_step: int = attrs.field(default=0, repr=False)
    _last_at: datetime | None = attrs.field(default=None, repr=False)
    _history: list[Decision] = attrs.field(factory=list, repr=False)
    _events: EventLog = attrs.field(factory=EventLog, repr=False)

    # -- identity ------------------------------------------------------------------------------

    @property
    def id(self) -> DocumentId:
        """The document's id, which is the request's identity."""
        return self.document.id

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ApprovalRequest) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    # -- commands ------------------------------------------------------------------------------

    @classmethod
    def submit(
        cls,
        document: ApprovalDocument,
        steps: Iterable[StepAssignment],
        *,
        calendar: WorkingCalendar,
        at: datetime,
        restart: RestartRule = RestartRule.FROM_START,
        split_flag: SplitPurchaseFlag | None = None,
    ) -> ApprovalRequest:
        """Start the approval of ``document`` through ``steps``.

        Args:
            document: The document submitted; its requester is the actor.
            steps: The chain's steps with their approvers.
            calendar: The business calendar step deadlines count on.
            at: When it was submitted.
            restart: Where the chain restarts after a return for changes.
            split_flag: Set if the document was flagged as a possible split purchase.

        Raises:
            NoEligibleApprover: A step cannot get its quorum besides the requester, or the chain
                cannot be completed with one person per step.
            ValidationError: No steps at all (fails closed).
        """
        at = ensure_aware(at)
        staffed = staff_steps(document, steps)
        request = cls(document, staffed, restart, calendar, split_flag=split_flag)
        due = request._due_of(0, at)
        request._begin(0, due, keep=0)
        request._last_at = at
        request._record(
            ApprovalRequested,
            document.requester,
            at,
            document=document,
            roles=tuple(s.role for s in staffed),
            approvers=tuple(tuple(sorted(s.approvers)) for s in staffed),
            due=due,
            split_flag=split_flag,
            specs=tuple(s.spec for s in staffed),
            restart=restart,
        )
        return request

    @classmethod
    def replay(cls, events: Iterable[DomainEvent], *, calendar: WorkingCalendar) -> ApprovalRequest:
        """Rebuild a request from its whole history of events, oldest first.

        Nothing is decided again (see :mod:`~backoffice.domain.approvals.replay`): the chain,
        approvers, decisions and due instants are the recorded ones.

        Args:
            events: The request's events, :class:`ApprovalRequested` first.
            calendar: The business calendar deadlines of steps still to come count on (the one
                the request was submitted under).

        Raises:
            ValidationError: No events, the first is not :class:`ApprovalRequested`, or an event
                belongs to another request or is out of sequence.
        """
        history: Sequence[DomainEvent] = list(events)
        opened = history[0] if history else None
        if not isinstance(opened, ApprovalRequested):
            raise ValidationError(
                "an approval request is replayed from its events, ApprovalRequested first",
                field="events",
            )
        steps = assignments(opened.specs, opened.approvers)
        request = cls(
            opened.document,
            steps,
            opened.restart,
            calendar,
            split_flag=opened.split_flag,
            events=EventLog(version=len(history)),
        )
        request._begin(0, opened.due, keep=0)
        request._last_at = opened.occurred_at
        request._replay_events(history)
        return request

    def approve(
        self,
        actor: ActorId,
        *,
        at: datetime,
        delegation: Delegation | None = None,
        comment: str = "",
    ) -> None:
        """Approve the current step, as an eligible approver or as their delegate.

        Raises:
            InvalidTransition: The document is not pending.
            SelfApprovalForbidden: ``actor`` (or the principal) is the requester.
            NotAnApprover: ``actor`` (or the principal) is not eligible for the step.
            DuplicateApprover: ``actor`` or the principal approved a step already.
            InvalidDelegation: ``delegation`` does not cover the actor, role or moment.
        """
        at = self._when(at)
        self._require_pending("approve")
        step = self.current
        decision = self._decision(DecisionKind.APPROVE, actor, at, delegation, comment)
        check_one_step_per_person(self.document, self._approvals, step, actor, decision.principal)
        complete = len(self._approvals[step]) + 1 >= self.steps[step].required
        last = step + 1 == len(self.steps)
        next_due = self._due_of(step + 1, at) if complete and not last else None
        self._approvals[step][decision.principal] = decision
        self._history.append(decision)
        if complete and last:
            self.status = ApprovalStatus.APPROVED
            self._due = None
        elif complete:
            self._begin(step + 1, next_due, keep=step + 1)
        self._last_at = at
        self._record(
            ApprovalGranted,
            actor,
            at,
            step=step,
            role=self.steps[step].role,
            on_behalf_of=decision.on_behalf_of,
            delegation=decision.delegation,
            comment=comment,
            step_complete=complete,
            document_approved=self.status is ApprovalStatus.APPROVED,
            next_due=next_due,
        )

    def reject(
        self, actor: ActorId, *, reason: str, at: datetime, delegation: Delegation | None = None
    ) -> None:
        """Reject the document for good; a reason is required.

        Raises:
            ReasonRequired: No reason given.
            InvalidTransition: The document is not pending.
            SelfApprovalForbidden: The requester cannot decide on their own document.
            NotAnApprover: ``actor`` is not eligible for the current step.
        """
        self._stop(
            DecisionKind.REJECT,
            ApprovalStatus.REJECTED,
            actor,
            reason=reason,
            at=at,
            delegation=delegation,
        )

    def return_for_changes(
        self, actor: ActorId, *, reason: str, at: datetime, delegation: Delegation | None = None
    ) -> None:
        """Send the document back to the requester for changes; a reason is required.

        Raises:
            ReasonRequired: No reason given.
            InvalidTransition: The document is not pending.
            SelfApprovalForbidden: The requester cannot decide on their own document.
            NotAnApprover: ``actor`` is not eligible for the current step.
        """
        self._stop(
            DecisionKind.RETURN,
            ApprovalStatus.RETURNED,
            actor,
            reason=reason,
            at=at,
            delegation=delegation,
        )

    # -- internals -----------------------------------------------------------------------------

    def _decision(
        self,
        kind: DecisionKind,
        actor: ActorId,
        at: datetime,
        delegation: Delegation | None,
        reason: str,
    ) -> Decision:
        """Validate who decides (self-approval, eligibility, delegation) and build the decision."""
        step = self.current
        principal = actor if delegation is None else delegation.principal
        check_not_requester(self.document, actor, principal)
        spec = self.steps[step].spec
        if principal not in self._eligible[step]:
            raise NotAnApprover(self.document.id, actor, step, spec.role)
        if delegation is not None:
            role = spec.role
            if principal not in self.steps[step].approvers and spec.escalate_to is not None:
                role = spec.escalate_to
            delegation.check(actor, at, role)
        return Decision(
            kind=kind,
            step=step,
            round=self.round,
            actor=actor,
            on_behalf_of=None if delegation is None else principal,
            delegation=None if delegation is None else delegation.id,
            at=at,
            reason=reason,
        )

    def _stop(
        self,
        kind: DecisionKind,
        status: ApprovalStatus,
        actor: ActorId,
        *,
        reason: str,
        at: datetime,
        delegation: Delegation | None,
    ) -> None:
        at = self._when(at)
        text = _reason(reason, kind.value)
        self._require_pending(kind.value)
        decision = self._decision(kind, actor, at, delegation, text)
        step = self.current
        self._history.append(decision)
        self.status = status
        self._returned_step = step
        self._due = None
        self._last_at = at
        event: Callable[..., DomainEvent] = (
            ApprovalRejected if kind is DecisionKind.REJECT else ApprovalReturned
        )
        self._record(
            event,
            actor,
            at,
            step=step,
            role=self.steps[step].role,
            on_behalf_of=decision.on_behalf_of,
            delegation=decision.delegation,
            reason=text,
        )
