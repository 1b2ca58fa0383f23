"""The request lifecycle as data: which step is allowed in which state, and where it leads.

The seed's process (需求发起 → 需求初审 → 需求分级 → 资源匹配 → 执行 → 验收确认 → 满意度) as
a table. Reading down the "from" column tells a clerk what they may do with a request; the
aggregate consults the same table before every step, so the picture in
``docs/concepts/requests.md`` and the code cannot drift apart.

======================  ==============================================  ==================
step                    allowed from                                    leads to
======================  ==============================================  ==================
return_for_information  submitted                                       returned
supply_information      returned                                        submitted
accept                  submitted                                       accepted
reject                  submitted                                       rejected
assign                  accepted, assigned, in_progress, paused         assigned (or same)
start                   assigned                                        in_progress
pause                   in_progress                                     paused
resume                  paused                                          in_progress
note_progress           accepted ... paused, resolved                   (same)
change_tier             accepted, assigned, in_progress, paused         (same)
resolve                 in_progress                                     resolved
reopen                  resolved                                        in_progress
sign_off                resolved                                        signed_off
rate                    signed_off (once)                               (same)
close                   signed_off                                      closed
file_incident_report    closed (when the targets ask for a report)      (same)
cancel                  anything before resolved                        cancelled
record_sla_alerts       any                                             (same)
======================  ==============================================  ==================
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from backoffice.domain.requests.kinds import RequestState

__all__ = ["TRANSITIONS", "RequestAction", "Transition"]

S = RequestState


class RequestAction(enum.StrEnum):
    """A step in a request's life, named as the business says it."""

    SUBMIT = "submit"
    RETURN_FOR_INFORMATION = "return_for_information"
    SUPPLY_INFORMATION = "supply_information"
    ACCEPT = "accept"
    REJECT = "reject"
    ASSIGN = "assign"
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    NOTE_PROGRESS = "note_progress"
    CHANGE_TIER = "change_tier"
    RESOLVE = "resolve"
    REOPEN = "reopen"
    SIGN_OFF = "sign_off"
    RATE = "rate"
    CLOSE = "close"
    FILE_INCIDENT_REPORT = "file_incident_report"
    CANCEL = "cancel"
    RECORD_SLA_ALERTS = "record_sla_alerts"


@attrs.frozen
class Transition:
    """Where a step may be taken and where it leads.

    Attributes:
        sources: The states the step is allowed in.
        target: The state after the step; ``None`` keeps the state.
        moves: Exceptions to ``target`` as ``(from, to)`` pairs (the first assignment moves
            an accepted request to assigned; a reassignment keeps the state).
    """

    sources: frozenset[RequestState]
    target: RequestState | None = None
    moves: tuple[tuple[RequestState, RequestState], ...] = ()

    def leads_from(self, state: RequestState) -> RequestState:
        """The state after taking the step in ``state``."""
        for source, target in self.moves:
            if source is state:
                return target
        return self.target if self.target is not None else state


_WORKING = frozenset({S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS, S.PAUSED})
_BEFORE_RESOLUTION = _WORKING | {S.SUBMITTED, S.RETURNED}

#: The lifecycle table, one :class:`Transition` per step (submission creates the request).
TRANSITIONS: Mapping[RequestAction, Transition] = MappingProxyType(
    {
        RequestAction.RETURN_FOR_INFORMATION: Transition(frozenset({S.SUBMITTED}), S.RETURNED),
        RequestAction.SUPPLY_INFORMATION: Transition(frozenset({S.RETURNED}), S.SUBMITTED),
        RequestAction.ACCEPT: Transition(frozenset({S.SUBMITTED}), S.ACCEPTED),
        RequestAction.REJECT: Transition(frozenset({S.SUBMITTED}), S.REJECTED),
        RequestAction.ASSIGN: Transition(_WORKING, moves=((S.ACCEPTED, S.ASSIGNED),)),
        RequestAction.START: Transition(frozenset({S.ASSIGNED}), S.IN_PROGRESS),
        RequestAction.PAUSE: Transition(frozenset({S.IN_PROGRESS}), S.PAUSED),
        RequestAction.RESUME: Transition(frozenset({S.PAUSED}), S.IN_PROGRESS),
        RequestAction.NOTE_PROGRESS: Transition(_WORKING | {S.RESOLVED}),
        RequestAction.CHANGE_TIER: Transition(_WORKING),
        RequestAction.RESOLVE: Transition(frozenset({S.IN_PROGRESS}), S.RESOLVED),
        RequestAction.REOPEN: Transition(frozenset({S.RESOLVED}), S.IN_PROGRESS),
        RequestAction.SIGN_OFF: Transition(frozenset({S.RESOLVED}), S.SIGNED_OFF),
        RequestAction.RATE: Transition(frozenset({S.SIGNED_OFF})),
        RequestAction.CLOSE: Transition(frozenset({S.SIGNED_OFF}), S.CLOSED),
        RequestAction.FILE_INCIDENT_REPORT: Transition(frozenset({S.CLOSED})),
        RequestAction.CANCEL: Transition(_BEFORE_RESOLUTION, S.CANCELLED),
        RequestAction.RECORD_SLA_ALERTS: Transition(frozenset(RequestState)),
    }
)
