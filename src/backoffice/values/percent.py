"""Percentages and ratios, exact.

KPI targets ("satisfaction >= 85 %", "overrun <= 5 %") and SLA warning thresholds ("warn at
75 % of the time used") are percentages. :class:`Percent` keeps the number as written (``85``
means 85 %) and gives the ratio (``0.85``) for arithmetic, both as ``Decimal``.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from backoffice.errors import ValidationError
from backoffice.values.money import to_decimal

__all__ = ["Percent"]


def _percent_value(value: object) -> Decimal:
    return to_decimal(value, field="percent")


@attrs.frozen(order=True, repr=False)
class Percent:
    """A percentage, exact: ``Percent(85)`` is 85 %.

    Attributes:
        value: The number of percent (``Decimal``, ``int`` or decimal string).

    Example:
        >>> Percent(5).ratio
        Decimal('0.05')
        >>> Percent.of(Decimal(17), Decimal(20))
        Percent('85')
    """

    value: Decimal = attrs.field(converter=_percent_value)

    @classmethod
    def from_ratio(cls, ratio: Decimal | int | str) -> Percent:
        """Build from a ratio: ``Percent.from_ratio("0.05") == Percent(5)``."""
        return cls(to_decimal(ratio, field="ratio") * 100)

    @classmethod
    def of(cls, part: Decimal | int, whole: Decimal | int) -> Percent:
        """``part`` as a percentage of ``whole`` (exact where the division is)."""
        if whole == 0:
            raise ValidationError("cannot take a percentage of zero", field="whole", value=whole)
        return cls((Decimal(part) * 100 / Decimal(whole)).normalize())

    @property
    def ratio(self) -> Decimal:
        """The percentage as a ratio: 85 % -> ``Decimal("0.85")``."""
        return self.value / 100

    def __repr__(self) -> str:
        return f"Percent({str(self.value)!r})"

    def __str__(self) -> str:
        return f"{self.value} %"
