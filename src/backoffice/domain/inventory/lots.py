"""Lots: stock received together, at one cost, on one day.

Every receipt creates a lot, numbered like the receipt; the lot keeps its unit cost, its
receipt date, its expiry date, supplier and purchase order wherever it goes: a transfer moves
(part of) the lot to another location under the same number, a return puts units back into the
lot they came from. :class:`Lot` is the read-only view of the part of a lot at one location, for
reports: what is left, what it is worth, how old it is, whether it has expired.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import attrs

from backoffice.domain.inventory.ids import LocationId
from backoffice.domain.inventory.movements import MovementKind, view
from backoffice.domain.inventory.open_lots import LOT_ORIGIN, LOT_REMAINING, LOT_VALUE, OpenLot
from backoffice.values.ids import SupplierId
from backoffice.values.instant import ensure_aware
from backoffice.values.money import Money
from backoffice.values.quantity import Quantity

__all__ = ["Lot"]


@attrs.frozen
class Lot:
    """The part of a lot at one location.

    Attributes:
        sku: The item.
        number: The lot's number (its receipt's movement number).
        location: Where this part is.
        remaining: Units left here.
        value: What they are worth.
        unit_cost: The lot's unit cost; ``None`` for a lot received at a total cost.
        received: Units the lot was received (or found) with, at every location together.
        received_at: When it was received.
        expires_on: Its last day of use, if it has one.
        supplier: Who supplied it.
        purchase_order: The purchase order it came on.
    """

    sku: str
    number: int
    location: LocationId
    remaining: Quantity
    value: Money
    unit_cost: Money | None
    received: Quantity
    received_at: datetime
    expires_on: date | None = None
    supplier: SupplierId | None = None
    purchase_order: str | None = None

    @classmethod
    def of(cls, lot: OpenLot, location: LocationId) -> Lot:
        """The view of an open lot at ``location``."""
        origin = view(lot[LOT_ORIGIN])
        return cls(
            sku=origin.sku,
            number=origin.number,
            location=location,
            remaining=Quantity(lot[LOT_REMAINING], origin.unit),
            value=Money(lot[LOT_VALUE], origin.currency),
            unit_cost=origin.unit_cost,
            received=origin.quantity,
            received_at=origin.at,
            expires_on=origin.expires_on,
            supplier=origin.supplier,
            purchase_order=origin.reference if origin.kind == MovementKind.RECEIPT else None,
        )

    def age(self, at: datetime) -> timedelta:
        """How long the lot has been in stock at ``at``."""
        return ensure_aware(at) - self.received_at

    def is_expired(self, at: datetime) -> bool:
        """Whether its last day of use is before ``at``'s date (it may no longer be issued)."""
        return self.expires_on is not None and self.expires_on < ensure_aware(at).date()

    def expires_within(self, days: int, at: datetime) -> bool:
        """Whether it expires within ``days`` days of ``at`` (already expired lots included)."""
        limit = ensure_aware(at).date() + timedelta(days=days)
        return self.expires_on is not None and self.expires_on <= limit
