"""Laws of exact money: allocation never loses or invents a unit; arithmetic is exact."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from backoffice import Money
from backoffice.testing.values import money

ratios = st.lists(st.integers(0, 1000), min_size=1, max_size=12).filter(any)


@given(money(), ratios)
def test_allocation_parts_add_up_to_the_whole(amount: Money, weights: list[int]) -> None:
    parts = amount.allocate(weights)
    assert len(parts) == len(weights)
    assert sum(parts) == amount


@given(money(), ratios)
def test_allocation_parts_differ_from_the_exact_share_by_less_than_one_unit(
    amount: Money, weights: list[int]
) -> None:
    parts = amount.allocate(weights)
    total = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        exact = amount.amount * weight / total
        assert abs(part.amount - exact) < Decimal("0.01")
        if weight == 0:
            assert part.is_zero()


@given(money(places=3), st.lists(st.integers(1, 50), min_size=1, max_size=6))
def test_allocation_of_finer_amounts_keeps_their_precision(
    amount: Money, weights: list[int]
) -> None:
    assert sum(amount.allocate(weights)) == amount


@given(money(), money(), money())
def test_addition_is_exact_associative_and_has_zero(a: Money, b: Money, c: Money) -> None:
    assert (a + b) + c == a + (b + c)
    assert a + Money.zero("CNY") == a
    assert a - a == Money.zero("CNY")
    assert sum([a, b, c]) == a + b + c


@given(money(), st.integers(-1000, 1000))
def test_multiplying_by_a_count_is_repeated_addition(a: Money, n: int) -> None:
    assert a * n == sum([a] * abs(n), Money.zero("CNY")) * (1 if n >= 0 else -1)


@given(money(), money())
def test_ordering_agrees_with_the_amounts(a: Money, b: Money) -> None:
    assert (a < b) == (a.amount < b.amount)
    assert (a <= b) == (a.amount <= b.amount)
