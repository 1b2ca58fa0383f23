"""SLA clocks at the edges of time: alerts crossed before a clock stops, and clock changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from backoffice.calendar import BusinessCalendar, HolidayDataMissing, WorkingHours
from backoffice.domain.requests import (
    Assignee,
    RequestLocation,
    SlaAlert,
    SlaMetric,
    SlaState,
    SlaWarningReached,
    TimeWentBackwards,
)
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.services.requests import ServiceDesk
from backoffice.values import ActorId

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
LI, CLERK, TECH = ActorId("li.na"), ActorId("zhao.lei"), ActorId("wang.fang")


def desk_in(zone: str) -> ServiceDesk:
    office = BusinessCalendar(zone, WorkingHours.weekdays("09:00-12:00", "13:00-18:00"))
    return ServiceDesk(sla_policy=TieredSlaPolicy.seed(office))


def named(alerts: list[SlaAlert]) -> list[tuple[str, str, str]]:
    """The response clock's alerts (the resolution clock runs on alongside)."""
    return [
        (a.name, a.metric.value, str(a.threshold) if isinstance(a, SlaWarningReached) else "")
        for a in alerts
        if a.metric is SlaMetric.RESPONSE
    ]


def sh(hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 6, 12, hour, minute, tzinfo=SHANGHAI)  # a Thursday


def test_a_breach_crossed_after_the_last_sweep_is_recorded_although_the_clock_stopped() -> None:
    desk = desk_in("Asia/Shanghai")
    request = desk.submit(channel="phone_hotline", category="repair", description="Power cut",
                          location=RequestLocation("HQ"), requester=LI, at=sh(10))  # fmt: skip
    desk.accept(request.id, actor=CLERK, at=sh(10), tier="urgent")  # respond by 12:00
    desk.sweep(at=sh(10))  # the review clock's own verdict, out of the way
    assert named(desk.sweep(at=sh(11, 45))) == [
        ("SlaWarningReached", "response", "50 %"),
        ("SlaWarningReached", "response", "75 %"),
    ]
    with desk.working_on(request.id) as work:
        work.assign(actor=CLERK, at=sh(12, 1), assignee=Assignee.team("electricians"))
        work.start(actor=TECH, at=sh(12, 5))  # five minutes late: the response is breached
    assert request.sla(sh(12, 5))[SlaMetric.RESPONSE].state is SlaState.BREACHED
    assert named(desk.sweep(at=sh(12, 15))) == [("SlaBreached", "response", "")]
    assert named(desk.sweep(at=sh(13))) == []  # recorded once
    assert named(desk.sweep(at=sh(23))) == []


def test_warnings_crossed_before_the_work_started_are_recorded_by_the_next_sweep() -> None:
    desk = desk_in("Asia/Shanghai")
    request = desk.submit(channel="phone_hotline", category="repair", description="Power cut",
                          location=RequestLocation("HQ"), requester=LI, at=sh(10))  # fmt: skip
    desk.accept(request.id, actor=CLERK, at=sh(10), tier="urgent")
    desk.sweep(at=sh(10))
    with desk.working_on(request.id) as work:
        work.assign(actor=CLERK, at=sh(10, 5), assignee=Assignee.team("electricians"))
        work.start(actor=TECH, at=sh(11, 40))  # 100 of 120 minutes used: met, two warnings
    assert named(desk.sweep(at=sh(11, 41))) == [
        ("SlaWarningReached", "response", "50 %"),
        ("SlaWarningReached", "response", "75 %"),
    ]
    assert request.sla(sh(11, 41))[SlaMetric.RESPONSE].state is SlaState.MET
    assert named(desk.sweep(at=sh(18))) == []


def test_steps_twenty_minutes_apart_across_the_night_the_clocks_go_back_are_in_order() -> None:
    desk = desk_in("America/New_York")
    submitted = datetime(2025, 11, 2, 1, 50, tzinfo=NEW_YORK)  # EDT, 05:50 UTC
    accepted = datetime(2025, 11, 2, 1, 10, fold=1, tzinfo=NEW_YORK)  # EST, 06:10 UTC
    request = desk.submit(channel="phone_hotline", category="repair", description="Power cut",
                          location=RequestLocation("HQ"), requester=LI, at=submitted)  # fmt: skip
    desk.accept(request.id, actor=CLERK, at=accepted, tier="urgent")
    response = request.sla(accepted)[SlaMetric.RESPONSE]
    assert response.due_at is not None
    assert response.due_at.astimezone(UTC) == datetime(2025, 11, 2, 8, 10, tzinfo=UTC)
    with desk.working_on(request.id) as work, pytest.raises(TimeWentBackwards):
        work.assign(  # 01:40 EDT, before the acceptance although its wall clock reads later
            actor=CLERK,
            at=datetime(2025, 11, 2, 1, 40, tzinfo=NEW_YORK),
            assignee=Assignee.team("electricians"),
        )


def test_a_local_time_in_the_spring_forward_gap_is_the_instant_its_offset_gives() -> None:
    desk = desk_in("America/New_York")
    # 02:30 does not exist on 9 March 2025 in New York; with fold 0 it reads with the offset
    # before the change (EST, -05:00): the instant 07:30 UTC, which is 03:30 EDT.
    gap = datetime(2025, 3, 9, 2, 30, tzinfo=NEW_YORK)
    request = desk.submit(channel="phone_hotline", category="repair", description="Power cut",
                          location=RequestLocation("HQ"), requester=LI, at=gap)  # fmt: skip
    with pytest.raises(TimeWentBackwards):  # 03:20 EDT is 07:20 UTC, before the submission
        desk.accept(request.id, actor=CLERK, tier="urgent",
                    at=datetime(2025, 3, 9, 3, 20, tzinfo=NEW_YORK))  # fmt: skip
    desk.accept(request.id, actor=CLERK, tier="urgent",
                at=datetime(2025, 3, 9, 3, 30, tzinfo=NEW_YORK))  # fmt: skip
    due = request.sla(datetime(2025, 3, 9, 3, 30, tzinfo=NEW_YORK))[SlaMetric.RESPONSE].due_at
    assert due is not None
    assert due.astimezone(UTC) == datetime(2025, 3, 9, 7, 30, tzinfo=UTC) + timedelta(hours=2)


@pytest.mark.parametrize("days", [1, 3])
def test_a_question_about_a_year_without_holiday_data_names_that_year(days: int) -> None:
    office = BusinessCalendar(
        "Asia/Shanghai",
        WorkingHours.weekdays("09:00-17:00"),
        holidays.country_holidays("CN", years=range(2024, 2028)),
    )
    office.add_working_days(datetime(2025, 3, 3, 9, tzinfo=SHANGHAI), days)  # loads 2025
    with pytest.raises(HolidayDataMissing, match="2031") as raised:
        office.add_working_days(datetime(2031, 3, 3, 9, tzinfo=SHANGHAI), days)
    assert raised.value.year == 2031
    with pytest.raises(HolidayDataMissing, match="2031"):
        office.working_days_deadline(datetime(2031, 3, 3, 9, tzinfo=SHANGHAI), days)
    assert office.add_working_days(datetime(2025, 3, 3, 9, tzinfo=SHANGHAI), days) == (
        datetime(2025, 3, 3 + days, 17, tzinfo=SHANGHAI)
    )
