"""The fixed vocabularies of a service request: channels, categories, tiers, states.

A request (报修 / 服务申请) reaches the back office through a *channel* (the OA system, the
service hotline, a paper form at the counter, ...), is about a *category* of work (repair,
supplies, vehicles, ...), and, once reviewed, is graded into one of the seed's three *tiers*:
紧急级 urgent (power cut, water leak), 重要级 important (equipment failure, a large meeting to
support) and 常规级 routine (office supplies, daily cleaning).

Each vocabulary is a closed :class:`enum.StrEnum` whose values are the lower-case words used in
plain-data policies (``"urgent"``, ``"repair"``), so ``Tier("urgent") is Tier.URGENT`` and
``Tier.URGENT == "urgent"``.
"""

from __future__ import annotations

import enum

__all__ = [
    "AssigneeKind",
    "Category",
    "Channel",
    "Criticality",
    "PauseReason",
    "RequestState",
    "Tier",
]


class Channel(enum.StrEnum):
    """How the request was raised (需求发起: OA 系统, 后勤服务热线, 线下表单, ...)."""

    WEB_FORM = "web_form"
    MOBILE_APP = "mobile_app"
    PHONE_HOTLINE = "phone_hotline"
    OA_SYSTEM = "oa_system"
    EMAIL = "email"
    WALK_IN = "walk_in"
    SENSOR_ALARM = "sensor_alarm"


class Category(enum.StrEnum):
    """What kind of work is asked for."""

    REPAIR = "repair"
    SUPPLIES = "supplies"
    VEHICLE = "vehicle"
    VENUE = "venue"
    CLEANING = "cleaning"
    CATERING = "catering"
    SECURITY = "security"
    IT = "it"
    OTHER = "other"


class Tier(enum.StrEnum):
    """The urgency grade given at review (需求分级); it selects the SLA targets."""

    URGENT = "urgent"
    IMPORTANT = "important"
    ROUTINE = "routine"


class Criticality(enum.StrEnum):
    """How critical the asset concerned is to operations, as the asset register grades it."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class PauseReason(enum.StrEnum):
    """Why work on a request is on hold (the SLA clock stops meanwhile)."""

    WAITING_FOR_PARTS = "waiting_for_parts"
    WAITING_FOR_REQUESTER = "waiting_for_requester"
    WAITING_FOR_VENDOR = "waiting_for_vendor"
    OTHER = "other"


class AssigneeKind(enum.StrEnum):
    """Who a request is assigned to: one person, a team, or an outside supplier."""

    PERSON = "person"
    TEAM = "team"
    SUPPLIER = "supplier"


class RequestState(enum.StrEnum):
    """Where a request is in its lifecycle; see ``docs/concepts/requests.md`` for the diagram."""

    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    RESOLVED = "resolved"
    SIGNED_OFF = "signed_off"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """Whether the request is neither closed, rejected nor cancelled."""
        return self not in _FINISHED


_FINISHED = frozenset({RequestState.REJECTED, RequestState.CLOSED, RequestState.CANCELLED})
