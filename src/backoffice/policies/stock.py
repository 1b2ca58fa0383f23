"""Stock policies: which stocktake adjustments need a second signature; may stock go negative.

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

The second decision is whether the storeroom may issue more than it holds. By default it may
not (:data:`FORBID_NEGATIVE_STOCK`). :class:`AllowNegativeStock` lets an issue go beyond the
shelf at a documented **provisional cost** (the last price paid, or a standard cost), and the
ledger corrects the issue's cost when stock arrives (see
:mod:`backoffice.domain.inventory.shortfalls`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final, Protocol

import attrs

from backoffice.errors import PolicyConfigurationError
from backoffice.values.money import Money

__all__ = [
    "FORBID_NEGATIVE_STOCK",
    "NO_ADJUSTMENT_APPROVAL",
    "AdjustmentApprovalPolicy",
    "AdjustmentThreshold",
    "AllowNegativeStock",
    "ForbidNegativeStock",
    "NegativeStockPolicy",
    "adjustment_policy_from_dict",
    "negative_stock_policy_from_dict",
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


class NegativeStockPolicy(Protocol):
    """Decides whether stock may be issued beyond the shelf, and at what provisional cost.

    The default, :data:`FORBID_NEGATIVE_STOCK`, refuses: an issue larger than the usable stock
    raises :class:`~backoffice.domain.inventory.errors.InsufficientStock` and changes nothing.
    """

    def provisional_unit_cost(self, sku: str, latest: Money | None) -> Money | None:
        """The unit cost of units issued beyond the stock (``None``: refuse the issue).

        Args:
            sku: The item.
            latest: The unit cost of the item's latest receipt before the issue, if any.
        """
        ...


@attrs.frozen
class ForbidNegativeStock:
    """Never issue more than the shelf holds (the default)."""

    def provisional_unit_cost(self, sku: str, latest: Money | None) -> Money | None:
        """Always ``None``: the issue is refused."""
        return None


#: Stock never goes negative (the default).
FORBID_NEGATIVE_STOCK: Final = ForbidNegativeStock()


def _standard_costs(value: Mapping[str, Money]) -> Mapping[str, Money]:
    costs = dict(value)
    for sku, cost in costs.items():
        if not isinstance(cost, Money):
            raise PolicyConfigurationError(
                f"the standard cost of {sku} must be Money, got {cost!r}",
                field="standard_costs",
                value=cost,
            )
    return MappingProxyType(costs)


@attrs.frozen
class AllowNegativeStock:
    """Issue beyond the shelf at a provisional cost, corrected when stock arrives.

    The provisional unit cost of the missing units is the unit cost of the item's latest
    receipt before the issue (the last price paid); an item never received uses its standard
    cost from ``standard_costs``; an item with neither is refused (``InsufficientStock``).
    When stock arrives the issue is re-valued at the real cost of the lots that covered it,
    and the difference is recorded as a ``StockCostCorrected`` event.

    Attributes:
        standard_costs: Standard unit cost per SKU, for items issued before any receipt.
        prefer_standard: Use the standard cost even when there was a receipt.

    Example:
        >>> policy = AllowNegativeStock({"MASK-N95": Money("42.00", "CNY")})
        >>> policy.provisional_unit_cost("MASK-N95", latest=Money("45.00", "CNY"))
        Money('45.00', 'CNY')
        >>> policy.provisional_unit_cost("MASK-N95", latest=None)
        Money('42.00', 'CNY')
        >>> policy.provisional_unit_cost("A4-80", latest=None) is None
        True
    """

    standard_costs: Mapping[str, Money] = attrs.field(
        factory=dict, converter=_standard_costs, hash=False
    )
    prefer_standard: bool = False

    def provisional_unit_cost(self, sku: str, latest: Money | None) -> Money | None:
        """The latest receipt's unit cost, else the standard cost, else ``None``."""
        standard = self.standard_costs.get(sku)
        if latest is not None and not (self.prefer_standard and standard is not None):
            return latest
        return standard


def negative_stock_policy_from_dict(data: Mapping[str, Any]) -> NegativeStockPolicy:
    """Build the policy from plain data.

    ``{"allow": false}`` (or an empty table) forbids negative stock; ``{"allow": true,
    "currency": "CNY", "standard_costs": {"MASK-N95": "42.00"}, "prefer_standard": false}``
    allows it.

    Example:
        >>> policy = negative_stock_policy_from_dict(
        ...     {"allow": True, "currency": "CNY", "standard_costs": {"A4-80": "21.00"}}
        ... )
        >>> policy.provisional_unit_cost("A4-80", latest=None)
        Money('21.00', 'CNY')

    Raises:
        PolicyConfigurationError: Unknown keys, or standard costs without a currency.
    """
    unknown = set(data) - {"allow", "currency", "standard_costs", "prefer_standard"}
    if unknown:
        raise PolicyConfigurationError(
            f"unknown negative-stock settings: {sorted(unknown)}", field="negative_stock"
        )
    if not data.get("allow", False):
        return FORBID_NEGATIVE_STOCK
    raw = data.get("standard_costs") or {}
    currency = data.get("currency")
    if raw and not currency:
        raise PolicyConfigurationError("standard costs need a currency", field="currency")
    try:
        costs = {sku: Money(amount, currency) for sku, amount in raw.items()}
    except ValueError as error:
        raise PolicyConfigurationError(str(error), field="standard_costs") from error
    return AllowNegativeStock(costs, prefer_standard=bool(data.get("prefer_standard", False)))
