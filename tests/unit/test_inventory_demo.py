"""The storeroom demo tells a month of stock in business words, with exact figures."""

from __future__ import annotations

from backoffice.scenarios.inventory import run_inventory_demo


def shown() -> list[str]:
    lines: list[str] = []
    run_inventory_demo(lines.append)
    return lines


def test_the_demo_is_short_readable_and_deterministic() -> None:
    lines = shown()
    assert 25 <= len(lines) <= 40
    assert all(len(line) <= 100 for line in lines)
    assert lines == shown()


def test_the_fifo_issue_to_finance_shows_its_draws_and_exact_cost() -> None:
    text = "\n".join(shown())
    assert "lot #1  03-03  100 ream at 21.50 CNY" in text
    assert "lot #2  03-05  50 ream at 22.00 CNY" in text
    assert "draws lot #1 100 x 21.50 + lot #2 20 x 22.00" in text
    assert "cost  2590.00 CNY (exact)" in text


def test_masks_leave_first_expired_first_out_and_the_expiring_lot_is_listed() -> None:
    text = "\n".join(shown())
    assert "lot #2 8 x 40.00 + lot #3 4 x 38.00 = 472.00 CNY" in text
    assert "expiring within 90 days: lot #3, 6 box left, 2025-05-15" in text


def test_the_requisition_is_approved_reserved_and_partly_fulfilled() -> None:
    text = "\n".join(shown())
    assert "estimated 220.00 CNY -> approved" in text
    assert "reserved 10 ream, available 20 ream" in text
    assert "handed out 4 ream (88.00 CNY) -> partially fulfilled" in text


def test_the_backdated_receipt_reports_its_correction_and_the_stocktake_its_variance() -> None:
    text = "\n".join(shown())
    assert "correction: issue #3 2590.00 CNY -> 2550.00 CNY (-40.00 CNY)" in text
    assert "book 46 ream, counted 44 ream, variance -2 ream (44.00 CNY)" in text


def test_reorder_and_conservation_close_the_month() -> None:
    text = "\n".join(shown())
    assert "A4-80: 38 ream available vs reorder point 40 ream -> order 50 ream" in text
    assert "Value on hand: 1646.00 CNY (A4-80 968.00 CNY, masks 678.00 CNY)" in text
    assert "received 4800.00 CNY == issued 3110.00 CNY" in text
    assert "+ written off or short 44.00 CNY + on hand 1646.00 CNY" in text
    assert "balanced to the fen" in text
