"""Negative stock: issuing beyond the shelf at a provisional cost, corrected when stock arrives.

By default a storeroom never issues what it does not hold (:class:`InsufficientStock`). Some
back offices prefer to hand out the last box of masks on a Friday night and book it on Monday:
an explicit negative-stock policy (:class:`~backoffice.policies.stock.AllowNegativeStock`) lets
an issue take more than the usable lots hold. Then:

1. The issue draws every usable lot first; the units missing are its **shortfall**, costed at
   a **provisional unit cost** the policy gives (by default the unit cost of the latest receipt
   before the issue, else the item's standard cost). On hand goes negative by the shortfall and
   the value on hand by its provisional cost. The issue's record shows both
   (:attr:`~backoffice.domain.inventory.movements.StockMovement.provisional`).
2. The next stock to arrive at that location (a receipt, a count surplus, a return or a
   transfer in) **covers** the shortfalls, oldest issue first, drawing from the lots in removal
   order at their exact cost. Each covered issue is re-valued: its provisional part is replaced
   by the lots that covered it, and the ledger records a
   :class:`~backoffice.domain.inventory.events.StockCostCorrected` (new cost minus provisional
   cost), caused by the movement that brought the stock.

Value is conserved throughout: the provisional cost leaves the stock with the issue, and the
correction moves the difference when the real cost is known. Covering is undone and redone
exactly, so backdated movements and replays treat it like any other effect of a movement.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from backoffice.domain.inventory import rows
from backoffice.domain.inventory.errors import InsufficientStock
from backoffice.domain.inventory.position import StockPosition
from backoffice.domain.inventory.rows import (
    AMOUNT,
    AT,
    DRAWN_AMOUNT,
    DRAWN_QTY,
    DRAWS,
    LOCATION,
    NUMBER,
    ORIGIN,
    QTY,
    REQUISITION,
    SETTLED,
    SHORT,
    SKU,
    UNIT,
    UNIT_AMOUNT,
    Row,
)
from backoffice.values.quantity import Quantity

if TYPE_CHECKING:
    from backoffice.domain.inventory.book import StockBook

__all__ = ["cover", "covered", "issue_short", "recover", "uncover"]

_ZERO = Decimal(0)


def issue_short(
    book: StockBook,
    position: StockPosition | None,
    rec: Row,
    available: Decimal,
    today: date | None,
) -> Row:
    """Issue ``rec`` though only ``available`` units can be drawn: the rest goes short.

    Raises:
        InsufficientStock: The negative-stock rule refuses (the default), or gives no
            provisional cost.
    """
    qty = rec[QTY]
    unit = book.provisional_unit_cost(rec)
    if unit is None:
        raise InsufficientStock(
            rec[SKU], rec[LOCATION], Quantity(qty, rec[UNIT]), Quantity(available, rec[UNIT])
        )
    if position is None:
        position = book.position(rec[LOCATION])
    take = max(available, _ZERO)
    draws, amount = position.draw(take, today) if take else ((), _ZERO)
    short = qty - take
    position.go_short(rec[NUMBER], short, unit)
    if rec[REQUISITION] is not None:
        position.release(rec[REQUISITION], qty)
    amount += short * unit
    return rows.replace(rec, draws=draws, amount=amount, short=short, unit_amount=unit)


def covered(issue: Row, draws: tuple[Row, ...], qty: Decimal, cost: Decimal) -> Row:
    """``issue`` with ``qty`` units of its shortfall covered by ``draws`` costing ``cost``."""
    left = issue[SHORT] - qty
    return rows.replace(
        issue,
        draws=issue[DRAWS] + draws,
        short=left if left else None,
        amount=issue[AMOUNT] - qty * issue[UNIT_AMOUNT] + cost,
    )


def cover(book: StockBook, position: StockPosition, rec: Row) -> Row:
    """Cover the position's shortfalls with the lots ``rec`` just brought; ``rec`` noting it.

    Returns ``rec`` itself when nothing was short (the common case) and it covered nothing
    before (a movement re-run after a backdated one is covered afresh).
    """
    if not position.short:
        return rows.replace(rec, settled=()) if rec[SETTLED] else rec
    today = rec[AT].date()
    room = position.drawable(today)
    settled: list[Row] = []
    while room > 0 and position.short:
        number, short, _ = next(position.shortfalls())
        qty = min(short, room)
        draws, cost = position.draw(qty, today)
        position.cover(qty)
        before = book.records[number - 1]
        book.replace(covered(before, draws, qty, cost))
        settled.append((before, qty, draws, cost))
        room -= qty
    return rows.replace(rec, settled=tuple(settled)) if settled or rec[SETTLED] else rec


def uncover(book: StockBook, position: StockPosition, rec: Row) -> None:
    """Take back what ``rec`` covered: the shortfalls reopen, the lots get their units back."""
    for before, qty, draws, _ in reversed(rec[SETTLED]):
        position.uncover(before[NUMBER], qty, before[UNIT_AMOUNT])
        for draw in reversed(draws):
            position.put(draw[ORIGIN], draw[DRAWN_QTY], draw[DRAWN_AMOUNT])
        book.replace(before)


def recover(book: StockBook, position: StockPosition, rec: Row) -> None:
    """Cover again exactly what ``rec`` covered when it was recorded."""
    for before, qty, draws, cost in rec[SETTLED]:
        for draw in draws:
            position.remove(draw[ORIGIN], draw[DRAWN_QTY], draw[DRAWN_AMOUNT])
        position.cover(qty)
        book.replace(covered(before, draws, qty, cost))
