"""Where a requisition stands, what it may do there, and what is still to be handed out.

A requisition is *submitted*, then *approved* or *rejected*; an approved one is *partially
fulfilled* and then *fulfilled*, or *cancelled* while anything is still outstanding.
:class:`RequisitionStatus` names those states; :class:`RequisitionState` holds the guards
(who may approve, what may be handed out) and the queries (what was requested, fulfilled and
is outstanding) of :class:`~backoffice.domain.inventory.requisitions.Requisition`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Final

from backoffice.domain.events import DomainEvent, EventLog
from backoffice.domain.inventory.ids import RequisitionId
from backoffice.domain.inventory.requisition_events import RequisitionLine
from backoffice.errors import InvalidTransition, ValidationError
from backoffice.values.ids import ActorId
from backoffice.values.quantity import Quantity

__all__ = ["RequisitionState", "RequisitionStatus"]

_ZERO = Decimal(0)


class RequisitionStatus(enum.Enum):
    """Where a requisition stands."""

    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    PARTIALLY_FULFILLED = "partially fulfilled"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"


#: The states each action is allowed in.
_ALLOWED: Final[dict[str, frozenset[RequisitionStatus]]] = {
    "approve": frozenset({RequisitionStatus.SUBMITTED}),
    "refer": frozenset({RequisitionStatus.SUBMITTED}),
    "reject": frozenset({RequisitionStatus.SUBMITTED}),
    "fulfil": frozenset({RequisitionStatus.APPROVED, RequisitionStatus.PARTIALLY_FULFILLED}),
    "cancel": frozenset(
        {
            RequisitionStatus.SUBMITTED,
            RequisitionStatus.APPROVED,
            RequisitionStatus.PARTIALLY_FULFILLED,
        }
    ),
}


class RequisitionState:
    """A requisition's guards and queries over its state.

    Not used on its own: :class:`~backoffice.domain.inventory.requisitions.Requisition` is
    built on it and holds the state declared here.
    """

    __slots__ = ()

    id: RequisitionId
    requester: ActorId
    lines: tuple[RequisitionLine, ...]
    status: RequisitionStatus
    _fulfilled: dict[str, Decimal]
    _events: EventLog

    # -- guards and queries ---------------------------------------------------------------------

    def check_can_approve(self, by: ActorId, *, automatic: bool = False) -> None:
        """Raise unless ``by`` may approve it now (one guard per rule)."""
        self._check_allowed("approve")
        if not automatic and by == self.requester:
            raise InvalidTransition(
                self.id, "approve", self.status, "nobody approves their own requisition"
            )

    def check_fulfilment(self, quantities: Mapping[str, Decimal]) -> None:
        """Raise unless ``quantities`` can be handed out against it now."""
        self._check_allowed("fulfil")
        if not quantities or not any(quantities.values()):
            raise ValidationError("nothing to hand out", field="quantities")
        outstanding = self.outstanding()
        for sku, qty in quantities.items():
            if sku not in outstanding:
                raise ValidationError(f"{sku} is not on {self.id}", field="quantities", value=sku)
            if qty < 0 or qty > outstanding[sku].value:
                raise ValidationError(
                    f"{qty} of {sku} exceeds the {outstanding[sku]} outstanding on {self.id}",
                    field="quantities",
                    value=qty,
                )

    def requested(self, sku: str) -> Quantity:
        """What was asked for of ``sku``."""
        for line in self.lines:
            if line.sku == sku:
                return line.quantity
        raise ValidationError(f"{sku} is not on {self.id}", field="sku", value=sku)

    def fulfilled(self) -> dict[str, Quantity]:
        """What has been handed out, per item."""
        return {
            line.sku: Quantity(self._fulfilled.get(line.sku, _ZERO), line.quantity.unit)
            for line in self.lines
        }

    def outstanding(self) -> dict[str, Quantity]:
        """What is still to be handed out, per item (zero once cancelled or rejected)."""
        closed = self.status in {RequisitionStatus.CANCELLED, RequisitionStatus.REJECTED}
        return {
            line.sku: Quantity(
                _ZERO if closed else line.quantity.value - self._fulfilled.get(line.sku, _ZERO),
                line.quantity.unit,
            )
            for line in self.lines
        }

    @property
    def is_open(self) -> bool:
        """Whether anything can still happen to it."""
        return self.status in _ALLOWED["cancel"]

    def collect_events(self) -> list[DomainEvent]:
        """Hand over the events recorded since the last call, oldest first."""
        return self._events.collect()

    # -- internals ------------------------------------------------------------------------------

    def _check_allowed(self, action: str) -> None:
        if self.status not in _ALLOWED[action]:
            raise InvalidTransition(self.id, action, self.status)

    def _lines(self, quantities: Mapping[str, Decimal]) -> tuple[RequisitionLine, ...]:
        units = {line.sku: line.quantity.unit for line in self.lines}
        return tuple(
            RequisitionLine(sku, Quantity(qty, units[sku]))
            for sku, qty in quantities.items()
            if qty
        )

    def _record(
        self, event_type: type[DomainEvent], by: ActorId, at: datetime, **fields: object
    ) -> None:
        self._events.append(
            event_type(
                aggregate_id=str(self.id),
                version=self._events.next_version,
                actor=by,
                occurred_at=at,
                **fields,
            )
        )
