"""Requisition approval policy: who decides on a requisition (申领审批).

A requisition is approved, rejected, or referred to a person. A policy sees the requisition and
its estimated cost (at the current average cost of each item); it does not look at the clock.
Two ship:

* :class:`SimpleRequisitionApproval`: approve automatically up to an estimated cost, refer
  anything above it to a person, and (optionally) reject anything above a hard ceiling;
* :class:`MatrixRequisitionApproval`: the organisation's approval matrix
  (:class:`~backoffice.policies.approval.ApprovalPolicy`, e.g. a
  :class:`~backoffice.policies.approval.ThresholdApprovalPolicy`) decides who must approve;
  small requisitions may still be approved automatically.

Example:
    >>> policy = requisition_policy_from_dict(
    ...     {"auto_approve_up_to": "500.00", "reject_above": "20000.00", "currency": "CNY"})
    >>> policy.outcome_for(Money("120.00", "CNY"))
    <RequisitionOutcome.APPROVE: 'approve'>
    >>> policy.outcome_for(Money("5000.00", "CNY"))
    <RequisitionOutcome.REFER: 'refer'>
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, Protocol

import attrs

from backoffice.domain.approvals.documents import ApprovalDocument, DocumentId, DocumentKind
from backoffice.domain.budgets.categories import SpendingCategory
from backoffice.domain.inventory.requisitions import Requisition
from backoffice.errors import PolicyConfigurationError
from backoffice.policies.approval import ApprovalPolicy, NoApprovalRule
from backoffice.values.money import Money

__all__ = [
    "MatrixRequisitionApproval",
    "RequisitionApprovalPolicy",
    "RequisitionDecision",
    "RequisitionOutcome",
    "SimpleRequisitionApproval",
    "requisition_policy_from_dict",
]


class RequisitionOutcome(enum.Enum):
    """What the policy decided."""

    APPROVE = "approve"
    REJECT = "reject"
    REFER = "refer"


@attrs.frozen
class RequisitionDecision:
    """A policy's decision on a requisition.

    Attributes:
        outcome: Approve, reject, or refer to a person.
        reason: Why, in words shown to the requester.
    """

    outcome: RequisitionOutcome
    reason: str = ""


class RequisitionApprovalPolicy(Protocol):
    """Decides on a submitted requisition."""

    def decide(self, requisition: Requisition, *, estimated_cost: Money) -> RequisitionDecision:
        """The decision on ``requisition``, whose items are estimated to cost ``estimated_cost``."""
        ...


def _optional_money(value: object) -> Money | None:
    if value is None or isinstance(value, Money):
        return value
    raise PolicyConfigurationError(f"expected Money, got {value!r}")


@attrs.frozen
class SimpleRequisitionApproval:
    """Approve up to a cost, refer above it, reject above a ceiling.

    Attributes:
        auto_approve_up_to: Requisitions estimated at or below this are approved automatically;
            ``None`` (the default): every requisition goes to a person.
        reject_above: Requisitions estimated above this are rejected; ``None``: never.
    """

    auto_approve_up_to: Money | None = attrs.field(default=None, converter=_optional_money)
    reject_above: Money | None = attrs.field(default=None, converter=_optional_money)

    def outcome_for(self, estimated_cost: Money) -> RequisitionOutcome:
        """The outcome for a requisition estimated at ``estimated_cost``."""
        if self.reject_above is not None and estimated_cost > self.reject_above:
            return RequisitionOutcome.REJECT
        if self.auto_approve_up_to is not None and estimated_cost <= self.auto_approve_up_to:
            return RequisitionOutcome.APPROVE
        return RequisitionOutcome.REFER

    def decide(self, requisition: Requisition, *, estimated_cost: Money) -> RequisitionDecision:
        """Decide by the estimated cost alone."""
        outcome = self.outcome_for(estimated_cost)
        reasons = {
            RequisitionOutcome.APPROVE: f"estimated {estimated_cost}, within the automatic limit",
            RequisitionOutcome.REFER: f"estimated {estimated_cost}: needs a person's approval",
            RequisitionOutcome.REJECT: f"estimated {estimated_cost}, above {self.reject_above}",
        }
        return RequisitionDecision(outcome, reasons[outcome])


@attrs.frozen
class MatrixRequisitionApproval:
    """Refer requisitions to the approvers the approval matrix names.

    The requisition is presented to ``matrix`` as an :class:`ApprovalDocument` of kind
    ``requisition`` for its estimated cost, booked to ``category`` and the requisition's
    department (see :meth:`document_for`; submit that document to an
    :class:`~backoffice.services.approvals.ApprovalService` to run the chain). The decision
    refers the requisition to a person and names the chain's roles in its reason. The matrix
    fails closed: a requisition no column covers is referred too, never approved.

    Attributes:
        matrix: The approval matrix.
        category: The spending category requisitions are booked to (e.g. office supplies).
        auto_approve_up_to: Requisitions estimated at or below this are approved without a
            chain; ``None`` (the default): every requisition goes through the matrix.

    """

    matrix: ApprovalPolicy
    category: SpendingCategory
    auto_approve_up_to: Money | None = attrs.field(default=None, converter=_optional_money)

    def document_for(self, requisition: Requisition, *, estimated_cost: Money) -> ApprovalDocument:
        """The approval document for ``requisition``; its id is the requisition's id."""
        return ApprovalDocument(
            id=DocumentId(requisition.id.value),
            kind=DocumentKind.REQUISITION,
            amount=estimated_cost,
            category=self.category,
            department=requisition.department,
            requester=requisition.requester,
            description=requisition.note,
        )

    def decide(self, requisition: Requisition, *, estimated_cost: Money) -> RequisitionDecision:
        """Approve within the automatic limit; otherwise refer, naming who must approve."""
        if self.auto_approve_up_to is not None and estimated_cost <= self.auto_approve_up_to:
            return RequisitionDecision(
                RequisitionOutcome.APPROVE,
                f"estimated {estimated_cost}, within the automatic limit",
            )
        document = self.document_for(requisition, estimated_cost=estimated_cost)
        try:
            roles = [role.value for role in self.matrix.chain_for(document).roles]
        except NoApprovalRule as error:
            return RequisitionDecision(RequisitionOutcome.REFER, f"{error}: a person must decide")
        return RequisitionDecision(
            RequisitionOutcome.REFER,
            f"estimated {estimated_cost}: needs approval by {' -> '.join(roles)}",
        )


def requisition_policy_from_dict(data: Mapping[str, Any]) -> SimpleRequisitionApproval:
    """Build the simple policy from plain data (a TOML table).

    Keys: ``auto_approve_up_to`` and ``reject_above`` (decimal strings), ``currency``.

    Raises:
        PolicyConfigurationError: Unknown keys, or amounts without a currency.
    """
    unknown = set(data) - {"auto_approve_up_to", "reject_above", "currency"}
    if unknown:
        raise PolicyConfigurationError(
            f"unknown requisition policy settings: {sorted(unknown)}", field="requisitions"
        )
    currency = data.get("currency")

    def amount(key: str) -> Money | None:
        value = data.get(key)
        if value in (None, ""):
            return None
        if not currency:
            raise PolicyConfigurationError(f"{key} needs a currency", field="currency")
        try:
            return Money(value, currency)
        except ValueError as error:
            raise PolicyConfigurationError(str(error), field=key, value=value) from error

    return SimpleRequisitionApproval(amount("auto_approve_up_to"), amount("reject_above"))
