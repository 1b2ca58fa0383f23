"""Certified work (calibrations, statutory inspections): never due after the certificate lapses,
and the certificates lapsing soon are reported."""

from __future__ import annotations

from datetime import UTC, date, datetime

from backoffice.calendar import BusinessCalendar, CalendarRegistry, WorkingHours
from backoffice.domain.maintenance import (
    MaintenancePlan,
    MaintenancePlanId,
    MaintenancePlanSpec,
    Recurrence,
)
from backoffice.domain.requests import RequestLocation
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.services import ServiceDesk
from backoffice.services.maintenance import CertificateStatus, MaintenancePlanner
from backoffice.values import ActorId, AssetId

T0 = datetime(2025, 1, 2, 8, 0, tzinfo=UTC)
CLERK = ActorId("fm-clerk")
OFFICE = BusinessCalendar(timezone="UTC", working_hours=WorkingHours.weekdays("09:00-17:00"))
HQ = RequestLocation("HQ", "Boiler room")


def certified(
    every_months: int, certificate_months: int, asset: str = "AST-1"
) -> MaintenancePlanSpec:
    return MaintenancePlanSpec(
        asset=AssetId(asset), title=f"Pressure gauge calibration {asset}", location=HQ,
        recurrence=Recurrence.every(every_months, "months"), anchor="after_completion",
        starts_on=date(2025, 1, 6), calendar="office", certificate_months=certificate_months,
    )  # fmt: skip


def complete_first(plan: MaintenancePlan, done_on: date) -> None:
    (first,) = plan.due_occurrences(date(2025, 1, 6), OFFICE)
    plan.record_raised(first, request="REQ-1", actor=CLERK, at=T0)
    plan.complete(1, done_on=done_on, actor=CLERK, at=T0)


def test_a_certificate_shorter_than_the_interval_brings_the_next_occurrence_forward() -> None:
    plan = MaintenancePlan.adopt(
        MaintenancePlanId("MPL-1"), spec=certified(12, 6), actor=CLERK, at=T0
    )
    complete_first(plan, date(2025, 1, 10))
    assert plan.certificate_until == date(2025, 7, 10)

    (second,) = plan.due_occurrences(date(2025, 12, 31), OFFICE)

    assert (second.nominal, second.trigger) == (date(2025, 7, 10), "certificate")


def test_a_certificate_as_long_as_the_interval_leaves_the_calendar_in_charge() -> None:
    plan = MaintenancePlan.adopt(
        MaintenancePlanId("MPL-1"), spec=certified(6, 12), actor=CLERK, at=T0
    )
    complete_first(plan, date(2025, 1, 10))

    (second,) = plan.due_occurrences(date(2025, 12, 31), OFFICE)

    assert (second.nominal, second.trigger) == (date(2025, 7, 10), "calendar")


def test_the_planner_reports_certificates_lapsed_or_lapsing_soonest_first() -> None:
    desk = ServiceDesk(TieredSlaPolicy.seed(BusinessCalendar.always()))
    planner = MaintenancePlanner(desk, CalendarRegistry({"office": OFFICE}))
    gauge = planner.adopt(certified(12, 6, "AST-1"), actor=CLERK, at=T0)
    scale = planner.adopt(certified(12, 3, "AST-2"), actor=CLERK, at=T0)
    never_done = planner.adopt(certified(12, 3, "AST-3"), actor=CLERK, at=T0)
    planner.run(until=date(2025, 1, 6), at=T0)
    for plan, done_on in ((gauge, date(2025, 1, 10)), (scale, date(2025, 1, 8))):
        with planner.working_on(plan.id) as working:
            working.complete(1, done_on=done_on, actor=CLERK, at=T0)

    assert planner.certificates_expiring(on=date(2025, 3, 1), within_days=30) == []
    assert planner.certificates_expiring(on=date(2025, 4, 1)) == [
        CertificateStatus(scale.id, AssetId("AST-2"), scale.spec.title, date(2025, 4, 8), False)
    ]
    lapsed = planner.certificates_expiring(on=date(2025, 7, 1), within_days=30)
    assert [(s.plan, s.valid_until, s.expired) for s in lapsed] == [
        (scale.id, date(2025, 4, 8), True),
        (gauge.id, date(2025, 7, 10), False),
    ]
    assert never_done.id not in {s.plan for s in lapsed}
