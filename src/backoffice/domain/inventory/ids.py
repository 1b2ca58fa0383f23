"""Ids of the inventory's own records: stock locations and requisitions.

Items are known by their SKU (the code on the shelf label, e.g. ``"A4-80"``) and lots by their
number within the item's ledger, so only locations and requisitions need typed ids.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from backoffice.values.ids import EntityId

__all__ = ["LocationId", "RequisitionId"]


@attrs.frozen(order=True, repr=False)
class LocationId(EntityId):
    """A place where stock is kept: a warehouse, a storeroom, an emergency cabinet (仓库 / 库房)."""

    prefix: ClassVar[str] = "LOC"


@attrs.frozen(order=True, repr=False)
class RequisitionId(EntityId):
    """An employee's request for items from the storeroom (申领单)."""

    prefix: ClassVar[str] = "RQN"
