"""Reports (事后分析, 每月成本分析): variance and overrun per department and category, forecasts.

The seed KPI: "annual back-office spending within budget, overrun <= 5 %".
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from backoffice import ActorId, DepartmentId, Money, Percent, Period
from backoffice.domain.budgets import (
    CATERING,
    UTILITIES,
    Budget,
    BudgetId,
    BudgetLineKey,
    CommitmentId,
    ExpenseId,
    Grouping,
    MonthlyPlan,
    OverrunAction,
    OverrunRule,
    forecast,
    forecast_by,
    variance_by,
)

AT = datetime(2025, 12, 31, 18, 0, tzinfo=UTC)
CLERK = ActorId("finance.qian")
ADMIN, HR = DepartmentId("DEP-ADMIN"), DepartmentId("DEP-HR")
IGNORE = OverrunRule(OverrunAction.IGNORE)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


@pytest.fixture
def budget() -> Budget:
    """Admin: utilities 120,000, catering 240,000; HR: catering 60,000 (all 2025, even)."""
    budget = Budget.open(BudgetId("BUD-2025"), Period.year(2025), "CNY", actor=CLERK, at=AT)
    for key, annual in (
        (BudgetLineKey(ADMIN, UTILITIES), "120000"),
        (BudgetLineKey(ADMIN, CATERING), "240000"),
        (BudgetLineKey(HR, CATERING), "60000"),
    ):
        budget.open_line(key, MonthlyPlan.even(cny(annual)), rule=IGNORE, actor=CLERK, at=AT)
    return budget


def spend(budget: Budget, n: int, key: BudgetLineKey, amount: str, on: date) -> None:
    budget.record_direct_expense(ExpenseId(f"E{n}"), key, cny(amount), on=on, actor=CLERK, at=AT)


def test_the_kpi_overrun_within_5_percent_is_met_at_exactly_5_percent(budget: Budget) -> None:
    spend(budget, 1, BudgetLineKey(ADMIN, UTILITIES), "126000", date(2025, 12, 1))
    (row,) = [r for r in variance_by(budget, Grouping.LINE) if r.group == "DEP-ADMIN/utilities"]
    assert row.overrun == Percent(5)
    assert row.meets()  # the seed target, 5 %
    assert row.variance == cny("-6000")
    spend(budget, 2, BudgetLineKey(ADMIN, UTILITIES), "0.01", date(2025, 12, 2))
    (row,) = [r for r in variance_by(budget, Grouping.LINE) if r.group == "DEP-ADMIN/utilities"]
    assert not row.meets()
    assert row.meets(Percent(6))


def test_variance_by_department_sums_its_lines(budget: Budget) -> None:
    spend(budget, 1, BudgetLineKey(ADMIN, UTILITIES), "100000", date(2025, 6, 1))
    budget.commit(
        CommitmentId("PO-1"),
        BudgetLineKey(ADMIN, CATERING),
        cny("250000"),
        on=date(2025, 6, 1),
        actor=CLERK,
        at=AT,
    )
    admin, hr = variance_by(budget, Grouping.DEPARTMENT)
    assert (admin.group, hr.group) == ("DEP-ADMIN", "DEP-HR")
    assert admin.budget == cny("360000")
    assert admin.figures.committed == cny("250000")
    assert admin.figures.actual == cny("100000")
    assert admin.variance == cny("10000")
    assert admin.overrun == Percent(0)
    assert hr.spent == cny("0")


def test_variance_by_category_spans_departments(budget: Budget) -> None:
    spend(budget, 1, BudgetLineKey(HR, CATERING), "90000", date(2025, 11, 1))
    catering, utilities = variance_by(budget, Grouping.CATEGORY)
    assert catering.group == "catering"
    assert catering.budget == cny("300000")
    assert catering.overrun == Percent(0)
    hr_catering = next(
        r for r in variance_by(budget, Grouping.LINE) if r.group == "DEP-HR/catering"
    )
    assert hr_catering.overrun == Percent(50)
    assert utilities.spent == cny("0")


def test_the_monthly_cost_analysis_reports_the_year_to_date(budget: Budget) -> None:
    utilities = BudgetLineKey(ADMIN, UTILITIES)
    for month in range(1, 4):
        spend(budget, month, utilities, "12000", date(2025, month, 28))
    row = next(
        r
        for r in variance_by(budget, Grouping.LINE, through=date(2025, 3, 31))
        if r.group == str(utilities)
    )
    assert row.figures.period == Period(date(2025, 1, 1), date(2025, 3, 31))
    assert row.budget == cny("30000")
    assert row.spent == cny("36000")
    assert row.overrun == Percent(20)


def test_a_line_without_budget_has_no_overrun_percentage(budget: Budget) -> None:
    hr_utilities = BudgetLineKey(HR, UTILITIES)
    budget.open_line(hr_utilities, MonthlyPlan.even(cny("0")), rule=IGNORE, actor=CLERK, at=AT)
    spend(budget, 1, hr_utilities, "10", date(2025, 1, 5))
    row = next(r for r in variance_by(budget, Grouping.LINE) if r.group == str(hr_utilities))
    assert row.overrun is None
    assert not row.meets()


def test_the_forecast_projects_the_run_rate_to_the_year_end(budget: Budget) -> None:
    utilities = BudgetLineKey(ADMIN, UTILITIES)
    for month in range(1, 7):
        spend(budget, month, utilities, "11000", date(2025, month, 28))
    outlook = forecast(budget, utilities, through=date(2025, 6, 30))
    assert outlook.actual_to_date == cny("66000")
    assert outlook.run_rate == cny("11000.00")
    assert outlook.months_remaining == 6
    assert outlook.year_end == cny("132000.00")
    assert outlook.overrun == Percent(10)
    assert not outlook.meets()


def test_the_forecast_never_falls_below_what_is_already_committed(budget: Budget) -> None:
    utilities = BudgetLineKey(ADMIN, UTILITIES)
    spend(budget, 1, utilities, "3000", date(2025, 1, 28))
    budget.commit(
        CommitmentId("PO-1"), utilities, cny("100000"), on=date(2025, 2, 1), actor=CLERK, at=AT
    )
    outlook = forecast(budget, utilities, through=date(2025, 1, 31))
    assert outlook.run_rate == cny("3000.00")
    assert outlook.year_end == cny("103000")  # 3,000 + max(11 x 3,000, 100,000 committed)


def test_forecasts_by_department_group_the_lines(budget: Budget) -> None:
    spend(budget, 1, BudgetLineKey(ADMIN, CATERING), "21000", date(2025, 1, 28))
    spend(budget, 2, BudgetLineKey(HR, CATERING), "4000", date(2025, 1, 28))
    admin, hr = forecast_by(budget, Grouping.DEPARTMENT, through=date(2025, 1, 31))
    assert admin.year_end == cny("252000.00")
    assert admin.budget == cny("360000")
    assert admin.meets()
    assert hr.year_end == cny("48000.00")
    (catering, _utilities) = forecast_by(budget, Grouping.CATEGORY, through=date(2025, 1, 31))
    assert catering.year_end == cny("300000.00")
