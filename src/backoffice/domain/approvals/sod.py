"""Segregation of duties (不相容职务分离): who may not approve what.

One guard per rule, each raising its own error:

* :func:`check_not_requester`: the requester never decides on their own document, neither
  directly nor through someone acting on their behalf;
* :func:`check_one_step_per_person`: one person approves at most one step of a chain, counting
  both the actor and the principal they act for;
* :func:`check_receiver_not_approver`: (optional rule) whoever receives the goods did not
  approve the order.

:func:`unstaffed_step` checks, when a chain starts, that it *can* be completed under these
rules: every step can find its quorum among its approvers with no person used twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from backoffice.domain.approvals.decisions import Decision
from backoffice.domain.approvals.documents import ApprovalDocument
from backoffice.domain.approvals.errors import (
    DuplicateApprover,
    ReceiverIsApprover,
    SelfApprovalForbidden,
)
from backoffice.values.ids import ActorId

__all__ = [
    "check_not_requester",
    "check_one_step_per_person",
    "check_receiver_not_approver",
    "unstaffed_step",
]


def check_not_requester(document: ApprovalDocument, actor: ActorId, principal: ActorId) -> None:
    """Refuse a decision by the requester, or by someone acting for the requester.

    Raises:
        SelfApprovalForbidden: ``actor`` or ``principal`` is the requester.
    """
    if document.requester in (actor, principal):
        raise SelfApprovalForbidden(document.id, actor, document.requester)


def check_one_step_per_person(
    document: ApprovalDocument,
    approvals: Sequence[Mapping[ActorId, Decision]],
    step: int,
    actor: ActorId,
    principal: ActorId,
) -> None:
    """Refuse an approval by someone whose hand is already in an approval of this chain.

    Args:
        document: The document.
        approvals: The approvals of the current round, per step, by principal.
        step: The step being approved.
        actor: Who approves.
        principal: Whose authority they use.

    Raises:
        DuplicateApprover: ``actor`` or ``principal`` took part in an approval already.
    """
    hands = {actor, principal}
    for index, given in enumerate(approvals):
        for decision in given.values():
            shared = hands & decision.persons
            if shared:
                raise DuplicateApprover(document.id, min(shared), step, index)


def check_receiver_not_approver(
    document: ApprovalDocument, approvals: Iterable[Decision], receiver: ActorId
) -> None:
    """Refuse a receiver of goods who approved the order (directly or as a delegate).

    Raises:
        ReceiverIsApprover: ``receiver`` took part in an approval of ``document``.
    """
    for decision in approvals:
        if receiver in decision.persons:
            raise ReceiverIsApprover(document.id, receiver)


def unstaffed_step(approvers: Sequence[frozenset[ActorId]], required: Sequence[int]) -> int | None:
    """The first step that cannot get its quorum with one person per step, or ``None``.

    A bipartite matching of the steps' quorum slots to people (augmenting paths): small
    chains, so simple is enough.

    Example:
        >>> a, b = ActorId("a"), ActorId("b")
        >>> unstaffed_step([frozenset({a, b}), frozenset({a})], [1, 1]) is None
        True
        >>> unstaffed_step([frozenset({a}), frozenset({a})], [1, 1])
        1
    """
    slots = [step for step, count in enumerate(required) for _ in range(count)]
    holder: dict[ActorId, int] = {}

    def assign(slot: int, tried: set[ActorId]) -> bool:
        for person in sorted(approvers[slots[slot]]):
            if person in tried:
                continue
            tried.add(person)
            if person not in holder or assign(holder[person], tried):
                holder[person] = slot
                return True
        return False

    for slot in range(len(slots)):
        if not assign(slot, set()):
            return slots[slot]
    return None
