"""Hypothesis strategies for whole histories: command sequences for budgets and storerooms.

A *command* is plain data (a frozen record) naming a business action and its figures; the law
checks and the shipped state machines (:mod:`backoffice.testing.machines`) apply them to the
real aggregates, and a refused command is part of the history too (it must change nothing).
Amounts are whole cents, quantities whole units, so shrinking lands on round figures.

* :func:`budget_commands`: commitments, direct expenses, invoices and releases on a budget's
  lines, some presenting an approved override;
* :func:`stock_commands`: receipts (with or without an expiry date) and issues at one
  location, a day apart;
* :func:`request_arrivals`: a service desk's requests over any years a calendar covers, each
  arriving, accepted at a tier, then started, paused and resumed, perhaps resolved;
  :func:`play_arrivals` runs them on a real desk in time order and hands the events back.

For one request's whole lifecycle (every kind of step) see
:func:`backoffice.testing.requests.request_histories`; for a whole office's command sequence,
:func:`backoffice.testing.office.office_commands`.

Example:
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(st.lists(budget_commands(), max_size=5))
    ... def test_commands_name_a_month(commands):
    ...     assert all(1 <= c.month <= 12 for c in commands)
    >>> test_commands_name_a_month()
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

import attrs
from hypothesis import strategies as st

from backoffice.calendar import WorkingCalendar
from backoffice.domain.events import DomainEvent
from backoffice.domain.requests import Assignee, RequestDetails, Tier
from backoffice.testing.requests import request_details
from backoffice.values import ActorId, RequestId

if TYPE_CHECKING:
    from backoffice.services.requests import ServiceDesk

__all__ = [
    "BudgetCommand",
    "RequestArrival",
    "RequestStep",
    "StockCommand",
    "budget_commands",
    "play_arrivals",
    "request_arrivals",
    "stock_commands",
]

BudgetAction = Literal["commit", "expense", "invoice", "release"]
StockAction = Literal["receive", "issue"]


@attrs.frozen
class BudgetCommand:
    """One command on a budget.

    Attributes:
        kind: ``"commit"``, ``"expense"``, ``"invoice"`` (against an open commitment) or
            ``"release"`` (what is left of one).
        line: Which line (an index, taken modulo the lines open), or which open commitment
            for an invoice or a release.
        month: The month booked in, 1-12.
        amount: The amount, in the budget's currency, to the cent.
        override: Whether an approved override for the whole amount is presented.
        final: For an invoice: whether it is the last (it releases what is left).
    """

    kind: BudgetAction
    line: int
    month: int
    amount: Decimal
    override: bool = False
    final: bool = True


@attrs.frozen
class StockCommand:
    """One command on a storeroom, a day after the one before.

    Attributes:
        kind: ``"receive"`` or ``"issue"``.
        qty: Units received or issued.
        unit_cost: For a receipt: the cost of a unit, to the cent.
        expires_in: For a receipt: days from the receipt to the lot's last day of use
            (``None``: the lot does not expire).
    """

    kind: StockAction
    qty: Decimal
    unit_cost: Decimal = Decimal(0)
    expires_in: int | None = None


def budget_commands(*, max_amount: int = 40_000) -> st.SearchStrategy[BudgetCommand]:
    """Budget commands with amounts from 0.01 to ``max_amount``."""
    return st.builds(
        BudgetCommand,
        kind=st.sampled_from(("commit", "expense", "invoice", "release")),
        line=st.integers(0, 5),
        month=st.integers(1, 12),
        amount=st.integers(1, max_amount * 100).map(lambda c: Decimal(c).scaleb(-2)),
        override=st.booleans(),
        final=st.booleans(),
    )


def stock_commands(
    *, max_qty: int = 50, max_unit_cost: int = 200, max_expiry_days: int = 30
) -> st.SearchStrategy[StockCommand]:
    """Receipts (half of them with an expiry date) and issues."""
    receipts = st.builds(
        StockCommand,
        kind=st.just("receive"),
        qty=st.integers(1, max_qty).map(Decimal),
        unit_cost=st.integers(0, max_unit_cost * 100).map(lambda c: Decimal(c).scaleb(-2)),
        expires_in=st.none() | st.integers(0, max_expiry_days),
    )
    issues = st.builds(
        StockCommand, kind=st.just("issue"), qty=st.integers(1, max_qty).map(Decimal)
    )
    return st.one_of(receipts, issues)


RequestStepKind = Literal["start", "pause", "resume", "resolve"]
_DESK = ActorId("desk.clerk")
#: The most a request's steps take after its arrival: arrivals stay this far from a year's end.
_LONGEST = timedelta(days=30)


@attrs.frozen
class RequestStep:
    """A step of work on a request, some time after the step before (or the acceptance).

    Attributes:
        kind: ``"start"``, ``"pause"``, ``"resume"`` or ``"resolve"``.
        after: How long after the step before.
    """

    kind: RequestStepKind
    after: timedelta


@attrs.frozen
class RequestArrival:
    """A request arriving at the desk, accepted at once at a tier, and the work on it.

    Attributes:
        at: When it arrives (and is accepted), an aware instant.
        details: What was asked.
        tier: The tier it is accepted at.
        steps: The work: a start, pauses each followed by a resume, perhaps a resolution.
    """

    at: datetime
    details: RequestDetails
    tier: Tier
    steps: tuple[RequestStep, ...]


def _years(years: Iterable[int] | None, calendar: WorkingCalendar | None) -> tuple[int, int]:
    covered: frozenset[int] | None = None
    rules = getattr(calendar, "rules", None)
    if rules is not None:
        covered = getattr(rules, "covered_years", None)
    chosen = sorted(years) if years is not None else sorted(covered or (2025,))
    if not chosen:
        raise ValueError("request_arrivals needs at least one year")
    if covered is not None and not set(chosen) <= covered:
        raise ValueError(f"years {chosen} are not all covered by the calendar ({sorted(covered)})")
    return chosen[0], chosen[-1]


@st.composite
def _steps(draw: st.DrawFn, max_pauses: int) -> tuple[RequestStep, ...]:
    gaps = st.integers(1, 3 * 24 * 60).map(lambda minutes: timedelta(minutes=minutes))
    steps = [RequestStep("start", draw(gaps))]
    for _ in range(draw(st.integers(0, max_pauses))):
        steps += [RequestStep("pause", draw(gaps)), RequestStep("resume", draw(gaps))]
    if draw(st.booleans()):
        steps.append(RequestStep("resolve", draw(gaps)))
    return tuple(steps)


def request_arrivals(
    *,
    years: Iterable[int] | None = None,
    calendar: WorkingCalendar | None = None,
    max_requests: int = 6,
    max_pauses: int = 2,
) -> st.SearchStrategy[list[RequestArrival]]:
    """Requests arriving over ``years``, in time order, each with its work.

    Args:
        years: The years the arrivals fall in (default: every year ``calendar`` covers, or
            2025). Any years: the work on a request ends within 30 days of its arrival, and
            arrivals keep that far from the end of the last year.
        calendar: The calendar the targets count on; its covered years (a calendar with
            holiday data knows them) bound ``years``.
        max_requests: The most requests.
        max_pauses: The most pauses of one request.

    Raises:
        ValueError: ``years`` is empty or goes beyond the years ``calendar`` covers.
    """
    first, last = _years(years, calendar)
    return _arrivals(first, last, max_requests, max_pauses)


@st.composite
def _arrivals(
    draw: st.DrawFn, first: int, last: int, max_requests: int, max_pauses: int
) -> list[RequestArrival]:
    start = datetime(first, 1, 1, tzinfo=UTC)
    end = datetime(last + 1, 1, 1, tzinfo=UTC) - _LONGEST - timedelta(days=7 * max_pauses)
    minutes = int((end - start) / timedelta(minutes=1))
    arrivals = [
        RequestArrival(
            at=start + timedelta(minutes=draw(st.integers(0, minutes))),
            details=draw(request_details()),
            tier=draw(st.sampled_from(Tier)),
            steps=draw(_steps(max_pauses)),
        )
        for _ in range(draw(st.integers(0, max_requests)))
    ]
    return sorted(arrivals, key=lambda arrival: arrival.at)


def play_arrivals(desk: ServiceDesk, arrivals: Iterable[RequestArrival]) -> list[DomainEvent]:
    """Run ``arrivals`` on ``desk`` in time order, with a sweep after each step; the events.

    Each request is submitted and accepted at its arrival, assigned to a team when started;
    steps of different requests interleave by their instants (ties in arrival order).
    """
    timeline: list[tuple[datetime, int, int, RequestArrival, RequestStep | None]] = []
    for number, arrival in enumerate(arrivals):
        timeline.append((arrival.at.astimezone(UTC), number, -1, arrival, None))
        at = arrival.at
        for index, work in enumerate(arrival.steps):
            at += work.after
            timeline.append((at.astimezone(UTC), number, index, arrival, work))
    ids: dict[int, RequestId] = {}
    for at, number, _, arrival, step in sorted(timeline, key=lambda entry: entry[:3]):
        if step is None:
            details = arrival.details
            request = desk.submit(
                channel=details.channel, category=details.category,
                description=details.description, location=details.location,
                requester=details.requester, asset=details.asset,
                asset_criticality=details.asset_criticality, at=at,
            )  # fmt: skip
            ids[number] = request.id
            desk.accept(request.id, actor=_DESK, at=at, tier=arrival.tier)
        else:
            with desk.working_on(ids[number]) as request:
                if step.kind == "start":
                    request.assign(actor=_DESK, at=at, assignee=Assignee.team("repairs"))
                    request.start(actor=_DESK, at=at)
                elif step.kind == "pause":
                    request.pause(actor=_DESK, at=at, reason="waiting_for_parts")
                elif step.kind == "resume":
                    request.resume(actor=_DESK, at=at)
                else:
                    request.resolve(actor=_DESK, at=at, resolution="fixed")
        desk.sweep(at=at)
    return desk.collect_events()
