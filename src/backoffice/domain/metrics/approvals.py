"""Approval metrics: how long each level takes, how often it escalates, refused SoD attempts.

From the approvals' events:

* the **cycle time of a level** (审批时效) is the wall-clock time from the moment a step of the
  chain became current (the document submitted or resubmitted, or the previous step complete)
  to the moment it was complete; grouped by the step's role;
* **escalations**: how many steps passed their deadline and escalated, by role;

A refused decision (self-approval, one person on two steps, receiver approving) records no
event, by design: nothing changes when a command is refused. Count them where you catch the
errors, with :func:`sod_refusals`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from backoffice.domain.approvals.errors import (
    DuplicateApprover,
    ReceiverIsApprover,
    SelfApprovalForbidden,
)
from backoffice.domain.approvals.events import (
    ApprovalEscalated,
    ApprovalGranted,
    ApprovalRejected,
    ApprovalRequested,
    ApprovalResubmitted,
    ApprovalReturned,
    ApprovalWithdrawn,
)
from backoffice.domain.events import DomainEvent
from backoffice.domain.metrics.figures import Figure, nearest_rank

__all__ = ["approval_figures_by_role", "sod_refusals"]


def approval_figures_by_role(events: Iterable[DomainEvent]) -> dict[str, dict[str, Figure[Any]]]:
    """Per role: ``approval_cycle_p50``/``p90``, ``approval_cycle_mean``, ``escalations``."""
    started: dict[str, datetime] = {}
    cycles: dict[str, list[timedelta]] = {}
    escalations: dict[str, int] = {}
    for event in events:
        key, at = event.aggregate_id, event.occurred_at.astimezone(UTC)
        if isinstance(event, ApprovalRequested | ApprovalResubmitted):
            started[key] = at
        elif isinstance(event, ApprovalGranted) and event.step_complete:
            since = started.pop(key, None)
            if since is not None:
                cycles.setdefault(str(event.role), []).append(at - since)
            if not event.document_approved:
                started[key] = at
        elif isinstance(event, ApprovalRejected | ApprovalReturned | ApprovalWithdrawn):
            started.pop(key, None)
        elif isinstance(event, ApprovalEscalated):
            escalations[str(event.role)] = escalations.get(str(event.role), 0) + 1
    result: dict[str, dict[str, Figure[Any]]] = {}
    for role in sorted(set(cycles) | set(escalations)):
        times = sorted(cycles.get(role, []))
        mean = sum(times, timedelta()) / len(times) if times else None
        result[role] = {
            "approval_cycle_p50": nearest_rank(times, 50),
            "approval_cycle_p90": nearest_rank(times, 90),
            "approval_cycle_mean": Figure(mean, len(times)),
            "escalations": Figure(escalations.get(role, 0), len(times)),
        }
    return result


def sod_refusals(errors: Iterable[BaseException]) -> Figure[int]:
    """How many of the caught ``errors`` were segregation-of-duties refusals, out of all."""
    caught = list(errors)
    sod = (SelfApprovalForbidden, DuplicateApprover, ReceiverIsApprover)
    return Figure(sum(1 for error in caught if isinstance(error, sod)), len(caught))
