"""Laws of the stock ledger: conservation, FIFO costing, backdating, exact splits, replay."""

from __future__ import annotations

from collections import deque
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice import ActorId, Money
from backoffice.domain.inventory import InsufficientStock, Item, LocationId, StockLedger, replay
from backoffice.policies.removal import FirstInFirstOut
from backoffice.policies.stock import AllowNegativeStock
from backoffice.testing.inventory import PlanStep, quantities, stock_plans, unit_costs

MAIN = LocationId("MAIN")
CLERK = ActorId("clerk")
T0 = datetime(2025, 1, 6, 9, tzinfo=UTC)
PAPER = Item(sku="A4-80", name="A4 paper", unit="ream")


def new_ledger() -> StockLedger:
    return StockLedger(PAPER, "CNY", FirstInFirstOut())


def record(ledger: StockLedger, step: PlanStep, at: datetime) -> None:
    kind, qty, cost = step
    if kind == "receive":
        ledger.receive(MAIN, qty, unit_cost=cost, at=at, by=CLERK)
    else:
        ledger.issue(MAIN, qty, at=at, by=CLERK, to="finance")


def record_plan(plan: list[PlanStep]) -> StockLedger:
    ledger = new_ledger()
    for index, step in enumerate(plan):
        record(ledger, step, T0 + timedelta(hours=index))
    return ledger


def feasible(plan: list[PlanStep]) -> bool:
    on_hand = Decimal(0)
    for kind, qty, _ in plan:
        on_hand += qty if kind == "receive" else -qty
        if on_hand < 0:
            return False
    return True


def fifo_costs(plan: list[PlanStep]) -> list[Decimal]:
    """The cost of each issue, unit by unit, oldest unit first (the textbook model)."""
    units: deque[Decimal] = deque()
    costs: list[Decimal] = []
    for kind, qty, cost in plan:
        if kind == "receive":
            assert cost is not None
            units.extend([cost.amount] * int(qty))
        else:
            costs.append(sum((units.popleft() for _ in range(int(qty))), Decimal(0)))
    return costs


@given(stock_plans())
def test_value_received_is_value_issued_plus_value_on_hand_to_the_cent(
    plan: list[tuple[str, Decimal, Money | None]],
) -> None:
    ledger = record_plan(plan)
    received = sum((cost.amount * qty for kind, qty, cost in plan if cost), Decimal(0))
    issued = sum((m.amount for m in ledger.movements() if m.kind == "issue"), Decimal(0))
    assert received == issued + ledger.value().amount
    in_qty = sum((qty for kind, qty, _ in plan if kind == "receive"), Decimal(0))
    out_qty = sum((qty for kind, qty, _ in plan if kind == "issue"), Decimal(0))
    assert ledger.on_hand().value == in_qty - out_qty >= 0
    assert ledger.check_invariants() == []


@given(stock_plans(cost_places=4))
def test_every_issue_costs_exactly_its_oldest_units(
    plan: list[tuple[str, Decimal, Money | None]],
) -> None:
    ledger = record_plan(plan)
    costs = [m.amount for m in ledger.movements() if m.kind == "issue"]
    assert costs == fifo_costs(plan)
    for lot_a, lot_b in zip(ledger.lots(), ledger.lots()[1:], strict=False):
        assert (lot_a.received_at, lot_a.number) < (lot_b.received_at, lot_b.number)


@given(stock_plans(), st.data())
def test_recording_receipts_late_ends_where_recording_them_on_time_does(
    plan: list[tuple[str, Decimal, Money | None]], data: st.DataObject
) -> None:
    """Backdating a receipt re-values the later issues exactly as if it had come on time."""
    on_time = record_plan(plan)
    receipts = [i for i, (kind, _, _) in enumerate(plan) if kind == "receive"]
    wanted = data.draw(st.lists(st.sampled_from(receipts), unique=True), label="late")
    late: set[int] = set()
    for index in wanted:  # late only if every issue can still be made without it in time
        if feasible([step for i, step in enumerate(plan) if i not in late | {index}]):
            late.add(index)
    ledger = new_ledger()
    for index, step in enumerate(plan):
        if index not in late:
            record(ledger, step, T0 + timedelta(hours=index))
    for index in sorted(late, reverse=True):  # the latest ones first: the most re-valuing
        record(ledger, plan[index], T0 + timedelta(hours=index))

    def by_time(led: StockLedger) -> list[tuple[datetime, str, Decimal, Decimal]]:
        return [(m.at, str(m.kind), m.qty, m.amount) for m in led.movements()]

    assert by_time(ledger) == by_time(on_time)
    assert [(lot.received_at, lot.remaining, lot.value) for lot in ledger.lots()] == [
        (lot.received_at, lot.remaining, lot.value) for lot in on_time.lots()
    ]
    assert ledger.check_invariants() == []


@given(
    quantities(max_value=40),
    unit_costs(max_value=5000),
    st.lists(st.integers(1, 10), min_size=1, max_size=12),
)
def test_a_lot_bought_at_a_total_cost_splits_into_parts_that_add_up_exactly(
    qty: Decimal, total: Money, takes: list[int]
) -> None:
    ledger = new_ledger()
    ledger.receive(MAIN, qty, total_cost=total, at=T0, by=CLERK)
    parts: list[Decimal] = []
    left = qty
    for take in takes:
        if not left:
            break
        part = min(Decimal(take), left)
        cost = ledger.issue(MAIN, part, at=T0, by=CLERK).amount
        assert cost >= 0
        assert cost == cost.quantize(Decimal("0.01"))
        parts.append(cost)
        left -= part
    assert sum(parts, Decimal(0)) + ledger.value().amount == total.amount


@given(stock_plans(), st.data())
def test_returning_an_issue_in_full_puts_back_exactly_what_it_took(
    plan: list[tuple[str, Decimal, Money | None]], data: st.DataObject
) -> None:
    ledger = record_plan(plan)
    issues = [m for m in ledger.movements() if m.kind == "issue"]
    if not issues:
        return
    issue = data.draw(st.sampled_from(issues))
    value_before = ledger.value()
    pieces = data.draw(st.lists(st.integers(1, 5), max_size=5))
    at = T0 + timedelta(days=60)
    returned = Decimal(0)
    for piece in pieces:
        left = ledger.returnable(issue).value
        if not left:
            break
        returned += ledger.return_to_stock(issue, min(Decimal(piece), left), at=at, by=CLERK).amount
    if ledger.returnable(issue).value:  # the rest, in one go
        returned += ledger.return_to_stock(issue, at=at, by=CLERK).amount
    total_back = returned
    assert total_back == issue.amount
    assert ledger.value() == value_before + Money(issue.amount, "CNY")
    assert ledger.check_invariants() == []


@given(stock_plans())
def test_an_issue_of_one_more_than_on_hand_fails_and_changes_nothing(
    plan: list[tuple[str, Decimal, Money | None]],
) -> None:
    ledger = record_plan(plan)
    before = (ledger.version, ledger.movements(), ledger.lots(), ledger.value())
    with pytest.raises(InsufficientStock):
        ledger.issue(MAIN, ledger.on_hand().value + 1, at=T0 + timedelta(days=90), by=CLERK)
    with pytest.raises(InsufficientStock):  # and backdated to the very beginning, too
        ledger.issue(MAIN, ledger.on_hand().value + 1, at=T0 - timedelta(days=1), by=CLERK)
    assert (ledger.version, ledger.movements(), ledger.lots(), ledger.value()) == before


@given(stock_plans(max_steps=15), st.data())
def test_replaying_the_events_reproduces_the_ledger(
    plan: list[tuple[str, Decimal, Money | None]], data: st.DataObject
) -> None:
    ledger = record_plan(plan)
    receipts = [i for i, (kind, _, _) in enumerate(plan) if kind == "receive"]
    index = data.draw(st.sampled_from(receipts))
    record(ledger, plan[index], T0 + timedelta(hours=index, minutes=30))  # backdated twin
    events = ledger.collect_events()

    rebuilt = replay(PAPER, "CNY", FirstInFirstOut(), events)

    assert rebuilt.movements() == ledger.movements()
    assert rebuilt.lots() == ledger.lots()
    assert rebuilt.version == ledger.version


@given(
    st.lists(st.tuples(st.booleans(), quantities(), unit_costs()), min_size=1, max_size=14).flatmap(
        lambda steps: st.tuples(st.just(steps), st.permutations(range(len(steps))))
    )
)
def test_with_negative_stock_the_order_of_recording_does_not_change_the_final_costs(
    case: tuple[list[tuple[bool, Decimal, Money]], list[int]],
) -> None:
    """Issues may go short; whatever order movements are recorded in (backdated or not), the
    book ends as if they had been recorded in effective order, and value is conserved."""
    steps, order = case
    policy = AllowNegativeStock({"A4-80": Money("20.00", "CNY")})

    def run(sequence: list[int]) -> StockLedger:
        ledger = StockLedger(PAPER, "CNY", FirstInFirstOut(), negative=policy)
        for index in sequence:
            receipt, qty, cost = steps[index]
            at = T0 + timedelta(hours=index)
            if receipt:
                ledger.receive(MAIN, qty, unit_cost=cost, at=at, by=CLERK)
            else:
                ledger.issue(MAIN, qty, at=at, by=CLERK, to="finance")
            assert ledger.check_invariants() == []
        return ledger

    shuffled, in_time = run(list(order)), run(sorted(order))

    def summary(ledger: StockLedger) -> list[tuple[datetime, Decimal, Decimal | None]]:
        return [
            (m.at, m.amount, None if m.provisional is None else m.provisional.value)
            for m in ledger.movements()
        ]

    assert summary(shuffled) == summary(in_time)
    assert shuffled.value() == in_time.value()
    events = shuffled.collect_events()
    again = replay(PAPER, "CNY", FirstInFirstOut(), events, negative=policy)
    assert summary(again) == summary(shuffled)
