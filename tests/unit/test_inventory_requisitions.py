"""Requisitions (申领): "按需申领、以旧换新" — ask for what you need, old for new.

A requisition is decided by the approval policy (or referred to a person), approval reserves
the stock, fulfilment issues it (in parts if need be), cancellation frees what is left.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from backoffice import ActorId, DepartmentId, InvalidTransition, Money, Quantity, ValidationError
from backoffice.domain.inventory import (
    InsufficientStock,
    Item,
    Requisition,
    RequisitionApproved,
    RequisitionCancelled,
    RequisitionFulfilled,
    RequisitionReferred,
    RequisitionStatus,
    RequisitionSubmitted,
    StockReservationReleased,
    StockReserved,
    TradeInRequired,
)
from backoffice.policies.requisitions import SimpleRequisitionApproval
from backoffice.services.inventory import AUTO_APPROVER, Inventory

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLERK = ActorId("clerk-wang")
ZHANG = ActorId("zhang-san")  # an engineer asking for supplies
MANAGER = ActorId("manager-liu")


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=SHANGHAI)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


def status(requisition: Requisition) -> RequisitionStatus:
    # Read through a call: after an earlier `assert x.status is ...`, mypy keeps x.status narrowed
    # across the mutating calls in between and would call the next check impossible.
    return requisition.status


@pytest.fixture
def store() -> Inventory:
    inventory = Inventory(
        currency="CNY",
        requisition_approval=SimpleRequisitionApproval(
            auto_approve_up_to=cny("500.00"), reject_above=cny("20000.00")
        ),
    )
    inventory.add_item(Item(sku="A4-80", name="A4 paper 80 g", unit="ream"))
    inventory.add_item(Item(sku="PEN-B", name="ballpoint pens", unit="box"))
    inventory.add_item(Item(sku="MOUSE", name="mouse", unit="piece", trade_in=True))
    inventory.receive("A4-80", 100, unit_cost=cny("21.50"), at=at(1), by=CLERK)
    inventory.receive("PEN-B", 20, unit_cost=cny("12.00"), at=at(1), by=CLERK)
    inventory.receive("MOUSE", 10, unit_cost=cny("59.00"), at=at(1), by=CLERK)
    inventory.collect_events()
    return inventory


def test_a_small_requisition_is_approved_by_policy_and_reserves_its_stock(store: Inventory) -> None:
    requisition = store.submit_requisition(
        {"A4-80": 10, "PEN-B": 2}, requester=ZHANG, department="engineering", at=at(3)
    )

    assert requisition.status is RequisitionStatus.APPROVED
    assert requisition.approved_by is None  # by the policy, not a person
    assert store.reserved("A4-80") == Quantity(10, "ream")
    assert store.available("A4-80") == Quantity(90, "ream")
    events = store.collect_events()
    assert {type(e) for e in events} >= {StockReserved, RequisitionSubmitted, RequisitionApproved}
    approved = next(e for e in events if isinstance(e, RequisitionApproved))
    assert approved.automatic
    assert approved.actor == AUTO_APPROVER


def test_reserved_stock_cannot_be_issued_to_anyone_else(store: Inventory) -> None:
    store.submit_requisition({"PEN-B": 15}, requester=ZHANG, department="engineering", at=at(3))
    with pytest.raises(InsufficientStock) as refused:
        store.issue("PEN-B", 6, at=at(4), by=CLERK, to="finance")
    assert refused.value.available == Quantity(5, "box")


def test_a_large_requisition_waits_for_a_person_who_is_not_the_requester(store: Inventory) -> None:
    requisition = store.submit_requisition(
        {"A4-80": 50}, requester=ZHANG, department="engineering", at=at(3)
    )  # 50 x 21.50 = 1,075.00: above the automatic limit

    assert requisition.status is RequisitionStatus.SUBMITTED
    assert store.reserved("A4-80") == Quantity(0, "ream")
    assert store.estimated_cost(requisition) == cny("1075.00")
    with pytest.raises(InvalidTransition, match="their own"):
        store.approve_requisition(requisition.id, by=ZHANG, at=at(3))
    store.approve_requisition(requisition.id, by=MANAGER, at=at(4), reference="OA-2025-118")
    assert status(requisition) is RequisitionStatus.APPROVED
    assert requisition.approved_by == MANAGER
    assert store.reserved("A4-80") == Quantity(50, "ream")


def test_the_policy_rejects_what_is_far_beyond_any_need(store: Inventory) -> None:
    store.receive("MOUSE", 400, unit_cost=cny("59.00"), at=at(2), by=CLERK)
    requisition = store.submit_requisition(
        {"MOUSE": 400}, requester=ZHANG, department="engineering", at=at(3)
    )
    assert requisition.status is RequisitionStatus.REJECTED
    with pytest.raises(InvalidTransition):
        store.approve_requisition(requisition.id, by=MANAGER, at=at(4))


def test_partial_fulfilment_then_the_rest(store: Inventory) -> None:
    requisition = store.submit_requisition(
        {"A4-80": 10, "PEN-B": 2}, requester=ZHANG, department="engineering", at=at(3)
    )

    first = store.fulfil_requisition(requisition.id, by=CLERK, at=at(4), quantities={"A4-80": 4})
    assert requisition.status is RequisitionStatus.PARTIALLY_FULFILLED
    assert [issue.cost for issue in first] == [cny("86.00")]
    assert first[0].department == DepartmentId("engineering")
    assert first[0].requisition == requisition.id
    assert store.reserved("A4-80") == Quantity(6, "ream")

    rest = store.fulfil_requisition(requisition.id, by=CLERK, at=at(5))
    assert status(requisition) is RequisitionStatus.FULFILLED
    assert [(issue.sku, issue.qty) for issue in rest] == [
        ("A4-80", Decimal(6)),
        ("PEN-B", Decimal(2)),
    ]
    assert store.reserved("A4-80") == Quantity(0, "ream")
    assert store.on_hand("A4-80") == Quantity(90, "ream")
    fulfilled = [e for e in store.collect_events() if isinstance(e, RequisitionFulfilled)]
    assert [e.complete for e in fulfilled] == [False, True]
    with pytest.raises(InvalidTransition):
        store.fulfil_requisition(requisition.id, by=CLERK, at=at(6))


def test_more_than_outstanding_is_refused(store: Inventory) -> None:
    requisition = store.submit_requisition(
        {"A4-80": 10}, requester=ZHANG, department="engineering", at=at(3)
    )
    with pytest.raises(ValidationError, match="exceeds"):
        store.fulfil_requisition(requisition.id, by=CLERK, at=at(4), quantities={"A4-80": 11})


def test_cancelling_frees_what_was_not_handed_out(store: Inventory) -> None:
    requisition = store.submit_requisition(
        {"A4-80": 10}, requester=ZHANG, department="engineering", at=at(3)
    )
    store.fulfil_requisition(requisition.id, by=CLERK, at=at(4), quantities={"A4-80": 3})

    store.cancel_requisition(requisition.id, by=ZHANG, at=at(5), reason="project postponed")

    assert requisition.status is RequisitionStatus.CANCELLED
    assert store.reserved("A4-80") == Quantity(0, "ream")
    assert store.available("A4-80") == Quantity(97, "ream")
    events = store.collect_events()
    released = next(e for e in events if isinstance(e, StockReservationReleased))
    assert released.quantity == Quantity(7, "ream")
    cancelled = next(e for e in events if isinstance(e, RequisitionCancelled))
    assert cancelled.released[0].quantity == Quantity(7, "ream")
    with pytest.raises(InvalidTransition):
        store.cancel_requisition(requisition.id, by=ZHANG, at=at(6))


def test_a_requisition_that_cannot_be_reserved_in_full_reserves_nothing(store: Inventory) -> None:
    requisition = store.submit_requisition(
        {"A4-80": 10, "PEN-B": 21}, requester=ZHANG, department="engineering", at=at(3)
    )  # 215.00 + 252.00: within the automatic limit, but only 20 boxes of pens

    assert requisition.status is RequisitionStatus.SUBMITTED
    assert store.reserved("A4-80") == Quantity(0, "ream")
    (referred,) = [e for e in store.collect_events() if isinstance(e, RequisitionReferred)]
    assert referred.reason.startswith("estimated 467.00 CNY, within the automatic limit, but")
    assert "PEN-B" in referred.reason
    with pytest.raises(InsufficientStock):
        store.approve_requisition(requisition.id, by=MANAGER, at=at(4))
    assert store.reserved("A4-80") == Quantity(0, "ream")


def test_a_new_mouse_needs_the_old_one_handed_back(store: Inventory) -> None:
    requisition = store.submit_requisition(
        {"MOUSE": 2, "A4-80": 1}, requester=ZHANG, department="engineering", at=at(3)
    )

    with pytest.raises(TradeInRequired) as refused:
        store.fulfil_requisition(requisition.id, by=CLERK, at=at(4), handed_back={"MOUSE": 1})
    assert (refused.value.requested, refused.value.handed_back) == (Decimal(2), Decimal(1))
    assert store.on_hand("A4-80") == Quantity(100, "ream")  # no line was issued

    issues = store.fulfil_requisition(requisition.id, by=CLERK, at=at(4), handed_back={"MOUSE": 2})
    mouse = next(issue for issue in issues if issue.sku == "MOUSE")
    assert mouse.handed_back == Quantity(2, "piece")
    with pytest.raises(TradeInRequired):
        store.issue("MOUSE", 1, at=at(5), by=CLERK, to=ZHANG)


def test_an_empty_or_duplicated_requisition_is_refused(store: Inventory) -> None:
    with pytest.raises(ValidationError):
        store.submit_requisition({}, requester=ZHANG, department="engineering", at=at(3))
    with pytest.raises(ValidationError):
        store.submit_requisition({"A4-80": 0}, requester=ZHANG, department="eng", at=at(3))
