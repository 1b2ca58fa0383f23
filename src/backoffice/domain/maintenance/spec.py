"""What a maintenance plan says: which asset, how often, counted from what, shifted how.

A :class:`MaintenancePlanSpec` is plain data, copied whole into the plan's first event. It
names its business calendar by a **name** (the planner looks the calendar up in its registry),
and combines a recurrence with meter triggers ("every 6 months or 5,000 km, whichever comes
first"). Meter triggers count from the last service, so a plan with meter triggers is anchored
after completion.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import attrs

from backoffice.domain.assets.kinds import MeterKind
from backoffice.domain.maintenance.kinds import Anchor, HolidayShift
from backoffice.domain.maintenance.recurrence import Recurrence
from backoffice.domain.requests.details import RequestLocation
from backoffice.errors import ValidationError
from backoffice.values import inputs
from backoffice.values.ids import AssetId

__all__ = ["MaintenancePlanSpec", "MeterTrigger"]


def _meter(value: object) -> MeterKind:
    return inputs.choice(value, MeterKind, "meter")


def _every(value: object) -> Decimal:
    amount = inputs.non_negative(value, "every")
    if amount == 0:
        raise ValidationError("a meter trigger's interval must be positive", field="every")
    return amount


@attrs.frozen
class MeterTrigger:
    """Service every ``every`` units of ``meter`` (every 5,000 km, every 250 h).

    Attributes:
        meter: The meter.
        every: The usage between services.
    """

    meter: MeterKind = attrs.field(converter=_meter)
    every: Decimal = attrs.field(converter=_every)


def _title(value: object) -> str:
    return inputs.text(value, "title")


def _asset(value: object) -> AssetId:
    return inputs.entity_id(value, AssetId, "asset")


def _anchor(value: object) -> Anchor:
    return inputs.choice(value, Anchor, "anchor")


def _shift(value: object) -> HolidayShift:
    return inputs.choice(value, HolidayShift, "holiday_shift")


def _starts_on(value: object) -> date:
    return inputs.day(value, "starts_on")


def _ends_on(value: object) -> date | None:
    return None if value is None else inputs.day(value, "ends_on")


def _calendar(value: object) -> str:
    return inputs.text(value, "calendar")


def _lead(value: object) -> int:
    return inputs.whole_number(value, "lead_working_days")


def _certificate(value: object) -> int | None:
    return None if value is None else inputs.whole_number(value, "certificate_months", minimum=1)


def _triggers(values: Iterable[MeterTrigger]) -> tuple[MeterTrigger, ...]:
    items = tuple(values)
    if not all(isinstance(item, MeterTrigger) for item in items):
        raise ValidationError("meter_triggers must be MeterTrigger values", field="meter_triggers")
    if len({item.meter for item in items}) != len(items):
        raise ValidationError("one trigger per meter", field="meter_triggers")
    return tuple(sorted(items, key=lambda item: item.meter.value))


@attrs.frozen(kw_only=True)
class MaintenancePlanSpec:
    """A preventive maintenance plan (预防性维护计划), as written.

    Attributes:
        asset: The asset maintained.
        title: The work, in words (``"Lift monthly service"``); it heads the work order.
        recurrence: When it repeats by the calendar; ``None`` for meter-only plans.
        anchor: Counted on a fixed calendar or after the last completion.
        starts_on: The first day an occurrence may fall on.
        ends_on: The last day an occurrence may fall on, if the plan ends.
        calendar: The name of the business calendar for holidays and lead time.
        holiday_shift: What happens to an occurrence due on a non-working day.
        lead_working_days: Raise the work order this many working days before it is due.
        meter_triggers: Usage intervals ("whichever comes first" with the recurrence).
        certificate_months: For calibrations and statutory inspections: how long the
            certificate a completion gives is valid (months), if it gives one.
        location: Where the work is, if the asset register does not say.
    """

    asset: AssetId = attrs.field(converter=_asset)
    title: str = attrs.field(converter=_title)
    recurrence: Recurrence | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Recurrence))
    )
    anchor: Anchor = attrs.field(default=Anchor.FIXED_CALENDAR, converter=_anchor)
    starts_on: date = attrs.field(converter=_starts_on)
    ends_on: date | None = attrs.field(default=None, converter=_ends_on)
    calendar: str = attrs.field(default="office", converter=_calendar)
    holiday_shift: HolidayShift = attrs.field(default=HolidayShift.NONE, converter=_shift)
    lead_working_days: int = attrs.field(default=0, converter=_lead)
    meter_triggers: tuple[MeterTrigger, ...] = attrs.field(default=(), converter=_triggers)
    certificate_months: int | None = attrs.field(default=None, converter=_certificate)
    location: RequestLocation | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(RequestLocation)),
    )

    def __attrs_post_init__(self) -> None:
        if self.recurrence is None and not self.meter_triggers:
            raise ValidationError(
                "a plan needs a recurrence, meter triggers, or both", field="recurrence"
            )
        if self.meter_triggers and self.anchor is not Anchor.AFTER_COMPLETION:
            raise ValidationError(
                "meter triggers count from the last service: use anchor 'after_completion'",
                field="anchor",
            )
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValidationError("ends_on is before starts_on", field="ends_on")
