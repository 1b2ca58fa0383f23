"""Quantity: an exact amount of something countable or measurable, with its unit.

Stock is counted in the unit the storeroom uses for the item (reams, boxes, pieces, kg, litres).
Quantities are exact decimals like money; combining quantities in different units raises
:class:`~backoffice.errors.UnitMismatch` rather than guessing a conversion.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from backoffice.errors import InvalidAmount, UnitMismatch, ValidationError
from backoffice.values.money import DecimalLike, scaled, to_decimal

__all__ = ["Quantity"]


def _unit(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            f"unit must be a non-empty name such as 'ream' or 'kg', got {value!r}",
            field="unit",
            value=value,
        )
    return value.strip()


def _quantity_value(value: DecimalLike) -> Decimal:
    return to_decimal(value, field="quantity")


@attrs.frozen(order=False, repr=False)
class Quantity:
    """An exact quantity in a unit.

    Attributes:
        value: The number of units, exact (``Decimal``, ``int`` or decimal string; no floats).
        unit: The unit's name, e.g. ``"ream"``, ``"box"``, ``"kg"``.

    Example:
        >>> Quantity(100, "ream") - Quantity(30, "ream")
        Quantity('70', 'ream')
    """

    value: Decimal = attrs.field(converter=_quantity_value)
    unit: str = attrs.field(converter=_unit)

    @classmethod
    def zero(cls, unit: str) -> Quantity:
        """Return no units of ``unit``."""
        return cls(Decimal(0), unit)

    def is_zero(self) -> bool:
        """Whether the quantity is zero."""
        return self.value == 0

    def is_negative(self) -> bool:
        """Whether the quantity is below zero (a shortfall or a correction)."""
        return self.value < 0

    def require_positive(self, field: str = "quantity") -> Quantity:
        """Return ``self`` if it is greater than zero, else raise :class:`ValidationError`."""
        if self.value <= 0:
            raise ValidationError(f"{field} must be positive, got {self}", field=field, value=self)
        return self

    def _check_unit(self, other: Quantity) -> None:
        if other.unit != self.unit:
            raise UnitMismatch(self.unit, other.unit)

    def __add__(self, other: object) -> Quantity:
        if isinstance(other, Quantity):
            self._check_unit(other)
            return Quantity(self.value + other.value, self.unit)
        return NotImplemented

    def __sub__(self, other: object) -> Quantity:
        if isinstance(other, Quantity):
            self._check_unit(other)
            return Quantity(self.value - other.value, self.unit)
        return NotImplemented

    def __mul__(self, factor: object) -> Quantity:
        if isinstance(factor, Decimal | int) and not isinstance(factor, bool):
            return Quantity(scaled(self.value, factor, field="quantity"), self.unit)
        if isinstance(factor, float):
            raise InvalidAmount(
                "cannot multiply a quantity by a float; use a Decimal", field="factor", value=factor
            )
        return NotImplemented

    __rmul__ = __mul__

    def __neg__(self) -> Quantity:
        return Quantity(-self.value, self.unit)

    def __lt__(self, other: Quantity) -> bool:
        self._check_unit(other)
        return self.value < other.value

    def __le__(self, other: Quantity) -> bool:
        self._check_unit(other)
        return self.value <= other.value

    def __gt__(self, other: Quantity) -> bool:
        self._check_unit(other)
        return self.value > other.value

    def __ge__(self, other: Quantity) -> bool:
        self._check_unit(other)
        return self.value >= other.value

    def __repr__(self) -> str:
        return f"Quantity({str(self.value)!r}, {self.unit!r})"

    def __str__(self) -> str:
        return f"{self.value} {self.unit}"
