"""Which occurrences of a plan are due to be raised: the plan's pure queries.

* On a **fixed calendar**, the rule is iterated from the plan's next nominal day (a day of the
  rule itself, so the rule's phase is kept), each day shifted off holidays and given its raise
  day, until a raise day falls after the horizon. Both steps are monotone, so the first raise
  day past the horizon ends the walk. Each occurrence carries the rule's next day, so
  recording it needs no second walk.
* **After completion**, there is one candidate: the earliest of the calendar's next day, each
  meter trigger's projected day and, for certified work, the last day of the current
  certificate (whichever comes first: the work is never due after the certificate lapses).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Final

from backoffice.domain.assets.kinds import MeterKind
from backoffice.domain.maintenance.events import PlannedOccurrence
from backoffice.domain.maintenance.spec import MaintenancePlanSpec
from backoffice.domain.maintenance.timing import (
    MeterOutlook,
    WorkingDays,
    WorkingDayTable,
    due_day,
    projected_day,
    raise_day,
)
from backoffice.values.trusted import trusted

__all__ = ["after_completion", "on_calendar"]

_FAR: Final = date(9999, 12, 31)
#: Occurrences built from days the plan's own rule and calendar gave (nothing to check again).
_planned = trusted(
    PlannedOccurrence, "key", "ordinal", "nominal", "due", "raise_on", "trigger", "next_nominal"
)


def on_calendar(  # noqa: PLR0917 (a plan's position, spelled out)
    plan: str,
    spec: MaintenancePlanSpec,
    next_ordinal: int,
    next_nominal: date | None,
    until: date,
    calendar: WorkingDays,
) -> list[PlannedOccurrence]:
    """The fixed-calendar occurrences of plan ``plan`` with a raise day on or before ``until``."""
    if next_nominal is None or spec.recurrence is None:
        return []
    last = spec.ends_on or _FAR
    shift, lead = spec.holiday_shift, spec.lead_working_days
    table = calendar if isinstance(calendar, WorkingDayTable) else WorkingDayTable(calendar)
    timing = table.timing
    found: list[PlannedOccurrence] = []
    prefix, build = f"{plan}#", _planned  # the hot loop of the planner: plain locals
    pending: date | None = None  # the nominal day waiting for the rule's next day
    due = raise_on = next_nominal
    ordinal = next_ordinal
    for moment in spec.recurrence.rule(next_nominal, defaults_from=spec.starts_on):
        nominal = moment.date()
        if pending is not None:
            found.append(
                build(f"{prefix}{ordinal}", ordinal, pending, due, raise_on, "calendar", nominal)
            )
            ordinal += 1
            pending = None
        if nominal > last:
            break
        due, raise_on = timing(nominal, shift, lead)
        if raise_on > until:
            break
        pending = nominal
    if pending is not None:  # the rule ended right after it
        found.append(build(f"{prefix}{ordinal}", ordinal, pending, due, raise_on, "calendar", None))
    return found


def after_completion(  # noqa: PLR0917 (a plan's position, spelled out)
    plan: str,
    spec: MaintenancePlanSpec,
    next_ordinal: int,
    next_nominal: date | None,
    baseline: Mapping[MeterKind, Decimal],
    calendar: WorkingDays,
    meters: Mapping[MeterKind, MeterOutlook],
    certificate_until: date | None = None,
) -> PlannedOccurrence | None:
    """The next occurrence of an after-completion plan, whichever trigger comes first.

    The triggers: the calendar, each meter, and the last day of the current certificate.
    """
    candidates: list[tuple[date, str]] = []
    if next_nominal is not None:
        candidates.append((next_nominal, "calendar"))
    if certificate_until is not None:
        candidates.append((max(certificate_until, spec.starts_on), "certificate"))
    for trigger in spec.meter_triggers:
        outlook = meters.get(trigger.meter)
        if outlook is not None:
            threshold = baseline.get(trigger.meter, Decimal(0)) + trigger.every
            day = projected_day(outlook, threshold)
            if day is not None:
                candidates.append((max(day, spec.starts_on), trigger.meter.value))
    if not candidates:
        return None
    nominal, trigger_name = min(candidates)
    if spec.ends_on is not None and nominal > spec.ends_on:
        return None
    due = due_day(nominal, spec.holiday_shift, calendar)
    raise_on = raise_day(due, spec.lead_working_days, calendar)
    return _occurrence(plan, next_ordinal, nominal, due, raise_on, trigger_name, None)


def _occurrence(  # noqa: PLR0917 (the fields of one occurrence, in order)
    plan: str, ordinal: int, nominal: date, due: date, raise_on: date, trigger: str,
    next_nominal: date | None,
) -> PlannedOccurrence:  # fmt: skip
    return _planned(f"{plan}#{ordinal}", ordinal, nominal, due, raise_on, trigger, next_nominal)
