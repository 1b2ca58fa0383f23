"""The inventory service: storerooms, items, stock movements and requisitions in one place.

:class:`Inventory` is what an embedding system or a scenario script calls. It keeps the item
catalogue and the stock locations, one :class:`~backoffice.domain.inventory.ledger.StockLedger`
per item, and the requisitions, and it wires in the policies: the removal order (FIFO by
default, FEFO per item), the stocktake adjustment threshold and the requisition approval policy.
Every command passes straight to the item's ledger (so recording stays fast). The read side
(look-ups, stock figures, reports) is in :mod:`backoffice.services.inventory_queries` and the
requisition desk in :mod:`backoffice.services.inventory_requisitions`; :class:`Inventory`
is built on both.

Example:
    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> t1 = datetime(2025, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    >>> clerk = ActorId("clerk-wang")
    >>> store = Inventory(currency="CNY")
    >>> _ = store.add_item(Item(sku="A4-80", name="A4 paper 80 g", unit="ream", reorder_point=20))
    >>> _ = store.receive("A4-80", qty=100, unit_cost=Money("21.50", "CNY"), at=t1, by=clerk)
    >>> issued = store.issue("A4-80", qty=30, at=t1, by=clerk, to="finance")
    >>> issued.cost
    Money('645.00', 'CNY')
    >>> store.on_hand("A4-80"), store.value("A4-80")
    (Quantity('70', 'ream'), Money('1505.00', 'CNY'))
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from backoffice.domain.events import DomainEvent
from backoffice.domain.inventory.errors import DuplicateItem, ItemNotFound
from backoffice.domain.inventory.ids import LocationId
from backoffice.domain.inventory.items import Item, Location
from backoffice.domain.inventory.ledger import StockLedger
from backoffice.domain.inventory.movements import StockMovement, Target, WriteOffReason
from backoffice.domain.inventory.requisitions import Requisition
from backoffice.policies.removal import (
    FirstInFirstOut,
    RemovalMethod,
    RemovalPolicy,
    removal_policy,
)
from backoffice.policies.requisitions import RequisitionApprovalPolicy, SimpleRequisitionApproval
from backoffice.policies.stock import (
    FORBID_NEGATIVE_STOCK,
    NO_ADJUSTMENT_APPROVAL,
    AdjustmentApprovalPolicy,
    ForbidNegativeStock,
    NegativeStockPolicy,
)
from backoffice.services.inventory_queries import Amount
from backoffice.services.inventory_requisitions import AUTO_APPROVER, RequisitionDesk
from backoffice.values.ids import ActorId, DepartmentId, IdGenerator, SequentialIds, SupplierId
from backoffice.values.money import Money

__all__ = ["AUTO_APPROVER", "Inventory"]

_Cost = Money | Decimal | int | str


def _currency(value: str) -> str:
    return Money.zero(value).currency


def _removal(value: RemovalPolicy | RemovalMethod | str) -> RemovalPolicy:
    if isinstance(value, RemovalMethod | str):
        return removal_policy(value)
    return value


@attrs.define(eq=False, on_setattr=attrs.setters.NO_OP)
class Inventory(RequisitionDesk):
    """An organisation's consumables: items, storerooms, stock, lots and requisitions.

    Attributes:
        currency: The currency every cost is kept in.
        removal: The default removal order: ``"fifo"`` (oldest lot first, the default),
            ``"fefo"`` (first to expire first) or any :class:`RemovalPolicy`.
        adjustments: Which stocktake adjustments need an approval reference.
        negative_stock: Whether an issue may go beyond the stock, at a provisional cost
            corrected when stock arrives (by default never: ``InsufficientStock``).
        requisition_approval: Who decides on requisitions (by default: a person, always).
        ids: Mints requisition ids.
        default_location: Where stock goes when no location is named.
    """

    currency: str = attrs.field(converter=_currency)
    removal: RemovalPolicy = attrs.field(factory=FirstInFirstOut, converter=_removal)
    adjustments: AdjustmentApprovalPolicy = NO_ADJUSTMENT_APPROVAL
    negative_stock: NegativeStockPolicy = FORBID_NEGATIVE_STOCK
    requisition_approval: RequisitionApprovalPolicy = attrs.field(factory=SimpleRequisitionApproval)
    ids: IdGenerator = attrs.field(factory=SequentialIds)
    default_location: Location = attrs.field(
        factory=lambda: Location("MAIN", name="Main storeroom")
    )
    _locations: dict[str, Location] = attrs.field(factory=dict, init=False)
    _ledgers: dict[str, StockLedger] = attrs.field(factory=dict, init=False)
    _requisitions: dict[str, Requisition] = attrs.field(factory=dict, init=False)

    def __attrs_post_init__(self) -> None:
        self._locations[self.default_location.id.value] = self.default_location

    # -- catalogue ------------------------------------------------------------------------------

    def add_location(self, location: Location | LocationId | str) -> Location:
        """Add a storeroom, warehouse or cabinet.

        Raises:
            DuplicateItem: A location with that id exists.
        """
        place = location if isinstance(location, Location) else Location(location)
        if place.id.value in self._locations:
            raise DuplicateItem("location", place.id)
        self._locations[place.id.value] = place
        return place

    def add_item(
        self, item: Item, *, removal: RemovalPolicy | RemovalMethod | str | None = None
    ) -> StockLedger:
        """Start keeping ``item``; ``removal`` overrides the default order (e.g. FEFO for masks).

        Returns:
            The item's new, empty stock ledger.

        Raises:
            DuplicateItem: An item with that SKU exists.
        """
        if item.sku in self._ledgers:
            raise DuplicateItem("item", item.sku)
        order = self.removal if removal is None else _removal(removal)
        negative = (
            None if isinstance(self.negative_stock, ForbidNegativeStock) else self.negative_stock
        )
        ledger = StockLedger(item, self.currency, order, self.adjustments, negative)
        self._ledgers[item.sku] = ledger
        return ledger

    # -- movements ------------------------------------------------------------------------------

    def receive(
        self,
        sku: str,
        qty: Amount,
        *,
        at: datetime,
        by: ActorId,
        unit_cost: _Cost | None = None,
        total_cost: _Cost | None = None,
        location: LocationId | str | None = None,
        expires_on: date | None = None,
        supplier: SupplierId | str | None = None,
        purchase_order: str | None = None,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Receive a lot of ``sku`` (see :meth:`StockLedger.receive`)."""
        ledger = self._ledgers.get(sku)
        if ledger is None:
            raise ItemNotFound(sku)
        return ledger.receive(
            self.default_location.id if location is None else self._location_id(location),
            qty,
            at=at,
            by=by,
            unit_cost=unit_cost,
            total_cost=total_cost,
            expires_on=expires_on,
            supplier=supplier,
            purchase_order=purchase_order,
            recorded_at=recorded_at,
        )

    def issue(
        self,
        sku: str,
        qty: Amount,
        *,
        at: datetime,
        by: ActorId,
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
        ledger = self._ledgers.get(sku)
        if ledger is None:
            raise ItemNotFound(sku)
        return ledger.issue(
            self.default_location.id if location is None else self._location_id(location),
            qty,
            at=at,
            by=by,
            to=to,
            charge_to=charge_to,
            handed_back=handed_back,
            recorded_at=recorded_at,
        )

    def return_to_stock(
        self,
        issued: StockMovement,
        qty: Amount | None = None,
        *,
        at: datetime,
        by: ActorId,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Put (part of) an issue back on the shelf at the cost it left with."""
        return self.ledger(issued.sku).return_to_stock(
            issued, qty, at=at, by=by, recorded_at=recorded_at
        )

    def transfer(
        self,
        sku: str,
        qty: Amount,
        *,
        from_location: LocationId | str,
        to_location: LocationId | str,
        at: datetime,
        by: ActorId,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Move stock between locations; lots keep their cost and dates."""
        return self.ledger(sku).transfer(
            self._location_id(from_location),
            self._location_id(to_location),
            qty,
            at=at,
            by=by,
            recorded_at=recorded_at,
        )

    def count(
        self,
        sku: str,
        counted: Amount,
        *,
        at: datetime,
        by: ActorId,
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
            by=by,
            unit_cost=unit_cost,
            approval=approval,
            recorded_at=recorded_at,
        )

    def write_off(
        self,
        sku: str,
        qty: Amount | None = None,
        *,
        reason: WriteOffReason | str,
        at: datetime,
        by: ActorId,
        location: LocationId | str | None = None,
        lot: int | None = None,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Write stock off: expired, damaged or lost."""
        return self.ledger(sku).write_off(
            self._where(location),
            qty,
            reason=reason,
            at=at,
            by=by,
            lot=lot,
            recorded_at=recorded_at,
        )

    def write_off_expired(self, *, at: datetime, by: ActorId) -> list[StockMovement]:
        """Write off every expired lot of every item at every location."""
        return [
            ledger.write_off(place, reason=WriteOffReason.EXPIRED, at=at, by=by)
            for ledger in self._ledgers.values()
            for place in ledger.locations()
            if ledger.expired(place, at=at).value
        ]

    def collect_events(self) -> list[DomainEvent]:
        """The events every ledger and requisition recorded since the last call."""
        events: list[DomainEvent] = []
        for ledger in self._ledgers.values():
            events.extend(ledger.collect_events())
        for requisition in self._requisitions.values():
            events.extend(requisition.collect_events())
        return events
