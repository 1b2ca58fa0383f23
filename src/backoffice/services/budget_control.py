"""Spending control: commitments, invoices, direct expenses, transfers and adjustments.

Every booking goes to the budget whose fiscal year covers its date, found by binary search
over the fiscal years. A commitment reserves budget on a line; an invoice (an *actual*) is
booked against it, or a direct expense straight on a line; what is left of a commitment can be
given back. An overrun the line's rule does not allow needs an approved ``overrun-override``
document for that line, a transfer between lines or an adjustment (a supplementary budget or a
cut) an approved ``budget-transfer`` document (for the line the money leaves, or the line
adjusted), looked up in the :class:`~backoffice.services.approvals.ApprovalService`.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime

from backoffice.domain.approvals.documents import DocumentId, DocumentKind
from backoffice.domain.budgets import (
    Authorization,
    Budget,
    BudgetCheck,
    BudgetId,
    BudgetLineKey,
    CommitmentId,
    ExpenseId,
    arguments,
)
from backoffice.domain.events import DomainEvent
from backoffice.errors import NotFound, ValidationError
from backoffice.services.approvals import ApprovalService
from backoffice.services.budget_authorizations import authorization_from
from backoffice.services.budget_repository import BudgetRepository
from backoffice.values import inputs
from backoffice.values.ids import ActorId
from backoffice.values.money import Money

__all__ = ["BudgetControl"]


def _optional_document(value: object) -> DocumentId | None:
    return None if value is None else inputs.entity_id(value, DocumentId, "override")


def _check_common(actor: object, at: object, **texts: object) -> None:
    """Check the actor, the instant and the optional free texts of a command."""
    inputs.actor(actor)
    inputs.instant(at)
    for field, value in texts.items():
        inputs.optional_text(value, field)


class BudgetControl:
    """The budget service's look-ups and spending-control commands.

    Not used on its own: :class:`~backoffice.services.budgets.BudgetService` is built on it and
    holds the state declared here.
    """

    __slots__ = ()

    approvals: ApprovalService | None
    budgets: BudgetRepository
    _starts: list[date]
    _in_order: list[Budget]
    _outbox: list[DomainEvent]

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

    # -- internals -----------------------------------------------------------------------------

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
