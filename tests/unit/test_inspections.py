"""Inspections: checklists, rounds on a schedule, findings, corrections and verification."""

from __future__ import annotations

import gc
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from backoffice.calendar import BusinessCalendar
from backoffice.domain.inspections import (
    ChecklistTemplate,
    Checkpoint,
    CheckResult,
    FindingState,
    InspectionRound,
    InspectionRoundId,
    Severity,
)
from backoffice.domain.inspections import events as inspection_events
from backoffice.domain.maintenance import Recurrence
from backoffice.domain.requests import Category, RequestLocation, RequestSubmitted
from backoffice.errors import InvalidTransition, PolicyConfigurationError, ValidationError
from backoffice.policies.inspections import SeverityDeadlines
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.serialization import EventCodec
from backoffice.services import ServiceDesk
from backoffice.services.inspections import InspectionService
from backoffice.values import ActorId

T0 = datetime(2025, 3, 31, 9, 0, tzinfo=UTC)
INSPECTOR = ActorId("safety-officer")
FIRE_CHECK = ChecklistTemplate(
    "Quarterly fire equipment check",
    (
        Checkpoint(code="EXIT", question="Emergency exits clear", severity="critical"),
        Checkpoint(
            code="EXT-PRESSURE",
            question="Extinguisher pressure",
            kind="reading",
            low="1.0",
            high="1.4",
            unit="MPa",
        ),
        Checkpoint(code="HOSE", question="Hose reel intact", severity="minor"),
        Checkpoint(code="REMARKS", question="Other remarks", kind="note"),
    ),
)
BLOCK_B = RequestLocation("HQ", "Block B")


def all_good(**changes: CheckResult) -> list[CheckResult]:
    results = {
        "EXIT": CheckResult(code="EXIT", passed=True),
        "EXT-PRESSURE": CheckResult(code="EXT-PRESSURE", reading="1.2"),
        "HOSE": CheckResult(code="HOSE", passed=True),
        "REMARKS": CheckResult(code="REMARKS", note="none"),
    }
    results.update(changes)
    return list(results.values())


def service() -> InspectionService:
    return InspectionService(ServiceDesk(TieredSlaPolicy.seed(BusinessCalendar.always())))


def test_rounds_are_scheduled_quarterly_once_per_day_and_place() -> None:
    inspections = service()
    quarterly = Recurrence(frequency="monthly", interval=3, month_days=(-1,))
    first = inspections.schedule_rounds(
        FIRE_CHECK, recurrence=quarterly, location=BLOCK_B, starts_on=date(2025, 1, 1),
        until=date(2025, 12, 31), actor=INSPECTOR, at=T0,
    )  # fmt: skip
    assert [r.scheduled_on for r in first] == [
        date(2025, 1, 31), date(2025, 4, 30), date(2025, 7, 31), date(2025, 10, 31),
    ]  # fmt: skip
    again = inspections.schedule_rounds(
        FIRE_CHECK, recurrence=quarterly, location=BLOCK_B, starts_on=date(2025, 1, 1),
        until=date(2026, 3, 31), actor=INSPECTOR, at=T0,
    )  # fmt: skip
    assert [r.scheduled_on for r in again] == [date(2026, 1, 31)]


def test_failed_checks_and_readings_out_of_range_become_findings_with_deadlines() -> None:
    inspections = service()
    (inspection,) = inspections.schedule_rounds(
        FIRE_CHECK, recurrence=Recurrence.every(1, "years"), location=BLOCK_B,
        starts_on=date(2025, 3, 31), until=date(2025, 3, 31), actor=INSPECTOR, at=T0,
    )  # fmt: skip
    results = all_good(
        EXIT=CheckResult(code="EXIT", passed=False, note="boxes stacked at exit 2"),
        **{"EXT-PRESSURE": CheckResult(code="EXT-PRESSURE", reading=Decimal("0.8"))},
    )
    findings = inspections.complete(
        inspection.id, results=results, inspected_on=date(2025, 3, 31), actor=INSPECTOR, at=T0
    )
    assert [(f.code, f.severity, f.due_on) for f in findings] == [
        ("EXIT", Severity.CRITICAL, date(2025, 4, 1)),
        ("EXT-PRESSURE", Severity.MAJOR, date(2025, 4, 7)),
    ]
    assert all(f.state is FindingState.CORRECTION_REQUESTED for f in findings)
    submitted = [e for e in inspections.desk.collect_events() if isinstance(e, RequestSubmitted)]
    assert len(submitted) == 2
    assert "boxes stacked at exit 2" in submitted[0].details.description


def test_a_correction_is_verified_or_sent_back_and_overdue_findings_are_reported() -> None:
    inspections = service()
    (inspection,) = inspections.schedule_rounds(
        FIRE_CHECK, recurrence=Recurrence.every(1, "years"), location=BLOCK_B,
        starts_on=date(2025, 3, 31), until=date(2025, 3, 31), actor=INSPECTOR, at=T0,
    )  # fmt: skip
    inspections.complete(
        inspection.id, results=all_good(HOSE=CheckResult(code="HOSE", passed=False)),
        inspected_on=date(2025, 3, 31), actor=INSPECTOR, at=T0,
    )  # fmt: skip
    assert inspections.overdue(on=date(2025, 4, 30)) == []  # due on 30 April: not yet late
    assert [f.code for f in inspections.overdue(on=date(2025, 5, 1))] == ["HOSE"]
    with inspections.working_on(inspection.id) as r:
        with pytest.raises(InvalidTransition):
            r.verify_correction(1, accepted=True, note="", actor=INSPECTOR, at=T0)
        r.report_correction(
            1, corrected_on=date(2025, 4, 3), note="reel replaced", actor="fm", at=T0
        )
        r.verify_correction(1, accepted=False, note="still leaking", actor=INSPECTOR, at=T0)
        assert r.findings[0].state is FindingState.OPEN
        r.report_correction(1, corrected_on=date(2025, 4, 8), note="seal fixed", actor="fm", at=T0)
        r.verify_correction(1, accepted=True, note="ok", actor=INSPECTOR, at=T0)
    assert inspections.overdue(on=date(2025, 5, 1)) == []


def test_a_round_without_a_result_for_every_checkpoint_is_refused_and_unchanged() -> None:
    inspection = InspectionRound.schedule(
        inspection_id(), checklist=FIRE_CHECK, location=BLOCK_B, scheduled_on=date(2025, 3, 31),
        actor=INSPECTOR, at=T0,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="no result for checkpoint HOSE"):
        inspection.complete(
            results=all_good()[:2], inspected_on=date(2025, 3, 31),
            deadline=SeverityDeadlines.seed().deadline, actor=INSPECTOR, at=T0,
        )  # fmt: skip
    assert inspection.version == 1
    assert inspection.inspected_on is None


def test_rounds_replay_and_their_events_survive_the_codec() -> None:
    inspections = service()
    (inspection,) = inspections.schedule_rounds(
        FIRE_CHECK, recurrence=Recurrence.every(1, "years"), location=BLOCK_B,
        starts_on=date(2025, 3, 31), until=date(2025, 3, 31), actor=INSPECTOR, at=T0,
    )  # fmt: skip
    inspections.complete(
        inspection.id, results=all_good(HOSE=CheckResult(code="HOSE", passed=False)),
        inspected_on=date(2025, 3, 31), actor=INSPECTOR, at=T0,
    )  # fmt: skip
    with inspections.working_on(inspection.id) as r:
        r.report_correction(1, corrected_on=date(2025, 4, 3), note="replaced", actor="fm", at=T0)
        r.verify_correction(1, accepted=True, note="ok", actor=INSPECTOR, at=T0)
    events = inspections.collect_events()
    assert {e.name for e in events} == set(inspection_events.__all__)
    gc.collect()  # see tests/property/test_asset_laws.py
    codec = EventCodec.for_all_events()
    for event in events:
        assert codec.load(json.loads(json.dumps(codec.dump(event)))) == event
    restored = InspectionService.restore(events, desk=inspections.desk)
    assert restored.get(inspection.id) == inspection
    assert restored.schedule_rounds(
        FIRE_CHECK, recurrence=Recurrence.every(1, "years"), location=BLOCK_B,
        starts_on=date(2025, 3, 31), until=date(2025, 3, 31), actor=INSPECTOR, at=T0,
    ) == []  # fmt: skip


def test_deadlines_are_built_from_plain_data_naming_a_bad_field() -> None:
    assert SeverityDeadlines.from_dict({"critical": 0}).deadline(
        Severity.CRITICAL, date(2025, 1, 1)
    ) == date(2025, 1, 1)
    with pytest.raises(PolicyConfigurationError) as error:
        SeverityDeadlines.from_dict({"urgent": 1})
    assert error.value.field == "urgent"


def inspection_id() -> InspectionRoundId:
    return InspectionRoundId("INS-000001")


def test_photos_taken_at_a_failed_check_go_with_the_finding_and_the_round() -> None:
    inspections = service()
    (round_,) = inspections.schedule_rounds(
        FIRE_CHECK, recurrence=Recurrence.every(3, "months"), location=BLOCK_B,
        starts_on=date(2025, 3, 31), until=date(2025, 3, 31), actor=INSPECTOR, at=T0,
    )  # fmt: skip
    blocked = CheckResult(code="EXIT", passed=False, note="pallets", photos=["exit-b2.jpg"])
    (finding,) = inspections.complete(
        round_.id, results=all_good(EXIT=blocked), inspected_on=date(2025, 3, 31),
        actor=INSPECTOR, at=T0,
    )  # fmt: skip
    assert finding.detail == "failed: Emergency exits clear (pallets) [photos: exit-b2.jpg]"
    completed = next(
        e
        for e in inspections.collect_events()
        if isinstance(e, inspection_events.InspectionRoundCompleted)
    )
    assert completed.results[0].photos == ("exit-b2.jpg",)
    with pytest.raises(ValidationError, match="photos"):
        CheckResult(code="EXIT", passed=False, photos="exit-b2.jpg")


def test_a_restored_service_keeps_the_category_of_its_corrective_requests() -> None:
    desk = ServiceDesk(TieredSlaPolicy.seed(BusinessCalendar.always()))
    inspections = InspectionService(desk, category=Category.SECURITY)
    (_, pending) = inspections.schedule_rounds(
        FIRE_CHECK, recurrence=Recurrence.every(3, "months"), location=BLOCK_B,
        starts_on=date(2025, 3, 3), until=date(2025, 6, 30), actor=INSPECTOR, at=T0,
    )  # fmt: skip
    restored = InspectionService.restore(
        inspections.collect_events(), desk=desk, category="security"
    )
    (finding,) = restored.complete(
        pending.id, results=all_good(HOSE=CheckResult(code="HOSE", passed=False)),
        inspected_on=date(2025, 6, 3), actor=INSPECTOR, at=T0,
    )  # fmt: skip
    assert finding.request is not None
    assert desk.get(finding.request).details.category is Category.SECURITY
