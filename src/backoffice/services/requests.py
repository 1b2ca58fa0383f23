"""The service desk: where requests are raised, graded, worked on and watched for SLA alerts.

:class:`ServiceDesk` is the application service an embedding system (or a scenario script)
calls. It wires the pure pieces together:

* on **submission** it asks the triage policy to propose a tier and the SLA policy for the
  review target, and stores the request (a restated need is triaged again);
* on **acceptance** it takes the reviewer's tier (or the proposal), asks the SLA policy for
  that tier's targets and hands them to the request, which records proposal and choice;
* every other step is done on the request itself inside :meth:`ServiceDesk.working_on`, after
  which the desk saves it, re-files it for SLA watching and collects its events;
* :meth:`ServiceDesk.sweep` records the SLA warnings and breaches due at an instant, touching
  only the requests with something due (:mod:`~backoffice.services.request_sweep`).

Its ports are injected: the policies, an ``IdGenerator``, a :class:`RequestRepository`
(:class:`InMemoryRequests` by default, in :mod:`~backoffice.services.request_repository`), an
optional ``Clock`` for steps given no ``at``, and an optional asset register to look up how
critical the asset concerned is. :meth:`ServiceDesk.restore` rebuilds a desk from its stored
events, ready to work (:mod:`~backoffice.services.request_restore`: the SLA watchlist refilled
and the ids continuing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Final

import attrs

from backoffice.calendar import WorkingCalendar
from backoffice.clock import Clock
from backoffice.domain.events import DomainEvent
from backoffice.domain.requests import (
    Category,
    Channel,
    Criticality,
    RequestDetails,
    RequestLocation,
    ServiceRequest,
    SlaAlert,
    Tier,
)
from backoffice.domain.requests.request import Submission
from backoffice.errors import ValidationError
from backoffice.policies.sla import SlaPolicy
from backoffice.policies.triage import KeywordTriagePolicy, TriagePolicy
from backoffice.services.request_inputs import read_actor, read_instant
from backoffice.services.request_repository import (
    InMemoryRequests,
    RequestRepository,
    as_request_id,
)
from backoffice.services.request_restore import REQUEST_EVENTS, replayed_requests
from backoffice.services.request_sweep import record_due_alerts
from backoffice.services.sla_watchlist import SlaWatchlist
from backoffice.values import (
    ActorId,
    AssetId,
    DepartmentId,
    IdGenerator,
    RequestId,
    SequentialIds,
)
from backoffice.values.inputs import choice, text

__all__ = [
    "REQUEST_EVENTS",
    "SLA_MONITOR",
    "AssetRegister",
    "InMemoryRequests",
    "RequestRepository",
    "ServiceDesk",
    "SlaWatchlist",
]

#: The actor recorded on SLA alerts raised by the desk's sweep.
SLA_MONITOR: Final = ActorId("sla-monitor")
#: Looks up an asset's criticality in the asset register (``None`` if unknown).
AssetRegister = Callable[[AssetId], Criticality | None]


@attrs.define
class ServiceDesk:
    """The back-office service desk (后勤服务台): requests in, SLA alerts out.

    Every command checks all its arguments and the request's state before it changes
    anything: a refused command records no event, mints no id and leaves the watchlist as it
    was. Ids are accepted as the typed id or its text; enumerations (``channel``, ``category``,
    ``tier``) as the member or its value or name, in any case.

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

    @classmethod
    def restore(
        cls,
        events: Iterable[DomainEvent],
        *,
        sla_policy: SlaPolicy,
        calendars: Mapping[str, WorkingCalendar],
        triage: TriagePolicy | None = None,
        ids: IdGenerator | None = None,
        requests: RequestRepository | None = None,
        clock: Clock | None = None,
        asset_register: AssetRegister | None = None,
        monitor: ActorId = SLA_MONITOR,
    ) -> ServiceDesk:
        """A desk rebuilt from the stored events of its requests, ready to work.

        Every request is replayed (:meth:`ServiceRequest.replay
        <backoffice.domain.requests.ServiceRequest.replay>`) and added to ``requests``; every
        clock with an alert to come is on the SLA watchlist again, so the restored desk's
        :meth:`sweep` records exactly what the original's would; the id generator continues
        after the highest request id issued. The events handed in are not put in the outbox
        again (they are stored already).

        Args:
            events: The events of the desk's requests, each request's in version order
                (requests may be interleaved, as the desk recorded them). Events of other
                aggregates (an office's shared outbox) are skipped.
            sla_policy: As in the constructor.
            calendars: The calendars the stored target snapshots name (for the seed policy,
                ``sla_policy.calendars``).
            triage: As in the constructor (the seed's rules by default).
            ids: The id generator; a new :class:`~backoffice.values.SequentialIds` by
                default. One with an ``observe(id)`` method is told every restored id.
            requests: An empty repository to fill (in memory by default).
            clock: As in the constructor.
            asset_register: As in the constructor.
            monitor: As in the constructor.

        Raises:
            ValidationError: A request's history is broken (it does not start with its
                submission, or skips a version).
            UnknownCalendar: A target snapshot names a calendar not in ``calendars``.
        """
        rebuilt = replayed_requests(events, calendars)
        desk = cls(
            sla_policy=sla_policy,
            triage=triage if triage is not None else KeywordTriagePolicy.seed(),
            ids=ids if ids is not None else SequentialIds(),
            requests=requests if requests is not None else InMemoryRequests(),
            clock=clock,
            asset_register=asset_register,
            monitor=monitor,
        )
        observe = getattr(desk.ids, "observe", None)
        for request in rebuilt:
            desk.requests.add(request)
            desk._watchlist.watch(request)
            if callable(observe):
                observe(request.id)
        return desk

    def submit(
        self,
        *,
        channel: Channel | str,
        category: Category | str,
        description: str,
        location: RequestLocation,
        requester: ActorId | str,
        at: datetime | None = None,
        actor: ActorId | str | None = None,
        department: DepartmentId | str | None = None,
        asset: AssetId | str | None = None,
        asset_criticality: Criticality | str | None = None,
        desired_by: datetime | None = None,
    ) -> ServiceRequest:
        """Raise a request; its review clock starts if the SLA policy has a review target.

        The request id is minted only once the submission is accepted.
        """
        return self.submit_checked(
            self.check_submit(
                channel=channel,
                category=category,
                description=description,
                location=location,
                requester=requester,
                at=at,
                actor=actor,
                department=department,
                asset=asset,
                asset_criticality=asset_criticality,
                desired_by=desired_by,
            )
        )

    def check_submit(
        self,
        *,
        channel: Channel | str,
        category: Category | str,
        description: str,
        location: RequestLocation,
        requester: ActorId | str,
        at: datetime | None = None,
        actor: ActorId | str | None = None,
        department: DepartmentId | str | None = None,
        asset: AssetId | str | None = None,
        asset_criticality: Criticality | str | None = None,
        desired_by: datetime | None = None,
    ) -> Submission:
        """Check a submission exactly as :meth:`submit` does, without raising it.

        Nothing changes: no id is minted, nothing is stored or watched. A service that raises
        several requests in one command (a maintenance run, an inspection's findings) checks
        them all first, then raises them with :meth:`submit_checked`, so a refusal leaves the
        desk as it was.

        Raises:
            ValidationError: Any argument :meth:`submit` would refuse.
        """
        details = RequestDetails(
            channel,  # RequestDetails reads text as the enum, ids from their text, ...
            category,
            description,
            location,
            requester,
            department,
            asset,
            asset_criticality,
            desired_by,
        )
        at = read_instant(at, self.clock)
        register = self.asset_register
        if details.asset is not None and details.asset_criticality is None and register:
            details = attrs.evolve(details, asset_criticality=register(details.asset))
        proposal = self.triage.propose(details)
        return ServiceRequest.check_submission(
            details=details,
            at=at,
            actor=actor,
            review_target=self.sla_policy.review_target(details),
            proposed_tier=proposal.tier,
            proposal_reason=proposal.reason,
        )

    def submit_checked(self, submission: Submission) -> ServiceRequest:
        """Raise a submission :meth:`check_submit` accepted: its id is minted here.

        Raises:
            ValidationError: ``submission`` is not a checked :class:`Submission`.
        """
        if not isinstance(submission, Submission):
            raise ValidationError(
                f"give a Submission from check_submit, got {type(submission).__name__}",
                field="submission",
            )
        request = submission.raise_as(self.ids.new(RequestId))
        self.requests.add(request)
        self._after(request)
        return request

    def get(self, request_id: RequestId | str) -> ServiceRequest:
        """The request with ``request_id`` (the typed id or its text)."""
        return self.requests.get(as_request_id(request_id))

    def supply_information(
        self,
        request_id: RequestId | str,
        *,
        actor: ActorId | str,
        answer: str,
        description: str | None = None,
        at: datetime | None = None,
    ) -> ServiceRequest:
        """The requester answers the reviewer; a restated need is triaged again."""
        request = self.get(request_id)
        actor, at = read_actor(actor), read_instant(at, self.clock)
        proposal = None
        if description is not None:
            restated = attrs.evolve(request.details, description=text(description, "description"))
            proposal = self.triage.propose(restated)
        request.supply_information(
            actor=actor,
            at=at,
            answer=answer,
            description=description,
            proposed_tier=None if proposal is None else proposal.tier,
            proposal_reason="" if proposal is None else proposal.reason,
        )
        self._after(request)
        return request

    def accept(
        self,
        request_id: RequestId | str,
        *,
        actor: ActorId | str,
        at: datetime | None = None,
        tier: Tier | str | None = None,
    ) -> ServiceRequest:
        """Accept with ``tier``, or with the triage proposal if ``None``; the targets are fixed.

        The proposal is recorded with the acceptance, so an override is visible.

        Raises:
            ValidationError: No tier was given and the request has no triage proposal.
            InvalidChoice: ``tier`` is not a tier.
        """
        request = self.get(request_id)
        actor, at = read_actor(actor), read_instant(at, self.clock)
        chosen = request.proposed_tier if tier is None else choice(tier, Tier, "tier")
        if chosen is None:
            raise ValidationError(f"{request.id} has no triage proposal: give a tier", field="tier")
        request.accept(
            actor=actor,
            at=at,
            tier=chosen,
            targets=self.sla_policy.targets(request.details, chosen),
        )
        self._after(request)
        return request

    def change_tier(
        self,
        request_id: RequestId | str,
        *,
        actor: ActorId | str,
        tier: Tier | str,
        reason: str,
        at: datetime | None = None,
    ) -> ServiceRequest:
        """Regrade a request mid-flight with the policy's targets for the new tier."""
        request = self.get(request_id)
        actor, at = read_actor(actor), read_instant(at, self.clock)
        chosen = choice(tier, Tier, "tier")
        request.change_tier(
            actor=actor,
            at=at,
            tier=chosen,
            targets=self.sla_policy.targets(request.details, chosen),
            reason=reason,
        )
        self._after(request)
        return request

    @contextmanager
    def working_on(self, request_id: RequestId | str) -> Iterator[ServiceRequest]:
        """Take any step on a request; afterwards the desk saves, re-files and collects it.

        A step the request refuses changes nothing, so nothing is saved or collected for it.

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

        Alerts come request by request, requests in the order of their ids, so a desk restored
        from the same events returns the same list. The events are also in the outbox
        (:meth:`collect_events`).
        """
        at = read_instant(at, self.clock)
        return record_due_alerts(self._watchlist, at, self.monitor, self._after)

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
