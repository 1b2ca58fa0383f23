"""Commitments and actuals: committed money turns into actual spending or comes back."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from backoffice import ActorId, DepartmentId, InvalidTransition, Money, Period, ValidationError
from backoffice.domain.budgets import (
    VEHICLES,
    ActualRecorded,
    AlreadyRecorded,
    Authorization,
    Budget,
    BudgetExceeded,
    BudgetId,
    BudgetLineKey,
    CommitmentClosed,
    CommitmentId,
    CommitmentNotFound,
    CommitmentReduced,
    CommitmentReleased,
    CommitmentStatus,
    ExpenseId,
    MonthlyPlan,
)

AT = datetime(2025, 5, 6, 10, 0, tzinfo=UTC)
CLERK = ActorId("clerk.li")
FLEET = BudgetLineKey(DepartmentId("DEP-ADMIN"), VEHICLES)
PO = CommitmentId("PO-2025-0042")


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


@pytest.fixture
def budget() -> Budget:
    budget = Budget.open(BudgetId("BUD-2025"), Period.year(2025), "CNY", actor=CLERK, at=AT)
    budget.open_line(FLEET, MonthlyPlan.even(cny("60000")), actor=CLERK, at=AT)
    budget.commit(
        PO, FLEET, cny("8000"), on=date(2025, 5, 6), reference="tyres", actor=CLERK, at=AT
    )
    budget.collect_events()
    return budget


def test_a_commitment_is_kept_with_its_reference_and_open_amount(budget: Budget) -> None:
    commitment = budget.commitment(PO)
    assert (commitment.reference, commitment.open_amount) == ("tyres", cny("8000"))
    assert commitment.status is CommitmentStatus.OPEN
    assert budget.open_commitments(FLEET) == [commitment]
    with pytest.raises(CommitmentNotFound):
        budget.commitment(CommitmentId("PO-404"))
    with pytest.raises(AlreadyRecorded):
        budget.commit(PO, FLEET, cny("1"), actor=CLERK, at=AT)


def test_the_invoice_turns_the_commitment_into_actual_and_releases_the_rest(budget: Budget) -> None:
    budget.record_actual(
        ExpenseId("INV-1"), PO, cny("7600"), on=date(2025, 6, 2), actor=CLERK, at=AT
    )
    (event,) = budget.collect_events()
    assert isinstance(event, ActualRecorded)
    assert (event.amount, event.released, event.commitment) == (cny("7600"), cny("400"), PO)
    figures = budget.figures(FLEET)
    assert figures.months[4].committed == cny("0")
    assert figures.months[5].actual == cny("7600")
    assert figures.total.available == cny("52400")
    assert budget.commitment(PO).status is CommitmentStatus.CLOSED
    assert budget.check_invariants() == []


def test_a_partial_invoice_keeps_the_rest_committed(budget: Budget) -> None:
    budget.record_actual(
        ExpenseId("INV-1"), PO, cny("3000"), on=date(2025, 5, 20), final=False, actor=CLERK, at=AT
    )
    assert budget.commitment(PO).open_amount == cny("5000")
    assert budget.commitment(PO).invoiced == cny("3000")
    budget.record_actual(
        ExpenseId("INV-2"), PO, cny("5000"), on=date(2025, 6, 1), actor=CLERK, at=AT
    )
    assert budget.figures(FLEET).total.actual == cny("8000")
    assert budget.figures(FLEET).total.committed == cny("0")
    with pytest.raises(CommitmentClosed) as closed:
        budget.record_actual(ExpenseId("INV-3"), PO, cny("1"), actor=CLERK, at=AT)
    assert isinstance(closed.value, InvalidTransition)


def test_an_invoice_larger_than_the_commitment_is_checked_for_the_difference(
    budget: Budget,
) -> None:
    budget.commit(
        CommitmentId("PO-2"), FLEET, cny("55000"), on=date(2025, 5, 6), actor=CLERK, at=AT
    )
    # 63,000 committed of a 60,000 budget with a 63,000 limit: the tyres invoice of 8,100 is
    # 100 more than committed, and the limit has no room left for it.
    with pytest.raises(BudgetExceeded) as refused:
        budget.record_actual(ExpenseId("INV-1"), PO, cny("8100"), actor=CLERK, at=AT)
    assert refused.value.excess == cny("100.00")
    assert budget.commitment(PO).open_amount == cny("8000")
    override = Authorization("APR-1", ActorId("gm.sun"), "price rise", cny("100"))
    budget.record_actual(ExpenseId("INV-1"), PO, cny("8100"), override=override, actor=CLERK, at=AT)
    assert budget.figures(FLEET).total.overrides == cny("100.00")
    assert budget.check_invariants() == []


def test_reducing_and_releasing_give_the_money_back(budget: Budget) -> None:
    budget.reduce_commitment(PO, cny("500"), reason="discount", actor=CLERK, at=AT)
    assert budget.commitment(PO).open_amount == cny("7500")
    released = budget.release_commitment(PO, reason="order cancelled", actor=CLERK, at=AT)
    assert released == cny("7500")
    reduced, release = budget.collect_events()
    assert isinstance(reduced, CommitmentReduced)
    assert reduced.reason == "discount"
    assert isinstance(release, CommitmentReleased)
    assert budget.figures(FLEET).total.available == cny("60000")
    with pytest.raises(CommitmentClosed):
        budget.release_commitment(PO, actor=CLERK, at=AT)


def test_a_commitment_cannot_be_reduced_below_zero(budget: Budget) -> None:
    with pytest.raises(ValidationError, match="only 8000"):
        budget.reduce_commitment(PO, cny("8000.01"), actor=CLERK, at=AT)
    assert budget.commitment(PO).open_amount == cny("8000")


def test_an_expense_id_is_booked_once(budget: Budget) -> None:
    budget.record_direct_expense(ExpenseId("EXP-1"), FLEET, cny("300"), actor=CLERK, at=AT)
    with pytest.raises(AlreadyRecorded):
        budget.record_direct_expense(ExpenseId("EXP-1"), FLEET, cny("300"), actor=CLERK, at=AT)
    with pytest.raises(AlreadyRecorded):
        budget.record_actual(ExpenseId("EXP-1"), PO, cny("300"), actor=CLERK, at=AT)


def test_the_booking_date_defaults_to_the_day_of_the_command(budget: Budget) -> None:
    budget.record_direct_expense(ExpenseId("EXP-1"), FLEET, cny("300"), actor=CLERK, at=AT)
    assert budget.figures(FLEET).months[4].actual == cny("300")
