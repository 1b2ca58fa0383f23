"""The laws every SLA policy obeys, checked against yours with one call.

An SLA policy (:class:`~backoffice.policies.sla.SlaPolicy`) decides the targets a request gets.
Whatever its rules, it must obey :data:`SLA_POLICY_LAWS`:

* **every request gets targets**: for every request and tier, at least one target, each
  naming a calendar of ``calendars`` (the registry a restore is given);
* **targets are positive**: each target's deadline lies after the clock starts, with a
  positive working time;
* **a higher tier is never slower**: for the same request and start, an urgent target of a
  metric is due no later than the important one, and that no later than the routine one;
* **due instants fall in working time**: a deadline is the end of working time on the
  calendar the target names (never a night or a holiday of it), exactly the target's working
  time after the start;
* **a pause never counts**: work paused and resumed moves each deadline by exactly the working
  time of the pause;
* **the snapshot is stable**: the deadlines recorded when a request is graded are those a desk
  restored from its events finds, even with another policy in place.

Example:
    >>> from backoffice.calendar import BusinessCalendar, WorkingHours
    >>> from backoffice.policies.sla import TieredSlaPolicy
    >>> office = BusinessCalendar("Asia/Shanghai", WorkingHours.weekdays("09:00-18:00"))
    >>> policy = TieredSlaPolicy.seed(office)
    >>> check_sla_policy_laws(policy, calendars=policy.calendars)
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Final

from hypothesis import settings
from hypothesis import strategies as st

from backoffice.calendar import WorkingCalendar
from backoffice.domain.requests import (
    Assignee,
    RequestDetails,
    ServiceRequest,
    SlaMetric,
    SlaTarget,
    SlaTargets,
    Tier,
)
from backoffice.errors import BackofficeError
from backoffice.policies.sla import SlaPolicy
from backoffice.serialization import EventCodec
from backoffice.testing.laws._core import (
    LawViolation,
    chosen_laws,
    law_database_key,
    run_laws,
)
from backoffice.testing.requests import request_details, working_instants
from backoffice.values import ActorId, RequestId

__all__ = [
    "SLA_POLICY_LAWS",
    "check_sla_policy_laws",
]

EVERY_REQUEST_GETS_TARGETS: Final = "every request gets targets"
TARGETS_ARE_POSITIVE: Final = "targets are positive"
HIGHER_TIER_NEVER_SLOWER: Final = "a higher tier is never slower"
DUE_IN_WORKING_TIME: Final = "due instants fall in working time"
PAUSE_NEVER_COUNTS: Final = "a pause never counts"
SNAPSHOT_IS_STABLE: Final = "the snapshot is stable"

#: The laws of an SLA policy, in the order they are checked.
SLA_POLICY_LAWS: Final = (
    EVERY_REQUEST_GETS_TARGETS,
    TARGETS_ARE_POSITIVE,
    HIGHER_TIER_NEVER_SLOWER,
    DUE_IN_WORKING_TIME,
    PAUSE_NEVER_COUNTS,
    SNAPSHOT_IS_STABLE,
)

_ORDER: Final = (Tier.URGENT, Tier.IMPORTANT, Tier.ROUTINE)
_ACTOR: Final = ActorId("law.checker")
_TICK: Final = timedelta(microseconds=1)


def check_sla_policy_laws(
    policy: SlaPolicy,
    *,
    calendars: Mapping[str, WorkingCalendar],
    laws: Iterable[str] | None = None,
    details: st.SearchStrategy[RequestDetails] | None = None,
    starts: st.SearchStrategy[datetime] | None = None,
    settings: settings | None = None,
) -> None:
    """Check ``policy`` against :data:`SLA_POLICY_LAWS` on requests hypothesis draws.

    Args:
        policy: Your policy.
        calendars: The calendars its targets name, by name (what you would pass to
            :meth:`ServiceDesk.restore <backoffice.services.requests.ServiceDesk.restore>`).
        laws: The laws to check (all by default).
        details: The requests to try (:func:`~backoffice.testing.requests.request_details`
            by default).
        starts: When the clocks start (:func:`~backoffice.testing.requests.working_instants`,
            2025 to mid-2026, by default); keep them inside the years your calendars cover.
        settings: Hypothesis settings (the active profile's by default).

    Raises:
        LawViolation: An example breaks a law; the message names the law and the shrunk
            example.
        ValueError: ``laws`` names an unknown law.
    """
    chosen = chosen_laws(SLA_POLICY_LAWS, laws)

    def check(details: RequestDetails, start: datetime, pause: int, length: int) -> None:
        _SlaLawCheck(policy, calendars, details, start).run(
            chosen, timedelta(minutes=pause), timedelta(minutes=length)
        )

    run_laws(
        check,
        {
            "details": details if details is not None else request_details(),
            "start": starts if starts is not None else working_instants(),
            "pause": st.integers(1, 3 * 24 * 60),
            "length": st.integers(1, 5 * 24 * 60),
        },
        settings,
        key=law_database_key("sla", policy, () if laws is None else chosen),
    )


class _SlaLawCheck:
    """The laws for one request and start."""

    def __init__(
        self,
        policy: SlaPolicy,
        calendars: Mapping[str, WorkingCalendar],
        details: RequestDetails,
        start: datetime,
    ) -> None:
        self.policy, self.calendars, self.details, self.start = policy, calendars, details, start
        self.where = f"for {details!r} graded at {start.isoformat()}"

    def run(self, laws: tuple[str, ...], pause: timedelta, length: timedelta) -> None:
        graded = {tier: self._targets(tier, EVERY_REQUEST_GETS_TARGETS in laws) for tier in _ORDER}
        if TARGETS_ARE_POSITIVE in laws or DUE_IN_WORKING_TIME in laws:
            for tier, targets in graded.items():
                for target in targets:
                    self._deadline_laws(laws, tier, target)
        if HIGHER_TIER_NEVER_SLOWER in laws:
            self._tier_order(graded)
        if PAUSE_NEVER_COUNTS in laws:
            self._pause(graded[Tier.ROUTINE], pause, length)
        if SNAPSHOT_IS_STABLE in laws:
            self._snapshot(graded[Tier.URGENT])

    def _targets(self, tier: Tier, named: bool) -> SlaTargets:
        try:
            targets = self.policy.targets(self.details, tier)
        except BackofficeError as error:
            raise LawViolation(
                EVERY_REQUEST_GETS_TARGETS,
                f"{tier.value}: the policy refused ({error}) {self.where}",
            ) from error
        if not isinstance(targets, SlaTargets) or not len(targets):
            raise LawViolation(
                EVERY_REQUEST_GETS_TARGETS, f"{tier.value}: no targets ({targets!r}) {self.where}"
            )
        for target in targets if named else ():
            if target.calendar not in set(self.calendars):
                raise LawViolation(
                    EVERY_REQUEST_GETS_TARGETS,
                    f"{tier.value}: {target!r} names calendar {target.calendar!r}, which is not "
                    f"among {sorted(self.calendars)} {self.where}",
                )
        return targets

    def _deadline(self, target: SlaTarget, start: datetime) -> tuple[datetime, timedelta]:
        counted = target if target.is_resolved else target.resolved(self.calendars)
        return counted.deadline(start)

    def _deadline_laws(self, laws: tuple[str, ...], tier: Tier, target: SlaTarget) -> None:
        due, time = self._deadline(target, self.start)
        label = f"{tier.value} {target!r}"
        if TARGETS_ARE_POSITIVE in laws and (time <= timedelta(0) or due <= self.start):
            raise LawViolation(
                TARGETS_ARE_POSITIVE,
                f"{label} is due {due.isoformat()} after {time} of working time {self.where}",
            )
        if DUE_IN_WORKING_TIME not in laws:
            return
        named = self.calendars[target.calendar]
        if not named.is_working_time(due - _TICK):
            raise LawViolation(
                DUE_IN_WORKING_TIME,
                f"{label} is due {due.isoformat()}, outside the working time of calendar "
                f"{target.calendar!r} {self.where}",
            )
        counted = named.working_time_between(self.start, due)
        if counted != time:
            raise LawViolation(
                DUE_IN_WORKING_TIME,
                f"{label} is due {due.isoformat()}, {counted} of working time on calendar "
                f"{target.calendar!r} after the start, not {time} {self.where}",
            )

    def _tier_order(self, graded: dict[Tier, SlaTargets]) -> None:
        for higher, lower in itertools.pairwise(_ORDER):
            for metric in SlaMetric:
                fast, slow = graded[higher].get(metric), graded[lower].get(metric)
                if fast is None or slow is None:
                    continue
                fast_due = self._deadline(fast, self.start)[0].astimezone(UTC)
                slow_due = self._deadline(slow, self.start)[0].astimezone(UTC)
                if fast_due > slow_due:
                    raise LawViolation(
                        HIGHER_TIER_NEVER_SLOWER,
                        f"{higher.value} {metric.value} is due {fast_due.isoformat()}, after "
                        f"{lower.value}'s {slow_due.isoformat()} {self.where}",
                    )

    def _graded_request(self, tier: Tier, targets: SlaTargets) -> ServiceRequest:
        request = ServiceRequest.submit(
            RequestId("REQ-000001"), details=self.details, at=self.start
        )
        request.accept(actor=_ACTOR, at=self.start, tier=tier, targets=targets)
        return request

    def _pause(self, targets: SlaTargets, pause: timedelta, length: timedelta) -> None:
        request = self._graded_request(Tier.ROUTINE, targets)
        request.assign(actor=_ACTOR, at=self.start, assignee=Assignee.team("law-checker"))
        request.start(actor=_ACTOR, at=self.start)
        paused_at, resumed_at = self.start + pause, self.start + pause + length
        before = {m: request.clocks[m] for m in request.clocks}
        request.pause(actor=_ACTOR, at=paused_at, reason="waiting_for_parts")
        request.resume(actor=_ACTOR, at=resumed_at)
        for metric, old in before.items():
            new = request.clocks[metric]
            if old.is_stopped or new.is_stopped or old.due_at <= paused_at:
                continue  # met or due before the pause: nothing left to move
            named = self.calendars[old.target.calendar]
            paused_time = named.working_time_between(paused_at, resumed_at)
            moved = named.working_time_between(old.due_at, new.due_at)
            if new.due_at < old.due_at or moved != paused_time:
                raise LawViolation(
                    PAUSE_NEVER_COUNTS,
                    f"{metric.value} was due {old.due_at.isoformat()}; paused "
                    f"{paused_at.isoformat()} to {resumed_at.isoformat()} ({paused_time} of "
                    f"working time on {old.target.calendar!r}) it is due "
                    f"{new.due_at.isoformat()}, moved by {moved} {self.where}",
                )

    def _snapshot(self, targets: SlaTargets) -> None:
        request = self._graded_request(Tier.URGENT, targets)
        events = request.collect_events()
        codec = EventCodec.for_all_events()
        try:
            stored = [codec.load(json.loads(json.dumps(codec.dump(e)))) for e in events]
            restored = ServiceRequest.replay(stored, calendars=self.calendars)
        except (BackofficeError, LookupError, TypeError, ValueError) as error:
            raise LawViolation(
                SNAPSHOT_IS_STABLE, f"the graded request cannot be stored ({error}) {self.where}"
            ) from error
        for metric in request.clocks:
            recorded = request.clocks[metric].due_at.astimezone(UTC)
            found = restored.clocks[metric].due_at.astimezone(UTC)
            if recorded != found:
                raise LawViolation(
                    SNAPSHOT_IS_STABLE,
                    f"{metric.value} was due {recorded.isoformat()} when graded, "
                    f"{found.isoformat()} when read back {self.where}",
                )
