"""Laws of budgets: exact phasing, O(1) checks that agree with re-summing, conservation."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice import ActorId, BackofficeError, DepartmentId, Money, Period
from backoffice.domain.budgets import (
    BUDGET_EVENTS,
    OFFICE_SUPPLIES,
    Authorization,
    Budget,
    BudgetExceeded,
    BudgetId,
    BudgetLineKey,
    BudgetVerdict,
    CheckBasis,
    CommitmentId,
    ExpenseId,
    InsufficientBudget,
    LineFigures,
    MonthlyPlan,
    OverrunAction,
    OverrunRule,
    SpendingCategory,
)
from backoffice.policies.overrun import CategoryOverrunPolicy
from backoffice.serialization import EventCodec
from backoffice.services import BudgetService
from backoffice.testing.budgets import (
    budget_service_state,
    budgets,
    line_keys,
    monthly_plans,
    overrun_rules,
    positive_money,
    spending_categories,
)
from backoffice.testing.values import aware_datetimes

AT = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
# attrs replaces each slotted class; the replaced ones linger in __subclasses__() until the
# garbage collector runs, and for_all_events() would see two classes of one name.
gc.collect()
CODEC = EventCodec.for_all_events()
CLERK, GM = ActorId("clerk"), ActorId("gm")
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31))


@given(monthly_plans())
def test_a_plan_adds_up_exactly_to_its_annual_amount(plan: MonthlyPlan) -> None:
    assert plan.total == sum(plan.amounts, Money("0", "CNY"))
    assert all(amount.amount == amount.rounded().amount for amount in plan.amounts)


@given(positive_money(max_value=10**7), st.integers(1, 24))
def test_an_even_phasing_differs_by_at_most_one_cent_between_months(
    annual: Money, months: int
) -> None:
    plan = MonthlyPlan.even(annual, months)
    cents = [a.amount for a in plan.amounts]
    assert max(cents) - min(cents) <= Decimal("0.01")
    assert plan.total == annual


def brute_force_rooms(figures: LineFigures, month: int) -> tuple[Decimal, Decimal]:
    """What the running totals must say, re-derived by summing the monthly figures."""
    rule = figures.rule
    points = range(len(figures.months)) if rule.basis is CheckBasis.CUMULATIVE else [11]
    rooms, slacks = [], []
    for k in points:
        if rule.basis is CheckBasis.CUMULATIVE and k < month:
            continue
        to_date = figures.to_date(k)
        rooms.append(to_date.available.amount)
        slacks.append(
            to_date.budget.amount * rule.limit_factor
            + to_date.overrides.amount
            - to_date.spent.amount
        )
    return min(rooms), min(slacks)


@st.composite
def busy_budgets(draw: st.DrawFn) -> Budget:
    """A budget after a random run of commitments and releases (refusals ignored)."""
    budget = draw(budgets(max_lines=3))
    lines = budget.lines()
    for n in range(draw(st.integers(0, 12))):
        line = draw(st.sampled_from(lines))
        amount = draw(positive_money(max_value=200_000))
        try:
            budget.commit(CommitmentId(f"C{n}"), line, amount, on=draw(days), actor=CLERK, at=AT)
        except BudgetExceeded:
            continue
        if draw(st.booleans()):
            budget.release_commitment(CommitmentId(f"C{n}"), actor=CLERK, at=AT)
    return budget


@given(busy_budgets(), st.data())
def test_the_o1_check_agrees_with_re_summing_every_month(
    budget: Budget, data: st.DataObject
) -> None:
    line = data.draw(st.sampled_from(budget.lines()))
    on = data.draw(days)
    amount = data.draw(positive_money(max_value=300_000))
    check = budget.check(line, amount, on=on)
    room, slack = brute_force_rooms(budget.figures(line), budget.month_index(on))
    assert check.available.amount == room
    assert check.headroom.amount == slack
    expected = (
        BudgetVerdict.WITHIN_BUDGET
        if amount.amount <= room
        else BudgetVerdict.WITHIN_TOLERANCE
        if amount.amount <= slack
        else BudgetVerdict.OVER_LIMIT
    )
    assert check.verdict is expected
    assert budget.check_invariants() == []


@given(busy_budgets(), st.data())
def test_a_refused_commitment_changes_nothing(budget: Budget, data: st.DataObject) -> None:
    line = data.draw(st.sampled_from(budget.lines()))
    budget.change_rule(line, OverrunRule(), actor=GM, at=AT)
    before = budget.figures(line)
    version = budget.version
    huge = Money(before.limit.amount + 1, "CNY")
    with pytest.raises(BudgetExceeded):
        budget.commit(CommitmentId("HUGE"), line, huge, on=date(2025, 12, 1), actor=CLERK, at=AT)
    assert budget.figures(line) == before
    assert budget.version == version


@given(busy_budgets(), st.data())
def test_transfers_conserve_the_budget_total(budget: Budget, data: st.DataObject) -> None:
    def total() -> Money:
        return sum((budget.figures(k).total.budget for k in budget.lines()), Money("0", "CNY"))

    before = total()
    lines = budget.lines()
    for n in range(data.draw(st.integers(1, 5))):
        source, target = data.draw(st.sampled_from(lines)), data.draw(st.sampled_from(lines))
        amount = data.draw(positive_money(max_value=100_000))
        approval = Authorization(f"APR-{n}", GM, "rebalance", amount)
        try:
            budget.transfer(
                source,
                target,
                amount,
                on=data.draw(days),
                authorization=approval,
                actor=CLERK,
                at=AT,
            )
        except (InsufficientBudget, ValueError):
            continue
    assert total() == before


@st.composite
def busier_budgets(draw: st.DrawFn) -> Budget:
    """A budget after a random run of every kind of command (refusals ignored), events pending.

    Commitments, reductions, releases, invoices (final or not, over the order or under),
    direct expenses, transfers, adjustments and rule changes, with overrides now and then.
    """
    budget = draw(budgets(max_lines=3))
    lines = budget.lines()
    for n in range(draw(st.integers(1, 14))):
        line = draw(st.sampled_from(lines))
        amount = draw(positive_money(max_value=200_000))
        on = draw(days)
        override = (
            Authorization(f"APR-{n}", GM, "approved", amount) if draw(st.booleans()) else None
        )
        kind = draw(
            st.sampled_from(
                ["commit", "reduce", "release", "invoice", "expense", "move", "adjust", "rule"]
            )
        )
        commitments = [c.id for c in budget.open_commitments()]
        try:
            if kind == "commit" or (kind in ("reduce", "release", "invoice") and not commitments):
                budget.commit(
                    CommitmentId(f"C{n}"), line, amount, on=on, override=override,
                    actor=CLERK, at=AT,
                )  # fmt: skip
            elif kind == "reduce":
                budget.reduce_commitment(
                    draw(st.sampled_from(commitments)), Money("0.01", "CNY"), reason="cheaper",
                    actor=CLERK, at=AT,
                )  # fmt: skip
            elif kind == "release":
                budget.release_commitment(draw(st.sampled_from(commitments)), actor=CLERK, at=AT)
            elif kind == "invoice":
                budget.record_actual(
                    ExpenseId(f"E{n}"), draw(st.sampled_from(commitments)), amount, on=on,
                    final=draw(st.booleans()), override=override, actor=CLERK, at=AT,
                )  # fmt: skip
            elif kind == "expense":
                budget.record_direct_expense(
                    ExpenseId(f"E{n}"), line, amount, on=on, override=override,
                    actor=CLERK, at=AT,
                )  # fmt: skip
            elif kind == "move":
                budget.transfer(
                    line, draw(st.sampled_from(lines)), amount, on=on, actor=CLERK, at=AT,
                    authorization=Authorization(f"APR-{n}", GM, "rebalance", amount),
                )  # fmt: skip
            elif kind == "adjust":
                budget.adjust(
                    line, -amount if draw(st.booleans()) else amount, on=on, actor=CLERK, at=AT,
                    authorization=Authorization(f"APR-{n}", GM, "supplement", amount),
                )  # fmt: skip
            else:
                budget.change_rule(line, draw(overrun_rules()), actor=GM, at=AT)
        except (BudgetExceeded, InsufficientBudget, ValueError):
            continue
    return budget


@given(busier_budgets())
def test_every_budget_event_survives_plain_data_and_json(budget: Budget) -> None:
    events = list(budget.pending_events())
    loaded = [CODEC.load(json.loads(json.dumps(CODEC.dump(event)))) for event in events]
    assert loaded == events
    assert {type(event) for event in events} <= set(BUDGET_EVENTS)


@given(overrun_rules(), st.dictionaries(line_keys().map(lambda k: k.category), overrun_rules()))
def test_an_overrun_policy_survives_plain_data(
    default: OverrunRule, by_category: dict[SpendingCategory, OverrunRule]
) -> None:
    policy = CategoryOverrunPolicy(default=default, by_category=by_category)
    assert CategoryOverrunPolicy.from_dict(policy.to_dict()) == policy


@given(budgets(max_lines=2, rules=overrun_rules(actions=[OverrunAction.WARN])))
def test_budgets_take_a_rules_strategy_without_a_warning(budget: Budget) -> None:
    # The strategy used to test the truth of ``rules`` (HypothesisWarning, an error here).
    assert {budget.rule(line).action for line in budget.lines()} == {OverrunAction.WARN}


# -- bad input: every public mutating command, one argument spoilt at a time -----------------

_NOT_TEXT = st.one_of(st.none(), st.integers(), st.floats(), st.binary(min_size=1, max_size=3))
_BLANK = st.sampled_from(["", "   ", "\t"])
#: Wrong values for each kind of argument; never a value the command could accept.
BAD_VALUES: dict[str, st.SearchStrategy[object]] = {
    "id": st.one_of(_NOT_TEXT, _BLANK),
    "actor": st.one_of(_NOT_TEXT, _BLANK),
    "text": st.one_of(st.integers(), st.floats(), st.binary(min_size=1, max_size=3)),
    "money": st.one_of(st.none(), st.integers(), st.floats(), st.decimals(), st.text(max_size=4)),
    "day": st.one_of(st.none(), st.integers(), st.text(max_size=10), aware_datetimes()),
    "instant": st.one_of(st.none(), st.integers(), st.text(max_size=10), st.datetimes()),
    "line": st.one_of(st.none(), st.text(max_size=10), st.integers(), spending_categories()),
    "flag": st.one_of(st.none(), st.integers(), st.text(max_size=3)),
    "plan": st.one_of(st.none(), st.integers(), positive_money()),
    "period": st.one_of(st.none(), st.integers(), st.dates()),
    "categories": st.one_of(st.none(), st.integers(), st.just("utilities")),
}

BUD = BudgetId("BUD-2025")
OPEN, LINE = CommitmentId("C-1"), BudgetLineKey(DepartmentId("DEP-1"), OFFICE_SUPPLIES)
MARCH = date(2025, 3, 3)


def _commands() -> dict[str, tuple[Callable[..., object], dict[str, object], dict[str, str]]]:
    """Each command's name -> (the call, good arguments, the kind of each argument)."""
    plan = MonthlyPlan.even(Money("1200", "CNY"))
    other = BudgetLineKey(DepartmentId("DEP-2"), OFFICE_SUPPLIES)
    return {
        "open_budget": (
            BudgetService.open_budget,
            {"budget_id": "BUD-2026", "fiscal_year": Period.year(2026), "currency": "CNY",
             "categories": [OFFICE_SUPPLIES], "actor": GM, "at": AT},
            {"budget_id": "id", "fiscal_year": "period", "categories": "categories",
             "actor": "actor", "at": "instant"},
        ),
        "open_line": (
            BudgetService.open_line,
            {"budget_id": BUD, "line": other, "plan": plan, "actor": GM, "at": AT},
            {"budget_id": "id", "line": "line", "plan": "plan", "actor": "actor",
             "at": "instant"},
        ),
        "commit": (
            BudgetService.commit,
            {"commitment_id": "C-2", "line": LINE, "amount": Money("10", "CNY"), "on": MARCH,
             "reference": "PO-2", "actor": CLERK, "at": AT},
            {"commitment_id": "id", "line": "line", "amount": "money", "on": "day",
             "reference": "text", "actor": "actor", "at": "instant"},
        ),
        "reduce_commitment": (
            BudgetService.reduce_commitment,
            {"commitment_id": OPEN, "by": Money("1", "CNY"), "reason": "cheaper",
             "actor": CLERK, "at": AT},
            {"commitment_id": "id", "by": "money", "reason": "text", "actor": "actor",
             "at": "instant"},
        ),
        "release_commitment": (
            BudgetService.release_commitment,
            {"commitment_id": OPEN, "reason": "cancelled", "actor": CLERK, "at": AT},
            {"commitment_id": "id", "reason": "text", "actor": "actor", "at": "instant"},
        ),
        "record_actual": (
            BudgetService.record_actual,
            {"expense_id": "E-1", "commitment_id": OPEN, "amount": Money("10", "CNY"),
             "on": MARCH, "final": True, "actor": CLERK, "at": AT},
            {"expense_id": "id", "commitment_id": "id", "amount": "money", "on": "day",
             "final": "flag", "actor": "actor", "at": "instant"},
        ),
        "record_direct_expense": (
            BudgetService.record_direct_expense,
            {"expense_id": "E-2", "line": LINE, "amount": Money("10", "CNY"), "on": MARCH,
             "actor": CLERK, "at": AT},
            {"expense_id": "id", "line": "line", "amount": "money", "on": "day",
             "actor": "actor", "at": "instant"},
        ),
        "apply_policy": (
            BudgetService.apply_policy,
            {"policy": CategoryOverrunPolicy.from_dict({}), "actor": GM, "at": AT},
            {"actor": "actor", "at": "instant"},
        ),
    }  # fmt: skip


COMMANDS = _commands()


@st.composite
def bad_budget_calls(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """A command with exactly one argument replaced by a wrong value of its kind."""
    name = draw(st.sampled_from(sorted(COMMANDS)))
    _, good, kinds = COMMANDS[name]
    spoilt = draw(st.sampled_from(sorted(kinds)))
    return name, {**good, spoilt: draw(BAD_VALUES[kinds[spoilt]])}


@given(st.lists(bad_budget_calls(), min_size=3, max_size=5))
def test_a_bad_argument_to_any_budget_command_is_refused_and_changes_nothing(
    calls: list[tuple[str, dict[str, object]]],
) -> None:
    service = BudgetService()
    service.open_budget(BUD, Period.year(2025), "CNY", actor=GM, at=AT)
    service.open_line(BUD, LINE, MonthlyPlan.even(Money("1200", "CNY")), actor=GM, at=AT)
    service.commit(OPEN, LINE, Money("100", "CNY"), on=MARCH, actor=CLERK, at=AT)
    service.collect_events()
    before = budget_service_state(service)
    for name, arguments in calls:
        with pytest.raises(BackofficeError):
            COMMANDS[name][0](service, **arguments)
        assert budget_service_state(service) == before, f"{name} changed the budgets"
        assert service.collect_events() == [], f"{name} recorded events"
