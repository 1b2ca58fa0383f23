"""Escalation: a step past its deadline on the business calendar opens to a higher role.

Seed: the logistics officer makes the first review within 1 working day (需求初审：1个工作日内).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from backoffice import ActorId, DepartmentId, InvalidTransition, Money
from backoffice.calendar import BusinessCalendar, WorkingHours
from backoffice.domain.approvals import (
    LOGISTICS_MANAGER,
    LOGISTICS_OFFICER,
    ApprovalDocument,
    ApprovalEscalated,
    ApprovalRequest,
    ApprovalStatus,
    Deadline,
    DocumentId,
    DocumentKind,
    NoEligibleApprover,
    StepAssignment,
    StepSpec,
)
from backoffice.domain.budgets import REPAIRS_AND_MAINTENANCE

SHANGHAI = ZoneInfo("Asia/Shanghai")
LI, CHEN, LIU = ActorId("li"), ActorId("chen"), ActorId("liu")
OFFICE = BusinessCalendar(
    timezone="Asia/Shanghai",
    working_hours=WorkingHours.weekdays("09:00-12:00", "13:00-18:00"),
    holidays=holidays.country_holidays("CN", years=range(2024, 2028)),
)
FIRST_REVIEW = StepSpec(
    LOGISTICS_OFFICER, deadline=Deadline.working_days(1), escalate_to=LOGISTICS_MANAGER
)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def submit(raised: datetime, calendar: BusinessCalendar = OFFICE) -> ApprovalRequest:
    document = ApprovalDocument(
        id=DocumentId("REQ-88"),
        kind=DocumentKind.REQUISITION,
        amount=Money("2400", "CNY"),
        category=REPAIRS_AND_MAINTENANCE,
        department=DepartmentId("DEP-ADMIN"),
        requester=LI,
    )
    return ApprovalRequest.submit(
        document, [StepAssignment(FIRST_REVIEW, {CHEN})], calendar=calendar, at=raised
    )


def test_the_first_review_is_due_by_the_close_of_the_next_working_day() -> None:
    request = submit(at(2025, 9, 26, 16, 0))  # Friday before National Day
    # Saturday 27 September is off; Sunday 28 September is a make-up working day (调休).
    assert request.due == at(2025, 9, 28, 18, 0)
    assert not request.is_overdue(at(2025, 9, 28, 17, 59))
    assert request.is_overdue(at(2025, 9, 28, 18, 0))


def test_an_overdue_step_escalates_and_the_escalation_role_may_approve() -> None:
    request = submit(at(2025, 3, 3, 10, 0))  # Monday: due Tuesday 18:00
    with pytest.raises(InvalidTransition, match="not overdue"):
        request.escalate({LIU}, actor=ActorId("scheduler"), at=at(2025, 3, 4, 17, 0))
    request.escalate({LIU}, actor=ActorId("scheduler"), at=at(2025, 3, 4, 18, 0))
    escalated = request.collect_events()[-1]
    assert isinstance(escalated, ApprovalEscalated)
    assert (escalated.escalated_to, escalated.approvers) == (LOGISTICS_MANAGER, (LIU,))
    assert escalated.was_due == at(2025, 3, 4, 18, 0)
    assert request.eligible() == {CHEN, LIU}
    assert request.due is None
    with pytest.raises(InvalidTransition, match="escalated already"):
        request.escalate({LIU}, actor=ActorId("scheduler"), at=at(2025, 3, 5, 9, 0))
    request.approve(LIU, at=at(2025, 3, 5, 9, 30))
    assert request.status is ApprovalStatus.APPROVED


def test_escalation_needs_someone_besides_the_requester() -> None:
    request = submit(at(2025, 3, 3, 10, 0))
    with pytest.raises(NoEligibleApprover):
        request.escalate({LI}, actor=ActorId("scheduler"), at=at(2025, 3, 5, 9, 0))


def test_on_a_round_the_clock_calendar_one_working_day_is_the_whole_next_day() -> None:
    request = submit(at(2025, 3, 8, 10, 0), BusinessCalendar.always("Asia/Shanghai"))
    assert request.due == at(2025, 3, 10, 0, 0)


def test_a_deadline_in_working_hours_skips_nights_and_weekends() -> None:
    assert Deadline.working_hours(4).due(at(2025, 3, 7, 16, 0), OFFICE) == at(2025, 3, 10, 11, 0)
    assert str(Deadline.working_hours(4)) == "4 working hours"
    assert Deadline.working_days(1).due(at(2025, 3, 7, 16, 0), OFFICE) - at(
        2025, 3, 10, 18, 0
    ) == timedelta(0)
