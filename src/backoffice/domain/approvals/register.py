"""The delegation register: who may approve for whom, when, recorded.

Delegations are granted and revoked by commands that record events
(:class:`~backoffice.domain.approvals.events.DelegationGranted`,
:class:`~backoffice.domain.approvals.events.DelegationRevoked`), so the approval trail can
always show by what right a deputy approved. The register answers "which delegations does this
person hold at this moment?" for the directory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

import attrs

from backoffice.domain.approvals.delegation import Delegation, DelegationId
from backoffice.domain.approvals.events import DelegationGranted, DelegationRevoked
from backoffice.domain.approvals.steps import Role
from backoffice.domain.events import DomainEvent, EventLog
from backoffice.errors import NotFound, ValidationError
from backoffice.values import inputs
from backoffice.values.ids import ActorId
from backoffice.values.instant import ensure_aware

__all__ = ["DelegationRegister"]


@attrs.define(eq=False)
class DelegationRegister:
    """The recorded delegations of an organisation.

    Attributes:
        id: The register's id (used as the aggregate id of its events).
    """

    id: str = "delegations"
    _delegations: dict[DelegationId, Delegation] = attrs.field(factory=dict, repr=False)
    _by_delegate: dict[ActorId, list[DelegationId]] = attrs.field(factory=dict, repr=False)
    _events: EventLog = attrs.field(factory=EventLog, repr=False)

    def grant(
        self,
        delegation_id: DelegationId,
        *,
        principal: ActorId,
        delegate: ActorId,
        starts: datetime,
        ends: datetime,
        roles: Iterable[Role] = (),
        reason: str = "",
        actor: ActorId,
        at: datetime,
    ) -> Delegation:
        """Record that ``principal`` delegates to ``delegate`` from ``starts`` until ``ends``.

        Raises:
            ValidationError: The id is used already, the period is empty or backwards, or
                principal and delegate are the same person; an argument is of the wrong kind.
        """
        delegation_id = inputs.entity_id(delegation_id, DelegationId, "delegation_id")
        principal, delegate = (
            inputs.actor(principal, "principal"),
            inputs.actor(delegate, "delegate"),
        )
        reason, actor = inputs.optional_text(reason, "reason"), inputs.actor(actor)
        at = inputs.instant(at)
        if delegation_id in self._delegations:
            raise ValidationError(
                f"delegation {delegation_id} is recorded already", field="delegation_id"
            )
        delegation = Delegation(
            id=delegation_id,
            principal=principal,
            delegate=delegate,
            starts=starts,
            ends=ends,
            roles=tuple(roles),
            reason=reason,
        )
        self._delegations[delegation_id] = delegation
        self._by_delegate.setdefault(delegate, []).append(delegation_id)
        self._record(DelegationGranted, actor, at, delegation=delegation)
        return delegation

    def revoke(self, delegation_id: DelegationId, *, actor: ActorId, at: datetime) -> Delegation:
        """End a delegation at ``at`` (or at its start, if it has not begun); returns it.

        Raises:
            NotFound: No such delegation.
        """
        at, actor = inputs.instant(at), inputs.actor(actor)
        current = self.get(inputs.entity_id(delegation_id, DelegationId, "delegation_id"))
        ends = max(current.starts, min(current.ends, at))
        revoked = attrs.evolve(current, ends=ends)
        self._delegations[delegation_id] = revoked
        self._record(DelegationRevoked, actor, at, delegation_id=delegation_id, ends=ends)
        return revoked

    @classmethod
    def replay(
        cls, events: Iterable[DomainEvent], *, register_id: str = "delegations"
    ) -> DelegationRegister:
        """Rebuild the register from its events, oldest first (other events are skipped).

        Raises:
            ValidationError: An event is out of sequence, or revokes an unknown delegation.
        """
        register = cls(register_id)
        version = 0
        for event in events:
            if event.aggregate_id != register_id or not isinstance(
                event, DelegationGranted | DelegationRevoked
            ):
                continue
            version += 1
            if event.version != version:
                raise ValidationError(
                    f"event {version} of the delegation register is version {event.version}",
                    field="events",
                )
            if isinstance(event, DelegationGranted):
                delegation = event.delegation
                register._delegations[delegation.id] = delegation
                register._by_delegate.setdefault(delegation.delegate, []).append(delegation.id)
            else:
                revoked = attrs.evolve(register.get(event.delegation_id), ends=event.ends)
                register._delegations[event.delegation_id] = revoked
        register._events = EventLog(version=version)
        return register

    @property
    def version(self) -> int:
        """Number of events the register has recorded."""
        return self._events.version

    def delegations(self) -> list[Delegation]:
        """Every delegation recorded (revoked ones with their new end), oldest grant first."""
        return list(self._delegations.values())

    def get(self, delegation_id: DelegationId) -> Delegation:
        """The delegation ``delegation_id``.

        Raises:
            NotFound: No such delegation.
        """
        delegation = self._delegations.get(delegation_id)
        if delegation is None:
            raise NotFound("delegation", delegation_id)
        return delegation

    def held_by(self, delegate: ActorId, at: datetime) -> list[Delegation]:
        """The delegations ``delegate`` holds at ``at``, oldest grant first."""
        at = ensure_aware(at)
        return [
            delegation
            for delegation in (self._delegations[i] for i in self._by_delegate.get(delegate, ()))
            if delegation.starts <= at < delegation.ends
        ]

    def collect_events(self) -> list[DomainEvent]:
        """Hand over the events recorded since the last call, oldest first."""
        return self._events.collect()

    def _record(
        self, event_type: Callable[..., DomainEvent], actor: ActorId, at: datetime, **fields: object
    ) -> None:
        self._events.append(
            event_type(
                aggregate_id=self.id,
                version=self._events.next_version,
                actor=actor,
                occurred_at=at,
                **fields,
            )
        )
