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
recorded inline, here. The other commands live with their concern and the ledger is built of
them: :mod:`~backoffice.domain.inventory.adjustments` (returns, transfers, stocktakes,
write-offs), :mod:`~backoffice.domain.inventory.reservations`,
:mod:`~backoffice.domain.inventory.ledger_queries`, on the shared recording machinery of
:mod:`~backoffice.domain.inventory.recording`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from backoffice.domain.events import EventLog
from backoffice.domain.inventory import inputs
from backoffice.domain.inventory.adjustments import StockAdjustments
from backoffice.domain.inventory.book import StockBook
from backoffice.domain.inventory.errors import InsufficientStock
from backoffice.domain.inventory.ids import LocationId, RequisitionId
from backoffice.domain.inventory.items import Item
from backoffice.domain.inventory.journal import Journal
from backoffice.domain.inventory.ledger_queries import LedgerQueries
from backoffice.domain.inventory.movements import (
    TARGET_KINDS,
    MovementKind,
    StockMovement,
    Target,
    view,
)
from backoffice.domain.inventory.position import StockPosition
from backoffice.domain.inventory.recording import Amount, Cost, Pending
from backoffice.domain.inventory.reservations import StockReservations
from backoffice.domain.inventory.rows import Row
from backoffice.domain.inventory.rules import AdjustmentRule, LotOrder, NegativeStockRule
from backoffice.errors import ValidationError
from backoffice.values.ids import ActorId, DepartmentId, SupplierId
from backoffice.values.instant import ensure_aware
from backoffice.values.money import MAX_MAGNITUDE, Money

__all__ = ["StockLedger"]

_ZERO = Decimal(0)
_MAX = MAX_MAGNITUDE
_RECEIPT = MovementKind.RECEIPT.value
_ISSUE = MovementKind.ISSUE.value


def _currency(value: str) -> str:
    return Money.zero(value).currency


def _check_room(position: StockPosition | None, qty: Decimal, amount: Decimal) -> None:
    """Raise :class:`AmountOutOfRange` if a receipt would reach the maximum magnitude.

    That is: the lot's cost, or the location's stock or value with the lot.
    """
    if amount >= _MAX:
        inputs.within_limit(amount, "cost")
    if position is not None and (position.on_hand + qty >= _MAX or position.value + amount >= _MAX):
        inputs.within_limit(position.on_hand + qty, "on hand")
        inputs.within_limit(position.value + amount, "value on hand")


@attrs.define(eq=False, on_setattr=attrs.setters.NO_OP)
class StockLedger(StockReservations, StockAdjustments, LedgerQueries):
    """One item's stock at every location, its lots and its movements.

    Attributes:
        item: The item.
        currency: The currency every cost is kept in.
        order: The removal order of lots (FIFO, FEFO, ...).
        adjustments: Which stocktake adjustments need an approval reference (``None``: none).
        negative: Whether issues may go beyond the stock, at what provisional cost
            (``None``: never; see :mod:`~backoffice.domain.inventory.shortfalls`).

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
    negative: NegativeStockRule | None = None
    _book: StockBook = attrs.field(init=False)
    _inputs: inputs.Inputs = attrs.field(init=False)
    _last_at: datetime | None = attrs.field(default=None, init=False)
    _pending: list[Pending] = attrs.field(factory=list, init=False)
    _events: EventLog = attrs.field(factory=EventLog, init=False)
    _journal: Journal | None = attrs.field(default=None, init=False)

    def __attrs_post_init__(self) -> None:
        minor = Money.zero(self.currency).minor_unit
        self._book = StockBook(self.item.sku, self.order, minor, self.adjustments, self.negative)
        self._inputs = inputs.Inputs(
            self.item.sku, self.item.unit, self.currency, trade_in=self.item.trade_in
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StockLedger) and other.item.sku == self.item.sku

    def __hash__(self) -> int:
        return hash((StockLedger, self.item.sku))

    # -- receipts and issues: the hot path ------------------------------------------------------

    def receive(
        self,
        location: LocationId | str,
        qty: Amount,
        *,
        at: datetime,
        by: ActorId,
        unit_cost: Cost | None = None,
        total_cost: Cost | None = None,
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
        if type(qty) is not Decimal or not qty.is_finite() or not 0 < qty < _MAX:
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
        stocked = book.positions.get(place)
        _check_room(stocked, qty, amount)
        rec = (
            _RECEIPT, len(book.records) + 1, self.item.sku, place, at, by.value, qty, amount,
            self.item.unit, self.currency, (), unit_amount, expires_on, supplier_id,
            purchase_order, None, None, None, None, None, None, None, None, None, None, None,
            recorded_at, None, (),
        )  # fmt: skip
        if backdated:
            return self._record(rec, backdated=True)
        position = stocked or book.position(place)
        if position.short:  # it covers issues made beyond the stock first
            return self._record(rec, backdated=False)
        position.put(rec, qty, amount)
        book.append(rec)
        self._pending.append(rec)
        self._last_at = at
        return view(rec)

    def issue(
        self,
        location: LocationId | str,
        qty: Amount,
        *,
        at: datetime,
        by: ActorId,
        to: Target | None = None,
        charge_to: DepartmentId | str | None = None,
        requisition: RequisitionId | None = None,
        handed_back: Amount | None = None,
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
            InsufficientStock: Not enough usable, unreserved stock (expired lots never count),
                and no negative-stock rule lets the issue go beyond it. With one, the missing
                units are issued at a provisional cost (:attr:`~StockMovement.provisional`),
                corrected when stock arrives.
            TradeInRequired: An old-for-new item without enough old units handed back.
            MovementBeforeStocktake: Backdated before the location's latest count.
        """
        if type(qty) is not Decimal or not qty.is_finite() or not 0 < qty < _MAX:
            qty = self._inputs.positive(qty)
        backdated = self._is_backdated(at)
        if type(by) is not ActorId:
            inputs.check_actor(by)
        place = location.value if type(location) is LocationId else inputs.location(location).value
        to_id = to_kind = None
        if to is not None:
            to_kind = TARGET_KINDS.get(type(to))
            if to_kind is None or (type(to) is str and not to.strip()):
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
                if book.negative is None:
                    raise InsufficientStock(
                        self.sku, place, self._q(qty), self._q(max(position.on_hand, _ZERO))
                    )
                simple = False  # partly beyond the stock: the negative-stock rule decides
            else:
                draws, amount = position.draw(qty, None)
        rec = (
            _ISSUE, len(book.records) + 1, self.item.sku, place, at, by.value, qty, amount,
            self.item.unit, self.currency, draws, None, None, None, None, to_id, to_kind,
            charge, None, None, None, None, None, None, wanted_for, back, recorded_at, None, (),
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
        qty: Amount,
        *,
        at: datetime,
        by: ActorId,
        to: Target | None = None,
        charge_to: DepartmentId | str | None = None,
        requisition: RequisitionId | None = None,
        handed_back: Amount | None = None,
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
