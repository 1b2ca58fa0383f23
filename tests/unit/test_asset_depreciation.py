"""An asset's depreciation read from the register: its particulars, service day, meter, sale."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from backoffice.domain.assets import Asset, AssetParticulars, Custody
from backoffice.domain.requests import RequestLocation
from backoffice.errors import PolicyConfigurationError, ValidationError
from backoffice.policies.depreciation import (
    DepreciationBasis,
    StraightLine,
    asset_depreciation,
    basis_of,
    depreciation_schedule,
    disposal_of,
    meter_usage,
)
from backoffice.values import ActorId, AssetId, DepartmentId, Money

CLERK = ActorId("asset-clerk")


def at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC).replace(hour=9)


def van(method: str = "straight_line", *, commissioned: bool = True) -> Asset:
    asset = Asset.register(
        AssetId("AST-1"),
        particulars=AssetParticulars(
            name="Van", category="vehicle", location=RequestLocation("Depot"),
            custody=Custody(DepartmentId("DEP-FLEET")), criticality="medium",
            cost=Money("120000.00", "CNY"), acquired_on=date(2025, 1, 10),
            useful_life_months=60, residual_value=Money("6000.00", "CNY"),
            depreciation=method, meters=("km",),
        ),
        actor=CLERK, at=at(date(2025, 1, 10)),
    )  # fmt: skip
    if commissioned:
        asset.commission(actor=CLERK, at=at(date(2025, 1, 15)), in_service_on=date(2025, 1, 15))
    return asset


def test_the_schedule_comes_from_the_particulars_and_the_commissioning_day() -> None:
    asset = van()
    expected = depreciation_schedule(
        DepreciationBasis(
            cost=Money("120000.00", "CNY"), residual_value=Money("6000.00", "CNY"),
            in_service_on=date(2025, 1, 15), life_months=60,
        ),
        StraightLine(),
    )  # fmt: skip
    assert asset_depreciation(asset) == expected
    assert basis_of(asset, pro_rata="following_month").in_service_on == date(2025, 1, 15)


def test_an_asset_not_yet_in_service_has_no_schedule() -> None:
    with pytest.raises(ValidationError, match="not in service yet"):
        asset_depreciation(van(commissioned=False))


def test_a_named_method_needing_a_setting_names_it() -> None:
    asset = van("declining_balance")
    with pytest.raises(PolicyConfigurationError) as error:
        asset_depreciation(asset)
    assert error.value.field == "rate"
    schedule = asset_depreciation(asset, settings={"rate": "30"})
    assert schedule.method.name == "declining_balance"
    assert schedule.total_charged == Money("114000.00", "CNY")


def test_units_of_production_follow_the_van_s_odometer() -> None:
    asset = van("units_of_production")
    for day, km in ((date(2025, 1, 15), 0), (date(2025, 2, 1), 1000), (date(2025, 3, 1), 3000)):
        asset.record_reading(actor=CLERK, at=at(day), meter="km", reading=km)
    usage = meter_usage(asset, "km")
    assert usage(date(2025, 1, 15), date(2025, 2, 1)) == 0  # the 1 Feb reading is after 00:00
    assert usage(date(2025, 1, 16), date(2025, 2, 2)) == 1000

    schedule = asset_depreciation(asset, settings={"total_units": 100_000}, usage=usage)

    charges = [str(line.charge) for line in schedule.lines[:3]]
    # January (15-31): no km yet; February: 1,000 km of 100,000; March: 2,000 of 99,000 left.
    assert charges == ["0.00 CNY", "1140.00 CNY", "2280.00 CNY"]


def test_a_sold_asset_gives_its_gain_on_the_disposal_day() -> None:
    asset = van()
    asset.dispose(
        actor=CLERK, at=at(date(2026, 7, 1)), kind="sold", disposed_on=date(2026, 7, 1),
        reason="fleet renewal", proceeds=Money("95000.00", "CNY"),
    )  # fmt: skip
    outcome = disposal_of(asset, asset_depreciation(asset))
    assert (outcome.book_value, outcome.gain) == (
        Money("86658.06", "CNY"), Money("8341.94", "CNY"),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="not been disposed"):
        disposal_of(van(), asset_depreciation(van()))
