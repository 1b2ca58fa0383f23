"""What every step of a service request does around its own rule: check, then record.

A step (accept, pause, resolve, ...) first checks the actor and the instant it is given, that
the request's state allows it, and that time does not go backwards from the request's last
change; a grading step also checks the tier and the targets. Only then does it record its
event: the event is built, applied (the SLA clocks move) and kept for the caller to collect.
A step that raises has changed nothing.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Final
from zoneinfo import ZoneInfo

import attrs

from backoffice.domain.events import DomainEvent
from backoffice.domain.requests import clockset, clockstate
from backoffice.domain.requests import events as ev
from backoffice.domain.requests.errors import TimeWentBackwards
from backoffice.domain.requests.history import ServiceRequestHistory
from backoffice.domain.requests.kinds import Tier
from backoffice.domain.requests.lifecycle import TRANSITIONS, RequestAction
from backoffice.domain.requests.targets import SlaTargets
from backoffice.errors import InvalidTransition, ValidationError
from backoffice.values import ActorId, ensure_aware, inputs

__all__ = ["ServiceRequestSteps"]

A = RequestAction
#: Time zone types whose instants always have an offset: ``ensure_aware`` need not ask.
_ALWAYS_AWARE: Final = frozenset({ZoneInfo, timezone})


@attrs.define(eq=False, repr=False)
class ServiceRequestSteps(ServiceRequestHistory):
    """A service request's history with the checks and the recording its steps share.

    The base of :class:`~backoffice.domain.requests.request.ServiceRequest`, which adds the
    steps themselves.
    """

    def _check(
        self, action: RequestAction, actor: ActorId | str, at: datetime
    ) -> tuple[ActorId, datetime]:
        """The step's actor and instant, checked, once the step is allowed now."""
        if actor.__class__ is not ActorId:
            actor = inputs.actor(actor)
        if at.__class__ is not datetime or at.tzinfo.__class__ not in _ALWAYS_AWARE:
            ensure_aware(at)  # the full check, for other kinds of time zone (or no datetime)
        at = clockstate.real_instant(at)
        if self._state not in TRANSITIONS[action].sources:
            raise InvalidTransition(self.id, action.value, self._state)
        if clockstate.later(self._changed_at, at):
            raise TimeWentBackwards(self.id, action.value, self._state, at, self._changed_at)
        return actor, at

    def _grading(self, tier: Tier, targets: SlaTargets) -> tuple[Tier, SlaTargets]:
        tier = tier if tier.__class__ is Tier else inputs.choice(tier, Tier, "tier")
        if targets.__class__ is not SlaTargets and not isinstance(targets, SlaTargets):
            raise ValidationError(
                f"targets must be SlaTargets, got {type(targets).__name__}", field="targets"
            )
        for target in targets.targets:
            if target.starts_on is A.SUBMIT:
                early = [t.metric.value for t in targets.targets if t.starts_on is A.SUBMIT]
                raise ValidationError(
                    f"{early} targets are set at submission, not at grading", field="targets"
                )
        return tier, targets

    def _record(
        self, kind: type[DomainEvent], actor: ActorId, at: datetime, **fields: Any
    ) -> DomainEvent:
        graded = fields.get("targets", self._accepted_targets)
        targets, states, started = self._next_clocks(kind, at, graded)
        if kind in _STARTING_CLOCKS:
            fields["deadlines"] = clockset.deadlines_of(targets, states, started)
        event = kind(
            aggregate_id=self.id.value,
            version=self._log.version + 1,
            actor=actor,
            occurred_at=at,
            **fields,
        )
        self._apply(event, clocks=(targets, states))
        self._log.append(event)
        return event


#: The events that record the deadlines of the clocks they start (besides submission and
#: acceptance, which build theirs directly).
_STARTING_CLOCKS: Final = frozenset({ev.TierChanged, ev.RequestClosed})
