"""The inventory's policies: removal order, adjustment threshold, requisition approval."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from backoffice import ActorId, DepartmentId, Money, PolicyConfigurationError, Quantity
from backoffice.domain.inventory import (
    LocationId,
    Requisition,
    RequisitionId,
    RequisitionLine,
    StockMovement,
)
from backoffice.domain.inventory.movements import view
from backoffice.domain.inventory.open_lots import lot_key
from backoffice.domain.inventory.rows import make
from backoffice.policies.removal import (
    REMOVAL_POLICIES,
    FirstExpiredFirstOut,
    FirstInFirstOut,
    RemovalMethod,
    removal_policy,
    removal_policy_from_dict,
)
from backoffice.policies.requisitions import (
    RequisitionOutcome,
    SimpleRequisitionApproval,
    requisition_policy_from_dict,
)
from backoffice.policies.stock import (
    NO_ADJUSTMENT_APPROVAL,
    AdjustmentThreshold,
    adjustment_policy_from_dict,
)

T = datetime(2025, 3, 3, tzinfo=UTC)


def lot(number: int, received: datetime, expires_on: date | None = None) -> StockMovement:
    return view(make(kind="receipt", number=number, at=received, expires_on=expires_on))


def test_fifo_orders_lots_by_receipt_time_then_number() -> None:
    fifo = removal_policy("fifo")
    early, late = lot(2, T), lot(1, T.replace(day=4))
    assert sorted([late, early], key=fifo.key) == [early, late]
    assert fifo.key(lot(3, T)) > fifo.key(early)
    assert fifo.method is RemovalMethod.FIFO


def test_fifo_names_the_fields_its_key_is_made_of_so_the_ledger_can_read_them_itself() -> None:
    row = make(kind="receipt", number=7, at=T)
    key = lot_key(FirstInFirstOut())
    assert key(row) == FirstInFirstOut().key(view(row)) == (T, 7)
    assert lot_key(FirstExpiredFirstOut())(row) == FirstExpiredFirstOut().key(view(row))


def test_fefo_orders_lots_by_expiry_and_puts_lots_without_one_last() -> None:
    fefo = FirstExpiredFirstOut()
    keeps, expires_soon, never = (
        lot(1, T, date(2026, 1, 1)),
        lot(2, T.replace(day=5), date(2025, 6, 30)),
        lot(3, T.replace(day=1)),
    )
    assert sorted([never, keeps, expires_soon], key=fefo.key) == [expires_soon, keeps, never]


def test_removal_policies_come_from_plain_data_or_are_refused() -> None:
    assert removal_policy_from_dict({"method": "fefo"}) == FirstExpiredFirstOut()
    assert removal_policy_from_dict({}) == FirstInFirstOut()
    assert set(REMOVAL_POLICIES) == set(RemovalMethod)
    with pytest.raises(PolicyConfigurationError, match="lifo"):
        removal_policy("lifo")
    with pytest.raises(PolicyConfigurationError, match="unknown"):
        removal_policy_from_dict({"method": "fifo", "speed": "fast"})


def test_the_adjustment_threshold_lets_small_differences_through() -> None:
    policy = adjustment_policy_from_dict({"limit": "1000.00", "currency": "CNY"})
    assert policy == AdjustmentThreshold(Money("1000.00", "CNY"))
    assert not policy.requires_approval(Money("1000.00", "CNY"))
    assert policy.requires_approval(Money("1000.01", "CNY"))
    assert policy.requires_approval(Money("-1500.00", "CNY"))
    assert adjustment_policy_from_dict({}) is NO_ADJUSTMENT_APPROVAL
    assert not NO_ADJUSTMENT_APPROVAL.requires_approval(Money("1000000", "CNY"))
    with pytest.raises(PolicyConfigurationError):
        adjustment_policy_from_dict({"limit": "1000.00"})
    with pytest.raises(PolicyConfigurationError):
        adjustment_policy_from_dict({"limit": "lots", "currency": "CNY"})
    with pytest.raises(PolicyConfigurationError):
        adjustment_policy_from_dict({"limit": "1", "currency": "CNY", "mood": "lenient"})


def test_the_simple_requisition_policy_approves_refers_or_rejects_by_estimated_cost() -> None:
    policy = requisition_policy_from_dict(
        {"auto_approve_up_to": "500", "reject_above": "20000", "currency": "CNY"}
    )
    requisition = Requisition.submit(
        RequisitionId("RQN-000001"),
        requester=ActorId("zhang"),
        department=DepartmentId("it"),
        location=LocationId("MAIN"),
        lines=[RequisitionLine("A4-80", Quantity(1, "ream"))],
        at=T,
    )

    def outcome(amount: str) -> RequisitionOutcome:
        decision = policy.decide(requisition, estimated_cost=Money(amount, "CNY"))
        assert amount in decision.reason or "." in decision.reason
        return decision.outcome

    assert outcome("500.00") is RequisitionOutcome.APPROVE
    assert outcome("500.01") is RequisitionOutcome.REFER
    assert outcome("20000.01") is RequisitionOutcome.REJECT
    assert SimpleRequisitionApproval().outcome_for(Money("0", "CNY")) is RequisitionOutcome.REFER
    with pytest.raises(PolicyConfigurationError):
        requisition_policy_from_dict({"auto_approve_up_to": "500"})
    with pytest.raises(PolicyConfigurationError):
        requisition_policy_from_dict({"approve_everything": True})
