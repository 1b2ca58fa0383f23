"""The stock of one item at one location, held in lots.

A position keeps its open lots in removal order (oldest first under FIFO, first to expire first
under FEFO): a list with a moving head, so taking the first lot is O(1) however many lots are
open, and a lot that belongs in the middle (a transfer of an old lot, a return) is placed by
bisection. Running totals give the quantity and value on hand in O(1). Lots with an expiry date
are also indexed by that date, so the quantity already expired is found without walking the
shelf, and expired lots are never drawn by an issue.

An open lot is a plain tuple ``(origin row, key, remaining, value, unit cost)``, replaced when
it changes (see :mod:`~backoffice.domain.inventory.open_lots`).

Under a negative-stock policy an issue may take more than the lots hold: the missing units are
a **shortfall** at a provisional unit cost, kept in issue order until stock arrives to cover
them; on hand and value then count them negative.

Drawing from a lot splits its cost exactly: a lot received at a unit cost gives ``unit x qty``;
a lot received at a total cost gives its proportional share rounded to the currency's smallest
unit, and the last units take whatever value is left, so the parts always add up to the lot.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import deque
from collections.abc import Iterator
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from itertools import pairwise
from operator import itemgetter
from typing import Any, TypeAlias

import attrs

from backoffice.domain.inventory.errors import LotNotFound
from backoffice.domain.inventory.ids import LocationId
from backoffice.domain.inventory.open_lots import (
    LOT_KEY,
    LOT_ORIGIN,
    LOT_REMAINING,
    LOT_UNIT,
    LOT_VALUE,
    LotKey,
    OpenLot,
    lot_key,
)
from backoffice.domain.inventory.rows import EXPIRES_ON, NUMBER, SKU, UNIT_AMOUNT, Row
from backoffice.domain.inventory.rules import LotOrder

__all__ = ["StockPosition"]

_ZERO = Decimal(0)
#: Consumed lots before the head are dropped once they are this many and half the list.
_COMPACT_AFTER = 256


_lot_key = itemgetter(LOT_KEY)
#: The expiry index holds ``(expires on, key)`` of every open lot with an expiry date.
_Expiring: TypeAlias = tuple[date, tuple[Any, ...]]


def _expiry_key(lot: OpenLot) -> _Expiring:
    return (lot[LOT_ORIGIN][EXPIRES_ON], lot[LOT_KEY])


@attrs.define(eq=False)
class StockPosition:
    """Lots and running totals of one item at one location.

    Attributes:
        location: The location.
        order: The removal order of its lots.
        minor: The currency's smallest unit, for splitting total-cost lots.
        on_hand: Units on the shelf, expired ones included, less units issued short.
        value: Their value, less the provisional cost of units issued short.
        reserved: Units promised to approved requisitions.
        reservations: The promised units per requisition id.
        counted_at: When the location was last counted for the item.
        short: Units issued beyond the stock (negative-stock policy), not yet covered.
    """

    location: LocationId
    order: LotOrder
    minor: Decimal
    on_hand: Decimal = _ZERO
    value: Decimal = _ZERO
    reserved: Decimal = _ZERO
    reservations: dict[str, Decimal] = attrs.field(factory=dict)
    counted_at: datetime | None = None
    short: Decimal = _ZERO
    _shortfalls: deque[tuple[int, Decimal, Decimal]] = attrs.field(factory=deque, init=False)
    _lots: list[OpenLot] = attrs.field(factory=list, init=False)
    _head: int = attrs.field(default=0, init=False)
    _expiring: list[_Expiring] = attrs.field(factory=list, init=False)
    _key: LotKey = attrs.field(
        default=attrs.Factory(lambda self: lot_key(self.order), takes_self=True), init=False
    )

    # -- reading -------------------------------------------------------------------------------

    def open_lots(self) -> Iterator[OpenLot]:
        """The open lots in removal order."""
        lots = self._lots
        for index in range(self._head, len(lots)):
            yield lots[index]

    @property
    def lot_count(self) -> int:
        """Number of open lots."""
        return len(self._lots) - self._head

    @property
    def slots(self) -> int:
        """Lot records the position holds: its open lots and the used-up ones not yet dropped.

        Used-up lots before the first open one are dropped together once they are more than
        256 and more than half of the records (or all of them), so taking the first lot stays
        O(1) and memory stays bounded.
        """
        return len(self._lots)

    def has_expiring_lots(self) -> bool:
        """Whether any open lot has an expiry date."""
        return bool(self._expiring)

    def expired(self, today: date) -> Decimal:
        """Units in lots whose last day of use is before ``today``."""
        total = _ZERO
        for expires_on, key in self._expiring:
            if expires_on >= today:
                break
            total += self._lots[self._index(key)][LOT_REMAINING]
        return total

    def usable(self, today: date | None) -> Decimal:
        """Units on hand that have not expired by ``today`` (all of them when ``None``)."""
        if today is None or not self._expiring:
            return self.on_hand
        return self.on_hand - self.expired(today)

    def drawable(self, today: date | None) -> Decimal:
        """Units in lots not expired by ``today``: what can be drawn, even while short."""
        return self.usable(today) + self.short

    def free(self, today: date | None, requisition: str | None = None) -> Decimal:
        """Usable units not promised to other requisitions than ``requisition``."""
        promised = self.reserved
        if requisition is not None:
            promised -= self.reservations.get(requisition, _ZERO)
        return max(_ZERO, self.usable(today) - promised)

    def find_lot(self, number: int) -> OpenLot | None:
        """The open lot with birth record ``number``, if it has units here."""
        return next((lot for lot in self.open_lots() if lot[LOT_ORIGIN][NUMBER] == number), None)

    # -- putting and removing exact parts -------------------------------------------------------

    def put(self, origin: Row, qty: Decimal, value: Decimal) -> None:
        """Put ``qty`` units worth ``value`` into the lot born of ``origin``.

        The lot is opened here if it has no units here yet, in its place in removal order.
        """
        key = self._key(origin)
        lots = self._lots
        if self._head == len(lots):
            lots.clear()
            self._head = 0
            lots.append(self._open(origin, key, qty, value))
        elif lots[-1][LOT_KEY] < key:
            lots.append(self._open(origin, key, qty, value))
        else:
            index = self._index(key)
            if index < len(lots) and lots[index][LOT_KEY] == key:
                lot = lots[index]
                remaining, worth = lot[LOT_REMAINING] + qty, lot[LOT_VALUE] + value
                lots[index] = (lot[LOT_ORIGIN], key, remaining, worth, lot[LOT_UNIT])
            else:
                lot = self._open(origin, key, qty, value)
                if index == self._head and index:
                    self._head -= 1
                    lots[index - 1] = lot
                else:
                    lots.insert(index, lot)
        self.on_hand += qty
        self.value += value

    def remove(self, origin: Row, qty: Decimal, value: Decimal) -> None:
        """Take exactly ``qty`` units worth ``value`` out of the lot born of ``origin``.

        Raises:
            LotNotFound: The lot has fewer than ``qty`` units here.
        """
        key = self._key(origin)
        lots = self._lots
        index = self._index(key)
        if index == len(lots) or lots[index][LOT_KEY] != key or lots[index][LOT_REMAINING] < qty:
            raise LotNotFound(origin[SKU], origin[NUMBER], self.location)
        lot = lots[index]
        remaining = lot[LOT_REMAINING] - qty
        if remaining:
            lots[index] = (lot[LOT_ORIGIN], key, remaining, lot[LOT_VALUE] - value, lot[LOT_UNIT])
        else:
            self._drop(index, lot)
        self.on_hand -= qty
        self.value -= value

    # -- drawing in removal order ---------------------------------------------------------------

    def draw(self, qty: Decimal, today: date | None) -> tuple[tuple[Row, ...], Decimal]:
        """Take ``qty`` units in removal order, skipping lots expired by ``today``.

        The caller has checked that :meth:`usable` covers ``qty``. With ``today=None`` expired
        lots are drawn like the others (a count shortage takes whatever is missing).

        Returns:
            The draw rows ``(origin, qty, amount)``, first lot first, and their total cost.
        """
        if today is not None and self._expiring:
            return self._draw_skipping(qty, today)
        lots = self._lots
        head = self._head
        draws: list[Row] = []
        total = _ZERO
        need = qty
        tracking = bool(self._expiring)
        while need:
            lot = lots[head]
            origin, key, remaining, value, unit = lot
            if remaining <= need:
                cost = value
                taken = remaining
                head += 1
                if tracking and origin[EXPIRES_ON] is not None:
                    self._forget_expiring(lot)
            else:
                cost = unit * need if unit is not None else self._share(lot, need)
                lots[head] = (origin, key, remaining - need, value - cost, unit)
                taken = need
            need -= taken
            draws.append((origin, taken, cost))
            total += cost
        self._head = head
        if head > _COMPACT_AFTER and 2 * head > len(lots):
            del lots[:head]
            self._head = 0
        self.on_hand -= qty
        self.value -= total
        return tuple(draws), total

    def draw_expired(self, qty: Decimal, today: date) -> tuple[tuple[Row, ...], Decimal]:
        """Take ``qty`` units from lots expired by ``today``, earliest expiry first."""
        draws: list[Row] = []
        total = _ZERO
        need = qty
        while need:
            index = self._index(self._expiring[0][1])
            lot = self._lots[index]
            taken, cost = self._take(index, lot, need)
            draws.append((lot[LOT_ORIGIN], taken, cost))
            total += cost
            need -= taken
        return tuple(draws), total

    def draw_lot(self, lot: OpenLot, qty: Decimal) -> tuple[tuple[Row, ...], Decimal]:
        """Take ``qty`` units from one open lot (a damaged batch, a recalled lot)."""
        taken, cost = self._take(self._index(lot[LOT_KEY]), lot, qty)
        return ((lot[LOT_ORIGIN], taken, cost),), cost

    # -- reservations ---------------------------------------------------------------------------

    def reserve(self, requisition: str, qty: Decimal) -> None:
        """Promise ``qty`` more units to ``requisition``."""
        self.reservations[requisition] = self.reservations.get(requisition, _ZERO) + qty
        self.reserved += qty

    def release(self, requisition: str, qty: Decimal) -> None:
        """Take back ``qty`` units promised to ``requisition``."""
        left = self.reservations.get(requisition, _ZERO) - qty
        if left:
            self.reservations[requisition] = left
        else:
            self.reservations.pop(requisition, None)
        self.reserved -= qty

    # -- shortfalls: units issued beyond the stock ------------------------------------------------

    def shortfalls(self) -> Iterator[tuple[int, Decimal, Decimal]]:
        """``(issue number, units, provisional unit cost)`` not yet covered, oldest first."""
        return iter(self._shortfalls)

    def go_short(self, issue: int, qty: Decimal, unit: Decimal) -> None:
        """Book ``qty`` units issued by ``issue`` beyond the stock, at provisional ``unit``."""
        self._shortfalls.append((issue, qty, unit))
        self._shortfall(qty, unit)

    def undo_short(self, issue: int, qty: Decimal, unit: Decimal) -> None:
        """Take back :meth:`go_short` (the latest shortfall, ``issue``'s)."""
        self._shortfalls.pop()
        self._shortfall(-qty, unit)

    def cover(self, qty: Decimal) -> tuple[int, Decimal, Decimal]:
        """Cover ``qty`` units of the oldest shortfall; return ``(issue, qty, unit)`` covered."""
        issue, short, unit = self._shortfalls[0]
        if qty == short:
            self._shortfalls.popleft()
        else:
            self._shortfalls[0] = (issue, short - qty, unit)
        self._shortfall(-qty, unit)
        return issue, qty, unit

    def uncover(self, issue: int, qty: Decimal, unit: Decimal) -> None:
        """Take back :meth:`cover`."""
        head = self._shortfalls[0] if self._shortfalls else None
        if head is not None and head[0] == issue:
            self._shortfalls[0] = (issue, head[1] + qty, unit)
        else:
            self._shortfalls.appendleft((issue, qty, unit))
        self._shortfall(qty, unit)

    def _shortfall(self, qty: Decimal, unit: Decimal) -> None:
        self.short += qty
        self.on_hand -= qty
        self.value -= qty * unit

    # -- checks ---------------------------------------------------------------------------------

    def check_invariants(self) -> list[str]:
        """Problems with the position's bookkeeping (an empty list when all is well)."""
        problems: list[str] = []
        lots = list(self.open_lots())
        where = f"{self.location!s}"
        short = list(self._shortfalls)
        if sum((lot[LOT_REMAINING] for lot in lots), _ZERO) - self.short != self.on_hand:
            problems.append(f"{where}: on hand {self.on_hand} is not its lots less shortfalls")
        provisional = sum((qty * unit for _, qty, unit in short), _ZERO)
        if sum((lot[LOT_VALUE] for lot in lots), _ZERO) - provisional != self.value:
            problems.append(f"{where}: value {self.value} is not its lots less shortfalls")
        if sum((qty for _, qty, _ in short), _ZERO) != self.short or any(
            qty <= 0 for _, qty, _ in short
        ):
            problems.append(f"{where}: shortfalls {short} do not add up to {self.short}")
        if any(lot[LOT_REMAINING] <= 0 or lot[LOT_VALUE] < 0 for lot in lots):
            problems.append(f"{where}: a lot is empty or negative")
        if any(a[LOT_KEY] >= b[LOT_KEY] for a, b in pairwise(lots)):
            problems.append(f"{where}: lots are out of removal order")
        expiring = sorted(_expiry_key(lot) for lot in lots if lot[LOT_ORIGIN][EXPIRES_ON])
        if expiring != self._expiring:
            problems.append(f"{where}: the expiry index does not match the lots")
        if sum(self.reservations.values(), _ZERO) != self.reserved:
            problems.append(f"{where}: reserved {self.reserved} is not the sum of reservations")
        return problems

    # -- internals ------------------------------------------------------------------------------

    def _open(self, origin: Row, key: tuple[Any, ...], qty: Decimal, value: Decimal) -> OpenLot:
        expires_on = origin[EXPIRES_ON]
        if expires_on is not None:
            insort(self._expiring, (expires_on, key))
        return (origin, key, qty, value, origin[UNIT_AMOUNT])

    def _index(self, key: tuple[Any, ...]) -> int:
        """Where the lot with ``key`` is (or belongs) among the open lots."""
        return bisect_left(self._lots, key, lo=self._head, key=_lot_key)

    def _share(self, lot: OpenLot, qty: Decimal) -> Decimal:
        share = lot[LOT_VALUE] * qty / lot[LOT_REMAINING]
        return share.quantize(self.minor, rounding=ROUND_HALF_EVEN)

    def _take(self, index: int, lot: OpenLot, need: Decimal) -> tuple[Decimal, Decimal]:
        """Take up to ``need`` units from ``lot``, the open lot at ``index``: units and cost."""
        origin, key, remaining, value, unit = lot
        if remaining <= need:
            taken, cost = remaining, value
            self._drop(index, lot)
        else:
            taken = need
            cost = unit * need if unit is not None else self._share(lot, need)
            self._lots[index] = (origin, key, remaining - need, value - cost, unit)
        self.on_hand -= taken
        self.value -= cost
        return taken, cost

    def _draw_skipping(self, qty: Decimal, today: date) -> tuple[tuple[Row, ...], Decimal]:
        draws: list[Row] = []
        total = _ZERO
        need = qty
        index = self._head
        while need:
            lot = self._lots[index]
            expires_on = lot[LOT_ORIGIN][EXPIRES_ON]
            if expires_on is not None and expires_on < today:
                index += 1
                continue
            was_head = index == self._head
            taken, cost = self._take(index, lot, need)
            draws.append((lot[LOT_ORIGIN], taken, cost))
            total += cost
            need -= taken
            if was_head and taken == lot[LOT_REMAINING]:  # the head moved on (maybe compacted)
                index = self._head
        return tuple(draws), total

    def _drop(self, index: int, lot: OpenLot) -> None:
        lots = self._lots
        if index == self._head:
            self._head += 1
            if self._head == len(lots) or (
                self._head > _COMPACT_AFTER and 2 * self._head > len(lots)
            ):
                del lots[: self._head]
                self._head = 0
        else:
            del lots[index]
        if lot[LOT_ORIGIN][EXPIRES_ON] is not None:
            self._forget_expiring(lot)

    def _forget_expiring(self, lot: OpenLot) -> None:
        expiring = self._expiring
        del expiring[bisect_left(expiring, _expiry_key(lot))]
