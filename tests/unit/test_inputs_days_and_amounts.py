"""The shared boundary helpers for days, exact numbers and amounts not below zero."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from backoffice import Money, ValidationError
from backoffice.values.inputs import day, non_negative, non_negative_money


def test_a_day_is_a_date_and_never_a_datetime_or_text() -> None:
    assert day(date(2025, 3, 1), "on") == date(2025, 3, 1)
    for wrong in (datetime(2025, 3, 1, tzinfo=UTC), "2025-03-01", None):
        with pytest.raises(ValidationError, match="on must be a date") as error:
            day(wrong, "on")
        assert error.value.field == "on"


def test_a_non_negative_number_is_exact_and_not_below_zero() -> None:
    assert non_negative("12.5", "reading") == Decimal("12.5")
    assert non_negative(0, "reading") == 0
    with pytest.raises(ValidationError, match="reading cannot be negative"):
        non_negative(-1, "reading")
    with pytest.raises(ValidationError) as error:
        non_negative(1.5, "reading")
    assert error.value.field == "reading"


def test_an_amount_not_below_zero_must_be_money() -> None:
    cost = Money("10.00", "CNY")
    assert non_negative_money(cost, "cost") is cost
    with pytest.raises(ValidationError, match="cost cannot be negative"):
        non_negative_money(Money("-0.01", "CNY"), "cost")
    with pytest.raises(ValidationError, match="cost must be Money") as error:
        non_negative_money(Decimal(10), "cost")
    assert error.value.field == "cost"
