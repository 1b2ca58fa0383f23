"""The service-request demo: a week of requests on the seed tiers, with fixed instants."""

from __future__ import annotations

import pytest

from backoffice.scenarios.requests import run_request_demo


@pytest.fixture(scope="module")
def lines() -> list[str]:
    shown: list[str] = []
    run_request_demo(shown.append)
    return shown


def line_with(lines: list[str], *parts: str) -> str:
    found = [line for line in lines if all(part in line for part in parts)]
    assert len(found) == 1, (parts, found)
    return found[0]


def test_the_demo_is_short_and_the_same_on_every_run(lines: list[str]) -> None:
    assert 30 <= len(lines) <= 60
    again: list[str] = []
    run_request_demo(again.append)
    assert again == lines


def test_it_opens_with_the_seed_table(lines: list[str]) -> None:
    assert "  urgent (紧急级): respond 2 h / resolve 4 h" in lines
    assert "  important (重要级): respond 24 h / resolve 48 h" in lines
    assert "  routine (常规级): respond 3 working days / resolve 5 working days" in lines
    assert "  every request: review 1 working day" in lines


def test_each_tier_gets_the_seed_deadlines(lines: list[str]) -> None:
    line_with(lines, "REQ-000001", "accepted routine",
              "respond by Mon 06-16 18:00", "resolve by Wed 06-18 18:00")  # fmt: skip
    line_with(lines, "REQ-000002", "accepted important",
              "respond by Fri 06-13 10:00", "resolve by Sat 06-14 10:00")  # fmt: skip
    line_with(lines, "REQ-000003", "accepted urgent",
              "respond by Thu 06-12 16:05", "resolve by Thu 06-12 18:05")  # fmt: skip


def test_the_flood_is_triaged_urgent_and_owes_an_incident_report_within_24_hours(
    lines: list[str],
) -> None:
    line_with(lines, "triage proposes urgent", "'rainstorm'")
    line_with(lines, "emergency rule: incident report within 24 h after closure")
    line_with(lines, "REQ-000003", "closed; incident report due Fri 06-13 19:00")


def test_the_weekend_pause_counts_on_the_office_calendar(lines: list[str]) -> None:
    line_with(lines, "Mon 06-16 10:00  REQ-000001", "21 h 30 min of 46 h 30 min used",
              "resolve by Thu 06-19 11:00")  # fmt: skip
    line_with(lines, "the pause counts 2 h on the office calendar, not 65 h")


def test_sweeps_record_warnings_and_the_breach_of_the_late_repair(lines: list[str]) -> None:
    line_with(lines, "Fri 06-13 10:00  REQ-000002", "warning: resolution 50 % used")
    line_with(lines, "Tue 06-17 09:00  REQ-000002", "warning: resolution 75 % used")
    line_with(lines, "Tue 06-17 09:00  REQ-000002", "BREACH: resolution was due Tue 06-17 08:00")
    assert not any("BREACH" in line and "REQ-000001" in line for line in lines)


def test_the_verdicts_are_met_except_the_late_repair(lines: list[str]) -> None:
    verdicts = lines[lines.index("Verdicts (working time used of the target, each on its own "
                                 "calendar):"):]  # fmt: skip
    assert "  REQ-000001 routine, rated 4/5" in verdicts
    assert "  REQ-000002 important, rated 3/5" in verdicts
    assert "  REQ-000003 urgent, rated 5/5" in verdicts
    states = [line.split()[:2] for line in verdicts if line.startswith("    ")]
    assert states == [
        ["review", "met"], ["response", "met"], ["resolution", "met"],
        ["review", "met"], ["response", "met"], ["resolution", "breached"],
        ["review", "met"], ["response", "met"], ["resolution", "met"], ["incident_report", "met"],
    ]  # fmt: skip
    line_with(verdicts, "resolution", "breached", "50 h of 48 h", "due Tue 06-17 08:00")
    line_with(verdicts, "resolution", "met", "3 h 45 min of 4 h", "due Thu 06-12 18:05")
