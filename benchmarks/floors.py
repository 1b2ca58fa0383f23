"""Benchmark: what plain CPython can do at best on this machine, for comparison.

The targets of ``benchmarks/inventory.py`` (300,000 movements/s) and ``benchmarks/sla.py``
(50,000 requests/s) are measured through backoffice's public API: checked inputs, typed values,
an event object per state change. This script times the least any Python code could do for the
same work, with none of that, so the two figures can be read side by side:

1. **FIFO ledger floor**: the same stream as ``benchmarks/inventory.py`` (1,000,000 movements, 60 %
   receipts, 40 % issues) through one inline loop over a ``deque`` of lots with exact
   ``Decimal`` costing: no function call per movement, no validation, no value objects; once
   with no event at all, once with a minimal slotted event object per movement. The inputs are
   frozen out of the garbage collector's sight first, as ``benchmarks/inventory.py`` does.
2. **SLA sweep floor**: 100,000 requests alive (4 tracked objects each, as a backoffice request
   holds), and the 565,042 alert events of ``benchmarks/sla.py``'s sweep built inline as minimal
   slotted objects and kept, under the default garbage collector, with no clock arithmetic, no
   heap and no checks.

    python benchmarks/floors.py
"""

from __future__ import annotations

import argparse
import gc
import time
from collections import deque
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from inventory import stream_inputs
from timing import calibrate

CENTS = Decimal("0.01")

Step = tuple[bool, Decimal, Decimal | None, datetime]


def stream(n: int, seed: int) -> list[Step]:
    """The movement mix of ``benchmarks/inventory.py``, with unit costs as plain ``Decimal``."""
    return [
        (is_receipt, qty, None if cost is None else cost.amount, at)
        for is_receipt, qty, cost, at in stream_inputs(n, seed)
    ]


class MovementEvent:
    """The least an event object can be: slots, no checks, no value types."""

    __slots__ = ("actor", "at", "cost", "draws", "number", "quantity", "sku", "version")
    actor: str
    at: datetime
    cost: object
    draws: object
    number: int
    quantity: Decimal
    sku: str
    version: int


def fifo_floor(steps: list[Step], *, with_events: bool) -> float:
    """Seconds for the whole stream through one inline FIFO loop."""
    lots: deque[list[Decimal]] = deque()
    rows: list[tuple[object, ...]] = []
    events: list[MovementEvent] = []
    on_hand = value = Decimal(0)
    new = object.__new__
    gc.collect()
    gc.freeze()  # the inputs are scaffolding, as in benchmarks/inventory.py
    start = time.perf_counter()
    for number, (is_receipt, qty, unit, at) in enumerate(steps, 1):
        if is_receipt:
            assert unit is not None
            amount = (qty * unit).quantize(CENTS)
            lots.append([Decimal(number), qty, amount, unit])
            on_hand += qty
            value += amount
            row: tuple[object, ...] = (number, at, qty, amount, None)
        else:
            need, cost, draws = qty, Decimal(0), []
            while need:
                lot = lots[0]
                take = min(need, lot[1])
                if take == lot[1]:
                    taken = lot[2]
                    lots.popleft()
                else:
                    taken = (take * lot[3]).quantize(CENTS)
                    lot[1] -= take
                    lot[2] -= taken
                need -= take
                cost += taken
                draws.append((lot[0], take, taken))
            on_hand -= qty
            value -= cost
            row = (number, at, qty, cost, tuple(draws))
        rows.append(row)
        if with_events:
            event = new(MovementEvent)
            event.sku, event.version, event.actor, event.at = "A4-80", number, "clerk", at
            event.number, event.quantity, event.cost, event.draws = number, qty, row[3], row[4]
            events.append(event)
            if len(events) == 1000:  # handed on every 1,000, as the inventory benchmark does
                events = []
    seconds = time.perf_counter() - start
    gc.unfreeze()
    return seconds


class Holder:
    __slots__ = ("a", "b", "c")
    a: None
    b: None
    c: None

    def __init__(self) -> None:
        self.a = self.b = self.c = None


class AlertEvent:
    __slots__ = (
        "actor", "aggregate_id", "due_at", "elapsed", "level", "metric", "occurred_at",
        "target", "threshold", "version",
    )  # fmt: skip
    actor: str
    aggregate_id: int
    due_at: datetime
    elapsed: timedelta
    level: int
    metric: str
    occurred_at: datetime
    target: timedelta
    threshold: None
    version: int


def sweep_floor(requests: int, alerts: int) -> float:
    """Seconds to build and keep ``alerts`` alert events over ``requests`` live requests."""
    alive = [[Holder(), Holder(), Holder()] for _ in range(requests)]  # 4 tracked objects each
    at, hour = datetime(2025, 4, 2, tzinfo=UTC), timedelta(hours=1)
    per_request, extra = divmod(alerts, requests)
    new = object.__new__
    kept: list[AlertEvent] = []
    start = time.perf_counter()
    for index in range(requests):
        for level in range(per_request + (index < extra)):
            event = new(AlertEvent)
            event.aggregate_id, event.version, event.actor, event.occurred_at = (
                index,
                level,
                "m",
                at,
            )
            event.metric, event.level, event.threshold = "resolution", level, None
            event.due_at, event.elapsed, event.target = at, hour, hour
            kept.append(event)
    seconds = time.perf_counter() - start
    del alive
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="movements in the stream")
    parser.add_argument("--requests", type=int, default=100_000, help="live requests")
    parser.add_argument("--alerts", type=int, default=565_042, help="alert events in the sweep")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    print(f"calibration: sum(range(1000)) takes {calibrate():.1f} us on this machine")
    steps = stream(args.n, args.seed)
    print(f"FIFO ledger floor, {args.n:,} movements in one inline loop (target 300,000/s):")
    for with_events in (False, True):
        seconds = fifo_floor(steps, with_events=with_events)
        label = "with a minimal event each" if with_events else "no events"
        print(
            f"  {label:<28}{args.n / seconds:>12,.0f} movements/s  "
            f"({seconds / args.n * 1e6:.2f} us)"
        )
    seconds = sweep_floor(args.requests, args.alerts)
    print(
        f"SLA sweep floor, {args.alerts:,} minimal alert events over {args.requests:,} live "
        f"requests (target 50,000/s):\n  {args.requests / seconds:>40,.0f} requests/s  "
        f"({seconds / args.requests * 1e6:.2f} us per request, "
        f"{seconds / args.alerts * 1e6:.2f} us per event)"
    )


if __name__ == "__main__":
    main()
