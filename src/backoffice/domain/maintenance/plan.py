"""The maintenance plan aggregate: a plan's occurrences, raised once each, and what they move.

A :class:`MaintenancePlan` is adopted from a :class:`MaintenancePlanSpec`. The planner asks it
which occurrences are due to be raised by a day (:meth:`MaintenancePlan.due_occurrences`, a pure
query), raises a service request for each and records it (:meth:`record_raised`). An occurrence
has a stable key (plan id and ordinal) and the plan accepts only its next ordinal, so however
often the planner runs, each occurrence is raised once and none is skipped over.

What moves the next occurrence depends on the anchor:

* **fixed calendar**: the rule's dates, whatever happens to earlier occurrences (several may be
  open at once);
* **after completion**: one occurrence at a time; the next is counted from the day the open one
  was completed (or from its nominal day if it was skipped), and a meter trigger from the usage
  at that service: whichever of the calendar and the meters comes first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Final, Self

import attrs
from dateutil.relativedelta import relativedelta

from backoffice.domain.assets import inputs
from backoffice.domain.assets.kinds import MeterKind
from backoffice.domain.events import DomainEvent, EventLog
from backoffice.domain.maintenance import events as ev
from backoffice.domain.maintenance.ids import MaintenancePlanId
from backoffice.domain.maintenance.kinds import Anchor, OccurrenceStatus
from backoffice.domain.maintenance.occurrences import after_completion, on_calendar
from backoffice.domain.maintenance.spec import MaintenancePlanSpec
from backoffice.domain.maintenance.timing import MeterOutlook, WorkingDays
from backoffice.errors import InvalidTransition, ValidationError
from backoffice.values.ids import ActorId, RequestId

__all__ = ["MaintenancePlan", "OccurrenceRecord", "read_baseline"]

_FAR: Final = date(9999, 12, 31)


@attrs.frozen
class OccurrenceRecord:
    """A raised occurrence and where it is.

    Attributes:
        occurrence: The occurrence as raised.
        request: Its service request.
        status: Open, completed or skipped.
        done_on: When it was completed.
    """

    occurrence: ev.PlannedOccurrence
    request: RequestId
    status: OccurrenceStatus = OccurrenceStatus.OPEN
    done_on: date | None = None


def read_baseline(
    spec: MaintenancePlanSpec, baseline: Mapping[MeterKind | str, Decimal | int | str] | None
) -> tuple[ev.MeterUsage, ...]:
    """The meter usage ``spec``'s triggers count from: ``baseline`` checked, 0 where not given.

    Raises:
        ValidationError: A meter name or a usage is malformed.
    """
    given = {
        inputs.choice(m, MeterKind, "baseline"): inputs.non_negative(v, "baseline")
        for m, v in (baseline or {}).items()
    }
    return tuple(
        ev.MeterUsage(t.meter, given.get(t.meter, Decimal(0))) for t in spec.meter_triggers
    )


def _same_version(a: EventLog, b: EventLog) -> bool:
    return a.version == b.version


@attrs.define(repr=False)
class MaintenancePlan:
    """A preventive maintenance plan and the occurrences raised from it.

    Attributes:
        id: The plan's id.
    """

    id: MaintenancePlanId
    _spec: MaintenancePlanSpec
    _next_ordinal: int = 1
    _next_nominal: date | None = None
    _baseline: dict[MeterKind, Decimal] = attrs.field(factory=dict)
    _occurrences: dict[int, OccurrenceRecord] = attrs.field(factory=dict)
    _certificate_until: date | None = None
    _retired: bool = False
    _log: EventLog = attrs.field(factory=EventLog, eq=attrs.cmp_using(eq=_same_version))

    @classmethod
    def adopt(
        cls,
        plan_id: MaintenancePlanId,
        *,
        spec: MaintenancePlanSpec,
        actor: ActorId,
        at: datetime,
        baseline: Mapping[MeterKind | str, Decimal | int | str] | None = None,
    ) -> Self:
        """Adopt a plan; meter triggers count from ``baseline`` (0 if not given)."""
        if not isinstance(plan_id, MaintenancePlanId):
            raise ValidationError("expected a MaintenancePlanId", field="plan_id")
        if not isinstance(spec, MaintenancePlanSpec):
            raise ValidationError("spec must be a MaintenancePlanSpec", field="spec")
        who, when = inputs.actor(actor), inputs.instant(at)
        usage = read_baseline(spec, baseline)
        first = None
        if spec.recurrence is not None:
            first = next(spec.recurrence.dates(spec.starts_on, _FAR), None)
        event = ev.MaintenancePlanAdopted(
            aggregate_id=str(plan_id), version=1, actor=who, occurred_at=when,
            spec=spec, first_nominal=first, baseline=usage,
        )  # fmt: skip
        plan = cls._from_adoption(event)
        plan._log.append(event)
        return plan

    @classmethod
    def replay(cls, events: Iterable[DomainEvent]) -> Self:
        """Rebuild a plan from its whole history, oldest event first.

        Raises:
            ValidationError: The history does not start with an adoption, mixes plans or skips
                a version.
        """
        history = iter(events)
        first = next(history, None)
        if not isinstance(first, ev.MaintenancePlanAdopted) or first.version != 1:
            raise ValidationError("a plan's history starts with its adoption", field="events")
        plan = cls._from_adoption(first)
        version = 1
        for event in history:
            if event.aggregate_id != first.aggregate_id or event.version != version + 1:
                raise ValidationError(
                    f"event {event.name} v{event.version} does not follow v{version}",
                    field="events",
                )
            plan._apply(event)
            version = event.version
        plan._log = EventLog(version=version)
        return plan

    @classmethod
    def _from_adoption(cls, event: ev.MaintenancePlanAdopted) -> Self:
        plan = cls(MaintenancePlanId(event.aggregate_id), event.spec)
        plan._next_nominal = event.first_nominal
        plan._baseline = {usage.meter: usage.usage for usage in event.baseline}
        return plan

    # -- queries -------------------------------------------------------------------------------

    @property
    def spec(self) -> MaintenancePlanSpec:
        """The plan as written."""
        return self._spec

    @property
    def retired(self) -> bool:
        """Whether the plan was retired."""
        return self._retired

    @property
    def occurrences(self) -> tuple[OccurrenceRecord, ...]:
        """The raised occurrences, in order."""
        return tuple(self._occurrences.values())

    def occurrence(self, ordinal: int) -> OccurrenceRecord:
        """The raised occurrence ``ordinal``.

        Raises:
            ValidationError: No such occurrence was raised.
        """
        try:
            return self._occurrences[ordinal]
        except (KeyError, TypeError):
            raise ValidationError(
                f"{self.id} has no occurrence {ordinal!r}", field="ordinal"
            ) from None

    @property
    def open_occurrences(self) -> tuple[OccurrenceRecord, ...]:
        """The raised occurrences not yet completed or skipped."""
        return tuple(r for r in self._occurrences.values() if r.status is OccurrenceStatus.OPEN)

    @property
    def certificate_until(self) -> date | None:
        """For certified work: the last day the current certificate is valid."""
        return self._certificate_until

    @property
    def version(self) -> int:
        """Number of events in the plan's history."""
        return self._log.version

    def due_occurrences(
        self,
        until: date,
        calendar: WorkingDays,
        meters: Mapping[MeterKind, MeterOutlook] | None = None,
    ) -> list[ev.PlannedOccurrence]:
        """The occurrences to raise by ``until`` (their raise day on or before it), in order.

        Args:
            until: The planner's horizon (usually today).
            calendar: The plan's business calendar (for the holiday shift and lead time).
            meters: What is known of the asset's meters (for meter triggers).
        """
        if self._retired:
            return []
        if self._spec.anchor is Anchor.FIXED_CALENDAR:
            return on_calendar(
                str(self.id), self._spec, self._next_ordinal, self._next_nominal, until, calendar
            )
        if self.open_occurrences:
            return []
        found = after_completion(
            str(self.id), self._spec, self._next_ordinal, self._next_nominal, self._baseline,
            calendar, meters or {},
        )  # fmt: skip
        return [found] if found is not None and found.raise_on <= until else []

    # -- commands ------------------------------------------------------------------------------

    def record_raised(
        self,
        occurrence: ev.PlannedOccurrence,
        *,
        request: RequestId | str,
        actor: ActorId,
        at: datetime,
    ) -> None:
        """Record that ``occurrence`` was raised as service request ``request``.

        Raises:
            InvalidTransition: The plan is retired, or the occurrence is not the plan's next one
                (already raised, or one before it is missing).
        """
        who, when = inputs.actor(actor), inputs.instant(at)
        ticket = inputs.entity_id(request, RequestId, "request")
        self._check_live("raise an occurrence of")
        if not isinstance(occurrence, ev.PlannedOccurrence):
            raise ValidationError("occurrence must be a PlannedOccurrence", field="occurrence")
        if (
            occurrence.ordinal != self._next_ordinal
            or occurrence.key != f"{self.id}#{occurrence.ordinal}"
        ):
            raise InvalidTransition(
                self.id, f"raise occurrence {occurrence.key}", "active",
                f"the next occurrence to raise is {self.id}#{self._next_ordinal}",
            )  # fmt: skip
        self._record(
            ev.MaintenanceOccurrenceRaised, who, when, occurrence=occurrence, request=ticket
        )

    def complete(
        self,
        ordinal: int,
        *,
        done_on: date,
        actor: ActorId,
        at: datetime,
        usage: Mapping[MeterKind | str, Decimal | int | str] | None = None,
    ) -> None:
        """Record the work of occurrence ``ordinal`` as done on ``done_on``.

        Args:
            ordinal: The occurrence.
            done_on: The day it was done.
            actor: Who records it.
            at: When.
            usage: Meter usage at the service (the next meter thresholds count from it).
        """
        who, when = inputs.actor(actor), inputs.instant(at)
        day = inputs.day(done_on, "done_on")
        if usage is not None and not isinstance(usage, Mapping):
            raise ValidationError("usage must map each meter to its usage", field="usage")
        record = self._open(ordinal, "complete")
        given = {
            inputs.choice(m, MeterKind, "usage"): inputs.non_negative(v, "usage")
            for m, v in (usage or {}).items()
        }
        baseline = tuple(
            ev.MeterUsage(t.meter, given.get(t.meter, self._baseline.get(t.meter, Decimal(0))))
            for t in self._spec.meter_triggers
        )
        following = None
        if self._spec.anchor is Anchor.AFTER_COMPLETION and self._spec.recurrence is not None:
            following = self._spec.recurrence.next_after_completion(day)
        certificate = None
        if self._spec.certificate_months is not None:
            certificate = day + relativedelta(months=self._spec.certificate_months)
        self._record(
            ev.MaintenanceOccurrenceCompleted, who, when, ordinal=record.occurrence.ordinal,
            done_on=day, usage=baseline, next_nominal=following, certificate_until=certificate,
        )  # fmt: skip

    def skip(self, ordinal: int, *, reason: str, actor: ActorId, at: datetime) -> None:
        """Skip occurrence ``ordinal``: it will not be done.

        For after-completion plans the next occurrence counts from the skipped one's nominal
        day, and meter triggers from the skipped thresholds, as if it had been done on time.
        """
        who, when = inputs.actor(actor), inputs.instant(at)
        why = inputs.text(reason, "reason")
        record = self._open(ordinal, "skip")
        following = None
        if self._spec.anchor is Anchor.AFTER_COMPLETION and self._spec.recurrence is not None:
            following = self._spec.recurrence.next_after_completion(record.occurrence.nominal)
        baseline = tuple(
            ev.MeterUsage(t.meter, self._baseline.get(t.meter, Decimal(0)) + t.every)
            for t in self._spec.meter_triggers
        )
        self._record(
            ev.MaintenanceOccurrenceSkipped, who, when,
            ordinal=record.occurrence.ordinal, reason=why, next_nominal=following, usage=baseline,
        )  # fmt: skip

    def retire(self, *, reason: str, actor: ActorId, at: datetime) -> None:
        """Retire the plan: nothing more is raised from it."""
        who, when = inputs.actor(actor), inputs.instant(at)
        why = inputs.text(reason, "reason")
        self._check_live("retire")
        self._record(ev.MaintenancePlanRetired, who, when, reason=why)

    def collect_events(self) -> list[DomainEvent]:
        """Hand over the events recorded since the last call, oldest first."""
        return self._log.collect()

    # -- internals -----------------------------------------------------------------------------

    def _check_live(self, action: str) -> None:
        if self._retired:
            raise InvalidTransition(self.id, action, "retired")

    def _open(self, ordinal: int, action: str) -> OccurrenceRecord:
        record = self.occurrence(inputs.whole_number(ordinal, "ordinal", minimum=1))
        if record.status is not OccurrenceStatus.OPEN:
            raise InvalidTransition(record.occurrence.key, action, record.status)
        return record

    def _record(
        self, event_type: type[DomainEvent], actor: ActorId, at: datetime, /, **fields: object
    ) -> None:
        event = event_type(
            aggregate_id=str(self.id), version=self._log.next_version, actor=actor,
            occurred_at=at, **fields,
        )  # fmt: skip
        self._apply(event)
        self._log.append(event)

    def _apply(self, event: DomainEvent) -> None:
        anchor_fixed = self._spec.anchor is Anchor.FIXED_CALENDAR
        match event:
            case ev.MaintenanceOccurrenceRaised():
                occurrence = event.occurrence
                self._occurrences[occurrence.ordinal] = OccurrenceRecord(occurrence, event.request)
                self._next_ordinal = occurrence.ordinal + 1
                self._next_nominal = occurrence.next_nominal if anchor_fixed else None
            case ev.MaintenanceOccurrenceCompleted():
                record = self._occurrences[event.ordinal]
                self._occurrences[event.ordinal] = attrs.evolve(
                    record, status=OccurrenceStatus.COMPLETED, done_on=event.done_on
                )
                self._after_closing(event.next_nominal, event.usage, anchor_fixed)
                if event.certificate_until is not None:
                    self._certificate_until = event.certificate_until
            case ev.MaintenanceOccurrenceSkipped():
                record = self._occurrences[event.ordinal]
                self._occurrences[event.ordinal] = attrs.evolve(
                    record, status=OccurrenceStatus.SKIPPED
                )
                self._after_closing(event.next_nominal, event.usage, anchor_fixed)
            case ev.MaintenancePlanRetired():
                self._retired = True
            case _:
                raise ValidationError(
                    f"{event.name} is not a maintenance plan event", field="events"
                )

    def _after_closing(
        self, following: date | None, usage: tuple[ev.MeterUsage, ...], anchor_fixed: bool
    ) -> None:
        if not anchor_fixed:
            self._next_nominal = following
            self._baseline = {u.meter: u.usage for u in usage}

    def __repr__(self) -> str:
        return f"<MaintenancePlan {self.id} {self._spec.title!r} v{self.version}>"
