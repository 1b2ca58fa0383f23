"""The assets section of the demo shows the figures worked out in docs/concepts/assets.md."""

from __future__ import annotations

from backoffice.scenarios.assets import run_assets_demo


def test_the_assets_demo_shows_depreciation_holiday_shifts_and_an_overdue_finding() -> None:
    lines: list[str] = []
    run_assets_demo(lines.append)
    shown = "\n".join(lines)
    assert "1041.94 CNY (17/31 of a month), then 1900.00 CNY a month" in shown
    assert "gain 8341.94 CNY" in shown
    assert "MPL-000001#9: 2025-10-01 -> due 2025-10-09, raised 2025-09-29" in shown
    assert "planner run again: 0 new occurrences" in shown
    assert "Oct      n_______D.._" in shown  # National Day week, due on the 9th
    assert "overdue on 2025-04-10: ['INS-000001 #1']" in shown
    assert "under warranty until 2026-01-31: True, route to SUP-LIFTCO" in shown
    assert "assigned to supplier SUP-LIFTCO" in shown
