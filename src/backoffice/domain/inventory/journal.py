"""Writing a ledger's movement events straight from its records.

A stock ledger keeps each movement as a plain record (see
:mod:`~backoffice.domain.inventory.rows`) and writes its event only when the events are
collected. Receipts and issues are nearly every movement of a busy storeroom, so their events
(:class:`~backoffice.domain.inventory.events.StockReceived`,
:class:`~backoffice.domain.inventory.events.StockIssued`) are written here field by field from
the record, with the :mod:`~backoffice.values.trusted` constructors: every figure in
a record was checked when the command was given. The other kinds go through
:func:`~backoffice.domain.inventory.events.movement_event`, and the two ways give equal events
(the tests compare them).

A :class:`Journal` writes one batch. Within it, the ids and quantities repeated from movement to
movement (the storeroom, the clerk, the receiving department, ten reams) are made once and
shared: they are frozen values, so sharing them changes nothing but the work done.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Final, TypeVar

from backoffice.domain.inventory.events import (
    DrawnLot,
    StockEvent,
    StockIssued,
    StockReceived,
    movement_event,
)
from backoffice.domain.inventory.ids import LocationId, RequisitionId
from backoffice.domain.inventory.movements import MovementKind, view
from backoffice.domain.inventory.recipients import Recipient
from backoffice.domain.inventory.rows import (
    ACTOR,
    AMOUNT,
    AT,
    CHARGE_TO,
    DRAWN_AMOUNT,
    DRAWN_QTY,
    DRAWS,
    EXPIRES_ON,
    HANDED_BACK,
    KIND,
    LOCATION,
    NUMBER,
    ORIGIN,
    QTY,
    RECORDED_AT,
    REFERENCE,
    REQUISITION,
    SHORT,
    SKU,
    SUPPLIER,
    TO,
    TO_KIND,
    UNIT_AMOUNT,
    Row,
)
from backoffice.values.ids import ActorId, DepartmentId, SupplierId
from backoffice.values.money import Money
from backoffice.values.quantity import Quantity
from backoffice.values.trusted import trusted

__all__ = ["Journal"]

_RECEIPT: Final = MovementKind.RECEIPT.value
_ISSUE: Final = MovementKind.ISSUE.value

_COMMON: Final = (
    "aggregate_id", "version", "actor", "occurred_at", "movement", "location", "quantity",
    "cost", "recorded_at",
)  # fmt: skip
_money = trusted(Money, "amount", "currency")
_quantity = trusted(Quantity, "value", "unit")
_drawn_lot = trusted(DrawnLot, "lot", "quantity", "cost")
_received = trusted(
    StockReceived, *_COMMON, "unit_cost", "expires_on", "supplier", "purchase_order"
)
_issued = trusted(
    StockIssued,
    *_COMMON,
    "draws", "to", "charge_to", "requisition", "handed_back", "provisional",
    "provisional_unit_cost",
)  # fmt: skip

T = TypeVar("T")


class Journal:
    """Writes the events of one ledger's movement records, one batch at a time.

    Args:
        unit: The item's unit.
        currency: The ledger's currency.
    """

    __slots__ = ("_actors", "_currency", "_ids", "_locations", "_quantities", "_unit")

    def __init__(self, unit: str, currency: str) -> None:
        self._unit = Quantity.zero(unit).unit
        self._currency = Money.zero(currency).currency
        self._actors: dict[str, ActorId] = {}
        self._locations: dict[str, LocationId] = {}
        self._ids: dict[tuple[object, ...], object] = {}
        self._quantities: dict[str, Quantity] = {}

    def event(self, rec: Row, version: int) -> StockEvent:
        """The event of the movement recorded as ``rec``, the ledger's ``version``-th event."""
        kind = rec[KIND]
        if kind == _RECEIPT:
            return self._receipt(rec, version)
        if kind == _ISSUE:
            return self._issue(rec, version)
        return movement_event(view(rec), version=version)

    # -- the two events of the hot path ---------------------------------------------------------

    def _receipt(self, rec: Row, version: int) -> StockEvent:
        currency, unit_amount, supplier = self._currency, rec[UNIT_AMOUNT], rec[SUPPLIER]
        return _received(
            rec[SKU],
            version,
            self._actor(rec[ACTOR]),
            rec[AT],
            rec[NUMBER],
            self._location(rec[LOCATION]),
            self._quantity(rec[QTY]),
            _money(rec[AMOUNT], currency),
            rec[RECORDED_AT],
            # then unit_cost, expires_on, supplier, purchase_order
            None if unit_amount is None else _money(unit_amount, currency),
            rec[EXPIRES_ON],
            None if supplier is None else self._id(SupplierId, supplier),
            rec[REFERENCE],
        )

    def _issue(self, rec: Row, version: int) -> StockEvent:
        currency, quantity = self._currency, self._quantity
        to, charge, requisition = rec[TO], rec[CHARGE_TO], rec[REQUISITION]
        back, short, provisional = rec[HANDED_BACK], rec[SHORT], rec[UNIT_AMOUNT]
        return _issued(
            rec[SKU],
            version,
            self._actor(rec[ACTOR]),
            rec[AT],
            rec[NUMBER],
            self._location(rec[LOCATION]),
            quantity(rec[QTY]),
            _money(rec[AMOUNT], currency),
            rec[RECORDED_AT],
            # then draws, to, charge_to, requisition, handed_back, provisional and its unit cost
            tuple(
                [
                    _drawn_lot(
                        draw[ORIGIN][NUMBER],
                        quantity(draw[DRAWN_QTY]),
                        _money(draw[DRAWN_AMOUNT], currency),
                    )
                    for draw in rec[DRAWS]
                ]
            ),
            None if to is None else self._id(Recipient, rec[TO_KIND], to),
            None if charge is None else self._id(DepartmentId, charge),
            None if requisition is None else self._id(RequisitionId, requisition),
            None if back is None else quantity(back),
            None if short is None else quantity(short),
            None if provisional is None else _money(provisional, currency),
        )

    # -- values shared within the batch ---------------------------------------------------------

    def _actor(self, value: str) -> ActorId:
        found = self._actors.get(value)
        if found is None:
            found = self._actors[value] = ActorId(value)
        return found

    def _location(self, value: str) -> LocationId:
        found = self._locations.get(value)
        if found is None:
            found = self._locations[value] = LocationId(value)
        return found

    def _id(self, kind: Callable[..., T], *values: str) -> T:
        key = (kind, *values)
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = kind(*values)
        return found  # type: ignore[return-value]

    # Quantities are keyed by the figure as written: Decimal("10") equals Decimal("10.0"), but
    # an event keeps the figure it was given.

    def _quantity(self, value: Decimal) -> Quantity:
        key = str(value)
        found = self._quantities.get(key)
        if found is None:
            found = self._quantities[key] = _quantity(value=value, unit=self._unit)
        return found
