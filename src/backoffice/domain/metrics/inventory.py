"""Inventory metrics: stockouts, shrinkage, expiry write-offs, consumption and turnover.

Computed from an item's stock movements (``ledger.movements()``, the storeroom's records) and,
for requisitions, from their events, over a period of dates:

* ``stockouts``: issues that could not be served from the shelf: issued short (beyond the usable
  lots, under a negative-stock policy: the movement's ``provisional`` quantity), out of all
  issues; ``stockout_rate`` the share. An issue *refused* for want of
  stock records nothing (a refused command changes nothing), so count those where you catch
  :class:`~backoffice.domain.inventory.InsufficientStock` and pass them as ``refused``;
* ``shrinkage_value`` (盘亏): the cost of what stocktakes found missing, over the counts;
* ``expiry_write_off_value`` (过期报损): the cost of stock written off as expired, over the
  write-offs; ``write_off_value`` all write-offs;
* consumption per department (:func:`consumption_by_department`) and turnover
  (:func:`turnover_figure`) reuse the storeroom reports.

Requisitions served only in part, or referred for want of stock, are counted by
:func:`requisition_stockouts` from the requisitions' events.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from backoffice.domain.events import DomainEvent
from backoffice.domain.inventory.movements import MovementKind, StockMovement, WriteOffReason
from backoffice.domain.inventory.reports import consumption, turnover
from backoffice.domain.inventory.requisitions import RequisitionFulfilled, RequisitionSubmitted
from backoffice.domain.metrics.figures import Figure, rate
from backoffice.values import DepartmentId, Money, Period

__all__ = [
    "consumption_by_department",
    "requisition_stockouts",
    "stock_figures",
    "turnover_figure",
]

_ZERO = Decimal(0)


def stock_figures(
    movements: Iterable[StockMovement], period: Period, currency: str, *, refused: int = 0
) -> dict[str, Figure[Any]]:
    """Stockouts, shrinkage and write-offs of the movements dated within ``period``.

    Args:
        movements: Stock movements (of one item or many, in one currency).
        period: The dates reported on (a movement's date is its effective time's date).
        currency: The currency of the values.
        refused: Issues refused for want of stock, counted by the caller (see the module).
    """
    issues = short = counts = write_offs = expiries = 0
    shrinkage = written_off = expired = _ZERO
    for movement in movements:
        if movement.at.date() not in period:
            continue
        kind = movement.kind
        if kind is MovementKind.ISSUE:
            issues += 1
            provisional = movement.provisional
            short += provisional is not None and provisional.value > 0
        elif kind is MovementKind.COUNT:
            counts += 1
            change = movement.value_change
            shrinkage += -change if change < 0 else _ZERO
        elif kind is MovementKind.WRITE_OFF:
            write_offs += 1
            written_off += movement.amount
            if movement.reason is WriteOffReason.EXPIRED:
                expiries += 1
                expired += movement.amount
    stockouts = short + refused
    return {
        "stockouts": Figure(stockouts, issues + refused),
        "stockout_rate": rate(stockouts, issues + refused),
        "shrinkage_value": Figure(Money(shrinkage, currency), counts),
        "write_off_value": Figure(Money(written_off, currency), write_offs),
        "expiry_write_off_value": Figure(Money(expired, currency), expiries),
    }


def consumption_by_department(
    movements: Iterable[StockMovement], period: Period, currency: str
) -> dict[DepartmentId | None, Figure[Money]]:
    """What each department consumed over ``period``, at cost, over its issues and returns."""
    kept = [m for m in movements if m.kind in (MovementKind.ISSUE, MovementKind.RETURN)]
    counts: dict[DepartmentId | None, int] = {}
    for movement in kept:
        if movement.at.date() in period:
            counts[movement.department] = counts.get(movement.department, 0) + 1
    totals: dict[DepartmentId | None, Money] = {}
    for row in consumption(kept, period):
        totals[row.department] = totals.get(row.department, Money(_ZERO, currency)) + row.cost
    return {dept: Figure(total, counts.get(dept, 0)) for dept, total in totals.items()}


def turnover_figure(
    sku: str, movements: Iterable[StockMovement], period: Period, currency: str
) -> Figure[Decimal]:
    """An item's stock turns over ``period`` (consumed cost / average value).

    The figure rests on the item's movements up to the end of the period.
    """
    kept = [m for m in movements if m.at.date() <= period.end]
    return Figure(turnover(sku, kept, period, currency).turns, len(kept))


def requisition_stockouts(events: Iterable[DomainEvent], period: Period) -> Figure[int]:
    """Requisitions submitted in ``period`` that were served only in part at some hand-out."""
    submitted: set[str] = set()
    short: set[str] = set()
    for event in events:
        if isinstance(event, RequisitionSubmitted) and event.occurred_at.date() in period:
            submitted.add(event.aggregate_id)
        elif isinstance(event, RequisitionFulfilled) and not event.complete:
            short.add(event.aggregate_id)
    return Figure(len(short & submitted), len(submitted))
