"""Bad arguments to budget commands are refused with a ValidationError and change nothing.

Regression tests for issue #11: each case below raised ``AttributeError``/``TypeError``, or was
accepted, or changed state although it raised.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from backoffice import (
    ActorId,
    AmountOutOfRange,
    DepartmentId,
    Money,
    NaiveDatetimeError,
    Period,
    ValidationError,
)
from backoffice.domain.budgets import (
    CATERING,
    REPAIRS_AND_MAINTENANCE,
    Authorization,
    BudgetId,
    BudgetLineKey,
    CommitmentId,
    ExpenseId,
    MonthlyPlan,
    OverrunAction,
)
from backoffice.policies.overrun import CategoryOverrunPolicy
from backoffice.services import BudgetService

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
CLERK, GM = ActorId("clerk"), ActorId("gm")
ADMIN = DepartmentId("DEP-ADMIN")
REPAIRS = BudgetLineKey(ADMIN, REPAIRS_AND_MAINTENANCE)
CANTEEN = BudgetLineKey(ADMIN, CATERING)
MARCH = date(2025, 3, 10)
BUD = BudgetId("BUD-2025")
WARN_ALL = CategoryOverrunPolicy.from_dict({"default": {"action": "warn"}})


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


@pytest.fixture
def service() -> BudgetService:
    budgets = BudgetService()
    budgets.open_budget(BUD, Period.year(2025), "CNY", actor=GM, at=T0)
    budgets.open_line(BUD, REPAIRS, MonthlyPlan.even(cny("120000")), actor=GM, at=T0)
    budgets.commit(CommitmentId("PO-1"), REPAIRS, cny("1000"), on=MARCH, actor=CLERK, at=T0)
    budgets.collect_events()
    return budgets


def state(budgets: BudgetService) -> tuple[object, ...]:
    """What a refused command must leave as it was (read through public queries only)."""
    budget = budgets.budget(BUD)
    return (
        budgets.overrun_policy,
        budget.version,
        [(line, budget.figures(line), budget.rule(line)) for line in budget.lines()],
        budget.open_commitments(),
        budget.commitment(CommitmentId("PO-1")),
    )


def commit(**changes: Any) -> Callable[[BudgetService], object]:
    call: dict[str, Any] = {
        "commitment_id": CommitmentId("PO-2"),
        "line": REPAIRS,
        "amount": cny("10"),
        "on": MARCH,
        "reference": "REQ-1",
        "actor": CLERK,
        "at": T0,
    }
    call.update(changes)
    return lambda s: s.commit(**call)


def actual(**changes: Any) -> Callable[[BudgetService], object]:
    call: dict[str, Any] = {
        "expense_id": ExpenseId("INV-1"),
        "commitment_id": CommitmentId("PO-1"),
        "amount": cny("10"),
        "on": MARCH,
        "actor": CLERK,
        "at": T0,
    }
    call.update(changes)
    return lambda s: s.record_actual(**call)


def expense(**changes: Any) -> Callable[[BudgetService], object]:
    call: dict[str, Any] = {
        "expense_id": ExpenseId("EXP-1"),
        "line": REPAIRS,
        "amount": cny("10"),
        "on": MARCH,
        "actor": CLERK,
        "at": T0,
    }
    call.update(changes)
    return lambda s: s.record_direct_expense(**call)


def open_budget(**changes: Any) -> Callable[[BudgetService], object]:
    call: dict[str, Any] = {
        "budget_id": BudgetId("BUD-2026"),
        "fiscal_year": Period.year(2026),
        "currency": "CNY",
        "actor": GM,
        "at": T0,
    }
    call.update(changes)
    return lambda s: s.open_budget(**call)


# Any: the calls are wrong on purpose, which the type checker would refuse.
BAD_CALLS: dict[str, Callable[[Any], object]] = {
    "commit a float": commit(amount=12.5),
    "commit NaN": commit(amount=float("nan")),
    "commit a bare Decimal": commit(amount=Decimal("10")),
    "commit 1e30 as a bare Decimal": commit(amount=Decimal("1e30")),
    "commit on None": commit(on=None),
    "commit on a datetime": commit(on=datetime(2025, 3, 10, tzinfo=UTC)),
    "commit on a string line": commit(line="DEP-ADMIN/repairs-and-maintenance"),
    "commit by actor None": commit(actor=None),
    "commit by actor 123": commit(actor=123),
    "commit by a blank actor": commit(actor=""),
    "commit with a bytes reference": commit(reference=b"REQ-1"),
    "commit with an int reference": commit(reference=7),
    "commit with commitment id None": commit(commitment_id=None),
    "commit with commitment id 5": commit(commitment_id=5),
    "commit with a blank commitment id": commit(commitment_id=""),
    "commit with an override that is no document id": commit(override=3.5),
    "invoice final='no'": actual(final="no"),
    "invoice a float": actual(amount=1.5),
    "invoice by actor None": actual(actor=None),
    "invoice with expense id None": actual(expense_id=None),
    "invoice on None": actual(on=None),
    "expense a bare Decimal": expense(amount=Decimal("5")),
    "expense with expense id 5": expense(expense_id=5),
    "expense by a blank actor": expense(actor=" "),
    "reduce by a bare Decimal": lambda s: s.reduce_commitment(
        CommitmentId("PO-1"), Decimal("5"), actor=CLERK, at=T0
    ),
    "reduce with an int reason": lambda s: s.reduce_commitment(
        CommitmentId("PO-1"), cny("5"), reason=5, actor=CLERK, at=T0
    ),
    "release with a bytes reason": lambda s: s.release_commitment(
        CommitmentId("PO-1"), reason=b"cancelled", actor=CLERK, at=T0
    ),
    "release by actor 123": lambda s: s.release_commitment(CommitmentId("PO-1"), actor=123, at=T0),
    "release commitment None": lambda s: s.release_commitment(None, actor=CLERK, at=T0),
    "open a budget for fiscal year None": open_budget(fiscal_year=None),
    "open a budget with categories None": open_budget(categories=None),
    "open a budget with a string of categories": open_budget(categories="utilities"),
    "open a budget with id None": open_budget(budget_id=None),
    "open a budget with id 2026": open_budget(budget_id=2026),
    "open a budget with a blank id": open_budget(budget_id=""),
    "open a budget by actor None": open_budget(actor=None),
    "open a line on budget None": lambda s: s.open_line(
        None, CANTEEN, MonthlyPlan.even(cny("1200")), actor=GM, at=T0
    ),
    "open a line with a string line": lambda s: s.open_line(
        BUD, "DEP-ADMIN/catering", MonthlyPlan.even(cny("1200")), actor=GM, at=T0
    ),
    "open a line with plan None": lambda s: s.open_line(BUD, CANTEEN, None, actor=GM, at=T0),
    "open a line by actor 123": lambda s: s.open_line(
        BUD, CANTEEN, MonthlyPlan.even(cny("1200")), actor=123, at=T0
    ),
    "transfer on None": lambda s: s.transfer(
        REPAIRS, CANTEEN, cny("1"), on=None, approval="DOC-1", actor=CLERK, at=T0
    ),
    "adjust a float": lambda s: s.adjust(
        REPAIRS, 10.0, on=MARCH, approval="DOC-1", actor=CLERK, at=T0
    ),
    "adjust with approval None": lambda s: s.adjust(
        REPAIRS, cny("10"), on=MARCH, approval=None, actor=CLERK, at=T0
    ),
    "check on None": lambda s: s.check(REPAIRS, cny("10"), on=None),
    "find the budget for None": lambda s: s.budget_for(None),
    "apply policy None": lambda s: s.apply_policy(None, actor=GM, at=T0),
    "apply a policy by actor None": lambda s: s.apply_policy(WARN_ALL, actor=None, at=T0),
    "apply a policy at a naive instant": lambda s: s.apply_policy(
        WARN_ALL, actor=GM, at=datetime(2025, 1, 6, 9, 0)
    ),
}


@pytest.mark.parametrize("call", BAD_CALLS.values(), ids=BAD_CALLS.keys())
def test_a_bad_argument_is_refused_and_changes_nothing(
    service: BudgetService, call: Callable[[Any], object]
) -> None:
    before = state(service)
    with pytest.raises(ValidationError):
        call(service)
    assert state(service) == before
    assert service.collect_events() == []


def test_a_refused_policy_change_is_not_installed(service: BudgetService) -> None:
    with pytest.raises(NaiveDatetimeError):
        service.apply_policy(WARN_ALL, actor=GM, at=datetime(2025, 1, 6, 9, 0))
    with pytest.raises(ValidationError, match="policy"):
        service.apply_policy(None, actor=GM, at=T0)  # type: ignore[arg-type]
    rule = service.open_line(BUD, CANTEEN, MonthlyPlan.even(cny("1200")), actor=GM, at=T0)
    assert rule.action is OverrunAction.STOP  # the seed policy's, not WARN_ALL's


def test_a_policy_deciding_no_rule_is_refused_before_any_line_changes(
    service: BudgetService,
) -> None:
    class Broken:
        def rule_for(self, line: BudgetLineKey) -> object:
            return "warn"

    with pytest.raises(ValidationError, match="not an OverrunRule"):
        service.apply_policy(Broken(), actor=GM, at=T0)  # type: ignore[arg-type]
    service.open_line(BUD, CANTEEN, MonthlyPlan.even(cny("1200")), actor=GM, at=T0)
    assert [type(e).__name__ for e in service.collect_events()] == ["BudgetLineOpened"]


def test_an_amount_past_the_range_is_refused_before_it_reaches_the_budget(
    service: BudgetService,
) -> None:
    with pytest.raises(AmountOutOfRange):
        service.commit(CommitmentId("PO-2"), REPAIRS, cny("1e30"), on=MARCH, actor=CLERK, at=T0)
    assert service.collect_events() == []


def test_ids_and_actors_are_taken_as_their_plain_text(service: BudgetService) -> None:
    service.commit("PO-2", REPAIRS, cny("10"), on=MARCH, actor="clerk", at=T0)  # type: ignore[arg-type]
    assert service.budget("BUD-2025").commitment(CommitmentId("PO-2")).amount == cny("10")  # type: ignore[arg-type]
    events = service.collect_events()
    assert events[0].actor == CLERK


def test_the_budget_itself_refuses_what_the_service_refuses(service: BudgetService) -> None:
    budget = service.budget(BUD)
    version = budget.version
    bad: list[Callable[[], object]] = [
        lambda: budget.commit(CommitmentId("X"), REPAIRS, Decimal("1"), actor=CLERK, at=T0),  # type: ignore[arg-type]
        lambda: budget.record_actual(
            ExpenseId("E"), CommitmentId("PO-1"), cny("1"), final="no", actor=CLERK, at=T0  # type: ignore[arg-type]
        ),
        lambda: budget.change_rule(REPAIRS, None, actor=GM, at=T0),  # type: ignore[arg-type]
        lambda: budget.transfer(
            REPAIRS, CANTEEN, cny("1"), on=MARCH, actor=CLERK, at=T0,
            authorization="APR-1",  # type: ignore[arg-type]
        ),
        lambda: budget.adjust(
            REPAIRS, cny("1"), on=MARCH, actor=None, at=T0,  # type: ignore[arg-type]
            authorization=Authorization("APR-1", GM, "why", cny("1")),
        ),
    ]  # fmt: skip
    for call in bad:
        with pytest.raises(ValidationError):
            call()
    assert budget.version == version
    assert budget.collect_events() == []
