"""What the storeroom refuses, and why.

Every inventory error derives from :class:`InventoryError` (and so from
:class:`~backoffice.errors.BackofficeError`), and also from the built-in that means the same
thing: asking for more than the shelf holds is a :class:`ValueError`, an unknown SKU a
:class:`LookupError`. Each carries the figures a clerk needs to act (what was asked, what there
is). A command that raises has changed nothing.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from backoffice.errors import BackofficeError, NotFound, ValidationError
from backoffice.values.money import Money
from backoffice.values.quantity import Quantity

__all__ = [
    "AdjustmentApprovalRequired",
    "DuplicateItem",
    "InsufficientStock",
    "InventoryError",
    "IssueStillProvisional",
    "ItemNotFound",
    "LocationNotFound",
    "LotNotFound",
    "MovementBeforeStocktake",
    "MovementNotFound",
    "RequisitionNotFound",
    "ReturnExceedsIssue",
    "TradeInRequired",
]


class InventoryError(BackofficeError):
    """Root of the errors raised by the inventory (stock ledgers, requisitions)."""


class InsufficientStock(InventoryError, ValueError):
    """More was asked of a location than it can give (the default policy never goes negative).

    Raised by issues, transfers and write-offs that ask for more than the usable, unreserved
    stock (expired lots are never usable), and by backdated movements that would leave a later
    movement short.

    Attributes:
        sku: The item.
        location: The location's id, as text.
        requested: What was asked for.
        available: What could have been given at that moment.
    """

    def __init__(
        self, sku: str, location: object, requested: Quantity, available: Quantity
    ) -> None:
        super().__init__(
            f"cannot take {requested} of {sku} from {location!s}: only {available} available"
        )
        self.sku = sku
        self.location = str(location)
        self.requested = requested
        self.available = available


class ItemNotFound(InventoryError, NotFound):
    """No item with this SKU is kept in the inventory.

    Attributes:
        sku: The SKU that was looked up.
    """

    def __init__(self, sku: object) -> None:
        NotFound.__init__(self, "item", sku)
        self.sku = sku


class LocationNotFound(InventoryError, NotFound):
    """No stock location with this id is known."""

    def __init__(self, location: object) -> None:
        NotFound.__init__(self, "stock location", location)


class LotNotFound(InventoryError, NotFound):
    """The lot does not exist at that location, or has nothing left there."""

    def __init__(self, sku: str, lot: int, location: object) -> None:
        NotFound.__init__(self, "open lot", f"{sku} #{lot} at {location!s}")
        self.sku = sku
        self.lot = lot
        self.location = location


class MovementNotFound(InventoryError, NotFound):
    """No movement with this number was recorded for the item."""

    def __init__(self, sku: str, number: object) -> None:
        NotFound.__init__(self, "movement", f"{sku} #{number}")
        self.sku = sku
        self.number = number


class RequisitionNotFound(InventoryError, NotFound):
    """No requisition with this id was submitted."""

    def __init__(self, requisition: object) -> None:
        NotFound.__init__(self, "requisition", requisition)


class DuplicateItem(InventoryError, ValidationError):
    """An item (or a location) was added twice under the same key."""

    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"{kind} {key!s} is already registered", field=kind, value=key)


class ReturnExceedsIssue(InventoryError, ValidationError):
    """More was returned to stock than the issue handed out (less earlier returns).

    Attributes:
        issue: Number of the issue movement.
        issued: Quantity the issue handed out.
        returned: Quantity already returned against it.
        requested: Quantity this return tried to bring back.
    """

    def __init__(
        self, issue: int, issued: Quantity, returned: Quantity, requested: Quantity
    ) -> None:
        super().__init__(
            f"cannot return {requested} against issue #{issue}: it handed out {issued} "
            f"and {returned} came back already",
            field="qty",
            value=requested,
        )
        self.issue = issue
        self.issued = issued
        self.returned = returned
        self.requested = requested


class TradeInRequired(InventoryError, ValidationError):
    """An item kept on "以旧换新" (old for new) was issued without enough old units handed back.

    Attributes:
        sku: The item.
        requested: Units to issue.
        handed_back: Old units handed back (0 when none were declared).
    """

    def __init__(self, sku: str, requested: Decimal, handed_back: Decimal) -> None:
        super().__init__(
            f"{sku} is issued old-for-new: {requested} new need {requested} old handed back, "
            f"got {handed_back}",
            field="handed_back",
            value=handed_back,
        )
        self.sku = sku
        self.requested = requested
        self.handed_back = handed_back


class AdjustmentApprovalRequired(InventoryError, ValidationError):
    """A stocktake variance is worth more than the adjustment policy lets pass unapproved.

    Count again, or pass the approval's reference (``approval="ADJ-2025-031"``).

    Attributes:
        sku: The item.
        value: Value of the adjustment (absolute).
        limit: The largest value the policy accepts without an approval, when it has one.
    """

    def __init__(self, sku: str, value: Money, limit: Money | None) -> None:
        bound = f"above {limit}" if limit is not None else "of any value"
        super().__init__(
            f"a stock adjustment of {sku} worth {value} needs an approval reference: "
            f"adjustments {bound} must be approved",
            field="approval",
            value=value,
        )
        self.sku = sku
        self.value = value
        self.limit = limit


class MovementBeforeStocktake(InventoryError, ValidationError):
    """A movement was dated before the latest stocktake of its location.

    A count fixes the book at that location up to its time; movements effective before it
    would change a quantity that was counted and approved. Date the movement after the count,
    or count again.

    Attributes:
        location: The location's id, as text.
        counted_at: When the location was last counted.
        at: The movement's effective time.
    """

    def __init__(self, location: object, counted_at: datetime, at: datetime) -> None:
        super().__init__(
            f"{location!s} was counted at {counted_at.isoformat()}: a movement effective "
            f"{at.isoformat()} would change the counted stock",
            field="at",
            value=at,
        )
        self.location = str(location)
        self.counted_at = counted_at
        self.at = at


class IssueStillProvisional(InventoryError, ValidationError):
    """Stock was returned against an issue that still has units at a provisional cost.

    Under a negative-stock policy an issue may hand out more than the shelf held; until stock
    arrives to cover those units their cost is provisional, and what they cost cannot be put
    back on the shelf. Return them after the next receipt.

    Attributes:
        sku: The item.
        issue: Number of the issue movement.
        provisional: Its units still at a provisional cost.
    """

    def __init__(self, sku: str, issue: int, provisional: Quantity) -> None:
        super().__init__(
            f"issue #{issue} of {sku} still has {provisional} at a provisional cost: return "
            "stock against it once stock has arrived to cover them",
            field="issue",
            value=issue,
        )
        self.sku = sku
        self.issue = issue
        self.provisional = provisional
