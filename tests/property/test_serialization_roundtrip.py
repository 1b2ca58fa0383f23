"""Everything the converter writes, it reads back equal."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice import (
    ActorId,
    DomainEvent,
    Money,
    NaiveDatetimeError,
    Quantity,
    RequestId,
    ValidationError,
)
from backoffice.serialization import EventCodec, converter
from backoffice.testing.values import aware_datetimes, money


@attrs.frozen(kw_only=True)
class BudgetNoted(DomainEvent):
    amount: Money
    quantity: Quantity
    request: RequestId
    due: date
    allowance: timedelta
    tags: tuple[str, ...] = ()


events = st.builds(
    BudgetNoted,
    aggregate_id=st.text(min_size=1, max_size=8),
    version=st.integers(1, 10**6),
    actor=st.from_regex(r"[a-z]{1,8}", fullmatch=True).map(ActorId),
    occurred_at=aware_datetimes(),
    amount=money(),
    quantity=st.integers(0, 10**6).map(lambda n: Quantity(n, "box")),
    request=st.integers(1, 10**6).map(lambda n: RequestId(f"REQ-{n}")),
    due=st.dates(),
    allowance=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3650)),
    tags=st.lists(st.text(max_size=5), max_size=3).map(tuple),
)


@given(events)
def test_an_event_survives_a_round_trip_through_plain_data(event: BudgetNoted) -> None:
    codec = EventCodec.for_events([BudgetNoted])
    data = codec.dump(event)
    assert data["type"] == "BudgetNoted"
    loaded = codec.load(data)
    # Compared in UTC: Python never finds a gap time (02:00 on a spring-forward day in Berlin)
    # equal to the same instant with another tzinfo (PEP 495); the codec keeps offsets, not zones.
    in_utc = attrs.evolve(event, occurred_at=event.occurred_at.astimezone(UTC))
    assert attrs.evolve(loaded, occurred_at=loaded.occurred_at.astimezone(UTC)) == in_utc
    assert loaded.occurred_at.utcoffset() == event.occurred_at.utcoffset()


@given(money(places=4))
def test_money_survives_a_round_trip_exactly(amount: Money) -> None:
    data = converter.unstructure(amount)
    assert isinstance(data["amount"], str)
    assert converter.structure(data, Money).amount.as_tuple() == amount.amount.as_tuple()


def test_an_unknown_event_type_or_a_naive_time_is_refused() -> None:
    codec = EventCodec.for_events([BudgetNoted])
    with pytest.raises(ValidationError, match="unknown event type"):
        codec.load({"type": "Nope"})
    with pytest.raises(NaiveDatetimeError):
        converter.structure("2025-01-01T09:00:00", datetime)


def test_two_event_classes_with_one_name_are_refused() -> None:
    @attrs.frozen(kw_only=True)
    class BudgetNoted(DomainEvent):  # same name as the module's class
        pass

    with pytest.raises(ValidationError, match="two event classes"):
        EventCodec.for_events([BudgetNoted, globals()["BudgetNoted"]])
