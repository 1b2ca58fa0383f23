"""Staffing a chain: who may approve each step of a submitted document.

A policy names roles; the organisation's directory says who holds them. When a document is
submitted, each step is **staffed** with the holders of its role, the requester always left
out, and the chain is checked to be completable: every step must be able to reach its quorum
with one person per step (segregation of duties). A chain that cannot complete is refused at
submission, not discovered stuck halfway.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from backoffice.domain.approvals.documents import ApprovalDocument
from backoffice.domain.approvals.errors import NoEligibleApprover
from backoffice.domain.approvals.sod import unstaffed_step
from backoffice.domain.approvals.steps import Role, StepSpec
from backoffice.errors import ValidationError
from backoffice.values.ids import ActorId

__all__ = ["StepAssignment", "staff_steps"]


def _people(value: Iterable[ActorId]) -> frozenset[ActorId]:
    return frozenset(value)


@attrs.frozen
class StepAssignment:
    """A step of the chain with the people who may approve it.

    Attributes:
        spec: The step as the policy specified it.
        approvers: The holders of its role (the requester is always left out).
    """

    spec: StepSpec
    approvers: frozenset[ActorId] = attrs.field(converter=_people)

    @property
    def role(self) -> Role:
        """The step's role."""
        return self.spec.role

    @property
    def required(self) -> int:
        """How many approvals the step needs."""
        return self.spec.quorum.required(len(self.approvers))

    def without(self, person: ActorId) -> StepAssignment:
        """The same step with ``person`` left out of the approvers."""
        return attrs.evolve(self, approvers=self.approvers - {person})


def staff_steps(
    document: ApprovalDocument, steps: Iterable[StepAssignment]
) -> tuple[StepAssignment, ...]:
    """The steps without the requester, checked to be completable one person per step.

    Raises:
        NoEligibleApprover: A step cannot reach its quorum, or the chain cannot complete with
            one person per step.
        ValidationError: No steps at all: a document no rule covers is not approved.
    """
    staffed = tuple(step.without(document.requester) for step in steps)
    if not staffed:
        raise ValidationError(
            f"{document.id} has no approval step: a document no rule covers is not approved",
            field="steps",
        )
    for index, step in enumerate(staffed):
        if step.required < 1 or step.required > len(step.approvers):
            raise NoEligibleApprover(
                document.id,
                index,
                step.role,
                f"needs {step.spec.quorum}, has {len(step.approvers)} besides the requester",
            )
    blocked = unstaffed_step([s.approvers for s in staffed], [s.required for s in staffed])
    if blocked is not None:
        raise NoEligibleApprover(
            document.id, blocked, staffed[blocked].role, "one person approves at most one step"
        )
    return staffed
