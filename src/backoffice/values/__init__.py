"""Value objects shared by every part of the domain: money, quantities, ids, periods, instants."""

from __future__ import annotations

from backoffice.values.ids import (
    ActorId,
    AssetId,
    DepartmentId,
    EntityId,
    IdGenerator,
    RequestId,
    SequentialIds,
    SupplierId,
    UuidIds,
)
from backoffice.values.instant import (
    EPOCH,
    as_duration,
    ensure_aware,
    ensure_not_before,
    is_before,
    utc,
)
from backoffice.values.money import (
    MAX_DIGITS,
    MAX_MAGNITUDE,
    MINOR_UNITS,
    DecimalLike,
    Money,
    to_decimal,
    total,
)
from backoffice.values.percent import Percent
from backoffice.values.period import Period
from backoffice.values.quantity import Quantity

__all__ = [
    "EPOCH",
    "MAX_DIGITS",
    "MAX_MAGNITUDE",
    "MINOR_UNITS",
    "ActorId",
    "AssetId",
    "DecimalLike",
    "DepartmentId",
    "EntityId",
    "IdGenerator",
    "Money",
    "Percent",
    "Period",
    "Quantity",
    "RequestId",
    "SequentialIds",
    "SupplierId",
    "UuidIds",
    "as_duration",
    "ensure_aware",
    "ensure_not_before",
    "is_before",
    "to_decimal",
    "total",
    "utc",
]
