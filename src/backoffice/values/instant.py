"""Instants: timezone-aware datetimes, and the guard that refuses naive ones.

Every point in time backoffice receives is an *instant*: a datetime with a time zone. A naive
datetime ("09:00", but where?) is refused with :class:`~backoffice.errors.NaiveDatetimeError`
at the door, so no rule ever compares a Shanghai clock reading with a Berlin one by accident.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

from backoffice.errors import NaiveDatetimeError, ValidationError

__all__ = ["EPOCH", "as_duration", "ensure_aware", "ensure_not_before", "is_before", "utc"]

#: The Unix epoch as an aware instant; the origin of the calendar's internal time line.
EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def ensure_aware(value: object, field: str = "at") -> datetime:
    """Return ``value`` if it is a timezone-aware datetime, else raise.

    Raises:
        NaiveDatetimeError: ``value`` is a datetime without a usable time zone.
        ValidationError: ``value`` is not a datetime at all.
    """
    if not isinstance(value, datetime):
        raise ValidationError(
            f"{field} must be a timezone-aware datetime, got {type(value).__name__}",
            field=field,
            value=value,
        )
    if value.utcoffset() is None:
        raise NaiveDatetimeError(field, value)
    return value


def utc(value: datetime) -> datetime:
    """``value`` as the same instant in UTC: the form in which instants are compared.

    Python compares two datetimes that share one ``tzinfo`` object by their wall-clock
    readings, ignoring ``fold``: 01:50 EDT and 01:10 EST on the night clocks go back compare
    the wrong way round. Converting both sides to UTC first compares the instants.
    """
    return value.astimezone(UTC)


def is_before(value: datetime, other: datetime) -> bool:
    """Whether the instant ``value`` is strictly earlier than the instant ``other``."""
    if value.tzinfo is UTC and other.tzinfo is UTC:
        return value < other
    return value.astimezone(UTC) < other.astimezone(UTC)


def ensure_not_before(value: datetime, earliest: datetime, field: str = "at") -> datetime:
    """Return ``value`` if it is not earlier than ``earliest``; time never runs backwards.

    Raises:
        ValidationError: ``value`` is before ``earliest``.
    """
    ensure_aware(value, field)
    if is_before(value, earliest):
        raise ValidationError(
            f"{field} {value.isoformat()} is before {earliest.isoformat()}: "
            "time cannot go backwards for this record",
            field=field,
            value=value,
        )
    return value


def as_duration(value: object, field: str = "duration") -> timedelta:
    """Return ``value`` if it is a non-negative :class:`~datetime.timedelta`, else raise."""
    if not isinstance(value, timedelta):
        raise ValidationError(
            f"{field} must be a timedelta, got {type(value).__name__}", field=field, value=value
        )
    if value < timedelta(0):
        raise ValidationError(
            f"{field} must not be negative, got {value}", field=field, value=value
        )
    return value
