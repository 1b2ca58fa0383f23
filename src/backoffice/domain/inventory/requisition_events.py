"""The events of a requisition (申领): submitted, approved, referred, rejected, fulfilled...

Each is plain data (ids, quantities, text, flags), so a requisition's history can be stored and
the requisition rebuilt from it with
:meth:`~backoffice.domain.inventory.requisitions.Requisition.replay`.
"""

from __future__ import annotations

import attrs

from backoffice.domain.events import DomainEvent
from backoffice.domain.inventory.ids import LocationId
from backoffice.errors import ValidationError
from backoffice.values.ids import ActorId, DepartmentId
from backoffice.values.quantity import Quantity

__all__ = [
    "RequisitionApproved",
    "RequisitionCancelled",
    "RequisitionFulfilled",
    "RequisitionLine",
    "RequisitionReferred",
    "RequisitionRejected",
    "RequisitionSubmitted",
]


def _sku(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"a line needs an item's SKU, got {value!r}", field="sku")
    return value


def _positive_quantity(value: Quantity) -> Quantity:
    if not isinstance(value, Quantity):
        raise ValidationError(f"a line needs a Quantity, got {value!r}", field="quantity")
    return value.require_positive("quantity")


@attrs.frozen
class RequisitionLine:
    """One item on a requisition (or in a fulfilment or cancellation).

    Attributes:
        sku: The item.
        quantity: How much, in the item's unit.
    """

    sku: str = attrs.field(converter=_sku)
    quantity: Quantity = attrs.field(converter=_positive_quantity)


@attrs.frozen(kw_only=True)
class RequisitionSubmitted(DomainEvent):
    """An employee asked for items."""

    requester: ActorId
    department: DepartmentId
    location: LocationId
    lines: tuple[RequisitionLine, ...]
    note: str = ""


@attrs.frozen(kw_only=True)
class RequisitionApproved(DomainEvent):
    """The requisition was approved (by a person, or by the policy when ``automatic``)."""

    reference: str | None = None
    automatic: bool = False


@attrs.frozen(kw_only=True)
class RequisitionReferred(DomainEvent):
    """The approval policy referred the requisition to a person; ``reason`` says to whom/why."""

    reason: str


@attrs.frozen(kw_only=True)
class RequisitionRejected(DomainEvent):
    """The requisition was turned down."""

    reason: str
    automatic: bool = False


@attrs.frozen(kw_only=True)
class RequisitionFulfilled(DomainEvent):
    """Items were handed out against the requisition (``complete``: nothing is left to give).

    Attributes:
        lines: What was handed out this time.
        movements: The numbers of the issues in the items' ledgers, line by line.
        complete: Whether the requisition is now fully served.
    """

    lines: tuple[RequisitionLine, ...]
    movements: tuple[int, ...]
    complete: bool


@attrs.frozen(kw_only=True)
class RequisitionCancelled(DomainEvent):
    """What was not handed out yet was cancelled; ``released`` is what that freed."""

    reason: str = ""
    released: tuple[RequisitionLine, ...] = ()
