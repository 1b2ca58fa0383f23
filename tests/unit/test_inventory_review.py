"""The storeroom rules of the issue, checked in the business's words.

Old for new (以旧换新), stocktake approvals, transfers that keep cost and dates, lots expiring
within N days, and reorder suggestions that do not count stock that can no longer be issued.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from backoffice import ActorId, DepartmentId, Money, Period, Quantity
from backoffice.domain.inventory import AdjustmentApprovalRequired, Item, TradeInRequired
from backoffice.errors import ValidationError
from backoffice.policies.stock import AdjustmentThreshold, adjustment_policy_from_dict
from backoffice.services.inventory import Inventory

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLERK = ActorId("clerk-wang")
ZHANG = ActorId("zhang-san")


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=SHANGHAI)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


def test_a_new_mouse_is_issued_only_against_the_old_one_handed_back() -> None:
    store = Inventory(currency="CNY")
    store.add_item(Item(sku="MOUSE", name="mouse", unit="piece", trade_in=True))
    store.receive("MOUSE", 5, unit_cost=cny("59.00"), at=at(3, 3), by=CLERK)

    with pytest.raises(TradeInRequired) as refused:
        store.issue("MOUSE", 1, at=at(3, 4), by=CLERK, to=ZHANG, charge_to="engineering")
    assert (refused.value.requested, refused.value.handed_back) == (Decimal(1), Decimal(0))
    assert store.on_hand("MOUSE") == Quantity(5, "piece")

    issued = store.issue(
        "MOUSE", 1, at=at(3, 4), by=CLERK, to=ZHANG, charge_to="engineering", handed_back=1
    )
    assert issued.handed_back == Quantity(1, "piece")
    assert issued.department == DepartmentId("engineering")


def test_a_stocktake_threshold_from_plain_data_asks_for_a_real_approval_reference() -> None:
    policy = adjustment_policy_from_dict({"limit": "500.00", "currency": "CNY"})
    assert policy == AdjustmentThreshold(cny("500.00"))
    store = Inventory(currency="CNY", adjustments=policy)
    store.add_item(Item(sku="A4-80", name="A4 paper 80 g", unit="ream"))
    store.receive("A4-80", 100, unit_cost=cny("21.50"), at=at(3, 3), by=CLERK)

    with pytest.raises(AdjustmentApprovalRequired) as refused:
        store.count("A4-80", 130, at=at(3, 31), by=CLERK)  # 30 found at 21.50: 645.00
    assert refused.value.value == cny("645.00")
    with pytest.raises(ValidationError):
        store.count("A4-80", 70, at=at(3, 31), by=CLERK, approval="   ")
    assert store.on_hand("A4-80") == Quantity(100, "ream")
    counted = store.count("A4-80", 70, at=at(3, 31), by=CLERK, approval="ADJ-2025-031")
    assert counted.cost == cny("645.00")
    assert counted.reference == "ADJ-2025-031"


def test_lots_expiring_within_n_days_and_a_sensible_window() -> None:
    store = Inventory(currency="CNY")
    store.add_item(Item(sku="MASK-N95", name="N95 masks", unit="box"), removal="fefo")
    store.receive(
        "MASK-N95", 10, unit_cost=cny("45.00"), at=at(3, 3), by=CLERK, expires_on=date(2025, 4, 15)
    )
    store.receive(
        "MASK-N95", 10, unit_cost=cny("45.00"), at=at(3, 3), by=CLERK, expires_on=date(2025, 9, 30)
    )

    assert [lot.expires_on for lot in store.expiring(30, at=at(4, 1))] == [date(2025, 4, 15)]
    assert store.expiring(0, at=at(4, 1)) == []
    assert len(store.expiring(200, at=at(4, 1))) == 2
    for days in (-1, True, "30"):
        with pytest.raises(ValidationError):
            store.expiring(days, at=at(4, 1))  # type: ignore[arg-type]


def test_expired_masks_do_not_count_towards_the_reorder_point() -> None:
    store = Inventory(currency="CNY")
    store.add_item(
        Item(sku="MASK-N95", name="N95 masks", unit="box", reorder_point=10, max_level=30),
        removal="fefo",
    )
    store.receive(
        "MASK-N95", 12, unit_cost=cny("45.00"), at=at(3, 3), by=CLERK, expires_on=date(2025, 4, 15)
    )
    store.receive(
        "MASK-N95", 6, unit_cost=cny("45.00"), at=at(3, 3), by=CLERK, expires_on=date(2025, 12, 31)
    )

    assert store.reorder_suggestions() == []  # 18 on the shelf
    (masks,) = store.reorder_suggestions(at=at(5, 1))  # 12 of them expired in April
    assert masks.on_hand == Quantity(6, "box")
    assert masks.suggested == Quantity(24, "box")  # up to the max level of 30


def test_consumption_per_department_uses_the_corrected_cost_of_an_issue_made_short() -> None:
    from backoffice.policies.stock import AllowNegativeStock

    store = Inventory(currency="CNY", negative_stock=AllowNegativeStock())
    store.add_item(Item(sku="A4-80", name="A4 paper 80 g", unit="ream"))
    store.receive("A4-80", 10, unit_cost=cny("21.50"), at=at(3, 3), by=CLERK)
    store.issue("A4-80", 15, at=at(3, 28), by=CLERK, to="finance")  # 5 beyond the shelf
    store.receive("A4-80", 50, unit_cost=cny("22.00"), at=at(4, 2), by=CLERK)

    (march,) = store.consumption(Period.month(2025, 3))
    assert march.quantity == Quantity(15, "ream")
    assert march.cost == cny("325.00")  # 10 x 21.50 + 5 x 22.00, as corrected in April
