"""The book of one item's stock: positions per location, and every movement in time order.

The book keeps the movements twice: by number (the order they were recorded in) and by
effective time (the order they happened in). Recording a movement effective now is an append.
Recording a **backdated** movement (recorded today, effective last week) steps back over the
movements effective after it (undoing them exactly), applies it, and re-runs them, so their
draws and costs are what they would have been had it been recorded on time. Only those later
movements are touched: the cost is proportional to their number, not to the ledger's size.

If any re-run movement can no longer be carried out (a later issue would now be short), the
book puts everything back exactly as it was and raises: the backdated movement is refused.
"""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal
from itertools import pairwise
from operator import itemgetter

import attrs

from backoffice.domain.inventory import rows
from backoffice.domain.inventory.effects import APPLY, REAPPLY, UNDO
from backoffice.domain.inventory.errors import MovementBeforeStocktake
from backoffice.domain.inventory.ids import LocationId
from backoffice.domain.inventory.position import StockPosition
from backoffice.domain.inventory.rows import AT, DESTINATION, KIND, LOCATION, NUMBER, Row
from backoffice.domain.inventory.rules import AdjustmentRule, LotOrder
from backoffice.errors import BackofficeError

__all__ = ["Revaluation", "StockBook"]

_ZERO = Decimal(0)
_effective_at = itemgetter(AT)
_number = itemgetter(NUMBER)
_FRESH = True

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
        positions: The stock per location, by location id.
        records: The current row of every movement, by number (``records[n - 1]``).
        log: The same rows in effective order (time, then number).
        returned: Units returned so far against each issue, by the issue's number.
    """

    sku: str
    order: LotOrder
    minor: Decimal
    adjustments: AdjustmentRule | None = None
    positions: dict[str, StockPosition] = attrs.field(factory=dict)
    records: list[Row] = attrs.field(factory=list)
    log: list[Row] = attrs.field(factory=list)
    returned: dict[int, Decimal] = attrs.field(factory=dict)

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
        self.log.append(rec)

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
            The finished row, and the later movements whose rows changed (before, after).

        Raises:
            MovementBeforeStocktake: A location it touches was counted after its time.
            BackofficeError: It, or a later movement re-run after it, cannot be carried out;
                nothing has changed.
        """
        self._check_not_before_count(draft)
        log = self.log
        start = bisect_right(log, draft[AT], key=_effective_at)
        later = log[start:]
        for rec in reversed(later):
            UNDO[rec[KIND]](self, rec)
        new: Row | None = None
        redone: list[Row] = []
        try:
            new = APPLY[draft[KIND]](self, draft, _FRESH)
            self.records.append(new)
            for old in later:
                rec = APPLY[old[KIND]](self, old, not _FRESH)
                self.records[old[NUMBER] - 1] = rec
                redone.append(rec)
        except BackofficeError:
            self._put_back(later, redone, new)
            raise
        if dry_run:
            self._put_back(later, redone, new)
            return new, []
        log[start:] = [new, *redone]
        return new, [(old, rec) for old, rec in zip(later, redone, strict=True) if rec is not old]

    def _put_back(self, later: list[Row], redone: list[Row], new: Row | None) -> None:
        for rec in reversed(redone):
            UNDO[rec[KIND]](self, rec)
        if new is not None:
            UNDO[new[KIND]](self, new)
            self.records.pop()
        for old in later:
            REAPPLY[old[KIND]](self, old)
            self.records[old[NUMBER] - 1] = old

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
        if any((a[AT], a[NUMBER]) > (b[AT], b[NUMBER]) for a, b in pairwise(self.log)):
            problems.append("the log is not in effective order")
        if sorted(self.log, key=_number) != self.records:
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
