"""Every event class of every domain dumps to JSON-safe data and loads back equal."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from backoffice.domain.events import DomainEvent
from backoffice.serialization import EventCodec
from backoffice.testing.events import all_event_types, events

# Request events embed a whole BusinessCalendar in their SLA target snapshots (a ZoneInfo and
# years of holidays), which is not plain data: issue #10 has the requests domain refer to
# calendars by name. These are exactly the classes that fail on this branch; the integrator
# empties the list once the requests branch is merged, and the test below fails if a class
# listed here round-trips already (so the list cannot go stale silently).
NOT_YET_PLAIN_DATA = frozenset({"RequestAccepted", "RequestSubmitted", "TierChanged"})

EVENT_TYPES = all_event_types()
CODEC = EventCodec.for_events(EVENT_TYPES)
PLAIN = [cls for cls in EVENT_TYPES if cls.__name__ not in NOT_YET_PLAIN_DATA]


def _round_trip(event: DomainEvent) -> None:
    data = CODEC.dump(event)
    assert data["type"] == type(event).__name__
    assert data["schema_version"] == type(event).schema_version
    text = json.dumps(data)
    assert CODEC.load(json.loads(text)) == event


def test_every_module_of_every_domain_contributes_its_events() -> None:
    modules = {cls.__module__ for cls in EVENT_TYPES}
    for domain in ("requests", "inventory", "budgets", "approvals"):
        assert f"backoffice.domain.{domain}.events" in modules
    assert len(EVENT_TYPES) >= 50


@pytest.mark.parametrize("event_type", PLAIN, ids=lambda cls: cls.__name__)
@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_an_event_of_every_class_survives_json(
    event_type: type[DomainEvent], data: st.DataObject
) -> None:
    _round_trip(data.draw(events(event_type)))


@pytest.mark.parametrize("name", sorted(NOT_YET_PLAIN_DATA))
def test_each_listed_exclusion_really_fails_today(name: str) -> None:
    (event_type,) = [cls for cls in EVENT_TYPES if cls.__name__ == name]

    @settings(max_examples=20, database=None, phases=[Phase.generate])
    @given(events(event_type))
    def round_trips(event: DomainEvent) -> None:
        _round_trip(event)

    with pytest.raises(Exception):  # noqa: B017, PT011 - any failure: remove the name once none
        round_trips()
