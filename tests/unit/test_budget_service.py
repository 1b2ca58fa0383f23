"""The budget service: fiscal years, the overrun policy, and approvals behind every exception."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from backoffice import ActorId, DepartmentId, Money, NotFound, Period, ValidationError
from backoffice.domain.approvals import ApprovalDocument, DocumentId, DocumentKind
from backoffice.domain.budgets import (
    CATERING,
    REPAIRS_AND_MAINTENANCE,
    BudgetExceeded,
    BudgetId,
    BudgetLineKey,
    BudgetOverrunOverridden,
    CommitmentId,
    ExpenseId,
    InvalidAuthorization,
    MonthlyPlan,
    OutsideFiscalYear,
    OverrunAction,
)
from backoffice.policies.approval import EXAMPLE_APPROVAL_MATRIX, ThresholdApprovalPolicy
from backoffice.policies.overrun import CategoryOverrunPolicy
from backoffice.services import ApprovalService, BudgetService, InMemoryDirectory

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
LI, WANG, LIU, ZHAO, SUN = (ActorId(n) for n in ("li", "wang", "liu", "zhao", "sun"))
ADMIN = DepartmentId("DEP-ADMIN")
REPAIRS = BudgetLineKey(ADMIN, REPAIRS_AND_MAINTENANCE)
CANTEEN = BudgetLineKey(ADMIN, CATERING)
MARCH = date(2025, 3, 10)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


@pytest.fixture
def approvals() -> ApprovalService:
    directory = InMemoryDirectory.from_dict(
        {
            "department-head": {"DEP-ADMIN": ["wang"]},
            "logistics-manager": ["liu"],
            "finance": ["zhao"],
            "general-manager": ["sun"],
        }
    )
    return ApprovalService(ThresholdApprovalPolicy.from_dict(EXAMPLE_APPROVAL_MATRIX), directory)


@pytest.fixture
def budgets(approvals: ApprovalService) -> BudgetService:
    policy = CategoryOverrunPolicy.from_dict({"categories": {"catering": {"action": "warn"}}})
    service = BudgetService(policy, approvals)
    for year in (2025, 2026):
        budget_id = BudgetId(f"BUD-{year}")
        service.open_budget(budget_id, Period.year(year), "CNY", actor=ZHAO, at=T0)
        service.open_line(budget_id, REPAIRS, MonthlyPlan.even(cny("120000")), actor=ZHAO, at=T0)
        service.open_line(budget_id, CANTEEN, MonthlyPlan.even(cny("240000")), actor=ZHAO, at=T0)
    service.collect_events()
    return service


def approve_document(
    approvals: ApprovalService,
    n: int,
    kind: DocumentKind,
    amount: str,
    line: BudgetLineKey = REPAIRS,
) -> DocumentId:
    document = ApprovalDocument(
        id=DocumentId(f"DOC-{n}"),
        kind=kind,
        amount=cny(amount),
        category=line.category,
        department=line.department,
        requester=LI,
        description="boiler failed in the cold snap",
    )
    approvals.submit(document, at=T0)
    for approver in (WANG, LIU, ZHAO, SUN)[: len(approvals.request(document.id).steps)]:
        approvals.approve(document.id, approver, at=T0)
    return document.id


def test_the_budget_covering_a_date_is_found_by_fiscal_year(budgets: BudgetService) -> None:
    assert budgets.budget_for(date(2025, 12, 31)).id == BudgetId("BUD-2025")
    assert budgets.budget_for(date(2026, 1, 1)).id == BudgetId("BUD-2026")
    with pytest.raises(NotFound):
        budgets.budget_for(date(2024, 12, 31))
    with pytest.raises(ValidationError, match="overlaps"):
        budgets.open_budget(
            BudgetId("BUD-X"), Period.year(2025, start_month=7), "CNY", actor=ZHAO, at=T0
        )


def test_lines_get_their_rule_from_the_overrun_policy(budgets: BudgetService) -> None:
    budget = budgets.budget(BudgetId("BUD-2025"))
    assert budget.rule(REPAIRS).action is OverrunAction.STOP
    assert budget.rule(CANTEEN).action is OverrunAction.WARN


def test_a_stop_is_overridden_only_by_an_approved_override_document(
    budgets: BudgetService, approvals: ApprovalService
) -> None:
    budgets.commit(CommitmentId("PO-1"), REPAIRS, cny("126000"), on=MARCH, actor=LI, at=T0)
    with pytest.raises(BudgetExceeded):
        budgets.commit(CommitmentId("PO-2"), REPAIRS, cny("8000"), on=MARCH, actor=LI, at=T0)
    override = approve_document(approvals, 1, DocumentKind.OVERRUN_OVERRIDE, "8000")
    budgets.commit(
        CommitmentId("PO-2"), REPAIRS, cny("8000"), on=MARCH, override=override, actor=LI, at=T0
    )
    overridden = [e for e in budgets.collect_events() if isinstance(e, BudgetOverrunOverridden)]
    assert overridden[0].authorization.reference == "DOC-1"
    assert overridden[0].authorization.approved_by == LIU  # the last step for 8,000


def test_an_override_document_must_be_approved_of_the_right_kind_and_for_the_line(
    budgets: BudgetService, approvals: ApprovalService
) -> None:
    budgets.commit(CommitmentId("PO-1"), REPAIRS, cny("126000"), on=MARCH, actor=LI, at=T0)
    transfer_doc = approve_document(approvals, 1, DocumentKind.BUDGET_TRANSFER, "8000")
    with pytest.raises(InvalidAuthorization, match="budget-transfer document"):
        budgets.commit(
            CommitmentId("PO-2"),
            REPAIRS,
            cny("10"),
            on=MARCH,
            override=transfer_doc,
            actor=LI,
            at=T0,
        )
    canteen_doc = approve_document(approvals, 2, DocumentKind.OVERRUN_OVERRIDE, "800", CANTEEN)
    with pytest.raises(InvalidAuthorization, match="not DEP-ADMIN/repairs"):
        budgets.commit(
            CommitmentId("PO-2"),
            REPAIRS,
            cny("10"),
            on=MARCH,
            override=canteen_doc,
            actor=LI,
            at=T0,
        )
    pending = ApprovalDocument(
        id=DocumentId("DOC-3"),
        kind=DocumentKind.OVERRUN_OVERRIDE,
        amount=cny("800"),
        category=REPAIRS.category,
        department=ADMIN,
        requester=LI,
    )
    approvals.submit(pending, at=T0)
    with pytest.raises(InvalidAuthorization, match="pending, not approved"):
        budgets.commit(
            CommitmentId("PO-2"),
            REPAIRS,
            cny("10"),
            on=MARCH,
            override=pending.id,
            actor=LI,
            at=T0,
        )


def test_transfers_and_supplements_need_an_approved_transfer_document(
    budgets: BudgetService, approvals: ApprovalService
) -> None:
    approval = approve_document(approvals, 1, DocumentKind.BUDGET_TRANSFER, "20000", CANTEEN)
    budgets.transfer(CANTEEN, REPAIRS, cny("20000"), on=MARCH, approval=approval, actor=ZHAO, at=T0)
    budget = budgets.budget(BudgetId("BUD-2025"))
    assert budget.figures(REPAIRS).total.budget == cny("140000")
    supplement = approve_document(approvals, 2, DocumentKind.BUDGET_TRANSFER, "5000")
    budgets.adjust(REPAIRS, cny("5000"), on=MARCH, approval=supplement, actor=ZHAO, at=T0)
    assert budget.figures(REPAIRS).total.budget == cny("145000")
    names = [e.name for e in budgets.collect_events()]
    assert names == ["BudgetTransferred", "BudgetAdjusted"]


def test_invoices_and_releases_find_the_budget_holding_the_commitment(
    budgets: BudgetService,
) -> None:
    po = CommitmentId("PO-1")
    budgets.commit(po, REPAIRS, cny("9000"), on=date(2025, 12, 1), actor=LI, at=T0)
    with pytest.raises(OutsideFiscalYear):  # booked in the commitment's own fiscal year
        budgets.record_actual(
            ExpenseId("INV-1"), po, cny("4000"), on=date(2026, 1, 5), actor=LI, at=T0
        )
    budgets.record_actual(
        ExpenseId("INV-1"), po, cny("4000"), on=date(2025, 12, 20), final=False, actor=LI, at=T0
    )
    budgets.reduce_commitment(po, cny("1000"), actor=LI, at=T0)
    assert budgets.release_commitment(po, actor=LI, at=T0) == cny("4000")
    assert budgets.budget(BudgetId("BUD-2025")).figures(REPAIRS).total.actual == cny("4000")
    with pytest.raises(NotFound):
        budgets.release_commitment(CommitmentId("PO-404"), actor=LI, at=T0)


def test_checks_and_direct_expenses_go_to_the_budget_of_their_date(budgets: BudgetService) -> None:
    budgets.record_direct_expense(
        ExpenseId("E-1"), REPAIRS, cny("500"), on=date(2026, 2, 1), actor=LI, at=T0
    )
    assert budgets.budget(BudgetId("BUD-2026")).figures(REPAIRS).total.actual == cny("500")
    assert budgets.check(REPAIRS, cny("126000"), on=date(2025, 6, 1)).allowed


def test_a_new_policy_re_rules_every_line_and_is_recorded(budgets: BudgetService) -> None:
    stricter = CategoryOverrunPolicy.from_dict({"default": {"tolerance": "0"}})
    assert budgets.apply_policy(stricter, actor=SUN, at=T0) == 4
    assert {e.name for e in budgets.collect_events()} == {"OverrunRuleChanged"}


def test_without_an_approval_service_document_ids_cannot_be_used() -> None:
    service = BudgetService()
    service.open_budget(BudgetId("B"), Period.year(2025), "CNY", actor=ZHAO, at=T0)
    service.open_line(BudgetId("B"), REPAIRS, MonthlyPlan.even(cny("12")), actor=ZHAO, at=T0)
    with pytest.raises(ValidationError, match="approval service"):
        service.commit(
            CommitmentId("C"),
            REPAIRS,
            cny("1"),
            on=MARCH,
            override=DocumentId("D"),
            actor=LI,
            at=T0,
        )
