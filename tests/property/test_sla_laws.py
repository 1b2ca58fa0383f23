"""Laws of SLA clocks and policies, over random targets, calendars and instants."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from backoffice.calendar import BusinessCalendar
from backoffice.domain.requests import (
    RequestDetails,
    SlaClock,
    SlaMetric,
    SlaState,
    SlaTarget,
    Tier,
)
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.testing.requests import (
    request_details,
    sample_calendars,
    sla_targets,
    tiers,
    working_instants,
)

gaps = st.integers(0, 6 * 24 * 60).map(lambda m: timedelta(minutes=m))


@given(sla_targets(), working_instants(), gaps, gaps, gaps)
def test_paused_time_never_counts(
    target: SlaTarget, start: datetime, run: timedelta, pause: timedelta, tail: timedelta
) -> None:
    calendar = target.working_calendar
    paused_at = start + run
    resumed_at = paused_at + pause
    now = resumed_at + tail
    clock = SlaClock.start(target, start).pause(paused_at).resume(resumed_at)
    expected = calendar.working_time_between(start, paused_at) + calendar.working_time_between(
        resumed_at, now
    )
    assert clock.elapsed(now) == expected
    assert clock.report(now).elapsed == expected


@given(sla_targets(), working_instants(), gaps, gaps)
def test_elapsed_and_remaining_add_up_to_the_target(
    target: SlaTarget, start: datetime, pause: timedelta, later: timedelta
) -> None:
    clock = SlaClock.start(target, start).pause(start + pause).resume(start + pause + later)
    report = clock.report(start + pause + later + later)
    assert report.elapsed + report.remaining == report.target_time == clock.target_time


@given(sla_targets(), working_instants(), gaps, gaps, gaps)
def test_a_running_clock_is_due_where_its_remaining_time_runs_out(
    target: SlaTarget, start: datetime, a: timedelta, b: timedelta, c: timedelta
) -> None:
    clock = SlaClock.start(target, start).pause(start + a).resume(start + a + b)
    now = start + a + b + c
    report = clock.report(now)
    assume(report.state is SlaState.RUNNING and report.remaining > timedelta(0))
    assert report.due_at == target.working_calendar.add_working_time(now, report.remaining)


@given(sla_targets(), working_instants(), gaps)
def test_a_clock_is_met_exactly_when_stopped_by_its_due_instant(
    target: SlaTarget, start: datetime, run: timedelta
) -> None:
    clock = SlaClock.start(target, start)
    stopped = clock.stop(start + run)
    expected = SlaState.MET if start + run <= clock.due_at else SlaState.BREACHED
    assert stopped.state(start + run + run) is expected
    remaining = stopped.report(start + run).remaining
    if expected is SlaState.MET:
        assert remaining >= timedelta(0)
    else:
        assert remaining <= timedelta(0)


@given(sla_targets(), working_instants())
def test_a_working_days_target_lasts_as_long_as_its_working_days(
    target: SlaTarget, start: datetime
) -> None:
    due, target_time = target.deadline(start)
    if target.working_days is not None:
        assert due == target.working_calendar.add_working_days(start, target.working_days)
        assert target_time == target.working_calendar.working_time_between(start, due)
    else:
        assert target_time == target.working_time
        assert due == target.working_calendar.add_working_time(start, target.working_time)


@given(sla_targets(), working_instants(), gaps, st.data())
def test_the_next_alert_instant_is_never_late_and_the_sharper_check_neither(
    target: SlaTarget, start: datetime, probe: timedelta, data: st.DataObject
) -> None:
    assume(target.warnings)
    clock = SlaClock.start(target, start)
    threshold = target.warning_time(0, clock.target_time)
    crossing = target.working_calendar.add_working_time(start, threshold)
    assert clock.next_alert_at is not None
    assert clock.next_alert_at <= crossing
    now = min(start + probe, crossing)
    sharper = clock.next_check(now)
    assert sharper is not None
    assert clock.next_alert_at <= sharper <= crossing
    raised, levels = clock.raise_alerts(crossing)
    assert levels[:1] == (0,)
    assert raised.alerts_raised == len(levels)
    if crossing - timedelta(microseconds=1) >= start:
        assert clock.raise_alerts(crossing - timedelta(microseconds=1))[1] == ()


@given(sla_targets(), working_instants(), gaps, gaps)
def test_the_share_used_never_goes_down_while_time_moves_on(
    target: SlaTarget, start: datetime, a: timedelta, b: timedelta
) -> None:
    clock = SlaClock.start(target, start)
    first = clock.report(start + a).percent_consumed
    second = clock.report(start + a + b).percent_consumed
    assert first <= second


@given(request_details(), tiers())
def test_the_seed_policy_gives_every_request_a_response_and_a_resolution(
    details: RequestDetails, tier: Tier
) -> None:
    office = sample_calendars()[0]
    assert isinstance(office, BusinessCalendar)
    policy = TieredSlaPolicy.seed(office)
    graded = policy.targets(details, tier)
    assert {SlaMetric.RESPONSE, SlaMetric.RESOLUTION} <= set(graded.metrics)
    rule = policy.rule_for(details, tier)
    assert rule is next(r for r in policy.rules if r.matches(details, tier))
    if tier is Tier.ROUTINE:
        assert graded[SlaMetric.RESOLUTION].working_days == 5
    else:
        assert graded[SlaMetric.RESOLUTION].working_time is not None


@given(sla_targets(), working_instants(), gaps)
def test_a_reopened_clock_continues_from_what_it_had_used(
    target: SlaTarget, start: datetime, run: timedelta
) -> None:
    stop = start + run
    clock = SlaClock.start(target, start).stop(stop)
    used = clock.elapsed(stop)
    later: datetime = stop + timedelta(days=3)
    reopened = clock.reopen(later)
    assert reopened.elapsed(later) == used
    assert reopened.is_running
    assert (reopened.state(later) is SlaState.BREACHED) == (stop > clock.due_at)
