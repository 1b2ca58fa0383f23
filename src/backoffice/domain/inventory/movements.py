"""Stock movements: the ledger's records of every quantity that came in, went out or moved.

Each business action on stock (a receipt, an issue to a department, a return to the shelf, a
transfer between storerooms, a stocktake adjustment, a write-off) is recorded as one
:class:`StockMovement`: who, when (effective time), where, how much, and at what cost, with the
lots it drew from (:class:`LotDraw`). A receipt (or the surplus found by a count) is also the
birth record of a **lot**: its number is the lot's number, its unit cost the lot's cost.

Movements are immutable records in the manner of beancount's ``Transaction``/``Posting``. The
ledger stores each as a plain tuple of plain values (see
:mod:`~backoffice.domain.inventory.rows`); :class:`StockMovement` is its read-only, typed view:
ids come back as ``LocationId``/``ActorId``/..., amounts as :class:`Money`, quantities both as
exact ``Decimal`` (:attr:`~StockMovement.qty`) and as :class:`Quantity`
(:attr:`~StockMovement.quantity`). Fields that do not apply to a kind of movement are ``None``.

When a backdated movement changes what later movements drew, the ledger replaces those records
with re-valued ones; a record you hold keeps the figures it was recorded with.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NoReturn, TypeVar

from backoffice.domain.inventory import rows
from backoffice.domain.inventory.ids import LocationId, RequisitionId
from backoffice.domain.inventory.recipients import TARGET_KINDS, Recipient, RecipientKind, Target
from backoffice.domain.inventory.rows import Row
from backoffice.values.ids import ActorId, DepartmentId, EntityId, SupplierId
from backoffice.values.money import Money
from backoffice.values.quantity import Quantity

__all__ = [
    "TARGET_KINDS",
    "LotDraw",
    "MovementKind",
    "Recipient",
    "RecipientKind",
    "StockMovement",
    "Target",
    "WriteOffReason",
    "view",
]


class MovementKind(enum.StrEnum):
    """The kinds of stock movement (a ``StrEnum``: ``record.kind == MovementKind.ISSUE``)."""

    RECEIPT = "receipt"
    ISSUE = "issue"
    RETURN = "return"
    TRANSFER = "transfer"
    COUNT = "count"
    WRITE_OFF = "write-off"


class WriteOffReason(enum.StrEnum):
    """Why stock was written off (报损)."""

    EXPIRED = "expired"
    DAMAGED = "damaged"
    LOST = "lost"


class _ReadOnly:
    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> NoReturn:
        msg = f"{type(self).__name__} is read-only"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> NoReturn:
        msg = f"{type(self).__name__} is read-only"
        raise AttributeError(msg)


class LotDraw(_ReadOnly):
    """One lot's share of a movement: how many units, at what cost (read-only).

    ``issued.draws`` lists them oldest lot first (under FIFO); :attr:`lot` is the lot's
    number, :attr:`qty` and :attr:`cost` what was taken from it.
    """

    __slots__ = ("_row",)
    _row: Row

    def __init__(self, row: Row) -> None:
        object.__setattr__(self, "_row", row)

    @property
    def origin(self) -> StockMovement:
        """The movement that created the lot (its receipt, or the count that found it)."""
        return view(self._row[rows.ORIGIN])

    @property
    def lot(self) -> int:
        """The lot's number (the number of the movement that created it)."""
        return self._row[rows.ORIGIN][rows.NUMBER]  # type: ignore[no-any-return]

    @property
    def qty(self) -> Decimal:
        """Units drawn from (or given back to) the lot, in the item's unit."""
        return self._row[rows.DRAWN_QTY]  # type: ignore[no-any-return]

    @property
    def quantity(self) -> Quantity:
        """:attr:`qty` as a quantity."""
        return Quantity(self._row[rows.DRAWN_QTY], self._row[rows.ORIGIN][rows.UNIT])

    @property
    def amount(self) -> Decimal:
        """Their cost, exact."""
        return self._row[rows.DRAWN_AMOUNT]  # type: ignore[no-any-return]

    @property
    def cost(self) -> Money:
        """:attr:`amount` as money."""
        return Money(self._row[rows.DRAWN_AMOUNT], self._row[rows.ORIGIN][rows.CURRENCY])

    @property
    def unit_cost(self) -> Money | None:
        """The lot's unit cost, or ``None`` for a lot received at a total cost."""
        return self.origin.unit_cost

    @property
    def received_at(self) -> datetime:
        """When the lot was received (or found)."""
        return self._row[rows.ORIGIN][rows.AT]  # type: ignore[no-any-return]

    @property
    def expires_on(self) -> date | None:
        """The lot's last day of use, if it has one."""
        return self._row[rows.ORIGIN][rows.EXPIRES_ON]  # type: ignore[no-any-return]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LotDraw) and other._row == self._row

    def __hash__(self) -> int:
        return hash(self._row)

    def __repr__(self) -> str:
        return f"LotDraw(lot={self.lot}, qty={self.qty}, cost={self.cost!s})"


class StockMovement(_ReadOnly):
    """One recorded movement of one item (read-only).

    A receipt, issue, return, transfer, count or write-off: who recorded it, when it took
    effect, where, how much, at what exact cost, and from which lots. Every command of the
    ledger returns one; :meth:`StockLedger.movements` lists them.
    """

    __slots__ = ("_row",)
    _row: Row

    def __init__(self, row: Row) -> None:
        object.__setattr__(self, "_row", row)

    @property
    def kind(self) -> MovementKind:
        """Receipt, issue, return, transfer, count or write-off."""
        return MovementKind(self._row[rows.KIND])

    @property
    def number(self) -> int:
        """The movement's number in the item's ledger (1, 2, ...).

        For a receipt, also the number of the lot it created.
        """
        return self._row[rows.NUMBER]  # type: ignore[no-any-return]

    @property
    def sku(self) -> str:
        """The item."""
        return self._row[rows.SKU]  # type: ignore[no-any-return]

    @property
    def location(self) -> LocationId:
        """Where the stock was taken from or put (the source, for a transfer)."""
        return LocationId(self._row[rows.LOCATION])

    @property
    def at(self) -> datetime:
        """When the movement took effect (may be earlier than when it was recorded)."""
        return self._row[rows.AT]  # type: ignore[no-any-return]

    @property
    def actor(self) -> ActorId:
        """Who recorded it."""
        return ActorId(self._row[rows.ACTOR])

    @property
    def qty(self) -> Decimal:
        """Units moved, positive, in the item's unit (for a count, the size of the variance)."""
        return self._row[rows.QTY]  # type: ignore[no-any-return]

    @property
    def quantity(self) -> Quantity:
        """:attr:`qty` as a quantity."""
        return Quantity(self._row[rows.QTY], self._row[rows.UNIT])

    @property
    def amount(self) -> Decimal:
        """The movement's cost, exact, in the inventory's currency."""
        return self._row[rows.AMOUNT]  # type: ignore[no-any-return]

    @property
    def cost(self) -> Money:
        """:attr:`amount` as money: what the movement cost (or brought in, for a receipt)."""
        return Money(self._row[rows.AMOUNT], self._row[rows.CURRENCY])

    @property
    def unit(self) -> str:
        """The item's unit."""
        return self._row[rows.UNIT]  # type: ignore[no-any-return]

    @property
    def currency(self) -> str:
        """The inventory's currency."""
        return self._row[rows.CURRENCY]  # type: ignore[no-any-return]

    @property
    def draws(self) -> tuple[LotDraw, ...]:
        """The lots drawn from, in order, with how many units from each and at what cost.

        Issues, transfers, write-offs and count shortages draw from lots; returns give back to
        them; a receipt and a count surplus create a lot and draw from none.
        """
        return tuple(LotDraw(draw) for draw in self._row[rows.DRAWS])

    @property
    def unit_cost(self) -> Money | None:
        """Receipts and count surpluses: the lot's unit cost (``None`` for a total-cost lot)."""
        row = self._row
        amount = row[rows.UNIT_AMOUNT]
        if amount is None or row[rows.KIND] == MovementKind.ISSUE:
            return None
        return Money(amount, row[rows.CURRENCY])

    @property
    def expires_on(self) -> date | None:
        """Receipts: the lot's last day of use."""
        return self._row[rows.EXPIRES_ON]  # type: ignore[no-any-return]

    @property
    def supplier(self) -> SupplierId | None:
        """Receipts: who supplied the lot."""
        return _typed(SupplierId, self._row[rows.SUPPLIER])

    @property
    def reference(self) -> str | None:
        """Receipts: the purchase order; counts: the approval of the adjustment."""
        return self._row[rows.REFERENCE]  # type: ignore[no-any-return]

    @property
    def recipient(self) -> Recipient | None:
        """Issues (and their returns): who received the stock."""
        to, kind = self._row[rows.TO], self._row[rows.TO_KIND]
        return None if to is None else Recipient(kind, to)

    @property
    def to(self) -> EntityId | None:
        """Issues (and their returns): the department, request or person, as a typed id."""
        recipient = self.recipient
        return None if recipient is None else recipient.as_id()

    @property
    def charge_to(self) -> DepartmentId | None:
        """Issues: the department charged, when given apart from the recipient."""
        return _typed(DepartmentId, self._row[rows.CHARGE_TO])

    @property
    def department(self) -> DepartmentId | None:
        """The department an issue (or its return) is charged to.

        :attr:`charge_to` when given, else the recipient if it is a department; ``None`` when
        no department is known.
        """
        row = self._row
        if row[rows.CHARGE_TO] is not None:
            return DepartmentId(row[rows.CHARGE_TO])
        if row[rows.TO] is not None and row[rows.TO_KIND] == RecipientKind.DEPARTMENT:
            return DepartmentId(row[rows.TO])
        return None

    @property
    def destination(self) -> LocationId | None:
        """Transfers: the receiving location."""
        return _typed(LocationId, self._row[rows.DESTINATION])

    @property
    def returned_from(self) -> int | None:
        """Returns: the number of the issue the stock came back from."""
        return self._row[rows.RETURNED_FROM]  # type: ignore[no-any-return]

    @property
    def reason(self) -> WriteOffReason | None:
        """Write-offs: expired, damaged or lost."""
        reason = self._row[rows.REASON]
        return None if reason is None else WriteOffReason(reason)

    @property
    def lot(self) -> int | None:
        """Write-offs of one named lot: its number."""
        return self._row[rows.LOT]  # type: ignore[no-any-return]

    @property
    def counted(self) -> Quantity | None:
        """Counts: the quantity found on the shelf."""
        return self._quantity(rows.COUNTED)

    @property
    def variance(self) -> Quantity | None:
        """Counts: found minus book (negative: a shortage)."""
        return self._quantity(rows.VARIANCE)

    @property
    def requisition(self) -> RequisitionId | None:
        """Issues fulfilling a requisition: its id."""
        return _typed(RequisitionId, self._row[rows.REQUISITION])

    @property
    def handed_back(self) -> Quantity | None:
        """Issues of old-for-new items: old units handed back."""
        return self._quantity(rows.HANDED_BACK)

    @property
    def provisional(self) -> Quantity | None:
        """Issues beyond the stock (negative-stock policy): units still at a provisional cost.

        ``None`` when every unit came from a lot, or once stock arrived to cover them.
        """
        return self._quantity(rows.SHORT)

    @property
    def provisional_unit_cost(self) -> Money | None:
        """Issues that went beyond the stock: the provisional unit cost of the missing units."""
        row = self._row
        if row[rows.KIND] != MovementKind.ISSUE or row[rows.UNIT_AMOUNT] is None:
            return None
        return Money(row[rows.UNIT_AMOUNT], row[rows.CURRENCY])

    @property
    def covers(self) -> tuple[tuple[int, Quantity], ...]:
        """Stock that arrived while some was issued short: ``(issue number, units)`` it covered."""
        row = self._row
        return tuple(
            (settled[0][rows.NUMBER], Quantity(settled[1], row[rows.UNIT]))
            for settled in row[rows.SETTLED]
        )

    @property
    def recorded_at(self) -> datetime | None:
        """When the movement was recorded, if that differs from :attr:`at`."""
        return self._row[rows.RECORDED_AT]  # type: ignore[no-any-return]

    @property
    def creates_lot(self) -> bool:
        """Whether the movement is a lot's birth record (a receipt or a count surplus)."""
        row = self._row
        lot: bool = row[rows.KIND] == MovementKind.RECEIPT or (
            row[rows.KIND] == MovementKind.COUNT and row[rows.VARIANCE] > 0
        )
        return lot

    @property
    def value_change(self) -> Decimal:
        """What the movement added to (positive) or took from (negative) the stock's value."""
        return rows.value_change(self._row)

    @property
    def quantity_change(self) -> Decimal:
        """What the movement added to (positive) or took from (negative) the item's stock."""
        return rows.quantity_change(self._row)

    def _quantity(self, index: int) -> Quantity | None:
        value = self._row[index]
        return None if value is None else Quantity(value, self._row[rows.UNIT])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StockMovement) and other._row == self._row

    def __hash__(self) -> int:
        return hash(self._row)

    def __repr__(self) -> str:
        row = self._row
        shown = [
            f"{row[rows.KIND]} #{row[rows.NUMBER]}",
            row[rows.SKU],
            f"at {row[rows.AT].isoformat()}",
            f"{row[rows.QTY]} {row[rows.UNIT]} at {row[rows.LOCATION]}",
            f"cost {row[rows.AMOUNT]} {row[rows.CURRENCY]}",
        ]
        shown.extend(
            f"{rows.FIELDS[index]}={row[index]!r}"
            for index in range(rows.UNIT_AMOUNT, rows.SETTLED)
            if row[index] is not None
        )
        if row[rows.DRAWS]:
            lots = ", ".join(
                f"#{d[rows.ORIGIN][rows.NUMBER]}: {d[rows.DRAWN_QTY]}" for d in row[rows.DRAWS]
            )
            shown.append(f"lots {lots}")
        return f"StockMovement({', '.join(shown)})"


_new_object = object.__new__
_set_row: Any = StockMovement.__dict__["_row"].__set__


def view(row: Row) -> StockMovement:
    """The read-only view of a stored movement row (cheaper than ``StockMovement(row)``)."""
    movement: StockMovement = _new_object(StockMovement)
    _set_row(movement, row)
    return movement


IdT = TypeVar("IdT", bound=EntityId)


def _typed(kind: type[IdT], value: str | None) -> IdT | None:
    return None if value is None else kind(value)
