"""Money: an exact decimal amount in one currency.

Back-office figures (unit costs, budget lines, repair bills) are accounting figures, so they are
kept as :class:`~decimal.Decimal` with an ISO 4217 currency code and never as ``float``. Amounts
in different currencies never mix silently: adding or comparing them raises
:class:`~backoffice.errors.CurrencyMismatch`.

Rounding happens only where it is asked for, under a named rule (:meth:`Money.rounded`), and
splitting an amount (:meth:`Money.allocate`) hands out every smallest unit: the parts always add
up to the whole, no cent lost or invented.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Final, TypeAlias

import attrs

from backoffice.errors import AmountOutOfRange, CurrencyMismatch, InvalidAmount, ValidationError

__all__ = [
    "MAX_DIGITS",
    "MAX_MAGNITUDE",
    "MINOR_UNITS",
    "DecimalLike",
    "Money",
    "scaled",
    "to_decimal",
    "total",
]

#: Digits after the decimal point of the smallest unit, for currencies that differ from 2 or
#: that a back office commonly meets. Currencies not listed use 2.
MINOR_UNITS: Final[dict[str, int]] = {
    "BHD": 3,
    "CLP": 0,
    "IQD": 3,
    "ISK": 0,
    "JOD": 3,
    "JPY": 0,
    "KRW": 0,
    "KWD": 3,
    "OMR": 3,
    "TND": 3,
    "UGX": 0,
    "VND": 0,
}

#: Amounts and quantities must be smaller than this in magnitude (a thousand trillion). Below
#: it, sums, products with quantities and roundings stay within the 28 significant digits of
#: the decimal context; from it up, :class:`~backoffice.errors.AmountOutOfRange` is raised.
MAX_MAGNITUDE: Final = Decimal(10) ** 15

#: The most significant digits an exact figure may have: the precision of the decimal
#: context, so that no figure is rounded by the first sum it enters.
MAX_DIGITS: Final = 28

#: What an exact amount may be given as: a ``Decimal``, an ``int`` or a decimal string. A
#: ``float`` is not one (type checkers flag it; at run time it raises :class:`InvalidAmount`).
DecimalLike: TypeAlias = Decimal | int | str


def to_decimal(value: object, *, field: str = "amount") -> Decimal:
    """Convert ``value`` to a finite :class:`~decimal.Decimal`, refusing floats.

    Args:
        value: A ``Decimal``, an ``int`` or a decimal string such as ``"12.30"``.
        field: The argument's name, used in the error message.

    Returns:
        The exact decimal value.

    Raises:
        InvalidAmount: For floats, booleans, NaN, infinities and strings that are not numbers.
        AmountOutOfRange: For magnitudes of :data:`MAX_MAGNITUDE` and more.
        InvalidAmount: For more than :data:`MAX_DIGITS` significant digits.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool | float):
        hint = f"Decimal({str(value)!r})" if isinstance(value, float) else "a number"
        raise InvalidAmount(
            f"{field} must be an exact decimal, got {type(value).__name__} {value!r}; use {hint}",
            field=field,
            value=value,
        )
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())  # "1_000.50" is a decimal string too
        except InvalidOperation:
            raise InvalidAmount(
                f"{field} {value!r} is not a decimal number", field=field, value=value
            ) from None
    else:
        raise InvalidAmount(
            f"{field} must be a Decimal, int or decimal string, got {type(value).__name__}",
            field=field,
            value=value,
        )
    if not result.is_finite():
        raise InvalidAmount(f"{field} must be finite, got {result}", field=field, value=value)
    if not -MAX_MAGNITUDE < result < MAX_MAGNITUDE:
        raise AmountOutOfRange(field, result, MAX_MAGNITUDE)
    if len(result.as_tuple().digits) > MAX_DIGITS:
        raise InvalidAmount(
            f"{field} {result} has more than {MAX_DIGITS} significant digits and cannot be "
            "kept exact",
            field=field,
            value=value,
        )
    return result


def scaled(value: Decimal, factor: object, *, field: str = "amount") -> Decimal:
    """``value * factor`` for an exact ``factor`` (``Decimal`` or ``int``), never overflowing.

    The caller builds its value from the result, which checks the range; this guard makes
    sure the product itself can be computed: a factor that is not finite, or one so large that
    the product is past :data:`MAX_MAGNITUDE` whatever its digits, is refused first.

    Raises:
        InvalidAmount: ``factor`` is a float, a bool, NaN or infinite.
        AmountOutOfRange: The product is at least :data:`MAX_MAGNITUDE` in magnitude.
    """
    if isinstance(factor, bool | float) or not isinstance(factor, Decimal | int):
        raise InvalidAmount(
            f"{field} can only be multiplied by a Decimal or an int, got "
            f"{type(factor).__name__} {factor!r}",
            field="factor",
            value=factor,
        )
    exact = Decimal(factor)
    if not exact.is_finite():
        raise InvalidAmount(f"cannot multiply {field} by {exact}", field="factor", value=factor)
    if value and exact and value.adjusted() + exact.adjusted() >= MAX_MAGNITUDE.adjusted():
        raise AmountOutOfRange(field, f"{value} * {exact}", MAX_MAGNITUDE)
    return value * exact


def _from_units(negative: bool, units: int, exponent: int) -> Decimal:
    # Exact at any size: no context rounding, unlike ``units * unit``.
    return Decimal((int(negative), tuple(int(d) for d in str(units)), exponent))


def _currency_code(value: object) -> str:
    if not isinstance(value, str) or len(value) != 3 or not value.isascii() or not value.isalpha():
        raise ValidationError(
            f"currency must be a three-letter ISO 4217 code such as 'CNY', got {value!r}",
            field="currency",
            value=value,
        )
    return value.upper()


def _amount(value: DecimalLike) -> Decimal:
    # Typed for callers (a float is a type error); checked at run time by to_decimal.
    return to_decimal(value)


@attrs.frozen(eq=True, order=False, repr=False)
class Money:
    """An exact amount of money in one currency.

    Attributes:
        amount: The amount, exact. Built from a ``Decimal``, an ``int`` or a decimal string;
            a ``float`` is refused.
        currency: ISO 4217 code, upper case (``"CNY"``, ``"EUR"``).

    Example:
        >>> Money("21.50", "CNY") * 30
        Money('645.00', 'CNY')
        >>> sum([Money("1.10", "CNY"), Money("2.20", "CNY")])
        Money('3.30', 'CNY')
        >>> first, second, third = Money("100.00", "CNY").allocate([1, 1, 1])
        >>> print(first, second, third)
        33.34 CNY 33.33 CNY 33.33 CNY
    """

    amount: Decimal = attrs.field(converter=_amount)
    currency: str = attrs.field(converter=_currency_code)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Return zero in ``currency``."""
        return cls(Decimal(0), currency)

    @classmethod
    def from_minor_units(cls, units: int, currency: str) -> Money:
        """Build an amount from a whole number of smallest units (cents, fen, yen).

        Raises:
            ValidationError: ``units`` is not an ``int`` or ``currency`` is not a code.
            AmountOutOfRange: The amount is too large.
        """
        code = _currency_code(currency)
        if isinstance(units, bool) or not isinstance(units, int):
            raise ValidationError(
                f"units must be a whole number of {code}'s smallest unit, got {units!r}",
                field="units",
                value=units,
            )
        if abs(units) >= MAX_MAGNITUDE * 1000:  # past any currency's range, however fine
            raise AmountOutOfRange("units", units, MAX_MAGNITUDE)
        return cls(Decimal(units).scaleb(-MINOR_UNITS.get(code, 2)), code)

    @property
    def minor_unit(self) -> Decimal:
        """The currency's smallest unit, e.g. ``Decimal("0.01")`` for CNY."""
        return Decimal(1).scaleb(-MINOR_UNITS.get(self.currency, 2))

    def is_zero(self) -> bool:
        """Whether the amount is zero."""
        return self.amount == 0

    def is_positive(self) -> bool:
        """Whether the amount is greater than zero."""
        return self.amount > 0

    def is_negative(self) -> bool:
        """Whether the amount is less than zero."""
        return self.amount < 0

    def rounded(self, rounding: str = ROUND_HALF_EVEN) -> Money:
        """Round to the currency's smallest unit under a named :mod:`decimal` rounding rule.

        Args:
            rounding: One of the :mod:`decimal` rounding constants; banker's rounding
                (``ROUND_HALF_EVEN``) by default.
        """
        return Money(self.amount.quantize(self.minor_unit, rounding=rounding), self.currency)

    def allocate(self, ratios: Sequence[Decimal | int | str]) -> list[Money]:
        """Split the amount in proportion to ``ratios`` without losing or inventing a unit.

        The amount is counted in its smallest unit (the currency's minor unit, or a finer one if
        the amount itself is finer, e.g. a unit cost of 0.355). Each part gets its proportional
        share rounded down; the units left over go one each to the parts with the largest
        remainders, earlier parts first on ties (the largest-remainder method). The parts sum
        exactly to the original amount.

        Args:
            ratios: Non-negative weights, at least one of them positive.

        Returns:
            One amount per ratio, in the same order.

        Raises:
            ValidationError: If ``ratios`` is empty, has a negative weight or sums to zero.
        """
        weights = [to_decimal(r, field="ratio") for r in ratios]
        if not weights:
            raise ValidationError("allocate needs at least one ratio", field="ratios")
        if any(w < 0 for w in weights):
            raise ValidationError("ratios must not be negative", field="ratios", value=ratios)
        if not any(weights):
            raise ValidationError("ratios must not all be zero", field="ratios", value=ratios)
        sign, digits, own_exponent = self.amount.as_tuple()
        minor_exponent = self.minor_unit.as_tuple().exponent
        assert isinstance(own_exponent, int)  # finite amounts only, checked on construction
        assert isinstance(minor_exponent, int)
        exponent = min(own_exponent, minor_exponent)
        # Counted and shared in whole units with exact fractions: no step is rounded.
        units = int("".join(map(str, digits))) * 10 ** (own_exponent - exponent)
        fractions = [Fraction(w) for w in weights]
        whole_weight = sum(fractions)
        exact_shares = [units * w / whole_weight for w in fractions]
        shares = [int(share) for share in exact_shares]
        leftover = units - sum(shares)
        by_remainder = sorted(range(len(shares)), key=lambda i: (-(exact_shares[i] - shares[i]), i))
        for index in by_remainder[:leftover]:
            shares[index] += 1
        return [Money(_from_units(bool(sign), share, exponent), self.currency) for share in shares]

    def _check_currency(self, other: Money, operation: str) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(self.currency, other.currency, operation=operation)

    def __add__(self, other: object) -> Money:
        if isinstance(other, Money):
            self._check_currency(other, "add")
            return Money(self.amount + other.amount, self.currency)
        return NotImplemented

    def __radd__(self, other: object) -> Money:
        # ``sum()`` starts from the int 0; that start value is the only non-Money accepted.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return self.__add__(other)

    def __sub__(self, other: object) -> Money:
        if isinstance(other, Money):
            self._check_currency(other, "subtract")
            return Money(self.amount - other.amount, self.currency)
        return NotImplemented

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, Decimal | int) and not isinstance(factor, bool):
            return Money(scaled(self.amount, factor), self.currency)
        if isinstance(factor, float):
            raise InvalidAmount(
                "cannot multiply money by a float; use a Decimal", field="factor", value=factor
            )
        return NotImplemented

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def __bool__(self) -> bool:
        return self.amount != 0

    def _compare(self, other: Any) -> tuple[Decimal, Decimal]:
        if not isinstance(other, Money):
            raise TypeError(f"cannot compare Money with {type(other).__name__}")
        self._check_currency(other, "compare")
        return self.amount, other.amount

    def __lt__(self, other: Money) -> bool:
        a, b = self._compare(other)
        return a < b

    def __le__(self, other: Money) -> bool:
        a, b = self._compare(other)
        return a <= b

    def __gt__(self, other: Money) -> bool:
        a, b = self._compare(other)
        return a > b

    def __ge__(self, other: Money) -> bool:
        a, b = self._compare(other)
        return a >= b

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency!r})"

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def total(amounts: Iterable[Money], currency: str) -> Money:
    """Sum ``amounts``, returning zero in ``currency`` for an empty iterable."""
    return sum(amounts, Money.zero(currency))
