"""A service desk restored from its stored events works on as the original would."""

from __future__ import annotations

import gc
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from backoffice import UnknownCalendar, ValidationError
from backoffice.calendar import BusinessCalendar, CalendarRegistry, WorkingHours
from backoffice.domain.events import DomainEvent
from backoffice.domain.requests import (
    Assignee,
    RequestLocation,
    RequestState,
    ServiceRequest,
    SlaAlert,
)
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.serialization import EventCodec
from backoffice.services.requests import InMemoryRequests, ServiceDesk
from backoffice.values import ActorId, AssetId, RequestId, SequentialIds

SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE = BusinessCalendar("Asia/Shanghai", WorkingHours.weekdays("09:00-12:00", "13:00-18:00"))
POLICY = TieredSlaPolicy.seed(OFFICE, office_name="office-shanghai")
LI, CLERK, TECH = ActorId("li.na"), ActorId("zhao.lei"), ActorId("wang.fang")
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)  # Monday
NEEDS = (
    "Power cut on floor 3",  # urgent
    "Projector broken",  # important
    "Water leak in the pantry",  # urgent
    "20 reams of A4 paper",  # routine
)
gc.collect()  # (see tests/property/test_request_history_laws.py)
CODEC = EventCodec.for_all_events()


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def busy_desk() -> tuple[ServiceDesk, list[DomainEvent]]:
    """Four requests accepted at T0, one started, one at another site; and their events."""
    desk = ServiceDesk(sla_policy=POLICY)
    for text in NEEDS:
        site = "Plant 2" if "paper" in text else "HQ"
        request = desk.submit(channel="oa_system", category="repair", description=text,
                              location=RequestLocation(site), requester=LI, at=T0)  # fmt: skip
        desk.accept(request.id, actor=CLERK, at=T0)
    with desk.working_on("REQ-000002") as request:
        request.assign(actor=CLERK, at=at(10), assignee=Assignee.team("av"))
        request.start(actor=TECH, at=at(20))
    desk.sweep(at=at(61))
    return desk, desk.collect_events()


def stored(events: list[DomainEvent]) -> list[DomainEvent]:
    return [CODEC.load(json.loads(json.dumps(CODEC.dump(event)))) for event in events]


def keyed(alerts: list[SlaAlert]) -> list[str]:
    return [json.dumps(CODEC.dump(alert)) for alert in alerts]


def test_a_desk_restored_from_stored_events_sweeps_exactly_what_the_original_does() -> None:
    original, events = busy_desk()
    restored = ServiceDesk.restore(stored(events), sla_policy=POLICY, calendars=POLICY.calendars)
    recorded = 0
    for minutes in (61, 121, 200, 241, 24 * 60, 5 * 24 * 60):
        expected = original.sweep(at=at(minutes))
        assert keyed(restored.sweep(at=at(minutes))) == keyed(expected)
        recorded += len(expected)
    assert recorded >= 6


def test_a_restored_desk_mints_ids_after_the_highest_one_issued() -> None:
    _, events = busy_desk()
    desk = ServiceDesk.restore(events, sla_policy=POLICY, calendars=POLICY.calendars)
    new = desk.submit(channel="web_form", category="it", description="Printer jam",
                      location=RequestLocation("HQ"), requester=LI, at=at(90))  # fmt: skip
    assert new.id == RequestId("REQ-000005")
    assert [e.name for e in desk.collect_events()] == ["RequestSubmitted"]


def test_a_restored_desk_tells_a_given_generator_the_ids_it_restored() -> None:
    _, events = busy_desk()
    ids = SequentialIds()
    ServiceDesk.restore(events, sla_policy=POLICY, calendars=POLICY.calendars, ids=ids)
    assert ids.new(RequestId) == RequestId("REQ-000005")


def test_sequential_ids_continue_after_the_ids_they_are_shown() -> None:
    ids = SequentialIds.after([RequestId("REQ-000041"), RequestId("REQ-000007")])
    ids.observe(RequestId("REQ-000003"))  # behind: changes nothing
    ids.observe(RequestId("REQ-7f3a"))  # not of its shape: changes nothing
    ids.observe(AssetId("AST-000009"))
    assert ids.new(RequestId) == RequestId("REQ-000042")
    assert ids.new(AssetId) == AssetId("AST-000010")


def test_a_restore_refuses_a_calendar_name_it_cannot_resolve() -> None:
    _, events = busy_desk()
    only_24x7 = CalendarRegistry({"24x7": POLICY.calendars["24x7"]})
    with pytest.raises(UnknownCalendar, match="office-shanghai"):
        ServiceDesk.restore(stored(events), sla_policy=POLICY, calendars=only_24x7)


def test_a_request_replayed_from_stored_events_needs_its_calendars() -> None:
    _, events = busy_desk()
    history = stored([e for e in events if e.aggregate_id == "REQ-000004"])
    with pytest.raises(UnknownCalendar):
        ServiceRequest.replay(history)
    request = ServiceRequest.replay(history, calendars=POLICY.calendars)
    assert request.state is RequestState.ACCEPTED


def test_a_restore_refuses_a_broken_history() -> None:
    _, events = busy_desk()
    with pytest.raises(ValidationError, match="starts with its submission"):
        ServiceDesk.restore(events[1:2] + events[0:1] + events[2:], sla_policy=POLICY,
                            calendars=POLICY.calendars)  # fmt: skip


def test_the_repository_answers_an_embedders_questions() -> None:
    desk, _ = busy_desk()
    requests = desk.requests
    assert isinstance(requests, InMemoryRequests)
    assert [r.id.value for r in requests.open_requests()] == [f"REQ-00000{n}" for n in (1, 2, 3, 4)]
    assert [r.id.value for r in requests.in_state("IN_PROGRESS")] == ["REQ-000002"]
    assert [r.id.value for r in requests.in_state(RequestState.ACCEPTED)] == [
        "REQ-000001", "REQ-000003", "REQ-000004"
    ]  # fmt: skip
    assert [r.id.value for r in requests.at_site("Plant 2")] == ["REQ-000004"]
    assert [r.id.value for r in requests.assigned_to(Assignee.team("av"))] == ["REQ-000002"]
    # urgent responses are due at 11:00, the important one the next morning at 09:00
    assert [r.id.value for r in requests.due_before(at(121))] == ["REQ-000001", "REQ-000003"]
    assert requests.due_before(at(60)) == []


def test_a_request_is_found_by_its_id_or_its_text_but_not_by_another_kind_of_id() -> None:
    desk, _ = busy_desk()
    assert desk.get("REQ-000001") is desk.get(RequestId("REQ-000001"))
    with pytest.raises(ValidationError, match="RequestId"):
        desk.get(AssetId("REQ-000001"))  # type: ignore[arg-type]
