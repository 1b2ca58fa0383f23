"""The events a budget records: its audit trail, from opening to the last invoice.

Each command records one event named after what happened; a commitment or expense that went
past a line's limit records a second one, :class:`BudgetOverrunWarned` (under a "warn" rule) or
:class:`BudgetOverrunOverridden` (under "stop", with the approval that allowed it), so that
overruns can be found and reported on without reading every commitment.
"""

from __future__ import annotations

from datetime import date

import attrs

from backoffice.domain.budgets.authorization import Authorization
from backoffice.domain.budgets.categories import (
    BudgetLineKey,
    CommitmentId,
    ExpenseId,
    SpendingCategory,
)
from backoffice.domain.budgets.control import BudgetVerdict
from backoffice.domain.budgets.rules import OverrunRule
from backoffice.domain.events import DomainEvent
from backoffice.values.money import Money
from backoffice.values.period import Period

__all__ = [
    "ActualRecorded",
    "BudgetAdjusted",
    "BudgetCommitted",
    "BudgetLineOpened",
    "BudgetOpened",
    "BudgetOverrunOverridden",
    "BudgetOverrunWarned",
    "BudgetTransferred",
    "CommitmentReduced",
    "CommitmentReleased",
    "OverrunRuleChanged",
]


@attrs.frozen(kw_only=True)
class BudgetOpened(DomainEvent):
    """A budget was opened for a fiscal year."""

    fiscal_year: Period
    currency: str
    categories: tuple[SpendingCategory, ...]


@attrs.frozen(kw_only=True)
class BudgetLineOpened(DomainEvent):
    """A budget line was opened with its monthly plan and overrun rule."""

    line: BudgetLineKey
    plan: tuple[Money, ...]
    rule: OverrunRule


@attrs.frozen(kw_only=True)
class OverrunRuleChanged(DomainEvent):
    """A line's overrun rule was changed."""

    line: BudgetLineKey
    rule: OverrunRule
    previous: OverrunRule


@attrs.frozen(kw_only=True)
class BudgetCommitted(DomainEvent):
    """Budget was committed for a requisition or purchase order."""

    commitment: CommitmentId
    line: BudgetLineKey
    on: date
    amount: Money
    reference: str
    verdict: BudgetVerdict


@attrs.frozen(kw_only=True)
class CommitmentReduced(DomainEvent):
    """Part of a commitment was given back (the order came in cheaper, a line was cancelled)."""

    commitment: CommitmentId
    line: BudgetLineKey
    by: Money
    open_amount: Money
    reason: str


@attrs.frozen(kw_only=True)
class CommitmentReleased(DomainEvent):
    """What was left of a commitment was given back (the order was cancelled or closed)."""

    commitment: CommitmentId
    line: BudgetLineKey
    released: Money
    reason: str


@attrs.frozen(kw_only=True)
class ActualRecorded(DomainEvent):
    """Actual spending was booked: an invoice against a commitment, or a direct expense.

    Attributes:
        commitment: The commitment invoiced, or ``None`` for a direct expense.
        released: What was left of the commitment and given back by a final invoice.
    """

    expense: ExpenseId
    line: BudgetLineKey
    on: date
    amount: Money
    commitment: CommitmentId | None
    released: Money
    verdict: BudgetVerdict


@attrs.frozen(kw_only=True)
class BudgetTransferred(DomainEvent):
    """Budget was moved from one line to another, under an approval; totals are unchanged."""

    source: BudgetLineKey
    target: BudgetLineKey
    on: date
    amount: Money
    authorization: Authorization


@attrs.frozen(kw_only=True)
class BudgetAdjusted(DomainEvent):
    """A line's budget was raised (supplementary budget, 追加预算) or cut, under an approval."""

    line: BudgetLineKey
    on: date
    amount: Money
    authorization: Authorization


@attrs.frozen(kw_only=True)
class BudgetOverrunWarned(DomainEvent):
    """Spending went past a "warn" line's limit and was allowed.

    Attributes:
        record: The commitment or expense id that went over.
        excess: How far past the limit it went.
    """

    line: BudgetLineKey
    on: date
    record: str
    requested: Money
    headroom: Money
    excess: Money


@attrs.frozen(kw_only=True)
class BudgetOverrunOverridden(DomainEvent):
    """Spending went past a "stop" line's limit under an approved override.

    Attributes:
        record: The commitment or expense id that went over.
        excess: The excess the override permitted; the line's limit was lifted by it.
        authorization: Who approved the override, why, and up to how much.
    """

    line: BudgetLineKey
    on: date
    record: str
    requested: Money
    excess: Money
    authorization: Authorization
