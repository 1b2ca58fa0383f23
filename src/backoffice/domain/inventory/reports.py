"""Storeroom reports: what to reorder, who consumed what, how fast stock turns.

* **Reorder suggestions** (补货建议): an item whose stock not yet promised to requisitions has
  fallen to its reorder point or below gets a suggested order: up to its max level (min/max),
  or whole reorder quantities until it is back above the reorder point, or, with neither set,
  back up to the reorder point.
* **Consumption** (部门领用): what each department took, per item, over a period: issues charged
  to it, less what came back, at cost.
* **Turnover** (周转): the cost of what was consumed over a period against the average value on
  hand, as turns and as days of stock.

Periods are calendar dates; a movement belongs to the day of its effective time, in the time
zone it was recorded with.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Decimal

import attrs

from backoffice.domain.inventory.items import Item
from backoffice.domain.inventory.movements import MovementKind, StockMovement
from backoffice.values.ids import DepartmentId
from backoffice.values.money import Money
from backoffice.values.period import Period
from backoffice.values.quantity import Quantity

__all__ = [
    "Consumption",
    "ReorderSuggestion",
    "Turnover",
    "consumption",
    "reorder_suggestion",
    "turnover",
]

_ZERO = Decimal(0)
_TWO_PLACES = Decimal("0.01")


@attrs.frozen
class ReorderSuggestion:
    """An item to reorder, and how much.

    Attributes:
        sku: The item.
        name: Its name.
        on_hand: Units on the shelf.
        reserved: Units promised to requisitions.
        position: On hand less reserved: what the reorder point is compared with.
        reorder_point: The item's reorder point.
        suggested: How much to order.
    """

    sku: str
    name: str
    on_hand: Quantity
    reserved: Quantity
    position: Quantity
    reorder_point: Quantity
    suggested: Quantity


def reorder_suggestion(
    item: Item, on_hand: Quantity, reserved: Quantity
) -> ReorderSuggestion | None:
    """The reorder suggestion for ``item``, or ``None`` when it is above its reorder point.

    Example:
        >>> paper = Item(sku="A4-80", name="A4 paper", unit="ream", reorder_point=20,
        ...              reorder_quantity=50)
        >>> reorder_suggestion(paper, Quantity(12, "ream"), Quantity(0, "ream")).suggested
        Quantity('50', 'ream')
    """
    point = item.reorder_point
    if point is None:
        return None
    position = on_hand.value - reserved.value
    if position > point:
        return None
    if item.max_level is not None:
        amount = item.max_level - position
    elif item.reorder_quantity is not None:
        batches = ((point - position) / item.reorder_quantity).to_integral_value(ROUND_CEILING)
        amount = max(batches, Decimal(1)) * item.reorder_quantity
        if position + amount <= point:
            amount += item.reorder_quantity
    else:
        amount = point - position
    unit = item.unit
    return ReorderSuggestion(
        sku=item.sku,
        name=item.name,
        on_hand=on_hand,
        reserved=reserved,
        position=Quantity(position, unit),
        reorder_point=Quantity(point, unit),
        suggested=Quantity(max(amount, _ZERO), unit),
    )


@attrs.frozen
class Consumption:
    """What a department consumed of an item over a period.

    Attributes:
        department: The department (``None``: issues to requests or people with no department
            charged).
        sku: The item.
        quantity: Units issued, less units returned.
        cost: Their cost, less the cost of what was returned.
    """

    department: DepartmentId | None
    sku: str
    quantity: Quantity
    cost: Money


_CONSUMED = {MovementKind.ISSUE: 1, MovementKind.RETURN: -1}


def consumption(movements: Iterable[StockMovement], period: Period) -> list[Consumption]:
    """Consumption per department and item over ``period``, largest cost first."""
    totals: dict[tuple[DepartmentId | None, str], tuple[Decimal, Decimal, str, str]] = {}
    for movement in movements:
        sign = _CONSUMED.get(movement.kind)
        if sign is None or movement.at.date() not in period:
            continue
        key = (movement.department, movement.sku)
        qty, amount, _, _ = totals.get(key, (_ZERO, _ZERO, "", ""))
        totals[key] = (
            qty + sign * movement.qty,
            amount + sign * movement.amount,
            movement.unit,
            movement.currency,
        )
    rows = [
        Consumption(department, sku, Quantity(qty, unit), Money(amount, currency))
        for (department, sku), (qty, amount, unit, currency) in totals.items()
    ]
    return sorted(rows, key=lambda row: (-row.cost.amount, row.sku, str(row.department)))


@attrs.frozen
class Turnover:
    """How fast an item's stock turned over a period.

    Attributes:
        sku: The item.
        period: The period.
        consumed: Cost of what was issued, less returns.
        opening_value: Value on hand before the period's first day.
        closing_value: Value on hand at the end of its last day.
        average_value: The mean of the two.
        turns: ``consumed / average_value`` to two places (``None`` when nothing was held).
        days_of_stock: The period's days divided by the turns (``None`` without turns).
    """

    sku: str
    period: Period
    consumed: Money
    opening_value: Money
    closing_value: Money
    average_value: Money
    turns: Decimal | None
    days_of_stock: Decimal | None


def turnover(
    sku: str, movements: Iterable[StockMovement], period: Period, currency: str
) -> Turnover:
    """The turnover of one item's stock over ``period``."""
    opening = closing = consumed = _ZERO
    for movement in movements:
        day = movement.at.date()
        if day > period.end:
            continue
        change = movement.value_change
        closing += change
        if day < period.start:
            opening += change
        else:
            consumed += _CONSUMED.get(movement.kind, 0) * movement.amount
    average = (opening + closing) / 2
    turns = None
    days = None
    if average > 0:
        turns = (consumed / average).quantize(_TWO_PLACES, rounding=ROUND_HALF_EVEN)
        if turns > 0:
            days = (Decimal(period.days) / turns).quantize(_TWO_PLACES, rounding=ROUND_HALF_EVEN)
    return Turnover(
        sku=sku,
        period=period,
        consumed=Money(consumed, currency),
        opening_value=Money(opening, currency),
        closing_value=Money(closing, currency),
        average_value=Money(average, currency).rounded(),
        turns=turns,
        days_of_stock=days,
    )
