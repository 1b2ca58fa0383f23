"""Refused approval commands leave nothing behind: no request, no event, no detector trace.

Regression tests for issue #11: the split-purchase detector used to remember a document before
the chain, staffing and time checks, so a refused submission still counted towards a split and
a submission dated 9999 moved the detector's clock for good; bad arguments raised
``AttributeError`` or were stored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from backoffice import ActorId, BackofficeError, DepartmentId, Money, ValidationError
from backoffice.domain.approvals import (
    ApprovalDocument,
    ApprovalStatus,
    DocumentId,
    DocumentKind,
    NoEligibleApprover,
    SplitPurchaseDetector,
)
from backoffice.domain.budgets import OFFICE_SUPPLIES
from backoffice.policies.approval import EXAMPLE_APPROVAL_MATRIX, ThresholdApprovalPolicy
from backoffice.services import ApprovalService, InMemoryDirectory

T0 = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
LI, WANG, LIU = ActorId("li"), ActorId("wang"), ActorId("liu")
ADMIN, IT = DepartmentId("DEP-ADMIN"), DepartmentId("DEP-IT")
POLICY = ThresholdApprovalPolicy.from_dict(EXAMPLE_APPROVAL_MATRIX)


def order(n: int, amount: str, department: DepartmentId = ADMIN) -> ApprovalDocument:
    return ApprovalDocument(
        id=DocumentId(f"PO-{n}"),
        kind=DocumentKind.PURCHASE_ORDER,
        amount=Money(amount, "CNY"),
        category=OFFICE_SUPPLIES,
        department=department,
        requester=LI,
    )


def service_without_admin_approvers() -> ApprovalService:
    """Only DEP-IT has a head, and nobody is logistics manager: DEP-ADMIN cannot be staffed."""
    directory = InMemoryDirectory.from_dict({"department-head": {"DEP-IT": ["wang"]}})
    detector = SplitPurchaseDetector(timedelta(days=30), POLICY.thresholds())
    return ApprovalService(POLICY, directory, split_detector=detector)


def test_a_submission_refused_for_want_of_approvers_does_not_count_towards_a_split() -> None:
    service = service_without_admin_approvers()
    with pytest.raises(NoEligibleApprover):
        service.submit(order(1, "4000"), at=T0)
    request = service.submit(order(2, "4000", department=IT), at=T0 + timedelta(hours=1))
    assert request.split_flag is None
    assert request.status is ApprovalStatus.PENDING


def test_a_refused_submission_dated_9999_leaves_the_detectors_clock_alone() -> None:
    service = service_without_admin_approvers()
    with pytest.raises(BackofficeError):
        service.submit(order(1, "4000", department=IT), at=datetime(9999, 12, 31, tzinfo=UTC))
    request = service.submit(order(2, "4000", department=IT), at=T0)
    assert request.split_flag is None
    assert service.collect_events()[0].occurred_at == T0


@pytest.fixture
def service() -> ApprovalService:
    directory = InMemoryDirectory.from_dict(
        {"department-head": {"DEP-ADMIN": ["wang"]}, "logistics-manager": ["liu"]}
    )
    approvals = ApprovalService(POLICY, directory)
    approvals.submit(order(1, "400"), at=T0)
    approvals.submit(order(2, "400"), at=T0)
    approvals.return_for_changes(DocumentId("PO-2"), WANG, reason="which paper?", at=T0)
    approvals.collect_events()
    return approvals


# Any: the calls are wrong on purpose, which the type checker would refuse.
BAD_CALLS: dict[str, Callable[[Any], object]] = {
    "submit None": lambda s: s.submit(None, at=T0),
    "submit a dict": lambda s: s.submit({"id": "PO-9"}, at=T0),
    "resubmit None": lambda s: s.resubmit(None, at=T0),
    "approve with an int comment": lambda s: s.approve(
        DocumentId("PO-1"),
        WANG,
        at=T0,
        comment=5,
    ),
    "approve by actor None": lambda s: s.approve(DocumentId("PO-1"), None, at=T0),
    "approve document None": lambda s: s.approve(None, WANG, at=T0),
    "reject with a bytes reason": lambda s: s.reject(
        DocumentId("PO-1"),
        WANG,
        reason=b"no",
        at=T0,
    ),
    "withdraw with an int reason": lambda s: s.withdraw(
        DocumentId("PO-1"),
        LI,
        reason=3,
        at=T0,
    ),
    "withdraw at a naive instant": lambda s: s.withdraw(
        DocumentId("PO-1"), LI, at=datetime(2025, 6, 2, 10)
    ),
    "escalate by actor None": lambda s: s.escalate_overdue(at=T0, actor=None),
    "escalate by actor 123": lambda s: s.escalate_overdue(at=T0, actor=123),
    "escalate by a blank actor": lambda s: s.escalate_overdue(at=T0, actor=""),
}


@pytest.mark.parametrize("call", BAD_CALLS.values(), ids=BAD_CALLS.keys())
def test_a_bad_argument_is_refused_and_changes_nothing(
    service: ApprovalService, call: Callable[[Any], object]
) -> None:
    before = [(r.status, r.version, r.history, r.document) for r in service.requests]
    with pytest.raises(ValidationError):
        call(service)
    assert [(r.status, r.version, r.history, r.document) for r in service.requests] == before
    assert service.collect_events() == []


def test_a_document_id_is_taken_as_its_plain_text(service: ApprovalService) -> None:
    request = service.approve("PO-1", "wang", at=T0)  # type: ignore[arg-type]
    assert request.status is ApprovalStatus.APPROVED
    assert service.collect_events()[0].actor == WANG
