"""SLA clocks on a request: pauses on the metric's own calendar, reopenings, regrades, verdicts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo

import attrs
import pytest

from backoffice import ValidationError
from backoffice.calendar import BusinessCalendar, CalendarRegistry, WorkingHours
from backoffice.domain.requests import (
    Assignee,
    RequestDetails,
    RequestLocation,
    ServiceRequest,
    SlaBreached,
    SlaMetric,
    SlaState,
    SlaTarget,
    SlaTargets,
    SlaWarningReached,
    Tier,
    TierChanged,
    UnknownMetric,
)
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.values import ActorId, Percent, RequestId

SHANGHAI = ZoneInfo("Asia/Shanghai")
NINE_TO_FIVE = BusinessCalendar("Asia/Shanghai", WorkingHours.weekdays("09:00-17:00"))
ALWAYS = BusinessCalendar.always("Asia/Shanghai")
CALENDARS = CalendarRegistry({"24x7": ALWAYS, "9-17": NINE_TO_FIVE})
LI, CLERK, TECH = ActorId("li.na"), ActorId("zhao.lei"), ActorId("wang.fang")


def sh(  # noqa: PLR0917 - mirrors datetime(y, m, d, h, mi, s)
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


def targets(response: SlaTarget, resolution: SlaTarget) -> SlaTargets:
    return SlaTargets([response, resolution])


def hours(metric: SlaMetric, n: float, calendar: str = "24x7") -> SlaTarget:
    return SlaTarget.within(metric, timedelta(hours=n), calendar, calendars=CALENDARS)


URGENT = targets(hours(SlaMetric.RESPONSE, 2), hours(SlaMetric.RESOLUTION, 4))
IMPORTANT = targets(hours(SlaMetric.RESPONSE, 24), hours(SlaMetric.RESOLUTION, 48))


def started(accepted: datetime, graded: SlaTargets, *, tier: Tier = Tier.URGENT) -> ServiceRequest:
    details = RequestDetails("oa_system", "repair", "Boiler fault", RequestLocation("HQ"), LI)
    request = ServiceRequest.submit(RequestId("REQ-7"), details=details, at=accepted)
    request.accept(actor=CLERK, at=accepted, tier=tier, targets=graded)
    request.assign(actor=CLERK, at=accepted, assignee=Assignee.person(TECH))
    request.start(actor=TECH, at=accepted)
    return request


def test_a_weekend_pause_gives_back_working_time_on_the_metrics_own_calendar() -> None:
    # 24 working hours on a Monday-Friday 09:00-17:00 calendar, started Thursday 09:00.
    graded = targets(hours(SlaMetric.RESPONSE, 1, "9-17"),
                     hours(SlaMetric.RESOLUTION, 24, "9-17"))  # fmt: skip
    paused = started(sh(2025, 3, 6, 9, 0), graded)
    twin = started(sh(2025, 3, 6, 9, 0), graded)
    assert paused.sla(sh(2025, 3, 6, 9, 0))[SlaMetric.RESOLUTION].due_at == sh(2025, 3, 10, 17, 0)

    # Paused Friday 17:00 to Monday 10:00: 65 hours on the wall clock, 1 working hour.
    paused.pause(actor=TECH, at=sh(2025, 3, 7, 17, 0), reason="waiting_for_parts")
    assert paused.sla(sh(2025, 3, 8, 12, 0))[SlaMetric.RESOLUTION].state is SlaState.PAUSED
    paused.resume(actor=TECH, at=sh(2025, 3, 10, 10, 0))

    with_pause = paused.sla(sh(2025, 3, 10, 12, 0))[SlaMetric.RESOLUTION]
    without = twin.sla(sh(2025, 3, 10, 12, 0))[SlaMetric.RESOLUTION]
    assert without.elapsed - with_pause.elapsed == timedelta(hours=1)
    assert with_pause.due_at == sh(2025, 3, 11, 10, 0)  # Monday 17:00 + 1 working hour
    assert without.due_at is not None
    assert NINE_TO_FIVE.working_time_between(without.due_at, with_pause.due_at) == timedelta(
        hours=1
    )


def test_while_paused_the_clock_shows_no_due_time_and_does_not_move() -> None:
    request = started(sh(2025, 3, 3, 9, 0), URGENT)
    request.pause(actor=TECH, at=sh(2025, 3, 3, 10, 0), reason="waiting_for_requester")
    early = request.sla(sh(2025, 3, 3, 10, 30))[SlaMetric.RESOLUTION]
    late = request.sla(sh(2025, 3, 5, 10, 30))[SlaMetric.RESOLUTION]
    assert early.due_at is None
    assert early.elapsed == late.elapsed == timedelta(hours=1)
    assert late.state is SlaState.PAUSED


def test_elapsed_and_remaining_always_add_up_to_the_target() -> None:
    request = started(sh(2025, 3, 3, 9, 0), URGENT)
    for minutes in (0, 59, 240, 300):
        report = request.sla(sh(2025, 3, 3, 9, 0) + timedelta(minutes=minutes))
        resolution = report[SlaMetric.RESOLUTION]
        assert resolution.elapsed + resolution.remaining == resolution.target_time


def test_a_resolution_at_the_due_instant_is_met_and_one_after_is_breached() -> None:
    on_time = started(sh(2025, 3, 3, 9, 0), URGENT)
    on_time.resolve(actor=TECH, at=sh(2025, 3, 3, 13, 0), resolution="done")
    assert on_time.sla(sh(2025, 3, 3, 13, 0))[SlaMetric.RESOLUTION].state is SlaState.MET

    late = started(sh(2025, 3, 3, 9, 0), URGENT)
    late.resolve(actor=TECH, at=sh(2025, 3, 3, 13, 0, 1), resolution="done")
    resolution = late.sla(sh(2025, 3, 3, 13, 1))[SlaMetric.RESOLUTION]
    assert resolution.state is SlaState.BREACHED
    assert resolution.remaining == timedelta(seconds=-1)
    assert resolution.percent_consumed == Percent("100.00")


def test_a_breach_survives_a_pause_and_a_resume() -> None:
    request = started(sh(2025, 3, 3, 9, 0), URGENT)
    request.pause(actor=TECH, at=sh(2025, 3, 3, 14, 0), reason="waiting_for_vendor")
    assert request.sla(sh(2025, 3, 3, 14, 0))[SlaMetric.RESOLUTION].state is SlaState.BREACHED
    request.resume(actor=TECH, at=sh(2025, 3, 4, 9, 0))
    request.resolve(actor=TECH, at=sh(2025, 3, 4, 9, 5), resolution="done")
    resolution = request.sla(sh(2025, 3, 4, 9, 5))[SlaMetric.RESOLUTION]
    assert resolution.state is SlaState.BREACHED
    assert resolution.due_at == sh(2025, 3, 3, 13, 0)


def test_reopening_continues_the_resolution_clock_with_the_time_that_was_left() -> None:
    request = started(sh(2025, 3, 3, 9, 0), URGENT)
    request.resolve(actor=TECH, at=sh(2025, 3, 3, 11, 0), resolution="reset the breaker")
    assert request.sla(sh(2025, 3, 3, 11, 0))[SlaMetric.RESOLUTION].state is SlaState.MET

    request.reopen(actor=LI, at=sh(2025, 3, 3, 15, 0), reason="tripped again")
    resolution = request.sla(sh(2025, 3, 3, 15, 0))[SlaMetric.RESOLUTION]
    assert resolution.state is SlaState.RUNNING
    assert resolution.elapsed == timedelta(hours=2)  # 11:00-15:00 resolved: not counted
    assert resolution.due_at == sh(2025, 3, 3, 17, 0)
    assert request.sla(sh(2025, 3, 3, 15, 0))[SlaMetric.RESPONSE].state is SlaState.MET


def test_a_regrade_restarts_the_clocks_still_within_target_and_keeps_verdicts() -> None:
    request = started(sh(2025, 3, 3, 9, 0), URGENT)  # response met at 09:00
    request.change_tier(actor=CLERK, at=sh(2025, 3, 3, 10, 0), tier=Tier.IMPORTANT,
                        targets=IMPORTANT, reason="only one room affected")  # fmt: skip
    report = request.sla(sh(2025, 3, 3, 10, 0))
    assert report[SlaMetric.RESPONSE].state is SlaState.MET
    assert report[SlaMetric.RESPONSE].target_time == timedelta(hours=2)
    assert report[SlaMetric.RESOLUTION].started_at == sh(2025, 3, 3, 10, 0)
    assert report[SlaMetric.RESOLUTION].due_at == sh(2025, 3, 5, 10, 0)
    event = request.collect_events()[-1]
    assert isinstance(event, TierChanged)
    assert (event.previous, event.tier, event.reason) == (
        "urgent",
        "important",
        "only one room affected",
    )


def test_a_regrade_cannot_erase_a_breach() -> None:
    details = RequestDetails("oa_system", "repair", "Boiler fault", RequestLocation("HQ"), LI)
    request = ServiceRequest.submit(RequestId("REQ-8"), details=details, at=sh(2025, 3, 3, 9, 0))
    request.accept(actor=CLERK, at=sh(2025, 3, 3, 9, 0), tier=Tier.URGENT, targets=URGENT)
    request.change_tier(actor=CLERK, at=sh(2025, 3, 3, 12, 0), tier=Tier.IMPORTANT,
                        targets=IMPORTANT, reason="downgrade after the fact")  # fmt: skip
    report = request.sla(sh(2025, 3, 3, 12, 0))
    assert report[SlaMetric.RESPONSE].state is SlaState.BREACHED  # was due 11:00
    assert report[SlaMetric.RESPONSE].due_at == sh(2025, 3, 3, 11, 0)
    assert report[SlaMetric.RESOLUTION].due_at == sh(2025, 3, 5, 12, 0)  # restarted


def test_a_regrade_to_the_same_tier_is_refused() -> None:
    request = started(sh(2025, 3, 3, 9, 0), URGENT)
    with pytest.raises(ValidationError, match="already urgent"):
        request.change_tier(actor=CLERK, at=sh(2025, 3, 3, 10, 0), tier=Tier.URGENT,
                            targets=URGENT, reason="again")  # fmt: skip


def test_editing_the_policy_later_never_rewrites_a_graded_requests_deadlines() -> None:
    policy = TieredSlaPolicy.seed(NINE_TO_FIVE)
    details = RequestDetails("oa_system", "repair", "Power cut", RequestLocation("HQ"), LI)
    request = ServiceRequest.submit(RequestId("REQ-3"), details=details, at=sh(2025, 3, 3, 9, 0))
    request.accept(actor=CLERK, at=sh(2025, 3, 3, 9, 0), tier=Tier.URGENT,
                   targets=policy.targets(details, Tier.URGENT))  # fmt: skip
    before = request.sla(sh(2025, 3, 3, 9, 30))

    stricter = attrs.evolve(policy, rules=policy.rules[2:])  # drop the urgent rules
    assert stricter.targets(details, Tier.URGENT) != policy.targets(details, Tier.URGENT)
    assert request.sla(sh(2025, 3, 3, 9, 30)) == before
    assert before[SlaMetric.RESOLUTION].due_at == sh(2025, 3, 3, 13, 0)


def test_cancelling_stops_the_clocks_cancelled_or_breached_if_already_late() -> None:
    request = started(sh(2025, 3, 3, 9, 0), URGENT)
    request.cancel(actor=LI, at=sh(2025, 3, 3, 10, 0), reason="fixed it myself")
    assert request.sla(sh(2025, 3, 3, 12, 0))[SlaMetric.RESOLUTION].state is SlaState.CANCELLED

    late = started(sh(2025, 3, 3, 9, 0), URGENT)
    late.cancel(actor=LI, at=sh(2025, 3, 3, 14, 0), reason="gave up")
    assert late.sla(sh(2025, 3, 3, 14, 0))[SlaMetric.RESOLUTION].state is SlaState.BREACHED


def test_warnings_at_50_and_75_percent_then_the_breach_are_recorded_once_each() -> None:
    request = started(sh(2025, 3, 3, 9, 0), URGENT)
    monitor = ActorId("sla-monitor")
    assert request.record_sla_alerts(actor=monitor, at=sh(2025, 3, 3, 10, 59)) == []
    first = request.record_sla_alerts(actor=monitor, at=sh(2025, 3, 3, 11, 0))
    warnings = cast("list[SlaWarningReached]", first)
    assert [(e.name, e.threshold) for e in warnings] == [("SlaWarningReached", Percent(50))]
    later = request.record_sla_alerts(actor=monitor, at=sh(2025, 3, 3, 13, 30))
    assert [e.name for e in later] == ["SlaWarningReached", "SlaBreached"]
    assert isinstance(later[1], SlaBreached)
    assert later[1].due_at == sh(2025, 3, 3, 13, 0)
    assert request.record_sla_alerts(actor=monitor, at=sh(2025, 3, 3, 20, 0)) == []


def test_the_report_is_not_taken_before_the_last_step_and_names_unknown_metrics() -> None:
    request = started(sh(2025, 3, 3, 9, 0), URGENT)
    with pytest.raises(ValidationError):
        request.sla(sh(2025, 3, 3, 8, 0))
    with pytest.raises(UnknownMetric):
        request.sla(sh(2025, 3, 3, 9, 0))[SlaMetric.INCIDENT_REPORT]
    with pytest.raises(LookupError):
        URGENT[SlaMetric.REVIEW]


def test_targets_refuse_nonsense_and_describe_themselves() -> None:
    with pytest.raises(ValidationError):
        SlaTarget(SlaMetric.RESPONSE, "24x7")
    with pytest.raises(ValidationError):
        SlaTarget.within(SlaMetric.RESPONSE, timedelta(0), "24x7")
    with pytest.raises(ValidationError):
        SlaTarget.within_working_days(SlaMetric.RESPONSE, 0, "24x7")
    with pytest.raises(ValidationError):
        SlaTarget.within(SlaMetric.RESPONSE, timedelta(hours=1), "24x7", warnings=[75, 50])
    with pytest.raises(ValidationError):
        SlaTargets([hours(SlaMetric.RESPONSE, 1), hours(SlaMetric.RESPONSE, 2)])
    assert hours(SlaMetric.RESOLUTION, 1.5).describe() == "resolve 1 h 30 min"
    assert SlaTarget.within_working_days(SlaMetric.REVIEW, 1, "24x7").describe() == (
        "review 1 working day"
    )
