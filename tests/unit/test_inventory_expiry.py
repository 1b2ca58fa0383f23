"""Masks and first-aid kits with expiry dates: first expired first out, never issue expired.

"确保物资新鲜且避免过期损失": keep stock fresh and avoid losses from expiry. Emergency stock
(急救包, protective gear) is checked monthly ("每月检查更新状态").
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from backoffice import ActorId, Money, Quantity
from backoffice.domain.inventory import InsufficientStock, Item, WriteOffReason
from backoffice.services.inventory import Inventory

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLERK = ActorId("clerk-wang")


def on(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 10, tzinfo=SHANGHAI)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


def boxes(n: int) -> Quantity:
    return Quantity(n, "box")


@pytest.fixture
def store() -> Inventory:
    inventory = Inventory(currency="CNY")
    inventory.add_item(
        Item(sku="MASK-N95", name="N95 masks", unit="box", category="protective gear"),
        removal="fefo",
    )
    inventory.add_item(Item(sku="KIT-1", name="first-aid kit", unit="piece", shelf_life=365))
    return inventory


def test_fefo_issues_the_box_that_expires_first_even_if_it_arrived_later(store: Inventory) -> None:
    store.receive(
        "MASK-N95", 10, unit_cost=cny("45.00"), at=on(2025, 1, 6), by=CLERK,
        expires_on=date(2026, 12, 31),
    )  # fmt: skip
    store.receive(
        "MASK-N95", 10, unit_cost=cny("40.00"), at=on(2025, 2, 3), by=CLERK,
        expires_on=date(2025, 9, 30),
    )  # fmt: skip

    issued = store.issue("MASK-N95", 12, at=on(2025, 3, 3), by=CLERK, to="security")

    assert [(d.lot, d.qty) for d in issued.draws] == [(2, Decimal(10)), (1, Decimal(2))]
    assert issued.cost == cny("490.00")


def test_expired_masks_are_never_issued(store: Inventory) -> None:
    store.receive(
        "MASK-N95", 5, unit_cost=cny("40.00"), at=on(2025, 1, 6), by=CLERK,
        expires_on=date(2025, 6, 30),
    )  # fmt: skip
    store.receive(
        "MASK-N95", 5, unit_cost=cny("45.00"), at=on(2025, 2, 3), by=CLERK,
        expires_on=date(2026, 6, 30),
    )  # fmt: skip
    after_expiry = on(2025, 7, 1)

    assert store.available("MASK-N95", at=after_expiry) == boxes(5)
    assert store.on_hand("MASK-N95") == boxes(10)  # still on the shelf until written off
    with pytest.raises(InsufficientStock) as refused:
        store.issue("MASK-N95", 6, at=after_expiry, by=CLERK)
    assert refused.value.available == boxes(5)
    issued = store.issue("MASK-N95", 5, at=after_expiry, by=CLERK)
    assert [d.lot for d in issued.draws] == [2]
    assert store.issue("MASK-N95", 1, at=on(2025, 6, 30), by=CLERK, recorded_at=after_expiry)


def test_fifo_skips_expired_lots_too(store: Inventory) -> None:
    store.receive("KIT-1", 2, unit_cost=cny("80.00"), at=on(2024, 1, 2), by=CLERK)
    store.receive("KIT-1", 3, unit_cost=cny("85.00"), at=on(2025, 1, 2), by=CLERK)

    issued = store.issue("KIT-1", 2, at=on(2025, 3, 1), by=CLERK, to="security")

    assert [d.lot for d in issued.draws] == [2]  # lot 1 expired on 2025-01-01
    assert store.lots("KIT-1")[0].is_expired(on(2025, 3, 1))


def test_expired_stock_is_written_off_earliest_expiry_first(store: Inventory) -> None:
    store.receive("KIT-1", 2, unit_cost=cny("80.00"), at=on(2024, 1, 2), by=CLERK)
    store.receive("KIT-1", 1, unit_cost=cny("82.00"), at=on(2024, 2, 2), by=CLERK)
    store.receive("KIT-1", 3, unit_cost=cny("85.00"), at=on(2025, 1, 2), by=CLERK)

    (written_off,) = store.write_off_expired(at=on(2025, 3, 1), by=CLERK)

    assert written_off.reason is WriteOffReason.EXPIRED
    assert [(d.lot, d.qty) for d in written_off.draws] == [(1, Decimal(2)), (2, Decimal(1))]
    assert written_off.cost == cny("242.00")
    assert store.on_hand("KIT-1") == Quantity(3, "piece")
    assert store.write_off_expired(at=on(2025, 3, 1), by=CLERK) == []


def test_the_monthly_check_lists_lots_expiring_within_30_days_soonest_first(
    store: Inventory,
) -> None:
    store.receive(
        "MASK-N95", 5, unit_cost=cny("40.00"), at=on(2025, 1, 6), by=CLERK,
        expires_on=date(2025, 4, 20),
    )  # fmt: skip
    store.receive(
        "MASK-N95", 5, unit_cost=cny("40.00"), at=on(2025, 1, 7), by=CLERK,
        expires_on=date(2025, 5, 20),
    )  # fmt: skip
    store.receive("KIT-1", 2, unit_cost=cny("80.00"), at=on(2024, 4, 10), by=CLERK)

    soon = store.expiring(30, at=on(2025, 4, 1))

    assert [(lot.sku, lot.expires_on) for lot in soon] == [
        ("KIT-1", date(2025, 4, 10)),
        ("MASK-N95", date(2025, 4, 20)),
    ]


def test_shelf_life_sets_the_expiry_of_lots_received_without_one_and_lots_know_their_age(
    store: Inventory,
) -> None:
    store.receive("KIT-1", 2, unit_cost=cny("80.00"), at=on(2025, 1, 2), by=CLERK)
    (kit,) = store.lots("KIT-1")
    assert kit.expires_on == (on(2025, 1, 2) + timedelta(days=365)).date()
    assert kit.age(on(2025, 3, 3)) == timedelta(days=60)
    assert kit.expires_within(365, on(2025, 1, 2))
    assert not kit.expires_within(30, on(2025, 1, 2))


def test_a_lot_may_be_issued_on_its_last_day_of_use_and_not_the_day_after(store: Inventory) -> None:
    store.receive(
        "MASK-N95", 4, unit_cost=cny("45.00"), at=on(2025, 1, 6), by=CLERK,
        expires_on=date(2025, 6, 30),
    )  # fmt: skip
    ledger = store.ledger("MASK-N95")

    assert ledger.expired(at=on(2025, 6, 30)) == boxes(0)
    assert ledger.expired(at=on(2025, 7, 1)) == boxes(4)
    assert store.issue("MASK-N95", 1, at=on(2025, 6, 30), by=CLERK).cost == cny("45.00")
    with pytest.raises(InsufficientStock):
        store.issue("MASK-N95", 1, at=on(2025, 7, 1), by=CLERK)
