"""Negative stock: issuing beyond the shelf at a provisional cost, corrected when stock arrives.

The default policy forbids it; ``AllowNegativeStock`` lets the storeroom hand out the last box
on a Friday night and book the delivery on Monday, with the issue re-valued then.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from backoffice import ActorId, Money, Quantity
from backoffice.domain.inventory import (
    InsufficientStock,
    IssueStillProvisional,
    Item,
    MovementKind,
    StockCostCorrected,
    StockIssued,
    replay,
)
from backoffice.errors import PolicyConfigurationError
from backoffice.policies.removal import FirstInFirstOut
from backoffice.policies.stock import (
    FORBID_NEGATIVE_STOCK,
    AllowNegativeStock,
    negative_stock_policy_from_dict,
)
from backoffice.services.inventory import Inventory

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLERK = ActorId("clerk-wang")
MASKS = Item(sku="MASK-N95", name="N95 masks", unit="box")


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=SHANGHAI)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


def lenient(**costs: Money) -> Inventory:
    store = Inventory(currency="CNY", negative_stock=AllowNegativeStock(costs))
    store.add_item(MASKS)
    store.add_location("B1")
    return store


def test_the_default_policy_refuses_and_changes_nothing() -> None:
    store = Inventory(currency="CNY")
    assert store.negative_stock is FORBID_NEGATIVE_STOCK
    store.add_item(MASKS)
    store.receive("MASK-N95", 10, unit_cost=cny("45.00"), at=at(3), by=CLERK)
    with pytest.raises(InsufficientStock) as short:
        store.issue("MASK-N95", 12, at=at(4), by=CLERK, to="security")
    assert (short.value.requested, short.value.available) == (
        Quantity(12, "box"),
        Quantity(10, "box"),
    )
    assert store.on_hand("MASK-N95") == Quantity(10, "box")
    assert len(store.movements("MASK-N95")) == 1


def test_an_issue_beyond_the_shelf_takes_the_lots_then_the_latest_price_provisionally() -> None:
    store = lenient()
    store.receive("MASK-N95", 10, unit_cost=cny("45.00"), at=at(3), by=CLERK)

    issued = store.issue("MASK-N95", 12, at=at(7, 22), by=CLERK, to="security")

    assert [(d.lot, d.qty) for d in issued.draws] == [(1, Decimal(10))]
    assert issued.provisional == Quantity(2, "box")
    assert issued.provisional_unit_cost == cny("45.00")
    assert issued.cost == cny("540.00")  # 10 x 45.00 drawn + 2 x 45.00 provisional
    assert store.on_hand("MASK-N95") == Quantity(-2, "box")
    assert store.value("MASK-N95") == cny("-90.00")
    assert store.available("MASK-N95") == Quantity(0, "box")
    assert store.check_invariants() == []
    (event,) = [e for e in store.collect_events() if isinstance(e, StockIssued)]
    assert event.provisional == Quantity(2, "box")
    assert event.provisional_unit_cost == cny("45.00")


def test_the_next_receipt_covers_the_shortfall_and_reports_the_correction() -> None:
    store = lenient()
    store.receive("MASK-N95", 10, unit_cost=cny("45.00"), at=at(3), by=CLERK)
    issued = store.issue("MASK-N95", 12, at=at(7, 22), by=CLERK, to="security")
    store.collect_events()

    monday = store.receive("MASK-N95", 20, unit_cost=cny("48.00"), at=at(10), by=CLERK)

    corrected = store.ledger("MASK-N95").movement(issued.number)
    assert corrected.provisional is None
    assert [(d.lot, d.qty) for d in corrected.draws] == [
        (1, Decimal(10)),
        (monday.number, Decimal(2)),
    ]
    assert corrected.cost == cny("546.00")  # 10 x 45.00 + 2 x 48.00
    assert monday.covers == ((issued.number, Quantity(2, "box")),)
    assert store.on_hand("MASK-N95") == Quantity(18, "box")
    assert store.value("MASK-N95") == cny("864.00")  # 18 x 48.00
    events = store.collect_events()
    (correction,) = [e for e in events if isinstance(e, StockCostCorrected)]
    assert (correction.movement, correction.caused_by) == (issued.number, monday.number)
    assert correction.previous_cost == cny("540.00")
    assert correction.difference == cny("6.00")
    # conservation: received == issued (as corrected) + on hand
    assert cny("450.00") + cny("960.00") == corrected.cost + store.value("MASK-N95")
    assert store.check_invariants() == []


def test_a_small_delivery_covers_the_oldest_shortfall_first_and_part_of_the_next() -> None:
    store = lenient(**{"MASK-N95": cny("40.00")})
    first = store.issue("MASK-N95", 3, at=at(3), by=CLERK, to="security")  # never received
    second = store.issue("MASK-N95", 4, at=at(4), by=CLERK, to="facilities")
    assert first.provisional_unit_cost == cny("40.00")  # the standard cost
    assert store.on_hand("MASK-N95") == Quantity(-7, "box")

    store.receive("MASK-N95", 5, unit_cost=cny("44.00"), at=at(5), by=CLERK)

    ledger = store.ledger("MASK-N95")
    assert ledger.movement(first.number).provisional is None
    assert ledger.movement(first.number).cost == cny("132.00")
    assert ledger.movement(second.number).provisional == Quantity(2, "box")
    assert ledger.movement(second.number).cost == cny("168.00")  # 2 x 44.00 + 2 x 40.00
    assert store.on_hand("MASK-N95") == Quantity(-2, "box")
    assert store.check_invariants() == []


def test_an_item_with_no_price_at_all_is_still_refused() -> None:
    store = lenient()
    with pytest.raises(InsufficientStock):
        store.issue("MASK-N95", 1, at=at(3), by=CLERK)
    assert store.movements("MASK-N95") == []


def test_a_transfer_in_covers_the_shortfall_at_the_destination() -> None:
    store = lenient()
    store.receive("MASK-N95", 10, unit_cost=cny("45.00"), at=at(3), by=CLERK)
    store.receive("MASK-N95", 5, unit_cost=cny("50.00"), at=at(3), by=CLERK, location="B1")
    short = store.issue("MASK-N95", 8, at=at(4), by=CLERK, to="lab", location="B1")
    assert short.provisional == Quantity(3, "box")

    store.transfer("MASK-N95", 4, from_location="MAIN", to_location="B1", at=at(5), by=CLERK)

    assert store.ledger("MASK-N95").movement(short.number).cost == cny("385.00")
    assert store.on_hand("MASK-N95", "B1") == Quantity(1, "box")
    assert store.check_invariants() == []


def test_returns_wait_until_the_issue_is_covered() -> None:
    store = lenient()
    store.receive("MASK-N95", 10, unit_cost=cny("45.00"), at=at(3), by=CLERK)
    issued = store.issue("MASK-N95", 12, at=at(4), by=CLERK, to="security")
    with pytest.raises(IssueStillProvisional) as waiting:
        store.return_to_stock(issued, 1, at=at(5), by=CLERK)
    assert waiting.value.provisional == Quantity(2, "box")

    store.receive("MASK-N95", 5, unit_cost=cny("48.00"), at=at(6), by=CLERK)
    back = store.return_to_stock(issued, 2, at=at(7), by=CLERK)
    assert back.cost == cny("96.00")  # the two covered by the delivery come back first
    assert store.check_invariants() == []


def test_a_count_that_finds_stock_covers_the_shortfall() -> None:
    store = lenient()
    store.receive("MASK-N95", 10, unit_cost=cny("45.00"), at=at(3), by=CLERK)
    issued = store.issue("MASK-N95", 12, at=at(4), by=CLERK, to="security")

    counted = store.count("MASK-N95", 1, at=at(5), by=CLERK)  # a box was still on the shelf

    assert counted.variance == Quantity(3, "box")
    assert store.ledger("MASK-N95").movement(issued.number).provisional is None
    assert store.on_hand("MASK-N95") == Quantity(1, "box")
    assert store.check_invariants() == []


def test_a_backdated_receipt_covers_the_shortfall_as_if_it_had_come_on_time() -> None:
    store = lenient()
    store.receive("MASK-N95", 10, unit_cost=cny("45.00"), at=at(3), by=CLERK)
    issued = store.issue("MASK-N95", 12, at=at(7), by=CLERK, to="security")
    store.receive("MASK-N95", 10, unit_cost=cny("50.00"), at=at(9), by=CLERK)
    assert store.ledger("MASK-N95").movement(issued.number).cost == cny("550.00")
    store.collect_events()

    store.receive(
        "MASK-N95", 5, unit_cost=cny("40.00"), at=at(5), by=CLERK, recorded_at=at(10)
    )  # delivered on the 5th, entered on the 10th

    now = store.ledger("MASK-N95").movement(issued.number)
    assert now.provisional is None
    assert [(d.lot, d.qty) for d in now.draws] == [(1, Decimal(10)), (4, Decimal(2))]
    assert now.cost == cny("530.00")
    (correction,) = [e for e in store.collect_events() if isinstance(e, StockCostCorrected)]
    assert (correction.previous_cost, correction.cost) == (cny("550.00"), cny("530.00"))
    assert store.on_hand("MASK-N95") == Quantity(13, "box")
    assert store.check_invariants() == []


def test_a_backdated_issue_can_make_a_later_one_short_and_be_taken_back_exactly() -> None:
    store = lenient()
    store.receive("MASK-N95", 10, unit_cost=cny("45.00"), at=at(3), by=CLERK)
    later = store.issue("MASK-N95", 8, at=at(7), by=CLERK, to="security")
    store.receive("MASK-N95", 10, unit_cost=cny("50.00"), at=at(9), by=CLERK)

    store.issue("MASK-N95", 4, at=at(5), by=CLERK, to="lab", recorded_at=at(10))

    now = store.ledger("MASK-N95").movement(later.number)
    assert [(d.lot, d.qty) for d in now.draws] == [
        (1, Decimal(6)),
        (3, Decimal(2)),
    ]  # 2 covered on the 9th
    assert now.cost == cny("370.00")
    assert store.on_hand("MASK-N95") == Quantity(8, "box")
    assert store.check_invariants() == []


def test_the_ledger_replays_to_the_same_corrections() -> None:
    store = lenient()
    store.receive("MASK-N95", 10, unit_cost=cny("45.00"), at=at(3), by=CLERK)
    store.issue("MASK-N95", 12, at=at(4), by=CLERK, to="security")
    store.receive("MASK-N95", 10, unit_cost=cny("50.00"), at=at(6), by=CLERK)
    store.receive("MASK-N95", 1, unit_cost=cny("30.00"), at=at(4, 10), by=CLERK)
    events = store.ledger("MASK-N95").collect_events()

    again = replay(MASKS, "CNY", FirstInFirstOut(), events, negative=AllowNegativeStock())
    assert again.value() == store.value("MASK-N95")
    assert [m.cost for m in again.movements()] == [m.cost for m in store.movements("MASK-N95")]
    assert any(m.kind is MovementKind.ISSUE for m in again.movements())


def test_the_policy_is_built_from_plain_data() -> None:
    assert negative_stock_policy_from_dict({}) is FORBID_NEGATIVE_STOCK
    policy = negative_stock_policy_from_dict(
        {
            "allow": True,
            "currency": "CNY",
            "standard_costs": {"A4-80": "21.00"},
            "prefer_standard": True,
        }
    )
    assert policy.provisional_unit_cost("A4-80", cny("22.00")) == cny("21.00")
    with pytest.raises(PolicyConfigurationError):
        negative_stock_policy_from_dict({"allow": True, "standard_costs": {"A4-80": "1"}})
    with pytest.raises(PolicyConfigurationError):
        negative_stock_policy_from_dict({"allow": True, "limit": 3})
