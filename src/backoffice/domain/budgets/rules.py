"""Overrun rules: what a budget line does when spending would exceed it.

Every budget line carries one :class:`OverrunRule`, set when the line is opened (usually from
the organisation's overrun policy, see :mod:`backoffice.policies.overrun`) and changed only by a
recorded command. The rule says

* what to do when a commitment or expense would take spending past the limit
  (:class:`OverrunAction`): **stop** it (refuse, unless an approved override is presented),
  **warn** (allow it and record a warning event) or **ignore** it;
* how much **tolerance** the limit has over the budget: the seed's KPI allows an overrun of at
  most 5 %, so by default the limit is the budget x 1.05;
* whether the limit is checked on the whole year (**annual**) or month by month on the
  cumulative budget to date (**cumulative**: by the end of March no more than January to
  March's budget may be spent, whatever is left for the rest of the year).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from backoffice.errors import PolicyConfigurationError, ValidationError
from backoffice.values.percent import Percent

__all__ = [
    "DEFAULT_OVERRUN_RULE",
    "SEED_OVERRUN_TOLERANCE",
    "CheckBasis",
    "OverrunAction",
    "OverrunRule",
]

#: The seed KPI: "annual back-office spending within budget, overrun <= 5 %".
SEED_OVERRUN_TOLERANCE: Final = Percent(5)


class OverrunAction(enum.Enum):
    """What a line does with spending beyond its limit."""

    #: Refuse with :class:`~backoffice.domain.budgets.errors.BudgetExceeded`, unless an
    #: approved override covers the excess.
    STOP = "stop"
    #: Allow, and record a :class:`~backoffice.domain.budgets.events.BudgetOverrunWarned`.
    WARN = "warn"
    #: Allow without comment (the reports still show the overrun).
    IGNORE = "ignore"


class CheckBasis(enum.Enum):
    """Which budget a commitment or expense is checked against."""

    #: The whole fiscal year's budget, whatever the month.
    ANNUAL = "annual"
    #: The budget phased to date, month by month: spending booked in a month must fit the
    #: cumulative budget up to that month and up to every later month.
    CUMULATIVE = "cumulative"


def _tolerance(value: object) -> Percent:
    percent = value if isinstance(value, Percent) else Percent(value)
    if percent.value < 0:
        raise ValidationError(
            f"an overrun tolerance cannot be negative, got {percent}", field="tolerance"
        )
    return percent


@attrs.frozen
class OverrunRule:
    """The overrun rule of one budget line.

    Attributes:
        action: Stop, warn or ignore spending beyond the limit.
        tolerance: How far over budget the limit lies (``Percent(5)``: limit = budget x 1.05).
        basis: Annual or cumulative-to-date monthly check.

    Example:
        >>> rule = OverrunRule.from_dict({"action": "warn", "tolerance": "10"})
        >>> rule.action, rule.tolerance, rule.basis
        (<OverrunAction.WARN: 'warn'>, Percent('10'), <CheckBasis.ANNUAL: 'annual'>)
        >>> rule.limit_factor
        Decimal('1.1')
    """

    action: OverrunAction = OverrunAction.STOP
    tolerance: Percent = attrs.field(default=SEED_OVERRUN_TOLERANCE, converter=_tolerance)
    basis: CheckBasis = CheckBasis.ANNUAL

    @property
    def limit_factor(self) -> Decimal:
        """The limit as a multiple of the budget: ``1 + tolerance``."""
        return 1 + self.tolerance.ratio

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, base: OverrunRule | None = None) -> OverrunRule:
        """Build from plain data: ``action``, ``tolerance`` (percent) and ``basis``.

        Args:
            data: A mapping with any of the keys ``action`` (``"stop"``, ``"warn"``,
                ``"ignore"``), ``tolerance`` (a number of percent, as a string or int) and
                ``basis`` (``"annual"``, ``"cumulative"``).
            base: The rule whose values fill the keys ``data`` leaves out (the defaults of
                :class:`OverrunRule` if omitted).

        Raises:
            PolicyConfigurationError: An unknown key or value.
        """
        base = base or cls()
        unknown = set(data) - {"action", "tolerance", "basis"}
        if unknown:
            raise PolicyConfigurationError(
                f"unknown overrun rule keys {sorted(unknown)}; use action, tolerance, basis",
                field="rule",
                value=dict(data),
            )
        try:
            return cls(
                action=OverrunAction(data.get("action", base.action.value)),
                tolerance=data.get("tolerance", base.tolerance),
                basis=CheckBasis(data.get("basis", base.basis.value)),
            )
        except (ValueError, TypeError) as error:
            raise PolicyConfigurationError(
                f"invalid overrun rule {dict(data)!r}: {error}", field="rule", value=dict(data)
            ) from error

    def to_dict(self) -> dict[str, str]:
        """The plain-data form accepted by :meth:`from_dict`."""
        return {
            "action": self.action.value,
            "tolerance": str(self.tolerance.value),
            "basis": self.basis.value,
        }


#: Stop at budget + 5 % (the seed KPI), checked on the annual budget.
DEFAULT_OVERRUN_RULE: Final = OverrunRule()
