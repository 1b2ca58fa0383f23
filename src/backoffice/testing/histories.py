"""Hypothesis strategies for whole histories: command sequences for budgets and storerooms.

A *command* is plain data (a frozen record) naming a business action and its figures; the law
checks and the shipped state machines (:mod:`backoffice.testing.machines`) apply them to the
real aggregates, and a refused command is part of the history too (it must change nothing).
Amounts are whole cents, quantities whole units, so shrinking lands on round figures.

* :func:`budget_commands`: commitments, direct expenses, invoices and releases on a budget's
  lines, some presenting an approved override;
* :func:`stock_commands`: receipts (with or without an expiry date) and issues at one
  location, a day apart.

For request histories (arrivals, steps, pauses) see
:func:`backoffice.testing.requests.request_histories` and
:func:`backoffice.testing.requests.request_arrivals`; for a whole office's command sequence,
:func:`backoffice.testing.office.office_commands`.

Example:
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(st.lists(budget_commands(), max_size=5))
    ... def test_commands_name_a_month(commands):
    ...     assert all(1 <= c.month <= 12 for c in commands)
    >>> test_commands_name_a_month()
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import attrs
from hypothesis import strategies as st

__all__ = ["BudgetCommand", "StockCommand", "budget_commands", "stock_commands"]

BudgetAction = Literal["commit", "expense", "invoice", "release"]
StockAction = Literal["receive", "issue"]


@attrs.frozen
class BudgetCommand:
    """One command on a budget.

    Attributes:
        kind: ``"commit"``, ``"expense"``, ``"invoice"`` (against an open commitment) or
            ``"release"`` (what is left of one).
        line: Which line (an index, taken modulo the lines open), or which open commitment
            for an invoice or a release.
        month: The month booked in, 1-12.
        amount: The amount, in the budget's currency, to the cent.
        override: Whether an approved override for the whole amount is presented.
        final: For an invoice: whether it is the last (it releases what is left).
    """

    kind: BudgetAction
    line: int
    month: int
    amount: Decimal
    override: bool = False
    final: bool = True


@attrs.frozen
class StockCommand:
    """One command on a storeroom, a day after the one before.

    Attributes:
        kind: ``"receive"`` or ``"issue"``.
        qty: Units received or issued.
        unit_cost: For a receipt: the cost of a unit, to the cent.
        expires_in: For a receipt: days from the receipt to the lot's last day of use
            (``None``: the lot does not expire).
    """

    kind: StockAction
    qty: Decimal
    unit_cost: Decimal = Decimal(0)
    expires_in: int | None = None


def budget_commands(*, max_amount: int = 40_000) -> st.SearchStrategy[BudgetCommand]:
    """Budget commands with amounts from 0.01 to ``max_amount``."""
    return st.builds(
        BudgetCommand,
        kind=st.sampled_from(("commit", "expense", "invoice", "release")),
        line=st.integers(0, 5),
        month=st.integers(1, 12),
        amount=st.integers(1, max_amount * 100).map(lambda c: Decimal(c).scaleb(-2)),
        override=st.booleans(),
        final=st.booleans(),
    )


def stock_commands(
    *, max_qty: int = 50, max_unit_cost: int = 200, max_expiry_days: int = 30
) -> st.SearchStrategy[StockCommand]:
    """Receipts (half of them with an expiry date) and issues."""
    receipts = st.builds(
        StockCommand,
        kind=st.just("receive"),
        qty=st.integers(1, max_qty).map(Decimal),
        unit_cost=st.integers(0, max_unit_cost * 100).map(lambda c: Decimal(c).scaleb(-2)),
        expires_in=st.none() | st.integers(0, max_expiry_days),
    )
    issues = st.builds(
        StockCommand, kind=st.just("issue"), qty=st.integers(1, max_qty).map(Decimal)
    )
    return st.one_of(receipts, issues)
