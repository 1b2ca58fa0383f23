"""Delegation: approving on someone else's behalf, for a period.

When a manager is away (leave, a business trip), they **delegate** their approvals to a deputy
for a period, optionally for some of their roles only. The deputy then approves *on behalf of*
the manager: the approval counts as the manager's, and is recorded with both names. A
delegation is a recorded fact (granted and revoked by events, see
:class:`~backoffice.domain.approvals.register.DelegationRegister`), never an informal habit.

Segregation of duties sees through delegation: a deputy cannot approve a document the manager
requested, nor a step the manager (or the deputy) already approved.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import attrs

from backoffice.domain.approvals.errors import InvalidDelegation
from backoffice.domain.approvals.steps import Role
from backoffice.errors import ValidationError
from backoffice.values.ids import ActorId, EntityId
from backoffice.values.instant import ensure_aware

__all__ = ["Delegation", "DelegationId"]


@attrs.frozen(order=True, repr=False)
class DelegationId(EntityId):
    """A recorded delegation."""

    prefix: ClassVar[str] = "DLG"


def _aware(value: datetime) -> datetime:
    return ensure_aware(value, "delegation period")


def _roles(value: object) -> tuple[Role, ...]:
    if not isinstance(value, frozenset | set | tuple | list):
        raise ValidationError("roles must be a collection of Role", field="roles", value=value)
    return tuple(sorted(set(value)))


@attrs.frozen(kw_only=True)
class Delegation:
    """``principal`` lets ``delegate`` approve on their behalf from ``starts`` until ``ends``.

    Attributes:
        id: The delegation's id.
        principal: Who delegates (whose authority is used).
        delegate: Who acts.
        starts: When it takes effect (included).
        ends: When it ends (excluded).
        roles: The roles delegated, sorted; empty means all the principal's roles.
        reason: Why (annual leave, business trip, ...).

    Example:
        >>> from datetime import UTC
        >>> leave = Delegation(id=DelegationId("DLG-1"), principal=ActorId("wang"),
        ...     delegate=ActorId("zhou"), starts=datetime(2025, 8, 1, tzinfo=UTC),
        ...     ends=datetime(2025, 8, 15, tzinfo=UTC), reason="annual leave")
        >>> leave.covers(datetime(2025, 8, 14, 23, 0, tzinfo=UTC), Role("finance"))
        True
        >>> leave.covers(datetime(2025, 8, 15, tzinfo=UTC), Role("finance"))
        False
    """

    id: DelegationId
    principal: ActorId
    delegate: ActorId
    starts: datetime = attrs.field(converter=_aware)
    ends: datetime = attrs.field(converter=_aware)
    roles: tuple[Role, ...] = attrs.field(default=(), converter=_roles)
    reason: str = ""

    def __attrs_post_init__(self) -> None:
        if self.principal == self.delegate:
            raise ValidationError(
                f"{self.principal} cannot delegate to themselves", field="delegate"
            )
        if self.ends < self.starts:
            raise ValidationError(
                f"a delegation cannot end ({self.ends.isoformat()}) before it starts "
                f"({self.starts.isoformat()})",
                field="ends",
            )

    def covers(self, at: datetime, role: Role) -> bool:
        """Whether the delegation is in force at ``at`` for ``role``."""
        return self.starts <= at < self.ends and (not self.roles or role in self.roles)

    def check(self, actor: ActorId, at: datetime, role: Role) -> None:
        """Refuse the delegation unless ``actor`` may use it for ``role`` at ``at``.

        Raises:
            InvalidDelegation: With the reason.
        """
        if actor != self.delegate:
            raise InvalidDelegation(f"{self.id} delegates to {self.delegate}, not to {actor}")
        if not self.starts <= at < self.ends:
            raise InvalidDelegation(
                f"{self.id} is in force from {self.starts.isoformat()} to "
                f"{self.ends.isoformat()}, not at {at.isoformat()}"
            )
        if self.roles and role not in self.roles:
            raise InvalidDelegation(f"{self.id} does not delegate the role {role}")
