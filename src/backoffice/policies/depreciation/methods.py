"""Depreciation methods: how much of an asset's value one period consumes.

A :class:`DepreciationPolicy` gets one period's situation (:class:`PeriodSituation`: the book
value, the residual value, the life left, the period's length, the meter usage) and returns the
exact, unrounded charge. The schedule (:mod:`.schedule`) rounds it to the cent, keeps the book
value from going below the residual value, and in the last period of the life charges exactly
what is left, so rounding drift ends up in the last period.

The methods shipped, by name (the name an asset's particulars carry):

* ``straight_line`` (直线法): the depreciable amount left, spread evenly over the life left;
* ``declining_balance``: a fixed annual rate of the book value;
* ``double_declining`` (双倍余额递减法): twice the straight-line rate of the book value, switching
  to straight line over the life left as soon as that charges more;
* ``units_of_production`` (工作量法): the depreciable amount left times the period's usage over
  the usage left of the estimated total (a meter: hours, km, cycles);
* ``none``: land, works of art, assets held for sale.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, ClassVar, Final, Protocol

import attrs

from backoffice.errors import PolicyConfigurationError
from backoffice.values.money import to_decimal
from backoffice.values.percent import Percent

__all__ = [
    "DEPRECIATION_METHODS",
    "DecliningBalance",
    "DepreciationPolicy",
    "DoubleDecliningBalance",
    "NoDepreciation",
    "PeriodSituation",
    "StraightLine",
    "UnitsOfProduction",
    "depreciation_policy_from_dict",
]

_ZERO = Decimal(0)
_TWELVE = Decimal(12)


@attrs.frozen
class PeriodSituation:
    """What a method knows when it decides one period's charge (amounts as exact decimals).

    Attributes:
        book_value: The book value at the start of the period.
        residual_value: The residual value the asset must not go below.
        life_months: The useful life in months (as changed, if it was).
        remaining_units: The life left from the period's start, in month units.
        period_units: The period's length in month units (less than its months for a part
            period).
        usage: Meter usage during the period (0 when there is no meter).
        usage_before: Meter usage before the period, since depreciation started.
        base_depreciable: The depreciable amount when the schedule was last based (at the
            start, and again after each change).
        base_units: The life left, in month units, when the schedule was last based.
    """

    book_value: Decimal
    residual_value: Decimal
    life_months: int
    remaining_units: Decimal
    period_units: Decimal
    usage: Decimal = _ZERO
    usage_before: Decimal = _ZERO
    base_depreciable: Decimal = _ZERO
    base_units: Decimal = _ZERO

    @property
    def depreciable(self) -> Decimal:
        """What may still be depreciated: book value less residual value."""
        return self.book_value - self.residual_value

    @property
    def straight_line(self) -> Decimal:
        """The straight-line charge over the life left."""
        if self.remaining_units <= 0:
            return self.depreciable
        return self.depreciable * self.period_units / self.remaining_units


class DepreciationPolicy(Protocol):
    """Decides one period's depreciation charge."""

    @property
    def name(self) -> str:
        """The method's name (``"straight_line"``, ...)."""
        ...

    @property
    def settles_at_end_of_life(self) -> bool:
        """Whether the last period of the life charges everything left down to residual."""
        ...

    def charge(self, situation: PeriodSituation) -> Decimal:
        """The exact (unrounded) charge for the period; the schedule rounds and caps it."""
        ...


@attrs.frozen
class StraightLine:
    """直线法: equal charges per month unit.

    Each period charges the depreciable amount as last based (at the start, or after a
    change) times the period's share of the life then left; every full month charges the same
    rounded amount and the last period takes the rounding drift.
    """

    name: ClassVar[str] = "straight_line"
    settles_at_end_of_life: ClassVar[bool] = True

    def charge(self, situation: PeriodSituation) -> Decimal:
        """The based depreciable amount times the period's share of the based life."""
        if situation.base_units <= 0:
            return situation.straight_line
        return situation.base_depreciable * situation.period_units / situation.base_units


def _annual_rate(value: object) -> Percent:
    rate = value if isinstance(value, Percent) else Percent(value)
    if not 0 < rate.value <= 100:
        raise PolicyConfigurationError(
            f"an annual rate is above 0 and at most 100 %, got {rate.value}", field="rate"
        )
    return rate


@attrs.frozen
class DecliningBalance:
    """Fixed annual rate of the book value; whatever is left goes in the life's last period.

    Attributes:
        rate: The annual rate, e.g. ``Percent(25)``.
    """

    rate: Percent = attrs.field(converter=_annual_rate)
    name: ClassVar[str] = "declining_balance"
    settles_at_end_of_life: ClassVar[bool] = True

    def charge(self, situation: PeriodSituation) -> Decimal:
        """Book value x annual rate x the period's twelfths of a year."""
        return situation.book_value * self.rate.value / 100 * situation.period_units / _TWELVE


@attrs.frozen
class DoubleDecliningBalance:
    """双倍余额递减法: twice the straight-line rate of the book value, then straight line.

    The rate per month is ``2 / life_months``. In each period the method charges the larger of
    that and the straight-line charge over the life left, so it switches to straight line in
    the first period where straight line charges more, and stays there.
    """

    name: ClassVar[str] = "double_declining"
    settles_at_end_of_life: ClassVar[bool] = True

    def charge(self, situation: PeriodSituation) -> Decimal:
        """max(book value x 2 / life x period, straight line over the life left)."""
        declining = situation.book_value * 2 * situation.period_units / situation.life_months
        return max(declining, situation.straight_line)


def _total_units(value: object) -> Decimal:
    units = to_decimal(value, field="total_units")
    if units <= 0:
        raise PolicyConfigurationError("total_units must be positive", field="total_units")
    return units


@attrs.frozen
class UnitsOfProduction:
    """工作量法: depreciation follows use, read from a meter.

    Attributes:
        total_units: The usage the asset is expected to give in its life (e.g. 300,000 km).
    """

    total_units: Decimal = attrs.field(converter=_total_units)
    name: ClassVar[str] = "units_of_production"
    settles_at_end_of_life: ClassVar[bool] = False

    def charge(self, situation: PeriodSituation) -> Decimal:
        """Depreciable amount left x the period's usage / the usage left."""
        left = self.total_units - situation.usage_before
        if situation.usage <= 0:
            return _ZERO
        if left <= situation.usage:
            return situation.depreciable
        return situation.depreciable * situation.usage / left


@attrs.frozen
class NoDepreciation:
    """Not depreciated (land, works of art, assets held for sale)."""

    name: ClassVar[str] = "none"
    settles_at_end_of_life: ClassVar[bool] = False

    def charge(self, situation: PeriodSituation) -> Decimal:
        """Nothing."""
        return _ZERO


#: The methods by name, each with a builder from plain data.
DEPRECIATION_METHODS: Final[dict[str, Callable[[Mapping[str, Any]], DepreciationPolicy]]] = {
    "straight_line": lambda data: StraightLine(),
    "declining_balance": lambda data: DecliningBalance(data["rate"]),
    "double_declining": lambda data: DoubleDecliningBalance(),
    "units_of_production": lambda data: UnitsOfProduction(data["total_units"]),
    "none": lambda data: NoDepreciation(),
}

_KEYS: Final = {
    "straight_line": set(),
    "declining_balance": {"rate"},
    "double_declining": set(),
    "units_of_production": {"total_units"},
    "none": set(),
}


def depreciation_policy_from_dict(data: Mapping[str, Any]) -> DepreciationPolicy:
    """Build a method from plain data: ``{"method": "declining_balance", "rate": "25"}``.

    Raises:
        PolicyConfigurationError: An unknown method, or a missing or unknown key (named).
    """
    method = str(data.get("method", "")).strip().lower()
    if method not in DEPRECIATION_METHODS:
        raise PolicyConfigurationError(
            f"method must be one of {', '.join(DEPRECIATION_METHODS)}; got {data.get('method')!r}",
            field="method",
        )
    given = set(data) - {"method"}
    wanted = _KEYS[method]
    if given - wanted:
        extra = sorted(given - wanted)[0]
        raise PolicyConfigurationError(f"{method} takes no {extra!r}", field=extra)
    if wanted - given:
        missing = sorted(wanted - given)[0]
        raise PolicyConfigurationError(f"{method} needs {missing!r}", field=missing)
    try:
        return DEPRECIATION_METHODS[method](data)
    except PolicyConfigurationError:
        raise
    except ValueError as error:
        field = sorted(wanted)[0] if wanted else "method"
        raise PolicyConfigurationError(f"{method}: {error}", field=field) from None
