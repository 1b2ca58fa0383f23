"""Delegation for a period: recorded, limited in time and role, seen through by SoD."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backoffice import ActorId, DepartmentId, Money, NotFound, ValidationError
from backoffice.calendar import BusinessCalendar
from backoffice.domain.approvals import (
    FINANCE,
    GENERAL_MANAGER,
    ApprovalDocument,
    ApprovalGranted,
    ApprovalRequest,
    Delegation,
    DelegationGranted,
    DelegationId,
    DelegationRegister,
    DelegationRevoked,
    DocumentId,
    DocumentKind,
    InvalidDelegation,
    StepAssignment,
    StepSpec,
)
from backoffice.domain.budgets import UTILITIES

T0 = datetime(2025, 8, 1, 9, 0, tzinfo=UTC)
ADMIN = ActorId("admin")
LI, ZHAO, QIAN, SUN = (ActorId(n) for n in ("li", "zhao", "qian", "sun"))


def request() -> ApprovalRequest:
    document = ApprovalDocument(
        id=DocumentId("EXP-3"),
        kind=DocumentKind.EXPENSE,
        amount=Money("3000", "CNY"),
        category=UTILITIES,
        department=DepartmentId("DEP-ADMIN"),
        requester=LI,
    )
    return ApprovalRequest.submit(
        document,
        [StepAssignment(StepSpec(FINANCE), {ZHAO})],
        calendar=BusinessCalendar.always(),
        at=T0,
    )


def test_a_delegation_is_granted_and_revoked_by_recorded_commands() -> None:
    register = DelegationRegister()
    granted = register.grant(
        DelegationId("DLG-1"),
        principal=ZHAO,
        delegate=QIAN,
        starts=T0,
        ends=T0 + timedelta(days=14),
        roles=[FINANCE],
        reason="annual leave",
        actor=ADMIN,
        at=T0,
    )
    assert register.held_by(QIAN, T0 + timedelta(days=3)) == [granted]
    revoked = register.revoke(DelegationId("DLG-1"), actor=ZHAO, at=T0 + timedelta(days=5))
    assert revoked.ends == T0 + timedelta(days=5)
    assert register.held_by(QIAN, T0 + timedelta(days=6)) == []
    grant_event, revoke_event = register.collect_events()
    assert isinstance(grant_event, DelegationGranted)
    assert grant_event.delegation.reason == "annual leave"
    assert isinstance(revoke_event, DelegationRevoked)
    with pytest.raises(NotFound):
        register.get(DelegationId("DLG-404"))


def test_a_delegation_needs_two_people_and_a_forward_period() -> None:
    with pytest.raises(ValidationError, match="themselves"):
        Delegation(id=DelegationId("D"), principal=ZHAO, delegate=ZHAO, starts=T0, ends=T0)
    with pytest.raises(ValidationError, match="before it starts"):
        Delegation(
            id=DelegationId("D"),
            principal=ZHAO,
            delegate=QIAN,
            starts=T0,
            ends=T0 - timedelta(days=1),
        )


def test_a_deputy_approves_on_behalf_of_the_principal_and_both_names_are_recorded() -> None:
    leave = Delegation(
        id=DelegationId("DLG-1"),
        principal=ZHAO,
        delegate=QIAN,
        starts=T0,
        ends=T0 + timedelta(days=14),
        roles=frozenset({FINANCE}),
    )
    pending = request()
    pending.approve(QIAN, at=T0 + timedelta(days=1), delegation=leave)
    event = pending.collect_events()[-1]
    assert isinstance(event, ApprovalGranted)
    assert (event.actor, event.on_behalf_of, event.delegation) == (QIAN, ZHAO, leave.id)
    assert pending.final_approver == ZHAO


def test_a_delegation_outside_its_period_role_or_delegate_is_refused() -> None:
    leave = Delegation(
        id=DelegationId("DLG-1"),
        principal=ZHAO,
        delegate=QIAN,
        starts=T0,
        ends=T0 + timedelta(days=14),
        roles=frozenset({GENERAL_MANAGER}),
    )
    with pytest.raises(InvalidDelegation, match="role"):
        request().approve(QIAN, at=T0, delegation=leave)
    anyrole = Delegation(
        id=DelegationId("DLG-2"),
        principal=ZHAO,
        delegate=QIAN,
        starts=T0,
        ends=T0 + timedelta(days=14),
    )
    with pytest.raises(InvalidDelegation, match="not at"):
        request().approve(QIAN, at=T0 + timedelta(days=14), delegation=anyrole)
    with pytest.raises(InvalidDelegation, match="not to sun"):
        request().approve(SUN, at=T0, delegation=anyrole)
