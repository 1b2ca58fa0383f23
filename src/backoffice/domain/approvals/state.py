"""The state every approval request keeps, and the helpers its commands share (internal).

:class:`~backoffice.domain.approvals.request.ApprovalRequest` is split by business action:
submitting and deciding live in :mod:`~backoffice.domain.approvals.request`, resubmitting,
withdrawing and escalating in :mod:`~backoffice.domain.approvals.rework`, the guards and queries
in :mod:`~backoffice.domain.approvals.queries`; all work on the state declared here.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime

from backoffice.calendar.business import WorkingCalendar
from backoffice.domain.approvals.decisions import Decision
from backoffice.domain.approvals.documents import ApprovalDocument
from backoffice.domain.approvals.staffing import StepAssignment
from backoffice.domain.approvals.steps import RestartRule, StepSpec
from backoffice.domain.events import DomainEvent, EventLog
from backoffice.errors import InvalidTransition
from backoffice.values.ids import ActorId
from backoffice.values.instant import ensure_aware, ensure_not_before

__all__ = ["ApprovalStatus", "RequestState"]


class ApprovalStatus(enum.Enum):
    """Where a document stands in its approval."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"


class RequestState:
    """The fields of an approval request and the helpers its commands share."""

    document: ApprovalDocument
    steps: tuple[StepAssignment, ...]
    restart: RestartRule
    status: ApprovalStatus
    current: int
    round: int
    _calendar: WorkingCalendar
    _eligible: list[frozenset[ActorId]]
    _approvals: list[dict[ActorId, Decision]]
    _due: datetime | None
    _escalated: bool
    _returned_step: int
    _last_at: datetime | None
    _events: EventLog

    def _when(self, at: datetime) -> datetime:
        at = ensure_aware(at)
        if self._last_at is not None:
            ensure_not_before(at, self._last_at)
        return at

    def _require(self, status: ApprovalStatus, action: str) -> None:
        if self.status is not status:
            raise InvalidTransition(self.document.id, action, self.status)

    def _require_pending(self, action: str) -> None:
        self._require(ApprovalStatus.PENDING, action)

    def _due_of_spec(self, spec: StepSpec, at: datetime) -> datetime | None:
        return None if spec.deadline is None else spec.deadline.due(at, self._calendar)

    def _due_of(self, step: int, at: datetime) -> datetime | None:
        return self._due_of_spec(self.steps[step].spec, at)

    def _begin(self, step: int, due: datetime | None, *, keep: int) -> None:
        """Make ``step`` current; approvals of steps before ``keep`` stand, the rest are void."""
        kept = self._approvals[:keep]
        self._approvals = kept + [{} for _ in self.steps[len(kept) :]]
        self._eligible = [s.approvers for s in self.steps]
        self.current = step
        self._due = due
        self._escalated = False

    def _record(
        self, event_type: Callable[..., DomainEvent], actor: ActorId, at: datetime, **fields: object
    ) -> None:
        self._events.append(
            event_type(
                aggregate_id=str(self.document.id),
                version=self._events.next_version,
                actor=actor,
                occurred_at=at,
                **fields,
            )
        )
