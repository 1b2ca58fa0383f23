"""The id of a maintenance plan."""

from __future__ import annotations

from typing import ClassVar

import attrs

from backoffice.values.ids import EntityId

__all__ = ["MaintenancePlanId"]


@attrs.frozen(order=True, repr=False)
class MaintenancePlanId(EntityId):
    """A preventive maintenance plan (维护计划)."""

    prefix: ClassVar[str] = "MPL"
