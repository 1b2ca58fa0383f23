"""Items and stock locations: what the storeroom keeps, and where.

An **item** is one kind of consumable the back office stocks (A4 paper, masks, cleaning
liquid, flood sandbags, a spare pump seal), known by its SKU and counted in one unit (ream,
box, litre, piece). It carries its replenishment settings (a reorder point with a reorder
quantity, or a min/max pair), an optional shelf life for lots received without an expiry date,
and whether it is issued old-for-new (以旧换新: a worn unit must be handed back to get a new one).

A **stock location** is a warehouse, storeroom or cabinet holding stock. Stock of one item at
one location is kept in lots (not to be confused with the site of a service request, see
:mod:`backoffice.domain.requests`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import attrs

from backoffice.domain.inventory.ids import LocationId
from backoffice.errors import ValidationError
from backoffice.values.inputs import entity_id, flag, optional_text, text
from backoffice.values.money import to_decimal

__all__ = ["Item", "StockLocation"]


def _text(field: str) -> Callable[[object, attrs.Attribute[str], object], None]:
    def check(_: object, __: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"{field} must be a non-empty text, got {value!r}", field=field)

    return check


def _optional_level(value: object) -> Decimal | None:
    if value is None:
        return None
    level = to_decimal(value, field="level")
    if level < 0:
        raise ValidationError(f"stock levels cannot be negative, got {level}", value=value)
    return level


def _optional_shelf_life(value: object) -> timedelta | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = timedelta(days=value)
    if not isinstance(value, timedelta) or value <= timedelta(0):
        raise ValidationError(
            f"shelf_life must be a positive timedelta or a number of days, got {value!r}",
            field="shelf_life",
            value=value,
        )
    return value


def _location_id(value: object) -> LocationId:
    return entity_id(value, LocationId, "location")


def _category(value: object) -> str:
    return text(value, "category", max_length=200)


def _trade_in(value: object) -> bool:
    return flag(value, "trade_in")


def _name(value: object) -> str:
    return optional_text(value, "name", max_length=200)


def _kind(value: object) -> str:
    return text(value, "kind", max_length=100)


@attrs.frozen
class Item:
    """A stocked consumable and its replenishment settings.

    Attributes:
        sku: The stock-keeping code, unique in the inventory (``"A4-80"``).
        name: What people call it (``"A4 paper 80 g"``).
        unit: The unit it is counted in (``"ream"``); every quantity of the item is in it.
        category: Free grouping for reports (``"office supplies"``, ``"protective gear"``).
        shelf_life: How long a lot keeps (a ``timedelta`` or whole days); lots received without
            an expiry date then expire this long after they were received. ``None``: no expiry.
        reorder_point: Reorder when the stock not yet promised falls to this level or below.
        reorder_quantity: How much one order brings; suggestions are whole multiples of it.
        max_level: Or order up to this level (min/max replenishment); wins over
            ``reorder_quantity`` when both are set.
        trade_in: Issued old-for-new (以旧换新): each new unit needs an old one handed back.

    Example:
        >>> Item(sku="A4-80", name="A4 paper 80 g", unit="ream", reorder_point=20).reorder_point
        Decimal('20')
    """

    sku: str = attrs.field(validator=_text("sku"))
    name: str = attrs.field(validator=_text("name"))
    unit: str = attrs.field(validator=_text("unit"))
    category: str = attrs.field(default="general", converter=_category)
    shelf_life: timedelta | None = attrs.field(default=None, converter=_optional_shelf_life)
    reorder_point: Decimal | None = attrs.field(default=None, converter=_optional_level)
    reorder_quantity: Decimal | None = attrs.field(default=None, converter=_optional_level)
    max_level: Decimal | None = attrs.field(default=None, converter=_optional_level)
    trade_in: bool = attrs.field(default=False, converter=_trade_in)

    def __attrs_post_init__(self) -> None:
        if self.reorder_quantity is not None and self.reorder_quantity == 0:
            raise ValidationError(
                "reorder_quantity must be positive", field="reorder_quantity", value=0
            )
        if (
            self.max_level is not None
            and self.reorder_point is not None
            and self.max_level < self.reorder_point
        ):
            raise ValidationError(
                f"max_level {self.max_level} is below the reorder point {self.reorder_point}",
                field="max_level",
                value=self.max_level,
            )


@attrs.frozen
class StockLocation:
    """A place where stock is kept: a warehouse, a storeroom, a cabinet (仓库 / 库房).

    Attributes:
        id: The location's id (a plain string is accepted: ``StockLocation("MAIN")``).
        name: Its name on the floor plan (``"Main storeroom, B1"``).
        kind: ``"storeroom"``, ``"warehouse"``, ``"cabinet"``, ... (free text, for reports).

    Raises:
        ValidationError: A blank or missing id, a name or kind that is not text.
    """

    id: LocationId = attrs.field(converter=_location_id)
    name: str = attrs.field(default="", converter=_name)
    kind: str = attrs.field(default="storeroom", converter=_kind)
