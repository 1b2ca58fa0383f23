"""Reservations: stock promised to approved requisitions (预留).

When a requisition (申领) is approved, the units it asks for are promised to it at the storeroom
that serves it: they stay on the shelf, but no other issue may take them. Fulfilment issues them
against the requisition; cancelling frees what was not handed out.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import partial

from backoffice.domain.inventory import inputs
from backoffice.domain.inventory.errors import InsufficientStock
from backoffice.domain.inventory.events import StockReservationReleased, StockReserved
from backoffice.domain.inventory.ids import LocationId, RequisitionId
from backoffice.domain.inventory.recording import Amount, LedgerCore
from backoffice.errors import ValidationError
from backoffice.values.ids import ActorId
from backoffice.values.instant import ensure_aware
from backoffice.values.quantity import Quantity

__all__ = ["StockReservations"]

_ZERO = Decimal(0)


class StockReservations(LedgerCore):
    """The ledger's reservations for requisitions."""

    __slots__ = ()

    def reserve(
        self,
        location: LocationId | str,
        qty: Amount,
        *,
        requisition: RequisitionId,
        at: datetime,
        by: ActorId,
    ) -> Quantity:
        """Promise usable, unreserved stock at ``location`` to an approved requisition.

        Returns:
            The quantity reserved.

        Raises:
            InsufficientStock: Less free stock than ``qty``.
        """
        amount = self._inputs.positive(qty)
        ensure_aware(at)
        inputs.check_actor(by)
        wanted_for = inputs.requisition(requisition)
        place = inputs.location(location)
        found = self._book.positions.get(place.value)
        free = _ZERO if found is None else found.free(at.date())
        if amount > free:
            raise InsufficientStock(self.sku, place, self._q(amount), self._q(free))
        self._book.position(place.value).reserve(wanted_for.value, amount)
        self._pending.append(
            partial(
                StockReserved,
                aggregate_id=self.sku,
                actor=by,
                occurred_at=at,
                location=place,
                quantity=self._q(amount),
                requisition=wanted_for,
            )
        )
        return self._q(amount)

    def release(
        self,
        location: LocationId | str,
        *,
        requisition: RequisitionId,
        at: datetime,
        by: ActorId,
        qty: Amount | None = None,
    ) -> Quantity:
        """Free units promised to ``requisition`` (all of them when ``qty`` is omitted).

        Returns:
            The quantity freed.
        """
        ensure_aware(at)
        inputs.check_actor(by)
        wanted_for = inputs.requisition(requisition)
        place = inputs.location(location)
        position = self._book.positions.get(place.value)
        promised = _ZERO if position is None else position.reservations.get(wanted_for.value, _ZERO)
        amount = promised if qty is None else self._inputs.positive(qty)
        if amount > promised:
            raise ValidationError(
                f"cannot release {amount} for {wanted_for}: only {promised} reserved",
                field="qty",
                value=amount,
            )
        if amount and position is not None:
            position.release(wanted_for.value, amount)
            self._pending.append(
                partial(
                    StockReservationReleased,
                    aggregate_id=self.sku,
                    actor=by,
                    occurred_at=at,
                    location=place,
                    quantity=self._q(amount),
                    requisition=wanted_for,
                )
            )
        return self._q(amount)
