"""Commitments: money promised but not yet spent.

An approved requisition or purchase order **commits** budget: the money is not spent yet, but
it is no longer available either. When the invoice arrives (or the goods are received and
invoiced) the commitment turns into **actual** spending; if the order is cancelled or comes in
cheaper, the commitment is **released** or **reduced** and the money is available again.

A commitment is booked in the month of its booking date; its invoice is booked in the month of
the invoice. The budget keeps the commitments by id (to release or invoice them) and their
effect on the line as running totals (to check quickly).
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

import attrs

from backoffice.domain.budgets.categories import BudgetLineKey, CommitmentId
from backoffice.values.money import Money

__all__ = ["Commitment", "CommitmentRecord", "CommitmentStatus"]


class CommitmentStatus(enum.Enum):
    """Whether a commitment still holds budget."""

    #: Some of it is still committed.
    OPEN = "open"
    #: Fully invoiced or released: it holds nothing any more.
    CLOSED = "closed"


class CommitmentRecord:
    """The budget's own mutable record of a commitment (internal; see :class:`Commitment`).

    Amounts are kept as ``Decimal`` in the budget's currency.
    """

    __slots__ = ("amount", "id", "invoiced", "lift", "line", "month", "on", "open", "reference")

    def __init__(
        self,
        commitment_id: CommitmentId,
        line: BudgetLineKey,
        *,
        on: date,
        month: int,
        amount: Decimal,
        reference: str,
        lift: Decimal,
    ) -> None:
        self.id = commitment_id
        self.line = line
        self.on = on
        self.month = month
        self.amount = amount
        self.open = amount
        self.invoiced = Decimal(0)
        self.reference = reference
        self.lift = lift

    def give_back(self, value: Decimal) -> Decimal:
        """Reduce the open amount by ``value``; return how much override lift goes with it.

        The overridden excess is given back first: an override covers the money beyond the
        limit, so the first money released is that money.
        """
        self.open -= value
        lift = min(self.lift, value)
        self.lift -= lift
        return lift

    def view(self, currency: str) -> Commitment:
        """A frozen snapshot for callers."""
        return Commitment(
            id=self.id,
            line=self.line,
            on=self.on,
            reference=self.reference,
            amount=Money(self.amount, currency),
            open_amount=Money(self.open, currency),
            invoiced=Money(self.invoiced, currency),
            overridden=Money(self.lift, currency),
            status=CommitmentStatus.OPEN if self.open > 0 else CommitmentStatus.CLOSED,
        )


@attrs.frozen(kw_only=True)
class Commitment:
    """A commitment as the budget knows it.

    Attributes:
        id: The commitment's id.
        line: The budget line it is booked on.
        on: Its booking date.
        reference: The requisition or purchase order it stands for.
        amount: The amount first committed.
        open_amount: What is still committed.
        invoiced: What has been invoiced against it so far.
        overridden: How much of the open amount an approved overrun override let through
            (given back first when the commitment is reduced or released).
        status: Open or closed.
    """

    id: CommitmentId
    line: BudgetLineKey
    on: date
    reference: str
    amount: Money
    open_amount: Money
    invoiced: Money
    overridden: Money
    status: CommitmentStatus
