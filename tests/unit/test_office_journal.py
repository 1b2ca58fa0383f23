"""The office journal: one order across areas, units of work that roll back, save and load."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Self

import attrs
import pytest

from backoffice import ActorId, DomainEvent, EventLog, ValidationError
from backoffice.ports import ConcurrencyConflict, InMemoryEventStore, StreamAppend
from backoffice.services.journal import Area, OfficeJournal, UnknownArea
from backoffice.services.office_ids import UnitOfWorkIds
from backoffice.values import AssetId, RequestId, SequentialIds

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
CLERK = ActorId("clerk")


@attrs.frozen(kw_only=True)
class TallyRaised(DomainEvent):
    by: int


@attrs.define
class Tally:
    """A one-aggregate service: a counter that only goes up, by positive steps."""

    name: str
    total: int = 0
    rebuilt: int = 0
    _log: EventLog = attrs.field(factory=EventLog)

    def raise_by(self, step: int) -> None:
        if step <= 0:
            raise ValidationError("a tally goes up", field="step", value=step)
        self.total += step
        self._log.append(
            TallyRaised(
                aggregate_id=self.name,
                version=self._log.next_version,
                actor=CLERK,
                occurred_at=T0 + timedelta(minutes=self._log.version),
                by=step,
            )
        )

    def collect_events(self) -> list[DomainEvent]:
        return self._log.collect()

    @classmethod
    def restore(cls, name: str, events: list[DomainEvent]) -> Self:
        tally = cls(name, rebuilt=1)
        for event in events:
            assert isinstance(event, TallyRaised)
            tally.total += event.by
            tally._log.version = event.version
        return tally


def journal() -> OfficeJournal:
    # Two areas whose events share a class: the journal keeps them apart by area, not class.
    return OfficeJournal(
        {
            "pens": Area("pens", Tally("pens"), lambda e: Tally.restore("pens", e)),
            "pads": Area("pads", Tally("pads"), lambda e: Tally.restore("pads", e)),
        }
    )


def tally(record: OfficeJournal, name: str) -> Tally:
    service = record.areas[name].service
    assert isinstance(service, Tally)
    return service


def test_events_of_every_area_are_committed_in_the_order_they_happened() -> None:
    record = journal()
    with record.unit_of_work():
        tally(record, "pens").raise_by(1)
        record.drain()
        tally(record, "pads").raise_by(2)
        record.drain()
        tally(record, "pens").raise_by(3)
    assert [(e.aggregate_id, e.by) for e in record.collect_events()] == [  # type: ignore[attr-defined]
        ("pens", 1),
        ("pads", 2),
        ("pens", 3),
    ]
    assert record.collect_events() == []
    assert len(record.events()) == 3


def test_a_unit_of_work_that_fails_half_way_leaves_no_change_and_no_event() -> None:
    record = journal()
    with record.unit_of_work():
        tally(record, "pens").raise_by(5)
    record.collect_events()

    def two_good_steps_then_a_bad_one() -> None:
        with record.unit_of_work():
            tally(record, "pens").raise_by(1)
            tally(record, "pads").raise_by(2)
            tally(record, "pens").raise_by(0)

    with pytest.raises(ValidationError):
        two_good_steps_then_a_bad_one()
    assert (tally(record, "pens").total, tally(record, "pads").total) == (5, 0)
    assert record.collect_events() == []
    assert len(record.events()) == 1
    with record.unit_of_work():  # the rebuilt services carry on from their versions
        tally(record, "pens").raise_by(1)
    assert [e.version for e in record.collect_events()] == [2]


def test_a_command_refused_before_any_change_needs_no_rebuild() -> None:
    record = journal()
    with pytest.raises(ValidationError), record.unit_of_work():
        tally(record, "pens").raise_by(-1)
    assert tally(record, "pens").rebuilt == 0


def test_nested_units_of_work_commit_or_roll_back_with_the_outer_one() -> None:
    record = journal()

    def nested() -> None:
        with record.unit_of_work():
            with record.unit_of_work():
                tally(record, "pens").raise_by(1)
            tally(record, "pens").raise_by(0)

    with pytest.raises(ValidationError):
        nested()
    assert tally(record, "pens").total == 0
    assert record.events() == []


def test_a_saved_journal_loads_into_a_new_one_equal_and_ready_to_continue() -> None:
    store, record = InMemoryEventStore(), journal()
    with record.unit_of_work():
        tally(record, "pens").raise_by(1)
        record.drain()
        tally(record, "pads").raise_by(2)
        record.drain()
        tally(record, "pens").raise_by(3)
    assert record.save(store, recorded_at=T0) == 3
    assert [(e.stream, e.version) for e in store.read_all()] == [
        ("pens/pens", 1),
        ("pads/pads", 1),
        ("pens/pens", 2),
    ]
    again = journal()
    again.load(store.read_all())
    assert again.events() == record.events()
    assert (tally(again, "pens").total, tally(again, "pads").total) == (4, 2)
    with again.unit_of_work():
        tally(again, "pads").raise_by(4)
    assert again.save(store, recorded_at=T0) == 1
    assert store.version("pads/pads") == 2


def test_two_offices_saving_the_same_stream_conflict_and_the_late_one_writes_nothing() -> None:
    store, first = InMemoryEventStore(), journal()
    with first.unit_of_work():
        tally(first, "pens").raise_by(1)
    first.save(store, recorded_at=T0)
    second = journal()
    second.load(store.read_all())
    for record in (first, second):
        with record.unit_of_work():
            tally(record, "pens").raise_by(2)
    second.save(store, recorded_at=T0)
    with pytest.raises(ConcurrencyConflict):
        first.save(store, recorded_at=T0)
    assert store.position == 2
    assert first.unsaved == 1


def test_a_stream_of_no_area_is_refused_on_load() -> None:
    foreign = DomainEvent(aggregate_id="x", version=1, actor=CLERK, occurred_at=T0)
    store = InMemoryEventStore()
    store.append([StreamAppend("fleet/x", 0, [foreign])], recorded_at=T0)
    with pytest.raises(UnknownArea, match="none of the office's areas"):
        journal().load(store.read_all())


def test_ids_of_a_failed_unit_of_work_are_handed_out_again_in_order() -> None:
    ids = UnitOfWorkIds(SequentialIds())
    assert ids.new(RequestId).value == "REQ-000001"
    ids.commit()
    minted = [ids.new(RequestId), ids.new(RequestId), ids.new(AssetId)]
    ids.take_back()
    again = [ids.new(RequestId), ids.new(AssetId), ids.new(RequestId)]
    assert again == [minted[0], minted[2], minted[1]]
    assert ids.new(RequestId).value == "REQ-000004"


def test_an_inner_unit_that_fails_is_undone_even_if_the_outer_one_goes_on() -> None:
    record = journal()

    def inner_fails() -> None:
        with record.unit_of_work():
            tally(record, "pads").raise_by(7)
            tally(record, "pens").raise_by(0)

    with record.unit_of_work():
        tally(record, "pens").raise_by(1)
        with pytest.raises(ValidationError):
            inner_fails()
        tally(record, "pens").raise_by(2)
    assert (tally(record, "pens").total, tally(record, "pads").total) == (3, 0)
    assert [e.version for e in record.events()] == [1, 2]


def test_ids_minted_by_a_failed_unit_of_work_are_taken_back() -> None:
    record = journal()

    def mints_then_fails() -> None:
        with record.unit_of_work():
            record.ids.new(RequestId)
            tally(record, "pens").raise_by(0)

    with record.unit_of_work():
        assert record.ids.new(RequestId).value == "REQ-000001"
    with pytest.raises(ValidationError):
        mints_then_fails()
    with record.unit_of_work():
        assert record.ids.new(RequestId).value == "REQ-000002"
