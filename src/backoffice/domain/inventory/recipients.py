"""Recipients: who an issue goes to (领用对象).

Stock is issued to a **department** (the usual case: finance takes ten reams), to a **service
request** (the spare pump seal for repair request REQ-000042) or to a **person** (a new mouse for
Zhang San). Commands take the typed id (``DepartmentId``, ``RequestId``, ``ActorId``); a plain
string is read as a department's id. Movements and events keep a :class:`Recipient`: its kind
and its id as text, which every event store can keep.
"""

from __future__ import annotations

import enum
from typing import Final, TypeAlias

import attrs

from backoffice.errors import ValidationError
from backoffice.values.ids import ActorId, DepartmentId, EntityId, RequestId

__all__ = ["TARGET_KINDS", "Recipient", "RecipientKind", "Target"]

#: Who stock is issued to: a department (a plain string is read as a department's id), a
#: service request (spare parts for a repair) or a person.
Target: TypeAlias = DepartmentId | RequestId | ActorId | str


class RecipientKind(enum.StrEnum):
    """Who an issue went to."""

    DEPARTMENT = "department"
    REQUEST = "request"
    PERSON = "person"


#: The recipient kind of each target type (a plain string names a department).
TARGET_KINDS: Final[dict[type, str]] = {
    str: RecipientKind.DEPARTMENT.value,
    DepartmentId: RecipientKind.DEPARTMENT.value,
    RequestId: RecipientKind.REQUEST.value,
    ActorId: RecipientKind.PERSON.value,
}
_ID_OF_KIND: Final[dict[str, type[EntityId]]] = {
    RecipientKind.DEPARTMENT: DepartmentId,
    RecipientKind.REQUEST: RequestId,
    RecipientKind.PERSON: ActorId,
}


@attrs.frozen
class Recipient:
    """The receiving end of an issue, in a form every event store can keep.

    Attributes:
        kind: A department, a service request or a person.
        id: Their id, as text.

    Example:
        >>> Recipient.of("finance")
        Recipient(kind=<RecipientKind.DEPARTMENT: 'department'>, id='finance')
        >>> Recipient.of(RequestId("REQ-000042")).as_id()
        RequestId('REQ-000042')
    """

    kind: RecipientKind = attrs.field(converter=RecipientKind)
    id: str

    @classmethod
    def of(cls, target: Target) -> Recipient:
        """The recipient for a department id, request id, actor id or department name.

        Raises:
            TypeError: ``target`` is none of those.
            ValidationError: ``target`` is blank.
        """
        kind = TARGET_KINDS.get(type(target))
        if kind is None:
            kind = next((k for base, k in TARGET_KINDS.items() if isinstance(target, base)), None)
        if kind is None:
            msg = f"an issue goes to a DepartmentId, RequestId, ActorId or str, got {target!r}"
            raise TypeError(msg)
        if not str(target).strip():
            raise ValidationError(
                f"an issue goes to someone: a department, a request or a person, got {target!r}",
                field="to",
                value=target,
            )
        return cls(RecipientKind(kind), str(target))

    def as_id(self) -> EntityId:
        """The typed id (``DepartmentId``, ``RequestId`` or ``ActorId``)."""
        return _ID_OF_KIND[self.kind](self.id)
