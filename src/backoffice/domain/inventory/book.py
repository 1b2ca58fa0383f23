"""The book of one item's stock: positions per location, and every movement in time order.

The book keeps the movements twice: by number (the order they were recorded in) and by
effective time (the order they happened in). Recording a movement effective now is an append.
Recording a **backdated** movement (recorded today, effective last week) steps back over the
movements effective after it (undoing them exactly), applies it, and re-runs them, so their
draws and costs are what they would have been had it been recorded on time. Only those later
movements are touched: the cost is proportional to their number, not to the ledger's size.

If any re-run movement can no longer be carried out (a later issue would now be short), the
book puts everything back exactly as it was and raises: the backdated movement is refused.

Under a negative-stock policy, stock that arrives covers issues made short before it, and
re-values them (see :mod:`~backoffice.domain.inventory.shortfalls`): a movement may then change
the record of an earlier one. The book notes every record it replaces, so the ledger can report
each change as a cost correction.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from itertools import pairwise

import attrs

from backoffice.domain.inventory import rows
from backoffice.domain.inventory.effects import APPLY, REAPPLY, UNDO
from backoffice.domain.inventory.errors import MovementBeforeStocktake
from backoffice.domain.inventory.ids import LocationId
from backoffice.domain.inventory.position import StockPosition
from backoffice.domain.inventory.rows import (
    AMOUNT,
    AT,
    CURRENCY,
    DESTINATION,
    KIND,
    LOCATION,
    NUMBER,
    QTY,
    SKU,
    UNIT_AMOUNT,
    Row,
)
from backoffice.domain.inventory.rules import AdjustmentRule, LotOrder, NegativeStockRule
from backoffice.errors import BackofficeError
from backoffice.values.money import Money

__all__ = ["Revaluation", "StockBook"]

_ZERO = Decimal(0)
_FRESH = True
_RECEIPT = "receipt"

#: A movement re-run after a backdated one: its row before and after.
Revaluation = tuple[Row, Row]


@attrs.define(eq=False)
class StockBook:
    """Positions and movements of one item.

    Attributes:
        sku: The item.
        order: The removal order of its lots.
        minor: The currency's smallest unit.
        adjustments: Which count adjustments need an approval reference (``None``: none do).
        negative: Whether (and at what provisional cost) issues may go beyond the stock
            (``None``: never).
        positions: The stock per location, by location id.
        records: The current row of every movement, by number (``records[n - 1]``).
        log: The movements' numbers in effective order (time, then number).
        returned: Units returned so far against each issue, by the issue's number.
    """

    sku: str
    order: LotOrder
    minor: Decimal
    adjustments: AdjustmentRule | None = None
    negative: NegativeStockRule | None = None
    positions: dict[str, StockPosition] = attrs.field(factory=dict)
    records: list[Row] = attrs.field(factory=list)
    log: list[int] = attrs.field(factory=list)
    returned: dict[int, Decimal] = attrs.field(factory=dict)
    _replaced: dict[int, Row] | None = attrs.field(default=None, init=False)

    def position(self, location: str) -> StockPosition:
        """The stock at the location with id ``location`` (empty the first time)."""
        position = self.positions.get(location)
        if position is None:
            position = StockPosition(LocationId(location), self.order, self.minor)
            self.positions[location] = position
        return position

    def append(self, rec: Row) -> None:
        """Keep a finished movement effective no earlier than every recorded one."""
        self.records.append(rec)
        self.log.append(rec[NUMBER])

    def replace(self, rec: Row) -> None:
        """Put ``rec`` in place of the record with its number (noting the one it replaces)."""
        number = rec[NUMBER]
        replaced = self._replaced
        if replaced is not None and number not in replaced:
            replaced[number] = self.records[number - 1]
        self.records[number - 1] = rec

    def effective_at(self, number: int) -> datetime:
        """The effective time of movement ``number`` (the key of :attr:`log`)."""
        at: datetime = self.records[number - 1][AT]
        return at

    def latest_unit_cost(self, at: datetime, *, besides: int | None = None) -> Decimal | None:
        """The unit cost of the latest receipt effective at or before ``at``, if any.

        A lot received at a total cost gives its average unit cost, rounded to the currency's
        smallest unit. ``besides`` is the number of a movement not to look at.
        """
        records = self.records
        log = self.log
        for index in range(bisect_right(log, at, key=self.effective_at) - 1, -1, -1):
            number = log[index]
            row = records[number - 1]
            if row[KIND] == _RECEIPT and number != besides:
                unit: Decimal | None = row[UNIT_AMOUNT]
                if unit is None:
                    unit = (row[AMOUNT] / row[QTY]).quantize(self.minor, ROUND_HALF_EVEN)
                return unit
        return None

    def provisional_unit_cost(self, rec: Row) -> Decimal | None:
        """The unit cost of units ``rec`` issues beyond the stock (``None``: refuse them).

        The negative-stock rule decides, from the unit cost of the latest receipt effective
        no later than ``rec``.
        """
        rule = self.negative
        if rule is None:
            return None
        unit = self.latest_unit_cost(rec[AT], besides=rec[NUMBER])
        latest = None if unit is None else Money(unit, rec[CURRENCY])
        cost = rule.provisional_unit_cost(rec[SKU], latest)
        return None if cost is None else cost.amount

    def record(self, draft: Row, *, dry_run: bool = False) -> Row:
        """Carry out a movement effective no earlier than every recorded one.

        Args:
            draft: The movement as commanded (draws and cost are filled in here).
            dry_run: Check only: carry it out, then take it back.

        Returns:
            The finished row.
        """
        rec = APPLY[draft[KIND]](self, draft, _FRESH)
        if dry_run:
            UNDO[rec[KIND]](self, rec)
        else:
            self.append(rec)
        return rec

    def record_backdated(
        self, draft: Row, *, dry_run: bool = False
    ) -> tuple[Row, list[Revaluation]]:
        """Carry out a movement effective before some recorded ones, re-running those.

        Returns:
            The finished row, and the other movements whose rows changed (before, after), in
            effective order: the later ones re-run, and earlier issues covered differently.

        Raises:
            MovementBeforeStocktake: A location it touches was counted after its time.
            BackofficeError: It, or a later movement re-run after it, cannot be carried out;
                nothing has changed.
        """
        self._check_not_before_count(draft)
        log, records = self.log, self.records
        start = bisect_right(log, draft[AT], key=self.effective_at)
        later = log[start:]
        replaced: dict[int, Row] = {}
        self._replaced = replaced
        try:
            for number in reversed(later):
                rec = records[number - 1]
                UNDO[rec[KIND]](self, rec)
            base = [records[number - 1] for number in later]
            redone = 0
            new = None
            try:
                new = APPLY[draft[KIND]](self, draft, _FRESH)
                records.append(new)
                log.insert(start, new[NUMBER])
                for old in base:
                    self.replace(APPLY[old[KIND]](self, old, not _FRESH))
                    redone += 1
            except BackofficeError:
                self._put_back(start, later[:redone], new, base, replaced)
                raise
            if dry_run:
                self._put_back(start, later, new, base, replaced)
                return new, []
        finally:
            self._replaced = None
        changed = [
            (old, records[number - 1])
            for number, old in replaced.items()
            if records[number - 1] is not old and number != new[NUMBER]
        ]
        changed.sort(key=lambda pair: (pair[1][AT], pair[1][NUMBER]))
        return records[new[NUMBER] - 1], changed

    def _put_back(
        self,
        start: int,
        redone: list[int],
        new: Row | None,
        base: list[Row],
        replaced: dict[int, Row],
    ) -> None:
        records = self.records
        for number in reversed(redone):
            rec = records[number - 1]
            UNDO[rec[KIND]](self, rec)
        if new is not None:
            UNDO[new[KIND]](self, records[new[NUMBER] - 1])
            records.pop()
            del self.log[start]
        for old in base:
            REAPPLY[old[KIND]](self, old)
        for number, old in replaced.items():
            if number <= len(records):
                records[number - 1] = old

    def _check_not_before_count(self, draft: Row) -> None:
        for location in (draft[LOCATION], draft[DESTINATION]):
            position = None if location is None else self.positions.get(location)
            counted_at = None if position is None else position.counted_at
            if counted_at is not None and draft[AT] < counted_at:
                raise MovementBeforeStocktake(location, counted_at, draft[AT])

    def check_invariants(self) -> list[str]:
        """Problems with the book (an empty list when all is well).

        Checks every position's lots and totals, that the log is in effective order and holds
        exactly the current rows, and that value is conserved: everything received or found
        equals everything issued, written off or lost plus what is on hand, to the cent.
        """
        problems: list[str] = []
        for position in self.positions.values():
            problems.extend(position.check_invariants())
        records = self.records
        log = [records[number - 1] for number in self.log]
        if any((a[AT], a[NUMBER]) > (b[AT], b[NUMBER]) for a, b in pairwise(log)):
            problems.append("the log is not in effective order")
        if sorted(self.log) != list(range(1, len(records) + 1)):
            problems.append("the log and the records disagree")
        value = sum((position.value for position in self.positions.values()), _ZERO)
        moved = sum((rows.value_change(rec) for rec in self.records), _ZERO)
        if value != moved:
            problems.append(f"value on hand {value} differs from the movements' net {moved}")
        on_hand = sum((position.on_hand for position in self.positions.values()), _ZERO)
        net = sum((rows.quantity_change(rec) for rec in self.records), _ZERO)
        if on_hand != net:
            problems.append(f"quantity on hand {on_hand} differs from the movements' net {net}")
        return problems
