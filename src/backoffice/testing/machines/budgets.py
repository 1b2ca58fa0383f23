"""A state machine that runs a budget under your overrun policy, checking the laws each step.

:class:`OverrunPolicyMachine` opens a budget's lines through a real
:class:`~backoffice.services.budgets.BudgetService` with your policy, then applies the
commands hypothesis draws (:func:`~backoffice.testing.histories.budget_commands`:
commitments, direct expenses, invoices, releases, some with an approved override) one step at
a time. After every step it checks the overrun laws (see
:mod:`backoffice.testing.laws.overrun`): every line's figures add up against a model of the
commands accepted, and no "stop" line is past its tolerance beyond the overrides recorded.

Use it by subclassing and setting :attr:`~OverrunPolicyMachine.policy`::

    class MyBudgetMachine(OverrunPolicyMachine):
        policy = CategoryOverrunPolicy.from_dict(my_rules)

    TestMyBudget = MyBudgetMachine.TestCase
"""

from __future__ import annotations

from typing import ClassVar

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from backoffice.domain.budgets import BudgetLineKey, MonthlyPlan
from backoffice.policies.overrun import OverrunPolicy
from backoffice.testing.budgets import line_keys, monthly_plans
from backoffice.testing.histories import BudgetCommand, budget_commands
from backoffice.testing.laws.overrun import (
    AVAILABLE_ADDS_UP,
    STOP_HOLDS,
    OverrunLawCheck,
    _rule_of,
)

__all__ = ["OverrunPolicyMachine"]


class OverrunPolicyMachine(RuleBasedStateMachine):
    """Random budget histories under :attr:`policy`; the overrun laws after every step.

    Attributes:
        policy: Your overrun policy (set it in a subclass).
        lines: The budget lines to open (:func:`~backoffice.testing.budgets.line_keys` by
            default).
    """

    policy: ClassVar[OverrunPolicy | None] = None
    lines: ClassVar[st.SearchStrategy[BudgetLineKey] | None] = None

    def __init__(self) -> None:
        super().__init__()
        if self.policy is None:
            raise TypeError(f"{type(self).__name__} needs a policy: set the class attribute")
        self.law: OverrunLawCheck | None = None

    @initialize(
        keys=st.lists(line_keys(), min_size=1, max_size=3, unique=True),
        plans=st.lists(monthly_plans(max_annual=100_000), min_size=3, max_size=3),
    )
    def open_the_budget(self, keys: list[BudgetLineKey], plans: list[MonthlyPlan]) -> None:
        """A budget for 2025 opens with its lines, each under the rule the policy decides."""
        assert self.policy is not None
        for key in keys:
            _rule_of(self.policy, key)  # every line gets a rule, the same each time
        self.law = OverrunLawCheck(self.policy, (AVAILABLE_ADDS_UP, STOP_HOLDS), keys, plans)
        self.law.budget.collect_events()

    @precondition(lambda self: self.law is not None)
    @rule(command=budget_commands(max_amount=60_000))
    def book(self, command: BudgetCommand) -> None:
        """A commitment, expense, invoice or release is booked (or refused)."""
        assert self.law is not None
        self.law.step(command)

    @invariant()
    def the_figures_add_up_and_stops_hold(self) -> None:
        """The figures add up and stops hold."""
        if self.law is not None:
            self.law.check()
