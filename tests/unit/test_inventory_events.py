"""Inventory events: stored as plain data, and enough to rebuild a ledger."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import attrs
import pytest

from backoffice import ActorId, Money, RequestId, ValidationError
from backoffice.domain.inventory import (
    Item,
    LocationId,
    RequisitionId,
    StockCostCorrected,
    StockIssued,
    StockLedger,
    replay,
)
from backoffice.policies.removal import FirstExpiredFirstOut
from backoffice.policies.stock import AdjustmentThreshold
from backoffice.serialization import EventCodec

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLERK = ActorId("clerk-wang")
MAIN, CABINET = LocationId("MAIN"), LocationId("CABINET-3F")


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=SHANGHAI)


def busy_ledger() -> StockLedger:
    """Every kind of movement and event of a ledger of masks."""
    ledger = StockLedger(
        Item(sku="MASK-N95", name="N95 masks", unit="box", trade_in=False),
        "CNY",
        FirstExpiredFirstOut(),
        AdjustmentThreshold(Money("100.00", "CNY")),
    )
    cost = Money("40.00", "CNY")
    ledger.receive(MAIN, 10, unit_cost=cost, at=at(3), by=CLERK, expires_on=date(2025, 12, 31))
    ledger.receive(
        MAIN, 6, total_cost=Money("250.00", "CNY"), at=at(4), by=CLERK, supplier="SUP-000003",
        purchase_order="PO-2025-77", expires_on=date(2025, 9, 30),
    )  # fmt: skip
    issued = ledger.issue(MAIN, 4, at=at(5), by=CLERK, to=RequestId("REQ-000042"), charge_to="it")
    ledger.return_to_stock(issued, 1, at=at(6), by=CLERK)
    ledger.transfer(MAIN, CABINET, 3, at=at(7), by=CLERK)
    ledger.reserve(MAIN, 2, requisition=RequisitionId("RQN-000001"), at=at(7), by=CLERK)
    ledger.issue(MAIN, 2, at=at(8), by=CLERK, to="hr", requisition=RequisitionId("RQN-000001"))
    ledger.reserve(MAIN, 1, requisition=RequisitionId("RQN-000002"), at=at(8), by=CLERK)
    ledger.release(MAIN, requisition=RequisitionId("RQN-000002"), at=at(9), by=CLERK)
    ledger.count(CABINET, 2, at=at(9), by=CLERK, approval="ADJ-7")
    ledger.write_off(MAIN, 1, reason="damaged", at=at(10), by=CLERK, lot=1)
    ledger.receive(MAIN, 5, unit_cost=Money("38.00", "CNY"), at=at(4, 8), by=CLERK,
                   expires_on=date(2025, 7, 31), recorded_at=at(11))  # fmt: skip
    return ledger


def test_every_inventory_event_survives_the_codec_unchanged() -> None:
    events = busy_ledger().collect_events()
    codec = EventCodec.for_events({type(event) for event in events})

    assert {type(e).__name__ for e in events} >= {
        "StockReceived", "StockIssued", "StockReturned", "StockTransferred", "StockReserved",
        "StockReservationReleased", "StockCounted", "StockWrittenOff", "StockCostCorrected",
    }  # fmt: skip
    for event in events:
        data = codec.dump(event)
        assert codec.load(data) == event


def test_replaying_the_events_rebuilds_the_same_ledger() -> None:
    original = busy_ledger()
    events = original.collect_events()

    rebuilt = replay(
        original.item, "CNY", FirstExpiredFirstOut(), events, adjustments=original.adjustments
    )

    assert rebuilt.version == original.version == len(events)
    assert rebuilt.movements() == original.movements()
    assert rebuilt.lots() == original.lots()
    assert rebuilt.value() == original.value()
    assert rebuilt.reserved() == original.reserved()
    assert rebuilt.check_invariants() == []
    assert any(isinstance(e, StockCostCorrected) for e in events)


def test_replay_refuses_events_that_were_tampered_with_or_belong_elsewhere() -> None:
    original = busy_ledger()
    events = original.collect_events()
    tampered = list(events)
    assert isinstance(events[2], StockIssued)
    tampered[2] = attrs.evolve(events[2], cost=Money("1.00", "CNY"))

    with pytest.raises(ValidationError, match="does not replay"):
        replay(original.item, "CNY", FirstExpiredFirstOut(), tampered,
               adjustments=original.adjustments)  # fmt: skip
    other = Item(sku="A4-80", name="A4 paper", unit="ream")
    with pytest.raises(ValidationError, match="not an event of"):
        replay(other, "CNY", FirstExpiredFirstOut(), events)
