"""Requisitions at the storeroom desk (申领): submit, decide, reserve, fulfil, cancel.

An employee asks for items for a department; the requisition approval policy approves,
rejects or refers it to a person; approval reserves the stock at the storeroom that serves it;
the storekeeper fulfils it, in parts if need be (old units handed back for old-for-new items);
cancelling frees what was not handed out. A requisition spans several items, so every line is
checked on its ledger before any ledger changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Final

from backoffice.domain.inventory.errors import InsufficientStock, RequisitionNotFound
from backoffice.domain.inventory.ids import LocationId, RequisitionId
from backoffice.domain.inventory.movements import StockMovement
from backoffice.domain.inventory.requisitions import (
    Requisition,
    RequisitionLine,
    RequisitionStatus,
)
from backoffice.errors import ValidationError
from backoffice.policies.requisitions import RequisitionApprovalPolicy, RequisitionOutcome
from backoffice.services.inventory_queries import Amount, InventoryQueries
from backoffice.values.ids import ActorId, DepartmentId, IdGenerator
from backoffice.values.inputs import actor, entity_id, instant, optional_text, text
from backoffice.values.money import Money

__all__ = ["AUTO_APPROVER", "RequisitionDesk"]

#: The actor recorded on the approval policy's own decisions: approve, reject or refer.
AUTO_APPROVER: Final = ActorId("policy:requisition-approval")

_ZERO = Decimal(0)
#: The id a requisition is checked and decided under before it is given its own.
_DRAFT: Final = RequisitionId("RQN-DRAFT")


class RequisitionDesk(InventoryQueries):
    """The inventory's requisition commands.

    Not used on its own: :class:`~backoffice.services.inventory.Inventory` is built on it and
    holds the state declared here.
    """

    requisition_approval: RequisitionApprovalPolicy
    ids: IdGenerator
    _requisitions: dict[str, Requisition]

    def submit_requisition(
        self,
        lines: Mapping[str, Amount],
        *,
        requester: ActorId | str,
        department: DepartmentId | str,
        at: datetime,
        location: LocationId | str | None = None,
        note: str = "",
    ) -> Requisition:
        """Submit a requisition and let the approval policy decide on it.

        An approved requisition has its stock reserved at once. A requisition the policy
        approves but that cannot be reserved in full, or that the policy refers, waits for
        :meth:`approve_requisition` or :meth:`reject_requisition`.

        Args:
            lines: Quantity wanted per SKU.
            requester: Who asks.
            department: The department it is for.
            at: When it was submitted.
            location: The storeroom to serve it from.
            note: The requester's note.
        """
        wanted = [
            RequisitionLine(sku, self._quantity(sku, qty, "lines"))
            for sku, qty in self._amounts(lines, "lines").items()
        ]
        who, when = actor(requester, "requester"), instant(at)
        department_id = entity_id(department, DepartmentId, "department")
        place, text_note = self._where(location), optional_text(note, "note")

        def filed(number: RequisitionId) -> Requisition:
            return Requisition.submit(
                number,
                requester=who,
                department=department_id,
                location=place,
                lines=wanted,
                at=when,
                note=text_note,
            )

        # Checked and decided on a draft first: a requisition refused, or a policy that
        # raises, leaves the desk as it was and consumes no id.
        draft = filed(_DRAFT)
        decision = self.requisition_approval.decide(
            draft, estimated_cost=self.estimated_cost(draft)
        )
        requisition = filed(self.ids.new(RequisitionId))
        self._requisitions[requisition.id.value] = requisition
        _DECIDE[decision.outcome](self, requisition, when, decision.reason)
        return requisition

    def approve_requisition(
        self,
        requisition: RequisitionId | str,
        *,
        by: ActorId | str,
        at: datetime,
        reference: str | None = None,
    ) -> Requisition:
        """Approve a waiting requisition and reserve its stock.

        Raises:
            InvalidTransition: It is not waiting, or ``by`` is the requester.
            InsufficientStock: A line cannot be reserved (nothing is reserved then).
        """
        found = self.requisition(requisition)
        self._approve(
            found,
            by=actor(by, "by"),
            at=instant(at),
            reference=optional_text(reference, "reference", max_length=200) or None,
            automatic=False,
        )
        return found

    def reject_requisition(
        self, requisition: RequisitionId | str, *, by: ActorId | str, at: datetime, reason: str
    ) -> Requisition:
        """Turn a waiting requisition down."""
        found = self.requisition(requisition)
        found.reject(by=actor(by, "by"), at=instant(at), reason=text(reason, "reason"))
        return found

    def fulfil_requisition(
        self,
        requisition: RequisitionId | str,
        *,
        by: ActorId | str,
        at: datetime,
        quantities: Mapping[str, Amount] | None = None,
        handed_back: Mapping[str, Amount] | None = None,
    ) -> list[StockMovement]:
        """Hand out (part of) an approved requisition: one issue per line, to its department.

        Every line is checked on its ledger first; if one cannot be issued, none is.

        Args:
            requisition: Which one.
            by: The storekeeper.
            at: When.
            quantities: How much per SKU; everything outstanding when omitted.
            handed_back: Old units handed back per SKU, for old-for-new items.

        Returns:
            The issues, line by line.
        """
        found = self.requisition(requisition)
        by, at = actor(by, "by"), instant(at)
        if quantities is None:
            amounts = {sku: q.value for sku, q in found.outstanding().items() if q.value}
        else:
            amounts = {
                sku: self._quantity(sku, qty, "quantities").value
                for sku, qty in self._amounts(quantities, "quantities").items()
            }
        found.check_fulfilment(amounts)
        returned_old = {} if handed_back is None else self._amounts(handed_back, "handed_back")
        stray = sorted(set(returned_old) - set(amounts))
        if stray:
            raise ValidationError(
                f"old units handed back for {stray}, which this fulfilment does not hand out",
                field="handed_back",
                value=stray,
            )
        for sku, qty in amounts.items():
            self.ledger(sku).check_issue(
                found.location,
                qty,
                at=at,
                by=by,
                to=found.department,
                requisition=found.id,
                handed_back=returned_old.get(sku),
            )
        issues = [
            self.ledger(sku).issue(
                found.location,
                qty,
                at=at,
                by=by,
                to=found.department,
                requisition=found.id,
                handed_back=returned_old.get(sku),
            )
            for sku, qty in amounts.items()
        ]
        found.record_fulfilment(amounts, movements=[issue.number for issue in issues], by=by, at=at)
        return issues

    def cancel_requisition(
        self, requisition: RequisitionId | str, *, by: ActorId | str, at: datetime, reason: str = ""
    ) -> Requisition:
        """Cancel what is not handed out yet and free its reservation."""
        found = self.requisition(requisition)
        by, at, reason = actor(by, "by"), instant(at), optional_text(reason, "reason")
        if found.is_open and found.status is not RequisitionStatus.SUBMITTED:
            for sku, outstanding in found.outstanding().items():
                if outstanding.value:
                    self.ledger(sku).release(
                        found.location, requisition=found.id, at=at, by=by, qty=outstanding
                    )
        found.cancel(by=by, at=at, reason=reason)
        return found

    def requisition(self, requisition: RequisitionId | str) -> Requisition:
        """The requisition with that id."""
        found = self._requisitions.get(entity_id(requisition, RequisitionId, "requisition").value)
        if found is None:
            raise RequisitionNotFound(requisition)
        return found

    def requisitions(self, status: RequisitionStatus | None = None) -> list[Requisition]:
        """Every requisition (with ``status``, if given), oldest first."""
        return [r for r in self._requisitions.values() if status is None or r.status is status]

    def estimated_cost(self, requisition: Requisition) -> Money:
        """What a requisition's outstanding lines would cost at the items' average cost now."""
        total = _ZERO
        for sku, wanted in requisition.outstanding().items():
            ledger = self.ledger(sku)
            on_hand = ledger.on_hand(requisition.location).value
            if on_hand:
                total += ledger.value(requisition.location).amount * wanted.value / on_hand
        return Money(total, self.currency).rounded(ROUND_HALF_EVEN)

    @staticmethod
    def _amounts(value: object, field: str) -> dict[str, Amount]:
        """Quantities per SKU: a mapping of text keys (checked before anything changes)."""
        if not isinstance(value, Mapping):
            raise ValidationError(
                f"{field} must map SKUs to quantities, got {type(value).__name__} {value!r}",
                field=field,
                value=value,
            )
        if not all(isinstance(sku, str) for sku in value):
            raise ValidationError(f"{field} must be keyed by SKU (text)", field=field)
        return dict(value)

    def _approve(
        self,
        requisition: Requisition,
        *,
        by: ActorId,
        at: datetime,
        reference: str | None,
        automatic: bool,
    ) -> None:
        requisition.check_can_approve(by, automatic=automatic)
        place = requisition.location
        for line in requisition.lines:
            free = self.ledger(line.sku).available(place, at=at)
            if line.quantity.value > free.value:
                raise InsufficientStock(line.sku, place, line.quantity, free)
        for line in requisition.lines:
            self.ledger(line.sku).reserve(
                place, line.quantity, requisition=requisition.id, at=at, by=by
            )
        requisition.approve(by=by, at=at, reference=reference, automatic=automatic)

    def _auto_approve(self, requisition: Requisition, at: datetime, reason: str) -> None:
        try:
            self._approve(requisition, by=AUTO_APPROVER, at=at, reference=None, automatic=True)
        except InsufficientStock as short:  # approved in principle, not in stock: to a person
            requisition.refer(by=AUTO_APPROVER, at=at, reason=f"{reason}, but {short}")

    def _auto_reject(self, requisition: Requisition, at: datetime, reason: str) -> None:
        requisition.reject(by=AUTO_APPROVER, at=at, reason=reason, automatic=True)

    def _refer(self, requisition: Requisition, at: datetime, reason: str) -> None:
        # A person decides with approve_requisition or reject_requisition; the reason (who
        # must approve, or why the policy would not) is recorded for them.
        requisition.refer(by=AUTO_APPROVER, at=at, reason=reason)


#: What the service does with each outcome of the approval policy.
_DECIDE: Final[
    dict[RequisitionOutcome, Callable[[RequisitionDesk, Requisition, datetime, str], None]]
] = {
    RequisitionOutcome.APPROVE: RequisitionDesk._auto_approve,
    RequisitionOutcome.REJECT: RequisitionDesk._auto_reject,
    RequisitionOutcome.REFER: RequisitionDesk._refer,
}
