"""The budget service: budgets of several fiscal years, the overrun policy and approvals wired in.

:class:`BudgetService` is what an embedding system calls to run its budgets:

* it opens budgets (one per fiscal year) and finds the one covering a booking date by binary
  search over the fiscal years;
* it opens lines with the rule its :class:`~backoffice.policies.overrun.OverrunPolicy` decides
  for them, and re-rules every line when the policy changes (recorded);
* it turns **approved documents** of the
  :class:`~backoffice.services.approvals.ApprovalService` into the authorizations that
  overrides, transfers and adjustments need: an overrun override needs an approved
  ``overrun-override`` document for that line, a transfer or an adjustment an approved
  ``budget-transfer`` document (for the line the money leaves, or the line adjusted).

The look-ups and the spending-control commands (commit, book actuals and direct expenses,
transfer, adjust) are in :mod:`backoffice.services.budget_control`; :class:`BudgetService`
is built on them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, datetime

import attrs

from backoffice.domain.budgets import (
    BUDGET_EVENTS,
    SEED_CATEGORIES,
    Budget,
    BudgetId,
    BudgetLineKey,
    MonthlyPlan,
    OverrunRule,
    SpendingCategory,
    arguments,
)
from backoffice.domain.events import DomainEvent
from backoffice.errors import ValidationError
from backoffice.policies.overrun import SEED_OVERRUN_POLICY, OverrunPolicy
from backoffice.services.approvals import ApprovalService
from backoffice.services.budget_authorizations import authorization_from
from backoffice.services.budget_control import BudgetControl
from backoffice.services.budget_repository import BudgetRepository, InMemoryBudgets
from backoffice.values import inputs
from backoffice.values.ids import ActorId, DepartmentId
from backoffice.values.period import Period

__all__ = ["BudgetService", "authorization_from"]


def _decided(policy: OverrunPolicy, line: BudgetLineKey) -> OverrunRule:
    """The rule ``policy`` decides for ``line``, checked to be one."""
    rule = policy.rule_for(line)
    if not isinstance(rule, OverrunRule):
        raise ValidationError(
            f"the overrun policy decided {rule!r} for {line}, not an OverrunRule",
            field="policy",
            value=rule,
        )
    return rule


@attrs.define
class BudgetService(BudgetControl):
    """Budgets per fiscal year, under an overrun policy, with approvals for the exceptions.

    Attributes:
        overrun_policy: Decides each line's overrun rule (the seed: stop at budget + 5 %).
        approvals: Where approved documents are looked up for overrides, transfers and
            adjustments; without it those need an :class:`Authorization` on the budget itself.
        budgets: Where the budgets are kept (in memory by default).
    """

    overrun_policy: OverrunPolicy = SEED_OVERRUN_POLICY
    approvals: ApprovalService | None = None
    budgets: BudgetRepository = attrs.field(factory=InMemoryBudgets, repr=False)
    # Fiscal-year starts, sorted, and the budgets in the same order (fiscal years never overlap).
    _starts: list[date] = attrs.field(factory=list, repr=False)
    _in_order: list[Budget] = attrs.field(factory=list, repr=False)
    _outbox: list[DomainEvent] = attrs.field(factory=list, repr=False)

    # -- budgets and lines ---------------------------------------------------------------------

    def open_budget(
        self,
        budget_id: BudgetId,
        fiscal_year: Period,
        currency: str,
        *,
        categories: Iterable[SpendingCategory] = SEED_CATEGORIES,
        actor: ActorId,
        at: datetime,
    ) -> Budget:
        """Open the budget of a fiscal year that overlaps no other budget's.

        Raises:
            ValidationError: The id is used, or the fiscal year overlaps another budget's.
        """
        budget_id = inputs.entity_id(budget_id, BudgetId, "budget_id")
        fiscal_year = arguments.period(fiscal_year)
        self._check_new(budget_id, fiscal_year)
        budget = Budget.open(
            budget_id, fiscal_year, currency, categories=categories, actor=actor, at=at
        )
        self._adopt(budget)
        self._collect(budget)
        return budget

    @classmethod
    def restore(
        cls,
        events: Iterable[DomainEvent],
        *,
        overrun_policy: OverrunPolicy = SEED_OVERRUN_POLICY,
        approvals: ApprovalService | None = None,
        budgets: BudgetRepository | None = None,
    ) -> BudgetService:
        """A service rebuilt from the events its budgets recorded, ready to work.

        Every budget is replayed (:meth:`Budget.replay`) from its own events, which may be
        interleaved with other budgets' (and other aggregates' events, which are skipped):
        lines, rules, commitments, expense ids and used authorizations are back, and the
        fiscal-year index finds each budget by date again. Nothing is pending.

        Args:
            events: The events, oldest first (as :meth:`collect_events` handed them over).
            overrun_policy: The policy that decides the rule of lines opened from now on; the
                rules of existing lines are the recorded ones.
            approvals: The approval service approved documents are looked up in.
            budgets: An empty repository to keep the budgets in (in memory by default).

        Raises:
            ValidationError: A budget's events are out of sequence or do not start with its
                opening; two budgets share an id or overlap.
        """
        streams: dict[str, list[DomainEvent]] = {}
        for event in events:
            if isinstance(event, BUDGET_EVENTS):
                streams.setdefault(event.aggregate_id, []).append(event)
        service = cls(
            overrun_policy, approvals, budgets if budgets is not None else InMemoryBudgets()
        )
        for stream in streams.values():
            budget = Budget.replay(stream)
            service._check_new(budget.id, budget.fiscal_year)
            service._adopt(budget)
        return service

    def open_line(
        self,
        budget_id: BudgetId,
        line: BudgetLineKey,
        plan: MonthlyPlan,
        *,
        actor: ActorId,
        at: datetime,
    ) -> OverrunRule:
        """Open ``line`` on the budget with the rule the overrun policy decides; returns it."""
        budget = self.budget(budget_id)
        rule = _decided(self.overrun_policy, arguments.line(line))
        budget.open_line(line, plan, rule=rule, actor=actor, at=at)
        self._collect(budget)
        return rule

    def apply_policy(self, policy: OverrunPolicy, *, actor: ActorId, at: datetime) -> int:
        """Adopt ``policy`` and re-rule every line by it (recorded); returns the lines changed.

        The policy is asked for every line's rule, and the arguments checked, before anything
        changes: a policy that fails (or is not a policy) is not installed.

        Raises:
            ValidationError: ``policy`` has no ``rule_for`` or decides something not an
                :class:`OverrunRule`; ``actor`` or ``at`` are not valid.
        """
        who, at = inputs.actor(actor), inputs.instant(at)
        if not callable(getattr(policy, "rule_for", None)):
            raise ValidationError(
                f"policy must be an overrun policy (with rule_for), got {type(policy).__name__}",
                field="policy",
                value=policy,
            )
        decided = [
            (budget, line, _decided(policy, line))
            for budget in self.budgets
            for line in budget.lines()
        ]
        self.overrun_policy = policy
        changed = 0
        for budget, line, rule in decided:
            changed += budget.change_rule(line, rule, actor=who, at=at)
        for budget in self.budgets:
            self._collect(budget)
        return changed

    def collect_events(self) -> list[DomainEvent]:
        """The events of every budget changed since the last call, oldest first."""
        events, self._outbox = self._outbox, []
        return events

    # -- internals -----------------------------------------------------------------------------

    def lines_of(self, department: DepartmentId) -> list[tuple[BudgetId, BudgetLineKey]]:
        """The open lines of ``department`` in every budget, by budget then category."""
        return self.budgets.lines_of(department)

    def _check_new(self, budget_id: BudgetId, fiscal_year: Period) -> None:
        if self.budgets.get(budget_id) is not None:
            raise ValidationError(f"budget {budget_id} exists already", field="budget_id")
        for other in self.budgets:
            if other.fiscal_year.overlaps(fiscal_year):
                raise ValidationError(
                    f"fiscal year {fiscal_year.start} to {fiscal_year.end} overlaps {other.id}",
                    field="fiscal_year",
                )

    def _adopt(self, budget: Budget) -> None:
        """Keep ``budget`` and index it by the start of its fiscal year."""
        self.budgets.add(budget)
        index = bisect_right(self._starts, budget.fiscal_year.start)
        self._starts.insert(index, budget.fiscal_year.start)
        self._in_order.insert(index, budget)
