"""Ports: the protocols the services are written against, with in-memory defaults.

An embedding system plugs its own storage in behind these protocols, or uses the reference
adapter in :mod:`backoffice.adapters.sqlite`.
"""

from __future__ import annotations

from backoffice.ports.errors import ConcurrencyConflict
from backoffice.ports.events import (
    EventStore,
    RecordedEvent,
    Snapshot,
    StreamAppend,
    check_unit_of_work,
)
from backoffice.ports.memory import InMemoryEventStore

__all__ = [
    "ConcurrencyConflict",
    "EventStore",
    "InMemoryEventStore",
    "RecordedEvent",
    "Snapshot",
    "StreamAppend",
    "check_unit_of_work",
]
