"""A storeroom of A4 paper: receipts, FIFO issues at exact cost, returns, transfers, counts.

The seeds ask for consumables to be kept first-in-first-out and counted regularly
("实施先进先出原则,定期盘点,确保物资新鲜且避免过期损失").
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from backoffice import (
    ActorId,
    CurrencyMismatch,
    DepartmentId,
    InvalidAmount,
    Money,
    NaiveDatetimeError,
    Quantity,
    RequestId,
    UnitMismatch,
    ValidationError,
)
from backoffice.domain.inventory import (
    AdjustmentApprovalRequired,
    InsufficientStock,
    Item,
    ItemNotFound,
    LocationNotFound,
    MovementBeforeStocktake,
    MovementKind,
    ReturnExceedsIssue,
    StockCounted,
    StockIssued,
    StockItemAdded,
    StockLocationAdded,
    StockReceived,
    WriteOffReason,
)
from backoffice.policies.stock import AdjustmentThreshold
from backoffice.services.inventory import Inventory

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLERK = ActorId("clerk-wang")


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=SHANGHAI)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


@pytest.fixture
def store() -> Inventory:
    inventory = Inventory(currency="CNY")
    inventory.add_item(
        Item(sku="A4-80", name="A4 paper 80 g", unit="ream", reorder_point=20, reorder_quantity=50)
    )
    inventory.add_location("B1")
    return inventory


def reams(n: int | str) -> Quantity:
    return Quantity(n, "ream")


def test_issuing_30_reams_of_a_100_ream_lot_at_21_50_costs_exactly_645_yuan(
    store: Inventory,
) -> None:
    store.receive("A4-80", qty=100, unit_cost=cny("21.50"), at=at(3), by=CLERK)
    issued = store.issue("A4-80", qty=30, at=at(4), by=CLERK, to="finance")

    assert issued.cost == cny("645.00")
    assert [(d.lot, d.qty, d.cost) for d in issued.draws] == [(1, Decimal(30), cny("645.00"))]
    assert issued.department == DepartmentId("finance")
    assert store.on_hand("A4-80") == reams(70)
    assert store.value("A4-80") == cny("1505.00")


def test_an_issue_takes_the_oldest_lot_first_and_splits_across_lots(store: Inventory) -> None:
    store.receive("A4-80", qty=100, unit_cost=cny("21.50"), at=at(3), by=CLERK)
    store.receive("A4-80", qty=50, unit_cost=cny("22.00"), at=at(5), by=CLERK)

    issued = store.issue("A4-80", qty=120, at=at(6), by=CLERK, to="finance")

    assert [(d.lot, d.qty, d.amount) for d in issued.draws] == [
        (1, Decimal(100), Decimal("2150.00")),
        (2, Decimal(20), Decimal("440.00")),
    ]
    assert issued.cost == cny("2590.00")
    (left,) = store.lots("A4-80")
    assert (left.number, left.remaining, left.value) == (2, reams(30), cny("660.00"))


def test_issuing_more_than_is_on_hand_raises_insufficient_stock_and_changes_nothing(
    store: Inventory,
) -> None:
    store.receive("A4-80", qty=100, unit_cost=cny("21.50"), at=at(3), by=CLERK)
    ledger = store.ledger("A4-80")
    before = (ledger.version, store.on_hand("A4-80"), store.value("A4-80"), store.lots("A4-80"))

    with pytest.raises(InsufficientStock) as refused:
        store.issue("A4-80", qty=101, at=at(4), by=CLERK, to="finance")

    assert refused.value.requested == reams(101)
    assert refused.value.available == reams(100)
    assert refused.value.sku == "A4-80"
    assert "only 100 ream available" in str(refused.value)
    assert isinstance(refused.value, ValueError)
    after = (ledger.version, store.on_hand("A4-80"), store.value("A4-80"), store.lots("A4-80"))
    assert after == before


def test_a_lot_bought_at_a_total_cost_is_split_without_losing_a_fen(store: Inventory) -> None:
    store.receive("A4-80", qty=3, total_cost=cny("100.00"), at=at(3), by=CLERK)

    costs = [store.issue("A4-80", qty=1, at=at(4), by=CLERK).cost for _ in range(3)]

    # each draw takes its share of what is left, rounded to the fen: 100/3, 66.67/2, the rest
    assert costs == [cny("33.33"), cny("33.34"), cny("33.33")]
    assert sum(costs) == cny("100.00")
    assert store.value("A4-80") == cny("0")


def test_returned_paper_comes_back_at_the_cost_it_left_with(store: Inventory) -> None:
    store.receive("A4-80", qty=10, unit_cost=cny("21.50"), at=at(3), by=CLERK)
    store.receive("A4-80", qty=10, unit_cost=cny("23.00"), at=at(4), by=CLERK)
    issued = store.issue("A4-80", qty=15, at=at(5), by=CLERK, to="finance")

    returned = store.return_to_stock(issued, 3, at=at(6), by=CLERK)

    assert returned.kind is MovementKind.RETURN
    assert returned.cost == cny("69.00")  # the last lot drawn comes back first: 3 x 23.00
    assert returned.returned_from == issued.number
    assert returned.department == DepartmentId("finance")
    assert store.on_hand("A4-80") == reams(8)
    assert store.value("A4-80") == cny("184.00")  # 5 + 3 reams of the 23.00 lot
    assert store.ledger("A4-80").returnable(issued) == reams(12)
    with pytest.raises(ReturnExceedsIssue) as refused:
        store.return_to_stock(issued, 13, at=at(6), by=CLERK)
    assert refused.value.returned == reams(3)


def test_a_transfer_keeps_the_lots_cost_and_date_and_fifo_order_at_the_destination(
    store: Inventory,
) -> None:
    store.receive("A4-80", qty=10, unit_cost=cny("20.00"), at=at(3), by=CLERK)
    store.receive("A4-80", qty=10, unit_cost=cny("25.00"), at=at(5), by=CLERK, location="B1")

    moved = store.transfer("A4-80", 4, from_location="MAIN", to_location="B1", at=at(6), by=CLERK)
    issued = store.issue("A4-80", qty=5, at=at(7), by=CLERK, location="B1")

    assert moved.cost == cny("80.00")
    assert [(lot.number, lot.received_at) for lot in store.lots("A4-80", "B1")] == [(2, at(5))]
    assert [(d.lot, d.qty, d.amount) for d in issued.draws] == [
        (1, Decimal(4), Decimal("80.00")),  # the older lot moved in first goes out first
        (2, Decimal(1), Decimal("25.00")),
    ]
    assert store.on_hand("A4-80", "MAIN") == reams(6)
    assert store.value("A4-80") == cny("345.00")


def test_a_stocktake_shortage_is_taken_from_the_oldest_lot(store: Inventory) -> None:
    store.receive("A4-80", qty=10, unit_cost=cny("20.00"), at=at(3), by=CLERK)
    store.receive("A4-80", qty=10, unit_cost=cny("25.00"), at=at(4), by=CLERK)

    counted = store.count("A4-80", 18, at=at(5), by=CLERK)

    assert counted.variance == reams(-2)
    assert counted.cost == cny("40.00")
    assert counted.value_change == Decimal("-40.00")
    assert store.on_hand("A4-80") == reams(18)


def test_a_stocktake_surplus_becomes_a_lot_at_the_latest_unit_cost(store: Inventory) -> None:
    store.receive("A4-80", qty=10, unit_cost=cny("20.00"), at=at(3), by=CLERK)
    store.receive("A4-80", qty=10, unit_cost=cny("25.00"), at=at(4), by=CLERK)

    counted = store.count("A4-80", 21, at=at(5), by=CLERK)

    assert counted.variance == reams(1)
    assert counted.unit_cost == cny("25.00")
    assert counted.creates_lot
    assert store.lots("A4-80")[-1].number == counted.number
    assert store.value("A4-80") == cny("475.00")


def test_a_count_that_matches_the_book_changes_nothing_but_is_recorded(store: Inventory) -> None:
    store.receive("A4-80", qty=10, unit_cost=cny("20.00"), at=at(3), by=CLERK)
    counted = store.count("A4-80", 10, at=at(5), by=CLERK)
    assert counted.variance == reams(0)
    assert counted.cost == cny("0")
    assert store.value("A4-80") == cny("200.00")


def test_an_adjustment_above_the_threshold_needs_an_approval_reference() -> None:
    store = Inventory(currency="CNY", adjustments=AdjustmentThreshold(cny("1000.00")))
    store.add_item(Item(sku="A4-80", name="A4 paper 80 g", unit="ream"))
    store.receive("A4-80", qty=100, unit_cost=cny("21.50"), at=at(3), by=CLERK)
    ledger = store.ledger("A4-80")
    version = ledger.version

    with pytest.raises(AdjustmentApprovalRequired) as refused:
        store.count("A4-80", 50, at=at(5), by=CLERK)  # 50 reams short: 1,075.00

    assert refused.value.value == cny("1075.00")
    assert refused.value.limit == cny("1000.00")
    assert (ledger.version, store.on_hand("A4-80")) == (version, reams(100))
    store.count("A4-80", 60, at=at(5), by=CLERK)  # 40 short: 860.00 passes
    counted = store.count("A4-80", 10, at=at(6), by=CLERK, approval="ADJ-2025-031")
    assert counted.reference == "ADJ-2025-031"
    assert store.on_hand("A4-80") == reams(10)


def test_movements_dated_before_a_stocktake_of_the_location_are_refused(store: Inventory) -> None:
    store.receive("A4-80", qty=10, unit_cost=cny("20.00"), at=at(3), by=CLERK)
    store.count("A4-80", 10, at=at(10), by=CLERK)

    with pytest.raises(MovementBeforeStocktake) as refused:
        store.issue("A4-80", qty=1, at=at(9), by=CLERK)

    assert refused.value.counted_at == at(10)
    store.receive("A4-80", qty=5, unit_cost=cny("20.00"), at=at(9), by=CLERK, location="B1")
    assert store.on_hand("A4-80") == reams(15)


def test_damaged_paper_is_written_off_at_cost(store: Inventory) -> None:
    store.receive("A4-80", qty=10, unit_cost=cny("20.00"), at=at(3), by=CLERK)
    store.receive("A4-80", qty=10, unit_cost=cny("25.00"), at=at(4), by=CLERK)

    soaked = store.write_off("A4-80", 2, reason="damaged", at=at(5), by=CLERK, lot=2)
    lost = store.write_off("A4-80", 3, reason=WriteOffReason.LOST, at=at(6), by=CLERK)

    assert (soaked.reason, soaked.cost) == (WriteOffReason.DAMAGED, cny("50.00"))
    assert (lost.reason, lost.cost) == (WriteOffReason.LOST, cny("60.00"))
    assert store.value("A4-80") == cny("340.00")
    with pytest.raises(ValidationError):
        store.write_off("A4-80", 1, reason="stolen by ghosts", at=at(6), by=CLERK)


def test_value_received_equals_value_issued_written_off_plus_value_on_hand_to_the_fen(
    store: Inventory,
) -> None:
    store.receive("A4-80", qty=7, total_cost=cny("100.00"), at=at(3), by=CLERK)
    store.receive("A4-80", qty=9, unit_cost=cny("21.35"), at=at(4), by=CLERK)
    out = [store.issue("A4-80", qty=q, at=at(5), by=CLERK, to="hr").cost for q in (2, 3, 4)]
    lost = store.write_off("A4-80", 1, reason="lost", at=at(6), by=CLERK).cost
    back = store.return_to_stock(store.movements("A4-80")[3], 1, at=at(7), by=CLERK).cost

    received = cny("100.00") + cny("21.35") * 9
    assert received == sum(out) + lost - back + store.value("A4-80")
    assert store.check_invariants() == []


def test_every_movement_records_one_event_with_its_version_actor_and_time(store: Inventory) -> None:
    store.receive("A4-80", qty=100, unit_cost=cny("21.50"), at=at(3), by=CLERK, supplier="SUP-7")
    store.issue("A4-80", qty=30, at=at(4), by=CLERK, to=RequestId("REQ-000042"))
    store.count("A4-80", 70, at=at(5), by=CLERK)

    item_added, location_added, received, issued, counted = store.collect_events()

    assert isinstance(item_added, StockItemAdded)
    assert item_added.item.sku == "A4-80"
    assert isinstance(location_added, StockLocationAdded)
    assert [item_added.version, location_added.version] == [1, 2]

    assert isinstance(received, StockReceived)
    assert received.supplier is not None
    assert isinstance(issued, StockIssued)
    assert issued.to is not None
    assert isinstance(counted, StockCounted)
    assert [e.version for e in (received, issued, counted)] == [1, 2, 3]
    assert {e.actor for e in (received, issued, counted)} == {CLERK}
    assert issued.occurred_at == at(4)
    assert issued.cost == cny("645.00")
    assert issued.draws[0].lot == 1
    assert issued.to.as_id() == RequestId("REQ-000042")
    assert store.collect_events() == []


def test_careless_arguments_are_refused_before_anything_changes(store: Inventory) -> None:
    store.receive("A4-80", qty=10, unit_cost=cny("20.00"), at=at(3), by=CLERK)
    with pytest.raises(NaiveDatetimeError):
        store.issue("A4-80", qty=1, at=datetime(2025, 3, 4, 9), by=CLERK)
    with pytest.raises(InvalidAmount):
        store.issue("A4-80", qty=1.5, at=at(4), by=CLERK)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        store.issue("A4-80", qty=0, at=at(4), by=CLERK)
    with pytest.raises(CurrencyMismatch):
        store.receive("A4-80", qty=1, unit_cost=Money("3.00", "USD"), at=at(4), by=CLERK)
    with pytest.raises(UnitMismatch):
        store.issue("A4-80", qty=Quantity(1, "box"), at=at(4), by=CLERK)
    with pytest.raises(ValidationError):
        store.receive("A4-80", qty=1, at=at(4), by=CLERK)  # no cost
    with pytest.raises(ValidationError):
        store.issue("A4-80", qty=1, at=at(4), by=" ")
    with pytest.raises(ValidationError):
        store.issue("A4-80", qty=1, at=at(4), by=CLERK, to=42)  # type: ignore[arg-type]
    assert store.on_hand("A4-80") == reams(10)
    assert len(store.movements("A4-80")) == 1


def test_unknown_items_and_locations_are_not_found(store: Inventory) -> None:
    with pytest.raises(ItemNotFound) as missing:
        store.issue("TONER-9", qty=1, at=at(3), by=CLERK)
    assert isinstance(missing.value, LookupError)
    with pytest.raises(LocationNotFound):
        store.receive("A4-80", qty=1, unit_cost=cny("1"), at=at(3), by=CLERK, location="ATTIC")


def test_a_movement_record_is_read_only(store: Inventory) -> None:
    issued = store.receive("A4-80", qty=1, unit_cost=cny("1"), at=at(3), by=CLERK)
    with pytest.raises(AttributeError):
        issued.qty = Decimal(2)  # type: ignore[misc]
    assert "receipt #1" in repr(issued)
