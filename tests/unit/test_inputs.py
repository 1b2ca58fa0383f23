"""The boundary vocabulary: every command reads its arguments through the same helpers."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from backoffice import (
    AmountOutOfRange,
    BusinessCalendar,
    CalendarRegistry,
    InvalidChoice,
    Money,
    Quantity,
    UnknownCalendar,
    ValidationError,
)
from backoffice.values import ActorId, AssetId, RequestId, ensure_not_before, is_before
from backoffice.values.inputs import (
    MAX_TEXT_LENGTH,
    actor,
    choice,
    entity_id,
    flag,
    one_of,
    optional_text,
    text,
    text_items,
    whole_number,
)


class Colour(enum.StrEnum):
    RED = "red"
    DARK_BLUE = "dark-blue"


def test_an_id_is_taken_typed_or_as_its_text() -> None:
    assert entity_id("REQ-1", RequestId, "request") == RequestId("REQ-1")
    same = RequestId("REQ-1")
    assert entity_id(same, RequestId, "request") is same


def test_an_id_of_another_kind_is_refused_even_when_its_text_would_do() -> None:
    with pytest.raises(
        ValidationError, match=r"must be a RequestId \(or its text\), got AssetId\('REQ-1'\)"
    ) as e:
        entity_id(AssetId("REQ-1"), RequestId, "request")
    assert e.value.field == "request"


@pytest.mark.parametrize("bad", [None, "", "   ", 123, b"REQ-1"])
def test_blank_or_non_text_ids_are_refused(bad: object) -> None:
    with pytest.raises(ValidationError, match="request must be a RequestId"):
        entity_id(bad, RequestId, "request")


def test_actor_accepts_text_and_refuses_none() -> None:
    assert actor("li.na") == ActorId("li.na")
    with pytest.raises(ValidationError, match="by must be a ActorId or its non-blank text"):
        actor(None, "by")


@pytest.mark.parametrize("bad", [None, 3, b"x", "  "])
def test_required_text_must_be_non_blank_str(bad: object) -> None:
    with pytest.raises(ValidationError) as e:
        text(bad, "comment")
    assert e.value.field == "comment"


def test_text_has_a_length_limit() -> None:
    assert text("x" * MAX_TEXT_LENGTH, "note") == "x" * MAX_TEXT_LENGTH
    with pytest.raises(ValidationError, match="at most 10000"):
        text("x" * (MAX_TEXT_LENGTH + 1), "note")


def test_optional_text_turns_nothing_into_empty_but_refuses_other_types() -> None:
    assert optional_text(None, "note") == ""
    assert optional_text("  ", "note") == ""
    assert optional_text("ok", "note") == "ok"
    with pytest.raises(ValidationError, match="note must be text"):
        optional_text(42, "note")


def test_a_lone_string_is_not_a_list_of_texts() -> None:
    assert text_items(["a.jpg", "b.jpg"], "attachments") == ("a.jpg", "b.jpg")
    with pytest.raises(ValidationError, match="attachments must be a list"):
        text_items("abc", "attachments")


def test_choice_matches_value_or_name_case_insensitively() -> None:
    assert choice("RED", Colour, "colour") is Colour.RED
    assert choice(" Dark-Blue ", Colour, "colour") is Colour.DARK_BLUE
    assert choice("dark_blue", Colour, "colour") is Colour.DARK_BLUE
    assert choice(Colour.RED, Colour, "colour") is Colour.RED


def test_a_wrong_choice_lists_the_valid_values() -> None:
    with pytest.raises(InvalidChoice) as e:
        choice("bogus", Colour, "colour")
    assert e.value.options == ("red", "dark-blue")
    assert str(e.value) == "colour must be one of 'red', 'dark-blue', got 'bogus'"
    assert isinstance(e.value, ValueError)
    with pytest.raises(InvalidChoice, match="must be one of 'a', 'b', got 'c'"):
        one_of("c", ["a", "b"], "letter")


@pytest.mark.parametrize("bad", ["no", 0, 1, None])
def test_a_flag_must_be_a_real_bool(bad: object) -> None:
    with pytest.raises(ValidationError, match="final must be True or False"):
        flag(bad, "final")
    assert flag(False, "final") is False


def test_whole_numbers_exclude_bools_and_respect_bounds() -> None:
    assert whole_number(3, "days", minimum=1) == 3
    for bad in (True, 2.0, "3"):
        with pytest.raises(ValidationError, match="days must be a whole number"):
            whole_number(bad, "days")
    with pytest.raises(ValidationError, match="days must be >= 1, got 0"):
        whole_number(0, "days", minimum=1)
    with pytest.raises(ValidationError, match="days must be <= 5, got 6"):
        whole_number(6, "days", maximum=5)


def test_amounts_from_a_thousand_trillion_up_are_refused() -> None:
    assert Money("999999999999999.99", "CNY").rounded() == Money("999999999999999.99", "CNY")
    for bad in ("1e15", "-1e15", "1E+999999", Decimal("1e30")):
        with pytest.raises(AmountOutOfRange) as e:
            Money(bad, "CNY")
        assert e.value.limit == Decimal(10) ** 15
    with pytest.raises(AmountOutOfRange):
        Quantity("1e26", "ream")


def test_below_the_limit_allocation_never_loses_a_cent() -> None:
    whole = Money("999999999999999.99", "CNY")
    parts = whole.allocate([1, 1, 1])
    assert sum(parts, Money.zero("CNY")) == whole


def test_instants_sharing_a_zone_compare_as_instants_across_the_fall_back_fold() -> None:
    new_york = ZoneInfo("America/New_York")
    edt = datetime(2025, 11, 2, 1, 50, tzinfo=new_york)  # fold=0: EDT, 05:50 UTC
    est = datetime(2025, 11, 2, 1, 10, fold=1, tzinfo=new_york)  # EST, 06:10 UTC
    # Python compares same-tzinfo datetimes by wall clock: 01:10 EST looks earlier ...
    assert not est > edt
    assert is_before(edt, est)  # ... the library's is by instant
    assert ensure_not_before(est, edt) is est


def test_calendars_are_found_by_name_and_unknown_names_are_clear_errors() -> None:
    always = BusinessCalendar.always()
    registry = CalendarRegistry({"24x7": always})
    assert registry["24x7"] is always
    assert registry.name_of(always) == "24x7"
    assert list(registry) == ["24x7"]
    assert len(registry.with_calendar("utc", BusinessCalendar(timezone=UTC))) == 2
    with pytest.raises(UnknownCalendar, match="no calendar 'office' \\(known: '24x7'\\)"):
        registry.resolve("office")
    with pytest.raises(UnknownCalendar):
        registry.name_of(BusinessCalendar.always())
    with pytest.raises(LookupError):
        registry["nope"]


def test_a_registry_refuses_what_is_not_a_calendar() -> None:
    with pytest.raises(ValidationError, match="is not a working calendar"):
        CalendarRegistry({"x": object()})  # type: ignore[dict-item]
    with pytest.raises(ValidationError, match="non-blank"):
        CalendarRegistry({"": BusinessCalendar.always()})
