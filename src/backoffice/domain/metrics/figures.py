"""Figures: a metric's value together with the number of records it rests on.

"On-time rate 92 %" means little without "of 12 requests" or "of 12,000". Every metric here
returns a :class:`Figure`: the value (``None`` when there was nothing to measure) and the
count of records behind it, so a report, a scorecard or a reviewer can tell a solid figure from
a thin one.

Percentiles use the **nearest-rank** method: the p-th percentile of ``n`` sorted values is the
value at rank ``ceil(p/100 * n)`` (1-based). It is always one of the observed values (never an
interpolation), exact for durations and money, and monotone: p50 <= p90 <= p99.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal
from typing import Generic, TypeVar

import attrs

from backoffice.errors import ValidationError
from backoffice.values import MAX_MAGNITUDE, Percent, inputs

__all__ = ["Figure", "nearest_rank", "rank", "rate"]

V = TypeVar("V")
S = TypeVar("S")


@attrs.frozen
class Figure(Generic[V]):
    """A metric's value and the number of records it rests on.

    Attributes:
        value: The value (a ``Percent``, a ``timedelta``, a count, ``Money``, a ``Decimal``),
            or ``None`` when no record could be measured.
        count: How many records the value rests on (the denominator of a rate, the number of
            durations behind a percentile, the records counted).

    Example:
        >>> rate(9, 10)
        Figure(value=Percent('90'), count=10)
        >>> rate(0, 0)
        Figure(value=None, count=0)
    """

    value: V | None
    count: int

    @property
    def measured(self) -> bool:
        """Whether there was anything to measure (the value is not ``None``)."""
        return self.value is not None


def rate(part: int, whole: int) -> Figure[Percent]:
    """``part`` of ``whole`` as a percentage, resting on ``whole`` records.

    Exact when the division is (else to the 28 significant digits of the decimal context);
    written without exponent (``90``, not ``9E+1``).

    Raises:
        ValidationError: ``part`` or ``whole`` is not a whole number from 0 below 10^15.
    """
    if (
        part.__class__ is not int
        or whole.__class__ is not int
        or not 0 <= part < _COUNT_LIMIT
        or not 0 <= whole < _COUNT_LIMIT
    ):
        inputs.whole_number(part, "part", minimum=0, maximum=_COUNT_LIMIT - 1)
        inputs.whole_number(whole, "whole", minimum=0, maximum=_COUNT_LIMIT - 1)
    if whole == 0:
        return Figure(None, 0)
    share = (Decimal(part) * 100 / whole).normalize()
    if share.as_tuple().exponent > 0:  # type: ignore[operator]  # finite here, never "n"/"F"
        share = share.quantize(_ONE)  # 9E+1 -> 90
    return Figure(Percent(share), whole)


_ONE = Decimal(1)
#: Counts are below the magnitude amounts and quantities stay under (``MAX_MAGNITUDE``).
_COUNT_LIMIT = int(MAX_MAGNITUDE)


def nearest_rank(ordered: Sequence[S], percentile: int | Decimal) -> Figure[S]:
    """The nearest-rank ``percentile`` (0 < p <= 100) of values sorted in increasing order.

    Example:
        >>> nearest_rank([1, 2, 3, 4], 50)
        Figure(value=2, count=4)
        >>> nearest_rank([1, 2, 3, 4], 99)
        Figure(value=4, count=4)
    """
    n = len(ordered)
    at = rank(percentile, n)
    if n == 0:
        return Figure(None, 0)
    return Figure(ordered[at - 1], n)


def rank(percentile: int | Decimal, n: int) -> int:
    """The 1-based nearest rank of the ``percentile`` (0 < p <= 100) among ``n`` values.

    ``ceil(p/100 * n)``, at least 1 (0 for no value).

    Example:
        >>> rank(50, 4), rank(99, 4), rank(90, 1)
        (2, 4, 1)
    """
    if isinstance(percentile, bool) or not isinstance(percentile, int | Decimal):
        raise ValidationError(
            f"a percentile is a whole number or a Decimal, got {percentile!r}",
            field="percentile",
            value=percentile,
        )
    p = Decimal(percentile)
    if not p.is_finite() or not 0 < p <= 100:
        raise ValidationError(
            f"a percentile is above 0 and at most 100, got {percentile}",
            field="percentile",
            value=percentile,
        )
    if n == 0:
        return 0
    return max(int((p * n / 100).to_integral_value(rounding=ROUND_CEILING)), 1)
