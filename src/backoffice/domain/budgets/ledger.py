"""The budget ledger: the lines' running totals, the commitments and the ids already used.

The bookkeeping half of a :class:`~backoffice.domain.budgets.budget.Budget`: it finds lines and
months, validates amounts, and applies changes to the running totals. It records no events and
enforces no rule; the budget does both, so every change goes through a command.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

from backoffice.domain.budgets.categories import (
    BudgetLineKey,
    CommitmentId,
    ExpenseId,
    SpendingCategory,
)
from backoffice.domain.budgets.commitments import Commitment, CommitmentRecord
from backoffice.domain.budgets.control import BudgetCheck, BudgetVerdict
from backoffice.domain.budgets.errors import (
    BudgetLineNotFound,
    CommitmentClosed,
    CommitmentNotFound,
    InsufficientBudget,
    OutsideFiscalYear,
    UnknownCategory,
)
from backoffice.domain.budgets.figures import LineFigures, MonthFigures
from backoffice.domain.budgets.totals import LineTotals, as_money
from backoffice.errors import CurrencyMismatch, ValidationError
from backoffice.values.money import Money
from backoffice.values.period import Period

__all__ = ["BudgetLedger"]

_ZERO: Final = Decimal(0)


class BudgetLedger:
    """Running totals per line and month, commitment records, used ids (internal).

    Attributes:
        fiscal_year: The budget's period.
        months: Its months, in order.
        currency: The budget's currency.
        categories: The chart of spending categories.
        lines: Running totals by line.
        commitments: Commitment records by id.
        expenses: Ids of the actuals booked.
        authorizations: References of the authorizations used.
    """

    __slots__ = (
        "authorizations",
        "categories",
        "commitments",
        "currency",
        "expenses",
        "fiscal_year",
        "lines",
        "months",
    )

    def __init__(
        self,
        fiscal_year: Period,
        months: tuple[Period, ...],
        currency: str,
        categories: frozenset[SpendingCategory],
    ) -> None:
        self.fiscal_year = fiscal_year
        self.months = months
        self.currency = currency
        self.categories = categories
        self.lines: dict[BudgetLineKey, LineTotals] = {}
        self.commitments: dict[CommitmentId, CommitmentRecord] = {}
        self.expenses: set[ExpenseId] = set()
        self.authorizations: set[str] = set()

    # -- lookups and validation ----------------------------------------------------------------

    def line(self, key: BudgetLineKey) -> LineTotals:
        """The running totals of ``key``; fails closed on unknown lines and categories."""
        totals = self.lines.get(key)
        if totals is None:
            if key.category not in self.categories:
                raise UnknownCategory(key.category)
            raise BudgetLineNotFound(key)
        return totals

    def month(self, on: date) -> int:
        """The month index of ``on`` in the fiscal year."""
        if not isinstance(on, date):
            raise ValidationError(f"on must be a date, got {type(on).__name__}", field="on")
        start = self.fiscal_year.start
        month = (on.year - start.year) * 12 + on.month - start.month
        if not 0 <= month < len(self.months):
            raise OutsideFiscalYear(on, self.fiscal_year)
        return month

    def positive(self, amount: Money) -> Decimal:
        """The amount of ``amount``, which must be positive and in the budget's currency."""
        if amount.currency != self.currency:
            raise CurrencyMismatch(self.currency, amount.currency, operation="book")
        value = amount.amount
        if value <= 0:
            raise ValidationError(
                f"a budget amount must be positive, got {amount}", field="amount", value=amount
            )
        return value

    def check(self, key: BudgetLineKey, amount: Money, on: date) -> BudgetCheck:
        """The budget check of ``amount`` on ``key`` in the month of ``on`` (O(1)).

        The hot path: one dict lookup, one index, two comparisons. The lookups of
        :meth:`line` and :meth:`month` are done inline here and delegated to them only to
        raise their errors.
        """
        totals = self.lines.get(key)
        if totals is None:
            totals = self.line(key)
        start = self.fiscal_year.start
        try:
            month = (on.year - start.year) * 12 + on.month - start.month
        except AttributeError:  # not a date: let month() say so
            month = -1
        if not 0 <= month < len(self.months):
            month = self.month(on)
        value = amount.amount
        if value <= 0 or amount.currency != self.currency:
            self.positive(amount)
        room, slack = totals.room_from[month], totals.slack_from[month]
        if value <= room:
            verdict = BudgetVerdict.WITHIN_BUDGET
        elif value <= slack:
            verdict = BudgetVerdict.WITHIN_TOLERANCE
        else:
            verdict = BudgetVerdict.OVER_LIMIT
        # Positional: the check is built on the hot path (available=room, headroom=slack).
        return BudgetCheck(key, on, amount, verdict, totals.rule.action, room, slack)

    def open_commitment(self, commitment_id: CommitmentId, action: str) -> CommitmentRecord:
        """The record of a commitment that still holds budget."""
        record = self.commitments.get(commitment_id)
        if record is None:
            raise CommitmentNotFound(commitment_id)
        if record.open <= 0:
            raise CommitmentClosed(commitment_id, action, "closed", "it holds no budget any more")
        return record

    def check_can_give(self, totals: LineTotals, month: int, on: date, amount: Money) -> None:
        """Refuse to take away budget that is committed or spent (on the line's basis)."""
        available = totals.room_from[month]
        if amount.amount > available:
            raise InsufficientBudget(
                line=totals.key,
                on=on,
                requested=amount,
                available=as_money(available, self.currency),
            )

    # -- changes -------------------------------------------------------------------------------

    def book_commitment(self, record: CommitmentRecord) -> None:
        """Add a new commitment (and the override lift it came with) to its line."""
        totals = self.lines[record.line]
        self.commitments[record.id] = record
        totals.committed[record.month] += record.open
        totals.lift[record.month] += record.lift
        totals.respend()

    def give_back(self, record: CommitmentRecord, value: Decimal) -> None:
        """Release ``value`` of a commitment, with the override lift that goes with it.

        A release gives back the overridden excess first, so an override cannot be recycled
        for other spending by cancelling the order it was granted for.
        """
        totals = self.lines[record.line]
        lift = record.give_back(value)
        totals.committed[record.month] -= value
        totals.lift[record.month] -= lift
        totals.respend()

    def book_actual(
        self, key: BudgetLineKey, expense_id: ExpenseId, month: int, value: Decimal, lift: Decimal
    ) -> None:
        """Add actual spending (and any override lift it needed) to a line."""
        totals = self.lines[key]
        self.expenses.add(expense_id)
        totals.actual[month] += value
        totals.lift[month] += lift
        totals.respend()

    def invoice(self, record: CommitmentRecord, value: Decimal, released: Decimal) -> None:
        """Turn ``value`` of a commitment into an invoice and release ``released`` of the rest.

        The override lift of the released part goes back (see :meth:`give_back`); the lift of
        the invoiced part stays on the line, since that money is now spent.
        """
        totals = self.lines[record.line]
        consumed = min(value, record.open)
        lift_back = min(record.lift, released)
        record.open -= consumed + released
        record.lift = min(record.lift - lift_back, record.open)
        record.invoiced += value
        totals.committed[record.month] -= consumed + released
        totals.lift[record.month] -= lift_back
        totals.respend()

    def move_budget(self, key: BudgetLineKey, month: int, value: Decimal) -> None:
        """Add ``value`` (negative for a cut or a transfer out) to a line's adjustments."""
        totals = self.lines[key]
        totals.adjusted[month] += value
        totals.refresh()

    # -- queries -------------------------------------------------------------------------------

    def figures(self, key: BudgetLineKey) -> LineFigures:
        """The line's figures month by month, as money."""
        totals = self.line(key)
        currency = self.currency
        months = tuple(
            MonthFigures(
                period=period,
                plan=as_money(p, currency),
                adjustments=as_money(a, currency),
                committed=as_money(c, currency),
                actual=as_money(x, currency),
                overrides=as_money(f, currency),
            )
            for period, p, a, c, x, f in zip(
                self.months,
                totals.plan,
                totals.adjusted,
                totals.committed,
                totals.actual,
                totals.lift,
                strict=True,
            )
        )
        return LineFigures(line=key, rule=totals.rule, months=months)

    def commitment(self, commitment_id: CommitmentId) -> Commitment:
        """A snapshot of the commitment."""
        record = self.commitments.get(commitment_id)
        if record is None:
            raise CommitmentNotFound(commitment_id)
        return record.view(self.currency)

    def all_commitments(self, key: BudgetLineKey | None) -> list[Commitment]:
        """Snapshots of every commitment, open or closed."""
        return [
            record.view(self.currency)
            for record in self.commitments.values()
            if key is None or record.line == key
        ]

    def open_commitments(self, key: BudgetLineKey | None) -> list[Commitment]:
        """Snapshots of the commitments still holding budget."""
        return [
            record.view(self.currency)
            for record in self.commitments.values()
            if record.open > 0 and (key is None or record.line == key)
        ]

    def check_invariants(self) -> list[str]:
        """Re-derive the running totals from the records; list every disagreement."""
        issues: list[str] = []
        committed: dict[tuple[BudgetLineKey, int], Decimal] = {}
        lifted: dict[tuple[BudgetLineKey, int], Decimal] = {}
        for record in self.commitments.values():
            if record.open < 0 or record.lift < 0 or record.lift > record.open:
                issues.append(f"commitment {record.id} has open {record.open}, lift {record.lift}")
            slot = (record.line, record.month)
            committed[slot] = committed.get(slot, _ZERO) + record.open
            lifted[slot] = lifted.get(slot, _ZERO) + record.lift
        for key, totals in self.lines.items():
            for month, (value, lift) in enumerate(zip(totals.committed, totals.lift, strict=True)):
                expected = committed.get((key, month), _ZERO)
                if value != expected:
                    issues.append(
                        f"{key} month {month}: committed {value}, commitments sum to {expected}"
                    )
                if lift < lifted.get((key, month), _ZERO):
                    issues.append(f"{key} month {month}: lift {lift} below its commitments'")
            room, slack = list(totals.room_from), list(totals.slack_from)
            totals.refresh()
            if (room, slack) != (totals.room_from, totals.slack_from):
                issues.append(f"{key}: stale rooms {room} / {slack}")
        return issues
