"""The office journal: one ordered record of every event, units of work, save and restore.

The :class:`~backoffice.services.office.Office` runs several services (the service desk, the
storeroom, budgets, approvals, and the areas still to come). The journal is what makes them one
office:

* **one order.** After every step the journal drains each area's service (``collect_events()``)
  into the current unit of work, so events across areas keep the order they happened in.
* **units of work.** A command runs inside :meth:`OfficeJournal.unit_of_work`. When it ends
  normally its events are committed: added to the record and to the outbox. When it raises,
  its events are thrown away and every area that had recorded one is **rebuilt from its
  committed events** (its service's ``restore``), so a command that fails half-way (a
  requisition approved whose budget commitment was refused; a ``working_on`` block whose second
  step raised) leaves no partial change and no event behind.

  Why rebuild rather than copy state before each command: a copy costs time on every command,
  while by the embedding conventions a step that raises has changed nothing and recorded
  nothing, so a failure with no event recorded needs no repair at all. Only a unit of work
  that failed after some step succeeded pays, and it pays with the same restore the office
  runs on start-up, which is tested on every aggregate. The cost: a service that changed state
  without recording an event, then raised, would not be repaired; that would break convention
  3 (a command validates first, then mutates, then records) and is a bug in that service.
* **save and restore.** :meth:`OfficeJournal.save` appends the committed events not yet saved
  to an :class:`~backoffice.ports.events.EventStore`, one stream per aggregate
  (``"<area>/<aggregate id>"``), in one unit of work, expecting each stream at the version the
  office last saw (optimistic concurrency: another office that saved first makes this one
  raise :class:`~backoffice.ports.errors.ConcurrencyConflict`). :meth:`OfficeJournal.load`
  takes the stored record back, area by area.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime

import attrs

from backoffice.domain.events import DomainEvent, HasEvents
from backoffice.errors import ValidationError
from backoffice.ports.events import EventStore, RecordedEvent, StreamAppend
from backoffice.services.office_ids import UnitOfWorkIds
from backoffice.values.ids import SequentialIds

__all__ = ["Area", "OfficeJournal", "UnknownArea"]


class UnknownArea(ValidationError):
    """Raised when a stored stream belongs to no area of the office being restored.

    Attributes:
        stream: The stream's name (``"<area>/<aggregate id>"``).
    """

    def __init__(self, stream: str, areas: Iterable[str]) -> None:
        super().__init__(
            f"stream {stream!r} belongs to none of the office's areas ({', '.join(areas)}): "
            "restore with the areas the office was saved with",
            field="stream",
            value=stream,
        )
        self.stream = stream


@attrs.define
class Area:
    """One part of the office: its service, and how to rebuild the service from its events.

    Attributes:
        name: The area's name, also the first part of its stream names (``"requests"``).
        service: The running service (anything with ``collect_events()``).
        rebuild: Builds a service ready to work from all the area's events, oldest first (an
            empty list gives a fresh service).
    """

    name: str
    service: HasEvents
    rebuild: Callable[[list[DomainEvent]], HasEvents]


@attrs.define
class OfficeJournal:
    """The areas of an office and the ordered record of their events.

    Attributes:
        areas: The areas, by name, in the order they are drained after each step.
        on_rebuild: Called after areas were rebuilt (so the office can re-wire references
            between services).
        ids: The office's id source: ids minted by a unit of work that fails are taken back.
    """

    areas: dict[str, Area]
    on_rebuild: Callable[[], None] = lambda: None
    ids: UnitOfWorkIds = attrs.field(factory=lambda: UnitOfWorkIds(SequentialIds()))
    _history: dict[str, list[DomainEvent]] = attrs.field(factory=dict, init=False)
    _record: list[tuple[str, DomainEvent]] = attrs.field(factory=list, init=False)
    _outbox: list[DomainEvent] = attrs.field(factory=list, init=False)
    _pending: list[tuple[str, str, DomainEvent]] = attrs.field(factory=list, init=False)
    _depth: int = attrs.field(default=0, init=False)
    _saved: int = attrs.field(default=0, init=False)
    _versions: dict[str, int] = attrs.field(factory=dict, init=False)

    def __attrs_post_init__(self) -> None:
        for name in self.areas:
            self._history.setdefault(name, [])

    # -- units of work -------------------------------------------------------------------------

    def drain(self) -> None:
        """Take the events every area recorded since the last drain into the unit of work."""
        for name, area in self.areas.items():
            for event in area.service.collect_events():
                self._pending.append((name, f"{name}/{event.aggregate_id}", event))

    @contextmanager
    def unit_of_work(self) -> Iterator[None]:
        """Everything inside happens whole or not at all.

        Units of work nest: an inner one that fails is undone back to where it began (even if
        the outer one catches its error and goes on); what the outer one did before it stays
        pending with the outer one, which commits or rolls back as a whole.

        Whatever the work raises is raised again, after the areas it changed were rebuilt.
        """
        self.drain()  # what happened before belongs to the enclosing unit (or to nobody)
        savepoint, mark = len(self._pending), self.ids.mark()
        self._depth += 1
        try:
            yield
            self.drain()
        except BaseException:
            self._depth -= 1
            self._roll_back(savepoint, mark)
            raise
        self._depth -= 1
        if self._depth == 0:
            self._commit()

    def _commit(self) -> None:
        for name, stream, event in self._pending:
            self._history[name].append(event)
            self._record.append((stream, event))
            self._outbox.append(event)
        self._pending.clear()
        self.ids.commit()

    def _roll_back(self, savepoint: int, mark: int) -> None:
        self.drain()
        touched = {name for name, _, _ in self._pending[savepoint:]}
        del self._pending[savepoint:]
        self.ids.take_back(since=mark)
        for name in self.areas:  # in the areas' order: later areas may refer to earlier ones
            if name in touched:
                area = self.areas[name]
                kept = [event for owner, _, event in self._pending if owner == name]
                area.service = area.rebuild([*self._history[name], *kept])
        if touched:
            self.on_rebuild()

    # -- the record ----------------------------------------------------------------------------

    def collect_events(self) -> list[DomainEvent]:
        """The committed events not handed over yet, in order, and forget them (the outbox)."""
        events, self._outbox = self._outbox, []
        return events

    def events(self) -> list[DomainEvent]:
        """Every committed event, in order (what a restored office starts from, and more)."""
        return [event for _, event in self._record]

    @property
    def unsaved(self) -> int:
        """Committed events not saved to a store yet."""
        return len(self._record) - self._saved

    # -- save and restore ----------------------------------------------------------------------

    def save(self, store: EventStore, *, recorded_at: datetime) -> int:
        """Append the committed events not saved yet to ``store``, in one unit of work.

        Returns:
            The number of events saved.

        Raises:
            ConcurrencyConflict: A stream in the store moved on since this office last saw it.
        """
        if self._depth:
            raise ValidationError("save after the unit of work, not inside it", field="store")
        fresh = self._record[self._saved :]
        changes: list[StreamAppend] = []
        versions = dict(self._versions)
        run: list[DomainEvent] = []
        run_stream = ""
        for stream, event in fresh:
            if stream != run_stream and run:
                changes.append(StreamAppend(run_stream, versions.get(run_stream, 0), run))
                versions[run_stream] = versions.get(run_stream, 0) + len(run)
                run = []
            run_stream = stream
            run.append(event)
        if run:
            changes.append(StreamAppend(run_stream, versions.get(run_stream, 0), run))
            versions[run_stream] = versions.get(run_stream, 0) + len(run)
        if changes:
            store.append(changes, recorded_at=recorded_at)
        self._versions = versions
        self._saved = len(self._record)
        return len(fresh)

    def load(self, records: Iterable[RecordedEvent]) -> None:
        """Rebuild every area from a store's record (read in global order), as saved.

        Each event goes back to the area named by its stream (``"<area>/<aggregate id>"``).

        Raises:
            UnknownArea: A stream belongs to no area.
        """
        if self._record or self._pending:
            raise ValidationError("load into a new office only", field="records")
        for record in records:
            event = record.event
            name = record.stream.partition("/")[0]
            if name not in self._history:
                raise UnknownArea(record.stream, self.areas)
            self._history[name].append(event)
            self._record.append((record.stream, event))
            self._versions[record.stream] = record.version
        for name, area in self.areas.items():
            area.service = area.rebuild(list(self._history[name]))
        self._saved = len(self._record)
        self.on_rebuild()
