"""Approved documents as budget authorizations: the bridge from approvals to budgets.

An overrun override, a transfer or an adjustment needs an
:class:`~backoffice.domain.budgets.authorization.Authorization`. With backoffice's own approval
chains that authorization is an **approved document** of the right kind, for the right line:
:func:`authorization_from` checks the document and turns it into one, naming the approver who
completed the chain.
"""

from __future__ import annotations

from backoffice.domain.approvals.documents import DocumentKind
from backoffice.domain.approvals.request import ApprovalRequest, ApprovalStatus
from backoffice.domain.budgets import Authorization, BudgetLineKey, InvalidAuthorization

__all__ = ["authorization_from"]


def authorization_from(
    request: ApprovalRequest, kind: DocumentKind, line: BudgetLineKey | None = None
) -> Authorization:
    """The authorization an approved document gives: its id, final approver, reason and amount.

    Args:
        request: The document's approval request.
        kind: The kind of document the action needs.
        line: The budget line the document must be for, if any.

    Raises:
        InvalidAuthorization: The document is of another kind, not approved, or for another
            line.
    """
    document = request.document
    reference = str(document.id)
    if document.kind is not kind:
        raise InvalidAuthorization(
            reference, f"it is a {document.kind.value} document, a {kind.value} is needed"
        )
    approver = request.final_approver
    if request.status is not ApprovalStatus.APPROVED or approver is None:
        raise InvalidAuthorization(reference, f"it is {request.status.value}, not approved")
    if line is not None and (document.department, document.category) != (
        line.department,
        line.category,
    ):
        raise InvalidAuthorization(
            reference, f"it is for {document.department}/{document.category}, not {line}"
        )
    return Authorization(
        reference=reference,
        approved_by=approver,
        reason=document.description or f"approved {kind.value}",
        amount=document.amount,
    )
