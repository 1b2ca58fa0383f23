"""Re-judging: a recorded history judged again under another SLA policy and its calendars.

A request's record keeps the targets it was graded with, as it should: editing the policy
later changes nothing for requests already graded. A consultant's question is different:
*had* urgent requests been given 3 hours, how many of last quarter's would have been on time?
:func:`rejudge` answers it for one request: it asks the variant's SLA policy for the targets
of the request's details and tier, runs the library's own SLA clocks
(:class:`~backoffice.domain.requests.SlaClock`) over the request's recorded instants (accepted,
work started, pauses, resolved) and returns new :class:`~backoffice.domain.metrics.RequestFacts`
with the due instants, verdicts and working times the variant gives. The record itself is never
touched: the result is a new value.

Many requests under one policy go through a :class:`Judge`, which works each target out once
(a policy hands out a few target sets): a clock never paused is due at the target's deadline
(round-the-clock hours are plain arithmetic on instants, working-days due instants are looked
up once per start day) and counts the calendar's working time from start to stop; a paused
one runs the SLA clock's own rules. A scenario needs only the figures, so
:func:`rejudged_tally` puts the verdicts straight into a
:class:`~backoffice.domain.metrics.RequestTally` instead of building new facts
(``benchmarks/scenarios.py`` measures both, next to a plain-Python floor).

What a re-judge can and cannot see: the tier is the one recorded (a variant's triage would
change proposals, not the reviewer's choice: simulate for that), and a reopened request is
judged from acceptance to its last resolution (the time it sat resolved counts, since the facts
keep only the last resolution).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

import attrs

from backoffice.calendar import BusinessCalendar
from backoffice.domain.events import DomainEvent
from backoffice.domain.metrics import RequestFacts, RequestTally, facts_from_events
from backoffice.domain.requests import (
    InformationSupplied,
    RequestDetails,
    RequestSubmitted,
    SlaClock,
    SlaMetric,
    SlaTarget,
    SlaTargets,
)
from backoffice.domain.requests.clockstate import later
from backoffice.policies.sla import SlaPolicy

__all__ = [
    "Judge",
    "RecordedRequest",
    "Verdict",
    "judge",
    "recorded_requests",
    "rejudge",
    "rejudge_all",
    "rejudged_tally",
]


@attrs.frozen
class RecordedRequest:
    """A request as recorded: what was asked (for the policy's rules) and what happened.

    Attributes:
        details: The request's details (category, site, description, ...), as last stated.
        facts: Its facts (instants, tier, pauses, rating, ...).
    """

    details: RequestDetails
    facts: RequestFacts


def recorded_requests(events: Iterable[DomainEvent]) -> list[RecordedRequest]:
    """The recorded requests of a list of events (the library's own), in order of submission."""
    events = list(events)
    details: dict[str, RequestDetails] = {}
    for event in events:
        if isinstance(event, RequestSubmitted):
            details[event.aggregate_id] = event.details
        elif isinstance(event, InformationSupplied) and event.description is not None:
            known = details.get(event.aggregate_id)
            if known is not None:
                details[event.aggregate_id] = attrs.evolve(known, description=event.description)
    return [RecordedRequest(details[f.request_id], f) for f in facts_from_events(events)]


#: Round-the-clock calendars seen, by id (kept with the calendar, so an id is never reused).
_ROUND_THE_CLOCK: dict[int, tuple[object, bool]] = {}


def _round_the_clock(calendar: object) -> bool:
    """Whether ``calendar`` counts every instant (24x7, no holidays): working time is elapsed."""
    known = _ROUND_THE_CLOCK.get(id(calendar))
    if known is not None and known[0] is calendar:
        return known[1]
    always = isinstance(calendar, BusinessCalendar) and calendar == BusinessCalendar.always(
        calendar.timezone
    )
    _ROUND_THE_CLOCK[id(calendar)] = (calendar, always)
    return always


class _Deadlines:
    """One target's due instants and working times over a run, worked out once per target.

    What the target counts on is settled once (round-the-clock hours: plain arithmetic on
    instants; office hours: the calendar's ``add_working_time``; working days: the calendar's
    closing time of the N-th working day). A working-days due instant depends only on the
    local date the clock starts (the day itself never counts), so it is looked up once per
    start day and kept in :attr:`by_day` for the rest of the run.
    """

    __slots__ = ("allowance", "always", "between", "by_day", "calendar", "days", "target", "zone")

    def __init__(self, target: SlaTarget) -> None:
        self.target = target
        self.calendar = calendar = target.working_calendar
        self.between = calendar.working_time_between
        self.allowance = target.working_time
        self.days = target.working_days
        office = calendar.__class__ is BusinessCalendar
        self.zone = calendar.timezone if office else None  # type: ignore[attr-defined]
        self.always = self.allowance is not None and _round_the_clock(calendar)
        self.by_day: dict[int, datetime] = {}

    def due(self, start: datetime) -> datetime:
        """When a clock started at ``start`` and never paused is due."""
        allowance = self.allowance
        if allowance is not None:
            if self.always:
                return (start.astimezone(UTC) + allowance).astimezone(self.zone)
            return self.calendar.add_working_time(start, allowance)
        zone = self.zone
        if zone is None:  # another kind of working calendar: ask it
            return self.target.deadline(start)[0]
        local = start if start.tzinfo is zone else start.astimezone(zone)
        day = local.toordinal()
        due = self.by_day.get(day)
        if due is None:
            due = self.by_day[day] = self.calendar.add_working_days(start, self.days)  # type: ignore[arg-type]
        return due

    def judged(
        self,
        start: datetime,
        stop: datetime | None,
        pauses: Sequence[tuple[datetime, datetime | None]],
        as_of: datetime,
    ) -> tuple[datetime | None, bool | None, timedelta | None]:
        """Due instant, verdict and working time of a clock from ``start`` to ``stop``.

        A clock never paused runs from start to stop: its due instant is :meth:`due` and its
        working time the calendar's between the two; a paused one is the library's
        :class:`~backoffice.domain.requests.SlaClock` driven through the pauses.
        """
        if pauses:
            return _clocked(self.target, start, stop, pauses, as_of)
        # Instants compared as the SLA clock compares them (``later``: right across a DST fold).
        if self.always:  # round the clock: working time is elapsed time
            begun = start.astimezone(UTC)
            due = (begun + self.allowance).astimezone(self.zone)  # type: ignore[operator]
            if stop is None:
                return due, (False if later(as_of, due) else None), None
            return due, not later(stop, due), stop.astimezone(UTC) - begun
        due = self.due(start)
        if stop is None:
            return due, (False if later(as_of, due) else None), None
        return due, not later(stop, due), self.between(start, stop)


def _clocked(
    target: SlaTarget,
    start: datetime,
    stop: datetime | None,
    pauses: Sequence[tuple[datetime, datetime | None]],
    as_of: datetime,
) -> tuple[datetime | None, bool | None, timedelta | None]:
    """Due instant, verdict and working time of a paused clock, by the SLA clock's own rules."""
    clock = SlaClock.start(target, start)
    end = as_of if stop is None else stop
    for paused, resumed in pauses:
        if paused >= end:
            break
        clock = clock.pause(paused)
        if resumed is None or resumed >= end:
            break
        clock = clock.resume(resumed)
    if stop is not None:
        clock = clock.stop(stop)
        return clock.due_at, not clock.late, clock.elapsed(stop)
    late = (
        later(as_of, clock.due_at) if clock.is_running else clock.elapsed(as_of) > clock.target_time
    )
    if clock.late or late:  # still open, and already late
        return clock.due_at, False, None
    return clock.due_at, None, None


#: One metric's verdict: due instant, on time (``None`` while undecided), working time used.
Verdict = tuple[datetime | None, bool | None, timedelta | None]


_UNMEASURED: Verdict = (None, None, None)


class Judge:
    """Judges recorded requests under one SLA policy, as of the end of the history.

    A policy hands out a few target sets (one per rule); each target's deadlines are worked
    out once (:class:`_Deadlines`) and reused for every request it applies to.

    Example:
        >>> from backoffice.calendar import BusinessCalendar
        >>> from backoffice.policies.sla import TieredSlaPolicy
        >>> from datetime import datetime, UTC
        >>> judge = Judge(TieredSlaPolicy.seed(BusinessCalendar.always("UTC")),
        ...               as_of=datetime(2025, 1, 1, tzinfo=UTC))
        >>> judge.verdicts([])
        []
    """

    __slots__ = ("_by_targets", "as_of", "policy")

    def __init__(self, policy: SlaPolicy, *, as_of: datetime) -> None:
        self.policy = policy
        self.as_of = as_of
        self._by_targets: dict[int, tuple[SlaTargets, _Deadlines | None, _Deadlines | None]] = {}

    def _deadlines(
        self, targets: SlaTargets
    ) -> tuple[SlaTargets, _Deadlines | None, _Deadlines | None]:
        """The deadlines of a target set met for the first time (kept by the set's id)."""
        respond, resolve = targets.get(SlaMetric.RESPONSE), targets.get(SlaMetric.RESOLUTION)
        known = (
            targets,
            None if respond is None else _Deadlines(respond),
            None if resolve is None else _Deadlines(resolve),
        )
        self._by_targets[id(targets)] = known
        return known

    def judge(self, record: RecordedRequest) -> tuple[Verdict, Verdict] | None:
        """The response and resolution verdicts of ``record`` (``None``: never accepted)."""
        facts = record.facts
        tier, accepted = facts.tier, facts.accepted_at
        if tier is None or accepted is None:
            return None
        targets = self.policy.targets(record.details, tier)
        known = self._by_targets.get(id(targets))
        if known is None or known[0] is not targets:
            known = self._deadlines(targets)
        _, respond, resolve = known
        as_of = self.as_of
        return (
            _UNMEASURED
            if respond is None
            else respond.judged(accepted, facts.work_started_at, (), as_of),
            _UNMEASURED
            if resolve is None
            else resolve.judged(accepted, facts.resolved_at, facts.pauses, as_of),
        )

    def verdicts(self, records: Iterable[RecordedRequest]) -> list[tuple[Verdict, Verdict] | None]:
        """:meth:`judge` for each record, in order."""
        return [self.judge(record) for record in records]


def judge(
    record: RecordedRequest, policy: SlaPolicy, *, as_of: datetime
) -> tuple[Verdict, Verdict] | None:
    """The response and resolution verdicts of ``record`` under ``policy``, as plain tuples.

    ``None`` for a request never accepted (nothing to judge). :func:`rejudge` puts them into
    the request's facts; :class:`Judge` judges many requests under one policy.
    """
    return Judge(policy, as_of=as_of).judge(record)


def rejudge(record: RecordedRequest, policy: SlaPolicy, *, as_of: datetime) -> RequestFacts:
    """The request's facts with the response and resolution judged under ``policy``.

    ``as_of`` is the end of the history: a request still open then whose clock has run past
    its due instant counts as missed, as in the recorded facts.
    """
    return _rejudged(record, Judge(policy, as_of=as_of).judge(record))


def _rejudged(record: RecordedRequest, verdicts: tuple[Verdict, Verdict] | None) -> RequestFacts:
    if verdicts is None:
        return record.facts
    response, resolution = verdicts
    return attrs.evolve(
        record.facts,
        response_due_at=response[0],
        response_met=response[1],
        response_working_time=response[2],
        resolution_due_at=resolution[0],
        resolution_met=resolution[1],
        resolution_working_time=resolution[2],
    )


def rejudge_all(
    records: Iterable[RecordedRequest], policy: SlaPolicy, *, as_of: datetime
) -> list[RequestFacts]:
    """:func:`rejudge` for each record, in order."""
    judge = Judge(policy, as_of=as_of)
    return [_rejudged(record, judge.judge(record)) for record in records]


def rejudged_tally(
    records: Sequence[RecordedRequest],
    policy: SlaPolicy,
    *,
    as_of: datetime,
    recorded: RequestTally | None = None,
) -> RequestTally:
    """The tally of ``records`` judged again under ``policy``: what :func:`rejudge_all` tallies to.

    No new facts are built: the verdicts go straight into the tally of the records as
    recorded (``recorded``, the records' :meth:`RequestTally.of
    <backoffice.domain.metrics.RequestTally.of>` at ``as_of``, computed here if not given; pass
    it when judging the same records under several policies: what no policy changes is
    counted once).
    """
    if recorded is None:
        recorded = RequestTally.of([r.facts for r in records], at=as_of)
    judge = Judge(policy, as_of=as_of).judge
    response_met: list[bool | None] = []
    resolution_met: list[bool | None] = []
    response_working: list[timedelta | None] = []
    resolution_working: list[timedelta | None] = []
    for record in records:
        verdicts = judge(record)
        response: Verdict
        resolution: Verdict
        if verdicts is None:  # never accepted: as recorded
            facts = record.facts
            response = (None, facts.response_met, facts.response_working_time)
            resolution = (None, facts.resolution_met, facts.resolution_working_time)
        else:
            response, resolution = verdicts
        response_met.append(response[1])
        response_working.append(response[2])
        resolution_met.append(resolution[1])
        resolution_working.append(resolution[2])
    return recorded.with_verdicts(
        response_met, resolution_met, response_working, resolution_working
    )
