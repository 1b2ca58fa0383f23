"""The depreciation of an asset in the register, read from its particulars and its history.

An :class:`~backoffice.domain.assets.Asset` carries what a schedule needs: its cost, residual
value, useful life and the name of its depreciation method (its particulars), the day it went
into service (its commissioning), its meter readings (for units of production) and, once it
left the register, the disposal day and proceeds. These functions read them:

* :func:`basis_of` -- the :class:`DepreciationBasis` of a commissioned asset;
* :func:`meter_usage` -- an asset's usage on a meter between two days, from its readings;
* :func:`asset_depreciation` -- the asset's schedule under its own method (or another);
* :func:`disposal_of` -- what the disposal of a disposed asset gave (book value, gain or loss).

Example:
    >>> from datetime import UTC, date, datetime
    >>> from backoffice.domain.assets import Asset, AssetParticulars, Custody
    >>> from backoffice.domain.requests import RequestLocation
    >>> from backoffice.values import ActorId, AssetId, DepartmentId, Money
    >>> at = datetime(2025, 1, 15, 9, tzinfo=UTC)
    >>> van = Asset.register(AssetId("AST-1"), particulars=AssetParticulars(
    ...     name="Van", category="vehicle", location=RequestLocation("Depot"),
    ...     custody=Custody(DepartmentId("DEP-FLEET")), criticality="medium",
    ...     cost=Money("120000.00", "CNY"), acquired_on=date(2025, 1, 10),
    ...     useful_life_months=60, residual_value=Money("6000.00", "CNY")),
    ...     actor=ActorId("clerk"), at=at)
    >>> van.commission(actor=ActorId("clerk"), at=at, in_service_on=date(2025, 1, 15))
    >>> schedule = asset_depreciation(van)
    >>> str(schedule.lines[0].charge), str(schedule.total_charged)
    ('1041.94 CNY', '114000.00 CNY')
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from backoffice.domain.assets import Asset, MeterKind
from backoffice.errors import ValidationError
from backoffice.policies.depreciation import changes as ch
from backoffice.policies.depreciation.methods import (
    DepreciationPolicy,
    depreciation_policy_from_dict,
)
from backoffice.policies.depreciation.periods import ProRata
from backoffice.policies.depreciation.schedule import (
    DepreciationBasis,
    DepreciationSchedule,
    DisposalOutcome,
    UsageBetween,
    depreciation_schedule,
)
from backoffice.values import inputs
from backoffice.values.instant import utc

__all__ = ["asset_depreciation", "basis_of", "disposal_of", "meter_usage"]


def _asset(value: object) -> Asset:
    if not isinstance(value, Asset):
        raise ValidationError(f"expected an Asset, got {type(value).__name__}", field="asset")
    return value


def basis_of(
    asset: Asset, *, pro_rata: ProRata | str = ProRata.DAILY, months_per_period: int = 1
) -> DepreciationBasis:
    """The depreciation basis of ``asset``: its cost, residual value, life and service day.

    Raises:
        ValidationError: The asset was never commissioned (it has no first day of service).
    """
    asset = _asset(asset)
    if asset.in_service_on is None:
        raise ValidationError(
            f"{asset.id} is not in service yet: it depreciates from its commissioning",
            field="asset",
        )
    p = asset.particulars
    return DepreciationBasis(
        cost=p.cost,
        residual_value=p.residual_value,
        in_service_on=asset.in_service_on,
        life_months=p.useful_life_months,
        pro_rata=inputs.choice(pro_rata, ProRata, "pro_rata"),
        months_per_period=inputs.whole_number(months_per_period, "months_per_period"),
    )


def meter_usage(asset: Asset, meter: MeterKind | str) -> UsageBetween:
    """The asset's usage on ``meter`` in the days ``[start, end)``, from its readings.

    A day's usage is counted as known at its start: the usage of the last reading taken
    before midnight (UTC) opening the day. Readings are kept as they were recorded, so a
    replaced meter counts across the replacement.

    Raises:
        MeterNotFitted: The asset has no such meter.
    """
    readings = _asset(asset).readings(meter)
    instants = [utc(reading.read_at) for reading in readings]
    usages = [reading.usage for reading in readings]

    def usage_at(day: date) -> Decimal:
        index = bisect_left(instants, datetime.combine(day, time(), tzinfo=UTC))
        return usages[index - 1] if index else Decimal(0)

    def between(start: date, end: date) -> Decimal:
        return usage_at(end) - usage_at(start)

    return between


def asset_depreciation(
    asset: Asset,
    *,
    method: DepreciationPolicy | None = None,
    settings: Mapping[str, Any] | None = None,
    changes: Iterable[ch.DepreciationChange] = (),
    usage: UsageBetween | None = None,
    pro_rata: ProRata | str = ProRata.DAILY,
    months_per_period: int = 1,
) -> DepreciationSchedule:
    """The depreciation schedule of a commissioned asset.

    Args:
        asset: The asset.
        method: The method; by default the one its particulars name, built with
            ``settings`` (``{"rate": "25"}`` for declining balance, ``{"total_units":
            300000}`` for units of production).
        settings: The named method's settings, when ``method`` is not given.
        changes: Prospective changes (revaluation, impairment, life, method, residual).
        usage: Meter usage between two days, for units of production (see
            :func:`meter_usage`).
        pro_rata: How part months count.
        months_per_period: 1 (monthly), 3, 6 or 12.

    Raises:
        ValidationError: The asset is not in service yet.
        PolicyConfigurationError: The named method needs a setting not given (named).
    """
    basis = basis_of(asset, pro_rata=pro_rata, months_per_period=months_per_period)
    if method is None:
        method = depreciation_policy_from_dict(
            {"method": asset.particulars.depreciation, **(settings or {})}
        )
    return depreciation_schedule(basis, method, changes=changes, usage=usage)


def disposal_of(asset: Asset, schedule: DepreciationSchedule) -> DisposalOutcome:
    """What the disposal of ``asset`` gave: book value on its disposal day, gain or loss.

    Raises:
        ValidationError: The asset has not been disposed of.
    """
    disposal = _asset(asset).disposal
    if disposal is None:
        raise ValidationError(f"{asset.id} has not been disposed of", field="asset")
    return schedule.disposal(disposal.disposed_on, disposal.proceeds)
