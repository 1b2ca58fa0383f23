"""The inventory service: storerooms, items, stock movements and requisitions in one place.

:class:`Inventory` is what an embedding system or a scenario script calls. It keeps the item
catalogue and the stock locations, one :class:`~backoffice.domain.inventory.ledger.StockLedger`
per item, and the requisitions, and it wires in the policies: the removal order (FIFO by
default, FEFO per item), the stocktake adjustment threshold and the requisition approval policy.
Every command passes straight to the item's ledger (so recording stays fast); requisitions,
which span several items, are checked on every ledger before any of them changes.

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

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Final

import attrs

from backoffice.domain.events import DomainEvent
from backoffice.domain.inventory.errors import (
    DuplicateItem,
    InsufficientStock,
    ItemNotFound,
    LocationNotFound,
    RequisitionNotFound,
)
from backoffice.domain.inventory.ids import LocationId, RequisitionId
from backoffice.domain.inventory.items import Item, Location
from backoffice.domain.inventory.ledger import StockLedger
from backoffice.domain.inventory.lots import Lot
from backoffice.domain.inventory.movements import StockMovement, Target, WriteOffReason
from backoffice.domain.inventory.reports import (
    Consumption,
    ReorderSuggestion,
    Turnover,
    consumption,
    reorder_suggestion,
    turnover,
)
from backoffice.domain.inventory.requisitions import (
    Requisition,
    RequisitionLine,
    RequisitionStatus,
)
from backoffice.policies.removal import (
    FirstInFirstOut,
    RemovalMethod,
    RemovalPolicy,
    removal_policy,
)
from backoffice.policies.requisitions import (
    RequisitionApprovalPolicy,
    RequisitionOutcome,
    SimpleRequisitionApproval,
)
from backoffice.policies.stock import NO_ADJUSTMENT_APPROVAL, AdjustmentApprovalPolicy
from backoffice.values.ids import ActorId, DepartmentId, IdGenerator, SequentialIds, SupplierId
from backoffice.values.money import Money, to_decimal
from backoffice.values.period import Period
from backoffice.values.quantity import Quantity

__all__ = ["AUTO_APPROVER", "Inventory"]

#: The actor recorded on requisitions the approval policy approved or rejected by itself.
AUTO_APPROVER: Final = ActorId("policy:requisition-approval")

_ZERO = Decimal(0)
_Amount = Decimal | int | str | Quantity
_Cost = Money | Decimal | int | str


def _currency(value: str) -> str:
    return Money.zero(value).currency


def _removal(value: RemovalPolicy | RemovalMethod | str) -> RemovalPolicy:
    if isinstance(value, RemovalMethod | str):
        return removal_policy(value)
    return value


@attrs.define(eq=False, on_setattr=attrs.setters.NO_OP)
class Inventory:
    """An organisation's consumables: items, storerooms, stock, lots and requisitions.

    Attributes:
        currency: The currency every cost is kept in.
        removal: The default removal order: ``"fifo"`` (oldest lot first, the default),
            ``"fefo"`` (first to expire first) or any :class:`RemovalPolicy`.
        adjustments: Which stocktake adjustments need an approval reference.
        requisition_approval: Who decides on requisitions (by default: a person, always).
        ids: Mints requisition ids.
        default_location: Where stock goes when no location is named.
    """

    currency: str = attrs.field(converter=_currency)
    removal: RemovalPolicy = attrs.field(factory=FirstInFirstOut, converter=_removal)
    adjustments: AdjustmentApprovalPolicy = NO_ADJUSTMENT_APPROVAL
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

    def location(self, location: LocationId | str) -> Location:
        """The location with that id."""
        found = self._locations.get(str(location))
        if found is None:
            raise LocationNotFound(location)
        return found

    def locations(self) -> list[Location]:
        """Every location, in the order added."""
        return list(self._locations.values())

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
        ledger = StockLedger(item, self.currency, order, self.adjustments)
        self._ledgers[item.sku] = ledger
        return ledger

    def item(self, sku: str) -> Item:
        """The item with that SKU."""
        return self.ledger(sku).item

    def items(self) -> list[Item]:
        """Every item, in the order added."""
        return [ledger.item for ledger in self._ledgers.values()]

    def ledger(self, sku: str) -> StockLedger:
        """The stock ledger of the item with that SKU."""
        ledger = self._ledgers.get(sku)
        if ledger is None:
            raise ItemNotFound(sku)
        return ledger

    # -- movements ------------------------------------------------------------------------------

    def receive(
        self,
        sku: str,
        qty: _Amount,
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
        qty: _Amount,
        *,
        at: datetime,
        by: ActorId,
        to: Target | None = None,
        charge_to: DepartmentId | str | None = None,
        location: LocationId | str | None = None,
        handed_back: _Amount | None = None,
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
        qty: _Amount | None = None,
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
        qty: _Amount,
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
        counted: _Amount,
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
        qty: _Amount | None = None,
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

    # -- requisitions ---------------------------------------------------------------------------

    def submit_requisition(
        self,
        lines: Mapping[str, _Amount],
        *,
        requester: ActorId,
        department: DepartmentId | str,
        at: datetime,
        location: LocationId | str | None = None,
        note: str = "",
    ) -> Requisition:
        """Submit a requisition and let the approval policy decide on it.

        An approved requisition has its stock reserved at once. A requisition the policy
        approves but that cannot be reserved in full, or that the policy refers, waits for
        :meth:`approve_requisition` or :meth:`reject_requisition`.

        Args:
            lines: Quantity wanted per SKU.
            requester: Who asks.
            department: The department it is for.
            at: When it was submitted.
            location: The storeroom to serve it from.
            note: The requester's note.
        """
        wanted = [RequisitionLine(sku, self._quantity(sku, qty)) for sku, qty in lines.items()]
        requisition = Requisition.submit(
            self.ids.new(RequisitionId),
            requester=requester,
            department=department
            if isinstance(department, DepartmentId)
            else DepartmentId(department),
            location=self._where(location),
            lines=wanted,
            at=at,
            note=note,
        )
        self._requisitions[requisition.id.value] = requisition
        decision = self.requisition_approval.decide(
            requisition, estimated_cost=self.estimated_cost(requisition)
        )
        _DECIDE[decision.outcome](self, requisition, at, decision.reason)
        return requisition

    def approve_requisition(
        self,
        requisition: RequisitionId | str,
        *,
        by: ActorId,
        at: datetime,
        reference: str | None = None,
    ) -> Requisition:
        """Approve a waiting requisition and reserve its stock.

        Raises:
            InvalidTransition: It is not waiting, or ``by`` is the requester.
            InsufficientStock: A line cannot be reserved (nothing is reserved then).
        """
        found = self.requisition(requisition)
        self._approve(found, by=by, at=at, reference=reference, automatic=False)
        return found

    def reject_requisition(
        self, requisition: RequisitionId | str, *, by: ActorId, at: datetime, reason: str
    ) -> Requisition:
        """Turn a waiting requisition down."""
        found = self.requisition(requisition)
        found.reject(by=by, at=at, reason=reason)
        return found

    def fulfil_requisition(
        self,
        requisition: RequisitionId | str,
        *,
        by: ActorId,
        at: datetime,
        quantities: Mapping[str, _Amount] | None = None,
        handed_back: Mapping[str, _Amount] | None = None,
    ) -> list[StockMovement]:
        """Hand out (part of) an approved requisition: one issue per line, to its department.

        Every line is checked on its ledger first; if one cannot be issued, none is.

        Args:
            requisition: Which one.
            by: The storekeeper.
            at: When.
            quantities: How much per SKU; everything outstanding when omitted.
            handed_back: Old units handed back per SKU, for old-for-new items.

        Returns:
            The issues, line by line.
        """
        found = self.requisition(requisition)
        if quantities is None:
            amounts = {sku: q.value for sku, q in found.outstanding().items() if q.value}
        else:
            amounts = {sku: self._quantity(sku, qty).value for sku, qty in quantities.items()}
        found.check_fulfilment(amounts)
        returned_old = dict(handed_back or {})
        for sku, qty in amounts.items():
            self.ledger(sku).check_issue(
                found.location,
                qty,
                at=at,
                by=by,
                to=found.department,
                requisition=found.id,
                handed_back=returned_old.get(sku),
            )
        issues = [
            self.ledger(sku).issue(
                found.location,
                qty,
                at=at,
                by=by,
                to=found.department,
                requisition=found.id,
                handed_back=returned_old.get(sku),
            )
            for sku, qty in amounts.items()
        ]
        found.record_fulfilment(amounts, movements=[issue.number for issue in issues], by=by, at=at)
        return issues

    def cancel_requisition(
        self, requisition: RequisitionId | str, *, by: ActorId, at: datetime, reason: str = ""
    ) -> Requisition:
        """Cancel what is not handed out yet and free its reservation."""
        found = self.requisition(requisition)
        if found.is_open and found.status is not RequisitionStatus.SUBMITTED:
            for sku, outstanding in found.outstanding().items():
                if outstanding.value:
                    self.ledger(sku).release(
                        found.location, requisition=found.id, at=at, by=by, qty=outstanding
                    )
        found.cancel(by=by, at=at, reason=reason)
        return found

    def requisition(self, requisition: RequisitionId | str) -> Requisition:
        """The requisition with that id."""
        found = self._requisitions.get(str(requisition))
        if found is None:
            raise RequisitionNotFound(requisition)
        return found

    def requisitions(self, status: RequisitionStatus | None = None) -> list[Requisition]:
        """Every requisition (with ``status``, if given), oldest first."""
        return [r for r in self._requisitions.values() if status is None or r.status is status]

    def estimated_cost(self, requisition: Requisition) -> Money:
        """What a requisition's outstanding lines would cost at the items' average cost now."""
        total = _ZERO
        for sku, wanted in requisition.outstanding().items():
            ledger = self.ledger(sku)
            on_hand = ledger.on_hand(requisition.location).value
            if on_hand:
                total += ledger.value(requisition.location).amount * wanted.value / on_hand
        return Money(total, self.currency).rounded(ROUND_HALF_EVEN)

    # -- queries --------------------------------------------------------------------------------

    def on_hand(self, sku: str, location: LocationId | str | None = None) -> Quantity:
        """Units of ``sku`` on the shelf (all locations unless one is named)."""
        return self.ledger(sku).on_hand(location)

    def reserved(self, sku: str, location: LocationId | str | None = None) -> Quantity:
        """Units of ``sku`` promised to approved requisitions."""
        return self.ledger(sku).reserved(location)

    def available(
        self, sku: str, location: LocationId | str | None = None, *, at: datetime | None = None
    ) -> Quantity:
        """Units of ``sku`` that can be issued (less reserved, less expired by ``at``)."""
        return self.ledger(sku).available(location, at=at)

    def value(self, sku: str | None = None, location: LocationId | str | None = None) -> Money:
        """Value on hand of one item, or of the whole inventory."""
        ledgers = self._ledgers.values() if sku is None else [self.ledger(sku)]
        return sum((ledger.value(location) for ledger in ledgers), Money.zero(self.currency))

    def lots(self, sku: str | None = None, location: LocationId | str | None = None) -> list[Lot]:
        """Open lots of one item or all, per location in removal order."""
        ledgers = self._ledgers.values() if sku is None else [self.ledger(sku)]
        return [lot for ledger in ledgers for lot in ledger.lots(location)]

    def expiring(self, within_days: int, *, at: datetime) -> list[Lot]:
        """Lots expiring within ``within_days`` days of ``at``, soonest first.

        Lots already expired are included: they are the first to write off.
        """
        found = [lot for lot in self.lots() if lot.expires_within(within_days, at)]
        return sorted(found, key=lambda lot: (lot.expires_on or date.max, lot.sku, lot.number))

    def reorder_suggestions(self) -> list[ReorderSuggestion]:
        """Items at or below their reorder point, with how much to order."""
        suggestions = (
            reorder_suggestion(ledger.item, ledger.on_hand(), ledger.reserved())
            for ledger in self._ledgers.values()
        )
        return [s for s in suggestions if s is not None]

    def consumption(self, period: Period, *, sku: str | None = None) -> list[Consumption]:
        """What each department consumed over ``period``, per item, largest first."""
        ledgers = self._ledgers.values() if sku is None else [self.ledger(sku)]
        return consumption((m for ledger in ledgers for m in ledger.movements()), period)

    def turnover(self, sku: str, period: Period) -> Turnover:
        """How fast ``sku`` turned over ``period``."""
        return turnover(sku, self.ledger(sku).movements(), period, self.currency)

    def movements(self, sku: str) -> list[StockMovement]:
        """Every movement of ``sku`` as it stands now, in effective order."""
        return self.ledger(sku).movements()

    def collect_events(self) -> list[DomainEvent]:
        """The events every ledger and requisition recorded since the last call."""
        events: list[DomainEvent] = []
        for ledger in self._ledgers.values():
            events.extend(ledger.collect_events())
        for requisition in self._requisitions.values():
            events.extend(requisition.collect_events())
        return events

    def check_invariants(self) -> list[str]:
        """Problems with any ledger's bookkeeping (an empty list when all is well)."""
        return [
            f"{ledger.sku}: {problem}"
            for ledger in self._ledgers.values()
            for problem in ledger.check_invariants()
        ]

    # -- internals ------------------------------------------------------------------------------

    def _location_id(self, location: LocationId | str) -> LocationId:
        found = self._locations.get(
            location.value if isinstance(location, LocationId) else location
        )
        if found is None:
            raise LocationNotFound(location)
        return found.id

    def _where(self, location: LocationId | str | None) -> LocationId:
        return self.default_location.id if location is None else self._location_id(location)

    def _quantity(self, sku: str, qty: _Amount) -> Quantity:
        unit = self.item(sku).unit
        if isinstance(qty, Quantity):
            return qty
        return Quantity(to_decimal(qty, field="qty"), unit)

    def _approve(
        self,
        requisition: Requisition,
        *,
        by: ActorId,
        at: datetime,
        reference: str | None,
        automatic: bool,
    ) -> None:
        requisition.check_can_approve(by, automatic=automatic)
        place = requisition.location
        for line in requisition.lines:
            free = self.ledger(line.sku).available(place, at=at)
            if line.quantity.value > free.value:
                raise InsufficientStock(line.sku, place, line.quantity, free)
        for line in requisition.lines:
            self.ledger(line.sku).reserve(
                place, line.quantity, requisition=requisition.id, at=at, by=by
            )
        requisition.approve(by=by, at=at, reference=reference, automatic=automatic)

    def _auto_approve(self, requisition: Requisition, at: datetime, reason: str) -> None:
        try:
            self._approve(requisition, by=AUTO_APPROVER, at=at, reference=None, automatic=True)
        except InsufficientStock:
            return  # approved in principle, but not in stock: it waits for a person

    def _auto_reject(self, requisition: Requisition, at: datetime, reason: str) -> None:
        requisition.reject(by=AUTO_APPROVER, at=at, reason=reason, automatic=True)

    def _refer(self, requisition: Requisition, at: datetime, reason: str) -> None:
        return  # a person decides with approve_requisition or reject_requisition


#: What the service does with each outcome of the approval policy.
_DECIDE: Final[
    dict[RequisitionOutcome, Callable[[Inventory, Requisition, datetime, str], None]]
] = {
    RequisitionOutcome.APPROVE: Inventory._auto_approve,
    RequisitionOutcome.REJECT: Inventory._auto_reject,
    RequisitionOutcome.REFER: Inventory._refer,
}
