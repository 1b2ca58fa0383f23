"""The event codec: type tags, schema versions and upcasters."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, ClassVar

import attrs
import pytest

from backoffice import ActorId, DomainEvent, Money, ValidationError
from backoffice.serialization import EventCodec

AT = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@attrs.frozen(kw_only=True)
class RepairCosted(DomainEvent):
    """Version 2: the cost was a bare string ``"120.00"`` in CNY in version 1."""

    schema_version: ClassVar[int] = 2

    cost: Money
    supplier: str


def _from_v1(old: dict[str, Any]) -> dict[str, Any]:
    old["cost"] = {"amount": old.pop("cost_cny"), "currency": "CNY"}
    return old


def _event() -> RepairCosted:
    return RepairCosted(
        aggregate_id="REQ-000001",
        version=4,
        actor=ActorId("wang.fang"),
        occurred_at=AT,
        cost=Money("120.00", "CNY"),
        supplier="Pump Co",
    )


def _v1_data() -> dict[str, Any]:
    return {
        "type": "RepairCosted",
        "schema_version": 1,
        "aggregate_id": "REQ-000001",
        "version": 4,
        "actor": "wang.fang",
        "occurred_at": "2025-03-03T09:00:00+00:00",
        "cost_cny": "120.00",
        "supplier": "Pump Co",
    }


def test_a_dump_carries_the_type_and_the_schema_version_and_is_json() -> None:
    data = EventCodec.for_events([RepairCosted]).dump(_event())
    assert data["type"] == "RepairCosted"
    assert data["schema_version"] == 2
    assert json.loads(json.dumps(data)) == data


def test_every_event_class_is_at_schema_version_one_unless_it_says_otherwise() -> None:
    assert DomainEvent.schema_version == 1
    assert RepairCosted.schema_version == 2


def test_an_upcaster_brings_old_data_to_the_current_version() -> None:
    codec = EventCodec.for_events([RepairCosted], upcasters={("RepairCosted", 1): _from_v1})
    assert codec.load(_v1_data()) == _event()


def test_the_current_version_is_read_without_upcasting() -> None:
    codec = EventCodec.for_events([RepairCosted], upcasters={("RepairCosted", 1): _from_v1})
    assert codec.load(codec.dump(_event())) == _event()


def test_old_data_without_an_upcaster_is_refused_naming_the_missing_one() -> None:
    codec = EventCodec.for_events([RepairCosted])
    with pytest.raises(ValidationError, match=r"no upcaster \('RepairCosted', 1\)") as caught:
        codec.load(_v1_data())
    assert caught.value.field == "schema_version"
    assert caught.value.value == 1


def test_data_from_a_newer_release_is_refused() -> None:
    codec = EventCodec.for_events([RepairCosted])
    data = {**codec.dump(_event()), "schema_version": 3}
    with pytest.raises(ValidationError, match="newer release: this one reads up to version 2"):
        codec.load(data)


@pytest.mark.parametrize("version", [0, -1, "1", 1.0, True, None])
def test_a_schema_version_that_is_not_a_whole_number_from_one_is_refused(version: object) -> None:
    codec = EventCodec.for_events([RepairCosted])
    with pytest.raises(ValidationError, match="whole number from 1") as caught:
        codec.load({**codec.dump(_event()), "schema_version": version})
    assert caught.value.field == "schema_version"


def test_data_written_before_versions_were_recorded_reads_as_version_one() -> None:
    codec = EventCodec.for_events([DomainEvent])
    event = DomainEvent(aggregate_id="A", version=1, actor=ActorId("li"), occurred_at=AT)
    data = codec.dump(event)
    del data["schema_version"]
    assert codec.load(data) == event


def test_a_failing_upcaster_is_reported_as_a_validation_error() -> None:
    codec = EventCodec.for_events(
        [RepairCosted], upcasters={("RepairCosted", 1): lambda old: {**old, "x": old["nope"]}}
    )
    with pytest.raises(ValidationError, match=r"upcaster \('RepairCosted', 1\) failed"):
        codec.load(_v1_data())


def test_an_upcaster_for_an_unknown_type_or_a_version_never_read_is_refused() -> None:
    with pytest.raises(ValidationError, match="not an event type of this codec"):
        EventCodec.for_events([RepairCosted], upcasters={("Nope", 1): _from_v1})
    with pytest.raises(ValidationError, match="can never run"):
        EventCodec.for_events([RepairCosted], upcasters={("RepairCosted", 2): _from_v1})
    with pytest.raises(ValidationError, match="can never run"):
        EventCodec.for_events([RepairCosted], upcasters={("RepairCosted", 0): _from_v1})


def test_unknown_types_and_data_that_is_not_a_mapping_are_refused() -> None:
    codec = EventCodec.for_events([RepairCosted])
    with pytest.raises(ValidationError, match="unknown event type 'Nope'") as caught:
        codec.load({"type": "Nope"})
    assert caught.value.field == "type"
    with pytest.raises(ValidationError, match="unknown event type None"):
        codec.load({})
    with pytest.raises(ValidationError, match="from a mapping, got list"):
        codec.load([])  # type: ignore[arg-type]


def test_fields_that_do_not_fit_are_a_validation_error() -> None:
    codec = EventCodec.for_events([RepairCosted])
    data = {**codec.dump(_event()), "cost": "lots"}
    with pytest.raises(ValidationError, match="cannot read a RepairCosted event"):
        codec.load(data)


def test_the_codec_for_all_events_takes_upcasters_too() -> None:
    codec = EventCodec.for_all_events(upcasters={("RepairCosted", 1): _from_v1})
    assert codec.load(_v1_data()) == _event()
