"""Where the budget service keeps its budgets, and the queries an embedding system asks of them.

:class:`BudgetRepository` is the small protocol the
:class:`~backoffice.services.budgets.BudgetService` stores its budgets through;
:class:`InMemoryBudgets` is the default. An embedder keeping budgets elsewhere implements the
same few methods (and restores each budget from its events with
:meth:`Budget.replay <backoffice.domain.budgets.Budget.replay>`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

import attrs

from backoffice.domain.budgets import Budget, BudgetId, BudgetLineKey
from backoffice.values.ids import DepartmentId

__all__ = ["BudgetRepository", "InMemoryBudgets"]


class BudgetRepository(Protocol):
    """The budgets of an organisation, by id."""

    def add(self, budget: Budget) -> None:
        """Keep a newly opened (or restored) budget."""
        ...

    def get(self, budget_id: BudgetId) -> Budget | None:
        """The budget ``budget_id``, or ``None``."""
        ...

    def __iter__(self) -> Iterator[Budget]:
        """Every budget, in the order they were added."""
        ...

    def lines_of(self, department: DepartmentId) -> list[tuple[BudgetId, BudgetLineKey]]:
        """The open lines of ``department`` in every budget, by budget then category."""
        ...


@attrs.define
class InMemoryBudgets:
    """Budgets in a dict, in the order they were added.

    Example:
        >>> budgets = InMemoryBudgets()
        >>> budgets.get(BudgetId("BUD-2025")) is None, list(budgets)
        (True, [])
    """

    _budgets: dict[BudgetId, Budget] = attrs.field(factory=dict, repr=False)

    def add(self, budget: Budget) -> None:
        """Keep ``budget`` (replacing one with the same id)."""
        self._budgets[budget.id] = budget

    def get(self, budget_id: BudgetId) -> Budget | None:
        """The budget ``budget_id``, or ``None``."""
        return self._budgets.get(budget_id)

    def __iter__(self) -> Iterator[Budget]:
        return iter(list(self._budgets.values()))

    def lines_of(self, department: DepartmentId) -> list[tuple[BudgetId, BudgetLineKey]]:
        """The open lines of ``department`` in every budget, by budget id then category."""
        return [
            (budget.id, line)
            for budget in sorted(self._budgets.values(), key=lambda b: b.id)
            for line in budget.lines()
            if line.department == department
        ]
