"""Instants on the nights the clocks change: comparing two, and reading one that is not there.

A request's steps are dated in the office's time zone. When the clocks go back, one wall time
names two instants (``fold``); when they spring forward, some wall times name none. SLA clocks
compare and count instants, so every step's time is read as the instant it names
(:func:`real_instant`) and compared as an instant (:func:`later`); :func:`not_before` gives the
earliest instant a stretch of working time can have been worked by.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

__all__ = ["later", "not_before", "real_instant"]


def later(value: datetime, other: datetime) -> bool:
    """Whether the instant ``value`` is after the instant ``other``, compared as instants.

    Python compares two datetimes sharing one ``tzinfo`` by their wall-clock readings, ignoring
    ``fold``: 01:50 EDT would be "after" 01:10 EST (fold 1), twenty minutes later on the night
    the clocks go back. When a ``fold`` is set they are compared in UTC wall time, each by its
    own offset. Two datetimes of fold 0 in one zone compare right by their wall clocks, as long
    as neither is a wall time that does not exist (a spring-forward gap): the steps of a
    request take every instant through :func:`real_instant` first. Datetimes of different
    time zones Python already compares as instants.
    """
    zone = value.tzinfo
    if (value.fold or other.fold) and zone is other.tzinfo:
        return value - zone.utcoffset(value) > other - zone.utcoffset(other)  # type: ignore[operator, union-attr]
    return value > other


def real_instant(at: datetime) -> datetime:
    """``at``, or for a local time that does not exist, the local time of the instant it names.

    On the night the clocks spring forward, wall times in the gap (02:30 in New York on
    9 March 2025) do not exist. Python reads one with the UTC offset its ``fold`` gives
    (fold 0: the offset before the change, so 02:30 is 07:30 UTC); that instant is the one
    meant, and it is given back as the local time it really is (03:30 EDT). Any other instant
    is returned as it is.
    """
    global _last_real  # noqa: PLW0603 (a one-entry memo of a pure function, see below)
    zone = at.tzinfo
    if zone.__class__ is timezone:
        return at  # a fixed offset has no gaps
    last = _last_real
    if last[0] is at:  # a sweep asks about one instant for every request it records
        return last[1]  # type: ignore[return-value]
    # The local time of the instant ``at`` names, from its UTC wall time (the zone's own
    # methods: ``at.utcoffset()`` and ``at.replace`` cost several times more).
    real = zone.fromutc(at - zone.utcoffset(at))  # type: ignore[operator, union-attr]
    if real == at:  # the same wall time (in a fold, ``fromutc`` gives the fold too)
        real = at
    _last_real = (at, real)
    return real


#: The last instant :func:`real_instant` was asked about and its answer (datetimes are
#: immutable, and the memo holds on to the one it names, so an identity match is exact).
_last_real: tuple[datetime | None, datetime | None] = (None, None)


def not_before(since: datetime, working: timedelta) -> datetime:
    """The earliest instant at which ``working`` time after ``since`` can have been worked.

    Working time never runs faster than real time, so that is ``since + working`` in real
    time; on a round-the-clock calendar it is exact, on an office calendar early. It is given
    in the zone of ``since`` (the zone the request's steps are dated in): comparing instants of
    one zone is many times cheaper than comparing across zones, and the sweep compares this
    instant with its own on every request.
    """
    # ``since + (working - offset)`` reads the UTC wall time of the answer in ``since``'s zone;
    # ``fromutc`` turns that into the zone's local time (exact across offset changes).
    return since.tzinfo.fromutc(since + (working - since.utcoffset()))  # type: ignore[operator, union-attr]
