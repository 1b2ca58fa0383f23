"""The service desk's SLA sweep: warnings and breaches recorded when time is advanced."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from backoffice import ManualClock, ValidationError
from backoffice.calendar import BusinessCalendar, WorkingHours
from backoffice.domain.requests import (
    Assignee,
    Criticality,
    RequestLocation,
    RequestNotFound,
    SlaAlert,
    SlaBreached,
    SlaMetric,
    SlaWarningReached,
    due_sla_alerts,
)
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.services.requests import InMemoryRequests, ServiceDesk
from backoffice.values import ActorId, AssetId, Percent, RequestId

SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE = BusinessCalendar("Asia/Shanghai", WorkingHours.weekdays("09:00-12:00", "13:00-18:00"))
LI, CLERK = ActorId("li.na"), ActorId("zhao.lei")
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)  # Monday


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def desk_with(*descriptions: str, clock: ManualClock | None = None) -> ServiceDesk:
    desk = ServiceDesk(sla_policy=TieredSlaPolicy.seed(OFFICE), clock=clock)
    for text in descriptions:
        request = desk.submit(channel="oa_system", category="repair", description=text,
                              location=RequestLocation("HQ"), requester=LI, at=T0)  # fmt: skip
        desk.accept(request.id, actor=CLERK, at=T0)
    desk.collect_events()
    return desk


def alerts(events: list[SlaAlert]) -> list[tuple[str, str, str]]:
    return [
        (e.aggregate_id, e.metric.value, str(e.threshold) if isinstance(e, SlaWarningReached)
         else "breach")
        for e in events
    ]  # fmt: skip


def test_a_sweep_records_the_warnings_and_breaches_that_are_due_and_only_once() -> None:
    desk = desk_with("Power cut on floor 3", "Projector broken")  # urgent, important
    assert desk.sweep(at=at(59)) == []
    assert alerts(desk.sweep(at=at(60))) == [("REQ-000001", "response", "50 %")]
    assert alerts(desk.sweep(at=at(121))) == [
        ("REQ-000001", "response", "75 %"),
        ("REQ-000001", "response", "breach"),
        ("REQ-000001", "resolution", "50 %"),
    ]
    assert desk.sweep(at=at(121)) == []
    swept = desk.collect_events()
    assert [e.name for e in swept] == [
        "SlaWarningReached",
        "SlaWarningReached",
        "SlaBreached",
        "SlaWarningReached",
    ]


def test_a_sweep_touches_nothing_that_is_not_due() -> None:
    desk = desk_with("Power cut", "Projector broken", "Deliver paper")
    before = [desk.get(RequestId(f"REQ-00000{n}")).version for n in (1, 2, 3)]
    desk.sweep(at=at(30))
    assert [desk.get(RequestId(f"REQ-00000{n}")).version for n in (1, 2, 3)] == before


def test_warnings_on_the_office_calendar_come_at_the_working_time_not_the_wall_time() -> None:
    # Routine, accepted Monday 09:00: respond by Thursday's close, 4 days x 8 h = 32 working
    # hours. Half of it, 16 h, is used at Tuesday 18:00, not at Tuesday 01:00.
    desk = desk_with("Deliver 20 reams of paper")
    assert desk.sweep(at=datetime(2025, 3, 4, 1, 0, tzinfo=SHANGHAI)) == []
    assert desk.sweep(at=datetime(2025, 3, 4, 17, 59, tzinfo=SHANGHAI)) == []
    found = desk.sweep(at=datetime(2025, 3, 4, 18, 0, tzinfo=SHANGHAI))
    assert alerts(found) == [("REQ-000001", "response", "50 %")]


def test_paused_work_raises_no_new_warnings() -> None:
    desk = desk_with("Power cut")
    request_id = RequestId("REQ-000001")
    with desk.working_on(request_id) as request:
        request.assign(actor=CLERK, at=at(10), assignee=Assignee.team("electricians"))
        request.start(actor=CLERK, at=at(20))
        request.pause(actor=CLERK, at=at(30), reason="waiting_for_parts")
    assert desk.sweep(at=at(24 * 60)) == []
    with desk.working_on(request_id) as request:
        request.resume(actor=CLERK, at=at(24 * 60))
    assert desk.sweep(at=at(24 * 60 + 89)) == []
    assert alerts(desk.sweep(at=at(24 * 60 + 90))) == [("REQ-000001", "resolution", "50 %")]


def test_the_domain_sweep_over_a_collection_finds_the_same_alerts() -> None:
    desk = desk_with("Power cut on floor 3", "Projector broken")
    requests = [desk.get(RequestId("REQ-000001")), desk.get(RequestId("REQ-000002"))]
    found = due_sla_alerts(requests, at=at(121), actor=ActorId("monitor"))
    assert [type(e) for e in found] == [SlaWarningReached] * 2 + [SlaBreached, SlaWarningReached]
    assert isinstance(found[0], SlaWarningReached)
    assert found[0].threshold == Percent(50)
    assert due_sla_alerts(requests, at=at(121), actor=ActorId("monitor")) == []


def test_the_desk_reads_now_from_its_clock_when_no_time_is_given() -> None:
    clock = ManualClock(T0)
    desk = desk_with("Power cut", clock=clock)
    clock.advance(timedelta(hours=5))
    # At 14:00: response 50 %, 75 %, breached (due 11:00); resolution 50 %, 75 %, breached.
    assert len(desk.sweep()) == 6
    with pytest.raises(ValidationError):
        desk_with("Power cut").sweep()


def test_the_desk_looks_up_asset_criticality_and_refuses_unknown_requests() -> None:
    register = {AssetId("AST-9"): Criticality.CRITICAL}
    desk = ServiceDesk(sla_policy=TieredSlaPolicy.seed(OFFICE), asset_register=register.get)
    request = desk.submit(channel="oa_system", category="repair", description="Chiller noisy",
                          location=RequestLocation("HQ"), requester=LI, asset=AssetId("AST-9"),
                          at=T0)  # fmt: skip
    assert request.details.asset_criticality is Criticality.CRITICAL
    with pytest.raises(RequestNotFound):
        desk.get(RequestId("REQ-404"))
    with pytest.raises(ValidationError, match="already exists"):
        InMemoryRequests({request.id.value: request}).add(request)


def test_a_restated_need_is_triaged_again() -> None:
    desk = ServiceDesk(sla_policy=TieredSlaPolicy.seed(OFFICE))
    request = desk.submit(channel="email", category="repair", description="Something is wrong",
                          location=RequestLocation("HQ"), requester=LI, at=T0)  # fmt: skip
    assert request.proposed_tier == "routine"
    with desk.working_on(request.id) as r:
        r.return_for_information(actor=CLERK, at=at(5), question="What exactly?")
    desk.supply_information(request.id, actor=LI, at=at(30), answer="see description",
                            description="Water leak under the sink")  # fmt: skip
    assert request.proposed_tier == "urgent"
    desk.accept(request.id, actor=CLERK, at=at(40))
    assert request.sla(at(40))[SlaMetric.RESPONSE].due_at == at(160)
