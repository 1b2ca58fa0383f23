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

A ledger keeps one :class:`Journal`. The ids and quantities repeated from movement to movement
(the storeroom, the clerk, the receiving department, ten reams) are made once and shared by
the events of every batch it writes: they are frozen values, so sharing them changes nothing
but the work done (and the garbage collector's). The journal forgets them when it holds more
than a few thousand, so an item moved in ever-new quantities does not grow it without bound.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Final, TypeAlias, TypeVar

from backoffice.domain.events import DomainEvent
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
    DRAWS,
    EXPIRES_ON,
    HANDED_BACK,
    KIND,
    LOCATION,
    NUMBER,
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

__all__ = ["Journal", "Pending"]

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

#: The journal forgets its shared values once it holds more than this many of one kind.
_KEEP: Final = 4096

#: A pending event: a movement row (its event is written when collected) or an event factory.
Pending: TypeAlias = Row | Callable[..., DomainEvent]


class Journal:
    """Writes the events of one ledger's pending movements, batch after batch.

    Args:
        unit: The item's unit.
        currency: The ledger's currency.
    """

    __slots__ = (
        "_actors",
        "_currency",
        "_ids",
        "_locations",
        "_quantities",
        "_recipients",
        "_unit",
    )

    def __init__(self, unit: str, currency: str) -> None:
        self._unit = Quantity.zero(unit).unit
        self._currency = Money.zero(currency).currency
        self._actors: dict[str, ActorId] = {}
        self._locations: dict[str, LocationId] = {}
        self._ids: dict[tuple[object, ...], object] = {}
        self._quantities: dict[str, Quantity] = {}
        self._recipients: dict[str, Recipient] = {}

    def write(self, pending: Iterable[Pending], version: int) -> list[DomainEvent]:
        """The events of ``pending``, oldest first, numbered on from ``version``.

        Args:
            pending: Movement records (their events are written here) and event factories
                (called with the event's ``version``), in the order they were recorded.
            version: The ledger's version before the first of them.
        """
        caches = (self._actors, self._locations, self._quantities, self._recipients, self._ids)
        if any(len(cache) > _KEEP for cache in caches):
            for cache in caches:
                cache.clear()
        receipt, issue = self._receipt, self._issue
        events: list[DomainEvent] = []
        append = events.append
        for item in pending:
            version += 1
            if not isinstance(item, tuple):
                append(item(version=version))
            elif item[KIND] == _RECEIPT:
                append(receipt(item, version))
            elif item[KIND] == _ISSUE:
                append(issue(item, version))
            else:
                append(movement_event(view(item), version=version))
        return events

    # -- the two events of the hot path ---------------------------------------------------------
    #
    # The values repeated within a batch are looked up inline (``cache.get(key) or make(key)``:
    # ids and quantities are always true) rather than through a helper call per field, and
    # every figure goes into the trusted constructors as the record holds it.

    def _receipt(self, rec: Row, version: int) -> StockEvent:
        currency, actor, place, qty = self._currency, rec[ACTOR], rec[LOCATION], rec[QTY]
        unit_amount, supplier = rec[UNIT_AMOUNT], rec[SUPPLIER]
        return _received(
            rec[SKU],
            version,
            self._actors.get(actor) or self._actor(actor),
            rec[AT],
            rec[NUMBER],
            self._locations.get(place) or self._location(place),
            self._quantities.get(str(qty)) or self._quantity(qty),
            _money(rec[AMOUNT], currency),
            rec[RECORDED_AT],
            # then unit_cost, expires_on, supplier, purchase_order
            None if unit_amount is None else _money(unit_amount, currency),
            rec[EXPIRES_ON],
            None if supplier is None else self._id(SupplierId, supplier),
            rec[REFERENCE],
        )

    def _issue(self, rec: Row, version: int) -> StockEvent:
        currency, quantities, quantity = self._currency, self._quantities, self._quantity
        actor, place, qty = rec[ACTOR], rec[LOCATION], rec[QTY]
        to, charge, requisition = rec[TO], rec[CHARGE_TO], rec[REQUISITION]
        back, short, provisional = rec[HANDED_BACK], rec[SHORT], rec[UNIT_AMOUNT]
        return _issued(
            rec[SKU],
            version,
            self._actors.get(actor) or self._actor(actor),
            rec[AT],
            rec[NUMBER],
            self._locations.get(place) or self._location(place),
            quantities.get(str(qty)) or quantity(qty),
            _money(rec[AMOUNT], currency),
            rec[RECORDED_AT],
            # then draws, to, charge_to, requisition, handed_back, provisional and its unit cost
            tuple(
                [
                    _drawn_lot(
                        origin[NUMBER],
                        quantities.get(str(drawn)) or quantity(drawn),
                        _money(amount, currency),
                    )
                    for origin, drawn, amount in rec[DRAWS]
                ]
            ),
            None if to is None else self._recipient(to, rec[TO_KIND]),
            None if charge is None else self._id(DepartmentId, charge),
            None if requisition is None else self._id(RequisitionId, requisition),
            None if back is None else quantity(back),
            None if short is None else quantity(short),
            None if provisional is None else _money(provisional, currency),
        )

    # -- values shared within the batch ---------------------------------------------------------

    def _actor(self, value: str) -> ActorId:
        found = self._actors[value] = ActorId(value)
        return found

    def _location(self, value: str) -> LocationId:
        found = self._locations[value] = LocationId(value)
        return found

    def _recipient(self, to: str, kind: str) -> Recipient:
        found = self._recipients.get(to)
        if found is None or found.kind != kind:
            found = self._recipients[to] = Recipient(kind, to)
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
