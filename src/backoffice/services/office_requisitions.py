"""The requisition flow across the storeroom, approvals and budgets (申领 -> 审批 -> 预算 -> 出库).

A requisition for stock is decided by the approval matrix
(:class:`~backoffice.policies.requisitions.MatrixRequisitionApproval`):

1. **submitted**: within the automatic limit it is approved at once; otherwise it is referred
   to the chain the matrix gives, as a ``requisition`` document with the requisition's id;
2. **approved** at the chain's last step: its stock is reserved and its estimated cost is
   committed against the department's budget line for the requisition category (commitment
   id = requisition id); if either is refused (not in stock, over budget) the approval does
   not happen either;
3. **fulfilled**: the stock is issued at FIFO cost and that cost is booked as the actual
   against the commitment, which is closed once nothing is left to hand out (what was not
   spent goes back to the line);
4. **rejected** or **cancelled**: what is reserved or committed is released.

Each step is one unit of work of the office: all of it happens, or none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from datetime import datetime
from typing import TypeVar

from backoffice.domain.approvals.documents import ApprovalDocument, DocumentId, DocumentKind
from backoffice.domain.approvals.request import ApprovalRequest, ApprovalStatus
from backoffice.domain.budgets import BudgetLineKey, CommitmentClosed, CommitmentId, ExpenseId
from backoffice.domain.inventory.ids import RequisitionId
from backoffice.domain.inventory.movements import StockMovement
from backoffice.domain.inventory.requisitions import Requisition, RequisitionStatus
from backoffice.errors import NotFound
from backoffice.services.approvals import ApprovalService
from backoffice.services.budgets import BudgetService
from backoffice.services.inventory import Inventory
from backoffice.services.inventory_queries import Amount
from backoffice.services.office_rules import OfficeRules
from backoffice.values.ids import ActorId, DepartmentId
from backoffice.values.money import Money

__all__ = ["RequisitionFlow"]

T = TypeVar("T")


class RequisitionFlow:
    """The office's requisition commands.

    Not used on its own: :class:`~backoffice.services.self.Office` is built on it and
    provides what is declared here.
    """

    rules: OfficeRules

    @property
    def inventory(self) -> Inventory:  # pragma: no cover - provided by the office
        """The storeroom."""
        raise NotImplementedError

    @property
    def approvals(self) -> ApprovalService:  # pragma: no cover - provided by the office
        """The approval chains."""
        raise NotImplementedError

    @property
    def budgets(self) -> BudgetService:  # pragma: no cover - provided by the office
        """The budgets."""
        raise NotImplementedError

    def run(self, command: Callable[[], T]) -> T:  # pragma: no cover
        """Run ``command`` as one unit of work (provided by the office)."""
        raise NotImplementedError

    def _now(self, at: datetime | None) -> datetime:  # pragma: no cover
        raise NotImplementedError

    def submit_requisition(
        self,
        lines: Mapping[str, Amount],
        *,
        requester: ActorId,
        department: DepartmentId | str,
        note: str = "",
        at: datetime | None = None,
    ) -> Requisition:
        """File a requisition; the matrix approves it at once or refers it to its chain.

        An approved one is committed against its department's budget line at once; a referred
        one is submitted to the approval chain as a ``requisition`` document with the
        requisition's id.
        """
        moment = self._now(at)

        def command() -> Requisition:
            requisition = self.inventory.submit_requisition(
                lines,
                requester=requester,
                department=department,
                at=moment,
                note=note,
            )
            if requisition.status is RequisitionStatus.APPROVED:
                self._commit_budget(requisition, moment)
            else:
                self.approvals.submit(self._document(requisition), at=moment)
            return requisition

        return self.run(command)

    def approve(
        self,
        document: DocumentId | str,
        actor: ActorId,
        *,
        comment: str = "",
        at: datetime | None = None,
    ) -> ApprovalRequest:
        """``actor`` approves a document's current step.

        A requisition's document approved at its last step reserves the requisition's stock
        and commits its estimate against the department's budget line; if either is refused
        (not in stock, over budget), the approval does not happen either.
        """
        moment = self._now(at)
        document_id = document if isinstance(document, DocumentId) else DocumentId(document)

        def command() -> ApprovalRequest:
            request = self.approvals.approve(document_id, actor, at=moment, comment=comment)
            kind = request.document.kind
            if request.status is ApprovalStatus.APPROVED and kind is DocumentKind.REQUISITION:
                requisition = self.inventory.requisition(document_id.value)
                self.inventory.approve_requisition(
                    requisition.id, by=actor, at=moment, reference=document_id.value
                )
                self._commit_budget(requisition, moment, amount=request.document.amount)
            return request

        return self.run(command)

    def reject(
        self, document: DocumentId | str, actor: ActorId, *, reason: str, at: datetime | None = None
    ) -> ApprovalRequest:
        """``actor`` rejects a document; a requisition is turned down with it."""
        moment = self._now(at)
        document_id = document if isinstance(document, DocumentId) else DocumentId(document)

        def command() -> ApprovalRequest:
            request = self.approvals.reject(document_id, actor, reason=reason, at=moment)
            if request.document.kind is DocumentKind.REQUISITION:
                self.inventory.reject_requisition(
                    document_id.value, by=actor, at=moment, reason=reason
                )
            return request

        return self.run(command)

    def fulfil_requisition(
        self,
        requisition: RequisitionId | str,
        *,
        by: ActorId,
        quantities: Mapping[str, Amount] | None = None,
        at: datetime | None = None,
    ) -> list[StockMovement]:
        """Hand out (part of) an approved requisition and book its FIFO cost as spent.

        The actual is booked against the requisition's commitment; once nothing is left to
        hand out, the commitment is closed (what was not spent goes back to the line).
        """
        moment = self._now(at)

        def command() -> list[StockMovement]:
            issues = self.inventory.fulfil_requisition(
                requisition,
                by=by,
                at=moment,
                quantities=quantities,
            )
            found = self.inventory.requisition(requisition)
            if not issues:
                return issues
            cost = sum((issue.cost for issue in issues), Money.zero(self.rules.currency))
            first = issues[0]
            self.budgets.record_actual(
                ExpenseId(f"{found.id}/{first.sku}#{first.number}"),
                CommitmentId(found.id.value),
                cost,
                on=moment.date(),
                final=found.status is RequisitionStatus.FULFILLED,
                actor=by,
                at=moment,
            )
            return issues

        return self.run(command)

    def cancel_requisition(
        self,
        requisition: RequisitionId | str,
        *,
        by: ActorId,
        reason: str = "",
        at: datetime | None = None,
    ) -> Requisition:
        """Cancel what is not handed out yet; its commitment's remainder goes back to the line."""
        moment = self._now(at)

        def command() -> Requisition:
            found = self.inventory.cancel_requisition(requisition, by=by, at=moment, reason=reason)
            # Never approved (nothing committed), or spent in full already: nothing to release.
            with suppress(NotFound, CommitmentClosed):
                self.budgets.release_commitment(
                    CommitmentId(found.id.value),
                    reason=reason or "requisition cancelled",
                    actor=by,
                    at=moment,
                )
            return found

        return self.run(command)

    def _document(self, requisition: Requisition) -> ApprovalDocument:
        return self.rules.requisition_approval.document_for(
            requisition, estimated_cost=self.inventory.estimated_cost(requisition)
        )

    def _commit_budget(
        self, requisition: Requisition, at: datetime, *, amount: Money | None = None
    ) -> None:
        self.budgets.commit(
            CommitmentId(requisition.id.value),
            BudgetLineKey(requisition.department, self.rules.requisition_category),
            self.inventory.estimated_cost(requisition) if amount is None else amount,
            on=at.date(),
            reference=requisition.id.value,
            actor=requisition.requester,
            at=at,
        )
