"""The stock ledger against a naive model, step by step.

The model keeps nothing but the list of accepted commands; after every step it recomputes the
whole stock from scratch, in effective order (time, then number), lot by lot and cent by cent.
The machine records receipts, issues, returns, transfers, stocktakes, write-offs and backdated
movements on the real ledger, and issues that must fail; after every step it checks that
quantities are never negative, lots are in FIFO order, value is conserved to the cent, the
ledger agrees with the model, a failed command changed nothing, and replaying the events
rebuilds the same ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from backoffice import ActorId, BackofficeError, Money
from backoffice.domain.events import DomainEvent
from backoffice.domain.inventory import InsufficientStock, Item, LocationId, StockLedger, replay
from backoffice.policies.removal import FirstInFirstOut

T0 = datetime(2025, 3, 3, 9, tzinfo=UTC)
CLERK = ActorId("clerk")
LOCATIONS = ("MAIN", "B1")
PAPER = Item(sku="A4-80", name="A4 paper", unit="ream")
ZERO = Decimal(0)

hours = st.integers(0, 200)
quantities = st.integers(1, 12).map(Decimal)
received = st.integers(5, 40).map(Decimal)
unit_costs = st.integers(0, 5000).map(lambda cents: Decimal(cents).scaleb(-2))
locations = st.sampled_from(LOCATIONS)


class ModelFailure(Exception):
    """The model says the commands cannot all be carried out."""


@dataclass
class Command:
    kind: str
    number: int
    at: datetime
    location: str
    qty: Decimal = ZERO
    unit_cost: Decimal | None = None
    destination: str | None = None
    issue: int | None = None
    variance: Decimal | None = None


@dataclass
class Lot:
    origin: int
    received_at: datetime
    unit_cost: Decimal
    remaining: Decimal

    @property
    def key(self) -> tuple[datetime, int]:
        return (self.received_at, self.origin)


@dataclass
class Outcome:
    lots: dict[str, list[Lot]] = field(default_factory=lambda: {loc: [] for loc in LOCATIONS})
    costs: dict[int, Decimal] = field(default_factory=dict)
    draws: dict[int, list[tuple[Lot, Decimal]]] = field(default_factory=dict)
    returned: dict[int, Decimal] = field(default_factory=dict)

    def on_hand(self, location: str) -> Decimal:
        return sum((lot.remaining for lot in self.lots[location]), ZERO)

    def put(self, location: str, like: Lot, qty: Decimal) -> None:
        shelf = self.lots[location]
        for lot in shelf:
            if lot.origin == like.origin:
                lot.remaining += qty
                return
        shelf.append(Lot(like.origin, like.received_at, like.unit_cost, qty))
        shelf.sort(key=lambda lot: lot.key)

    def take(self, location: str, qty: Decimal) -> list[tuple[Lot, Decimal]]:
        if qty > self.on_hand(location):
            raise ModelFailure
        taken: list[tuple[Lot, Decimal]] = []
        shelf = self.lots[location]
        while qty:
            lot = shelf[0]
            part = min(qty, lot.remaining)
            lot.remaining -= part
            qty -= part
            taken.append((Lot(lot.origin, lot.received_at, lot.unit_cost, part), part))
            if not lot.remaining:
                shelf.pop(0)
        return taken


def _receipt(out: Outcome, cmd: Command) -> None:
    assert cmd.unit_cost is not None
    out.put(cmd.location, Lot(cmd.number, cmd.at, cmd.unit_cost, ZERO), cmd.qty)
    out.costs[cmd.number] = cmd.unit_cost * cmd.qty


def _take(out: Outcome, cmd: Command) -> None:
    """Issues, write-offs and transfers: oldest lot first; transfers put the lots elsewhere."""
    taken = out.take(cmd.location, cmd.qty)
    out.draws[cmd.number] = taken
    out.costs[cmd.number] = sum((lot.unit_cost * q for lot, q in taken), ZERO)
    if cmd.destination is not None:
        for lot, q in taken:
            out.put(cmd.destination, lot, q)


def _return(out: Outcome, cmd: Command) -> None:
    assert cmd.issue is not None
    already = out.returned.get(cmd.issue, ZERO)
    issued = out.draws[cmd.issue]
    if cmd.qty > sum((q for _, q in issued), ZERO) - already:
        raise ModelFailure
    skip, need, cost = already, cmd.qty, ZERO
    for lot, q in reversed(issued):  # the last lot drawn comes back first
        if skip >= q:
            skip -= q
            continue
        part = min(q - skip, need)
        skip = ZERO
        out.put(cmd.location, lot, part)
        cost += lot.unit_cost * part
        need -= part
        if not need:
            break
    out.returned[cmd.issue] = already + cmd.qty
    out.costs[cmd.number] = cost


def _count(out: Outcome, cmd: Command) -> None:
    assert cmd.variance is not None
    assert cmd.unit_cost is not None
    if cmd.variance > 0:
        out.put(cmd.location, Lot(cmd.number, cmd.at, cmd.unit_cost, ZERO), cmd.variance)
        out.costs[cmd.number] = cmd.unit_cost * cmd.variance
    else:
        taken = out.take(cmd.location, -cmd.variance)
        out.costs[cmd.number] = sum((lot.unit_cost * q for lot, q in taken), ZERO)


STEPS = {
    "receipt": _receipt,
    "issue": _take,
    "write-off": _take,
    "transfer": _take,
    "return": _return,
    "count": _count,
}


def simulate(commands: list[Command]) -> Outcome:
    """Carry out every command in effective order, from nothing."""
    out = Outcome()
    for cmd in sorted(commands, key=lambda c: (c.at, c.number)):
        STEPS[cmd.kind](out, cmd)
    return out


class LedgerAgainstModel(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.ledger = StockLedger(PAPER, "CNY", FirstInFirstOut())
        self.commands: list[Command] = []
        self.model = Outcome()
        self.now = T0
        self.counted_at: dict[str, datetime] = {}
        self.events: list[DomainEvent] = []

    # -- helpers --------------------------------------------------------------------------------

    def when(self, later: int, backdate: int | None) -> datetime:
        if backdate is None:
            self.now += timedelta(hours=later)
            return self.now
        return max(T0, self.now - timedelta(hours=backdate))

    def snapshot(self) -> tuple[object, ...]:
        ledger = self.ledger
        return (ledger.version, ledger.movements(), ledger.lots(), ledger.value(), ledger.on_hand())

    def attempt(self, command: Command, act: Callable[[], object]) -> None:
        """Carry ``command`` out on the ledger; the model says whether it must succeed."""
        locked = any(
            place is not None and place in self.counted_at and command.at < self.counted_at[place]
            for place in (command.location, command.destination)
        )
        try:
            expected = None if locked else simulate([*self.commands, command])
        except ModelFailure:
            expected = None
        before = self.snapshot()
        try:
            act()
        except BackofficeError:
            assert expected is None, f"the ledger refused {command}, the model accepts it"
            assert self.snapshot() == before, "a failed command changed the ledger"
            return
        assert expected is not None, f"the ledger accepted {command}, the model refuses it"
        self.commands.append(command)
        self.model = expected

    def next_number(self) -> int:
        return len(self.commands) + 1

    # -- rules ----------------------------------------------------------------------------------

    @rule(
        qty=received,
        unit_cost=unit_costs,
        location=locations,
        later=hours,
        backdate=st.none() | hours,
    )
    def receive(
        self, qty: Decimal, unit_cost: Decimal, location: str, later: int, backdate: int | None
    ) -> None:
        at = self.when(later, backdate)
        cmd = Command("receipt", self.next_number(), at, location, qty, unit_cost)
        money = Money(unit_cost, "CNY")
        self.attempt(
            cmd,
            lambda: self.ledger.receive(
                LocationId(location), qty, unit_cost=money, at=at, by=CLERK
            ),
        )

    @rule(qty=quantities, location=locations, later=hours, backdate=st.none() | hours)
    def issue(self, qty: Decimal, location: str, later: int, backdate: int | None) -> None:
        at = self.when(later, backdate)
        cmd = Command("issue", self.next_number(), at, location, qty)
        self.attempt(
            cmd, lambda: self.ledger.issue(LocationId(location), qty, at=at, by=CLERK, to="hr")
        )

    @rule(location=locations, extra=st.integers(1, 5))
    def issue_more_than_there_is(self, location: str, extra: int) -> None:
        before = self.snapshot()
        qty = self.model.on_hand(location) + extra
        with pytest.raises(InsufficientStock) as refused:
            self.ledger.issue(LocationId(location), qty, at=self.now, by=CLERK)
        assert refused.value.requested.value == qty
        assert self.snapshot() == before

    @precondition(lambda self: any(c.kind == "issue" for c in self.commands))
    @rule(data=st.data(), qty=quantities, later=hours, backdate=st.none() | hours)
    def return_to_stock(
        self, data: st.DataObject, qty: Decimal, later: int, backdate: int | None
    ) -> None:
        issue = data.draw(st.sampled_from([c for c in self.commands if c.kind == "issue"]))
        at = max(self.when(later, backdate), issue.at)
        cmd = Command("return", self.next_number(), at, issue.location, qty, issue=issue.number)
        self.attempt(cmd, lambda: self.ledger.return_to_stock(issue.number, qty, at=at, by=CLERK))

    @rule(
        qty=quantities,
        route=st.permutations(LOCATIONS),
        later=hours,
        backdate=st.none() | hours,
    )
    def transfer(self, qty: Decimal, route: list[str], later: int, backdate: int | None) -> None:
        at = self.when(later, backdate)
        source, target = route
        cmd = Command("transfer", self.next_number(), at, source, qty, destination=target)
        self.attempt(
            cmd,
            lambda: self.ledger.transfer(
                LocationId(source), LocationId(target), qty, at=at, by=CLERK
            ),
        )

    @rule(qty=quantities, location=locations, later=hours, backdate=st.none() | hours)
    def write_off_damaged(
        self, qty: Decimal, location: str, later: int, backdate: int | None
    ) -> None:
        at = self.when(later, backdate)
        cmd = Command("write-off", self.next_number(), at, location, qty)
        self.attempt(
            cmd,
            lambda: self.ledger.write_off(
                LocationId(location), qty, reason="damaged", at=at, by=CLERK
            ),
        )

    @rule(location=locations, delta=st.integers(-12, 5), unit_cost=unit_costs, later=hours)
    def count(self, location: str, delta: int, unit_cost: Decimal, later: int) -> None:
        at = self.when(later, None)
        book = self.model.on_hand(location)
        found = max(ZERO, book + delta)
        cmd = Command(
            "count", self.next_number(), at, location, unit_cost=unit_cost, variance=found - book
        )
        self.attempt(
            cmd,
            lambda: self.ledger.count(
                LocationId(location), found, unit_cost=Money(unit_cost, "CNY"), at=at, by=CLERK
            ),
        )
        if self.commands and self.commands[-1] is cmd:
            self.counted_at[location] = at

    # -- invariants -----------------------------------------------------------------------------

    @invariant()
    def bookkeeping_is_consistent(self) -> None:
        assert self.ledger.check_invariants() == []

    @invariant()
    def quantities_are_never_negative_and_lots_leave_oldest_first(self) -> None:
        for location in LOCATIONS:
            lots = self.ledger.lots(LocationId(location))
            assert all(lot.remaining.value > 0 and lot.value.amount >= 0 for lot in lots)
            keys = [(lot.received_at, lot.number) for lot in lots]
            assert keys == sorted(keys)

    @invariant()
    def value_is_conserved_to_the_cent(self) -> None:
        net = ZERO
        for movement in self.ledger.movements():
            net += movement.value_change
        assert net == self.ledger.value().amount

    @invariant()
    def the_ledger_agrees_with_the_model(self) -> None:
        for location in LOCATIONS:
            shelf = [
                (lot.number, lot.remaining.value, lot.value.amount)
                for lot in self.ledger.lots(LocationId(location))
            ]
            assert shelf == [
                (lot.origin, lot.remaining, lot.unit_cost * lot.remaining)
                for lot in self.model.lots[location]
            ]
        assert {m.number: m.amount for m in self.ledger.movements()} == self.model.costs

    @invariant()
    def replaying_the_events_rebuilds_the_ledger(self) -> None:
        self.events.extend(self.ledger.collect_events())
        rebuilt = replay(PAPER, "CNY", FirstInFirstOut(), self.events)
        assert rebuilt.movements() == self.ledger.movements()
        assert rebuilt.lots() == self.ledger.lots()


TestLedgerAgainstModel = LedgerAgainstModel.TestCase
