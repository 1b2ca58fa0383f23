"""An open lot as a position holds it, and its place in removal order.

An open lot is a plain tuple ``(origin row, key, remaining, value, unit cost)`` (read it with
the ``LOT_*`` positions below), replaced when it changes: like the movement rows (see
:mod:`~backoffice.domain.inventory.rows`), such tuples are soon left alone by CPython's garbage
collector, however many lots a busy storeroom holds.

Its ``key`` is its place in removal order, which the injected
:class:`~backoffice.domain.inventory.rules.LotOrder` decides from the lot's birth record:
:func:`lot_key` turns that decision into a function of the stored row.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from operator import itemgetter
from typing import Any, Final, TypeAlias

from backoffice.domain.inventory.movements import view
from backoffice.domain.inventory.rows import FIELDS, Row
from backoffice.domain.inventory.rules import LotOrder

__all__ = [
    "LOT_KEY",
    "LOT_ORIGIN",
    "LOT_REMAINING",
    "LOT_UNIT",
    "LOT_VALUE",
    "LotKey",
    "OpenLot",
    "lot_key",
]

#: A lot (or the part of it) still on the shelf at one location: its birth record (the row of
#: its receipt, or of the count that found it), its place in removal order, the units left here,
#: their exact value, and the exact unit cost (``None`` for a lot received at a total cost).
OpenLot: TypeAlias = tuple[Row, tuple[Any, ...], Decimal, Decimal, Decimal | None]
#: Positions in an open lot.
LOT_ORIGIN: Final = 0
LOT_KEY: Final = 1
LOT_REMAINING: Final = 2
LOT_VALUE: Final = 3
LOT_UNIT: Final = 4

#: The removal-order key of the lot born of a stored row.
LotKey: TypeAlias = Callable[[Row], tuple[Any, ...]]


def lot_key(order: LotOrder) -> LotKey:
    """The removal-order key of the lot born of a record, as a function of the record's row.

    For an order that names its ``key_fields`` (see
    :class:`~backoffice.domain.inventory.rules.LotOrder`) the key is read from the row by one
    ``itemgetter``, in C, with no view and no call into the policy; a position computes a key
    for every lot it shelves, so this is a good part of the cost of a receipt. For any other
    order the key is ``order.key`` of the row's view.
    """
    names: tuple[str, ...] | None = getattr(order, "key_fields", None)
    if names is None:
        key = order.key
        return lambda row: key(view(row))
    positions = [FIELDS.index(name) for name in names]
    pick = itemgetter(*positions)
    if len(positions) == 1:
        return lambda row: (pick(row),)
    return pick
