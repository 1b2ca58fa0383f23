"""Stock adjustments: returns, transfers, stocktakes and write-offs (退库、调拨、盘点、报损).

Besides receiving and issuing, the storeroom puts issued stock back on the shelf at the cost it
left with, moves lots between storerooms (they keep their number, cost and dates), counts the
shelf and books the variance (a large one only with an approval reference), and writes off what
expired, broke or went missing. Each is one command of the
:class:`~backoffice.domain.inventory.ledger.StockLedger`, written here.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from backoffice.domain.inventory import inputs, rows
from backoffice.domain.inventory.errors import LotNotFound, MovementNotFound
from backoffice.domain.inventory.ids import LocationId
from backoffice.domain.inventory.movements import MovementKind, StockMovement, WriteOffReason
from backoffice.domain.inventory.open_lots import LOT_REMAINING
from backoffice.domain.inventory.recording import Amount, Cost, LedgerCore
from backoffice.domain.inventory.rows import AT, KIND, LOCATION, QTY
from backoffice.errors import ValidationError
from backoffice.values.ids import ActorId
from backoffice.values.inputs import choice, whole_number
from backoffice.values.instant import ensure_aware
from backoffice.values.money import Money

__all__ = ["StockAdjustments"]

_ZERO = Decimal(0)
_RECEIPT = MovementKind.RECEIPT.value
_ISSUE = MovementKind.ISSUE.value


class StockAdjustments(LedgerCore):
    """The ledger's returns, transfers, stocktakes and write-offs."""

    __slots__ = ()

    def return_to_stock(
        self,
        issue: StockMovement | int,
        qty: Amount | None = None,
        *,
        at: datetime,
        by: ActorId,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Put issued stock back on the shelf, at the cost it left with (退库).

        The units go back into the lots they came from, the last lot drawn first, at the
        location they were issued from.

        Args:
            issue: The issue (or its number) the stock came from.
            qty: How many units; all that has not come back yet when omitted.
            at: When (not before the issue).
            by: Who took it back.
            recorded_at: When it was recorded, if not at ``at``.

        Raises:
            MovementNotFound: ``issue`` is not an issue of this item.
            ReturnExceedsIssue: More than the issue handed out, less earlier returns.
        """
        number = issue.number if isinstance(issue, StockMovement) else issue
        records = self._book.records
        if not isinstance(number, int) or not 0 < number <= len(records):
            raise MovementNotFound(self.sku, number)
        original = records[number - 1]
        if original[KIND] != _ISSUE:
            raise MovementNotFound(self.sku, number)
        if qty is None:
            qty = original[QTY] - self._book.returned.get(number, _ZERO)
        backdated = self._is_backdated(at)
        if at < original[AT]:
            raise ValidationError(
                f"a return cannot take effect ({at.isoformat()}) before its issue "
                f"({original[AT].isoformat()})",
                field="at",
                value=at,
            )
        draft = self._draft(
            MovementKind.RETURN,
            original[LOCATION],
            qty,
            at=at,
            by=by,
            recorded_at=recorded_at,
            to=original[rows.TO],
            to_kind=original[rows.TO_KIND],
            charge_to=original[rows.CHARGE_TO],
            returned_from=number,
        )
        return self._record(draft, backdated=backdated)

    def transfer(
        self,
        location: LocationId | str,
        destination: LocationId | str,
        qty: Amount,
        *,
        at: datetime,
        by: ActorId,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Move stock to another location (调拨); the lots keep their cost and dates.

        Raises:
            InsufficientStock: Not enough usable, unreserved stock at ``location``.
            ValidationError: ``destination`` is ``location``.
        """
        target = inputs.location(destination)
        backdated = self._is_backdated(at)
        if target == inputs.location(location):
            raise ValidationError(
                "a transfer needs two different locations", field="destination", value=target
            )
        draft = self._draft(
            MovementKind.TRANSFER,
            location,
            qty,
            at=at,
            by=by,
            recorded_at=recorded_at,
            destination=target.value,
        )
        return self._record(draft, backdated=backdated)

    def count(
        self,
        location: LocationId | str,
        counted: Amount,
        *,
        at: datetime,
        by: ActorId,
        unit_cost: Cost | None = None,
        approval: str | None = None,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Record a stocktake (盘点) and adjust the book to what was counted.

        A shortage is taken from the lots in removal order (expired ones included); a surplus
        becomes a new lot at ``unit_cost``, by default the unit cost of the latest receipt.
        Movements dated before the count at this location are refused afterwards.

        Args:
            location: The location counted.
            counted: Units found on the shelf.
            at: When the count was taken.
            by: Who counted.
            unit_cost: The cost of one unit of a surplus.
            approval: The reference of the adjustment's approval (needed when the adjustment
                rule says so).
            recorded_at: When it was recorded, if not at ``at``.

        Returns:
            The count; its :attr:`~StockMovement.variance` is found minus book.

        Raises:
            AdjustmentApprovalRequired: The adjustment is worth more than the rule allows
                without an approval, and none was given.
        """
        found = self._inputs.quantity(counted, "counted")
        if found < 0:
            raise ValidationError(f"a count cannot be negative, got {found}", field="counted")
        backdated = self._is_backdated(at)
        if approval is not None and (not isinstance(approval, str) or not approval.strip()):
            raise ValidationError(
                f"approval must be a non-blank text reference, got {approval!r}",
                field="approval",
                value=approval,
            )
        cost = (
            self._inputs.cost(unit_cost, "unit_cost")
            if unit_cost is not None
            else self._latest_unit_cost(at)
        )
        inputs.within_limit(cost.amount * found, "value counted")
        draft = self._draft(
            MovementKind.COUNT,
            location,
            _ZERO,
            at=at,
            by=by,
            recorded_at=recorded_at,
            counted=found,
            unit_amount=cost.amount,
            reference=approval,
        )
        counted_rec = self._record(draft, backdated=backdated)
        position = self._book.position(draft[LOCATION])
        if position.counted_at is None or position.counted_at < at:
            position.counted_at = at
        return counted_rec

    def write_off(
        self,
        location: LocationId | str,
        qty: Amount | None = None,
        *,
        reason: WriteOffReason | str,
        at: datetime,
        by: ActorId,
        lot: int | None = None,
        recorded_at: datetime | None = None,
    ) -> StockMovement:
        """Write stock off (报损): expired, damaged or lost.

        Expired stock is taken from the expired lots, earliest expiry first; with ``lot``, from
        that lot; otherwise from the usable lots in removal order.

        Args:
            location: Where the stock is.
            qty: How many units; when omitted, all of ``lot`` or all expired stock now.
            reason: Why.
            at: When.
            by: Who wrote it off.
            lot: The number of one lot to write off from.
            recorded_at: When it was recorded, if not at ``at``.
        """
        return self._write_off(location, qty, reason, at, by, lot, recorded_at, dry_run=False)

    def check_write_off(
        self,
        location: LocationId | str,
        qty: Amount | None = None,
        *,
        reason: WriteOffReason | str,
        at: datetime,
        by: ActorId,
        lot: int | None = None,
    ) -> StockMovement:
        """Raise what :meth:`write_off` would raise, without writing off; return the write-off.

        Lets a service check write-offs of several items before making any of them.
        """
        return self._write_off(location, qty, reason, at, by, lot, None, dry_run=True)

    def _write_off(  # noqa: PLR0917 (the public commands' arguments, passed on in order)
        self,
        location: LocationId | str,
        qty: Amount | None,
        reason: WriteOffReason | str,
        at: datetime,
        by: ActorId,
        lot: int | None,
        recorded_at: datetime | None,
        *,
        dry_run: bool,
    ) -> StockMovement:
        why = choice(reason, WriteOffReason, "reason")
        if lot is not None:
            whole_number(lot, "lot", minimum=1)
        place = inputs.location(location)
        backdated = self._is_backdated(at)
        if qty is None:
            qty = self._everything(place, why, lot, at)
        draft = self._draft(
            MovementKind.WRITE_OFF,
            place,
            qty,
            at=at,
            by=by,
            recorded_at=recorded_at,
            reason=why.value,
            lot=lot,
        )
        return self._record(draft, backdated=backdated, dry_run=dry_run)

    def _latest_unit_cost(self, at: datetime) -> Money:
        unit = self._book.latest_unit_cost(at)
        return Money(_ZERO if unit is None else unit, self.currency)

    def _everything(
        self, location: LocationId, reason: WriteOffReason, lot: int | None, at: datetime
    ) -> Decimal:
        position = self._book.positions.get(location.value)
        if position is None:
            raise ValidationError(f"no {self.sku} has ever been kept at {location}", field="qty")
        if lot is not None:
            found = position.find_lot(lot)
            if found is None:
                raise LotNotFound(self.sku, lot, location)
            return found[LOT_REMAINING]
        if reason is WriteOffReason.EXPIRED:
            expired = position.expired(ensure_aware(at).date())
            if not expired:
                raise ValidationError(
                    f"nothing of {self.sku} at {location} has expired by {at.date()}",
                    field="qty",
                )
            return expired
        raise ValidationError("say how much is written off", field="qty")
