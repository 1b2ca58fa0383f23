"""Laws of the event stores: whatever sequence of appends, SQLite reads back what memory holds."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice import ActorId, DomainEvent, Money, Quantity
from backoffice.adapters.sqlite import SqliteEventStore
from backoffice.ports import ConcurrencyConflict, InMemoryEventStore, StreamAppend
from backoffice.serialization import EventCodec
from backoffice.testing.values import money

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
STREAMS = ("ledger:A4-80", "request:REQ-000001", "budget:FY2025", "approval:PO-7")


@attrs.frozen(kw_only=True)
class CrateNoted(DomainEvent):
    amount: Money
    quantity: Quantity
    note: str


CODEC = EventCodec.for_events([CrateNoted])


@st.composite
def units_of_work(draw: st.DrawFn) -> list[tuple[str, int, int, list[CrateNoted]]]:
    """(stream, how far the writer's expected version is off, recorded minute, events)."""
    streams = draw(st.lists(st.sampled_from(STREAMS), min_size=1, max_size=3, unique=True))
    unit = []
    for stream in streams:
        skew = draw(st.sampled_from([0, 0, 0, -1, 1]))
        events = draw(
            st.lists(
                st.builds(
                    CrateNoted,
                    aggregate_id=st.just(stream),
                    version=st.integers(1, 99),
                    actor=st.sampled_from([ActorId("li"), ActorId("王芳")]),
                    occurred_at=st.integers(0, 10**6).map(lambda m: T0 + timedelta(minutes=m)),
                    amount=money(),
                    quantity=st.integers(0, 500).map(lambda n: Quantity(n, "box")),
                    note=st.text(max_size=12),
                ),
                min_size=1,
                max_size=3,
            )
        )
        unit.append((stream, skew, draw(st.integers(0, 60)), events))
    return unit


_examples = itertools.count()


@pytest.fixture(scope="module")
def sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteEventStore]:
    """One database file for every example (files are slow to make on some disks)."""
    path = tmp_path_factory.mktemp("event-store-laws") / "laws.db"
    with SqliteEventStore.open(path, codec=CODEC, durable=False) as store:
        yield store


@given(st.lists(units_of_work(), max_size=6))
def test_any_sequence_of_appends_reads_back_equal_from_sqlite_and_memory(
    sqlite: SqliteEventStore, units: list[list[tuple[str, int, int, list[CrateNoted]]]]
) -> None:
    # Each example writes streams of its own into the shared file, from a known position on.
    prefix, start = f"example-{next(_examples)}/", sqlite.position
    model = InMemoryEventStore()
    for unit in units:
        at = T0 + timedelta(minutes=unit[0][2])
        expected = {stream: max(model.version(stream) + skew, 0) for stream, skew, _, _ in unit}
        outcomes: list[int | tuple[str, int, int]] = []
        for store, name in ((model, ""), (sqlite, prefix)):
            changes = [
                StreamAppend(name + stream, expected[stream], events)
                for stream, _, _, events in unit
            ]
            try:
                outcomes.append(store.append(changes, recorded_at=at) - (start if name else 0))
            except ConcurrencyConflict as conflict:
                stream = conflict.stream.removeprefix(prefix)
                outcomes.append((stream, conflict.expected, conflict.actual))
        assert outcomes[0] == outcomes[1]
    as_model = [
        attrs.evolve(e, position=e.position - start, stream=e.stream.removeprefix(prefix))
        for e in sqlite.read_all(after=start)
    ]
    assert as_model == list(model.read_all())
    for stream in STREAMS:
        assert [e.event for e in sqlite.read_stream(prefix + stream)] == [
            e.event for e in model.read_stream(stream)
        ]
        assert sqlite.version(prefix + stream) == model.version(stream)
    assert list(sqlite.read_all_events(after=start)) == [e.event for e in model.read_all()]
