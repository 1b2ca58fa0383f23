"""Request facts: one request's steps read as plain values, from the request or its events."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from backoffice import Money
from backoffice.calendar import BusinessCalendar
from backoffice.domain.metrics import (
    RequestFactsProjection,
    facts_from_events,
    facts_from_request,
)
from backoffice.domain.requests import (
    Assignee,
    AssigneeKind,
    Category,
    Channel,
    CostLine,
    PauseReason,
    RequestDetails,
    RequestLocation,
    RequestState,
    ServiceRequest,
    SlaMetric,
    SlaTarget,
    SlaTargets,
    Tier,
)
from backoffice.values import ActorId, AssetId, DepartmentId, RequestId

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)
LI, CLERK, TECH, MONITOR = (ActorId(n) for n in ("li.na", "zhao.lei", "wang.fang", "sla"))
ALWAYS = BusinessCalendar.always("Asia/Shanghai")
URGENT = SlaTargets(
    [
        SlaTarget.within(
            SlaMetric.RESPONSE, timedelta(hours=2), "24x7", calendars={"24x7": ALWAYS}
        ),
        SlaTarget.within(
            SlaMetric.RESOLUTION, timedelta(hours=4), "24x7", calendars={"24x7": ALWAYS}
        ),
    ]
)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def a_repair(request_id: str = "REQ-1") -> ServiceRequest:
    details = RequestDetails(
        Channel.PHONE_HOTLINE,
        Category.REPAIR,
        "Water leaking in the pump room",
        RequestLocation("HQ", "B1 pump room"),
        LI,
        department=DepartmentId("FIN"),
        asset=AssetId("PUMP-2"),
    )
    request = ServiceRequest.submit(RequestId(request_id), details=details, at=T0)
    request.accept(actor=CLERK, at=at(10), tier=Tier.URGENT, targets=URGENT)
    request.assign(actor=CLERK, at=at(15), assignee=Assignee.team("plumbers"))
    return request


def a_late_closed_repair() -> ServiceRequest:
    """Responded in 50 min, paused 60 min, resolved late (breach swept), reopened, closed."""
    request = a_repair()
    request.start(actor=TECH, at=at(60))
    request.pause(actor=TECH, at=at(70), reason=PauseReason.WAITING_FOR_PARTS)
    request.resume(actor=TECH, at=at(130))
    request.record_sla_alerts(actor=MONITOR, at=at(400))
    request.resolve(
        actor=TECH,
        at=at(410),
        resolution="Replaced the seal",
        cost_lines=[CostLine("seal", Money(Decimal("35.50"), "CNY"))],
    )
    request.reopen(actor=LI, at=at(420), reason="still dripping")
    request.resolve(actor=TECH, at=at(450), resolution="Replaced the valve")
    request.sign_off(actor=LI, at=at(460))
    request.rate(actor=LI, at=at(461), score=3)
    request.close(actor=CLERK, at=at(470))
    return request


def test_the_events_of_a_late_repair_give_its_every_fact() -> None:
    request = a_late_closed_repair()
    [facts] = facts_from_events(request.collect_events())
    assert (facts.request_id, facts.category, facts.channel) == (
        "REQ-1",
        Category.REPAIR,
        Channel.PHONE_HOTLINE,
    )
    assert (facts.site, facts.place, facts.department, facts.asset) == (
        "HQ",
        "B1 pump room",
        "FIN",
        "PUMP-2",
    )
    assert (facts.tier, facts.assignee, facts.assignee_kind) == (
        Tier.URGENT,
        "plumbers",
        AssigneeKind.TEAM,
    )
    assert facts.state is RequestState.CLOSED
    assert (facts.submitted_at, facts.accepted_at, facts.work_started_at) == (T0, at(10), at(60))
    assert (facts.resolved_at, facts.closed_at, facts.ended_at) == (at(450), at(470), at(470))
    assert facts.pauses == ((at(70), at(130)),)
    assert facts.elapsed_to_respond == timedelta(minutes=50)
    assert facts.elapsed_to_resolve == timedelta(minutes=440)
    assert (facts.response_met, facts.resolution_met) == (True, False)
    assert facts.resolution_due_at == at(10 + 240 + 60)  # four hours plus the pause
    assert (facts.warnings, facts.breaches) == (2, 1)  # 50 % and 75 % of resolution, its breach
    assert (facts.reopen_count, facts.first_time_fix, facts.rating) == (1, False, 3)
    assert facts.cost is None  # the last resolution cost nothing extra
    assert not facts.is_open


def test_the_request_itself_gives_the_same_sla_verdicts_and_working_times() -> None:
    request = a_late_closed_repair()
    facts = facts_from_request(request)
    assert (facts.response_met, facts.resolution_met) == (True, False)
    assert facts.response_working_time == timedelta(minutes=50)
    assert facts.resolution_working_time == timedelta(minutes=440 - 60 - 10)
    assert (facts.accepted_at, facts.work_started_at, facts.resolved_at) == (
        at(10),
        at(60),
        at(450),
    )
    assert (facts.warnings, facts.breaches, facts.reopen_count, facts.rating) == (2, 1, 1, 3)
    assert facts.ended_at == at(470)


def test_a_projection_with_replay_reads_exact_verdicts_off_the_replayed_request() -> None:
    request = a_repair()
    request.start(actor=TECH, at=at(60))
    request.resolve(actor=TECH, at=at(400), resolution="done")  # late, never swept
    events = request.collect_events()
    as_recorded = facts_from_events(events)[0]
    exact = facts_from_events(events, replay=ServiceRequest.replay)[0]
    assert as_recorded.resolution_met is True  # no breach was recorded
    assert exact.resolution_met is False
    assert exact.resolution_working_time == timedelta(minutes=390)
    assert exact.resolved_at == as_recorded.resolved_at == at(400)


def test_an_open_request_counts_as_missed_once_past_due_at_the_instant_asked() -> None:
    request = a_repair()
    early, late = facts_from_request(request, at(20)), facts_from_request(request, at(200))
    assert (early.response_met, late.response_met) == (None, False)
    assert early.is_open
    assert early.work_started_at is None


def test_the_projection_follows_requests_event_by_event() -> None:
    first, second = a_repair("REQ-1"), a_repair("REQ-2")
    projection = RequestFactsProjection()
    projection.extend(first.collect_events())
    projection.extend(second.collect_events())
    second.start(actor=TECH, at=at(30))
    second.pause(actor=TECH, at=at(40), reason=PauseReason.WAITING_FOR_VENDOR)
    projection.extend(second.collect_events())
    one, two = projection.facts()
    assert len(projection) == 2
    assert one.state is RequestState.ASSIGNED
    assert one.work_started_at is None
    assert two.state is RequestState.PAUSED
    assert two.pauses == ((at(40), None),)
    assert two.response_met is True
