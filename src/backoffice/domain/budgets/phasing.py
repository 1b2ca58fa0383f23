"""Phasing: spreading an annual budget line over the months of the fiscal year.

A budget is drawn up for the year (事前预算) and monitored month by month (事中监控), so each
line is *phased*: its annual amount is split into monthly amounts. The split is either explicit
(twelve amounts, e.g. heating only in winter) or given as percentages or weights of the annual
amount, or even. Splits use :meth:`Money.allocate <backoffice.values.Money.allocate>`, so the
monthly amounts are exact to the cent and always add up to the annual amount.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from backoffice.errors import ValidationError
from backoffice.values.money import Money, to_decimal

__all__ = ["MonthlyPlan"]


def _amounts(values: Sequence[Money]) -> tuple[Money, ...]:
    amounts = tuple(values)
    if not amounts:
        raise ValidationError("a monthly plan needs at least one month", field="amounts")
    for amount in amounts:
        if not isinstance(amount, Money):
            raise ValidationError(
                f"monthly amounts must be Money, got {type(amount).__name__}", field="amounts"
            )
        if amount.is_negative():
            raise ValidationError(
                f"a monthly budget cannot be negative, got {amount}", field="amounts", value=amount
            )
    currencies = {amount.currency for amount in amounts}
    if len(currencies) > 1:
        raise ValidationError(
            f"a monthly plan has one currency, got {sorted(currencies)}", field="amounts"
        )
    return amounts


@attrs.frozen
class MonthlyPlan:
    """The planned (allocated) amount of each month of a budget line, in order.

    Attributes:
        amounts: One non-negative amount per month of the fiscal year, first month first.

    Example:
        >>> plan = MonthlyPlan.even(Money("100000.00", "CNY"))
        >>> plan.amounts[0], plan.amounts[-1], plan.total
        (Money('8333.34', 'CNY'), Money('8333.33', 'CNY'), Money('100000.00', 'CNY'))
    """

    amounts: tuple[Money, ...] = attrs.field(converter=_amounts)

    @classmethod
    def explicit(cls, amounts: Sequence[Money]) -> MonthlyPlan:
        """Monthly amounts given one by one; the annual amount is their sum."""
        return cls(tuple(amounts))

    @classmethod
    def even(cls, annual: Money, months: int = 12) -> MonthlyPlan:
        """``annual`` split evenly over ``months``, the odd cents to the earliest months."""
        return cls.by_weights(annual, [1] * months)

    @classmethod
    def by_weights(cls, annual: Money, weights: Sequence[Decimal | int | str]) -> MonthlyPlan:
        """``annual`` split in proportion to ``weights`` (one weight per month)."""
        if annual.is_negative():
            raise ValidationError(
                f"an annual budget cannot be negative, got {annual}", field="annual"
            )
        if annual.is_zero():
            return cls(tuple(annual for _ in weights))
        return cls(tuple(annual.allocate(weights)))

    @classmethod
    def by_percentages(
        cls, annual: Money, percentages: Sequence[Decimal | int | str]
    ) -> MonthlyPlan:
        """``annual`` split by monthly percentages, which must add up to exactly 100.

        Raises:
            ValidationError: The percentages do not add up to 100.
        """
        values = [to_decimal(p, field="percentage") for p in percentages]
        if sum(values, Decimal(0)) != 100:
            raise ValidationError(
                f"monthly percentages must add up to 100, got {sum(values, Decimal(0))}",
                field="percentages",
                value=percentages,
            )
        return cls.by_weights(annual, values)

    @property
    def months(self) -> int:
        """Number of months planned."""
        return len(self.amounts)

    @property
    def currency(self) -> str:
        """The plan's currency."""
        return self.amounts[0].currency

    @property
    def total(self) -> Money:
        """The annual (whole-period) amount."""
        return sum(self.amounts, Money.zero(self.currency))
