"""The stock ledger's events: what happened to an item's stock, in the past tense.

Every movement records one event (:class:`StockReceived`, :class:`StockIssued`, ...); a
backdated movement that changes the cost of later ones also records a :class:`StockCostCorrected`
for each of them. Reservations for requisitions record :class:`StockReserved` and
:class:`StockReservationReleased`. The aggregate id is the item's SKU, ``version`` counts the
ledger's events, ``occurred_at`` is the movement's effective time and ``recorded_at`` (when
given) the time it was recorded.

The ledger keeps its movement records and builds these events when they are collected, so
recording stays fast; an event says exactly what the record said when it was made.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Final, TypedDict, TypeVar

import attrs

from backoffice.domain.events import DomainEvent
from backoffice.domain.inventory.ids import LocationId, RequisitionId
from backoffice.domain.inventory.movements import (
    LotDraw,
    MovementKind,
    Recipient,
    StockMovement,
    WriteOffReason,
)
from backoffice.values.ids import ActorId, DepartmentId, SupplierId
from backoffice.values.money import Money
from backoffice.values.quantity import Quantity

__all__ = [
    "DrawnLot",
    "StockCostCorrected",
    "StockCounted",
    "StockEvent",
    "StockIssued",
    "StockReceived",
    "StockReservationReleased",
    "StockReserved",
    "StockReturned",
    "StockTransferred",
    "StockWrittenOff",
    "movement_event",
]


@attrs.frozen
class DrawnLot:
    """A lot's share of a movement, as events keep it.

    Attributes:
        lot: The lot's number.
        quantity: Units drawn from it (or given back to it).
        cost: Their cost.
    """

    lot: int
    quantity: Quantity
    cost: Money

    @classmethod
    def of(cls, draw: LotDraw) -> DrawnLot:
        """The event form of a movement's :class:`LotDraw`."""
        return cls(draw.lot, draw.quantity, draw.cost)


def _drawn(rec: StockMovement) -> tuple[DrawnLot, ...]:
    return tuple(DrawnLot.of(draw) for draw in rec.draws)


@attrs.frozen(kw_only=True)
class StockEvent(DomainEvent):
    """Base of the events that record a movement.

    Attributes:
        movement: The movement's number in the item's ledger.
        location: Where the stock was taken from or put.
        quantity: Units moved.
        cost: Their cost.
        recorded_at: When it was recorded, if not at ``occurred_at``.
    """

    movement: int
    location: LocationId
    quantity: Quantity
    cost: Money
    recorded_at: datetime | None = None


@attrs.frozen(kw_only=True)
class StockReceived(StockEvent):
    """A lot was received (入库); ``movement`` is also the lot's number."""

    unit_cost: Money | None
    expires_on: date | None = None
    supplier: SupplierId | None = None
    purchase_order: str | None = None


@attrs.frozen(kw_only=True)
class StockIssued(StockEvent):
    """Stock was issued (出库 / 领用) to a department, a service request or a person.

    Attributes:
        draws: The lots it drew from.
        to: Who received it.
        charge_to: The department charged, when not the recipient.
        requisition: The requisition it fulfilled.
        handed_back: Old units handed back (以旧换新).
        provisional: Units issued beyond the stock, at ``provisional_unit_cost`` (included in
            ``cost``) until stock arrives; a ``StockCostCorrected`` follows then.
        provisional_unit_cost: Their provisional unit cost.
    """

    draws: tuple[DrawnLot, ...]
    to: Recipient | None = None
    charge_to: DepartmentId | None = None
    requisition: RequisitionId | None = None
    handed_back: Quantity | None = None
    provisional: Quantity | None = None
    provisional_unit_cost: Money | None = None


@attrs.frozen(kw_only=True)
class StockReturned(StockEvent):
    """Issued stock came back to the shelf at the cost it left with."""

    issue: int
    draws: tuple[DrawnLot, ...]


@attrs.frozen(kw_only=True)
class StockTransferred(StockEvent):
    """Stock moved between locations; its lots kept their cost and dates."""

    destination: LocationId
    draws: tuple[DrawnLot, ...]


@attrs.frozen(kw_only=True)
class StockCounted(StockEvent):
    """A stocktake (盘点) counted the location; ``quantity`` and ``cost`` are the adjustment.

    Attributes:
        counted: What was found.
        variance: Found minus book (negative: a shortage, drawn in removal order; positive: a
            surplus, booked as a new lot at ``unit_cost``).
        unit_cost: The unit cost a surplus is booked at.
        approval: The approval of the adjustment, when one was needed or given.
        draws: The lots a shortage was taken from.
    """

    counted: Quantity
    variance: Quantity
    unit_cost: Money | None = None
    approval: str | None = None
    draws: tuple[DrawnLot, ...] = ()


@attrs.frozen(kw_only=True)
class StockWrittenOff(StockEvent):
    """Stock was written off (报损): expired, damaged or lost."""

    reason: WriteOffReason
    lot: int | None = None
    draws: tuple[DrawnLot, ...]


@attrs.frozen(kw_only=True)
class StockCostCorrected(DomainEvent):
    """A movement changed the cost of another one.

    A backdated movement re-values the movements after it; stock arriving after an issue made
    beyond the stock (negative-stock policy) replaces its provisional cost with the real one.
    ``occurred_at`` is the re-valued movement's effective time.

    Attributes:
        movement: The number of the re-valued movement.
        kind: Its kind.
        location: Its location.
        previous_cost: What it cost before.
        cost: What it costs now.
        draws: Its lots now.
        caused_by: The number of the movement that caused the correction.
        recorded_at: When that movement was recorded, if given.
    """

    movement: int
    kind: MovementKind
    location: LocationId
    previous_cost: Money
    cost: Money
    draws: tuple[DrawnLot, ...]
    caused_by: int
    recorded_at: datetime | None = None

    @property
    def difference(self) -> Money:
        """``cost - previous_cost``."""
        return self.cost - self.previous_cost

    @classmethod
    def between(
        cls, before: StockMovement, after: StockMovement, *, version: int, caused_by: StockMovement
    ) -> StockCostCorrected:
        """The correction of ``before`` into ``after``, caused by ``caused_by``."""
        return cls(
            aggregate_id=after.sku,
            version=version,
            actor=caused_by.actor,
            occurred_at=after.at,
            movement=after.number,
            kind=after.kind,
            location=after.location,
            previous_cost=before.cost,
            cost=after.cost,
            draws=_drawn(after),
            caused_by=caused_by.number,
            recorded_at=caused_by.recorded_at,
        )


@attrs.frozen(kw_only=True)
class StockReserved(DomainEvent):
    """Stock at a location was promised to an approved requisition."""

    location: LocationId
    quantity: Quantity
    requisition: RequisitionId


@attrs.frozen(kw_only=True)
class StockReservationReleased(DomainEvent):
    """Units promised to a requisition were freed (the requisition was cancelled or closed)."""

    location: LocationId
    quantity: Quantity
    requisition: RequisitionId


class _Common(TypedDict):
    aggregate_id: str
    version: int
    actor: ActorId
    occurred_at: datetime
    movement: int
    location: LocationId
    quantity: Quantity
    cost: Money
    recorded_at: datetime | None


def _common(rec: StockMovement, version: int) -> _Common:
    return {
        "aggregate_id": rec.sku,
        "version": version,
        "actor": rec.actor,
        "occurred_at": rec.at,
        "movement": rec.number,
        "location": rec.location,
        "quantity": rec.quantity,
        "cost": rec.cost,
        "recorded_at": rec.recorded_at,
    }


T = TypeVar("T")


def _given(value: T | None) -> T:
    if value is None:  # pragma: no cover - the ledger always fills the kind's own fields
        msg = "a movement record is missing a field of its kind"
        raise AssertionError(msg)
    return value


def _received(rec: StockMovement, version: int) -> StockEvent:
    return StockReceived(
        **_common(rec, version),
        unit_cost=rec.unit_cost,
        expires_on=rec.expires_on,
        supplier=rec.supplier,
        purchase_order=rec.reference,
    )


def _issued(rec: StockMovement, version: int) -> StockEvent:
    return StockIssued(
        **_common(rec, version),
        draws=_drawn(rec),
        to=rec.recipient,
        charge_to=rec.charge_to,
        requisition=rec.requisition,
        handed_back=rec.handed_back,
        provisional=rec.provisional,
        provisional_unit_cost=rec.provisional_unit_cost,
    )


def _returned(rec: StockMovement, version: int) -> StockEvent:
    return StockReturned(
        **_common(rec, version),
        issue=_given(rec.returned_from),
        draws=_drawn(rec),
    )


def _transferred(rec: StockMovement, version: int) -> StockEvent:
    return StockTransferred(
        **_common(rec, version),
        destination=_given(rec.destination),
        draws=_drawn(rec),
    )


def _counted(rec: StockMovement, version: int) -> StockEvent:
    return StockCounted(
        **_common(rec, version),
        counted=_given(rec.counted),
        variance=_given(rec.variance),
        unit_cost=rec.unit_cost,
        approval=rec.reference,
        draws=_drawn(rec),
    )


def _written_off(rec: StockMovement, version: int) -> StockEvent:
    return StockWrittenOff(
        **_common(rec, version),
        reason=_given(rec.reason),
        lot=rec.lot,
        draws=_drawn(rec),
    )


_BUILDERS: Final[dict[MovementKind, Callable[[StockMovement, int], StockEvent]]] = {
    MovementKind.RECEIPT: _received,
    MovementKind.ISSUE: _issued,
    MovementKind.RETURN: _returned,
    MovementKind.TRANSFER: _transferred,
    MovementKind.COUNT: _counted,
    MovementKind.WRITE_OFF: _written_off,
}


def movement_event(rec: StockMovement, *, version: int) -> StockEvent:
    """The event that records the movement ``rec`` as the ledger's ``version``-th event."""
    return _BUILDERS[rec.kind](rec, version)
