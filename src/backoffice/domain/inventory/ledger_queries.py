"""What a stock ledger answers: on hand, reserved, available, value, lots and movements.

Quantities come back as :class:`~backoffice.values.quantity.Quantity` in the item's unit and
values as exact :class:`~backoffice.values.money.Money`, for one location or all of them. Running
totals kept per location make every figure O(locations), whatever the number of lots or
movements.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from backoffice.domain.inventory import inputs
from backoffice.domain.inventory.errors import MovementNotFound
from backoffice.domain.inventory.ids import LocationId, RequisitionId
from backoffice.domain.inventory.lots import Lot
from backoffice.domain.inventory.movements import StockMovement, view
from backoffice.domain.inventory.recording import LedgerCore
from backoffice.values.instant import ensure_aware
from backoffice.values.money import Money
from backoffice.values.quantity import Quantity

__all__ = ["LedgerQueries"]

_ZERO = Decimal(0)


class LedgerQueries(LedgerCore):
    """The ledger's queries."""

    __slots__ = ()

    def on_hand(self, location: LocationId | str | None = None) -> Quantity:
        """Units on the shelf (expired ones included), at one location or all."""
        return self._q(sum((p.on_hand for p in self._positions(location)), _ZERO))

    def reserved(self, location: LocationId | str | None = None) -> Quantity:
        """Units promised to approved requisitions."""
        return self._q(sum((p.reserved for p in self._positions(location)), _ZERO))

    def reservation(self, location: LocationId | str, requisition: RequisitionId) -> Quantity:
        """Units at ``location`` promised to ``requisition``."""
        key = inputs.requisition(requisition).value
        return self._q(
            sum((p.reservations.get(key, _ZERO) for p in self._positions(location)), _ZERO)
        )

    def available(
        self, location: LocationId | str | None = None, *, at: datetime | None = None
    ) -> Quantity:
        """Units that can be issued: on hand, less reserved, less expired by ``at`` if given."""
        today = None if at is None else ensure_aware(at).date()
        return self._q(sum((p.free(today) for p in self._positions(location)), _ZERO))

    def expired(self, location: LocationId | str | None = None, *, at: datetime) -> Quantity:
        """Units on hand whose last day of use is before ``at``'s date."""
        today = ensure_aware(at).date()
        return self._q(sum((p.expired(today) for p in self._positions(location)), _ZERO))

    def value(self, location: LocationId | str | None = None) -> Money:
        """What the stock on hand is worth, exactly."""
        return Money(sum((p.value for p in self._positions(location)), _ZERO), self.currency)

    def lots(self, location: LocationId | str | None = None) -> list[Lot]:
        """The open lots, per location in removal order."""
        return [
            Lot.of(lot, position.location)
            for position in self._positions(location)
            for lot in position.open_lots()
        ]

    def locations(self) -> list[LocationId]:
        """The locations that have held the item."""
        return [position.location for position in self._book.positions.values()]

    def movements(self) -> list[StockMovement]:
        """Every movement as it stands now (re-valued ones included), in effective order."""
        records = self._book.records
        return [view(records[number - 1]) for number in self._book.log]

    def movement(self, number: int) -> StockMovement:
        """Movement ``number`` as it stands now."""
        if not isinstance(number, int) or not 0 < number <= len(self._book.records):
            raise MovementNotFound(self.sku, number)
        return view(self._book.records[number - 1])

    def returnable(self, issue: StockMovement | int) -> Quantity:
        """Units of an issue that have not come back yet."""
        number = issue.number if isinstance(issue, StockMovement) else issue
        original = self.movement(number)
        return self._q(original.qty - self._book.returned.get(number, _ZERO))

    def check_invariants(self) -> list[str]:
        """Problems with the ledger's bookkeeping (an empty list when all is well)."""
        return self._book.check_invariants()
