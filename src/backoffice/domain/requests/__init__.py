"""Service requests (报修 / 服务申请) and their SLA clocks.

A request is raised through a channel, reviewed within a working day, graded urgent, important
or routine, assigned, worked on, resolved, signed off, rated and closed; every step records an
event. Its SLA targets are a snapshot taken when it is graded, and its clocks count working
time on each target's own calendar, stopping while the work is on hold.
"""

from __future__ import annotations

from backoffice.domain.requests.clocks import SlaClock
from backoffice.domain.requests.clockset import SlaClocks
from backoffice.domain.requests.details import (
    Assignee,
    CostLine,
    ProgressNote,
    Rating,
    RequestDetails,
    RequestLocation,
    Resolution,
)
from backoffice.domain.requests.errors import (
    InvalidRating,
    RequestNotFound,
    TimeWentBackwards,
    UnknownMetric,
)
from backoffice.domain.requests.events import (
    IncidentReportFiled,
    InformationSupplied,
    ProgressNoted,
    RequestAccepted,
    RequestAssigned,
    RequestCancelled,
    RequestClosed,
    RequestRated,
    RequestRejected,
    RequestReopened,
    RequestResolved,
    RequestReturned,
    RequestSignedOff,
    RequestSubmitted,
    SlaAlert,
    SlaBreached,
    SlaWarningReached,
    TierChanged,
    WorkPaused,
    WorkResumed,
    WorkStarted,
)
from backoffice.domain.requests.kinds import (
    AssigneeKind,
    Category,
    Channel,
    Criticality,
    PauseReason,
    RequestState,
    Tier,
)
from backoffice.domain.requests.lifecycle import TRANSITIONS, RequestAction, Transition
from backoffice.domain.requests.report import MetricReport, SlaReport, SlaState
from backoffice.domain.requests.request import ServiceRequest
from backoffice.domain.requests.snapshots import SnapshotResolver
from backoffice.domain.requests.sweep import due_sla_alerts
from backoffice.domain.requests.targets import (
    DEFAULT_WARNINGS,
    METRIC_TRIGGERS,
    MetricTriggers,
    SlaDeadline,
    SlaMetric,
    SlaTarget,
    SlaTargets,
)
from backoffice.domain.requests.view import ServiceRequestView

__all__ = [
    "DEFAULT_WARNINGS",
    "METRIC_TRIGGERS",
    "TRANSITIONS",
    "Assignee",
    "AssigneeKind",
    "Category",
    "Channel",
    "CostLine",
    "Criticality",
    "IncidentReportFiled",
    "InformationSupplied",
    "InvalidRating",
    "MetricReport",
    "MetricTriggers",
    "PauseReason",
    "ProgressNote",
    "ProgressNoted",
    "Rating",
    "RequestAccepted",
    "RequestAction",
    "RequestAssigned",
    "RequestCancelled",
    "RequestClosed",
    "RequestDetails",
    "RequestLocation",
    "RequestNotFound",
    "RequestRated",
    "RequestRejected",
    "RequestReopened",
    "RequestResolved",
    "RequestReturned",
    "RequestSignedOff",
    "RequestState",
    "RequestSubmitted",
    "Resolution",
    "ServiceRequest",
    "ServiceRequestView",
    "SlaAlert",
    "SlaBreached",
    "SlaClock",
    "SlaClocks",
    "SlaDeadline",
    "SlaMetric",
    "SlaReport",
    "SlaState",
    "SlaTarget",
    "SlaTargets",
    "SlaWarningReached",
    "SnapshotResolver",
    "Tier",
    "TierChanged",
    "TimeWentBackwards",
    "Transition",
    "UnknownMetric",
    "WorkPaused",
    "WorkResumed",
    "WorkStarted",
    "due_sla_alerts",
]
