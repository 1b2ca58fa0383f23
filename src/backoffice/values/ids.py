"""Typed identifiers and the injected id generators that mint them.

An id is a small frozen value around a string. Each kind of record has its own id type
(:class:`RequestId`, :class:`AssetId`, ...), so a type checker catches a request id passed where
a supplier id is expected, and ``RequestId("7") != AssetId("7")``.

The domain never invents ids by itself: an :class:`IdGenerator` is injected, so tests and
scenario scripts get deterministic, readable ids (:class:`SequentialIds`) and an embedding
system can hand over its database's keys.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import ClassVar, Protocol, TypeVar

import attrs

from backoffice.errors import ValidationError

__all__ = [
    "ActorId",
    "AssetId",
    "DepartmentId",
    "EntityId",
    "IdGenerator",
    "RequestId",
    "SequentialIds",
    "SupplierId",
    "UuidIds",
]


def _non_empty(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"an id must be a non-empty string, got {value!r}", value=value)
    return value


@attrs.frozen(order=True, repr=False)
class EntityId:
    """Base class of typed ids; ``str(id)`` is the raw value.

    Subclasses set ``prefix``, used by generators to mint readable ids (``REQ-000001``).
    """

    prefix: ClassVar[str] = "ID"
    value: str = attrs.field(converter=_non_empty)

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.value!r})"


@attrs.frozen(order=True, repr=False)
class ActorId(EntityId):
    """A person or system that performs a business action (a requester, a clerk, a scheduler)."""

    prefix: ClassVar[str] = "ACT"


@attrs.frozen(order=True, repr=False)
class DepartmentId(EntityId):
    """An organisational unit or cost centre (部门 / 成本中心)."""

    prefix: ClassVar[str] = "DEP"


@attrs.frozen(order=True, repr=False)
class RequestId(EntityId):
    """A service request (报修 / 申请)."""

    prefix: ClassVar[str] = "REQ"


@attrs.frozen(order=True, repr=False)
class AssetId(EntityId):
    """A fixed asset in the register (固定资产)."""

    prefix: ClassVar[str] = "AST"


@attrs.frozen(order=True, repr=False)
class SupplierId(EntityId):
    """A supplier or outside service provider (供应商)."""

    prefix: ClassVar[str] = "SUP"


IdT = TypeVar("IdT", bound=EntityId)


class IdGenerator(Protocol):
    """Mints new ids of a given id type; injected wherever records are created."""

    def new(self, kind: type[IdT]) -> IdT:
        """Return a fresh id of type ``kind``, never returned before by this generator."""
        ...


@attrs.define
class SequentialIds:
    """Deterministic ids ``PREFIX-000001``, ``PREFIX-000002``, ... counted per id type.

    The right generator for tests, demos and scenario scripts: the same run gives the same ids.
    A service restored from stored events continues after the ids already issued
    (:meth:`after`, :meth:`observe`), so it never mints one twice.

    Example:
        >>> ids = SequentialIds.after([RequestId("REQ-000007")])
        >>> ids.new(RequestId), ids.new(AssetId)
        (RequestId('REQ-000008'), AssetId('AST-000001'))
    """

    width: int = 6
    _issued: dict[type[EntityId], int] = attrs.field(factory=dict, init=False, repr=False)

    @classmethod
    def after(cls, issued: Iterable[EntityId], *, width: int = 6) -> SequentialIds:
        """A generator whose next id of each type follows the highest of ``issued``."""
        ids = cls(width)
        for value in issued:
            ids.observe(value)
        return ids

    def observe(self, issued: EntityId) -> None:
        """Continue after ``issued`` if it is of this generator's shape and not behind it.

        An id of another shape (a UUID, an embedder's own key) is ignored: it cannot clash.
        """
        kind = type(issued)
        prefix, _, number = issued.value.rpartition("-")
        known = self._issued.get(kind, 0)
        if prefix == kind.prefix and number.isascii() and number.isdigit() and int(number) > known:
            self._issued[kind] = int(number)

    def new(self, kind: type[IdT]) -> IdT:
        """Return the next id of type ``kind``."""
        number = self._issued.get(kind, 0) + 1
        self._issued[kind] = number
        return kind(f"{kind.prefix}-{number:0{self.width}d}")


@attrs.frozen
class UuidIds:
    """Random UUID4 ids, for embedders that do not have keys of their own."""

    def new(self, kind: type[IdT]) -> IdT:
        """Return a random id of type ``kind``."""
        return kind(f"{kind.prefix}-{uuid.uuid4()}")
