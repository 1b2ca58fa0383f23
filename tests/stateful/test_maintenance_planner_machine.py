"""The maintenance planner run on random days, occurrences completed and skipped at random,
beside a brute-force model of the plan's calendar.

Invariants after every step: no occurrence key is raised twice; the ordinals raised are 1..n
with no gap; the occurrences raised are exactly those the model finds with a raise day on or
before the latest run (none missed, none early); an after-completion plan never has more than
one open occurrence.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from backoffice.calendar import BusinessCalendar, CalendarRegistry, WorkingHours
from backoffice.domain.maintenance import (
    HolidayShift,
    MaintenancePlanSpec,
    OccurrenceStatus,
    Recurrence,
)
from backoffice.domain.requests import RequestLocation
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.services import ServiceDesk
from backoffice.services.maintenance import MaintenancePlanner
from backoffice.testing.assets import recurrences
from backoffice.values import ActorId, AssetId

START = date(2025, 1, 1)
CLERK = ActorId("clerk")
HOLIDAYS = [date(2025, 1, 1), date(2025, 5, 1), date(2025, 5, 2), date(2025, 10, 1),
            date(2025, 10, 2), date(2025, 10, 3), date(2026, 1, 1), date(2026, 5, 1)]  # fmt: skip
OFFICE = BusinessCalendar(
    timezone="UTC", working_hours=WorkingHours.weekdays("09:00-17:00"), holidays=HOLIDAYS
)


def _working(day: date) -> bool:
    return day.weekday() < 5 and day not in HOLIDAYS


def _model_due(nominal: date, shift: HolidayShift) -> date:
    step = {HolidayShift.PREVIOUS_WORKING_DAY: -1, HolidayShift.NEXT_WORKING_DAY: 1}.get(shift)
    day = nominal
    while step is not None and not _working(day):
        day += timedelta(days=step)
    return day


def _model_raise(due: date, lead: int) -> date:
    day = due
    for _ in range(lead):
        day -= timedelta(days=1)
        while not _working(day):
            day -= timedelta(days=1)
    return day


class PlannerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        desk = ServiceDesk(TieredSlaPolicy.seed(BusinessCalendar.always()))
        self.planner = MaintenancePlanner(desk, CalendarRegistry({"office": OFFICE}))
        self.today = START
        self.last_run: date | None = None
        self.keys: list[str] = []

    @initialize(
        recurrence=recurrences(),
        shift=st.sampled_from(list(HolidayShift)),
        lead=st.integers(0, 5),
    )
    def adopt(self, recurrence: Recurrence, shift: HolidayShift, lead: int) -> None:
        self.recurrence, self.shift, self.lead = recurrence, shift, lead
        common: dict[str, Any] = {
            "asset": AssetId("AST-1"), "starts_on": START, "calendar": "office",
            "location": RequestLocation("HQ"), "recurrence": recurrence,
            "holiday_shift": shift, "lead_working_days": lead,
        }  # fmt: skip
        at = datetime.combine(START, time(8), tzinfo=UTC)
        self.fixed = self.planner.adopt(
            MaintenancePlanSpec(title="fixed", **common),
            actor=CLERK,
            at=at,
        )
        self.after = self.planner.adopt(
            MaintenancePlanSpec(title="after", anchor="after_completion", **common),
            actor=CLERK,
            at=at,
        )

    @rule(days=st.integers(0, 40))
    def run(self, days: int) -> None:
        self.today += timedelta(days=days)
        at = datetime.combine(self.today, time(8), tzinfo=UTC)
        raised = self.planner.run(until=self.today, at=at)
        self.last_run = self.today
        self.keys.extend(o.key for o in raised)

    @rule(data=st.data(), skip=st.booleans())
    def close_one(self, data: st.DataObject, skip: bool) -> None:
        plan = data.draw(st.sampled_from([self.fixed, self.after]))
        open_ = plan.open_occurrences
        if not open_:
            return
        record = data.draw(st.sampled_from(open_))
        at = datetime.combine(self.today, time(9), tzinfo=UTC)
        with self.planner.working_on(plan.id) as p:
            if skip:
                p.skip(record.occurrence.ordinal, reason="not needed", actor=CLERK, at=at)
            else:
                p.complete(record.occurrence.ordinal, done_on=self.today, actor=CLERK, at=at)

    @invariant()
    def no_key_is_raised_twice(self) -> None:
        assert len(self.keys) == len(set(self.keys))
        for plan in (self.fixed, self.after):
            ordinals = [r.occurrence.ordinal for r in plan.occurrences]
            assert ordinals == list(range(1, len(ordinals) + 1))

    @invariant()
    def fixed_calendar_raises_exactly_what_is_due(self) -> None:
        expected = []
        if self.last_run is None:
            assert self.fixed.occurrences == ()
            return
        horizon = self.last_run + timedelta(days=60)
        for nominal in self.recurrence.dates(START, horizon):
            due = _model_due(nominal, self.shift)
            if _model_raise(due, self.lead) <= self.last_run:
                expected.append((nominal, due))
        raised = [(r.occurrence.nominal, r.occurrence.due) for r in self.fixed.occurrences]
        assert raised == expected

    @invariant()
    def after_completion_keeps_one_open(self) -> None:
        records = self.after.occurrences
        assert sum(r.status is OccurrenceStatus.OPEN for r in records) <= 1
        assert all(r.status is not OccurrenceStatus.OPEN for r in records[:-1])


TestPlanner = PlannerMachine.TestCase
