"""(De)serialisation: values and domain events to and from JSON-ready plain data (cattrs).

An embedding system stores events and records in its own database; this module turns them into
plain ``dict``/``list``/``str``/``int`` data and back, losslessly:

* ``Money`` -> ``{"amount": "12.30", "currency": "CNY"}`` (the amount as a string: exact);
* ``Quantity`` -> ``{"value": "3", "unit": "ream"}``; ``Decimal`` and ``Percent`` -> strings;
* typed ids -> their string; ``datetime`` -> ISO 8601 with its UTC offset (a naive one is
  refused when read back); ``date`` -> ISO date; ``timedelta`` -> seconds as a decimal string;
* enums -> their value;
* an event -> its fields plus ``"type"``, the event class's name, so :meth:`EventCodec.load`
  can rebuild the right class.

Example:
    >>> converter.unstructure(Money("12.30", "CNY"))
    {'amount': '12.30', 'currency': 'CNY'}
    >>> converter.structure({"amount": "12.30", "currency": "CNY"}, Money)
    Money('12.30', 'CNY')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import cattrs

from backoffice.domain.events import DomainEvent
from backoffice.errors import ValidationError
from backoffice.values.ids import EntityId
from backoffice.values.instant import ensure_aware
from backoffice.values.money import Money, to_decimal
from backoffice.values.percent import Percent
from backoffice.values.quantity import Quantity

__all__ = ["EventCodec", "converter", "make_converter"]

_MICROSECOND = Decimal("0.000001")


def _timedelta_to_text(value: timedelta) -> str:
    micros = value // timedelta(microseconds=1)
    return str((Decimal(micros) * _MICROSECOND).normalize())


def _text_to_timedelta(value: object, _: object) -> timedelta:
    seconds = to_decimal(value, field="duration")
    return timedelta(microseconds=int((seconds / _MICROSECOND).to_integral_value()))


def _datetime_from_text(value: object, _: object) -> datetime:
    if not isinstance(value, str):
        raise ValidationError(f"expected an ISO 8601 instant, got {value!r}", value=value)
    return ensure_aware(datetime.fromisoformat(value), "datetime")


def make_converter() -> cattrs.Converter:
    """A fresh converter with backoffice's hooks; extend it with your own types if needed."""
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(Decimal, lambda v, _: to_decimal(v))
    conv.register_unstructure_hook(datetime, datetime.isoformat)
    conv.register_structure_hook(datetime, _datetime_from_text)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(date, lambda v, _: date.fromisoformat(v))
    conv.register_unstructure_hook(timedelta, _timedelta_to_text)
    conv.register_structure_hook(timedelta, _text_to_timedelta)
    conv.register_unstructure_hook(
        Money, lambda m: {"amount": str(m.amount), "currency": m.currency}
    )
    conv.register_structure_hook(Money, lambda v, _: Money(v["amount"], v["currency"]))
    conv.register_unstructure_hook(Quantity, lambda q: {"value": str(q.value), "unit": q.unit})
    conv.register_structure_hook(Quantity, lambda v, _: Quantity(v["value"], v["unit"]))
    conv.register_unstructure_hook(Percent, lambda p: str(p.value))
    conv.register_structure_hook(Percent, lambda v, _: Percent(v))
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, EntityId), str
    )
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, EntityId), lambda v, t: t(v)
    )
    return conv


#: The shared converter. Use :func:`make_converter` to get one you can extend.
converter = make_converter()


def _all_event_types(root: type[DomainEvent] = DomainEvent) -> list[type[DomainEvent]]:
    found: list[type[DomainEvent]] = []
    pending = [root]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


@attrs.frozen
class EventCodec:
    """Turns events into tagged plain data and back.

    Attributes:
        types: Event classes by the name written in the ``"type"`` key.
        converter: The cattrs converter used for the fields.

    Example:
        >>> from datetime import UTC
        >>> from backoffice.values.ids import ActorId
        >>> codec = EventCodec.for_all_events()
        >>> event = DomainEvent(aggregate_id="REQ-1", version=1, actor=ActorId("li"),
        ...                     occurred_at=datetime(2025, 3, 3, 1, 0, tzinfo=UTC))
        >>> data = codec.dump(event)
        >>> data["type"], data["occurred_at"]
        ('DomainEvent', '2025-03-03T01:00:00+00:00')
        >>> codec.load(data) == event
        True
    """

    types: Mapping[str, type[DomainEvent]]
    converter: cattrs.Converter = attrs.field(factory=make_converter)

    @classmethod
    def for_events(
        cls, types: Iterable[type[DomainEvent]], conv: cattrs.Converter | None = None
    ) -> EventCodec:
        """A codec for the given event classes; two classes may not share a name."""
        by_name: dict[str, type[DomainEvent]] = {}
        for event_type in types:
            other = by_name.setdefault(event_type.__name__, event_type)
            if other is not event_type:
                raise ValidationError(
                    f"two event classes are named {event_type.__name__}: "
                    f"{other.__module__} and {event_type.__module__}",
                    field="types",
                )
        return cls(by_name, conv or make_converter())

    @classmethod
    def for_all_events(cls) -> EventCodec:
        """A codec for every event class defined (imported) so far."""
        return cls.for_events(_all_event_types())

    def dump(self, event: DomainEvent) -> dict[str, Any]:
        """The event as plain data, with its ``"type"``."""
        data: dict[str, Any] = self.converter.unstructure(event, unstructure_as=type(event))
        return {"type": type(event).__name__, **data}

    def load(self, data: Mapping[str, Any]) -> DomainEvent:
        """Rebuild an event from :meth:`dump`'s output.

        Raises:
            ValidationError: The type is unknown or the fields do not fit it.
        """
        fields = dict(data)
        name = fields.pop("type", None)
        event_type = self.types.get(name) if isinstance(name, str) else None
        if event_type is None:
            raise ValidationError(f"unknown event type {name!r}", field="type", value=name)
        try:
            event: DomainEvent = self.converter.structure(fields, event_type)
        except (cattrs.BaseValidationError, KeyError, TypeError, ValueError) as error:
            raise ValidationError(
                f"cannot read a {name} event: {error}", field="data", value=data
            ) from error
        return event
