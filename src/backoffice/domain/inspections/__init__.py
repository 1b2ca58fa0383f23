"""Inspections (巡检与隐患整改): checklists, rounds on a schedule, findings and their correction.

Quarterly fire equipment checks, security patrols, boiler room inspections: a checklist walked
at a place on a day; failed checks and readings out of range become findings with a severity
and a correction deadline; each is corrected through a request in the service desk and verified
by an inspector; overdue findings are reported.
"""

from __future__ import annotations

from backoffice.domain.inspections.checklist import (
    CheckKind,
    ChecklistTemplate,
    Checkpoint,
    CheckResult,
    Severity,
)
from backoffice.domain.inspections.events import (
    InspectionCorrectionReported,
    InspectionCorrectionRequested,
    InspectionCorrectionVerified,
    InspectionFindingRecorded,
    InspectionRoundCompleted,
    InspectionRoundScheduled,
)
from backoffice.domain.inspections.rounds import (
    Finding,
    FindingState,
    InspectionRound,
    InspectionRoundId,
    overdue_findings,
    round_key,
)

__all__ = [
    "CheckKind",
    "CheckResult",
    "ChecklistTemplate",
    "Checkpoint",
    "Finding",
    "FindingState",
    "InspectionCorrectionReported",
    "InspectionCorrectionRequested",
    "InspectionCorrectionVerified",
    "InspectionFindingRecorded",
    "InspectionRound",
    "InspectionRoundCompleted",
    "InspectionRoundId",
    "InspectionRoundScheduled",
    "Severity",
    "overdue_findings",
    "round_key",
]
