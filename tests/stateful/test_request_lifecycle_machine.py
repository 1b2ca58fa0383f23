"""Random lifecycles of one service request, checked against a small model after every step.

The model is written here independently of the library: a table of which step is allowed in
which state, and for each SLA metric the list of intervals during which its clock ran. After
every step the machine checks that

* the request's state is the model's;
* paused time never counts: each clock's elapsed working time is the working time inside the
  model's run intervals, on the target's own calendar;
* elapsed + remaining = target, and a running clock is due where its remaining time runs out;
* met / breached agree with the timestamps;
* a refused step (wrong state, time going backwards, a bad rating) left the request unchanged;
* after a sweep every alert level a clock crossed while it ran is recorded, once, whether the
  clock still runs, is paused or has stopped since;
* replaying the recorded events rebuilds the same request, also from the events written as
  JSON and read back (calendars resolved by name), and the cheap "next alert" instant is never
  later than an alert that is due;
* a service desk restored from the events sweeps the same alerts as the request itself.

Steps are dated in one zone (New York, Berlin, Shanghai or UTC) and time moves on in real
time; a rule jumps to minutes before the zone's next daylight-saving change and another waits
a few minutes, so that steps and sweeps often straddle a change: two steps twenty minutes
apart may read 01:50 and 01:10 on the night the clocks go back.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from backoffice import InvalidTransition, ValidationError
from backoffice.calendar import BusinessCalendar
from backoffice.domain.events import DomainEvent
from backoffice.domain.requests import (
    Assignee,
    InvalidRating,
    MetricReport,
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
)
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.serialization import EventCodec
from backoffice.services.requests import SLA_MONITOR, ServiceDesk
from backoffice.testing.requests import (
    graded_targets,
    in_utc,
    sample_calendar_registry,
    sample_calendars,
    sla_targets,
    step_instants,
    tiers,
)
from backoffice.values import ActorId, RequestId, utc

gc.collect()  # (see tests/property/test_request_history_laws.py)
CODEC = EventCodec.for_all_events()
OFFICE = sample_calendars()[0]
assert isinstance(OFFICE, BusinessCalendar)
POLICY = TieredSlaPolicy.seed(OFFICE)

ACTOR = ActorId("actor")
WORKING = {"accepted", "assigned", "in_progress", "paused"}
ALLOWED = {
    "return_for_information": {"submitted"},
    "supply_information": {"returned"},
    "accept": {"submitted"},
    "reject": {"submitted"},
    "assign": WORKING,
    "start": {"assigned"},
    "pause": {"in_progress"},
    "resume": {"paused"},
    "note_progress": WORKING | {"resolved"},
    "change_tier": WORKING,
    "resolve": {"in_progress"},
    "reopen": {"resolved"},
    "sign_off": {"resolved"},
    "rate": {"signed_off"},
    "close": {"signed_off"},
    "file_incident_report": {"closed"},
    "cancel": WORKING | {"submitted", "returned"},
}
LEADS_TO = {
    "return_for_information": "returned",
    "supply_information": "submitted",
    "accept": "accepted",
    "reject": "rejected",
    "start": "in_progress",
    "pause": "paused",
    "resume": "in_progress",
    "resolve": "resolved",
    "reopen": "in_progress",
    "sign_off": "signed_off",
    "close": "closed",
    "cancel": "cancelled",
}
STARTS = {"response": "accept", "resolution": "accept", "incident_report": "close"}
STOPS = {
    "review": {"accept", "reject"},
    "response": {"start"},
    "resolution": {"resolve"},
    "incident_report": {"file_incident_report"},
}
PAUSING, RESUMING = {"pause", "return_for_information"}, {"resume", "supply_information"}
# Keyword arguments for an action, called by name with getattr: any value type goes.
Kwargs = dict[str, Any]
ARGUMENTS: dict[str, Callable[[st.DataObject], Kwargs]] = {
    "return_for_information": lambda data: {"question": "?"},
    "supply_information": lambda data: {"answer": "!"},
    "accept": lambda data: {"tier": data.draw(tiers()), "targets": data.draw(graded_targets())},
    "change_tier": lambda data: {
        "tier": data.draw(tiers()),
        "targets": data.draw(graded_targets()),
        "reason": "regrade",
    },
    "reject": lambda data: {"reason": "why"},
    "reopen": lambda data: {"reason": "why"},
    "cancel": lambda data: {"reason": "why"},
    "assign": lambda data: {"assignee": Assignee.team("facilities")},
    "pause": lambda data: {"reason": data.draw(st.sampled_from(["waiting_for_parts", "other"]))},
    "note_progress": lambda data: {"note": "n"},
    "resolve": lambda data: {"resolution": "done"},
    "rate": lambda data: {"score": data.draw(st.integers(1, 5))},
    "file_incident_report": lambda data: {"reference": "DOC-1"},
}


@attrs.define
class ModelClock:
    """A clock as the model sees it: when it ran, and how it ended."""

    target: SlaTarget
    start: datetime
    target_time: timedelta
    runs: list[list[datetime | None]]
    stopped: datetime | None = None
    cancelled: bool = False
    raised: int = 0

    @classmethod
    def started(cls, target: SlaTarget, now: datetime, *, paused: bool = False) -> ModelClock:
        runs: list[list[datetime | None]] = [] if paused else [[now, None]]
        return cls(target, now, target.deadline(now)[1], runs)

    @property
    def running(self) -> bool:
        return bool(self.runs) and self.runs[-1][1] is None

    def close_run(self, now: datetime) -> None:
        if self.running:
            self.runs[-1][1] = now

    def elapsed(self, now: datetime) -> timedelta:
        calendar = self.target.working_calendar
        return sum(
            (calendar.working_time_between(a, b or now) for a, b in self.runs),  # type: ignore[arg-type]
            timedelta(0),
        )


#: The sample calendars know holidays up to 2027: jumps stop well before, leaving room for the
#: deadlines of the steps after them.
LAST_CLOCK_CHANGE = datetime(2027, 1, 1, tzinfo=UTC)


def next_clock_change(now: datetime) -> datetime | None:
    """The first whole minute (UTC) within a year after ``now`` where its zone's offset differs."""
    zone, offset = now.tzinfo, now.utcoffset()
    start = utc(now).replace(second=0, microsecond=0)
    for day in range(366):
        low, high = start + timedelta(days=day), start + timedelta(days=day + 1)
        if high.astimezone(zone).utcoffset() == offset:
            continue
        low_minute, high_minute = 0, 24 * 60  # offset unchanged at low, changed at high
        while high_minute - low_minute > 1:
            middle = (low_minute + high_minute) // 2
            if (low + timedelta(minutes=middle)).astimezone(zone).utcoffset() == offset:
                low_minute = middle
            else:
                high_minute = middle
        return low + timedelta(minutes=high_minute)
    return None


class RequestLifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.request: ServiceRequest
        self.events: list[DomainEvent] = []
        self.stored: list[DomainEvent] = []  # the events written as JSON and read back
        self.now: datetime
        self.state = "submitted"
        self.tier: Tier | None = None
        self.rated = False
        self.clocks: dict[str, ModelClock] = {}
        self.graded: dict[str, SlaTarget] = {}

    # -- driving ------------------------------------------------------------------------------

    @initialize(
        start=step_instants(),
        review=st.none() | sla_targets(SlaMetric.REVIEW),
        proposal=st.none() | tiers(),
    )
    def submit(self, start: datetime, review: SlaTarget | None, proposal: Tier | None) -> None:
        self.now = start
        details = RequestDetails(
            "oa_system", "repair", "Boiler fault", RequestLocation("HQ"), ACTOR
        )
        self.request = ServiceRequest.submit(
            RequestId("REQ-1"), details=details, at=start, review_target=review,
            proposed_tier=proposal,
        )  # fmt: skip
        if review is not None:
            self.clocks["review"] = ModelClock.started(review, start)
        self._collect()

    @rule(minutes=st.integers(0, 3 * 24 * 60))
    def wait(self, minutes: int) -> None:
        # Real time, in the zone of the steps (so 01:50 EDT + 20 min is 01:10 EST, fold 1).
        self.now = (utc(self.now) + timedelta(minutes=minutes)).astimezone(self.now.tzinfo)

    @rule(minutes=st.integers(1, 60))
    def wait_briefly(self, minutes: int) -> None:
        before = self.now.utcoffset()
        self.wait(minutes)
        if self.now.utcoffset() != before:
            event("waited across a clock change")

    @rule(before=st.integers(1, 60))
    def wait_until_just_before_a_clock_change(self, before: int) -> None:
        """Jump to minutes before the zone's next daylight-saving change (if it has one)."""
        change = next_clock_change(self.now)
        if change is None or change >= LAST_CLOCK_CHANGE:
            return
        if change - timedelta(minutes=before) > utc(self.now):
            self.now = (change - timedelta(minutes=before)).astimezone(self.now.tzinfo)

    @rule(steps=st.integers(1, 4), data=st.data())
    def take_steps_the_model_allows(self, steps: int, data: st.DataObject) -> None:
        for _ in range(steps):
            options = sorted(a for a, states in ALLOWED.items() if self.state in states)
            forward = [
                a for a in options if a not in {"cancel", "reject", "return_for_information"}
            ]
            if forward and data.draw(st.integers(0, 9)) > 0:
                options = forward  # mostly move on, so that lifecycles get to the end
            if not options:
                return
            self.wait(data.draw(st.sampled_from([0, 20, 30, 90, 8 * 60])))
            self.step(data.draw(st.sampled_from(options)), data)

    @rule(action=st.sampled_from(sorted(ALLOWED)), data=st.data())
    def step(self, action: str, data: st.DataObject) -> None:
        event(f"reached {self.state}")
        kwargs = self._arguments(action, data)
        if not self._allowed(action, kwargs):
            self._expect_refusal(action, kwargs, (InvalidTransition, ValidationError))
            return
        before = self._breached_graded_metrics()
        getattr(self.request, action)(actor=ACTOR, at=self.now, **kwargs)
        self._collect()
        self._advance_model(action, kwargs, before)

    @rule()
    def sweep(self) -> None:
        for metric, clock in self.clocks.items():
            if clock.stopped is not None and clock.raised < self._levels_crossed(metric, clock):
                event("swept a stopped clock with a crossed level unrecorded")
        alerts = self.request.record_sla_alerts(actor=ACTOR, at=self.now)
        self._collect()
        for alert in alerts:
            clock = self.clocks[alert.metric.value]
            warnings = clock.target.warnings
            if isinstance(alert, SlaWarningReached):
                level = warnings.index(alert.threshold)
                threshold = clock.target.warning_time(level, clock.target_time)
                assert clock.elapsed(self.now) >= threshold
            else:
                assert isinstance(alert, SlaBreached)
                level = len(warnings)
                assert self.request.sla(self.now)[alert.metric].state is SlaState.BREACHED
            assert level == clock.raised
            clock.raised += 1
        for metric, clock in self.clocks.items():  # nothing crossed is left unrecorded
            assert clock.raised == self._levels_crossed(metric, clock), metric

    @precondition(lambda self: self.request.version > 1)
    @rule(action=st.sampled_from(sorted(ALLOWED)), data=st.data())
    def step_back_in_time(self, action: str, data: st.DataObject) -> None:
        kwargs = self._arguments(action, data)
        last = self.request.changed_at
        before = (utc(last) - timedelta(minutes=1)).astimezone(last.tzinfo)
        self.now = max(self.now, last, key=utc)
        snapshot = self.request.snapshot()
        with pytest.raises((InvalidTransition, ValidationError)):
            getattr(self.request, action)(actor=ACTOR, at=before, **kwargs)
        assert self.request.snapshot() == snapshot

    @precondition(lambda self: self.state == "signed_off" and not self.rated)
    @rule(score=st.sampled_from([0, 6, -1, 10]))
    def rate_out_of_range(self, score: int) -> None:
        self._expect_refusal("rate", {"score": score}, InvalidRating)

    # -- checks -------------------------------------------------------------------------------

    @invariant()
    def the_state_is_the_models(self) -> None:
        assert self.request.state.value == self.state
        assert self.request.tier == self.tier

    @invariant()
    def the_clocks_agree_with_the_model(self) -> None:
        report = self.request.sla(self.now)
        assert {m.metric.value for m in report} == set(self.clocks)
        for metric in report:
            clock = self.clocks[metric.metric.value]
            assert metric.started_at == clock.start
            assert metric.elapsed == clock.elapsed(self.now)  # paused time never counts
            assert metric.elapsed + metric.remaining == metric.target_time == clock.target_time
            self._check_verdict(metric, clock)

    @invariant()
    def replaying_the_events_rebuilds_the_request(self) -> None:
        copy = ServiceRequest.replay(self.events)
        assert copy.snapshot() == self.request.snapshot()
        stored = self.stored
        calendars = sample_calendar_registry()
        from_storage = ServiceRequest.replay(stored, calendars=calendars)
        assert in_utc(from_storage.snapshot()) == in_utc(self.request.snapshot())
        due = copy.record_sla_alerts(actor=SLA_MONITOR, at=self.now)
        if due:
            assert self.request.next_alert_at is not None
            assert utc(self.request.next_alert_at) <= utc(self.now)
        desk = ServiceDesk.restore(stored, sla_policy=POLICY, calendars=calendars)
        swept = desk.sweep(at=self.now)
        assert [CODEC.dump(a) for a in swept] == [CODEC.dump(a) for a in due]

    # -- the model ----------------------------------------------------------------------------

    def _levels_crossed(self, metric: str, clock: ModelClock) -> int:
        """Alert levels crossed by now, counting working time only while the clock ran."""
        if self.request.sla(self.now)[SlaMetric(metric)].state is SlaState.BREACHED:
            return len(clock.target.warnings) + 1
        used = clock.elapsed(self.now)
        return sum(
            used >= clock.target.warning_time(level, clock.target_time)
            for level in range(len(clock.target.warnings))
        )

    def _check_verdict(self, metric: MetricReport, clock: ModelClock) -> None:
        # Instants compared in UTC: steps may share a zone across the night clocks go back.
        state = metric.state
        if state is SlaState.MET:
            assert clock.stopped is not None
            assert not clock.cancelled
            assert metric.stopped_at is not None
            assert metric.due_at is not None
            assert utc(metric.stopped_at) <= utc(metric.due_at)
        elif state is SlaState.BREACHED:
            assert metric.due_at is not None
            assert utc(metric.due_at) < utc(metric.stopped_at or self.now)
        elif state is SlaState.RUNNING:
            assert clock.running
            assert metric.due_at is not None
            assert utc(self.now) <= utc(metric.due_at)
            if metric.remaining > timedelta(0):
                calendar = clock.target.working_calendar
                assert metric.due_at == calendar.add_working_time(self.now, metric.remaining)
        elif state is SlaState.PAUSED:
            assert not clock.running
            assert clock.stopped is None
            assert metric.due_at is None
        else:
            assert state is SlaState.CANCELLED
            assert clock.cancelled

    def _arguments(self, action: str, data: st.DataObject) -> Kwargs:
        return ARGUMENTS[action](data) if action in ARGUMENTS else {}

    def _allowed(self, action: str, kwargs: Kwargs) -> bool:
        if self.state not in ALLOWED[action]:
            return False
        if action == "rate":
            return not self.rated
        if action == "change_tier":
            return kwargs["tier"] is not self.tier
        if action == "file_incident_report":
            clock = self.clocks.get("incident_report")
            return clock is not None and clock.stopped is None
        return True

    def _expect_refusal(
        self,
        action: str,
        kwargs: Kwargs,
        errors: type[Exception] | tuple[type[Exception], ...],
    ) -> None:
        snapshot = self.request.snapshot()
        with pytest.raises(errors):
            getattr(self.request, action)(actor=ACTOR, at=self.now, **kwargs)
        assert self.request.snapshot() == snapshot
        assert self.request.collect_events() == []

    def _breached_graded_metrics(self) -> set[str]:
        report = self.request.sla(self.now)
        return {m.metric.value for m in report if m.state is SlaState.BREACHED}

    def _advance_model(self, action: str, kwargs: Kwargs, breached: set[str]) -> None:
        now = self.now
        if action == "assign":
            self.state = "assigned" if self.state == "accepted" else self.state
        elif action in LEADS_TO:
            self.state = LEADS_TO[action]
        self.rated = self.rated or action == "rate"
        if action in {"accept", "change_tier"}:
            self.tier = kwargs["tier"]
        if action == "change_tier":
            self._regrade(kwargs["targets"], breached)
            return
        self._move_clocks(action, now)
        if action == "accept":
            self.graded = {t.metric.value: t for t in kwargs["targets"]}
        for metric, target in self.graded.items():
            if STARTS[metric] == action and metric not in self.clocks:
                self.clocks[metric] = ModelClock.started(target, now)

    def _move_clocks(self, action: str, now: datetime) -> None:
        for metric, clock in self.clocks.items():
            if clock.stopped is None and action in STOPS.get(metric, ()):
                clock.close_run(now)
                clock.stopped = now
            elif clock.stopped is not None and metric == "resolution" and action == "reopen":
                clock.stopped = None
                clock.runs.append([now, None])
            elif clock.stopped is None and action in PAUSING:
                clock.close_run(now)
            elif clock.stopped is None and action in RESUMING and not clock.running:
                clock.runs.append([now, None])
            elif clock.stopped is None and action == "cancel":
                clock.close_run(now)
                clock.stopped, clock.cancelled = now, True

    def _regrade(self, targets: SlaTargets, breached: set[str]) -> None:
        """The documented rule: clocks still within target restart; verdicts are kept."""
        paused = self.state == "paused"
        for metric in ("response", "resolution"):
            clock = self.clocks.get(metric)
            if clock is not None and clock.stopped is None and metric not in breached:
                del self.clocks[metric]
        self.graded = {t.metric.value: t for t in targets}
        for metric, target in self.graded.items():
            if STARTS[metric] == "accept" and metric not in self.clocks:
                self.clocks[metric] = ModelClock.started(target, self.now, paused=paused)

    def _collect(self) -> None:
        new = self.request.collect_events()
        self.events.extend(new)
        self.stored.extend(CODEC.load(json.loads(json.dumps(CODEC.dump(e)))) for e in new)


TestRequestLifecycle = RequestLifecycle.TestCase
