"""Domain events: the audit trail of every state change.

Each business action on an aggregate (a request accepted, a lot received, a budget committed)
records one event: a frozen record named in the past tense that says **what** happened, to
**which** aggregate (id and version), **who** did it and **when** (an aware instant). The
aggregate keeps its new events pending; the embedding system takes them with
``collect_events()`` to store, publish or audit them. The domain never dispatches events itself.

Concrete events subclass :class:`DomainEvent` with keyword-only fields of their own::

    @attrs.frozen(kw_only=True)
    class StockIssued(DomainEvent):
        sku: str
        quantity: Quantity
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import attrs

from backoffice.values.ids import ActorId
from backoffice.values.instant import ensure_aware

__all__ = ["DomainEvent", "EventLog", "HasEvents"]


def _aware_occurred_at(value: datetime) -> datetime:
    return ensure_aware(value, "occurred_at")


@attrs.frozen(kw_only=True)
class DomainEvent:
    """Base of all domain events.

    Attributes:
        aggregate_id: Id of the aggregate the event belongs to (as text, so events of every
            aggregate can share one store).
        version: The aggregate's version after this event: 1 for the first event, then +1 each.
        actor: Who performed the action.
        occurred_at: When it took effect, timezone-aware.
    """

    aggregate_id: str
    version: int
    actor: ActorId
    occurred_at: datetime = attrs.field(converter=_aware_occurred_at)

    @property
    def name(self) -> str:
        """The event's type name, e.g. ``"RequestAccepted"``."""
        return type(self).__name__


class HasEvents(Protocol):
    """Anything that hands over the events it recorded since the last call."""

    def collect_events(self) -> list[DomainEvent]:
        """Return the pending events, oldest first, and forget them."""
        ...


@attrs.define
class EventLog:
    """The pending events and current version of one aggregate.

    Aggregates hold an ``EventLog`` and append to it as the last step of each command (after
    validating and mutating), so a command that raised has recorded nothing.

    Attributes:
        version: Number of events the aggregate has recorded in its whole life.
    """

    version: int = 0
    _pending: list[DomainEvent] = attrs.field(factory=list, repr=False)

    @property
    def next_version(self) -> int:
        """The version the next recorded event will carry."""
        return self.version + 1

    def append(self, event: DomainEvent) -> None:
        """Record ``event``; its version must be :attr:`next_version`."""
        if event.version != self.next_version:
            msg = f"event version {event.version} does not follow {self.version}"
            raise ValueError(msg)
        self.version = event.version
        self._pending.append(event)

    def pending(self) -> tuple[DomainEvent, ...]:
        """The events not yet collected, oldest first, without removing them."""
        return tuple(self._pending)

    def collect(self) -> list[DomainEvent]:
        """Hand over the pending events, oldest first, and forget them."""
        events, self._pending = self._pending, []
        return events
