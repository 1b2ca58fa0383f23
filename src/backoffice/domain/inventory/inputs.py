"""How the stock ledger reads its commands' arguments.

Commands accept what people have at hand: a quantity as a ``Decimal``, an ``int``, a decimal
string or a :class:`Quantity` in the item's unit; a cost as :class:`Money` in the inventory's
currency or as a bare number; a location or department by its id or its name. Everything is
checked here before a command changes anything, and floats are refused like everywhere else.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from backoffice.domain.inventory.errors import TradeInRequired
from backoffice.domain.inventory.ids import LocationId, RequisitionId
from backoffice.domain.inventory.movements import Recipient
from backoffice.errors import AmountOutOfRange, UnitMismatch, ValidationError
from backoffice.values.ids import ActorId, DepartmentId, SupplierId
from backoffice.values.instant import ensure_aware
from backoffice.values.money import MAX_MAGNITUDE, Money, to_decimal
from backoffice.values.quantity import Quantity

__all__ = [
    "Inputs",
    "check_actor",
    "department",
    "expiry",
    "location",
    "optional_time",
    "recipient",
    "requisition",
    "supplier",
    "within_limit",
]

_ZERO = Decimal(0)


@attrs.frozen
class Inputs:
    """Reads quantities in one item's unit and costs in one currency.

    Attributes:
        sku: The item, for messages.
        unit: The item's unit.
        currency: The inventory's currency.
        trade_in: Whether the item is issued old-for-new.
    """

    sku: str
    unit: str
    currency: str
    trade_in: bool = False

    def quantity(self, value: object, field: str = "qty") -> Decimal:
        """``value`` as an exact number of units (a ``Quantity`` must be in the item's unit)."""
        if isinstance(value, Quantity):
            if value.unit != self.unit:
                raise UnitMismatch(value.unit, self.unit)
            return value.value
        return to_decimal(value, field=field)

    def positive(self, value: object, field: str = "qty") -> Decimal:
        """``value`` as a number of units greater than zero (and below the maximum)."""
        if type(value) is int and 0 < value < MAX_MAGNITUDE:
            return Decimal(value)
        if type(value) is Decimal and value.is_finite() and 0 < value < MAX_MAGNITUDE:
            return value
        amount = self.quantity(value, field)
        if amount <= 0:
            raise ValidationError(
                f"{field} must be positive, got {amount}", field=field, value=value
            )
        return amount

    def cost(self, value: object, field: str) -> Money:
        """``value`` as a non-negative amount in the currency (a bare number is taken in it)."""
        if isinstance(value, Money):
            cost = value
        else:
            cost = Money(to_decimal(value, field=field), self.currency)
        if cost.currency != self.currency:
            cost + Money.zero(self.currency)  # raises CurrencyMismatch
        if cost.amount < 0:
            raise ValidationError(
                f"{field} cannot be negative, got {cost}", field=field, value=cost
            )
        return cost

    def lot_cost(
        self, unit_cost: object, total_cost: object, qty: Decimal
    ) -> tuple[Money | None, Decimal]:
        """A receipt's unit cost (``None`` for a total-cost lot) and the lot's total cost."""
        if (unit_cost is None) == (total_cost is None):
            raise ValidationError(
                "a receipt needs exactly one of unit_cost and total_cost", field="unit_cost"
            )
        if unit_cost is not None:
            cost = self.cost(unit_cost, "unit_cost")
            return cost, within_limit(cost.amount * qty, "cost")
        return None, self.cost(total_cost, "total_cost").amount

    def handed_back(self, qty: Decimal, value: object) -> Decimal:
        """Old units handed back for an issue of ``qty`` (checked for old-for-new items)."""
        back = _ZERO if value is None else self.quantity(value, "handed_back")
        if back < 0:
            raise ValidationError("handed_back cannot be negative", field="handed_back")
        if self.trade_in and back < qty:
            raise TradeInRequired(self.sku, qty, back)
        return back


def within_limit(value: Decimal, field: str) -> Decimal:
    """``value`` if its magnitude is below :data:`MAX_MAGNITUDE`.

    Raises:
        AmountOutOfRange: It is not (a lot worth a thousand trillion or more, say).
    """
    if not -MAX_MAGNITUDE < value < MAX_MAGNITUDE:
        raise AmountOutOfRange(field, value, MAX_MAGNITUDE)
    return value


def location(value: object) -> LocationId:
    """A location id from a ``LocationId`` or its text."""
    if isinstance(value, LocationId):
        return value
    if isinstance(value, str):
        return LocationId(value)
    raise ValidationError(f"a location must be a LocationId, got {value!r}", field="location")


def department(value: object) -> DepartmentId:
    """A department id from a ``DepartmentId`` or its text."""
    if isinstance(value, DepartmentId):
        return value
    if isinstance(value, str):
        return DepartmentId(value)
    raise ValidationError(f"expected a DepartmentId, got {value!r}", field="charge_to")


def supplier(value: object) -> SupplierId:
    """A supplier id from a ``SupplierId`` or its text."""
    if isinstance(value, SupplierId):
        return value
    if isinstance(value, str):
        return SupplierId(value)
    raise ValidationError(f"supplier must be a SupplierId, got {value!r}", field="supplier")


def requisition(value: object) -> RequisitionId:
    """A requisition id (only a ``RequisitionId``: requisitions are not named by hand)."""
    if isinstance(value, RequisitionId):
        return value
    raise ValidationError(f"expected a RequisitionId, got {value!r}", field="requisition")


def expiry(value: object) -> date:
    """A lot's last day of use: a ``date`` (not a ``datetime``)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError(
            f"expires_on must be a date (the last day of use), got {value!r}",
            field="expires_on",
            value=value,
        )
    return value


def optional_time(value: object, field: str) -> datetime | None:
    """``None`` or an aware datetime."""
    return None if value is None else ensure_aware(value, field)


def check_actor(by: object) -> None:
    """Raise unless ``by`` is an ``ActorId``."""
    if not isinstance(by, ActorId):
        raise ValidationError(f"by must be an ActorId, got {by!r}", field="by", value=by)


def recipient(target: object) -> Recipient:
    """Who receives an issue: a department (or its name), a service request or a person."""
    try:
        return Recipient.of(target)  # type: ignore[arg-type]
    except TypeError as error:
        raise ValidationError(str(error), field="to", value=target) from None
