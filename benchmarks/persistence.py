"""Benchmark: saving events to SQLite and restoring services from them, beside the raw floor.

Builds a workload of domain events, then times, each beside the plain ``sqlite3`` + ``json``
floor for the same payloads in the same run:

1. **append**: the events written to a :class:`~backoffice.adapters.sqlite.SqliteEventStore`
   in units of work of ``--unit`` streams (codec dump, ``json.dumps``, the concurrency check,
   one transaction per unit). The floor writes the same dumped payloads (already plain data)
   with ``json.dumps`` and ``executemany`` into a table of the same shape, in the same
   transactions.
2. **restore**: every event read back in order, decoded (``json.loads`` + codec load) and
   replayed into a fresh service. The floor reads the payload column and ``json.loads`` it.

Workloads:

* ``desk`` (the default): a service desk of ``--n`` requests (submitted and accepted on the
  seed tiers, as in ``benchmarks/sla.py``), restored with ``ServiceDesk.restore``;
* ``inventory``: ``--n`` stock movements over 100 items (with the catalogue's events),
  restored with ``Inventory.restore``.

    python benchmarks/persistence.py                    # desk of 100,000 requests
    python benchmarks/persistence.py --n 20000 --profile
    python benchmarks/persistence.py --workload inventory

Goal: append within 2x of its floor, restore within 3x.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import pstats
import random
import sqlite3
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import holidays

from backoffice import ActorId, DomainEvent, Money
from backoffice.adapters.sqlite import SCHEMA, SqliteEventStore
from backoffice.calendar import BusinessCalendar, WorkingHours
from backoffice.domain.inventory import Item
from backoffice.domain.requests import Category, Channel, RequestLocation
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.ports import StreamAppend
from backoffice.serialization import EventCodec
from backoffice.services.inventory import Inventory
from backoffice.services.requests import ServiceDesk
from timing import calibrate

SHANGHAI = ZoneInfo("Asia/Shanghai")
RECORDED = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)
DESCRIPTIONS = (
    ("Power cut on the 3rd floor", Category.REPAIR),
    ("Projector broken in meeting room 2", Category.IT),
    ("Large meeting on Friday needs 200 chairs", Category.VENUE),
    ("Please deliver 20 reams of A4 paper", Category.SUPPLIES),
    ("Book a car to the airport on Monday", Category.VEHICLE),
)


@attrs.frozen
class Workload:
    """Events grouped by stream, and how to rebuild the service from all of them in order."""

    name: str
    streams: dict[str, list[DomainEvent]]
    restore: Callable[[Iterable[DomainEvent]], object]

    @property
    def count(self) -> int:
        return sum(len(events) for events in self.streams.values())


def seed_policy() -> TieredSlaPolicy:
    office = BusinessCalendar(
        timezone="Asia/Shanghai",
        working_hours=WorkingHours.weekdays("09:00-12:00", "13:00-18:00"),
        holidays=holidays.country_holidays("CN", years=range(2024, 2028)),
    )
    return TieredSlaPolicy.seed(office)


def desk_workload(n: int, seed: int) -> Workload:
    rng = random.Random(seed)
    policy = seed_policy()
    desk = ServiceDesk(sla_policy=policy)
    origin = datetime(2025, 3, 3, 8, 0, tzinfo=SHANGHAI)
    requester, reviewer = ActorId("li.na"), ActorId("zhao.lei")
    site = RequestLocation("HQ", "Building A")
    streams: dict[str, list[DomainEvent]] = defaultdict(list)
    for when in sorted(origin + timedelta(minutes=rng.randrange(28 * 1440)) for _ in range(n)):
        text, category = DESCRIPTIONS[rng.randrange(len(DESCRIPTIONS))]
        request = desk.submit(
            channel=Channel.OA_SYSTEM,
            category=category,
            description=text,
            location=site,
            requester=requester,
            at=when,
        )
        desk.accept(request.id, actor=reviewer, at=when + timedelta(minutes=rng.randrange(5, 240)))
        for event in desk.collect_events():
            streams[f"request:{event.aggregate_id}"].append(event)

    def restore(events: Iterable[DomainEvent]) -> object:
        return ServiceDesk.restore(events, sla_policy=policy, calendars=policy.calendars)

    return Workload("desk", dict(streams), restore)


def inventory_workload(n: int, seed: int) -> Workload:
    rng = random.Random(seed)
    clerk = ActorId("clerk-wang")
    store = Inventory(currency="CNY")
    items = [Item(sku=f"SKU-{i:03d}", name=f"item {i}", unit="box") for i in range(100)]
    for item in items:
        store.add_item(item)
    on_hand = dict.fromkeys((item.sku for item in items), 0)
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    for index in range(n):
        sku = items[rng.randrange(len(items))].sku
        at = t0 + timedelta(seconds=index)
        if on_hand[sku] == 0 or rng.random() < 0.6:
            qty = rng.randint(1, 100)
            cost = Money(Decimal(rng.randint(100, 10_000)).scaleb(-2), "CNY")
            store.receive(sku, qty, unit_cost=cost, at=at, by=clerk)
            on_hand[sku] += qty
        else:
            qty = rng.randint(1, on_hand[sku])
            store.issue(sku, qty, at=at, by=clerk, to="finance")
            on_hand[sku] -= qty
    streams: dict[str, list[DomainEvent]] = defaultdict(list)
    for event in store.collect_events():
        streams[f"inventory/{event.aggregate_id}"].append(event)

    def restore(events: Iterable[DomainEvent]) -> object:
        return Inventory.restore(events, currency="CNY")

    return Workload("inventory", dict(streams), restore)


def units(workload: Workload, size: int) -> list[list[StreamAppend]]:
    """The streams in units of work of ``size`` streams (each stream new: expected 0)."""
    changes = [StreamAppend(stream, 0, events) for stream, events in workload.streams.items()]
    return [changes[i : i + size] for i in range(0, len(changes), size)]


def raw_rows(codec: EventCodec, unit: list[StreamAppend]) -> list[tuple[Any, ...]]:
    """The floor's input: the same payloads, already plain data (dumped outside the timing)."""
    rows = []
    for change in unit:
        for version, event in enumerate(change.events, start=1):
            data = codec.dump(event)
            rows.append((change.stream, version, data["type"], 1, data))
    return rows


def time_append(workload: Workload, work: list[list[StreamAppend]], folder: Path) -> float:
    path = folder / f"store-{time.perf_counter_ns()}.db"
    with SqliteEventStore.open(path, durable=False) as store:
        gc.collect()
        start = time.perf_counter()
        for unit in work:
            store.append(unit, recorded_at=RECORDED)
        seconds = time.perf_counter() - start
        assert store.position == workload.count
    return seconds


def time_append_floor(rows_by_unit: list[list[tuple[Any, ...]]], folder: Path) -> float:
    path = folder / f"floor-{time.perf_counter_ns()}.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(SCHEMA)
    insert = (
        "INSERT INTO events (stream, version, type, schema_version, payload, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?)"
    )
    at, dumps = RECORDED.isoformat(), json.dumps
    gc.collect()
    start = time.perf_counter()
    for rows in rows_by_unit:
        db.execute("BEGIN IMMEDIATE")
        db.executemany(
            insert,
            [
                (s, v, t, sv, dumps(d, ensure_ascii=False, separators=(",", ":")), at)
                for s, v, t, sv, d in rows
            ],
        )
        db.execute("COMMIT")
    seconds = time.perf_counter() - start
    db.close()
    return seconds


def time_restore(workload: Workload, path: Path) -> tuple[float, object]:
    with SqliteEventStore.open(path, durable=False) as store:
        gc.collect()
        start = time.perf_counter()
        restored = workload.restore(store.read_all_events())
        return time.perf_counter() - start, restored


def time_restore_floor(path: Path) -> float:
    db = sqlite3.connect(path)
    loads = json.loads
    gc.collect()
    start = time.perf_counter()
    cursor = db.execute("SELECT payload FROM events ORDER BY position")
    decoded = [loads(payload) for (payload,) in cursor]
    seconds = time.perf_counter() - start
    assert decoded
    db.close()
    return seconds


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:>11,.0f} events/s ({seconds * 1e6 / n:6.2f} us each, {seconds:6.2f} s)"


def profile(label: str, run: Callable[[], object]) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
    print(f"--- profile: {label} (by own time) ---")
    print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", choices=["desk", "inventory"], default="desk")
    parser.add_argument("--n", type=int, default=100_000, help="requests, or stock movements")
    parser.add_argument("--unit", type=int, default=100, help="streams per unit of work")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="cProfile append and restore")
    args = parser.parse_args()

    print(f"calibration: sum(range(1000)) takes {calibrate():.1f} us")
    build = desk_workload if args.workload == "desk" else inventory_workload
    workload = build(args.n, args.seed)
    work = units(workload, args.unit)
    codec = EventCodec.for_all_events()
    floor_rows = [raw_rows(codec, unit) for unit in work]
    print(
        f"workload {workload.name}: {args.n:,} -> {workload.count:,} events in "
        f"{len(workload.streams):,} streams, units of work of {args.unit} streams"
    )
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        # Each repeat times backoffice and then the floor, so both see the same machine load.
        appends = [
            (time_append(workload, work, folder), time_append_floor(floor_rows, folder))
            for _ in range(args.repeats)
        ]
        ours, floor = min(a for a, _ in appends), min(f for _, f in appends)
        print(f"append   backoffice {rate(workload.count, ours)}")
        print(f"         floor      {rate(workload.count, floor)}  ratio {ours / floor:.2f}x")

        saved = folder / "saved.db"
        with SqliteEventStore.open(saved, durable=False) as store:
            for unit in work:
                store.append(unit, recorded_at=RECORDED)
        restores = [
            (time_restore(workload, saved)[0], time_restore_floor(saved))
            for _ in range(args.repeats)
        ]
        ours, floor = min(r for r, _ in restores), min(f for _, f in restores)
        print(f"restore  backoffice {rate(workload.count, ours)}")
        print(f"         floor      {rate(workload.count, floor)}  ratio {ours / floor:.2f}x")

        if args.profile:
            profile("append", lambda: time_append(workload, work, folder))
            profile("restore", lambda: time_restore(workload, saved))


if __name__ == "__main__":
    main()
