"""The inspection service: rounds on a schedule, findings turned into corrective requests.

:class:`InspectionService` schedules rounds from a checklist and a recurrence (once per day and
place however often it is asked), records a completed round's results, raises a corrective
request (整改单) in the :class:`~backoffice.services.ServiceDesk` for every finding, due by the
deadline the :class:`~backoffice.policies.inspections.CorrectionDeadlinePolicy` gives, and
reports the findings overdue.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Final

import attrs

from backoffice.domain.assets import inputs
from backoffice.domain.events import DomainEvent
from backoffice.domain.inspections import (
    ChecklistTemplate,
    CheckResult,
    Finding,
    InspectionRound,
    InspectionRoundId,
    overdue_findings,
    round_key,
)
from backoffice.domain.maintenance import Recurrence
from backoffice.domain.requests import Category, Channel, RequestLocation
from backoffice.errors import NotFound, ValidationError
from backoffice.policies.inspections import CorrectionDeadlinePolicy, SeverityDeadlines
from backoffice.services.requests import ServiceDesk
from backoffice.values import ActorId, AssetId, IdGenerator, SequentialIds

__all__ = ["InspectionService"]

_END_OF_DAY: Final = time(18, 0)


@attrs.define
class InspectionService:
    """Inspection rounds and the correction of their findings.

    Attributes:
        desk: Where corrective requests are raised.
        deadlines: Decides each finding's correction deadline.
        ids: Mints round ids.
        category: The category of corrective requests.
    """

    desk: ServiceDesk
    deadlines: CorrectionDeadlinePolicy = attrs.field(factory=SeverityDeadlines.seed)
    ids: IdGenerator = attrs.field(factory=SequentialIds)
    category: Category = Category.REPAIR
    _rounds: dict[InspectionRoundId, InspectionRound] = attrs.field(factory=dict, init=False)
    _by_key: dict[str, InspectionRoundId] = attrs.field(factory=dict, init=False)
    _outbox: list[DomainEvent] = attrs.field(factory=list, init=False)

    @classmethod
    def restore(
        cls,
        events: Iterable[DomainEvent],
        *,
        desk: ServiceDesk,
        deadlines: CorrectionDeadlinePolicy | None = None,
        ids: IdGenerator | None = None,
    ) -> InspectionService:
        """A service rebuilt from its rounds' events, its key index included."""
        service = cls(desk, deadlines or SeverityDeadlines.seed(), ids or SequentialIds())
        histories: dict[str, list[DomainEvent]] = {}
        for event in events:
            if event.__class__.__module__ == "backoffice.domain.inspections.events":
                histories.setdefault(event.aggregate_id, []).append(event)
        for history in histories.values():
            inspection = InspectionRound.replay(history)
            service._rounds[inspection.id] = inspection
            service._by_key[inspection.key] = inspection.id
        return service

    def schedule_rounds(
        self,
        checklist: ChecklistTemplate,
        *,
        recurrence: Recurrence,
        location: RequestLocation,
        starts_on: date,
        until: date,
        actor: ActorId | str,
        at: datetime,
        asset: AssetId | None = None,
    ) -> list[InspectionRound]:
        """Schedule a round on every day of ``recurrence`` up to ``until``; return the new ones.

        A round already scheduled for the checklist, place and day is not scheduled again.
        """
        who, when = inputs.actor(actor), inputs.instant(at)
        last = inputs.day(until, "until")
        if not isinstance(checklist, ChecklistTemplate) or not isinstance(
            location, RequestLocation
        ):
            raise ValidationError(
                "give a ChecklistTemplate and a RequestLocation", field="checklist"
            )
        if not isinstance(recurrence, Recurrence):
            raise ValidationError(
                f"recurrence must be a Recurrence, got {type(recurrence).__name__}",
                field="recurrence",
            )
        if asset is not None:
            asset = inputs.entity_id(asset, AssetId, "asset")
        new: list[InspectionRound] = []
        for day in recurrence.dates(inputs.day(starts_on, "starts_on"), last):
            if round_key(checklist, location, day) in self._by_key:
                continue
            round_id = self._new_id()
            inspection = InspectionRound.schedule(
                round_id, checklist=checklist, location=location, scheduled_on=day,
                actor=who, at=when, asset=asset,
            )  # fmt: skip
            self._keep(inspection)
            new.append(inspection)
        return new

    def complete(
        self,
        round_id: InspectionRoundId | str,
        *,
        results: Iterable[CheckResult],
        inspected_on: date,
        actor: ActorId | str,
        at: datetime,
    ) -> list[Finding]:
        """Record a round's results; raise a corrective request for each finding."""
        inspection = self.get(round_id)
        who, when = inputs.actor(actor), inputs.instant(at)
        findings = inspection.complete(
            results=results, inspected_on=inspected_on, deadline=self.deadlines.deadline,
            actor=who, at=when,
        )  # fmt: skip
        for finding in findings:
            request = self.desk.submit(
                channel=Channel.OA_SYSTEM,
                category=self.category,
                description=(
                    f"Correct inspection finding ({finding.severity.value}): {finding.detail}"
                    f" [{inspection.checklist.name}, {inspection.id} #{finding.number}]"
                ),
                location=inspection.location,
                requester=who,
                at=when,
                asset=inspection.asset,
                desired_by=datetime.combine(finding.due_on, _END_OF_DAY, tzinfo=when.tzinfo),
            )
            inspection.request_correction(finding.number, request=request.id, actor=who, at=when)
        self._outbox.extend(inspection.collect_events())
        return list(inspection.findings)

    def get(self, round_id: InspectionRoundId | str) -> InspectionRound:
        """The round with ``round_id``.

        Raises:
            NotFound: No such round.
        """
        key = inputs.entity_id(round_id, InspectionRoundId, "round_id")
        try:
            return self._rounds[key]
        except KeyError:
            raise NotFound("inspection round", key) from None

    @contextmanager
    def working_on(self, round_id: InspectionRoundId | str) -> Iterator[InspectionRound]:
        """Report or verify corrections on a round; afterwards its events are collected."""
        inspection = self.get(round_id)
        try:
            yield inspection
        finally:
            self._outbox.extend(inspection.collect_events())

    def overdue(self, *, on: date) -> list[Finding]:
        """Findings past their deadline on ``on`` and not verified."""
        return overdue_findings(self._rounds.values(), on=inputs.day(on, "on"))

    def collect_events(self) -> list[DomainEvent]:
        """Hand over every event recorded through the service since the last call, in order."""
        events, self._outbox = self._outbox, []
        return events

    def __iter__(self) -> Iterator[InspectionRound]:
        return iter(self._rounds.values())

    def _keep(self, inspection: InspectionRound) -> None:
        self._rounds[inspection.id] = inspection
        self._by_key[inspection.key] = inspection.id
        self._outbox.extend(inspection.collect_events())

    def _new_id(self) -> InspectionRoundId:
        while True:
            round_id = self.ids.new(InspectionRoundId)
            if round_id not in self._rounds:
                return round_id
