"""The laws every approval policy obeys, checked against yours with one call.

An approval policy (:class:`~backoffice.policies.approval.ApprovalPolicy`) maps a document to
its chain of steps. Whatever its matrix, it must obey :data:`APPROVAL_POLICY_LAWS`:

* **a chain exists or the policy fails closed**: for every document, a chain of at least one
  step, or a refusal the library knows (a :class:`~backoffice.errors.BackofficeError` such as
  :class:`~backoffice.policies.approval.NoApprovalRule`), never a crash or an empty chain;
* **chains grow with the amount**: the same document for a larger amount needs every step of
  the smaller one's chain, in the same order, and perhaps more;
* **segregation of duties holds**: driven through the real
  :class:`~backoffice.services.approvals.ApprovalService` with any staffing of the roles
  (the requester among the role holders included), the requester never approves and no person
  approves two steps of a chain.

Example:
    >>> from backoffice.policies.approval import (
    ...     EXAMPLE_APPROVAL_MATRIX, ThresholdApprovalPolicy)
    >>> check_approval_policy_laws(ThresholdApprovalPolicy.from_dict(EXAMPLE_APPROVAL_MATRIX))
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Final

import attrs
from hypothesis import settings
from hypothesis import strategies as st

from backoffice.domain.approvals.documents import ApprovalDocument
from backoffice.domain.approvals.request import ApprovalRequest
from backoffice.domain.approvals.steps import ApprovalChain, Role
from backoffice.errors import BackofficeError
from backoffice.policies.approval import ApprovalPolicy
from backoffice.services.approvals import ApprovalService
from backoffice.services.directory import InMemoryDirectory
from backoffice.testing.approvals import documents
from backoffice.testing.laws._core import (
    LawViolation,
    chosen_laws,
    law_database_key,
    run_laws,
)
from backoffice.values import ActorId, Money

__all__ = ["APPROVAL_POLICY_LAWS", "check_approval_policy_laws"]

CHAIN_OR_FAIL_CLOSED: Final = "a chain exists or the policy fails closed"
CHAINS_GROW: Final = "chains grow with the amount"
SEGREGATION_OF_DUTIES: Final = "segregation of duties holds"

#: The laws of an approval policy, in the order they are checked.
APPROVAL_POLICY_LAWS: Final = (CHAIN_OR_FAIL_CLOSED, CHAINS_GROW, SEGREGATION_OF_DUTIES)

_PEOPLE: Final = tuple(ActorId(name) for name in ("ann", "bo", "cy", "di", "ed", "fay"))
_AT: Final = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)


def check_approval_policy_laws(
    policy: ApprovalPolicy,
    *,
    laws: Iterable[str] | None = None,
    documents_drawn: st.SearchStrategy[ApprovalDocument] | None = None,
    settings: settings | None = None,
) -> None:
    """Check ``policy`` against :data:`APPROVAL_POLICY_LAWS` on documents hypothesis draws.

    Args:
        policy: Your policy.
        laws: The laws to check (all by default).
        documents_drawn: The documents to try (:func:`~backoffice.testing.approvals.documents`
            in CNY by default; give your currency's).
        settings: Hypothesis settings (the active profile's by default).

    Raises:
        LawViolation: An example breaks a law; the message names the law and the example.
        ValueError: ``laws`` names an unknown law.
    """
    chosen = chosen_laws(APPROVAL_POLICY_LAWS, laws)

    def check(
        document: ApprovalDocument, extra: int, staffing: list[int], order: list[int]
    ) -> None:
        chain = _chain(policy, document, CHAIN_OR_FAIL_CLOSED in chosen)
        if CHAINS_GROW in chosen and chain is not None:
            larger = attrs.evolve(
                document, amount=document.amount + Money(Decimal(extra), document.amount.currency)
            )
            _grows(document, chain, larger, _chain(policy, larger, named=False))
        if SEGREGATION_OF_DUTIES in chosen and chain is not None:
            _segregation(policy, document, chain, staffing, order)

    run_laws(
        check,
        {
            "document": documents_drawn if documents_drawn is not None else documents(),
            "extra": st.integers(1, 300_000),
            "staffing": st.lists(st.integers(0, 63), min_size=8, max_size=8),
            "order": st.lists(st.integers(0, len(_PEOPLE)), max_size=8),
        },
        settings,
        key=law_database_key("approval", policy, () if laws is None else chosen),
    )


def _chain(policy: ApprovalPolicy, document: ApprovalDocument, named: bool) -> ApprovalChain | None:
    try:
        chain = policy.chain_for(document)
    except BackofficeError:
        return None  # failed closed
    except Exception as error:  # any other failure breaks the law
        raise LawViolation(
            CHAIN_OR_FAIL_CLOSED, f"the policy crashed with {error!r} for {document!r}"
        ) from error
    if named and (not isinstance(chain, ApprovalChain) or not chain.steps):
        raise LawViolation(CHAIN_OR_FAIL_CLOSED, f"no steps ({chain!r}) for {document!r}")
    return chain


def _grows(
    document: ApprovalDocument,
    chain: ApprovalChain,
    larger: ApprovalDocument,
    bigger: ApprovalChain | None,
) -> None:
    if bigger is None:
        return  # failing closed on a larger amount is allowed
    left = iter(bigger.roles)
    if not all(role in left for role in chain.roles):  # a subsequence, in order
        raise LawViolation(
            CHAINS_GROW,
            f"{document.amount} needs {[str(r) for r in chain.roles]} but {larger.amount} only "
            f"{[str(r) for r in bigger.roles]} for {document!r}",
        )


def _segregation(
    policy: ApprovalPolicy,
    document: ApprovalDocument,
    chain: ApprovalChain,
    staffing: list[int],
    order: list[int],
) -> None:
    """Staff each role with the people its bit mask picks; approve with everyone who may.

    The people named by ``order`` (indices, the requester first) try first, in that order;
    then everyone, round after round, until nobody can do more.
    """
    directory = InMemoryDirectory()
    people = (document.requester, *_PEOPLE)
    roles: list[Role] = list(dict.fromkeys(chain.roles + tuple(filter(None, _escalations(chain)))))
    for index, role in enumerate(roles):
        mask = staffing[index % len(staffing)]
        for bit, person in enumerate(people):
            if mask >> bit & 1:
                directory.assign(role, person)
    service = ApprovalService(policy=policy, directory=directory)
    try:
        request = service.submit(document, at=_AT)
    except BackofficeError:
        return  # a step cannot be staffed: refused at submission, nothing to break
    at = _AT
    for index in order:
        at += timedelta(minutes=1)
        try:
            service.approve(document.id, people[index], at=at)
        except BackofficeError:
            continue
    for _ in range(4 * len(chain.steps) * len(people)):
        progressed = False
        for person in people:
            at += timedelta(minutes=1)
            try:
                service.approve(document.id, person, at=at)
                progressed = True
            except BackofficeError:
                continue
        if not progressed:
            break
    _check_hands(document, request)


def _check_hands(document: ApprovalDocument, request: ApprovalRequest) -> None:
    """No approval by the requester; nobody's hand in two steps."""
    hands: dict[ActorId, int] = {}
    for step in range(len(request.steps)):
        for decision in request.approvals(step):
            for person in {decision.actor, decision.on_behalf_of or decision.actor}:
                if person == document.requester:
                    raise LawViolation(
                        SEGREGATION_OF_DUTIES,
                        f"the requester {person} approved step {step} of {document!r}",
                    )
                if hands.setdefault(person, step) != step:
                    raise LawViolation(
                        SEGREGATION_OF_DUTIES,
                        f"{person} approved steps {hands[person]} and {step} of {document!r}",
                    )


def _escalations(chain: ApprovalChain) -> tuple[Role | None, ...]:
    return tuple(step.escalate_to for step in chain.steps)
