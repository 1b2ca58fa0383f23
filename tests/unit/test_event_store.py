"""The event store contract, run against the in-memory store and SQLite on a real file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import pytest

from backoffice import ActorId, DomainEvent, Money, ValidationError
from backoffice.adapters.sqlite import SqliteEventStore
from backoffice.ports import (
    ConcurrencyConflict,
    EventStore,
    InMemoryEventStore,
    Snapshot,
    StreamAppend,
)
from backoffice.serialization import EventCodec

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@attrs.frozen(kw_only=True)
class ParcelLogged(DomainEvent):
    note: str
    cost: Money


CODEC = EventCodec.for_events([ParcelLogged])


def logged(stream_id: str, version: int, note: str = "box") -> ParcelLogged:
    return ParcelLogged(
        aggregate_id=stream_id,
        version=version,
        actor=ActorId("clerk"),
        occurred_at=T0 + timedelta(minutes=version),
        note=note,
        cost=Money("1.50", "CNY"),
    )


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EventStore]:
    if request.param == "memory":
        yield InMemoryEventStore()
    else:
        with SqliteEventStore.open(tmp_path / "events.db", codec=CODEC) as sqlite_store:
            yield sqlite_store


def test_a_unit_of_work_over_two_streams_is_read_back_in_order(store: EventStore) -> None:
    position = store.append(
        [
            StreamAppend("parcel:A", 0, [logged("A", 1), logged("A", 2)]),
            StreamAppend("parcel:B", 0, [logged("B", 1)]),
        ],
        recorded_at=T0,
    )
    assert position == 3 == store.position
    everything = list(store.read_all())
    assert [(e.position, e.stream, e.version) for e in everything] == [
        (1, "parcel:A", 1),
        (2, "parcel:A", 2),
        (3, "parcel:B", 1),
    ]
    assert [e.event for e in everything] == [logged("A", 1), logged("A", 2), logged("B", 1)]
    assert all(e.recorded_at == T0 for e in everything)
    assert [e.version for e in store.read_stream("parcel:A", after_version=1)] == [2]
    assert [e.position for e in store.read_all(after=2)] == [3]
    assert (store.version("parcel:A"), store.version("parcel:B"), store.version("none")) == (
        2,
        1,
        0,
    )


def test_appending_at_a_stale_version_writes_nothing_of_the_unit_of_work(
    store: EventStore,
) -> None:
    store.append([StreamAppend("parcel:A", 0, [logged("A", 1)])], recorded_at=T0)
    with pytest.raises(ConcurrencyConflict) as conflict:
        store.append(
            [
                StreamAppend("parcel:B", 0, [logged("B", 1)]),
                StreamAppend("parcel:A", 0, [logged("A", 1, "again")]),
            ],
            recorded_at=T0,
        )
    assert (conflict.value.stream, conflict.value.expected, conflict.value.actual) == (
        "parcel:A",
        0,
        1,
    )
    assert store.position == 1
    assert store.version("parcel:B") == 0


def test_appending_ahead_of_the_stream_is_a_conflict_too(store: EventStore) -> None:
    store.append([StreamAppend("parcel:A", 0, [logged("A", 1)])], recorded_at=T0)
    with pytest.raises(ConcurrencyConflict, match="at version 1, not 3"):
        store.append([StreamAppend("parcel:A", 3, [logged("A", 4)])], recorded_at=T0)
    assert store.version("parcel:A") == 1


def test_a_writer_at_the_current_version_continues_the_stream(store: EventStore) -> None:
    store.append([StreamAppend("parcel:A", 0, [logged("A", 1)])], recorded_at=T0)
    store.append([StreamAppend("parcel:A", 1, [logged("A", 2)])], recorded_at=T0)
    assert [e.version for e in store.read_stream("parcel:A")] == [1, 2]


def test_a_unit_of_work_keeps_the_order_of_events_across_streams(store: EventStore) -> None:
    store.append(
        [
            StreamAppend("parcel:A", 0, [logged("A", 1)]),
            StreamAppend("parcel:B", 0, [logged("B", 1)]),
            StreamAppend("parcel:A", 1, [logged("A", 2)]),
        ],
        recorded_at=T0,
    )
    assert [(e.stream, e.version) for e in store.read_all()] == [
        ("parcel:A", 1),
        ("parcel:B", 1),
        ("parcel:A", 2),
    ]


def test_a_stream_that_does_not_continue_itself_or_a_naive_time_is_refused(
    store: EventStore,
) -> None:
    with pytest.raises(ValidationError, match="appears again"):
        store.append(
            [
                StreamAppend("parcel:A", 0, [logged("A", 1)]),
                StreamAppend("parcel:A", 2, [logged("A", 3)]),
            ],
            recorded_at=T0,
        )
    with pytest.raises(ValidationError, match="timezone-aware"):
        store.append(
            [StreamAppend("parcel:A", 0, [logged("A", 1)])],
            recorded_at=datetime(2025, 3, 3, 9, 0),
        )
    assert store.position == 0


def test_the_latest_snapshot_of_a_stream_is_kept(store: EventStore) -> None:
    assert store.load_snapshot("parcel:A") is None
    store.save_snapshot(Snapshot("parcel:A", 1, {"notes": ["box"]}))
    store.save_snapshot(Snapshot("parcel:A", 2, {"notes": ["box", "crate"]}))
    assert store.load_snapshot("parcel:A") == Snapshot("parcel:A", 2, {"notes": ["box", "crate"]})


def test_the_sqlite_store_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    with SqliteEventStore.open(path, codec=CODEC) as first:
        first.append([StreamAppend("parcel:A", 0, [logged("A", 1)])], recorded_at=T0)
        first.save_snapshot(Snapshot("parcel:A", 1, {"n": 1}))
    with SqliteEventStore.open(path, codec=CODEC) as second:
        assert [e.event for e in second.read_all()] == [logged("A", 1)]
        assert second.load_snapshot("parcel:A") == Snapshot("parcel:A", 1, {"n": 1})
        with pytest.raises(ConcurrencyConflict):
            second.append([StreamAppend("parcel:A", 0, [logged("A", 1)])], recorded_at=T0)


def test_sqlite_keeps_type_schema_version_and_json_payload_in_columns(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    with SqliteEventStore.open(path, codec=CODEC) as store:
        store.append([StreamAppend("parcel:A", 0, [logged("A", 1)])], recorded_at=T0)
    raw = sqlite3.connect(path)
    row = raw.execute("SELECT stream, version, type, schema_version, recorded_at FROM events")
    assert row.fetchone() == ("parcel:A", 1, "ParcelLogged", 1, "2025-03-03T09:00:00+00:00")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("UPDATE events SET stream = 'parcel:B'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("DELETE FROM events")
    raw.close()


def test_an_event_the_codec_cannot_write_leaves_the_sqlite_store_as_it_was(
    tmp_path: Path,
) -> None:
    with SqliteEventStore.open(tmp_path / "office.db", codec=CODEC) as store:
        stranger = DomainEvent(aggregate_id="A", version=2, actor=ActorId("clerk"), occurred_at=T0)
        with pytest.raises(ValidationError):
            store.append(
                [
                    StreamAppend("parcel:B", 0, [logged("B", 1)]),
                    StreamAppend("parcel:A", 0, [stranger]),
                ],
                recorded_at=T0,
            )
        assert store.position == 0


def test_a_snapshot_that_is_not_json_is_refused(tmp_path: Path) -> None:
    with SqliteEventStore.open(tmp_path / "office.db", codec=CODEC) as store:
        with pytest.raises(ValidationError, match="JSON-safe"):
            store.save_snapshot(Snapshot("parcel:A", 1, {"when": T0}))
        assert store.load_snapshot("parcel:A") is None
