"""A state machine that runs a service desk under your SLA policy, checking the laws each step.

:class:`SlaPolicyMachine` drives a real :class:`~backoffice.services.requests.ServiceDesk`
with your policy: requests arrive, are accepted at a tier, assigned and started, paused and
resumed, resolved; time moves on; the desk sweeps for alerts. After every step it checks the
SLA laws (see :mod:`backoffice.testing.laws.sla`) on every request of the desk:

* every accepted request has targets, each on a calendar of ``calendars``;
* a running clock is due at the end of working time on its calendar, exactly the working
  time it has left after the start of its current run (so a pause moved it by the pause);
* a clock that was paused counted only the working time it ran (checked at the pause);
* a desk restored from the events, read back through JSON, under another policy (one that
  answers nothing), has every clock due when it was: the recorded snapshot stands.

Use it by subclassing and setting :attr:`~SlaPolicyMachine.policy` and
:attr:`~SlaPolicyMachine.calendars`::

    class MyDeskMachine(SlaPolicyMachine):
        policy = MyPolicy()
        calendars = my_calendars

    TestMyDesk = MyDeskMachine.TestCase
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import ClassVar, Final

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from backoffice.calendar import WorkingCalendar
from backoffice.domain.events import DomainEvent
from backoffice.domain.requests import (
    Assignee,
    RequestDetails,
    RequestState,
    SlaClock,
    SlaTarget,
    SlaTargets,
    Tier,
)
from backoffice.errors import BackofficeError
from backoffice.policies.sla import SlaPolicy
from backoffice.serialization import EventCodec
from backoffice.services.requests import ServiceDesk
from backoffice.testing.laws._core import LawViolation
from backoffice.testing.laws.sla import (
    DUE_IN_WORKING_TIME,
    EVERY_REQUEST_GETS_TARGETS,
    PAUSE_NEVER_COUNTS,
    SNAPSHOT_IS_STABLE,
)
from backoffice.testing.requests import request_details, working_instants
from backoffice.values import ActorId, RequestId

__all__ = ["SlaPolicyMachine"]

_DESK: Final = ActorId("desk.clerk")
_TICK: Final = timedelta(microseconds=1)


class _PolicyAsked(Exception):
    """The restored desk asked the policy: the recorded snapshot was not enough."""


class _PolicyGoneSince:
    """The policy in place when the desk is restored: another one, which answers nothing."""

    def review_target(self, details: RequestDetails) -> SlaTarget | None:
        raise _PolicyAsked(f"review target of {details!r}")

    def targets(self, details: RequestDetails, tier: Tier) -> SlaTargets:
        raise _PolicyAsked(f"{tier.value} targets of {details!r}")


class SlaPolicyMachine(RuleBasedStateMachine):
    """Random desk histories under :attr:`policy`; the SLA laws after every step.

    Attributes:
        policy: Your SLA policy (set it in a subclass).
        calendars: The calendars its targets name, by name.
    """

    policy: ClassVar[SlaPolicy | None] = None
    calendars: ClassVar[Mapping[str, WorkingCalendar]] = {}

    def __init__(self) -> None:
        super().__init__()
        if self.policy is None:
            raise TypeError(f"{type(self).__name__} needs a policy: set the class attribute")
        self.desk = ServiceDesk(sla_policy=self.policy)
        self.now = datetime(2025, 1, 6, 1, 0, tzinfo=UTC)
        self.ids: list[RequestId] = []
        self.history: list[DomainEvent] = []
        self.steps: list[str] = []
        self.checked = 0

    def _where(self) -> str:
        return f"after {self.steps}"

    def _collect(self) -> None:
        self.history += self.desk.collect_events()

    def _pick(self, data: st.DataObject, *states: RequestState) -> RequestId | None:
        chosen = [i for i in self.ids if self.desk.get(i).state in states]
        return data.draw(st.sampled_from(chosen)) if chosen else None

    @initialize(start=working_instants())
    def open_the_desk(self, start: datetime) -> None:
        """The desk opens at an instant inside the years the sample calendars cover."""
        self.now = start
        self.steps.append(f"open at {start.isoformat()}")

    @rule(details=request_details())
    def submit(self, details: RequestDetails) -> None:
        """A request arrives; its review clock starts if the policy has a review target."""
        request = self.desk.submit(
            channel=details.channel, category=details.category,
            description=details.description, location=details.location,
            requester=details.requester, asset=details.asset,
            asset_criticality=details.asset_criticality, at=self.now,
        )  # fmt: skip
        self.ids.append(request.id)
        self.steps.append(f"submit {details!r}")
        self._collect()

    @rule(data=st.data(), tier=st.sampled_from(Tier))
    def accept(self, data: st.DataObject, tier: Tier) -> None:
        """A submitted request is accepted at a tier: the policy's targets are fixed."""
        request_id = self._pick(data, RequestState.SUBMITTED)
        if request_id is not None:
            self.desk.accept(request_id, actor=_DESK, at=self.now, tier=tier)
            self.steps.append(f"accept {request_id} as {tier.value}")
            self._collect()

    @rule(data=st.data())
    def start(self, data: st.DataObject) -> None:
        """An accepted request is assigned to a team, which starts work."""
        request_id = self._pick(data, RequestState.ACCEPTED)
        if request_id is not None:
            with self.desk.working_on(request_id) as request:
                request.assign(actor=_DESK, at=self.now, assignee=Assignee.team("repairs"))
                request.start(actor=_DESK, at=self.now)
            self.steps.append(f"start {request_id}")
            self._collect()

    @rule(data=st.data())
    def pause(self, data: st.DataObject) -> None:
        """Work in progress is paused; each running clock counted exactly the time it ran."""
        request_id = self._pick(data, RequestState.IN_PROGRESS)
        if request_id is None:
            return
        before = dict(self.desk.get(request_id).clocks)
        with self.desk.working_on(request_id) as request:
            request.pause(actor=_DESK, at=self.now, reason="waiting_for_parts")
        self.steps.append(f"pause {request_id}")
        self._collect()
        for metric, clock in self.desk.get(request_id).clocks.items():
            old = before[metric]
            if old.running_since is None or clock.is_stopped:
                continue
            ran = self._calendar(old).working_time_between(old.running_since, self.now)
            if clock.used != old.used + ran:
                raise LawViolation(
                    PAUSE_NEVER_COUNTS,
                    f"{request_id} {metric.value} had counted {old.used}, ran {ran} more, and "
                    f"counts {clock.used} once paused {self._where()}",
                )

    @rule(data=st.data())
    def resume(self, data: st.DataObject) -> None:
        """Paused work resumes."""
        request_id = self._pick(data, RequestState.PAUSED)
        if request_id is not None:
            with self.desk.working_on(request_id) as request:
                request.resume(actor=_DESK, at=self.now)
            self.steps.append(f"resume {request_id}")
            self._collect()

    @rule(data=st.data())
    def resolve(self, data: st.DataObject) -> None:
        """Work in progress is resolved."""
        request_id = self._pick(data, RequestState.IN_PROGRESS)
        if request_id is not None:
            with self.desk.working_on(request_id) as request:
                request.resolve(actor=_DESK, at=self.now, resolution="fixed")
            self.steps.append(f"resolve {request_id}")
            self._collect()

    @rule(minutes=st.integers(1, 3 * 24 * 60))
    def time_passes(self, minutes: int) -> None:
        """Up to three days pass."""
        self.now += timedelta(minutes=minutes)
        self.steps.append(f"wait {minutes} min")

    @rule()
    def sweep(self) -> None:
        """The desk records the SLA warnings and breaches due."""
        self.desk.sweep(at=self.now)
        self.steps.append("sweep")
        self._collect()

    def _calendar(self, clock: SlaClock) -> WorkingCalendar:
        name = clock.target.calendar
        try:
            return self.calendars[name]
        except LookupError:  # a registry raises UnknownCalendar, a LookupError
            raise LawViolation(
                EVERY_REQUEST_GETS_TARGETS,
                f"a target names calendar {name!r}, not among {sorted(self.calendars)} "
                f"{self._where()}",
            ) from None

    @invariant()
    def accepted_requests_have_targets_on_known_calendars(self) -> None:
        """Accepted requests have targets on known calendars."""
        for request_id in self.ids:
            request = self.desk.get(request_id)
            if request.tier is None:
                continue
            if not request.clocks:
                raise LawViolation(
                    EVERY_REQUEST_GETS_TARGETS, f"{request_id} has no clocks {self._where()}"
                )
            for clock in request.clocks.values():
                self._calendar(clock)

    @invariant()
    def running_clocks_are_due_in_working_time(self) -> None:
        """Running clocks are due in working time."""
        for request_id in self.ids:
            for metric, clock in self.desk.get(request_id).clocks.items():
                if clock.running_since is None or clock.is_stopped:
                    continue
                calendar, left = self._calendar(clock), clock.target_time - clock.used
                if left <= timedelta(0):
                    continue
                counted = calendar.working_time_between(clock.running_since, clock.due_at)
                if counted != left or not calendar.is_working_time(clock.due_at - _TICK):
                    raise LawViolation(
                        DUE_IN_WORKING_TIME,
                        f"{request_id} {metric.value} is due {clock.due_at.isoformat()}, "
                        f"{counted} of working time after its run began at "
                        f"{clock.running_since.isoformat()}, with {left} left "
                        f"{self._where()}",
                    )

    @invariant()
    def a_restored_desk_has_every_clock_due_as_it_was(self) -> None:
        """A restored desk has every clock due as it was."""
        if len(self.history) == self.checked:
            return  # nothing recorded since the last check
        self.checked = len(self.history)
        self.accepted_requests_have_targets_on_known_calendars()  # names the law to blame
        codec = EventCodec.for_all_events()
        stored = [codec.load(json.loads(json.dumps(codec.dump(e)))) for e in self.history]
        try:  # under a policy that refuses to answer: the snapshot alone must do
            restored = ServiceDesk.restore(
                stored, sla_policy=_PolicyGoneSince(), calendars=self.calendars
            )
        except (BackofficeError, LookupError, _PolicyAsked) as error:
            raise LawViolation(
                SNAPSHOT_IS_STABLE, f"the desk cannot be restored ({error}) {self._where()}"
            ) from error
        for request_id in self.ids:
            mine, theirs = self.desk.get(request_id).clocks, restored.get(request_id).clocks
            for metric, clock in mine.items():
                other = theirs.get(metric)
                if other is None or other.due_at.astimezone(UTC) != clock.due_at.astimezone(UTC):
                    raise LawViolation(
                        SNAPSHOT_IS_STABLE,
                        f"{request_id} {metric.value} is due {clock.due_at.isoformat()}, the "
                        f"restored desk says {other and other.due_at.isoformat()} "
                        f"{self._where()}",
                    )
