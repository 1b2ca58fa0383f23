"""Money and Quantity at the edges: every operation is exact or raises a library error."""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice import BackofficeError, Money, Quantity
from backoffice.errors import AmountOutOfRange
from backoffice.values import MAX_MAGNITUDE

# Any decimal a caller could hand over: huge, tiny, long, NaN, infinite, signalling.
wild_decimals = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.builds(
        lambda digits, exponent, sign: Decimal((sign, tuple(digits), exponent)),
        st.lists(st.integers(0, 9), min_size=1, max_size=40),
        st.integers(-1_100_000, 1_100_000),
        st.integers(0, 1),
    ),
    st.sampled_from([Decimal("sNaN"), Decimal("-Infinity"), Decimal("1E+999999")]),
)
wild_numbers = st.one_of(
    wild_decimals, st.integers(-(10**40), 10**40), wild_decimals.map(str), st.floats()
)


def _outcome(make: Callable[[], Any]) -> Any:
    try:
        return make()
    except BackofficeError as error:
        return error


@given(wild_numbers, wild_numbers)
def test_building_and_combining_money_raises_only_library_errors(a: Any, b: Any) -> None:
    left = _outcome(lambda: Money(a, "CNY"))
    right = _outcome(lambda: Money(b, "CNY"))
    if isinstance(left, Money):
        assert -MAX_MAGNITUDE < left.amount < MAX_MAGNITUDE
        _outcome(left.rounded)
        if not isinstance(b, str):  # text is no factor: Python's TypeError, as for any number
            _outcome(lambda: left * b)
        _outcome(lambda: left.allocate([1, 1, 1]))
        _outcome(lambda: left.allocate([b, 1]))
        _outcome(lambda: Money.from_minor_units(b, "JPY"))
        if isinstance(right, Money):
            for op in (operator.add, operator.sub, operator.lt, operator.ge):
                _outcome(partial(op, left, right))


@given(wild_numbers, wild_numbers)
def test_building_and_combining_quantities_raises_only_library_errors(a: Any, b: Any) -> None:
    left = _outcome(lambda: Quantity(a, "box"))
    right = _outcome(lambda: Quantity(b, "box"))
    if isinstance(left, Quantity):
        if not isinstance(b, str):
            _outcome(lambda: left * b)
        if isinstance(right, Quantity):
            for op in (operator.add, operator.sub, operator.lt, operator.ge):
                _outcome(partial(op, left, right))


@given(st.integers(1, 10**14), st.integers(1, 10**14))
def test_allocation_of_large_amounts_adds_up_exactly(cents: int, weight: int) -> None:
    amount = Money(Decimal(cents).scaleb(-2), "CNY")
    parts = amount.allocate([weight, 1, 3])
    assert sum(parts) == amount


@pytest.mark.parametrize(
    "multiply",
    [
        lambda: Money("999999999999999", "CNY") * 2,
        lambda: Money("1", "CNY") * Decimal("1E+999999"),
        lambda: Money("1", "CNY") * 10**40,
        lambda: Quantity(2, "box") * Decimal("1E+999999"),
        lambda: Money("999999999999999", "CNY") + Money("1", "CNY"),
    ],
)
def test_a_result_past_the_maximum_magnitude_is_amount_out_of_range(
    multiply: Callable[[], object],
) -> None:
    with pytest.raises(AmountOutOfRange):
        multiply()
