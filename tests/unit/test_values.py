"""The shared values: Money, Quantity, ids, Period, Percent, instants, clocks, events."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import cast
from zoneinfo import ZoneInfo

import attrs
import pytest

from backoffice import (
    ActorId,
    AssetId,
    BackofficeError,
    CurrencyMismatch,
    DomainEvent,
    EventLog,
    FixedClock,
    InvalidAmount,
    ManualClock,
    Money,
    NaiveDatetimeError,
    Percent,
    Period,
    Quantity,
    RequestId,
    SequentialIds,
    UnitMismatch,
    UuidIds,
    ValidationError,
)
from backoffice.values import ensure_aware, ensure_not_before

SHANGHAI = ZoneInfo("Asia/Shanghai")


# -- Money ------------------------------------------------------------------------------------


def test_money_from_a_string_and_from_a_decimal_are_equal() -> None:
    assert Money("12.30", "CNY") == Money(Decimal("12.30"), "CNY") == Money("12.3", "cny")


def test_a_float_amount_is_refused_with_a_hint() -> None:
    with pytest.raises(InvalidAmount, match=r"Decimal\('0.1'\)"):
        Money(0.1, "CNY")  # type: ignore[arg-type]  # the float a type checker also refuses
    with pytest.raises(InvalidAmount):
        Money("12.30", "CNY") * 1.5


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "twelve", True, None])
def test_non_numbers_are_refused(bad: object) -> None:
    with pytest.raises(InvalidAmount):
        Money(bad, "CNY")  # type: ignore[arg-type]  # wrong on purpose


@pytest.mark.parametrize("code", ["RMB1", "yuan", "", 156])
def test_currency_must_be_an_iso_code(code: object) -> None:
    with pytest.raises(ValidationError, match="ISO 4217"):
        Money("1", code)


def test_mixing_currencies_raises_currency_mismatch() -> None:
    with pytest.raises(CurrencyMismatch) as caught:
        Money("1", "CNY") + Money("1", "USD")
    assert (caught.value.left, caught.value.right) == ("CNY", "USD")
    with pytest.raises(CurrencyMismatch):
        _ = Money("1", "CNY") < Money("2", "EUR")
    assert isinstance(caught.value, BackofficeError)
    assert isinstance(caught.value, ValueError)


def test_a_ream_of_paper_times_thirty_is_exact() -> None:
    assert Money("21.50", "CNY") * 30 == Money("645.00", "CNY")
    assert Money("21.50", "CNY") * Decimal("0.5") == Money("10.75", "CNY")


def test_sum_of_an_empty_list_needs_a_start_value() -> None:
    assert sum([], Money.zero("CNY")) == Money.zero("CNY")
    assert sum([Money("1.10", "CNY"), Money("2.20", "CNY")]) == Money("3.30", "CNY")


def test_allocate_gives_leftover_cents_to_the_largest_remainders_first() -> None:
    assert Money("100.00", "CNY").allocate([1, 1, 1]) == [
        Money("33.34", "CNY"),
        Money("33.33", "CNY"),
        Money("33.33", "CNY"),
    ]
    # 1.25 and 3.75 cents: the leftover cent goes to the larger remainder (0.75).
    assert Money("0.05", "CNY").allocate([1, 3]) == [Money("0.01", "CNY"), Money("0.04", "CNY")]
    # 1.5 and 3.5 cents: a tie, the earlier part gets it.
    assert Money("0.05", "CNY").allocate([3, 7]) == [Money("0.02", "CNY"), Money("0.03", "CNY")]
    assert Money("-10.00", "CNY").allocate([1, 2]) == [Money("-3.33", "CNY"), Money("-6.67", "CNY")]


def test_allocate_in_yen_hands_out_whole_yen() -> None:
    assert Money("100", "JPY").allocate([1, 1, 1]) == [
        Money("34", "JPY"),
        Money("33", "JPY"),
        Money("33", "JPY"),
    ]


@pytest.mark.parametrize("ratios", [[], [0, 0], [1, -1]])
def test_allocate_refuses_meaningless_ratios(ratios: list[int]) -> None:
    with pytest.raises(ValidationError):
        Money("10", "CNY").allocate(ratios)


def test_rounding_happens_only_when_asked_and_by_a_named_rule() -> None:
    from decimal import ROUND_HALF_UP

    unit_cost = Money("0.125", "CNY")
    assert unit_cost.amount == Decimal("0.125")
    assert unit_cost.rounded() == Money("0.12", "CNY")  # banker's rounding
    assert unit_cost.rounded(ROUND_HALF_UP) == Money("0.13", "CNY")


def test_money_reads_well() -> None:
    assert str(Money("645.00", "CNY")) == "645.00 CNY"
    assert repr(Money("645.00", "CNY")) == "Money('645.00', 'CNY')"
    assert Money.from_minor_units(1999, "CNY") == Money("19.99", "CNY")


# -- Quantity ---------------------------------------------------------------------------------


def test_quantities_in_the_same_unit_combine_and_compare() -> None:
    assert Quantity(100, "ream") - Quantity(30, "ream") == Quantity(70, "ream")
    assert Quantity("2.5", "kg") < Quantity(3, "kg")
    assert Quantity(2, "box") * 3 == Quantity(6, "box")


def test_quantities_in_different_units_do_not_mix() -> None:
    with pytest.raises(UnitMismatch):
        Quantity(1, "box") + Quantity(1, "piece")


def test_a_positive_quantity_is_required_where_asked() -> None:
    with pytest.raises(ValidationError, match="positive"):
        Quantity(0, "ream").require_positive()
    with pytest.raises(InvalidAmount):
        Quantity(1.5, "kg")  # type: ignore[arg-type]  # the float a type checker also refuses


# -- ids ---------------------------------------------------------------------------------------


def test_ids_of_different_kinds_never_compare_equal() -> None:
    assert RequestId("7") != AssetId("7")  # type: ignore[comparison-overlap]  # on purpose
    assert str(RequestId("REQ-7")) == "REQ-7"
    with pytest.raises(ValidationError):
        ActorId("  ")


def test_sequential_ids_are_deterministic_and_counted_per_kind() -> None:
    ids = SequentialIds()
    assert [ids.new(RequestId), ids.new(RequestId), ids.new(AssetId)] == [
        RequestId("REQ-000001"),
        RequestId("REQ-000002"),
        AssetId("AST-000001"),
    ]
    assert UuidIds().new(RequestId) != UuidIds().new(RequestId)


# -- periods and percentages ---------------------------------------------------------------------


def test_periods_by_month_quarter_and_fiscal_year() -> None:
    assert Period.month(2024, 2).days == 29
    assert Period.quarter(2025, 4) == Period(date(2025, 10, 1), date(2025, 12, 31))
    assert Period.year(2025, start_month=4) == Period(date(2025, 4, 1), date(2026, 3, 31))
    assert len(Period.year(2025).months()) == 12
    assert date(2025, 2, 28) in Period.month(2025, 2)
    assert Period.month(2025, 1).overlaps(Period.quarter(2025, 1))
    assert not Period.month(2025, 4).overlaps(Period.quarter(2025, 1))


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError, match="before it starts"):
        Period(date(2025, 2, 1), date(2025, 1, 31))
    with pytest.raises(ValidationError):
        Period.month(2025, 13)


def test_percentages_keep_the_number_and_give_the_ratio() -> None:
    assert Percent(85).ratio == Decimal("0.85")
    assert Percent.from_ratio("0.05") == Percent(5)
    assert Percent.of(17, 20) == Percent(85)
    assert str(Percent(5)) == "5 %"


# -- instants, clocks, events ------------------------------------------------------------------


def test_naive_datetimes_are_refused_at_the_door() -> None:
    with pytest.raises(NaiveDatetimeError, match="timezone-aware"):
        ensure_aware(datetime(2025, 1, 1), "submitted_at")
    later = datetime(2025, 1, 2, tzinfo=UTC)
    with pytest.raises(ValidationError, match="backwards"):
        ensure_not_before(datetime(2025, 1, 1, tzinfo=UTC), later)


def test_a_manual_clock_moves_only_forward_and_only_when_told() -> None:
    clock = ManualClock(datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI))
    assert clock.advance(timedelta(hours=2)) == datetime(2025, 3, 3, 11, 0, tzinfo=SHANGHAI)
    with pytest.raises(ValidationError):
        clock.advance(timedelta(hours=-1))
    with pytest.raises(ValidationError):
        clock.set(datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI))
    assert FixedClock(datetime(2025, 1, 1, tzinfo=UTC)).now() == datetime(2025, 1, 1, tzinfo=UTC)
    with pytest.raises(NaiveDatetimeError):
        FixedClock(datetime(2025, 1, 1))


@attrs.frozen(kw_only=True)
class LampReplaced(DomainEvent):
    room: str


def test_an_event_log_hands_over_pending_events_once_in_version_order() -> None:
    log = EventLog()
    when = datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)
    for room in ("101", "102"):
        log.append(
            LampReplaced(
                aggregate_id="AST-1",
                version=log.next_version,
                actor=ActorId("li"),
                occurred_at=when,
                room=room,
            )
        )
    events = cast("list[LampReplaced]", log.collect())
    assert [(e.version, e.room, e.name) for e in events] == [
        (1, "101", "LampReplaced"),
        (2, "102", "LampReplaced"),
    ]
    assert log.collect() == []
    assert log.version == 2
    with pytest.raises(ValueError, match="does not follow"):
        log.append(
            LampReplaced(
                aggregate_id="AST-1", version=7, actor=ActorId("li"), occurred_at=when, room="x"
            )
        )


def test_events_need_an_aware_time() -> None:
    with pytest.raises(NaiveDatetimeError):
        LampReplaced(
            aggregate_id="A",
            version=1,
            actor=ActorId("li"),
            occurred_at=datetime(2025, 1, 1),
            room="1",
        )
