"""Laws of approvals: matrices climb monotonically, round-trip as data, staffing is exact."""

from __future__ import annotations

import gc
import itertools
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from backoffice import ActorId, BackofficeError, DepartmentId, Money
from backoffice.calendar import BusinessCalendar
from backoffice.domain.approvals import (
    ApprovalDocument,
    ApprovalRequest,
    ApprovalStatus,
    DocumentId,
    DocumentKind,
    NoEligibleApprover,
    SplitPurchaseDetector,
    StepAssignment,
)
from backoffice.domain.approvals import events as approval_events
from backoffice.domain.approvals.sod import unstaffed_step
from backoffice.domain.budgets import OFFICE_SUPPLIES
from backoffice.policies.approval import ThresholdApprovalPolicy
from backoffice.serialization import EventCodec
from backoffice.services import ApprovalService, InMemoryDirectory
from backoffice.testing.approvals import (
    actors,
    approval_chains,
    approval_matrices,
    approval_service_state,
    documents,
)

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
people = st.frozensets(actors(5), max_size=4)

# attrs replaces each slotted class; the replaced ones linger in __subclasses__() until the
# garbage collector runs, and for_all_events() would see two classes of one name.
gc.collect()
CODEC = EventCodec.for_all_events()


@given(approval_matrices())
def test_a_matrix_survives_plain_data_and_json(data: dict[str, Any]) -> None:
    policy = ThresholdApprovalPolicy.from_dict(data)
    plain = json.loads(json.dumps(policy.to_dict()))
    assert ThresholdApprovalPolicy.from_dict(plain) == policy


@given(approval_matrices(), documents(), st.integers(0, 500_000))
def test_a_larger_amount_never_needs_fewer_steps(
    data: dict[str, Any], document: ApprovalDocument, extra: int
) -> None:
    policy = ThresholdApprovalPolicy.from_dict(data)
    larger = attrs.evolve(document, amount=document.amount + Money(extra, "CNY"))
    small, large = policy.chain_for(document).steps, policy.chain_for(larger).steps
    assert large[: len(small)] == small


def brute_force_staffable(approvers: list[frozenset[ActorId]], required: list[int]) -> bool:
    """Try every way of giving each step its own distinct people."""
    everyone = sorted(set().union(*approvers)) if approvers else []
    slots = [step for step, count in enumerate(required) for _ in range(count)]
    if len(slots) > len(everyone):
        return False
    for chosen in itertools.permutations(everyone, len(slots)):
        if all(person in approvers[slot] for person, slot in zip(chosen, slots, strict=True)):
            return True
    return False


@given(st.lists(st.tuples(people, st.integers(1, 2)), min_size=1, max_size=3))
def test_staffing_agrees_with_trying_every_assignment(
    steps: list[tuple[frozenset[ActorId], int]],
) -> None:
    approvers = [a for a, _ in steps]
    required = [r for _, r in steps]
    assert (unstaffed_step(approvers, required) is None) == brute_force_staffable(
        approvers, required
    )


@st.composite
def submitted(draw: st.DrawFn) -> ApprovalRequest | None:
    chain = draw(approval_chains(max_steps=3))
    document = draw(documents())
    steps = [StepAssignment(spec, draw(people)) for spec in chain.steps]
    try:
        return ApprovalRequest.submit(
            document, steps, calendar=BusinessCalendar.always(), at=T0, restart=chain.restart
        )
    except NoEligibleApprover:
        return None


@given(submitted(), st.lists(actors(5), max_size=8))
def test_approval_events_survive_plain_data_and_json(
    request: ApprovalRequest | None, deciders: list[ActorId]
) -> None:
    assume(request is not None)
    assert request is not None
    for n, actor in enumerate(deciders):
        try:
            request.approve(actor, at=T0 + timedelta(minutes=n))
        except ValueError:
            continue
        if request.status is not ApprovalStatus.PENDING:
            break
    events = request.collect_events()
    for event in events:
        assert CODEC.load(json.loads(json.dumps(CODEC.dump(event)))) == event
    assert {type(e) for e in events} <= set(approval_events.APPROVAL_EVENTS)


# -- bad input: every public mutating command, one argument spoilt at a time -----------------

_NOT_TEXT = st.one_of(st.none(), st.integers(), st.floats(), st.binary(min_size=1, max_size=3))
_BLANK = st.sampled_from(["", "   ", "\t"])
#: Wrong values for each kind of argument; never a value the command could accept.
BAD_VALUES: dict[str, st.SearchStrategy[object]] = {
    "id": st.one_of(_NOT_TEXT, _BLANK),
    "actor": st.one_of(_NOT_TEXT, _BLANK),
    "text": st.one_of(st.integers(), st.floats(), st.binary(min_size=1, max_size=3)),
    "reason": st.one_of(_NOT_TEXT, _BLANK),
    "instant": st.one_of(st.none(), st.integers(), st.text(max_size=10), st.datetimes()),
    "document": st.one_of(st.none(), st.integers(), st.text(max_size=5), st.just({"id": "X"})),
}
MATRIX = {
    "currency": "CNY",
    "columns": [{"name": "all", "levels": [
        {"from": "0", "role": "department-head"}, {"from": "5000", "role": "finance"},
    ]}],
}  # fmt: skip
LATER = T0 + timedelta(hours=1)
WANG, LI_ = ActorId("wang"), ActorId("li")


def _order(number: str) -> ApprovalDocument:
    return ApprovalDocument(
        id=DocumentId(number), kind=DocumentKind.PURCHASE_ORDER, amount=Money("400", "CNY"),
        category=OFFICE_SUPPLIES, department=DepartmentId("DEP-1"), requester=LI_,
    )  # fmt: skip


PENDING_DOC, RETURNED_DOC, NEW_DOC = _order("PO-1"), _order("PO-2"), _order("PO-3")
APPROVAL_COMMANDS: dict[str, tuple[Callable[..., object], dict[str, object], dict[str, str]]] = {
    "submit": (ApprovalService.submit, {"document": NEW_DOC, "at": LATER},
               {"document": "document", "at": "instant"}),
    "resubmit": (ApprovalService.resubmit, {"document": RETURNED_DOC, "at": LATER},
                 {"document": "document", "at": "instant"}),
    "approve": (ApprovalService.approve,
                {"document_id": "PO-1", "actor": WANG, "at": LATER, "comment": "ok"},
                {"document_id": "id", "actor": "actor", "at": "instant", "comment": "text"}),
    "reject": (ApprovalService.reject,
               {"document_id": "PO-1", "actor": WANG, "reason": "no", "at": LATER},
               {"document_id": "id", "actor": "actor", "reason": "reason", "at": "instant"}),
    "return_for_changes": (ApprovalService.return_for_changes,
                           {"document_id": "PO-1", "actor": WANG, "reason": "why", "at": LATER},
                           {"document_id": "id", "actor": "actor", "reason": "reason",
                            "at": "instant"}),
    "withdraw": (ApprovalService.withdraw,
                 {"document_id": "PO-1", "actor": LI_, "reason": "", "at": LATER},
                 {"document_id": "id", "actor": "actor", "reason": "text", "at": "instant"}),
    "escalate_overdue": (ApprovalService.escalate_overdue, {"at": LATER, "actor": WANG},
                         {"at": "instant", "actor": "actor"}),
}  # fmt: skip


@st.composite
def bad_approval_calls(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """A command with exactly one argument replaced by a wrong value of its kind."""
    name = draw(st.sampled_from(sorted(APPROVAL_COMMANDS)))
    _, good, kinds = APPROVAL_COMMANDS[name]
    spoilt = draw(st.sampled_from(sorted(kinds)))
    return name, {**good, spoilt: draw(BAD_VALUES[kinds[spoilt]])}


@given(st.lists(bad_approval_calls(), min_size=3, max_size=5))
def test_a_bad_argument_to_any_approval_command_is_refused_and_changes_nothing(
    calls: list[tuple[str, dict[str, object]]],
) -> None:
    directory = InMemoryDirectory.from_dict({"department-head": ["wang"], "finance": ["zhao"]})
    detector = SplitPurchaseDetector(timedelta(days=7), [Money("5000", "CNY")])
    service = ApprovalService(
        ThresholdApprovalPolicy.from_dict(MATRIX), directory, split_detector=detector
    )
    service.submit(PENDING_DOC, at=T0)
    service.submit(RETURNED_DOC, at=T0)
    service.return_for_changes(DocumentId("PO-2"), WANG, reason="which paper?", at=T0)
    service.collect_events()
    before = approval_service_state(service)
    for name, arguments in calls:
        with pytest.raises(BackofficeError):
            APPROVAL_COMMANDS[name][0](service, **arguments)
        assert approval_service_state(service) == before, f"{name} changed a request"
        assert service.collect_events() == [], f"{name} recorded events"
    assert service.submit(NEW_DOC, at=LATER).split_flag is None  # the detector saw nothing
