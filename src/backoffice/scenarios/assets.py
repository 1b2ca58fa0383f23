"""Scenario: a year of the asset register (固定资产), preventive maintenance and inspections.

A lift and a van enter the register and go into service; a lift fault reported under warranty
is flagged for the warrantor; the van's monthly depreciation is laid out to the cent and its
sale gives a gain; the lift's monthly service plan is shifted off China's 2025 holidays and
raised two working days ahead, once per occurrence however often the planner runs; a quarterly
fire check finds an extinguisher under pressure, raises a corrective request (隐患整改) and
reports it overdue until it is verified.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from backoffice.calendar import BusinessCalendar, CalendarRegistry
from backoffice.domain.assets import AssetParticulars, Custody, Warranty
from backoffice.domain.inspections import ChecklistTemplate, Checkpoint, CheckResult
from backoffice.domain.maintenance import MaintenancePlanSpec, Recurrence, year_calendar
from backoffice.domain.requests import RequestLocation
from backoffice.policies.depreciation import (
    DepreciationBasis,
    DoubleDecliningBalance,
    StraightLine,
    depreciation_schedule,
)
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.scenarios.calendar import office_calendar
from backoffice.services.assets import AssetRegister
from backoffice.services.inspections import InspectionService
from backoffice.services.maintenance import MaintenancePlanner
from backoffice.services.requests import ServiceDesk
from backoffice.services.warranty_claims import review_warranty
from backoffice.values import ActorId, AssetId, DepartmentId, Money, SupplierId

__all__ = ["lift_service", "run_assets_demo"]

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLERK, SAFETY = ActorId("asset-clerk"), ActorId("safety-officer")


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def run_assets_demo(out: Callable[[str], None] = print) -> None:
    """Print the register, depreciation, a maintenance year and an inspection round."""
    office = office_calendar()
    desk = ServiceDesk(
        TieredSlaPolicy.seed(office, round_the_clock=BusinessCalendar.always(SHANGHAI))
    )
    register = AssetRegister()
    desk.asset_register = register.criticality_of
    lift = register.register(
        AssetParticulars(
            name="Passenger lift 2", category="lift", location=RequestLocation("HQ", "Core B"),
            custody=Custody(DepartmentId("DEP-ADMIN"), ActorId("wang")), criticality="critical",
            cost=Money("360000.00", "CNY"), acquired_on=date(2025, 1, 10),
            useful_life_months=180, residual_value=Money("18000.00", "CNY"),
            warranty=Warranty(date(2026, 1, 31), SupplierId("SUP-LIFTCO")), meters=("cycles",),
        ),
        actor=CLERK, at=_at(date(2025, 1, 10)),
    )  # fmt: skip
    with register.working_on(lift.id) as asset:
        asset.commission(actor=CLERK, at=_at(date(2025, 1, 15)), in_service_on=date(2025, 1, 15))
    out(f"Register: {lift.id} {lift.particulars.name}, {lift.criticality.value}, "
        f"{lift.state.value} since {lift.in_service_on}, kept by {lift.custody}")  # fmt: skip

    fault = desk.submit(
        channel="phone_hotline", category="repair", description="Lift 2 doors do not close",
        location=lift.location, requester=ActorId("zhao"), at=_at(date(2025, 6, 3)),
        asset=lift.id,
    )  # fmt: skip
    desk.accept(fault.id, actor=CLERK, at=_at(date(2025, 6, 3), 10))
    check = review_warranty(desk, register, fault.id, actor=CLERK, at=_at(date(2025, 6, 3), 10))
    out(f"  {fault.id} (criticality {fault.details.asset_criticality}) under warranty until "
        f"{check.until}: {check.under_warranty}, route to {check.warrantor}")  # fmt: skip
    out(f"  flagged: {fault.notes[-1].text!r}, assigned to {fault.assignee}")

    out("")
    _depreciation(out)
    out("")
    _maintenance(out, desk, register, office, lift.id)
    out("")
    _inspection(out, desk)


def _depreciation(out: Callable[[str], None]) -> None:
    van = DepreciationBasis(
        cost=Money("120000.00", "CNY"), residual_value=Money("6000.00", "CNY"),
        in_service_on=date(2025, 1, 15), life_months=60,
    )  # fmt: skip
    schedule = depreciation_schedule(van, StraightLine())
    first, second, last = schedule.lines[0], schedule.lines[1], schedule.lines[-1]
    out("Depreciation of the van (120,000.00 CNY, residual 6,000.00, 60 months from 2025-01-15)")
    out(f"  straight line: {first.period.start}..{first.period.end} {first.charge} (17/31 of "
        f"a month), then {second.charge} a month, last {last.period.start}..{last.period.end} "
        f"{last.charge}; total {schedule.total_charged}")  # fmt: skip
    ddb = depreciation_schedule(van, DoubleDecliningBalance())
    year_one = sum((line.charge for line in ddb.lines[:12]), Money.zero("CNY"))
    out(f"  double declining: first year {year_one}, total {ddb.total_charged}")
    sale = schedule.disposal(date(2026, 7, 1), Money("95000.00", "CNY"))
    out(f"  sold 2026-07-01 for {sale.proceeds}: book value {sale.book_value}, gain {sale.gain}")


def lift_service(lift: AssetId) -> MaintenancePlanSpec:
    """The demo's lift service plan (the year pictured in ``docs/concepts/maintenance.md``).

    The 1st of each month from February 2025, moved to the next working day when the 1st is a
    day off, its work order raised two working days ahead.
    """
    return MaintenancePlanSpec(
        asset=lift, title="Lift monthly service (电梯月度保养)",
        recurrence=Recurrence(frequency="monthly", month_days=(1,)),
        starts_on=date(2025, 2, 1), calendar="office",
        holiday_shift="next_working_day", lead_working_days=2,
    )  # fmt: skip


def _maintenance(
    out: Callable[[str], None],
    desk: ServiceDesk,
    register: AssetRegister,
    office: BusinessCalendar,
    lift: AssetId,
) -> None:
    planner = MaintenancePlanner(desk, CalendarRegistry({"office": office}), register)
    plan = planner.adopt(lift_service(lift), actor=CLERK, at=_at(date(2025, 1, 20)))
    first = planner.run(until=date(2025, 12, 31), at=_at(date(2025, 1, 20)))
    again = planner.run(until=date(2025, 12, 31), at=_at(date(2025, 1, 21)))
    out(f"Maintenance plan {plan.id}: {plan.spec.title}, 1st of each month, next working day")
    out("  if a holiday, work order raised 2 working days ahead (China's 2025 holidays)")
    for occurrence in first:
        moved = "" if occurrence.due == occurrence.nominal else f" -> due {occurrence.due}"
        out(f"  {occurrence.key}: {occurrence.nominal}{moved}, raised {occurrence.raise_on}")
    out(f"  planner run again: {len(again)} new occurrences (each is raised once)")
    out("  the year 2025 (D due, n nominal day moved off a day off, r raised, _ day off):")
    for line in year_calendar(first, 2025, office).splitlines():
        out(f"    {line}")


def _inspection(out: Callable[[str], None], desk: ServiceDesk) -> None:
    checklist = ChecklistTemplate(
        "Quarterly fire equipment check (季度消防检查)",
        (
            Checkpoint(code="EXIT", question="Emergency exits clear", severity="critical"),
            Checkpoint(
                code="EXT", question="Extinguisher pressure", kind="reading",
                low=Decimal("1.0"), high=Decimal("1.4"), unit="MPa",
            ),
        ),
    )  # fmt: skip
    inspections = InspectionService(desk)
    (round_,) = inspections.schedule_rounds(
        checklist, recurrence=Recurrence.every(3, "months"),
        location=RequestLocation("HQ", "Block B"), starts_on=date(2025, 3, 31),
        until=date(2025, 3, 31), actor=SAFETY, at=_at(date(2025, 3, 1)),
    )  # fmt: skip
    findings = inspections.complete(
        round_.id,
        results=[CheckResult(code="EXIT", passed=True), CheckResult(code="EXT", reading="0.8")],
        inspected_on=date(2025, 3, 31), actor=SAFETY, at=_at(date(2025, 3, 31), 15),
    )  # fmt: skip
    out(f"Inspection {round_.id}: {checklist.name} at {round_.location}, {round_.scheduled_on}")
    for finding in findings:
        out(f"  finding #{finding.number} ({finding.severity.value}): {finding.detail}; "
            f"correct by {finding.due_on} via {finding.request}")  # fmt: skip
    late = inspections.overdue(on=date(2025, 4, 10))
    out(f"  overdue on 2025-04-10: {[f'{f.round} #{f.number}' for f in late]}")
    with inspections.working_on(round_.id) as r:
        r.report_correction(1, corrected_on=date(2025, 4, 11), note="refilled", actor="fm",
                            at=_at(date(2025, 4, 11)))  # fmt: skip
        r.verify_correction(
            1, accepted=True, note="1.2 MPa", actor=SAFETY, at=_at(date(2025, 4, 12))
        )
    out(f"  after correction and verification: overdue {inspections.overdue(on=date(2025, 4, 30))}")
