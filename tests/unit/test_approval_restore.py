"""Approval requests and the approval service rebuilt from their saved events."""

from __future__ import annotations

import gc
import json
from datetime import UTC, datetime, timedelta

import attrs
import pytest

from backoffice import ActorId, DepartmentId, Money, ValidationError
from backoffice.domain.approvals import (
    ApprovalDocument,
    ApprovalRequest,
    ApprovalStatus,
    DelegationId,
    DelegationRegister,
    DocumentId,
    DocumentKind,
    SplitPurchaseDetector,
)
from backoffice.domain.approvals.events import APPROVAL_EVENTS
from backoffice.domain.budgets import REPAIRS_AND_MAINTENANCE
from backoffice.domain.events import DomainEvent
from backoffice.policies.approval import EXAMPLE_APPROVAL_MATRIX, ThresholdApprovalPolicy
from backoffice.serialization import EventCodec
from backoffice.services import ApprovalService, InMemoryDirectory
from backoffice.testing.approvals import approval_service_state, approval_state

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
LI, WANG, LIU, ZHAO, SUN, ZHOU = (ActorId(n) for n in ("li", "wang", "liu", "zhao", "sun", "zhou"))
POLICY = ThresholdApprovalPolicy.from_dict(EXAMPLE_APPROVAL_MATRIX)


def org() -> InMemoryDirectory:
    return InMemoryDirectory.from_dict(
        {
            "department-head": {"DEP-ADMIN": ["wang"]},
            "logistics-manager": ["liu"],
            "finance": ["zhao"],
            "general-manager": ["sun"],
        }
    )


def detector() -> SplitPurchaseDetector:
    return SplitPurchaseDetector(timedelta(days=7), POLICY.thresholds())


def doc(n: int, amount: str, requester: ActorId = LI) -> ApprovalDocument:
    return ApprovalDocument(
        id=DocumentId(f"PO-{n}"),
        kind=DocumentKind.PURCHASE_ORDER,
        amount=Money(amount, "CNY"),
        category=REPAIRS_AND_MAINTENANCE,
        department=DepartmentId("DEP-ADMIN"),
        requester=requester,
    )


def saved(events: list[DomainEvent]) -> list[DomainEvent]:
    """The events as a store keeps them: JSON text, read back."""
    gc.collect()  # replaced attrs classes linger in __subclasses__() until collected
    codec = EventCodec.for_all_events()
    return [codec.load(json.loads(json.dumps(codec.dump(event)))) for event in events]


def a_week_of_approvals() -> tuple[ApprovalService, list[DomainEvent]]:
    directory = org()
    service = ApprovalService(POLICY, directory, split_detector=detector())
    service.submit(doc(1, "2600"), at=T0)
    service.submit(doc(2, "2600"), at=T0 + timedelta(hours=1))  # flagged: 5,200 together
    service.submit(doc(3, "68000", requester=ZHOU), at=T0 + timedelta(hours=2))
    service.submit(doc(4, "900"), at=T0 + timedelta(hours=3))
    service.approve(DocumentId("PO-3"), WANG, at=T0 + timedelta(hours=4), comment="ok")
    service.return_for_changes(
        DocumentId("PO-3"), LIU, reason="quote too high", at=T0 + timedelta(hours=5)
    )
    service.resubmit(attrs.evolve(doc(3, "60000", requester=ZHOU)), at=T0 + timedelta(hours=6))
    service.withdraw(DocumentId("PO-4"), LI, reason="not needed", at=T0 + timedelta(hours=7))
    directory.delegate(
        DelegationId("DLG-1"), principal=WANG, delegate=ZHOU, starts=T0,
        ends=T0 + timedelta(days=30), actor=WANG, at=T0,
    )  # fmt: skip
    service.approve(DocumentId("PO-1"), ZHOU, at=T0 + timedelta(hours=8))
    service.escalate_overdue(at=T0 + timedelta(days=3))
    service.reject(DocumentId("PO-2"), LIU, reason="split order", at=T0 + timedelta(days=3))
    return service, service.collect_events()


def test_a_restored_service_equals_the_one_that_recorded_the_events() -> None:
    service, events = a_week_of_approvals()
    assert {type(event) for event in events} == set(APPROVAL_EVENTS)  # every kind is restored
    restored = ApprovalService.restore(
        saved(events), policy=POLICY, directory=org(), split_detector=detector()
    )
    assert approval_service_state(restored) == approval_service_state(service)
    assert restored.collect_events() == []
    assert restored.request(DocumentId("PO-2")).split_flag is not None
    assert restored.request(DocumentId("PO-1")).status is ApprovalStatus.APPROVED


def test_a_restored_service_carries_on_exactly_as_the_original() -> None:
    service, events = a_week_of_approvals()
    restored = ApprovalService.restore(
        saved(events), policy=POLICY, directory=org(), split_detector=detector()
    )
    later = T0 + timedelta(days=3, hours=1)
    for approvals in (service, restored):
        flagged = approvals.submit(doc(5, "2500"), at=later)  # with PO-1, PO-2 and PO-4: a split
        assert flagged.split_flag is not None
        assert [str(d) for d in flagged.split_flag.documents] == ["PO-1", "PO-2", "PO-4", "PO-5"]
        approvals.approve(DocumentId("PO-3"), LIU, at=later)
    assert approval_service_state(restored) == approval_service_state(service)
    assert restored.collect_events() == service.collect_events()


def test_pending_approvals_of_an_approver_come_from_the_index() -> None:
    service, events = a_week_of_approvals()
    restored = ApprovalService.restore(events, policy=POLICY, directory=org())
    for approvals in (service, restored):
        # PO-3 restarted at its first step, which escalated to liu after a day
        assert [r.id for r in approvals.pending_for(WANG)] == [DocumentId("PO-3")]
        assert [r.id for r in approvals.pending_for(LIU)] == [DocumentId("PO-3")]
        assert approvals.pending_for(SUN) == []
        assert [r.id for r in approvals.pending_for("liu")] == [DocumentId("PO-3")]


def test_a_request_replays_from_its_own_events_only_in_order() -> None:
    _, events = a_week_of_approvals()
    mine = [e for e in events if e.aggregate_id == "PO-3"]
    calendar = ApprovalService(POLICY, org()).calendar
    replayed = ApprovalRequest.replay(mine, calendar=calendar)
    assert replayed.round == 2
    with pytest.raises(ValidationError, match="ApprovalRequested first"):
        ApprovalRequest.replay(mine[1:], calendar=calendar)
    with pytest.raises(ValidationError, match="version 3 of PO-3"):
        ApprovalRequest.replay([mine[0], mine[2]], calendar=calendar)


def test_restore_needs_a_fresh_split_detector() -> None:
    _, events = a_week_of_approvals()
    used = detector()
    used.observe(doc(9, "100"), T0)
    with pytest.raises(ValidationError, match="fresh split-purchase detector"):
        ApprovalService.restore(events, policy=POLICY, directory=org(), split_detector=used)


def test_a_replayed_request_equals_the_original_at_every_version() -> None:
    service, events = a_week_of_approvals()
    calendar = service.calendar
    original = service.request(DocumentId("PO-3"))
    mine = [e for e in events if e.aggregate_id == "PO-3"]
    assert approval_state(ApprovalRequest.replay(mine, calendar=calendar)) == approval_state(
        original
    )


def test_the_delegation_register_replays_grants_and_revocations() -> None:
    directory = org()
    directory.delegate(
        DelegationId("DLG-1"), principal=WANG, delegate=ZHOU, starts=T0,
        ends=T0 + timedelta(days=30), reason="annual leave", actor=WANG, at=T0,
    )  # fmt: skip
    directory.delegate(
        DelegationId("DLG-2"), principal=LIU, delegate=ZHOU, starts=T0,
        ends=T0 + timedelta(days=30), actor=LIU, at=T0,
    )  # fmt: skip
    directory.delegations.revoke(DelegationId("DLG-1"), actor=WANG, at=T0 + timedelta(days=2))
    events = saved(directory.collect_events())
    replayed = DelegationRegister.replay(events)
    assert replayed.delegations() == directory.delegations.delegations()
    assert replayed.version == directory.delegations.version == 3
    later = T0 + timedelta(days=3)
    assert replayed.held_by(ZHOU, later) == directory.delegations_held(ZHOU, later)
    assert [d.principal for d in replayed.held_by(ZHOU, later)] == [LIU]


def test_a_delegation_with_bad_arguments_is_refused_and_not_recorded() -> None:
    directory = org()
    with pytest.raises(ValidationError):
        directory.delegate(
            DelegationId("DLG-1"), principal=WANG, delegate=ZHOU, starts=T0,
            ends=T0 + timedelta(days=1), reason=7, actor=WANG, at=T0,  # type: ignore[arg-type]
        )  # fmt: skip
    with pytest.raises(ValidationError):
        directory.delegate(
            DelegationId("DLG-1"), principal=WANG, delegate=ZHOU, starts=T0,
            ends=T0 + timedelta(days=1), actor=None, at=T0,  # type: ignore[arg-type]
        )  # fmt: skip
    assert directory.collect_events() == []
    assert directory.delegations.delegations() == []
