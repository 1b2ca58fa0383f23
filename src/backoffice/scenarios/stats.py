"""Confidence intervals for figures measured over several seeds, in exact decimals.

A simulation run over several seeds gives one figure per seed; the table shows their mean and
a Student-t interval around it (95 % by default): the range in which the figure's long-run
mean lies, given the spread between seeds. Everything is ``Decimal`` (money stays exact; the
square root is the decimal module's, correctly rounded to the context's 28 digits), and the
t quantiles are the standard two-sided table values.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs

from backoffice.errors import ValidationError

__all__ = ["Estimate", "t_interval"]

#: Two-sided 95 % Student-t quantiles by degrees of freedom (1-30), then the normal's 1.960.
_T95: Final = (
    "12.706", "4.303", "3.182", "2.776", "2.571", "2.447", "2.365", "2.306", "2.262", "2.228",
    "2.201", "2.179", "2.160", "2.145", "2.131", "2.120", "2.110", "2.101", "2.093", "2.086",
    "2.080", "2.074", "2.069", "2.064", "2.060", "2.056", "2.052", "2.048", "2.045", "2.042",
)  # fmt: skip
_Z95: Final = Decimal("1.960")


def _t95(freedom: int) -> Decimal:
    return Decimal(_T95[freedom - 1]) if freedom <= len(_T95) else _Z95


@attrs.frozen
class Estimate:
    """A figure's mean over seeds and its 95 % interval.

    Attributes:
        mean: The mean of the per-seed values.
        low: The interval's lower end (``None`` with a single value).
        high: The interval's upper end (``None`` with a single value).
        count: How many values (seeds) it rests on.
    """

    mean: Decimal
    low: Decimal | None
    high: Decimal | None
    count: int

    @property
    def half_width(self) -> Decimal | None:
        """Half the interval's width (the "±"), ``None`` with a single value."""
        return None if self.high is None else self.high - self.mean


def _check_decimals(values: object) -> None:
    if not isinstance(values, Sequence) or isinstance(values, str | bytes):
        raise ValidationError(
            f"values must be a sequence of decimals, got {type(values).__name__}", field="values"
        )
    for value in values:
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise ValidationError(
                f"values must be decimals, got {value!r}", field="values", value=value
            )
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValidationError(f"values must be finite, got {value}", field="values")


def t_interval(values: Sequence[Decimal]) -> Estimate:
    """The mean of ``values`` and its two-sided 95 % Student-t interval.

    Example:
        >>> e = t_interval([Decimal(80), Decimal(84), Decimal(82)])
        >>> e.mean, e.low.quantize(Decimal("0.01")), e.high.quantize(Decimal("0.01"))
        (Decimal('82'), Decimal('77.03'), Decimal('86.97'))

    Raises:
        ValidationError: No values were given, or one is not a finite ``Decimal`` (or int).
    """
    _check_decimals(values)
    count = len(values)
    if count == 0:
        raise ValidationError("a mean needs at least one value", field="values")
    mean = sum(values, Decimal(0)) / count
    if count == 1:
        return Estimate(mean, None, None, 1)
    variance = sum(((v - mean) ** 2 for v in values), Decimal(0)) / (count - 1)
    half = _t95(count - 1) * (variance / count).sqrt()
    return Estimate(mean, mean - half, mean + half, count)
