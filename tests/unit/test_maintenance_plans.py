"""Preventive maintenance plans: recurrences, anchors, holiday shifts, lead time, meters."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from backoffice.calendar import BusinessCalendar, CalendarRegistry, UnknownCalendar, WorkingHours
from backoffice.domain.assets import AssetParticulars, Custody, MeterKind
from backoffice.domain.maintenance import (
    MaintenancePlan,
    MaintenancePlanId,
    MaintenancePlanSpec,
    MeterOutlook,
    MeterTrigger,
    Recurrence,
)
from backoffice.domain.requests import RequestLocation, RequestSubmitted
from backoffice.errors import InvalidTransition, ValidationError
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.services import ServiceDesk
from backoffice.services.assets import AssetRegister
from backoffice.services.maintenance import MaintenancePlanner
from backoffice.values import ActorId, AssetId, DepartmentId, Money

T0 = datetime(2025, 1, 2, 8, 0, tzinfo=UTC)
CLERK = ActorId("fm-clerk")
LIFT = AssetId("AST-000001")
#: Weekdays 09:00-17:00; 1 May (Thursday) and 2 May 2025 are holidays, 27 April (Sunday) is a
#: make-up working day.
OFFICE = BusinessCalendar(
    timezone="UTC",
    working_hours=WorkingHours.weekdays("09:00-17:00"),
    holidays=[date(2025, 5, 1), date(2025, 5, 2)],
    extra_working_days=[date(2025, 4, 27)],
)


def spec(**changes: object) -> MaintenancePlanSpec:
    values: dict[str, object] = {
        "asset": LIFT,
        "title": "Lift monthly service",
        "recurrence": Recurrence.every(1, "months"),
        "starts_on": date(2025, 1, 1),
        "calendar": "office",
        "location": RequestLocation("HQ", "Core B"),
    }
    values.update(changes)
    return MaintenancePlanSpec(**values)  # type: ignore[arg-type]


def plan(**changes: object) -> MaintenancePlan:
    return MaintenancePlan.adopt(
        MaintenancePlanId("MPL-000001"), spec=spec(**changes), actor=CLERK, at=T0
    )


def nominal(p: MaintenancePlan, until: date) -> list[str]:
    return [o.nominal.isoformat() for o in p.due_occurrences(until, OFFICE)]


def test_any_interval_nth_weekday_half_monthly_and_seasonal_windows() -> None:
    every_ten_days = plan(recurrence=Recurrence.every(10, "days"))
    assert nominal(every_ten_days, date(2025, 1, 31)) == [
        "2025-01-01",
        "2025-01-11",
        "2025-01-21",
        "2025-01-31",
    ]
    first_monday = plan(recurrence=Recurrence.nth_weekday(1, 0))
    assert nominal(first_monday, date(2025, 3, 31)) == ["2025-01-06", "2025-02-03", "2025-03-03"]
    half_monthly = plan(recurrence=Recurrence.half_monthly())
    assert nominal(half_monthly, date(2025, 2, 20)) == [
        "2025-01-01",
        "2025-01-15",
        "2025-02-01",
        "2025-02-15",
    ]
    cooling_season = plan(recurrence=Recurrence.every(2, "weeks").within_months(6, 7))
    assert nominal(cooling_season, date(2025, 8, 31)) == [
        "2025-06-04",
        "2025-06-18",
        "2025-07-02",
        "2025-07-16",
        "2025-07-30",
    ]  # fmt: skip (every other Wednesday from 1 January, kept to June and July)
    before_summer = plan(recurrence=Recurrence(frequency="yearly", months=(4,), month_days=(15,)))
    assert nominal(before_summer, date(2027, 12, 31)) == ["2025-04-15", "2026-04-15", "2027-04-15"]


def test_a_holiday_occurrence_moves_to_the_previous_or_next_working_day() -> None:
    monthly = Recurrence(frequency="monthly", month_days=(1,))
    earlier = plan(recurrence=monthly, holiday_shift="previous_working_day")
    later = plan(recurrence=monthly, holiday_shift="NEXT_WORKING_DAY")
    stay = plan(recurrence=monthly)
    may = date(2025, 5, 1)
    assert [o.due for o in earlier.due_occurrences(may, OFFICE) if o.nominal == may] == [
        date(2025, 4, 30)
    ]
    assert [
        o.due for o in later.due_occurrences(date(2025, 5, 31), OFFICE) if o.nominal == may
    ] == [date(2025, 5, 5)]
    assert [o.due for o in stay.due_occurrences(may, OFFICE) if o.nominal == may] == [may]


def test_lead_time_raises_the_work_order_working_days_ahead() -> None:
    p = plan(recurrence=Recurrence(frequency="monthly", month_days=(5,)), lead_working_days=3)
    may = [o for o in p.due_occurrences(date(2025, 5, 31), OFFICE) if o.due == date(2025, 5, 5)]
    # 5 May (Mon) - 3 working days: 30 April, 29 April... past 1-2 May (holidays): 28 April
    assert [o.raise_on for o in may] == [date(2025, 4, 28)]
    assert date(2025, 5, 5) not in {o.due for o in p.due_occurrences(date(2025, 4, 27), OFFICE)}


def test_an_occurrence_is_raised_once_however_often_the_planner_runs() -> None:
    planner = _planner()
    planner.adopt(spec(), actor=CLERK, at=T0)
    first = planner.run(until=date(2025, 3, 10), at=T0)
    again = planner.run(until=date(2025, 3, 10), at=T0)
    assert [o.key for o in first] == ["MPL-000001#1", "MPL-000001#2", "MPL-000001#3"]
    assert again == []
    assert [o.key for o in planner.run(until=date(2025, 4, 1), at=T0)] == ["MPL-000001#4"]
    submitted = [e for e in planner.desk.collect_events() if isinstance(e, RequestSubmitted)]
    assert len(submitted) == 4
    assert all(e.details.asset == LIFT for e in submitted)
    assert "MPL-000001#4" in submitted[-1].details.description


def test_a_plan_accepts_only_its_next_occurrence() -> None:
    p = plan()
    first, second = p.due_occurrences(date(2025, 2, 1), OFFICE)
    with pytest.raises(InvalidTransition, match="next occurrence to raise is MPL-000001#1"):
        p.record_raised(second, request="REQ-9", actor=CLERK, at=T0)
    p.record_raised(first, request="REQ-1", actor=CLERK, at=T0)
    with pytest.raises(InvalidTransition):
        p.record_raised(first, request="REQ-1", actor=CLERK, at=T0)


def test_after_completion_the_next_occurrence_counts_from_the_day_it_was_done() -> None:
    p = plan(recurrence=Recurrence.every(3, "months"), anchor="after_completion")
    (first,) = p.due_occurrences(date(2025, 1, 1), OFFICE)
    p.record_raised(first, request="REQ-1", actor=CLERK, at=T0)
    assert p.due_occurrences(date(2026, 1, 1), OFFICE) == []  # one at a time
    p.complete(1, done_on=date(2025, 1, 20), actor=CLERK, at=T0)
    (second,) = p.due_occurrences(date(2026, 1, 1), OFFICE)
    assert second.nominal == date(2025, 4, 20)
    p.record_raised(second, request="REQ-2", actor=CLERK, at=T0)
    p.skip(2, reason="asset laid up", actor=CLERK, at=T0)
    (third,) = p.due_occurrences(date(2026, 1, 1), OFFICE)
    assert third.nominal == date(2025, 7, 20)  # from the skipped one's nominal day


def test_on_a_fixed_calendar_completion_does_not_move_the_next_occurrence() -> None:
    p = plan(recurrence=Recurrence.every(3, "months"))
    (first,) = p.due_occurrences(date(2025, 1, 1), OFFICE)
    p.record_raised(first, request="REQ-1", actor=CLERK, at=T0)
    p.complete(1, done_on=date(2025, 2, 20), actor=CLERK, at=T0)
    assert nominal(p, date(2025, 12, 31)) == ["2025-04-01", "2025-07-01", "2025-10-01"]


def test_whichever_comes_first_between_calendar_and_meter() -> None:
    p = plan(
        recurrence=Recurrence.every(6, "months"),
        anchor="after_completion",
        meter_triggers=(MeterTrigger("km", 5000),),
    )
    slow = MeterOutlook(MeterKind.KM, Decimal(1000), date(2025, 1, 31), Decimal(10))
    (by_date,) = p.due_occurrences(date(2025, 12, 31), OFFICE, {slow.meter: slow})
    assert (by_date.nominal, by_date.trigger) == (date(2025, 1, 1), "calendar")
    p.record_raised(by_date, request="REQ-1", actor=CLERK, at=T0)
    p.complete(1, done_on=date(2025, 1, 31), actor=CLERK, at=T0, usage={"km": 1000})
    fast = MeterOutlook(MeterKind.KM, Decimal(2000), date(2025, 2, 10), Decimal(100))
    (by_km,) = p.due_occurrences(date(2025, 12, 31), OFFICE, {fast.meter: fast})
    # 4,000 km to go at 100 km a day: 40 days after the last reading
    assert (by_km.nominal, by_km.trigger) == (date(2025, 3, 22), "km")


def test_a_passed_meter_threshold_is_due_on_the_day_of_the_reading() -> None:
    p = plan(
        recurrence=None, anchor="after_completion", meter_triggers=(MeterTrigger("hours", 250),)
    )
    outlook = MeterOutlook(MeterKind.HOURS, Decimal(260), date(2025, 3, 3))
    (occurrence,) = p.due_occurrences(date(2025, 3, 3), OFFICE, {outlook.meter: outlook})
    assert (occurrence.nominal, occurrence.trigger) == (date(2025, 3, 3), "hours")


def test_meter_triggers_need_the_after_completion_anchor() -> None:
    with pytest.raises(ValidationError, match="after_completion"):
        spec(meter_triggers=(MeterTrigger("km", 5000),))


def test_a_calibration_gives_a_certificate_until_a_date() -> None:
    p = plan(
        recurrence=Recurrence.every(1, "years"), anchor="after_completion", certificate_months=12
    )
    (first,) = p.due_occurrences(date(2025, 1, 1), OFFICE)
    p.record_raised(first, request="REQ-1", actor=CLERK, at=T0)
    p.complete(1, done_on=date(2025, 1, 10), actor=CLERK, at=T0)
    assert p.certificate_until == date(2026, 1, 10)


def test_a_plan_naming_an_unknown_calendar_is_refused() -> None:
    with pytest.raises(UnknownCalendar):
        _planner().adopt(spec(calendar="plant-2"), actor=CLERK, at=T0)


def test_the_planner_reads_meters_from_the_asset_register() -> None:
    register = AssetRegister()
    van = register.register(
        AssetParticulars(
            name="Van", category="vehicle", location=RequestLocation("Depot"),
            custody=Custody(DepartmentId("DEP-OPS")), criticality="medium",
            cost=Money("120000", "CNY"), acquired_on=date(2025, 1, 1), useful_life_months=60,
            residual_value=Money("0", "CNY"), meters=("km",),
        ),
        actor=CLERK, at=T0,
    )  # fmt: skip
    planner = _planner(register)
    planner.adopt(
        spec(asset=van.id, recurrence=None, anchor="after_completion",
             meter_triggers=(MeterTrigger("km", 5000),), location=None),
        actor=CLERK, at=T0,
    )  # fmt: skip
    with register.working_on(van.id) as asset:
        asset.record_reading(actor=CLERK, at=T0, meter="km", reading=0)
        asset.record_reading(actor=CLERK, at=T0 + timedelta(days=10), meter="km", reading=2000)
    (occurrence,) = planner.run(until=date(2025, 2, 28), at=T0 + timedelta(days=10))
    assert (occurrence.nominal, occurrence.trigger) == (date(2025, 1, 27), "km")
    assert planner.run(until=date(2025, 2, 28), at=T0 + timedelta(days=11)) == []


def test_a_restored_planner_raises_nothing_twice() -> None:
    planner = _planner()
    planner.adopt(spec(), actor=CLERK, at=T0)
    planner.run(until=date(2025, 3, 10), at=T0)
    events = planner.collect_events()
    restored = MaintenancePlanner.restore(events, desk=planner.desk, calendars=planner.calendars)
    assert restored.get("MPL-000001") == planner.get("MPL-000001")
    assert [o.key for o in restored.run(until=date(2025, 4, 1), at=T0)] == ["MPL-000001#4"]
    assert restored.adopt(spec(), actor=CLERK, at=T0).id == MaintenancePlanId("MPL-000002")


def _planner(register: AssetRegister | None = None) -> MaintenancePlanner:
    desk = ServiceDesk(TieredSlaPolicy.seed(BusinessCalendar.always()))
    return MaintenancePlanner(desk, CalendarRegistry({"office": OFFICE}), register)


def test_a_refused_adoption_consumes_no_plan_id() -> None:
    planner = _planner()
    triggered = spec(
        recurrence=None, anchor="after_completion", meter_triggers=(MeterTrigger("km", 5000),)
    )
    with pytest.raises(ValidationError):
        planner.adopt(triggered, actor=CLERK, at=T0, baseline={"furlongs": 3})
    with pytest.raises(UnknownCalendar):
        planner.adopt(spec(calendar="nowhere"), actor=CLERK, at=T0)
    assert planner.adopt(triggered, actor=CLERK, at=T0).id == MaintenancePlanId("MPL-000001")
    assert len(planner) == 1


def test_nothing_is_planned_for_a_disposed_asset() -> None:
    register = AssetRegister()
    lift = register.register(
        AssetParticulars(
            name="Lift 2", category="lift", location=RequestLocation("HQ", "Core B"),
            custody=Custody(DepartmentId("DEP-ADMIN")), criticality="high",
            cost=Money("360000", "CNY"), acquired_on=date(2024, 1, 1), useful_life_months=180,
            residual_value=Money("0", "CNY"),
        ),
        actor=CLERK, at=T0,
    )  # fmt: skip
    planner = _planner(register)
    plan_ = planner.adopt(spec(asset=lift.id, location=None), actor=CLERK, at=T0)
    assert [o.key for o in planner.run(until=date(2025, 1, 31), at=T0)] == ["MPL-000001#1"]
    with register.working_on(lift.id) as asset:
        asset.dispose(actor=CLERK, at=T0, kind="scrapped", disposed_on=T0.date(), reason="replaced")

    assert planner.run(until=date(2025, 6, 30), at=T0) == []
    assert len(plan_.occurrences) == 1
    with pytest.raises(InvalidTransition):
        planner.adopt(spec(asset=lift.id, location=None), actor=CLERK, at=T0)
    assert len(planner) == 1


def test_a_recurrence_that_never_falls_due_is_refused_before_an_id_is_minted() -> None:
    planner = _planner()
    never = Recurrence.every(2, "months").within_months(2)  # from January: Mar, May, ... never Feb
    with pytest.raises(ValidationError, match="gives no day") as error:
        planner.adopt(spec(recurrence=never), actor=CLERK, at=T0)
    assert error.value.field == "recurrence"
    assert planner.adopt(spec(), actor=CLERK, at=T0).id == MaintenancePlanId("MPL-000001")


def test_after_completion_a_seasonal_rule_finds_its_season_whatever_the_interval() -> None:
    winter = Recurrence.every(2, "months").within_months(1)  # each January from January
    p = plan(recurrence=winter, anchor="after_completion")
    (first,) = p.due_occurrences(date(2025, 1, 31), OFFICE)
    p.record_raised(first, request="REQ-1", actor=CLERK, at=T0)
    p.complete(1, done_on=date(2025, 2, 1), actor=CLERK, at=T0)  # two months on: April
    (second,) = p.due_occurrences(date(2026, 12, 31), OFFICE)
    assert second.nominal == date(2026, 1, 1)


def test_a_plan_from_the_month_end_falls_on_every_month_end() -> None:
    p = plan(recurrence=Recurrence.every(3, "months"), starts_on=date(2025, 3, 31))
    assert nominal(p, date(2025, 12, 31)) == [
        "2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31",
    ]  # fmt: skip
