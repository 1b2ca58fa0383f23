"""Booking spending on the budget: commitments, their release, invoices and direct expenses.

The commands by which money flows through a budget line: **commit** (an approved requisition
or purchase order), **reduce** or **release** a commitment (the money comes back), **record an
actual** against a commitment (an invoice), or **record a direct expense** (a bill never
committed). Each is checked against the line first and enforced under its overrun rule (see
:mod:`~backoffice.domain.budgets.control`).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from backoffice.domain.budgets import arguments
from backoffice.domain.budgets.authorization import Authorization
from backoffice.domain.budgets.categories import BudgetLineKey, CommitmentId, ExpenseId
from backoffice.domain.budgets.commitments import CommitmentRecord
from backoffice.domain.budgets.control import BudgetCheck, Enforcement, enforce
from backoffice.domain.budgets.errors import AlreadyRecorded
from backoffice.domain.budgets.events import (
    ActualRecorded,
    BudgetCommitted,
    BudgetOverrunOverridden,
    BudgetOverrunWarned,
    CommitmentReduced,
    CommitmentReleased,
)
from backoffice.domain.budgets.recorder import BudgetRecorder
from backoffice.errors import ValidationError
from backoffice.values import inputs
from backoffice.values.ids import ActorId
from backoffice.values.money import Money

__all__ = ["BudgetBooking"]


class BudgetBooking(BudgetRecorder):
    """The spending commands of :class:`~backoffice.domain.budgets.budget.Budget`."""

    __slots__ = ()

    def commit(
        self,
        commitment_id: CommitmentId,
        line: BudgetLineKey,
        amount: Money,
        *,
        on: date | None = None,
        reference: str = "",
        override: Authorization | None = None,
        actor: ActorId,
        at: datetime,
    ) -> BudgetCheck:
        """Commit budget for an approved requisition or purchase order.

        Args:
            commitment_id: The commitment's id (refused if already used).
            line: The budget line to book on.
            amount: The amount committed.
            on: The booking date (the date of ``at`` if omitted).
            reference: The requisition or purchase order number.
            override: An approved override, needed if a "stop" line would go past its limit.
            actor: Who commits.
            at: When.

        Returns:
            The budget check the commitment passed.

        Raises:
            BudgetExceeded: A "stop" line would go past its limit and no override covers it.
            InvalidAuthorization: The override does not hold.
            AlreadyRecorded: The commitment id is used already.
        """
        commitment_id = inputs.entity_id(commitment_id, CommitmentId, "commitment_id")
        line, amount = arguments.line(line), arguments.money(amount)
        at, actor = inputs.instant(at), inputs.actor(actor)
        on = arguments.optional_day(on, at)
        reference = inputs.optional_text(reference, "reference")
        override = arguments.optional_authorization(override)
        ledger = self._ledger
        if commitment_id in ledger.commitments:
            raise AlreadyRecorded("commitment", commitment_id)
        check = ledger.check(line, amount, on)
        rule = ledger.lines[line].rule
        outcome = enforce(check, rule, override=override, actor=actor, used=ledger.authorizations)
        ledger.book_commitment(
            CommitmentRecord(
                commitment_id,
                line,
                on=on,
                month=ledger.month(on),
                amount=amount.amount,
                reference=reference,
                lift=outcome.lift,
            )
        )
        self._record(
            BudgetCommitted,
            actor,
            at,
            commitment=commitment_id,
            line=line,
            on=on,
            amount=amount,
            reference=reference,
            verdict=check.verdict,
        )
        self._record_overrun(check, outcome, commitment_id, actor, at)
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
        """Give back part of a commitment (the order came in cheaper, an item was dropped).

        Raises:
            CommitmentNotFound: No such commitment.
            CommitmentClosed: It holds nothing any more.
            ValidationError: ``by`` is not positive or more than is still committed.
        """
        commitment_id = inputs.entity_id(commitment_id, CommitmentId, "commitment_id")
        by, reason = arguments.money(by, "by"), inputs.optional_text(reason, "reason")
        at, actor = inputs.instant(at), inputs.actor(actor)
        record = self._ledger.open_commitment(commitment_id, "reduce")
        value = self._ledger.positive(by)
        if value > record.open:
            raise ValidationError(
                f"cannot reduce commitment {commitment_id} by {by}: only "
                f"{Money(record.open, self.currency)} is still committed",
                field="by",
                value=by,
            )
        self._ledger.give_back(record, value)
        self._record(
            CommitmentReduced,
            actor,
            at,
            commitment=commitment_id,
            line=record.line,
            by=by,
            open_amount=Money(record.open, self.currency),
            reason=reason,
        )

    def release_commitment(
        self, commitment_id: CommitmentId, *, reason: str = "", actor: ActorId, at: datetime
    ) -> Money:
        """Give back all that is left of a commitment (the order was cancelled); returns it.

        Raises:
            CommitmentNotFound: No such commitment.
            CommitmentClosed: It holds nothing any more.
        """
        commitment_id = inputs.entity_id(commitment_id, CommitmentId, "commitment_id")
        reason = inputs.optional_text(reason, "reason")
        at, actor = inputs.instant(at), inputs.actor(actor)
        record = self._ledger.open_commitment(commitment_id, "release")
        released = Money(record.open, self.currency)
        self._ledger.give_back(record, record.open)
        self._record(
            CommitmentReleased,
            actor,
            at,
            commitment=commitment_id,
            line=record.line,
            released=released,
            reason=reason,
        )
        return released

    def record_actual(
        self,
        expense_id: ExpenseId,
        commitment_id: CommitmentId,
        amount: Money,
        *,
        on: date | None = None,
        final: bool = True,
        override: Authorization | None = None,
        actor: ActorId,
        at: datetime,
    ) -> BudgetCheck:
        """Book an invoice against a commitment: committed money becomes actual.

        The invoice takes over the commitment up to its open amount; a final invoice (the
        default) gives back whatever is left of it. The invoice is checked as if the
        commitment had been released first, so one larger than the commitment may need an
        override on a "stop" line for the difference.

        Args:
            expense_id: The invoice's id (refused if already used).
            commitment_id: The commitment invoiced.
            amount: The invoiced amount.
            on: The invoice's booking date (the date of ``at`` if omitted).
            final: Whether this invoice closes the commitment.
            override: An approved override, if the invoice goes past a "stop" line's limit.
            actor: Who books it.
            at: When.

        Returns:
            The budget check of the invoice.
        """
        expense_id = inputs.entity_id(expense_id, ExpenseId, "expense_id")
        commitment_id = inputs.entity_id(commitment_id, CommitmentId, "commitment_id")
        amount, final = arguments.money(amount), inputs.flag(final, "final")
        at, actor = inputs.instant(at), inputs.actor(actor)
        on = arguments.optional_day(on, at)
        override = arguments.optional_authorization(override)
        ledger = self._ledger
        if expense_id in ledger.expenses:
            raise AlreadyRecorded("expense", expense_id)
        record = ledger.open_commitment(commitment_id, "invoice")
        value = ledger.positive(amount)
        month = ledger.month(on)
        totals = ledger.lines[record.line]
        consumed = min(value, record.open)
        released = record.open - consumed if final else Decimal(0)
        room, slack = totals.rooms_after(
            month, {record.month: consumed + released}, {record.month: min(record.lift, released)}
        )
        check = BudgetCheck.of(record.line, on, amount, totals.rule, room=room, slack=slack)
        outcome = enforce(
            check, totals.rule, override=override, actor=actor, used=ledger.authorizations
        )
        ledger.invoice(record, value, released)
        ledger.book_actual(record.line, expense_id, month, value, outcome.lift)
        self._record(
            ActualRecorded,
            actor,
            at,
            expense=expense_id,
            line=record.line,
            on=on,
            amount=amount,
            commitment=commitment_id,
            released=Money(released, self.currency),
            verdict=check.verdict,
        )
        self._record_overrun(check, outcome, expense_id, actor, at)
        return check

    def record_direct_expense(
        self,
        expense_id: ExpenseId,
        line: BudgetLineKey,
        amount: Money,
        *,
        on: date | None = None,
        override: Authorization | None = None,
        actor: ActorId,
        at: datetime,
    ) -> BudgetCheck:
        """Book actual spending that was never committed (a utility bill, a petty-cash receipt).

        Checked like a commitment; see :meth:`commit` for the arguments and errors.
        """
        expense_id = inputs.entity_id(expense_id, ExpenseId, "expense_id")
        line, amount = arguments.line(line), arguments.money(amount)
        at, actor = inputs.instant(at), inputs.actor(actor)
        on = arguments.optional_day(on, at)
        override = arguments.optional_authorization(override)
        ledger = self._ledger
        if expense_id in ledger.expenses:
            raise AlreadyRecorded("expense", expense_id)
        check = ledger.check(line, amount, on)
        rule = ledger.lines[line].rule
        outcome = enforce(check, rule, override=override, actor=actor, used=ledger.authorizations)
        ledger.book_actual(line, expense_id, ledger.month(on), amount.amount, outcome.lift)
        self._record(
            ActualRecorded,
            actor,
            at,
            expense=expense_id,
            line=line,
            on=on,
            amount=amount,
            commitment=None,
            released=Money.zero(self.currency),
            verdict=check.verdict,
        )
        self._record_overrun(check, outcome, expense_id, actor, at)
        return check

    def _record_overrun(
        self,
        check: BudgetCheck,
        outcome: Enforcement,
        record: CommitmentId | ExpenseId,
        actor: ActorId,
        at: datetime,
    ) -> None:
        """Record the warning or the override an overrun came with, if any."""
        authorization = outcome.authorization
        if outcome.warn:
            self._record(
                BudgetOverrunWarned,
                actor,
                at,
                line=check.line,
                on=check.on,
                record=str(record),
                requested=check.requested,
                headroom=check.headroom,
                excess=check.excess,
            )
        if authorization is not None:
            self._ledger.authorizations.add(authorization.reference)
            self._record(
                BudgetOverrunOverridden,
                actor,
                at,
                line=check.line,
                on=check.on,
                record=str(record),
                requested=check.requested,
                excess=check.excess,
                authorization=authorization,
            )
