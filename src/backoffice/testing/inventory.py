"""Hypothesis strategies for inventory rules: items, quantities, unit costs, stock plans.

Example:
    >>> from hypothesis import given
    >>> from backoffice.testing.inventory import stock_plans
    >>> @given(stock_plans())
    ... def test_value_is_conserved(plan):
    ...     ...  # record the plan's receipts and issues, then compare the totals

:func:`reports` reads everything a storeroom answers into one comparable value, so a test can
check that a storeroom restored from its events is the one it was.

A *stock plan* is a list of steps ``("receive", qty, unit_cost)`` and ``("issue", qty)`` in
time order whose issues never take more than is on hand, so every step of it can be recorded
under the default policy.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias

from hypothesis import strategies as st

from backoffice.domain.inventory.items import Item
from backoffice.values.money import Money
from backoffice.values.period import Period

if TYPE_CHECKING:
    from backoffice.services.inventory import Inventory

__all__ = [
    "PlanStep",
    "instants",
    "items",
    "quantities",
    "reports",
    "skus",
    "stock_plans",
    "unit_costs",
]

#: ``("receive", qty, unit_cost)`` or ``("issue", qty, None)``.
PlanStep: TypeAlias = tuple[str, Decimal, Money | None]

_START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def skus() -> st.SearchStrategy[str]:
    return st.from_regex(r"[A-Z]{2,4}-[0-9]{2,3}", fullmatch=True)


def quantities(
    *, max_value: int = 100, places: int = 0, min_value: int = 1
) -> st.SearchStrategy[Decimal]:
    """Positive quantities with up to ``places`` decimals (0: whole units)."""
    return st.integers(min_value * 10**places, max_value * 10**places).map(
        lambda units: Decimal(units).scaleb(-places)
    )


def unit_costs(
    currency: str = "CNY", *, max_value: int = 500, places: int = 2
) -> st.SearchStrategy[Money]:
    """Non-negative unit costs with up to ``places`` decimals (4 gives 0.3550-style costs)."""
    return st.integers(0, max_value * 10**places).map(
        lambda units: Money(Decimal(units).scaleb(-places), currency)
    )


@st.composite
def items(draw: st.DrawFn, *, trade_in: bool | None = None) -> Item:
    """Items with random replenishment settings and, sometimes, a shelf life."""
    reorder_point = draw(st.none() | st.integers(0, 50))
    reorder_quantity = draw(st.none() | st.integers(1, 100))
    max_level = None
    if reorder_point is not None and draw(st.booleans()):
        max_level = reorder_point + draw(st.integers(0, 100))
    return Item(
        sku=draw(skus()),
        name=draw(st.sampled_from(["A4 paper", "masks", "hand soap", "sandbags", "pump seal"])),
        unit=draw(st.sampled_from(["ream", "box", "bottle", "bag", "piece"])),
        shelf_life=draw(st.none() | st.integers(1, 720)),
        reorder_point=reorder_point,
        reorder_quantity=reorder_quantity,
        max_level=max_level,
        trade_in=draw(st.booleans()) if trade_in is None else trade_in,
    )


def instants(
    start: datetime = _START, *, step: timedelta = timedelta(hours=1)
) -> st.SearchStrategy[datetime]:
    """Aware instants on a grid of ``step`` within a year after ``start``."""
    steps = int(timedelta(days=365) / step)
    return st.integers(0, steps).map(lambda n: start + n * step)


@st.composite
def stock_plans(
    draw: st.DrawFn,
    *,
    max_steps: int = 30,
    currency: str = "CNY",
    max_quantity: int = 50,
    cost_places: int = 2,
) -> list[PlanStep]:
    """Receipts and issues in time order, issues never more than what is on hand."""
    steps: list[PlanStep] = []
    on_hand = Decimal(0)
    for _ in range(draw(st.integers(1, max_steps))):
        if on_hand and draw(st.booleans()):
            most = min(on_hand, Decimal(max_quantity)).to_integral_value()
            qty = Decimal(draw(st.integers(1, max(1, int(most)))))
            steps.append(("issue", min(qty, on_hand), None))
            on_hand -= min(qty, on_hand)
        else:
            qty_in = draw(quantities(max_value=max_quantity))
            cost = draw(unit_costs(currency, places=cost_places))
            steps.append(("receive", qty_in, cost))
            on_hand += qty_in
    return steps


def reports(inventory: Inventory, *, at: datetime | None = None) -> dict[str, Any]:
    """Everything ``inventory`` reports, as one value two storerooms can be compared by.

    Items and locations, and per item: its movements as they stand, open lots, on hand,
    reserved, available and value per location, its version; per requisition: its state,
    what is fulfilled and outstanding, who approved it, its version. With ``at``: lots
    expiring within 30 days, reorder suggestions, consumption and turnover over the year up
    to ``at``.
    """
    items: dict[str, Any] = {}
    for item in inventory.items():
        ledger = inventory.ledger(item.sku)
        places = sorted(ledger.locations())
        items[item.sku] = {
            "item": item,
            "order": ledger.order,
            "version": ledger.version,
            "movements": ledger.movements(),
            "lots": ledger.lots(),
            "value": inventory.value(item.sku),
            "per location": [
                (
                    place,
                    ledger.on_hand(place),
                    ledger.reserved(place),
                    ledger.available(place, at=at),
                    ledger.value(place),
                )
                for place in places
            ],
        }
    found: dict[str, Any] = {
        "currency": inventory.currency,
        "locations": inventory.locations(),
        "items": items,
        "value": inventory.value(),
        "requisitions": [
            (
                r.id,
                r.status,
                r.requester,
                r.department,
                r.location,
                r.lines,
                r.note,
                r.approved_by,
                r.fulfilled(),
                r.outstanding(),
                r.version,
            )
            for r in inventory.requisitions()
        ],
        "problems": inventory.check_invariants(),
    }
    if at is not None:
        year = Period(date(at.year - 1, at.month, 1), at.date())
        found["expiring"] = inventory.expiring(30, at=at)
        found["reorder"] = inventory.reorder_suggestions(at=at)
        found["consumption"] = inventory.consumption(year)
        found["turnover"] = [inventory.turnover(sku, year) for sku in items]
    return found
