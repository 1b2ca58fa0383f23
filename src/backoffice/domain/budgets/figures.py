"""Figures: plan vs committed vs actual vs available, per month and to date.

The numbers a budget holder looks at every month (每月成本分析): for one line and one month,
what was planned, how it was adjusted, what is committed, what is spent and what is left. The
same arithmetic holds for any run of months (a quarter, the year to date, the whole year)::

    budget    = plan + adjustments
    spent     = committed + actual
    available = budget - spent
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from backoffice.domain.budgets.categories import BudgetLineKey
from backoffice.domain.budgets.rules import OverrunRule
from backoffice.errors import ValidationError
from backoffice.values.money import Money
from backoffice.values.period import Period

__all__ = ["LineFigures", "MonthFigures"]


@attrs.frozen(kw_only=True)
class MonthFigures:
    """A line's figures over one month, or summed over a run of months.

    Attributes:
        period: The month (or run of months) the figures cover.
        plan: The amount allocated when the budget was drawn up.
        adjustments: Supplementary budgets and transfers in, less cuts and transfers out.
        committed: Open commitments.
        actual: Invoiced and directly expensed.
        overrides: Excess over the limit permitted by approved overrides.
    """

    period: Period
    plan: Money
    adjustments: Money
    committed: Money
    actual: Money
    overrides: Money

    @property
    def budget(self) -> Money:
        """Plan plus adjustments."""
        return self.plan + self.adjustments

    @property
    def spent(self) -> Money:
        """Committed plus actual."""
        return self.committed + self.actual

    @property
    def available(self) -> Money:
        """Budget less committed less actual (negative when overspent)."""
        return self.budget - self.spent

    @classmethod
    def combine(cls, period: Period, parts: Sequence[MonthFigures]) -> MonthFigures:
        """The sum of ``parts`` (at least one), reported over ``period``."""
        if not parts:
            raise ValidationError("nothing to combine", field="parts")

        def add(field: str) -> Money:
            values: list[Money] = [getattr(part, field) for part in parts]
            return sum(values[1:], values[0])

        return cls(
            period=period,
            plan=add("plan"),
            adjustments=add("adjustments"),
            committed=add("committed"),
            actual=add("actual"),
            overrides=add("overrides"),
        )


@attrs.frozen(kw_only=True)
class LineFigures:
    """The figures of one budget line, month by month.

    Attributes:
        line: The line.
        rule: Its overrun rule.
        months: One :class:`MonthFigures` per month of the fiscal year, in order.
    """

    line: BudgetLineKey
    rule: OverrunRule
    months: tuple[MonthFigures, ...]

    @property
    def total(self) -> MonthFigures:
        """The whole fiscal year."""
        return self.to_date(len(self.months) - 1)

    def to_date(self, month: int) -> MonthFigures:
        """Cumulative figures from the first month up to month index ``month`` included."""
        if not 0 <= month < len(self.months):
            raise ValidationError(
                f"month index must be 0-{len(self.months) - 1}, got {month}",
                field="month",
                value=month,
            )
        parts = self.months[: month + 1]
        return MonthFigures.combine(Period(parts[0].period.start, parts[-1].period.end), parts)

    @property
    def limit(self) -> Money:
        """The annual limit: budget x (1 + tolerance) plus overrides."""
        total = self.total
        return total.budget * self.rule.limit_factor + total.overrides
