"""The storeroom's catalogue: which items it keeps, and where (物资目录 / 库位).

Starting to keep an item and opening a stock location are changes like any other: each records
an event, so a storeroom rebuilt from its events knows its items and places before it replays
their stock. The events belong to one stream, :data:`CATALOGUE`, versioned like an aggregate's.

The removal order an item was given (FIFO or FEFO) is kept by its method's **name**, never as a
policy object: a restore resolves the name again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

import attrs

from backoffice.domain.events import DomainEvent
from backoffice.domain.inventory.items import Item, StockLocation
from backoffice.values.ids import ActorId

__all__ = [
    "CATALOGUE",
    "CATALOGUE_CLERK",
    "UNDATED",
    "StockItemAdded",
    "StockLocationAdded",
]

#: The aggregate id (stream) of the catalogue's events.
CATALOGUE: Final = "inventory:catalogue"
#: The actor recorded when an item or location is added without naming who added it.
CATALOGUE_CLERK: Final = ActorId("system:catalogue")
#: The instant recorded when an item or location is added without saying when.
UNDATED: Final = datetime(1970, 1, 1, tzinfo=UTC)


@attrs.frozen(kw_only=True)
class StockItemAdded(DomainEvent):
    """The storeroom started to keep an item.

    Attributes:
        item: The item and its replenishment settings.
        removal: The name of the removal method it was given (``"fifo"``, ``"fefo"``), or
            ``None`` when it follows the storeroom's default order.
    """

    item: Item
    removal: str | None = None


@attrs.frozen(kw_only=True)
class StockLocationAdded(DomainEvent):
    """A storeroom, warehouse or cabinet was opened for stock."""

    location: StockLocation
