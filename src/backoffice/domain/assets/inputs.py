"""How the asset register and maintenance plans read their commands' arguments.

The shared boundary vocabulary (:mod:`backoffice.values.inputs`: ids as the typed id or its
text, enumeration words case-insensitively, free text, whole numbers, instants), plus what
these domains add: a calendar ``date`` (never a ``datetime``), a non-negative ``Money``, a
non-negative exact number. Everything is checked before a command changes anything.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from backoffice.errors import ValidationError
from backoffice.values.inputs import (
    actor,
    choice,
    entity_id,
    flag,
    instant,
    optional_text,
    text,
    whole_number,
)
from backoffice.values.money import Money, to_decimal

__all__ = [
    "actor",
    "choice",
    "day",
    "entity_id",
    "flag",
    "instant",
    "money",
    "non_negative",
    "optional_text",
    "text",
    "whole_number",
]


def day(value: object, field: str) -> date:
    """A calendar date (a ``datetime`` is refused: say which day)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError(f"{field} must be a date, got {value!r}", field=field, value=value)
    return value


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
