"""Rebuilding a stock ledger from its events.

An embedding system that stores the ledger's events can rebuild the ledger from them: every
movement event is carried out again, in the order recorded, with the same arguments. Because
removal and costing are deterministic, the rebuilt ledger has the same lots, costs and
corrections; :func:`replay` checks that by comparing the events it produces with the ones it was
given (a backdated movement records its cost corrections again, so those are not replayed but
compared).

Replay needs the same item, currency and policies the ledger ran with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Final

from backoffice.domain.events import DomainEvent
from backoffice.domain.inventory.events import (
    StockCostCorrected,
    StockCounted,
    StockIssued,
    StockReceived,
    StockReservationReleased,
    StockReserved,
    StockReturned,
    StockTransferred,
    StockWrittenOff,
)
from backoffice.domain.inventory.items import Item
from backoffice.domain.inventory.ledger import StockLedger
from backoffice.domain.inventory.rules import AdjustmentRule, LotOrder, NegativeStockRule
from backoffice.errors import ValidationError

__all__ = ["replay"]


def _received(ledger: StockLedger, event: StockReceived) -> None:
    ledger.receive(
        event.location,
        event.quantity,
        at=event.occurred_at,
        by=event.actor,
        unit_cost=event.unit_cost,
        total_cost=None if event.unit_cost is not None else event.cost,
        expires_on=event.expires_on,
        supplier=event.supplier,
        purchase_order=event.purchase_order,
        recorded_at=event.recorded_at,
    )


def _issued(ledger: StockLedger, event: StockIssued) -> None:
    ledger.issue(
        event.location,
        event.quantity,
        at=event.occurred_at,
        by=event.actor,
        to=None if event.to is None else event.to.as_id(),  # type: ignore[arg-type]
        charge_to=event.charge_to,
        requisition=event.requisition,
        handed_back=event.handed_back,
        recorded_at=event.recorded_at,
    )


def _returned(ledger: StockLedger, event: StockReturned) -> None:
    ledger.return_to_stock(
        event.issue,
        event.quantity,
        at=event.occurred_at,
        by=event.actor,
        recorded_at=event.recorded_at,
    )


def _transferred(ledger: StockLedger, event: StockTransferred) -> None:
    ledger.transfer(
        event.location,
        event.destination,
        event.quantity,
        at=event.occurred_at,
        by=event.actor,
        recorded_at=event.recorded_at,
    )


def _counted(ledger: StockLedger, event: StockCounted) -> None:
    ledger.count(
        event.location,
        event.counted,
        at=event.occurred_at,
        by=event.actor,
        unit_cost=event.unit_cost,
        approval=event.approval,
        recorded_at=event.recorded_at,
    )


def _written_off(ledger: StockLedger, event: StockWrittenOff) -> None:
    ledger.write_off(
        event.location,
        event.quantity,
        reason=event.reason,
        at=event.occurred_at,
        by=event.actor,
        lot=event.lot,
        recorded_at=event.recorded_at,
    )


def _reserved(ledger: StockLedger, event: StockReserved) -> None:
    ledger.reserve(
        event.location,
        event.quantity,
        requisition=event.requisition,
        at=event.occurred_at,
        by=event.actor,
    )


def _released(ledger: StockLedger, event: StockReservationReleased) -> None:
    ledger.release(
        event.location,
        requisition=event.requisition,
        at=event.occurred_at,
        by=event.actor,
        qty=event.quantity,
    )


def _recorded_again(ledger: StockLedger, event: StockCostCorrected) -> None:
    """Corrections are recorded again by the backdated movement that caused them."""


_Replay = Callable[[StockLedger, DomainEvent], None]

#: How each event is carried out again.
_REPLAY: Final[dict[type[DomainEvent], _Replay]] = {
    StockReceived: _received,  # type: ignore[dict-item]
    StockIssued: _issued,  # type: ignore[dict-item]
    StockReturned: _returned,  # type: ignore[dict-item]
    StockTransferred: _transferred,  # type: ignore[dict-item]
    StockCounted: _counted,  # type: ignore[dict-item]
    StockWrittenOff: _written_off,  # type: ignore[dict-item]
    StockReserved: _reserved,  # type: ignore[dict-item]
    StockReservationReleased: _released,  # type: ignore[dict-item]
    StockCostCorrected: _recorded_again,  # type: ignore[dict-item]
}


def replay(
    item: Item,
    currency: str,
    order: LotOrder,
    events: Iterable[DomainEvent],
    *,
    adjustments: AdjustmentRule | None = None,
    negative: NegativeStockRule | None = None,
) -> StockLedger:
    """Rebuild the ledger of ``item`` from its events, oldest first.

    Returns:
        The ledger, with no pending events (they are the ones given).

    Raises:
        ValidationError: An event of another kind or item, or events that do not replay to
            themselves (they were changed, or the policies differ).
    """
    given = list(events)
    ledger = StockLedger(item, currency, order, adjustments, negative)
    for event in given:
        handler = _REPLAY.get(type(event))
        if handler is None or event.aggregate_id != item.sku:
            raise ValidationError(
                f"{event.name} of {event.aggregate_id} is not an event of the {item.sku} ledger",
                field="events",
                value=event,
            )
        handler(ledger, event)
    produced = ledger.collect_events()
    for index, (theirs, ours) in enumerate(zip(given, produced, strict=False)):
        if theirs != ours:
            raise ValidationError(
                f"event {index + 1} does not replay to itself: recorded {theirs!r}, "
                f"replayed {ours!r}",
                field="events",
                value=theirs,
            )
    if len(given) != len(produced):
        raise ValidationError(
            f"{len(given)} events replayed to {len(produced)}", field="events", value=len(given)
        )
    return ledger
