"""Scenario: a back-office budget year (事前预算、事中监控、事后分析), in the controller's words.

The annual budget is drawn up per department and spending category and phased by month; a
boiler repair goes up the approval chain by amount (department head, logistics manager,
finance) and the requester's own approval is refused; the approved order commits budget, the
invoice turns it into actual spending; a second repair would take the line past budget + 5 %
and is stopped with the figures, until the general manager's approval of an override is
recorded; budget is transferred between departments under finance's approval; the report
compares plan, committed, actual and available and scores each department against the KPI
"overrun <= 5 %"; three small orders to one supplier in a week are flagged as a split purchase.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final
from zoneinfo import ZoneInfo

from backoffice.domain.approvals.documents import ApprovalDocument, DocumentId, DocumentKind
from backoffice.domain.approvals.errors import SelfApprovalForbidden
from backoffice.domain.approvals.request import ApprovalRequest
from backoffice.domain.approvals.splitting import SplitPurchaseDetector
from backoffice.domain.budgets.categories import (
    OFFICE_SUPPLIES,
    REPAIRS_AND_MAINTENANCE,
    BudgetId,
    BudgetLineKey,
    CommitmentId,
    ExpenseId,
)
from backoffice.domain.budgets.errors import BudgetExceeded
from backoffice.domain.budgets.events import BudgetOverrunOverridden
from backoffice.domain.budgets.phasing import MonthlyPlan
from backoffice.domain.budgets.reports import Grouping, variance_by
from backoffice.policies.approval import ThresholdApprovalPolicy
from backoffice.services.approvals import ApprovalService
from backoffice.services.budgets import BudgetService
from backoffice.services.directory import InMemoryDirectory
from backoffice.values.ids import ActorId, DepartmentId, SupplierId
from backoffice.values.money import Money
from backoffice.values.percent import Percent
from backoffice.values.period import Period

__all__ = ["DEMO_APPROVAL_MATRIX", "run_budget_demo"]

SHANGHAI = ZoneInfo("Asia/Shanghai")
ADMIN, IT = DepartmentId("DEP-ADMIN"), DepartmentId("DEP-IT")
REPAIRS = BudgetLineKey(ADMIN, REPAIRS_AND_MAINTENANCE)
ADMIN_SUPPLIES = BudgetLineKey(ADMIN, OFFICE_SUPPLIES)
IT_SUPPLIES = BudgetLineKey(IT, OFFICE_SUPPLIES)
LI, WANG, LIU, ZHAO, SUN = (ActorId(n) for n in ("li", "wang", "liu", "zhao", "sun"))
CONTROLLER = ActorId("controller-qian")
BUDGET = BudgetId("BUD-2025")

#: The demo's approval matrix (amounts in CNY): purchases climb from the department head to
#: the logistics manager (from 5,000) and finance (from 50,000) or the general manager (from
#: 200,000); overrun overrides go to the general manager, budget transfers to finance.
DEMO_APPROVAL_MATRIX: Final[dict[str, Any]] = {
    "currency": "CNY",
    "columns": [
        {"name": "overrides", "kinds": ["overrun-override"],
         "levels": [{"from": "0", "role": "general-manager"}]},
        {"name": "transfers", "kinds": ["budget-transfer"],
         "levels": [{"from": "0", "role": "finance"}]},
        {"name": "purchases", "levels": [
            {"from": "0", "role": "department-head", "within_working_days": 1},
            {"from": "5000", "role": "logistics-manager"},
            {"from": "50000", "role": "finance"},
            {"from": "200000", "role": "general-manager"},
        ]},
    ],
}  # fmt: skip


def _at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=SHANGHAI)


def _cny(amount: str) -> Money:
    return Money(amount, "CNY")


def _document(
    number: str,
    kind: DocumentKind,
    amount: str,
    line: BudgetLineKey,
    requester: ActorId,
    **more: Any,
) -> ApprovalDocument:
    return ApprovalDocument(
        id=DocumentId(number), kind=kind, amount=_cny(amount), category=line.category,
        department=line.department, requester=requester, **more,
    )  # fmt: skip


def _offices() -> tuple[ApprovalService, BudgetService]:
    directory = InMemoryDirectory.from_dict({
        "department-head": {"DEP-ADMIN": ["wang"], "DEP-IT": ["chen"]},
        "logistics-manager": ["liu"], "finance": ["zhao"], "general-manager": ["sun"],
    })  # fmt: skip
    policy = ThresholdApprovalPolicy.from_dict(DEMO_APPROVAL_MATRIX)
    detector = SplitPurchaseDetector(timedelta(days=7), policy.thresholds())
    approvals = ApprovalService(policy, directory, split_detector=detector)
    budgets = BudgetService(approvals=approvals)
    budgets.open_budget(BUDGET, Period.year(2025), "CNY", actor=SUN, at=_at(1, 2))
    plans = {
        REPAIRS: MonthlyPlan.even(_cny("120000.00")),
        ADMIN_SUPPLIES: MonthlyPlan.by_percentages(_cny("36000.00"), [12] + [8] * 11),
        IT_SUPPLIES: MonthlyPlan.even(_cny("24000.00")),
    }
    for line, plan in plans.items():
        budgets.open_line(BUDGET, line, plan, actor=SUN, at=_at(1, 2))
    return approvals, budgets


def _shown(overrun: Percent | None) -> str:
    """An overrun for people: one decimal, rounded half up ("n/a" for a line with no budget)."""
    if overrun is None:
        return "n/a"
    return f"{overrun.value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)} %"


def _chain(request: ApprovalRequest) -> str:
    return " -> ".join(str(step.role) for step in request.steps)


def _plan(budgets: BudgetService, out: Callable[[str], None]) -> None:
    budget = budgets.budget(BUDGET)
    out("Budget 2025 (事前预算), stop at budget + 5 %, checked on the annual budget")
    for line in budget.lines():
        months = budget.figures(line).months
        out(f"  {line}: {budget.figures(line).total.plan}, Jan {months[0].plan}, "
            f"Feb {months[1].plan}")  # fmt: skip


def _requisition(
    approvals: ApprovalService, budgets: BudgetService, out: Callable[[str], None]
) -> None:
    boiler = _document("PR-101", DocumentKind.REQUISITION, "68000.00", REPAIRS, LI)
    request = approvals.submit(boiler, at=_at(3, 3, 9))
    out(f"PR-101 boiler overhaul by li, {boiler.amount}: {_chain(request)}")
    try:
        approvals.approve(boiler.id, LI, at=_at(3, 3, 9))
    except SelfApprovalForbidden as refused:
        out(f"  li approving it: refused, {type(refused).__name__}")
    for hour, person in enumerate((WANG, LIU, ZHAO), start=10):
        approvals.approve(boiler.id, person, at=_at(3, 3, hour))
    out(f"  approved by wang, liu, zhao -> {request.status.value}")
    check = budgets.commit(CommitmentId("PO-101"), REPAIRS, boiler.amount, on=date(2025, 3, 4),
                           reference="PR-101", actor=CONTROLLER, at=_at(3, 4))  # fmt: skip
    out(f"  committed PO-101 (事中监控): {check.verdict.value}, {check.available} left before it")
    budgets.record_actual(ExpenseId("INV-7781"), CommitmentId("PO-101"), _cny("66500.00"),
                          on=date(2025, 3, 20), actor=CONTROLLER, at=_at(3, 20))  # fmt: skip
    actual = budgets.budget(BUDGET).figures(REPAIRS).total.actual
    out(f"  invoice 66500.00 CNY on receipt: actual {actual}, 1500.00 CNY released")


def _overrun(
    approvals: ApprovalService, budgets: BudgetService, out: Callable[[str], None]
) -> None:
    roof, on = _cny("62000.00"), date(2025, 4, 2)
    check = budgets.check(REPAIRS, roof, on=on)
    out(f"PO-102 roof repair {roof}: {check.verdict.value}, refused with BudgetExceeded")
    try:
        budgets.commit(CommitmentId("PO-102"), REPAIRS, roof, on=on, actor=CONTROLLER,
                       at=_at(4, 2))  # fmt: skip
    except BudgetExceeded as stop:
        out(f"  {stop.available} left, {stop.headroom} to the limit (+5 %), {stop.excess} over")
    override = _document("OV-1", DocumentKind.OVERRUN_OVERRIDE, str(check.excess.amount),
                         REPAIRS, LIU, description="storm damage to the roof")  # fmt: skip
    approvals.submit(override, at=_at(4, 2, 11))
    approvals.approve(override.id, SUN, at=_at(4, 2, 14))
    budgets.commit(CommitmentId("PO-102"), REPAIRS, roof, on=on, override=override.id,
                   actor=CONTROLLER, at=_at(4, 2, 15))  # fmt: skip
    for event in budgets.collect_events():
        if isinstance(event, BudgetOverrunOverridden):
            grant = event.authorization
            out(f"  override {grant.reference} by {grant.approved_by} "
                f"('{grant.reason}', {grant.amount}) recorded, PO-102 committed")  # fmt: skip

    chen = ActorId("chen")
    transfer = _document("BT-1", DocumentKind.BUDGET_TRANSFER, "6000.00", IT_SUPPLIES, chen)
    approvals.submit(transfer, at=_at(4, 8))
    approvals.approve(transfer.id, ZHAO, at=_at(4, 8, 15))
    budgets.transfer(IT_SUPPLIES, ADMIN_SUPPLIES, transfer.amount, on=date(2025, 4, 9),
                     approval=transfer.id, actor=CONTROLLER, at=_at(4, 9))  # fmt: skip
    out(f"Transfer BT-1 (approved by zhao): {transfer.amount} {IT_SUPPLIES} -> {ADMIN_SUPPLIES}")


def _report(budgets: BudgetService, out: Callable[[str], None]) -> None:
    budget = budgets.budget(BUDGET)
    out("Year report (事后分析), CNY: plan + transfers, committed, actual, available, overrun")
    for row in variance_by(budget, Grouping.LINE):
        f = row.figures
        out(f"  {row.group:<34}{f.budget.amount:>10}{f.committed.amount:>10}"
            f"{f.actual.amount:>10}{f.available.amount:>10}{_shown(row.overrun):>8}")  # fmt: skip
    out("KPI overrun <= 5 %, per department and per category")
    for row in variance_by(budget, Grouping.DEPARTMENT) + variance_by(budget, Grouping.CATEGORY):
        out(f"  {row.group:<34}{_shown(row.overrun):>8}  {'met' if row.meets() else 'NOT MET'}")


def _split_purchase(approvals: ApprovalService, out: Callable[[str], None]) -> None:
    out("Split purchase: three toner orders from one supplier in a week")
    for n, day in enumerate((14, 16, 18), start=1):
        order = _document(f"PO-20{n}", DocumentKind.PURCHASE_ORDER, "1800.00", ADMIN_SUPPLIES,
                          LI, supplier=SupplierId("SUP-TONER"))  # fmt: skip
        request = approvals.submit(order, at=_at(4, day))
        flag = request.split_flag
        if flag is not None:
            out(f"  {order.id} flagged: {len(flag.documents)} orders by {flag.by} {flag.party}, "
                f"{flag.total} >= {flag.threshold.rounded()}")  # fmt: skip
            out(f"  routed as if one order: {_chain(request)}")


def run_budget_demo(out: Callable[[str], None] = print) -> None:
    """Print a budget year: phasing, an approval chain, commitment control, reports, a split."""
    approvals, budgets = _offices()
    _plan(budgets, out)
    out("")
    _requisition(approvals, budgets, out)
    out("")
    _overrun(approvals, budgets, out)
    out("")
    _report(budgets, out)
    out("")
    _split_purchase(approvals, out)
