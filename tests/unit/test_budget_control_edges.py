"""Budget control at its edges: the exact budget, the exact limit, and every refusal's wording.

These pin what mutation testing found unasserted in ``domain/budgets/control.py``: the
verdict of an amount exactly at the budget or exactly at the limit, every field of a check,
and the reference and reason of each refused authorization.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from backoffice import ActorId, DepartmentId, Money, Period
from backoffice.domain.budgets import (
    UTILITIES,
    Authorization,
    Budget,
    BudgetCheck,
    BudgetId,
    BudgetLineKey,
    BudgetVerdict,
    CommitmentId,
    ExpenseId,
    InvalidAuthorization,
    MonthlyPlan,
    OverrunAction,
    OverrunRule,
)
from backoffice.domain.budgets.control import check_authorization

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
ON = date(2025, 3, 1)
LINE = BudgetLineKey(DepartmentId("DEP-ADMIN"), UTILITIES)
CLERK, GM = ActorId("clerk"), ActorId("gm")
WARN = OverrunRule(action=OverrunAction.WARN)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


@pytest.mark.parametrize(
    ("amount", "verdict"),
    [
        ("799.99", BudgetVerdict.WITHIN_BUDGET),
        ("800", BudgetVerdict.WITHIN_BUDGET),
        ("800.01", BudgetVerdict.WITHIN_TOLERANCE),
        ("1000", BudgetVerdict.WITHIN_TOLERANCE),
        ("1000.01", BudgetVerdict.OVER_LIMIT),
    ],
)
def test_a_check_of_exactly_the_budget_or_the_limit_is_still_within_it(
    amount: str, verdict: BudgetVerdict
) -> None:
    check = BudgetCheck.of(LINE, ON, cny(amount), WARN, room=Decimal("800"), slack=Decimal("1000"))
    assert check.verdict is verdict
    assert (check.line, check.on, check.requested, check.action) == (
        LINE,
        ON,
        cny(amount),
        OverrunAction.WARN,
    )
    assert (check.available, check.headroom) == (cny("800"), cny("1000"))


def budget_with_an_order(rule: OverrunRule) -> Budget:
    """1,200 a year (100 a month), 5 % tolerance: limit 1,260; an order of 1,000 booked."""
    budget = Budget.open(BudgetId("BUD-2025"), Period.year(2025), "CNY", actor=GM, at=T0)
    budget.open_line(LINE, MonthlyPlan.even(cny("1200")), rule=rule, actor=GM, at=T0)
    budget.commit(CommitmentId("PO-1"), LINE, cny("1000"), on=ON, actor=CLERK, at=T0)
    return budget


@pytest.mark.parametrize(
    ("invoiced", "verdict"),
    [
        ("1200", BudgetVerdict.WITHIN_BUDGET),
        ("1260", BudgetVerdict.WITHIN_TOLERANCE),
        ("1260.01", BudgetVerdict.OVER_LIMIT),
    ],
)
def test_an_invoice_is_checked_as_if_its_order_were_released_first(
    invoiced: str, verdict: BudgetVerdict
) -> None:
    budget = budget_with_an_order(WARN)
    check = budget.record_actual(
        ExpenseId("INV-1"), CommitmentId("PO-1"), cny(invoiced), on=ON, actor=CLERK, at=T0
    )
    assert check.verdict is verdict
    assert (check.line, check.on, check.requested) == (LINE, ON, cny(invoiced))
    assert check.action is OverrunAction.WARN
    assert (check.available, check.headroom) == (cny("1200"), cny("1260"))


AUTHORIZATION = Authorization("APR-1", GM, "boiler failed", cny("500"))


@pytest.mark.parametrize(
    ("actor", "amount", "used", "reason"),
    [
        (GM, cny("100"), set(), "gm cannot authorize their own action (segregation of duties)"),
        (CLERK, cny("100"), {"APR-1"}, "it has been used already"),
        (CLERK, Money("100", "USD"), set(), "it is in CNY, not USD"),
        (CLERK, cny("500.01"), set(), "it covers 500 CNY, 500.01 CNY is needed"),
    ],
)
def test_a_refused_authorization_names_itself_and_the_reason(
    actor: ActorId, amount: Money, used: set[str], reason: str
) -> None:
    with pytest.raises(InvalidAuthorization) as refused:
        check_authorization(AUTHORIZATION, actor=actor, amount=amount, used=used)
    assert refused.value.reference == "APR-1"
    assert refused.value.reason == reason
    assert str(refused.value) == f"authorization APR-1 refused: {reason}"


def test_an_authorization_covering_exactly_the_amount_holds() -> None:
    check_authorization(AUTHORIZATION, actor=CLERK, amount=cny("500"), used={"APR-2"})
