"""Prospective changes to an asset's depreciation: revaluation, impairment, new life or method.

Changes never restate the past. Each takes effect from the first period that **starts on or
after** its ``effective`` date; from there the schedule goes on from the book value as it then
is, spreading what is left over the life left under the (new) method.

* :class:`Revaluation` sets the book value to a new amount (重估);
* :class:`Impairment` writes the book value down by a loss (减值);
* :class:`UsefulLifeChange` sets a new total useful life, counted from the first depreciation
  day (it must end after the change takes effect);
* :class:`MethodChange` switches to another method;
* :class:`ResidualValueChange` sets a new residual value.

If the book value falls below the residual value (an impairment, a downward revaluation), the
residual value is lowered to the book value: the book value never goes below it.
"""

from __future__ import annotations

from datetime import date

import attrs

from backoffice.policies.depreciation.methods import DepreciationPolicy
from backoffice.values import inputs
from backoffice.values.money import Money

__all__ = [
    "DepreciationChange",
    "Impairment",
    "MethodChange",
    "ResidualValueChange",
    "Revaluation",
    "UsefulLifeChange",
]


def _not_negative(_: object, attribute: attrs.Attribute[Money], value: Money) -> None:
    inputs.non_negative_money(value, attribute.name)


def _day(_: object, attribute: attrs.Attribute[date], value: date) -> None:
    inputs.day(value, attribute.name)


@attrs.frozen
class Revaluation:
    """The book value is set to ``value`` from ``effective`` on."""

    effective: date = attrs.field(validator=_day)
    value: Money = attrs.field(validator=_not_negative)


@attrs.frozen
class Impairment:
    """The book value is written down by ``loss`` from ``effective`` on."""

    effective: date = attrs.field(validator=_day)
    loss: Money = attrs.field(validator=_not_negative)


@attrs.frozen
class UsefulLifeChange:
    """The total useful life becomes ``life_months`` (from the first depreciation day)."""

    effective: date = attrs.field(validator=_day)
    life_months: int = attrs.field()

    @life_months.validator
    def _check(self, _: object, value: int) -> None:
        inputs.whole_number(value, "life_months", minimum=1)


@attrs.frozen
class MethodChange:
    """Depreciation goes on under ``method`` from ``effective`` on."""

    effective: date = attrs.field(validator=_day)
    method: DepreciationPolicy


@attrs.frozen
class ResidualValueChange:
    """The residual value becomes ``residual_value`` from ``effective`` on."""

    effective: date = attrs.field(validator=_day)
    residual_value: Money = attrs.field(validator=_not_negative)


DepreciationChange = (
    Revaluation | Impairment | UsefulLifeChange | MethodChange | ResidualValueChange
)
