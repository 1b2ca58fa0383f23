"""The stock ledger: one item's stock, lots and movements (库存台账).

A :class:`StockLedger` is the aggregate for one item. Every change of stock goes through one of
its commands, named as the storeroom says them: :meth:`~StockLedger.receive`,
:meth:`~StockLedger.issue`, :meth:`~StockLedger.return_to_stock`,
:meth:`~StockLedger.transfer`, :meth:`~StockLedger.count` (stocktake) and
:meth:`~StockLedger.write_off`; approved requisitions :meth:`~StockLedger.reserve` stock.

Each command checks everything first (enough usable, unreserved stock; never an expired lot;
an approval for a large adjustment), then changes the stock, then records one movement and its
event, so a command that raises has changed nothing. Issues draw lots in the removal order the
injected :class:`~backoffice.domain.inventory.rules.LotOrder` gives (FIFO or FEFO, see
:mod:`backoffice.policies.removal`), at their exact cost.

Movements carry their effective time ``at``. One dated before movements already recorded is
*backdated*: the ledger re-runs only the movements after it and records a
:class:`~backoffice.domain.inventory.events.StockCostCorrected` for each whose cost changed.

Receipts and issues are the hot path (hundreds of thousands a second): they are checked and
recorded inline, and their events are built when collected.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import partial

import attrs

from backoffice.domain.events import DomainEvent, EventLog
from backoffice.domain.inventory import inputs, rows
from backoffice.domain.inventory.book import StockBook
from backoffice.domain.inventory.errors import InsufficientStock, LotNotFound, MovementNotFound
from backoffice.domain.inventory.events import (
    StockCostCorrected,
    StockReservationReleased,
    StockReserved,
    movement_event,
)
from backoffice.domain.inventory.ids import LocationId, RequisitionId
from backoffice.domain.inventory.items import Item
from backoffice.domain.inventory.lots import Lot
from backoffice.domain.inventory.movements import (
    TARGET_KINDS,
    MovementKind,
    StockMovement,
    Target,
    WriteOffReason,
    view,
)
from backoffice.domain.inventory.position import StockPosition
from backoffice.domain.inventory.rows import AT, KIND, LOCATION, QTY, Row
from backoffice.domain.inventory.rules import AdjustmentRule, LotOrder
from backoffice.errors import ValidationError
from backoffice.values.ids import ActorId, DepartmentId, SupplierId
from backoffice.values.instant import ensure_aware
from backoffice.values.money import Money
from backoffice.values.quantity import Quantity

__all__ = ["StockLedger"]

_ZERO = Decimal(0)
_RECEIPT = MovementKind.RECEIPT.value
_ISSUE = MovementKind.ISSUE.value
#: A pending event: a movement row (its event is built when collected) or an event factory.
_Pending = Row | Callable[..., DomainEvent]
_Amount = Decimal | int | str | Quantity
_Cost = Money | Decimal | int | str


def _currency(value: str) -> str:
    return Money.zero(value).currency


@attrs.define(eq=False, on_setattr=attrs.setters.NO_OP)
class StockLedger:
    """One item's stock at every location, its lots and its movements.

    Attributes:
        item: The item.
        currency: The currency every cost is kept in.
        order: The removal order of lots (FIFO, FEFO, ...).
        adjustments: Which stocktake adjustments need an approval reference (``None``: none).

    Example:
        >>> from datetime import datetime, timezone
        >>> from backoffice.policies.removal import FirstInFirstOut
        >>> ledger = StockLedger(Item(sku="A4-80", name="A4 paper", unit="ream"), "CNY",
        ...                      FirstInFirstOut())
        >>> t = datetime(2025, 3, 3, 9, tzinfo=timezone.utc)
        >>> main, clerk = LocationId("MAIN"), ActorId("clerk-wang")
        >>> _ = ledger.receive(main, 100, unit_cost=Money("21.50", "CNY"), at=t, by=clerk)
        >>> ledger.issue(main, 30, at=t, by=clerk, to="finance").cost
        Money('645.00', 'CNY')
    """

    item: Item
    currency: str = attrs.field(converter=_currency)
    order: LotOrder
    adjustments: AdjustmentRule | None = None
    _book: StockBook = attrs.field(init=False)
    _inputs: inputs.Inputs = attrs.field(init=False)
    _last_at: datetime | None = attrs.field(default=None, init=False)
    _pending: list[_Pending] = attrs.field(factory=list, init=False)
    _events: EventLog = attrs.field(factory=EventLog, init=False)

    def __attrs_post_init__(self) -> None:
        minor = Money.zero(self.currency).minor_unit
        self._book = StockBook(self.item.sku, self.order, minor, self.adjustments)
        self._inputs = inputs.Inputs(
            self.item.sku, self.item.unit, self.currency, trade_in=self.item.trade_in
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StockLedger) and other.item.sku == self.item.sku

    def __hash__(self) -> int:
        return hash((StockLedger, self.item.sku))

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

    # -- receipts and issues: the hot path ------------------------------------------------------

    def receive(
        self,
        location: LocationId | str,
        qty: _Amount,
        *,
        at: datetime,
        by: ActorId,
        unit_cost: _Cost | None = None,
        total_cost: _Cost | None = None,
        expires_on: date | None = None,
        supplier: SupplierId | str | None = None,
        purchase_order: str | None = None,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Receive a lot (入库).

        Args:
            location: Where it is put.
            qty: How many units, in the item's unit.
            at: When it was received (effective time; may be backdated).
            by: Who received it.
            unit_cost: Cost of one unit; or give ``total_cost`` for the whole lot instead.
            total_cost: Cost of the whole lot, split exactly when the lot is drawn.
            expires_on: The lot's last day of use; defaults to the receipt date plus the
                item's shelf life, if it has one.
            supplier: Who supplied it.
            purchase_order: The purchase order it came on.
            recorded_at: When it was recorded, if not at ``at``.

        Returns:
            The receipt, which is also the lot's birth record (its number is the lot's).

        Raises:
            ValidationError: A quantity that is not positive, a negative or missing cost, a
                naive time, ...
            CurrencyMismatch: A cost in another currency than the ledger's.
            MovementBeforeStocktake: Backdated before the location's latest count.
        """
        if type(qty) is not Decimal or not qty.is_finite() or qty <= 0:
            qty = self._inputs.positive(qty)
        if (
            type(unit_cost) is Money
            and total_cost is None
            and unit_cost.currency == self.currency
            and unit_cost.amount >= 0
        ):
            unit_amount: Decimal | None = unit_cost.amount
            amount = unit_cost.amount * qty
        else:
            cost, amount = self._inputs.lot_cost(unit_cost, total_cost, qty)
            unit_amount = None if cost is None else cost.amount
        backdated = self._is_backdated(at)
        if type(by) is not ActorId:
            inputs.check_actor(by)
        place = location.value if type(location) is LocationId else inputs.location(location).value
        if expires_on is None:
            if self.item.shelf_life is not None:
                expires_on = (at + self.item.shelf_life).date()
        elif type(expires_on) is not date:
            expires_on = inputs.expiry(expires_on)
        supplier_id = None if supplier is None else inputs.supplier(supplier).value
        if purchase_order is not None and not isinstance(purchase_order, str):
            raise ValidationError("purchase_order must be text", field="purchase_order")
        if recorded_at is not None:
            ensure_aware(recorded_at, "recorded_at")
        book = self._book
        rec = (
            _RECEIPT, len(book.records) + 1, self.item.sku, place, at, by.value, qty, amount,
            self.item.unit, self.currency, (), unit_amount, expires_on, supplier_id,
            purchase_order, None, None, None, None, None, None, None, None, None, None, None,
            recorded_at,
        )  # fmt: skip
        if backdated:
            return self._record(rec, backdated=True)
        (book.positions.get(place) or book.position(place)).put(rec, qty, amount)
        book.append(rec)
        self._pending.append(rec)
        self._last_at = at
        return view(rec)

    def issue(
        self,
        location: LocationId | str,
        qty: _Amount,
        *,
        at: datetime,
        by: ActorId,
        to: Target | None = None,
        charge_to: DepartmentId | str | None = None,
        requisition: RequisitionId | None = None,
        handed_back: _Amount | None = None,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Issue stock (出库 / 领用), oldest usable lot first under FIFO.

        Args:
            location: Where it is taken from.
            qty: How many units.
            at: When (effective time; may be backdated).
            by: Who issued it.
            to: A department (``DepartmentId``, or its name as ``str``), a service request
                (``RequestId``) or a person (``ActorId``).
            charge_to: The department charged, when ``to`` is not a department.
            requisition: The approved requisition this fulfils; its reserved stock is used.
            handed_back: Old units handed back, for items issued old-for-new (以旧换新).
            recorded_at: When it was recorded, if not at ``at``.

        Returns:
            The issue: :attr:`~StockMovement.cost` is its exact cost and
            :attr:`~StockMovement.draws` the lots it took, how many from each, at what cost.

        Raises:
            InsufficientStock: Not enough usable, unreserved stock (expired lots never count).
            TradeInRequired: An old-for-new item without enough old units handed back.
            MovementBeforeStocktake: Backdated before the location's latest count.
        """
        if type(qty) is not Decimal or not qty.is_finite() or qty <= 0:
            qty = self._inputs.positive(qty)
        backdated = self._is_backdated(at)
        if type(by) is not ActorId:
            inputs.check_actor(by)
        place = location.value if type(location) is LocationId else inputs.location(location).value
        to_id = to_kind = None
        if to is not None:
            to_kind = TARGET_KINDS.get(type(to))
            if to_kind is None:
                recipient = inputs.recipient(to)
                to_id, to_kind = recipient.id, recipient.kind.value
            else:
                to_id = str(to)
        charge = None if charge_to is None else inputs.department(charge_to).value
        back = None
        if handed_back is not None or self.item.trade_in:
            back = self._inputs.handed_back(qty, handed_back)
        wanted_for = None if requisition is None else inputs.requisition(requisition).value
        if recorded_at is not None:
            ensure_aware(recorded_at, "recorded_at")
        book = self._book
        position = book.positions.get(place)
        # The common case is done inline: nothing reserved, no lot with an expiry date, not
        # backdated; then usable == free == on hand, exactly as effects._apply_issue checks.
        simple = (
            not backdated
            and wanted_for is None
            and position is not None
            and not position.reserved
            and not position.has_expiring_lots()
        )
        draws: tuple[Row, ...] = ()
        amount = _ZERO
        if simple and position is not None:
            if qty > position.on_hand:
                raise InsufficientStock(self.sku, place, self._q(qty), self._q(position.on_hand))
            draws, amount = position.draw(qty, None)
        rec = (
            _ISSUE, len(book.records) + 1, self.item.sku, place, at, by.value, qty, amount,
            self.item.unit, self.currency, draws, None, None, None, None, to_id, to_kind,
            charge, None, None, None, None, None, None, wanted_for, back, recorded_at,
        )  # fmt: skip
        if not simple:
            return self._record(rec, backdated=backdated)
        book.append(rec)
        self._pending.append(rec)
        self._last_at = at
        return view(rec)

    def check_issue(
        self,
        location: LocationId | str,
        qty: _Amount,
        *,
        at: datetime,
        by: ActorId,
        to: Target | None = None,
        charge_to: DepartmentId | str | None = None,
        requisition: RequisitionId | None = None,
        handed_back: _Amount | None = None,
    ) -> StockMovement:
        """Raise what :meth:`issue` would raise, without issuing; return the issue it would make.

        Lets a service check every line of a requisition before issuing any of them.
        """
        recipient = None if to is None else inputs.recipient(to)
        amount = self._inputs.positive(qty)
        draft = self._draft(
            MovementKind.ISSUE,
            location,
            amount,
            at=at,
            by=by,
            recorded_at=None,
            to=None if recipient is None else recipient.id,
            to_kind=None if recipient is None else recipient.kind.value,
            charge_to=None if charge_to is None else inputs.department(charge_to).value,
            requisition=None if requisition is None else inputs.requisition(requisition).value,
            handed_back=(
                self._inputs.handed_back(amount, handed_back)
                if handed_back is not None or self.item.trade_in
                else None
            ),
        )
        return self._record(draft, backdated=self._is_backdated(at), dry_run=True)

    # -- returns, transfers, stocktakes, write-offs ---------------------------------------------

    def return_to_stock(
        self,
        issue: StockMovement | int,
        qty: _Amount | None = None,
        *,
        at: datetime,
        by: ActorId,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Put issued stock back on the shelf, at the cost it left with (退库).

        The units go back into the lots they came from, the last lot drawn first, at the
        location they were issued from.

        Args:
            issue: The issue (or its number) the stock came from.
            qty: How many units; all that has not come back yet when omitted.
            at: When (not before the issue).
            by: Who took it back.
            recorded_at: When it was recorded, if not at ``at``.

        Raises:
            MovementNotFound: ``issue`` is not an issue of this item.
            ReturnExceedsIssue: More than the issue handed out, less earlier returns.
        """
        number = issue.number if isinstance(issue, StockMovement) else issue
        records = self._book.records
        if not isinstance(number, int) or not 0 < number <= len(records):
            raise MovementNotFound(self.sku, number)
        original = records[number - 1]
        if original[KIND] != _ISSUE:
            raise MovementNotFound(self.sku, number)
        if qty is None:
            qty = original[QTY] - self._book.returned.get(number, _ZERO)
        backdated = self._is_backdated(at)
        if at < original[AT]:
            raise ValidationError(
                f"a return cannot take effect ({at.isoformat()}) before its issue "
                f"({original[AT].isoformat()})",
                field="at",
                value=at,
            )
        draft = self._draft(
            MovementKind.RETURN,
            original[LOCATION],
            qty,
            at=at,
            by=by,
            recorded_at=recorded_at,
            to=original[rows.TO],
            to_kind=original[rows.TO_KIND],
            charge_to=original[rows.CHARGE_TO],
            returned_from=number,
        )
        return self._record(draft, backdated=backdated)

    def transfer(
        self,
        location: LocationId | str,
        destination: LocationId | str,
        qty: _Amount,
        *,
        at: datetime,
        by: ActorId,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Move stock to another location (调拨); the lots keep their cost and dates.

        Raises:
            InsufficientStock: Not enough usable, unreserved stock at ``location``.
            ValidationError: ``destination`` is ``location``.
        """
        target = inputs.location(destination)
        backdated = self._is_backdated(at)
        if target == inputs.location(location):
            raise ValidationError(
                "a transfer needs two different locations", field="destination", value=target
            )
        draft = self._draft(
            MovementKind.TRANSFER,
            location,
            qty,
            at=at,
            by=by,
            recorded_at=recorded_at,
            destination=target.value,
        )
        return self._record(draft, backdated=backdated)

    def count(
        self,
        location: LocationId | str,
        counted: _Amount,
        *,
        at: datetime,
        by: ActorId,
        unit_cost: _Cost | None = None,
        approval: str | None = None,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Record a stocktake (盘点) and adjust the book to what was counted.

        A shortage is taken from the lots in removal order (expired ones included); a surplus
        becomes a new lot at ``unit_cost``, by default the unit cost of the latest receipt.
        Movements dated before the count at this location are refused afterwards.

        Args:
            location: The location counted.
            counted: Units found on the shelf.
            at: When the count was taken.
            by: Who counted.
            unit_cost: The cost of one unit of a surplus.
            approval: The reference of the adjustment's approval (needed when the adjustment
                rule says so).
            recorded_at: When it was recorded, if not at ``at``.

        Returns:
            The count; its :attr:`~StockMovement.variance` is found minus book.

        Raises:
            AdjustmentApprovalRequired: The adjustment is worth more than the rule allows
                without an approval, and none was given.
        """
        found = self._inputs.quantity(counted, "counted")
        if found < 0:
            raise ValidationError(f"a count cannot be negative, got {found}", field="counted")
        backdated = self._is_backdated(at)
        if approval is not None and not isinstance(approval, str):
            raise ValidationError("approval must be a text reference", field="approval")
        cost = (
            self._inputs.cost(unit_cost, "unit_cost")
            if unit_cost is not None
            else self._latest_unit_cost(at)
        )
        draft = self._draft(
            MovementKind.COUNT,
            location,
            _ZERO,
            at=at,
            by=by,
            recorded_at=recorded_at,
            counted=found,
            unit_amount=cost.amount,
            reference=approval,
        )
        counted_rec = self._record(draft, backdated=backdated)
        position = self._book.position(draft[LOCATION])
        if position.counted_at is None or position.counted_at < at:
            position.counted_at = at
        return counted_rec

    def write_off(
        self,
        location: LocationId | str,
        qty: _Amount | None = None,
        *,
        reason: WriteOffReason | str,
        at: datetime,
        by: ActorId,
        lot: int | None = None,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Write stock off (报损): expired, damaged or lost.

        Expired stock is taken from the expired lots, earliest expiry first; with ``lot``, from
        that lot; otherwise from the usable lots in removal order.

        Args:
            location: Where the stock is.
            qty: How many units; when omitted, all of ``lot`` or all expired stock now.
            reason: Why.
            at: When.
            by: Who wrote it off.
            lot: The number of one lot to write off from.
            recorded_at: When it was recorded, if not at ``at``.
        """
        try:
            why = WriteOffReason(reason)
        except ValueError:
            raise ValidationError(
                f"reason must be one of {[r.value for r in WriteOffReason]}, got {reason!r}",
                field="reason",
                value=reason,
            ) from None
        place = inputs.location(location)
        backdated = self._is_backdated(at)
        if qty is None:
            qty = self._everything(place, why, lot, at)
        draft = self._draft(
            MovementKind.WRITE_OFF,
            place,
            qty,
            at=at,
            by=by,
            recorded_at=recorded_at,
            reason=why.value,
            lot=lot,
        )
        return self._record(draft, backdated=backdated)

    # -- reservations ---------------------------------------------------------------------------

    def reserve(
        self,
        location: LocationId | str,
        qty: _Amount,
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
        qty: _Amount | None = None,
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
        log = self._events
        for pending in self._pending:
            version = log.next_version
            if isinstance(pending, tuple):
                log.append(movement_event(view(pending), version=version))
            else:
                log.append(pending(version=version))
        self._pending.clear()

    # -- queries --------------------------------------------------------------------------------

    def on_hand(self, location: LocationId | str | None = None) -> Quantity:
        """Units on the shelf (expired ones included), at one location or all."""
        return self._q(sum((p.on_hand for p in self._positions(location)), _ZERO))

    def reserved(self, location: LocationId | str | None = None) -> Quantity:
        """Units promised to approved requisitions."""
        return self._q(sum((p.reserved for p in self._positions(location)), _ZERO))

    def reservation(self, location: LocationId | str, requisition: RequisitionId) -> Quantity:
        """Units at ``location`` promised to ``requisition``."""
        key = inputs.requisition(requisition).value
        return self._q(
            sum((p.reservations.get(key, _ZERO) for p in self._positions(location)), _ZERO)
        )

    def available(
        self, location: LocationId | str | None = None, *, at: datetime | None = None
    ) -> Quantity:
        """Units that can be issued: on hand, less reserved, less expired by ``at`` if given."""
        today = None if at is None else ensure_aware(at).date()
        return self._q(sum((p.free(today) for p in self._positions(location)), _ZERO))

    def expired(self, location: LocationId | str | None = None, *, at: datetime) -> Quantity:
        """Units on hand whose last day of use is before ``at``'s date."""
        today = ensure_aware(at).date()
        return self._q(sum((p.expired(today) for p in self._positions(location)), _ZERO))

    def value(self, location: LocationId | str | None = None) -> Money:
        """What the stock on hand is worth, exactly."""
        return Money(sum((p.value for p in self._positions(location)), _ZERO), self.currency)

    def lots(self, location: LocationId | str | None = None) -> list[Lot]:
        """The open lots, per location in removal order."""
        return [
            Lot.of(lot, position.location)
            for position in self._positions(location)
            for lot in position.open_lots()
        ]

    def locations(self) -> list[LocationId]:
        """The locations that have held the item."""
        return [position.location for position in self._book.positions.values()]

    def movements(self) -> list[StockMovement]:
        """Every movement as it stands now (re-valued ones included), in effective order."""
        return [view(rec) for rec in self._book.log]

    def movement(self, number: int) -> StockMovement:
        """Movement ``number`` as it stands now."""
        if not isinstance(number, int) or not 0 < number <= len(self._book.records):
            raise MovementNotFound(self.sku, number)
        return view(self._book.records[number - 1])

    def returnable(self, issue: StockMovement | int) -> Quantity:
        """Units of an issue that have not come back yet."""
        number = issue.number if isinstance(issue, StockMovement) else issue
        original = self.movement(number)
        return self._q(original.qty - self._book.returned.get(number, _ZERO))

    def check_invariants(self) -> list[str]:
        """Problems with the ledger's bookkeeping (an empty list when all is well)."""
        return self._book.check_invariants()

    # -- internals ------------------------------------------------------------------------------

    def _record(self, draft: Row, *, backdated: bool, dry_run: bool = False) -> StockMovement:
        book = self._book
        if not backdated:
            rec = book.record(draft, dry_run=dry_run)
            if not dry_run:
                self._pending.append(rec)
                self._last_at = rec[AT]
            return view(rec)
        rec, revalued = book.record_backdated(draft, dry_run=dry_run)
        if not dry_run:
            self._pending.append(rec)
            cause = view(rec)
            for before, after in revalued:
                if before[rows.AMOUNT] != after[rows.AMOUNT]:
                    self._pending.append(
                        partial(
                            StockCostCorrected.between, view(before), view(after), caused_by=cause
                        )
                    )
        return view(rec)

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

    def _latest_unit_cost(self, at: datetime) -> Money:
        for rec in reversed(self._book.log):
            if rec[KIND] == _RECEIPT and rec[AT] <= at:
                unit_amount = rec[rows.UNIT_AMOUNT]
                if unit_amount is None:
                    return Money(rec[rows.AMOUNT] / rec[QTY], self.currency).rounded()
                return Money(unit_amount, self.currency)
        return Money.zero(self.currency)

    def _everything(
        self, location: LocationId, reason: WriteOffReason, lot: int | None, at: datetime
    ) -> Decimal:
        position = self._book.positions.get(location.value)
        if position is None:
            raise ValidationError(f"no {self.sku} has ever been kept at {location}", field="qty")
        if lot is not None:
            found = position.find_lot(lot)
            if found is None:
                raise LotNotFound(self.sku, lot, location)
            return found.remaining
        if reason is WriteOffReason.EXPIRED:
            expired = position.expired(ensure_aware(at).date())
            if not expired:
                raise ValidationError(
                    f"nothing of {self.sku} at {location} has expired by {at.date()}",
                    field="qty",
                )
            return expired
        raise ValidationError("say how much is written off", field="qty")
