"""What each kind of movement does to the stock, and how to take it back exactly.

For every kind of movement there are three functions:

* **apply** carries the movement out: it checks that the stock allows it, then draws lots (in
  removal order, or the lot or expired lots a write-off names) and returns the finished record.
  ``fresh=True`` is a new command (all checks, including reservations and approvals);
  ``fresh=False`` re-runs a recorded movement after a backdated one and recomputes its draws.
* **undo** takes a finished movement back, putting every unit and every cent where it was.
* **reapply** puts a finished movement back exactly as recorded, without recomputing.

Stock that arrives (a receipt, a count surplus, a return, a transfer in) first covers issues
made beyond the stock under a negative-stock policy (see
:mod:`~backoffice.domain.inventory.shortfalls`); undo and reapply take that back and redo it.

Undo and reapply are exact inverses, so the book can step back over the movements after a
backdated one, insert it, and re-run them, in time proportional to the movements re-run.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING, Final

from backoffice.domain.inventory import rows
from backoffice.domain.inventory.errors import (
    AdjustmentApprovalRequired,
    InsufficientStock,
    IssueStillProvisional,
    LotNotFound,
    ReturnExceedsIssue,
)
from backoffice.domain.inventory.movements import MovementKind, WriteOffReason
from backoffice.domain.inventory.open_lots import LOT_REMAINING
from backoffice.domain.inventory.position import StockPosition
from backoffice.domain.inventory.rows import (
    AMOUNT,
    AT,
    CURRENCY,
    DESTINATION,
    DRAWN_AMOUNT,
    DRAWN_QTY,
    DRAWS,
    LOCATION,
    LOT,
    NUMBER,
    ORIGIN,
    QTY,
    REASON,
    REFERENCE,
    REQUISITION,
    RETURNED_FROM,
    SETTLED,
    SHORT,
    SKU,
    UNIT,
    UNIT_AMOUNT,
    VARIANCE,
    Row,
)
from backoffice.domain.inventory.shortfalls import cover, issue_short, recover, uncover
from backoffice.values.money import Money
from backoffice.values.quantity import Quantity

if TYPE_CHECKING:
    from backoffice.domain.inventory.book import StockBook

__all__ = ["APPLY", "REAPPLY", "UNDO", "finished"]

_ZERO = Decimal(0)


def finished(rec: Row, draws: tuple[Row, ...], amount: Decimal) -> Row:
    """``rec`` with its draws and cost; ``rec`` itself when they are unchanged."""
    if amount == rec[AMOUNT] and draws == rec[DRAWS]:
        return rec
    return rows.replace(rec, draws=draws, amount=amount)


def _short(rec: Row, qty: Decimal, available: Decimal) -> InsufficientStock:
    unit = rec[UNIT]
    return InsufficientStock(
        rec[SKU], rec[LOCATION], Quantity(qty, unit), Quantity(available, unit)
    )


def _source(book: StockBook, rec: Row) -> StockPosition:
    """The position stock is taken from.

    A location never stocked has nothing to give, and a command that fails does not create it.
    """
    position = book.positions.get(rec[LOCATION])
    if position is None:
        raise _short(rec, rec[QTY], _ZERO)
    return position


def _put_back(position: StockPosition, draws: tuple[Row, ...]) -> None:
    for draw in reversed(draws):
        position.put(draw[ORIGIN], draw[DRAWN_QTY], draw[DRAWN_AMOUNT])


def _take_again(position: StockPosition, draws: tuple[Row, ...]) -> None:
    for draw in draws:
        position.remove(draw[ORIGIN], draw[DRAWN_QTY], draw[DRAWN_AMOUNT])


def _put_all(position: StockPosition, draws: tuple[Row, ...]) -> None:
    for draw in draws:
        position.put(draw[ORIGIN], draw[DRAWN_QTY], draw[DRAWN_AMOUNT])


# -- receipts ------------------------------------------------------------------------------------


def _apply_receipt(book: StockBook, rec: Row, fresh: bool) -> Row:
    position = book.position(rec[LOCATION])
    position.put(rec, rec[QTY], rec[AMOUNT])
    return cover(book, position, rec)


def _undo_receipt(book: StockBook, rec: Row) -> None:
    position = book.position(rec[LOCATION])
    if rec[SETTLED]:
        uncover(book, position, rec)
    position.remove(rec, rec[QTY], rec[AMOUNT])


def _reapply_receipt(book: StockBook, rec: Row) -> None:
    position = book.position(rec[LOCATION])
    position.put(rec, rec[QTY], rec[AMOUNT])
    if rec[SETTLED]:
        recover(book, position, rec)


# -- issues --------------------------------------------------------------------------------------


def _apply_issue(book: StockBook, rec: Row, fresh: bool) -> Row:
    position = book.positions.get(rec[LOCATION])
    if position is None:
        return issue_short(book, None, rec, _ZERO, None)
    today = rec[AT].date() if position.has_expiring_lots() else None
    qty = rec[QTY]
    requisition = rec[REQUISITION]
    if fresh:
        if requisition is not None:
            promised = position.reservations.get(requisition, _ZERO)
            if qty > promised:
                raise _short(rec, qty, promised)
        available = position.free(today, requisition)
    else:
        available = position.usable(today)
    if qty > available:
        return issue_short(book, position, rec, available, today)
    draws, amount = position.draw(qty, today)
    if requisition is not None:
        position.release(requisition, qty)
    if rec[SHORT] is not None:  # short when first recorded, no longer after a backdated receipt
        rec = rows.replace(rec, short=None, unit_amount=None)
    return finished(rec, draws, amount)


def _undo_issue(book: StockBook, rec: Row) -> None:
    position = book.position(rec[LOCATION])
    if rec[SHORT] is not None:
        position.undo_short(rec[NUMBER], rec[SHORT], rec[UNIT_AMOUNT])
    _put_back(position, rec[DRAWS])
    if rec[REQUISITION] is not None:
        position.reserve(rec[REQUISITION], rec[QTY])


def _reapply_issue(book: StockBook, rec: Row) -> None:
    position = book.position(rec[LOCATION])
    _take_again(position, rec[DRAWS])
    if rec[SHORT] is not None:
        position.go_short(rec[NUMBER], rec[SHORT], rec[UNIT_AMOUNT])
    if rec[REQUISITION] is not None:
        position.release(rec[REQUISITION], rec[QTY])


# -- write-offs ----------------------------------------------------------------------------------


def _apply_write_off(book: StockBook, rec: Row, fresh: bool) -> Row:
    position = _source(book, rec)
    today = rec[AT].date()
    qty = rec[QTY]
    if rec[LOT] is not None:
        lot = position.find_lot(rec[LOT])
        if lot is None:
            raise LotNotFound(rec[SKU], rec[LOT], rec[LOCATION])
        if qty > lot[LOT_REMAINING]:
            raise _short(rec, qty, lot[LOT_REMAINING])
        draws, amount = position.draw_lot(lot, qty)
    elif rec[REASON] == WriteOffReason.EXPIRED:
        expired = position.expired(today)
        if qty > expired:
            raise _short(rec, qty, expired)
        draws, amount = position.draw_expired(qty, today)
    else:
        usable = position.usable(today)
        if qty > usable:
            raise _short(rec, qty, usable)
        draws, amount = position.draw(qty, today)
    return finished(rec, draws, amount)


def _undo_write_off(book: StockBook, rec: Row) -> None:
    _put_back(book.position(rec[LOCATION]), rec[DRAWS])


def _reapply_write_off(book: StockBook, rec: Row) -> None:
    _take_again(book.position(rec[LOCATION]), rec[DRAWS])


# -- transfers -----------------------------------------------------------------------------------


def _apply_transfer(book: StockBook, rec: Row, fresh: bool) -> Row:
    source = _source(book, rec)
    today = rec[AT].date() if source.has_expiring_lots() else None
    available = source.free(today) if fresh else source.usable(today)
    if rec[QTY] > available:
        raise _short(rec, rec[QTY], available)
    draws, amount = source.draw(rec[QTY], today)
    destination = book.position(rec[DESTINATION])
    _put_all(destination, draws)
    return cover(book, destination, finished(rec, draws, amount))


def _undo_transfer(book: StockBook, rec: Row) -> None:
    destination = book.position(rec[DESTINATION])
    if rec[SETTLED]:
        uncover(book, destination, rec)
    _take_again(destination, rec[DRAWS])
    _put_back(book.position(rec[LOCATION]), rec[DRAWS])


def _reapply_transfer(book: StockBook, rec: Row) -> None:
    _take_again(book.position(rec[LOCATION]), rec[DRAWS])
    destination = book.position(rec[DESTINATION])
    _put_all(destination, rec[DRAWS])
    if rec[SETTLED]:
        recover(book, destination, rec)


# -- returns -------------------------------------------------------------------------------------


def _cost_of_first(draw: Row, units: Decimal, minor: Decimal) -> Decimal:
    """Cost of the first ``units`` of ``draw``: exact, and all of it for all units."""
    if units == draw[DRAWN_QTY]:
        return draw[DRAWN_AMOUNT]  # type: ignore[no-any-return]
    unit_cost = draw[ORIGIN][UNIT_AMOUNT]
    if unit_cost is not None:
        return unit_cost * units  # type: ignore[no-any-return]
    share = draw[DRAWN_AMOUNT] * units / draw[DRAWN_QTY]
    return share.quantize(minor, rounding=ROUND_HALF_EVEN)  # type: ignore[no-any-return]


def _returned_parts(issue: Row, already: Decimal, qty: Decimal, minor: Decimal) -> tuple[Row, ...]:
    """The lots and costs ``qty`` returned units come back with.

    They are the issue's draws, last lot first, after the ``already`` units returned earlier;
    the cost of each part is the difference of the cost of the first units of its draw, so
    all returns of a draw add up to exactly what it cost.
    """
    parts: list[Row] = []
    skip, need = already, qty
    for draw in reversed(issue[DRAWS]):
        drawn = draw[DRAWN_QTY]
        if skip >= drawn:
            skip -= drawn
            continue
        done, skip = skip, _ZERO
        take = min(drawn - done, need)
        cost = _cost_of_first(draw, done + take, minor) - _cost_of_first(draw, done, minor)
        parts.append((draw[ORIGIN], take, cost))
        need -= take
        if not need:
            break
    return tuple(parts)


def _apply_return(book: StockBook, rec: Row, fresh: bool) -> Row:
    number = rec[RETURNED_FROM]
    issue = book.records[number - 1]
    already = book.returned.get(number, _ZERO)
    if issue[SHORT] is not None:
        raise IssueStillProvisional(rec[SKU], number, Quantity(issue[SHORT], rec[UNIT]))
    if rec[QTY] > issue[QTY] - already:
        unit = rec[UNIT]
        raise ReturnExceedsIssue(
            number, Quantity(issue[QTY], unit), Quantity(already, unit), Quantity(rec[QTY], unit)
        )
    parts = _returned_parts(issue, already, rec[QTY], book.minor)
    position = book.position(rec[LOCATION])
    _put_all(position, parts)
    book.returned[number] = already + rec[QTY]
    cost = sum((part[DRAWN_AMOUNT] for part in parts), _ZERO)
    return cover(book, position, finished(rec, parts, cost))


def _count_return(book: StockBook, rec: Row, qty: Decimal) -> None:
    number = rec[RETURNED_FROM]
    left = book.returned.get(number, _ZERO) + qty
    if left:
        book.returned[number] = left
    else:
        book.returned.pop(number, None)


def _undo_return(book: StockBook, rec: Row) -> None:
    position = book.position(rec[LOCATION])
    if rec[SETTLED]:
        uncover(book, position, rec)
    _take_again(position, rec[DRAWS])
    _count_return(book, rec, -rec[QTY])


def _reapply_return(book: StockBook, rec: Row) -> None:
    position = book.position(rec[LOCATION])
    _put_all(position, rec[DRAWS])
    _count_return(book, rec, rec[QTY])
    if rec[SETTLED]:
        recover(book, position, rec)


# -- stocktakes ----------------------------------------------------------------------------------


def _check_approval(book: StockBook, rec: Row, amount: Decimal) -> None:
    rule = book.adjustments
    if rule is None or rec[REFERENCE] is not None:
        return
    value = Money(amount, rec[CURRENCY])
    if rule.requires_approval(value):
        raise AdjustmentApprovalRequired(rec[SKU], value, rule.limit)


def _counted(rec: Row, variance: Decimal, amount: Decimal, draws: tuple[Row, ...]) -> Row:
    if rec[VARIANCE] == variance and rec[AMOUNT] == amount and rec[DRAWS] == draws:
        return rec
    return rows.replace(rec, qty=abs(variance), variance=variance, amount=amount, draws=draws)


def _apply_count(book: StockBook, rec: Row, fresh: bool) -> Row:
    found = book.positions.get(rec[LOCATION])
    book_qty = _ZERO if found is None else found.on_hand
    variance = rows.counted_variance(rec, book_qty) if fresh else rec[VARIANCE]
    if variance > 0:
        unit_cost = rec[UNIT_AMOUNT] if rec[UNIT_AMOUNT] is not None else _ZERO
        amount = unit_cost * variance
        if fresh:
            _check_approval(book, rec, amount)
        result = _counted(rec, variance, amount, ())
        position = book.position(rec[LOCATION])
        position.put(result, variance, amount)
        return cover(book, position, result)
    position = book.position(rec[LOCATION])
    if variance < 0:
        if -variance > position.on_hand:
            raise _short(rec, -variance, position.on_hand)
        draws, amount = position.draw(-variance, None)
        if fresh:
            try:
                _check_approval(book, rec, amount)
            except AdjustmentApprovalRequired:
                _put_back(position, draws)
                raise
        return _counted(rec, variance, amount, draws)
    return _counted(rec, variance, _ZERO, ())


def _undo_count(book: StockBook, rec: Row) -> None:
    position = book.position(rec[LOCATION])
    if rec[SETTLED]:
        uncover(book, position, rec)
    if rec[VARIANCE] > 0:
        position.remove(rec, rec[QTY], rec[AMOUNT])
    else:
        _put_back(position, rec[DRAWS])


def _reapply_count(book: StockBook, rec: Row) -> None:
    position = book.position(rec[LOCATION])
    if rec[VARIANCE] > 0:
        position.put(rec, rec[QTY], rec[AMOUNT])
        if rec[SETTLED]:
            recover(book, position, rec)
    else:
        _take_again(position, rec[DRAWS])


Apply = Callable[["StockBook", Row, bool], Row]
Step = Callable[["StockBook", Row], None]

#: Carry out a movement (checking it first); see the module docstring.
APPLY: Final[dict[str, Apply]] = {
    MovementKind.RECEIPT: _apply_receipt,
    MovementKind.ISSUE: _apply_issue,
    MovementKind.RETURN: _apply_return,
    MovementKind.TRANSFER: _apply_transfer,
    MovementKind.COUNT: _apply_count,
    MovementKind.WRITE_OFF: _apply_write_off,
}
#: Take a finished movement back exactly.
UNDO: Final[dict[str, Step]] = {
    MovementKind.RECEIPT: _undo_receipt,
    MovementKind.ISSUE: _undo_issue,
    MovementKind.RETURN: _undo_return,
    MovementKind.TRANSFER: _undo_transfer,
    MovementKind.COUNT: _undo_count,
    MovementKind.WRITE_OFF: _undo_write_off,
}
#: Put a finished movement back exactly as recorded.
REAPPLY: Final[dict[str, Step]] = {
    MovementKind.RECEIPT: _reapply_receipt,
    MovementKind.ISSUE: _reapply_issue,
    MovementKind.RETURN: _reapply_return,
    MovementKind.TRANSFER: _reapply_transfer,
    MovementKind.COUNT: _reapply_count,
    MovementKind.WRITE_OFF: _reapply_write_off,
}
