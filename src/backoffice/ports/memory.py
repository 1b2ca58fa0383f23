"""An event store in memory: the default, and the model the other stores are tested against."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

import attrs

from backoffice.ports.errors import ConcurrencyConflict
from backoffice.ports.events import RecordedEvent, Snapshot, StreamAppend, check_unit_of_work

__all__ = ["InMemoryEventStore"]


@attrs.define
class InMemoryEventStore:
    """Events in a list, streams as lists of positions; for tests, demos and scenario scripts.

    Events are kept as the objects given (they are frozen), so nothing is encoded.

    Example:
        >>> from datetime import UTC, datetime
        >>> from backoffice.domain.events import DomainEvent
        >>> from backoffice.values.ids import ActorId
        >>> at = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
        >>> event = DomainEvent(aggregate_id="A", version=1, actor=ActorId("li"), occurred_at=at)
        >>> store = InMemoryEventStore()
        >>> store.append([StreamAppend("a:A", 0, [event])], recorded_at=at)
        1
        >>> store.append([StreamAppend("a:A", 0, [event])], recorded_at=at)
        Traceback (most recent call last):
        ...
        backoffice.ports.errors.ConcurrencyConflict: stream 'a:A' is at version 1, not 0: ...
    """

    _events: list[RecordedEvent] = attrs.field(factory=list)
    _streams: dict[str, list[int]] = attrs.field(factory=dict)
    _snapshots: dict[str, Snapshot] = attrs.field(factory=dict)

    def append(self, changes: Iterable[StreamAppend], *, recorded_at: datetime) -> int:
        """Append one unit of work, all or nothing (see :meth:`EventStore.append`)."""
        kept, first, at = check_unit_of_work(changes, recorded_at)
        for change in first:
            actual = self.version(change.stream)
            if actual != change.expected_version:
                raise ConcurrencyConflict(change.stream, change.expected_version, actual)
        events = self._events
        for change in kept:
            positions = self._streams.setdefault(change.stream, [])
            for version, event in enumerate(change.events, start=change.expected_version + 1):
                events.append(RecordedEvent(len(events) + 1, change.stream, version, event, at))
                positions.append(len(events))
        return len(events)

    def version(self, stream: str) -> int:
        """The number of events in ``stream``."""
        return len(self._streams.get(stream, ()))

    def read_stream(self, stream: str, *, after_version: int = 0) -> list[RecordedEvent]:
        """The events of ``stream`` after ``after_version``, in order."""
        positions = self._streams.get(stream, [])[max(after_version, 0) :]
        return [self._events[position - 1] for position in positions]

    def read_all(self, *, after: int = 0) -> Iterator[RecordedEvent]:
        """Every event after position ``after``, in order."""
        return iter(self._events[max(after, 0) :])

    @property
    def position(self) -> int:
        """The position of the last event (0 when empty)."""
        return len(self._events)

    def save_snapshot(self, snapshot: Snapshot) -> None:
        """Keep ``snapshot`` as its stream's latest."""
        self._snapshots[snapshot.stream] = snapshot

    def load_snapshot(self, stream: str) -> Snapshot | None:
        """The latest snapshot of ``stream``, or ``None``."""
        return self._snapshots.get(stream)
