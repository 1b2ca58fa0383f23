"""Clocks: where "now" comes from, injected.

The domain and the policies never read the wall clock; a service that needs "now" asks an
injected :class:`Clock`. Production code passes :class:`SystemClock`; tests, simulations and
scenario scripts pass :class:`ManualClock` and move time on purpose.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol

import attrs

from backoffice.errors import ValidationError
from backoffice.values.instant import ensure_aware

__all__ = ["Clock", "FixedClock", "ManualClock", "SystemClock"]


class Clock(Protocol):
    """A source of the current instant."""

    def now(self) -> datetime:
        """Return the current instant, timezone-aware."""
        ...


@attrs.frozen
class SystemClock:
    """The machine's clock, in ``tz`` (UTC by default). The only clock that reads real time."""

    tz: tzinfo = UTC

    def now(self) -> datetime:
        """Return the machine's current time in ``tz``."""
        return datetime.now(self.tz)


def _aware_instant(value: datetime) -> datetime:
    return ensure_aware(value, "instant")


@attrs.frozen
class FixedClock:
    """A clock stopped at one instant."""

    instant: datetime = attrs.field(converter=_aware_instant)

    def now(self) -> datetime:
        """Return the fixed instant."""
        return self.instant


@attrs.define
class ManualClock:
    """A clock that moves only when told to; for tests and simulations.

    Example:
        >>> from zoneinfo import ZoneInfo
        >>> clock = ManualClock(datetime(2025, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
        >>> clock.advance(timedelta(hours=2)).isoformat()
        '2025-03-03T11:00:00+08:00'
    """

    _now: datetime = attrs.field(converter=_aware_instant)

    def now(self) -> datetime:
        """Return the clock's current instant."""
        return self._now

    def advance(self, by: timedelta) -> datetime:
        """Move the clock forward by ``by`` and return the new instant."""
        if by < timedelta(0):
            raise ValidationError(f"a clock cannot move backwards (by={by})", field="by", value=by)
        self._now = self._now + by
        return self._now

    def set(self, to: datetime) -> datetime:
        """Move the clock to ``to``, which must not be earlier than now."""
        ensure_aware(to, "to")
        if to < self._now:
            raise ValidationError(
                f"a clock cannot move backwards ({to.isoformat()} < {self._now.isoformat()})",
                field="to",
                value=to,
            )
        self._now = to
        return self._now
