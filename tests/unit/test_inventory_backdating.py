"""Backdated movements: recorded today, effective last week.

The ledger re-runs only the movements effective after the backdated one and records a cost
correction for each whose cost changed; one it cannot re-run refuses the backdated movement.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from backoffice import ActorId, Money, Quantity
from backoffice.domain.inventory import (
    InsufficientStock,
    Item,
    MovementKind,
    StockCostCorrected,
    StockIssued,
    StockReceived,
)
from backoffice.services.inventory import Inventory

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLERK = ActorId("clerk-wang")
LATE_CLERK = ActorId("clerk-li")


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=SHANGHAI)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


@pytest.fixture
def store() -> Inventory:
    inventory = Inventory(currency="CNY")
    inventory.add_item(Item(sku="A4-80", name="A4 paper 80 g", unit="ream"))
    inventory.receive("A4-80", qty=100, unit_cost=cny("21.50"), at=at(3), by=CLERK)
    inventory.issue("A4-80", qty=30, at=at(5), by=CLERK, to="finance")
    inventory.issue("A4-80", qty=30, at=at(7), by=CLERK, to="hr")
    inventory.collect_events()
    return inventory


def test_a_receipt_recorded_late_re_values_the_issues_after_it(store: Inventory) -> None:
    late = store.receive(
        "A4-80", qty=50, unit_cost=cny("20.00"), at=at(2), by=LATE_CLERK, recorded_at=at(10)
    )

    first, second = (m for m in store.movements("A4-80") if m.kind is MovementKind.ISSUE)
    assert first.cost == cny("600.00")  # 30 of the older, cheaper lot
    assert second.cost == cny("615.00")  # 20 x 20.00 + 10 x 21.50
    assert store.value("A4-80") == cny("3150.00") - cny("1215.00")
    events = store.collect_events()
    assert isinstance(events[0], StockReceived)
    assert events[0].recorded_at == at(10)
    corrections = [e for e in events if isinstance(e, StockCostCorrected)]
    assert [(c.movement, c.previous_cost, c.cost) for c in corrections] == [
        (2, cny("645.00"), cny("600.00")),
        (3, cny("645.00"), cny("615.00")),
    ]
    assert all(c.caused_by == late.number and c.actor == LATE_CLERK for c in corrections)
    assert corrections[0].difference == cny("-45.00")
    assert corrections[0].occurred_at == at(5)
    assert store.check_invariants() == []


def test_movements_before_the_backdated_one_are_not_touched(store: Inventory) -> None:
    store.receive("A4-80", qty=10, unit_cost=cny("30.00"), at=at(6), by=CLERK)

    first, second = (m for m in store.movements("A4-80") if m.kind is MovementKind.ISSUE)
    assert first.cost == cny("645.00")
    assert second.cost == cny("645.00")  # 30 of the 40 reams of the first lot still left
    assert [type(e) for e in store.collect_events()] == [StockReceived]


def test_a_backdated_issue_that_would_leave_a_later_issue_short_is_refused(
    store: Inventory,
) -> None:
    ledger = store.ledger("A4-80")
    before = (ledger.version, store.movements("A4-80"), store.lots("A4-80"))

    with pytest.raises(InsufficientStock) as refused:
        store.issue("A4-80", qty=50, at=at(4), by=CLERK, to="it")

    assert refused.value.requested == Quantity(30, "ream")  # the later issue on day 7
    assert (ledger.version, store.movements("A4-80"), store.lots("A4-80")) == before
    assert store.check_invariants() == []


def test_a_backdated_issue_that_fits_takes_the_lots_it_would_have_taken(store: Inventory) -> None:
    store.receive("A4-80", qty=20, unit_cost=cny("25.00"), at=at(6), by=CLERK)
    store.collect_events()

    early = store.issue("A4-80", qty=50, at=at(4), by=CLERK, to="it")

    assert early.cost == cny("1075.00")
    third = store.movements("A4-80")[-1]
    assert third.kind is MovementKind.ISSUE
    assert [(d.lot, d.qty) for d in third.draws] == [(1, Decimal(20)), (4, Decimal(10))]
    assert third.cost == cny("680.00")
    events = store.collect_events()
    assert isinstance(events[0], StockIssued)
    assert [(e.movement, e.cost) for e in events if isinstance(e, StockCostCorrected)] == [
        (3, cny("680.00"))
    ]


def test_the_movements_come_back_in_effective_order(store: Inventory) -> None:
    store.receive("A4-80", qty=5, unit_cost=cny("20.00"), at=at(4), by=CLERK)
    assert [m.number for m in store.movements("A4-80")] == [1, 4, 2, 3]
    assert store.ledger("A4-80").movement(4).at == at(4)
