"""Hypothesis strategies for budgets: lines, plans, overrun rules, authorizations, budgets.

Example:
    >>> from hypothesis import given, settings
    >>> from backoffice.testing.budgets import monthly_plans
    >>> @settings(max_examples=10)
    ... @given(monthly_plans())
    ... def test_a_plan_has_twelve_months(plan):
    ...     assert plan.months == 12
    >>> test_a_plan_has_twelve_months()
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from hypothesis import strategies as st

from backoffice.domain.budgets import (
    SEED_CATEGORIES,
    Authorization,
    Budget,
    BudgetId,
    BudgetLineKey,
    CheckBasis,
    MonthlyPlan,
    OverrunAction,
    OverrunRule,
    SpendingCategory,
)
from backoffice.values.ids import ActorId, DepartmentId
from backoffice.values.money import Money
from backoffice.values.percent import Percent
from backoffice.values.period import Period

if TYPE_CHECKING:
    from backoffice.services.budgets import BudgetService

__all__ = [
    "authorizations",
    "budget_service_state",
    "budget_state",
    "budgets",
    "departments",
    "line_keys",
    "monthly_plans",
    "overrun_rules",
    "positive_money",
    "spending_categories",
]

_OPENED_AT = datetime(2024, 12, 20, 9, 0, tzinfo=UTC)


def spending_categories() -> st.SearchStrategy[SpendingCategory]:
    """One of the seed spending categories."""
    return st.sampled_from(sorted(SEED_CATEGORIES))


def departments(count: int = 4) -> st.SearchStrategy[DepartmentId]:
    """One of ``count`` departments ``DEP-1`` ... ``DEP-<count>``."""
    return st.integers(1, count).map(lambda n: DepartmentId(f"DEP-{n}"))


def line_keys(
    departments_: st.SearchStrategy[DepartmentId] | None = None,
    categories: st.SearchStrategy[SpendingCategory] | None = None,
) -> st.SearchStrategy[BudgetLineKey]:
    """Budget lines from the given departments and categories."""
    return st.builds(
        BudgetLineKey, departments_ or departments(), categories or spending_categories()
    )


def positive_money(
    currency: str = "CNY", *, max_value: int = 100_000, places: int = 2
) -> st.SearchStrategy[Money]:
    """Positive amounts up to ``max_value``, with ``places`` decimals."""
    return st.integers(1, max_value * 10**places).map(
        lambda units: Money(Decimal(units).scaleb(-places), currency)
    )


def overrun_rules(
    actions: Sequence[OverrunAction] = tuple(OverrunAction),
    bases: Sequence[CheckBasis] = tuple(CheckBasis),
) -> st.SearchStrategy[OverrunRule]:
    """Overrun rules with a tolerance of 0 to 20 % (often the seed's 5 %)."""
    tolerance = st.one_of(st.just(Percent(5)), st.integers(0, 20).map(Percent))
    return st.builds(
        OverrunRule,
        action=st.sampled_from(actions),
        tolerance=tolerance,
        basis=st.sampled_from(bases),
    )


@st.composite
def monthly_plans(
    draw: st.DrawFn, currency: str = "CNY", *, months: int = 12, max_annual: int = 1_000_000
) -> MonthlyPlan:
    """Plans phased evenly, by weights, or month by month explicitly."""
    annual = Money(Decimal(draw(st.integers(0, max_annual * 100))).scaleb(-2), currency)
    how = draw(st.sampled_from(["even", "weights", "explicit"]))
    if how == "even":
        return MonthlyPlan.even(annual, months)
    if how == "weights":
        weights = draw(st.lists(st.integers(0, 10), min_size=months, max_size=months))
        if not any(weights):
            weights[0] = 1
        return MonthlyPlan.by_weights(annual, weights)
    cents = draw(
        st.lists(st.integers(0, max_annual * 100 // months), min_size=months, max_size=months)
    )
    return MonthlyPlan.explicit([Money(Decimal(c).scaleb(-2), currency) for c in cents])


def authorizations(
    currency: str = "CNY", *, approver: str = "approver", max_value: int = 1_000_000
) -> st.SearchStrategy[Authorization]:
    """Authorizations by ``approver`` with a unique-looking reference."""
    return st.builds(
        Authorization,
        reference=st.integers(1, 10**9).map(lambda n: f"APR-{n}"),
        approved_by=st.just(ActorId(approver)),
        reason=st.sampled_from(["boiler failed", "annual event", "price rise"]),
        amount=positive_money(currency, max_value=max_value),
    )


@st.composite
def budgets(
    draw: st.DrawFn,
    *,
    year: int = 2025,
    currency: str = "CNY",
    max_lines: int = 6,
    rules: st.SearchStrategy[OverrunRule] | None = None,
) -> Budget:
    """A budget for ``year`` with 1 to ``max_lines`` lines, random plans and rules."""
    keys = draw(st.lists(line_keys(), min_size=1, max_size=max_lines, unique=True))
    budget = Budget.open(
        BudgetId(f"BUD-{year}"),
        Period.year(year),
        currency,
        actor=ActorId("finance"),
        at=_OPENED_AT,
    )
    for key in keys:
        budget.open_line(
            key,
            draw(monthly_plans(currency)),
            rule=draw(rules if rules is not None else overrun_rules()),
            actor=ActorId("finance"),
            at=_OPENED_AT,
        )
    budget.collect_events()
    return budget


def budget_state(budget: Budget) -> tuple[object, ...]:
    """Everything a budget holds, read through its public queries, for equality checks.

    Two budgets with equal states answer every query and every command alike: a replayed
    budget must have the state of the one that recorded the events.
    """
    return (
        budget.id,
        budget.fiscal_year,
        budget.currency,
        tuple(sorted(budget.categories)),
        budget.version,
        tuple((line, budget.figures(line)) for line in budget.lines()),
        tuple(budget.commitments()),
        tuple(budget.expense_ids()),
        tuple(sorted(budget.used_authorizations())),
    )


def budget_service_state(service: BudgetService) -> tuple[object, ...]:
    """The state of every budget of ``service``, by id, and which budget covers which year."""
    budgets = sorted(service.budgets, key=lambda b: b.id)
    return (
        service.overrun_policy,
        tuple(budget_state(budget) for budget in budgets),
        tuple(service.budget_for(budget.fiscal_year.start).id for budget in budgets),
        tuple(service.budget_for(budget.fiscal_year.end).id for budget in budgets),
    )
