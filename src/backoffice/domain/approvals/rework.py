"""Reworking a request: resubmission after a return, withdrawal, escalation of an overdue step.

* **Resubmit**: the requester sends a returned document back, revised; the chain restarts by
  its :class:`~backoffice.domain.approvals.steps.RestartRule`.
* **Withdraw**: the requester takes back a pending or returned document.
* **Escalate**: a step whose deadline on the business calendar has passed is opened to the
  holders of its escalation role, who may then approve in its place.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from backoffice.domain.approvals.documents import ApprovalDocument
from backoffice.domain.approvals.errors import NoEligibleApprover, NotTheRequester
from backoffice.domain.approvals.events import (
    ApprovalEscalated,
    ApprovalResubmitted,
    ApprovalWithdrawn,
)
from backoffice.domain.approvals.staffing import StepAssignment, staff_steps
from backoffice.domain.approvals.state import ApprovalStatus, RequestState
from backoffice.domain.approvals.steps import RestartRule
from backoffice.errors import InvalidTransition
from backoffice.values.ids import ActorId

__all__ = ["RequestRework"]


class RequestRework(RequestState):
    """The resubmit, withdraw and escalate commands of an approval request."""

    def resubmit(
        self, document: ApprovalDocument, steps: Iterable[StepAssignment], *, at: datetime
    ) -> int:
        """Resubmit a returned document, revised; returns the step the chain restarts from.

        Under :attr:`RestartRule.FROM_START` every earlier approval is void. Under
        :attr:`RestartRule.FROM_RETURNING_STEP` the approvals of the steps before the one
        that returned the document stand, provided those steps are unchanged and the amount
        did not go up; otherwise the chain restarts from the start as well.

        Raises:
            InvalidTransition: The document was not returned.
            NotTheRequester: ``document`` has another id or requester.
            NoEligibleApprover: The new chain cannot be staffed.
        """
        at = self._when(at)
        if document.id != self.document.id or document.requester != self.document.requester:
            raise NotTheRequester(self.document.id, document.requester, "resubmit")
        self._require(ApprovalStatus.RETURNED, "resubmit")
        staffed = staff_steps(document, steps)
        restart = self._restart_step(document, staffed)
        due = self._due_of_spec(staffed[restart].spec, at)
        self.document = document
        self.steps = staffed
        self.round += 1
        self.status = ApprovalStatus.PENDING
        self._begin(restart, due, keep=restart)
        self._last_at = at
        self._record(
            ApprovalResubmitted,
            document.requester,
            at,
            document=document,
            roles=tuple(s.role for s in staffed),
            approvers=tuple(tuple(sorted(s.approvers)) for s in staffed),
            restart_step=restart,
            round=self.round,
            due=due,
            specs=tuple(s.spec for s in staffed),
        )
        return restart

    def withdraw(self, actor: ActorId, *, reason: str = "", at: datetime) -> None:
        """The requester withdraws a pending or returned document.

        Raises:
            NotTheRequester: ``actor`` is not the requester.
            InvalidTransition: The document is already decided or withdrawn.
        """
        at = self._when(at)
        if actor != self.document.requester:
            raise NotTheRequester(self.document.id, actor, "withdraw")
        if self.status not in (ApprovalStatus.PENDING, ApprovalStatus.RETURNED):
            raise InvalidTransition(self.document.id, "withdraw", self.status)
        self.status = ApprovalStatus.WITHDRAWN
        self._due = None
        self._last_at = at
        self._record(ApprovalWithdrawn, actor, at, reason=reason)

    def escalate(self, approvers: Iterable[ActorId], *, actor: ActorId, at: datetime) -> None:
        """Open an overdue step to the holders of its escalation role.

        Args:
            approvers: The holders of the step's ``escalate_to`` role.
            actor: Who escalates (a person or a scheduler).
            at: When; not before the step's due time.

        Raises:
            InvalidTransition: Not pending, no escalation role, escalated already or not due.
            NoEligibleApprover: Nobody but the requester holds the escalation role.
        """
        at = self._when(at)
        self._require_pending("escalate")
        spec = self.steps[self.current].spec
        due = self._due
        if spec.escalate_to is None or self._escalated or due is None or at < due:
            reason = (
                "the step has no escalation role"
                if spec.escalate_to is None
                else "it was escalated already"
                if self._escalated
                else f"the step is not overdue (due {due.isoformat() if due else 'never'})"
            )
            raise InvalidTransition(self.document.id, "escalate", self.status, reason)
        added = frozenset(approvers) - {self.document.requester}
        if not added:
            raise NoEligibleApprover(
                self.document.id, self.current, spec.escalate_to, "nobody to escalate to"
            )
        self._eligible[self.current] = self._eligible[self.current] | added
        self._escalated = True
        self._due = None
        self._last_at = at
        self._record(
            ApprovalEscalated,
            actor,
            at,
            step=self.current,
            role=spec.role,
            escalated_to=spec.escalate_to,
            approvers=tuple(sorted(added)),
            was_due=due,
        )

    def _restart_step(self, document: ApprovalDocument, staffed: tuple[StepAssignment, ...]) -> int:
        if self.restart is RestartRule.FROM_START:
            return 0
        returned = self._returned_step
        unchanged = len(staffed) > returned and all(
            old.spec == new.spec for old, new in zip(self.steps[:returned], staffed, strict=False)
        )
        cheaper = document.amount.currency == self.document.amount.currency and (
            document.amount <= self.document.amount
        )
        return returned if unchanged and cheaper else 0
