"""Stock movements: receiving, issuing, returning, moving, counting and writing off stock.

Every movement of an item's stock goes through its own
:class:`~backoffice.domain.inventory.ledger.StockLedger`: a delivery received into a storeroom,
an issue to a department, request or person, an issue handed back to the shelf, a transfer
between storerooms, a stocktake that adjusts the book to what was counted, and a write-off of
expired, damaged or lost stock. :class:`StockMovements` checks the arguments at the boundary
and passes each movement straight to the item's ledger (so recording stays fast).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from backoffice.domain.inventory.ids import LocationId
from backoffice.domain.inventory.movements import StockMovement, Target, WriteOffReason
from backoffice.errors import ValidationError
from backoffice.services.inventory_queries import Amount, InventoryQueries
from backoffice.values.ids import ActorId, DepartmentId, SupplierId
from backoffice.values.inputs import (
    actor,
    choice,
    entity_id,
    instant,
    optional_text,
    text,
    whole_number,
)
from backoffice.values.money import Money

__all__ = ["StockMovements"]

_Cost = Money | Decimal | int | str


class StockMovements(InventoryQueries):
    """The inventory's stock movement commands.

    Not used on its own: :class:`~backoffice.services.inventory.Inventory` is built on it and
    holds the state declared here.
    """

    __slots__ = ()

    # -- movements ------------------------------------------------------------------------------

    def receive(
        self,
        sku: str,
        qty: Amount,
        *,
        at: datetime,
        by: ActorId | str,
        unit_cost: _Cost | None = None,
        total_cost: _Cost | None = None,
        location: LocationId | str | None = None,
        expires_on: date | None = None,
        supplier: SupplierId | str | None = None,
        purchase_order: str | None = None,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Receive a lot of ``sku`` (see :meth:`StockLedger.receive`)."""
        # The hot path: a known SKU, the default location and an ActorId are taken as they are.
        ledger = self._ledgers.get(sku) if type(sku) is str else None
        return (ledger or self.ledger(sku)).receive(
            self.default_location.id if location is None else self._location_id(location),
            qty,
            at=at,
            by=by if type(by) is ActorId else actor(by, "by"),
            unit_cost=unit_cost,
            total_cost=total_cost,
            expires_on=expires_on,
            supplier=supplier,
            purchase_order=None
            if purchase_order is None
            else text(purchase_order, "purchase_order", max_length=200),
            recorded_at=recorded_at,
        )

    def issue(
        self,
        sku: str,
        qty: Amount,
        *,
        at: datetime,
        by: ActorId | str,
        to: Target | None = None,
        charge_to: DepartmentId | str | None = None,
        location: LocationId | str | None = None,
        handed_back: Amount | None = None,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Issue ``sku`` to a department, request or person (see :meth:`StockLedger.issue`).

        ``to`` may be a ``DepartmentId``, a ``RequestId``, an ``ActorId``, or a plain string,
        which is read as a department's id (``to="finance"``).
        """
        # The hot path: a known SKU, the default location and an ActorId are taken as they are.
        ledger = self._ledgers.get(sku) if type(sku) is str else None
        return (ledger or self.ledger(sku)).issue(
            self.default_location.id if location is None else self._location_id(location),
            qty,
            at=at,
            by=by if type(by) is ActorId else actor(by, "by"),
            to=to,
            charge_to=None
            if charge_to is None
            else entity_id(charge_to, DepartmentId, "charge_to"),
            handed_back=handed_back,
            recorded_at=recorded_at,
        )

    def return_to_stock(
        self,
        issued: StockMovement,
        qty: Amount | None = None,
        *,
        at: datetime,
        by: ActorId | str,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Put (part of) an issue back on the shelf at the cost it left with.

        Raises:
            ValidationError: ``issued`` is not a :class:`StockMovement`.
        """
        if not isinstance(issued, StockMovement):
            raise ValidationError(
                f"issued must be the issue (a StockMovement) the stock came from, got {issued!r}",
                field="issued",
                value=issued,
            )
        return self.ledger(issued.sku).return_to_stock(
            issued, qty, at=at, by=actor(by, "by"), recorded_at=recorded_at
        )

    def transfer(
        self,
        sku: str,
        qty: Amount,
        *,
        from_location: LocationId | str,
        to_location: LocationId | str,
        at: datetime,
        by: ActorId | str,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Move stock between locations; lots keep their cost and dates."""
        return self.ledger(sku).transfer(
            self._location_id(from_location, "from_location"),
            self._location_id(to_location, "to_location"),
            qty,
            at=at,
            by=actor(by, "by"),
            recorded_at=recorded_at,
        )

    def count(
        self,
        sku: str,
        counted: Amount,
        *,
        at: datetime,
        by: ActorId | str,
        location: LocationId | str | None = None,
        unit_cost: _Cost | None = None,
        approval: str | None = None,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Record a stocktake of ``sku`` at a location and adjust the book to it."""
        return self.ledger(sku).count(
            self._where(location),
            counted,
            at=at,
            by=actor(by, "by"),
            unit_cost=unit_cost,
            approval=optional_text(approval, "approval", max_length=200) or None,
            recorded_at=recorded_at,
        )

    def write_off(
        self,
        sku: str,
        qty: Amount | None = None,
        *,
        reason: WriteOffReason | str,
        at: datetime,
        by: ActorId | str,
        location: LocationId | str | None = None,
        lot: int | None = None,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Write stock off: expired, damaged or lost (``reason`` matched case-insensitively)."""
        return self.ledger(sku).write_off(
            self._where(location),
            qty,
            reason=choice(reason, WriteOffReason, "reason"),
            at=at,
            by=actor(by, "by"),
            lot=None if lot is None else whole_number(lot, "lot", minimum=1),
            recorded_at=recorded_at,
        )

    def write_off_expired(self, *, at: datetime, by: ActorId | str) -> list[StockMovement]:
        """Write off every expired lot of every item at every location.

        Every write-off is checked first; if one cannot be made (a location counted after
        ``at``), none is.
        """
        when, who = instant(at), actor(by, "by")
        due = [
            (ledger, place)
            for ledger in self._ledgers.values()
            for place in ledger.locations()
            if ledger.expired(place, at=when).value
        ]
        for ledger, place in due:
            ledger.check_write_off(place, reason=WriteOffReason.EXPIRED, at=when, by=who)
        return [
            ledger.write_off(place, reason=WriteOffReason.EXPIRED, at=when, by=who)
            for ledger, place in due
        ]
