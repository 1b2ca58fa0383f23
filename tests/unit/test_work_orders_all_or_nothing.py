"""A maintenance run and an inspection's completion raise several requests: all or nothing.

Each checks every request with the desk first; if the desk refuses one (here: a description
longer than the desk accepts, built from a long plan title or checkpoint question), no request
is raised, no id is minted, no plan or round changes and no event is recorded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from backoffice.calendar import BusinessCalendar, CalendarRegistry, WorkingHours
from backoffice.domain.inspections import ChecklistTemplate, Checkpoint, CheckResult
from backoffice.domain.maintenance import MaintenancePlanSpec, Recurrence
from backoffice.domain.requests import RequestLocation, RequestSubmitted
from backoffice.errors import ValidationError
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.services import ServiceDesk
from backoffice.services.inspections import InspectionService
from backoffice.services.maintenance import MaintenancePlanner
from backoffice.services.work_orders import WorkOrder, check_work_orders, raise_work_orders
from backoffice.values import ActorId, AssetId, RequestId
from backoffice.values.inputs import MAX_TEXT_LENGTH

T0 = datetime(2025, 1, 2, 8, 0, tzinfo=UTC)
CLERK = ActorId("fm-clerk")
OFFICE = BusinessCalendar(timezone="UTC", working_hours=WorkingHours.weekdays("09:00-17:00"))
HQ = RequestLocation("HQ", "Core B")
#: Accepted as a title or a question, too long once a request's description is built from it.
LONG = "x" * (MAX_TEXT_LENGTH - 5)


def desk() -> ServiceDesk:
    return ServiceDesk(TieredSlaPolicy.seed(BusinessCalendar.always()))


def planner_with(*titles: str) -> MaintenancePlanner:
    planner = MaintenancePlanner(desk(), CalendarRegistry({"office": OFFICE}))
    for number, title in enumerate(titles, start=1):
        planner.adopt(
            MaintenancePlanSpec(
                asset=AssetId(f"AST-{number}"), title=title, location=HQ, calendar="office",
                recurrence=Recurrence.every(1, "months"), starts_on=date(2025, 1, 1),
            ),
            actor=CLERK, at=T0,
        )  # fmt: skip
    planner.collect_events()
    return planner


def test_a_planner_run_refused_by_the_desk_raises_nothing_and_changes_no_plan() -> None:
    planner = planner_with("Lift monthly service", LONG)
    versions = [plan.version for plan in planner]

    with pytest.raises(ValidationError) as error:
        planner.run(until=date(2025, 3, 31), at=T0)

    assert error.value.field == "description"
    assert planner.desk.collect_events() == []
    assert [plan.version for plan in planner] == versions
    assert all(plan.occurrences == () for plan in planner)
    assert planner.collect_events() == []
    # No request id was consumed: the next request raised is the first.
    fine = planner_with("Lift monthly service")
    fine.desk = planner.desk
    assert fine.run(until=date(2025, 1, 31), at=T0)[0].key == "MPL-000001#1"
    assert fine.get("MPL-000001").occurrences[0].request == RequestId("REQ-000001")


def test_a_planner_run_that_succeeds_raises_every_plan_once() -> None:
    planner = planner_with("Lift monthly service", "Boiler monthly service")
    raised = planner.run(until=date(2025, 2, 28), at=T0)
    assert [o.key for o in raised] == [
        "MPL-000001#1", "MPL-000001#2", "MPL-000002#1", "MPL-000002#2",
    ]  # fmt: skip
    submitted = [e for e in planner.desk.collect_events() if isinstance(e, RequestSubmitted)]
    assert len(submitted) == 4
    assert planner.run(until=date(2025, 2, 28), at=T0) == []


CHECKLIST = ChecklistTemplate(
    "Night patrol",
    (
        Checkpoint(code="DOOR", question="Fire doors shut", severity="major"),
        Checkpoint(code="LONG", question=LONG, severity="minor"),
    ),
)


def test_an_inspection_refused_by_the_desk_leaves_the_round_uncompleted() -> None:
    service = InspectionService(desk())
    (round_,) = service.schedule_rounds(
        CHECKLIST, recurrence=Recurrence.every(1, "days"), location=HQ,
        starts_on=date(2025, 3, 3), until=date(2025, 3, 3), actor=CLERK, at=T0,
    )  # fmt: skip
    service.collect_events()
    failing = iter([CheckResult(code="DOOR", passed=False), CheckResult(code="LONG", passed=False)])

    for _ in range(2):  # the second attempt meets the same refusal, not "already completed"
        with pytest.raises(ValidationError) as error:
            service.complete(
                round_.id, results=failing, inspected_on=date(2025, 3, 3), actor=CLERK, at=T0
            )
        assert error.value.field == "description"
        failing = iter(
            [CheckResult(code="DOOR", passed=False), CheckResult(code="LONG", passed=False)]
        )

    assert round_.inspected_on is None
    assert round_.findings == ()
    assert round_.version == 1
    assert service.collect_events() == []
    assert service.desk.collect_events() == []


def test_an_inspection_read_from_a_one_shot_iterable_records_every_finding() -> None:
    service = InspectionService(desk())
    (round_,) = service.schedule_rounds(
        CHECKLIST, recurrence=Recurrence.every(1, "days"), location=HQ,
        starts_on=date(2025, 3, 3), until=date(2025, 3, 3), actor=CLERK, at=T0,
    )  # fmt: skip
    results = (
        CheckResult(code=code, passed=passed) for code, passed in (("DOOR", False), ("LONG", True))
    )
    findings = service.complete(
        round_.id, results=results, inspected_on=date(2025, 3, 3), actor=CLERK, at=T0
    )
    assert [(f.code, f.request) for f in findings] == [("DOOR", RequestId("REQ-000001"))]


def test_checking_work_orders_mints_no_id_and_raising_them_keeps_their_order() -> None:
    office_desk = desk()
    orders = [
        WorkOrder(description=f"job {n}", location=HQ, due_on=date(2025, 1, 9 + n))
        for n in range(3)
    ]
    checked = check_work_orders(office_desk, orders, requester=CLERK, at=T0)
    assert office_desk.collect_events() == []
    requests = raise_work_orders(office_desk, checked)
    assert [r.id for r in requests] == [RequestId(f"REQ-00000{n}") for n in (1, 2, 3)]
    desired = [r.details.desired_by for r in requests]
    assert desired == [datetime(2025, 1, 9 + n, 18, tzinfo=UTC) for n in range(3)]
