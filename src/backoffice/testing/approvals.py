"""Hypothesis strategies for approvals: roles, quorums, steps, chains, documents, matrices.

Example:
    >>> from hypothesis import given, settings
    >>> from backoffice.policies.approval import ThresholdApprovalPolicy
    >>> from backoffice.testing.approvals import approval_matrices
    >>> @settings(max_examples=10)
    ... @given(approval_matrices())
    ... def test_a_matrix_survives_plain_data(data):
    ...     policy = ThresholdApprovalPolicy.from_dict(data)
    ...     assert ThresholdApprovalPolicy.from_dict(policy.to_dict()) == policy
    >>> test_a_matrix_survives_plain_data()
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from backoffice.domain.approvals import (
    ApprovalChain,
    ApprovalDocument,
    Deadline,
    DocumentId,
    DocumentKind,
    Quorum,
    RestartRule,
    Role,
    StepSpec,
)
from backoffice.domain.budgets import SEED_CATEGORIES
from backoffice.testing.budgets import departments, spending_categories
from backoffice.values.ids import ActorId, SupplierId
from backoffice.values.money import Money

if TYPE_CHECKING:
    from backoffice.domain.approvals import ApprovalRequest
    from backoffice.services.approvals import ApprovalService

__all__ = [
    "ROLE_CODES",
    "actors",
    "approval_chains",
    "approval_matrices",
    "approval_service_state",
    "approval_state",
    "deadlines",
    "documents",
    "quorums",
    "roles",
    "step_specs",
]

#: The roles the strategies draw from.
ROLE_CODES = (
    "department-head",
    "logistics-officer",
    "logistics-manager",
    "finance",
    "general-manager",
)


def roles() -> st.SearchStrategy[Role]:
    """One of the seed roles."""
    return st.sampled_from(ROLE_CODES).map(Role)


def actors(count: int = 6) -> st.SearchStrategy[ActorId]:
    """One of ``count`` people ``p1`` ... ``p<count>``."""
    return st.integers(1, count).map(lambda n: ActorId(f"p{n}"))


def quorums(max_count: int = 3) -> st.SearchStrategy[Quorum]:
    """Any, all, or at least 1 to ``max_count``."""
    return st.one_of(
        st.just(Quorum.any()),
        st.just(Quorum.all()),
        st.integers(1, max_count).map(Quorum.at_least),
    )


def deadlines() -> st.SearchStrategy[Deadline]:
    """Deadlines of 1-48 working hours or 1-5 working days."""
    return st.one_of(
        st.integers(1, 48).map(Deadline.working_hours),
        st.integers(1, 5).map(Deadline.working_days),
    )


def step_specs(max_quorum: int = 3) -> st.SearchStrategy[StepSpec]:
    """A step with a role, a quorum and maybe a deadline and an escalation role."""
    return st.builds(
        StepSpec,
        role=roles(),
        quorum=quorums(max_quorum),
        deadline=st.none() | deadlines(),
        escalate_to=st.none() | roles(),
    )


def approval_chains(max_steps: int = 4) -> st.SearchStrategy[ApprovalChain]:
    """Chains of 1 to ``max_steps`` steps with either restart rule."""
    return st.builds(
        ApprovalChain,
        steps=st.lists(step_specs(), min_size=1, max_size=max_steps).map(tuple),
        restart=st.sampled_from(RestartRule),
    )


def documents(
    currency: str = "CNY", *, max_amount: int = 500_000, requesters: int = 6
) -> st.SearchStrategy[ApprovalDocument]:
    """Documents of any kind, amount, seed category, department and requester."""
    return st.builds(
        ApprovalDocument,
        id=st.integers(1, 10**6).map(lambda n: DocumentId(f"DOC-{n}")),
        kind=st.sampled_from(DocumentKind),
        amount=st.integers(0, max_amount * 100).map(
            lambda c: Money(Decimal(c).scaleb(-2), currency)
        ),
        category=spending_categories(),
        department=departments(),
        requester=actors(requesters),
        supplier=st.none() | st.integers(1, 3).map(lambda n: SupplierId(f"SUP-{n}")),
        description=st.sampled_from(["", "printer paper", "boiler repair", "airport run"]),
    )


@st.composite
def _level(draw: st.DrawFn) -> dict[str, Any]:
    level: dict[str, Any] = {
        "from": str(draw(st.sampled_from([0, 1000, 5000, 20000, 50000, 200000]))),
        "role": draw(st.sampled_from(ROLE_CODES)),
    }
    quorum = draw(st.sampled_from(["any", "all", 2, None]))
    if quorum not in (None, "any"):
        level["quorum"] = quorum
    deadline = draw(st.sampled_from([None, "within_working_hours", "within_working_days"]))
    if deadline is not None:
        level[deadline] = draw(st.integers(1, 5))
    if draw(st.booleans()):
        level["escalate_to"] = draw(st.sampled_from(ROLE_CODES))
    return level


@st.composite
def approval_matrices(draw: st.DrawFn, *, max_columns: int = 3) -> dict[str, Any]:
    """Plain-data approval matrices for :meth:`ThresholdApprovalPolicy.from_dict`.

    The last column is a catch-all whose first level starts at 0, so every document is covered.
    """
    columns: list[dict[str, Any]] = []
    for index in range(draw(st.integers(0, max_columns - 1))):
        column: dict[str, Any] = {"name": f"column {index + 1}"}
        if draw(st.booleans()):
            column["categories"] = sorted(
                draw(st.sets(st.sampled_from(sorted(map(str, SEED_CATEGORIES))), min_size=1))
            )
        else:
            column["kinds"] = sorted(
                draw(st.sets(st.sampled_from([k.value for k in DocumentKind]), min_size=1))
            )
        column["levels"] = [{"from": "0", "role": draw(st.sampled_from(ROLE_CODES))}]
        column["levels"] += draw(st.lists(_level(), max_size=3))
        columns.append(column)
    catch_all: dict[str, Any] = {
        "name": "everything else",
        "levels": [{"from": "0", "role": "department-head"}],
    }
    catch_all["levels"] += draw(st.lists(_level(), max_size=4))
    columns.append(catch_all)
    return {
        "currency": "CNY",
        "restart": draw(st.sampled_from([r.value for r in RestartRule])),
        "columns": columns,
    }


def approval_state(request: ApprovalRequest) -> tuple[object, ...]:
    """Everything an approval request holds, read through its public queries.

    A replayed request must have the state of the one that recorded the events.
    """
    steps = range(len(request.steps))
    return (
        request.id,
        request.document,
        request.steps,
        request.restart,
        request.status,
        request.current,
        request.round,
        request.split_flag,
        request.due,
        request.escalated,
        request.returned_step,
        request.last_activity,
        request.version,
        request.final_approver,
        request.history,
        tuple(request.eligible(step) for step in steps),
        tuple(request.approvals(step) for step in steps),
    )


def approval_service_state(service: ApprovalService) -> tuple[object, ...]:
    """The state of every request of ``service``, in order, and each approver's queue."""
    requests = list(service.requests)
    people = sorted({p for r in requests for step in r.steps for p in step.approvers})
    return (
        tuple(approval_state(request) for request in requests),
        tuple((p, tuple(r.id for r in service.pending_for(p))) for p in people),
        None if service.split_detector is None else service.split_detector.last_seen,
    )
