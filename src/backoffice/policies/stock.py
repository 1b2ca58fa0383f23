"""Stock adjustment policy: which stocktake adjustments need a second signature.

"定期盘点" (regular stocktakes) find shortages and surpluses; small differences are booked by
the storekeeper, larger ones need an approval reference before the book is changed. The
threshold is the business's choice (the seeds give none); by default every adjustment goes
through, and a consultant sets the limit in plain data:

Example:
    >>> policy = adjustment_policy_from_dict({"limit": "1000.00", "currency": "CNY"})
    >>> policy.requires_approval(Money("1200.00", "CNY"))
    True
    >>> policy.requires_approval(Money("85.50", "CNY"))
    False
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Protocol

import attrs

from backoffice.errors import PolicyConfigurationError
from backoffice.values.money import Money

__all__ = [
    "NO_ADJUSTMENT_APPROVAL",
    "AdjustmentApprovalPolicy",
    "AdjustmentThreshold",
    "adjustment_policy_from_dict",
]


class AdjustmentApprovalPolicy(Protocol):
    """Decides whether a stock adjustment of a given value needs an approval reference."""

    @property
    def limit(self) -> Money | None:
        """The largest value passed without approval, if there is one (shown in errors)."""
        ...

    def requires_approval(self, value: Money) -> bool:
        """Whether an adjustment worth ``value`` (absolute) needs an approval reference."""
        ...


def _optional_money(value: object) -> Money | None:
    if value is None or isinstance(value, Money):
        return value
    raise PolicyConfigurationError(f"limit must be Money, got {value!r}", field="limit")


@attrs.frozen
class AdjustmentThreshold:
    """Adjustments worth more than ``limit`` need approval; ``None``: none do.

    Attributes:
        limit: The largest adjustment value booked without an approval reference.
    """

    limit: Money | None = attrs.field(default=None, converter=_optional_money)

    def requires_approval(self, value: Money) -> bool:
        """Whether ``value`` is above the limit."""
        return self.limit is not None and abs(value) > self.limit


#: No adjustment needs an approval (the default).
NO_ADJUSTMENT_APPROVAL: Final = AdjustmentThreshold()


def adjustment_policy_from_dict(data: Mapping[str, Any]) -> AdjustmentThreshold:
    """Build the threshold from plain data: ``{"limit": "1000.00", "currency": "CNY"}``.

    An absent or empty ``limit`` means no adjustment needs approval.

    Raises:
        PolicyConfigurationError: Unknown keys, or a limit without a currency.
    """
    unknown = set(data) - {"limit", "currency"}
    if unknown:
        raise PolicyConfigurationError(
            f"unknown adjustment policy settings: {sorted(unknown)}", field="adjustments"
        )
    limit = data.get("limit")
    if limit in (None, ""):
        return NO_ADJUSTMENT_APPROVAL
    currency = data.get("currency")
    if not currency:
        raise PolicyConfigurationError("an adjustment limit needs a currency", field="currency")
    try:
        return AdjustmentThreshold(Money(limit, currency))
    except ValueError as error:
        raise PolicyConfigurationError(str(error), field="limit", value=limit) from error
