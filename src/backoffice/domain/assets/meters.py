"""An asset's meters: running hours, kilometres, cycles, read from time to time.

Readings only go up. A lower reading is refused (:class:`MeterReadingWentBack`) unless it is
recorded as a *meter replacement* (a new or reset meter); the asset's **usage** on a meter is
its lifetime total, counted across replacements: a replacement reading adds nothing, later
readings add what the new meter advanced. Maintenance plans triggered by a meter read the usage
and its rate (:func:`usage_rate`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import attrs

from backoffice.values.instant import utc

__all__ = ["MeterReading", "usage_rate"]

_DAY = timedelta(days=1)


@attrs.frozen
class MeterReading:
    """One reading of one meter.

    Attributes:
        read_at: When it was read.
        reading: What the meter showed.
        usage: The asset's lifetime usage on this meter at that moment.
    """

    read_at: datetime
    reading: Decimal
    usage: Decimal


def usage_rate(readings: tuple[MeterReading, ...]) -> Decimal | None:
    """Average usage per day between the first and the last reading; ``None`` if unknown.

    Unknown means fewer than two readings, or all readings at one instant.
    """
    if len(readings) < 2:
        return None
    first, last = readings[0], readings[-1]
    elapsed = utc(last.read_at) - utc(first.read_at)  # instants, even across a DST change
    if elapsed <= timedelta(0):
        return None
    micros = elapsed // timedelta(microseconds=1)
    # One division, so a whole rate stays whole (25 h over 25/24 days is 24 a day).
    return (last.usage - first.usage) * (_DAY // timedelta(microseconds=1)) / micros
