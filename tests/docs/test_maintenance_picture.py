"""The year of occurrences pictured in docs/concepts/maintenance.md is the library's own output.

The page's text calendar, table and gantt chart are redrawn from the demo's lift service plan
(``backoffice.scenarios.assets.lift_service``) on the demo's office calendar and compared.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from backoffice.domain.maintenance import (
    MaintenancePlan,
    MaintenancePlanId,
    PlannedOccurrence,
    WorkingDayTable,
    gantt,
    year_calendar,
)
from backoffice.scenarios.assets import lift_service
from backoffice.scenarios.calendar import office_calendar
from backoffice.values import ActorId, AssetId

PAGE = Path(__file__).resolve().parents[2] / "docs" / "concepts" / "maintenance.md"
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture(scope="module")
def year() -> tuple[list[PlannedOccurrence], WorkingDayTable]:
    office = WorkingDayTable(office_calendar())
    plan = MaintenancePlan.adopt(
        MaintenancePlanId("MPL-000001"),
        spec=lift_service(AssetId("AST-000001")),
        actor=ActorId("fm-clerk"),
        at=datetime(2025, 1, 20, 9, tzinfo=UTC),
    )
    return plan.due_occurrences(date(2025, 12, 31), office), office


def _block(fence: str) -> str:
    found = re.findall(rf"^```{fence}\n(.*?)^```", PAGE.read_text(encoding="utf-8"), re.M | re.S)
    assert len(found) == 1, f"the page has one {fence} block"
    return str(found[0]).rstrip("\n")


def test_the_pictured_year_is_what_the_library_draws(
    year: tuple[list[PlannedOccurrence], WorkingDayTable],
) -> None:
    occurrences, office = year
    assert len(occurrences) == 12
    assert _block("text") == year_calendar(occurrences, 2025, office)


def test_the_gantt_chart_is_what_the_library_draws(
    year: tuple[list[PlannedOccurrence], WorkingDayTable],
) -> None:
    occurrences, _ = year
    drawn = gantt(
        occurrences, title="Lift monthly service 2025: raised (lead) to due", section="Lift 2"
    )
    assert _block("mermaid") == drawn


def test_the_table_lists_each_occurrence_s_nominal_due_and_raise_days(
    year: tuple[list[PlannedOccurrence], WorkingDayTable],
) -> None:
    occurrences, _ = year
    rows = [
        line.split("|")[1:5]
        for line in PAGE.read_text(encoding="utf-8").splitlines()
        if line.startswith("| MPL-")
    ]
    shown = [(key.strip(), *(ISO.findall(cell)[0] for cell in days)) for key, *days in rows]
    expected = [
        (o.key, o.nominal.isoformat(), o.due.isoformat(), o.raise_on.isoformat())
        for o in occurrences
    ]
    assert shown == expected
