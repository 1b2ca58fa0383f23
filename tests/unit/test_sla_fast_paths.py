"""The SLA engine's fast paths give the same answers as the plain ones they stand in for.

Acceptance and the SLA sweep run for every request, so they take shortcuts: events built from
values already checked, a policy's rules looked up by tier, alert instants kept in the zone of
the request's steps, a watchlist whose entries name requests by id. Each test here pins one
shortcut to the long way round.
"""

from __future__ import annotations

import gc
import itertools
import weakref
from datetime import UTC, datetime, timedelta
from typing import TypedDict
from zoneinfo import ZoneInfo

import pytest

from backoffice.calendar import BusinessCalendar, WorkingHours
from backoffice.domain.events import DomainEvent, EventLog, trusted_event
from backoffice.domain.requests import (
    Category,
    Criticality,
    RequestAccepted,
    RequestDetails,
    RequestLocation,
    ServiceRequest,
    SlaBreached,
    SlaClock,
    SlaMetric,
    SlaTarget,
    SlaWarningReached,
    Tier,
)
from backoffice.domain.requests import events as ev
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.services.requests import SlaWatchlist
from backoffice.values import ActorId, AssetId, Percent, RequestId

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = BusinessCalendar("Asia/Shanghai", WorkingHours.weekdays("09:00-12:00", "13:00-18:00"))
LI = ActorId("li.na")
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)


class EventBase(TypedDict):
    aggregate_id: str
    version: int
    actor: ActorId
    occurred_at: datetime


def test_trusted_request_events_equal_the_ones_built_by_their_checked_constructors() -> None:
    targets = TieredSlaPolicy.seed(OFFICE).rules[1].targets
    base: EventBase = {"aggregate_id": "REQ-1", "version": 2, "actor": LI, "occurred_at": T0}
    assert ev.trusted_accepted("REQ-1", 2, LI, T0, Tier.URGENT, targets, None, ()) == (
        RequestAccepted(**base, tier=Tier.URGENT, targets=targets)
    )
    due = T0 + timedelta(hours=2)
    warning = ev.trusted_warning("REQ-1", 2, LI, T0, SlaMetric.RESPONSE, Percent(50), due)
    assert warning == SlaWarningReached(
        **base, metric=SlaMetric.RESPONSE, threshold=Percent(50), due_at=due
    )
    assert ev.trusted_breach("REQ-1", 2, LI, T0, SlaMetric.RESPONSE, due) == SlaBreached(
        **base, metric=SlaMetric.RESPONSE, due_at=due
    )


def test_a_trusted_event_constructor_must_name_every_field_of_an_event_class() -> None:
    with pytest.raises(TypeError, match="has the fields"):
        trusted_event(SlaBreached, "aggregate_id", "version", "actor", "occurred_at", "metric")
    with pytest.raises(TypeError, match="has the fields"):
        trusted_event(DomainEvent, "aggregate_id", "version", "actor", "occurred_at", "extra")
    with pytest.raises(TypeError, match="not a plain DomainEvent"):
        trusted_event(RequestLocation, "site", "place")  # type: ignore[type-var]


def test_an_event_log_extended_out_of_order_records_nothing() -> None:
    log = EventLog()
    first = DomainEvent(aggregate_id="A", version=1, actor=LI, occurred_at=T0)
    third = DomainEvent(aggregate_id="A", version=3, actor=LI, occurred_at=T0)
    with pytest.raises(ValueError, match="does not follow"):
        log.extend([first, third])
    assert (log.version, log.pending()) == (0, ())
    log.extend([first])
    assert (log.version, log.collect(), log.collect()) == (1, [first], [])


POLICY = TieredSlaPolicy.from_dict(
    {
        "default_calendar": "office",
        "rules": [
            {"name": "flood", "when": {"tier": "urgent", "keywords": ["flood"]},
             "response": {"hours": 1, "calendar": "24x7"}},
            {"name": "plant", "when": {"site": "Plant 2", "criticality": ["high", "critical"]},
             "response": {"hours": 2, "calendar": "24x7"}},
            {"name": "urgent", "when": {"tier": "urgent"},
             "response": {"hours": 3, "calendar": "24x7"}},
            {"name": "catering", "when": {"category": "catering", "tier": ["important"]},
             "response": {"hours": 4, "calendar": "24x7"}},
            {"name": "important", "when": {"tier": ["important", "urgent"]},
             "response": {"hours": 5, "calendar": "24x7"}},
            {"name": "default", "response": {"working_days": 3}},
        ],
    },
    calendars={"office": OFFICE, "24x7": BusinessCalendar.always("Asia/Shanghai")},
)  # fmt: skip


@pytest.mark.parametrize(
    ("tier", "category", "site", "criticality", "text"),
    list(
        itertools.product(
            Tier,
            (Category.REPAIR, Category.CATERING),
            ("HQ", "Plant 2"),
            (None, Criticality.CRITICAL),
            ("Flood in the basement", "Broken chair"),
        )
    ),
)
def test_rules_looked_up_by_tier_pick_the_first_rule_that_matches_in_order(
    tier: Tier, category: Category, site: str, criticality: Criticality | None, text: str
) -> None:
    asset = None if criticality is None else AssetId("AST-1")
    details = RequestDetails("web_form", category, text, RequestLocation(site), LI, None, asset,
                             criticality)  # fmt: skip
    first = next(rule for rule in POLICY.rules if rule.matches(details, tier))
    assert POLICY.rule_for(details, tier) is first


def test_alert_instants_stay_in_the_zone_of_the_steps_and_count_real_time_across_dst() -> None:
    # Berlin falls back from 03:00 CEST to 02:00 CET on 27 October 2024: between 01:30 and
    # 02:30 (CET) pass two real hours, not one.
    always = BusinessCalendar.always("Europe/Berlin")
    target = SlaTarget.within(
        SlaMetric.RESPONSE, timedelta(hours=4), "24x7", calendars={"24x7": always}
    )
    start = datetime(2024, 10, 27, 1, 30, tzinfo=BERLIN)
    clock = SlaClock.start(target, start)
    assert clock.next_alert_at is not None
    assert clock.next_alert_at.tzinfo is BERLIN
    assert clock.next_alert_at.astimezone(UTC) == start.astimezone(UTC) + timedelta(hours=2)
    assert clock.due_at.astimezone(UTC) == start.astimezone(UTC) + timedelta(hours=4)


def test_the_watchlist_lets_go_of_a_request_once_its_entries_are_taken_out() -> None:
    policy = TieredSlaPolicy.seed(OFFICE)
    details = RequestDetails("web_form", "repair", "Power cut", RequestLocation("HQ"), LI)
    request = ServiceRequest.submit(
        RequestId("REQ-1"), details=details, at=T0, review_target=policy.review
    )
    watchlist = SlaWatchlist()
    watchlist.watch(request)
    assert watchlist.due(T0) == []
    assert len(watchlist) == 1
    found = watchlist.due(T0 + timedelta(days=1))
    assert found == [request]
    assert len(watchlist) == 0
    gone = weakref.ref(request)
    del request, found
    gc.collect()
    assert gone() is None


@pytest.mark.parametrize("days", [1, 3, 5])
@pytest.mark.parametrize(
    "start",
    [
        T0,
        datetime(2025, 3, 7, 17, 59, tzinfo=SHANGHAI),  # Friday, a minute before closing
        datetime(2025, 3, 8, 23, 30, tzinfo=SHANGHAI),  # Saturday night
        datetime(2025, 3, 3, 12, 30, tzinfo=SHANGHAI),  # lunch break
        datetime(2025, 3, 3, 2, 0, tzinfo=BERLIN),  # another zone: 09:00 in Shanghai
        datetime(2025, 3, 2, 20, 0, tzinfo=UTC),  # Monday 04:00 in Shanghai
    ],
)
def test_a_working_days_deadline_in_one_pass_equals_the_two_calendar_queries(
    start: datetime, days: int
) -> None:
    due = OFFICE.add_working_days(start, days)
    assert OFFICE.working_days_deadline(start, days) == (
        due,
        OFFICE.working_time_between(start, due),
    )


def test_warning_times_in_lowest_terms_round_up_as_the_percentages_do() -> None:
    target = SlaTarget.within(
        SlaMetric.RESPONSE,
        timedelta(hours=7),
        "office",
        warnings=["12.5", 50, "66.67", 75],
        calendars={"office": OFFICE},
    )
    for time in (timedelta(hours=7), timedelta(hours=27, microseconds=3), timedelta(1, 1, 1)):
        for level, percent in enumerate(target.warnings):
            numerator, denominator = percent.value.as_integer_ratio()
            expected = -((-time * numerator) // (denominator * 100))
            assert target.warning_time(level, time) == expected


def test_accepted_requests_keep_clocks_the_garbage_collector_does_not_track() -> None:
    policy = TieredSlaPolicy.seed(OFFICE)
    requests = []
    for number in (1, 2):
        details = RequestDetails("web_form", "repair", "Power cut", RequestLocation("HQ"), LI)
        request = ServiceRequest.submit(
            RequestId(f"REQ-{number}"), details=details, at=T0, review_target=policy.review
        )
        request.accept(
            actor=LI,
            at=T0 + timedelta(minutes=5),
            tier=Tier.URGENT,
            targets=policy.targets(details, Tier.URGENT),
        )
        requests.append(request)
    # A tuple is untracked once a collection finds its items untracked; a tuple of tuples may
    # be looked at before its items, and then the next collection does it.
    gc.collect()
    gc.collect()
    first, second = requests
    assert not gc.is_tracked(first._clock_states)  # plain tuples of instants and numbers
    assert all(not gc.is_tracked(state) for state in first._clock_states)
    # Requests graded alike share one tuple of clock targets.
    assert first._clock_targets is second._clock_targets
    assert [t.metric for t in first._clock_targets] == ["review", "response", "resolution"]
    assert first.clocks == ServiceRequest.replay(first.collect_events()).clocks
