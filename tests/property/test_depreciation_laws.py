"""Laws of depreciation: exact to the cent, never below residual, accumulating monotonically."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from backoffice.policies.depreciation import (
    DepreciationBasis,
    DepreciationPolicy,
    UnitsOfProduction,
    depreciation_schedule,
)
from backoffice.testing.assets import depreciation_bases, depreciation_changes, time_based_methods
from backoffice.values import Money


@given(depreciation_bases(), time_based_methods())
def test_charges_sum_to_cost_less_residual_to_the_cent(
    basis: DepreciationBasis, method: DepreciationPolicy
) -> None:
    schedule = depreciation_schedule(basis, method)
    assert schedule.total_charged == basis.cost - basis.residual_value
    assert schedule.lines[-1].book_value == basis.residual_value
    assert all(line.charge.amount == line.charge.rounded().amount for line in schedule.lines)


@given(depreciation_bases(), time_based_methods())
def test_book_value_never_below_residual_and_accumulated_never_falls(
    basis: DepreciationBasis, method: DepreciationPolicy
) -> None:
    schedule = depreciation_schedule(basis, method)
    accumulated = [line.accumulated for line in schedule.lines]
    assert accumulated == sorted(accumulated)
    assert all(line.book_value >= basis.residual_value for line in schedule.lines)
    assert all(not line.charge.is_negative() for line in schedule.lines)


@given(st.data(), depreciation_bases(), time_based_methods())
def test_with_prospective_changes_the_books_still_balance(
    data: st.DataObject, basis: DepreciationBasis, method: DepreciationPolicy
) -> None:
    changes = data.draw(depreciation_changes(basis))
    schedule = depreciation_schedule(basis, method, changes=changes)
    # cost + adjustments - charges = last book value, for every prefix of the schedule
    book = basis.cost
    for line in schedule.lines:
        book = book + line.adjustment - line.charge
        assert line.book_value == book
        assert not line.book_value.is_negative()
    accumulated = [line.accumulated for line in schedule.lines]
    assert accumulated == sorted(accumulated)
    # nothing is left above the residual value in force at the end of the life
    final = schedule.lines[-1].book_value
    residuals = [basis.residual_value] + [
        c.residual_value for c in changes if hasattr(c, "residual_value")
    ]
    assert final <= max(residuals)


@given(depreciation_bases(), time_based_methods(), st.data())
def test_a_disposal_splits_cost_into_depreciation_book_value_and_nothing_else(
    basis: DepreciationBasis, method: DepreciationPolicy, data: st.DataObject
) -> None:
    schedule = depreciation_schedule(basis, method)
    day = data.draw(st.dates(basis.in_service_on, date(2051, 1, 1)))
    proceeds = Money.from_minor_units(data.draw(st.integers(0, 10**9)), basis.cost.currency)
    outcome = schedule.disposal(day, proceeds)
    assert outcome.accumulated + outcome.book_value == basis.cost
    assert outcome.book_value >= basis.residual_value
    assert outcome.gain == proceeds - outcome.book_value


@given(depreciation_bases(), st.lists(st.integers(0, 5_000), min_size=1, max_size=60))
def test_units_of_production_is_exact_once_the_units_are_used_up(
    basis: DepreciationBasis, per_period: list[int]
) -> None:
    total = Decimal(sum(per_period)) or Decimal(1)
    usages = iter(per_period + [0] * 300)
    schedule = depreciation_schedule(
        basis, UnitsOfProduction(total), usage=lambda start, stop: Decimal(next(usages))
    )
    used = sum(per_period[: len(schedule.lines)])
    if used >= total:
        assert schedule.total_charged == basis.cost - basis.residual_value
    assert all(line.book_value >= basis.residual_value for line in schedule.lines)


@given(st.data(), depreciation_bases(), time_based_methods())
def test_changes_never_restate_the_periods_before_them(
    data: st.DataObject, basis: DepreciationBasis, method: DepreciationPolicy
) -> None:
    changes = data.draw(depreciation_changes(basis))
    plain = depreciation_schedule(basis, method)
    changed = depreciation_schedule(basis, method, changes=changes)
    first = min((c.effective for c in changes), default=date.max)
    before = [line for line in plain.lines if line.period.end < first]
    assert list(changed.lines[: len(before)]) == before
