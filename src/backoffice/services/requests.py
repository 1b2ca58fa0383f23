"""The service desk: where requests are raised, graded, worked on and watched for SLA alerts.

:class:`ServiceDesk` is the application service an embedding system (or a scenario script)
calls. It wires the pure pieces together:

* on **submission** it asks the triage policy to propose a tier and the SLA policy for the
  review target, and stores the request (a restated need is triaged again);
* on **acceptance** it takes the reviewer's tier (or the proposal), asks the SLA policy for
  that tier's targets and hands them to the request, which records proposal and choice;
* every other step is done on the request itself inside :meth:`ServiceDesk.working_on`, after
  which the desk saves it, re-files it for SLA watching and collects its events;
* :meth:`ServiceDesk.sweep` records the SLA warnings and breaches due at an instant. Open
  requests wait in a heap ordered by the instant of their next alert, so a sweep only touches
  the requests that have something due.

Its ports are injected: the policies, an ``IdGenerator``, a :class:`RequestRepository`
(:class:`InMemoryRequests` by default), an optional ``Clock`` for steps given no ``at``, and an
optional asset register to look up how critical the asset concerned is.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timezone
from typing import Final, Protocol
from zoneinfo import ZoneInfo

import attrs

from backoffice.clock import Clock
from backoffice.domain.events import DomainEvent
from backoffice.domain.requests import (
    Category,
    Channel,
    Criticality,
    Location,
    RequestDetails,
    RequestNotFound,
    ServiceRequest,
    SlaAlert,
    Tier,
)
from backoffice.errors import ValidationError
from backoffice.policies.sla import SlaPolicy
from backoffice.policies.triage import KeywordTriagePolicy, TriagePolicy
from backoffice.values import (
    ActorId,
    AssetId,
    DepartmentId,
    IdGenerator,
    RequestId,
    SequentialIds,
    ensure_aware,
)

__all__ = [
    "SLA_MONITOR",
    "AssetRegister",
    "InMemoryRequests",
    "RequestRepository",
    "ServiceDesk",
    "SlaWatchlist",
]

#: The actor recorded on SLA alerts raised by the desk's sweep.
SLA_MONITOR: Final = ActorId("sla-monitor")
#: Time zone types whose instants always have an offset (no need to ask them).
_ALWAYS_AWARE: Final = frozenset({ZoneInfo, timezone})
#: Looks up an asset's criticality in the asset register (``None`` if unknown).
AssetRegister = Callable[[AssetId], Criticality | None]


class RequestRepository(Protocol):
    """Where the desk keeps requests.

    Implementations raise :class:`~backoffice.domain.requests.RequestNotFound` from
    :meth:`get` and persist a request's new state (and its events) on :meth:`save`.
    """

    def add(self, request: ServiceRequest) -> None:
        """Store a new request."""
        ...

    def get(self, request_id: RequestId) -> ServiceRequest:
        """The request with ``request_id``."""
        ...

    def save(self, request: ServiceRequest) -> None:
        """Persist the request after a step."""
        ...


@attrs.define
class InMemoryRequests:
    """Requests in a dict (keyed by the id's text); for tests, demos and scenario scripts."""

    _by_id: dict[str, ServiceRequest] = attrs.field(factory=dict)

    def add(self, request: ServiceRequest) -> None:
        """Store a new request; its id must be new."""
        if request.id.value in self._by_id:
            raise ValidationError(f"request {request.id} already exists", field="id")
        self._by_id[request.id.value] = request

    def get(self, request_id: RequestId) -> ServiceRequest:
        """The request with ``request_id``, or :class:`RequestNotFound`."""
        try:
            return self._by_id[request_id.value]
        except (KeyError, AttributeError):
            raise RequestNotFound(request_id) from None

    def save(self, request: ServiceRequest) -> None:
        """Nothing to do: the stored object is the live one."""
        self.get(request.id)

    def __iter__(self) -> Iterator[ServiceRequest]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)


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


@attrs.define
class ServiceDesk:
    """The back-office service desk (后勤服务台): requests in, SLA alerts out.

    Attributes:
        sla_policy: Decides review and graded targets.
        triage: Proposes a tier at acceptance (the seed's keyword rules by default).
        ids: Mints request ids.
        requests: Where requests are kept.
        clock: Where "now" comes from when a step is given no ``at``.
        asset_register: Looks up asset criticality for requests that name an asset.
        monitor: The actor recorded on SLA alert events.
    """

    sla_policy: SlaPolicy
    triage: TriagePolicy = attrs.field(factory=KeywordTriagePolicy.seed)
    ids: IdGenerator = attrs.field(factory=SequentialIds)
    requests: RequestRepository = attrs.field(factory=InMemoryRequests)
    clock: Clock | None = None
    asset_register: AssetRegister | None = None
    monitor: ActorId = SLA_MONITOR
    _watchlist: SlaWatchlist = attrs.field(factory=SlaWatchlist, init=False)
    _outbox: list[DomainEvent] = attrs.field(factory=list, init=False)

    def submit(
        self,
        *,
        channel: Channel | str,
        category: Category | str,
        description: str,
        location: Location,
        requester: ActorId,
        at: datetime | None = None,
        actor: ActorId | None = None,
        department: DepartmentId | None = None,
        asset: AssetId | None = None,
        asset_criticality: Criticality | None = None,
        desired_by: datetime | None = None,
    ) -> ServiceRequest:
        """Raise a request; its review clock starts if the SLA policy has a review target."""
        if asset is not None and asset_criticality is None and self.asset_register is not None:
            asset_criticality = self.asset_register(asset)
        details = RequestDetails(
            channel,  # RequestDetails converts text to the enum
            category,
            description,
            location,
            requester,
            department,
            asset,
            asset_criticality,
            desired_by,
        )
        proposal = self.triage.propose(details)
        request = ServiceRequest.submit(
            self.ids.new(RequestId),
            details=details,
            at=self._now(at),
            actor=actor,
            review_target=self.sla_policy.review_target(details),
            proposed_tier=proposal.tier,
            proposal_reason=proposal.reason,
        )
        self.requests.add(request)
        self._after(request)
        return request

    def get(self, request_id: RequestId) -> ServiceRequest:
        """The request with ``request_id``."""
        return self.requests.get(request_id)

    def supply_information(
        self,
        request_id: RequestId,
        *,
        actor: ActorId,
        answer: str,
        description: str | None = None,
        at: datetime | None = None,
    ) -> ServiceRequest:
        """The requester answers the reviewer; a restated need is triaged again."""
        request = self.get(request_id)
        proposal = None
        if description is not None:
            proposal = self.triage.propose(attrs.evolve(request.details, description=description))
        request.supply_information(
            actor=actor,
            at=self._now(at),
            answer=answer,
            description=description,
            proposed_tier=None if proposal is None else proposal.tier,
            proposal_reason="" if proposal is None else proposal.reason,
        )
        self._after(request)
        return request

    def accept(
        self,
        request_id: RequestId,
        *,
        actor: ActorId,
        at: datetime | None = None,
        tier: Tier | str | None = None,
    ) -> ServiceRequest:
        """Accept with ``tier``, or with the triage proposal if ``None``; the targets are fixed.

        The proposal is recorded with the acceptance, so an override is visible.

        Raises:
            ValidationError: No tier was given and the request has no triage proposal.
        """
        request = self.requests.get(request_id)
        chosen = request.proposed_tier if tier is None else Tier(tier)
        if chosen is None:
            raise ValidationError(f"{request_id} has no triage proposal: give a tier", field="tier")
        request.accept(
            actor=actor,
            at=self._now(at),
            tier=chosen,
            targets=self.sla_policy.targets(request.details, chosen),
        )
        self._after(request)
        return request

    def change_tier(
        self,
        request_id: RequestId,
        *,
        actor: ActorId,
        tier: Tier | str,
        reason: str,
        at: datetime | None = None,
    ) -> ServiceRequest:
        """Regrade a request mid-flight with the policy's targets for the new tier."""
        request = self.get(request_id)
        chosen = Tier(tier)
        request.change_tier(
            actor=actor,
            at=self._now(at),
            tier=chosen,
            targets=self.sla_policy.targets(request.details, chosen),
            reason=reason,
        )
        self._after(request)
        return request

    @contextmanager
    def working_on(self, request_id: RequestId) -> Iterator[ServiceRequest]:
        """Take any step on a request; afterwards the desk saves, re-files and collects it.

        Example::

            with desk.working_on(request_id) as request:
                request.pause(actor=tech, at=t, reason=PauseReason.WAITING_FOR_PARTS)
        """
        request = self.get(request_id)
        try:
            yield request
        finally:
            self._after(request)

    def sweep(self, *, at: datetime | None = None) -> list[SlaAlert]:
        """Record the SLA warnings and breaches due by ``at`` on every request; return them.

        The events are also in the outbox (:meth:`collect_events`).
        """
        at = self._now(at)
        alerts: list[SlaAlert] = []
        for request in self._watchlist.due(at):
            if request.changed_at > at:
                self._watchlist.watch(request)
                continue
            alerts.extend(request.record_sla_alerts(actor=self.monitor, at=at))
            self._after(request, not_before=request.next_sla_check(at))
        return alerts

    def collect_events(self) -> list[DomainEvent]:
        """Hand over every event recorded through the desk since the last call, in order."""
        events, self._outbox = self._outbox, []
        return events

    @property
    def watching(self) -> int:
        """Entries in the SLA watchlist (requests with an alert to come, plus stale entries)."""
        return len(self._watchlist)

    def _after(self, request: ServiceRequest, *, not_before: datetime | None = None) -> None:
        self.requests.save(request)
        self._watchlist.watch(request, not_before=not_before)
        self._outbox.extend(request.collect_events())

    def _now(self, at: datetime | None) -> datetime:
        if at is not None:
            if at.__class__ is datetime and at.tzinfo.__class__ in _ALWAYS_AWARE:
                return at
            return ensure_aware(at)
        if self.clock is None:
            raise ValidationError("give at= or configure the desk with a clock", field="at")
        return self.clock.now()
