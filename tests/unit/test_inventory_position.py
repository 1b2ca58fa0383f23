"""One item's lots at one location: draws, reservations, compaction and the bookkeeping check.

These examples pin down what the storeroom-level tests reach only by chance: the exact share of
a total-cost lot, free stock with requisitions, the dropping of used-up lots (after 256), and
that :meth:`StockPosition.check_invariants` really reports each kind of broken bookkeeping
(the state is corrupted on purpose, through the position's private fields).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from backoffice import ActorId, Money
from backoffice.domain.inventory import Item, LotNotFound, StockLedger
from backoffice.domain.inventory.open_lots import LOT_KEY, LOT_ORIGIN, LOT_REMAINING, LOT_VALUE
from backoffice.domain.inventory.position import StockPosition
from backoffice.domain.inventory.rows import Row
from backoffice.policies.removal import FirstExpiredFirstOut, FirstInFirstOut

T0 = datetime(2025, 3, 3, 9, tzinfo=UTC)
CLERK = ActorId("clerk")
PAPER = Item(sku="A4-80", name="A4 paper", unit="ream")
D = Decimal


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


def shelf(*lots: tuple[int, str], fefo: bool = False, expiring: int | None = None) -> StockLedger:
    """A ledger with lots ``(qty, unit cost)`` received one minute apart at MAIN.

    With ``expiring``, the lots expire on consecutive days starting ``expiring`` days after T0.
    """
    ledger = StockLedger(PAPER, "CNY", FirstExpiredFirstOut() if fefo else FirstInFirstOut())
    for n, (qty, unit) in enumerate(lots):
        ledger.receive(
            "MAIN",
            qty,
            unit_cost=cny(unit),
            at=T0 + timedelta(minutes=n),
            by=CLERK,
            expires_on=None if expiring is None else (T0 + timedelta(days=expiring + n)).date(),
        )
    return ledger


def main(ledger: StockLedger) -> StockPosition:
    return ledger.book.positions["MAIN"]


def origin(ledger: StockLedger, number: int) -> Row:
    return ledger.book.records[number - 1]


# -- costs of draws -------------------------------------------------------------------------------


def test_a_partial_draw_from_a_total_cost_lot_takes_its_proportional_share() -> None:
    ledger = StockLedger(PAPER, "CNY", FirstInFirstOut())
    ledger.receive("MAIN", 3, total_cost=cny("100.00"), at=T0, by=CLERK)

    _, cost = main(ledger).draw(D(2), None)

    assert cost == D("66.67")  # 100 x 2 / 3, to the fen
    assert main(ledger).value == D("33.33")


def test_a_partial_draw_from_one_lot_at_a_unit_cost_is_exact_beyond_the_fen() -> None:
    ledger = shelf((10, "0.3550"))
    position = main(ledger)
    lot = next(position.open_lots())

    draws, cost = position.draw_lot(lot, D(3))

    assert cost == D("1.0650")
    assert draws[0][1:] == (D(3), D("1.0650"))


# -- usable, drawable and free stock ------------------------------------------------------------


def test_usable_stock_without_a_day_counts_expired_lots_too() -> None:
    ledger = shelf((4, "1.00"), (6, "1.00"), fefo=True, expiring=0)
    position = main(ledger)
    later = (T0 + timedelta(days=1)).date()  # the first lot expired the day before

    assert position.usable(None) == D(10)
    assert position.usable(later) == D(6)
    assert position.drawable(later) == D(6)
    assert position.expired(later) == D(4)


def test_free_stock_leaves_out_other_requisitions_promises_but_not_ones_own() -> None:
    position = main(shelf((10, "1.00")))
    position.reserve("RQN-1", D(3))
    position.reserve("RQN-2", D(2))

    assert position.free(None) == D(5)
    assert position.free(None, "RQN-1") == D(8)
    assert position.free(None, "RQN-2") == D(7)
    assert position.free(None, "RQN-9") == D(5)


def test_releasing_nothing_for_a_requisition_without_promises_changes_nothing() -> None:
    position = main(shelf((10, "1.00")))
    position.reserve("RQN-1", D(3))

    position.release("RQN-9", D(0))
    position.release("RQN-1", D(3))

    assert position.reservations == {}
    assert position.reserved == D(0)


def test_a_lot_not_on_the_shelf_is_not_found() -> None:
    ledger = shelf((10, "1.00"))
    assert main(ledger).find_lot(1) is not None
    assert main(ledger).find_lot(99) is None


# -- taking a lot out exactly ------------------------------------------------------------------


def test_removing_more_than_a_lot_holds_is_refused() -> None:
    ledger = shelf((10, "1.00"), (5, "2.00"))

    with pytest.raises(LotNotFound) as missing:
        main(ledger).remove(origin(ledger, 1), D(11), D(11))

    assert (missing.value.sku, missing.value.lot) == ("A4-80", 1)
    assert str(missing.value.location) == "MAIN"
    assert main(ledger).on_hand == D(15)


def test_removing_a_lot_that_is_not_there_is_refused() -> None:
    ledger = shelf((10, "1.00"))
    ledger.receive("B1", 5, unit_cost=cny("2.00"), at=T0 + timedelta(hours=1), by=CLERK)

    with pytest.raises(LotNotFound) as missing:
        main(ledger).remove(origin(ledger, 2), D(1), D(2))  # a later lot, kept at B1

    assert missing.value.lot == 2


# -- the expiry index follows the draws ------------------------------------------------------------


def test_drawing_whole_lots_without_a_day_keeps_the_expiry_index_right() -> None:
    ledger = StockLedger(PAPER, "CNY", FirstInFirstOut())
    ledger.receive("MAIN", 2, unit_cost=cny("1.00"), at=T0, by=CLERK)
    ledger.receive("MAIN", 3, unit_cost=cny("1.00"), at=T0, by=CLERK, expires_on=date(2025, 4, 1))
    ledger.receive("MAIN", 4, unit_cost=cny("1.00"), at=T0, by=CLERK, expires_on=date(2025, 5, 1))
    position = main(ledger)

    position.draw(D(6), None)  # the lot without a date, then the April lot, then one of May's

    assert position.check_invariants() == []
    assert position.expired(date(2025, 6, 1)) == D(3)


def test_a_fefo_draw_skips_an_expired_lot_behind_one_already_used_up() -> None:
    ledger = shelf((2, "1.00"), (3, "2.00"), (4, "3.00"), fefo=True, expiring=0)
    position = main(ledger)
    position.draw(D(2), None)  # the first lot is used up: its record stays before the head
    today = (T0 + timedelta(days=2)).date()  # the second lot expired yesterday

    draws, cost = position.draw(D(2), today)

    assert [draw[0][1] for draw in draws] == [3]  # the third lot's number
    assert cost == D("6.00")
    assert position.on_hand == D(5)
    assert position.check_invariants() == []


def test_a_fefo_draw_takes_the_first_fresh_lot_after_an_expired_one() -> None:
    ledger = shelf((2, "1.00"), (3, "2.00"), (4, "3.00"), fefo=True, expiring=0)
    today = (T0 + timedelta(days=1)).date()  # the first lot expired yesterday

    draws, cost = main(ledger).draw(D(1), today)

    assert [draw[0][1] for draw in draws] == [2]
    assert cost == D("2.00")


def test_a_fefo_draw_of_a_whole_lot_leaves_the_next_ones_on_the_shelf() -> None:
    ledger = shelf((2, "1.00"), (3, "2.00"), (4, "3.00"), fefo=True, expiring=5)
    position = main(ledger)

    position.draw(D(2), T0.date())

    assert [lot[LOT_REMAINING] for lot in position.open_lots()] == [D(3), D(4)]
    assert position.check_invariants() == []


# -- compaction: used-up lots are dropped after 256 ----------------------------------------------


def test_used_up_lots_are_dropped_once_more_than_256_and_more_than_half() -> None:
    ledger = shelf(*[(1, "1.00")] * 600)
    position = main(ledger)

    position.draw(D(300), None)
    assert position.slots == 600  # 300 used up: exactly half, kept

    position.draw(D(1), None)
    assert position.slots == 299  # 301 used up: dropped
    assert position.lot_count == 299

    draws, _ = position.draw(D(2), None)
    assert [draw[0][1] for draw in draws] == [302, 303]  # still oldest first
    assert position.check_invariants() == []


def test_256_used_up_lots_are_kept() -> None:
    position = main(shelf(*[(1, "1.00")] * 500))

    position.draw(D(256), None)
    assert position.slots == 500

    position.draw(D(1), None)
    assert position.slots == 243


def test_used_up_lots_taken_one_by_one_are_dropped_the_same_way() -> None:
    ledger = shelf(*[(1, "1.00")] * 600, fefo=True, expiring=10)
    position = main(ledger)
    today = T0.date()

    position.draw(D(255), today)
    assert position.slots == 600
    position.draw(D(45), today)
    assert position.slots == 600  # 300 of 600: half, kept
    position.draw(D(1), today)
    assert position.slots == 299

    draws, _ = position.draw(D(1), today)
    assert draws[0][0][1] == 302
    assert position.check_invariants() == []


def test_256_used_up_lots_taken_one_by_one_are_kept() -> None:
    position = main(shelf(*[(1, "1.00")] * 500, fefo=True, expiring=10))

    position.draw(D(256), T0.date())
    assert position.slots == 500

    position.draw(D(1), T0.date())
    assert position.slots == 243


def test_a_shelf_emptied_lot_by_lot_is_cleared() -> None:
    ledger = shelf((1, "1.00"), (1, "1.00"), fefo=True, expiring=10)
    position = main(ledger)

    position.draw(D(2), T0.date())

    assert position.slots == 0
    ledger.receive("MAIN", 1, unit_cost=cny("1.00"), at=T0 + timedelta(hours=1), by=CLERK)
    assert position.lot_count == 1


# -- shortfalls: units issued beyond the stock -----------------------------------------------------


def test_covering_part_of_a_shortfall_and_taking_it_back_restores_it_whole() -> None:
    position = main(shelf((1, "1.00")))
    position.go_short(7, D(5), D(2))

    assert position.cover(D(2)) == (7, D(2), D(2))
    assert list(position.shortfalls()) == [(7, D(3), D(2))]
    position.uncover(7, D(2), D(2))

    assert list(position.shortfalls()) == [(7, D(5), D(2))]
    assert position.short == D(5)
    assert position.check_invariants() == []


def test_taking_back_the_cover_of_a_whole_shortfall_puts_it_first_again() -> None:
    position = main(shelf((1, "1.00")))
    position.go_short(7, D(2), D(2))
    position.go_short(8, D(3), D(2))

    position.cover(D(2))
    position.uncover(7, D(2), D(2))

    assert list(position.shortfalls()) == [(7, D(2), D(2)), (8, D(3), D(2))]


# -- the bookkeeping check reports every kind of broken state ------------------------------------


@pytest.fixture
def stocked() -> StockPosition:
    ledger = shelf((4, "1.00"), (6, "2.00"))
    position = ledger.book.positions["MAIN"]
    position.reserve("RQN-1", D(2))
    assert position.check_invariants() == []
    return position


def only_problem(position: StockPosition, words: str) -> None:
    (problem,) = position.check_invariants()
    assert problem.startswith("MAIN: ")
    assert words in problem


def test_the_check_reports_on_hand_that_is_not_its_lots(stocked: StockPosition) -> None:
    stocked.on_hand += 1
    only_problem(stocked, "on hand 11 is not its lots")


def test_the_check_reports_value_that_is_not_its_lots(stocked: StockPosition) -> None:
    stocked.value -= D("0.01")
    only_problem(stocked, "value 15.99 is not its lots")


def test_the_check_reports_shortfalls_that_do_not_add_up(stocked: StockPosition) -> None:
    stocked._shortfalls.append((7, D(1), D(0)))  # corrupted on purpose
    only_problem(stocked, "do not add up to 0")


def test_the_check_reports_an_empty_shortfall(stocked: StockPosition) -> None:
    stocked._shortfalls.append((7, D(0), D(0)))  # corrupted on purpose
    only_problem(stocked, "shortfalls")


def test_the_check_reports_an_empty_lot(stocked: StockPosition) -> None:
    lots = stocked._lots  # corrupted on purpose
    first = lots[0]
    lots.insert(0, (first[LOT_ORIGIN], (T0 - timedelta(days=1), 0), D(0), D(0), None))
    only_problem(stocked, "a lot is empty or negative")


def test_the_check_reports_a_lot_of_negative_value(stocked: StockPosition) -> None:
    lots = stocked._lots  # corrupted on purpose
    origin_, key, remaining, value, unit = lots[1]
    lots[1] = (origin_, key, remaining, value - D(20), unit)
    stocked.value -= D(20)
    only_problem(stocked, "a lot is empty or negative")


def test_the_check_reports_lots_out_of_removal_order(stocked: StockPosition) -> None:
    lots = stocked._lots  # corrupted on purpose
    origin_, _, remaining, value, unit = lots[1]
    lots[1] = (origin_, lots[0][LOT_KEY], remaining, value, unit)  # two lots, one key
    only_problem(stocked, "out of removal order")


def test_the_check_reports_an_expiry_index_that_does_not_match() -> None:
    position = main(shelf((4, "1.00"), fefo=True, expiring=3))
    position._expiring.clear()  # corrupted on purpose
    only_problem(position, "expiry index")


def test_the_check_reports_reservations_that_do_not_add_up(stocked: StockPosition) -> None:
    stocked.reservations["RQN-2"] = D(1)
    only_problem(stocked, "reserved 2 is not the sum of reservations")


def test_every_lot_value_counts_in_the_check(stocked: StockPosition) -> None:
    lots = stocked._lots  # corrupted on purpose
    origin_, key, remaining, value, unit = lots[0]
    lots[0] = (origin_, key, remaining, value + D(1), unit)
    only_problem(stocked, "value 16.00 is not its lots")
    assert stocked.value == sum(lot[LOT_VALUE] for lot in lots) - 1
