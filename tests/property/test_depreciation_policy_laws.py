"""The depreciation method laws pass for the shipped methods and catch deliberately broken ones."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

import attrs
import pytest
from hypothesis import settings

from backoffice.policies.depreciation import (
    DecliningBalance,
    DepreciationBasis,
    DepreciationPolicy,
    DepreciationSchedule,
    DoubleDecliningBalance,
    NoDepreciation,
    PeriodSituation,
    StraightLine,
    UnitsOfProduction,
    depreciation_schedule,
)
from backoffice.testing.laws import (
    DEPRECIATION_POLICY_LAWS,
    LawViolation,
    check_depreciation_policy_laws,
)
from backoffice.testing.laws import depreciation as depreciation_laws
from backoffice.values import Money, Percent

#: Mutants run without the example database (their counterexamples are not worth keeping) and
#: derandomized, so whether the kit catches them never depends on the run.
NO_DATABASE = settings(database=None, derandomize=True)


class ChargesBackTheResidual:
    """Broken: straight line on the cost, so once below the residual it charges negative."""

    name: ClassVar[str] = "cost-straight-line"
    settles_at_end_of_life: ClassVar[bool] = True

    def charge(self, situation: PeriodSituation) -> Decimal:
        return (
            (situation.book_value - situation.residual_value * 2)
            * situation.period_units
            / max(situation.remaining_units, Decimal(1))
        )


class NeverSettles:
    """Broken: a time-based method that charges nine tenths of straight line, and no more."""

    name: ClassVar[str] = "nine-tenths"
    settles_at_end_of_life: ClassVar[bool] = False

    def charge(self, situation: PeriodSituation) -> Decimal:
        return situation.straight_line * Decimal("0.9")


class Warming:
    """Broken: each answer a cent more than the one before."""

    name: ClassVar[str] = "warming"
    settles_at_end_of_life: ClassVar[bool] = True

    def __init__(self) -> None:
        self.calls = 0

    def charge(self, situation: PeriodSituation) -> Decimal:
        self.calls += 1
        return situation.straight_line + Decimal(self.calls) / 100


@pytest.mark.parametrize(
    "method",
    [
        StraightLine(),
        DoubleDecliningBalance(),
        DecliningBalance(Percent(25)),
        UnitsOfProduction(Decimal(50_000)),
        NoDepreciation(),
    ],
    ids=lambda method: method.name,
)
def test_the_shipped_methods_obey_every_law(method: DepreciationPolicy) -> None:
    check_depreciation_policy_laws(method)


def test_a_negative_charge_is_caught_with_a_shrunk_example() -> None:
    with pytest.raises(LawViolation, match="charges are never negative") as caught:
        check_depreciation_policy_laws(ChargesBackTheResidual(), settings=NO_DATABASE)
    assert "charged Decimal('-" in caught.value.detail


def test_a_time_based_method_that_never_settles_is_caught() -> None:
    with pytest.raises(LawViolation, match="charges sum exactly") as caught:
        check_depreciation_policy_laws(NeverSettles(), fully_depreciates=True, settings=NO_DATABASE)
    # shrunk: a cost of a cent or two, one month of life
    assert "life_months=1" in caught.value.detail


def test_a_charge_that_changes_when_asked_again_is_caught() -> None:
    with pytest.raises(LawViolation, match="the period's situation alone"):
        check_depreciation_policy_laws(Warming(), settings=NO_DATABASE)


def test_a_schedule_ending_a_cent_below_the_residual_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No method can break this law (the schedule caps every charge), so the law is shown
    catching a broken schedule builder: its last book value a cent below the residual."""
    real = depreciation_schedule

    def a_cent_short(
        basis: DepreciationBasis, method: DepreciationPolicy, **options: object
    ) -> DepreciationSchedule:
        schedule = real(basis, method, **options)  # type: ignore[arg-type]
        cent = Money(Decimal("0.01"), basis.cost.currency)
        *lines, last = schedule.lines
        last = attrs.evolve(last, book_value=basis.residual_value - cent)
        return attrs.evolve(schedule, lines=(*lines, last))

    monkeypatch.setattr(depreciation_laws, "depreciation_schedule", a_cent_short)
    with pytest.raises(LawViolation, match="book value never below residual") as caught:
        check_depreciation_policy_laws(
            StraightLine(),
            laws=["book value never below residual, accumulated never falls"],
            settings=NO_DATABASE,
        )
    # shrunk: a one-month life
    assert "life_months=1" in caught.value.detail


def test_the_laws_are_named_once_each() -> None:
    assert len(set(DEPRECIATION_POLICY_LAWS)) == len(DEPRECIATION_POLICY_LAWS) == 4
