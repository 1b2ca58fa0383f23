"""Replaying an approval request: its state rebuilt from the events it recorded.

An approval request's events carry everything its state is made of: the document, the chain's
steps as the policy decided them (quorum, deadline, escalation role), the approvers of each
step, every decision with its delegation, and every due instant as computed. Replaying applies
them in order **without deciding anything again**: the policy is not asked for a chain and the
directory not asked for holders, so a request replayed after the organisation changed is the
request that was decided. Only the business calendar is passed in, for the deadlines of steps
still to come.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

from backoffice.domain.approvals.decisions import Decision, DecisionKind
from backoffice.domain.approvals.events import (
    ApprovalEscalated,
    ApprovalGranted,
    ApprovalRejected,
    ApprovalResubmitted,
    ApprovalReturned,
    ApprovalWithdrawn,
)
from backoffice.domain.approvals.staffing import StepAssignment
from backoffice.domain.approvals.state import ApprovalStatus, RequestState
from backoffice.domain.approvals.steps import StepSpec
from backoffice.domain.events import DomainEvent
from backoffice.errors import ValidationError
from backoffice.values.ids import ActorId

__all__ = ["RequestReplay", "assignments"]


def assignments(
    specs: Sequence[StepSpec], approvers: Sequence[Sequence[ActorId]]
) -> tuple[StepAssignment, ...]:
    """The staffed steps a request or resubmission event recorded.

    Raises:
        ValidationError: The event has not one list of approvers per step.
    """
    if len(specs) != len(approvers) or not specs:
        raise ValidationError(
            f"an approval event needs one list of approvers per step, got {len(specs)} steps "
            f"and {len(approvers)} lists",
            field="events",
        )
    return tuple(
        StepAssignment(spec, people) for spec, people in zip(specs, approvers, strict=True)
    )


class RequestReplay(RequestState):
    """Applying recorded events to an approval request (the replay half of the request)."""

    _history: list[Decision]

    def _replay_events(self, events: Sequence[DomainEvent]) -> None:
        """Apply every event after the opening :class:`ApprovalRequested`, in order.

        Raises:
            ValidationError: An event of another request, of another kind, or out of sequence.
        """
        document_id = events[0].aggregate_id
        for version, event in enumerate(events, start=1):
            if event.aggregate_id != document_id or event.version != version:
                raise ValidationError(
                    f"event {version} of approval {document_id} is version {event.version} of "
                    f"{event.aggregate_id}: a request is replayed from its own events, in order",
                    field="events",
                )
            if version == 1:
                continue
            apply = _APPLY.get(type(event))
            if apply is None:
                raise ValidationError(
                    f"an approval request does not record {event.name} events here "
                    f"(version {version})",
                    field="events",
                )
            apply(self, event)
            self._last_at = event.occurred_at

    def _decided(
        self,
        kind: DecisionKind,
        event: ApprovalGranted | ApprovalRejected | ApprovalReturned,
        reason: str,
    ) -> Decision:
        decision = Decision(
            kind=kind,
            step=event.step,
            round=self.round,
            actor=event.actor,
            on_behalf_of=event.on_behalf_of,
            delegation=event.delegation,
            at=event.occurred_at,
            reason=reason,
        )
        self._history.append(decision)
        return decision

    def _granted(self, event: ApprovalGranted) -> None:
        decision = self._decided(DecisionKind.APPROVE, event, event.comment)
        self._approvals[event.step][decision.principal] = decision
        if event.document_approved:
            self.status = ApprovalStatus.APPROVED
            self._due = None
        elif event.step_complete:
            self._begin(event.step + 1, event.next_due, keep=event.step + 1)

    def _stopped(self, event: ApprovalRejected | ApprovalReturned) -> None:
        rejected = isinstance(event, ApprovalRejected)
        self._decided(DecisionKind.REJECT if rejected else DecisionKind.RETURN, event, event.reason)
        self.status = ApprovalStatus.REJECTED if rejected else ApprovalStatus.RETURNED
        self._returned_step = event.step
        self._due = None

    def _resubmitted(self, event: ApprovalResubmitted) -> None:
        self.document = event.document
        self.steps = assignments(event.specs, event.approvers)
        self.round = event.round
        self.status = ApprovalStatus.PENDING
        self._begin(event.restart_step, event.due, keep=event.restart_step)

    def _withdrawn(self, _event: ApprovalWithdrawn) -> None:
        self.status = ApprovalStatus.WITHDRAWN
        self._due = None

    def _escalated_to(self, event: ApprovalEscalated) -> None:
        self._eligible[event.step] = self._eligible[event.step] | frozenset(event.approvers)
        self._escalated = True
        self._due = None


_APPLY: Final[dict[type[DomainEvent], Callable[[Any, Any], None]]] = {
    ApprovalGranted: RequestReplay._granted,
    ApprovalRejected: RequestReplay._stopped,
    ApprovalReturned: RequestReplay._stopped,
    ApprovalResubmitted: RequestReplay._resubmitted,
    ApprovalWithdrawn: RequestReplay._withdrawn,
    ApprovalEscalated: RequestReplay._escalated_to,
}
