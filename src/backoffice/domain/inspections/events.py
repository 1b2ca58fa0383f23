"""The events of inspection rounds and their findings (隐患整改)."""

from __future__ import annotations

from datetime import date

import attrs

from backoffice.domain.events import DomainEvent
from backoffice.domain.inspections.checklist import ChecklistTemplate, CheckResult, Severity
from backoffice.domain.requests.details import RequestLocation
from backoffice.values.ids import AssetId, RequestId

__all__ = [
    "InspectionCorrectionReported",
    "InspectionCorrectionRequested",
    "InspectionCorrectionVerified",
    "InspectionFindingRecorded",
    "InspectionRoundCompleted",
    "InspectionRoundScheduled",
]


@attrs.frozen(kw_only=True)
class InspectionRoundScheduled(DomainEvent):
    """An inspection round was put on the schedule.

    Attributes:
        key: Its stable key (checklist, place and day), so it is scheduled once.
        checklist: The checklist, as it was.
        location: Where.
        asset: The asset inspected, if one.
        scheduled_on: The day.
    """

    key: str
    checklist: ChecklistTemplate
    location: RequestLocation
    asset: AssetId | None
    scheduled_on: date


@attrs.frozen(kw_only=True)
class InspectionRoundCompleted(DomainEvent):
    """The round was walked and every checkpoint answered.

    Attributes:
        inspected_on: The day.
        results: The answers.
    """

    inspected_on: date
    results: tuple[CheckResult, ...]


@attrs.frozen(kw_only=True)
class InspectionFindingRecorded(DomainEvent):
    """A finding (隐患) was recorded from a failed check or a reading out of range.

    Attributes:
        number: The finding's number within the round (1, 2, ...).
        code: The checkpoint.
        severity: How serious.
        detail: What is wrong.
        due_on: The day it must be corrected by.
    """

    number: int
    code: str
    severity: Severity
    detail: str
    due_on: date


@attrs.frozen(kw_only=True)
class InspectionCorrectionRequested(DomainEvent):
    """A corrective request (整改单) was raised in the service desk for a finding.

    Attributes:
        number: The finding.
        request: The service request.
    """

    number: int
    request: RequestId


@attrs.frozen(kw_only=True)
class InspectionCorrectionReported(DomainEvent):
    """The correction of a finding was reported done.

    Attributes:
        number: The finding.
        corrected_on: The day.
        note: What was done.
    """

    number: int
    corrected_on: date
    note: str


@attrs.frozen(kw_only=True)
class InspectionCorrectionVerified(DomainEvent):
    """An inspector checked a reported correction (复查).

    Attributes:
        number: The finding.
        accepted: Whether the correction holds; if not, the finding is open again.
        note: The inspector's words.
    """

    number: int
    accepted: bool
    note: str
