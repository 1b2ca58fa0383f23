"""Budget metrics: execution rate and overrun, per department, category or line.

Built on the budget reports (:func:`~backoffice.domain.budgets.reports.variance_by`): for each
group of budget lines, over the fiscal year or up to a month,

* ``budget_execution_rate`` (预算执行率): actual spending as a share of the budget;
* ``budget_commitment_rate``: committed plus actual (what is spent or promised) as a share;
* ``budget_overrun`` (超出控制比例): spending past the budget as a share of it, 0 % when within
  (the seed KPI: at most 5 %); no value when the group has no budget.

Each figure rests on the number of budget lines in the group.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Final

from backoffice.domain.budgets.budget import Budget
from backoffice.domain.budgets.categories import BudgetLineKey
from backoffice.domain.budgets.reports import Grouping, variance_by
from backoffice.domain.metrics.figures import Figure
from backoffice.values import Money, Percent

__all__ = ["BUDGET_FIGURES", "budget_figures_by"]

#: The names of the budget figures.
BUDGET_FIGURES: Final = ("budget_execution_rate", "budget_commitment_rate", "budget_overrun")

_GROUP_OF: Final[dict[Grouping, Callable[[BudgetLineKey], str]]] = {
    Grouping.DEPARTMENT: lambda key: str(key.department),
    Grouping.CATEGORY: lambda key: str(key.category),
    Grouping.LINE: str,
}


def _share(part: Money, whole: Money, lines: int) -> Figure[Percent]:
    if not whole.is_positive():
        return Figure(None, lines)
    return Figure(Percent.of(part.amount, whole.amount), lines)


def budget_figures_by(
    budget: Budget, grouping: Grouping = Grouping.DEPARTMENT, *, through: date | None = None
) -> dict[str, dict[str, Figure[Any]]]:
    """The budget figures per group, for the year or up to the end of ``through``'s month.

    Example: ``budget_figures_by(budget)["DEP-ADMIN"]["budget_overrun"]``.
    """
    lines: dict[str, int] = {}
    for key in budget.lines():
        group = _GROUP_OF[grouping](key)
        lines[group] = lines.get(group, 0) + 1
    result: dict[str, dict[str, Figure[Any]]] = {}
    for row in variance_by(budget, grouping, through=through):
        count = lines.get(row.group, 0)
        result[row.group] = {
            "budget_execution_rate": _share(row.figures.actual, row.budget, count),
            "budget_commitment_rate": _share(row.spent, row.budget, count),
            "budget_overrun": Figure(row.overrun, count if row.overrun is not None else 0),
        }
    return result
