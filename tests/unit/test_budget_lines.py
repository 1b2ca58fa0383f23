"""Budget lines: opening a budget, phasing plans to the cent, and the line arithmetic."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

import pytest

from backoffice import ActorId, CurrencyMismatch, DepartmentId, Money, Period, ValidationError
from backoffice.domain.budgets import (
    CATERING,
    OUTSOURCED_SERVICES,
    REPAIRS_AND_MAINTENANCE,
    SEED_CATEGORIES,
    UTILITIES,
    AlreadyRecorded,
    Budget,
    BudgetId,
    BudgetLineKey,
    BudgetLineNotFound,
    BudgetLineOpened,
    BudgetOpened,
    CommitmentId,
    ExpenseId,
    MonthlyPlan,
    OutsideFiscalYear,
    SpendingCategory,
    UnknownCategory,
)

AT = datetime(2025, 1, 2, 9, 0, tzinfo=UTC)
FINANCE = ActorId("finance.zhao")
ADMIN = DepartmentId("DEP-ADMIN")
REPAIRS = BudgetLineKey(ADMIN, REPAIRS_AND_MAINTENANCE)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


def new_budget(*, categories: Iterable[SpendingCategory] = SEED_CATEGORIES) -> Budget:
    return Budget.open(
        BudgetId("BUD-2025"), Period.year(2025), "CNY", categories=categories, actor=FINANCE, at=AT
    )


def test_an_annual_line_is_phased_evenly_to_the_cent() -> None:
    plan = MonthlyPlan.even(cny("100000.00"))
    assert plan.months == 12
    assert plan.amounts[:4] == (cny("8333.34"),) * 4
    assert plan.amounts[4:] == (cny("8333.33"),) * 8
    assert plan.total == cny("100000.00")


def test_a_line_is_phased_by_percentages_that_add_up_to_100() -> None:
    heating_heavy = [15, 15, 10, 5, 5, 5, 5, 5, 5, 5, 10, 15]
    plan = MonthlyPlan.by_percentages(cny("36000.00"), heating_heavy)
    assert plan.amounts[0] == cny("5400.00")
    assert plan.amounts[3] == cny("1800.00")
    assert plan.total == cny("36000.00")
    with pytest.raises(ValidationError, match="add up to 100"):
        MonthlyPlan.by_percentages(cny("36000.00"), [10] * 12)


def test_explicit_monthly_amounts_must_be_non_negative_money_in_one_currency() -> None:
    with pytest.raises(ValidationError, match="negative"):
        MonthlyPlan.explicit([cny("-1")] + [cny("0")] * 11)
    with pytest.raises(ValidationError, match="one currency"):
        MonthlyPlan.explicit([cny("1"), Money("1", "USD")])


def test_opening_a_budget_and_a_line_records_events_with_the_plan_and_rule() -> None:
    budget = new_budget()
    budget.open_line(REPAIRS, MonthlyPlan.even(cny("120000")), actor=FINANCE, at=AT)
    opened, line_opened = budget.collect_events()
    assert isinstance(opened, BudgetOpened)
    assert opened.fiscal_year == Period.year(2025)
    assert set(opened.categories) == SEED_CATEGORIES
    assert isinstance(line_opened, BudgetLineOpened)
    assert line_opened.version == 2
    assert sum(line_opened.plan, cny("0")) == cny("120000")
    assert budget.rule(REPAIRS).tolerance.value == 5


def test_a_fiscal_year_may_start_in_april() -> None:
    budget = Budget.open(
        BudgetId("BUD-FY25"), Period.year(2025, start_month=4), "CNY", actor=FINANCE, at=AT
    )
    budget.open_line(REPAIRS, MonthlyPlan.even(cny("1200")), actor=FINANCE, at=AT)
    assert budget.month_index(date(2025, 4, 30)) == 0
    assert budget.month_index(date(2026, 3, 1)) == 11
    with pytest.raises(OutsideFiscalYear):
        budget.check(REPAIRS, cny("1"), on=date(2025, 3, 31))


def test_a_budget_period_must_be_whole_months() -> None:
    with pytest.raises(ValidationError, match="whole months"):
        Budget.open(
            BudgetId("B"),
            Period(date(2025, 1, 15), date(2025, 12, 31)),
            "CNY",
            actor=FINANCE,
            at=AT,
        )


def test_a_line_needs_a_plan_for_every_month_in_the_budget_currency() -> None:
    budget = new_budget()
    with pytest.raises(ValidationError, match="12"):
        budget.open_line(REPAIRS, MonthlyPlan.even(cny("100"), 6), actor=FINANCE, at=AT)
    with pytest.raises(CurrencyMismatch):
        budget.open_line(REPAIRS, MonthlyPlan.even(Money("100", "USD")), actor=FINANCE, at=AT)
    budget.open_line(REPAIRS, MonthlyPlan.even(cny("100")), actor=FINANCE, at=AT)
    with pytest.raises(AlreadyRecorded):
        budget.open_line(REPAIRS, MonthlyPlan.even(cny("100")), actor=FINANCE, at=AT)


def test_spending_fails_closed_on_a_missing_line_or_an_unknown_category() -> None:
    budget = new_budget(categories=[REPAIRS_AND_MAINTENANCE, UTILITIES])
    budget.open_line(REPAIRS, MonthlyPlan.even(cny("1200")), actor=FINANCE, at=AT)
    with pytest.raises(BudgetLineNotFound) as missing:
        budget.check(BudgetLineKey(ADMIN, UTILITIES), cny("1"), on=date(2025, 3, 1))
    assert isinstance(missing.value, LookupError)
    with pytest.raises(UnknownCategory):
        budget.commit(
            CommitmentId("C1"), BudgetLineKey(ADMIN, CATERING), cny("1"), actor=FINANCE, at=AT
        )
    with pytest.raises(UnknownCategory):
        budget.open_line(
            BudgetLineKey(ADMIN, SpendingCategory("training")),
            MonthlyPlan.even(cny("1")),
            actor=FINANCE,
            at=AT,
        )


def test_available_is_allocated_plus_adjustments_less_committed_less_actual() -> None:
    budget = new_budget()
    budget.open_line(REPAIRS, MonthlyPlan.even(cny("120000")), actor=FINANCE, at=AT)
    budget.commit(
        CommitmentId("PO-1"), REPAIRS, cny("3000"), on=date(2025, 3, 10), actor=FINANCE, at=AT
    )
    budget.record_direct_expense(
        ExpenseId("EXP-1"), REPAIRS, cny("1500"), on=date(2025, 3, 20), actor=FINANCE, at=AT
    )
    march = budget.figures(REPAIRS).months[2]
    assert (march.plan, march.committed, march.actual) == (cny("10000"), cny("3000"), cny("1500"))
    assert march.available == cny("5500")
    first_quarter = budget.figures(REPAIRS).to_date(2)
    assert first_quarter.available == cny("25500")
    assert budget.figures(REPAIRS).total.available == cny("115500")
    assert budget.check_invariants() == []


def test_amounts_must_be_positive_and_in_the_budget_currency() -> None:
    budget = new_budget()
    budget.open_line(REPAIRS, MonthlyPlan.even(cny("1200")), actor=FINANCE, at=AT)
    with pytest.raises(ValidationError, match="positive"):
        budget.check(REPAIRS, cny("0"), on=date(2025, 1, 5))
    with pytest.raises(CurrencyMismatch):
        budget.check(REPAIRS, Money("5", "USD"), on=date(2025, 1, 5))


def test_a_budget_is_identified_by_its_id() -> None:
    assert new_budget() == new_budget()
    assert len({new_budget(), new_budget()}) == 1


def test_lines_are_listed_by_department_then_category() -> None:
    budget = new_budget()
    it = DepartmentId("DEP-IT")
    for key in (BudgetLineKey(it, CATERING), BudgetLineKey(ADMIN, OUTSOURCED_SERVICES), REPAIRS):
        budget.open_line(key, MonthlyPlan.even(cny("12")), actor=FINANCE, at=AT)
    assert [str(k) for k in budget.lines()] == [
        "DEP-ADMIN/outsourced-services",
        "DEP-ADMIN/repairs-and-maintenance",
        "DEP-IT/catering",
    ]
