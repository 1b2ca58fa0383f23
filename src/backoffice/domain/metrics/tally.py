"""Request tallies: the request figures' counts, small and exact, that add up across parts.

A month's figures over a million requests need not travel with the million requests. A
:class:`RequestTally` keeps what every request figure (:data:`~backoffice.domain.metrics.
REQUEST_FIGURES`) rests on, and nothing more: counts of on-time and decided verdicts, of
resolved and reopened requests, of ratings per score, sums of warnings and breaches, and each
duration the percentiles read *with how many requests took it* (``{duration: requests}``).
Percentiles by nearest rank and means are exact from such counts, so two tallies of two parts
of the requests add up (``a + b``) to the tally of the whole, and
``RequestTally.of(facts, at=at).figures()`` equals
:func:`~backoffice.domain.metrics.request_figures` over the same facts.

That is how a scenario's re-judge splits a recorded history across processes: each worker
tallies its share and sends back a few thousand counts instead of its requests' facts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from operator import attrgetter
from typing import Any, Final

import attrs

from backoffice.domain.metrics.facts import RequestFacts
from backoffice.domain.metrics.figures import Figure, rank, rate
from backoffice.domain.metrics.service import DEFAULT_SATISFIED_FROM, REQUEST_FIGURES
from backoffice.errors import ValidationError
from backoffice.values import ensure_aware

__all__ = ["DURATIONS", "RequestTally"]

#: The durations a tally counts: to respond and resolve (working and elapsed), open ages.
DURATIONS: Final = (
    "response_working",
    "resolution_working",
    "response_elapsed",
    "resolution_elapsed",
    "backlog_age",
)
_FIELDS: Final = ("response_working_time", "resolution_working_time",
                  "elapsed_to_respond", "elapsed_to_resolve")  # fmt: skip
_NEED_AT: Final = frozenset({"backlog", "backlog_age_p50", "backlog_age_p90", "backlog_oldest"})
_TWO_PLACES: Final = Decimal("0.01")
#: Duration counts: how many requests took each duration.
Counts = Mapping[timedelta, int]


def _counts(values: Iterable[timedelta | None]) -> dict[timedelta, int]:
    return {value: count for value, count in Counter(values).items() if value is not None}


def _added(a: Counts, b: Counts) -> dict[timedelta, int]:
    total = dict(a)
    for value, count in b.items():
        total[value] = total.get(value, 0) + count
    return total


def _percentile(counts: Counts, p: int) -> Figure[timedelta]:
    """The nearest-rank ``p`` of the durations counted, resting on how many there are."""
    n = sum(counts.values())
    wanted, seen = rank(p, n), 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= wanted:
            return Figure(value, n)
    return Figure(None, 0)


@attrs.frozen(kw_only=True)
class RequestTally:
    """What the request figures of some requests rest on, as counts that add up.

    Attributes:
        at: The instant the backlog was read at (``None``: no backlog figures); only tallies
            read at the same instant add up.
        requests: How many requests.
        response_met: Responses on time.
        response_decided: Responses with a verdict (on time or missed).
        resolution_met: Resolutions on time.
        resolution_decided: Resolutions with a verdict.
        durations: For each name of :data:`DURATIONS`, how many requests took each duration
            (``backlog_age``: the ages of the requests open at :attr:`at`).
        resolved: Requests resolved or reopened (what the reopen rate is over).
        reopened: Of those, the ones reopened at least once.
        ratings: How many ratings of each score.
        warnings: SLA warnings recorded.
        breaches: SLA breaches recorded.
        breached: Requests with at least one breach.
    """

    at: datetime | None = None
    requests: int = 0
    response_met: int = 0
    response_decided: int = 0
    resolution_met: int = 0
    resolution_decided: int = 0
    durations: Mapping[str, Counts] = attrs.field(factory=lambda: {n: {} for n in DURATIONS})
    resolved: int = 0
    reopened: int = 0
    ratings: Mapping[int, int] = attrs.field(factory=dict)
    warnings: int = 0
    breaches: int = 0
    breached: int = 0

    @classmethod
    def of(cls, facts: Sequence[RequestFacts], *, at: datetime | None = None) -> RequestTally:
        """The tally of ``facts``, the backlog read at ``at`` (if given)."""
        moment = None if at is None else ensure_aware(at).astimezone(UTC)
        columns = list(zip(*map(attrgetter(*_FIELDS), facts), strict=True)) or [()] * 4
        durations = {name: _counts(c) for name, c in zip(DURATIONS, columns, strict=False)}
        ages: Iterable[timedelta | None] = ()
        if moment is not None:
            ages = (_age(f, moment) for f in facts)
        durations["backlog_age"] = _counts(ages)
        resolved = [f.reopen_count for f in facts if f.resolved_at is not None or f.reopen_count]
        verdicts = Counter(map(attrgetter("response_met"), facts))
        outcomes = Counter(map(attrgetter("resolution_met"), facts))
        return cls(
            at=moment,
            requests=len(facts),
            response_met=verdicts[True],
            response_decided=verdicts[True] + verdicts[False],
            resolution_met=outcomes[True],
            resolution_decided=outcomes[True] + outcomes[False],
            durations=durations,
            resolved=len(resolved),
            reopened=sum(1 for count in resolved if count),
            ratings=_counts_of(f.rating for f in facts),
            warnings=sum(f.warnings for f in facts),
            breaches=sum(f.breaches for f in facts),
            breached=sum(1 for f in facts if f.breaches),
        )

    def with_verdicts(
        self,
        response_met: Sequence[bool | None],
        resolution_met: Sequence[bool | None],
        response_working: Sequence[timedelta | None],
        resolution_working: Sequence[timedelta | None],
    ) -> RequestTally:
        """The same requests' tally with their SLA verdicts and working times judged anew.

        Each column has one entry per request tallied (``None``: undecided or unmeasured).

        Raises:
            ValidationError: A column does not have one entry per request.
        """
        columns = (response_met, resolution_met, response_working, resolution_working)
        if any(len(column) != self.requests for column in columns):
            raise ValidationError(
                f"each column needs one entry per request ({self.requests})", field="columns"
            )
        responses, resolutions = Counter(response_met), Counter(resolution_met)
        durations = {
            **self.durations,
            "response_working": _counts(response_working),
            "resolution_working": _counts(resolution_working),
        }
        return attrs.evolve(
            self,
            response_met=responses[True],
            response_decided=responses[True] + responses[False],
            resolution_met=resolutions[True],
            resolution_decided=resolutions[True] + resolutions[False],
            durations=durations,
        )

    def __add__(self, other: RequestTally) -> RequestTally:
        """The tally of both parts' requests together.

        Raises:
            ValidationError: The parts' backlogs were read at different instants.
        """
        if not isinstance(other, RequestTally):
            return NotImplemented
        if self.at != other.at:
            raise ValidationError(
                f"tallies read at {self.at} and {other.at} do not add up", field="at"
            )
        ratings: dict[int, int] = dict(self.ratings)
        for score, count in other.ratings.items():
            ratings[score] = ratings.get(score, 0) + count
        return RequestTally(
            at=self.at,
            requests=self.requests + other.requests,
            response_met=self.response_met + other.response_met,
            response_decided=self.response_decided + other.response_decided,
            resolution_met=self.resolution_met + other.resolution_met,
            resolution_decided=self.resolution_decided + other.resolution_decided,
            durations={n: _added(self.durations[n], other.durations[n]) for n in DURATIONS},
            resolved=self.resolved + other.resolved,
            reopened=self.reopened + other.reopened,
            ratings=ratings,
            warnings=self.warnings + other.warnings,
            breaches=self.breaches + other.breaches,
            breached=self.breached + other.breached,
        )

    def figures(
        self, names: Iterable[str] | None = None, *, satisfied_from: int = DEFAULT_SATISFIED_FROM
    ) -> dict[str, Figure[Any]]:
        """The named request figures (all by default; the backlog ones only with :attr:`at`).

        The same figures as :func:`~backoffice.domain.metrics.request_figures` over the
        requests tallied.

        Raises:
            ValidationError: A name is unknown, or a backlog figure is asked of a tally with
                no :attr:`at`.
        """
        chosen = _chosen(names, self.at)
        return {name: self._figure(name, satisfied_from) for name in chosen}

    def _figure(self, name: str, satisfied_from: int) -> Figure[Any]:  # noqa: PLR0911 (a table)
        ratings = self.ratings
        if name == "requests":
            return Figure(self.requests, self.requests)
        if name == "response_on_time_rate":
            return rate(self.response_met, self.response_decided)
        if name == "resolution_on_time_rate":
            return rate(self.resolution_met, self.resolution_decided)
        if name == "mttr":
            counts = self.durations["resolution_elapsed"]
            n = sum(counts.values())
            total = sum((value * count for value, count in counts.items()), timedelta())
            return Figure(total / n, n) if n else Figure(None, 0)
        if name == "backlog":
            return Figure(sum(self.durations["backlog_age"].values()), self.requests)
        if name == "backlog_oldest":
            return _percentile(self.durations["backlog_age"], 100)
        if name in ("reopen_rate", "first_time_fix_rate"):
            part = self.reopened if name == "reopen_rate" else self.resolved - self.reopened
            return rate(part, self.resolved)
        if name in ("satisfaction_rate", "mean_rating"):
            return _rating_figure(name, ratings, satisfied_from)
        if name in ("warnings", "breaches"):
            return Figure(getattr(self, name), self.requests)
        if name == "breached_rate":
            return rate(self.breached, self.requests)
        duration, _, p = name.rpartition("_p")
        return _percentile(self.durations[duration], int(p))


def _age(fact: RequestFacts, at: datetime) -> timedelta | None:
    """The request's age at ``at`` if it was open then, else ``None``."""
    submitted = fact.submitted_at.astimezone(UTC)
    ended = fact.ended_at
    if submitted <= at and (ended is None or ended.astimezone(UTC) > at):
        return at - submitted
    return None


def _counts_of(scores: Iterable[int | None]) -> dict[int, int]:
    return {score: count for score, count in Counter(scores).items() if score is not None}


def _rating_figure(name: str, ratings: Mapping[int, int], satisfied_from: int) -> Figure[Any]:
    scale = isinstance(satisfied_from, int) and not isinstance(satisfied_from, bool)
    if not scale or not 1 <= satisfied_from <= 5:
        raise ValidationError(f"satisfied_from is a rating 1-5, got {satisfied_from!r}",
                              field="satisfied_from")  # fmt: skip
    rated = sum(ratings.values())
    if name == "satisfaction_rate":
        return rate(sum(c for score, c in ratings.items() if score >= satisfied_from), rated)
    if not rated:
        return Figure(None, 0)
    total = sum(score * count for score, count in ratings.items())
    return Figure((Decimal(total) / rated).quantize(_TWO_PLACES, ROUND_HALF_EVEN), rated)


def _chosen(names: Iterable[str] | None, at: datetime | None) -> tuple[str, ...]:
    if names is None:
        return tuple(n for n in REQUEST_FIGURES if at is not None or n not in _NEED_AT)
    chosen = tuple(names)
    unknown = [n for n in chosen if n not in REQUEST_FIGURES]
    if unknown:
        raise ValidationError(
            f"unknown request figure(s) {unknown}; known: {list(REQUEST_FIGURES)}",
            field="names",
        )
    if at is None and any(n in _NEED_AT for n in chosen):
        raise ValidationError("backlog figures need the instant to read them at", field="at")
    return chosen
