"""Where the approval service keeps its requests, and the queries an embedding system asks.

:class:`ApprovalRepository` is the small protocol the
:class:`~backoffice.services.approvals.ApprovalService` stores its requests through;
:class:`InMemoryApprovals` is the default. The service calls :meth:`~ApprovalRepository.saved`
after every command that changed a request, so a repository can keep its indexes (the pending
approvals of each approver) up to date without scanning.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

import attrs

from backoffice.domain.approvals.documents import DocumentId
from backoffice.domain.approvals.request import ApprovalRequest, ApprovalStatus
from backoffice.values.ids import ActorId

__all__ = ["ApprovalRepository", "InMemoryApprovals"]


class ApprovalRepository(Protocol):
    """The approval requests of an organisation, by document id."""

    def get(self, document_id: DocumentId) -> ApprovalRequest | None:
        """The request of ``document_id``, or ``None``."""
        ...

    def saved(self, request: ApprovalRequest) -> None:
        """Keep a new request, or take note that ``request`` changed."""
        ...

    def __iter__(self) -> Iterator[ApprovalRequest]:
        """Every request, in the order they were first saved."""
        ...

    def pending_for(self, approver: ActorId) -> list[ApprovalRequest]:
        """The pending requests whose current step ``approver`` may approve in person."""
        ...


@attrs.define
class InMemoryApprovals:
    """Requests in a dict, with an index of the pending requests each approver may decide.

    Example:
        >>> approvals = InMemoryApprovals()
        >>> approvals.get(DocumentId("PO-1")) is None, approvals.pending_for(ActorId("wang"))
        (True, [])
    """

    _requests: dict[DocumentId, ApprovalRequest] = attrs.field(factory=dict, repr=False)
    # approver -> the documents awaiting them, in first-saved order (dict keys as an ordered set)
    _awaiting: dict[ActorId, dict[DocumentId, None]] = attrs.field(factory=dict, repr=False)
    _indexed: dict[DocumentId, frozenset[ActorId]] = attrs.field(factory=dict, repr=False)

    def get(self, document_id: DocumentId) -> ApprovalRequest | None:
        """The request of ``document_id``, or ``None``."""
        return self._requests.get(document_id)

    def saved(self, request: ApprovalRequest) -> None:
        """Keep ``request`` and re-index who may approve it now."""
        document_id = request.id
        self._requests[document_id] = request
        now = request.eligible() if request.status is ApprovalStatus.PENDING else frozenset()
        before = self._indexed.get(document_id, frozenset())
        if now == before:
            return
        for person in before - now:
            self._awaiting[person].pop(document_id, None)
        for person in now - before:
            self._awaiting.setdefault(person, {})[document_id] = None
        self._indexed[document_id] = now

    def __iter__(self) -> Iterator[ApprovalRequest]:
        return iter(list(self._requests.values()))

    def pending_for(self, approver: ActorId) -> list[ApprovalRequest]:
        """The pending requests whose current step ``approver`` may approve in person."""
        order = {document_id: n for n, document_id in enumerate(self._requests)}
        documents = sorted(self._awaiting.get(approver, {}), key=order.__getitem__)
        return [self._requests[document_id] for document_id in documents]
