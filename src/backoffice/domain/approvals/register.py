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
                principal and delegate are the same person.
        """
        at = ensure_aware(at)
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
        at = ensure_aware(at)
        current = self.get(delegation_id)
        ends = max(current.starts, min(current.ends, at))
        revoked = attrs.evolve(current, ends=ends)
        self._delegations[delegation_id] = revoked
        self._record(DelegationRevoked, actor, at, delegation_id=delegation_id, ends=ends)
        return revoked

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
