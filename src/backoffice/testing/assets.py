"""Hypothesis strategies for the asset register: particulars, assets and their event histories.

Example:
    >>> from hypothesis import given, settings
    >>> from backoffice.testing.assets import asset_particulars
    >>> @settings(max_examples=10)
    ... @given(asset_particulars())
    ... def test_residual_never_exceeds_cost(p):
    ...     assert p.residual_value <= p.cost
    >>> test_residual_never_exceeds_cost()
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from backoffice.domain.assets import (
    Asset,
    AssetParticulars,
    Custody,
    DisposalKind,
    MeterKind,
    Warranty,
)
from backoffice.domain.maintenance import Frequency, Recurrence
from backoffice.domain.requests import Criticality, RequestLocation
from backoffice.policies.depreciation import (
    DecliningBalance,
    DepreciationBasis,
    DepreciationChange,
    DepreciationPolicy,
    DoubleDecliningBalance,
    Impairment,
    MethodChange,
    ProRata,
    ResidualValueChange,
    Revaluation,
    StraightLine,
    UsefulLifeChange,
)
from backoffice.values.ids import ActorId, AssetId, DepartmentId, SupplierId
from backoffice.values.money import Money
from backoffice.values.percent import Percent

__all__ = [
    "asset_events",
    "asset_particulars",
    "assets",
    "custodies",
    "depreciation_bases",
    "depreciation_changes",
    "locations",
    "recurrences",
    "time_based_methods",
    "warranties",
]

_START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
_CLERK = ActorId("asset-clerk")


def custodies() -> st.SearchStrategy[Custody]:
    """A custodian department, with or without a named person."""
    return st.builds(
        Custody,
        st.sampled_from(
            [DepartmentId("DEP-ADMIN"), DepartmentId("DEP-IT"), DepartmentId("DEP-OPS")]
        ),
        st.none() | st.sampled_from([ActorId("li"), ActorId("wang")]),
    )


def locations() -> st.SearchStrategy[RequestLocation]:
    """A site and a place."""
    return st.builds(
        RequestLocation, st.sampled_from(["HQ", "Plant 2"]), st.sampled_from(["", "B1", "Roof"])
    )


def warranties(after: date = date(2025, 1, 1)) -> st.SearchStrategy[Warranty]:
    """A warranty ending within three years of ``after``, given by one of two suppliers."""
    return st.builds(
        Warranty,
        st.integers(0, 3 * 365).map(lambda d: after + timedelta(days=d)),
        st.sampled_from([SupplierId("SUP-1"), SupplierId("SUP-2")]),
    )


@st.composite
def asset_particulars(draw: st.DrawFn, currency: str = "CNY") -> AssetParticulars:
    """Valid particulars: a cost up to 1,000,000.00, a residual value not above it."""
    cents = draw(st.integers(1, 100_000_000))
    residual = draw(st.integers(0, cents))
    acquired = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 730)))
    return AssetParticulars(
        name=draw(st.sampled_from(["Lift 2", "Boiler", "Van", "Chiller", "Printer"])),
        category=draw(st.sampled_from(["lift", "boiler", "vehicle", "hvac", "office"])),
        location=draw(locations()),
        custody=draw(custodies()),
        criticality=draw(st.sampled_from(list(Criticality))),
        cost=Money.from_minor_units(cents, currency),
        acquired_on=acquired,
        useful_life_months=draw(st.integers(1, 240)),
        residual_value=Money.from_minor_units(residual, currency),
        warranty=draw(st.none() | warranties(acquired)),
        meters=tuple(draw(st.sets(st.sampled_from(list(MeterKind))))),
    )


@st.composite
def assets(draw: st.DrawFn, steps: int = 8) -> Asset:
    """A registered asset taken through up to ``steps`` valid actions (events pending)."""
    particulars = draw(asset_particulars())
    asset = Asset.register(
        AssetId(f"AST-{draw(st.integers(1, 999)):06d}"),
        particulars=particulars,
        actor=_CLERK,
        at=_START,
    )
    at = _START
    for _ in range(draw(st.integers(0, steps))):
        at += timedelta(hours=draw(st.integers(1, 500)))
        options = _options(asset)
        if not options:
            break
        action = draw(st.sampled_from(options))
        _take(draw, asset, action, at)
    return asset


def asset_events(steps: int = 8) -> st.SearchStrategy[list[object]]:
    """The whole event history of an asset built by :func:`assets`."""
    return assets(steps).map(lambda a: list(a.collect_events()))


def _options(asset: Asset) -> list[str]:
    from backoffice.domain.assets import ASSET_TRANSITIONS  # noqa: PLC0415

    options = [
        action.value for action, (allowed, _) in ASSET_TRANSITIONS.items() if asset.state in allowed
    ]
    if not asset.meters and "record a meter reading" in options:
        options.remove("record a meter reading")
    return options


def _take(draw: st.DrawFn, asset: Asset, action: str, at: datetime) -> None:
    if action == "commission":
        start = max(asset.particulars.acquired_on, at.date())
        asset.commission(actor=_CLERK, at=at, in_service_on=start)
    elif action == "start repair":
        asset.start_repair(actor=_CLERK, at=at, reason="fault reported")
    elif action == "complete repair":
        asset.complete_repair(actor=_CLERK, at=at, note="fixed")
    elif action == "take out of service":
        asset.take_out_of_service(actor=_CLERK, at=at, reason="idle")
    elif action == "return to service":
        asset.return_to_service(actor=_CLERK, at=at)
    elif action == "dispose":
        kind = draw(st.sampled_from(list(DisposalKind)))
        proceeds = (
            Money("100.00", asset.particulars.cost.currency) if kind is DisposalKind.SOLD else None
        )
        day = max(asset.particulars.acquired_on, at.date())
        asset.dispose(
            actor=_CLERK, at=at, kind=kind, disposed_on=day, reason="end", proceeds=proceeds
        )
    elif action == "transfer":
        location = draw(locations())
        custody = draw(custodies())
        if (custody, location) != (asset.custody, asset.location):
            asset.transfer(actor=_CLERK, at=at, reason="moved", custody=custody, location=location)
    elif action == "regrade":
        grade = draw(st.sampled_from([c for c in Criticality if c is not asset.criticality]))
        asset.regrade(actor=_CLERK, at=at, criticality=grade, reason="reviewed")
    else:
        meter = draw(st.sampled_from(asset.meters))
        step = Decimal(draw(st.integers(0, 5_000)))
        asset.record_reading(actor=_CLERK, at=at, meter=meter, reading=_last(asset, meter) + step)


def _last(asset: Asset, meter: MeterKind) -> Decimal:
    readings = asset.readings(meter)
    return readings[-1].reading if readings else Decimal(0)


# -- depreciation ------------------------------------------------------------------------------


@st.composite
def depreciation_bases(draw: st.DrawFn, currency: str = "CNY") -> DepreciationBasis:
    """A cost up to 10,000,000.00, a residual not above it, a life of 1 to 240 months."""
    cents = draw(st.integers(0, 1_000_000_000))
    return DepreciationBasis(
        cost=Money.from_minor_units(cents, currency),
        residual_value=Money.from_minor_units(draw(st.integers(0, cents)), currency),
        in_service_on=draw(st.dates(date(2020, 1, 1), date(2030, 12, 31))),
        life_months=draw(st.integers(1, 240)),
        pro_rata=draw(st.sampled_from(list(ProRata))),
        months_per_period=draw(st.sampled_from([1, 1, 3, 12])),
    )


def time_based_methods() -> st.SearchStrategy[DepreciationPolicy]:
    """Methods that depreciate down to the residual value by the end of the life."""
    return st.one_of(
        st.just(StraightLine()),
        st.just(DoubleDecliningBalance()),
        st.integers(1, 100).map(lambda rate: DecliningBalance(Percent(rate))),
    )


@st.composite
def depreciation_changes(
    draw: st.DrawFn, basis: DepreciationBasis, count: int = 3
) -> list[DepreciationChange]:
    """Up to ``count`` prospective changes within the basis's life."""
    changes: list[DepreciationChange] = []
    currency = basis.cost.currency
    for _ in range(draw(st.integers(0, count))):
        effective = basis.in_service_on + timedelta(
            days=draw(st.integers(0, 30 * basis.life_months))
        )
        amount = Money.from_minor_units(draw(st.integers(0, 100_000_000)), currency)
        kind = draw(st.sampled_from(["revalue", "impair", "life", "method", "residual"]))
        if kind == "revalue":
            changes.append(Revaluation(effective, amount))
        elif kind == "impair":
            changes.append(Impairment(effective, amount))
        elif kind == "life":
            elapsed = (effective.year - basis.in_service_on.year) * 12 + effective.month
            elapsed -= basis.in_service_on.month
            elapsed += basis.months_per_period + 1  # the change takes effect at a period start
            changes.append(UsefulLifeChange(effective, elapsed + draw(st.integers(1, 60))))
        elif kind == "method":
            changes.append(MethodChange(effective, draw(time_based_methods())))
        else:
            changes.append(ResidualValueChange(effective, amount))
    return changes


# -- maintenance -------------------------------------------------------------------------------


@st.composite
def recurrences(draw: st.DrawFn) -> Recurrence:
    """A recurrence of any kind: intervals, nth weekdays, half-monthly, seasonal windows."""
    kind = draw(st.sampled_from(["interval", "nth_weekday", "half_monthly", "monthly_days"]))
    if kind == "interval":
        unit = draw(st.sampled_from(["days", "weeks", "months", "years"]))
        top = {"days": 45, "weeks": 8, "months": 12, "years": 2}[unit]
        rule = Recurrence.every(draw(st.integers(1, top)), unit)
    elif kind == "nth_weekday":
        rule = Recurrence.nth_weekday(
            draw(st.sampled_from([1, 2, 3, -1])),
            draw(st.integers(0, 6)),
            every_months=draw(st.integers(1, 3)),
        )
    elif kind == "half_monthly":
        rule = Recurrence.half_monthly()
    else:
        days = draw(st.lists(st.sampled_from([1, 10, 20, 28, -1]), min_size=1, max_size=3))
        rule = Recurrence(frequency=Frequency.MONTHLY, month_days=tuple(days))
    if draw(st.booleans()) and rule.frequency is not Frequency.YEARLY:
        months = draw(st.sets(st.integers(1, 12), min_size=1, max_size=6))
        if rule.frequency is Frequency.MONTHLY and rule.interval > 1:
            # A window of `interval` months in a row: every phase of the rule meets it (every
            # 2 months from January but only in February would never fall due).
            first = draw(st.integers(1, 12))
            months |= {(first + k - 1) % 12 + 1 for k in range(rule.interval)}
        rule = rule.within_months(*sorted(months))
    return rule
