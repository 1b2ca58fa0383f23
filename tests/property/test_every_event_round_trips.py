"""Every event class of every domain dumps to JSON-safe data and loads back equal."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backoffice.domain.events import DomainEvent
from backoffice.serialization import EventCodec
from backoffice.testing.events import all_event_types, events

EVENT_TYPES = all_event_types()
CODEC = EventCodec.for_events(EVENT_TYPES)


def _round_trip(event: DomainEvent) -> None:
    data = CODEC.dump(event)
    assert data["type"] == type(event).__name__
    assert data["schema_version"] == type(event).schema_version
    text = json.dumps(data)
    assert CODEC.load(json.loads(text)) == event


def test_every_module_of_every_domain_contributes_its_events() -> None:
    modules = {cls.__module__ for cls in EVENT_TYPES}
    for domain in (
        "requests",
        "inventory",
        "budgets",
        "approvals",
        "assets",
        "maintenance",
        "inspections",
    ):
        assert f"backoffice.domain.{domain}.events" in modules
    assert len(EVENT_TYPES) >= 50


@pytest.mark.parametrize("event_type", EVENT_TYPES, ids=lambda cls: cls.__name__)
@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_an_event_of_every_class_survives_json(
    event_type: type[DomainEvent], data: st.DataObject
) -> None:
    _round_trip(data.draw(events(event_type)))
