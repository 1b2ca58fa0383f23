"""A state machine that runs approvals under your policy, checking the laws each step.

:class:`ApprovalPolicyMachine` drives a real
:class:`~backoffice.services.approvals.ApprovalService` with your policy: documents are
submitted (each role of their chain staffed, the first time it is needed, with people
hypothesis picks, the requester sometimes among them), approved and rejected by whoever
hypothesis picks, in any order. After every step it checks the approval laws (see
:mod:`backoffice.testing.laws.approvals`):

* the policy gave each document a chain of at least one step, or refused it with a
  :class:`~backoffice.errors.BackofficeError` (checked at submission);
* each request's steps are the chain the policy gave when it was submitted;
* segregation of duties: no requester approved their own document, no person approved two
  steps of one chain.

Use it by subclassing and setting :attr:`~ApprovalPolicyMachine.policy`::

    class MyApprovalsMachine(ApprovalPolicyMachine):
        policy = MyMatrix()

    TestMyApprovals = MyApprovalsMachine.TestCase
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import ClassVar, Final

import attrs
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from backoffice.domain.approvals.documents import ApprovalDocument, DocumentId
from backoffice.domain.approvals.state import ApprovalStatus
from backoffice.domain.approvals.steps import Role
from backoffice.errors import BackofficeError
from backoffice.policies.approval import ApprovalPolicy
from backoffice.services.approvals import ApprovalService
from backoffice.services.directory import InMemoryDirectory
from backoffice.testing.approvals import documents
from backoffice.testing.laws._core import LawViolation
from backoffice.testing.laws.approvals import CHAIN_OR_FAIL_CLOSED, _chain, _check_hands
from backoffice.values import ActorId

__all__ = ["ApprovalPolicyMachine"]

_PEOPLE: Final = tuple(ActorId(name) for name in ("ann", "bo", "cy", "di", "ed", "fay"))


class ApprovalPolicyMachine(RuleBasedStateMachine):
    """Random approval histories under :attr:`policy`; the approval laws after every step.

    Attributes:
        policy: Your approval policy (set it in a subclass).
        documents_drawn: The documents submitted
            (:func:`~backoffice.testing.approvals.documents` in CNY by default).
    """

    policy: ClassVar[ApprovalPolicy | None] = None
    documents_drawn: ClassVar[st.SearchStrategy[ApprovalDocument] | None] = None

    def __init__(self) -> None:
        super().__init__()
        if self.policy is None:
            raise TypeError(f"{type(self).__name__} needs a policy: set the class attribute")
        self.directory = InMemoryDirectory()
        self.service = ApprovalService(policy=self.policy, directory=self.directory)
        self.now = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)
        self.staffed: set[Role] = set()
        self.submitted: dict[DocumentId, tuple[ApprovalDocument, tuple[Role, ...]]] = {}
        self.steps: list[str] = []

    def _where(self) -> str:
        return f"after {self.steps}"

    def _pending(self, data: st.DataObject) -> DocumentId | None:
        pending = [
            doc
            for doc in self.submitted
            if self.service.request(doc).status is ApprovalStatus.PENDING
        ]
        return data.draw(st.sampled_from(pending)) if pending else None

    @rule(data=st.data())
    def submit(self, data: st.DataObject) -> None:
        """A document is submitted; the roles of its chain are staffed when first needed."""
        assert self.policy is not None
        drawn = data.draw(self.documents_drawn or documents())
        document = attrs.evolve(drawn, id=DocumentId(f"DOC-{len(self.submitted) + 1}"))
        try:
            chain = _chain(self.policy, document, named=True)
        except LawViolation as broken:
            raise LawViolation(CHAIN_OR_FAIL_CLOSED, f"{broken.detail} {self._where()}") from None
        self.steps.append(f"submit {document!r}")
        if chain is None:
            return  # failed closed
        pool = (*_PEOPLE, document.requester)
        for role in chain.roles:
            if role not in self.staffed:
                self.staffed.add(role)
                mask = data.draw(st.integers(1, 2 ** len(pool) - 1), label=f"holders of {role}")
                for bit, person in enumerate(pool):
                    if mask >> bit & 1:
                        self.directory.assign(role, person)
        self.now += timedelta(minutes=5)
        try:
            self.service.submit(document, at=self.now)
        except BackofficeError:
            self.steps[-1] += " (refused)"
            return
        self.submitted[document.id] = (document, chain.roles)

    @rule(data=st.data(), approve=st.integers(0, 3).map(bool))
    def decide(self, data: st.DataObject, approve: bool) -> None:
        """Someone (usually a holder of the current step's role) approves or rejects."""
        document_id = self._pending(data)
        if document_id is None:
            return
        request = self.service.request(document_id)
        # mostly someone who holds the current step's role; sometimes anyone, or the requester
        holders = sorted(request.steps[request.current].approvers)
        anyone = [*_PEOPLE, request.document.requester]
        person = data.draw(st.sampled_from(holders or anyone) | st.sampled_from(anyone))
        self.now += timedelta(minutes=5)
        word = "approve" if approve else "reject"
        self.steps.append(f"{person} {word}s {document_id}")
        try:
            if approve:
                self.service.approve(document_id, person, at=self.now)
            else:
                self.service.reject(document_id, person, at=self.now, reason="not needed")
        except BackofficeError:
            self.steps[-1] += " (refused)"

    @invariant()
    def each_request_follows_its_chain_and_segregates_duties(self) -> None:
        """Each request follows its chain and segregates duties."""
        for document_id, (document, roles) in self.submitted.items():
            request = self.service.request(document_id)
            steps = tuple(step.spec.role for step in request.steps)
            if steps != roles:
                raise LawViolation(
                    CHAIN_OR_FAIL_CLOSED,
                    f"{document_id} runs steps {[str(r) for r in steps]}, the policy gave "
                    f"{[str(r) for r in roles]} {self._where()}",
                )
            try:
                _check_hands(document, request)
            except LawViolation as broken:
                raise LawViolation(broken.law, f"{broken.detail} {self._where()}") from None
