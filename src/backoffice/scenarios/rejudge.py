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
from backoffice.domain.metrics import RequestFacts, facts_from_events
from backoffice.domain.requests import (
    InformationSupplied,
    RequestDetails,
    RequestSubmitted,
    SlaClock,
    SlaMetric,
    SlaTarget,
    SlaTargets,
)
from backoffice.policies.sla import SlaPolicy

__all__ = ["RecordedRequest", "Verdict", "judge", "recorded_requests", "rejudge", "rejudge_all"]


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


def _judged(
    target: SlaTarget | None,
    start: datetime | None,
    stop: datetime | None,
    pauses: Sequence[tuple[datetime, datetime | None]],
    as_of: datetime,
) -> tuple[datetime | None, bool | None, timedelta | None]:
    """Due instant, verdict and working time of one metric's clock over the recorded instants.

    A working-time target on a round-the-clock calendar with no pause is plain arithmetic on
    instants (what the clock does, without building it); anything else runs the library's
    :class:`~backoffice.domain.requests.SlaClock`.
    """
    if target is None or start is None:
        return None, None, None
    if not pauses:  # the clock runs from start to stop: its due instant is the deadline
        allowance, calendar = target.working_time, target.working_calendar
        if allowance is not None and _round_the_clock(calendar):
            begun = start.astimezone(UTC)
            due = (begun + allowance).astimezone(calendar.timezone)  # type: ignore[attr-defined]
            worked = None if stop is None else stop.astimezone(UTC) - begun
        else:
            due = target.deadline(start)[0]
            worked = None if stop is None else calendar.working_time_between(start, stop)
        if stop is not None:
            return due, stop <= due, worked
        return due, (False if as_of > due else None), None
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
    late = as_of > clock.due_at if clock.is_running else clock.elapsed(as_of) > clock.target_time
    if clock.late or late:  # still open, and already late
        return clock.due_at, False, None
    return clock.due_at, None, None


#: One metric's verdict: due instant, on time (``None`` while undecided), working time used.
Verdict = tuple[datetime | None, bool | None, timedelta | None]


def judge(
    record: RecordedRequest, policy: SlaPolicy, *, as_of: datetime
) -> tuple[Verdict, Verdict] | None:
    """The response and resolution verdicts of ``record`` under ``policy``, as plain tuples.

    ``None`` for a request never accepted (nothing to judge). :func:`rejudge` puts them into
    the request's facts.
    """
    facts = record.facts
    if facts.tier is None or facts.accepted_at is None:
        return None
    respond, resolve = _measured(policy.targets(record.details, facts.tier))
    response = _judged(respond, facts.accepted_at, facts.work_started_at, (), as_of)
    resolution = _judged(resolve, facts.accepted_at, facts.resolved_at, facts.pauses, as_of)
    return response, resolution


#: The response and resolution targets of each target set seen, by id (kept with the set).
_MEASURED: dict[int, tuple[SlaTargets, SlaTarget | None, SlaTarget | None]] = {}


def _measured(targets: SlaTargets) -> tuple[SlaTarget | None, SlaTarget | None]:
    """The response and resolution targets of ``targets`` (a policy hands out a few sets)."""
    known = _MEASURED.get(id(targets))
    if known is None or known[0] is not targets:
        known = (targets, targets.get(SlaMetric.RESPONSE), targets.get(SlaMetric.RESOLUTION))
        _MEASURED[id(targets)] = known
    return known[1], known[2]


def rejudge(record: RecordedRequest, policy: SlaPolicy, *, as_of: datetime) -> RequestFacts:
    """The request's facts with the response and resolution judged under ``policy``.

    ``as_of`` is the end of the history: a request still open then whose clock has run past
    its due instant counts as missed, as in the recorded facts.
    """
    verdicts = judge(record, policy, as_of=as_of)
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
    return [rejudge(record, policy, as_of=as_of) for record in records]
