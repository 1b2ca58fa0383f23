"""Requisitions decided by the approval matrix of the budgets and approvals area."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from backoffice import ActorId, Money, Quantity
from backoffice.domain.approvals import ApprovalStatus, DocumentId, DocumentKind
from backoffice.domain.budgets import OFFICE_SUPPLIES
from backoffice.domain.inventory import Item, Requisition, RequisitionReferred, RequisitionStatus
from backoffice.policies.approval import ThresholdApprovalPolicy
from backoffice.policies.requisitions import (
    MatrixRequisitionApproval,
    RequisitionDecision,
    RequisitionOutcome,
)
from backoffice.services import ApprovalService, InMemoryDirectory
from backoffice.services.inventory import AUTO_APPROVER, Inventory

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLERK, ZHANG, WANG, LIU = (ActorId(n) for n in ("clerk-wang", "zhang", "wang", "liu"))

#: Requisitions: the department head from 0, the logistics manager too from 1,000 CNY.
MATRIX = ThresholdApprovalPolicy.from_dict(
    {
        "currency": "CNY",
        "columns": [
            {
                "name": "requisitions",
                "kinds": ["requisition"],
                "levels": [
                    {"from": "0", "role": "department-head"},
                    {"from": "1000", "role": "logistics-manager"},
                ],
            }
        ],
    }
)
#: A matrix that only knows vehicle use: requisitions find no rule.
VEHICLES_ONLY = ThresholdApprovalPolicy.from_dict(
    {
        "currency": "CNY",
        "columns": [{"kinds": ["vehicle-use"], "levels": [{"from": "0", "role": "fleet"}]}],
    }
)


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=SHANGHAI)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


def status(requisition: Requisition) -> RequisitionStatus:
    # Read through a call, so mypy does not keep an earlier narrowing across mutating calls.
    return requisition.status


def storeroom(policy: MatrixRequisitionApproval) -> Inventory:
    store = Inventory(currency="CNY", requisition_approval=policy)
    store.add_item(Item(sku="A4-80", name="A4 paper 80 g", unit="ream"))
    store.receive("A4-80", 100, unit_cost=cny("21.50"), at=at(1), by=CLERK)
    store.collect_events()
    return store


def test_a_requisition_within_the_automatic_limit_skips_the_chain() -> None:
    store = storeroom(MatrixRequisitionApproval(MATRIX, OFFICE_SUPPLIES, cny("300.00")))

    small = store.submit_requisition({"A4-80": 10}, requester=ZHANG, department="rd", at=at(3))

    assert small.status is RequisitionStatus.APPROVED  # 215.00 <= 300.00
    assert store.reserved("A4-80") == Quantity(10, "ream")


@pytest.mark.parametrize(
    ("reams", "cost", "roles"),
    [
        (20, "430.00", "department-head"),
        (50, "1075.00", "department-head -> logistics-manager"),
    ],
)
def test_above_the_limit_the_matrix_names_who_must_approve(
    reams: int, cost: str, roles: str
) -> None:
    policy = MatrixRequisitionApproval(MATRIX, OFFICE_SUPPLIES, cny("300.00"))
    store = storeroom(policy)

    waiting = store.submit_requisition({"A4-80": reams}, requester=ZHANG, department="rd", at=at(3))
    decision = policy.decide(waiting, estimated_cost=store.estimated_cost(waiting))

    assert waiting.status is RequisitionStatus.SUBMITTED
    assert store.reserved("A4-80") == Quantity(0, "ream")
    assert decision == RequisitionDecision(
        RequisitionOutcome.REFER, f"estimated {cost} CNY: needs approval by {roles}"
    )
    referred = [e for e in store.collect_events() if isinstance(e, RequisitionReferred)]
    assert [(e.reason, e.actor) for e in referred] == [(decision.reason, AUTO_APPROVER)]


def test_the_document_runs_through_the_approval_service_then_the_stock_is_reserved() -> None:
    policy = MatrixRequisitionApproval(MATRIX, OFFICE_SUPPLIES)
    store = storeroom(policy)
    approvals = ApprovalService(
        MATRIX,
        InMemoryDirectory.from_dict(
            {"department-head": {"rd": ["wang"]}, "logistics-manager": ["liu"]}
        ),
    )
    requisition = store.submit_requisition(
        {"A4-80": 50}, requester=ZHANG, department="rd", at=at(3)
    )  # 50 x 21.50 = 1,075.00
    document = policy.document_for(requisition, estimated_cost=store.estimated_cost(requisition))

    assert document.id == DocumentId(requisition.id.value)
    assert document.kind is DocumentKind.REQUISITION
    assert document.amount == cny("1075.00")
    assert document.category == OFFICE_SUPPLIES
    request = approvals.submit(document, at=at(3))
    approvals.approve(document.id, WANG, at=at(3, 10))
    assert status(requisition) is RequisitionStatus.SUBMITTED  # the chain is not through yet
    approvals.approve(document.id, LIU, at=at(3, 11))
    assert request.status is ApprovalStatus.APPROVED

    store.approve_requisition(requisition.id, by=LIU, at=at(3, 11), reference=str(document.id))

    assert status(requisition) is RequisitionStatus.APPROVED
    assert store.reserved("A4-80") == Quantity(50, "ream")


def test_a_requisition_no_rule_covers_goes_to_a_person_not_through() -> None:
    policy = MatrixRequisitionApproval(VEHICLES_ONLY, OFFICE_SUPPLIES)
    store = storeroom(policy)

    requisition = store.submit_requisition({"A4-80": 1}, requester=ZHANG, department="rd", at=at(3))
    decision = policy.decide(requisition, estimated_cost=cny("21.50"))

    assert requisition.status is RequisitionStatus.SUBMITTED
    assert decision.outcome is RequisitionOutcome.REFER
    assert "no approval rule covers" in decision.reason


class Broken:
    def decide(self, requisition: Requisition, *, estimated_cost: Money) -> RequisitionDecision:
        raise RuntimeError("policy service unavailable")


def test_a_policy_that_fails_leaves_no_requisition_behind() -> None:
    store = Inventory(currency="CNY", requisition_approval=Broken())
    store.add_item(Item(sku="A4-80", name="A4 paper 80 g", unit="ream"))
    store.receive("A4-80", 100, unit_cost=cny("21.50"), at=at(1), by=CLERK)
    store.collect_events()

    with pytest.raises(RuntimeError):
        store.submit_requisition({"A4-80": 1}, requester=ZHANG, department="rd", at=at(3))

    assert store.requisitions() == []
    assert store.collect_events() == []
    assert store.reserved("A4-80") == Quantity(0, "ream")
