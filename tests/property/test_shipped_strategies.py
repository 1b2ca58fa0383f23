"""The shipped strategies run cleanly under the project's warnings-as-errors."""

from __future__ import annotations

from hypothesis import given, settings

from backoffice import Budget, OverrunAction
from backoffice.testing.budgets import budgets, overrun_rules


@settings(max_examples=10)
@given(budgets(rules=overrun_rules(actions=[OverrunAction.WARN])))
def test_budgets_with_given_rules_draw_without_a_hypothesis_warning(budget: Budget) -> None:
    assert budget.lines()
    assert all(budget.rule(line).action is OverrunAction.WARN for line in budget.lines())
