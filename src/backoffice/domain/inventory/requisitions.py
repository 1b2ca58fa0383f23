"""Requisitions (申领): an employee asks the storeroom for items.

"按需申领、以旧换新": people ask for what they need, and worn items are exchanged old for new. A
requisition lists the items and quantities wanted, for a department, from one storeroom. It is
**submitted**, then **approved** (the decision is a pluggable policy, see
:mod:`backoffice.policies.requisitions`; a person approves what the policy refers to them) or
**rejected**. Approval reserves the stock; the storeroom then **fulfils** it, all at once or in
parts, each part an issue from stock; what is not fulfilled yet can be **cancelled**, which frees
its reservation.

::

    submitted --approve--> approved --fulfil part--> partially fulfilled --fulfil rest--> fulfilled
        |                      |                           |
        +--reject--> rejected  +--------cancel-------------+--> cancelled

The aggregate keeps the requisition's own state (its states, guards and queries are in
:mod:`backoffice.domain.inventory.requisition_state`); reserving and issuing stock happen on the
items' stock ledgers, coordinated by :class:`backoffice.services.inventory.Inventory`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

import attrs

from backoffice.domain.events import DomainEvent, EventLog
from backoffice.domain.inventory.ids import LocationId, RequisitionId
from backoffice.domain.inventory.requisition_events import (
    RequisitionApproved,
    RequisitionCancelled,
    RequisitionFulfilled,
    RequisitionLine,
    RequisitionReferred,
    RequisitionRejected,
    RequisitionSubmitted,
)
from backoffice.domain.inventory.requisition_state import RequisitionState, RequisitionStatus
from backoffice.errors import ValidationError
from backoffice.values.ids import ActorId, DepartmentId
from backoffice.values.inputs import actor, entity_id, flag, optional_text, text
from backoffice.values.instant import ensure_aware
from backoffice.values.quantity import Quantity

__all__ = [
    "Requisition",
    "RequisitionApproved",
    "RequisitionCancelled",
    "RequisitionFulfilled",
    "RequisitionLine",
    "RequisitionReferred",
    "RequisitionRejected",
    "RequisitionStatus",
    "RequisitionSubmitted",
]

_ZERO = Decimal(0)


@attrs.define(eq=False)
class Requisition(RequisitionState):
    """An employee's request for items, from submission to fulfilment.

    Attributes:
        id: The requisition's id.
        requester: Who asked.
        department: The department it is for (and charged to).
        location: The storeroom it is served from.
        lines: What was asked for, one line per item.
        submitted_at: When it was submitted.
        note: The requester's note ("for the new hires on 3 March").
        status: Where it stands.
        approved_by: Who approved it (``None`` until approved, or when approved by policy).
    """

    id: RequisitionId
    requester: ActorId
    department: DepartmentId
    location: LocationId
    lines: tuple[RequisitionLine, ...]
    submitted_at: datetime
    note: str = ""
    status: RequisitionStatus = RequisitionStatus.SUBMITTED
    approved_by: ActorId | None = None
    _fulfilled: dict[str, Decimal] = attrs.field(factory=dict, init=False)
    _events: EventLog = attrs.field(factory=EventLog, init=False)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Requisition) and other.id == self.id

    def __hash__(self) -> int:
        return hash((Requisition, self.id))

    @classmethod
    def submit(
        cls,
        id: RequisitionId,  # noqa: A002 (the record's id, as everywhere in the domain)
        *,
        requester: ActorId,
        department: DepartmentId,
        location: LocationId,
        lines: Iterable[RequisitionLine],
        at: datetime,
        note: str = "",
    ) -> Requisition:
        """Submit a requisition.

        Raises:
            ValidationError: No lines, two lines for the same item, a requester, department,
                location or note that is not what it should be.
        """
        ensure_aware(at)
        requester = actor(requester, "requester")
        department = entity_id(department, DepartmentId, "department")
        location = entity_id(location, LocationId, "location")
        note = optional_text(note, "note")
        if isinstance(lines, str | bytes) or not isinstance(lines, Iterable):  # type: ignore[unreachable]
            raise ValidationError(
                f"lines must be requisition lines, got {lines!r}", field="lines", value=lines
            )
        wanted = tuple(lines)
        if not all(isinstance(line, RequisitionLine) for line in wanted):
            raise ValidationError("lines must be RequisitionLine records", field="lines")
        if not wanted:
            raise ValidationError("a requisition needs at least one line", field="lines")
        skus = [line.sku for line in wanted]
        if len(set(skus)) != len(skus):
            raise ValidationError(
                "each item may appear once on a requisition", field="lines", value=skus
            )
        requisition = cls(id, requester, department, location, wanted, at, note)
        requisition._record(
            RequisitionSubmitted,
            requester,
            at,
            requester=requester,
            department=department,
            location=location,
            lines=wanted,
            note=note,
        )
        return requisition

    @classmethod
    def replay(cls, events: Iterable[DomainEvent]) -> Requisition:
        """Rebuild a requisition from its events, oldest first (none of them pending).

        Raises:
            ValidationError: The events do not start with its submission, belong to another
                requisition, skip a version, or record a step its state did not allow.
        """
        given = list(events)
        first = given[0] if given else None
        if not isinstance(first, RequisitionSubmitted):
            raise ValidationError(
                "a requisition's events start with RequisitionSubmitted", field="events"
            )
        requisition = cls(
            RequisitionId(first.aggregate_id),
            first.requester,
            first.department,
            first.location,
            first.lines,
            first.occurred_at,
            first.note,
        )
        for version, event in enumerate(given, start=1):
            step = _REPLAY.get(type(event))
            if (
                event.aggregate_id != first.aggregate_id
                or event.version != version
                or (step is None and version > 1)
            ):
                raise ValidationError(
                    f"{event.name} v{event.version} of {event.aggregate_id} is not event "
                    f"{version} of requisition {first.aggregate_id}",
                    field="events",
                    value=event,
                )
            if step is not None:
                step(requisition, event)
        requisition._events = EventLog(version=len(given))
        return requisition

    @property
    def version(self) -> int:
        """Number of events it has recorded."""
        return self._events.version

    # -- commands -------------------------------------------------------------------------------

    def approve(
        self,
        *,
        by: ActorId,
        at: datetime,
        reference: str | None = None,
        automatic: bool = False,
    ) -> None:
        """Approve it (the stock must be reserved alongside).

        Raises:
            InvalidTransition: It is not waiting for a decision, or the requester approves
                their own requisition.
        """
        by = actor(by, "by")
        automatic = flag(automatic, "automatic")
        self.check_can_approve(by, automatic=automatic)
        ensure_aware(at)
        reference = optional_text(reference, "reference") or None
        self.status = RequisitionStatus.APPROVED
        self.approved_by = None if automatic else by
        self._record(RequisitionApproved, by, at, reference=reference, automatic=automatic)

    def refer(self, *, by: ActorId, at: datetime, reason: str) -> None:
        """Record that it waits for a person's decision, and why (e.g. the chain it needs).

        Raises:
            InvalidTransition: It is not waiting for a decision.
        """
        by = actor(by, "by")
        self._check_allowed("refer")
        ensure_aware(at)
        reason = text(reason, "reason")
        self._record(RequisitionReferred, by, at, reason=reason)

    def reject(self, *, by: ActorId, at: datetime, reason: str, automatic: bool = False) -> None:
        """Turn it down.

        Raises:
            InvalidTransition: It is not waiting for a decision.
            ValidationError: No reason was given.
        """
        by = actor(by, "by")
        automatic = flag(automatic, "automatic")
        self._check_allowed("reject")
        ensure_aware(at)
        reason = text(reason, "reason")
        self.status = RequisitionStatus.REJECTED
        self._record(RequisitionRejected, by, at, reason=reason, automatic=automatic)

    def record_fulfilment(
        self,
        quantities: Mapping[str, Decimal],
        *,
        movements: Iterable[int],
        by: ActorId,
        at: datetime,
    ) -> None:
        """Record that ``quantities`` were issued against it.

        Raises:
            InvalidTransition: It is not approved (or already fulfilled, cancelled, ...).
            ValidationError: An item not on it, or more than is still outstanding.
        """
        by = actor(by, "by")
        self.check_fulfilment(quantities)
        ensure_aware(at)
        for sku, qty in quantities.items():
            self._fulfilled[sku] = self._fulfilled.get(sku, _ZERO) + qty
        complete = not any(left.value for left in self.outstanding().values())
        self.status = (
            RequisitionStatus.FULFILLED if complete else RequisitionStatus.PARTIALLY_FULFILLED
        )
        self._record(
            RequisitionFulfilled,
            by,
            at,
            lines=self._lines(quantities),
            movements=tuple(movements),
            complete=complete,
        )

    def cancel(self, *, by: ActorId, at: datetime, reason: str = "") -> dict[str, Quantity]:
        """Cancel what has not been handed out yet.

        Returns:
            What was outstanding (and, if it had been approved, reserved), per item.

        Raises:
            InvalidTransition: It is already fulfilled, rejected or cancelled.
        """
        by = actor(by, "by")
        self._check_allowed("cancel")
        ensure_aware(at)
        reason = optional_text(reason, "reason")
        outstanding = {sku: q for sku, q in self.outstanding().items() if q.value}
        was_approved = self.status is not RequisitionStatus.SUBMITTED
        self.status = RequisitionStatus.CANCELLED
        released = self._lines({sku: q.value for sku, q in outstanding.items()})
        self._record(
            RequisitionCancelled, by, at, reason=reason, released=released if was_approved else ()
        )
        return outstanding


def _approved(requisition: Requisition, event: RequisitionApproved) -> None:
    requisition._check_allowed("approve")
    requisition.status = RequisitionStatus.APPROVED
    requisition.approved_by = None if event.automatic else event.actor


def _referred(requisition: Requisition, _: RequisitionReferred) -> None:
    requisition._check_allowed("refer")


def _rejected(requisition: Requisition, _: RequisitionRejected) -> None:
    requisition._check_allowed("reject")
    requisition.status = RequisitionStatus.REJECTED


def _fulfilled(requisition: Requisition, event: RequisitionFulfilled) -> None:
    quantities = {line.sku: line.quantity.value for line in event.lines}
    requisition.check_fulfilment(quantities)
    for sku, qty in quantities.items():
        requisition._fulfilled[sku] = requisition._fulfilled.get(sku, _ZERO) + qty
    requisition.status = (
        RequisitionStatus.FULFILLED if event.complete else RequisitionStatus.PARTIALLY_FULFILLED
    )


def _cancelled(requisition: Requisition, _: RequisitionCancelled) -> None:
    requisition._check_allowed("cancel")
    requisition.status = RequisitionStatus.CANCELLED


#: How each event after the submission is carried out again on replay.
_REPLAY: Final[dict[type[DomainEvent], Callable[[Requisition, Any], None]]] = {
    RequisitionApproved: _approved,
    RequisitionReferred: _referred,
    RequisitionRejected: _rejected,
    RequisitionFulfilled: _fulfilled,
    RequisitionCancelled: _cancelled,
}
