"""The inventory service: storerooms, items, stock movements and requisitions in one place.

:class:`Inventory` is what an embedding system or a scenario script calls. It keeps the item
catalogue and the stock locations, one :class:`~backoffice.domain.inventory.ledger.StockLedger`
per item, and the requisitions, and it wires in the policies: the removal order (FIFO by
default, FEFO per item), the stocktake adjustment threshold and the requisition approval policy.
The stock movements (receive, issue, return, transfer, count, write off) are in
:mod:`backoffice.services.inventory_movements`, each passing straight to the item's ledger (so
recording stays fast); the read side (look-ups, stock figures, reports) is in
:mod:`backoffice.services.inventory_queries` and the requisition desk in
:mod:`backoffice.services.inventory_requisitions`; :class:`Inventory` is built on all three.

Example:
    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> t1 = datetime(2025, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    >>> clerk = ActorId("clerk-wang")
    >>> store = Inventory(currency="CNY")
    >>> _ = store.add_item(Item(sku="A4-80", name="A4 paper 80 g", unit="ream", reorder_point=20))
    >>> _ = store.receive("A4-80", qty=100, unit_cost=Money("21.50", "CNY"), at=t1, by=clerk)
    >>> issued = store.issue("A4-80", qty=30, at=t1, by=clerk, to="finance")
    >>> issued.cost
    Money('645.00', 'CNY')
    >>> store.on_hand("A4-80"), store.value("A4-80")
    (Quantity('70', 'ream'), Money('1505.00', 'CNY'))
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from backoffice.domain.events import DomainEvent, EventLog
from backoffice.domain.inventory.catalogue import (
    CATALOGUE,
    CATALOGUE_CLERK,
    UNDATED,
    StockItemAdded,
    StockLocationAdded,
)
from backoffice.domain.inventory.errors import DuplicateItem
from backoffice.domain.inventory.ids import LocationId
from backoffice.domain.inventory.items import Item, StockLocation
from backoffice.domain.inventory.ledger import StockLedger
from backoffice.domain.inventory.replay import replay
from backoffice.domain.inventory.requisitions import Requisition
from backoffice.errors import ValidationError
from backoffice.policies.removal import (
    FirstInFirstOut,
    RemovalMethod,
    RemovalPolicy,
    removal_policy,
)
from backoffice.policies.requisitions import RequisitionApprovalPolicy, SimpleRequisitionApproval
from backoffice.policies.stock import (
    FORBID_NEGATIVE_STOCK,
    NO_ADJUSTMENT_APPROVAL,
    AdjustmentApprovalPolicy,
    ForbidNegativeStock,
    NegativeStockPolicy,
)
from backoffice.services.inventory_history import sort_history
from backoffice.services.inventory_movements import StockMovements
from backoffice.services.inventory_requisitions import AUTO_APPROVER, RequisitionDesk
from backoffice.values.ids import ActorId, IdGenerator, SequentialIds
from backoffice.values.inputs import (
    actor,
    choice,
    instant,
)
from backoffice.values.money import Money

__all__ = ["AUTO_APPROVER", "Inventory"]


def _currency(value: str) -> str:
    return Money.zero(value).currency


def _removal(value: object) -> RemovalPolicy:
    """A removal policy from its method (``"fifo"``, ``"FEFO"``, ...) or a policy object."""
    if isinstance(value, RemovalMethod | str):
        return removal_policy(choice(value, RemovalMethod, "removal"))
    if isinstance(getattr(value, "method", None), RemovalMethod) and callable(
        getattr(value, "key", None)
    ):
        return value  # type: ignore[return-value]  # a RemovalPolicy by its shape
    raise ValidationError(
        f"removal must be 'fifo', 'fefo' or a RemovalPolicy, got {value!r}",
        field="removal",
        value=value,
    )


@attrs.define(eq=False, on_setattr=attrs.setters.NO_OP)
class Inventory(StockMovements, RequisitionDesk):
    """An organisation's consumables: items, storerooms, stock, lots and requisitions.

    Attributes:
        currency: The currency every cost is kept in.
        removal: The default removal order: ``"fifo"`` (oldest lot first, the default),
            ``"fefo"`` (first to expire first) or any :class:`RemovalPolicy`.
        adjustments: Which stocktake adjustments need an approval reference.
        negative_stock: Whether an issue may go beyond the stock, at a provisional cost
            corrected when stock arrives (by default never: ``InsufficientStock``).
        requisition_approval: Who decides on requisitions (by default: a person, always).
        ids: Mints requisition ids.
        default_location: Where stock goes when no location is named.
    """

    currency: str = attrs.field(converter=_currency)
    removal: RemovalPolicy = attrs.field(factory=FirstInFirstOut, converter=_removal)
    adjustments: AdjustmentApprovalPolicy = NO_ADJUSTMENT_APPROVAL
    negative_stock: NegativeStockPolicy = FORBID_NEGATIVE_STOCK
    requisition_approval: RequisitionApprovalPolicy = attrs.field(factory=SimpleRequisitionApproval)
    ids: IdGenerator = attrs.field(factory=SequentialIds)
    default_location: StockLocation = attrs.field(
        factory=lambda: StockLocation("MAIN", name="Main storeroom")
    )
    _locations: dict[str, StockLocation] = attrs.field(factory=dict, init=False)
    _ledgers: dict[str, StockLedger] = attrs.field(factory=dict, init=False)
    _requisitions: dict[str, Requisition] = attrs.field(factory=dict, init=False)
    _catalogue: EventLog = attrs.field(factory=EventLog, init=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.default_location, StockLocation):
            raise ValidationError(
                f"default_location must be a StockLocation, got {self.default_location!r}",
                field="default_location",
                value=self.default_location,
            )
        self._locations[self.default_location.id.value] = self.default_location

    @classmethod
    def restore(
        cls,
        events: Iterable[DomainEvent],
        *,
        currency: str,
        removal: RemovalPolicy | RemovalMethod | str = RemovalMethod.FIFO,
        adjustments: AdjustmentApprovalPolicy = NO_ADJUSTMENT_APPROVAL,
        negative_stock: NegativeStockPolicy = FORBID_NEGATIVE_STOCK,
        requisition_approval: RequisitionApprovalPolicy | None = None,
        ids: IdGenerator | None = None,
        default_location: StockLocation | None = None,
    ) -> Inventory:
        """Rebuild a storeroom from every event it recorded, ready to work on.

        Items and locations come back from the catalogue's events, each item's stock ledger
        is replayed from its own events (lots, costs, reservations, corrections), and each
        requisition from its events. Events of different streams may be interleaved in any
        way; each stream must be whole and in order. Requisitions are listed in the order
        their first events come (the order they were submitted in, when the history is given
        back as recorded). Pass the same policies the storeroom
        ran with (a per-item removal order is resolved by its recorded name). Requisition ids
        continue after the highest one issued: a :class:`SequentialIds` (the default) is told
        about every id found; another generator must not mint those ids again by itself.

        Returns:
            The storeroom, with no pending events (they are the ones given).

        Raises:
            ValidationError: An event of no inventory stream, a ledger's or requisition's
                events that do not replay to themselves, stock events of an item never added.
        """
        history = sort_history(events)
        inventory = cls(
            currency,
            removal,
            adjustments,
            negative_stock,
            requisition_approval or SimpleRequisitionApproval(),
            ids if ids is not None else SequentialIds(),
            default_location or StockLocation("MAIN", name="Main storeroom"),
        )
        for event in history.catalogue:
            if isinstance(event, StockLocationAdded):
                inventory._locations[event.location.id.value] = event.location
            else:
                order = inventory._order(event.removal)
                inventory._ledgers[event.item.sku] = replay(
                    event.item,
                    inventory.currency,
                    order,
                    history.ledgers.pop(event.item.sku, ()),
                    adjustments=inventory.adjustments,
                    negative=inventory._negative_rule(),
                )
        inventory._catalogue = EventLog(version=len(history.catalogue))
        if history.ledgers:
            sku = next(iter(history.ledgers))
            raise ValidationError(
                f"stock events of {sku}, an item the catalogue never added",
                field="events",
                value=sku,
            )
        for stream in history.requisitions.values():
            requisition = Requisition.replay(stream)
            inventory._requisitions[requisition.id.value] = requisition
            if isinstance(inventory.ids, SequentialIds):
                inventory.ids.observe(requisition.id)
        return inventory

    # -- catalogue ------------------------------------------------------------------------------

    def add_location(
        self,
        location: StockLocation | LocationId | str,
        *,
        at: datetime | None = None,
        by: ActorId | str | None = None,
    ) -> StockLocation:
        """Add a storeroom, warehouse or cabinet.

        Args:
            location: The location, or its id.
            at: When it was opened (recorded as :data:`UNDATED` when omitted).
            by: Who opened it (recorded as :data:`CATALOGUE_CLERK` when omitted).

        Raises:
            DuplicateItem: A location with that id exists.
            ValidationError: A location that is none of those, a naive time, a blank actor.
        """
        place = location if isinstance(location, StockLocation) else StockLocation(location)
        when, who = self._when_and_who(at, by)
        if place.id.value in self._locations:
            raise DuplicateItem("location", place.id)
        self._locations[place.id.value] = place
        self._catalogue.append(
            StockLocationAdded(
                aggregate_id=CATALOGUE,
                version=self._catalogue.next_version,
                actor=who,
                occurred_at=when,
                location=place,
            )
        )
        return place

    def add_item(
        self,
        item: Item,
        *,
        removal: RemovalPolicy | RemovalMethod | str | None = None,
        at: datetime | None = None,
        by: ActorId | str | None = None,
    ) -> StockLedger:
        """Start keeping ``item``; ``removal`` overrides the default order (e.g. FEFO for masks).

        Args:
            item: The item.
            removal: Its removal order, when not the storeroom's default.
            at: When it was added (recorded as :data:`UNDATED` when omitted).
            by: Who added it (recorded as :data:`CATALOGUE_CLERK` when omitted).

        Returns:
            The item's new, empty stock ledger.

        Raises:
            DuplicateItem: An item with that SKU exists.
            ValidationError: ``item`` is not an :class:`Item`, ``removal`` is no removal
                order, a naive time, a blank actor.
        """
        if not isinstance(item, Item):
            raise ValidationError(
                f"item must be an Item, got {type(item).__name__} {item!r}", field="item"
            )
        order = self.removal if removal is None else _removal(removal)
        when, who = self._when_and_who(at, by)
        if item.sku in self._ledgers:
            raise DuplicateItem("item", item.sku)
        ledger = StockLedger(item, self.currency, order, self.adjustments, self._negative_rule())
        self._ledgers[item.sku] = ledger
        self._catalogue.append(
            StockItemAdded(
                aggregate_id=CATALOGUE,
                version=self._catalogue.next_version,
                actor=who,
                occurred_at=when,
                item=item,
                removal=None if removal is None else order.method.value,
            )
        )
        return ledger

    def collect_events(self) -> list[DomainEvent]:
        """The events recorded since the last call, oldest first within each stream.

        The catalogue's first, then each item's ledger's, then each requisition's.
        """
        events: list[DomainEvent] = self._catalogue.collect()
        for ledger in self._ledgers.values():
            events.extend(ledger.collect_events())
        for requisition in self._requisitions.values():
            events.extend(requisition.collect_events())
        return events

    # -- internals ------------------------------------------------------------------------------

    def _negative_rule(self) -> NegativeStockPolicy | None:
        negative = self.negative_stock
        return None if isinstance(negative, ForbidNegativeStock) else negative

    def _order(self, method: str | None) -> RemovalPolicy:
        if method is None or method == self.removal.method.value:
            return self.removal
        return _removal(method)

    @staticmethod
    def _when_and_who(at: object, by: object) -> tuple[datetime, ActorId]:
        when = UNDATED if at is None else instant(at)
        who = CATALOGUE_CLERK if by is None else actor(by, "by")
        return when, who
