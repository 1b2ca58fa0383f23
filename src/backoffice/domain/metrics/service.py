"""Service metrics: how well requests are handled, computed from their facts.

Each metric has a name (:data:`REQUEST_FIGURES`) and returns a
:class:`~backoffice.domain.metrics.figures.Figure`; :func:`request_figures` computes the ones
asked for over a set of requests, :func:`request_figures_by` per group (tier, site, month, ...).
What each one measures, and over which requests (its ``count``):

=============================  ===================================================  ===========
name                           value                                                count
=============================  ===================================================  ===========
``requests``                   number of requests                                   requests
``response_on_time_rate``      share of decided responses that were on time         decided
``resolution_on_time_rate``    share of decided resolutions on time (按时完成率)    decided
``response_working_p50``...    nearest-rank p50/p90/p99 of working time to respond  responded
``response_elapsed_p50``...    same, wall-clock time from acceptance                responded
``resolution_working_p50``...  p50/p90/p99 of working time to resolve               resolved
``resolution_elapsed_p50``...  same, wall-clock time from acceptance                resolved
``mttr``                       mean wall-clock time to resolve (from acceptance)    resolved
``backlog``                    requests open at ``at``                              requests
``backlog_age_p50``/``p90``    age of the open requests at ``at``                   open
``backlog_oldest``             the oldest open request's age                        open
``reopen_rate``                share of resolved requests reopened at least once    resolved
``first_time_fix_rate``        share of resolved requests never reopened            resolved
``satisfaction_rate``          share of ratings >= ``satisfied_from`` (满意度)      rated
``mean_rating``                mean rating, to two places                           rated
``warnings``                   SLA warnings recorded                                requests
``breaches``                   SLA breaches recorded                                requests
``breached_rate``              share of requests with at least one breach           requests
=============================  ===================================================  ===========

"Decided" means the verdict is known: met, or missed (a clock still running past its due
instant counts as missed when the facts were read at that instant). A figure with nothing to
measure has the value ``None`` and the count 0.

The tables over requests (the backlog's ageing, the assets and places repaired most) are in
:mod:`backoffice.domain.metrics.tables`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_EVEN, Decimal
from operator import attrgetter
from typing import Any, Final

from backoffice.domain.metrics.columns import gather
from backoffice.domain.metrics.facts import RequestFacts
from backoffice.domain.metrics.figures import Figure, nearest_rank, rate
from backoffice.domain.metrics.grouping import (
    Dimension,
    GroupKey,
    PeriodKind,
    check_dated_by,
    check_periods,
    dimensions_of,
    group_facts,
)
from backoffice.domain.metrics.tables import (
    DEFAULT_AGE_BRACKETS,
    _open_at,  # shared with the backlog figures
    backlog_ageing,
    most_repaired,
)
from backoffice.errors import ValidationError
from backoffice.values import ensure_aware

__all__ = [
    "DEFAULT_AGE_BRACKETS",
    "DEFAULT_SATISFIED_FROM",
    "REQUEST_FIGURES",
    "backlog_ageing",
    "most_repaired",
    "request_figures",
    "request_figures_by",
]

#: A rating of 4 or 5 (of 5) counts as satisfied unless a policy says otherwise.
DEFAULT_SATISFIED_FROM: Final = 4
_TWO_PLACES: Final = Decimal("0.01")


class _Group:
    """One group's facts, the columns read off them, and the sorted durations figures share."""

    __slots__ = ("at", "columns", "facts", "fields", "satisfied_from", "sorted_cache")

    def __init__(
        self,
        facts: Sequence[RequestFacts],
        at: datetime | None,
        satisfied_from: int,
        fields: tuple[str, ...] = (),
    ) -> None:
        self.facts, self.at, self.satisfied_from = facts, at, satisfied_from
        self.fields = fields
        self.columns: dict[str, Sequence[Any]] = {}
        self.sorted_cache: dict[str, list[timedelta]] = {}

    def column(self, field: str) -> Sequence[Any]:
        """The value of ``field`` of every fact, in order.

        The fields the requested figures read are read together, in one pass over the facts
        (in C: one ``attrgetter`` call per fact, then ``zip``): at a million requests, each
        pass over records scattered in memory costs more than the arithmetic.
        """
        found = self.columns.get(field)
        if found is None:
            wanted = self.fields if field in self.fields else (field,)
            if len(wanted) == 1:
                self.columns[field] = list(map(attrgetter(field), self.facts))
            else:
                rows = map(attrgetter(*wanted), self.facts)
                read = zip(*rows, strict=True) if self.facts else ((),) * len(wanted)
                self.columns.update(zip(wanted, read, strict=True))
            found = self.columns[field]
        return found

    def durations(self, name: str) -> list[timedelta]:
        found = self.sorted_cache.get(name)
        if found is None:
            found = self.sorted_cache[name] = _DURATIONS[name](self)
        return found

    def open_ages(self) -> list[timedelta]:
        found = self.sorted_cache.get("age")
        if found is None:
            at = _moment(self)
            found = self.sorted_cache["age"] = sorted(
                at - f.submitted_at.astimezone(UTC) for f in self.facts if _open_at(f, at)
            )
        return found


def _moment(group: _Group) -> datetime:
    if group.at is None:
        raise ValidationError("backlog figures need the instant to read them at", field="at")
    return group.at


# -- the figures --------------------------------------------------------------------------------


def _on_time(field: str) -> Callable[[_Group], Figure[Any]]:
    def figure(group: _Group) -> Figure[Any]:
        verdicts = group.column(field)  # counted in C: True, False or None
        return rate(verdicts.count(True), len(verdicts) - verdicts.count(None))

    return figure


def _values(field: str) -> Callable[[_Group], list[timedelta]]:
    def durations(group: _Group) -> list[timedelta]:
        """The field's values, sorted, without the ``None`` of the unmeasured."""
        values = list(group.column(field))
        try:
            values.sort()  # no scan for None first: closed requests have every duration
        except TypeError:  # some are None (open requests): sort the measured ones
            return sorted(v for v in values if v is not None)
        return [] if values == [None] else values  # a lone None is sorted without comparing

    return durations


_DURATIONS: Final[dict[str, Callable[[_Group], list[timedelta]]]] = {
    "response_working": _values("response_working_time"),
    "resolution_working": _values("resolution_working_time"),
    "response_elapsed": _values("elapsed_to_respond"),
    "resolution_elapsed": _values("elapsed_to_resolve"),
}


def _percentile(name: str, p: int) -> Callable[[_Group], Figure[Any]]:
    def figure(group: _Group) -> Figure[Any]:
        return nearest_rank(group.durations(name), p)

    return figure


def _mttr(group: _Group) -> Figure[Any]:
    durations = group.durations("resolution_elapsed")
    if not durations:
        return Figure(None, 0)
    return Figure(sum(durations, timedelta()) / len(durations), len(durations))


def _count(group: _Group) -> Figure[Any]:
    return Figure(len(group.facts), len(group.facts))


def _backlog(group: _Group) -> Figure[Any]:
    return Figure(len(group.open_ages()), len(group.facts))


def _age(p: int) -> Callable[[_Group], Figure[Any]]:
    def figure(group: _Group) -> Figure[Any]:
        return nearest_rank(group.open_ages(), p)

    return figure


def _resolved(group: _Group) -> list[RequestFacts]:
    return [f for f in group.facts if f.resolved_at is not None or f.reopen_count]


def _reopen_rate(group: _Group) -> Figure[Any]:
    resolved = _resolved(group)
    return rate(sum(1 for f in resolved if f.reopen_count), len(resolved))


def _first_time_fix_rate(group: _Group) -> Figure[Any]:
    resolved = _resolved(group)
    return rate(sum(1 for f in resolved if not f.reopen_count), len(resolved))


def _ratings(group: _Group) -> list[int]:
    return [r for f in group.facts if (r := f.rating) is not None]


def _satisfaction_rate(group: _Group) -> Figure[Any]:
    ratings = _ratings(group)
    return rate(sum(1 for r in ratings if r >= group.satisfied_from), len(ratings))


def _mean_rating(group: _Group) -> Figure[Any]:
    ratings = _ratings(group)
    if not ratings:
        return Figure(None, 0)
    mean = (Decimal(sum(ratings)) / len(ratings)).quantize(_TWO_PLACES, ROUND_HALF_EVEN)
    return Figure(mean, len(ratings))


def _total(field: str) -> Callable[[_Group], Figure[Any]]:
    def figure(group: _Group) -> Figure[Any]:
        return Figure(sum(getattr(f, field) for f in group.facts), len(group.facts))

    return figure


def _breached_rate(group: _Group) -> Figure[Any]:
    return rate(sum(1 for f in group.facts if f.breaches), len(group.facts))


_FIGURES: Final[dict[str, Callable[[_Group], Figure[Any]]]] = {
    "requests": _count,
    "response_on_time_rate": _on_time("response_met"),
    "resolution_on_time_rate": _on_time("resolution_met"),
    **{
        f"{name}_p{p}": _percentile(name, p)
        for name in ("response_working", "response_elapsed", "resolution_working")
        for p in (50, 90, 99)
    },
    **{f"resolution_elapsed_p{p}": _percentile("resolution_elapsed", p) for p in (50, 90, 99)},
    "mttr": _mttr,
    "backlog": _backlog,
    "backlog_age_p50": _age(50),
    "backlog_age_p90": _age(90),
    "backlog_oldest": _age(100),
    "reopen_rate": _reopen_rate,
    "first_time_fix_rate": _first_time_fix_rate,
    "satisfaction_rate": _satisfaction_rate,
    "mean_rating": _mean_rating,
    "warnings": _total("warnings"),
    "breaches": _total("breaches"),
    "breached_rate": _breached_rate,
}

_COLUMNS: Final = {
    "response_on_time_rate": "response_met",
    "resolution_on_time_rate": "resolution_met",
    "response_working": "response_working_time",
    "resolution_working": "resolution_working_time",
    "response_elapsed": "elapsed_to_respond",
    "resolution_elapsed": "elapsed_to_resolve",
    "mttr": "elapsed_to_resolve",
}


#: The figures computed from their columns alone (no need to keep the groups' members).
_READ_ONLY_COLUMNS: Final = frozenset(
    name for name in _FIGURES if name in _COLUMNS or name.rsplit("_", 1)[0] in _COLUMNS
)


def _fields(names: Iterable[str]) -> tuple[str, ...]:
    """The fact fields the figures ``names`` read as columns (read in one pass per group)."""
    fields = (_COLUMNS.get(name) or _COLUMNS.get(name.rsplit("_", 1)[0]) for name in names)
    return tuple(dict.fromkeys(f for f in fields if f is not None))


#: The names of the request figures, in the order of the table in the module docstring.
REQUEST_FIGURES: Final = tuple(_FIGURES)
_NEED_AT: Final = frozenset({"backlog", "backlog_age_p50", "backlog_age_p90", "backlog_oldest"})


def _names(names: Iterable[str] | None, at: datetime | None) -> tuple[str, ...]:
    if names is None:
        return (
            REQUEST_FIGURES
            if at is not None
            else tuple(n for n in REQUEST_FIGURES if n not in _NEED_AT)
        )
    if not isinstance(names, Iterable) or isinstance(names, str | bytes):
        raise ValidationError(f"names must be figure names, got {names!r}", field="names")
    chosen = tuple(names)
    unknown = [n for n in chosen if not isinstance(n, str) or n not in _FIGURES]
    if unknown:
        raise ValidationError(
            f"unknown request figure(s) {unknown}; known: {list(REQUEST_FIGURES)}",
            field="names",
        )
    return chosen


def request_figures(
    facts: Sequence[RequestFacts],
    names: Iterable[str] | None = None,
    *,
    at: datetime | None = None,
    satisfied_from: int = DEFAULT_SATISFIED_FROM,
) -> dict[str, Figure[Any]]:
    """The named figures over ``facts`` (all of them by default; see the module docstring).

    Args:
        facts: The requests' facts.
        names: The figures wanted; every one by default (the backlog ones only with ``at``).
        at: The instant the backlog is read at (needed for the backlog figures).
        satisfied_from: The lowest rating that counts as satisfied (policy; 4 by default).
    """
    chosen = _names(names, at)
    group = _Group(facts, _at(at), _satisfied(satisfied_from), _fields(chosen))
    return {name: _FIGURES[name](group) for name in chosen}


def _at(at: datetime | None) -> datetime | None:
    return None if at is None else ensure_aware(at).astimezone(UTC)


def _satisfied(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError(
            f"satisfied_from is a rating 1-5, got {value!r}", field="satisfied_from"
        )
    return value


def request_figures_by(
    facts: Iterable[RequestFacts],
    by: Sequence[Dimension | str] = (),
    *,
    period: PeriodKind | str | None = None,
    zone: tzinfo = UTC,
    dated_by: str = "submitted_at",
    year_starts: int = 1,
    names: Iterable[str] | None = None,
    at: datetime | None = None,
    satisfied_from: int = DEFAULT_SATISFIED_FROM,
) -> dict[GroupKey, dict[str, Figure[Any]]]:
    """The named figures per group.

    See :func:`~backoffice.domain.metrics.grouping.group_facts` for ``by``, ``period``,
    ``zone``, ``dated_by`` and ``year_starts``, and :func:`request_figures` for the rest.

    Returns:
        For each group that has requests, its figures by name; keys in first-seen order.
    """
    chosen, moment, satisfied = _names(names, at), _at(at), _satisfied(satisfied_from)
    fields = _fields(chosen)
    result: dict[GroupKey, dict[str, Figure[Any]]] = {}
    if period is None:  # the fast path: group and read the fields in one pass (columns.py)
        check_dated_by(dated_by)
        check_periods(zone, year_starts)
        dimensions = [d.value for d in dimensions_of(by)]
        keep = not all(name in _READ_ONLY_COLUMNS for name in chosen)
        gathered = gather(facts, dimensions, fields, members=keep)
        for key, (kept, columns) in gathered.items():
            group = _Group(kept, moment, satisfied, fields)
            group.columns.update(columns)
            result[key] = {name: _FIGURES[name](group) for name in chosen}
        return result
    groups = group_facts(
        facts, by, period=period, zone=zone, dated_by=dated_by, year_starts=year_starts
    )
    for key, members in groups.items():
        group = _Group(members, moment, satisfied, fields)
        result[key] = {name: _FIGURES[name](group) for name in chosen}
    return result
