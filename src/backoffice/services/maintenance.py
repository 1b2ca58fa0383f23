"""The maintenance planner: due occurrences of every plan become planned requests, once each.

:class:`MaintenancePlanner` holds the maintenance plans, looks each plan's business calendar up
by name in a :class:`~backoffice.calendar.CalendarRegistry`, reads the assets' meters from the
:class:`~backoffice.services.assets.AssetRegister`, and on :meth:`MaintenancePlanner.run` raises
a planned maintenance request in the :class:`~backoffice.services.ServiceDesk` for every
occurrence whose raise day has come. Each occurrence has a stable key and a plan accepts only
its next one, so running the planner twice on the same day raises nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Final

import attrs

from backoffice.calendar import CalendarRegistry
from backoffice.domain.assets.kinds import AssetState, MeterKind
from backoffice.domain.assets.meters import usage_rate
from backoffice.domain.events import DomainEvent
from backoffice.domain.maintenance import (
    MaintenancePlan,
    MaintenancePlanId,
    MaintenancePlanSpec,
    MeterOutlook,
    PlannedOccurrence,
    WorkingDays,
    WorkingDayTable,
)
from backoffice.domain.maintenance.adoption import first_nominal, read_baseline
from backoffice.domain.requests import RequestLocation
from backoffice.errors import InvalidTransition, NotFound, ValidationError
from backoffice.services.assets import AssetRegister
from backoffice.services.requests import ServiceDesk
from backoffice.services.work_orders import WorkOrder, check_work_orders, raise_work_orders
from backoffice.values import ActorId, AssetId, IdGenerator, SequentialIds, inputs

__all__ = ["MAINTENANCE_PLANNER", "CertificateStatus", "MaintenancePlanner"]

#: The actor recorded on planned maintenance requests and on the occurrences raised.
MAINTENANCE_PLANNER: Final = ActorId("maintenance-planner")


@attrs.frozen
class CertificateStatus:
    """Where the certificate of a certified plan (a calibration, a statutory inspection) is.

    Attributes:
        plan: The plan.
        asset: The asset certified.
        title: The plan's work.
        valid_until: The certificate's last valid day.
        expired: Whether it had lapsed on the day asked.
    """

    plan: MaintenancePlanId
    asset: AssetId
    title: str
    valid_until: date
    expired: bool


@attrs.define
class MaintenancePlanner:
    """Preventive maintenance plans, turned into planned requests in the service desk.

    Attributes:
        desk: Where the planned maintenance requests are raised.
        calendars: The business calendars plans name.
        assets: The asset register (for the asset's place and meters), if there is one.
        ids: Mints plan ids.
        actor: Recorded as requester of the planned requests.
    """

    desk: ServiceDesk
    calendars: CalendarRegistry
    assets: AssetRegister | None = None
    ids: IdGenerator = attrs.field(factory=SequentialIds)
    actor: ActorId = MAINTENANCE_PLANNER
    _plans: dict[MaintenancePlanId, MaintenancePlan] = attrs.field(factory=dict, init=False)
    _tables: dict[str, WorkingDayTable] = attrs.field(factory=dict, init=False)
    _outbox: list[DomainEvent] = attrs.field(factory=list, init=False)

    @classmethod
    def restore(
        cls,
        events: Iterable[DomainEvent],
        *,
        desk: ServiceDesk,
        calendars: CalendarRegistry,
        assets: AssetRegister | None = None,
        ids: IdGenerator | None = None,
        actor: ActorId = MAINTENANCE_PLANNER,
    ) -> MaintenancePlanner:
        """A planner rebuilt from its plans' events (other events are ignored).

        New plan ids continue after those already issued.
        """
        planner = cls(desk, calendars, assets, ids or SequentialIds(), actor)
        histories: dict[str, list[DomainEvent]] = {}
        for event in events:
            if event.__class__.__module__ == "backoffice.domain.maintenance.events":
                histories.setdefault(event.aggregate_id, []).append(event)
        for key, history in histories.items():
            planner._plans[MaintenancePlanId(key)] = MaintenancePlan.replay(history)
        return planner

    def adopt(
        self,
        spec: MaintenancePlanSpec,
        *,
        actor: ActorId | str,
        at: datetime,
        baseline: Mapping[MeterKind | str, Decimal | int | str] | None = None,
    ) -> MaintenancePlan:
        """Adopt a plan; its calendar must be known and its asset (if a register is kept) too.

        Meter triggers count from ``baseline``, or from the asset's current usage.

        Raises:
            UnknownCalendar: The plan names a calendar the registry does not hold.
            AssetNotFound: The register does not hold the plan's asset.
            InvalidTransition: The register says the asset was disposed of.
        """
        if not isinstance(spec, MaintenancePlanSpec):
            raise ValidationError("spec must be a MaintenancePlanSpec", field="spec")
        who, when = inputs.actor(actor), inputs.instant(at)
        if baseline is not None and not isinstance(baseline, Mapping):
            raise ValidationError(
                f"baseline must map meters to usage, got {type(baseline).__name__}",
                field="baseline",
            )
        new_tables: dict[str, WorkingDayTable] = {}
        self._calendar(spec.calendar, new_tables)
        usage: dict[MeterKind | str, Decimal | int | str] = dict(baseline or {})
        if self.assets is not None:
            asset = self.assets.get(spec.asset)
            if asset.state is AssetState.DISPOSED:
                raise InvalidTransition(asset.id, "adopt a maintenance plan for", asset.state)
            for trigger in spec.meter_triggers:
                usage.setdefault(trigger.meter, asset.usage(trigger.meter))
        elif spec.location is None:
            raise ValidationError(
                "without an asset register a plan needs a location", field="location"
            )
        read_baseline(spec, usage)  # checked before an id is minted
        first_nominal(spec)
        plan_id = self._new_id()
        plan = MaintenancePlan.adopt(plan_id, spec=spec, actor=who, at=when, baseline=usage)
        self._tables.update(new_tables)
        self._plans[plan_id] = plan
        self._outbox.extend(plan.collect_events())
        return plan

    def run(self, *, until: date, at: datetime) -> list[PlannedOccurrence]:
        """Raise every occurrence whose raise day is on or before ``until``; return them.

        Idempotent: an occurrence already raised is not raised again. Nothing is raised for
        an asset the register says was disposed of (retire its plans). All or nothing: every
        plan's calendar, place and request is checked first (the desk's
        :meth:`~backoffice.services.requests.ServiceDesk.check_submit`), so if one is refused
        no request is raised, no plan changes and no event is recorded.

        Raises:
            UnknownCalendar: A plan names a calendar the registry does not hold.
            ValidationError: ``until`` or ``at`` is malformed, a plan has no place, or the
                desk refuses a request.
        """
        day, when = inputs.day(until, "until"), inputs.instant(at)
        new_tables: dict[str, WorkingDayTable] = {}
        due: list[tuple[MaintenancePlan, PlannedOccurrence]] = []
        orders: list[WorkOrder] = []
        for plan in self._plans.values():
            if plan.retired or self._disposed(plan):
                continue
            calendar = self._calendar(plan.spec.calendar, new_tables)
            found = plan.due_occurrences(day, calendar, self._outlook(plan))
            if not found:
                continue
            location = self._location(plan)
            for occurrence in found:
                due.append((plan, occurrence))
                orders.append(
                    WorkOrder(
                        description=(
                            f"Planned maintenance: {plan.spec.title} (due "
                            f"{occurrence.due.isoformat()}, {occurrence.key})"
                        ),
                        location=location,
                        due_on=occurrence.due,
                        asset=plan.spec.asset,
                    )
                )
        checked = check_work_orders(self.desk, orders, requester=self.actor, at=when)
        # Everything is checked: from here on nothing is refused.
        self._tables.update(new_tables)
        requests = raise_work_orders(self.desk, checked)
        touched: dict[MaintenancePlanId, MaintenancePlan] = {}
        for (plan, occurrence), request in zip(due, requests, strict=True):
            plan.record_raised(occurrence, request=request.id, actor=self.actor, at=when)
            touched[plan.id] = plan
        for plan in touched.values():
            self._outbox.extend(plan.collect_events())
        return [occurrence for _, occurrence in due]

    def certificates_expiring(self, *, on: date, within_days: int = 30) -> list[CertificateStatus]:
        """Certificates lapsed by ``on`` or lapsing within ``within_days`` after it, soonest first.

        A plan is listed once a completion gave it a certificate (``certificate_months``);
        retired plans are left out.
        """
        day = inputs.day(on, "on")
        horizon = day + timedelta(days=inputs.whole_number(within_days, "within_days", minimum=0))
        found = [
            CertificateStatus(plan.id, plan.spec.asset, plan.spec.title, until, expired=until < day)
            for plan in self._plans.values()
            if not plan.retired
            and (until := plan.certificate_until) is not None
            and until <= horizon
        ]
        return sorted(found, key=lambda status: (status.valid_until, str(status.plan)))

    def get(self, plan_id: MaintenancePlanId | str) -> MaintenancePlan:
        """The plan with ``plan_id``.

        Raises:
            NotFound: No such plan.
        """
        key = inputs.entity_id(plan_id, MaintenancePlanId, "plan_id")
        try:
            return self._plans[key]
        except KeyError:
            raise NotFound("maintenance plan", key) from None

    @contextmanager
    def working_on(self, plan_id: MaintenancePlanId | str) -> Iterator[MaintenancePlan]:
        """Complete, skip or retire on a plan; afterwards its events are collected."""
        plan = self.get(plan_id)
        try:
            yield plan
        finally:
            self._outbox.extend(plan.collect_events())

    def collect_events(self) -> list[DomainEvent]:
        """Hand over every event recorded through the planner since the last call, in order."""
        events, self._outbox = self._outbox, []
        return events

    def __iter__(self) -> Iterator[MaintenancePlan]:
        return iter(self._plans.values())

    def __len__(self) -> int:
        return len(self._plans)

    def _calendar(self, name: str, new_tables: dict[str, WorkingDayTable]) -> WorkingDays:
        """The working-day table of calendar ``name``; a new one goes into ``new_tables``.

        The caller keeps the new tables only once its command succeeded.
        """
        table = self._tables.get(name) or new_tables.get(name)
        if table is None:
            calendar = self.calendars[name]
            if not isinstance(calendar, WorkingDays):
                raise ValidationError(
                    f"calendar {name!r} cannot tell working days (use a BusinessCalendar)",
                    field="calendar",
                )
            table = new_tables[name] = WorkingDayTable(calendar)
        return table

    def _disposed(self, plan: MaintenancePlan) -> bool:
        """Whether the register says the plan's asset left it (nothing more is raised)."""
        if self.assets is None or plan.spec.asset not in self.assets:
            return False
        return self.assets.get(plan.spec.asset).state is AssetState.DISPOSED

    def _location(self, plan: MaintenancePlan) -> RequestLocation:
        if self.assets is not None and plan.spec.asset in self.assets:
            return self.assets.get(plan.spec.asset).location
        if plan.spec.location is None:
            raise ValidationError(f"{plan.id} has no location", field="location")
        return plan.spec.location

    def _outlook(self, plan: MaintenancePlan) -> dict[MeterKind, MeterOutlook]:
        if not plan.spec.meter_triggers or self.assets is None:
            return {}
        asset = self.assets.get(plan.spec.asset)
        outlook: dict[MeterKind, MeterOutlook] = {}
        for trigger in plan.spec.meter_triggers:
            if trigger.meter not in asset.meters:
                continue
            readings = asset.readings(trigger.meter)
            if readings:
                outlook[trigger.meter] = MeterOutlook(
                    trigger.meter, readings[-1].usage, readings[-1].read_at.date(),
                    usage_rate(readings),
                )  # fmt: skip
        return outlook

    def _new_id(self) -> MaintenancePlanId:
        while True:
            plan_id = self.ids.new(MaintenancePlanId)
            if plan_id not in self._plans:
                return plan_id
