"""How the ledger stores a movement: one plain tuple per movement (a *row*).

A busy storeroom ledger holds hundreds of thousands of movements. Stored as plain tuples of
plain values (text ids, ``int``, exact ``Decimal``, ``date``/``datetime``, ``None``, and tuples
of those), the rows cost little memory and, more importantly, CPython's cyclic garbage
collector stops tracking them after their first collection, so a large ledger does not slow
every later allocation down. (Instances of any class, a ``NamedTuple`` included, stay tracked;
measured, the difference is more than half of the cost of recording a movement.)

The public, typed view of a row is :class:`~backoffice.domain.inventory.movements.StockMovement`.
Inside the ledger, rows are read by the field positions below.

A **draw row** is ``(origin row, qty, amount)``: units taken from (or given back to) the lot
born of ``origin``, and their exact cost.

Under a negative-stock policy an issue may take more than the shelf holds: its ``short`` field
holds the units still at the provisional unit cost (kept in its ``unit_amount``). Stock arriving
later covers them; the movement that brought it keeps, in its ``settled`` field, one
**settlement row** per issue it covered: ``(issue row before, units, draw rows, cost)``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final, TypeAlias

__all__ = [
    "ACTOR",
    "AMOUNT",
    "AT",
    "CHARGE_TO",
    "COUNTED",
    "CURRENCY",
    "DESTINATION",
    "DRAWN_AMOUNT",
    "DRAWN_QTY",
    "DRAWS",
    "EXPIRES_ON",
    "FIELDS",
    "HANDED_BACK",
    "KIND",
    "LOCATION",
    "LOT",
    "NUMBER",
    "ORIGIN",
    "QTY",
    "REASON",
    "RECORDED_AT",
    "REFERENCE",
    "REQUISITION",
    "RETURNED_FROM",
    "SETTLED",
    "SHORT",
    "SKU",
    "SUPPLIER",
    "TO",
    "TO_KIND",
    "UNIT",
    "UNIT_AMOUNT",
    "VARIANCE",
    "Row",
    "counted_variance",
    "make",
    "quantity_change",
    "replace",
    "value_change",
]

#: A stored movement (or draw): a plain tuple in the layout below.
Row: TypeAlias = tuple[Any, ...]

#: The fields of a movement row, in order (see ``StockMovement`` for their meaning).
FIELDS: Final = (
    "kind", "number", "sku", "location", "at", "actor", "qty", "amount", "unit", "currency",
    "draws", "unit_amount", "expires_on", "supplier", "reference", "to", "to_kind", "charge_to",
    "destination", "returned_from", "reason", "lot", "counted", "variance", "requisition",
    "handed_back", "recorded_at", "short", "settled",
)  # fmt: skip
(KIND, NUMBER, SKU, LOCATION, AT, ACTOR, QTY, AMOUNT, UNIT, CURRENCY, DRAWS, UNIT_AMOUNT,
 EXPIRES_ON, SUPPLIER, REFERENCE, TO, TO_KIND, CHARGE_TO, DESTINATION, RETURNED_FROM, REASON,
 LOT, COUNTED, VARIANCE, REQUISITION, HANDED_BACK, RECORDED_AT, SHORT,
 SETTLED) = range(len(FIELDS))  # fmt: skip

#: Positions in a draw row.
ORIGIN, DRAWN_QTY, DRAWN_AMOUNT = 0, 1, 2

_INDEX: Final = {name: index for index, name in enumerate(FIELDS)}
_BLANK: Final[Row] = (None,) * len(FIELDS)
#: Whether each kind adds (+1), takes (-1) or moves (0) stock; counts go by their variance.
_SIGN: Final = {
    "receipt": 1,
    "issue": -1,
    "return": 1,
    "transfer": 0,
    "count": 0,
    "write-off": -1,
}


def make(**fields: Any) -> Row:
    """A row from keyword fields; fields not given are ``None`` (``draws``, ``settled``: ``()``).

    The hot paths build their rows positionally; everything else uses this.
    """
    values = list(_BLANK)
    values[DRAWS] = ()
    values[SETTLED] = ()
    for name, value in fields.items():
        values[_INDEX[name]] = value
    return tuple(values)


def replace(row: Row, **changes: Any) -> Row:
    """``row`` with some fields changed."""
    values = list(row)
    for name, value in changes.items():
        values[_INDEX[name]] = value
    return tuple(values)


def counted_variance(row: Row, book: Decimal) -> Decimal:
    """A count's variance against ``book``: found minus book."""
    variance: Decimal = row[COUNTED] - book
    return variance


def value_change(row: Row) -> Decimal:
    """What the movement added to (positive) or took from (negative) the stock's value."""
    amount: Decimal = row[AMOUNT]
    if row[KIND] == "count":
        return amount if row[VARIANCE] > 0 else -amount
    return _SIGN[row[KIND]] * amount


def quantity_change(row: Row) -> Decimal:
    """What the movement added to (positive) or took from (negative) the item's stock."""
    if row[KIND] == "count":
        variance: Decimal = row[VARIANCE]
        return variance
    qty: Decimal = row[QTY]
    return _SIGN[row[KIND]] * qty
