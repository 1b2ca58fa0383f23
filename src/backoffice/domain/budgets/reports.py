"""Reports: variance and overrun per department and category, and the year-end forecast.

After the fact (事后分析), and every month on the way (每月成本分析), a back office compares
what it planned with what it committed and spent:

* :func:`variance_by` sums the lines by department, by category or line by line, over the
  whole year or up to a month, and gives the **variance** (budget - committed - actual) and
  the **overrun %** (how far spending went past the budget, as a percentage of the budget);
* :func:`forecast_by` projects each group to the year end from its **run rate** (actual
  spending per elapsed month), never below what is already committed.

Both feed the seed KPI "annual back-office spending within budget, overrun <= 5 %": a row
``meets`` a target when its overrun is at most the target.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Final

import attrs

from backoffice.domain.budgets.budget import Budget
from backoffice.domain.budgets.categories import BudgetLineKey
from backoffice.domain.budgets.figures import MonthFigures
from backoffice.domain.budgets.rules import SEED_OVERRUN_TOLERANCE
from backoffice.values.money import Money
from backoffice.values.percent import Percent
from backoffice.values.period import Period

__all__ = ["Forecast", "Grouping", "VarianceRow", "forecast", "forecast_by", "variance_by"]


class Grouping(enum.Enum):
    """How report rows group the budget lines."""

    DEPARTMENT = "department"
    CATEGORY = "category"
    LINE = "line"


_GROUP_OF: Final[dict[Grouping, Callable[[BudgetLineKey], str]]] = {
    Grouping.DEPARTMENT: lambda key: str(key.department),
    Grouping.CATEGORY: lambda key: str(key.category),
    Grouping.LINE: str,
}


def _overrun(spent: Money, budget: Money) -> Percent | None:
    """Spending past the budget as a percentage of it; ``None`` if there was no budget."""
    over = spent - budget
    if not over.is_positive():
        return Percent(0)
    if not budget.is_positive():
        return None
    return Percent.of(over.amount, budget.amount)


def _meets(overrun: Percent | None, target: Percent) -> bool:
    return overrun is not None and overrun <= target


@attrs.frozen(kw_only=True)
class VarianceRow:
    """Budget against spending for one group of lines.

    Attributes:
        group: The department id, the category code, or the line (``"DEP-ADMIN/utilities"``).
        figures: The group's figures summed over its lines and over the report's months.
    """

    group: str
    figures: MonthFigures

    @property
    def budget(self) -> Money:
        """Plan plus adjustments."""
        return self.figures.budget

    @property
    def spent(self) -> Money:
        """Committed plus actual."""
        return self.figures.spent

    @property
    def variance(self) -> Money:
        """Budget less spent: positive is under budget, negative over."""
        return self.figures.available

    @property
    def overrun(self) -> Percent | None:
        """Spending past the budget as a % of the budget (0 if within; ``None``: no budget)."""
        return _overrun(self.spent, self.budget)

    def meets(self, target: Percent = SEED_OVERRUN_TOLERANCE) -> bool:
        """Whether the overrun is at most ``target`` (the seed KPI: 5 %)."""
        return _meets(self.overrun, target)


def _through_month(budget: Budget, through: date | None) -> int:
    return len(budget.months) - 1 if through is None else budget.month_index(through)


def variance_by(
    budget: Budget, grouping: Grouping = Grouping.DEPARTMENT, *, through: date | None = None
) -> list[VarianceRow]:
    """Variance and overrun per group, for the year or up to the month of ``through``.

    Args:
        budget: The budget.
        grouping: By department, by category or line by line.
        through: Report the year to date up to the end of this date's month; the whole
            fiscal year if omitted.

    Returns:
        One row per group, sorted by group.
    """
    last = _through_month(budget, through)
    groups: dict[str, list[MonthFigures]] = {}
    for key in budget.lines():
        groups.setdefault(_GROUP_OF[grouping](key), []).append(budget.figures(key).to_date(last))
    period = Period(budget.fiscal_year.start, budget.months[last].end)
    return [
        VarianceRow(group=group, figures=MonthFigures.combine(period, parts))
        for group, parts in sorted(groups.items())
    ]


@attrs.frozen(kw_only=True)
class Forecast:
    """A group's spending projected to the year end from its run rate.

    ``year_end = actual_to_date + max(run_rate x months_remaining, committed + actual_later)``:
    the run rate carries the year's pattern forward, but the forecast never falls below the
    money already promised (open commitments) or booked for later months.

    Attributes:
        group: As in :class:`VarianceRow`.
        through: The elapsed months (fiscal year start to the end of the month reported on).
        budget: The annual budget (plan plus adjustments).
        actual_to_date: Actual spending in the elapsed months.
        run_rate: Actual spending per elapsed month, rounded to the smallest unit
            (banker's rounding).
        months_remaining: Months of the fiscal year after ``through``.
        committed: Open commitments, whatever their month.
        actual_later: Actual spending already booked in the remaining months.
        year_end: The forecast of the year's spending.
    """

    group: str
    through: Period
    budget: Money
    actual_to_date: Money
    run_rate: Money
    months_remaining: int
    committed: Money
    actual_later: Money
    year_end: Money

    @property
    def variance(self) -> Money:
        """Budget less the forecast: negative means a projected overrun."""
        return self.budget - self.year_end

    @property
    def overrun(self) -> Percent | None:
        """Projected spending past the budget, as a % of the budget."""
        return _overrun(self.year_end, self.budget)

    def meets(self, target: Percent = SEED_OVERRUN_TOLERANCE) -> bool:
        """Whether the projected overrun is at most ``target`` (the seed KPI: 5 %)."""
        return _meets(self.overrun, target)


def _project(
    group: str, budget: Budget, rows: list[tuple[MonthFigures, ...]], last: int
) -> Forecast:
    months = budget.months
    zero = Money.zero(budget.currency)

    def total(pick: Callable[[MonthFigures], Money], span: range) -> Money:
        return sum((pick(row[k]) for row in rows for k in span), zero)

    elapsed = range(last + 1)
    later = range(last + 1, len(months))
    actual_to_date = total(lambda m: m.actual, elapsed)
    run_rate = Money(actual_to_date.amount / Decimal(last + 1), budget.currency).rounded()
    committed = total(lambda m: m.committed, range(len(months)))
    actual_later = total(lambda m: m.actual, later)
    projected = run_rate * len(later)
    known = committed + actual_later
    return Forecast(
        group=group,
        through=Period(months[0].start, months[last].end),
        budget=total(lambda m: m.budget, range(len(months))),
        actual_to_date=actual_to_date,
        run_rate=run_rate,
        months_remaining=len(later),
        committed=committed,
        actual_later=actual_later,
        year_end=actual_to_date + (projected if projected > known else known),
    )


def forecast(budget: Budget, line: BudgetLineKey, *, through: date) -> Forecast:
    """The year-end forecast of one line, from the months up to the end of ``through``'s month."""
    return _project(str(line), budget, [budget.figures(line).months], budget.month_index(through))


def forecast_by(
    budget: Budget, grouping: Grouping = Grouping.DEPARTMENT, *, through: date
) -> list[Forecast]:
    """Year-end forecasts per group (see :class:`Forecast`), sorted by group."""
    last = budget.month_index(through)
    groups: dict[str, list[tuple[MonthFigures, ...]]] = {}
    for key in budget.lines():
        groups.setdefault(_GROUP_OF[grouping](key), []).append(budget.figures(key).months)
    return [_project(group, budget, rows, last) for group, rows in sorted(groups.items())]
