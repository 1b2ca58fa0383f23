"""Grouping: by tier, category, site, assignee, department, channel, and by period.

A supervisor asks "on-time rate per tier and month", a site manager "per site and week", the
logistics head "per department and quarter". Each such question is a grouping: some
:class:`Dimension` values of a request and, optionally, a :class:`PeriodKind` applied to one
of its instants (the submission by default). Periods are calendar ranges
(:class:`~backoffice.values.Period`) of the dates *in the business calendar's time zone*: a
request submitted at 23:30 in Shanghai on 31 March belongs to March and to Q1 there, whatever
zone it was recorded in. Weeks run Monday to Sunday; years may start in any month (a fiscal
year).
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from operator import attrgetter
from typing import Final

from backoffice.domain.metrics.facts import RequestFacts
from backoffice.errors import ValidationError
from backoffice.values import Period, inputs

__all__ = ["Dimension", "GroupKey", "PeriodKind", "group_facts", "period_of"]

#: A group's key: the value of each dimension asked for, then the period if one was asked for.
GroupKey = tuple[object, ...]


class Dimension(enum.StrEnum):
    """A request attribute to group by; the value is the :class:`RequestFacts` field read."""

    TIER = "tier"
    CATEGORY = "category"
    SITE = "site"
    ASSIGNEE = "assignee"
    DEPARTMENT = "department"
    CHANNEL = "channel"
    ASSET = "asset"


class PeriodKind(enum.StrEnum):
    """The length of a reporting period."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


def _day(day: date, _: int) -> Period:
    return Period(day, day)


def _week(day: date, _: int) -> Period:
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6))


def _month(day: date, _: int) -> Period:
    return Period.month(day.year, day.month)


def _quarter(day: date, _: int) -> Period:
    return Period.quarter(day.year, (day.month - 1) // 3 + 1)


def _year(day: date, start_month: int) -> Period:
    year = day.year if day.month >= start_month else day.year - 1
    return Period.year(year, start_month=start_month)


_PERIODS: Final[dict[PeriodKind, Callable[[date, int], Period]]] = {
    PeriodKind.DAY: _day,
    PeriodKind.WEEK: _week,
    PeriodKind.MONTH: _month,
    PeriodKind.QUARTER: _quarter,
    PeriodKind.YEAR: _year,
}


def period_of(
    instant: datetime, kind: PeriodKind | str, zone: tzinfo = UTC, *, year_starts: int = 1
) -> Period:
    """The period of ``kind`` holding ``instant``'s date in ``zone`` (a calendar's zone).

    Example:
        >>> from zoneinfo import ZoneInfo
        >>> late = datetime(2025, 3, 31, 16, 30, tzinfo=UTC)  # 00:30 on 1 April in Shanghai
        >>> period_of(late, "quarter", ZoneInfo("Asia/Shanghai")).start
        datetime.date(2025, 4, 1)
    """
    kind = PeriodKind(kind)
    if not 1 <= year_starts <= 12:
        raise ValidationError(
            f"a year starts in month 1-12, got {year_starts}", field="year_starts"
        )
    return _PERIODS[kind](instant.astimezone(zone).date(), year_starts)


def dimensions_of(by: object) -> tuple[Dimension, ...]:
    """``by`` read as dimensions: a sequence of :class:`Dimension` members or their names.

    Raises:
        ValidationError: ``by`` is not a sequence (a lone string included).
        InvalidChoice: An item is no dimension (the message lists them).
    """
    if not isinstance(by, Sequence) or isinstance(by, str | bytes):
        raise ValidationError(
            f"by must be a sequence of dimensions, got {by!r}", field="by", value=by
        )
    return tuple(inputs.choice(d, Dimension, "by") for d in by)


def check_dated_by(dated_by: object) -> None:
    """Refuse a ``dated_by`` that names no instant of the facts.

    Raises:
        ValidationError: ``dated_by`` is not one of the facts' instants.
    """
    if not isinstance(dated_by, str) or dated_by not in _INSTANTS:
        raise ValidationError(
            f"dated_by must be one of {sorted(_INSTANTS)}, got {dated_by!r}", field="dated_by"
        )


def check_periods(zone: object, year_starts: object) -> None:
    """Refuse a ``zone`` that is no time zone, or a ``year_starts`` that is no month 1-12.

    Raises:
        ValidationError: Either is wrong (the error names which).
    """
    if not isinstance(zone, tzinfo):
        raise ValidationError(f"zone must be a time zone, got {zone!r}", field="zone", value=zone)
    inputs.whole_number(year_starts, "year_starts", minimum=1, maximum=12)


def group_facts(
    facts: Iterable[RequestFacts],
    by: Sequence[Dimension | str] = (),
    *,
    period: PeriodKind | str | None = None,
    zone: tzinfo = UTC,
    dated_by: str = "submitted_at",
    year_starts: int = 1,
) -> dict[GroupKey, list[RequestFacts]]:
    """The facts split into groups, keyed by the dimensions' values (then the period).

    Every fact lands in exactly one group, so the groups' sizes add up to the whole. A fact
    whose ``dated_by`` instant is ``None`` (not resolved yet, when grouping by resolution) is
    left out when a period is asked for.

    Args:
        facts: The requests' facts.
        by: The dimensions, in key order; none for one group keyed ``()``.
        period: Also group by the period of this kind holding the ``dated_by`` instant.
        zone: The time zone whose dates the periods are made of (the business calendar's).
        dated_by: The instant that places a request in a period: ``"submitted_at"``,
            ``"resolved_at"``, ``"closed_at"``, ...
        year_starts: The month a (fiscal) year starts in.
    """
    dimensions = dimensions_of(by)
    check_dated_by(dated_by)
    check_periods(zone, year_starts)
    if period is None:
        return _by_values(facts, dimensions)
    groups: dict[GroupKey, list[RequestFacts]] = {}
    values = attrgetter(*(d.value for d in dimensions)) if dimensions else None
    place = _PERIODS[inputs.choice(period, PeriodKind, "period")]
    periods: dict[date, Period] = {}
    for fact in facts:
        instant = getattr(fact, dated_by)
        if instant is None:
            continue
        day = instant.astimezone(zone).date()
        found = periods.get(day)
        if found is None:
            found = periods[day] = place(day, year_starts)
        head = () if values is None else values(fact)
        key = (*(head if len(dimensions) != 1 else (head,)), found)
        groups.setdefault(key, []).append(fact)
    return groups


def _by_values(
    facts: Iterable[RequestFacts], dimensions: tuple[Dimension, ...]
) -> dict[GroupKey, list[RequestFacts]]:
    """Group by dimension values only (the common case, kept to one lookup per fact)."""
    if not dimensions:
        return {(): list(facts)}
    groups: defaultdict[GroupKey, list[RequestFacts]] = defaultdict(list)
    get = attrgetter(*(d.value for d in dimensions))
    if len(dimensions) == 1:
        for fact in facts:
            groups[(get(fact),)].append(fact)
    else:
        for fact in facts:  # the one loop per record: kept to a lookup and an append
            groups[get(fact)].append(fact)
    return dict(groups)


_INSTANTS: Final = frozenset(
    {"submitted_at", "accepted_at", "work_started_at", "resolved_at", "closed_at", "ended_at"}
)
