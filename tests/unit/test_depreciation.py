"""Depreciation examples, figures worked by hand (see docs/concepts/assets.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from backoffice.errors import PolicyConfigurationError, ValidationError
from backoffice.policies.depreciation import (
    DecliningBalance,
    DepreciationBasis,
    DoubleDecliningBalance,
    Impairment,
    MethodChange,
    NoDepreciation,
    ProRata,
    StraightLine,
    UnitsOfProduction,
    UsefulLifeChange,
    depreciation_policy_from_dict,
    depreciation_schedule,
)
from backoffice.values import Money, Percent


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


VAN = DepreciationBasis(
    cost=cny("120000.00"),
    residual_value=cny("6000.00"),
    in_service_on=date(2025, 1, 15),
    life_months=60,
)


def test_straight_line_charges_part_months_by_days_and_full_months_equally() -> None:
    schedule = depreciation_schedule(VAN, StraightLine())
    charges = [line.charge for line in schedule.lines]
    assert len(charges) == 61  # part January 2025 ... part January 2030
    assert charges[0] == cny("1041.94")  # 114,000 / 60 x 17/31
    assert set(charges[1:-1]) == {cny("1900.00")}
    assert charges[-1] == cny("858.06")  # what is left: 14/31 of a month
    assert schedule.total_charged == cny("114000.00")
    assert schedule.lines[-1].period.end == date(2030, 1, 14)


def test_rounding_drift_goes_to_the_last_period() -> None:
    basis = DepreciationBasis(
        cost=cny("10000.00"), residual_value=cny("0"), in_service_on=date(2025, 1, 1),
        life_months=36,
    )  # fmt: skip
    charges = [line.charge for line in depreciation_schedule(basis, StraightLine()).lines]
    assert set(charges[:-1]) == {cny("277.78")}
    assert charges[-1] == cny("277.70")  # 10,000.00 - 35 x 277.78


def test_the_following_month_rule_starts_on_the_first_of_next_month() -> None:
    basis = DepreciationBasis(
        cost=cny("120000.00"), residual_value=cny("6000.00"), in_service_on=date(2025, 1, 15),
        life_months=60, pro_rata=ProRata.FOLLOWING_MONTH,
    )  # fmt: skip
    schedule = depreciation_schedule(basis, StraightLine())
    assert schedule.lines[0].period.start == date(2025, 2, 1)
    assert {line.charge for line in schedule.lines} == {cny("1900.00")}
    assert len(schedule.lines) == 60


def test_quarterly_periods_follow_calendar_quarters() -> None:
    basis = DepreciationBasis(
        cost=cny("12000.00"), residual_value=cny("0"), in_service_on=date(2025, 2, 1),
        life_months=12, months_per_period=3,
    )  # fmt: skip
    lines = depreciation_schedule(basis, StraightLine()).lines
    assert [line.charge for line in lines] == [
        cny("2000.00"), cny("3000.00"), cny("3000.00"), cny("3000.00"), cny("1000.00"),
    ]  # fmt: skip


def test_double_declining_switches_to_straight_line_and_ends_on_the_residual() -> None:
    basis = DepreciationBasis(
        cost=cny("10000.00"), residual_value=cny("1000.00"), in_service_on=date(2025, 1, 1),
        life_months=60,
    )  # fmt: skip
    charges = [line.charge for line in depreciation_schedule(basis, DoubleDecliningBalance()).lines]
    assert charges[0] == cny("333.33")  # 10,000 x 2 / 60
    assert charges[1] == cny("322.22")  # 9,666.67 x 2 / 60
    switch = next(i for i in range(1, 60) if charges[i] == charges[i + 1])
    assert switch == 43  # month 44: straight line over the 17 months left charges more
    assert all(charges[i] < charges[i - 1] for i in range(1, switch))
    tail = [c.amount for c in charges[switch:]]
    assert max(tail) - min(tail) <= Decimal("0.01")  # straight line from there
    assert sum(charges, cny("0")) == cny("9000.00")


def test_declining_balance_leaves_the_rest_to_the_last_period() -> None:
    basis = DepreciationBasis(
        cost=cny("10000.00"), residual_value=cny("500.00"), in_service_on=date(2025, 1, 1),
        life_months=12, months_per_period=12,
    )  # fmt: skip
    lines = depreciation_schedule(basis, DecliningBalance(Percent(25))).lines
    assert [line.charge for line in lines] == [cny("9500.00")]  # one period: the whole life


def test_units_of_production_follows_the_meter() -> None:
    basis = DepreciationBasis(
        cost=cny("300000.00"), residual_value=cny("0"), in_service_on=date(2025, 1, 1),
        life_months=3,
    )  # fmt: skip
    km = {date(2025, 1, 1): Decimal(10_000), date(2025, 2, 1): Decimal(0)}
    lines = depreciation_schedule(
        basis, UnitsOfProduction(Decimal(300_000)), usage=lambda a, b: km.get(a, Decimal(5_000))
    ).lines
    assert [line.charge for line in lines] == [cny("10000.00"), cny("0.00"), cny("5000.00")]


def test_no_depreciation_keeps_the_cost() -> None:
    schedule = depreciation_schedule(VAN, NoDepreciation())
    assert schedule.total_charged == cny("0")
    assert schedule.lines[-1].book_value == VAN.cost


def test_an_impairment_writes_down_from_the_next_period_and_respreads_the_rest() -> None:
    change = Impairment(date(2026, 1, 10), cny("20000.00"))
    lines = depreciation_schedule(VAN, StraightLine(), changes=[change]).lines
    february = next(line for line in lines if line.period.start == date(2026, 2, 1))
    january = next(line for line in lines if line.period.start == date(2026, 1, 1))
    assert january.adjustment == cny("0")
    assert february.adjustment == cny("-20000.00")
    assert sum((line.charge for line in lines), cny("0")) == cny("94000.00")
    assert lines[-1].book_value == VAN.residual_value


def test_a_longer_life_from_a_date_lowers_later_charges_only() -> None:
    plain = depreciation_schedule(VAN, StraightLine()).lines
    longer = depreciation_schedule(
        VAN, StraightLine(), changes=[UsefulLifeChange(date(2027, 1, 1), 84)]
    ).lines
    assert longer[:24] == plain[:24]
    assert longer[24].charge < plain[24].charge
    assert longer[-1].period.end == date(2032, 1, 14)


def test_a_method_change_applies_prospectively() -> None:
    changed = depreciation_schedule(
        VAN, StraightLine(), changes=[MethodChange(date(2026, 1, 1), DoubleDecliningBalance())]
    )
    assert changed.lines[11].charge == cny("1900.00")
    assert changed.lines[12].charge > cny("1900.00")
    assert changed.total_charged == cny("114000.00")


def test_a_disposal_gives_book_value_and_gain() -> None:
    schedule = depreciation_schedule(VAN, StraightLine())
    outcome = schedule.disposal(date(2026, 7, 1), cny("95000.00"))
    assert outcome.accumulated == cny("33341.94")  # 1,041.94 + 17 x 1,900
    assert outcome.book_value == cny("86658.06")
    assert outcome.gain == cny("8341.94")
    mid_month = schedule.disposal(date(2026, 7, 16), cny("0"))
    assert mid_month.accumulated == cny("34261.29")  # + 1,900 x 15/31 = 919.35
    assert mid_month.gain == -mid_month.book_value


def test_a_basis_with_residual_above_cost_is_refused() -> None:
    with pytest.raises(ValidationError, match="residual"):
        DepreciationBasis(
            cost=cny("1"), residual_value=cny("2"), in_service_on=date(2025, 1, 1), life_months=1
        )


def test_a_life_change_ending_before_it_takes_effect_is_refused() -> None:
    with pytest.raises(ValidationError, match="before the change takes effect"):
        depreciation_schedule(VAN, StraightLine(), changes=[UsefulLifeChange(date(2027, 1, 1), 6)])


def test_methods_are_built_from_plain_data_and_errors_name_the_field() -> None:
    assert depreciation_policy_from_dict({"method": "Straight_Line"}) == StraightLine()
    assert depreciation_policy_from_dict({"method": "declining_balance", "rate": "25"}) == (
        DecliningBalance(Percent(25))
    )
    with pytest.raises(PolicyConfigurationError) as missing:
        depreciation_policy_from_dict({"method": "units_of_production"})
    assert missing.value.field == "total_units"
    with pytest.raises(PolicyConfigurationError) as bad:
        depreciation_policy_from_dict({"method": "declining_balance", "rate": "250"})
    assert bad.value.field == "rate"
    with pytest.raises(PolicyConfigurationError, match="straight_line, declining_balance"):
        depreciation_policy_from_dict({"method": "sum_of_years"})


def test_a_basis_reads_its_arguments_through_the_shared_helpers() -> None:
    good: dict[str, object] = {
        "cost": Money("1200.00", "CNY"), "residual_value": Money("0.00", "CNY"),
        "in_service_on": date(2025, 1, 15), "life_months": 12,
    }  # fmt: skip
    basis = DepreciationBasis(**good, pro_rata="Following_Month")  # type: ignore[arg-type]
    assert basis.pro_rata is ProRata.FOLLOWING_MONTH
    for field, bad in (
        ("cost", Decimal("1200")),
        ("in_service_on", datetime(2025, 1, 15, tzinfo=UTC)),
        ("life_months", True),
    ):
        with pytest.raises(ValidationError) as error:
            DepreciationBasis(**{**good, field: bad})  # type: ignore[arg-type]
        assert error.value.field == field
    with pytest.raises(ValidationError) as error:
        Impairment(date(2025, 6, 1), Money("-1.00", "CNY"))
    assert error.value.field == "loss"
