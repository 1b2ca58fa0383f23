"""The budget: a fiscal year's budget lines, with commitment control.

A back office draws up its budget before the year (事前预算): one **line** per department (or
cost centre) and spending category, phased by month. During the year (事中监控) every
requisition or purchase order **commits** budget, every invoice or direct expense turns into
**actual** spending, and each is checked against the line first, under the line's overrun rule.
Money moves between lines only by approved **transfers**, and the budget grows or shrinks only
by approved **adjustments**; every command records an event, so the year can be analysed
afterwards (事后分析).

A :class:`Budget` is one aggregate: transfers between its lines are atomic and conserve the
total. Lookups are by ``(department, category)`` in a dict; checks read running totals (see
:mod:`~backoffice.domain.budgets.totals`), so their cost does not grow with the number of
commitments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

import attrs

from backoffice.domain.budgets import arguments
from backoffice.domain.budgets.booking import BudgetBooking
from backoffice.domain.budgets.categories import (
    SEED_CATEGORIES,
    BudgetId,
    BudgetLineKey,
    CommitmentId,
    ExpenseId,
    SpendingCategory,
)
from backoffice.domain.budgets.commitments import Commitment
from backoffice.domain.budgets.control import BudgetCheck
from backoffice.domain.budgets.errors import AlreadyRecorded, UnknownCategory
from backoffice.domain.budgets.events import BudgetLineOpened, BudgetOpened, OverrunRuleChanged
from backoffice.domain.budgets.figures import LineFigures
from backoffice.domain.budgets.ledger import BudgetLedger
from backoffice.domain.budgets.moves import BudgetMoves
from backoffice.domain.budgets.phasing import MonthlyPlan
from backoffice.domain.budgets.replay import replay_into
from backoffice.domain.budgets.rules import DEFAULT_OVERRUN_RULE, OverrunRule
from backoffice.domain.budgets.totals import LineTotals
from backoffice.domain.events import DomainEvent, EventLog
from backoffice.errors import CurrencyMismatch, ValidationError
from backoffice.values import inputs
from backoffice.values.ids import ActorId
from backoffice.values.money import Money
from backoffice.values.period import Period

__all__ = ["Budget"]


def _whole_months(fiscal_year: Period) -> tuple[Period, ...]:
    months = tuple(fiscal_year.months())
    if months[0].start.day != 1 or months[-1] != Period.containing_month(months[-1].start):
        raise ValidationError(
            f"a budget period must consist of whole months, got {fiscal_year}",
            field="fiscal_year",
            value=fiscal_year,
        )
    return months


@attrs.define(eq=False)
class Budget(BudgetBooking, BudgetMoves):
    """One fiscal year's budget lines, with their commitments and actuals.

    Create it with :meth:`open`. Every command validates everything first, then changes the
    running totals, then records its event(s): a command that raises has changed nothing.

    Attributes:
        id: The budget's id.
        fiscal_year: The period budgeted, in whole months (usually ``Period.year(2025)``).
        currency: The currency of every amount on the budget.
        categories: The chart of spending categories; others are refused.
    """

    id: BudgetId
    fiscal_year: Period
    currency: str
    categories: frozenset[SpendingCategory]
    _ledger: BudgetLedger = attrs.field(repr=False)
    _events: EventLog = attrs.field(factory=EventLog, repr=False)

    # -- identity ------------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Budget) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    # -- opening and replaying ---------------------------------------------------------------

    @classmethod
    def open(
        cls,
        budget_id: BudgetId,
        fiscal_year: Period,
        currency: str,
        *,
        categories: Iterable[SpendingCategory] = SEED_CATEGORIES,
        actor: ActorId,
        at: datetime,
    ) -> Budget:
        """Open an empty budget for ``fiscal_year``.

        Args:
            budget_id: The new budget's id.
            fiscal_year: Whole months, e.g. ``Period.year(2025)`` or
                ``Period.year(2025, start_month=4)``.
            currency: ISO code of every amount on the budget.
            categories: The chart of spending categories (the seed categories by default).
            actor: Who opens it.
            at: When.

        Raises:
            ValidationError: An argument is missing or of the wrong kind, the period is not
                whole months, or the chart is empty.
        """
        budget_id = inputs.entity_id(budget_id, BudgetId, "budget_id")
        fiscal_year = arguments.period(fiscal_year)
        chart = arguments.categories(categories)
        at, actor = inputs.instant(at), inputs.actor(actor)
        months = _whole_months(fiscal_year)
        if not chart:
            raise ValidationError(
                "a budget needs at least one spending category", field="categories"
            )
        code = Money.zero(currency).currency
        ledger = BudgetLedger(fiscal_year, months, code, chart)
        budget = cls(budget_id, fiscal_year, code, chart, ledger)
        budget._record(
            BudgetOpened,
            actor,
            at,
            fiscal_year=fiscal_year,
            currency=code,
            categories=tuple(sorted(chart)),
        )
        return budget

    @classmethod
    def replay(cls, events: Iterable[DomainEvent]) -> Budget:
        """Rebuild a budget from its whole history of events, oldest first.

        The events are applied as recorded, nothing is decided again (a rule changed since, an
        override used since): the budget comes back equal to the one that recorded them, with
        every line, commitment, expense id and used authorization, at the same version, and
        nothing pending.

        Raises:
            ValidationError: No events, the first is not :class:`BudgetOpened`, or an event
                belongs to another budget or is out of sequence.
        """
        history: Sequence[DomainEvent] = list(events)
        opened = history[0] if history else None
        if not isinstance(opened, BudgetOpened):
            raise ValidationError(
                "a budget is replayed from its events, BudgetOpened first", field="events"
            )
        fiscal_year = opened.fiscal_year
        chart = frozenset(opened.categories)
        ledger = BudgetLedger(fiscal_year, _whole_months(fiscal_year), opened.currency, chart)
        replay_into(ledger, history)
        return cls(
            BudgetId(opened.aggregate_id),
            fiscal_year,
            opened.currency,
            chart,
            ledger,
            EventLog(version=len(history)),
        )

    def open_line(
        self,
        line: BudgetLineKey,
        plan: MonthlyPlan,
        *,
        rule: OverrunRule = DEFAULT_OVERRUN_RULE,
        actor: ActorId,
        at: datetime,
    ) -> None:
        """Open a budget line with its monthly plan and overrun rule.

        Raises:
            UnknownCategory: The category is not on the budget's chart.
            AlreadyRecorded: The line is open already.
            ValidationError: The plan has the wrong number of months.
            CurrencyMismatch: The plan is in another currency.
        """
        line, plan, rule = arguments.line(line), arguments.plan(plan), arguments.rule(rule)
        at, actor = inputs.instant(at), inputs.actor(actor)
        ledger = self._ledger
        if line.category not in self.categories:
            raise UnknownCategory(line.category)
        if line in ledger.lines:
            raise AlreadyRecorded("budget line", line)
        if plan.months != len(ledger.months):
            raise ValidationError(
                f"the plan has {plan.months} months, the fiscal year {len(ledger.months)}",
                field="plan",
            )
        if plan.currency != self.currency:
            raise CurrencyMismatch(self.currency, plan.currency, operation="plan")
        ledger.lines[line] = LineTotals(line, [m.amount for m in plan.amounts], rule)
        self._record(BudgetLineOpened, actor, at, line=line, plan=plan.amounts, rule=rule)

    def change_rule(
        self, line: BudgetLineKey, rule: OverrunRule, *, actor: ActorId, at: datetime
    ) -> bool:
        """Give a line another overrun rule; returns whether anything changed.

        The change is recorded (:class:`OverrunRuleChanged`); it does not undo spending already
        booked, so a line can be over a new, stricter limit: further spending is then refused.
        """
        line, rule = arguments.line(line), arguments.rule(rule)
        at, actor = inputs.instant(at), inputs.actor(actor)
        totals = self._ledger.line(line)
        previous = totals.rule
        if previous == rule:
            return False
        totals.rule = rule
        totals.refresh()
        self._record(OverrunRuleChanged, actor, at, line=line, rule=rule, previous=previous)
        return True

    # -- checking ------------------------------------------------------------------

    def check(self, line: BudgetLineKey, amount: Money, *, on: date) -> BudgetCheck:
        """Check ``amount`` against ``line`` in the month of ``on``, changing nothing (O(1)).

        Raises:
            BudgetLineNotFound: No such line (spending there is refused, not passed).
            UnknownCategory: The category is not on the chart.
            OutsideFiscalYear: ``on`` is outside the fiscal year.
            CurrencyMismatch: ``amount`` is in another currency.
            ValidationError: ``amount`` is not positive, or an argument is of the wrong kind.
        """
        # The hot path: exact types pass at the cost of three identity tests; anything else is
        # checked properly (and refused if it is not a line, money and a date).
        if type(line) is not BudgetLineKey or type(amount) is not Money or type(on) is not date:
            line, amount, on = arguments.line(line), arguments.money(amount), arguments.day(on)
        return self._ledger.check(line, amount, on)

    # -- queries -------------------------------------------------------------------------------

    @property
    def months(self) -> tuple[Period, ...]:
        """The months of the fiscal year, in order."""
        return self._ledger.months

    @property
    def version(self) -> int:
        """Number of events recorded in the budget's life."""
        return self._events.version

    def lines(self) -> list[BudgetLineKey]:
        """The open lines, sorted by department then category."""
        return sorted(self._ledger.lines, key=lambda k: (k.department, k.category))

    def has_line(self, line: BudgetLineKey) -> bool:
        """Whether ``line`` is open."""
        return line in self._ledger.lines

    def rule(self, line: BudgetLineKey) -> OverrunRule:
        """The overrun rule of ``line``."""
        return self._ledger.line(line).rule

    def month_index(self, on: date) -> int:
        """The index (0 = first month of the fiscal year) of the month containing ``on``."""
        return self._ledger.month(on)

    def figures(self, line: BudgetLineKey) -> LineFigures:
        """Plan, adjustments, committed, actual and overrides of ``line``, month by month."""
        return self._ledger.figures(line)

    def commitment(self, commitment_id: CommitmentId) -> Commitment:
        """The commitment ``commitment_id``.

        Raises:
            CommitmentNotFound: No such commitment.
        """
        return self._ledger.commitment(commitment_id)

    def has_commitment(self, commitment_id: CommitmentId) -> bool:
        """Whether the commitment was booked on this budget (open or closed)."""
        return commitment_id in self._ledger.commitments

    def commitments(self, line: BudgetLineKey | None = None) -> list[Commitment]:
        """Every commitment booked, open or closed, on ``line`` or on every line, by id."""
        return sorted(self._ledger.all_commitments(line), key=lambda c: c.id)

    def expense_ids(self) -> list[ExpenseId]:
        """The ids of the actuals booked (invoices and direct expenses), sorted."""
        return sorted(self._ledger.expenses)

    def used_authorizations(self) -> frozenset[str]:
        """The references of the authorizations used (each is accepted only once)."""
        return frozenset(self._ledger.authorizations)

    def open_commitments(self, line: BudgetLineKey | None = None) -> list[Commitment]:
        """The commitments still holding budget, on ``line`` or on every line."""
        return self._ledger.open_commitments(line)

    def check_invariants(self) -> list[str]:
        """Re-derive the running totals from the records and list every disagreement.

        Slow (it re-sums every commitment): for tests and audits, not for the hot path.
        """
        return self._ledger.check_invariants()

    def collect_events(self) -> list[DomainEvent]:
        """Hand over the events recorded since the last call, oldest first."""
        return self._events.collect()

    def pending_events(self) -> tuple[DomainEvent, ...]:
        """The events not yet collected, without removing them."""
        return self._events.pending()
