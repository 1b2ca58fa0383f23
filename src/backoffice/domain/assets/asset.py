"""The asset aggregate: one fixed asset (固定资产) from acquisition to disposal.

An :class:`Asset` is registered *planned* with its particulars (category, place, custodian,
criticality, cost, useful life, residual value, warranty, meters), commissioned into service,
repaired, laid up, transferred between custodians and places, its meters read, and finally
disposed of. Each business action checks its arguments and the state first, then changes the
asset, then records one event; the same code that applies a new event rebuilds an asset from
its history (:meth:`Asset.replay`), so a replayed asset equals the original.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Self

import attrs

from backoffice.domain.assets import events as ev
from backoffice.domain.assets.errors import MeterNotFitted, MeterReadingWentBack
from backoffice.domain.assets.kinds import AssetState, DisposalKind, MeterKind
from backoffice.domain.assets.lifecycle import ASSET_TRANSITIONS, AssetAction
from backoffice.domain.assets.meters import MeterReading
from backoffice.domain.assets.records import AssetParticulars, Custody
from backoffice.domain.events import DomainEvent, EventLog
from backoffice.domain.requests.details import RequestLocation
from backoffice.domain.requests.kinds import Criticality
from backoffice.errors import InvalidTransition, ValidationError
from backoffice.values import inputs
from backoffice.values.ids import ActorId, AssetId, RequestId
from backoffice.values.instant import is_before
from backoffice.values.money import Money

__all__ = ["Asset"]


def _same_version(a: EventLog, b: EventLog) -> bool:
    return a.version == b.version


@attrs.define(repr=False)
class Asset:
    """A fixed asset in the register.

    Create one with :meth:`register`; rebuild one from its history with :meth:`replay`.
    Two assets are equal when their whole state (and version) is equal.

    Attributes:
        id: The asset's id.
    """

    id: AssetId
    _particulars: AssetParticulars
    _registered_at: datetime
    _state: AssetState = AssetState.PLANNED
    _custody: Custody | None = None
    _location: RequestLocation | None = None
    _criticality: Criticality | None = None
    _in_service_on: date | None = None
    _repair_request: RequestId | None = None
    _disposal: ev.AssetDisposed | None = None
    _readings: dict[MeterKind, tuple[MeterReading, ...]] = attrs.field(factory=dict)
    _log: EventLog = attrs.field(factory=EventLog, eq=attrs.cmp_using(eq=_same_version))

    # -- creation ------------------------------------------------------------------------------

    @classmethod
    def register(
        cls, asset_id: AssetId, *, particulars: AssetParticulars, actor: ActorId, at: datetime
    ) -> Self:
        """Enter a planned asset in the register.

        Raises:
            ValidationError: An argument is malformed.
        """
        if not isinstance(asset_id, AssetId):
            raise ValidationError(f"expected an AssetId, got {asset_id!r}", field="asset_id")
        if not isinstance(particulars, AssetParticulars):
            raise ValidationError("particulars must be AssetParticulars", field="particulars")
        who, when = inputs.actor(actor), inputs.instant(at)
        event = ev.AssetRegistered(
            aggregate_id=str(asset_id), version=1, actor=who, occurred_at=when,
            particulars=particulars,
        )  # fmt: skip
        asset = cls._from_registration(event)
        asset._log.append(event)
        return asset

    @classmethod
    def replay(cls, events: Iterable[DomainEvent]) -> Self:
        """Rebuild an asset from its whole history, oldest event first.

        Raises:
            ValidationError: The history does not start with a registration, mixes assets or
                skips a version.
        """
        history = iter(events)
        first = next(history, None)
        if not isinstance(first, ev.AssetRegistered) or first.version != 1:
            raise ValidationError("an asset's history starts with its registration", field="events")
        asset = cls._from_registration(first)
        version = 1
        for event in history:
            if event.aggregate_id != first.aggregate_id or event.version != version + 1:
                raise ValidationError(
                    f"event {event.name} v{event.version} does not follow v{version} of "
                    f"{first.aggregate_id}",
                    field="events",
                )
            asset._apply(event)
            version = event.version
        asset._log = EventLog(version=version)
        return asset

    @classmethod
    def _from_registration(cls, event: ev.AssetRegistered) -> Self:
        p = event.particulars
        asset = cls(AssetId(event.aggregate_id), p, event.occurred_at)
        asset._custody, asset._location, asset._criticality = p.custody, p.location, p.criticality
        asset._readings = dict.fromkeys(p.meters, ())
        return asset

    # -- queries -------------------------------------------------------------------------------

    @property
    def particulars(self) -> AssetParticulars:
        """What was recorded when the asset entered the register."""
        return self._particulars

    @property
    def state(self) -> AssetState:
        """Where the asset is in its life."""
        return self._state

    @property
    def custody(self) -> Custody:
        """Who keeps it now."""
        assert self._custody is not None  # set on registration
        return self._custody

    @property
    def location(self) -> RequestLocation:
        """Where it is now."""
        assert self._location is not None  # set on registration
        return self._location

    @property
    def criticality(self) -> Criticality:
        """How critical it is now."""
        assert self._criticality is not None  # set on registration
        return self._criticality

    @property
    def in_service_on(self) -> date | None:
        """The first day of service, once commissioned."""
        return self._in_service_on

    @property
    def repair_request(self) -> RequestId | None:
        """The service request of the repair under way, if any."""
        return self._repair_request

    @property
    def disposal(self) -> ev.AssetDisposed | None:
        """How and when the asset was disposed of, once it was."""
        return self._disposal

    @property
    def meters(self) -> tuple[MeterKind, ...]:
        """The meters the asset has."""
        return self._particulars.meters

    def readings(self, meter: MeterKind | str) -> tuple[MeterReading, ...]:
        """The readings of ``meter``, oldest first."""
        return self._readings[self._fitted(meter)]

    def usage(self, meter: MeterKind | str) -> Decimal:
        """Lifetime usage on ``meter`` (0 before the first reading)."""
        readings = self.readings(meter)
        return readings[-1].usage if readings else Decimal(0)

    @property
    def version(self) -> int:
        """Number of events in the asset's history."""
        return self._log.version

    # -- lifecycle -----------------------------------------------------------------------------

    def commission(self, *, actor: ActorId, at: datetime, in_service_on: date) -> None:
        """Accept the asset and put it into service from ``in_service_on``."""
        who, when = self._check(AssetAction.COMMISSION, actor, at)
        day = inputs.day(in_service_on, "in_service_on")
        if day < self._particulars.acquired_on:
            raise ValidationError(
                f"in service on {day} is before acquisition on {self._particulars.acquired_on}",
                field="in_service_on",
            )
        self._record(ev.AssetCommissioned, who, when, in_service_on=day)

    def start_repair(
        self, *, actor: ActorId, at: datetime, reason: str, request: RequestId | str | None = None
    ) -> None:
        """The asset goes under repair (optionally for service request ``request``)."""
        who, when = self._check(AssetAction.START_REPAIR, actor, at)
        why = inputs.text(reason, "reason")
        ticket = None if request is None else inputs.entity_id(request, RequestId, "request")
        self._record(ev.AssetRepairStarted, who, when, request=ticket, reason=why)

    def complete_repair(self, *, actor: ActorId, at: datetime, note: str = "") -> None:
        """The repair is done; the asset is back in service."""
        who, when = self._check(AssetAction.COMPLETE_REPAIR, actor, at)
        self._record(ev.AssetRepairCompleted, who, when, note=inputs.optional_text(note, "note"))

    def take_out_of_service(self, *, actor: ActorId, at: datetime, reason: str) -> None:
        """Stop or lay up the asset."""
        who, when = self._check(AssetAction.TAKE_OUT_OF_SERVICE, actor, at)
        self._record(ev.AssetServiceSuspended, who, when, reason=inputs.text(reason, "reason"))

    def return_to_service(self, *, actor: ActorId, at: datetime) -> None:
        """Put an asset that was out of service back into service."""
        who, when = self._check(AssetAction.RETURN_TO_SERVICE, actor, at)
        self._record(ev.AssetServiceResumed, who, when)

    def dispose(
        self,
        *,
        actor: ActorId,
        at: datetime,
        kind: DisposalKind | str,
        disposed_on: date,
        reason: str,
        proceeds: Money | None = None,
    ) -> None:
        """The asset leaves the register: scrapped, sold, donated or lost.

        Raises:
            ValidationError: ``proceeds`` are negative or in another currency than the cost,
                or the day is before the acquisition.
        """
        who, when = self._check(AssetAction.DISPOSE, actor, at)
        how = inputs.choice(kind, DisposalKind, "kind")
        day = inputs.day(disposed_on, "disposed_on")
        why = inputs.text(reason, "reason")
        if proceeds is not None:
            inputs.non_negative_money(proceeds, "proceeds")
            if proceeds.currency != self._particulars.cost.currency:
                raise ValidationError(
                    f"proceeds {proceeds} are not in {self._particulars.cost.currency}",
                    field="proceeds",
                )
        if day < self._particulars.acquired_on:
            raise ValidationError(
                f"disposed on {day} is before acquisition on {self._particulars.acquired_on}",
                field="disposed_on",
            )
        self._record(
            ev.AssetDisposed, who, when, kind=how, disposed_on=day, proceeds=proceeds, reason=why
        )

    def transfer(
        self,
        *,
        actor: ActorId,
        at: datetime,
        reason: str,
        custody: Custody | None = None,
        location: RequestLocation | None = None,
    ) -> None:
        """Hand the asset to another custodian and/or move it to another place.

        Raises:
            ValidationError: Neither a new custody nor a new location is given, or neither
                differs from the current one.
        """
        who, when = self._check(AssetAction.TRANSFER, actor, at)
        why = inputs.text(reason, "reason")
        to_custody = self.custody if custody is None else custody
        to_location = self.location if location is None else location
        if not isinstance(to_custody, Custody) or not isinstance(to_location, RequestLocation):
            raise ValidationError(
                "give custody as Custody and location as RequestLocation", field="to"
            )
        if (to_custody, to_location) == (self.custody, self.location):
            raise ValidationError(
                f"{self.id} is already kept by {to_custody} at {to_location}", field="custody"
            )
        self._record(
            ev.AssetTransferred, who, when, custody=to_custody, location=to_location, reason=why
        )

    def record_reading(
        self,
        *,
        actor: ActorId,
        at: datetime,
        meter: MeterKind | str,
        reading: Decimal | int | str,
        replacement: bool = False,
    ) -> None:
        """Record what ``meter`` showed at ``at``.

        Raises:
            MeterNotFitted: The asset has no such meter.
            MeterReadingWentBack: The reading is lower than the last and is not a replacement.
            ValidationError: The reading is negative, or taken before the last reading.
        """
        who, when = self._check(AssetAction.RECORD_READING, actor, at)
        kind = self._fitted(meter)
        value = inputs.non_negative(reading, "reading")
        inputs.flag(replacement, "replacement")
        history = self._readings[kind]
        usage = Decimal(0)
        if history:
            last = history[-1]
            if is_before(when, last.read_at):
                raise ValidationError(
                    f"reading at {when.isoformat()} is before the last one at "
                    f"{last.read_at.isoformat()}",
                    field="at",
                )
            if value < last.reading and not replacement:
                raise MeterReadingWentBack(str(self.id), kind.value, last.reading, value)
            usage = last.usage if replacement else last.usage + value - last.reading
        self._record(
            ev.AssetMeterReadingRecorded, who, when,
            meter=kind, reading=value, replacement=replacement, usage=usage,
        )  # fmt: skip

    def regrade(
        self, *, actor: ActorId, at: datetime, criticality: Criticality | str, reason: str
    ) -> None:
        """Grade the asset's criticality again."""
        who, when = self._check(AssetAction.REGRADE, actor, at)
        grade = inputs.choice(criticality, Criticality, "criticality")
        why = inputs.text(reason, "reason")
        if grade is self.criticality:
            raise ValidationError(f"{self.id} is already {grade.value}", field="criticality")
        self._record(ev.AssetCriticalityChanged, who, when, criticality=grade, reason=why)

    def collect_events(self) -> list[DomainEvent]:
        """Hand over the events recorded since the last call, oldest first."""
        return self._log.collect()

    # -- internals -----------------------------------------------------------------------------

    def _fitted(self, meter: MeterKind | str) -> MeterKind:
        kind = inputs.choice(meter, MeterKind, "meter")
        if kind not in self._readings:
            raise MeterNotFitted(str(self.id), kind.value, tuple(m.value for m in self.meters))
        return kind

    def _check(self, action: AssetAction, actor: object, at: object) -> tuple[ActorId, datetime]:
        who, when = inputs.actor(actor), inputs.instant(at)
        allowed, _ = ASSET_TRANSITIONS[action]
        if self._state not in allowed:
            raise InvalidTransition(self.id, action.value, self._state)
        return who, when

    def _record(
        self, event_type: type[DomainEvent], actor: ActorId, at: datetime, /, **fields: object
    ) -> None:
        event = event_type(
            aggregate_id=str(self.id),
            version=self._log.next_version,
            actor=actor,
            occurred_at=at,
            **fields,
        )
        self._apply(event)
        self._log.append(event)

    def _apply(self, event: DomainEvent) -> None:
        match event:
            case ev.AssetCommissioned():
                self._state, self._in_service_on = AssetState.IN_SERVICE, event.in_service_on
            case ev.AssetRepairStarted():
                self._state, self._repair_request = AssetState.UNDER_REPAIR, event.request
            case ev.AssetRepairCompleted():
                self._state, self._repair_request = AssetState.IN_SERVICE, None
            case ev.AssetServiceSuspended():
                self._state, self._repair_request = AssetState.OUT_OF_SERVICE, None
            case ev.AssetServiceResumed():
                self._state = AssetState.IN_SERVICE
            case ev.AssetDisposed():
                self._state, self._disposal, self._repair_request = AssetState.DISPOSED, event, None
            case ev.AssetTransferred():
                self._custody, self._location = event.custody, event.location
            case ev.AssetMeterReadingRecorded():
                reading = MeterReading(event.occurred_at, event.reading, event.usage)
                self._readings[event.meter] = (*self._readings[event.meter], reading)
            case ev.AssetCriticalityChanged():
                self._criticality = event.criticality
            case _:
                raise ValidationError(f"{event.name} is not an asset event", field="events")

    def __repr__(self) -> str:
        return f"<Asset {self.id} {self._particulars.name!r} {self._state.value} v{self.version}>"
