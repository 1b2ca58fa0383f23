"""(De)serialisation: values and domain events to and from JSON-ready plain data (cattrs).

An embedding system stores events and records in its own database; this module turns them into
plain ``dict``/``list``/``str``/``int`` data and back, losslessly:

* ``Money`` -> ``{"amount": "12.30", "currency": "CNY"}`` (the amount as a string: exact);
* ``Quantity`` -> ``{"value": "3", "unit": "ream"}``; ``Decimal`` and ``Percent`` -> strings;
* typed ids -> their string; ``datetime`` -> ISO 8601 with its UTC offset (a naive one is
  refused when read back); ``date`` -> ISO date; ``timedelta`` -> seconds as a decimal string;
* enums -> their value;
* an event -> its fields plus ``"type"``, the event class's name, so :meth:`EventCodec.load`
  can rebuild the right class, and ``"schema_version"``, the version of the class's shape, so
  data written by an older release is brought forward by upcasters before it is read.

Reading is the hot path of restoring a service from its stored events. Every request's events
carry a copy of its SLA target snapshot, and a desk's few tiers make only a handful of distinct
ones, so the converter builds each distinct snapshot once and hands the same frozen value out
again (:func:`memoise`, :data:`SNAPSHOT_VALUES`). The SLA deadlines almost every request event
carries are read and written in one pass, and durations (a few SLA allowances, over and over)
through a small cache of their texts. Everything else is read and checked afresh.

Example:
    >>> converter.unstructure(Money("12.30", "CNY"))
    {'amount': '12.30', 'currency': 'CNY'}
    >>> converter.structure({"amount": "12.30", "currency": "CNY"}, Money)
    Money('12.30', 'CNY')
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeAlias

import attrs
import cattrs

from backoffice.domain.events import DomainEvent
from backoffice.domain.requests.targets import SlaDeadline, SlaTarget, SlaTargets
from backoffice.errors import ValidationError
from backoffice.values.ids import EntityId
from backoffice.values.instant import ensure_aware
from backoffice.values.money import Money, to_decimal
from backoffice.values.percent import Percent
from backoffice.values.quantity import Quantity

__all__ = ["SNAPSHOT_VALUES", "EventCodec", "Upcaster", "converter", "make_converter", "memoise"]


@functools.lru_cache(maxsize=4_096)
def _timedelta_text(value: timedelta) -> str:
    """A duration as seconds in text; stored events repeat a few (SLA allowances), each once."""
    micros = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    return str(Decimal(micros).scaleb(-6).normalize())


def _text_to_timedelta(value: object, _: object) -> timedelta:
    if value.__class__ is str:
        return _duration(value)
    return _seconds_to_timedelta(value)


@functools.lru_cache(maxsize=4_096)
def _duration(text: str) -> timedelta:
    """A duration read from its text; stored events repeat a few (SLA allowances), each once."""
    return _seconds_to_timedelta(text)


def _seconds_to_timedelta(value: object) -> timedelta:
    seconds = to_decimal(value, field="duration")
    try:  # seconds to microseconds is a shift of the exponent: exact, no division
        return timedelta(0, 0, int(seconds.scaleb(6).to_integral_value()))
    except OverflowError:
        raise ValidationError(
            f"a duration of {seconds} s is beyond what a timedelta holds",
            field="duration",
            value=value,
        ) from None


def _datetime_from_text(value: object, _: object) -> datetime:
    if not isinstance(value, str):
        raise ValidationError(f"expected an ISO 8601 instant, got {value!r}", value=value)
    instant = datetime.fromisoformat(value)
    # Text can only give a fixed UTC offset or none, so the zone's presence is the whole check.
    return ensure_aware(instant, "datetime") if instant.tzinfo is None else instant


def _deadlines_to_data(deadlines: tuple[SlaDeadline, ...]) -> list[tuple[str, str, str]]:
    return [(metric, due.isoformat(), _timedelta_text(time)) for metric, due, time in deadlines]


def _deadlines_from_data(value: object, _: object) -> tuple[SlaDeadline, ...]:
    if not isinstance(value, list | tuple):
        raise ValidationError(
            f"SLA deadlines are a list of [metric, due instant, working time], got {value!r}",
            field="deadlines",
            value=value,
        )
    deadlines = []
    for item in value:
        if not isinstance(item, list | tuple) or len(item) != 3 or not isinstance(item[0], str):
            raise ValidationError(
                f"an SLA deadline is [metric, due instant, working time], got {item!r}",
                field="deadlines",
                value=item,
            )
        metric, due, time = item
        deadlines.append((metric, _datetime_from_text(due, None), _text_to_timedelta(time, None)))
    return tuple(deadlines)


#: The JSON text of a payload: the key of :func:`memoise`'s memo.
_json_text = json.JSONEncoder(separators=(",", ":")).encode


def memoise(
    structure: Callable[[Any, Any], Any], *, size: int = 4_096
) -> Callable[[Any, Any], Any]:
    """A structure hook that builds each distinct payload once and hands out that value again.

    For immutable values whose equal payloads make interchangeable objects, and that many
    stored events repeat: the SLA target snapshots of :data:`SNAPSHOT_VALUES` (a desk's few
    tiers make a handful of distinct ones, and every submission and acceptance carries one).
    Payloads are told apart by their JSON text: the same text is the same JSON, which builds
    equal values. A payload the hook refuses is not remembered (it raises again next time);
    one that is not JSON (a ``Decimal`` given directly) is built every time. At most ``size``
    distinct payloads are kept; past that the memo starts afresh.

    Args:
        structure: The converter's structure hook for the type.
        size: How many distinct payloads to keep.
    """
    built: dict[str, Any] = {}

    def memoised(value: Any, kind: Any) -> Any:
        try:
            key = _json_text(value)
        except (TypeError, ValueError):  # not JSON: nothing to key it on
            return structure(value, kind)
        try:
            return built[key]
        except KeyError:
            pass
        result = structure(value, kind)
        if len(built) >= size:
            built.clear()
        built[key] = result
        return result

    return memoised


#: Value types read through :func:`memoise` by :func:`make_converter`'s converters: frozen
#: snapshots, equal by value, that every request's events repeat.
SNAPSHOT_VALUES: tuple[type, ...] = (SlaTarget, SlaTargets)


def make_converter() -> cattrs.Converter:
    """A fresh converter with backoffice's hooks; extend it with your own types if needed."""
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(Decimal, lambda v, _: to_decimal(v))
    conv.register_unstructure_hook(datetime, datetime.isoformat)
    conv.register_structure_hook(datetime, _datetime_from_text)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(date, lambda v, _: date.fromisoformat(v))
    conv.register_unstructure_hook(timedelta, _timedelta_text)
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
    # SLA deadlines, (metric, due instant, working time), come with almost every request
    # event: read and written in one pass rather than through the generic tuple hooks.
    deadlines = tuple[SlaDeadline, ...]
    conv.register_unstructure_hook_func(lambda t: t == deadlines, _deadlines_to_data)
    conv.register_structure_hook_func(lambda t: t == deadlines, _deadlines_from_data)
    for snapshot in SNAPSHOT_VALUES:  # in order: a set's hook reads its targets through theirs
        conv.register_structure_hook(snapshot, memoise(conv.get_structure_hook(snapshot)))
    return conv


#: The shared converter. Use :func:`make_converter` to get one you can extend.
converter = make_converter()


#: Turns the plain data of one schema version of an event into that of the next version.
Upcaster: TypeAlias = Callable[[dict[str, Any]], dict[str, Any]]


def _all_event_types(root: type[DomainEvent] = DomainEvent) -> list[type[DomainEvent]]:
    found: list[type[DomainEvent]] = []
    pending = [root]
    while pending:
        cls = pending.pop()
        # A slotted attrs class replaces the class its body defined; until the garbage
        # collector frees that first draft it is still a subclass, without attrs' fields.
        if cls not in found and "__attrs_attrs__" in vars(cls):
            found.append(cls)
            pending.extend(cls.__subclasses__())
    return found


def _check_upcasters(
    types: Mapping[str, type[DomainEvent]], upcasters: Mapping[tuple[str, int], Upcaster]
) -> None:
    for name, version in upcasters:
        event_type = types.get(name)
        if event_type is None:
            raise ValidationError(
                f"an upcaster is given for {name!r}, which is not an event type of this codec",
                field="upcasters",
                value=(name, version),
            )
        if not 1 <= version < event_type.schema_version:
            raise ValidationError(
                f"an upcaster for {name} version {version} can never run: {name} is at "
                f"schema version {event_type.schema_version}, upcasters read versions 1 to "
                f"{event_type.schema_version - 1}",
                field="upcasters",
                value=(name, version),
            )


@attrs.frozen
class EventCodec:
    """Turns events into tagged plain data and back, upgrading old data on the way in.

    :meth:`dump` writes an event's fields plus two keys: ``"type"``, the event class's name,
    and ``"schema_version"``, the class's ``schema_version``. ``json.dumps`` works on the
    result.

    **Schema versions and upcasters.** When an event class changes shape (a field renamed,
    split or added without a default), the class raises its ``schema_version`` and the codec is
    given an *upcaster* for the old version: a function from the old plain data (without
    ``"type"`` and ``"schema_version"``) to the data of the next version. :meth:`load` runs
    the upcasters one version at a time, ``(name, 1)`` then ``(name, 2)`` ..., until the data
    is at the class's version, then builds the event. Stored events are never rewritten.

    Attributes:
        types: Event classes by the name written in the ``"type"`` key.
        converter: The cattrs converter used for the fields.
        upcasters: Functions by ``(type name, schema version they read)``.

    Example:
        >>> from datetime import UTC
        >>> from backoffice.values.ids import ActorId
        >>> codec = EventCodec.for_events([DomainEvent])
        >>> event = DomainEvent(aggregate_id="REQ-1", version=1, actor=ActorId("li"),
        ...                     occurred_at=datetime(2025, 3, 3, 1, 0, tzinfo=UTC))
        >>> data = codec.dump(event)
        >>> data["type"], data["schema_version"], data["occurred_at"]
        ('DomainEvent', 1, '2025-03-03T01:00:00+00:00')
        >>> codec.load(data) == event
        True

        An event class at version 2 that renamed ``who`` to ``actor``, and its upcaster::

            codec = EventCodec.for_all_events(
                upcasters={("RequestNoted", 1): lambda old: {**old, "actor": old.pop("who")}}
            )
    """

    types: Mapping[str, type[DomainEvent]]
    converter: cattrs.Converter = attrs.field(factory=make_converter)
    upcasters: Mapping[tuple[str, int], Upcaster] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        _check_upcasters(self.types, self.upcasters)

    @classmethod
    def for_events(
        cls,
        types: Iterable[type[DomainEvent]],
        conv: cattrs.Converter | None = None,
        *,
        upcasters: Mapping[tuple[str, int], Upcaster] | None = None,
    ) -> EventCodec:
        """A codec for the given event classes; two classes may not share a name.

        Raises:
            ValidationError: Two classes share a name, or an upcaster is given for a type the
                codec does not know or for a version that can never be read.
        """
        by_name: dict[str, type[DomainEvent]] = {}
        for event_type in types:
            other = by_name.setdefault(event_type.__name__, event_type)
            if other is not event_type:
                raise ValidationError(
                    f"two event classes are named {event_type.__name__}: "
                    f"{other.__module__} and {event_type.__module__}",
                    field="types",
                )
        return cls(by_name, conv or make_converter(), dict(upcasters or {}))

    @classmethod
    def for_all_events(
        cls, *, upcasters: Mapping[tuple[str, int], Upcaster] | None = None
    ) -> EventCodec:
        """A codec for every event class defined (imported) so far."""
        return cls.for_events(_all_event_types(), upcasters=upcasters)

    def dump(self, event: DomainEvent) -> dict[str, Any]:
        """The event as plain data, with its ``"type"`` and ``"schema_version"``."""
        event_type = type(event)
        data: dict[str, Any] = self.converter.unstructure(event, unstructure_as=event_type)
        return {"type": event_type.__name__, "schema_version": event_type.schema_version, **data}

    def load(self, data: Mapping[str, Any]) -> DomainEvent:
        """Rebuild an event from :meth:`dump`'s output, upcasting older schema versions.

        Data without a ``"schema_version"`` (written before versions were recorded) is read as
        version 1.

        Raises:
            ValidationError: The type is unknown; the version is not a whole number, newer than
                the class's, or older with no upcaster to bring it forward; an upcaster failed;
                or the fields do not fit the class.
        """
        if not isinstance(data, Mapping):
            raise ValidationError(
                f"an event is read from a mapping, got {type(data).__name__}", field="data"
            )
        fields = dict(data)
        name = fields.pop("type", None)
        event_type = self.types.get(name) if isinstance(name, str) else None
        if event_type is None:
            raise ValidationError(f"unknown event type {name!r}", field="type", value=name)
        version = fields.pop("schema_version", 1)
        fields = self._upcast(event_type, version, fields)
        try:
            event: DomainEvent = self.converter.structure(fields, event_type)
        except (cattrs.BaseValidationError, KeyError, TypeError, ValueError) as error:
            raise ValidationError(
                f"cannot read a {name} event: {error}", field="data", value=data
            ) from error
        return event

    def _upcast(
        self, event_type: type[DomainEvent], version: object, fields: dict[str, Any]
    ) -> dict[str, Any]:
        name, current = event_type.__name__, event_type.schema_version
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ValidationError(
                f"the schema version of a {name} event must be a whole number from 1, "
                f"got {version!r}",
                field="schema_version",
                value=version,
            )
        if version > current:
            raise ValidationError(
                f"a {name} event at schema version {version} was written by a newer release: "
                f"this one reads up to version {current}",
                field="schema_version",
                value=version,
            )
        while version < current:
            upcaster = self.upcasters.get((name, version))
            if upcaster is None:
                raise ValidationError(
                    f"cannot read a {name} event at schema version {version}: no upcaster "
                    f"({name!r}, {version}) brings it to version {version + 1}",
                    field="schema_version",
                    value=version,
                )
            try:
                fields = upcaster(dict(fields))
            except (KeyError, TypeError, ValueError) as error:
                raise ValidationError(
                    f"the upcaster ({name!r}, {version}) failed: {error!r}",
                    field="schema_version",
                    value=version,
                ) from error
            version += 1
        return fields
