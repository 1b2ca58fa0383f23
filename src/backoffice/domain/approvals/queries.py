"""What an approval request answers about itself: who may approve, when it is due, who approved.

The guards and queries of :class:`~backoffice.domain.approvals.request.ApprovalRequest`: who
may approve a step (escalation included), whether a step has its quorum, when the current step
falls due and whether it is overdue, every decision taken, whose approval completed the chain,
and the check that whoever approved a purchase does not also receive the goods.
"""

from __future__ import annotations

from datetime import datetime

from backoffice.domain.approvals.decisions import Decision
from backoffice.domain.approvals.sod import check_receiver_not_approver
from backoffice.domain.approvals.state import ApprovalStatus, RequestState
from backoffice.domain.events import DomainEvent
from backoffice.values.ids import ActorId
from backoffice.values.instant import ensure_aware

__all__ = ["RequestQueries"]


class RequestQueries(RequestState):
    """The guards and queries of an approval request."""

    _history: list[Decision]

    def check_receiver(self, receiver: ActorId) -> None:
        """Refuse ``receiver`` as the receiver of goods if they approved this document.

        Raises:
            ReceiverIsApprover: They approved it (directly or as a delegate).
        """
        check_receiver_not_approver(
            self.document, (d for step in self._approvals for d in step.values()), receiver
        )

    @property
    def due(self) -> datetime | None:
        """When the current step escalates (``None``: no deadline, or not pending)."""
        return self._due

    def is_overdue(self, at: datetime) -> bool:
        """Whether the current step has passed its deadline unescalated at ``at``."""
        return (
            self.status is ApprovalStatus.PENDING
            and self._due is not None
            and not self._escalated
            and ensure_aware(at) >= self._due
        )

    def eligible(self, step: int | None = None) -> frozenset[ActorId]:
        """Who may approve ``step`` (the current one by default), escalation included."""
        return self._eligible[self.current if step is None else step]

    def approvals(self, step: int) -> tuple[Decision, ...]:
        """The approvals of ``step`` in the current round, oldest first."""
        return tuple(sorted(self._approvals[step].values(), key=lambda d: d.at))

    def is_step_complete(self, step: int) -> bool:
        """Whether ``step`` has its quorum in the current round."""
        return len(self._approvals[step]) >= self.steps[step].required

    @property
    def escalated(self) -> bool:
        """Whether the current step has been escalated (it escalates at most once)."""
        return self._escalated

    @property
    def returned_step(self) -> int:
        """The step that last returned or rejected the document (0 if none did)."""
        return self._returned_step

    @property
    def last_activity(self) -> datetime | None:
        """When the request last changed; later commands may not be dated before it."""
        return self._last_at

    @property
    def history(self) -> tuple[Decision, ...]:
        """Every decision of every round, oldest first."""
        return tuple(self._history)

    @property
    def final_approver(self) -> ActorId | None:
        """Whose approval completed the chain (the principal), once approved."""
        if self.status is not ApprovalStatus.APPROVED:
            return None
        return max(self._approvals[-1].values(), key=lambda d: d.at).principal

    @property
    def version(self) -> int:
        """Number of events recorded in the request's life."""
        return self._events.version

    def collect_events(self) -> list[DomainEvent]:
        """Hand over the events recorded since the last call, oldest first."""
        return self._events.collect()
