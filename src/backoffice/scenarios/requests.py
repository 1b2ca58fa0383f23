"""Scenario: three service requests through the seed SLA tiers, on a Shanghai office calendar.

One week in June 2025 at headquarters, told as a timeline:

* a **routine** supplies request (20 reams of A4 paper) whose work waits for the vendor from
  Friday 17:00 to Monday 10:00: on the office calendar that pause gives back 2 working hours
  (Friday 17:00-18:00 and Monday 09:00-10:00), not 65 wall-clock hours;
* an **important** air-conditioning repair, paused while a part is on order, that finishes
  after its 48 round-the-clock hours: the SLA sweep records its warnings and then the breach;
* the seed's **flood** (FAQ Q2: a rainstorm floods the ground floor): urgent, power cut first,
  respond within 2 h, resolve within 4 h, incident report within 24 h after closure.

Every instant is fixed, so the output is the same on every run; ``python -m backoffice demo``
prints it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from backoffice.domain.events import DomainEvent
from backoffice.domain.requests import (
    Assignee,
    CostLine,
    PauseReason,
    RequestLocation,
    ServiceRequest,
    SlaMetric,
    SlaWarningReached,
)
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.scenarios.calendar import office_calendar
from backoffice.services.requests import ServiceDesk
from backoffice.values import ActorId, Money, SupplierId

__all__ = ["run_request_demo"]

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: The requesters, the logistics clerk who reviews, and the technician.
LI, ZHOU, ZHAO, WANG = ActorId("li.na"), ActorId("zhou.min"), ActorId("zhao.lei"), ActorId("wang")
RESPONSE, RESOLUTION = SlaMetric.RESPONSE, SlaMetric.RESOLUTION
REPORT = SlaMetric.INCIDENT_REPORT


def _t(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in June 2025, Shanghai time."""
    return datetime(2025, 6, day, hour, minute, tzinfo=SHANGHAI)


def _when(instant: datetime | None) -> str:
    return "-" if instant is None else instant.astimezone(SHANGHAI).strftime("%a %m-%d %H:%M")


def _hours(span: timedelta) -> str:
    hours, minutes = divmod(int(span.total_seconds()) // 60, 60)
    return " ".join(
        p for p in (f"{hours} h" if hours else "", f"{minutes} min" if minutes else "") if p
    )


def _alert(event: DomainEvent) -> str:
    metric = getattr(event, "metric", "?")
    if isinstance(event, SlaWarningReached):
        return f"warning: {metric} {event.threshold} used, due {_when(event.due_at)}"
    return f"BREACH: {metric} was due {_when(getattr(event, 'due_at', None))}"


class _Timeline:
    """Drives the desk and prints one line per step: when, which request, what happened."""

    def __init__(self, desk: ServiceDesk, out: Callable[[str], None]) -> None:
        self.desk, self.out = desk, out

    def say(self, at: datetime, subject: str, text: str) -> None:
        self.out(f"{_when(at)}  {subject:<10}  {text}")

    def raise_request(
        self, at: datetime, requester: ActorId, channel: str, category: str, text: str
    ) -> ServiceRequest:
        request = self.desk.submit(
            channel=channel,
            category=category,
            description=text,
            location=RequestLocation("HQ", "Building A"),
            requester=requester,
            at=at,
        )
        review = request.sla(at)[SlaMetric.REVIEW].due_at
        self.say(at, request.id.value, f'"{text}" by {channel}, review by {_when(review)}')
        self.say(at, "", f"triage proposes {request.proposed_tier}: {request.proposal_reason}")
        return request

    def accept(self, request: ServiceRequest, at: datetime) -> None:
        self.desk.accept(request.id, actor=ZHAO, at=at)
        self.say(
            at,
            request.id.value,
            f"accepted {request.tier}: {self.due(request, at, RESPONSE, RESOLUTION)}",
        )
        if REPORT in request.targets:
            hours = _hours(request.targets[REPORT].working_time or timedelta(0))
            self.say(at, "", f"emergency rule: incident report within {hours} after closure")

    def due(self, request: ServiceRequest, at: datetime, *metrics: SlaMetric) -> str:
        report = request.sla(at)
        return ", ".join(f"{m.verb} by {_when(report[m].due_at)}" for m in metrics)

    def sweep(self, at: datetime) -> None:
        alerts = self.desk.sweep(at=at)
        self.say(at, "SLA sweep", f"{len(alerts)} alert(s)")
        for event in alerts:
            self.say(at, event.aggregate_id, _alert(event))


def run_request_demo(out: Callable[[str], None] = print) -> None:
    """Print a week of three requests on the seed tiers: deadlines, alerts and verdicts."""
    policy = TieredSlaPolicy.seed(office_calendar())
    desk = ServiceDesk(sla_policy=policy)
    out("Seed SLA policy (hours round the clock; working days Mon-Fri 09-12, 13-18, Shanghai):")
    for rule in policy.describe():
        out(f"  {rule}")
    out("")
    line = _Timeline(desk, out)
    paper, aircon = _raise_paper_and_aircon(line)
    flood = _the_flood(line)
    _pauses_over_the_weekend(line, paper, aircon)
    _finish(line, paper, aircon)
    out("")
    out("Verdicts (working time used of the target, each on its own calendar):")
    for request in (paper, aircon, flood):
        rating = request.rating.score if request.rating else "-"
        out(f"  {request.id} {request.tier}, rated {rating}/5")
        for clock in request.sla(_t(17, 16)):
            used = f"{_hours(clock.elapsed)} of {_hours(clock.target_time)}"
            out(f"    {clock.metric:<16} {clock.state:<9} {used:<26} due {_when(clock.due_at)}")


def _raise_paper_and_aircon(line: _Timeline) -> tuple[ServiceRequest, ServiceRequest]:
    """Wednesday and Thursday morning: a routine and an important request."""
    desk = line.desk
    paper = line.raise_request(_t(11, 10), ZHOU, "oa_system", "supplies", "20 reams of A4 paper")
    line.accept(paper, _t(11, 10, 30))
    aircon = line.raise_request(
        _t(12, 9), LI, "web_form", "repair", "Air conditioning not working in room 301"
    )
    with desk.working_on(paper.id) as request:
        request.assign(actor=ZHAO, at=_t(12, 9), assignee=Assignee.team("stores"))
        request.start(actor=WANG, at=_t(12, 9, 30))
    line.say(_t(12, 9, 30), paper.id.value, "the stores team starts: response met")
    line.accept(aircon, _t(12, 10))
    with desk.working_on(aircon.id) as request:
        supplier = Assignee.supplier(SupplierId("SUP-000042"))
        request.assign(actor=ZHAO, at=_t(12, 10, 15), assignee=supplier)
    line.say(_t(12, 10, 15), aircon.id.value, f"assigned to {supplier}")
    return paper, aircon


def _the_flood(line: _Timeline) -> ServiceRequest:
    """Thursday afternoon: the seed's rainstorm (FAQ Q2), from the hotline to the report."""
    desk = line.desk
    flood = line.raise_request(
        _t(12, 14), LI, "phone_hotline", "repair", "Rainstorm: water in the ground floor lobby"
    )
    line.accept(flood, _t(12, 14, 5))
    with desk.working_on(flood.id) as request:
        request.assign(actor=ZHAO, at=_t(12, 14, 10), assignee=Assignee.team("facilities"))
        request.start(actor=WANG, at=_t(12, 14, 40))
        request.note_progress(
            actor=WANG, at=_t(12, 14, 40), note="Power cut to floor 1", attachments=["photo://1"]
        )
    line.say(_t(12, 14, 40), flood.id.value, "facilities on site, power cut first: response met")
    with desk.working_on(flood.id) as request:
        request.resolve(
            actor=WANG,
            at=_t(12, 17, 50),
            resolution="Water pumped out, drain cleared, power restored",
            cost_lines=[
                CostLine("pump hire", Money("800.00", "CNY")),
                CostLine("sandbags", Money("260.00", "CNY")),
            ],
        )
        request.sign_off(actor=LI, at=_t(12, 18, 30))
        request.rate(actor=LI, at=_t(12, 18, 35), score=5)
        request.close(actor=ZHAO, at=_t(12, 19))
    cost = flood.resolution.total_cost if flood.resolution else None
    line.say(_t(12, 17, 50), flood.id.value, f"resolved (cost {cost}); signed off, rated 5/5")
    due = flood.sla(_t(12, 19))[REPORT].due_at
    line.say(_t(12, 19), flood.id.value, f"closed; incident report due {_when(due)}")
    with desk.working_on(flood.id) as request:
        request.file_incident_report(actor=ZHAO, at=_t(13, 9, 30), reference="DOC-2025-061")
    line.say(_t(13, 9, 30), flood.id.value, "incident report DOC-2025-061 filed")
    return flood


def _pauses_over_the_weekend(
    line: _Timeline, paper: ServiceRequest, aircon: ServiceRequest
) -> None:
    """Friday to Monday: a sweep, two pauses, two resumes, and what the pauses gave back."""
    desk = line.desk
    with desk.working_on(aircon.id) as request:
        request.start(actor=WANG, at=_t(13, 9, 45))
    line.say(_t(13, 9, 45), aircon.id.value, "the supplier is on site: response met")
    line.sweep(_t(13, 10))
    with desk.working_on(aircon.id) as request:
        request.pause(actor=WANG, at=_t(13, 11), reason=PauseReason.WAITING_FOR_PARTS)
    line.say(_t(13, 11), aircon.id.value, "paused: waiting for parts (a compressor)")
    with desk.working_on(paper.id) as request:
        request.pause(actor=WANG, at=_t(13, 17), reason=PauseReason.WAITING_FOR_VENDOR)
    line.say(_t(13, 17), paper.id.value, "paused: waiting for the vendor (out of stock)")
    for paused, at in ((aircon, _t(16, 9)), (paper, _t(16, 10))):
        with desk.working_on(paused.id) as request:
            request.resume(actor=WANG, at=at)
        clock = paused.sla(at)[RESOLUTION]
        used = f"{_hours(clock.elapsed)} of {_hours(clock.target_time)} used"
        line.say(at, paused.id.value, f"resumed: {used}, {line.due(paused, at, RESOLUTION)}")
    office = paper.targets[RESOLUTION].working_calendar
    lost = office.working_time_between(_t(13, 17), _t(16, 10))
    wall = _hours(_t(16, 10) - _t(13, 17))
    line.say(
        _t(16, 10), "", f"(the pause counts {_hours(lost)} on the office calendar, not {wall})"
    )


def _finish(line: _Timeline, paper: ServiceRequest, aircon: ServiceRequest) -> None:
    """Monday and Tuesday: sweeps (a breach), then both requests resolved, rated and closed."""
    desk = line.desk
    line.sweep(_t(16, 12))
    line.sweep(_t(17, 9))
    with desk.working_on(aircon.id) as request:
        part = CostLine("compressor", Money("2400.00", "CNY"))
        request.resolve(
            actor=WANG, at=_t(17, 10), resolution="Compressor replaced", cost_lines=[part]
        )
        request.sign_off(actor=LI, at=_t(17, 11))
        request.rate(actor=LI, at=_t(17, 11, 5), score=3, comment="too hot for five days")
        request.close(actor=ZHAO, at=_t(17, 11, 30))
    line.say(_t(17, 10), aircon.id.value, "resolved, signed off, rated 3/5, closed")
    with desk.working_on(paper.id) as request:
        request.resolve(actor=WANG, at=_t(17, 15), resolution="20 reams delivered to Finance")
        request.sign_off(actor=ZHOU, at=_t(17, 15, 30))
        request.rate(actor=ZHOU, at=_t(17, 15, 40), score=4)
        request.close(actor=ZHAO, at=_t(17, 16))
    line.say(_t(17, 15), paper.id.value, "delivered, signed off, rated 4/5, closed")
