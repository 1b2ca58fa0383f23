"""Laws of approvals: matrices climb monotonically, round-trip as data, staffing is exact."""

from __future__ import annotations

import gc
import itertools
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

from backoffice import ActorId, Money
from backoffice.calendar import BusinessCalendar
from backoffice.domain.approvals import (
    ApprovalDocument,
    ApprovalRequest,
    ApprovalStatus,
    NoEligibleApprover,
    StepAssignment,
)
from backoffice.domain.approvals import events as approval_events
from backoffice.domain.approvals.sod import unstaffed_step
from backoffice.policies.approval import ThresholdApprovalPolicy
from backoffice.serialization import EventCodec
from backoffice.testing.approvals import actors, approval_chains, approval_matrices, documents

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
