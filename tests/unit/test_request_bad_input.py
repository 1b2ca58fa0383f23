"""Bad input at the service desk: a clear library error, and nothing changed (#11)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from backoffice import InvalidChoice, InvalidTransition, NaiveDatetimeError, ValidationError
from backoffice.calendar import BusinessCalendar, WorkingHours
from backoffice.domain.requests import Assignee, RequestLocation, ServiceRequest, Tier
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.services.requests import ServiceDesk
from backoffice.values import ActorId, AssetId, RequestId

SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE = BusinessCalendar("Asia/Shanghai", WorkingHours.weekdays("09:00-12:00", "13:00-18:00"))
LI, CLERK = ActorId("li.na"), ActorId("zhao.lei")
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)
GOOD: dict[str, Any] = {
    "channel": "oa_system",
    "category": "repair",
    "description": "Power cut on floor 3",
    "location": RequestLocation("HQ", "Building A"),
    "requester": LI,
    "at": T0,
}


def new_desk() -> ServiceDesk:
    return ServiceDesk(sla_policy=TieredSlaPolicy.seed(OFFICE))


@pytest.mark.parametrize(
    ("argument", "value", "error", "words"),
    [
        ("location", "HQ", ValidationError, "RequestLocation"),
        ("location", None, ValidationError, "RequestLocation"),
        ("requester", None, ValidationError, "requester"),
        ("requester", 123, ValidationError, "requester"),
        ("requester", AssetId("AST-1"), ValidationError, "ActorId"),
        ("channel", "bogus", InvalidChoice, "phone_hotline"),
        ("category", "bogus", InvalidChoice, "repair"),
        ("description", "  ", ValidationError, "description"),
        ("description", b"leak", ValidationError, "description"),
        ("at", datetime(2025, 3, 3, 9, 0), NaiveDatetimeError, "at"),
        ("asset", RequestId("REQ-1"), ValidationError, "AssetId"),
        ("asset_criticality", "bogus", InvalidChoice, "asset_criticality"),
        ("actor", "", ValidationError, "actor"),
        ("department", 7, ValidationError, "department"),
        ("desired_by", "tomorrow", ValidationError, "desired_by"),
    ],
)
def test_a_refused_submit_names_the_argument_and_consumes_no_id(
    argument: str, value: object, error: type[Exception], words: str
) -> None:
    desk = new_desk()
    with pytest.raises(error, match=words) as raised:
        desk.submit(**(GOOD | {argument: value}))
    assert len(str(raised.value)) < 300
    assert desk.collect_events() == []
    assert desk.watching == 0
    assert desk.submit(**GOOD).id == RequestId("REQ-000001")


def test_enumerations_and_ids_are_read_from_their_text_in_any_case() -> None:
    desk = new_desk()
    request = desk.submit(**(GOOD | {"channel": "PHONE_HOTLINE", "category": " Repair",
                                      "requester": "li.na", "asset": "AST-7"}))  # fmt: skip
    assert request.details.requester == LI
    assert request.details.asset == AssetId("AST-7")
    desk.accept("REQ-000001", actor="zhao.lei", at=T0, tier="Urgent")
    assert request.tier is Tier.URGENT


@pytest.mark.parametrize(
    ("command", "arguments", "error"),
    [
        ("accept", {"tier": "bogus"}, InvalidChoice),
        ("accept", {"actor": None}, ValidationError),
        ("accept", {"at": T0 - timedelta(hours=1)}, InvalidTransition),  # time went backwards
        ("change_tier", {"tier": "bogus", "reason": "x"}, InvalidChoice),
        ("supply_information", {"answer": "x"}, InvalidTransition),  # not returned
    ],
)
def test_a_refused_desk_command_changes_nothing(
    command: str, arguments: dict[str, object], error: type[Exception]
) -> None:
    desk = new_desk()
    request = desk.submit(**GOOD)
    desk.collect_events()
    before = request.snapshot()
    with pytest.raises(error):
        getattr(desk, command)(request.id, **({"actor": CLERK, "at": T0} | arguments))
    assert request.snapshot() == before
    assert desk.collect_events() == []


def test_an_asset_id_is_not_a_request_id() -> None:
    desk = new_desk()
    desk.submit(**GOOD)
    with pytest.raises(ValidationError, match="RequestId"):
        desk.get(AssetId("REQ-000001"))  # type: ignore[arg-type]
    with (
        pytest.raises(ValidationError, match="RequestId"),
        desk.working_on(AssetId("REQ-000001")),  # type: ignore[arg-type]
    ):
        pass
    with pytest.raises(ValidationError, match="RequestId"):
        desk.accept(AssetId("REQ-000001"), actor=CLERK, at=T0)  # type: ignore[arg-type]


def accepted() -> ServiceRequest:
    desk = new_desk()
    request = desk.submit(**GOOD)
    desk.accept(request.id, actor=CLERK, at=T0)
    with desk.working_on(request.id) as work:
        work.assign(actor=CLERK, at=T0, assignee=Assignee.team("electricians"))
        work.start(actor=CLERK, at=T0)
    request.collect_events()
    return request


@pytest.mark.parametrize(
    ("step", "arguments"),
    [
        ("note_progress", {"note": "photo", "attachments": "abc"}),
        ("note_progress", {"note": "photo", "attachments": None}),
        ("note_progress", {"note": "photo", "attachments": [1]}),
        ("note_progress", {"note": None}),
        ("pause", {"reason": "bogus"}),
        ("pause", {"reason": "other", "note": 5}),
        ("resolve", {"resolution": None}),
        ("resolve", {"resolution": "done", "cost_lines": "abc"}),
        ("change_tier", {"tier": "urgent", "targets": "fast", "reason": "x"}),
        ("cancel", {"reason": b"bytes"}),
        ("assign", {"assignee": "electricians"}),
    ],
)
def test_a_refused_step_records_nothing_and_changes_nothing(
    step: str, arguments: dict[str, object]
) -> None:
    request = accepted()
    before = request.snapshot()
    with pytest.raises(ValidationError):
        getattr(request, step)(actor=CLERK, at=T0 + timedelta(minutes=5), **arguments)
    assert request.snapshot() == before
    assert request.collect_events() == []
