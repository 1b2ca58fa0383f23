"""Budget control (事中监控): the check before spending, under stop, warn and ignore rules.

The seed KPI is "annual back-office spending within budget, overrun <= 5 %": the default rule
stops spending at the budget + 5 %.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from backoffice import ActorId, DepartmentId, Money, Percent, Period
from backoffice.domain.budgets import (
    DEFAULT_OVERRUN_RULE,
    REPAIRS_AND_MAINTENANCE,
    Authorization,
    Budget,
    BudgetCheck,
    BudgetCommitted,
    BudgetExceeded,
    BudgetId,
    BudgetLineKey,
    BudgetOverrunOverridden,
    BudgetOverrunWarned,
    BudgetVerdict,
    CheckBasis,
    CommitmentId,
    ExpenseId,
    InvalidAuthorization,
    MonthlyPlan,
    OverrunAction,
    OverrunRule,
    OverrunRuleChanged,
)

AT = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
CLERK = ActorId("clerk.li")
GM = ActorId("gm.sun")
REPAIRS = BudgetLineKey(DepartmentId("DEP-ADMIN"), REPAIRS_AND_MAINTENANCE)
MARCH = date(2025, 3, 15)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


def budget_with(rule: OverrunRule = DEFAULT_OVERRUN_RULE, annual: str = "120000") -> Budget:
    budget = Budget.open(BudgetId("BUD-2025"), Period.year(2025), "CNY", actor=CLERK, at=AT)
    budget.open_line(REPAIRS, MonthlyPlan.even(cny(annual)), rule=rule, actor=CLERK, at=AT)
    budget.collect_events()
    return budget


def commit(
    budget: Budget,
    n: int,
    amount: str,
    *,
    on: date = MARCH,
    override: Authorization | None = None,
) -> BudgetCheck:
    return budget.commit(
        CommitmentId(f"PO-{n}"), REPAIRS, cny(amount), on=on, override=override, actor=CLERK, at=AT
    )


def test_the_default_rule_is_the_seed_kpi_stop_at_budget_plus_5_percent_annually() -> None:
    assert OverrunRule(OverrunAction.STOP, Percent(5), CheckBasis.ANNUAL) == DEFAULT_OVERRUN_RULE
    assert DEFAULT_OVERRUN_RULE.limit_factor == Decimal("1.05")


def test_spending_within_the_5_percent_tolerance_is_allowed_but_reported_as_such() -> None:
    budget = budget_with()
    assert commit(budget, 1, "120000").verdict is BudgetVerdict.WITHIN_BUDGET
    check = commit(budget, 2, "6000")  # exactly 5 % over a 120,000 budget
    assert check.verdict is BudgetVerdict.WITHIN_TOLERANCE
    assert check.allowed
    assert budget.figures(REPAIRS).total.available == cny("-6000")


def test_stop_refuses_spending_past_the_limit_with_the_figures_and_changes_nothing() -> None:
    budget = budget_with()
    commit(budget, 1, "120000")
    with pytest.raises(BudgetExceeded) as refused:
        commit(budget, 2, "6000.01")
    error = refused.value
    assert isinstance(error, ValueError)
    assert error.line == REPAIRS
    assert error.requested == cny("6000.01")
    assert error.available == cny("0.00")
    assert error.headroom == cny("6000.00")
    assert error.excess == cny("0.01")
    assert "override" in str(error)
    assert budget.figures(REPAIRS).total.committed == cny("120000")
    assert [e.name for e in budget.collect_events()] == ["BudgetCommitted"]
    assert not budget.has_commitment(CommitmentId("PO-2"))


def test_a_check_changes_nothing_and_says_whether_an_override_is_needed() -> None:
    budget = budget_with()
    check = budget.check(REPAIRS, cny("130000"), on=MARCH)
    assert check.verdict is BudgetVerdict.OVER_LIMIT
    assert check.needs_override
    assert check.excess == cny("4000.00")
    assert budget.pending_events() == ()


def test_warn_allows_spending_past_the_limit_and_records_a_warning_event() -> None:
    budget = budget_with(OverrunRule(OverrunAction.WARN))
    commit(budget, 1, "120000")
    budget.collect_events()
    check = commit(budget, 2, "10000")
    assert check.verdict is BudgetVerdict.OVER_LIMIT
    assert check.allowed
    committed, warned = budget.collect_events()
    assert isinstance(committed, BudgetCommitted)
    assert isinstance(warned, BudgetOverrunWarned)
    assert (warned.record, warned.excess, warned.headroom) == ("PO-2", cny("4000"), cny("6000"))


def test_warn_stays_silent_within_the_tolerance() -> None:
    budget = budget_with(OverrunRule(OverrunAction.WARN))
    commit(budget, 1, "126000")
    assert [e.name for e in budget.collect_events()] == ["BudgetCommitted"]


def test_ignore_allows_anything_without_a_warning() -> None:
    budget = budget_with(OverrunRule(OverrunAction.IGNORE))
    assert commit(budget, 1, "500000").verdict is BudgetVerdict.OVER_LIMIT
    assert [e.name for e in budget.collect_events()] == ["BudgetCommitted"]
    assert budget.figures(REPAIRS).total.spent == cny("500000")


def test_a_zero_tolerance_stops_at_the_budget_itself() -> None:
    budget = budget_with(OverrunRule(tolerance=0))
    commit(budget, 1, "120000")
    with pytest.raises(BudgetExceeded):
        commit(budget, 2, "0.01")


def test_cumulative_basis_checks_the_budget_phased_to_date() -> None:
    budget = budget_with(OverrunRule(basis=CheckBasis.CUMULATIVE, tolerance=0))
    # January to March: 3 x 10,000 budgeted so far.
    commit(budget, 1, "30000", on=date(2025, 3, 1))
    with pytest.raises(BudgetExceeded) as refused:
        commit(budget, 2, "1", on=date(2025, 3, 31))
    assert refused.value.headroom == cny("0")
    commit(budget, 3, "10000", on=date(2025, 4, 1))  # April brings its own 10,000


def test_cumulative_basis_protects_later_months_from_back_dated_spending() -> None:
    budget = budget_with(OverrunRule(basis=CheckBasis.CUMULATIVE, tolerance=0))
    commit(budget, 1, "40000", on=date(2025, 4, 20))  # uses January to April
    with pytest.raises(BudgetExceeded):
        commit(budget, 2, "5000", on=date(2025, 2, 1))  # fits February, breaks April
    commit(budget, 3, "5000", on=date(2025, 5, 1))


def test_annual_basis_lets_january_use_the_whole_year() -> None:
    budget = budget_with()
    assert commit(budget, 1, "126000", on=date(2025, 1, 5)).allowed


def test_an_approved_override_lets_a_stop_line_go_past_its_limit_and_is_recorded() -> None:
    budget = budget_with()
    commit(budget, 1, "120000")
    budget.collect_events()
    override = Authorization("APR-9", GM, "boiler failed in the cold snap", cny("10000"))
    check = commit(budget, 2, "14000", override=override)
    assert check.verdict is BudgetVerdict.OVER_LIMIT
    events = budget.collect_events()
    assert [e.name for e in events] == ["BudgetCommitted", "BudgetOverrunOverridden"]
    overridden = events[-1]
    assert isinstance(overridden, BudgetOverrunOverridden)
    assert overridden.excess == cny("8000")
    assert overridden.authorization.approved_by == GM
    assert budget.figures(REPAIRS).total.overrides == cny("8000")
    assert budget.figures(REPAIRS).limit == cny("134000")


def test_an_override_must_cover_the_excess_and_is_not_self_approved_or_reused() -> None:
    budget = budget_with()
    commit(budget, 1, "120000")
    small = Authorization("APR-1", GM, "boiler", cny("100"))
    with pytest.raises(InvalidAuthorization, match="covers 100"):
        commit(budget, 2, "6200", override=small)
    own = Authorization("APR-2", CLERK, "boiler", cny("1000"))
    with pytest.raises(InvalidAuthorization, match="segregation of duties"):
        commit(budget, 2, "6200", override=own)
    ok = Authorization("APR-3", GM, "boiler", cny("1000"))
    commit(budget, 2, "6200", override=ok)
    with pytest.raises(InvalidAuthorization, match="used already"):
        commit(budget, 3, "100", override=ok)


def test_an_override_is_not_consumed_when_the_spending_fits() -> None:
    budget = budget_with()
    override = Authorization("APR-5", GM, "just in case", cny("1000"))
    commit(budget, 1, "100", override=override)
    assert [e.name for e in budget.collect_events()] == ["BudgetCommitted"]
    commit(budget, 2, "126000", override=override)  # the same approval still works once needed


def test_cancelling_an_overridden_order_gives_the_override_back() -> None:
    budget = budget_with()
    commit(budget, 1, "126000")
    override = Authorization("APR-7", GM, "boiler", cny("5000"))
    commit(budget, 2, "5000", override=override)
    budget.release_commitment(CommitmentId("PO-2"), actor=CLERK, at=AT)
    assert budget.figures(REPAIRS).total.overrides == cny("0")
    with pytest.raises(BudgetExceeded):
        commit(budget, 3, "5000")  # the released override cannot be recycled


def test_a_final_invoice_below_an_overridden_order_gives_back_the_unused_override() -> None:
    budget = budget_with()
    commit(budget, 1, "120000")
    override = Authorization("APR-8", GM, "boiler", cny("2000"))
    commit(budget, 2, "8000", override=override)  # limit 126,000: 2,000 over it
    assert budget.figures(REPAIRS).total.overrides == cny("2000")
    budget.record_actual(
        ExpenseId("INV-2"), CommitmentId("PO-2"), cny("5000"), on=MARCH, actor=CLERK, at=AT
    )
    # 125,000 is spent, within the limit: the 3,000 released took the override back with it.
    assert budget.figures(REPAIRS).total.overrides == cny("0")
    assert budget.check_invariants() == []
    with pytest.raises(BudgetExceeded):
        commit(budget, 3, "1000.01")  # the unused override cannot be recycled


def test_a_direct_expense_is_checked_like_a_commitment() -> None:
    budget = budget_with()
    with pytest.raises(BudgetExceeded):
        budget.record_direct_expense(
            ExpenseId("EXP-1"), REPAIRS, cny("126000.01"), on=MARCH, actor=CLERK, at=AT
        )


def test_changing_a_rule_is_recorded_and_applies_to_later_spending() -> None:
    budget = budget_with(OverrunRule(OverrunAction.IGNORE))
    commit(budget, 1, "130000")
    stricter = OverrunRule(OverrunAction.STOP)
    assert budget.change_rule(REPAIRS, stricter, actor=GM, at=AT)
    assert not budget.change_rule(REPAIRS, stricter, actor=GM, at=AT)
    events = budget.collect_events()
    assert isinstance(events[-1], OverrunRuleChanged)
    assert events[-1].previous.action is OverrunAction.IGNORE
    with pytest.raises(BudgetExceeded):
        commit(budget, 2, "1")
