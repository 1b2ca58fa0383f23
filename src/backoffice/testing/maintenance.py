"""Hypothesis strategies for maintenance plans and inspection checklists, always valid.

:func:`maintenance_plan_specs` draws plans the planner accepts (a recurrence, meter triggers
counted after completion, or both; an end never before the start) and :func:`checklists` draws
checklists with distinct checkpoint codes and ranges only on readings. The event strategies of
:mod:`backoffice.testing.events` use them for the records events copy whole.

Example:
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(maintenance_plan_specs())
    ... def test_a_plan_always_has_a_rule(spec):
    ...     assert spec.recurrence is not None or spec.meter_triggers
    >>> test_a_plan_always_has_a_rule()
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from backoffice.domain.assets import MeterKind
from backoffice.domain.inspections import CheckKind, ChecklistTemplate, Checkpoint, Severity
from backoffice.domain.maintenance import Anchor, HolidayShift, MaintenancePlanSpec, MeterTrigger
from backoffice.testing.assets import locations, recurrences
from backoffice.values.ids import AssetId

__all__ = ["checklists", "checkpoints", "maintenance_plan_specs", "meter_triggers"]


def meter_triggers() -> st.SearchStrategy[tuple[MeterTrigger, ...]]:
    """Up to one trigger per meter, each every 1 to 100,000 units."""
    return st.lists(
        st.builds(MeterTrigger, st.sampled_from(list(MeterKind)), st.integers(1, 100_000)),
        max_size=len(MeterKind),
        unique_by=lambda trigger: trigger.meter,
    ).map(tuple)


@st.composite
def maintenance_plan_specs(draw: st.DrawFn) -> MaintenancePlanSpec:
    """A plan the planner accepts: a rule, triggers counted after completion, or both."""
    triggers = draw(meter_triggers())
    recurrence = draw(recurrences()) if not triggers else draw(st.none() | recurrences())
    anchor = Anchor.AFTER_COMPLETION if triggers else draw(st.sampled_from(list(Anchor)))
    starts_on = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 1_000)))
    ends_on = draw(st.none() | st.integers(0, 3_000).map(lambda d: starts_on + timedelta(days=d)))
    return MaintenancePlanSpec(
        asset=AssetId(f"AST-{draw(st.integers(1, 999)):06d}"),
        title=draw(st.sampled_from(["Lift monthly service", "Boiler check", "Fire pump test"])),
        recurrence=recurrence,
        anchor=anchor,
        starts_on=starts_on,
        ends_on=ends_on,
        calendar=draw(st.sampled_from(["office", "plant", "上海总部"])),
        holiday_shift=draw(st.sampled_from(list(HolidayShift))),
        lead_working_days=draw(st.integers(0, 20)),
        meter_triggers=triggers,
        certificate_months=draw(st.none() | st.integers(1, 60)),
        location=draw(st.none() | locations()),
    )


@st.composite
def checkpoints(draw: st.DrawFn, code: str = "CP-1") -> Checkpoint:
    """A checkpoint of any kind with ``code``; only readings have a range (low <= high)."""
    kind = draw(st.sampled_from(list(CheckKind)))
    low: Decimal | None = None
    high: Decimal | None = None
    unit = ""
    if kind is CheckKind.READING:
        bounds = sorted(draw(st.lists(st.integers(-1_000, 1_000), min_size=2, max_size=2)))
        low = draw(st.none() | st.just(Decimal(bounds[0]).scaleb(-1)))
        high = draw(st.none() | st.just(Decimal(bounds[1]).scaleb(-1)))
        unit = draw(st.sampled_from(["", "MPa", "°C"]))
    return Checkpoint(
        code=code,
        question=draw(st.sampled_from(["Pressure in range?", "Exit clear?", "Remarks"])),
        kind=kind,
        severity=draw(st.sampled_from(list(Severity))),
        low=low,
        high=high,
        unit=unit,
    )


@st.composite
def checklists(draw: st.DrawFn, max_checkpoints: int = 4) -> ChecklistTemplate:
    """A checklist of 1 to ``max_checkpoints`` checkpoints with distinct codes."""
    count = draw(st.integers(1, max_checkpoints))
    return ChecklistTemplate(
        draw(st.sampled_from(["Quarterly fire equipment check", "Night patrol", "锅炉房巡检"])),
        tuple(draw(checkpoints(f"CP-{n}")) for n in range(1, count + 1)),
    )
