"""Request facts from the events agree with the facts read off the request itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from backoffice.calendar import BusinessCalendar
from backoffice.domain.events import DomainEvent
from backoffice.domain.metrics import facts_from_events, facts_from_request
from backoffice.domain.requests import (
    Assignee,
    Category,
    Channel,
    PauseReason,
    RequestDetails,
    RequestLocation,
    ServiceRequest,
    SlaMetric,
    SlaTarget,
    SlaTargets,
    Tier,
)
from backoffice.values import ActorId, RequestId

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
ALWAYS = BusinessCalendar.always()
CALENDARS = {"24x7": ALWAYS}
TARGETS = SlaTargets(
    [
        SlaTarget.within(SlaMetric.RESPONSE, timedelta(hours=2), "24x7", calendars=CALENDARS),
        SlaTarget.within(SlaMetric.RESOLUTION, timedelta(hours=4), "24x7", calendars=CALENDARS),
    ]
)
WHO = ActorId("someone")


def replay(events: list[DomainEvent]) -> ServiceRequest:
    return ServiceRequest.replay(events, calendars=CALENDARS)


gaps = st.lists(st.integers(min_value=0, max_value=300), min_size=12, max_size=12)


@given(gaps, st.booleans(), st.booleans(), st.booleans(), st.integers(min_value=1, max_value=5))
def test_the_events_and_the_request_tell_the_same_story(
    minutes: list[int], pause: bool, reopen: bool, sweep: bool, score: int
) -> None:
    steps = iter(minutes)
    now = T0

    def later() -> datetime:
        nonlocal now
        now += timedelta(minutes=next(steps))
        if sweep:
            request.record_sla_alerts(actor=WHO, at=now)
        return now

    details = RequestDetails(Channel.EMAIL, Category.IT, "laptop", RequestLocation("HQ"), WHO)
    request = ServiceRequest.submit(RequestId("REQ-1"), details=details, at=T0)
    request.accept(actor=WHO, at=later(), tier=Tier.URGENT, targets=TARGETS)
    request.assign(actor=WHO, at=later(), assignee=Assignee.team("IT desk"))
    request.start(actor=WHO, at=later())
    if pause:
        request.pause(actor=WHO, at=later(), reason=PauseReason.WAITING_FOR_PARTS)
        request.resume(actor=WHO, at=later())
    request.resolve(actor=WHO, at=later(), resolution="replaced")
    if reopen:
        request.reopen(actor=WHO, at=later(), reason="again")
        request.resolve(actor=WHO, at=later(), resolution="replaced again")
    request.sign_off(actor=WHO, at=later())
    request.rate(actor=WHO, at=later(), score=score)
    request.close(actor=WHO, at=later())
    events = request.collect_events()

    direct = facts_from_request(request)
    (recorded,) = facts_from_events(events)
    (exact,) = facts_from_events(
        events, replay=lambda evs: ServiceRequest.replay(evs, calendars=CALENDARS)
    )
    for facts in (recorded, exact):
        assert facts.state is direct.state
        assert facts.tier is direct.tier
        assert facts.submitted_at == direct.submitted_at
        assert facts.accepted_at == direct.accepted_at
        assert facts.work_started_at == direct.work_started_at
        assert facts.resolved_at == direct.resolved_at
        assert facts.ended_at == direct.ended_at
        assert (facts.reopen_count, facts.rating) == (direct.reopen_count, score)
        assert (facts.warnings, facts.breaches) == (direct.warnings, direct.breaches)
    assert len(recorded.pauses) == int(pause)
    for name in ("response_met", "resolution_met", "resolution_working_time"):
        assert getattr(exact, name) == getattr(direct, name)
    if sweep:  # every step swept first: what was recorded is the whole truth
        assert (recorded.response_met, recorded.resolution_met) == (
            direct.response_met,
            direct.resolution_met,
        )
