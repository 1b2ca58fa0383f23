"""Benchmark: accepting service requests (computing their SLA targets) and sweeping for alerts.

Raises N requests over March 2025 on the seed tiers (Asia/Shanghai office calendar, 09:00-12:00
and 13:00-18:00 on weekdays, China's holidays; urgent and important targets round the clock),
through :class:`backoffice.services.ServiceDesk`, and times:

1. submitting them (review target on the office calendar);
2. accepting them: triage proposes a tier from the description, the seed policy gives the
   targets, the request starts its response and resolution clocks and computes its deadlines
   and next alert instants; the desk files it for SLA watching;
3. a sweep at a later instant at which most requests have warnings or breaches to record;
4. a sweep right after it, when nothing is due (the cost of watching).

    python benchmarks/sla.py               # 100,000 requests
    python benchmarks/sla.py --n 20000     # quicker
    python benchmarks/sla.py --freeze-gc   # see below

With ``--freeze-gc`` the objects alive before each timed step (the desk and its requests) are
moved out of the garbage collector's sight with :func:`gc.freeze`, as a long-running service
would do after loading its open requests. Without it, CPython's full collections traverse every
live request several times per step, which at 100,000 requests is a large share of the time.
After each step the benchmark prints, untimed, the objects the collector tracks per request
(everything alive, the pending events included) and the full collections the step ran: the
fewer new tracked objects a step leaves behind, the fewer full collections it triggers.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

from backoffice.calendar import BusinessCalendar, WorkingHours
from backoffice.domain.requests import Category, Channel, RequestLocation, due_sla_alerts
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.services.requests import ServiceDesk
from backoffice.values import ActorId, RequestId

SHANGHAI = ZoneInfo("Asia/Shanghai")
DESCRIPTIONS = (
    ("Power cut on the 3rd floor", Category.REPAIR),
    ("Water leak above the server room", Category.REPAIR),
    ("Projector broken in meeting room 2", Category.IT),
    ("Large meeting on Friday needs 200 chairs", Category.VENUE),
    ("Air conditioning not working in office 512", Category.REPAIR),
    ("Please deliver 20 reams of A4 paper", Category.SUPPLIES),
    ("Daily cleaning missed in the east wing", Category.CLEANING),
    ("Book a car to the airport on Monday", Category.VEHICLE),
    ("New badge for a visitor", Category.SECURITY),
    ("Lunch for the training on Thursday", Category.CATERING),
)


def build_desk() -> ServiceDesk:
    office = BusinessCalendar(
        timezone="Asia/Shanghai",
        working_hours=WorkingHours.weekdays("09:00-12:00", "13:00-18:00"),
        holidays=holidays.country_holidays("CN", years=range(2024, 2028)),
    )
    return ServiceDesk(sla_policy=TieredSlaPolicy.seed(office))


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:>12,.0f} /s  ({seconds * 1e6 / n:6.2f} us each, {seconds:6.2f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="number of requests")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--freeze-gc", action="store_true", help="gc.freeze() before each step")
    args = parser.parse_args()

    def settle() -> None:
        if args.freeze_gc:
            gc.collect()
            gc.freeze()

    def tracked(before: dict[str, int]) -> str:
        """Untimed: tracked objects per request now, and full collections since ``before``."""
        now = census()
        full = now["full"] - before["full"]
        per_request = (now["objects"] - before["objects"]) / args.n
        return f"  [{per_request:.2f} tracked objects per request, {full} full collections]"

    def census() -> dict[str, int]:
        # Frozen objects are tracked too, but gc.get_objects() leaves them out.
        objects = len(gc.get_objects()) + gc.get_freeze_count()
        return {"objects": objects, "full": gc.get_stats()[2]["collections"]}

    rng = random.Random(args.seed)
    desk = build_desk()
    origin = datetime(2025, 3, 3, 8, 0, tzinfo=SHANGHAI)
    span = 28 * 24 * 60
    raised = sorted(origin + timedelta(minutes=rng.randrange(span)) for _ in range(args.n))
    picks = [DESCRIPTIONS[rng.randrange(len(DESCRIPTIONS))] for _ in range(args.n)]
    requester, reviewer = ActorId("li.na"), ActorId("zhao.lei")
    site = RequestLocation("HQ", "Building A")
    print(f"{args.n:,} requests over March 2025, seed tiers, office calendar with China holidays")
    print("garbage collector: " + ("frozen before each step" if args.freeze_gc else "default"))

    empty = census()
    settle()
    before = census() | {"objects": empty["objects"]}
    start = time.perf_counter()
    ids: list[RequestId] = []
    for when, (text, category) in zip(raised, picks, strict=True):
        request = desk.submit(
            channel=Channel.OA_SYSTEM,
            category=category,
            description=text,
            location=site,
            requester=requester,
            at=when,
        )
        ids.append(request.id)
    submitted = time.perf_counter() - start
    print(f"submit (review clock)          {rate(args.n, submitted)}{tracked(before)}")

    delays = [timedelta(minutes=rng.randrange(5, 240)) for _ in range(args.n)]
    settle()
    before = census() | {"objects": empty["objects"]}
    start = time.perf_counter()
    for request_id, when, delay in zip(ids, raised, delays, strict=True):
        desk.accept(request_id, actor=reviewer, at=when + delay)
    accepted = time.perf_counter() - start
    print(f"accept (triage + all targets)  {rate(args.n, accepted)}{tracked(before)}")
    desk.collect_events()

    later = origin + timedelta(days=30)
    settle()
    before = census() | {"objects": empty["objects"]}
    start = time.perf_counter()
    alerts = desk.sweep(at=later)
    swept = time.perf_counter() - start
    print(f"sweep at {later:%Y-%m-%d %H:%M}        {rate(args.n, swept)}  {len(alerts):,} alerts")
    print(f"{'':30} {tracked(before)}")

    start = time.perf_counter()
    quiet = desk.sweep(at=later + timedelta(minutes=5))
    idle = time.perf_counter() - start
    print(f"sweep again, nothing new       {rate(args.n, idle)}  {len(quiet):,} alerts")

    requests = [desk.get(request_id) for request_id in ids]
    start = time.perf_counter()
    linear = due_sla_alerts(requests, at=later + timedelta(minutes=10), actor=desk.monitor)
    scanned = time.perf_counter() - start
    print(f"due_sla_alerts (linear scan)   {rate(args.n, scanned)}  {len(linear):,} alerts")

    tiers: dict[str, int] = {}
    for request in requests:
        key = request.tier.value if request.tier else "-"
        tiers[key] = tiers.get(key, 0) + 1
    print("tiers:", ", ".join(f"{k} {v:,}" for k, v in sorted(tiers.items())))


if __name__ == "__main__":
    main()
