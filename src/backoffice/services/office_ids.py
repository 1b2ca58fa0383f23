"""The office's one id source, which takes back the ids of a unit of work that failed.

Every area of an office mints its ids (requests, requisitions) from one generator. A command
that raises must not consume an id (the embedding conventions), and an office restored from its
events must mint the same next id as an office that never stopped. When a unit of work fails
after a step minted an id, :class:`UnitOfWorkIds` takes that id back and hands it out again
before asking the generator for a new one, so the sequence goes on as if the failed unit had
never run, whatever generator is injected.
"""

from __future__ import annotations

from typing import TypeVar

import attrs

from backoffice.values.ids import EntityId, IdGenerator

__all__ = ["UnitOfWorkIds"]

IdT = TypeVar("IdT", bound=EntityId)


@attrs.define
class UnitOfWorkIds:
    """An :class:`~backoffice.values.ids.IdGenerator` that can give back a failed unit's ids.

    Attributes:
        source: The generator that mints new ids.
    """

    source: IdGenerator
    _minted: list[EntityId] = attrs.field(factory=list, init=False)
    _returned: dict[type[EntityId], list[EntityId]] = attrs.field(factory=dict, init=False)

    def new(self, kind: type[IdT]) -> IdT:
        """An id taken back from a failed unit of work, oldest first, or a new one."""
        returned = self._returned.get(kind)
        issued = returned.pop(0) if returned else self.source.new(kind)
        if not isinstance(issued, kind):  # pragma: no cover - only ids of kind are kept by kind
            raise TypeError(kind)
        self._minted.append(issued)
        return issued

    def observe(self, issued: EntityId) -> None:
        """Tell the source that ``issued`` exists (if it can be told), so it is never minted."""
        observe = getattr(self.source, "observe", None)
        if observe is not None:
            observe(issued)

    def mark(self) -> int:
        """Where a unit of work begins, for :meth:`take_back`."""
        return len(self._minted)

    def commit(self) -> None:
        """The outermost unit of work succeeded: the ids it minted are used."""
        self._minted.clear()

    def take_back(self, *, since: int = 0) -> None:
        """A unit of work failed: hand out again the ids minted since ``since``, oldest first.

        Args:
            since: The :meth:`mark` taken when the failed unit of work began.
        """
        for issued in self._minted[since:]:
            self._returned.setdefault(type(issued), []).append(issued)
        for returned in self._returned.values():
            returned.sort()
        del self._minted[since:]
