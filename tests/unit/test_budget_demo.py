"""The budget demo tells a budget year in business words, with exact figures."""

from __future__ import annotations

from backoffice.scenarios.budgets import run_budget_demo


def shown() -> list[str]:
    lines: list[str] = []
    run_budget_demo(lines.append)
    return lines


def test_the_demo_is_short_readable_and_deterministic() -> None:
    lines = shown()
    assert 25 <= len(lines) <= 45
    assert all(len(line) <= 100 for line in lines)
    assert lines == shown()


def test_the_budget_is_phased_by_month_to_the_cent() -> None:
    text = "\n".join(shown())
    assert "DEP-ADMIN/office-supplies: 36000.00 CNY, Jan 4320.00 CNY, Feb 2880.00 CNY" in text
    assert "DEP-ADMIN/repairs-and-maintenance: 120000.00 CNY, Jan 10000.00 CNY" in text


def test_the_requisition_climbs_the_chain_by_amount_and_the_requester_cannot_approve_it() -> None:
    text = "\n".join(shown())
    assert "68000.00 CNY: department-head -> logistics-manager -> finance" in text
    assert "li approving it: refused, SelfApprovalForbidden" in text
    assert "approved by wang, liu, zhao -> approved" in text


def test_commitment_then_actual_on_receipt_releases_the_difference() -> None:
    text = "\n".join(shown())
    assert "committed PO-101 (事中监控): within-budget, 120000.00 CNY left before it" in text
    assert "actual 66500.00 CNY, 1500.00 CNY released" in text


def test_the_stop_past_budget_plus_5_percent_gives_the_figures_and_the_override_is_recorded() -> (
    None
):
    text = "\n".join(shown())
    assert "PO-102 roof repair 62000.00 CNY: over-limit, refused with BudgetExceeded" in text
    # 120,000 x 1.05 = 126,000 limit; 66,500 spent: 53,500 left, 59,500 to the limit.
    assert "53500.00 CNY left, 59500.00 CNY to the limit (+5 %), 2500.00 CNY over" in text
    assert "override OV-1 by sun ('storm damage to the roof', 2500.00 CNY) recorded" in text
    assert "Transfer BT-1 (approved by zhao): 6000.00 CNY DEP-IT/office-supplies" in text


def test_the_year_report_and_the_kpi_show_the_overridden_line_over_5_percent() -> None:
    lines = shown()
    report = [line for line in lines if line.startswith("  DEP-") and line.endswith("%")]
    row = next(line for line in report if "repairs" in line)
    assert row.split() == [
        "DEP-ADMIN/repairs-and-maintenance",
        "120000.00",
        "62000.00",
        "66500.00",
        "-8500.00",
        "7.1",
        "%",
    ]
    supplies = next(line for line in report if "DEP-ADMIN/office" in line)
    assert supplies.split()[1] == "42000.00"  # 36,000 planned + 6,000 transferred in
    text = "\n".join(lines)
    assert "DEP-ADMIN                            0.0 %  met" in text
    assert "repairs-and-maintenance              7.1 %  NOT MET" in text


def test_three_small_orders_to_one_supplier_are_flagged_and_routed_as_one() -> None:
    text = "\n".join(shown())
    assert "PO-203 flagged: 3 orders by requester li, 5400.00 CNY >= 5000.00 CNY" in text
    assert "routed as if one order: department-head -> logistics-manager" in text
