"""Inspection rounds (巡检): a checklist walked at a place on a day, and its findings.

An :class:`InspectionRound` is scheduled, then completed with a result for every checkpoint;
every failed check or reading out of range is recorded as a **finding** with its severity and a
correction deadline (decided by a policy from the severity). Each finding then goes through its
correction (隐患整改): a corrective request raised, the correction reported, and verified by
an inspector (复查): accepted closes it, rejected opens it again. :func:`overdue_findings`
lists the findings past their deadline and not verified.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Self

import attrs

from backoffice.domain.assets import inputs
from backoffice.domain.events import DomainEvent, EventLog
from backoffice.domain.inspections import events as ev
from backoffice.domain.inspections.checklist import ChecklistTemplate, CheckResult, Severity
from backoffice.domain.requests.details import RequestLocation
from backoffice.errors import InvalidTransition, ValidationError
from backoffice.values.ids import ActorId, AssetId, EntityId, RequestId

__all__ = [
    "Finding",
    "FindingState",
    "InspectionRound",
    "InspectionRoundId",
    "overdue_findings",
    "round_key",
]


@attrs.frozen(order=True, repr=False)
class InspectionRoundId(EntityId):
    """An inspection round."""

    prefix = "INS"


class FindingState(enum.StrEnum):
    """Where a finding's correction is."""

    OPEN = "open"
    CORRECTION_REQUESTED = "correction_requested"
    CORRECTED = "corrected"
    VERIFIED = "verified"


@attrs.frozen
class Finding:
    """A finding of a round and where its correction is.

    Attributes:
        round: The round.
        number: Its number in the round.
        code: The checkpoint.
        severity: How serious.
        detail: What is wrong.
        due_on: The correction deadline.
        state: Where its correction is.
        request: The corrective request, once raised.
    """

    round: InspectionRoundId
    number: int
    code: str
    severity: Severity
    detail: str
    due_on: date
    state: FindingState = FindingState.OPEN
    request: RequestId | None = None


def _results(values: object) -> tuple[CheckResult, ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise ValidationError(
            f"results must be CheckResult values, got {type(values).__name__}", field="results"
        )
    answers = tuple(values)
    for answer in answers:
        if not isinstance(answer, CheckResult):
            raise ValidationError(
                f"results must be CheckResult values, got {type(answer).__name__}",
                field="results",
            )
    return answers


def _same_version(a: EventLog, b: EventLog) -> bool:
    return a.version == b.version


@attrs.define(repr=False)
class InspectionRound:
    """One inspection round.

    Attributes:
        id: The round's id.
    """

    id: InspectionRoundId
    _scheduled: ev.InspectionRoundScheduled
    _inspected_on: date | None = None
    _findings: dict[int, Finding] = attrs.field(factory=dict)
    _log: EventLog = attrs.field(factory=EventLog, eq=attrs.cmp_using(eq=_same_version))

    @classmethod
    def schedule(
        cls,
        round_id: InspectionRoundId,
        *,
        checklist: ChecklistTemplate,
        location: RequestLocation,
        scheduled_on: date,
        actor: ActorId | str,
        at: datetime,
        asset: AssetId | None = None,
    ) -> Self:
        """Put a round on the schedule."""
        if not isinstance(checklist, ChecklistTemplate) or not isinstance(
            location, RequestLocation
        ):
            raise ValidationError(
                "give a ChecklistTemplate and a RequestLocation", field="checklist"
            )
        day = inputs.day(scheduled_on, "scheduled_on")
        if asset is not None:
            asset = inputs.entity_id(asset, AssetId, "asset")
        event = ev.InspectionRoundScheduled(
            aggregate_id=str(round_id), version=1, actor=inputs.actor(actor),
            occurred_at=inputs.instant(at), key=round_key(checklist, location, day),
            checklist=checklist, location=location, asset=asset, scheduled_on=day,
        )  # fmt: skip
        inspection = cls(round_id, event)
        inspection._log.append(event)
        return inspection

    @classmethod
    def replay(cls, events: Iterable[DomainEvent]) -> Self:
        """Rebuild a round from its whole history, oldest event first."""
        history = iter(events)
        first = next(history, None)
        if not isinstance(first, ev.InspectionRoundScheduled) or first.version != 1:
            raise ValidationError("a round's history starts with its scheduling", field="events")
        inspection = cls(InspectionRoundId(first.aggregate_id), first)
        inspection._log = EventLog(version=1)
        for event in history:
            if event.aggregate_id != first.aggregate_id or event.version != inspection.version + 1:
                raise ValidationError(f"event {event.name} is out of place", field="events")
            inspection._apply(event)
            inspection._log = EventLog(version=event.version)
        return inspection

    # -- queries -------------------------------------------------------------------------------

    @property
    def key(self) -> str:
        """The round's stable key: checklist, place and day."""
        return self._scheduled.key

    @property
    def checklist(self) -> ChecklistTemplate:
        """The checklist."""
        return self._scheduled.checklist

    @property
    def location(self) -> RequestLocation:
        """Where."""
        return self._scheduled.location

    @property
    def asset(self) -> AssetId | None:
        """The asset inspected, if one."""
        return self._scheduled.asset

    @property
    def scheduled_on(self) -> date:
        """The day it is scheduled for."""
        return self._scheduled.scheduled_on

    @property
    def inspected_on(self) -> date | None:
        """The day it was walked, once it was."""
        return self._inspected_on

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Its findings, in order."""
        return tuple(self._findings.values())

    @property
    def version(self) -> int:
        """Number of events in the round's history."""
        return self._log.version

    # -- commands ------------------------------------------------------------------------------

    def complete(
        self,
        *,
        results: Iterable[CheckResult],
        inspected_on: date,
        deadline: Callable[[Severity, date], date],
        actor: ActorId | str,
        at: datetime,
    ) -> list[Finding]:
        """Record the results; every failed check or reading out of range becomes a finding.

        Args:
            results: A result for every checkpoint.
            inspected_on: The day of the round.
            deadline: The correction deadline of a finding of a severity found on a day.
            actor: The inspector.
            at: When recorded.

        Raises:
            InvalidTransition: The round was already completed.
            ValidationError: A checkpoint has no result (or an unknown one is given).
        """
        who, when = inputs.actor(actor), inputs.instant(at)
        day = inputs.day(inspected_on, "inspected_on")
        answers = _results(results)
        if not callable(deadline):
            raise ValidationError(
                "deadline must give a finding's due day from its severity and the day",
                field="deadline",
            )
        if self._inspected_on is not None:
            raise InvalidTransition(self.id, "complete", "completed")
        found = self.checklist.assess(answers)
        dues = [inputs.day(deadline(item.severity, day), "deadline") for item, _ in found]
        self._record(ev.InspectionRoundCompleted, who, when, inspected_on=day, results=answers)
        for number, ((item, detail), due) in enumerate(zip(found, dues, strict=True), start=1):
            self._record(
                ev.InspectionFindingRecorded, who, when,
                number=number, code=item.code, severity=item.severity, detail=detail, due_on=due,
            )  # fmt: skip
        return list(self._findings.values())

    def request_correction(
        self, number: int, *, request: RequestId | str, actor: ActorId | str, at: datetime
    ) -> None:
        """Record the corrective request raised for finding ``number``."""
        who, when = inputs.actor(actor), inputs.instant(at)
        ticket = inputs.entity_id(request, RequestId, "request")
        self._finding(number, "request a correction of", FindingState.OPEN)
        self._record(ev.InspectionCorrectionRequested, who, when, number=number, request=ticket)

    def report_correction(
        self, number: int, *, corrected_on: date, note: str, actor: ActorId | str, at: datetime
    ) -> None:
        """The correction of finding ``number`` is done."""
        who, when = inputs.actor(actor), inputs.instant(at)
        day = inputs.day(corrected_on, "corrected_on")
        text = inputs.text(note, "note")
        self._finding(
            number, "report the correction of", FindingState.OPEN, FindingState.CORRECTION_REQUESTED
        )
        self._record(
            ev.InspectionCorrectionReported, who, when, number=number, corrected_on=day, note=text
        )

    def verify_correction(
        self, number: int, *, accepted: bool, note: str, actor: ActorId | str, at: datetime
    ) -> None:
        """An inspector checks the reported correction; rejected opens the finding again."""
        who, when = inputs.actor(actor), inputs.instant(at)
        ok = inputs.flag(accepted, "accepted")
        text = inputs.optional_text(note, "note")
        self._finding(number, "verify the correction of", FindingState.CORRECTED)
        self._record(
            ev.InspectionCorrectionVerified, who, when, number=number, accepted=ok, note=text
        )

    def collect_events(self) -> list[DomainEvent]:
        """Hand over the events recorded since the last call, oldest first."""
        return self._log.collect()

    # -- internals -----------------------------------------------------------------------------

    def _finding(self, number: int, action: str, *states: FindingState) -> Finding:
        finding = self._findings.get(inputs.whole_number(number, "number", minimum=1))
        if finding is None:
            raise ValidationError(f"{self.id} has no finding {number!r}", field="number")
        if finding.state not in states:
            raise InvalidTransition(f"{self.id} finding {number}", action, finding.state)
        return finding

    def _record(
        self, event_type: type[DomainEvent], actor: ActorId, at: datetime, /, **fields: object
    ) -> None:
        event = event_type(
            aggregate_id=str(self.id), version=self._log.next_version, actor=actor,
            occurred_at=at, **fields,
        )  # fmt: skip
        self._apply(event)
        self._log.append(event)

    def _apply(self, event: DomainEvent) -> None:
        match event:
            case ev.InspectionRoundCompleted():
                self._inspected_on = event.inspected_on
            case ev.InspectionFindingRecorded():
                self._findings[event.number] = Finding(
                    self.id, event.number, event.code, event.severity, event.detail, event.due_on
                )
            case ev.InspectionCorrectionRequested():
                self._move(event.number, FindingState.CORRECTION_REQUESTED, event.request)
            case ev.InspectionCorrectionReported():
                self._move(event.number, FindingState.CORRECTED)
            case ev.InspectionCorrectionVerified():
                state = FindingState.VERIFIED if event.accepted else FindingState.OPEN
                self._move(event.number, state)
            case _:
                raise ValidationError(f"{event.name} is not an inspection event", field="events")

    def _move(self, number: int, state: FindingState, request: RequestId | None = None) -> None:
        finding = self._findings[number]
        ticket = request if request is not None else finding.request
        self._findings[number] = attrs.evolve(finding, state=state, request=ticket)

    def __repr__(self) -> str:
        return f"<InspectionRound {self.id} {self.checklist.name!r} {self.scheduled_on}>"


def round_key(checklist: ChecklistTemplate, location: RequestLocation, day: date) -> str:
    """The stable key of a round: checklist, place and day."""
    return f"{checklist.name}@{location}@{day.isoformat()}"


def overdue_findings(rounds: Iterable[InspectionRound], *, on: date) -> list[Finding]:
    """Findings past their deadline on ``on`` and not verified, most overdue first."""
    late = [
        finding
        for inspection in rounds
        for finding in inspection.findings
        if finding.state is not FindingState.VERIFIED and finding.due_on < on
    ]
    return sorted(late, key=lambda f: (f.due_on, str(f.round), f.number))
