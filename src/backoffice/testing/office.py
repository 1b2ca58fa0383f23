"""Hypothesis strategies for a whole office: a seeded office and random sequences of commands.

:func:`open_seed_office` opens an :class:`~backoffice.services.office.Office` on the seed
rules (Shanghai office calendar, seed SLA tiers, a two-level requisition matrix, 300 CNY
automatic limit) with a budget for 2025, two departments' office-supplies lines and three
stocked items. :func:`office_commands` draws commands across the service desk, the storeroom,
approvals and budgets; :func:`apply_command` runs one on an office (each is one unit of work;
one that the rules refuse changes nothing and returns ``False``). Indices in the commands pick
among the requests and requisitions the office has at that moment, so any sequence is valid
input, and running the same sequence on two offices in the same state does the same thing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
import holidays
from hypothesis import strategies as st

from backoffice.calendar import BusinessCalendar, CalendarRegistry, WorkingHours
from backoffice.clock import Clock, ManualClock
from backoffice.domain.approvals import ApprovalStatus, DocumentId
from backoffice.domain.budgets import OFFICE_SUPPLIES, BudgetId, BudgetLineKey, MonthlyPlan
from backoffice.domain.inventory import Item, RequisitionStatus
from backoffice.domain.requests import (
    Assignee,
    Category,
    Channel,
    RequestLocation,
    RequestState,
)
from backoffice.errors import BackofficeError, NotFound
from backoffice.policies.approval import ThresholdApprovalPolicy
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.services.directory import InMemoryDirectory
from backoffice.services.office import Office
from backoffice.services.office_rules import OfficeRules
from backoffice.values.ids import ActorId, DepartmentId, IdGenerator
from backoffice.values.money import Money
from backoffice.values.period import Period

__all__ = [
    "DEPARTMENTS",
    "OPENED",
    "SKUS",
    "OfficeCommand",
    "apply_command",
    "office_calendars",
    "office_commands",
    "open_seed_office",
    "seed_office_rules",
]

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: When the seed office opens: Monday 3 March 2025, 08:00 in Shanghai.
OPENED = datetime(2025, 3, 3, 8, 0, tzinfo=SHANGHAI)
SKUS = ("A4-80", "PEN-BLK", "TONER-12")
DEPARTMENTS = ("rd", "finance")
REQUESTERS = (ActorId("zhang"), ActorId("chen"))
APPROVERS = (ActorId("wang"), ActorId("zhou"), ActorId("liu"))
CLERK, RECEPTION, TECH = ActorId("clerk-wang"), ActorId("reception"), ActorId("tech-li")
DESCRIPTIONS = (
    ("Power cut on the 3rd floor", Category.REPAIR),
    ("Projector broken in meeting room 2", Category.IT),
    ("Please deliver 20 reams of A4 paper", Category.SUPPLIES),
    ("Book a car to the airport on Monday", Category.VEHICLE),
)
MATRIX = ThresholdApprovalPolicy.from_dict(
    {
        "currency": "CNY",
        "columns": [
            {
                "name": "requisitions",
                "kinds": ["requisition"],
                "levels": [
                    {"from": "0", "role": "department-head"},
                    {"from": "1000", "role": "logistics-manager"},
                ],
            }
        ],
    }
)


def office_calendars() -> CalendarRegistry:
    """The seed office's calendars: ``"shanghai-office"`` (weekdays, China's holidays)."""
    return CalendarRegistry({"shanghai-office": _shanghai_office()})


def _shanghai_office() -> BusinessCalendar:
    return BusinessCalendar(
        timezone="Asia/Shanghai",
        working_hours=WorkingHours.weekdays("09:00-12:00", "13:00-18:00"),
        holidays=holidays.country_holidays("CN", years=range(2024, 2028)),
    )


def seed_office_rules(calendars: CalendarRegistry) -> OfficeRules:
    """Seed SLA tiers on the office calendar, the requisition matrix, a 300 CNY auto limit."""
    return OfficeRules(
        sla_policy=TieredSlaPolicy.seed(_office_calendar(calendars), office_name="shanghai-office"),
        approval_policy=MATRIX,
        currency="CNY",
        requisition_category=OFFICE_SUPPLIES,
        auto_approve_up_to=Money("300.00", "CNY"),
    )


def _office_calendar(calendars: CalendarRegistry) -> BusinessCalendar:
    office = calendars["shanghai-office"]
    if not isinstance(office, BusinessCalendar):
        raise TypeError("the seed office's calendar is a BusinessCalendar")
    return office


def seed_directory() -> InMemoryDirectory:
    """Department heads wang (R&D) and zhou (finance); liu is the logistics manager."""
    return InMemoryDirectory.from_dict(
        {"department-head": {"rd": ["wang"], "finance": ["zhou"]}, "logistics-manager": ["liu"]}
    )


def open_seed_office(clock: Clock | None = None, ids: IdGenerator | None = None) -> Office:
    """A new seed office with its budget, lines and stock (see the module docstring)."""
    calendars = office_calendars()
    office = Office.open(
        seed_office_rules(calendars),
        clock=clock or ManualClock(OPENED),
        calendars=calendars,
        directory=seed_directory(),
        ids=ids,
    )
    at = OPENED

    def set_up() -> None:
        budget = BudgetId("FY2025")
        office.budgets.open_budget(budget, Period.year(2025), "CNY", actor=CLERK, at=at)
        for department in DEPARTMENTS:
            line = BudgetLineKey(DepartmentId(department), OFFICE_SUPPLIES)
            plan = MonthlyPlan.even(Money("24000", "CNY"))
            office.budgets.open_line(budget, line, plan, actor=CLERK, at=at)
        for sku, cost in zip(SKUS, ("21.50", "2.40", "380.00"), strict=True):
            office.inventory.add_item(Item(sku=sku, name=sku, unit="each"), at=at, by=CLERK)
            office.inventory.receive(sku, 40, unit_cost=Money(cost, "CNY"), at=at, by=CLERK)

    office.run(set_up)
    return office


@attrs.frozen
class OfficeCommand:
    """One command of a random sequence.

    Attributes:
        name: What to do (``"submit_request"``, ``"requisition"``, ``"approve"``, ...).
        pick: Which request, requisition, SKU or description (taken modulo how many there
            are).
        amount: A quantity or a price in cents, where the command needs one.
        minutes: How far the clock moves before the command.
    """

    name: str
    pick: int = 0
    amount: int = 1
    minutes: int = 0


#: The commands, each as often as it should come up (a requisition needs approving first).
NAMES = (
    *("submit_request",) * 2,
    *("accept_request",) * 2,
    "work_on_request",
    "sweep",
    "receive",
    *("requisition",) * 3,
    *("approve",) * 4,
    "reject",
    *("fulfil",) * 2,
    "cancel",
)


def office_commands() -> st.SearchStrategy[OfficeCommand]:
    return st.builds(
        OfficeCommand,
        name=st.sampled_from(NAMES),
        pick=st.integers(0, 20),
        amount=st.integers(1, 60),
        minutes=st.integers(0, 600),
    )


def apply_command(office: Office, command: OfficeCommand) -> bool:
    """Run ``command`` at the office clock moved on by its minutes; ``False`` if refused."""
    clock = office.clock
    if isinstance(clock, ManualClock):
        clock.advance(timedelta(minutes=command.minutes))
    at = clock.now()
    try:
        _COMMANDS[command.name](office, command, at)
    except BackofficeError:
        return False
    return True


def _requests(office: Office, *states: RequestState) -> list[str]:
    found = (r for r in office.desk.requests if not states or r.state in states)
    return sorted(str(request.id) for request in found)


def _requisitions(office: Office, *states: RequisitionStatus) -> list[str]:
    found = (r for r in office.inventory.requisitions() if not states or r.status in states)
    return sorted(str(requisition.id) for requisition in found)


def _pending(office: Office) -> list[str]:
    """The requisitions waiting on their approval chain."""
    waiting = []
    for requisition in _requisitions(office, RequisitionStatus.SUBMITTED):
        try:
            request = office.approvals.request(DocumentId(requisition))
        except NotFound:
            continue
        if request.status is ApprovalStatus.PENDING:
            waiting.append(requisition)
    return waiting


def _pick(options: list[str], pick: int) -> str:
    if not options:
        raise BackofficeError("nothing to pick from")
    return options[pick % len(options)]


def _decider(office: Office, document: str, amount: int) -> ActorId:
    """One who may decide now; one in five picks is anybody (the chain may refuse them)."""
    eligible = sorted(office.approvals.request(DocumentId(document)).eligible())
    if amount % 5 == 0 or not eligible:
        return APPROVERS[amount % len(APPROVERS)]
    return eligible[amount % len(eligible)]


def _submit_request(office: Office, command: OfficeCommand, at: datetime) -> None:
    text, category = DESCRIPTIONS[command.pick % len(DESCRIPTIONS)]
    office.submit_request(
        channel=Channel.OA_SYSTEM,
        category=category,
        description=text,
        location=_site(),
        requester=REQUESTERS[command.pick % 2],
        at=at,
    )


def _site() -> RequestLocation:
    return RequestLocation("HQ", "Building A")


def _accept_request(office: Office, command: OfficeCommand, at: datetime) -> None:
    waiting = _requests(office, RequestState.SUBMITTED)
    office.accept_request(_pick(waiting, command.pick), actor=RECEPTION, at=at)


def _work_on_request(office: Office, command: OfficeCommand, at: datetime) -> None:
    # Three steps in one unit of work; on a request that is not accepted the first or the
    # second raises, and none of them stays.
    # One in four picks any request, so some blocks fail half-way.
    states = () if command.amount % 4 == 0 else (RequestState.ACCEPTED,)
    with office.working_on(_pick(_requests(office, *states), command.pick)) as request:
        request.assign(actor=RECEPTION, at=at, assignee=Assignee.person(TECH))
        request.start(actor=TECH, at=at)
        if command.amount % 2:
            request.resolve(actor=TECH, at=at, resolution="done")


def _sweep(office: Office, command: OfficeCommand, at: datetime) -> None:
    office.sweep(at=at)


def _receive(office: Office, command: OfficeCommand, at: datetime) -> None:
    sku = SKUS[command.pick % len(SKUS)]
    unit_cost = Money(Decimal(command.amount * 37).scaleb(-2), "CNY")
    office.run(
        lambda: office.inventory.receive(sku, command.amount, unit_cost=unit_cost, at=at, by=CLERK)
    )


def _requisition(office: Office, command: OfficeCommand, at: datetime) -> None:
    office.submit_requisition(
        {SKUS[command.pick % len(SKUS)]: command.amount},
        requester=REQUESTERS[command.pick % 2],
        department=DEPARTMENTS[command.pick % 2],
        at=at,
    )


def _approve(office: Office, command: OfficeCommand, at: datetime) -> None:
    document = _pick(_pending(office), command.pick)
    office.approve(document, _decider(office, document, command.amount), at=at)


def _reject(office: Office, command: OfficeCommand, at: datetime) -> None:
    document = _pick(_pending(office), command.pick)
    office.reject(document, _decider(office, document, command.amount), reason="not now", at=at)


def _fulfil(office: Office, command: OfficeCommand, at: datetime) -> None:
    approved = _requisitions(
        office, RequisitionStatus.APPROVED, RequisitionStatus.PARTIALLY_FULFILLED
    )
    requisition = _pick(approved, command.pick)
    quantities: dict[str, Decimal] | None = None
    if command.amount % 2:  # hand out part: at most `amount` of each line
        outstanding = office.inventory.requisition(requisition).outstanding()
        quantities = {sku: min(q.value, Decimal(command.amount)) for sku, q in outstanding.items()}
    office.fulfil_requisition(requisition, by=CLERK, quantities=quantities, at=at)


def _cancel(office: Office, command: OfficeCommand, at: datetime) -> None:
    requisition = _pick(_requisitions(office), command.pick)
    office.cancel_requisition(requisition, by=CLERK, reason="no longer needed", at=at)


_COMMANDS = {
    "submit_request": _submit_request,
    "accept_request": _accept_request,
    "work_on_request": _work_on_request,
    "sweep": _sweep,
    "receive": _receive,
    "requisition": _requisition,
    "approve": _approve,
    "reject": _reject,
    "fulfil": _fulfil,
    "cancel": _cancel,
}
