"""Laws of a request's history: every event is plain data, and a stored history replays.

Random lifecycles of one request (every kind of step, SLA sweeps, instants in four zones and
next to daylight-saving changes) from :func:`backoffice.testing.requests.request_histories`.
"""

from __future__ import annotations

import gc
import json

from hypothesis import given

from backoffice.domain.events import DomainEvent
from backoffice.domain.requests import ServiceRequest
from backoffice.serialization import EventCodec
from backoffice.testing.requests import in_utc, request_histories, sample_calendar_registry

# attrs replaces each slotted class by a new one; until a collection the replaced class still
# shows among DomainEvent's subclasses, which for_all_events would take for a second class of
# the same name.
gc.collect()
CODEC = EventCodec.for_all_events()


def stored(event: DomainEvent) -> DomainEvent:
    """``event`` written as JSON text and read back."""
    return CODEC.load(json.loads(json.dumps(CODEC.dump(event))))


@given(request_histories())
def test_every_request_event_round_trips_through_the_codec_and_json(
    events: list[DomainEvent],
) -> None:
    for event in events:
        data = CODEC.dump(event)
        loaded = stored(event)
        assert type(loaded) is type(event)
        assert CODEC.dump(loaded) == data
        assert in_utc(loaded) == in_utc(event)
        if all(
            i.utcoffset() == i.replace(fold=1 - i.fold).utcoffset()
            for i in (event.occurred_at, loaded.occurred_at)
        ):
            assert loaded == event  # (outside a fold or gap, equal as it is)


@given(request_histories())
def test_a_request_replayed_from_its_stored_events_equals_the_original(
    events: list[DomainEvent],
) -> None:
    original = ServiceRequest.replay(events)
    copy = ServiceRequest.replay(
        [stored(event) for event in events], calendars=sample_calendar_registry()
    )
    assert in_utc(copy.snapshot()) == in_utc(original.snapshot())
    assert copy.version == original.version == len(events)
