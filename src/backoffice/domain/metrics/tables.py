"""Tables over requests: how old the open backlog is, and which assets and places break most.

:func:`backlog_ageing` counts the requests open at an instant per age bracket (up to 1 day,
3 days, 1 week, 30 days, older: :data:`DEFAULT_AGE_BRACKETS`); :func:`most_repaired` ranks the
assets, or the places, by how many repair requests they had.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Final

from backoffice.domain.metrics.facts import RequestFacts
from backoffice.domain.requests.kinds import Category, RequestState
from backoffice.errors import ValidationError
from backoffice.values import ensure_aware, inputs

__all__ = ["DEFAULT_AGE_BRACKETS", "backlog_ageing", "most_repaired"]


def _open_at(fact: RequestFacts, at: datetime) -> bool:
    # Whether the request was open (submitted, not yet ended) at the UTC instant ``at``; the
    # backlog figures of backoffice.domain.metrics.service read it too.
    ended = fact.ended_at
    return fact.submitted_at.astimezone(UTC) <= at and (ended is None or ended.astimezone(UTC) > at)


#: The default ageing brackets of the backlog: up to 1 day, 3 days, 1 week, 30 days, older.
DEFAULT_AGE_BRACKETS: Final = (
    timedelta(days=1),
    timedelta(days=3),
    timedelta(days=7),
    timedelta(days=30),
)


def backlog_ageing(
    facts: Iterable[RequestFacts],
    at: datetime,
    brackets: Sequence[timedelta] = DEFAULT_AGE_BRACKETS,
) -> list[tuple[timedelta | None, int]]:
    """How many requests open at ``at`` are at most each bracket old (and older than the last).

    Returns:
        ``(upper bound, count)`` per bracket in order, then ``(None, count)`` for the rest.
    """
    moment = ensure_aware(at).astimezone(UTC)
    if not isinstance(brackets, Sequence) or not all(
        isinstance(b, timedelta) and b > timedelta(0) for b in brackets
    ):
        raise ValidationError(
            f"brackets must be positive durations, got {brackets!r}", field="brackets"
        )
    bounds = sorted(brackets)
    counts = [0] * (len(bounds) + 1)
    for fact in facts:
        if _open_at(fact, moment):
            age = moment - fact.submitted_at.astimezone(UTC)
            slot = next((i for i, bound in enumerate(bounds) if age <= bound), len(bounds))
            counts[slot] += 1
    uppers: list[timedelta | None] = [*bounds, None]
    return list(zip(uppers, counts, strict=True))


def most_repaired(
    facts: Iterable[RequestFacts], by: str = "asset", *, top: int = 10
) -> list[tuple[str, int]]:
    """The assets (``by="asset"``) or places (``by="place"``: "site, place") repaired most.

    Counts repair requests (not rejected or cancelled); ties in name order.
    """
    if by not in ("asset", "place"):
        raise ValidationError(f"by must be 'asset' or 'place', got {by!r}", field="by")
    inputs.whole_number(top, "top", minimum=1)
    refused = (RequestState.REJECTED, RequestState.CANCELLED)
    counts: dict[str, int] = {}
    for fact in facts:
        if fact.category is not Category.REPAIR or fact.state in refused:
            continue
        name = (
            fact.asset
            if by == "asset"
            else (f"{fact.site}, {fact.place}" if fact.place else fact.site)
        )
        if name is not None:
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]
