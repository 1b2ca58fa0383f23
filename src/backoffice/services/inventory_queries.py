"""What the inventory answers: catalogue look-ups, stock figures, lots, reports.

The read side of :class:`~backoffice.services.inventory.Inventory`: items and locations by id,
on hand / reserved / available per item and location, value on hand, open lots with their age
and expiry, lots expiring within N days, reorder suggestions, consumption per department and
period, and turnover. Everything is read from the items' stock ledgers; nothing here changes
stock.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from backoffice.domain.inventory.errors import ItemNotFound, LocationNotFound
from backoffice.domain.inventory.ids import LocationId
from backoffice.domain.inventory.items import Item, StockLocation
from backoffice.domain.inventory.ledger import StockLedger
from backoffice.domain.inventory.lots import Lot
from backoffice.domain.inventory.movements import StockMovement
from backoffice.domain.inventory.reports import (
    Consumption,
    ReorderSuggestion,
    Turnover,
    consumption,
    reorder_suggestion,
    turnover,
)
from backoffice.errors import UnitMismatch, ValidationError
from backoffice.values.inputs import entity_id
from backoffice.values.money import Money, to_decimal
from backoffice.values.period import Period
from backoffice.values.quantity import Quantity

__all__ = ["Amount", "InventoryQueries"]

#: What the inventory accepts as a quantity.
Amount = Decimal | int | str | Quantity


class InventoryQueries:
    """Look-ups and reports over an inventory's ledgers.

    Not used on its own: :class:`~backoffice.services.inventory.Inventory` is built on it and
    holds the state declared here.
    """

    currency: str
    default_location: StockLocation
    _locations: dict[str, StockLocation]
    _ledgers: dict[str, StockLedger]

    # -- catalogue ------------------------------------------------------------------------------

    def location(self, location: LocationId | str) -> StockLocation:
        """The location with that id."""
        found = self._locations.get(entity_id(location, LocationId, "location").value)
        if found is None:
            raise LocationNotFound(location)
        return found

    def locations(self) -> list[StockLocation]:
        """Every location, in the order added."""
        return list(self._locations.values())

    def item(self, sku: str) -> Item:
        """The item with that SKU."""
        return self.ledger(sku).item

    def items(self) -> list[Item]:
        """Every item, in the order added."""
        return [ledger.item for ledger in self._ledgers.values()]

    def ledger(self, sku: str) -> StockLedger:
        """The stock ledger of the item with that SKU."""
        if not isinstance(sku, str):
            raise ValidationError(
                f"sku must be an item's SKU (a str), got {sku!r}", field="sku", value=sku
            )
        ledger = self._ledgers.get(sku)
        if ledger is None:
            raise ItemNotFound(sku)
        return ledger

    # -- stock ----------------------------------------------------------------------------------

    def on_hand(self, sku: str, location: LocationId | str | None = None) -> Quantity:
        """Units of ``sku`` on the shelf (all locations unless one is named)."""
        return self.ledger(sku).on_hand(location)

    def reserved(self, sku: str, location: LocationId | str | None = None) -> Quantity:
        """Units of ``sku`` promised to approved requisitions."""
        return self.ledger(sku).reserved(location)

    def available(
        self, sku: str, location: LocationId | str | None = None, *, at: datetime | None = None
    ) -> Quantity:
        """Units of ``sku`` that can be issued (less reserved, less expired by ``at``)."""
        return self.ledger(sku).available(location, at=at)

    def value(self, sku: str | None = None, location: LocationId | str | None = None) -> Money:
        """Value on hand of one item, or of the whole inventory."""
        ledgers = self._ledgers.values() if sku is None else [self.ledger(sku)]
        return sum((ledger.value(location) for ledger in ledgers), Money.zero(self.currency))

    def lots(self, sku: str | None = None, location: LocationId | str | None = None) -> list[Lot]:
        """Open lots of one item or all, per location in removal order."""
        ledgers = self._ledgers.values() if sku is None else [self.ledger(sku)]
        return [lot for ledger in ledgers for lot in ledger.lots(location)]

    def expiring(self, within_days: int, *, at: datetime) -> list[Lot]:
        """Lots expiring within ``within_days`` days of ``at``, soonest first.

        Lots already expired are included: they are the first to write off.

        Raises:
            ValidationError: ``within_days`` is not a whole number of days, zero or more.
        """
        if isinstance(within_days, bool) or not isinstance(within_days, int) or within_days < 0:
            raise ValidationError(
                f"within_days must be a whole number of days >= 0, got {within_days!r}",
                field="within_days",
                value=within_days,
            )
        found = [lot for lot in self.lots() if lot.expires_within(within_days, at)]
        return sorted(found, key=lambda lot: (lot.expires_on or date.max, lot.sku, lot.number))

    def reorder_suggestions(self, *, at: datetime | None = None) -> list[ReorderSuggestion]:
        """Items at or below their reorder point, with how much to order.

        Args:
            at: When given, units expired by then do not count: they will be written off,
                not issued (the suggestion's ``on_hand`` leaves them out).
        """
        suggestions = (
            reorder_suggestion(
                ledger.item,
                ledger.on_hand() if at is None else ledger.on_hand() - ledger.expired(at=at),
                ledger.reserved(),
            )
            for ledger in self._ledgers.values()
        )
        return [s for s in suggestions if s is not None]

    def consumption(self, period: Period, *, sku: str | None = None) -> list[Consumption]:
        """What each department consumed over ``period``, per item, largest first."""
        ledgers = self._ledgers.values() if sku is None else [self.ledger(sku)]
        return consumption((m for ledger in ledgers for m in ledger.movements()), period)

    def turnover(self, sku: str, period: Period) -> Turnover:
        """How fast ``sku`` turned over ``period``."""
        return turnover(sku, self.ledger(sku).movements(), period, self.currency)

    def movements(self, sku: str) -> list[StockMovement]:
        """Every movement of ``sku`` as it stands now, in effective order."""
        return self.ledger(sku).movements()

    def check_invariants(self) -> list[str]:
        """Problems with any ledger's bookkeeping (an empty list when all is well)."""
        return [
            f"{ledger.sku}: {problem}"
            for ledger in self._ledgers.values()
            for problem in ledger.check_invariants()
        ]

    # -- internals ------------------------------------------------------------------------------

    def _location_id(self, location: LocationId | str, field: str = "location") -> LocationId:
        found = self._locations.get(entity_id(location, LocationId, field).value)
        if found is None:
            raise LocationNotFound(location)
        return found.id

    def _where(self, location: LocationId | str | None) -> LocationId:
        return self.default_location.id if location is None else self._location_id(location)

    def _quantity(self, sku: str, qty: Amount, field: str = "qty") -> Quantity:
        """``qty`` of ``sku`` in the item's unit (a ``Quantity`` in another unit is refused)."""
        unit = self.item(sku).unit
        if isinstance(qty, Quantity):
            if qty.unit != unit:
                raise UnitMismatch(qty.unit, unit)
            return qty
        return Quantity(to_decimal(qty, field=field), unit)
