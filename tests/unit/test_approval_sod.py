"""Segregation of duties (不相容职务分离), each rule with its own error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backoffice import ActorId, DepartmentId, Money
from backoffice.calendar import BusinessCalendar
from backoffice.domain.approvals import (
    DEPARTMENT_HEAD,
    FINANCE,
    LOGISTICS_MANAGER,
    ApprovalDocument,
    ApprovalRequest,
    ApprovalStatus,
    Delegation,
    DelegationId,
    DocumentId,
    DocumentKind,
    DuplicateApprover,
    NotAnApprover,
    ReceiverIsApprover,
    SelfApprovalForbidden,
    StepAssignment,
    StepSpec,
)
from backoffice.domain.budgets import OFFICE_SUPPLIES

T0 = datetime(2025, 4, 7, 9, 0, tzinfo=UTC)
LI, WANG, LIU, ZHAO, ZHOU = (ActorId(n) for n in ("li", "wang", "liu", "zhao", "zhou"))


def document(requester: ActorId = LI) -> ApprovalDocument:
    return ApprovalDocument(
        id=DocumentId("REQ-7"),
        kind=DocumentKind.REQUISITION,
        amount=Money("12000", "CNY"),
        category=OFFICE_SUPPLIES,
        department=DepartmentId("DEP-ADMIN"),
        requester=requester,
    )


def submit(*steps: StepAssignment, requester: ActorId = LI) -> ApprovalRequest:
    return ApprovalRequest.submit(
        document(requester), steps, calendar=BusinessCalendar.always(), at=T0
    )


def delegation(principal: ActorId, delegate: ActorId, n: int = 1) -> Delegation:
    return Delegation(
        id=DelegationId(f"DLG-{n}"),
        principal=principal,
        delegate=delegate,
        starts=T0,
        ends=T0 + timedelta(days=10),
        reason="annual leave",
    )


def test_the_requester_never_approves_their_own_document() -> None:
    # Wang heads the department and raised the requisition; the step has another approver.
    request = submit(StepAssignment(StepSpec(DEPARTMENT_HEAD), {WANG, LIU}), requester=WANG)
    with pytest.raises(SelfApprovalForbidden) as refused:
        request.approve(WANG, at=T0)
    assert (refused.value.actor, refused.value.requester) == (WANG, WANG)
    assert request.approvals(0) == ()
    request.approve(LIU, at=T0)
    assert request.status is ApprovalStatus.APPROVED


def test_nor_through_someone_acting_on_their_behalf() -> None:
    request = submit(StepAssignment(StepSpec(DEPARTMENT_HEAD), {WANG}), requester=LI)
    with pytest.raises(SelfApprovalForbidden, match="acting for li"):
        request.approve(ZHOU, at=T0, delegation=delegation(LI, ZHOU))


def test_nor_as_the_delegate_of_an_approver() -> None:
    request = submit(StepAssignment(StepSpec(DEPARTMENT_HEAD), {WANG}), requester=ZHOU)
    with pytest.raises(SelfApprovalForbidden):
        request.approve(ZHOU, at=T0, delegation=delegation(WANG, ZHOU))


def test_the_requester_cannot_reject_their_own_document_either() -> None:
    request = submit(StepAssignment(StepSpec(DEPARTMENT_HEAD), {WANG, LI}), requester=LI)
    with pytest.raises(SelfApprovalForbidden):
        request.reject(LI, reason="changed my mind", at=T0)


def test_one_person_approves_at_most_one_step_of_a_chain() -> None:
    # Liu is both a department head and in finance: they may approve either step, not both.
    request = submit(
        StepAssignment(StepSpec(DEPARTMENT_HEAD), {LIU, WANG}),
        StepAssignment(StepSpec(FINANCE), {LIU, ZHAO}),
    )
    request.approve(LIU, at=T0)
    with pytest.raises(DuplicateApprover) as refused:
        request.approve(LIU, at=T0)
    assert (refused.value.person, refused.value.step, refused.value.previous_step) == (LIU, 1, 0)
    request.approve(ZHAO, at=T0)
    assert request.status is ApprovalStatus.APPROVED


def test_a_delegate_cannot_use_a_principal_twice_nor_themselves_twice() -> None:
    request = submit(
        StepAssignment(StepSpec(DEPARTMENT_HEAD), {WANG, LIU}),
        StepAssignment(StepSpec(FINANCE), {WANG, ZHAO}),
        StepAssignment(StepSpec(LOGISTICS_MANAGER), {ZHOU, ZHAO}),
    )
    request.approve(WANG, at=T0)
    with pytest.raises(DuplicateApprover):  # Zhou acting for Wang, who approved step 1
        request.approve(ZHOU, at=T0, delegation=delegation(WANG, ZHOU))
    request.approve(ZHOU, at=T0, delegation=delegation(ZHAO, ZHOU, 2))
    with pytest.raises(DuplicateApprover):  # Zhou's own hand is in step 2 already
        request.approve(ZHOU, at=T0)


def test_the_same_approver_counts_once_within_a_step() -> None:
    from backoffice.domain.approvals import Quorum

    request = submit(StepAssignment(StepSpec(FINANCE, Quorum.at_least(2)), {WANG, ZHAO}))
    request.approve(WANG, at=T0)
    with pytest.raises(DuplicateApprover, match="this step"):
        request.approve(WANG, at=T0)


def test_someone_without_the_role_is_not_an_approver() -> None:
    request = submit(StepAssignment(StepSpec(DEPARTMENT_HEAD), {WANG}))
    with pytest.raises(NotAnApprover):
        request.approve(ZHAO, at=T0)


def test_the_receiver_of_goods_is_not_the_approver_of_the_order() -> None:
    request = submit(StepAssignment(StepSpec(DEPARTMENT_HEAD), {WANG}))
    request.approve(ZHOU, at=T0, delegation=delegation(WANG, ZHOU))
    with pytest.raises(ReceiverIsApprover):
        request.check_receiver(ZHOU)
    with pytest.raises(ReceiverIsApprover):
        request.check_receiver(WANG)
    request.check_receiver(LI)  # the requester may sign for the delivery
