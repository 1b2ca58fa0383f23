"""A storeroom rebuilt from its events is the storeroom it was, and carries on working."""

from __future__ import annotations

import gc
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest

from backoffice import ActorId, Money, SequentialIds, ValidationError
from backoffice.domain.events import DomainEvent
from backoffice.domain.inventory import (
    CATALOGUE,
    Item,
    RequisitionId,
    RequisitionStatus,
    StockEvent,
    StockItemAdded,
    StockLocation,
    StockReceived,
)
from backoffice.policies.removal import FirstExpiredFirstOut
from backoffice.policies.requisitions import SimpleRequisitionApproval
from backoffice.serialization import EventCodec
from backoffice.services.inventory import Inventory
from backoffice.services.inventory_history import INVENTORY_EVENTS
from backoffice.testing.inventory import reports

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLERK = ActorId("clerk-wang")
ZHANG = ActorId("zhang-san")
T0 = datetime(2025, 3, 3, 9, tzinfo=SHANGHAI)
PAPER = Item(sku="A4-80", name="A4 paper", unit="ream", reorder_point=20, reorder_quantity=50)
MASKS = Item(sku="MASK-N95", name="N95 masks", unit="box", shelf_life=90)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


def policy() -> SimpleRequisitionApproval:
    return SimpleRequisitionApproval(auto_approve_up_to=cny("500.00"))


def busy_storeroom() -> tuple[Inventory, list[DomainEvent]]:
    """A storeroom with two items (one FEFO), two locations and requisitions in every state."""
    store = Inventory(currency="CNY", requisition_approval=policy())
    events: list[DomainEvent] = []
    store.add_item(PAPER, at=T0, by=CLERK)
    store.add_item(MASKS, removal="fefo")
    store.add_location(StockLocation("B1", name="Basement cabinet", kind="cabinet"))
    store.receive("A4-80", 100, unit_cost=cny("21.50"), at=T0, by=CLERK)
    store.receive("MASK-N95", 40, total_cost=cny("1000.00"), at=T0, by=CLERK, location="B1")
    events.extend(store.collect_events())
    served = store.submit_requisition({"A4-80": 10}, requester=ZHANG, department="hr", at=T0)
    store.fulfil_requisition(
        served.id, by=CLERK, at=T0 + timedelta(hours=1), quantities={"A4-80": 4}
    )
    dropped = store.submit_requisition({"A4-80": 5}, requester=ZHANG, department="it", at=T0)
    store.cancel_requisition(dropped.id, by=CLERK, at=T0 + timedelta(hours=2))
    store.submit_requisition({"A4-80": 50}, requester=ZHANG, department="it", at=T0)  # referred
    events.extend(store.collect_events())
    issued = store.issue(
        "MASK-N95", 3, at=T0 + timedelta(days=1), by=CLERK, to="security", location="B1"
    )
    store.return_to_stock(issued, 1, at=T0 + timedelta(days=2), by=CLERK)
    store.transfer(
        "A4-80", 10, from_location="MAIN", to_location="B1", at=T0 + timedelta(days=2), by=CLERK
    )
    store.receive(
        "A4-80", 5, unit_cost=cny("20.00"), at=T0 + timedelta(hours=3), by=CLERK
    )  # backdated
    events.extend(store.collect_events())
    return store, events


def test_a_restored_storeroom_reports_exactly_what_the_original_does() -> None:
    store, events = busy_storeroom()

    restored = Inventory.restore(events, currency="CNY", requisition_approval=policy())

    later = T0 + timedelta(days=10)
    assert reports(restored, at=later) == reports(store, at=later)
    assert [r.status for r in restored.requisitions()] == [
        RequisitionStatus.PARTIALLY_FULFILLED,
        RequisitionStatus.CANCELLED,
        RequisitionStatus.SUBMITTED,
    ]
    assert restored.reserved("A4-80").value == 6
    assert isinstance(restored.ledger("MASK-N95").order, FirstExpiredFirstOut)
    assert restored.location("B1").kind == "cabinet"
    assert restored.collect_events() == []


def test_a_restored_storeroom_carries_on_where_the_original_stopped() -> None:
    store, events = busy_storeroom()
    restored = Inventory.restore(events, currency="CNY", requisition_approval=policy())

    for storeroom in (store, restored):
        storeroom.fulfil_requisition("RQN-000001", by=CLERK, at=T0 + timedelta(days=3))
        storeroom.approve_requisition("RQN-000003", by=CLERK, at=T0 + timedelta(days=3))
        new = storeroom.submit_requisition(
            {"MASK-N95": 1},
            requester=ZHANG,
            department="hr",
            at=T0 + timedelta(days=3),
            location="B1",
        )
        assert new.id == RequisitionId("RQN-000004")
        storeroom.add_item(Item(sku="SOAP", name="hand soap", unit="bottle"))

    later = T0 + timedelta(days=4)
    assert reports(restored, at=later) == reports(store, at=later)
    assert restored.collect_events() == store.collect_events()


def test_streams_may_come_back_interleaved() -> None:
    store, events = busy_storeroom()
    by_stream: dict[str, list[DomainEvent]] = {}
    for event in events:
        by_stream.setdefault(event.aggregate_id, []).append(event)
    rounds = max(len(stream) for stream in by_stream.values())
    reshuffled = [  # one event of each stream in turn
        stream[n] for n in range(rounds) for stream in by_stream.values() if n < len(stream)
    ]
    assert reshuffled != events

    restored = Inventory.restore(reshuffled, currency="CNY", requisition_approval=policy())

    assert reports(restored) == reports(store)


def test_every_inventory_event_survives_the_codec_and_json() -> None:
    _, events = busy_storeroom()
    gc.collect()  # attrs' slotted classes leave their first draft in __subclasses__ until then
    codec = EventCodec.for_all_events()

    loaded = [codec.load(json.loads(json.dumps(codec.dump(event)))) for event in events]

    assert loaded == events
    assert {type(e).__name__ for e in events} >= {"StockItemAdded", "StockLocationAdded"}


def test_the_sequential_ids_continue_after_the_highest_one_given() -> None:
    _, events = busy_storeroom()
    own = SequentialIds()

    Inventory.restore(events, currency="CNY", ids=own)

    assert own.new(RequisitionId) == RequisitionId("RQN-000004")


def test_stock_of_an_item_never_added_is_refused() -> None:
    _, events = busy_storeroom()
    without_paper = [
        e for e in events if not (isinstance(e, StockItemAdded) and e.item.sku == "A4-80")
    ]
    with pytest.raises(ValidationError, match="A4-80"):
        Inventory.restore(without_paper, currency="CNY")


def test_a_tampered_history_is_refused() -> None:
    _, events = busy_storeroom()
    tampered = [
        attrs.evolve(e, quantity=e.quantity * 2)
        if isinstance(e, StockReceived) and e.aggregate_id == "A4-80"
        else e
        for e in events
    ]
    with pytest.raises(ValidationError, match="does not replay to itself"):
        Inventory.restore(tampered, currency="CNY", requisition_approval=policy())


def test_an_event_of_another_area_is_refused() -> None:
    stranger = DomainEvent(aggregate_id="REQ-000001", version=1, actor=CLERK, occurred_at=T0)
    with pytest.raises(ValidationError, match="not an inventory event"):
        Inventory.restore([stranger], currency="CNY")


def test_a_requisition_history_that_skips_a_step_is_refused() -> None:
    _, events = busy_storeroom()
    gap = [e for e in events if not (e.aggregate_id == "RQN-000001" and e.version == 2)]
    with pytest.raises(ValidationError, match="RQN-000001"):
        Inventory.restore(gap, currency="CNY")


def test_an_item_added_without_a_time_or_clerk_is_recorded_as_undated_by_the_catalogue() -> None:
    store = Inventory(currency="CNY")
    store.add_item(PAPER)
    (added,) = store.collect_events()
    assert isinstance(added, StockItemAdded)
    assert added.aggregate_id == CATALOGUE
    assert added.actor == ActorId("system:catalogue")
    assert added.occurred_at.year == 1970
    assert added.removal is None


def test_inventory_events_lists_every_event_class_of_the_inventory() -> None:
    import backoffice.domain.inventory as area

    defined = {
        value
        for value in vars(area).values()
        if isinstance(value, type)
        and issubclass(value, DomainEvent)
        and value.__module__.startswith("backoffice.domain.inventory")
        and value is not StockEvent
    }
    assert set(INVENTORY_EVENTS) == defined
    assert len(INVENTORY_EVENTS) == 17
