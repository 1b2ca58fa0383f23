"""The running totals of one budget line: the arithmetic behind every budget check.

For each month ``m`` of the fiscal year a line keeps five running totals, updated by every
command and never re-summed from the records: the **plan** (allocated), the **adjustments**
(supplementary budgets, cuts, transfers in and out), **committed** (open requisitions and
purchase orders), **actual** (invoices and direct expenses) and the **overrides** (excess
permitted by approved overrun overrides). The invariant, per month and cumulatively, is::

    available = plan + adjustments - committed - actual

From the totals the line derives, after each change (O(months), in C-level loops), two rooms
per month:

* ``room_from[m]``: the most that can be booked in month ``m`` without going over **budget**;
* ``slack_from[m]``: the most before going over the **limit**: budget x (1 + tolerance) plus
  overrides.

On the annual basis both are the year's figures, whatever ``m``. On the cumulative basis they
are the smallest cumulative figure from month ``m`` to the year end, because spending booked in
March counts in the cumulative position of March and of every later month. A budget check is
then two comparisons: O(1), whatever the number of commitments. The budget side (cumulative
budget and limit per month) changes only with an adjustment or a new rule and is kept between
bookings, so booking spending recomputes only the spending side.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from itertools import accumulate
from operator import add, sub
from typing import Final

from backoffice.domain.budgets.categories import BudgetLineKey
from backoffice.domain.budgets.rules import CheckBasis, OverrunRule
from backoffice.values.money import Money

__all__ = ["LineTotals", "as_money"]

_ZERO: Final = Decimal(0)


def _suffix_min(values: list[Decimal]) -> list[Decimal]:
    """``result[k] = min(values[k:])``."""
    return list(accumulate(reversed(values), min))[::-1]


class LineTotals:
    """Running totals of one budget line, per month, with the derived rooms to spend.

    Internal to :class:`~backoffice.domain.budgets.budget.Budget`, which owns and mutates it;
    read it through :meth:`Budget.figures() <backoffice.domain.budgets.budget.Budget.figures>`.

    Attributes:
        key: The line.
        rule: Its overrun rule.
        plan: Planned amount per month.
        adjusted: Net adjustments per month (supplements, cuts, transfers).
        committed: Open commitments per month.
        actual: Actual spending per month.
        lift: Excess permitted by overrides, per month of the spending it covered.
        room_from: Per month, the most that fits the budget (see the module docstring).
        slack_from: Per month, the most that fits the limit.
    """

    __slots__ = (
        "_budget_to",
        "_limit_to",
        "actual",
        "adjusted",
        "committed",
        "key",
        "lift",
        "plan",
        "room_from",
        "rule",
        "slack_from",
    )

    def __init__(self, key: BudgetLineKey, plan: Sequence[Decimal], rule: OverrunRule) -> None:
        months = len(plan)
        self.key = key
        self.rule = rule
        self.plan = list(plan)
        self.adjusted = [_ZERO] * months
        self.committed = [_ZERO] * months
        self.actual = [_ZERO] * months
        self.lift = [_ZERO] * months
        self.room_from: list[Decimal] = []
        self.slack_from: list[Decimal] = []
        self._budget_to: list[Decimal] = []
        self._limit_to: list[Decimal] = []
        self.refresh()

    def _rooms(
        self, committed: Sequence[Decimal], lift: Sequence[Decimal]
    ) -> tuple[list[Decimal], list[Decimal]]:
        """The rooms per month for these commitments and lifts (the budget side as kept)."""
        months = len(self.plan)
        if self.rule.basis is CheckBasis.ANNUAL:
            spent = sum(committed, _ZERO) + sum(self.actual, _ZERO)
            room = self._budget_to[-1] - spent
            slack = self._limit_to[-1] + sum(lift, _ZERO) - spent
            return [room] * months, [slack] * months
        spent_to = list(accumulate(map(add, committed, self.actual)))
        room_to = list(map(sub, self._budget_to, spent_to))
        slack_to = list(map(sub, map(add, self._limit_to, accumulate(lift)), spent_to))
        return _suffix_min(room_to), _suffix_min(slack_to)

    def refresh(self) -> None:
        """Recompute everything after the budget (plan, adjustments) or the rule changed."""
        factor = self.rule.limit_factor
        self._budget_to = list(accumulate(map(add, self.plan, self.adjusted)))
        self._limit_to = [budget * factor for budget in self._budget_to]
        self.respend()

    def respend(self) -> None:
        """Recompute the rooms after spending (committed, actual, lifts) changed."""
        self.room_from, self.slack_from = self._rooms(self.committed, self.lift)

    def rooms_after(
        self, month: int, spent_back: Mapping[int, Decimal], lift_back: Mapping[int, Decimal]
    ) -> tuple[Decimal, Decimal]:
        """``(room, slack)`` in ``month`` as they would be once spending is given back.

        Used when an invoice replaces a commitment: the commitment (and the override lift
        that goes with the part released) is given back first, then the invoice is checked
        like any new spending.

        Args:
            month: Month index of the new spending.
            spent_back: Spending that would be given back, by month index.
            lift_back: Override lift that would be given back with it, by month index.
        """
        committed, lift = list(self.committed), list(self.lift)
        for k, value in spent_back.items():
            committed[k] -= value
        for k, value in lift_back.items():
            lift[k] -= value
        room, slack = self._rooms(committed, lift)
        return room[month], slack[month]

    def budget_total(self) -> Decimal:
        """Plan plus adjustments over the whole year."""
        return sum(self.plan, _ZERO) + sum(self.adjusted, _ZERO)

    def spent_total(self) -> Decimal:
        """Committed plus actual over the whole year."""
        return sum(self.committed, _ZERO) + sum(self.actual, _ZERO)


def as_money(value: Decimal, currency: str) -> Money:
    """``value`` as money, shown to the currency's smallest unit when that loses nothing.

    Limits are budgets times ``1 + tolerance`` and may carry more decimals than the currency
    (8,333.34 x 1.05 = 8,750.007); those stay exact, the others read as ordinary amounts.
    """
    money = Money(value, currency)
    tidy = money.rounded()
    return tidy if tidy.amount == value else Money(value.normalize(), currency)
