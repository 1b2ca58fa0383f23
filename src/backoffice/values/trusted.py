"""Building frozen values from figures an aggregate has already checked.

Every value a command accepts is checked once, at the command (quantities positive and exact,
costs in the ledger's currency, times aware, ids of the right kind). The events an aggregate
hands over are then made of those checked figures: running each value's converters and
validators again (``Money`` re-reading its amount and currency, ``Quantity`` its unit, the
event its ``occurred_at``) would check the same things a second time, and on a busy ledger or
service desk that second check costs more than the bookkeeping itself.

:func:`trusted` makes, for an ``attrs`` slotted class, a constructor that sets the fields as
given, by position, in an order the caller names. Every field must be named, so a field added
to the class later fails loudly (when the constructor is made) instead of being left unset. Use
it only for values already checked as the class's own constructor would check them; everywhere
else call the class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["trusted"]

T = TypeVar("T")

_MemberDescriptor = type(attrs.Attribute.__dict__["name"])


def _setter(cls: type, name: str) -> Callable[[object, object], None]:
    for klass in cls.__mro__:
        slot = vars(klass).get(name)
        if isinstance(slot, _MemberDescriptor):
            return slot.__set__  # type: ignore[no-any-return]
    msg = f"{cls.__name__}.{name} is not a slot: trusted() needs an attrs slotted class"
    raise TypeError(msg)


def trusted(cls: type[T], *names: str) -> Callable[..., T]:
    """A constructor of ``cls`` that skips its converters and validators.

    Args:
        cls: An ``attrs`` class with slots, no ``__attrs_post_init__`` and no cached hash.
        names: Every field of ``cls``, in the order the constructor takes them (by position);
            a field missing here, or one ``cls`` does not have, is an error when the
            constructor is made, not a field silently left unset.

    Returns:
        A function taking the fields by position, in the order of ``names``, and returning the
        instance.

    Raises:
        TypeError: ``cls`` is not such a class, or ``names`` are not exactly its fields.

    Example:
        >>> from backoffice.values.money import Money
        >>> from decimal import Decimal
        >>> trusted(Money, "currency", "amount")("CNY", Decimal("21.50"))
        Money('21.50', 'CNY')
    """
    fields = attrs.fields(cls)  # type: ignore[arg-type]  # any attrs class
    slots = {name for klass in cls.__mro__ for name in vars(klass).get("__slots__", ())}
    if hasattr(cls, "__attrs_post_init__") or "_attrs_cached_hash" in slots:
        msg = f"{cls.__name__} runs code after __init__: build it with its constructor"
        raise TypeError(msg)
    if sorted(names) != sorted(field.name for field in fields):
        msg = f"{cls.__name__} has the fields {[field.name for field in fields]}, not {names}"
        raise TypeError(msg)
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
    lines = ["    obj = new(cls)"]
    for index, name in enumerate(names):
        scope[f"set_{index}"] = _setter(cls, name)
        lines.append(f"    set_{index}(obj, {name})")
    source = f"def build({', '.join(names)}):\n" + "\n".join(lines) + "\n    return obj\n"
    exec(compile(source, f"<trusted {cls.__qualname__}>", "exec"), scope)  # noqa: S102 - built here from field names
    build: Callable[..., T] = scope["build"]
    build.__qualname__ = build.__name__ = f"trusted_{cls.__name__}"
    return build
