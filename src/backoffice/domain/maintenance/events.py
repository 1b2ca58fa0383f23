"""The events of maintenance plans: adopted, occurrences raised, completed or skipped, retired.

Each raised occurrence carries its stable key (plan id and ordinal), its nominal, due and raise
days, and the service request raised for it, so the schedule as it was is kept as plain values.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from backoffice.domain.assets.kinds import MeterKind
from backoffice.domain.events import DomainEvent
from backoffice.domain.maintenance.spec import MaintenancePlanSpec
from backoffice.values.ids import RequestId

__all__ = [
    "MaintenanceOccurrenceCompleted",
    "MaintenanceOccurrenceRaised",
    "MaintenanceOccurrenceSkipped",
    "MaintenancePlanAdopted",
    "MaintenancePlanRetired",
    "MeterUsage",
    "PlannedOccurrence",
]


@attrs.frozen
class MeterUsage:
    """Usage on one meter at a moment (the baseline a meter trigger counts from).

    Attributes:
        meter: The meter.
        usage: Lifetime usage on it.
    """

    meter: MeterKind
    usage: Decimal


@attrs.frozen(kw_only=True)
class PlannedOccurrence:
    """One occurrence of a plan, as the planner computed it.

    Attributes:
        key: Its stable key, ``"<plan id>#<ordinal>"``: the same however often the planner runs.
        ordinal: 1 for the plan's first occurrence, then +1 each.
        nominal: The day the rule (or the meter projection) gives.
        due: The day it is due, after the holiday shift.
        raise_on: The day its work order is raised (lead time before ``due``).
        trigger: What made it due: ``"calendar"`` or a meter (``"km"``, ``"hours"``, ...).
        next_nominal: For fixed-calendar plans, the rule's next day after ``nominal``.
    """

    key: str
    ordinal: int
    nominal: date
    due: date
    raise_on: date
    trigger: str
    next_nominal: date | None = None


@attrs.frozen(kw_only=True)
class MaintenancePlanAdopted(DomainEvent):
    """A maintenance plan was adopted.

    Attributes:
        spec: The plan as written.
        first_nominal: The rule's first day on or after the start (``None``: meter-only).
        baseline: The meter usage its meter triggers count from.
    """

    spec: MaintenancePlanSpec
    first_nominal: date | None
    baseline: tuple[MeterUsage, ...]


@attrs.frozen(kw_only=True)
class MaintenanceOccurrenceRaised(DomainEvent):
    """An occurrence was raised as a planned maintenance request.

    Attributes:
        occurrence: The occurrence.
        request: The service request raised for it.
    """

    occurrence: PlannedOccurrence
    request: RequestId


@attrs.frozen(kw_only=True)
class MaintenanceOccurrenceCompleted(DomainEvent):
    """An occurrence's work was done.

    Attributes:
        ordinal: Which occurrence.
        done_on: The day it was done.
        usage: Meter usage at the service (the new baseline).
        next_nominal: For after-completion plans, the next occurrence's day.
        certificate_until: For certified work, the last day the new certificate is valid.
    """

    ordinal: int
    done_on: date
    usage: tuple[MeterUsage, ...]
    next_nominal: date | None
    certificate_until: date | None


@attrs.frozen(kw_only=True)
class MaintenanceOccurrenceSkipped(DomainEvent):
    """An occurrence was skipped (not done, on purpose).

    Attributes:
        ordinal: Which occurrence.
        reason: Why.
        next_nominal: For after-completion plans, the next occurrence's day (counted from
            the skipped one's nominal day, as if done on time).
        usage: The new meter baseline (the skipped thresholds, as if serviced then).
    """

    ordinal: int
    reason: str
    next_nominal: date | None
    usage: tuple[MeterUsage, ...]


@attrs.frozen(kw_only=True)
class MaintenancePlanRetired(DomainEvent):
    """The plan was retired: no further occurrences.

    Attributes:
        reason: Why.
    """

    reason: str
