"""A budget driven by random commitments, releases, invoices, expenses, transfers and overrides,
side by side with a brute-force model that re-sums everything at every step.

The model predicts every refusal (a "stop" line past its limit, budget given away that is
committed) from first principles; after every step the budget's figures must equal the model's,
and on "stop" lines committed + actual never exceeds budget x (1 + tolerance) plus the excess
of the overrides recorded in the events. The events, saved as JSON and replayed
(:meth:`Budget.replay`), give a budget equal in every query to the running one.
"""

from __future__ import annotations

import gc
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TypedDict

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)

from backoffice import ActorId, Money, Period
from backoffice.domain.budgets import (
    Authorization,
    Budget,
    BudgetExceeded,
    BudgetId,
    BudgetLineKey,
    BudgetOverrunOverridden,
    BudgetOverrunWarned,
    CheckBasis,
    CommitmentClosed,
    CommitmentId,
    ExpenseId,
    InsufficientBudget,
    MonthlyPlan,
    OverrunAction,
    OverrunRule,
)
from backoffice.domain.events import DomainEvent
from backoffice.serialization import EventCodec
from backoffice.testing.budgets import budget_state, line_keys, monthly_plans, overrun_rules

# attrs replaces each slotted class; the replaced ones linger in __subclasses__() until the
# garbage collector runs, and for_all_events() would see two classes of one name.
gc.collect()
CODEC = EventCodec.for_all_events()

AT = datetime(2025, 1, 1, tzinfo=UTC)
CLERK, GM = ActorId("clerk"), ActorId("gm")
ZERO = Decimal(0)
MONTHS = 12
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31))
amounts = st.integers(1, 40_000_00).map(lambda cents: Decimal(cents).scaleb(-2))


def cny(value: Decimal) -> Money:
    return Money(value, "CNY")


class ActualCall(TypedDict):
    on: date
    final: bool
    override: Authorization | None
    actor: ActorId
    at: datetime


class ExpenseCall(TypedDict):
    on: date
    override: Authorization | None
    actor: ActorId
    at: datetime


class MoveCall(TypedDict):
    on: date
    authorization: Authorization
    actor: ActorId
    at: datetime


class Line:
    """The model of one line: plain per-month lists, summed from scratch when asked."""

    def __init__(self, plan: MonthlyPlan, rule: OverrunRule) -> None:
        self.rule = rule
        self.plan = [m.amount for m in plan.amounts]
        self.adjusted = [ZERO] * MONTHS
        self.actual = [ZERO] * MONTHS
        self.lift = [ZERO] * MONTHS  # lifts that stay on the line (invoiced or expensed)


class Commitment:
    def __init__(self, line: BudgetLineKey, month: int, amount: Decimal, lift: Decimal) -> None:
        self.line, self.month, self.open, self.lift = line, month, amount, lift


class BudgetMachine(RuleBasedStateMachine):
    commitments = Bundle("commitments")

    def __init__(self) -> None:
        super().__init__()
        self.budget: Budget
        self.lines: dict[BudgetLineKey, Line] = {}
        self.open: dict[CommitmentId, Commitment] = {}
        self.overrides: dict[BudgetLineKey, list[tuple[int, Decimal]]] = {}
        self.counter = 0
        self.history: list[DomainEvent] = []

    # -- the model's arithmetic ----------------------------------------------------------------

    def committed(self, key: BudgetLineKey) -> list[Decimal]:
        totals = [ZERO] * MONTHS
        for c in self.open.values():
            if c.line == key:
                totals[c.month] += c.open
        return totals

    def lifts(self, key: BudgetLineKey) -> list[Decimal]:
        totals = list(self.lines[key].lift)
        for c in self.open.values():
            if c.line == key:
                totals[c.month] += c.lift
        return totals

    def rooms(
        self, key: BudgetLineKey, month: int, back: tuple[int, Decimal, Decimal] | None = None
    ) -> tuple[Decimal, Decimal]:
        """(room, slack) from month on, by summing; ``back`` = (month, spent, lift) given back."""
        line = self.lines[key]
        committed, lifts = self.committed(key), self.lifts(key)
        if back is not None:
            committed[back[0]] -= back[1]
            lifts[back[0]] -= back[2]
        factor = line.rule.limit_factor
        points = range(month, MONTHS) if line.rule.basis is CheckBasis.CUMULATIVE else [MONTHS - 1]
        rooms, slacks = [], []
        for k in points:
            budget = sum(line.plan[: k + 1], ZERO) + sum(line.adjusted[: k + 1], ZERO)
            spent = sum(committed[: k + 1], ZERO) + sum(line.actual[: k + 1], ZERO)
            rooms.append(budget - spent)
            slacks.append(budget * factor + sum(lifts[: k + 1]) - spent)
        return min(rooms), min(slacks)

    def outcome(self, key: BudgetLineKey, value: Decimal, slack: Decimal, override: bool) -> str:
        """What the line's rule should do: 'ok', 'warn', 'override' or 'refuse'."""
        if value <= slack:
            return "ok"
        action = self.lines[key].rule.action
        if action is OverrunAction.STOP:
            return "override" if override else "refuse"
        return "warn" if action is OverrunAction.WARN else "ok"

    def authorization(self, amount: Decimal) -> Authorization:
        self.counter += 1
        return Authorization(f"APR-{self.counter}", GM, "approved overrun", cny(amount))

    def collect(self) -> list[DomainEvent]:
        """The budget's new events, kept (through JSON and back) for the replay check."""
        events = self.budget.collect_events()
        for event in events:
            stored = CODEC.load(json.loads(json.dumps(CODEC.dump(event))))
            assert stored == event
            self.history.append(stored)
        return events

    def expect_events(self, expected: str, excess: Decimal, key: BudgetLineKey, month: int) -> None:
        events = self.collect()
        warned = [e for e in events if isinstance(e, BudgetOverrunWarned)]
        overridden = [e for e in events if isinstance(e, BudgetOverrunOverridden)]
        assert len(warned) == (expected == "warn")
        assert len(overridden) == (expected == "override")
        if overridden:
            assert overridden[0].excess.amount == excess
            self.overrides.setdefault(key, []).append((month, excess))

    # -- setup ---------------------------------------------------------------------------------

    @initialize(
        keys=st.lists(line_keys(), min_size=1, max_size=3, unique=True),
        data=st.data(),
    )
    def open_budget(self, keys: list[BudgetLineKey], data: st.DataObject) -> None:
        self.budget = Budget.open(BudgetId("BUD"), Period.year(2025), "CNY", actor=GM, at=AT)
        for key in keys:
            plan = data.draw(monthly_plans(max_annual=150_000))
            rule = data.draw(overrun_rules())
            self.budget.open_line(key, plan, rule=rule, actor=GM, at=AT)
            self.lines[key] = Line(plan, rule)
        self.collect()

    # -- rules ---------------------------------------------------------------------------------

    @rule(target=commitments, data=st.data(), on=days, value=amounts, override=st.booleans())
    def commit(self, data: st.DataObject, on: date, value: Decimal, override: bool) -> CommitmentId:
        key = data.draw(st.sampled_from(sorted(self.lines)))
        month = on.month - 1
        self.counter += 1
        cid = CommitmentId(f"C{self.counter}")
        _, slack = self.rooms(key, month)
        expected = self.outcome(key, value, slack, override)
        excess = value - slack
        auth = self.authorization(max(excess, Decimal(1))) if override else None
        if expected == "refuse":
            with pytest.raises(BudgetExceeded) as refused:
                self.budget.commit(cid, key, cny(value), on=on, override=auth, actor=CLERK, at=AT)
            assert refused.value.excess.amount == excess
            return cid
        self.budget.commit(cid, key, cny(value), on=on, override=auth, actor=CLERK, at=AT)
        lift = excess if expected == "override" else ZERO
        self.open[cid] = Commitment(key, month, value, lift)
        self.expect_events(expected, excess, key, month)
        return cid

    @rule(cid=commitments, share=st.integers(1, 100))
    def reduce(self, cid: CommitmentId, share: int) -> None:
        model = self.open.get(cid)
        if model is None or model.open <= 0:
            return
        by = max((model.open * share / 100).quantize(Decimal("0.01")), Decimal("0.01"))
        by = min(by, model.open)
        self.budget.reduce_commitment(cid, cny(by), actor=CLERK, at=AT)
        model.open -= by
        model.lift -= min(model.lift, by)

    @rule(cid=commitments)
    def release(self, cid: CommitmentId) -> None:
        model = self.open.get(cid)
        if model is None or model.open <= 0:
            if self.budget.has_commitment(cid):
                with pytest.raises(CommitmentClosed):
                    self.budget.release_commitment(cid, actor=CLERK, at=AT)
            return
        assert self.budget.release_commitment(cid, actor=CLERK, at=AT) == cny(model.open)
        model.open, model.lift = ZERO, ZERO

    @rule(
        cid=commitments,
        on=days,
        share=st.integers(1, 150),
        final=st.booleans(),
        override=st.booleans(),
    )
    def invoice(self, cid: CommitmentId, on: date, share: int, final: bool, override: bool) -> None:
        model = self.open.get(cid)
        if model is None or model.open <= 0:
            return
        value = max((model.open * share / 100).quantize(Decimal("0.01")), Decimal("0.01"))
        self.counter += 1
        expense = ExpenseId(f"E{self.counter}")
        month = on.month - 1
        consumed = min(value, model.open)
        released = model.open - consumed if final else ZERO
        lift_back = min(model.lift, released)
        back = (model.month, consumed + released, lift_back)
        _, slack = self.rooms(model.line, month, back)
        expected = self.outcome(model.line, value, slack, override)
        excess = value - slack
        auth = self.authorization(max(excess, Decimal(1))) if override else None
        call: ActualCall = {"on": on, "final": final, "override": auth, "actor": CLERK, "at": AT}
        if expected == "refuse":
            with pytest.raises(BudgetExceeded):
                self.budget.record_actual(expense, cid, cny(value), **call)
            return
        self.budget.record_actual(expense, cid, cny(value), **call)
        line = self.lines[model.line]
        model.open -= consumed + released
        kept = min(model.lift - lift_back, model.open)
        line.lift[model.month] += model.lift - lift_back - kept  # the invoiced part's lift stays
        model.lift = kept
        line.actual[month] += value
        if expected == "override":
            line.lift[month] += excess
        self.expect_events(expected, excess, model.line, month)

    @rule(data=st.data(), on=days, value=amounts, override=st.booleans())
    def expense(self, data: st.DataObject, on: date, value: Decimal, override: bool) -> None:
        key = data.draw(st.sampled_from(sorted(self.lines)))
        month = on.month - 1
        self.counter += 1
        _, slack = self.rooms(key, month)
        expected = self.outcome(key, value, slack, override)
        excess = value - slack
        auth = self.authorization(max(excess, Decimal(1))) if override else None
        call: ExpenseCall = {"on": on, "override": auth, "actor": CLERK, "at": AT}
        if expected == "refuse":
            with pytest.raises(BudgetExceeded):
                self.budget.record_direct_expense(
                    ExpenseId(f"E{self.counter}"), key, cny(value), **call
                )
            return
        self.budget.record_direct_expense(ExpenseId(f"E{self.counter}"), key, cny(value), **call)
        self.lines[key].actual[month] += value
        if expected == "override":
            self.lines[key].lift[month] += excess
        self.expect_events(expected, excess, key, month)

    @rule(data=st.data(), on=days, value=amounts)
    def transfer(self, data: st.DataObject, on: date, value: Decimal) -> None:
        keys = sorted(self.lines)
        source, target = data.draw(st.sampled_from(keys)), data.draw(st.sampled_from(keys))
        if source == target:
            return
        month = on.month - 1
        room, _ = self.rooms(source, month)
        auth = self.authorization(value)
        call: MoveCall = {"on": on, "authorization": auth, "actor": CLERK, "at": AT}
        if value > room:
            with pytest.raises(InsufficientBudget):
                self.budget.transfer(source, target, cny(value), **call)
            return
        self.budget.transfer(source, target, cny(value), **call)
        self.lines[source].adjusted[month] -= value
        self.lines[target].adjusted[month] += value

    @rule(data=st.data(), on=days, value=amounts, cut=st.booleans())
    def adjust(self, data: st.DataObject, on: date, value: Decimal, cut: bool) -> None:
        key = data.draw(st.sampled_from(sorted(self.lines)))
        month = on.month - 1
        room, _ = self.rooms(key, month)
        auth = self.authorization(value)
        signed = -value if cut else value
        call: MoveCall = {"on": on, "authorization": auth, "actor": GM.__class__("cfo"), "at": AT}
        if cut and value > room:
            with pytest.raises(InsufficientBudget):
                self.budget.adjust(key, cny(signed), **call)
            return
        self.budget.adjust(key, cny(signed), **call)
        self.lines[key].adjusted[month] += signed

    # -- invariants ----------------------------------------------------------------------------

    @invariant()
    def figures_equal_the_model(self) -> None:
        for key, line in self.lines.items():
            figures = self.budget.figures(key)
            committed, lifts = self.committed(key), self.lifts(key)
            for k, month in enumerate(figures.months):
                assert month.plan.amount == line.plan[k]
                assert month.adjustments.amount == line.adjusted[k]
                assert month.committed.amount == committed[k]
                assert month.actual.amount == line.actual[k]
                assert month.overrides.amount == lifts[k]
                assert month.available == month.plan + month.adjustments - month.spent

    @invariant()
    def the_o1_check_agrees_with_the_model_in_every_month(self) -> None:
        for key in self.lines:
            for month in range(MONTHS):
                check = self.budget.check(key, cny(Decimal("0.01")), on=date(2025, month + 1, 1))
                assert (check.available.amount, check.headroom.amount) == self.rooms(key, month)

    @invariant()
    def stop_lines_stay_within_the_limit_plus_recorded_overrides(self) -> None:
        for key, line in self.lines.items():
            if line.rule.action is not OverrunAction.STOP:
                continue
            figures = self.budget.figures(key)
            recorded = self.overrides.get(key, [])
            points = range(MONTHS) if line.rule.basis is CheckBasis.CUMULATIVE else [MONTHS - 1]
            for k in points:
                to_date = figures.to_date(k)
                allowed = sum((excess for month, excess in recorded if month <= k), ZERO)
                limit = to_date.budget.amount * line.rule.limit_factor + allowed
                assert to_date.spent.amount <= limit

    @invariant()
    def the_saved_events_replay_into_an_equal_budget(self) -> None:
        if not hasattr(self, "budget"):
            return
        self.collect()
        assert budget_state(Budget.replay(self.history)) == budget_state(self.budget)

    @invariant()
    def running_totals_agree_with_the_records(self) -> None:
        if hasattr(self, "budget"):
            assert self.budget.check_invariants() == []


TestBudgetMachine = BudgetMachine.TestCase
