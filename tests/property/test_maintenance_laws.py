"""Laws of maintenance plans: events survive the codec, a replayed plan equals the original,
the planner is idempotent."""

from __future__ import annotations

import calendar
import gc
import json
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from backoffice.calendar import BusinessCalendar, CalendarRegistry, WorkingHours
from backoffice.domain.maintenance import (
    MaintenancePlan,
    MaintenancePlanSpec,
    MeterTrigger,
    Recurrence,
)
from backoffice.domain.maintenance import events as plan_events
from backoffice.domain.requests import RequestLocation
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.serialization import EventCodec
from backoffice.services import ServiceDesk
from backoffice.services.maintenance import MaintenancePlanner
from backoffice.testing.assets import recurrences
from backoffice.values import ActorId, AssetId

CLERK = ActorId("clerk")
OFFICE = BusinessCalendar(
    timezone="UTC",
    working_hours=WorkingHours.weekdays("09:00-17:00"),
    holidays=[date(2025, 5, 1), date(2025, 10, 1)],
)


@cache
def codec() -> EventCodec:
    gc.collect()  # see tests/property/test_asset_laws.py
    return EventCodec.for_all_events()


def _planner() -> MaintenancePlanner:
    desk = ServiceDesk(TieredSlaPolicy.seed(BusinessCalendar.always()))
    return MaintenancePlanner(desk, CalendarRegistry({"office": OFFICE}))


def _spec(recurrence: Recurrence, anchor: str, **more: object) -> MaintenancePlanSpec:
    return MaintenancePlanSpec(
        asset=AssetId("AST-1"), title="service", recurrence=recurrence, anchor=anchor,
        starts_on=date(2025, 1, 1), calendar="office", location=RequestLocation("HQ"),
        holiday_shift="next_working_day", lead_working_days=2, **more,  # type: ignore[arg-type]
    )  # fmt: skip


@given(recurrences(), st.sampled_from(["fixed_calendar", "after_completion"]), st.data())
def test_plan_events_survive_json_and_replay_to_an_equal_plan(
    recurrence: Recurrence, anchor: str, data: st.DataObject
) -> None:
    planner = _planner()
    plan = planner.adopt(
        _spec(recurrence, anchor), actor=CLERK, at=datetime(2025, 1, 1, tzinfo=UTC)
    )
    day = date(2025, 1, 1)
    for _ in range(data.draw(st.integers(1, 6))):
        day += timedelta(days=data.draw(st.integers(0, 60)))
        at = datetime.combine(day, time(8), tzinfo=UTC)
        planner.run(until=day, at=at)
        for record in plan.open_occurrences[: data.draw(st.integers(0, 2))]:
            if data.draw(st.booleans()):
                plan.complete(record.occurrence.ordinal, done_on=day, actor=CLERK, at=at)
            else:
                plan.skip(record.occurrence.ordinal, reason="closed", actor=CLERK, at=at)
    events = planner.collect_events() + plan.collect_events()
    events.sort(key=lambda e: e.version)
    for event in events:
        assert codec().load(json.loads(json.dumps(codec().dump(event)))) == event
    assert MaintenancePlan.replay(events) == plan


@given(recurrences(), st.dates(date(2025, 1, 1), date(2027, 12, 31)))
def test_running_the_planner_twice_raises_nothing_more(recurrence: Recurrence, day: date) -> None:
    planner = _planner()
    planner.adopt(
        _spec(recurrence, "fixed_calendar"), actor=CLERK, at=datetime(2025, 1, 1, tzinfo=UTC)
    )
    at = datetime.combine(day, time(8), tzinfo=UTC)
    first = planner.run(until=day, at=at)
    assert planner.run(until=day, at=at) == []
    assert len({o.key for o in first}) == len(first)


def test_every_maintenance_event_class_is_covered_by_the_round_trip() -> None:
    planner = _planner()
    spec = _spec(
        Recurrence.every(1, "months"), "after_completion",
        meter_triggers=(MeterTrigger("km", 5000),), certificate_months=12,
    )  # fmt: skip
    at = datetime(2025, 1, 1, 8, tzinfo=UTC)
    plan = planner.adopt(spec, actor=CLERK, at=at)
    planner.run(until=date(2025, 1, 31), at=at)
    plan.complete(1, done_on=date(2025, 1, 3), actor=CLERK, at=at, usage={"km": 800})
    planner.run(until=date(2025, 3, 31), at=at)
    plan.skip(2, reason="site closed", actor=CLERK, at=at)
    plan.retire(reason="asset sold", actor=CLERK, at=at)
    events = planner.collect_events() + plan.collect_events()
    names = {event.name for event in events}
    assert names == {n for n in plan_events.__all__ if n.startswith("Maintenance")}
    for event in events:
        assert codec().load(json.loads(json.dumps(codec().dump(event)))) == event


@given(
    recurrences(),
    st.integers(1, 24),
    st.dates(date(2025, 1, 1), date(2026, 12, 31)),
)
def test_certified_work_is_never_due_after_its_certificate_lapses(
    recurrence: Recurrence, certificate_months: int, done_on: date
) -> None:
    plan = _planner().adopt(
        _spec(recurrence, "after_completion", certificate_months=certificate_months),
        actor=CLERK, at=datetime(2025, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    (first,) = plan.due_occurrences(date(2099, 12, 31), OFFICE)
    at = datetime.combine(max(done_on, first.nominal), time(8), tzinfo=UTC)
    plan.record_raised(first, request="REQ-1", actor=CLERK, at=at)
    plan.complete(1, done_on=max(done_on, first.nominal), actor=CLERK, at=at)
    assert plan.certificate_until is not None

    (following,) = plan.due_occurrences(date(2099, 12, 31), OFFICE)

    assert following.nominal <= plan.certificate_until
    calendar_next = recurrence.next_after_completion(max(done_on, first.nominal))
    assert following.nominal == min(calendar_next, plan.certificate_until)


@given(st.dates(date(2024, 1, 1), date(2026, 12, 31)), st.integers(1, 12))
def test_a_monthly_rule_falls_in_every_nth_month_on_its_day_or_the_month_s_last(
    start: date, interval: int
) -> None:
    dates = list(Recurrence.every(interval, "months").dates(start, date(2029, 12, 31)))
    months = [(d.year * 12 + d.month - 1) for d in dates]
    assert months == list(range(months[0], months[0] + interval * len(dates), interval))
    assert months[0] == start.year * 12 + start.month - 1
    for day in dates:
        length = calendar.monthrange(day.year, day.month)[1]
        assert day.day == min(start.day, length)
