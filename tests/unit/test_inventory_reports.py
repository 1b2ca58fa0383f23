"""Reorder suggestions, consumption per department, turnover."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from backoffice import ActorId, DepartmentId, Money, Period, Quantity, RequestId
from backoffice.domain.inventory import Item
from backoffice.services.inventory import Inventory

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLERK = ActorId("clerk-wang")


def at(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 9, tzinfo=SHANGHAI)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


@pytest.fixture
def store() -> Inventory:
    inventory = Inventory(currency="CNY")
    inventory.add_item(
        Item(sku="A4-80", name="A4 paper", unit="ream", reorder_point=20, reorder_quantity=50)
    )
    inventory.add_item(
        Item(sku="SOAP", name="hand soap", unit="bottle", reorder_point=10, max_level=60)
    )
    inventory.add_item(Item(sku="BAG", name="flood sandbags", unit="bag", reorder_point=100))
    inventory.add_item(Item(sku="PUMP-SEAL", name="pump seal", unit="piece"))
    return inventory


def test_items_at_or_below_their_reorder_point_get_a_suggestion(store: Inventory) -> None:
    store.receive("A4-80", 100, unit_cost=cny("21.50"), at=at(3, 1), by=CLERK)
    store.issue("A4-80", 95, at=at(3, 2), by=CLERK)  # 5 left: 20 - 5 needs one batch of 50
    store.receive("SOAP", 12, unit_cost=cny("8.00"), at=at(3, 1), by=CLERK)
    store.issue("SOAP", 3, at=at(3, 2), by=CLERK)  # 9 left: order up to 60
    store.receive("BAG", 100, unit_cost=cny("3.00"), at=at(3, 1), by=CLERK)  # at the point

    suggestions = {s.sku: s for s in store.reorder_suggestions()}

    assert suggestions["A4-80"].suggested == Quantity(50, "ream")
    assert suggestions["SOAP"].suggested == Quantity(51, "bottle")
    assert suggestions["BAG"].suggested == Quantity(0, "bag")  # back to the point: nothing
    assert "PUMP-SEAL" not in suggestions  # no reorder point


def test_reserved_stock_counts_against_the_reorder_point_and_batches_are_whole(
    store: Inventory,
) -> None:
    store.add_item(
        Item(sku="TONER", name="toner", unit="cartridge", reorder_point=20, reorder_quantity=8)
    )
    store.receive("TONER", 25, unit_cost=cny("300.00"), at=at(3, 1), by=CLERK)
    requisition = store.submit_requisition(
        {"TONER": 21}, requester=ActorId("zhang"), department="it", at=at(3, 2)
    )
    store.approve_requisition(requisition.id, by=ActorId("manager-liu"), at=at(3, 2))

    (toner,) = [s for s in store.reorder_suggestions() if s.sku == "TONER"]

    assert (toner.on_hand, toner.reserved) == (Quantity(25, "cartridge"), Quantity(21, "cartridge"))
    assert toner.position == Quantity(4, "cartridge")
    assert toner.suggested == Quantity(24, "cartridge")  # 3 x 8: back above 20, not just to it


def test_consumption_per_department_nets_returns_and_keeps_requests_apart(store: Inventory) -> None:
    store.receive("A4-80", 100, unit_cost=cny("21.50"), at=at(3, 1), by=CLERK)
    finance = store.issue("A4-80", 10, at=at(3, 3), by=CLERK, to="finance")
    store.issue("A4-80", 5, at=at(3, 4), by=CLERK, to=DepartmentId("hr"))
    store.issue("A4-80", 2, at=at(3, 5), by=CLERK, to=RequestId("REQ-000042"))
    store.issue("A4-80", 1, at=at(3, 5), by=CLERK, to=ActorId("zhang"), charge_to="hr")
    store.issue("A4-80", 7, at=at(4, 1), by=CLERK, to="finance")  # next month
    store.return_to_stock(finance, 4, at=at(3, 20), by=CLERK)

    march = store.consumption(Period.month(2025, 3))

    assert [(c.department, c.quantity.value, c.cost.amount) for c in march] == [
        (DepartmentId("finance"), Decimal(6), Decimal("129.00")),  # ties: by item, then department
        (DepartmentId("hr"), Decimal(6), Decimal("129.00")),
        (None, Decimal(2), Decimal("43.00")),
    ]


def test_turnover_of_paper_over_a_quarter(store: Inventory) -> None:
    store.receive("A4-80", 100, unit_cost=cny("20.00"), at=at(12, 1).replace(year=2024), by=CLERK)
    store.issue("A4-80", 60, at=at(2, 10), by=CLERK, to="finance")
    store.receive("A4-80", 60, unit_cost=cny("20.00"), at=at(3, 1), by=CLERK)
    store.issue("A4-80", 40, at=at(3, 10), by=CLERK, to="finance")

    quarter = store.turnover("A4-80", Period.quarter(2025, 1))

    assert quarter.opening_value == cny("2000.00")
    assert quarter.closing_value == cny("1200.00")
    assert quarter.consumed == cny("2000.00")
    assert quarter.average_value == cny("1600.00")
    assert quarter.turns == Decimal("1.25")
    assert quarter.days_of_stock == Decimal("72.00")  # 90 days / 1.25
