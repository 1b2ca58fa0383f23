"""Receipt and issue events written straight from the records equal the typed constructors'."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
import pytest

from backoffice import ActorId, DepartmentId, Money, RequestId
from backoffice.domain.events import DomainEvent
from backoffice.domain.inventory import (
    Item,
    LocationId,
    RequisitionId,
    StockIssued,
    StockLedger,
    StockReceived,
    journal,
)
from backoffice.domain.inventory.events import movement_event
from backoffice.policies.removal import FirstInFirstOut
from backoffice.policies.stock import AllowNegativeStock
from backoffice.values.trusted import trusted

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLERK, KEEPER = ActorId("clerk-wang"), ActorId("keeper-li")
MAIN, CABINET = LocationId("MAIN"), LocationId("CABINET-3F")


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=SHANGHAI)


def checked_against_constructors(ledger: StockLedger, command: Callable[[], object]) -> int:
    """Run ``command``, then compare its receipt and issue events with the typed path's."""
    command()
    compared = 0
    for event in ledger.collect_events():
        if isinstance(event, StockReceived | StockIssued):
            expected = movement_event(ledger.movement(event.movement), version=event.version)
            assert event == expected
            assert repr(event) == repr(expected)
            assert attrs.evolve(event) == event  # what the converters make of its fields
            compared += 1
    return compared


def test_receipts_and_issues_of_every_shape_write_the_same_events_as_the_constructors() -> None:
    item = Item(sku="PUMP-SEAL", name="Pump seal", unit=" piece ", trade_in=True, shelf_life=90)
    ledger = StockLedger(
        item, "cny", FirstInFirstOut(), negative=AllowNegativeStock({"PUMP-SEAL": Money(9, "CNY")})
    )
    commands: list[Callable[[], object]] = [
        lambda: ledger.receive(MAIN, Decimal("10.0"), unit_cost=Money("12.50", "CNY"), at=at(3),
                               by=CLERK, supplier="SUP-000003", purchase_order="PO-77"),
        lambda: ledger.receive(CABINET, 3, total_cost=Decimal("100"), at=at(3, 10), by=KEEPER,
                               expires_on=date(2025, 5, 1), recorded_at=at(4)),
        lambda: ledger.issue(MAIN, 4, at=at(5), by=CLERK, to=RequestId("REQ-000042"),
                             charge_to="facilities", handed_back=4),
        lambda: ledger.issue(MAIN, "6", at=at(5, 10), by=KEEPER, to=KEEPER, handed_back=6,
                             recorded_at=at(6)),
        lambda: ledger.issue(MAIN, 2, at=at(6), by=CLERK, to=DepartmentId("it"), handed_back=2),
        lambda: ledger.receive(MAIN, 5, unit_cost=Decimal("11"), at=at(7), by=CLERK),
        lambda: ledger.reserve(CABINET, 2, requisition=RequisitionId("RQN-000001"), at=at(7),
                               by=CLERK),
        lambda: ledger.issue(CABINET, 2, at=at(8), by=CLERK, to="hr", handed_back=2,
                             requisition=RequisitionId("RQN-000001")),
        lambda: ledger.issue(CABINET, 1, at=at(8, 10), by=CLERK, handed_back=1),
    ]  # fmt: skip

    compared = sum(checked_against_constructors(ledger, command) for command in commands)

    assert compared == 8
    assert ledger.check_invariants() == []


def test_units_issued_beyond_the_stock_keep_their_provisional_figures_in_the_event() -> None:
    ledger = StockLedger(
        Item(sku="A4-80", name="A4 paper", unit="ream"),
        "CNY",
        FirstInFirstOut(),
        negative=AllowNegativeStock({"A4-80": Money("20.00", "CNY")}),
    )
    ledger.receive(MAIN, 2, unit_cost=Money("21.50", "CNY"), at=at(3), by=CLERK)
    ledger.collect_events()

    assert checked_against_constructors(ledger, lambda: ledger.issue(MAIN, 5, at=at(4), by=CLERK))
    issued = ledger.movement(2)
    assert issued.provisional is not None
    assert issued.provisional.value == 3


def test_repeated_ids_and_quantities_are_shared_within_a_batch_without_changing_a_figure() -> None:
    ledger = StockLedger(Item(sku="A4-80", name="A4 paper", unit="ream"), "CNY", FirstInFirstOut())
    ledger.receive(MAIN, Decimal("10"), unit_cost=Money("21.50", "CNY"), at=at(3), by=CLERK)
    ledger.receive(MAIN, Decimal("10.0"), unit_cost=Money("21.50", "CNY"), at=at(4), by=CLERK)

    first, second = ledger.collect_events()

    assert first.actor is second.actor
    assert isinstance(first, StockReceived)
    assert isinstance(second, StockReceived)
    assert str(first.quantity.value) == "10"
    assert str(second.quantity.value) == "10.0"


def test_the_ledger_keeps_sharing_values_across_batches_and_forgets_them_past_a_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ledger = StockLedger(Item(sku="A4-80", name="A4 paper", unit="ream"), "CNY", FirstInFirstOut())
    ledger.receive(MAIN, 10, unit_cost=Money("21.50", "CNY"), at=at(3), by=CLERK)
    (first,) = ledger.collect_events()
    ledger.receive(MAIN, 10, unit_cost=Money("21.50", "CNY"), at=at(4), by=CLERK)
    (second,) = ledger.collect_events()
    assert isinstance(first, StockReceived)
    assert isinstance(second, StockReceived)
    assert second.actor is first.actor
    assert second.quantity is first.quantity

    monkeypatch.setattr(journal, "_KEEP", 2)
    for day, qty in enumerate((1, 2, 3, 10), start=5):
        ledger.receive(MAIN, qty, unit_cost=Money("21.50", "CNY"), at=at(day), by=CLERK)
        ledger.collect_events()
    ledger.issue(MAIN, 10, at=at(10), by=CLERK, to="finance")
    (issued,) = ledger.collect_events()
    assert isinstance(issued, StockIssued)
    assert issued.quantity == first.quantity
    assert issued.quantity is not first.quantity  # forgotten once more than two were kept
    assert issued == movement_event(ledger.movement(issued.movement), version=issued.version)


def test_a_trusted_constructor_needs_every_field_and_only_fields() -> None:
    @attrs.frozen
    class Pair:
        left: int
        right: int = attrs.field(converter=int)

    build = trusted(Pair, "right", "left")
    assert build("2", 1).right == "2"  # type: ignore[comparison-overlap]  # no converter ran
    assert build("2", 1).left == 1
    with pytest.raises(TypeError, match="fields"):
        trusted(Pair, "left")
    with pytest.raises(TypeError, match="fields"):
        trusted(Pair, "left", "right", "middle")


def test_a_trusted_constructor_refuses_classes_that_run_code_after_init() -> None:
    @attrs.frozen
    class Checked:
        value: int

        def __attrs_post_init__(self) -> None:
            if self.value < 0:
                raise ValueError(self.value)

    @attrs.frozen(cache_hash=True)
    class Hashed:
        value: int

    @attrs.frozen(slots=False)
    class Plain:
        value: int

    for cls in (Checked, Hashed, Plain):
        with pytest.raises(TypeError):
            trusted(cls, "value")


def test_events_written_from_records_are_still_domain_events_with_aware_times() -> None:
    ledger = StockLedger(Item(sku="A4-80", name="A4 paper", unit="ream"), "CNY", FirstInFirstOut())
    ledger.receive(MAIN, 10, unit_cost=Money("21.50", "CNY"), at=at(3), by=CLERK)
    ledger.issue(MAIN, 3, at=at(4), by=CLERK, to="finance")

    events = ledger.collect_events()

    assert all(isinstance(event, DomainEvent) for event in events)
    assert [event.version for event in events] == [1, 2]
    assert all(event.occurred_at.tzinfo is not None for event in events)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        events[0].version = 7  # type: ignore[misc]
