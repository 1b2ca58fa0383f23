"""What the budget refuses, and why.

Every error here derives from :class:`BudgetError` (itself a
:class:`~backoffice.errors.BackofficeError`) and from the matching built-in, carries the figures
as attributes, and means that nothing was changed.
"""

from __future__ import annotations

from datetime import date

from backoffice.domain.budgets.categories import BudgetLineKey, SpendingCategory
from backoffice.domain.budgets.rules import OverrunRule
from backoffice.errors import BackofficeError, InvalidTransition, NotFound, ValidationError
from backoffice.values.money import Money
from backoffice.values.period import Period

__all__ = [
    "AlreadyRecorded",
    "BudgetError",
    "BudgetExceeded",
    "BudgetLineNotFound",
    "CommitmentClosed",
    "CommitmentNotFound",
    "InsufficientBudget",
    "InvalidAuthorization",
    "OutsideFiscalYear",
    "UnknownCategory",
]


class BudgetError(BackofficeError):
    """Root of the errors raised by budgets."""


class BudgetExceeded(BudgetError, ValueError):
    """Spending would take a "stop" line past its limit, and no approved override covers it.

    Attributes:
        line: The budget line.
        on: The date the spending is booked on.
        requested: The amount asked for.
        available: What is left of the budget (without tolerance) on the line's basis.
        headroom: What could still be spent before the limit (budget + tolerance + overrides).
        excess: How far the spending would go past the limit: the smallest override needed.
        rule: The line's overrun rule.
    """

    def __init__(
        self,
        *,
        line: BudgetLineKey,
        on: date,
        requested: Money,
        available: Money,
        headroom: Money,
        excess: Money,
        rule: OverrunRule,
    ) -> None:
        super().__init__(
            f"budget line {line} cannot take {requested} on {on.isoformat()}: "
            f"{available} left of the budget, {headroom} up to the limit "
            f"(tolerance {rule.tolerance}, {rule.basis.value} check); {excess} over the limit. "
            "Present an approved overrun override to go ahead"
        )
        self.line = line
        self.on = on
        self.requested = requested
        self.available = available
        self.headroom = headroom
        self.excess = excess
        self.rule = rule


class InsufficientBudget(BudgetError, ValueError):
    """A transfer or a cut would take away budget that is already committed or spent.

    Attributes:
        line: The line the budget would leave.
        on: The month (any date in it) of the transfer or cut.
        requested: The amount to move or cut.
        available: What the line has available to give on its basis.
    """

    def __init__(
        self, *, line: BudgetLineKey, on: date, requested: Money, available: Money
    ) -> None:
        super().__init__(
            f"budget line {line} has {available} available from {on:%Y-%m}, "
            f"cannot give up {requested}"
        )
        self.line = line
        self.on = on
        self.requested = requested
        self.available = available


class BudgetLineNotFound(NotFound, BudgetError):
    """No budget line for this department and category: spending there is refused, not passed."""

    def __init__(self, key: BudgetLineKey) -> None:
        super().__init__("budget line", key)


class UnknownCategory(NotFound, BudgetError):
    """The spending category is not on the budget's chart of categories."""

    def __init__(self, category: SpendingCategory) -> None:
        super().__init__("spending category", category)


class CommitmentNotFound(NotFound, BudgetError):
    """No commitment with this id on the budget."""

    def __init__(self, key: object) -> None:
        super().__init__("commitment", key)


class AlreadyRecorded(BudgetError, ValueError):
    """A line, commitment or expense with this id exists already (a command sent twice).

    Attributes:
        kind: What was recorded twice ("commitment", "expense", "budget line").
        key: Its id.
    """

    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"{kind} {key!s} is already recorded on this budget")
        self.kind = kind
        self.key = key


class CommitmentClosed(InvalidTransition, BudgetError):
    """The commitment was released or fully invoiced; it can no longer change."""


class InvalidAuthorization(BudgetError, ValueError):
    """An override, transfer or adjustment came with an authorization that does not hold.

    Attributes:
        reference: The authorization's approval document.
        reason: Why it was refused (self-approved, too small, already used, other currency).
    """

    def __init__(self, reference: str, reason: str) -> None:
        super().__init__(f"authorization {reference} refused: {reason}")
        self.reference = reference
        self.reason = reason


class OutsideFiscalYear(ValidationError):
    """A date outside the budget's fiscal period."""

    def __init__(self, on: date, fiscal_year: Period) -> None:
        super().__init__(
            f"{on.isoformat()} is outside the fiscal year "
            f"{fiscal_year.start.isoformat()} to {fiscal_year.end.isoformat()}",
            field="on",
            value=on,
        )
        self.fiscal_year = fiscal_year
