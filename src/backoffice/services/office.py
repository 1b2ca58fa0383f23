"""The office: every back-office service run as one, with one clock, one record and save/restore.

An organisation's back office (后勤) is one place: a requisition for paper is approved along
the approval matrix, committed against the department's budget line, handed out from the
storeroom at FIFO cost and booked as spent; a broken air conditioner is a service request with
an SLA. :class:`Office` runs the service desk, the storeroom, budgets and approvals together:

* **one clock** (steps given no ``at`` happen at ``clock.now()``), **one calendar registry**
  (calendars named by the SLA snapshots and the approval calendar are looked up there), **one
  id source** (request and requisition ids come from the same generator);
* **one ordered outbox** (:meth:`Office.collect_events`) across every area;
* **units of work**: every command of the office, and any block inside
  :meth:`Office.unit_of_work`, happens whole or not at all (see
  :mod:`backoffice.services.journal` for how);
* **save and restore**: :meth:`Office.save` appends what happened since the last save to an
  :class:`~backoffice.ports.events.EventStore` (in memory, or SQLite with
  :class:`~backoffice.adapters.sqlite.SqliteEventStore`), and :meth:`Office.restore` builds a
  fresh office from a store, ready to continue.

The requisition flow (:meth:`Office.submit_requisition`, :meth:`Office.approve`,
:meth:`Office.fulfil_requisition`, :meth:`Office.cancel_requisition`) wires what the areas
imply: the storeroom's :class:`~backoffice.policies.requisitions.MatrixRequisitionApproval`
refers a requisition to the approval chain the matrix gives (its document id is the
requisition's id); the last approval commits the estimated cost against the department's budget
line (commitment id = requisition id) and reserves the stock; fulfilment issues it at FIFO cost
and books that cost as the actual (closing the commitment once everything is handed out).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import TypeVar

import attrs

from backoffice.calendar import BusinessCalendar, CalendarRegistry, WorkingCalendar
from backoffice.clock import Clock
from backoffice.domain.events import DomainEvent
from backoffice.domain.requests import (
    Category,
    Channel,
    Criticality,
    RequestLocation,
    ServiceRequest,
    SlaAlert,
    Tier,
)
from backoffice.ports.events import EventStore
from backoffice.services.approvals import ApprovalService
from backoffice.services.budgets import BudgetService
from backoffice.services.directory import Directory
from backoffice.services.inventory import Inventory
from backoffice.services.journal import Area, OfficeJournal
from backoffice.services.office_ids import UnitOfWorkIds
from backoffice.services.office_requisitions import RequisitionFlow
from backoffice.services.office_rules import OfficeRules
from backoffice.services.requests import ServiceDesk
from backoffice.values.ids import (
    ActorId,
    AssetId,
    DepartmentId,
    IdGenerator,
    RequestId,
    SequentialIds,
)

__all__ = ["Office", "OfficeRules"]

T = TypeVar("T")


@attrs.define
class Office(RequisitionFlow):
    """The back office as one: desk, storeroom, budgets and approvals, saved and restored whole.

    Build it with :meth:`open` (a new office) or :meth:`restore` (from a store). Commands
    take ``at`` (an aware instant) or use the office clock.

    Attributes:
        rules: The policies.
        clock: Where "now" comes from.
        calendars: The calendars by name.
        directory: Who holds which role (the org chart).
        ids: The one id source of the office.
    """

    rules: OfficeRules
    clock: Clock
    calendars: CalendarRegistry
    directory: Directory
    ids: IdGenerator
    journal: OfficeJournal = attrs.field(init=False)
    _ids: UnitOfWorkIds = attrs.field(init=False)

    # -- building ------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        rules: OfficeRules,
        *,
        clock: Clock,
        calendars: CalendarRegistry | Mapping[str, WorkingCalendar],
        directory: Directory,
        ids: IdGenerator | None = None,
    ) -> Office:
        """A new office with nothing recorded yet."""
        return cls._bare(rules, clock, calendars, directory, ids)

    @classmethod
    def restore(
        cls,
        store: EventStore,
        rules: OfficeRules,
        *,
        clock: Clock,
        calendars: CalendarRegistry | Mapping[str, WorkingCalendar],
        directory: Directory,
        ids: IdGenerator | None = None,
    ) -> Office:
        """An office rebuilt from everything ``store`` holds, ready to continue.

        Pass the same rules, calendars and directory the office ran with. Ids continue after
        the highest one issued.
        """
        office = cls._bare(rules, clock, calendars, directory, ids)
        office.journal.load(store.read_all())
        for request in office.desk.requests:
            office._ids.observe(request.id)
        for requisition in office.inventory.requisitions():
            office._ids.observe(requisition.id)
        return office

    @classmethod
    def _bare(
        cls,
        rules: OfficeRules,
        clock: Clock,
        calendars: CalendarRegistry | Mapping[str, WorkingCalendar],
        directory: Directory,
        ids: IdGenerator | None,
    ) -> Office:
        registry = (
            calendars if isinstance(calendars, CalendarRegistry) else CalendarRegistry(calendars)
        )
        return cls(rules, clock, registry, directory, ids if ids is not None else SequentialIds())

    def __attrs_post_init__(self) -> None:
        approval_calendar: WorkingCalendar = (
            BusinessCalendar.always()
            if self.rules.approval_calendar is None
            else self.calendars.resolve(self.rules.approval_calendar)
        )
        self._ids = ids = UnitOfWorkIds(self.ids)
        rules = self.rules
        # The SLA policy's own calendars, and the office's (which win on a shared name).
        sla_calendars = {**getattr(rules.sla_policy, "calendars", {}), **self.calendars}

        def desk(events: list[DomainEvent]) -> ServiceDesk:
            return ServiceDesk.restore(
                events,
                sla_policy=rules.sla_policy,
                calendars=sla_calendars,
                triage=rules.triage,
                ids=ids,
                clock=self.clock,
            )

        def storeroom(events: list[DomainEvent]) -> Inventory:
            return Inventory.restore(
                events,
                currency=rules.currency,
                requisition_approval=rules.requisition_approval,
                ids=ids,
            )

        def approvals(events: list[DomainEvent]) -> ApprovalService:
            return ApprovalService.restore(
                events,
                policy=rules.approval_policy,
                directory=self.directory,
                calendar=approval_calendar,
            )

        def budgets(events: list[DomainEvent]) -> BudgetService:
            # Rebuilt after the approvals (the areas' order), so it gets today's service.
            return BudgetService.restore(
                events, overrun_policy=rules.overrun_policy, approvals=self.approvals
            )

        approval_service = approvals([])
        areas = [
            Area("requests", desk([]), desk),
            Area("inventory", storeroom([]), storeroom),
            Area("approvals", approval_service, approvals),
            Area("budgets", BudgetService(rules.overrun_policy, approval_service), budgets),
        ]
        self.journal = OfficeJournal(
            {area.name: area for area in areas},
            on_rebuild=self._rewire,
            ids=ids,
        )

    def _rewire(self) -> None:
        """After areas were rebuilt: budgets look approved documents up in today's approvals."""
        self.budgets.approvals = self.approvals

    # -- the areas -----------------------------------------------------------------------------

    @property
    def desk(self) -> ServiceDesk:
        """The service desk (read it; change it through the office's commands)."""
        return self._service("requests", ServiceDesk)

    @property
    def inventory(self) -> Inventory:
        """The storeroom."""
        return self._service("inventory", Inventory)

    @property
    def approvals(self) -> ApprovalService:
        """The approval chains."""
        return self._service("approvals", ApprovalService)

    @property
    def budgets(self) -> BudgetService:
        """The budgets."""
        return self._service("budgets", BudgetService)

    def _service(self, name: str, kind: type[T]) -> T:
        service = self.journal.areas[name].service
        if not isinstance(service, kind):  # pragma: no cover - the areas are built above
            raise TypeError(name)
        return service

    # -- units of work, record, save -----------------------------------------------------------

    @contextmanager
    def unit_of_work(self) -> Iterator[Office]:
        """Run several commands (of any area) as one: all of them happen, or none.

        Example::

            with office.unit_of_work():
                office.inventory.receive("A4-80", 100, unit_cost=cost, at=t, by=clerk)
                office.budgets.record_direct_expense(...)
        """
        with self.journal.unit_of_work():
            yield self

    def run(self, command: Callable[[], T]) -> T:
        """Run ``command()`` as one unit of work and return what it returns."""
        with self.journal.unit_of_work():
            return command()

    def collect_events(self) -> list[DomainEvent]:
        """Every event committed since the last call, across all areas, in order."""
        return self.journal.collect_events()

    def events(self) -> list[DomainEvent]:
        """Every event the office has recorded (restored ones included), in order."""
        return self.journal.events()

    def save(self, store: EventStore, *, at: datetime | None = None) -> int:
        """Append what happened since the last save to ``store`` as one unit of work.

        Returns:
            The number of events saved.

        Raises:
            ConcurrencyConflict: Another office saved to the same streams first.
        """
        return self.journal.save(store, recorded_at=self._now(at))

    def _now(self, at: datetime | None) -> datetime:
        return self.clock.now() if at is None else at

    # -- service requests ----------------------------------------------------------------------

    def submit_request(
        self,
        *,
        channel: Channel | str,
        category: Category | str,
        description: str,
        location: RequestLocation,
        requester: ActorId | str,
        at: datetime | None = None,
        actor: ActorId | str | None = None,
        department: DepartmentId | str | None = None,
        asset: AssetId | str | None = None,
        asset_criticality: Criticality | str | None = None,
        desired_by: datetime | None = None,
    ) -> ServiceRequest:
        """Raise a service request (see :meth:`ServiceDesk.submit`)."""
        moment = self._now(at)
        return self.run(
            lambda: self.desk.submit(
                channel=channel,
                category=category,
                description=description,
                location=location,
                requester=requester,
                at=moment,
                actor=actor,
                department=department,
                asset=asset,
                asset_criticality=asset_criticality,
                desired_by=desired_by,
            )
        )

    def accept_request(
        self,
        request_id: RequestId | str,
        *,
        actor: ActorId | str,
        tier: Tier | str | None = None,
        at: datetime | None = None,
    ) -> ServiceRequest:
        """Accept a request with ``tier`` (or the triage proposal); its SLA targets are fixed."""
        moment = self._now(at)
        return self.run(lambda: self.desk.accept(request_id, actor=actor, at=moment, tier=tier))

    @contextmanager
    def working_on(self, request_id: RequestId | str) -> Iterator[ServiceRequest]:
        """Take steps on a request; if one raises, none of the block's steps stay."""
        with self.journal.unit_of_work(), self.desk.working_on(request_id) as request:
            yield request

    def sweep(self, *, at: datetime | None = None) -> list[SlaAlert]:
        """Record the SLA warnings and breaches due by ``at``; return them."""
        moment = self._now(at)
        return self.run(lambda: self.desk.sweep(at=moment))
