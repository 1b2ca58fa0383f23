"""Bad input to the storeroom is refused with a library error and changes nothing (issue #11).

Each case was found by driving the storeroom's commands with careless arguments: before the
fix it raised a bare ``TypeError``/``AttributeError``, accepted what it must refuse, consumed a
requisition id, or left a half-done movement behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from backoffice import (
    ActorId,
    AmountOutOfRange,
    BackofficeError,
    InvalidChoice,
    Money,
    Quantity,
    UnitMismatch,
    ValidationError,
)
from backoffice.domain.inventory import Item, Requisition, RequisitionId
from backoffice.policies.requisitions import RequisitionDecision, SimpleRequisitionApproval
from backoffice.services.inventory import Inventory
from backoffice.testing.inventory import reports

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLERK = ActorId("clerk-wang")
ZHANG = ActorId("zhang-san")
T0 = datetime(2025, 3, 3, 9, tzinfo=SHANGHAI)
PAPER = Item(sku="A4-80", name="A4 paper", unit="ream")
MASKS = Item(sku="MASK-N95", name="N95 masks", unit="box", shelf_life=90)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


@pytest.fixture
def store() -> Iterator[Inventory]:
    inventory = Inventory(
        currency="CNY",
        requisition_approval=SimpleRequisitionApproval(auto_approve_up_to=cny("500.00")),
    )
    inventory.add_item(PAPER)
    inventory.add_item(MASKS, removal="fefo")
    inventory.receive("A4-80", 100, unit_cost=cny("21.50"), at=T0, by=CLERK)
    inventory.receive("MASK-N95", 4, total_cost=cny("100.00"), at=T0, by=CLERK)
    inventory.collect_events()
    yield inventory
    assert inventory.check_invariants() == []


def refused(
    store: Inventory, error: type[BackofficeError], command: Callable[[], object]
) -> BackofficeError:
    """Run ``command``; it must raise ``error`` and leave the storeroom exactly as it was."""
    before = reports(store, at=T0 + timedelta(days=1))
    with pytest.raises(error) as raised:
        command()
    assert reports(store, at=T0 + timedelta(days=1)) == before
    assert store.collect_events() == []
    return raised.value


# -- amounts past the documented maximum ---------------------------------------------------------


def test_a_receipt_of_an_astronomical_quantity_is_out_of_range(store: Inventory) -> None:
    quantities: list[Decimal | str] = [Decimal("1E+999999"), "1E+999999", Decimal(10) ** 15]
    for qty in quantities:
        receive = partial(store.receive, "A4-80", qty, unit_cost=cny("1"), at=T0, by=CLERK)
        refused(store, AmountOutOfRange, receive)


def test_a_lot_whose_cost_reaches_the_maximum_is_refused_before_anything_changes(
    store: Inventory,
) -> None:
    refused(
        store,
        AmountOutOfRange,
        lambda: store.receive(
            "MASK-N95", 10_000, unit_cost=cny("999999999999.99"), at=T0, by=CLERK
        ),
    )
    refused(
        store,
        AmountOutOfRange,
        lambda: store.receive("MASK-N95", 1, total_cost=Decimal("1e30"), at=T0, by=CLERK),
    )


def test_a_partial_issue_from_the_largest_valid_fefo_lot_is_exact(store: Inventory) -> None:
    biggest = cny("999999999999999.99")
    store.add_location("VAULT")
    store.receive("MASK-N95", 3, total_cost=biggest, at=T0, by=CLERK, location="VAULT")

    issued = store.issue(
        "MASK-N95", 1, at=T0 + timedelta(hours=1), by=CLERK, to="security", location="VAULT"
    )

    assert issued.cost == cny("333333333333333.33")
    assert store.on_hand("MASK-N95", "VAULT") == Quantity(2, "box")
    assert store.ledger("MASK-N95").value("VAULT") == biggest - issued.cost
    assert len(store.collect_events()) == 3


def test_stock_on_hand_never_reaches_the_maximum(store: Inventory) -> None:
    store.receive("A4-80", Decimal(10) ** 15 - 101, unit_cost=cny("0"), at=T0, by=CLERK)
    store.collect_events()
    refused(
        store,
        AmountOutOfRange,
        lambda: store.receive("A4-80", 1, unit_cost=cny("0"), at=T0, by=CLERK),
    )


# -- the wrong kind of argument ------------------------------------------------------------------


def test_adding_nothing_as_an_item_is_a_validation_error(store: Inventory) -> None:
    refused(store, ValidationError, lambda: store.add_item(None))  # type: ignore[arg-type]
    refused(store, ValidationError, lambda: store.add_item("A4-80"))  # type: ignore[arg-type]


def test_a_removal_order_that_is_none_is_refused_at_once(store: Inventory) -> None:
    soap = Item(sku="SOAP", name="hand soap", unit="bottle")
    refused(store, ValidationError, lambda: store.add_item(soap, removal=3))  # type: ignore[arg-type]
    error = refused(store, InvalidChoice, lambda: store.add_item(soap, removal="lifo"))
    assert "fefo" in str(error)

    assert store.add_item(soap, removal=" FEFO ").order == store.ledger("MASK-N95").order


def test_returning_nothing_is_a_validation_error(store: Inventory) -> None:
    refused(
        store,
        ValidationError,
        lambda: store.return_to_stock(None, at=T0, by=CLERK),  # type: ignore[arg-type]
    )


def test_a_requisition_without_lines_is_a_validation_error(store: Inventory) -> None:
    not_lines: list[Any] = [None, "A4-80", ["A4-80"], {1: 2}, {}]
    for lines in not_lines:
        submit = partial(store.submit_requisition, lines, requester=ZHANG, department="hr", at=T0)
        refused(store, ValidationError, submit)
    assert store.submit_requisition(
        {"A4-80": 1}, requester=ZHANG, department="hr", at=T0
    ).id == RequisitionId("RQN-000001")


def test_a_quantity_in_another_unit_is_refused_by_requisitions(store: Inventory) -> None:
    kilos = Quantity(2, "kg")
    refused(
        store,
        UnitMismatch,
        lambda: store.submit_requisition({"A4-80": kilos}, requester=ZHANG, department="hr", at=T0),
    )
    wanted = store.submit_requisition({"A4-80": 5}, requester=ZHANG, department="hr", at=T0)
    store.collect_events()
    refused(
        store,
        UnitMismatch,
        lambda: store.fulfil_requisition(wanted.id, by=CLERK, at=T0, quantities={"A4-80": kilos}),
    )


def test_a_lot_number_must_be_a_whole_number_not_a_flag(store: Inventory) -> None:
    refused(
        store,
        ValidationError,
        lambda: store.write_off("A4-80", 1, reason="damaged", at=T0, by=CLERK, lot=True),
    )
    refused(
        store,
        ValidationError,
        lambda: store.write_off("A4-80", 1, reason="damaged", at=T0, by=CLERK, lot=0),
    )


def test_a_write_off_reason_is_read_case_insensitively_and_listed_when_unknown(
    store: Inventory,
) -> None:
    error = refused(
        store,
        InvalidChoice,
        lambda: store.write_off("A4-80", 1, reason="stolen", at=T0, by=CLERK),
    )
    assert "damaged" in str(error)
    assert store.write_off("A4-80", 1, reason="DAMAGED", at=T0, by=CLERK).quantity.value == 1


def test_an_issue_to_nobody_in_particular_is_refused(store: Inventory) -> None:
    nobody: list[Any] = ["", "  ", 42]
    for to in nobody:
        refused(store, ValidationError, partial(store.issue, "A4-80", 1, at=T0, by=CLERK, to=to))
    refused(
        store,
        ValidationError,
        lambda: store.ledger("A4-80").issue("MAIN", 1, at=T0, by=CLERK, to=""),
    )


@pytest.mark.parametrize("who", [None, 123, "", "   ", b"li"])
def test_requisition_actors_are_validated(store: Inventory, who: Any) -> None:
    refused(
        store,
        ValidationError,
        lambda: store.submit_requisition({"A4-80": 1}, requester=who, department="hr", at=T0),
    )
    waiting = store.submit_requisition({"A4-80": 900}, requester=ZHANG, department="hr", at=T0)
    store.collect_events()
    refused(
        store,
        ValidationError,
        lambda: store.reject_requisition(waiting.id, by=who, at=T0, reason="too much"),
    )
    refused(store, ValidationError, lambda: store.approve_requisition(waiting.id, by=who, at=T0))
    refused(store, ValidationError, lambda: store.cancel_requisition(waiting.id, by=who, at=T0))


@pytest.mark.parametrize("words", [None, 7, b"bytes", "   "])
def test_free_text_must_be_text(store: Inventory, words: Any) -> None:
    waiting = store.submit_requisition({"A4-80": 900}, requester=ZHANG, department="hr", at=T0)
    store.collect_events()
    refused(
        store,
        ValidationError,
        lambda: store.reject_requisition(waiting.id, by=CLERK, at=T0, reason=words),
    )
    if words is not None and not isinstance(words, str):  # optional text: None and "" are fine
        refused(
            store,
            ValidationError,
            lambda: store.approve_requisition(waiting.id, by=CLERK, at=T0, reference=words),
        )
        refused(
            store,
            ValidationError,
            lambda: store.cancel_requisition(waiting.id, by=CLERK, at=T0, reason=words),
        )
        refused(
            store,
            ValidationError,
            lambda: store.submit_requisition(
                {"A4-80": 1}, requester=ZHANG, department="hr", at=T0, note=words
            ),
        )
        refused(
            store,
            ValidationError,
            lambda: store.count("A4-80", 100, at=T0, by=CLERK, approval=words),
        )


def test_ids_are_taken_as_the_typed_id_or_its_text_but_not_as_anything_else(
    store: Inventory,
) -> None:
    waiting = store.submit_requisition(
        {"A4-80": 900}, requester="zhang-san", department="hr", at=T0
    )
    store.collect_events()
    assert store.requisition("RQN-000001") is store.requisition(waiting.id) is waiting
    refused(store, ValidationError, lambda: store.requisition(None))  # type: ignore[arg-type]
    refused(store, ValidationError, lambda: store.on_hand(["A4-80"]))  # type: ignore[arg-type]
    refused(
        store,
        ValidationError,
        lambda: store.transfer(
            "A4-80",
            1,
            from_location=None,  # type: ignore[arg-type]
            to_location="MAIN",
            at=T0,
            by=CLERK,
        ),
    )


# -- ids are minted only for accepted requisitions ------------------------------------------------


def test_a_refused_submit_requisition_consumes_no_id(store: Inventory) -> None:
    refused(
        store,
        BackofficeError,
        lambda: store.submit_requisition({"TONER": 1}, requester=ZHANG, department="hr", at=T0),
    )
    refused(
        store,
        ValidationError,
        lambda: store.submit_requisition(
            {"A4-80": 1}, requester=ZHANG, department="hr", at=datetime(2025, 3, 3, 9)
        ),
    )
    first = store.submit_requisition({"A4-80": 1}, requester=ZHANG, department="hr", at=T0)
    assert first.id == RequisitionId("RQN-000001")


class _Broken:
    def decide(self, requisition: Requisition, *, estimated_cost: Money) -> RequisitionDecision:
        raise ValidationError("the approval matrix is being edited")


def test_a_policy_that_raises_leaves_no_requisition_and_consumes_no_id() -> None:
    store = Inventory(currency="CNY", requisition_approval=_Broken())
    store.add_item(PAPER)
    with pytest.raises(ValidationError, match="being edited"):
        store.submit_requisition({"A4-80": 1}, requester=ZHANG, department="hr", at=T0)
    assert store.requisitions() == []
    assert store.ids.new(RequisitionId) == RequisitionId("RQN-000001")


def test_write_off_expired_checks_every_write_off_before_making_one(store: Inventory) -> None:
    store.add_location("B1")
    store.receive("MASK-N95", 2, unit_cost=cny("5"), at=T0, by=CLERK, location="B1")
    later = T0 + timedelta(days=100)
    store.count("MASK-N95", 2, at=later, by=CLERK, location="B1")
    store.collect_events()

    refused(
        store,
        BackofficeError,
        lambda: store.write_off_expired(at=later - timedelta(hours=1), by=CLERK),
    )
