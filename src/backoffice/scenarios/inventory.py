"""Scenario: a month in the storeroom (库房的一个月), told in the storekeeper's words.

A4 paper arrives in two lots at different prices and is issued first in, first out at its
exact cost; N95 masks with expiry dates leave first-expired-first-out; an engineer's
requisition is approved, reserved and handed out in part; the month-end stocktake finds a
shortage; a delivery from the 2nd, entered late, re-values the issues after it; the storeroom
lists what to reorder, and checks that every yuan received is issued, written off or on the
shelf.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from backoffice.domain.inventory.events import StockCostCorrected
from backoffice.domain.inventory.items import Item
from backoffice.domain.inventory.movements import MovementKind, StockMovement
from backoffice.policies.requisitions import SimpleRequisitionApproval
from backoffice.services.inventory import Inventory
from backoffice.values.ids import ActorId
from backoffice.values.money import Money

__all__ = ["run_inventory_demo"]

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLERK = ActorId("clerk-wang")
ZHANG = ActorId("zhang-san")


def _day(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=SHANGHAI)


def _cny(amount: str) -> Money:
    return Money(amount, "CNY")


def _draws(movement: StockMovement) -> str:
    return " + ".join(
        f"lot #{draw.lot} {draw.qty} x {draw.unit_cost.amount if draw.unit_cost else '-'}"
        for draw in movement.draws
    )


def _conservation(store: Inventory) -> tuple[Money, Money, Money, Money]:
    """Value received (and found), issued (less returns), written off (and lost), on hand."""
    totals = {"in": Decimal(0), "issued": Decimal(0), "out": Decimal(0)}
    for item in store.items():
        for movement in store.movements(item.sku):
            change = movement.value_change
            if movement.kind in (MovementKind.ISSUE, MovementKind.RETURN):
                totals["issued"] -= change
            elif change > 0:
                totals["in"] += change
            else:
                totals["out"] -= change
    return (
        _cny(str(totals["in"])),
        _cny(str(totals["issued"])),
        _cny(str(totals["out"])),
        store.value(),
    )


def _storeroom() -> Inventory:
    store = Inventory(
        currency="CNY",
        requisition_approval=SimpleRequisitionApproval(auto_approve_up_to=_cny("500.00")),
    )
    store.add_item(
        Item(sku="A4-80", name="A4 paper 80 g", unit="ream", reorder_point=40, reorder_quantity=50)
    )
    store.add_item(
        Item(sku="MASK-N95", name="N95 masks", unit="box", reorder_point=10, max_level=30),
        removal="fefo",
    )
    return store


def _lots_and_issues(store: Inventory, out: Callable[[str], None]) -> None:
    out("A4 paper received in two lots")
    first = store.receive("A4-80", 100, unit_cost=_cny("21.50"), at=_day(3), by=CLERK)
    second = store.receive("A4-80", 50, unit_cost=_cny("22.00"), at=_day(5), by=CLERK)
    for lot in (first, second):
        out(f"  lot #{lot.number}  {lot.at:%m-%d}  {lot.quantity} at {lot.unit_cost}")
    finance = store.issue("A4-80", 120, at=_day(6), by=CLERK, to="finance")
    out(f"Issue to finance: {finance.quantity}, oldest lot first")
    out(f"  draws {_draws(finance)}")
    out(f"  cost  {finance.cost} (exact)")

    out("")
    out("N95 masks, first to expire leaves first")
    store.receive("MASK-N95", 10, unit_cost=_cny("45.00"), at=_day(3), by=CLERK,
                  expires_on=date(2026, 12, 31))  # fmt: skip
    store.receive("MASK-N95", 8, unit_cost=_cny("40.00"), at=_day(4), by=CLERK,
                  expires_on=date(2025, 4, 30))  # fmt: skip
    store.receive("MASK-N95", 10, unit_cost=_cny("38.00"), at=_day(6), by=CLERK,
                  expires_on=date(2025, 5, 15))  # fmt: skip
    masks = store.issue("MASK-N95", 12, at=_day(10), by=CLERK, to="security")
    out(f"  issue to security {masks.quantity}: {_draws(masks)} = {masks.cost}")
    for soon in store.expiring(90, at=_day(10)):
        left = f"{soon.remaining} left, {soon.expires_on}"
        out(f"  expiring within 90 days: lot #{soon.number}, {left}")


def run_inventory_demo(out: Callable[[str], None] = print) -> None:
    """Print a month of the storeroom: lots, FIFO/FEFO issues, a requisition, corrections."""
    store = _storeroom()
    out("Storeroom MAIN, March 2025 (FIFO for paper, FEFO for masks; costs in CNY)")
    out("")
    _lots_and_issues(store, out)

    out("")
    out("Requisition (申领) by zhang-san for engineering")
    wanted = store.submit_requisition(
        {"A4-80": 10}, requester=ZHANG, department="engineering", at=_day(11)
    )
    estimate = store.estimated_cost(wanted)
    out(f"  {wanted.id}: 10 ream, estimated {estimate} -> {wanted.status.value}")
    out(f"  reserved {store.reserved('A4-80')}, available {store.available('A4-80')}")
    (handed,) = store.fulfil_requisition(wanted.id, by=CLERK, at=_day(12), quantities={"A4-80": 4})
    out(f"  handed out {handed.quantity} ({handed.cost}) -> {wanted.status.value}")

    out("")
    out("A delivery of the 2nd, entered on the 20th (backdated)")
    store.collect_events()
    late = store.receive("A4-80", 20, unit_cost=_cny("20.00"), at=_day(2), by=CLERK,
                         recorded_at=_day(20))  # fmt: skip
    out(f"  lot #{late.number}  {late.at:%m-%d}  {late.quantity} at {late.unit_cost}")
    for event in store.collect_events():
        if isinstance(event, StockCostCorrected):
            out(
                f"  correction: {event.kind.value} #{event.movement} {event.previous_cost} -> "
                f"{event.cost} ({event.difference})"
            )

    out("")
    out("Month-end stocktake (盘点)")
    book = store.on_hand("A4-80")
    counted = store.count("A4-80", book.value - 2, at=_day(31, 17), by=CLERK)  # 2 reams missing
    out(f"  book {book}, counted {counted.counted}, variance {counted.variance} ({counted.cost})")

    out("")
    out("Reorder suggestions (补货建议)")
    for suggestion in store.reorder_suggestions(at=_day(31, 18)):
        out(
            f"  {suggestion.sku}: {suggestion.position} available vs reorder point "
            f"{suggestion.reorder_point} -> order {suggestion.suggested}"
        )

    out("")
    received, issued, written_off, on_hand = _conservation(store)
    out(f"Value on hand: {on_hand} (A4-80 {store.value('A4-80')}, masks {store.value('MASK-N95')})")
    balanced = received == issued + written_off + on_hand
    out(f"Check: received {received} == issued {issued}")
    out(f"       + written off or short {written_off} + on hand {on_hand}")
    out(f"       {'balanced to the fen' if balanced else 'NOT BALANCED'}")
