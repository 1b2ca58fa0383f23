"""The asset register: an asset's life, its meters, transfers, warranty and repair history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from backoffice.calendar import BusinessCalendar
from backoffice.domain.assets import (
    Asset,
    AssetDisposed,
    AssetNotFound,
    AssetParticulars,
    AssetState,
    Custody,
    MeterNotFitted,
    MeterReadingWentBack,
    Warranty,
    frequently_repaired,
    repair_histories,
)
from backoffice.domain.requests import Criticality, RequestLocation
from backoffice.errors import InvalidTransition, ValidationError
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.policies.warranty import DatedWarrantyPolicy
from backoffice.services import ServiceDesk
from backoffice.services.assets import AssetRegister
from backoffice.values import ActorId, AssetId, DepartmentId, Money, SupplierId

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
CLERK = ActorId("asset-clerk")
ADMIN = DepartmentId("DEP-ADMIN")
LIFT_CO = SupplierId("SUP-LIFT")


def particulars(**changes: object) -> AssetParticulars:
    values: dict[str, object] = {
        "name": "Passenger lift 2",
        "category": "Lift",
        "location": RequestLocation("HQ", "Core B"),
        "custody": Custody(ADMIN, ActorId("wang")),
        "criticality": "high",
        "cost": Money("360000.00", "CNY"),
        "acquired_on": date(2025, 2, 20),
        "useful_life_months": 180,
        "residual_value": Money("18000.00", "CNY"),
        "warranty": Warranty(date(2027, 2, 28), LIFT_CO),
        "meters": ("cycles", "hours"),
    }
    values.update(changes)
    return AssetParticulars(**values)  # type: ignore[arg-type]


def lift() -> Asset:
    return Asset.register(AssetId("AST-000001"), particulars=particulars(), actor=CLERK, at=T0)


def test_particulars_read_words_case_insensitively_and_sort_meters() -> None:
    p = particulars(criticality="HIGH", meters=("hours", "CYCLES"))
    assert p.criticality is Criticality.HIGH
    assert [m.value for m in p.meters] == ["cycles", "hours"]
    assert p.category == "lift"


def test_a_residual_value_above_the_cost_is_refused() -> None:
    with pytest.raises(ValidationError, match="residual value"):
        particulars(residual_value=Money("400000.00", "CNY"))


def test_an_unknown_criticality_lists_the_valid_words() -> None:
    with pytest.raises(ValidationError, match="'low', 'medium', 'high', 'critical'"):
        particulars(criticality="vital")


def test_an_asset_goes_from_planned_to_disposed_recording_one_event_per_step() -> None:
    asset = lift()
    asset.commission(actor=CLERK, at=T0, in_service_on=date(2025, 3, 3))
    asset.start_repair(actor=CLERK, at=T0 + timedelta(days=30), reason="doors stick")
    asset.complete_repair(actor=CLERK, at=T0 + timedelta(days=31))
    asset.take_out_of_service(actor=CLERK, at=T0 + timedelta(days=60), reason="refurbishment")
    asset.return_to_service(actor=CLERK, at=T0 + timedelta(days=90))
    asset.dispose(
        actor=CLERK,
        at=T0 + timedelta(days=400),
        kind="SOLD",
        disposed_on=date(2026, 4, 7),
        reason="replaced",
        proceeds=Money("150000.00", "CNY"),
    )
    names = [e.name for e in asset.collect_events()]
    assert names == [
        "AssetRegistered",
        "AssetCommissioned",
        "AssetRepairStarted",
        "AssetRepairCompleted",
        "AssetServiceSuspended",
        "AssetServiceResumed",
        "AssetDisposed",
    ]
    assert asset.state is AssetState.DISPOSED
    assert isinstance(asset.disposal, AssetDisposed)


def test_a_planned_asset_cannot_go_under_repair_and_nothing_is_recorded() -> None:
    asset = lift()
    asset.collect_events()
    with pytest.raises(
        InvalidTransition, match="cannot start repair AST-000001 while it is planned"
    ):
        asset.start_repair(actor=CLERK, at=T0, reason="noise")
    assert asset.collect_events() == []
    assert asset.version == 1


def test_a_disposed_asset_cannot_be_transferred() -> None:
    asset = lift()
    asset.dispose(actor=CLERK, at=T0, kind="lost", disposed_on=date(2025, 3, 3), reason="stolen")
    with pytest.raises(InvalidTransition):
        asset.transfer(actor=CLERK, at=T0, reason="move", location=RequestLocation("Plant 2"))


def test_a_transfer_changes_custody_and_place() -> None:
    asset = lift()
    asset.transfer(
        actor=CLERK, at=T0, reason="moved to plant", custody=Custody(DepartmentId("DEP-OPS")),
        location=RequestLocation("Plant 2", "Hall"),
    )  # fmt: skip
    assert asset.location == RequestLocation("Plant 2", "Hall")
    assert asset.custody.department == DepartmentId("DEP-OPS")


def test_a_transfer_to_where_it_already_is_is_refused() -> None:
    with pytest.raises(ValidationError, match="already kept"):
        lift().transfer(actor=CLERK, at=T0, reason="none", location=RequestLocation("HQ", "Core B"))


def test_a_lower_meter_reading_is_refused_unless_the_meter_was_replaced() -> None:
    asset = lift()
    asset.record_reading(actor=CLERK, at=T0, meter="hours", reading=100)
    asset.record_reading(actor=CLERK, at=T0 + timedelta(days=1), meter="hours", reading=124)
    before = asset.version
    with pytest.raises(MeterReadingWentBack) as refused:
        asset.record_reading(actor=CLERK, at=T0 + timedelta(days=2), meter="hours", reading=5)
    assert (refused.value.last, refused.value.reading) == (Decimal(124), Decimal(5))
    assert asset.version == before
    asset.record_reading(
        actor=CLERK, at=T0 + timedelta(days=2), meter="hours", reading=0, replacement=True
    )
    asset.record_reading(actor=CLERK, at=T0 + timedelta(days=3), meter="hours", reading=10)
    assert asset.usage("hours") == Decimal(34)  # 24 on the old meter, 10 on the new one


def test_a_reading_for_a_meter_the_asset_lacks_is_refused() -> None:
    with pytest.raises(MeterNotFitted, match="no km meter"):
        lift().record_reading(actor=CLERK, at=T0, meter="km", reading=1)


def test_a_reading_taken_before_the_last_one_is_refused() -> None:
    asset = lift()
    asset.record_reading(actor=CLERK, at=T0, meter="cycles", reading=10)
    with pytest.raises(ValidationError, match="before the last one"):
        asset.record_reading(actor=CLERK, at=T0 - timedelta(hours=1), meter="cycles", reading=11)


def test_a_replayed_asset_equals_the_original() -> None:
    asset = lift()
    asset.commission(actor=CLERK, at=T0, in_service_on=date(2025, 3, 3))
    asset.record_reading(actor=CLERK, at=T0, meter="hours", reading=7)
    asset.regrade(actor=CLERK, at=T0, criticality="critical", reason="only lift to the clinic")
    events = asset.collect_events()
    assert Asset.replay(events) == asset


def test_a_refused_registration_consumes_no_id() -> None:
    register = AssetRegister()
    with pytest.raises(ValidationError):
        register.register(particulars(), actor=CLERK, at=datetime(2025, 3, 3, 9, 0))  # naive
    assert register.register(particulars(), actor=CLERK, at=T0).id == AssetId("AST-000001")


def test_a_restored_register_continues_after_the_ids_it_issued() -> None:
    register = AssetRegister()
    first = register.register(particulars(), actor=CLERK, at=T0)
    with register.working_on(first.id) as asset:
        asset.commission(actor=CLERK, at=T0, in_service_on=date(2025, 3, 3))
    register.register(particulars(name="Boiler"), actor=CLERK, at=T0)
    restored = AssetRegister.restore(register.collect_events())
    assert restored.get(first.id) == register.get(first.id)
    assert restored.register(particulars(), actor=CLERK, at=T0).id == AssetId("AST-000003")


def test_an_unknown_asset_is_not_found() -> None:
    with pytest.raises(AssetNotFound):
        AssetRegister().get("AST-404")


def test_the_service_desk_reads_criticality_from_the_register() -> None:
    register = AssetRegister()
    asset = register.register(particulars(criticality="critical"), actor=CLERK, at=T0)
    desk = ServiceDesk(
        TieredSlaPolicy.seed(BusinessCalendar.always()), asset_register=register.criticality_of
    )
    request = desk.submit(
        channel="oa_system", category="repair", description="lift stuck between floors",
        location=asset.location, requester=ActorId("zhao"), at=T0, asset=asset.id,
    )  # fmt: skip
    assert request.details.asset_criticality is Criticality.CRITICAL
    assert register.criticality_of(AssetId("AST-404")) is None


def test_a_repair_under_warranty_is_flagged_and_routed_to_the_warrantor() -> None:
    policy = DatedWarrantyPolicy.seed()
    check = policy.check(lift(), reported_on=date(2027, 2, 28))
    assert check.under_warranty
    assert check.warrantor == LIFT_CO
    assert check.assignee is not None
    assert check.assignee.key == str(LIFT_CO)
    assert not policy.check(lift(), reported_on=date(2027, 3, 1)).under_warranty


def test_a_grace_period_extends_the_warranty_check() -> None:
    policy = DatedWarrantyPolicy.from_dict({"grace_days": 7, "route_to_warrantor": False})
    check = policy.check(lift(), reported_on=date(2027, 3, 7))
    assert check.under_warranty
    assert check.assignee is None


def test_a_malformed_warranty_policy_names_the_field() -> None:
    with pytest.raises(ValidationError) as error:
        DatedWarrantyPolicy.from_dict({"grace_days": -1})
    assert error.value.field == "grace_days"


def test_repair_history_counts_repairs_downtime_and_cost_and_ranks_the_frequent() -> None:
    from backoffice.domain.requests import Assignee, CostLine

    desk = ServiceDesk(TieredSlaPolicy.seed(BusinessCalendar.always()))
    tech = ActorId("tech")

    def repair(asset: str, start: datetime, hours: int, cost: str | None) -> None:
        request = desk.submit(
            channel="oa_system", category="repair", description="broken", requester=tech,
            location=RequestLocation("HQ"), at=start, asset=AssetId(asset),
        )  # fmt: skip
        desk.accept(request.id, actor=tech, at=start, tier="routine")
        if cost is None:
            return
        lines = (CostLine("parts", Money(cost, "CNY")),)
        with desk.working_on(request.id) as r:
            r.assign(actor=tech, at=start, assignee=Assignee.person(tech))
            r.start(actor=tech, at=start)
            r.resolve(
                actor=tech, at=start + timedelta(hours=hours), resolution="done", cost_lines=lines
            )

    repair("AST-1", T0, 4, "100.00")
    repair("AST-1", T0 + timedelta(days=5), 2, "50.50")
    repair("AST-2", T0, 30, "900.00")
    repair("AST-1", T0 + timedelta(days=9), 0, None)  # still open
    events = desk.collect_events()
    histories = repair_histories(events, as_of=T0 + timedelta(days=9, hours=1))
    one = histories[AssetId("AST-1")]
    assert (one.repairs, one.downtime, one.cost) == (
        3, timedelta(hours=7), Money("150.50", "CNY"),
    )  # fmt: skip
    ranking = frequently_repaired(histories.values(), at_least=1)
    assert [h.asset for h in ranking] == [AssetId("AST-1"), AssetId("AST-2")]
    assert frequently_repaired(histories.values(), at_least=2) == [one]
