"""The warranty policy: is a repair a warranty claim, and should the warrantor do it?

At the first review of a repair request the clerk asks "is it still under warranty?" (维修是否
在保修期内). A :class:`WarrantyPolicy` answers from the asset's warranty and the day the fault
was reported: if covered, the request is flagged with the warrantor's supplier id and, if the
policy says so, routed to the warrantor. The default, :class:`DatedWarrantyPolicy`, covers a
fault reported on or before the warranty's last day (plus an optional grace period) and can be
built from plain data::

    {"route_to_warrantor": true, "grace_days": 0}
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, Protocol

import attrs

from backoffice.domain.assets.asset import Asset
from backoffice.domain.requests.details import Assignee
from backoffice.domain.requests.view import ServiceRequestView
from backoffice.errors import PolicyConfigurationError
from backoffice.values import inputs
from backoffice.values.ids import SupplierId

__all__ = ["DatedWarrantyPolicy", "WarrantyCheck", "WarrantyPolicy"]


@attrs.frozen
class WarrantyCheck:
    """What the warranty policy decided about one repair.

    Attributes:
        under_warranty: Whether the fault is covered.
        warrantor: Who honours the warranty (when covered).
        until: The warranty's last day (when the asset has a warranty).
        route_to_warrantor: Whether the repair should be assigned to the warrantor.
    """

    under_warranty: bool
    warrantor: SupplierId | None = None
    until: date | None = None
    route_to_warrantor: bool = False

    @property
    def assignee(self) -> Assignee | None:
        """The warrantor as an assignee, when the repair is to be routed to them."""
        if self.route_to_warrantor and self.warrantor is not None:
            return Assignee.supplier(self.warrantor)
        return None


class WarrantyPolicy(Protocol):
    """Decides whether a repair of an asset is a warranty claim."""

    def check(self, asset: Asset, *, reported_on: date) -> WarrantyCheck:
        """The decision for a fault of ``asset`` reported on ``reported_on``."""
        ...


@attrs.frozen
class DatedWarrantyPolicy:
    """Covered while the reporting day is not after the warranty's last day (plus grace).

    Attributes:
        route_to_warrantor: Whether covered repairs are to go to the warrantor.
        grace_days: Days after the warranty's end still accepted (a claim reported late).

    Example:
        >>> policy = DatedWarrantyPolicy.from_dict({"grace_days": 7})
        >>> policy.grace_days, policy.route_to_warrantor
        (7, True)
    """

    route_to_warrantor: bool = True
    grace_days: int = 0

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.route_to_warrantor, bool):
            raise PolicyConfigurationError(
                "route_to_warrantor must be true or false", field="route_to_warrantor"
            )
        if isinstance(self.grace_days, bool) or not isinstance(self.grace_days, int):
            raise PolicyConfigurationError("grace_days must be a whole number", field="grace_days")
        if self.grace_days < 0:
            raise PolicyConfigurationError("grace_days cannot be negative", field="grace_days")

    @classmethod
    def seed(cls) -> DatedWarrantyPolicy:
        """Covered up to the last day, covered repairs routed to the warrantor."""
        return cls()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DatedWarrantyPolicy:
        """Build from plain data: ``route_to_warrantor`` (bool), ``grace_days`` (int).

        Raises:
            PolicyConfigurationError: An unknown key or a malformed value, naming the field.
        """
        unknown = set(data) - {"route_to_warrantor", "grace_days"}
        if unknown:
            raise PolicyConfigurationError(
                f"unknown warranty policy keys {sorted(unknown)}", field=sorted(unknown)[0]
            )
        return cls(
            route_to_warrantor=data.get("route_to_warrantor", True),
            grace_days=data.get("grace_days", 0),
        )

    def check(self, asset: Asset, *, reported_on: date) -> WarrantyCheck:
        """Covered if the asset has a warranty whose last day (+ grace) is not before the day."""
        day = inputs.day(reported_on, "reported_on")
        warranty = asset.particulars.warranty
        if warranty is None:
            return WarrantyCheck(under_warranty=False)
        covered = day <= warranty.until + timedelta(days=self.grace_days)
        if not covered:
            return WarrantyCheck(under_warranty=False, until=warranty.until)
        return WarrantyCheck(
            under_warranty=True,
            warrantor=warranty.warrantor,
            until=warranty.until,
            route_to_warrantor=self.route_to_warrantor,
        )

    def check_request(self, asset: Asset, request: ServiceRequestView) -> WarrantyCheck:
        """The decision for ``request``, reported on its submission day (in its own zone)."""
        return self.check(asset, reported_on=request.submitted_at.date())
