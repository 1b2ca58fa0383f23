"""What a maintenance plan starts from when it is adopted: its first day and its meter baseline.

Both are checked before the planner mints a plan id, so a refused adoption consumes none.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Final

from backoffice.domain.assets.kinds import MeterKind
from backoffice.domain.maintenance import events as ev
from backoffice.domain.maintenance.spec import MaintenancePlanSpec
from backoffice.errors import ValidationError
from backoffice.values import inputs

__all__ = ["first_nominal", "read_baseline"]

_FAR: Final = date(9999, 12, 31)


def read_baseline(
    spec: MaintenancePlanSpec, baseline: Mapping[MeterKind | str, Decimal | int | str] | None
) -> tuple[ev.MeterUsage, ...]:
    """The meter usage ``spec``'s triggers count from: ``baseline`` checked, 0 where not given.

    Raises:
        ValidationError: A meter name or a usage is malformed.
    """
    given = {
        inputs.choice(m, MeterKind, "baseline"): inputs.non_negative(v, "baseline")
        for m, v in (baseline or {}).items()
    }
    return tuple(
        ev.MeterUsage(t.meter, given.get(t.meter, Decimal(0))) for t in spec.meter_triggers
    )


def first_nominal(spec: MaintenancePlanSpec) -> date | None:
    """The first day of ``spec``'s recurrence on or after its start (``None``: meter-only).

    Raises:
        ValidationError: The recurrence never gives a day (every 2 months from January but
            only in February; the 31st of April), so the plan could never fall due.
    """
    if spec.recurrence is None:
        return None
    first = next(spec.recurrence.dates(spec.starts_on, _FAR), None)
    if first is None:
        raise ValidationError(
            f"the recurrence gives no day from {spec.starts_on}: its interval, months and days"
            " never meet",
            field="recurrence",
        )
    return first
