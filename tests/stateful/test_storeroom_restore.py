"""A whole storeroom, restored from its events after every step, is the storeroom it was.

The machine drives an :class:`Inventory` with two items (one FIFO, one FEFO with a shelf life)
at two locations through receipts, issues, returns, transfers, write-offs, stocktakes and
requisitions in every state (submitted, approved by the policy or a person, referred,
rejected, fulfilled in parts, cancelled), commands that must be refused among them. After every
step it restores a storeroom from all the events recorded so far and checks that it reports
exactly what the live one does, and that every event goes through the codec and ``json``.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from backoffice import ActorId, BackofficeError, Money
from backoffice.domain.events import DomainEvent
from backoffice.domain.inventory import Item, RequisitionStatus, StockMovement
from backoffice.policies.requisitions import SimpleRequisitionApproval
from backoffice.serialization import EventCodec
from backoffice.services.inventory import Inventory
from backoffice.testing.inventory import reports

T0 = datetime(2025, 3, 3, 9, tzinfo=UTC)
CLERK = ActorId("clerk")
STAFF = st.sampled_from([ActorId("li"), ActorId("wang"), ActorId("zhao")])
ITEMS = (
    Item(sku="A4-80", name="A4 paper", unit="ream", reorder_point=10),
    Item(sku="MASK", name="masks", unit="box", shelf_life=5),
)
SKUS = st.sampled_from([item.sku for item in ITEMS])
PLACES = st.sampled_from(["MAIN", "B1"])
QTY = st.integers(1, 8)
COST = st.integers(0, 3000).map(lambda cents: Money(Decimal(cents).scaleb(-2), "CNY"))
DEPARTMENTS = st.sampled_from(["hr", "it"])

gc.collect()  # attrs' slotted classes leave their first draft in __subclasses__ until then
CODEC = EventCodec.for_all_events()


def _policy() -> SimpleRequisitionApproval:
    return SimpleRequisitionApproval(
        auto_approve_up_to=Money("40.00", "CNY"), reject_above=Money("400.00", "CNY")
    )


class StoreroomRestored(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.store = Inventory(currency="CNY", requisition_approval=_policy())
        self.store.add_item(ITEMS[0])
        self.store.add_item(ITEMS[1], removal="fefo", at=T0, by=CLERK)
        self.store.add_location("B1", at=T0, by=CLERK)
        self.events: list[DomainEvent] = []
        self.issues: list[StockMovement] = []
        self.now = T0

    def tick(self, hours: int) -> datetime:
        self.now += timedelta(hours=hours)
        return self.now

    def attempt(self, act: Callable[[], object]) -> object:
        """Run a command; a refused one must leave no trace (checked by the invariants)."""
        before = reports(self.store)
        try:
            return act()
        except BackofficeError:
            assert reports(self.store) == before, "a refused command changed the storeroom"
            assert not self.store.collect_events(), "a refused command recorded an event"
            return None

    def open_requisitions(self, *states: RequisitionStatus) -> list[str]:
        return [r.id.value for r in self.store.requisitions() if r.status in states]

    # -- stock ----------------------------------------------------------------------------------

    @rule(sku=SKUS, qty=st.integers(1, 30), cost=COST, place=PLACES, hours=st.integers(0, 30))
    def receive(self, sku: str, qty: int, cost: Money, place: str, hours: int) -> None:
        at = self.tick(hours)
        self.attempt(
            lambda: self.store.receive(sku, qty, unit_cost=cost, at=at, by=CLERK, location=place)
        )

    @rule(sku=SKUS, qty=st.integers(1, 30), cost=COST, place=PLACES, hours=st.integers(0, 30))
    def receive_at_a_total_cost(
        self, sku: str, qty: int, cost: Money, place: str, hours: int
    ) -> None:
        at = self.tick(hours)
        self.attempt(
            lambda: self.store.receive(sku, qty, total_cost=cost, at=at, by=CLERK, location=place)
        )

    @rule(sku=SKUS, qty=QTY, place=PLACES, hours=st.integers(0, 30), to=DEPARTMENTS)
    def issue(self, sku: str, qty: int, place: str, hours: int, to: str) -> None:
        at = self.tick(hours)
        issued = self.attempt(
            lambda: self.store.issue(sku, qty, at=at, by=CLERK, to=to, location=place)
        )
        if isinstance(issued, StockMovement):
            self.issues.append(issued)

    @precondition(lambda self: bool(self.issues))
    @rule(data=st.data(), qty=st.integers(1, 3), hours=st.integers(0, 5))
    def return_to_stock(self, data: st.DataObject, qty: int, hours: int) -> None:
        issued = data.draw(st.sampled_from(self.issues))
        at = self.tick(hours)
        self.attempt(lambda: self.store.return_to_stock(issued, qty, at=at, by=CLERK))

    @rule(sku=SKUS, qty=QTY, route=st.permutations(["MAIN", "B1"]), hours=st.integers(0, 10))
    def transfer(self, sku: str, qty: int, route: list[str], hours: int) -> None:
        at = self.tick(hours)
        source, target = route
        self.attempt(
            lambda: self.store.transfer(
                sku, qty, from_location=source, to_location=target, at=at, by=CLERK
            )
        )

    @rule(sku=SKUS, delta=st.integers(-4, 3), place=PLACES, hours=st.integers(0, 10))
    def count(self, sku: str, delta: int, place: str, hours: int) -> None:
        at = self.tick(hours)
        found = max(0, int(self.store.on_hand(sku, place).value) + delta)
        self.attempt(lambda: self.store.count(sku, found, at=at, by=CLERK, location=place))

    @rule(sku=SKUS, qty=QTY, place=PLACES, reason=st.sampled_from(["damaged", "LOST"]))
    def write_off(self, sku: str, qty: int, place: str, reason: str) -> None:
        at = self.tick(1)
        self.attempt(
            lambda: self.store.write_off(sku, qty, reason=reason, at=at, by=CLERK, location=place)
        )

    @rule(hours=st.integers(24, 24 * 8))
    def write_off_expired(self, hours: int) -> None:
        at = self.tick(hours)
        self.attempt(lambda: self.store.write_off_expired(at=at, by=CLERK))

    # -- requisitions ---------------------------------------------------------------------------

    @rule(wanted=st.dictionaries(SKUS, QTY, min_size=1), who=STAFF, department=DEPARTMENTS,
          place=PLACES)  # fmt: skip
    def submit_requisition(
        self, wanted: dict[str, int], who: ActorId, department: str, place: str
    ) -> None:
        at = self.tick(1)
        self.attempt(
            lambda: self.store.submit_requisition(
                wanted, requester=who, department=department, at=at, location=place
            )
        )

    @precondition(lambda self: bool(self.open_requisitions(RequisitionStatus.SUBMITTED)))
    @rule(data=st.data(), who=STAFF, approve=st.booleans())
    def decide(self, data: st.DataObject, who: ActorId, approve: bool) -> None:
        chosen = data.draw(st.sampled_from(self.open_requisitions(RequisitionStatus.SUBMITTED)))
        at = self.tick(1)
        if approve:
            self.attempt(lambda: self.store.approve_requisition(chosen, by=who, at=at))
        else:
            self.attempt(
                lambda: self.store.reject_requisition(chosen, by=who, at=at, reason="not now")
            )

    @precondition(
        lambda self: bool(
            self.open_requisitions(
                RequisitionStatus.APPROVED, RequisitionStatus.PARTIALLY_FULFILLED
            )
        )
    )
    @rule(data=st.data(), part=st.booleans())
    def fulfil(self, data: st.DataObject, part: bool) -> None:
        chosen = data.draw(
            st.sampled_from(
                self.open_requisitions(
                    RequisitionStatus.APPROVED, RequisitionStatus.PARTIALLY_FULFILLED
                )
            )
        )
        at = self.tick(1)
        outstanding = self.store.requisition(chosen).outstanding()
        quantities = {sku: 1 for sku, left in outstanding.items() if left.value} if part else None
        self.attempt(
            lambda: self.store.fulfil_requisition(chosen, by=CLERK, at=at, quantities=quantities)
        )

    @precondition(lambda self: bool(self.store.requisitions()))
    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        chosen = data.draw(st.sampled_from([r.id.value for r in self.store.requisitions()]))
        at = self.tick(1)
        self.attempt(lambda: self.store.cancel_requisition(chosen, by=CLERK, at=at))

    # -- invariants -----------------------------------------------------------------------------

    @invariant()
    def every_event_goes_through_the_codec_and_a_restore_gives_the_live_storeroom(self) -> None:
        new = self.store.collect_events()
        for event in new:
            text = json.dumps(CODEC.dump(event))
            assert CODEC.load(json.loads(text)) == event
        self.events.extend(new)
        restored = Inventory.restore(self.events, currency="CNY", requisition_approval=_policy())
        assert reports(restored, at=self.now) == reports(self.store, at=self.now)
        assert reports(self.store)["problems"] == []


TestStoreroomRestored = StoreroomRestored.TestCase
# Every step restores the whole storeroom: a third of the profile's examples keeps CI quick.
TestStoreroomRestored.settings = settings(
    settings.default, max_examples=max(10, settings().max_examples // 3)
)
