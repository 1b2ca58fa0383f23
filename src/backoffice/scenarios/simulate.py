"""Simulation: a synthetic workload played through the real service desk under one variant.

For each request of the workload the simulation does what the back office would: the request
is raised on the :class:`~backoffice.services.ServiceDesk` (the variant's triage proposes a
tier, its SLA policy gives the targets), the reviewer accepts it (within minutes on the hotline
for an urgent one, in office working time otherwise) and it joins its team's queue. Each team
(:mod:`~backoffice.scenarios.staffing`) works its queue on its own calendar, most urgent first;
a repair may wait for parts halfway (the work is paused and resumed on the desk); the work is
resolved with its cost, signed off, rated and closed. Every step is a real command on the
desk, so the verdicts are the library's own.

The period ends at midnight after its last day: steps due later are not taken, and what is
still open then is the backlog. Repairs' costs are booked on the repairs budget line under the
variant's overrun rules; a stop refuses the booking (counted, not booked).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Final

import attrs

from backoffice.domain.approvals.documents import ApprovalDocument, DocumentId, DocumentKind
from backoffice.domain.budgets.categories import (
    REPAIRS_AND_MAINTENANCE,
    BudgetId,
    BudgetLineKey,
    ExpenseId,
)
from backoffice.domain.budgets.errors import BudgetExceeded
from backoffice.domain.budgets.phasing import MonthlyPlan
from backoffice.domain.events import DomainEvent
from backoffice.domain.metrics import Figure, RequestFacts, budget_figures_by, facts_from_request
from backoffice.domain.requests import (
    Assignee,
    CostLine,
    PauseReason,
    RequestLocation,
    ServiceRequest,
    Tier,
)
from backoffice.scenarios.staffing import Job, schedule
from backoffice.scenarios.variants import VariantPolicies
from backoffice.scenarios.workload import Arrival, WorkloadSpec
from backoffice.services.budgets import BudgetService
from backoffice.services.requests import ServiceDesk
from backoffice.values import ActorId, DepartmentId, Money, Period

__all__ = ["REPAIRS_LINE", "BudgetOutcome", "Simulation", "simulate"]

#: The budget line repairs are booked on.
REPAIRS_LINE: Final = BudgetLineKey(DepartmentId("DEP-ADMIN"), REPAIRS_AND_MAINTENANCE)
_REVIEWER, _REQUESTER = ActorId("reviewer"), ActorId("requester")
_TECHNICIAN, _CONTROLLER = ActorId("technician"), ActorId("controller")
_PRIORITY: Final = {Tier.URGENT: 0, Tier.IMPORTANT: 1, Tier.ROUTINE: 2}


@attrs.frozen(kw_only=True)
class BudgetOutcome:
    """What the repairs budget made of the period's repair bills.

    Attributes:
        budget: The line's budget for the period's year.
        booked: The bills booked.
        booked_count: How many bills were booked.
        refused: The bills a stop refused.
        refused_count: How many were refused.
        figures: The line's budget figures (execution rate, overrun, ...) through the last
            month of the period, from :func:`~backoffice.domain.metrics.budget_figures_by`.
        approval_steps: How many approval steps each bill needed under the variant's matrix.
    """

    budget: Money
    booked: Money
    booked_count: int
    refused: Money
    refused_count: int
    figures: Mapping[str, Figure[Any]] = attrs.field(factory=dict)
    approval_steps: tuple[int, ...] = ()


@attrs.frozen(kw_only=True)
class Simulation:
    """One variant's run over one seed's workload.

    Attributes:
        facts: Each request's facts at the end of the period (the library's own figures).
        budget: The repairs budget's outcome.
        ends_at: The end of the period.
        events: The desk's events, in order, if asked for (``keep_events=True``).
    """

    facts: tuple[RequestFacts, ...]
    budget: BudgetOutcome
    ends_at: datetime
    events: tuple[DomainEvent, ...] = ()


def _accepted_at(arrival: Arrival, tier: Tier | None, policies: VariantPolicies) -> datetime:
    """Urgent: the hotline duty accepts within minutes; else within office working time."""
    if tier is Tier.URGENT:
        return arrival.submitted_at + arrival.review // 6
    return policies.calendar("office").add_working_time(arrival.submitted_at, arrival.review)


def simulate(
    spec: WorkloadSpec,
    arrivals: list[Arrival],
    policies: VariantPolicies,
    *,
    keep_events: bool = False,
) -> Simulation:
    """Play ``arrivals`` through a service desk with ``policies``; see the module docstring.

    With ``keep_events`` the result holds the desk's events (a recorded history to re-judge).
    """
    zone = policies.calendar("office").timezone
    ends_at = datetime.combine(spec.end, time(0), zone)
    desk = ServiceDesk(sla_policy=policies.sla, triage=policies.triage)
    by_team: dict[str, list[tuple[ServiceRequest, Arrival, Job]]] = defaultdict(list)
    for arrival in arrivals:
        request = desk.submit(
            channel=arrival.channel,
            category=arrival.category,
            description=arrival.description,
            location=RequestLocation(arrival.site, "building A"),
            requester=_REQUESTER,
            at=arrival.submitted_at,
        )
        accepted = _accepted_at(arrival, request.proposed_tier, policies)
        if accepted > ends_at:
            continue
        desk.accept(request.id, actor=_REVIEWER, at=accepted)
        team = policies.staffing.team_for(arrival.category)
        with desk.working_on(request.id) as working:
            working.assign(actor=_REVIEWER, at=accepted, assignee=Assignee.team(team.name))
        priority = _PRIORITY[request.tier or Tier.ROUTINE]
        by_team[team.name].append(
            (request, arrival, Job(accepted, priority, arrival.work, arrival.number))
        )
    bills: list[tuple[datetime, int, Decimal]] = []
    for team in policies.staffing.teams:
        queue = by_team.get(team.name, [])
        calendar = policies.calendar(team.calendar)
        times = schedule([job for _, _, job in queue], team.technicians, calendar)
        for (request, arrival, _), (start, finish) in zip(queue, times, strict=True):
            resolved = _work(desk, request, arrival, start, finish, calendar, ends_at)
            if resolved is not None and arrival.cost is not None:
                bills.append((resolved, arrival.number, arrival.cost))
    facts = tuple(facts_from_request(r, at=ends_at) for r in desk.requests)
    return Simulation(
        facts=facts,
        budget=_book(bills, spec.start, spec.end - timedelta(days=1), policies),
        ends_at=ends_at,
        events=tuple(desk.collect_events()) if keep_events else (),
    )


def _work(  # noqa: PLR0917 (one job's instants, read in one place)
    desk: ServiceDesk,
    request: ServiceRequest,
    arrival: Arrival,
    start: datetime,
    finish: datetime,
    calendar: object,
    ends_at: datetime,
) -> datetime | None:
    """Start, maybe pause for parts, resolve, sign off, rate and close, up to ``ends_at``."""
    if start > ends_at:
        return None
    with desk.working_on(request.id) as working:
        working.start(actor=_TECHNICIAN, at=start)
        if arrival.parts_wait is not None:
            paused = start + (finish - start) / 2
            if paused > ends_at:
                return None
            working.pause(actor=_TECHNICIAN, at=paused, reason=PauseReason.WAITING_FOR_PARTS)
            resumed = paused + arrival.parts_wait
            if resumed > ends_at:
                return None
            working.resume(actor=_TECHNICIAN, at=resumed)
            finish = finish + arrival.parts_wait
        if finish > ends_at:
            return None
        cost = [] if arrival.cost is None else [CostLine("repair", Money(arrival.cost, "CNY"))]
        working.resolve(actor=_TECHNICIAN, at=finish, resolution="done", cost_lines=cost)
        signed = finish + timedelta(minutes=30)
        if signed > ends_at:
            return finish
        working.sign_off(actor=_REQUESTER, at=signed)
        on_time = request.sla(signed)
        met = all(report.state != "breached" for report in on_time)
        score = (5 if arrival.mood < 0.6 else 4) if met else (3 if arrival.mood < 0.5 else 2)
        working.rate(actor=_REQUESTER, at=signed, score=score)
        working.close(actor=_REVIEWER, at=signed)
    return finish


def _book(
    bills: list[tuple[datetime, int, Decimal]], start: date, last: date, policies: VariantPolicies
) -> BudgetOutcome:
    """Book the repair bills in order on the repairs line; count what a stop refuses."""
    spec = policies.budget
    currency = spec.annual.currency
    budgets = BudgetService(overrun_policy=spec.overrun)
    opened = datetime(start.year, 1, 1, tzinfo=UTC)
    budget_id = BudgetId(f"BUD-{start.year}")
    budgets.open_budget(budget_id, Period.year(start.year), currency, actor=_CONTROLLER, at=opened)
    budgets.open_line(
        budget_id, REPAIRS_LINE, MonthlyPlan.even(spec.annual), actor=_CONTROLLER, at=opened
    )
    booked, refused = Decimal(0), Decimal(0)
    booked_count = refused_count = 0
    steps = []
    for at, number, amount in sorted(bills, key=lambda b: (b[0].astimezone(UTC), b[1])):
        bill = ApprovalDocument(
            id=DocumentId(f"EXP-{number}"), kind=DocumentKind.EXPENSE,
            amount=Money(amount, currency), category=REPAIRS_LINE.category,
            department=REPAIRS_LINE.department, requester=_TECHNICIAN,
        )  # fmt: skip
        steps.append(len(policies.approvals.chain_for(bill).steps))
        try:
            budgets.record_direct_expense(
                ExpenseId(f"EXP-{number}"),
                REPAIRS_LINE,
                Money(amount, currency),
                on=at.date(),
                actor=_CONTROLLER,
                at=at,
            )
        except BudgetExceeded:
            refused += amount
            refused_count += 1
        else:
            booked += amount
            booked_count += 1
    return BudgetOutcome(
        budget=spec.annual,
        booked=Money(booked, currency),
        booked_count=booked_count,
        refused=Money(refused, currency),
        refused_count=refused_count,
        approval_steps=tuple(steps),
        figures=budget_figures_by(
            budgets.budget(budget_id), through=min(last, date(start.year, 12, 31))
        )[str(REPAIRS_LINE.department)],
    )
