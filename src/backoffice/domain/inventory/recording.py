"""Recording a movement in a stock ledger: on time or backdated, and the events it leaves.

Every command of a :class:`~backoffice.domain.inventory.ledger.StockLedger` ends the same way:
the movement it drafted is carried out on the ledger's
:class:`~backoffice.domain.inventory.book.StockBook` and kept as a record, and its event is
queued. A movement dated before the latest one recorded is *backdated*: the book re-runs only
the movements after it, and for each whose cost changed the ledger queues a
:class:`~backoffice.domain.inventory.events.StockCostCorrected`. Stock that arrives while
some was issued on provisional cost (see :mod:`backoffice.policies.stock`) corrects those
issues the same way.

:class:`LedgerCore` holds this shared machinery; the ledger's commands and queries are
written on top of it, one concern per module (receipts and issues, adjustments, reservations,
queries). Events are built from the stored records only when they are collected, so recording
stays fast.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

from backoffice.domain.events import DomainEvent, EventLog
from backoffice.domain.inventory import inputs, rows
from backoffice.domain.inventory.book import StockBook
from backoffice.domain.inventory.events import StockCostCorrected
from backoffice.domain.inventory.ids import LocationId
from backoffice.domain.inventory.journal import Journal, Pending
from backoffice.domain.inventory.movements import MovementKind, StockMovement, view
from backoffice.domain.inventory.position import StockPosition
from backoffice.domain.inventory.rows import AT, Row
from backoffice.values.ids import ActorId
from backoffice.values.instant import ensure_aware
from backoffice.values.money import Money
from backoffice.values.quantity import Quantity

if TYPE_CHECKING:
    from backoffice.domain.inventory.items import Item

__all__ = ["Amount", "Cost", "LedgerCore", "Pending"]

_ZERO = Decimal(0)
#: What a command accepts as a quantity.
Amount = Decimal | int | str | Quantity
#: What a command accepts as a cost.
Cost = Money | Decimal | int | str


class LedgerCore:
    """What every stock ledger command shares: the book, the pending events, the recording.

    Not used on its own: :class:`~backoffice.domain.inventory.ledger.StockLedger` is built on
    it and holds the state declared here.
    """

    __slots__ = ()

    item: Item
    currency: str
    _book: StockBook
    _inputs: inputs.Inputs
    _last_at: datetime | None
    _pending: list[Pending]
    _events: EventLog
    _journal: Journal | None

    @property
    def sku(self) -> str:
        """The item's SKU, which is also the ledger's id."""
        return self.item.sku

    @property
    def version(self) -> int:
        """Number of events the ledger has recorded."""
        return self._events.version + len(self._pending)

    @property
    def book(self) -> StockBook:
        """The positions and movement rows (read them; change them only through commands)."""
        return self._book

    # -- events ---------------------------------------------------------------------------------

    def collect_events(self) -> list[DomainEvent]:
        """Hand over the events recorded since the last call, oldest first."""
        self._build_events()
        return self._events.collect()

    def pending_events(self) -> tuple[DomainEvent, ...]:
        """The events not yet collected, without handing them over."""
        self._build_events()
        return self._events.pending()

    def _build_events(self) -> None:
        pending = self._pending
        if pending:
            log = self._events
            journal = self._journal
            if journal is None:
                journal = self._journal = Journal(self.item.unit, self.currency)  # type: ignore[misc]  # a slot of StockLedger
            log.extend(journal.write(pending, log.version))
            pending.clear()

    # -- recording ------------------------------------------------------------------------------

    def _record(self, draft: Row, *, backdated: bool, dry_run: bool = False) -> StockMovement:
        """Carry out ``draft``, keep it, queue its event and those of the costs it corrected."""
        book = self._book
        if not backdated:
            rec = book.record(draft, dry_run=dry_run)
            if dry_run:
                return view(rec)
            self._pending.append(rec)
            self._last_at = rec[AT]  # type: ignore[misc]  # a slot of StockLedger
            if not rec[rows.SETTLED]:
                return view(rec)
            records = book.records
            revalued = [
                (before, records[before[rows.NUMBER] - 1]) for before, *_ in rec[rows.SETTLED]
            ]
        else:
            rec, revalued = book.record_backdated(draft, dry_run=dry_run)
            if dry_run:
                return view(rec)
            self._pending.append(rec)
        cause = view(rec)
        for before, after in revalued:
            if before[rows.AMOUNT] != after[rows.AMOUNT]:
                self._pending.append(
                    partial(StockCostCorrected.between, view(before), view(after), caused_by=cause)
                )
        return cause

    def _positions(self, location: LocationId | str | None) -> list[StockPosition]:
        positions = self._book.positions
        if location is None:
            return list(positions.values())
        found = positions.get(inputs.location(location).value)
        return [] if found is None else [found]

    def _draft(
        self,
        kind: MovementKind,
        location: LocationId | str,
        qty: object,
        *,
        at: datetime,
        by: ActorId,
        recorded_at: datetime | None,
        **fields: object,
    ) -> Row:
        inputs.check_actor(by)
        return rows.make(
            kind=kind.value,
            number=len(self._book.records) + 1,
            sku=self.sku,
            location=inputs.location(location).value,
            at=ensure_aware(at),
            actor=by.value,
            qty=_ZERO if kind is MovementKind.COUNT else self._inputs.positive(qty),
            amount=_ZERO,
            unit=self.item.unit,
            currency=self.currency,
            recorded_at=inputs.optional_time(recorded_at, "recorded_at"),
            **fields,
        )

    def _is_backdated(self, at: datetime) -> bool:
        last = self._last_at
        if last is None:
            ensure_aware(at)
            return False
        try:
            return at < last
        except TypeError:
            ensure_aware(at)
            raise

    def _q(self, value: Decimal) -> Quantity:
        return Quantity(value, self.item.unit)
