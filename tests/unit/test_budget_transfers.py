"""Transfers between lines and supplementary budgets: approved, recorded, conserving totals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from backoffice import ActorId, DepartmentId, Money, Period, ValidationError
from backoffice.domain.budgets import (
    CATERING,
    REPAIRS_AND_MAINTENANCE,
    Authorization,
    Budget,
    BudgetAdjusted,
    BudgetId,
    BudgetLineKey,
    BudgetTransferred,
    CheckBasis,
    CommitmentId,
    InsufficientBudget,
    InvalidAuthorization,
    MonthlyPlan,
    OverrunRule,
)

AT = datetime(2025, 9, 1, 9, 0, tzinfo=UTC)
CLERK = ActorId("finance.qian")
GM = ActorId("gm.sun")
ADMIN = DepartmentId("DEP-ADMIN")
REPAIRS = BudgetLineKey(ADMIN, REPAIRS_AND_MAINTENANCE)
CANTEEN = BudgetLineKey(ADMIN, CATERING)
SEPTEMBER = date(2025, 9, 10)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


def approval(reference: str, amount: str, approver: ActorId = GM) -> Authorization:
    return Authorization(reference, approver, "move the canteen surplus to repairs", cny(amount))


@pytest.fixture
def budget() -> Budget:
    budget = Budget.open(BudgetId("BUD-2025"), Period.year(2025), "CNY", actor=CLERK, at=AT)
    budget.open_line(REPAIRS, MonthlyPlan.even(cny("120000")), actor=CLERK, at=AT)
    budget.open_line(
        CANTEEN, MonthlyPlan.even(cny("240000")), rule=OverrunRule(), actor=CLERK, at=AT
    )
    budget.collect_events()
    return budget


def total_budget(budget: Budget) -> Money:
    return sum((budget.figures(k).total.budget for k in budget.lines()), cny("0"))


def test_a_transfer_moves_budget_between_lines_and_keeps_the_total(budget: Budget) -> None:
    before = total_budget(budget)
    budget.transfer(
        CANTEEN,
        REPAIRS,
        cny("15000"),
        on=SEPTEMBER,
        authorization=approval("APR-1", "15000"),
        actor=CLERK,
        at=AT,
    )
    assert total_budget(budget) == before
    assert budget.figures(REPAIRS).months[8].adjustments == cny("15000")
    assert budget.figures(CANTEEN).months[8].adjustments == cny("-15000")
    (event,) = budget.collect_events()
    assert isinstance(event, BudgetTransferred)
    assert (event.source, event.target, event.authorization.approved_by) == (CANTEEN, REPAIRS, GM)


def test_committed_budget_cannot_be_transferred_away(budget: Budget) -> None:
    budget.commit(CommitmentId("PO-1"), CANTEEN, cny("230000"), on=SEPTEMBER, actor=CLERK, at=AT)
    with pytest.raises(InsufficientBudget) as refused:
        budget.transfer(
            CANTEEN,
            REPAIRS,
            cny("10000.01"),
            on=SEPTEMBER,
            authorization=approval("APR-2", "20000"),
            actor=CLERK,
            at=AT,
        )
    assert refused.value.available == cny("10000.00")
    assert budget.figures(REPAIRS).total.adjustments == cny("0")


def test_on_a_cumulative_line_only_budget_phased_from_that_month_can_move(budget: Budget) -> None:
    budget.change_rule(CANTEEN, OverrunRule(basis=CheckBasis.CUMULATIVE), actor=GM, at=AT)
    budget.commit(CommitmentId("PO-1"), CANTEEN, cny("180000"), on=SEPTEMBER, actor=CLERK, at=AT)
    # January to September: 9 x 20,000 = 180,000, all committed: nothing left to move in
    # September, although October to December still hold 60,000.
    with pytest.raises(InsufficientBudget):
        budget.transfer(
            CANTEEN,
            REPAIRS,
            cny("1"),
            on=SEPTEMBER,
            authorization=approval("APR-3", "1"),
            actor=CLERK,
            at=AT,
        )
    budget.transfer(
        CANTEEN,
        REPAIRS,
        cny("20000"),
        on=date(2025, 10, 1),
        authorization=approval("APR-4", "20000"),
        actor=CLERK,
        at=AT,
    )


def test_a_transfer_needs_an_approval_covering_it_by_someone_else(budget: Budget) -> None:
    with pytest.raises(InvalidAuthorization, match="segregation"):
        budget.transfer(
            CANTEEN,
            REPAIRS,
            cny("100"),
            on=SEPTEMBER,
            authorization=approval("APR-5", "100", approver=CLERK),
            actor=CLERK,
            at=AT,
        )
    with pytest.raises(InvalidAuthorization, match="covers 99"):
        budget.transfer(
            CANTEEN,
            REPAIRS,
            cny("100"),
            on=SEPTEMBER,
            authorization=approval("APR-6", "99"),
            actor=CLERK,
            at=AT,
        )
    with pytest.raises(ValidationError, match="two different lines"):
        budget.transfer(
            CANTEEN,
            CANTEEN,
            cny("100"),
            on=SEPTEMBER,
            authorization=approval("APR-7", "100"),
            actor=CLERK,
            at=AT,
        )
    assert budget.pending_events() == ()


def test_a_supplementary_budget_raises_the_line_by_exactly_its_amount(budget: Budget) -> None:
    budget.adjust(
        REPAIRS,
        cny("30000"),
        on=SEPTEMBER,
        authorization=approval("APR-8", "30000"),
        actor=CLERK,
        at=AT,
    )
    assert budget.figures(REPAIRS).total.budget == cny("150000")
    assert isinstance(budget.collect_events()[0], BudgetAdjusted)


def test_a_cut_cannot_take_away_spent_budget(budget: Budget) -> None:
    budget.commit(CommitmentId("PO-1"), REPAIRS, cny("100000"), on=SEPTEMBER, actor=CLERK, at=AT)
    with pytest.raises(InsufficientBudget):
        budget.adjust(
            REPAIRS,
            cny("-20000.01"),
            on=SEPTEMBER,
            authorization=approval("APR-9", "30000"),
            actor=CLERK,
            at=AT,
        )
    budget.adjust(
        REPAIRS,
        cny("-20000"),
        on=SEPTEMBER,
        authorization=approval("APR-9", "30000"),
        actor=CLERK,
        at=AT,
    )
    assert budget.figures(REPAIRS).total.available == cny("0")
    with pytest.raises(ValidationError, match="zero"):
        budget.adjust(
            REPAIRS,
            cny("0"),
            on=SEPTEMBER,
            authorization=approval("APR-10", "1"),
            actor=CLERK,
            at=AT,
        )
