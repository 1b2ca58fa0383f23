"""Bad arguments, and the check that a command refuses them without changing anything.

The rule every public command of backoffice follows: a bad argument meets a
:class:`~backoffice.errors.BackofficeError`, and the service is left exactly as it was (no
state changed, no event recorded, no id consumed). This module gives a property test the
pieces to check that rule on any service, yours included:

* :data:`BAD_VALUES` / :func:`bad_values` -- wrong values by the *kind* of argument they are
  passed as (``"actor"``, ``"text"``, ``"instant"``, ``"money"``, ``"quantity"``, ...): ``None``,
  wrong types, blank strings, floats, NaN, huge numbers, naive datetimes, bogus enum strings;
* :func:`snapshot` -- a deep, comparable picture of an object graph (attrs fields, dicts,
  lists, ``__dict__``/``__slots__`` state, id counters), where policies, calendars and
  functions count by identity only: they are configuration, not state, and some cannot be
  copied;
* :func:`refusal_problem` -- calls a command and says what went wrong, if anything: it was
  accepted, it raised something other than a ``BackofficeError``, or it changed the state.

Example:
    >>> from backoffice.values.money import Money
    >>> wallet = {"cash": Money("10", "CNY")}
    >>> def spend(amount: object) -> None:
    ...     wallet["cash"] = wallet["cash"] - Money(amount, "CNY")
    >>> refusal_problem(wallet, lambda: spend(1.5)) is None   # a float is refused cleanly
    True
    >>> refusal_problem(wallet, lambda: spend(1))
    'accepted'
"""

from __future__ import annotations

import enum
import itertools
import types
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any, Final

import attrs
from hypothesis import strategies as st

from backoffice.errors import BackofficeError
from backoffice.values.ids import ActorId, AssetId, RequestId, SupplierId
from backoffice.values.money import Money
from backoffice.values.quantity import Quantity

__all__ = ["BAD_VALUES", "bad_values", "refusal_problem", "snapshot", "values_of"]

_NAIVE = datetime(2025, 3, 3, 9, 0)  # noqa: DTZ001 - naive on purpose: it must be refused
_NOT_TEXT: Final = (None, 123, 1.5, b"bytes", True, ["a list"], Decimal(1))
_NOT_NUMBERS: Final = (
    None,
    1.5,
    float("nan"),
    float("inf"),
    Decimal("NaN"),
    Decimal("Infinity"),
    Decimal("1E+999999"),
    10**30,
    "abc",
    True,
    [1],
)

#: Wrong values by the kind of argument. ``id:<prefix>`` kinds are built by :func:`bad_values`.
BAD_VALUES: Final[Mapping[str, tuple[object, ...]]] = {
    # Who acts: an ActorId or its non-blank text.
    "actor": (*_NOT_TEXT, "", "   ", AssetId("AST-000001"), RequestId("REQ-000001")),
    # Free text that must be given.
    "text": (*_NOT_TEXT, "", "   ", "x" * 10_001),
    # Free text that may be left out ("" and None mean none).
    "optional_text": (123, 1.5, b"bytes", True, ["a list"], "x" * 10_001),
    # A list of texts (attachments, tags).
    "texts": ("abc", None, 123, [123], [None], [""]),
    # An aware instant that must be given.
    "instant": (None, _NAIVE, date(2025, 3, 3), "2025-03-03T09:00:00+08:00", 1.5, 0),
    # An aware instant that may be left out.
    "optional_instant": (_NAIVE, date(2025, 3, 3), "2025-03-03T09:00:00+08:00", 1.5),
    # A calendar date.
    "date": (None, "2025-03-10", 20250310, 1.5, datetime(2025, 3, 10, tzinfo=UTC)),
    # A positive amount in the service's currency (CNY).
    "money": (
        *_NOT_NUMBERS,
        Decimal(12),
        "12.00",
        Money("12", "USD"),
        Money("0", "CNY"),
        Money("-12", "CNY"),
    ),
    # A positive amount that may be left out.
    "optional_money": (1.5, float("nan"), "abc", Decimal("NaN"), Money("12", "USD"), True),
    # A positive quantity (a Quantity in the item's unit, or a plain exact number).
    "quantity": (*_NOT_NUMBERS, 0, -1, Decimal("-0.5"), Quantity(1, "kg")),
    # A quantity that may be left out.
    "optional_quantity": (1.5, float("nan"), "abc", -1, Quantity(1, "kg"), True),
    # A member of an enumeration, or its name/value as text.
    "choice": (None, "bogus", "", 123, True, 1.5),
    # A choice that may be left out.
    "optional_choice": ("bogus", "", 123, True, 1.5),
    # A yes/no flag.
    "flag": (None, "no", "yes", 0, 1, 1.5),
    # A whole number (a score, a lot number).
    "whole": (None, 1.5, "1", True, -1, 10**30),
    # A record the command takes whole (a document, an item, a location, a policy).
    "record": (None, "text", 123, 1.5, {"a": "dict"}, ["a list"]),
    # A mapping of SKU to quantity.
    "lines": (None, "A4", [("A4", 1)], {}, {"A4": 1.5}, {"A4": -1}, {"A4": None}, {None: 1}),
    # A sequence of records or category names.
    "records": ("abc", None, 123, [123], [None]),
}


def _id_values(kind: str) -> tuple[object, ...]:
    prefix = kind.removeprefix("id:").removeprefix("optional_id:")
    wrong_kind = SupplierId(f"{prefix}-000001") if prefix != "SUP" else AssetId("SUP-000001")
    unknown = f"{prefix}-999999"
    values: tuple[object, ...] = (123, 1.5, True, "   ", wrong_kind, unknown, ActorId(unknown))
    return values if kind.startswith("optional_") else (None, "", *values)


def bad_values(kind: str) -> st.SearchStrategy[object]:
    """Wrong values for an argument of ``kind``.

    ``kind`` is a key of :data:`BAD_VALUES`, or ``"id:<PREFIX>"`` / ``"optional_id:<PREFIX>"``
    for a typed id such as ``"id:REQ"``: blank, not text, an id of another kind, or the id of
    nothing that exists.
    """
    if kind.startswith(("id:", "optional_id:")):
        return st.sampled_from(_id_values(kind))
    fixed = st.sampled_from(BAD_VALUES[kind])
    extra: list[st.SearchStrategy[object]] = []
    if kind in ("text", "actor"):
        extra.append(st.text(alphabet=" \t\n\u3000", max_size=5))
    if kind in ("money", "quantity", "optional_money", "optional_quantity"):
        extra.append(st.floats())
        extra.append(st.integers(min_value=10**15, max_value=10**40))
    if kind in ("instant", "optional_instant"):
        extra.append(st.datetimes())
    return st.one_of(fixed, *extra) if extra else fixed


def values_of(kind: str) -> tuple[object, ...]:
    """Every fixed wrong value of ``kind`` (for exhaustive loops)."""
    if kind.startswith(("id:", "optional_id:")):
        return _id_values(kind)
    return BAD_VALUES[kind]


_ATOMS = (str, bytes, int, bool, Decimal, date, datetime, time, timedelta, enum.Enum, type(None))
_SHARED_TYPES = (tzinfo, types.FunctionType, types.MethodType, types.BuiltinFunctionType)
_SHARED_MODULES = ("backoffice.policies", "backoffice.calendar", "holidays", "zoneinfo")


def snapshot(value: object) -> object:
    """A deep picture of ``value`` that compares equal exactly when its state is the same.

    Walks attrs fields (private ones too), mappings, sequences, sets and plain objects'
    ``__dict__``/``__slots__``; an id counter shows its next value. Policies, calendars,
    time zones and functions are pictured by identity (their type and ``id``), so replacing
    one is seen but their insides are not walked.
    """
    return _snapshot(value, set())


def _snapshot(value: object, path: set[int]) -> object:  # noqa: PLR0911 - one case per shape
    if isinstance(value, float):
        return ("float", repr(value))  # NaN is not equal to itself; its text is
    if isinstance(value, datetime | time):
        return (type(value), value, value.tzinfo, value.fold)
    if isinstance(value, _ATOMS):
        return (type(value), value)
    kind = type(value)
    if (
        isinstance(value, _SHARED_TYPES)
        or kind.__module__.startswith(_SHARED_MODULES)
        or isinstance(value, type)
    ):
        return ("shared", kind.__qualname__, id(value))
    if isinstance(value, itertools.count):
        return ("count", repr(value))
    if id(value) in path:
        return ("cycle", kind.__qualname__)
    path.add(id(value))
    try:
        return _composite(value, kind, path)
    finally:
        path.discard(id(value))


def _composite(value: Any, kind: type, path: set[int]) -> object:
    if isinstance(value, Mapping):
        items = [(_snapshot(k, path), _snapshot(v, path)) for k, v in value.items()]
        return (kind.__qualname__, sorted(items, key=lambda item: repr(item[0])))
    if isinstance(value, set | frozenset):
        return (kind.__qualname__, sorted((_snapshot(v, path) for v in value), key=repr))
    if isinstance(value, list | tuple) or kind.__name__ in ("deque", "array"):
        return (kind.__qualname__, [_snapshot(v, path) for v in value])
    return (kind.__qualname__, {name: _snapshot(v, path) for name, v in _state(value).items()})


def _state(value: object) -> dict[str, object]:
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))  # type: ignore[arg-type]  # checked by attrs.has
        return {f.name: getattr(value, f.name, None) for f in fields}
    state: dict[str, object] = dict(getattr(value, "__dict__", {}))
    for klass in type(value).__mro__:
        for name in getattr(klass, "__slots__", ()):
            if name not in ("__dict__", "__weakref__") and hasattr(value, name):
                state[name] = getattr(value, name)
    return state


def refusal_problem(state: object, command: Callable[[], Any]) -> str | None:
    """Run ``command`` and say how it broke the rule, or ``None`` if it refused cleanly.

    Returns:
        ``None`` when it raised a :class:`BackofficeError` and ``state``'s :func:`snapshot`
        is unchanged; otherwise ``"accepted"``, ``"raised <Type>: <message>"`` for another
        exception, or ``"changed state"`` (with the error it raised).
    """
    before = snapshot(state)
    try:
        command()
    except BackofficeError as error:
        if snapshot(state) != before:
            return f"changed state (raised {type(error).__name__}: {error})"[:300]
        return None
    except Exception as error:  # noqa: BLE001 - reporting what escaped is the point
        return f"raised {type(error).__name__}: {error}"[:300]
    return "accepted"
