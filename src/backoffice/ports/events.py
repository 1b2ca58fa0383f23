"""The event store port: where the record of everything that happened is kept.

backoffice keeps its state as **events** (see :mod:`backoffice.domain.events`). An embedding
system stores them in an :class:`EventStore`, grouped in **streams** (one per aggregate: a
service request, a stock ledger, a budget), and rebuilds its services from them on restart.

* A **unit of work** (:class:`StreamAppend` items given together to :meth:`EventStore.append`)
  is written whole or not at all, even when it touches several streams.
* Each stream has a **version**: the number of events in it. A writer says which version it
  expects each stream to be at; if another writer got there first, the store raises
  :class:`~backoffice.ports.errors.ConcurrencyConflict` and writes nothing (optimistic
  concurrency).
* Every stored event has a **position** in one global order (1, 2, 3, ...), the order the units
  of work were appended in; :meth:`EventStore.read_all` reads from a position on, so a reader
  can follow the store.
* A **snapshot** is optional plain JSON data that sums a stream up to a version, so a long
  stream need not be read from its start.

:class:`~backoffice.ports.memory.InMemoryEventStore` is the default store;
:mod:`backoffice.adapters.sqlite` is a reference adapter on SQLite.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, Protocol

import attrs

from backoffice.domain.events import DomainEvent
from backoffice.errors import ValidationError
from backoffice.values.instant import ensure_aware

__all__ = ["EventStore", "RecordedEvent", "Snapshot", "StreamAppend", "check_unit_of_work"]


def _stream_name(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            f"a stream is named by a non-empty string, got {value!r}", field="stream", value=value
        )
    return value


def _version(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(
            f"a stream version is a whole number >= 0, got {value!r}", field="version", value=value
        )
    return value


def _events(value: Iterable[DomainEvent]) -> tuple[DomainEvent, ...]:
    return tuple(value)


@attrs.frozen
class StreamAppend:
    """Events to add to one stream, and the version the writer expects it to be at.

    Attributes:
        stream: The stream's name, e.g. ``"request:REQ-000001"``.
        expected_version: How many events the writer saw in the stream (0 for a new stream).
        events: The new events, oldest first; they become versions ``expected_version + 1``,
            ``expected_version + 2``, ...
    """

    stream: str = attrs.field(converter=_stream_name)
    expected_version: int = attrs.field(converter=_version)
    events: tuple[DomainEvent, ...] = attrs.field(converter=_events)


@attrs.frozen
class RecordedEvent:
    """An event as the store keeps it.

    Attributes:
        position: Its place in the store's global order, from 1.
        stream: The stream it belongs to.
        version: Its place in its stream, from 1.
        event: The domain event itself.
        recorded_at: When the store was asked to keep it (aware).
    """

    position: int
    stream: str
    version: int
    event: DomainEvent
    recorded_at: datetime


@attrs.frozen
class Snapshot:
    """A stream summed up at a version, as plain JSON data.

    Attributes:
        stream: The stream summed up.
        version: The stream version the state reflects.
        state: JSON-safe data (``json.dumps`` works on it) from which the aggregate can be
            rebuilt without the events up to ``version``.
    """

    stream: str = attrs.field(converter=_stream_name)
    version: int = attrs.field(converter=_version)
    state: Mapping[str, Any]


class EventStore(Protocol):
    """Where events are kept, in streams, in one global order."""

    def append(self, changes: Iterable[StreamAppend], *, recorded_at: datetime) -> int:
        """Append one unit of work: every change, or none of them.

        The events are given their global positions in the order given, so a unit of work
        that touches several streams in turn lists a stream once per run of its events.

        Args:
            changes: The events to add, stream by stream; a stream appearing again continues
                where its previous appearance ended.
            recorded_at: When the unit of work is recorded (aware).

        Returns:
            The global position of the last event now in the store.

        Raises:
            ConcurrencyConflict: A stream is not at its expected version; nothing was written.
            ValidationError: A stream appears again at a version that does not continue it,
                or ``recorded_at`` is naive.
        """
        ...

    def version(self, stream: str) -> int:
        """The number of events in ``stream`` (0 if it has none)."""
        ...

    def read_stream(self, stream: str, *, after_version: int = 0) -> list[RecordedEvent]:
        """The events of ``stream`` with a version above ``after_version``, in order."""
        ...

    def read_all(self, *, after: int = 0) -> Iterator[RecordedEvent]:
        """Every event with a position above ``after``, in global order."""
        ...

    @property
    def position(self) -> int:
        """The global position of the last event in the store (0 when empty)."""
        ...

    def save_snapshot(self, snapshot: Snapshot) -> None:
        """Keep ``snapshot`` as its stream's latest (replacing an older one)."""
        ...

    def load_snapshot(self, stream: str) -> Snapshot | None:
        """The latest snapshot of ``stream``, or ``None``."""
        ...


def check_unit_of_work(
    changes: Iterable[StreamAppend], recorded_at: datetime
) -> tuple[list[StreamAppend], list[StreamAppend], datetime]:
    """Check a unit of work before any of it is written (shared by every store).

    A stream may appear more than once, so that events of several streams keep the order they
    happened in; each later appearance must continue where the one before it left off.

    Returns:
        The changes that add events, in order; the first change of each stream (the ones whose
        expected version the store must check); and the aware instant.

    Raises:
        ValidationError: A change is not a :class:`StreamAppend`, a later appearance of a
            stream does not continue it, or ``recorded_at`` is naive.
    """
    at = ensure_aware(recorded_at, "recorded_at")
    follows: dict[str, int] = {}
    kept: list[StreamAppend] = []
    first: list[StreamAppend] = []
    for change in changes:
        if not isinstance(change, StreamAppend):
            raise ValidationError(
                f"a unit of work holds StreamAppend items, got {change!r}", field="changes"
            )
        stream = change.stream
        if stream not in follows:
            first.append(change)
        elif change.expected_version != follows[stream]:
            raise ValidationError(
                f"stream {stream!r} appears again in one unit of work at version "
                f"{change.expected_version}, but its events so far end at {follows[stream]}",
                field="changes",
                value=stream,
            )
        follows[stream] = change.expected_version + len(change.events)
        if change.events:
            kept.append(change)
    return kept, first, at
