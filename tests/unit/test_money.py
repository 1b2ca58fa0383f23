"""Money in detail: every comparison, sign, code check, error field and message."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pytest

from backoffice import (
    AmountOutOfRange,
    AssetId,
    CurrencyMismatch,
    InvalidAmount,
    Money,
    Quantity,
    RequestId,
    ValidationError,
)
from backoffice.values import MAX_MAGNITUDE, to_decimal, total
from backoffice.values.money import MAX_DIGITS, scaled


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


@pytest.mark.parametrize(
    ("amount", "positive", "negative", "zero"),
    [("0.01", True, False, False), ("0", False, False, True), ("-0.01", False, True, False)],
)
def test_the_sign_of_an_amount(amount: str, positive: bool, negative: bool, zero: bool) -> None:
    assert cny(amount).is_positive() is positive
    assert cny(amount).is_negative() is negative
    assert cny(amount).is_zero() is zero
    assert bool(cny(amount)) is not zero


def test_every_comparison_against_a_smaller_an_equal_and_a_larger_amount() -> None:
    five = cny("5.00")
    assert (five > cny("4.99"), five > cny("5"), five > cny("5.01")) == (True, False, False)
    assert (five >= cny("4.99"), five >= cny("5"), five >= cny("5.01")) == (True, True, False)
    assert (five < cny("4.99"), five < cny("5"), five < cny("5.01")) == (False, False, True)
    assert (five <= cny("4.99"), five <= cny("5"), five <= cny("5.01")) == (False, True, True)


@pytest.mark.parametrize("compare", ["__lt__", "__le__", "__gt__", "__ge__"])
def test_comparing_currencies_or_with_a_number_is_refused(compare: str) -> None:
    with pytest.raises(CurrencyMismatch, match="cannot compare CNY with EUR") as caught:
        getattr(cny("1"), compare)(Money("1", "EUR"))
    assert (caught.value.left, caught.value.right) == ("CNY", "EUR")
    with pytest.raises(TypeError, match="cannot compare Money with int"):
        getattr(cny("1"), compare)(1)


def test_sum_starts_from_zero_but_no_other_number_is_added() -> None:
    assert sum([cny("1.10"), cny("2.20")]) == cny("3.30")
    assert 0 + cny("1.10") == cny("1.10")
    assert cny("1").__radd__(0) == cny("1")
    for start in (1, -1, False, True, Decimal(0)):
        assert cny("1").__radd__(start) is NotImplemented
    assert cny("1").__radd__(cny("2")) == cny("3")
    with pytest.raises(TypeError):
        _ = 1 + cny("1")


def test_adding_and_subtracting_name_the_operation_when_currencies_differ() -> None:
    with pytest.raises(CurrencyMismatch, match=r"^cannot add CNY with EUR: convert one side first"):
        _ = cny("1") + Money("1", "EUR")
    with pytest.raises(CurrencyMismatch, match=r"^cannot subtract CNY with USD"):
        _ = cny("1") - Money("1", "USD")
    assert cny("1").__add__(1) is NotImplemented
    assert cny("1").__sub__(1) is NotImplemented
    assert cny("5") - cny("7.5") == cny("-2.5")


@pytest.mark.parametrize("code", ["CN", "CNYY", "C1Y", "ÇNY", "", 156, None, b"CNY"])
def test_a_currency_is_three_ascii_letters(code: object) -> None:
    with pytest.raises(ValidationError, match="three-letter ISO 4217 code") as caught:
        Money("1", code)
    assert caught.value.field == "currency"
    assert caught.value.value == code


def test_a_currency_is_kept_in_upper_case() -> None:
    assert Money("1", "cny").currency == "CNY"
    assert Money("1", "cny") == cny("1")


def test_the_smallest_unit_depends_on_the_currency() -> None:
    assert cny("1").minor_unit == Decimal("0.01")
    assert Money("1", "JPY").minor_unit == Decimal("1")
    assert Money("1", "KWD").minor_unit == Decimal("0.001")
    assert Money.from_minor_units(12345, "CNY") == cny("123.45")
    assert Money.from_minor_units(12345, "jpy") == Money("12345", "JPY")
    assert Money.from_minor_units(-12345, "KWD") == Money("-12.345", "KWD")
    assert str(Money.from_minor_units(5, "CNY")) == "0.05 CNY"


@pytest.mark.parametrize("units", [1.5, "12", True, None, Decimal(1)])
def test_minor_units_are_a_whole_number(units: object) -> None:
    with pytest.raises(ValidationError, match="whole number of CNY's smallest unit") as caught:
        Money.from_minor_units(units, "CNY")  # type: ignore[arg-type]
    assert caught.value.field == "units"


def test_minor_units_past_the_range_are_out_of_range() -> None:
    with pytest.raises(AmountOutOfRange):
        Money.from_minor_units(10**40, "CNY")
    with pytest.raises(AmountOutOfRange):
        Money.from_minor_units(10**17, "CNY")


def test_rounding_uses_the_named_rule_and_the_currency_unit() -> None:
    assert cny("2.345").rounded() == cny("2.34")
    assert cny("2.345").rounded(ROUND_HALF_UP) == cny("2.35")
    assert cny("2.349").rounded(ROUND_DOWN) == cny("2.34")
    assert Money("2.5", "JPY").rounded() == Money("2", "JPY")
    assert cny("999999999999999.995").rounded(ROUND_DOWN).amount == Decimal("999999999999999.99")


def test_negation_absolute_value_and_plus() -> None:
    assert -cny("1.50") == cny("-1.50")
    assert abs(cny("-1.50")) == cny("1.50")
    assert +cny("1.50") == cny("1.50")
    assert (-cny("1.50")).currency == "CNY"


def test_multiplying_by_counts_and_decimals_and_refusing_floats() -> None:
    assert cny("21.50") * 30 == cny("645.00")
    assert 30 * cny("21.50") == cny("645.00")
    assert cny("10") * Decimal("0.05") == cny("0.50")
    with pytest.raises(InvalidAmount, match="cannot multiply money by a float") as caught:
        _ = cny("1") * 1.5
    assert caught.value.field == "factor"
    assert caught.value.value == 1.5
    assert cny("1").__mul__(True) is NotImplemented
    assert cny("1").__mul__("2") is NotImplemented


def test_a_product_past_the_maximum_is_out_of_range_and_says_so() -> None:
    with pytest.raises(AmountOutOfRange, match="below 1000000000000000") as caught:
        _ = cny("1000") * 10**12
    assert caught.value.limit == MAX_MAGNITUDE
    assert caught.value.field == "amount"
    with pytest.raises(InvalidAmount, match="cannot multiply amount by Infinity"):
        scaled(Decimal(1), Decimal("Infinity"))
    with pytest.raises(InvalidAmount, match="only be multiplied by a Decimal or an int"):
        scaled(Decimal(1), 1.5)
    assert scaled(Decimal(0), 10**40) == 0
    assert scaled(Decimal("0.5"), 10**14) == Decimal("5E+13")


def test_quantities_refuse_floats_and_huge_factors_too() -> None:
    with pytest.raises(InvalidAmount, match="cannot multiply a quantity by a float"):
        _ = Quantity(1, "box") * 1.5
    with pytest.raises(AmountOutOfRange, match="quantity"):
        _ = Quantity(10, "box") * Decimal("1E+20")


def test_amounts_must_be_exact_decimals_and_say_how() -> None:
    with pytest.raises(InvalidAmount, match=r"use Decimal\('0.1'\)") as caught:
        to_decimal(0.1, field="cost")
    assert (caught.value.field, caught.value.value) == ("cost", 0.1)
    with pytest.raises(InvalidAmount, match="cost must be an exact decimal, got bool True"):
        to_decimal(True, field="cost")
    with pytest.raises(InvalidAmount, match="cost 'abc' is not a decimal number"):
        to_decimal("abc", field="cost")
    with pytest.raises(InvalidAmount, match="cost must be a Decimal, int or decimal string"):
        to_decimal([1], field="cost")
    with pytest.raises(InvalidAmount, match="cost must be finite, got NaN"):
        to_decimal("NaN", field="cost")
    assert to_decimal(" 1_000.50 ") == Decimal("1000.50")
    assert to_decimal(7) == Decimal(7)


def test_the_range_is_open_at_plus_and_minus_the_maximum() -> None:
    top = MAX_MAGNITUDE - Decimal("0.01")
    assert to_decimal(top) == top
    assert to_decimal(-top) == -top
    for value in (MAX_MAGNITUDE, -MAX_MAGNITUDE, Decimal("1e26")):
        with pytest.raises(AmountOutOfRange, match="is out of range") as caught:
            Money(value, "CNY")
        assert caught.value.field == "amount"
        assert caught.value.value == value
        assert caught.value.limit == MAX_MAGNITUDE
        assert f"must be below {MAX_MAGNITUDE}" in str(caught.value)


def test_more_digits_than_the_context_holds_are_refused() -> None:
    longest = "0." + "1" * MAX_DIGITS
    assert to_decimal(longest) == Decimal(longest)
    with pytest.raises(InvalidAmount, match=f"more than {MAX_DIGITS} significant digits"):
        to_decimal(longest + "1")


def test_allocation_refuses_meaningless_ratios_naming_the_field() -> None:
    with pytest.raises(ValidationError, match="at least one ratio") as caught:
        cny("1").allocate([])
    assert caught.value.field == "ratios"
    with pytest.raises(ValidationError, match="must not be negative"):
        cny("1").allocate([1, -1])
    with pytest.raises(ValidationError, match="must not all be zero"):
        cny("1").allocate([0, 0])


def test_allocation_of_a_negative_or_very_large_amount_is_exact() -> None:
    assert cny("-100.00").allocate([1, 1, 1]) == [cny("-33.34"), cny("-33.33"), cny("-33.33")]
    big = cny("999999999999999.99")
    parts = big.allocate([1, 2, 3, 7])
    assert sum(parts) == big
    assert cny("0.05").allocate([1, 1]) == [cny("0.03"), cny("0.02")]
    assert cny("1").allocate([Decimal("0.5"), "0.5"]) == [cny("0.50"), cny("0.50")]


def test_money_reads_as_its_amount_and_code() -> None:
    assert repr(cny("1.50")) == "Money('1.50', 'CNY')"
    assert str(cny("1.50")) == "1.50 CNY"
    assert total([], "EUR") == Money.zero("EUR")
    assert total([cny("1"), cny("2")], "CNY") == cny("3")
    assert Money.zero("cny") == cny("0")


def test_ids_of_different_kinds_are_never_equal_nor_ordered_together() -> None:
    asset: object = AssetId("REQ-000001")
    assert asset != RequestId("REQ-000001")
    assert len({AssetId("X"), RequestId("X")}) == 2
    assert RequestId("REQ-000001") < RequestId("REQ-000002")
    with pytest.raises(TypeError):
        _ = AssetId("A") < RequestId("B")  # type: ignore[operator]
    assert sorted([RequestId("B"), RequestId("A")]) == [RequestId("A"), RequestId("B")]


def _refusal(action: Callable[[], object]) -> tuple[str, str, object, object]:
    with pytest.raises(ValidationError) as caught:
        action()
    error = caught.value
    return type(error).__name__, str(error), error.field, error.value


def test_each_refused_amount_says_exactly_what_and_where() -> None:
    assert _refusal(lambda: to_decimal(True, field="cost")) == (
        "InvalidAmount",
        "cost must be an exact decimal, got bool True; use a number",
        "cost",
        True,
    )
    assert _refusal(lambda: to_decimal("abc", field="cost")) == (
        "InvalidAmount",
        "cost 'abc' is not a decimal number",
        "cost",
        "abc",
    )
    assert _refusal(lambda: to_decimal([1], field="cost")) == (
        "InvalidAmount",
        "cost must be a Decimal, int or decimal string, got list",
        "cost",
        [1],
    )
    assert _refusal(lambda: to_decimal("NaN", field="cost")) == (
        "InvalidAmount",
        "cost must be finite, got NaN",
        "cost",
        "NaN",
    )
    longest = "0." + "1" * (MAX_DIGITS + 1)
    assert _refusal(lambda: to_decimal(longest, field="cost")) == (
        "InvalidAmount",
        f"cost {longest} has more than {MAX_DIGITS} significant digits and cannot be kept exact",
        "cost",
        longest,
    )  # fmt: skip


def test_each_refused_factor_says_exactly_what_and_where() -> None:
    assert _refusal(lambda: scaled(Decimal(1), "2")) == (
        "InvalidAmount",
        "amount can only be multiplied by a Decimal or an int, got str '2'",
        "factor",
        "2",
    )
    assert _refusal(lambda: scaled(Decimal(1), True)) == (
        "InvalidAmount",
        "amount can only be multiplied by a Decimal or an int, got bool True",
        "factor",
        True,
    )
    infinity = Decimal("Infinity")
    assert _refusal(lambda: scaled(Decimal(1), infinity, field="quantity")) == (
        "InvalidAmount", "cannot multiply quantity by Infinity", "factor", infinity,
    )  # fmt: skip
    assert _refusal(lambda: scaled(Decimal("1E5"), Decimal("1E10"))) == (
        "AmountOutOfRange",
        (
            "amount 1E+5 * 1E+10 is out of range: amounts and quantities must be below "
            "1000000000000000 in magnitude"
        ),
        "amount",
        "1E+5 * 1E+10",
    )
    assert scaled(Decimal("9E4"), Decimal("1E10")) == Decimal("9E14")
    assert _refusal(lambda: cny("1") * 1.5) == (
        "InvalidAmount", "cannot multiply money by a float; use a Decimal", "factor", 1.5,
    )  # fmt: skip


def test_minor_units_are_checked_before_the_amount_is_built() -> None:
    assert Money.from_minor_units(10**13, "CNY") == Money("100000000000", "CNY")
    with pytest.raises(AmountOutOfRange) as caught:
        Money.from_minor_units(10**18, "CNY")
    assert (caught.value.field, caught.value.value, caught.value.limit) == (
        "units", 10**18, MAX_MAGNITUDE,
    )  # fmt: skip
    with pytest.raises(AmountOutOfRange) as caught:
        Money.from_minor_units(-(10**17), "CNY")
    assert caught.value.field == "amount"
    assert _refusal(lambda: Money.from_minor_units(1.5, "CNY")) == (  # type: ignore[arg-type]
        "ValidationError",
        "units must be a whole number of CNY's smallest unit, got 1.5",
        "units",
        1.5,
    )


def test_each_refused_allocation_says_exactly_why() -> None:
    assert _refusal(lambda: cny("1").allocate([])) == (
        "ValidationError", "allocate needs at least one ratio", "ratios", None,
    )  # fmt: skip
    assert _refusal(lambda: cny("1").allocate([1, -1])) == (
        "ValidationError", "ratios must not be negative", "ratios", [1, -1],
    )  # fmt: skip
    assert _refusal(lambda: cny("1").allocate([0, 0])) == (
        "ValidationError", "ratios must not all be zero", "ratios", [0, 0],
    )  # fmt: skip
    assert _refusal(lambda: cny("1").allocate([1, 1.5])) == (  # type: ignore[list-item]
        "InvalidAmount",
        "ratio must be an exact decimal, got float 1.5; use Decimal('1.5')",
        "ratio",
        1.5,
    )
