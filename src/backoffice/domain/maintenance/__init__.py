"""Preventive maintenance (预防性维护): plans, their occurrences, and what moves them.

A plan repeats by a :class:`Recurrence` (any interval of days, weeks, months or years, nth
weekdays, half-monthly, seasonal windows) and/or by meter usage, anchored on a fixed calendar or
after the last completion, shifted off holidays on its business calendar and raised a lead time
ahead. Each occurrence has a stable key and is raised once as a planned maintenance request.
"""

from __future__ import annotations

from backoffice.domain.maintenance.events import (
    MaintenanceOccurrenceCompleted,
    MaintenanceOccurrenceRaised,
    MaintenanceOccurrenceSkipped,
    MaintenancePlanAdopted,
    MaintenancePlanRetired,
    MeterUsage,
    PlannedOccurrence,
)
from backoffice.domain.maintenance.ids import MaintenancePlanId
from backoffice.domain.maintenance.kinds import Anchor, Frequency, HolidayShift, OccurrenceStatus
from backoffice.domain.maintenance.pictures import gantt, year_calendar
from backoffice.domain.maintenance.plan import MaintenancePlan, OccurrenceRecord
from backoffice.domain.maintenance.recurrence import Recurrence
from backoffice.domain.maintenance.spec import MaintenancePlanSpec, MeterTrigger
from backoffice.domain.maintenance.timing import (
    MeterOutlook,
    WorkingDays,
    WorkingDayTable,
    due_day,
    projected_day,
    raise_day,
)

__all__ = [
    "Anchor",
    "Frequency",
    "HolidayShift",
    "MaintenanceOccurrenceCompleted",
    "MaintenanceOccurrenceRaised",
    "MaintenanceOccurrenceSkipped",
    "MaintenancePlan",
    "MaintenancePlanAdopted",
    "MaintenancePlanId",
    "MaintenancePlanRetired",
    "MaintenancePlanSpec",
    "MeterOutlook",
    "MeterTrigger",
    "MeterUsage",
    "OccurrenceRecord",
    "OccurrenceStatus",
    "PlannedOccurrence",
    "Recurrence",
    "WorkingDayTable",
    "WorkingDays",
    "due_day",
    "gantt",
    "projected_day",
    "raise_day",
    "year_calendar",
]
