"""backoffice: a pure-Python domain library for an organisation's back office (后勤管理).

Service requests with SLA tiers, fixed assets, inventory with FIFO costing, suppliers, budgets
with commitment control, approval chains and KPIs, independent of any UI, database or wall
clock. Time is always passed in (or read from an injected :class:`Clock`); money is exact.

The names exported here are the public API; anything else is private and may change.
"""

from __future__ import annotations

from backoffice.clock import Clock, FixedClock, ManualClock, SystemClock
from backoffice.domain.events import DomainEvent, EventLog, HasEvents
from backoffice.errors import (
    BackofficeError,
    CurrencyMismatch,
    InvalidAmount,
    InvalidTransition,
    NaiveDatetimeError,
    NotFound,
    PolicyConfigurationError,
    UnitMismatch,
    ValidationError,
)
from backoffice.values import (
    ActorId,
    AssetId,
    DepartmentId,
    EntityId,
    IdGenerator,
    Money,
    Percent,
    Period,
    Quantity,
    RequestId,
    SequentialIds,
    SupplierId,
    UuidIds,
)

__version__ = "0.1.0"

__all__ = [
    "ActorId",
    "AssetId",
    "BackofficeError",
    "Clock",
    "CurrencyMismatch",
    "DepartmentId",
    "DomainEvent",
    "EntityId",
    "EventLog",
    "FixedClock",
    "HasEvents",
    "IdGenerator",
    "InvalidAmount",
    "InvalidTransition",
    "ManualClock",
    "Money",
    "NaiveDatetimeError",
    "NotFound",
    "Percent",
    "Period",
    "PolicyConfigurationError",
    "Quantity",
    "RequestId",
    "SequentialIds",
    "SupplierId",
    "SystemClock",
    "UnitMismatch",
    "UuidIds",
    "ValidationError",
    "__version__",
]
