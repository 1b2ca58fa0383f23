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
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, datetime

import attrs

from backoffice.domain.approvals.documents import DocumentId, DocumentKind
from backoffice.domain.budgets import (
    BUDGET_EVENTS,
    SEED_CATEGORIES,
    Authorization,
    Budget,
    BudgetCheck,
    BudgetId,
    BudgetLineKey,
    CommitmentId,
    ExpenseId,
    MonthlyPlan,
    OverrunRule,
    SpendingCategory,
    arguments,
)
from backoffice.domain.events import DomainEvent
from backoffice.errors import NotFound, ValidationError
from backoffice.policies.overrun import SEED_OVERRUN_POLICY, OverrunPolicy
from backoffice.services.approvals import ApprovalService
from backoffice.services.budget_authorizations import authorization_from
from backoffice.services.budget_repository import BudgetRepository, InMemoryBudgets
from backoffice.values import inputs
from backoffice.values.ids import ActorId, DepartmentId
from backoffice.values.money import Money
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


def _optional_document(value: object) -> DocumentId | None:
    return None if value is None else inputs.entity_id(value, DocumentId, "override")


def _check_common(actor: object, at: object, **texts: object) -> None:
    """Check the actor, the instant and the optional free texts of a command."""
    inputs.actor(actor)
    inputs.instant(at)
    for field, value in texts.items():
        inputs.optional_text(value, field)


@attrs.define
class BudgetService:
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

    def budget(self, budget_id: BudgetId) -> Budget:
        """The budget ``budget_id``.

        Raises:
            NotFound: No such budget.
        """
        budget = self.budgets.get(inputs.entity_id(budget_id, BudgetId, "budget_id"))
        if budget is None:
            raise NotFound("budget", budget_id)
        return budget

    def budget_for(self, on: date) -> Budget:
        """The budget whose fiscal year contains ``on`` (binary search).

        Raises:
            NotFound: No budget covers ``on``.
        """
        if type(on) is not date:  # the hot path of every check: exact dates pass at once
            on = arguments.day(on)
        index = bisect_right(self._starts, on) - 1
        if index >= 0:
            budget = self._in_order[index]
            if on <= budget.fiscal_year.end:
                return budget
        raise NotFound("budget for", on)

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

    # -- control -------------------------------------------------------------------------------

    def check(self, line: BudgetLineKey, amount: Money, *, on: date) -> BudgetCheck:
        """Check ``amount`` on ``line`` in the budget covering ``on``, changing nothing."""
        return self.budget_for(on).check(line, amount, on=on)

    def commit(
        self,
        commitment_id: CommitmentId,
        line: BudgetLineKey,
        amount: Money,
        *,
        on: date,
        reference: str = "",
        override: DocumentId | None = None,
        actor: ActorId,
        at: datetime,
    ) -> BudgetCheck:
        """Commit budget; ``override`` names an approved overrun-override document if needed."""
        line, amount = arguments.line(line), arguments.money(amount)
        budget = self.budget_for(arguments.day(on))
        _check_common(actor, at, reference=reference)
        check = budget.commit(
            commitment_id,
            line,
            amount,
            on=on,
            reference=reference,
            override=self._override(_optional_document(override), line),
            actor=actor,
            at=at,
        )
        self._collect(budget)
        return check

    def reduce_commitment(
        self,
        commitment_id: CommitmentId,
        by: Money,
        *,
        reason: str = "",
        actor: ActorId,
        at: datetime,
    ) -> None:
        """Give back part of a commitment."""
        budget = self._holding(commitment_id)
        _check_common(actor, at, reason=reason)
        budget.reduce_commitment(commitment_id, by, reason=reason, actor=actor, at=at)
        self._collect(budget)

    def release_commitment(
        self, commitment_id: CommitmentId, *, reason: str = "", actor: ActorId, at: datetime
    ) -> Money:
        """Give back all that is left of a commitment; returns it."""
        budget = self._holding(commitment_id)
        _check_common(actor, at, reason=reason)
        released = budget.release_commitment(commitment_id, reason=reason, actor=actor, at=at)
        self._collect(budget)
        return released

    def record_actual(
        self,
        expense_id: ExpenseId,
        commitment_id: CommitmentId,
        amount: Money,
        *,
        on: date,
        final: bool = True,
        override: DocumentId | None = None,
        actor: ActorId,
        at: datetime,
    ) -> BudgetCheck:
        """Book an invoice against a commitment (of the budget holding it)."""
        budget = self._holding(commitment_id)
        amount, on = arguments.money(amount), arguments.day(on)
        _check_common(actor, at)
        inputs.flag(final, "final")
        inputs.entity_id(expense_id, ExpenseId, "expense_id")
        line = budget.commitment(
            inputs.entity_id(commitment_id, CommitmentId, "commitment_id")
        ).line
        check = budget.record_actual(
            expense_id,
            commitment_id,
            amount,
            on=on,
            final=final,
            override=self._override(_optional_document(override), line),
            actor=actor,
            at=at,
        )
        self._collect(budget)
        return check

    def record_direct_expense(
        self,
        expense_id: ExpenseId,
        line: BudgetLineKey,
        amount: Money,
        *,
        on: date,
        override: DocumentId | None = None,
        actor: ActorId,
        at: datetime,
    ) -> BudgetCheck:
        """Book a direct expense on ``line`` in the budget covering ``on``."""
        line, amount = arguments.line(line), arguments.money(amount)
        budget = self.budget_for(arguments.day(on))
        _check_common(actor, at)
        inputs.entity_id(expense_id, ExpenseId, "expense_id")
        check = budget.record_direct_expense(
            expense_id,
            line,
            amount,
            on=on,
            override=self._override(_optional_document(override), line),
            actor=actor,
            at=at,
        )
        self._collect(budget)
        return check

    def transfer(
        self,
        source: BudgetLineKey,
        target: BudgetLineKey,
        amount: Money,
        *,
        on: date,
        approval: DocumentId,
        actor: ActorId,
        at: datetime,
    ) -> None:
        """Move budget between lines under an approved budget-transfer document for ``source``."""
        source, target = arguments.line(source, "source"), arguments.line(target, "target")
        amount, budget = arguments.money(amount), self.budget_for(arguments.day(on))
        _check_common(actor, at)
        approval = inputs.entity_id(approval, DocumentId, "approval")
        authorization = self._approved(approval, DocumentKind.BUDGET_TRANSFER, source)
        budget.transfer(
            source, target, amount, on=on, authorization=authorization, actor=actor, at=at
        )
        self._collect(budget)

    def adjust(
        self,
        line: BudgetLineKey,
        amount: Money,
        *,
        on: date,
        approval: DocumentId,
        actor: ActorId,
        at: datetime,
    ) -> None:
        """Add a supplementary budget (or a cut) under an approved budget-transfer document."""
        line, amount = arguments.line(line), arguments.money(amount)
        budget = self.budget_for(arguments.day(on))
        _check_common(actor, at)
        approval = inputs.entity_id(approval, DocumentId, "approval")
        authorization = self._approved(approval, DocumentKind.BUDGET_TRANSFER, line)
        budget.adjust(line, amount, on=on, authorization=authorization, actor=actor, at=at)
        self._collect(budget)

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

    def _collect(self, budget: Budget) -> None:
        self._outbox.extend(budget.collect_events())

    def _holding(self, commitment_id: CommitmentId) -> Budget:
        commitment_id = inputs.entity_id(commitment_id, CommitmentId, "commitment_id")
        for budget in self.budgets:
            if budget.has_commitment(commitment_id):
                return budget
        raise NotFound("commitment", commitment_id)

    def _approved(
        self, document_id: DocumentId, kind: DocumentKind, line: BudgetLineKey
    ) -> Authorization:
        if self.approvals is None:
            raise ValidationError(
                "approved documents need an approval service; "
                "or pass an Authorization to the budget directly",
                field="approvals",
            )
        return authorization_from(self.approvals.request(document_id), kind, line)

    def _override(
        self, document_id: DocumentId | None, line: BudgetLineKey
    ) -> Authorization | None:
        if document_id is None:
            return None
        return self._approved(document_id, DocumentKind.OVERRUN_OVERRIDE, line)
