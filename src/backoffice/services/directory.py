"""The directory: the embedding system's org chart, as approvals need it.

Approval chains name roles; who holds a role (the head of the admin department, the people in
finance) and who currently approves on whose behalf is the organisation's business, kept in
its HR system or directory service. backoffice asks through the :class:`Directory` protocol.
:class:`InMemoryDirectory` is a ready implementation for tests, demos and small deployments:
role assignments in memory, delegations in a recorded
:class:`~backoffice.domain.approvals.register.DelegationRegister`.

A role may be held per department (the department head of ``DEP-ADMIN``) or organisation-wide
(finance); a department's own holders take precedence over organisation-wide ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

import attrs

from backoffice.domain.approvals.delegation import Delegation, DelegationId
from backoffice.domain.approvals.register import DelegationRegister
from backoffice.domain.approvals.steps import Role
from backoffice.domain.events import DomainEvent
from backoffice.errors import ValidationError
from backoffice.values import inputs
from backoffice.values.ids import ActorId, DepartmentId

__all__ = ["Directory", "InMemoryDirectory"]


class Directory(Protocol):
    """Who holds which role, and who approves on whose behalf."""

    def holders(self, role: Role, department: DepartmentId) -> frozenset[ActorId]:
        """The people who hold ``role`` for ``department`` (empty if nobody does)."""
        ...

    def delegations_held(self, delegate: ActorId, at: datetime) -> Sequence[Delegation]:
        """The delegations ``delegate`` holds at ``at``."""
        ...


def _role_key(role: object, department: object) -> tuple[Role, DepartmentId | None]:
    return (
        inputs.entity_id(role, Role, "role"),
        None if department is None else inputs.entity_id(department, DepartmentId, "department"),
    )


@attrs.define
class InMemoryDirectory:
    """Role assignments in memory and a recorded delegation register.

    Attributes:
        delegations: The register of delegations (its events are handed over by
            :meth:`collect_events`).

    Example:
        >>> directory = InMemoryDirectory.from_dict({
        ...     "department-head": {"DEP-ADMIN": ["wang"], "DEP-IT": ["chen"]},
        ...     "finance": ["zhao", "qian"],
        ... })
        >>> sorted(map(str, directory.holders(Role("finance"), DepartmentId("DEP-IT"))))
        ['qian', 'zhao']
        >>> sorted(map(str, directory.holders(Role("department-head"), DepartmentId("DEP-IT"))))
        ['chen']
    """

    delegations: DelegationRegister = attrs.field(factory=DelegationRegister)
    _roles: dict[tuple[Role, DepartmentId | None], set[ActorId]] = attrs.field(
        factory=dict, repr=False
    )

    def assign(
        self, role: Role, person: ActorId, *, department: DepartmentId | None = None
    ) -> None:
        """Give ``person`` the ``role``, for ``department`` or organisation-wide.

        Raises:
            ValidationError: The role, person or department is not an id (or its text).
        """
        key = _role_key(role, department)
        self._roles.setdefault(key, set()).add(inputs.actor(person, "person"))

    def unassign(
        self, role: Role, person: ActorId, *, department: DepartmentId | None = None
    ) -> None:
        """Take the ``role`` (for ``department`` or organisation-wide) from ``person``."""
        key = _role_key(role, department)
        self._roles.get(key, set()).discard(inputs.actor(person, "person"))

    def holders(self, role: Role, department: DepartmentId) -> frozenset[ActorId]:
        """The department's own holders of ``role``, else the organisation-wide ones."""
        own = self._roles.get((role, department))
        if own:
            return frozenset(own)
        return frozenset(self._roles.get((role, None), ()))

    def delegate(
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
        """Record a delegation (see :meth:`DelegationRegister.grant`)."""
        return self.delegations.grant(
            delegation_id,
            principal=principal,
            delegate=delegate,
            starts=starts,
            ends=ends,
            roles=roles,
            reason=reason,
            actor=actor,
            at=at,
        )

    def delegations_held(self, delegate: ActorId, at: datetime) -> Sequence[Delegation]:
        """The delegations ``delegate`` holds at ``at``."""
        return self.delegations.held_by(delegate, at)

    def collect_events(self) -> list[DomainEvent]:
        """The delegation events recorded since the last call."""
        return self.delegations.collect_events()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> InMemoryDirectory:
        """Build from plain data: each role code maps to its holders.

        The holders are a list of people (organisation-wide) or a mapping of department id to
        a list of people.

        Raises:
            ValidationError: A role's holders are neither a list nor a mapping.
        """
        directory = cls()
        for code, holders in data.items():
            role = Role(code)
            if isinstance(holders, Mapping):
                for department, people in holders.items():
                    for person in people:
                        directory.assign(role, ActorId(person), department=DepartmentId(department))
            elif isinstance(holders, list | tuple):
                for person in holders:
                    directory.assign(role, ActorId(person))
            else:
                raise ValidationError(
                    f"holders of {code} must be a list or a mapping by department",
                    field="directory",
                    value=holders,
                )
        return directory
