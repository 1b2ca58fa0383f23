"""What the service desk reads from its callers on every command: who, and when.

Who is an actor id, given as the typed id or its text. When is an aware instant, or, when a
caller gives none, "now" from the clock the desk was configured with (a desk with no clock
asks for ``at=``).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Final
from zoneinfo import ZoneInfo

from backoffice.clock import Clock
from backoffice.errors import ValidationError
from backoffice.values import ActorId
from backoffice.values.inputs import actor, instant

__all__ = ["read_actor", "read_instant"]

#: Time zone types whose instants always have an offset (no need to ask them).
_ALWAYS_AWARE: Final = frozenset({ZoneInfo, timezone})


def read_instant(at: datetime | None, clock: Clock | None) -> datetime:
    """``at`` checked as an aware instant, or ``clock``'s now when ``at`` is ``None``.

    Raises:
        ValidationError: ``at`` is not an aware datetime, or is ``None`` with no ``clock``.
    """
    if at is not None:
        if at.__class__ is datetime and at.tzinfo.__class__ in _ALWAYS_AWARE:
            return at
        return instant(at)
    if clock is None:
        raise ValidationError("give at= or configure the desk with a clock", field="at")
    return clock.now()


def read_actor(value: object) -> ActorId:
    """``value`` as an actor id (the typed id or its text)."""
    return value if value.__class__ is ActorId else actor(value)
