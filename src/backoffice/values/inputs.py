"""The boundary vocabulary: how every public command reads its arguments.

A command of backoffice takes what a caller has at hand (a typed id or its plain text, an enum
member or its name, a decimal string) and checks it **before** it changes anything. These small
helpers are that check, the same in every domain, so a bad argument always meets the same
:class:`~backoffice.errors.ValidationError` (never a bare ``TypeError`` from deep inside) and the
same message shape: which argument, what was wrong, what is accepted.

* :func:`actor` -- who does it: an :class:`~backoffice.values.ids.ActorId` or its text;
* :func:`text` / :func:`optional_text` -- free text (a comment, a reason, a reference);
* :func:`entity_id` -- a typed id or its text, but never an id of another kind;
* :func:`choice` -- an enum member, or its value or name matched case-insensitively;
* :func:`flag` -- a real ``bool`` (``"no"`` is not false);
* :func:`whole_number` -- an ``int`` within bounds (``True`` is not 1);
* :func:`instant` -- a timezone-aware ``datetime`` (see :mod:`backoffice.values.instant`);
* :func:`day` -- a calendar ``date`` (a ``datetime`` is refused: say which day);
* :func:`non_negative` -- an exact number not below zero (a meter reading, a usage);
* :func:`non_negative_money` -- a :class:`~backoffice.values.money.Money` not below zero.

Example:
    >>> from backoffice.values.ids import RequestId
    >>> entity_id("REQ-000001", RequestId, "request")
    RequestId('REQ-000001')
    >>> import enum
    >>> class Colour(enum.StrEnum):
    ...     RED = "red"
    >>> choice("RED", Colour, "colour")
    <Colour.RED: 'red'>
    >>> choice("blue", Colour, "colour")
    Traceback (most recent call last):
    ...
    backoffice.errors.InvalidChoice: colour must be one of 'red', got 'blue'
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Final, TypeVar

from backoffice.errors import InvalidChoice, ValidationError
from backoffice.values.ids import ActorId, EntityId
from backoffice.values.instant import ensure_aware
from backoffice.values.money import Money, to_decimal

__all__ = [
    "MAX_TEXT_LENGTH",
    "actor",
    "choice",
    "day",
    "entity_id",
    "flag",
    "instant",
    "non_negative",
    "non_negative_money",
    "one_of",
    "optional_instant",
    "optional_text",
    "text",
    "text_items",
    "whole_number",
]

#: The longest free text a command takes (a description, a comment), in characters.
MAX_TEXT_LENGTH: Final = 10_000

IdT = TypeVar("IdT", bound=EntityId)
E = TypeVar("E", bound=enum.Enum)


def _shown(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 80 else f"{shown[:77]}..."


def actor(value: object, field: str = "actor") -> ActorId:
    """Who performs an action: an :class:`ActorId` or its non-blank text.

    Raises:
        ValidationError: ``value`` is ``None``, blank, or neither an ``ActorId`` nor a string.
    """
    return entity_id(value, ActorId, field)


def entity_id(value: object, kind: type[IdT], field: str) -> IdT:
    """A typed id of ``kind`` from the id itself or its non-blank text.

    An id of another kind is refused even when its text would do (an ``AssetId`` is never a
    request id), so a caller that mixed two records up hears about it.

    Raises:
        ValidationError: ``value`` is an id of another kind, blank, or not a string.
    """
    if type(value) is kind:
        return value
    if isinstance(value, EntityId):
        raise ValidationError(
            f"{field} must be a {kind.__name__} (or its text), got {value!r}",
            field=field,
            value=value,
        )
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            f"{field} must be a {kind.__name__} or its non-blank text, got {_shown(value)}",
            field=field,
            value=value,
        )
    return kind(value)


def text(value: object, field: str, *, max_length: int = MAX_TEXT_LENGTH) -> str:
    """Free text that must be given: a non-blank ``str`` of at most ``max_length`` characters.

    Raises:
        ValidationError: ``value`` is not a string (``None``, a number, bytes), is blank, or is
            too long.
    """
    if not isinstance(value, str):
        raise ValidationError(
            f"{field} must be text (a str), got {type(value).__name__} {_shown(value)}",
            field=field,
            value=value,
        )
    if not value.strip():
        raise ValidationError(f"{field} cannot be blank", field=field, value=value)
    if len(value) > max_length:
        raise ValidationError(
            f"{field} is {len(value)} characters long; at most {max_length} are accepted",
            field=field,
            value=_shown(value),
        )
    return value


def optional_text(value: object, field: str, *, max_length: int = MAX_TEXT_LENGTH) -> str:
    """Free text that may be left out: ``None`` or ``""`` give ``""``, else as :func:`text`.

    Raises:
        ValidationError: ``value`` is not a string, or is too long.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str) and not value.strip():
        return ""
    return text(value, field, max_length=max_length)


def text_items(value: object, field: str) -> tuple[str, ...]:
    """A collection of short texts (attachment names, tags): a list or tuple of :func:`text`.

    A lone string is refused rather than taken as a sequence of its characters.

    Raises:
        ValidationError: ``value`` is a string, not a list/tuple, or holds a non-text item.
    """
    if isinstance(value, str) or not isinstance(value, (list, tuple, frozenset, set)):
        raise ValidationError(
            f"{field} must be a list of texts, got {type(value).__name__} {_shown(value)}",
            field=field,
            value=value,
        )
    return tuple(text(item, f"{field} item") for item in value)


def choice(value: object, options: type[E], field: str) -> E:
    """A member of the enumeration ``options``: the member, or its value or name as text.

    Text is matched case-insensitively and without surrounding blanks (``" Urgent"`` is
    ``Tier.URGENT``).

    Raises:
        InvalidChoice: ``value`` is none of the members; the message lists the valid values.
    """
    if isinstance(value, options):
        return value
    if isinstance(value, str):
        wanted = value.strip().casefold()
        for member in options:
            if str(member.value).casefold() == wanted or member.name.casefold() == wanted:
                return member
    raise InvalidChoice(field, value, [str(member.value) for member in options])


def flag(value: object, field: str) -> bool:
    """A yes/no argument: exactly ``True`` or ``False`` (``"no"`` or ``0`` are refused).

    Raises:
        ValidationError: ``value`` is not a ``bool``.
    """
    if not isinstance(value, bool):
        raise ValidationError(
            f"{field} must be True or False, got {_shown(value)}", field=field, value=value
        )
    return value


def whole_number(
    value: object, field: str, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """An ``int`` (not a ``bool``) within ``[minimum, maximum]`` where those are given.

    Raises:
        ValidationError: ``value`` is not an ``int`` or lies outside the bounds.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            f"{field} must be a whole number, got {_shown(value)}", field=field, value=value
        )
    if minimum is not None and value < minimum:
        raise ValidationError(
            f"{field} must be >= {minimum}, got {value}", field=field, value=value
        )
    if maximum is not None and value > maximum:
        raise ValidationError(
            f"{field} must be <= {maximum}, got {value}", field=field, value=value
        )
    return value


def instant(value: object, field: str = "at") -> datetime:
    """A timezone-aware ``datetime`` (a naive one raises :class:`NaiveDatetimeError`)."""
    return ensure_aware(value, field)


def optional_instant(value: object, field: str = "at") -> datetime | None:
    """``None``, or an aware ``datetime`` as :func:`instant`."""
    return None if value is None else ensure_aware(value, field)


def one_of(value: object, allowed: Iterable[object], field: str) -> None:
    """Raise :class:`InvalidChoice` unless ``value`` is among ``allowed``."""
    options = list(allowed)
    if value not in options:
        raise InvalidChoice(field, value, [str(option) for option in options])


def day(value: object, field: str) -> date:
    """A calendar day: a ``date``, never a ``datetime`` (say which day, not which instant).

    Raises:
        ValidationError: ``value`` is not a ``date`` (``None``, text, a ``datetime``).
    """
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError(
            f"{field} must be a date (not a datetime), got {_shown(value)}",
            field=field,
            value=value,
        )
    return value


def non_negative(value: object, field: str) -> Decimal:
    """An exact number not below zero (an ``int``, ``Decimal`` or decimal text; no float).

    Raises:
        ValidationError: ``value`` is not an exact number, or is negative.
    """
    number = to_decimal(value, field=field)
    if number < 0:
        raise ValidationError(f"{field} cannot be negative, got {number}", field=field)
    return number


def non_negative_money(value: object, field: str) -> Money:
    """A :class:`~backoffice.values.money.Money` not below zero (a cost, proceeds).

    Raises:
        ValidationError: ``value`` is not ``Money`` (a bare number has no currency), or is
            negative.
    """
    if not isinstance(value, Money):
        raise ValidationError(
            f"{field} must be Money, got {_shown(value)}", field=field, value=value
        )
    if value.is_negative():
        raise ValidationError(f"{field} cannot be negative, got {value}", field=field, value=value)
    return value
