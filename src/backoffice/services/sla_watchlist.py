"""The SLA watchlist: open requests ordered by when their next SLA alert can be due."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime

import attrs

from backoffice.domain.requests import ServiceRequest

__all__ = ["SlaWatchlist"]


@attrs.define
class SlaWatchlist:
    """Requests ordered by when their next SLA alert can be due (a heap with lazy deletion).

    Each entry remembers the request's version when filed; an entry whose request has moved
    on since is stale and skipped (the request was re-filed with its new instant). Instants are
    kept in UTC so that entries from calendars in different zones compare cheaply.

    An entry names its request by the id's text, and the watchlist keeps each request it has
    entries for once, by that text: entries made only of instants, numbers and text are not
    followed by Python's garbage collector, which otherwise walks every one of them again and
    again when hundreds of thousands of requests are open.
    """

    _heap: list[tuple[datetime, int, int, str]] = attrs.field(factory=list)
    _filed: dict[str, int] = attrs.field(factory=dict)
    _requests: dict[str, ServiceRequest] = attrs.field(factory=dict)
    _entries: dict[str, int] = attrs.field(factory=dict)
    _order: Iterator[int] = attrs.field(factory=itertools.count)

    def watch(self, request: ServiceRequest, *, not_before: datetime | None = None) -> None:
        """File ``request`` under its next alert instant (or ``not_before``, a sharper one).

        Without ``not_before``, a request already filed at its current version is left alone.
        """
        key, version = request.id.value, request.version
        if not_before is None:
            if self._filed.get(key) == version:
                return
            not_before = request.next_alert_at
        self._filed[key] = version
        if not_before is not None:
            entry = (not_before.astimezone(UTC), next(self._order), version, key)
            heapq.heappush(self._heap, entry)
            self._requests[key] = request
            self._entries[key] = self._entries.get(key, 0) + 1

    def due(self, at: datetime) -> list[ServiceRequest]:
        """Take out the requests that may have an alert due by ``at``, each once."""
        heap, found, seen = self._heap, [], set()
        filed, requests, entries = self._filed, self._requests, self._entries
        at = at.astimezone(UTC)
        while heap and heap[0][0] <= at:
            version, key = heapq.heappop(heap)[2:]
            request = requests[key]
            left = entries[key] - 1
            if left:
                entries[key] = left
            else:  # its last entry: the watchlist lets go of it
                del entries[key], requests[key]
            if version != request.version or filed.get(key) != version:
                self.watch(request)  # stale: changed outside the desk, or filed again since
                continue
            if key not in seen:
                seen.add(key)
                del filed[key]
                found.append(request)
        return found

    def __len__(self) -> int:
        return len(self._heap)
