"""Approval chains: steps by role, quorums, decisions, return for changes and the restart rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest

from backoffice import ActorId, DepartmentId, InvalidTransition, Money, ValidationError
from backoffice.calendar import BusinessCalendar
from backoffice.domain.approvals import (
    DEPARTMENT_HEAD,
    FINANCE,
    GENERAL_MANAGER,
    LOGISTICS_MANAGER,
    ApprovalDocument,
    ApprovalGranted,
    ApprovalRejected,
    ApprovalRequest,
    ApprovalRequested,
    ApprovalResubmitted,
    ApprovalReturned,
    ApprovalStatus,
    ApprovalWithdrawn,
    DecisionKind,
    DocumentId,
    DocumentKind,
    NoEligibleApprover,
    NotTheRequester,
    Quorum,
    ReasonRequired,
    RestartRule,
    StepAssignment,
    StepSpec,
)
from backoffice.domain.budgets import REPAIRS_AND_MAINTENANCE

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
LI, WANG, LIU, ZHAO, QIAN, SUN = (ActorId(n) for n in ("li", "wang", "liu", "zhao", "qian", "sun"))
ALWAYS = BusinessCalendar.always()


def document(amount: str = "68000", requester: ActorId = LI) -> ApprovalDocument:
    return ApprovalDocument(
        id=DocumentId("PO-1"),
        kind=DocumentKind.PURCHASE_ORDER,
        amount=Money(amount, "CNY"),
        category=REPAIRS_AND_MAINTENANCE,
        department=DepartmentId("DEP-ADMIN"),
        requester=requester,
        description="replace the boiler",
    )


ANY = Quorum.any()


def chain(finance_quorum: Quorum = ANY) -> list[StepAssignment]:
    return [
        StepAssignment(StepSpec(DEPARTMENT_HEAD), {WANG}),
        StepAssignment(StepSpec(LOGISTICS_MANAGER), {LIU}),
        StepAssignment(StepSpec(FINANCE, finance_quorum), {ZHAO, QIAN}),
    ]


def submit(
    steps: list[StepAssignment] | None = None, *, restart: RestartRule = RestartRule.FROM_START
) -> ApprovalRequest:
    return ApprovalRequest.submit(
        document(), chain() if steps is None else steps, calendar=ALWAYS, at=T0, restart=restart
    )


def later(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def status(request: ApprovalRequest) -> ApprovalStatus:
    # Read through a call: after an earlier `assert x.status is ...`, mypy keeps x.status narrowed
    # across the mutating calls in between and would call the next check impossible.
    return request.status


def test_a_document_walks_every_step_before_it_is_approved() -> None:
    request = submit()
    assert (request.status, request.current) == (ApprovalStatus.PENDING, 0)
    request.approve(WANG, at=later(1))
    assert (request.status, request.current) == (ApprovalStatus.PENDING, 1)
    request.approve(LIU, at=later(2))
    assert request.status is ApprovalStatus.PENDING
    request.approve(QIAN, at=later(3))
    assert status(request) is ApprovalStatus.APPROVED
    assert request.final_approver == QIAN
    assert all(request.is_step_complete(step) for step in range(3))
    events = request.collect_events()
    assert isinstance(events[0], ApprovalRequested)
    assert events[0].roles == (DEPARTMENT_HEAD, LOGISTICS_MANAGER, FINANCE)
    granted = events[1:]
    assert all(isinstance(e, ApprovalGranted) for e in granted)
    assert [e.document_approved for e in granted] == [False, False, True]  # type: ignore[attr-defined]


def test_a_step_needing_all_approvers_waits_for_each_of_them() -> None:
    request = submit(chain(Quorum.all()))
    request.approve(WANG, at=later(1))
    request.approve(LIU, at=later(2))
    request.approve(ZHAO, at=later(3))
    assert request.status is ApprovalStatus.PENDING
    assert not request.is_step_complete(2)
    request.approve(QIAN, at=later(4))
    assert status(request) is ApprovalStatus.APPROVED


def test_a_step_needing_n_of_m_counts_distinct_approvers() -> None:
    steps = [StepAssignment(StepSpec(GENERAL_MANAGER, Quorum.at_least(2)), {WANG, LIU, SUN})]
    request = submit(steps)
    request.approve(SUN, at=later(1))
    assert request.status is ApprovalStatus.PENDING
    request.approve(LIU, at=later(2))
    assert status(request) is ApprovalStatus.APPROVED


def test_a_chain_that_cannot_be_staffed_is_refused_at_submission() -> None:
    with pytest.raises(NoEligibleApprover, match="needs at least 3"):
        submit([StepAssignment(StepSpec(FINANCE, Quorum.at_least(3)), {ZHAO, QIAN})])
    with pytest.raises(NoEligibleApprover, match="besides the requester"):
        submit([StepAssignment(StepSpec(DEPARTMENT_HEAD), {LI})])  # only the requester
    with pytest.raises(NoEligibleApprover, match="one person approves at most one step"):
        submit(
            [
                StepAssignment(StepSpec(FINANCE), {ZHAO}),
                StepAssignment(StepSpec(GENERAL_MANAGER), {ZHAO}),
            ]
        )
    with pytest.raises(ValidationError, match="no approval step"):
        submit([])


def test_the_requester_is_left_out_of_every_step() -> None:
    request = submit([StepAssignment(StepSpec(FINANCE, Quorum.all()), {LI, ZHAO, QIAN})])
    assert request.eligible() == {ZHAO, QIAN}
    assert request.steps[0].required == 2


def test_a_rejection_ends_the_chain_and_needs_a_reason() -> None:
    request = submit()
    with pytest.raises(ReasonRequired):
        request.reject(WANG, reason="  ", at=later(1))
    request.reject(WANG, reason="get a second quote", at=later(1))
    assert request.status is ApprovalStatus.REJECTED
    (_, rejected) = request.collect_events()
    assert isinstance(rejected, ApprovalRejected)
    assert rejected.reason == "get a second quote"
    with pytest.raises(InvalidTransition):
        request.approve(LIU, at=later(2))


def test_every_decision_is_kept_in_the_history() -> None:
    request = submit()
    request.approve(WANG, at=later(1), comment="urgent, go ahead")
    request.return_for_changes(LIU, reason="attach the quote", at=later(2))
    assert [(d.kind, d.actor, d.step) for d in request.history] == [
        (DecisionKind.APPROVE, WANG, 0),
        (DecisionKind.RETURN, LIU, 1),
    ]
    assert request.history[0].reason == "urgent, go ahead"


def test_a_returned_document_restarts_from_the_first_step_by_default() -> None:
    request = submit()
    request.approve(WANG, at=later(1))
    request.return_for_changes(LIU, reason="attach the quote", at=later(2))
    assert request.status is ApprovalStatus.RETURNED
    assert isinstance(request.collect_events()[-1], ApprovalReturned)
    restart = request.resubmit(document("65000"), chain(), at=later(3))
    assert (restart, request.current, request.round) == (0, 0, 2)
    assert request.approvals(0) == ()
    event = request.collect_events()[-1]
    assert isinstance(event, ApprovalResubmitted)
    assert event.document.amount == Money("65000", "CNY")


def test_from_the_returning_step_keeps_earlier_approvals_if_the_amount_did_not_rise() -> None:
    request = submit(restart=RestartRule.FROM_RETURNING_STEP)
    request.approve(WANG, at=later(1))
    request.approve(LIU, at=later(2))
    request.return_for_changes(ZHAO, reason="wrong cost centre", at=later(3))
    assert request.resubmit(document("68000"), chain(), at=later(4)) == 2
    assert [d.actor for d in request.approvals(0)] == [WANG]
    request.approve(QIAN, at=later(5))
    assert request.status is ApprovalStatus.APPROVED


def test_from_the_returning_step_restarts_from_the_start_if_the_amount_rose() -> None:
    request = submit(restart=RestartRule.FROM_RETURNING_STEP)
    request.approve(WANG, at=later(1))
    request.return_for_changes(LIU, reason="add the pump", at=later(2))
    assert request.resubmit(document("90000"), chain(), at=later(3)) == 0


def test_only_the_requester_resubmits_or_withdraws_and_only_a_returned_document() -> None:
    request = submit()
    with pytest.raises(InvalidTransition):
        request.resubmit(document(), chain(), at=later(1))
    request.return_for_changes(WANG, reason="attach the quote", at=later(1))
    with pytest.raises(NotTheRequester):
        request.resubmit(document(requester=WANG), chain(), at=later(2))
    with pytest.raises(NotTheRequester):
        request.withdraw(WANG, at=later(2))
    request.withdraw(LI, reason="bought it on the framework contract", at=later(2))
    assert request.status is ApprovalStatus.WITHDRAWN
    assert isinstance(request.collect_events()[-1], ApprovalWithdrawn)


def test_decisions_cannot_go_back_in_time() -> None:
    request = submit()
    with pytest.raises(ValidationError, match="before"):
        request.approve(WANG, at=T0 - timedelta(seconds=1))


def test_a_request_is_identified_by_its_document() -> None:
    assert submit() == submit()
    assert submit().id == DocumentId("PO-1")


def test_a_document_amount_cannot_be_negative() -> None:
    with pytest.raises(ValidationError):
        attrs.evolve(document(), amount=Money("-1", "CNY"))
