"""Meter readings and repair downtime count instants, not wall-clock readings, across DST."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from backoffice.calendar import BusinessCalendar
from backoffice.domain.assets import (
    Asset,
    AssetParticulars,
    Custody,
    repair_histories,
    usage_rate,
)
from backoffice.domain.requests import RequestLocation
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.services import ServiceDesk
from backoffice.values import ActorId, AssetId, DepartmentId, Money

NEW_YORK = ZoneInfo("America/New_York")
CLERK = ActorId("clerk")
#: 2 November 2025, 01:50 EDT, then (clocks back at 02:00 EDT) 01:10 EST, 20 minutes later.
BEFORE_FALL_BACK = datetime(2025, 11, 2, 1, 50, tzinfo=NEW_YORK)
AFTER_FALL_BACK = datetime(2025, 11, 2, 1, 10, fold=1, tzinfo=NEW_YORK)


def generator() -> Asset:
    return Asset.register(
        AssetId("AST-1"),
        particulars=AssetParticulars(
            name="Standby generator", category="power", location=RequestLocation("HQ"),
            custody=Custody(DepartmentId("DEP-FM")), criticality="high",
            cost=Money("50000.00", "USD"), acquired_on=date(2025, 1, 1),
            useful_life_months=120, residual_value=Money("0.00", "USD"), meters=("hours",),
        ),
        actor=CLERK, at=datetime(2025, 1, 1, 9, tzinfo=NEW_YORK),
    )  # fmt: skip


def test_a_reading_taken_after_the_clocks_go_back_is_later_not_earlier() -> None:
    asset = generator()
    asset.record_reading(actor=CLERK, at=BEFORE_FALL_BACK, meter="hours", reading=100)
    asset.record_reading(actor=CLERK, at=AFTER_FALL_BACK, meter="hours", reading=101)
    assert asset.usage("hours") == 1


def test_the_usage_rate_counts_the_hour_the_clocks_went_back() -> None:
    asset = generator()
    noon_edt = datetime(2025, 11, 1, 12, tzinfo=NEW_YORK)
    noon_est = datetime(2025, 11, 2, 12, tzinfo=NEW_YORK)  # 25 hours later
    asset.record_reading(actor=CLERK, at=noon_edt, meter="hours", reading=0)
    asset.record_reading(actor=CLERK, at=noon_est, meter="hours", reading=25)
    assert usage_rate(asset.readings("hours")) == Decimal(24)  # 25 hours over 25/24 days


def test_repair_downtime_across_the_fall_back_is_the_time_that_passed() -> None:
    desk = ServiceDesk(TieredSlaPolicy.seed(BusinessCalendar.always()))
    desk.submit(
        channel="oa_system", category="repair", description="generator will not start",
        location=RequestLocation("HQ"), requester=ActorId("guard"), at=BEFORE_FALL_BACK,
        asset=AssetId("AST-1"),
    )  # fmt: skip
    histories = repair_histories(desk.collect_events(), as_of=AFTER_FALL_BACK)
    assert histories[AssetId("AST-1")].downtime == timedelta(minutes=20)
