"""Benchmark: stock movements through the public API, open-lot count, backdated corrections.

Three measurements, all through :class:`backoffice.services.inventory.Inventory`:

1. **Stream**: N movements on one item (default 1,000,000), about 60 % receipts of random
   quantity and unit cost and 40 % issues that never drive stock negative, each through
   ``Inventory.receive`` / ``Inventory.issue``, with its event. Two ways:

   * the headline: events collected every 1,000 movements and handed on, as an embedding
     system that stores them per unit of work does (every event is built; the benchmark keeps
     their count);
   * recording all N first, then building all N events at once with one
     ``collect_events()``, kept alive together: the same work, but a million events alive at
     once make CPython's garbage collector walk them again and again. Each figure shows the
     share of its time spent in the garbage collector.

2. **Open lots**: the same issue pattern (each issue empties exactly the oldest lot) on a
   ledger holding 1,000 open lots and on one holding ~100,000: issues per second should not
   depend on how many lots are open.
3. **Backdating**: on a ledger of interleaved receipts and issues, a receipt dated before the
   last k movements (k = 10, 100, 1,000, 10,000) re-values exactly those k; the time per
   re-valued movement should stay flat (O(k), not O(ledger)).

Inputs are built before timing and frozen out of the garbage collector's sight (``gc.freeze``):
they are the benchmark's scaffolding, not the ledger's data. The ledger's own objects and the
events are collected as usual. A calibration loop shows how fast this machine runs plain Python;
the stream is timed best of ``--repeats`` runs.

    python benchmarks/inventory.py             # the full run (a few minutes)
    python benchmarks/inventory.py --n 100000  # quicker
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from backoffice import ActorId, Money
from backoffice.domain.inventory import Item
from backoffice.services.inventory import Inventory
from timing import calibrate

T0 = datetime(2025, 1, 1, tzinfo=UTC)
CLERK = ActorId("clerk-wang")
SKU = "A4-80"


def new_store() -> Inventory:
    store = Inventory(currency="CNY")
    store.add_item(Item(sku=SKU, name="A4 paper 80 g", unit="ream"))
    store.collect_events()  # the catalogue's StockItemAdded: not a movement
    return store


Step = tuple[bool, Decimal, Money | None, datetime]


def stream_inputs(n: int, seed: int) -> list[Step]:
    rng = random.Random(seed)
    steps: list[Step] = []
    on_hand = 0
    for index in range(n):
        at = T0 + timedelta(seconds=index)
        if on_hand == 0 or rng.random() < 0.6:
            qty = rng.randint(1, 100)
            cost = Money(Decimal(rng.randint(100, 10_000)).scaleb(-2), "CNY")
            steps.append((True, Decimal(qty), cost, at))
            on_hand += qty
        else:
            qty = rng.randint(1, min(on_hand, 150))
            steps.append((False, Decimal(qty), None, at))
            on_hand -= qty
    return steps


class GcClock:
    """Time spent in CPython's garbage collector while the clock is installed."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.full = 0
        self._started = 0.0

    def __enter__(self) -> GcClock:
        gc.callbacks.append(self._track)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self._track)

    def _track(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started
            self.full += info["generation"] == 2


@dataclass
class Timing:
    seconds: float
    gc_seconds: float

    def __add__(self, other: Timing) -> Timing:
        return Timing(self.seconds + other.seconds, self.gc_seconds + other.gc_seconds)

    def line(self, label: str, count: int, unit: str) -> str:
        rate = f"{count / self.seconds:>10,.0f} {unit}/s"
        share = self.gc_seconds / self.seconds
        each = f"{self.seconds * 1e6 / count:.2f} us each, garbage collector {share:.0%}"
        return f"  {label:<40}{rate:<24}({each})"


def run_collecting_every(steps: list[Step], every: int) -> Timing:
    """Every movement through the API, its events collected every ``every`` movements."""
    chunks = [steps[start : start + every] for start in range(0, len(steps), every)]
    store = new_store()
    receive, issue, collect = store.receive, store.issue, store.collect_events
    handed_on = 0
    gc.collect()
    gc.freeze()
    with GcClock() as clock:
        start = time.perf_counter()
        for chunk in chunks:
            for is_receipt, qty, cost, at in chunk:
                if is_receipt:
                    receive(SKU, qty, unit_cost=cost, at=at, by=CLERK)
                else:
                    issue(SKU, qty, at=at, by=CLERK, to="finance")
            handed_on += len(collect())
        seconds = time.perf_counter() - start
    gc.unfreeze()
    assert handed_on == len(steps), "an event per movement"
    return Timing(seconds, clock.seconds)


def run_collecting_at_end(steps: list[Step]) -> tuple[Timing, Timing, Inventory]:
    """Every movement through the API, then all their events built at once."""
    store = new_store()
    receive, issue = store.receive, store.issue
    gc.collect()
    gc.freeze()
    with GcClock() as recording_clock:
        start = time.perf_counter()
        for is_receipt, qty, cost, at in steps:
            if is_receipt:
                receive(SKU, qty, unit_cost=cost, at=at, by=CLERK)
            else:
                issue(SKU, qty, at=at, by=CLERK, to="finance")
        recording = time.perf_counter() - start
    with GcClock() as building_clock:
        start = time.perf_counter()
        events = store.collect_events()
        building = time.perf_counter() - start
    assert len(events) == len(steps), "an event per movement"
    del events
    gc.unfreeze()
    return (
        Timing(recording, recording_clock.seconds),
        Timing(building, building_clock.seconds),
        store,
    )


def bench_stream(n: int, seed: int, every: int, repeats: int) -> None:
    steps = stream_inputs(n, seed)
    receipts = sum(1 for step in steps if step[0])
    print(
        f"stream: {n:,} movements ({receipts / n:.0%} receipts) through Inventory.receive / "
        f"Inventory.issue, best of {repeats}"
    )
    batched = min((run_collecting_every(steps, every) for _ in range(repeats)), key=_seconds)
    print(batched.line(f"with events, collected every {every:,}", n, "movements"))
    runs = []
    for _ in range(repeats):
        recording, building, store = run_collecting_at_end(steps)
        runs.append((recording, building))
    recording, building = min(runs, key=lambda run: (run[0] + run[1]).seconds)
    print(recording.line("recording, events left pending", n, "movements"))
    print(building.line(f"then building all {n:,} events at once", n, "events"))
    print((recording + building).line("recording + events built at once", n, "movements"))
    ledger = store.ledger(SKU)
    print(f"  open lots at the end: {len(ledger.lots()):,}; value on hand {ledger.value()}")
    assert ledger.check_invariants() == [], "bookkeeping problem"


def _seconds(timing: Timing) -> float:
    return timing.seconds


def ledger_with_open_lots(lots: int) -> Inventory:
    store = new_store()
    cost = Money("21.50", "CNY")
    for index in range(lots):
        store.receive(SKU, 10, unit_cost=cost, at=T0 + timedelta(seconds=index), by=CLERK)
    return store


def bench_open_lots(many: int, issues: int) -> None:
    print(f"open lots: {issues:,} issues, each emptying the oldest lot of 10 reams")
    rates = {}
    for lots in (1_000 + issues, many + issues):
        store = ledger_with_open_lots(lots)
        issue = store.issue
        ats = [T0 + timedelta(days=30, seconds=k) for k in range(issues)]
        ten = Decimal(10)
        gc.collect()
        gc.freeze()
        start = time.perf_counter()
        for at in ats:
            issue(SKU, ten, at=at, by=CLERK)
        seconds = time.perf_counter() - start
        gc.unfreeze()
        rates[lots - issues] = issues / seconds
        print(f"  ~{lots - issues:>7,} open lots   {issues / seconds:>12,.0f} issues/s")
    low, high = rates.values()
    print(f"  ratio (many / few): {high / low:.2f}")


def backdating_ledger(movements: int) -> Inventory:
    """Receipts and issues of 10 alternating, one a minute, each lot at its own cost: a lot
    dated earlier is drawn first by every later issue, so each of them is re-valued."""
    store = new_store()
    for index in range(movements):
        at = T0 + timedelta(minutes=index)
        if index % 2 == 0:
            cost = Money(Decimal(2000 + index % 97).scaleb(-2), "CNY")
            store.receive(SKU, 10, unit_cost=cost, at=at, by=CLERK)
        else:
            store.issue(SKU, 10, at=at, by=CLERK, to="finance")
    return store


def bench_backdating(movements: int, ks: list[int]) -> None:
    print(f"backdating: one receipt dated before the last k of {movements:,} movements")
    cheap = Money("1.00", "CNY")
    for k in ks:
        timings = []
        corrections = 0
        for _ in range(3):
            store = backdating_ledger(movements)
            store.collect_events()
            target = store.movements(SKU)[-k].at - timedelta(seconds=30)
            start = time.perf_counter()
            store.receive(SKU, 50, unit_cost=cheap, at=target, by=CLERK, recorded_at=T0)
            timings.append(time.perf_counter() - start)
            corrections = sum(1 for e in store.collect_events() if e.name == "StockCostCorrected")
        seconds = min(timings)
        print(
            f"  k = {k:>6,}   {seconds * 1e3:>9.2f} ms   {seconds * 1e6 / k:>7.2f} us per "
            f"re-valued movement   ({corrections:,} cost corrections)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="movements in the stream")
    parser.add_argument("--lots", type=int, default=100_000, help="open lots, large case")
    parser.add_argument("--issues", type=int, default=20_000, help="issues timed per case")
    parser.add_argument("--ledger", type=int, default=40_000, help="movements when backdating")
    parser.add_argument("--every", type=int, default=1_000, help="movements per collect_events")
    parser.add_argument("--repeats", type=int, default=3, help="stream runs (best is shown)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    ks = [k for k in (10, 100, 1_000, 10_000) if k < args.ledger]

    print(
        f"calibration: sum(range(1000)) takes {calibrate():.1f} us on this machine "
        "(about 8 us on a recent desktop CPU)"
    )
    bench_stream(args.n, args.seed, args.every, args.repeats)
    bench_open_lots(args.lots, args.issues)
    bench_backdating(args.ledger, ks)


if __name__ == "__main__":
    main()
