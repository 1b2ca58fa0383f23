"""The domain: aggregates with their state and invariants, and the events they record.

Nothing here performs I/O, reads a clock or the environment: time is an argument, and
calendars, policies and id generators are injected.
"""

from __future__ import annotations

from backoffice.domain.events import DomainEvent, EventLog, HasEvents

__all__ = ["DomainEvent", "EventLog", "HasEvents"]
