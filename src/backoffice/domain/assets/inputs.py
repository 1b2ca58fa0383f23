"""How the asset register reads its commands' arguments.

Ids are accepted as the typed id or its plain text, enumeration words case-insensitively (the
error lists the valid words), dates as ``date`` (never a ``datetime``), amounts as ``Money``.
Everything is checked here before a command changes anything.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from backoffice.errors import ValidationError
from backoffice.values.ids import ActorId, EntityId
from backoffice.values.instant import ensure_aware
from backoffice.values.money import Money, to_decimal

__all__ = [
    "actor",
    "choice",
    "day",
    "entity_id",
    "instant",
    "money",
    "non_negative",
    "optional_text",
    "text",
    "whole_number",
]

IdT = TypeVar("IdT", bound=EntityId)
EnumT = TypeVar("EnumT", bound=enum.Enum)


def text(value: object, field: str) -> str:
    """``value`` stripped, if it is non-empty text."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{field} must be non-empty text, got {value!r}", field=field)
    return value.strip()


def optional_text(value: object, field: str) -> str:
    """``value`` stripped, or ``""`` for ``None``."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be text, got {value!r}", field=field)
    return value.strip()


def entity_id(value: object, kind: type[IdT], field: str) -> IdT:
    """A typed id from the id itself or its plain text."""
    if isinstance(value, kind):
        return value
    if isinstance(value, str) and not isinstance(value, EntityId):
        return kind(value)
    raise ValidationError(
        f"{field} must be a {kind.__name__} or its text, got {value!r}", field=field, value=value
    )


def actor(value: object, field: str = "actor") -> ActorId:
    """Who performs an action: an ``ActorId`` or its text."""
    return entity_id(value, ActorId, field)


def choice(value: object, kind: type[EnumT], field: str) -> EnumT:
    """A member of ``kind`` from the member or its word (case-insensitive)."""
    if isinstance(value, kind):
        return value
    if isinstance(value, str):
        wanted = value.strip().lower()
        for member in kind:
            if str(member.value).lower() == wanted:
                return member
    valid = ", ".join(str(member.value) for member in kind)
    raise ValidationError(
        f"{field} must be one of {valid}; got {value!r}", field=field, value=value
    )


def day(value: object, field: str) -> date:
    """A calendar date (a ``datetime`` is refused: say which day)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError(f"{field} must be a date, got {value!r}", field=field, value=value)
    return value


def instant(value: object, field: str = "at") -> datetime:
    """A timezone-aware datetime."""
    return ensure_aware(value, field)


def money(value: object, field: str) -> Money:
    """A non-negative ``Money``."""
    if not isinstance(value, Money):
        raise ValidationError(f"{field} must be Money, got {value!r}", field=field, value=value)
    if value.is_negative():
        raise ValidationError(f"{field} cannot be negative, got {value}", field=field, value=value)
    return value


def non_negative(value: object, field: str) -> Decimal:
    """An exact number not below zero."""
    number = to_decimal(value, field=field)
    if number < 0:
        raise ValidationError(f"{field} cannot be negative, got {number}", field=field)
    return number


def whole_number(value: object, field: str, *, minimum: int = 0) -> int:
    """An ``int`` (not a ``bool``) not below ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{field} must be a whole number, got {value!r}", field=field)
    if value < minimum:
        raise ValidationError(f"{field} must be at least {minimum}, got {value}", field=field)
    return value
