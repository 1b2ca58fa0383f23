"""A storeroom's history sorted into its streams, for restoring it.

The events an :class:`~backoffice.services.inventory.Inventory` hands over belong to three
kinds of stream: the catalogue (items and locations added), one stock ledger per item (keyed by
SKU) and one per requisition. A store may give them back interleaved in any way; restoring
needs each stream whole and in its own order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import attrs

from backoffice.domain.events import DomainEvent
from backoffice.domain.inventory.catalogue import StockItemAdded, StockLocationAdded
from backoffice.domain.inventory.events import (
    StockCostCorrected,
    StockCounted,
    StockEvent,
    StockIssued,
    StockReceived,
    StockReservationReleased,
    StockReserved,
    StockReturned,
    StockTransferred,
    StockWrittenOff,
)
from backoffice.domain.inventory.requisition_events import (
    RequisitionApproved,
    RequisitionCancelled,
    RequisitionFulfilled,
    RequisitionReferred,
    RequisitionRejected,
    RequisitionSubmitted,
)
from backoffice.errors import ValidationError

__all__ = ["INVENTORY_EVENTS", "History", "sort_history"]

_LEDGER: Final = (StockEvent, StockCostCorrected, StockReserved, StockReservationReleased)
_REQUISITION: Final = (
    RequisitionSubmitted,
    RequisitionApproved,
    RequisitionReferred,
    RequisitionRejected,
    RequisitionFulfilled,
    RequisitionCancelled,
)


#: Every event class a storeroom records, e.g. for ``EventCodec.for_events(INVENTORY_EVENTS)``.
INVENTORY_EVENTS: Final[tuple[type[DomainEvent], ...]] = (
    StockItemAdded,
    StockLocationAdded,
    StockReceived,
    StockIssued,
    StockReturned,
    StockTransferred,
    StockCounted,
    StockWrittenOff,
    StockCostCorrected,
    StockReserved,
    StockReservationReleased,
    *_REQUISITION,
)


@attrs.define
class History:
    """A storeroom's events by stream, each stream in its recorded order.

    Attributes:
        catalogue: Items and locations added.
        ledgers: Each item's stock events, by SKU.
        requisitions: Each requisition's events, by requisition id, first submitted first.
    """

    catalogue: list[StockItemAdded | StockLocationAdded] = attrs.field(factory=list)
    ledgers: dict[str, list[DomainEvent]] = attrs.field(factory=dict)
    requisitions: dict[str, list[DomainEvent]] = attrs.field(factory=dict)


def sort_history(events: Iterable[DomainEvent]) -> History:
    """Sort a storeroom's events into their streams.

    Raises:
        ValidationError: An event that is not an inventory event.
    """
    history = History()
    for event in events:
        if isinstance(event, StockItemAdded | StockLocationAdded):
            history.catalogue.append(event)
        elif isinstance(event, _LEDGER):
            history.ledgers.setdefault(event.aggregate_id, []).append(event)
        elif isinstance(event, _REQUISITION):
            history.requisitions.setdefault(event.aggregate_id, []).append(event)
        else:
            raise ValidationError(
                f"{getattr(event, 'name', type(event).__name__)} is not an inventory event",
                field="events",
                value=event,
            )
    return history
