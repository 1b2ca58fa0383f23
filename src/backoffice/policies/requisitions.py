"""Requisition approval policy: who decides on a requisition (申领审批).

A requisition is approved, rejected, or referred to a person. Until the budgets and approvals
area brings its approval chains, the decision is a simple policy object: approve automatically
up to an estimated cost, refer anything above it to a person, and (optionally) reject anything
above a hard ceiling. A policy sees the requisition and its estimated cost (at the current
average cost of each item); it does not look at the clock.

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

from backoffice.domain.inventory.requisitions import Requisition
from backoffice.errors import PolicyConfigurationError
from backoffice.values.money import Money

__all__ = [
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
