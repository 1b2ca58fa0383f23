"""The office: the requisition flow across areas, units of work, save and restore."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from backoffice import (
    ActorId,
    ApprovalStatus,
    BudgetExceeded,
    InsufficientStock,
    InvalidTransition,
    Money,
    Quantity,
)
from backoffice.adapters.sqlite import SqliteEventStore
from backoffice.clock import ManualClock
from backoffice.domain.approvals import DocumentId
from backoffice.domain.budgets import (
    OFFICE_SUPPLIES,
    BudgetLineKey,
    CommitmentId,
    CommitmentStatus,
    ExpenseId,
)
from backoffice.domain.inventory import RequisitionStatus
from backoffice.domain.requests import Assignee, Category, Channel, RequestLocation
from backoffice.ports import ConcurrencyConflict, InMemoryEventStore
from backoffice.services.office import Office
from backoffice.testing.office import (
    OPENED,
    office_calendars,
    open_seed_office,
    seed_directory,
    seed_office_rules,
)
from backoffice.values import DepartmentId

ZHANG, WANG, LIU, CLERK = (ActorId(n) for n in ("zhang", "wang", "liu", "clerk-wang"))
TECH, RECEPTION = ActorId("tech-li"), ActorId("reception")
RD_SUPPLIES = BudgetLineKey(DepartmentId("rd"), OFFICE_SUPPLIES)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


def office_at_work() -> Office:
    office = open_seed_office(ManualClock(OPENED))  # 40 toners at 380.00 on the shelf
    office.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
    office.run(
        lambda: office.inventory.receive(
            "TONER-12", 2, unit_cost=cny("400.00"), at=office.clock.now(), by=CLERK
        )
    )
    office.collect_events()
    return office


def restored(store: InMemoryEventStore | SqliteEventStore, clock: ManualClock) -> Office:
    calendars = office_calendars()
    return Office.restore(
        store,
        seed_office_rules(calendars),
        clock=clock,
        calendars=calendars,
        directory=seed_directory(),
    )


def test_a_requisition_goes_through_its_chain_its_budget_and_out_at_fifo_cost() -> None:
    office = office_at_work()
    requisition = office.submit_requisition({"TONER-12": 41}, requester=ZHANG, department="rd")
    estimate = office.approvals.request(DocumentId(requisition.id.value)).document.amount
    assert requisition.status is RequisitionStatus.SUBMITTED  # over 300.00: to the chain

    office.approve(str(requisition.id), WANG)  # the R&D head, then (over 1,000) logistics
    chain = office.approve(str(requisition.id), LIU)

    assert chain.status is ApprovalStatus.APPROVED
    assert office.inventory.reserved("TONER-12") == Quantity(41, "each")
    budget = office.budgets.budget_for(OPENED.date())
    assert budget.figures(RD_SUPPLIES).total.committed == estimate

    issues = office.fulfil_requisition(requisition.id, by=CLERK)

    assert sum((issue.cost for issue in issues), cny("0")) == cny("15600.00")  # 40x380 + 400
    totals = budget.figures(RD_SUPPLIES).total
    assert (totals.actual, totals.committed) == (cny("15600.00"), cny("0.00"))
    assert budget.commitment(CommitmentId(requisition.id.value)).status is CommitmentStatus.CLOSED
    names = [event.name for event in office.collect_events()]
    assert names.index("ApprovalGranted") < names.index("BudgetCommitted")
    assert names[-1] == "ActualRecorded"


def test_an_approval_the_budget_refuses_leaves_no_approval_and_no_event() -> None:
    office = office_at_work()
    requisition = office.submit_requisition({"TONER-12": 41}, requester=ZHANG, department="rd")
    office.approve(str(requisition.id), WANG)
    office.run(  # the line is spent elsewhere in the meantime
        lambda: office.budgets.record_direct_expense(
            ExpenseId("EXP-1"),
            RD_SUPPLIES,
            cny("20000.00"),
            on=OPENED.date(),
            actor=CLERK,
            at=OPENED,
        )
    )
    before = office.events()
    office.collect_events()

    with pytest.raises(BudgetExceeded):
        office.approve(str(requisition.id), LIU)

    assert office.events() == before
    assert office.collect_events() == []
    assert (
        office.approvals.request(DocumentId(requisition.id.value)).status is ApprovalStatus.PENDING
    )
    assert office.inventory.reserved("TONER-12") == Quantity(0, "each")
    assert office.inventory.requisition(requisition.id).status is RequisitionStatus.SUBMITTED


def test_an_approval_with_the_stock_gone_is_not_recorded_and_can_be_given_later() -> None:
    office = office_at_work()
    requisition = office.submit_requisition({"TONER-12": 41}, requester=ZHANG, department="rd")
    office.approve(str(requisition.id), WANG)
    taken = office.run(
        lambda: office.inventory.issue("TONER-12", 10, at=office.clock.now(), by=CLERK, to="hr")
    )

    with pytest.raises(InsufficientStock):
        office.approve(str(requisition.id), LIU)
    assert (
        office.approvals.request(DocumentId(requisition.id.value)).status is ApprovalStatus.PENDING
    )

    office.run(lambda: office.inventory.return_to_stock(taken, at=office.clock.now(), by=CLERK))
    assert office.approve(str(requisition.id), LIU).status is ApprovalStatus.APPROVED


def test_a_working_on_block_that_fails_half_way_keeps_none_of_its_steps() -> None:
    office = office_at_work()
    request = office.submit_request(
        channel=Channel.OA_SYSTEM,
        category=Category.REPAIR,
        description="Air conditioning not working in office 512",
        location=RequestLocation("HQ", "Building A"),
        requester=ZHANG,
    )
    office.accept_request(request.id, actor=RECEPTION)
    before = office.events()

    def assign_then_resolve_without_starting() -> None:
        with office.working_on(request.id) as working:
            working.assign(actor=RECEPTION, at=later, assignee=Assignee.person(TECH))
            working.resolve(actor=TECH, at=later, resolution="never started")

    later = OPENED + timedelta(hours=2)
    with pytest.raises(InvalidTransition):
        assign_then_resolve_without_starting()

    assert office.events() == before
    assert office.desk.get(request.id).assignee is None
    with office.working_on(request.id) as working:  # the desk works on, from where it was
        working.assign(
            actor=RECEPTION, at=OPENED + timedelta(hours=2), assignee=Assignee.person(TECH)
        )
    assert office.desk.get(request.id).assignee == Assignee.person(TECH)


def test_a_failed_unit_of_work_consumes_no_id() -> None:
    office = office_at_work()
    office.run(
        lambda: office.budgets.record_direct_expense(
            ExpenseId("EXP-1"),
            RD_SUPPLIES,
            cny("25100.00"),
            on=OPENED.date(),
            actor=CLERK,
            at=OPENED,
        )
    )
    with pytest.raises(BudgetExceeded):  # 12 x 21.50 = 258: approved at once, over budget
        office.submit_requisition({"A4-80": 12}, requester=ZHANG, department="rd")
    again = office.submit_requisition({"A4-80": 1}, requester=ZHANG, department="rd")
    assert again.id.value == "RQN-000001"


def test_an_office_restored_from_sqlite_carries_on_where_it_stopped(tmp_path: Path) -> None:
    office = office_at_work()
    first = office.submit_requisition({"TONER-12": 3}, requester=ZHANG, department="rd")
    office.approve(str(first.id), WANG)
    with SqliteEventStore.open(tmp_path / "office.db") as store:
        assert office.save(store) == len(office.events())
    clock = ManualClock(office.clock.now())

    with SqliteEventStore.open(tmp_path / "office.db") as store:
        again = restored(store, clock)
        assert again.events() == office.events()
        again.approve(str(first.id), LIU)  # the chain goes on where it stopped
        second = again.submit_requisition({"PEN-BLK": 5}, requester=ZHANG, department="rd")
        assert (first.id.value, second.id.value) == ("RQN-000001", "RQN-000002")
        assert again.save(store) > 0
        office.approve(str(first.id), LIU)
        with pytest.raises(ConcurrencyConflict):  # the first office is behind now
            office.save(store)
