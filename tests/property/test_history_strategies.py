"""The history strategies draw what they promise, and a played history restores exactly."""

from __future__ import annotations

import json
from datetime import UTC

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.calendar import BusinessCalendar
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.serialization import EventCodec
from backoffice.services.requests import ServiceDesk
from backoffice.testing.histories import (
    RequestArrival,
    budget_commands,
    play_arrivals,
    request_arrivals,
    stock_commands,
)
from backoffice.testing.requests import in_utc, sample_calendar_registry, sample_calendars

_OFFICE = sample_calendars()[0]
assert isinstance(_OFFICE, BusinessCalendar)
OFFICE: BusinessCalendar = _OFFICE
SEED = TieredSlaPolicy.seed(OFFICE, office_name="office-shanghai")


@given(request_arrivals(years=[2031, 2032]))
def test_arrivals_fall_in_the_years_asked_in_time_order(arrivals: list[RequestArrival]) -> None:
    instants = [arrival.at for arrival in arrivals]
    assert instants == sorted(instants)
    assert all(2031 <= at.astimezone(UTC).year <= 2032 for at in instants)
    for arrival in arrivals:
        kinds = [step.kind for step in arrival.steps]
        assert kinds[0] == "start"
        assert kinds.count("pause") == kinds.count("resume")


@given(request_arrivals(calendar=OFFICE, max_requests=4))
def test_a_played_history_restores_into_the_same_desk(arrivals: list[RequestArrival]) -> None:
    years = OFFICE.rules.covered_years
    assert years is not None
    assert all(arrival.at.year in years for arrival in arrivals)
    desk = ServiceDesk(sla_policy=SEED)
    events = play_arrivals(desk, arrivals)
    codec = EventCodec.for_all_events()
    stored = [codec.load(json.loads(json.dumps(codec.dump(e)))) for e in events]
    restored = ServiceDesk.restore(stored, sla_policy=SEED, calendars=sample_calendar_registry())
    assert len({e.aggregate_id for e in events}) == len(arrivals)
    for number in range(1, len(arrivals) + 1):
        request_id = f"REQ-{number:06d}"
        mine, theirs = desk.get(request_id), restored.get(request_id)
        assert mine.state == theirs.state
        assert in_utc(dict(mine.clocks)) == in_utc(dict(theirs.clocks))


def test_years_the_calendar_does_not_cover_are_refused() -> None:
    with pytest.raises(ValueError, match="not all covered"):
        request_arrivals(years=[2040], calendar=OFFICE)


@given(st.lists(budget_commands(max_amount=100), max_size=6), st.lists(stock_commands()))
def test_commands_are_plain_data_within_their_bounds(
    budget: list[object], stock: list[object]
) -> None:
    for command in budget:
        assert 0 < command.amount <= 100  # type: ignore[attr-defined]
    for command in stock:
        assert command.qty > 0  # type: ignore[attr-defined]
