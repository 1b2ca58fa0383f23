"""Inventory, budget and approval metrics: each figure against the records it counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from backoffice import ActorId, DepartmentId, Money, Percent, Period, SelfApprovalForbidden
from backoffice.calendar import BusinessCalendar
from backoffice.domain.approvals import (
    LOGISTICS_MANAGER,
    LOGISTICS_OFFICER,
    ApprovalDocument,
    ApprovalRequest,
    Deadline,
    DocumentId,
    DocumentKind,
    StepAssignment,
    StepSpec,
)
from backoffice.domain.budgets import (
    CATERING,
    REPAIRS_AND_MAINTENANCE,
    UTILITIES,
    Budget,
    BudgetId,
    BudgetLineKey,
    ExpenseId,
    Grouping,
    MonthlyPlan,
    OverrunAction,
    OverrunRule,
)
from backoffice.domain.inventory import InsufficientStock, Item
from backoffice.domain.metrics import (
    Figure,
    approval_figures_by_role,
    budget_figures_by,
    consumption_by_department,
    requisition_stockouts,
    sod_refusals,
    stock_figures,
    turnover_figure,
)
from backoffice.policies import AllowNegativeStock
from backoffice.services.inventory import Inventory

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLERK = ActorId("clerk-wang")
MARCH = Period.month(2025, 3)


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=SHANGHAI)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


@pytest.fixture
def store() -> Inventory:
    store = Inventory(currency="CNY", negative_stock=AllowNegativeStock({"MASK": cny("40.00")}))
    store.add_item(Item(sku="MASK", name="N95 mask", unit="box"))
    store.add_item(Item(sku="MILK", name="milk", unit="carton"))
    store.receive("MASK", 10, unit_cost=cny("45.00"), at=at(1), by=CLERK)
    store.receive(
        "MILK", 20, unit_cost=cny("5.00"), at=at(1), by=CLERK, expires_on=date(2025, 3, 10)
    )
    store.issue("MASK", 4, at=at(2), by=CLERK, charge_to="FIN")
    store.issue("MASK", 8, at=at(3), by=CLERK, charge_to="HR")  # 2 short: a stockout
    store.issue("MILK", 5, at=at(3), by=CLERK, charge_to="HR")
    store.count("MILK", 13, at=at(5), by=CLERK)  # 2 missing: shrinkage 10.00
    store.write_off_expired(at=at(11), by=CLERK)  # 13 expired: 65.00
    return store


def test_short_issues_and_refusals_are_stockouts(store: Inventory) -> None:
    records = [m for sku in ("MASK", "MILK") for m in store.movements(sku)]
    figures = stock_figures(records, MARCH, "CNY", refused=1)
    assert figures["stockouts"] == Figure(2, 4)  # the short mask issue, the refusal
    assert figures["stockout_rate"] == Figure(Percent(50), 4)
    assert figures["shrinkage_value"] == Figure(cny("10.00"), 1)
    assert figures["expiry_write_off_value"] == Figure(cny("65.00"), 1)
    assert figures["write_off_value"] == Figure(cny("65.00"), 1)
    assert stock_figures(records, Period.month(2025, 4), "CNY")["stockouts"] == Figure(0, 0)


def test_a_refused_issue_leaves_no_record_so_the_caller_counts_it() -> None:
    strict = Inventory(currency="CNY")
    strict.add_item(Item(sku="MASK", name="N95 mask", unit="box"))
    with pytest.raises(InsufficientStock):
        strict.issue("MASK", 1, at=at(2), by=CLERK)
    assert strict.movements("MASK") == []


def test_consumption_per_department_reuses_the_storeroom_report(store: Inventory) -> None:
    records = [m for sku in ("MASK", "MILK") for m in store.movements(sku)]
    by_department = consumption_by_department(records, MARCH, "CNY")
    # FIN: 4 masks at 45; HR: 8 masks at 45 (the 2 short at the latest receipt's cost), 5
    # cartons of milk at 5
    assert by_department[DepartmentId("FIN")] == Figure(cny("180.00"), 1)
    assert by_department[DepartmentId("HR")] == Figure(cny("385.00"), 2)


def test_turnover_is_the_storeroom_reports_turns(store: Inventory) -> None:
    turns = turnover_figure("MILK", store.movements("MILK"), MARCH, "CNY")
    assert turns.value == store.turnover("MILK", MARCH).turns
    assert turns.count == len(store.movements("MILK"))


def test_requisitions_served_in_part_are_stockouts() -> None:
    store = Inventory(currency="CNY")
    store.add_item(Item(sku="TONER", name="toner", unit="cartridge"))
    store.receive("TONER", 6, unit_cost=cny("300"), at=at(1), by=CLERK)
    first = store.submit_requisition(
        {"TONER": 2}, requester=ActorId("zhang"), department="it", at=at(2)
    )
    second = store.submit_requisition(
        {"TONER": 4}, requester=ActorId("zhao"), department="it", at=at(2)
    )
    store.approve_requisition(first.id, by=ActorId("liu"), at=at(2))
    store.fulfil_requisition(first.id, by=CLERK, at=at(3))
    store.approve_requisition(second.id, by=ActorId("liu"), at=at(3))
    store.fulfil_requisition(
        second.id, by=CLERK, at=at(4), quantities={"TONER": 1}
    )  # 1 of 4: short
    assert requisition_stockouts(store.collect_events(), MARCH) == Figure(1, 2)


def test_budget_figures_give_execution_and_overrun_per_department() -> None:
    clerk, now = ActorId("finance.qian"), datetime(2025, 12, 31, tzinfo=UTC)
    budget = Budget.open(BudgetId("BUD-2025"), Period.year(2025), "CNY", actor=clerk, at=now)
    ignore = OverrunRule(OverrunAction.IGNORE)
    admin, hr = DepartmentId("DEP-ADMIN"), DepartmentId("DEP-HR")
    for key, annual in (
        (BudgetLineKey(admin, UTILITIES), "120000"),
        (BudgetLineKey(admin, CATERING), "80000"),
        (BudgetLineKey(hr, CATERING), "60000"),
    ):
        budget.open_line(key, MonthlyPlan.even(cny(annual)), rule=ignore, actor=clerk, at=now)
    budget.record_direct_expense(
        ExpenseId("E1"),
        BudgetLineKey(admin, UTILITIES),
        cny("150000"),
        on=date(2025, 6, 1),
        actor=clerk,
        at=now,
    )
    budget.record_direct_expense(
        ExpenseId("E2"),
        BudgetLineKey(hr, CATERING),
        cny("63000"),
        on=date(2025, 6, 1),
        actor=clerk,
        at=now,
    )
    figures = budget_figures_by(budget, Grouping.DEPARTMENT)
    assert figures["DEP-ADMIN"]["budget_execution_rate"] == Figure(Percent(75), 2)
    assert figures["DEP-ADMIN"]["budget_overrun"] == Figure(Percent(0), 2)
    assert figures["DEP-HR"]["budget_overrun"] == Figure(Percent(5), 1)
    by_line = budget_figures_by(budget, Grouping.LINE)
    assert by_line["DEP-ADMIN/utilities"]["budget_overrun"] == Figure(Percent(25), 1)
    assert by_line["DEP-ADMIN/catering"]["budget_commitment_rate"] == Figure(Percent(0), 1)


def test_approval_cycle_time_per_level_and_escalations() -> None:
    office = BusinessCalendar.always("Asia/Shanghai")
    li, chen, liu = ActorId("li"), ActorId("chen"), ActorId("liu")
    document = ApprovalDocument(
        id=DocumentId("REQ-88"),
        kind=DocumentKind.REQUISITION,
        amount=Money("2400", "CNY"),
        category=REPAIRS_AND_MAINTENANCE,
        department=DepartmentId("DEP-ADMIN"),
        requester=li,
    )
    first = StepSpec(
        LOGISTICS_OFFICER,
        deadline=Deadline.working_hours(4),
        escalate_to=LOGISTICS_MANAGER,
    )
    request = ApprovalRequest.submit(
        document,
        [StepAssignment(first, {chen}), StepAssignment(StepSpec(LOGISTICS_MANAGER), {liu})],
        calendar=office,
        at=at(3, 9),
    )
    refusals: list[BaseException] = []
    try:
        request.approve(li, at=at(3, 10))
    except SelfApprovalForbidden as error:
        refusals.append(error)
    request.escalate({liu}, actor=ActorId("scheduler"), at=at(3, 13))
    request.approve(chen, at=at(3, 15))
    request.approve(liu, at=at(4, 9))
    figures = approval_figures_by_role(request.collect_events())
    officer, manager = figures[str(LOGISTICS_OFFICER)], figures[str(LOGISTICS_MANAGER)]
    assert officer["approval_cycle_p50"] == Figure(timedelta(hours=6), 1)
    assert officer["escalations"] == Figure(1, 1)
    assert manager["approval_cycle_mean"] == Figure(timedelta(hours=18), 1)
    assert sod_refusals([*refusals, ValueError("other")]) == Figure(1, 2)
