"""A service request from raising to closing: each step, its event, and the steps refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from backoffice import InvalidTransition, Money, ValidationError
from backoffice.calendar import BusinessCalendar
from backoffice.domain.requests import (
    Assignee,
    AssigneeKind,
    Category,
    Channel,
    CostLine,
    InvalidRating,
    PauseReason,
    RequestAccepted,
    RequestDetails,
    RequestLocation,
    RequestState,
    ServiceRequest,
    SlaMetric,
    SlaTarget,
    SlaTargets,
    Tier,
    TimeWentBackwards,
)
from backoffice.values import ActorId, AssetId, RequestId, SupplierId

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)  # a Monday
LI, CLERK, TECH = ActorId("li.na"), ActorId("zhao.lei"), ActorId("wang.fang")
ALWAYS = BusinessCalendar.always("Asia/Shanghai")
CALENDARS = {"24x7": ALWAYS}
URGENT = SlaTargets(
    [
        SlaTarget.within(SlaMetric.RESPONSE, timedelta(hours=2), "24x7", calendars=CALENDARS),
        SlaTarget.within(SlaMetric.RESOLUTION, timedelta(hours=4), "24x7", calendars=CALENDARS),
    ]
)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def submitted(description: str = "Air conditioning not working in office 512") -> ServiceRequest:
    details = RequestDetails(
        Channel.OA_SYSTEM, Category.REPAIR, description, RequestLocation("HQ", "office 512"), LI
    )
    return ServiceRequest.submit(RequestId("REQ-1"), details=details, at=T0)


def in_progress() -> ServiceRequest:
    request = submitted()
    request.accept(actor=CLERK, at=at(10), tier=Tier.URGENT, targets=URGENT)
    request.assign(actor=CLERK, at=at(15), assignee=Assignee.person(TECH))
    request.start(actor=TECH, at=at(30))
    return request


def resolved() -> ServiceRequest:
    request = in_progress()
    request.resolve(actor=TECH, at=at(90), resolution="Replaced the fan motor")
    return request


# Read through a call: after an earlier `assert request.state is ...` (or `== "..."`), mypy
# keeps the attribute narrowed across the mutating calls in between and would call the next
# check impossible.
def state(request: ServiceRequest) -> RequestState:
    return request.state


def open_question(request: ServiceRequest) -> str | None:
    return request.open_question


def names(request: ServiceRequest) -> list[str]:
    return [event.name for event in request.collect_events()]


def test_a_request_walks_the_seed_process_from_raising_to_closing() -> None:
    request = resolved()
    request.sign_off(actor=LI, at=at(120), comment="cool again")
    request.rate(actor=LI, at=at(121), score=5, comment="quick and tidy")
    request.close(actor=CLERK, at=at(130))

    assert request.state is RequestState.CLOSED
    assert not request.is_open
    assert request.rating is not None
    assert request.rating.score == 5
    assert names(request) == [
        "RequestSubmitted",
        "RequestAccepted",
        "RequestAssigned",
        "WorkStarted",
        "RequestResolved",
        "RequestSignedOff",
        "RequestRated",
        "RequestClosed",
    ]
    assert request.version == 8


def test_every_event_carries_the_request_its_version_the_actor_and_the_time() -> None:
    request = in_progress()
    events = request.collect_events()
    assert [e.version for e in events] == [1, 2, 3, 4]
    assert {e.aggregate_id for e in events} == {"REQ-1"}
    assert [e.actor for e in events] == [LI, CLERK, CLERK, TECH]
    assert events[-1].occurred_at == at(30)
    assert request.collect_events() == []


def test_a_hotline_clerk_can_enter_a_request_for_the_requester() -> None:
    details = RequestDetails("phone_hotline", "repair", "Lift stuck", RequestLocation("HQ"), LI)
    request = ServiceRequest.submit(RequestId("REQ-9"), details=details, at=T0, actor=CLERK)
    (event,) = request.collect_events()
    assert event.actor == CLERK
    assert request.details.requester == LI


def test_the_reviewer_can_return_a_request_for_more_information_and_get_it_back() -> None:
    request = submitted("Something is broken")
    request.return_for_information(actor=CLERK, at=at(5), question="Which room, which device?")
    assert request.state is RequestState.RETURNED
    assert request.open_question == "Which room, which device?"

    request.supply_information(
        actor=LI, at=at(60), answer="Room 512", description="Projector broken in room 512"
    )
    assert state(request) is RequestState.SUBMITTED
    assert open_question(request) is None
    assert request.details.description == "Projector broken in room 512"


def test_a_request_under_warranty_is_rejected_with_the_reason() -> None:
    request = submitted("Printer jammed; bought last month")
    request.reject(actor=CLERK, at=at(20), reason="still under warranty: contact the vendor")
    assert request.state is RequestState.REJECTED
    assert request.reason == "still under warranty: contact the vendor"
    assert not request.is_open


def test_work_is_assigned_to_a_person_a_team_or_an_outside_supplier_and_can_be_reassigned() -> None:
    request = submitted()
    request.accept(actor=CLERK, at=at(10), tier=Tier.ROUTINE, targets=URGENT)
    request.assign(actor=CLERK, at=at(11), assignee=Assignee.team("electricians"))
    assert request.state is RequestState.ASSIGNED
    request.assign(actor=CLERK, at=at(12), assignee=Assignee.supplier(SupplierId("SUP-7")))
    assert request.state is RequestState.ASSIGNED
    assert request.assignee == Assignee(AssigneeKind.SUPPLIER, "SUP-7")
    assert str(request.assignee) == "supplier SUP-7"


def test_work_can_be_paused_with_a_reason_and_resumed() -> None:
    request = in_progress()
    request.pause(actor=TECH, at=at(40), reason=PauseReason.WAITING_FOR_PARTS, note="fan motor")
    assert request.state is RequestState.PAUSED
    assert request.pause_reason is PauseReason.WAITING_FOR_PARTS
    request.resume(actor=TECH, at=at(70))
    assert state(request) is RequestState.IN_PROGRESS
    assert request.pause_reason is None


def test_progress_notes_keep_their_attachment_references_in_order() -> None:
    request = in_progress()
    request.note_progress(actor=TECH, at=at(35), note="On site", attachments=["photo://before"])
    request.note_progress(actor=TECH, at=at(50), note="Motor ordered")
    assert [n.text for n in request.notes] == ["On site", "Motor ordered"]
    assert request.notes[0].attachments == ("photo://before",)
    assert request.notes[0].author == TECH


def test_a_resolution_carries_its_cost_lines_in_one_currency() -> None:
    request = in_progress()
    lines = [CostLine("fan motor", Money("380.00", "CNY")), CostLine("labour", Money("120", "CNY"))]
    request.resolve(actor=TECH, at=at(90), resolution="Replaced the fan motor", cost_lines=lines)
    assert request.resolution is not None
    assert request.resolution.total_cost == Money(Decimal("500.00"), "CNY")


def test_cost_lines_in_two_currencies_are_refused_and_nothing_changes() -> None:
    request = in_progress()
    before = request.snapshot()
    lines = [CostLine("part", Money("10", "CNY")), CostLine("courier", Money("5", "USD"))]
    with pytest.raises(ValidationError, match="share a currency"):
        request.resolve(actor=TECH, at=at(90), resolution="done", cost_lines=lines)
    assert request.snapshot() == before


def test_the_requester_can_reopen_a_resolution_that_did_not_hold() -> None:
    request = resolved()
    request.reopen(actor=LI, at=at(100), reason="still blowing warm air")
    assert request.state is RequestState.IN_PROGRESS
    assert request.reopenings == 1
    assert request.reason == "still blowing warm air"


def test_a_request_can_be_cancelled_before_it_is_resolved_but_not_after() -> None:
    request = in_progress()
    request.cancel(actor=LI, at=at(40), reason="moved to another office")
    assert request.state is RequestState.CANCELLED

    done = resolved()
    with pytest.raises(InvalidTransition):
        done.cancel(actor=LI, at=at(100), reason="too late")


@pytest.mark.parametrize(
    ("build", "step"),
    [
        (submitted, lambda r: r.resolve(actor=TECH, at=at(60), resolution="done")),
        (submitted, lambda r: r.start(actor=TECH, at=at(60))),
        (resolved, lambda r: r.rate(actor=LI, at=at(100), score=4)),
        (in_progress, lambda r: r.close(actor=CLERK, at=at(100))),
        (in_progress, lambda r: r.resume(actor=TECH, at=at(100))),
        (resolved, lambda r: r.file_incident_report(actor=CLERK, at=at(100), reference="R-1")),
    ],
    ids=["resolve-unaccepted", "start-unassigned", "rate-before-sign-off", "close-in-progress",
         "resume-running", "report-not-closed"],
)  # fmt: skip
def test_a_step_out_of_order_raises_invalid_transition_and_changes_nothing(
    build: Callable[[], ServiceRequest], step: Callable[[ServiceRequest], object]
) -> None:
    request = build()
    before = request.snapshot()
    with pytest.raises(InvalidTransition):
        step(request)
    assert request.snapshot() == before


def test_a_step_dated_before_the_last_one_is_refused() -> None:
    request = in_progress()
    before = request.snapshot()
    with pytest.raises(TimeWentBackwards) as caught:
        request.pause(actor=TECH, at=at(20), reason="waiting_for_parts")
    assert caught.value.last == at(30)
    assert isinstance(caught.value, InvalidTransition)
    assert "before its last step" in str(caught.value)
    assert request.snapshot() == before


def test_a_rating_is_one_to_five_and_given_once() -> None:
    request = resolved()
    request.sign_off(actor=LI, at=at(100))
    with pytest.raises(InvalidRating):
        request.rate(actor=LI, at=at(101), score=6)
    with pytest.raises(InvalidRating):
        request.rate(actor=LI, at=at(101), score=True)
    request.rate(actor=LI, at=at(101), score=3)
    with pytest.raises(InvalidTransition, match="already rated"):
        request.rate(actor=LI, at=at(102), score=4)


def test_naive_times_and_bad_actors_are_refused() -> None:
    request = submitted()
    with pytest.raises(ValidationError):
        request.reject(actor=CLERK, at=datetime(2025, 3, 3, 10, 0), reason="x")
    for bad in ("", "  ", None, 123, AssetId("AST-1")):
        with pytest.raises(ValidationError, match="actor"):
            request.reject(actor=bad, at=at(5), reason="x")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        request.reject(actor=CLERK, at=at(5), reason="   ")
    assert request.state is RequestState.SUBMITTED
    assert request.collect_events()[1:] == []


def test_an_actor_may_be_given_as_its_text() -> None:
    request = submitted()
    request.reject(actor="zhao.lei", at=at(5), reason="x")  # type: ignore[arg-type]
    assert request.collect_events()[-1].actor == CLERK


def test_a_reviewer_override_of_the_triage_proposal_is_recorded() -> None:
    details = RequestDetails("oa_system", "repair", "Projector broken", RequestLocation("HQ"), LI)
    request = ServiceRequest.submit(
        RequestId("REQ-2"),
        details=details,
        at=T0,
        proposed_tier=Tier.IMPORTANT,
        proposal_reason="equipment failure",
    )
    request.accept(actor=CLERK, at=at(5), tier=Tier.URGENT, targets=URGENT)
    accepted = request.collect_events()[-1]
    assert isinstance(accepted, RequestAccepted)
    assert (accepted.proposed_tier, accepted.tier, accepted.overridden) == (
        Tier.IMPORTANT,
        Tier.URGENT,
        True,
    )
    assert request.proposed_tier is Tier.IMPORTANT


def test_replaying_the_events_rebuilds_the_request() -> None:
    request = resolved()
    request.reopen(actor=LI, at=at(100), reason="noisy")
    request.pause(actor=TECH, at=at(110), reason="waiting_for_vendor")
    events = request.collect_events()
    rebuilt = ServiceRequest.replay(events)
    assert rebuilt.snapshot() == request.snapshot()
    assert rebuilt == request
    assert rebuilt.collect_events() == []


def test_a_history_that_skips_a_version_or_mixes_requests_is_refused() -> None:
    events = resolved().collect_events()
    with pytest.raises(ValidationError):
        ServiceRequest.replay(events[1:])
    with pytest.raises(ValidationError):
        ServiceRequest.replay([events[0], events[2]])


def test_requests_are_equal_by_id_and_show_their_state() -> None:
    request = in_progress()
    assert request == ServiceRequest.replay(request.collect_events())
    assert request != "REQ-1"
    assert repr(request) == "<ServiceRequest REQ-1 in_progress, urgent v4>"
    assert len({request, ServiceRequest.replay(resolved().collect_events())}) == 1
