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

An aggregate that records many events from figures it has already checked (a sweep recording
hundreds of thousands of SLA alerts) may build them with :func:`trusted_event`, a constructor
that sets the fields as given instead of converting and validating them a second time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import ClassVar, Protocol, TypeVar

import attrs

from backoffice.values.ids import ActorId
from backoffice.values.instant import ensure_aware
from backoffice.values.trusted import trusted

__all__ = ["DomainEvent", "EventLog", "HasEvents", "trusted_event"]

E = TypeVar("E", bound="DomainEvent")


def _aware_occurred_at(value: datetime) -> datetime:
    return ensure_aware(value, "occurred_at")


@attrs.frozen(kw_only=True)
class DomainEvent:
    """Base of all domain events.

    ``schema_version`` (a class variable, not a field) is the version of the event's shape:
    1 until a change to its fields would make older stored events unreadable; then the class
    raises it and the codec is given an upcaster from the old version (see
    :class:`~backoffice.serialization.EventCodec`).

    Attributes:
        aggregate_id: Id of the aggregate the event belongs to (as text, so events of every
            aggregate can share one store).
        version: The aggregate's version after this event: 1 for the first event, then +1 each.
        actor: Who performed the action.
        occurred_at: When it took effect, timezone-aware.
    """

    schema_version: ClassVar[int] = 1

    aggregate_id: str
    version: int
    actor: ActorId
    occurred_at: datetime = attrs.field(converter=_aware_occurred_at)

    @property
    def name(self) -> str:
        """The event's type name, e.g. ``"RequestAccepted"``."""
        return type(self).__name__


def trusted_event(cls: type[E], *names: str) -> Callable[..., E]:
    """A constructor of the event class ``cls`` for values its aggregate has already checked.

    The constructor sets the fields as given, by position, without running converters or
    validators (``occurred_at`` is not checked for a time zone again). Use it only where every
    value is known to be what the class's own constructor would accept: an aware instant the
    command checked, ids and enums the aggregate holds; everywhere else call the class.

    Args:
        cls: A :class:`DomainEvent` subclass made with ``attrs.frozen`` (slotted), without
            ``__attrs_post_init__``.
        names: Every field of ``cls``, in the order the constructor takes them. A field
            missing here, or one ``cls`` does not have, is an error now, not a field silently
            left unset.

    Raises:
        TypeError: ``cls`` is not such a class, or ``names`` are not exactly its fields.

    Example:
        >>> from datetime import UTC, datetime
        >>> make = trusted_event(DomainEvent, "aggregate_id", "version", "actor", "occurred_at")
        >>> at = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
        >>> make("REQ-1", 1, ActorId("li.na"), at) == DomainEvent(
        ...     aggregate_id="REQ-1", version=1, actor=ActorId("li.na"), occurred_at=at
        ... )
        True
    """
    if DomainEvent not in getattr(cls, "__mro__", ()):  # a check for untyped callers
        msg = f"{cls.__name__} is not a plain DomainEvent: build it with its constructor"
        raise TypeError(msg)
    return trusted(cls, *names)


class HasEvents(Protocol):
    """Anything that hands over the events it recorded since the last call."""

    def collect_events(self) -> list[DomainEvent]:
        """Return the pending events, oldest first, and forget them."""
        ...


@attrs.define
class EventLog:
    """The pending events and current version of one aggregate.

    Aggregates hold an ``EventLog`` and append to it as the last step of each command (after
    validating and mutating), so a command that raised has recorded nothing. It holds no list
    while nothing is pending (most aggregates, most of the time, once their events are
    collected).

    Attributes:
        version: Number of events the aggregate has recorded in its whole life.
    """

    version: int = 0
    _pending: list[DomainEvent] | None = attrs.field(default=None, repr=False)

    @property
    def next_version(self) -> int:
        """The version the next recorded event will carry."""
        return self.version + 1

    def append(self, event: DomainEvent) -> None:
        """Record ``event``; its version must be :attr:`next_version`."""
        if event.version != self.version + 1:
            msg = f"event version {event.version} does not follow {self.version}"
            raise ValueError(msg)
        self.version = event.version
        if self._pending is None:
            self._pending = [event]
        else:
            self._pending.append(event)

    def extend(self, events: Sequence[DomainEvent]) -> None:
        """Record ``events`` in order; their versions must follow on from :attr:`version`.

        Nothing is recorded if any version is out of place.
        """
        version = self.version
        for event in events:
            version += 1
            if event.version != version:
                msg = f"event version {event.version} does not follow {version - 1}"
                raise ValueError(msg)
        self.version = version
        if self._pending is None:
            self._pending = list(events)
        else:
            self._pending.extend(events)

    def pending(self) -> tuple[DomainEvent, ...]:
        """The events not yet collected, oldest first, without removing them."""
        return () if self._pending is None else tuple(self._pending)

    def collect(self) -> list[DomainEvent]:
        """Hand over the pending events, oldest first, and forget them."""
        events, self._pending = self._pending, None
        return [] if events is None else events
