"""SLA metrics: what a target measures, and which steps start and stop its clock.

When does each metric's clock start and stop? That is data too (:data:`METRIC_TRIGGERS`):

* **review** runs from submission to acceptance or rejection;
* **response** runs from acceptance to the assignee starting work (the first action on site);
* **resolution** runs from acceptance to resolution, and is continued by a reopening;
* **incident report** (the seed's 《突发事件处理报告》 "within 24 hours after the event") runs
  from closure to the report being filed; only emergency rules ask for it.

Every metric's clock stops while the request is returned to the requester for information or
paused, and stops for good when the request is cancelled.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from backoffice.domain.requests.lifecycle import RequestAction

__all__ = [
    "CLOCK_PAUSING",
    "CLOCK_RESUMING",
    "METRIC_TRIGGERS",
    "MetricTriggers",
    "SlaMetric",
]

A = RequestAction


class SlaMetric(enum.StrEnum):
    """What an SLA target measures."""

    REVIEW = "review"
    RESPONSE = "response"
    RESOLUTION = "resolution"
    INCIDENT_REPORT = "incident_report"

    @property
    def verb(self) -> str:
        """The word the seed uses for meeting the metric: "respond", "resolve", ..."""
        return _VERBS[self]


_VERBS: Final = {
    SlaMetric.REVIEW: "review",
    SlaMetric.RESPONSE: "respond",
    SlaMetric.RESOLUTION: "resolve",
    SlaMetric.INCIDENT_REPORT: "report",
}


@attrs.frozen
class MetricTriggers:
    """The lifecycle steps that start, stop and restart one metric's clock.

    Attributes:
        starts_on: The step that starts the clock.
        stops_on: The steps that stop it (met, or breached if late).
        reopens_on: The steps that set a stopped clock running again.
    """

    starts_on: RequestAction
    stops_on: frozenset[RequestAction]
    reopens_on: frozenset[RequestAction] = frozenset()


#: When each metric's clock starts, stops and restarts (see the module docstring).
METRIC_TRIGGERS: Mapping[SlaMetric, MetricTriggers] = MappingProxyType(
    {
        SlaMetric.REVIEW: MetricTriggers(A.SUBMIT, frozenset({A.ACCEPT, A.REJECT})),
        SlaMetric.RESPONSE: MetricTriggers(A.ACCEPT, frozenset({A.START})),
        SlaMetric.RESOLUTION: MetricTriggers(
            A.ACCEPT, frozenset({A.RESOLVE}), reopens_on=frozenset({A.REOPEN})
        ),
        SlaMetric.INCIDENT_REPORT: MetricTriggers(A.CLOSE, frozenset({A.FILE_INCIDENT_REPORT})),
    }
)
#: Steps that stop every running clock for a while, and the steps that set them going again.
CLOCK_PAUSING: Final = (A.RETURN_FOR_INFORMATION, A.PAUSE)
CLOCK_RESUMING: Final = (A.SUPPLY_INFORMATION, A.RESUME)
