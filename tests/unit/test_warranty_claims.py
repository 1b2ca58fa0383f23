"""A repair under warranty is flagged on the request and routed to the warrantor."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from backoffice.calendar import BusinessCalendar
from backoffice.domain.assets import AssetParticulars, Custody, Warranty
from backoffice.domain.requests import (
    Assignee,
    ProgressNoted,
    RequestAssigned,
    RequestLocation,
    RequestState,
)
from backoffice.errors import InvalidTransition, ValidationError
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.policies.warranty import DatedWarrantyPolicy
from backoffice.services import ServiceDesk
from backoffice.services.assets import AssetRegister
from backoffice.services.warranty_claims import review_warranty
from backoffice.values import ActorId, AssetId, DepartmentId, Money, RequestId, SupplierId

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
CLERK = ActorId("asset-clerk")
LIFT_CO = SupplierId("SUP-LIFT")
HQ = RequestLocation("HQ", "Core B")


def office(warranty_until: date) -> tuple[ServiceDesk, AssetRegister, AssetId]:
    register = AssetRegister()
    lift = register.register(
        AssetParticulars(
            name="Passenger lift 2", category="lift", location=HQ,
            custody=Custody(DepartmentId("DEP-ADMIN")), criticality="high",
            cost=Money("360000.00", "CNY"), acquired_on=date(2025, 1, 1),
            useful_life_months=180, residual_value=Money("0.00", "CNY"),
            warranty=Warranty(warranty_until, LIFT_CO),
        ),
        actor=CLERK, at=T0,
    )  # fmt: skip
    desk = ServiceDesk(TieredSlaPolicy.seed(BusinessCalendar.always()))
    return desk, register, lift.id


def fault(desk: ServiceDesk, asset: AssetId | None, *, accept: bool = True) -> RequestId:
    request = desk.submit(
        channel="oa_system", category="repair", description="lift doors stick",
        location=HQ, requester=ActorId("zhao"), at=T0, asset=asset,
    )  # fmt: skip
    if accept:
        desk.accept(request.id, actor=CLERK, at=T0, tier="important")
    desk.collect_events()
    return request.id


def test_a_covered_repair_is_flagged_and_assigned_to_the_warrantor() -> None:
    desk, register, lift = office(date(2026, 1, 31))
    request = fault(desk, lift)

    check = review_warranty(desk, register, request, actor=CLERK, at=T0)

    assert check.under_warranty
    assert check.warrantor == LIFT_CO
    events = desk.collect_events()
    assert [type(e) for e in events] == [ProgressNoted, RequestAssigned]
    note = events[0]
    assert isinstance(note, ProgressNoted)
    assert "Under warranty until 2026-01-31" in note.note.text
    assert str(LIFT_CO) in note.note.text
    assert desk.get(request).state is RequestState.ASSIGNED
    assert desk.get(request).assignee == Assignee.supplier(LIFT_CO)


def test_a_policy_that_does_not_route_only_flags() -> None:
    desk, register, lift = office(date(2026, 1, 31))
    request = fault(desk, lift)
    policy = DatedWarrantyPolicy.from_dict({"route_to_warrantor": False})

    review_warranty(desk, register, request, actor=CLERK, at=T0, policy=policy)

    assert [type(e) for e in desk.collect_events()] == [ProgressNoted]
    assert desk.get(request).state is RequestState.ACCEPTED


def test_a_repair_out_of_warranty_changes_nothing() -> None:
    desk, register, lift = office(date(2025, 2, 28))
    request = fault(desk, lift)

    check = review_warranty(desk, register, request, actor=CLERK, at=T0)

    assert not check.under_warranty
    assert check.until == date(2025, 2, 28)
    assert desk.collect_events() == []


def test_a_request_not_yet_accepted_or_naming_no_asset_is_refused_unchanged() -> None:
    desk, register, lift = office(date(2026, 1, 31))
    waiting = fault(desk, lift, accept=False)
    with pytest.raises(InvalidTransition):
        review_warranty(desk, register, waiting, actor=CLERK, at=T0)
    anonymous = fault(desk, None)
    with pytest.raises(ValidationError, match="names no asset"):
        review_warranty(desk, register, anonymous, actor=CLERK, at=T0)
    assert desk.collect_events() == []
