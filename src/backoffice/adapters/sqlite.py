"""A reference event store on SQLite (the standard library's ``sqlite3``; no other dependency).

One append-only table holds every event::

    events(position INTEGER PRIMARY KEY,   -- the global order
           stream TEXT, version INTEGER,    -- UNIQUE (stream, version)
           type TEXT, schema_version INTEGER,
           payload TEXT,                    -- the event as JSON, through EventCodec
           recorded_at TEXT)                -- ISO 8601 with its offset

Triggers refuse ``UPDATE`` and ``DELETE`` on it. A unit of work is one transaction
(``BEGIN IMMEDIATE`` ... ``COMMIT``): on any error it is rolled back whole.

Optimistic concurrency costs no extra query for a new stream: its first event takes version 1,
which the ``UNIQUE (stream, version)`` index refuses if another writer got there first. For a
stream expected at version *n* > 0 the store checks that version *n* exists, and the index
refuses *n* + 1 if it exists already; either way the writer gets
:class:`~backoffice.ports.errors.ConcurrencyConflict` and nothing is written.

Events are written with :class:`~backoffice.serialization.EventCodec` (``json.dumps`` of
``codec.dump(event)``) and read back with ``codec.load(json.loads(payload))``, so upcasters
registered on the codec apply to old rows as they are read.

Example:
    >>> from datetime import UTC, datetime
    >>> from backoffice.domain.events import DomainEvent
    >>> from backoffice.ports import StreamAppend
    >>> from backoffice.values.ids import ActorId
    >>> at = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    >>> event = DomainEvent(aggregate_id="A", version=1, actor=ActorId("li"), occurred_at=at)
    >>> with SqliteEventStore.open(":memory:") as store:
    ...     store.append([StreamAppend("a:A", 0, [event])], recorded_at=at)
    ...     [(e.position, e.stream, e.version, e.event == event) for e in store.read_all()]
    1
    [(1, 'a:A', 1, True)]
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import attrs

from backoffice.domain.events import DomainEvent
from backoffice.errors import ValidationError
from backoffice.ports.errors import ConcurrencyConflict
from backoffice.ports.events import RecordedEvent, Snapshot, StreamAppend, check_unit_of_work
from backoffice.serialization import EventCodec

__all__ = ["SCHEMA", "SqliteEventStore"]

#: The tables, index and triggers the store creates if they are missing.
SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY,
    stream TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    type TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    payload TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (stream, version)
);
CREATE TRIGGER IF NOT EXISTS events_are_never_updated BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_are_never_deleted BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TABLE IF NOT EXISTS snapshots (
    stream TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    state TEXT NOT NULL
);
"""

_INSERT = (
    "INSERT INTO events (stream, version, type, schema_version, payload, recorded_at) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
_SELECT = "SELECT position, stream, version, payload, recorded_at FROM events"
_BATCH = 2_000


class _Stale(Exception):  # a private signal, never seen outside append()
    """A stream is not at the version the writer expected."""


def _default_codec() -> EventCodec:
    return EventCodec.for_all_events()


@attrs.define
class SqliteEventStore:
    """An :class:`~backoffice.ports.events.EventStore` in a SQLite database.

    Build it with :meth:`open` (a file path, or ``":memory:"``), or around a connection you
    opened yourself (made with ``isolation_level=None``: the store runs its own transactions).

    Attributes:
        connection: The SQLite connection.
        codec: Turns events into plain data and back; by default it knows every event class
            imported when the store is made.
    """

    connection: sqlite3.Connection
    codec: EventCodec = attrs.field(factory=_default_codec)

    def __attrs_post_init__(self) -> None:
        self.connection.isolation_level = None  # transactions are explicit
        self.connection.executescript(SCHEMA)

    @classmethod
    def open(
        cls, path: str | Path, *, codec: EventCodec | None = None, durable: bool = True
    ) -> Self:
        """Open (or create) the store in the database file at ``path``.

        Args:
            path: The database file, or ``":memory:"``.
            codec: The event codec (default: every event class imported so far).
            durable: ``True`` syncs each unit of work to disk before :meth:`append` returns
                (``synchronous=FULL``); ``False`` leaves the last units of work to the
                operating system in a power cut (``synchronous=NORMAL``: much faster, never
                corrupt).
        """
        connection = sqlite3.connect(path, isolation_level=None)
        if str(path) != ":memory:":
            connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        return cls(connection, codec or _default_codec())

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------

    def append(self, changes: Iterable[StreamAppend], *, recorded_at: datetime) -> int:
        """Append one unit of work in one transaction (see :meth:`EventStore.append`)."""
        kept, first, at = check_unit_of_work(changes, recorded_at)
        rows = self._rows(kept, at.isoformat())  # encoded before the transaction opens
        db = self.connection
        db.execute("BEGIN IMMEDIATE")
        try:
            if any(
                c.expected_version and not self._has(c.stream, c.expected_version) for c in first
            ):
                raise _Stale
            db.executemany(_INSERT, rows)
            position: int = db.execute("SELECT max(position) FROM events").fetchone()[0]
        except (_Stale, sqlite3.IntegrityError):
            db.execute("ROLLBACK")
            raise self._conflict(first) from None
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        return position

    def _rows(self, changes: Iterable[StreamAppend], at: str) -> list[tuple[Any, ...]]:
        dump, dumps, known = self.codec.dump, json.dumps, self.codec.types
        rows: list[tuple[Any, ...]] = []
        for change in changes:
            stream = change.stream
            for version, event in enumerate(change.events, start=change.expected_version + 1):
                if known.get(event.__class__.__name__) is not event.__class__:
                    raise ValidationError(
                        f"the store's codec cannot read a {event.__class__.__name__} back: "
                        "give the store a codec that knows it",
                        field="events",
                        value=event,
                    )
                data = dump(event)
                rows.append(
                    (
                        stream,
                        version,
                        data["type"],
                        data.get("schema_version", 1),
                        dumps(data, ensure_ascii=False, separators=(",", ":")),
                        at,
                    )
                )
        return rows

    def _has(self, stream: str, version: int) -> bool:
        found = self.connection.execute(
            "SELECT 1 FROM events WHERE stream = ? AND version = ?", (stream, version)
        ).fetchone()
        return found is not None

    def _conflict(self, changes: Iterable[StreamAppend]) -> ConcurrencyConflict:
        """The conflict of the first stream not at its expected version (read after rollback)."""
        for change in changes:
            actual = self.version(change.stream)
            if actual != change.expected_version:
                return ConcurrencyConflict(change.stream, change.expected_version, actual)
        msg = "a unit of work was refused although every stream is at its expected version"
        raise AssertionError(msg)  # pragma: no cover - the (stream, version) index is the cause

    # -- reading -----------------------------------------------------------------------------

    def version(self, stream: str) -> int:
        """The number of events in ``stream``."""
        found = self.connection.execute(
            "SELECT max(version) FROM events WHERE stream = ?", (stream,)
        ).fetchone()[0]
        return int(found or 0)

    def read_stream(self, stream: str, *, after_version: int = 0) -> list[RecordedEvent]:
        """The events of ``stream`` after ``after_version``, in order."""
        cursor = self.connection.execute(
            f"{_SELECT} WHERE stream = ? AND version > ? ORDER BY version",
            (stream, after_version),
        )
        return list(self._decoded(cursor))

    def read_all(self, *, after: int = 0) -> Iterator[RecordedEvent]:
        """Every event after position ``after``, in order, read in batches."""
        cursor = self.connection.execute(
            f"{_SELECT} WHERE position > ? ORDER BY position", (after,)
        )
        return self._decoded(cursor)

    def read_all_events(self, *, after: int = 0) -> Iterator[DomainEvent]:
        """Every event after position ``after``, in order, without its store record.

        The fast path for restoring services, which need only the events.
        """
        cursor = self.connection.execute(
            "SELECT payload FROM events WHERE position > ? ORDER BY position", (after,)
        )
        load, loads = self.codec.load, json.loads
        while batch := cursor.fetchmany(_BATCH):
            for (payload,) in batch:
                yield load(loads(payload))

    @property
    def position(self) -> int:
        """The position of the last event (0 when empty)."""
        found = self.connection.execute("SELECT max(position) FROM events").fetchone()[0]
        return int(found or 0)

    def _decoded(self, cursor: sqlite3.Cursor) -> Iterator[RecordedEvent]:
        load, loads, instant = self.codec.load, json.loads, datetime.fromisoformat
        while batch := cursor.fetchmany(_BATCH):
            for position, stream, version, payload, recorded_at in batch:
                yield RecordedEvent(
                    position, stream, version, load(loads(payload)), instant(recorded_at)
                )

    # -- snapshots ---------------------------------------------------------------------------

    def save_snapshot(self, snapshot: Snapshot) -> None:
        """Keep ``snapshot`` as its stream's latest.

        Raises:
            ValidationError: The state is not JSON-safe.
        """
        try:
            state = json.dumps(snapshot.state, ensure_ascii=False)
        except (TypeError, ValueError) as error:
            raise ValidationError(
                f"a snapshot's state must be JSON-safe plain data: {error}", field="state"
            ) from error
        self.connection.execute(
            "INSERT INTO snapshots (stream, version, state) VALUES (?, ?, ?) "
            "ON CONFLICT (stream) DO UPDATE SET version = excluded.version, "
            "state = excluded.state",
            (snapshot.stream, snapshot.version, state),
        )

    def load_snapshot(self, stream: str) -> Snapshot | None:
        """The latest snapshot of ``stream``, or ``None``."""
        found = self.connection.execute(
            "SELECT version, state FROM snapshots WHERE stream = ?", (stream,)
        ).fetchone()
        if found is None:
            return None
        return Snapshot(stream, found[0], json.loads(found[1]))
