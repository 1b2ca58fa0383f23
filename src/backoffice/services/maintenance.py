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
from datetime import date, datetime, time
from decimal import Decimal
from typing import Final

import attrs

from backoffice.calendar import CalendarRegistry
from backoffice.domain.assets import inputs
from backoffice.domain.assets.kinds import MeterKind
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
from backoffice.domain.maintenance.plan import read_baseline
from backoffice.domain.requests import Category, Channel, RequestLocation
from backoffice.errors import NotFound, ValidationError
from backoffice.services.assets import AssetRegister
from backoffice.services.requests import ServiceDesk
from backoffice.values import ActorId, IdGenerator, SequentialIds

__all__ = ["MAINTENANCE_PLANNER", "MaintenancePlanner"]

#: The actor recorded on planned maintenance requests and on the occurrences raised.
MAINTENANCE_PLANNER: Final = ActorId("maintenance-planner")
#: When in the due day a planned request is desired by.
_END_OF_DAY: Final = time(18, 0)


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
        """
        if not isinstance(spec, MaintenancePlanSpec):
            raise ValidationError("spec must be a MaintenancePlanSpec", field="spec")
        who, when = inputs.actor(actor), inputs.instant(at)
        if baseline is not None and not isinstance(baseline, Mapping):
            raise ValidationError(
                f"baseline must map meters to usage, got {type(baseline).__name__}",
                field="baseline",
            )
        self._calendar(spec.calendar)
        usage: dict[MeterKind | str, Decimal | int | str] = dict(baseline or {})
        if self.assets is not None:
            asset = self.assets.get(spec.asset)
            for trigger in spec.meter_triggers:
                usage.setdefault(trigger.meter, asset.usage(trigger.meter))
        elif spec.location is None:
            raise ValidationError(
                "without an asset register a plan needs a location", field="location"
            )
        read_baseline(spec, usage)  # checked before an id is minted
        plan_id = self._new_id()
        plan = MaintenancePlan.adopt(plan_id, spec=spec, actor=who, at=when, baseline=usage)
        self._plans[plan_id] = plan
        self._outbox.extend(plan.collect_events())
        return plan

    def run(self, *, until: date, at: datetime) -> list[PlannedOccurrence]:
        """Raise every occurrence whose raise day is on or before ``until``; return them.

        Idempotent: an occurrence already raised is not raised again.
        """
        day, when = inputs.day(until, "until"), inputs.instant(at)
        raised: list[PlannedOccurrence] = []
        for plan in self._plans.values():
            if plan.retired:
                continue
            calendar = self._calendar(plan.spec.calendar)
            for occurrence in plan.due_occurrences(day, calendar, self._outlook(plan)):
                request = self.desk.submit(
                    channel=Channel.OA_SYSTEM,
                    category=Category.REPAIR,
                    description=(
                        f"Planned maintenance: {plan.spec.title} (due {occurrence.due.isoformat()},"
                        f" {occurrence.key})"
                    ),
                    location=self._location(plan),
                    requester=self.actor,
                    at=when,
                    asset=plan.spec.asset,
                    desired_by=datetime.combine(occurrence.due, _END_OF_DAY, tzinfo=when.tzinfo),
                )
                plan.record_raised(occurrence, request=request.id, actor=self.actor, at=when)
                raised.append(occurrence)
            self._outbox.extend(plan.collect_events())
        return raised

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

    def _calendar(self, name: str) -> WorkingDays:
        table = self._tables.get(name)
        if table is None:
            calendar = self.calendars[name]
            if not isinstance(calendar, WorkingDays):
                raise ValidationError(
                    f"calendar {name!r} cannot tell working days (use a BusinessCalendar)",
                    field="calendar",
                )
            table = self._tables[name] = WorkingDayTable(calendar)
        return table

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
