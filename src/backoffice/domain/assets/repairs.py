"""Repair history per asset, read from the service desk's records (维修记录).

Pure functions over the desk's request events: every request that names an asset and was not
rejected or cancelled counts as one repair of it; its **downtime** runs from submission to
resolution (a request still open at ``as_of`` counts up to ``as_of``; a reopened request runs
until it is resolved again), and its **cost** is the sum of its resolution's cost lines. The
"frequently repaired" ranking (高频维修设备) orders assets by repairs, then downtime, then cost.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import attrs

from backoffice.domain.events import DomainEvent
from backoffice.domain.requests import events as rq
from backoffice.errors import ValidationError
from backoffice.values.ids import AssetId
from backoffice.values.instant import ensure_aware, utc
from backoffice.values.money import Money

__all__ = ["RepairHistory", "frequently_repaired", "repair_histories"]


@attrs.frozen
class RepairHistory:
    """The repairs of one asset.

    Attributes:
        asset: The asset.
        repairs: How many repair requests named it (rejected and cancelled ones excluded).
        downtime: Total time from submission to resolution, over all its repairs.
        cost: Total cost of the resolutions (``None`` if no cost was recorded).
    """

    asset: AssetId
    repairs: int
    downtime: timedelta
    cost: Money | None


@attrs.define
class _Tally:
    asset: AssetId
    submitted_at: datetime
    resolved_at: datetime | None = None
    cost: Money | None = None
    dropped: bool = False


def _tallies(events: Iterable[DomainEvent]) -> dict[str, _Tally]:
    tallies: dict[str, _Tally] = {}
    for event in events:
        if isinstance(event, rq.RequestSubmitted):
            if event.details.asset is not None:
                tallies[event.aggregate_id] = _Tally(event.details.asset, event.occurred_at)
            continue
        tally = tallies.get(event.aggregate_id)
        if tally is None:
            continue
        if isinstance(event, rq.RequestResolved):
            tally.resolved_at, tally.cost = event.occurred_at, event.resolution.total_cost
        elif isinstance(event, rq.RequestReopened):
            tally.resolved_at = None
        elif isinstance(event, rq.RequestRejected | rq.RequestCancelled):
            tally.dropped = True
    return tallies


def repair_histories(
    events: Iterable[DomainEvent], *, as_of: datetime
) -> dict[AssetId, RepairHistory]:
    """The repair history of every asset named by a request in ``events``.

    Args:
        events: The desk's events (any order of requests, each request's events in order);
            events of other kinds are ignored.
        as_of: Open repairs count their downtime up to this instant.

    Raises:
        ValidationError: Two resolutions of one asset are in different currencies.
    """
    end = ensure_aware(as_of, "as_of")
    histories: dict[AssetId, RepairHistory] = {}
    for tally in _tallies(events).values():
        if tally.dropped:
            continue
        stop = tally.resolved_at if tally.resolved_at is not None else end
        down = max(utc(stop) - utc(tally.submitted_at), timedelta(0))
        before = histories.get(tally.asset)
        if before is None:
            histories[tally.asset] = RepairHistory(tally.asset, 1, down, tally.cost)
            continue
        cost = before.cost
        if tally.cost is not None:
            if cost is not None and cost.currency != tally.cost.currency:
                raise ValidationError(
                    f"repairs of {tally.asset} cost in {cost.currency} and {tally.cost.currency}",
                    field="events",
                )
            cost = tally.cost if cost is None else cost + tally.cost
        histories[tally.asset] = RepairHistory(
            tally.asset, before.repairs + 1, before.downtime + down, cost
        )
    return histories


def frequently_repaired(
    histories: Iterable[RepairHistory], *, top: int = 10, at_least: int = 2
) -> list[RepairHistory]:
    """The most often repaired assets, most repairs first (then longest downtime, then cost).

    Args:
        histories: Repair histories, e.g. ``repair_histories(...).values()``.
        top: How many to return at most.
        at_least: Only assets repaired at least this many times are listed.
    """

    def key(history: RepairHistory) -> tuple[int, timedelta, object, str]:
        cost = history.cost.amount if history.cost is not None else 0
        return (-history.repairs, -history.downtime, -cost, str(history.asset))

    chosen = [h for h in histories if h.repairs >= at_least]
    return sorted(chosen, key=key)[: max(top, 0)]
