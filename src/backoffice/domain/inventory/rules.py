"""The decisions a stock ledger delegates, as protocols the policies implement.

The ledger keeps the stock and its invariants; *which* lot leaves first, *which* adjustments
need a second signature and *whether* stock may be issued beyond the shelf are business
choices, made by policy objects passed in (see :mod:`backoffice.policies.removal` and
:mod:`backoffice.policies.stock`). The ledger only needs the shapes below.
"""

from __future__ import annotations

from typing import Any, Protocol

from backoffice.domain.inventory.movements import StockMovement
from backoffice.values.money import Money

__all__ = ["AdjustmentRule", "LotOrder", "NegativeStockRule"]


class LotOrder(Protocol):
    """The order in which a location's lots leave: first the lot with the smallest key.

    Keys must be unique per lot and must not change while the lot exists; they are computed
    from the lot's birth record (its receipt, or the count that found it).

    An order whose key is simply some fields of the birth record, in order, may say so with a
    class attribute ``key_fields`` (``("at", "number")`` for FIFO): the ledger then reads those
    fields from its stored record itself, which is several times cheaper than building the
    record's :class:`StockMovement` view and calling :meth:`key` for every lot it shelves. The
    key must then equal ``tuple(getattr(lot, name) for name in key_fields)``.
    """

    def key(self, lot: StockMovement) -> tuple[Any, ...]:
        """The sort key of the lot created by ``lot``."""
        ...


class AdjustmentRule(Protocol):
    """Whether a stocktake adjustment of a given value needs an approval reference."""

    @property
    def limit(self) -> Money | None:
        """The largest value passed without approval, if the rule has one (for messages)."""
        ...

    def requires_approval(self, value: Money) -> bool:
        """Whether an adjustment worth ``value`` (absolute) needs an approval reference."""
        ...


class NegativeStockRule(Protocol):
    """Whether an issue may take more than the shelf holds, and at what provisional cost."""

    def provisional_unit_cost(self, sku: str, latest: Money | None) -> Money | None:
        """The unit cost of units issued beyond the stock, or ``None`` to refuse the issue.

        Args:
            sku: The item.
            latest: The unit cost of the item's latest receipt before the issue, if any.
        """
        ...
