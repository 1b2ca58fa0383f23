"""The approval service: policy, directory, delegation, escalation and split purchases wired up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backoffice import ActorId, DepartmentId, Money, SupplierId, ValidationError
from backoffice.domain.approvals import (
    ApprovalDocument,
    ApprovalRequestNotFound,
    ApprovalStatus,
    DelegationId,
    DocumentId,
    DocumentKind,
    NoEligibleApprover,
    NotAnApprover,
    ReceiverIsApprover,
    SplitPurchaseDetector,
)
from backoffice.domain.budgets import OFFICE_SUPPLIES, REPAIRS_AND_MAINTENANCE, SpendingCategory
from backoffice.policies.approval import EXAMPLE_APPROVAL_MATRIX, ThresholdApprovalPolicy
from backoffice.services import ESCALATION_SCHEDULER, ApprovalService, InMemoryDirectory

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
LI, WANG, LIU, ZHAO, QIAN, SUN, ZHOU = (
    ActorId(n) for n in ("li", "wang", "liu", "zhao", "qian", "sun", "zhou")
)
ADMIN = DepartmentId("DEP-ADMIN")
POLICY = ThresholdApprovalPolicy.from_dict(EXAMPLE_APPROVAL_MATRIX)


def org() -> InMemoryDirectory:
    return InMemoryDirectory.from_dict(
        {
            "department-head": {"DEP-ADMIN": ["wang"], "DEP-IT": ["chen"]},
            "logistics-manager": ["liu"],
            "finance": ["zhao", "qian"],
            "general-manager": ["sun"],
        }
    )


def doc(
    n: int,
    amount: str,
    requester: ActorId = LI,
    *,
    category: SpendingCategory = REPAIRS_AND_MAINTENANCE,
    supplier: SupplierId | None = None,
) -> ApprovalDocument:
    return ApprovalDocument(
        id=DocumentId(f"PO-{n}"),
        kind=DocumentKind.PURCHASE_ORDER,
        amount=Money(amount, "CNY"),
        category=category,
        department=ADMIN,
        requester=requester,
        supplier=supplier,
    )


@pytest.fixture
def service() -> ApprovalService:
    return ApprovalService(POLICY, org())


def test_a_submitted_document_is_staffed_from_the_directory(service: ApprovalService) -> None:
    request = service.submit(doc(1, "68000"), at=T0)
    assert [s.approvers for s in request.steps] == [{WANG}, {LIU}, {ZHAO, QIAN}]
    assert [e.name for e in service.collect_events()] == ["ApprovalRequested"]
    with pytest.raises(ValidationError, match="submitted already"):
        service.submit(doc(1, "68000"), at=T0)


def test_a_department_head_requesting_goes_straight_to_the_escalation_role(
    service: ApprovalService,
) -> None:
    request = service.submit(doc(1, "1200", requester=WANG), at=T0)
    assert request.steps[0].approvers == {LIU}


def test_a_step_nobody_can_staff_is_refused(service: ApprovalService) -> None:
    with pytest.raises(NoEligibleApprover):
        service.submit(doc(1, "300000", requester=SUN), at=T0)  # only Sun is general manager


def test_decisions_go_through_the_service_and_are_collected(service: ApprovalService) -> None:
    service.submit(doc(1, "68000"), at=T0)
    service.approve(DocumentId("PO-1"), WANG, at=T0)
    service.approve(DocumentId("PO-1"), LIU, at=T0)
    request = service.approve(DocumentId("PO-1"), ZHAO, at=T0)
    assert request.status is ApprovalStatus.APPROVED
    assert [e.name for e in service.collect_events()] == ["ApprovalRequested"] + [
        "ApprovalGranted"
    ] * 3
    assert service.collect_events() == []
    with pytest.raises(ApprovalRequestNotFound):
        service.request(DocumentId("PO-404"))


def test_a_deputy_approves_under_the_delegation_found_in_the_directory(
    service: ApprovalService,
) -> None:
    directory = service.directory
    assert isinstance(directory, InMemoryDirectory)
    directory.delegate(
        DelegationId("DLG-1"),
        principal=WANG,
        delegate=ZHOU,
        starts=T0,
        ends=T0 + timedelta(days=7),
        reason="business trip",
        actor=WANG,
        at=T0,
    )
    service.submit(doc(1, "1200"), at=T0)
    assert [r.id for r in service.awaiting(ZHOU, at=T0)] == [DocumentId("PO-1")]
    request = service.approve(DocumentId("PO-1"), ZHOU, at=T0 + timedelta(hours=1))
    assert request.status is ApprovalStatus.APPROVED
    assert request.history[0].on_behalf_of == WANG
    assert [e.name for e in directory.collect_events()] == ["DelegationGranted"]
    service.submit(doc(2, "1200"), at=T0 + timedelta(days=8))
    with pytest.raises(NotAnApprover):  # the delegation has ended
        service.approve(DocumentId("PO-2"), ZHOU, at=T0 + timedelta(days=8))


def test_overdue_steps_are_escalated_by_the_scheduler(service: ApprovalService) -> None:
    service.submit(doc(1, "1200"), at=T0)
    service.submit(doc(2, "68000", requester=ZHOU), at=T0)
    assert service.escalate_overdue(at=T0 + timedelta(hours=12)) == []
    escalated = service.escalate_overdue(at=T0 + timedelta(days=2))
    assert escalated == [DocumentId("PO-1"), DocumentId("PO-2")]
    events = [e for e in service.collect_events() if e.name == "ApprovalEscalated"]
    assert {e.actor for e in events} == {ESCALATION_SCHEDULER}
    service.approve(DocumentId("PO-1"), LIU, at=T0 + timedelta(days=2))
    assert service.request(DocumentId("PO-1")).status is ApprovalStatus.APPROVED


def test_a_step_nobody_else_can_take_over_waits_and_does_not_hold_up_the_sweep(
    service: ApprovalService,
) -> None:
    service.submit(doc(1, "1200", requester=LIU), at=T0)  # liu is the escalation role himself
    service.submit(doc(2, "1200"), at=T0)
    assert service.escalate_overdue(at=T0 + timedelta(days=2)) == [DocumentId("PO-2")]
    stuck = service.request(DocumentId("PO-1"))
    assert stuck.eligible() == {WANG}
    assert stuck.is_overdue(T0 + timedelta(days=2))


def test_a_split_purchase_is_routed_as_the_combined_amount() -> None:
    detector = SplitPurchaseDetector(timedelta(days=30), POLICY.thresholds())
    service = ApprovalService(POLICY, org(), split_detector=detector)
    paper = SupplierId("SUP-PAPER")
    first = service.submit(doc(1, "4800", category=OFFICE_SUPPLIES, supplier=paper), at=T0)
    second = service.submit(
        doc(2, "4800", category=OFFICE_SUPPLIES, supplier=paper), at=T0 + timedelta(days=1)
    )
    assert len(first.steps) == 1
    assert second.split_flag is not None
    assert second.split_flag.total == Money("9600", "CNY")
    assert len(second.steps) == 2  # department head and logistics manager, as for 9,600
    requested = [e for e in service.collect_events() if e.name == "ApprovalRequested"]
    assert requested[-1].split_flag == second.split_flag  # type: ignore[attr-defined]


def test_the_receiver_of_goods_must_not_have_approved_the_order(service: ApprovalService) -> None:
    service.submit(doc(1, "1200"), at=T0)
    service.approve(DocumentId("PO-1"), WANG, at=T0)
    with pytest.raises(ReceiverIsApprover):
        service.check_receiver(DocumentId("PO-1"), WANG)
    service.check_receiver(DocumentId("PO-1"), LI)
    lenient = ApprovalService(POLICY, org(), receiver_must_not_approve=False)
    lenient.submit(doc(1, "1200"), at=T0)
    lenient.approve(DocumentId("PO-1"), WANG, at=T0)
    lenient.check_receiver(DocumentId("PO-1"), WANG)


def test_a_returned_document_is_resubmitted_and_rerouted(service: ApprovalService) -> None:
    service.submit(doc(1, "4000"), at=T0)
    service.return_for_changes(DocumentId("PO-1"), WANG, reason="add the pump", at=T0)
    request = service.resubmit(doc(1, "9000"), at=T0 + timedelta(hours=1))
    assert [str(s.role) for s in request.steps] == ["department-head", "logistics-manager"]
    service.reject(
        DocumentId("PO-1"), WANG, reason="over the framework price", at=T0 + timedelta(hours=2)
    )
    assert request.status is ApprovalStatus.REJECTED
    service.submit(doc(2, "10"), at=T0)
    service.withdraw(DocumentId("PO-2"), LI, at=T0)
    assert service.request(DocumentId("PO-2")).status is ApprovalStatus.WITHDRAWN
