"""Hypothesis strategies for domain events of every kind, built from their fields.

:func:`events` draws instances of any :class:`~backoffice.domain.events.DomainEvent` subclass
(yours included) from its ``attrs`` fields and their type annotations: value types get the
strategies of :mod:`backoffice.testing.values`, nested frozen records are built the same way
field by field, ``X | None`` sometimes gives ``None``, ``tuple[X, ...]`` a few items. A drawn
record its own validators refuse is discarded (hypothesis draws another). Records whose rules
tie their fields together (asset particulars, maintenance plans, recurrences, checklists) are
drawn valid by the domain strategies instead (:data:`RECORD_STRATEGIES`), so no event class
needs hypothesis to throw most of its draws away. :func:`any_event`
draws from every event class of the package; :func:`all_event_types` lists them, importing
every module first so none is missed.

Instants are drawn in UTC or at a fixed UTC offset, which is what the codec writes back: an
event with a ``ZoneInfo`` instant loads back as the same instant at the same offset.

Example:
    >>> import json
    >>> from hypothesis import given, settings
    >>> from backoffice.serialization import EventCodec
    >>> from backoffice.domain.inventory.events import StockReserved
    >>> codec = EventCodec.for_events([StockReserved])
    >>> @settings(max_examples=10)
    ... @given(events(StockReserved))
    ... def test_a_reservation_round_trips(event):
    ...     data = json.loads(json.dumps(codec.dump(event)))
    ...     assert codec.load(data) == event
    >>> test_a_reservation_round_trips()
"""

from __future__ import annotations

import enum
import importlib
import pkgutil
import types
import typing
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

import backoffice
from backoffice.domain.assets import AssetParticulars
from backoffice.domain.events import DomainEvent
from backoffice.domain.inspections import ChecklistTemplate
from backoffice.domain.maintenance import MaintenancePlanSpec, Recurrence
from backoffice.errors import BackofficeError
from backoffice.serialization import _all_event_types
from backoffice.testing.assets import asset_particulars, recurrences
from backoffice.testing.maintenance import checklists, maintenance_plan_specs
from backoffice.testing.values import ids, percents, periods
from backoffice.values.ids import EntityId
from backoffice.values.money import Money
from backoffice.values.percent import Percent
from backoffice.values.period import Period
from backoffice.values.quantity import Quantity

__all__ = ["RECORD_STRATEGIES", "all_event_types", "any_event", "events", "strategy_for"]

E = TypeVar("E", bound=DomainEvent)

#: Offsets instants are drawn at: UTC, China, India, New York in winter, a quarter-hour zone.
_OFFSETS = (
    UTC,
    timezone(timedelta(hours=8)),
    timezone(timedelta(hours=5, minutes=30)),
    timezone(timedelta(hours=-5)),
    timezone(timedelta(hours=5, minutes=45)),
)

_NAMES = st.text(
    alphabet=st.characters(categories=("L", "N"), max_codepoint=0x9FFF),
    min_size=1,
    max_size=12,
)


def _instants() -> st.SearchStrategy[datetime]:
    return st.datetimes(
        min_value=datetime(2000, 1, 1),  # noqa: DTZ001 (hypothesis bounds are naive)
        max_value=datetime(2099, 12, 31),  # noqa: DTZ001
        timezones=st.sampled_from(_OFFSETS),
    )


#: Records drawn by a domain strategy rather than field by field, by type: each builds the
#: strategy for one currency and unit. Their validators tie fields together (a residual value
#: not above the cost, a plan with a rule, distinct checkpoint codes) so that drawing the
#: fields independently and discarding refused combinations throws most draws away.
RECORD_STRATEGIES: Mapping[type, Callable[[str, str], st.SearchStrategy[Any]]] = {
    AssetParticulars: lambda currency, unit: asset_particulars(currency),
    ChecklistTemplate: lambda currency, unit: checklists(),
    MaintenancePlanSpec: lambda currency, unit: maintenance_plan_specs(),
    Recurrence: lambda currency, unit: recurrences(),
}


def _defaults(currency: str, unit: str) -> dict[type, st.SearchStrategy[Any]]:
    return {
        **{cls: build(currency, unit) for cls, build in RECORD_STRATEGIES.items()},
        str: _NAMES,
        # Small numbers often (a rating of 1 to 5, a step of a chain), large ones sometimes.
        int: st.one_of(st.integers(1, 5), st.integers(0, 10**6)),
        bool: st.booleans(),
        Decimal: st.integers(-(10**9), 10**9).map(lambda n: Decimal(n).scaleb(-2)),
        datetime: _instants(),
        date: st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
        timedelta: st.integers(0, 10**6).map(lambda s: timedelta(seconds=s)),
        Money: st.integers(-(10**11), 10**11).map(lambda n: Money(Decimal(n).scaleb(-2), currency)),
        Quantity: st.integers(-(10**7), 10**7).map(lambda n: Quantity(Decimal(n), unit)),
        Percent: percents(),
        Period: periods(),
    }


def strategy_for(
    hint: Any,
    *,
    currency: str = "CNY",
    unit: str = "box",
    overrides: Mapping[type, st.SearchStrategy[Any]] | None = None,
) -> st.SearchStrategy[Any]:
    """A strategy for values of the type annotation ``hint``, as :func:`events` draws them.

    One currency and one unit are used throughout, so records that require matching
    currencies or units (a cost and its draws) can be built.

    Args:
        hint: A resolved type annotation (``Money``, ``tuple[DrawnLot, ...]``, ``str | None``).
        currency: The currency of every ``Money``.
        unit: The unit of every ``Quantity``.
        overrides: Strategies by type, used before the built-in choices.
    """
    table = {**_defaults(currency, unit), **(overrides or {})}
    return _strategy(hint, table)


def _strategy(hint: Any, table: Mapping[type, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    if hint is type(None) or hint is None:
        return st.none()
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return st.one_of([_strategy(arg, table) for arg in typing.get_args(hint)])
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return st.lists(_strategy(args[0], table), max_size=3).map(tuple)
        return st.tuples(*(_strategy(arg, table) for arg in args))
    if isinstance(hint, type):
        return _class_strategy(hint, table)
    return st.from_type(hint)


def _class_strategy(
    hint: type[Any], table: Mapping[type, st.SearchStrategy[Any]]
) -> st.SearchStrategy[Any]:
    if hint in table:
        return table[hint]
    if issubclass(hint, EntityId):
        return ids(hint)
    if issubclass(hint, enum.Enum):
        return st.sampled_from(list(hint))
    if attrs.has(hint):
        return st.deferred(lambda: _records(hint, table))
    return st.from_type(hint)


def _records(
    cls: type[Any], table: Mapping[type, st.SearchStrategy[Any]]
) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls)
    fields = {
        field.alias: _strategy(hints[field.name], table)
        for field in attrs.fields(cls)
        if field.init
    }

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        values = draw(st.fixed_dictionaries(fields))
        try:
            return cls(**values)
        except (BackofficeError, ValueError, TypeError):
            # The record's own rules refuse this combination: draw another one.
            return draw(st.nothing())

    return build()


def events(
    cls: type[E],
    *,
    currency: str = "CNY",
    unit: str = "box",
    overrides: Mapping[type, st.SearchStrategy[Any]] | None = None,
) -> st.SearchStrategy[E]:
    """Instances of the event class ``cls``, every field drawn (defaults included).

    Args:
        cls: A :class:`DomainEvent` subclass (an ``attrs`` class).
        currency: The currency of every ``Money`` in the event.
        unit: The unit of every ``Quantity`` in the event.
        overrides: Strategies by type for the field types you want to draw yourself.
    """
    table = {**_defaults(currency, unit), **(overrides or {})}
    return typing.cast(st.SearchStrategy[E], _records(cls, table))


def all_event_types(
    *, exclude: Callable[[type[DomainEvent]], bool] | None = None
) -> list[type[DomainEvent]]:
    """Every ``DomainEvent`` subclass in the package (``DomainEvent`` itself included).

    Imports every module under ``backoffice`` first (except ``__main__``), so an event class
    defined in a module nothing imported yet is found too. Classes defined outside the
    package (in your code, in tests) are left out. Sorted by name.
    """
    for module in pkgutil.walk_packages(backoffice.__path__, "backoffice."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    chosen = [
        cls
        for cls in _all_event_types()
        if cls.__module__.startswith("backoffice.") and (exclude is None or not exclude(cls))
    ]
    return sorted(chosen, key=lambda cls: cls.__name__)


def any_event(
    types_: list[type[DomainEvent]] | None = None,
) -> st.SearchStrategy[DomainEvent]:
    """An event of any class of ``types_`` (every event class of the package by default)."""
    return st.one_of([events(cls) for cls in (types_ if types_ is not None else all_event_types())])
