"""The seed's SLA table (需求分级) on a Shanghai office calendar, and its flood case (FAQ Q2).

Seed 001, 需求分级:
  紧急级(如停电、漏水影响运营):2小时内响应,4小时内处置;
  重要级(如设备故障、大型会议保障):24小时内响应,48小时内处置;
  常规级(如办公用品采购、日常保洁):3个工作日内响应,5个工作日内完成。
Seed 001, 需求初审: 后勤专员在1个工作日内对接需求部门.
Seed 001, FAQ Q2 (暴雨导致办公楼进水): 切断电源防止漏电 ...
  事件结束后24小时内提交《突发事件处理报告》.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from backoffice.calendar import BusinessCalendar, WorkingHours
from backoffice.domain.requests import (
    Assignee,
    RequestAccepted,
    RequestLocation,
    ServiceRequest,
    SlaMetric,
    SlaState,
    Tier,
)
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.services.requests import ServiceDesk
from backoffice.values import ActorId, Percent

SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE = BusinessCalendar(
    timezone="Asia/Shanghai",
    working_hours=WorkingHours.weekdays("09:00-12:00", "13:00-18:00"),
    holidays=holidays.country_holidays("CN", years=range(2024, 2028)),
)
LI, CLERK, TECH = ActorId("li.na"), ActorId("zhao.lei"), ActorId("wang.fang")
HQ = RequestLocation("HQ", "Building A")


def sh(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def desk() -> ServiceDesk:
    return ServiceDesk(sla_policy=TieredSlaPolicy.seed(OFFICE))


def raise_and_accept(
    desk: ServiceDesk,
    description: str,
    raised: datetime,
    accepted: datetime,
    *,
    category: str = "repair",
    tier: Tier | str | None = None,
) -> ServiceRequest:
    request = desk.submit(
        channel="oa_system", category=category, description=description, location=HQ,
        requester=LI, at=raised,
    )  # fmt: skip
    desk.accept(request.id, actor=CLERK, at=accepted, tier=tier)
    return request


def test_the_seed_table_reads_as_the_seed_says() -> None:
    assert TieredSlaPolicy.seed(OFFICE).describe() == [
        "emergency (突发事件): respond 2 h / resolve 4 h / report 24 h",
        "urgent (紧急级): respond 2 h / resolve 4 h",
        "important (重要级): respond 24 h / resolve 48 h",
        "routine (常规级): respond 3 working days / resolve 5 working days",
        "every request: review 1 working day",
    ]


def test_urgent_power_cut_is_answered_in_2_hours_and_dealt_with_in_4_round_the_clock(
    desk: ServiceDesk,
) -> None:
    # 停电 at night: the urgent tier counts every hour, not office hours.
    request = raise_and_accept(desk, "Power cut on floor 3 (停电)", sh(2025, 3, 5, 22, 0),
                               sh(2025, 3, 5, 22, 5))  # fmt: skip
    assert request.tier is Tier.URGENT
    report = request.sla(sh(2025, 3, 5, 23, 5))
    assert report[SlaMetric.RESPONSE].due_at == sh(2025, 3, 6, 0, 5)
    assert report[SlaMetric.RESOLUTION].due_at == sh(2025, 3, 6, 2, 5)
    assert report[SlaMetric.RESPONSE].percent_consumed == Percent(50)
    assert report[SlaMetric.RESOLUTION].remaining == timedelta(hours=3)


def test_important_equipment_failure_gets_24_and_48_hours_through_the_weekend(
    desk: ServiceDesk,
) -> None:
    request = raise_and_accept(desk, "Projector broken in meeting room 2", sh(2025, 3, 7, 15, 0),
                               sh(2025, 3, 7, 16, 0), category="it")  # fmt: skip
    assert request.tier is Tier.IMPORTANT
    report = request.sla(sh(2025, 3, 7, 16, 0))
    assert report[SlaMetric.RESPONSE].due_at == sh(2025, 3, 8, 16, 0)  # Saturday
    assert report[SlaMetric.RESOLUTION].due_at == sh(2025, 3, 9, 16, 0)  # Sunday


def test_routine_supplies_get_3_and_5_working_days_on_the_office_calendar(
    desk: ServiceDesk,
) -> None:
    request = raise_and_accept(desk, "Please deliver 20 reams of A4 paper", sh(2025, 3, 3, 9, 30),
                               sh(2025, 3, 3, 10, 0), category="supplies")  # fmt: skip
    assert request.tier is Tier.ROUTINE
    report = request.sla(sh(2025, 3, 3, 10, 0))
    response, resolution = report[SlaMetric.RESPONSE], report[SlaMetric.RESOLUTION]
    assert response.due_at == sh(2025, 3, 6, 18, 0)  # close of the 3rd working day after Monday
    assert resolution.due_at == sh(2025, 3, 10, 18, 0)  # ... and of the 5th
    # Monday 10:00-18:00 less lunch is 7 h, then 8 h a day.
    assert response.target_time == timedelta(hours=7 + 3 * 8)
    assert resolution.target_time == timedelta(hours=7 + 5 * 8)


def test_routine_working_days_skip_the_national_day_week_and_count_the_make_up_saturday(
    desk: ServiceDesk,
) -> None:
    request = raise_and_accept(desk, "Daily cleaning missed in the east wing",
                               sh(2025, 9, 30, 9, 0), sh(2025, 9, 30, 10, 0),
                               category="cleaning")  # fmt: skip
    report = request.sla(sh(2025, 9, 30, 10, 0))
    # 1-8 October are holidays; Thursday 9th, Friday 10th and the make-up Saturday 11th work.
    assert report[SlaMetric.RESPONSE].due_at == sh(2025, 10, 11, 18, 0)


def test_every_request_is_reviewed_within_1_working_day(desk: ServiceDesk) -> None:
    request = desk.submit(channel="walk_in", category="venue", description="Book the hall",
                          location=HQ, requester=LI, at=sh(2025, 3, 7, 17, 30))  # fmt: skip
    review = request.sla(sh(2025, 3, 7, 17, 30))[SlaMetric.REVIEW]
    assert review.due_at == sh(2025, 3, 10, 18, 0)  # Friday evening -> Monday's close
    assert review.target_time == timedelta(minutes=30) + timedelta(hours=8)

    desk.accept(request.id, actor=CLERK, at=sh(2025, 3, 10, 11, 0))
    review = request.sla(sh(2025, 3, 10, 11, 0))[SlaMetric.REVIEW]
    assert review.state is SlaState.MET
    assert review.elapsed == timedelta(minutes=30) + timedelta(hours=2)


def test_a_late_review_is_breached(desk: ServiceDesk) -> None:
    request = desk.submit(channel="email", category="other", description="Question about keys",
                          location=HQ, requester=LI, at=sh(2025, 3, 7, 17, 30))  # fmt: skip
    desk.accept(request.id, actor=CLERK, at=sh(2025, 3, 11, 9, 5))
    assert request.sla(sh(2025, 3, 11, 9, 5))[SlaMetric.REVIEW].state is SlaState.BREACHED


def test_the_seed_flood_case_runs_urgent_and_owes_a_report_within_24_hours_of_closure(
    desk: ServiceDesk,
) -> None:
    # FAQ Q2: a rainstorm floods the ground floor (暴雨导致办公楼进水).
    raised = sh(2025, 6, 5, 14, 0)
    request = desk.submit(
        channel="phone_hotline", category="repair", location=RequestLocation("HQ", "ground floor"),
        description="Rainstorm: water coming into the ground floor lobby (暴雨进水)",
        requester=LI, at=raised,
    )  # fmt: skip
    assert request.proposed_tier is Tier.URGENT
    desk.accept(request.id, actor=CLERK, at=sh(2025, 6, 5, 14, 5))
    report = request.sla(sh(2025, 6, 5, 14, 5))
    assert report[SlaMetric.RESPONSE].due_at == sh(2025, 6, 5, 16, 5)  # within 2 h
    assert report[SlaMetric.RESOLUTION].due_at == sh(2025, 6, 5, 18, 5)  # within 4 h
    assert [t.metric for t in report.pending] == [SlaMetric.INCIDENT_REPORT]

    with desk.working_on(request.id) as flood:
        flood.assign(actor=CLERK, at=sh(2025, 6, 5, 14, 10), assignee=Assignee.team("facilities"))
        # Power is cut first (切断电源防止漏电): the team's first action is the response.
        flood.start(actor=TECH, at=sh(2025, 6, 5, 14, 40))
        flood.note_progress(actor=TECH, at=sh(2025, 6, 5, 14, 41), note="Power cut to floor 1",
                            attachments=["photo://switchboard"])  # fmt: skip
        flood.note_progress(actor=TECH, at=sh(2025, 6, 5, 15, 30), note="Sandbags and pumps on")
        flood.resolve(actor=TECH, at=sh(2025, 6, 5, 17, 50),
                      resolution="Water pumped out, drain cleared, power restored")  # fmt: skip
        flood.sign_off(actor=LI, at=sh(2025, 6, 5, 18, 30))
        flood.close(actor=CLERK, at=sh(2025, 6, 5, 19, 0))

    report = request.sla(sh(2025, 6, 5, 19, 0))
    assert report[SlaMetric.RESPONSE].state is SlaState.MET
    assert report[SlaMetric.RESOLUTION].state is SlaState.MET
    incident = report[SlaMetric.INCIDENT_REPORT]
    assert incident.state is SlaState.RUNNING
    assert incident.due_at == sh(2025, 6, 6, 19, 0)  # 24 h after closure

    with desk.working_on(request.id) as flood:
        flood.file_incident_report(actor=CLERK, at=sh(2025, 6, 6, 10, 0), reference="DOC-2025-17")
    assert request.sla(sh(2025, 6, 6, 10, 0))[SlaMetric.INCIDENT_REPORT].state is SlaState.MET
    assert request.incident_report == "DOC-2025-17"


def test_an_ordinary_power_cut_is_urgent_but_owes_no_incident_report(desk: ServiceDesk) -> None:
    request = raise_and_accept(desk, "Power cut in the print room", sh(2025, 6, 5, 14, 0),
                               sh(2025, 6, 5, 14, 5))  # fmt: skip
    assert request.tier is Tier.URGENT
    assert SlaMetric.INCIDENT_REPORT not in request.targets


def test_a_reviewer_can_grade_a_leak_routine_over_the_triage_proposal(desk: ServiceDesk) -> None:
    request = raise_and_accept(desk, "Tap leaking in the pantry (漏水)", sh(2025, 3, 3, 9, 0),
                               sh(2025, 3, 3, 9, 30), tier="routine")  # fmt: skip
    accepted = next(e for e in desk.collect_events() if e.name == "RequestAccepted")
    assert isinstance(accepted, RequestAccepted)
    assert (accepted.proposed_tier, accepted.tier, accepted.overridden) == (
        Tier.URGENT,
        Tier.ROUTINE,
        True,
    )
    assert request.sla(sh(2025, 3, 3, 9, 30))[SlaMetric.RESPONSE].due_at == sh(2025, 3, 6, 18, 0)
