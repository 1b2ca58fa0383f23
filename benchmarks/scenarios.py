"""Re-judging speed: recorded requests judged again under a variant's SLA policy, per second.

Run from the repository root: ``python benchmarks/scenarios.py [--requests 100000]``.

A year of a busy back office's requests (the scenario workload generator, 300 a working day)
is turned into recorded requests (accepted, started, resolved, some paused for parts), then
judged again under the seed SLA policy:

* **kernel**: :func:`~backoffice.scenarios.rejudge.judge`, the verdicts as plain tuples;
* **re-judge**: :func:`~backoffice.scenarios.rejudge.rejudge_all`, new ``RequestFacts``;
* **floor**: the fastest plain Python for the same verdicts: a tuple per request, the targets
  looked up by tier in a dict, round-the-clock deadlines as ``start + allowance`` and working
  days through the same business calendar's table (no policy rules, no clocks, no facts);
* **parallel**: a simulation (three variants x four seeds, four weeks each) and a re-judge
  scenario (three variants over the history) on the default process pool (this machine's
  cores) against the serial run (same result, checked). A simulation task is a few plain
  dicts; a re-judge task carries the whole history to its worker, and that transport
  (pickling the records) is paid once per variant.

The goal is 100,000 re-judged requests per second per core. ``calibrate`` is printed so that
figures from a loaded or a slower machine can be compared.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from backoffice.domain.metrics import RequestFacts
from backoffice.domain.requests import RequestDetails, RequestLocation, SlaMetric
from backoffice.scenarios import (
    RecordedRequest,
    Scenario,
    ScenarioResult,
    VariantPolicies,
    WorkloadSpec,
    generate_workload,
    rejudge_all,
    run_scenario,
)
from backoffice.scenarios.rejudge import judge
from backoffice.values import ActorId
from timing import best_of, calibrate

VARIANTS = """
[scenario]
name = "re-judge benchmark"
kind = "rejudge"
[history]
path = "-"
[variants.urgent_3h]
sla.urgent.resolution = "3h"
[variants.routine_4wd]
sla.routine.resolution = "4wd"
"""


def history(count: int) -> tuple[list[RecordedRequest], VariantPolicies]:
    """About ``count`` recorded requests over 2025 (a year of the generator's workload)."""
    policies = VariantPolicies.build(Scenario.from_toml(VARIANTS).variant("baseline"))
    spec = WorkloadSpec.from_dict(
        {"start": "2025-01-01", "days": 365, "per_day": round(count / 265, 1)}
    )
    rng = random.Random(2)
    records = []
    for a in generate_workload(spec, 1, policies.calendar("office")):
        details = RequestDetails(a.channel, a.category, a.description, RequestLocation(a.site, ""),
                                 ActorId("requester"))  # fmt: skip
        accepted = a.submitted_at + a.review
        started = accepted + timedelta(minutes=rng.randint(5, 600))
        resolved = started + a.work
        pauses: tuple[tuple[datetime, datetime | None], ...] = ()
        if a.parts_wait is not None:
            paused = started + a.work / 2
            pauses = ((paused, paused + a.parts_wait),)
            resolved += a.parts_wait
        facts = RequestFacts(
            request_id=f"R{a.number}", category=a.category, channel=a.channel, site=a.site,
            tier=policies.triage.propose(details).tier, submitted_at=a.submitted_at,
            accepted_at=accepted, work_started_at=started, resolved_at=resolved,
            closed_at=resolved, ended_at=resolved, pauses=pauses,
        )  # fmt: skip
        records.append(RecordedRequest(details, facts))
    return records, policies


def floor(records: list[RecordedRequest], policies: VariantPolicies) -> int:
    """The same verdicts in the plainest Python: tuples in, tuples out."""
    office = policies.calendar("office")
    allowance: dict[str, tuple[timedelta | int, ...]] = {}  # a timedelta, or working days
    for tier in ("urgent", "important", "routine"):
        rule = next(r for r in policies.sla.rules if not r.tiers or tier in r.tiers)
        allowance[tier] = tuple(
            rule.targets[m].working_time or rule.targets[m].working_days or 0
            for m in (SlaMetric.RESPONSE, SlaMetric.RESOLUTION)
        )
    rows: list[tuple[str, datetime, datetime, datetime]] = []
    for r in records:
        f = r.facts
        if f.tier and f.accepted_at and f.work_started_at and f.resolved_at and not f.pauses:
            rows.append((str(f.tier), f.accepted_at, f.work_started_at, f.resolved_at))
    met = 0
    deadline = office.working_days_deadline
    between = office.working_time_between
    for tier, start, responded, resolved in rows:
        for allowed, stop in zip(allowance[tier], (responded, resolved), strict=True):
            if isinstance(allowed, timedelta):
                due = start + allowed
                worked = stop - start
            else:
                due = deadline(start, allowed)[0]
                worked = between(start, stop)
            met += stop <= due and worked >= timedelta(0)
    return len(rows)


SIMULATION = """
[scenario]
name = "simulation benchmark"
seeds = 4
[variants.urgent_3h]
sla.urgent.resolution = "3h"
[variants.one_more_technician]
staffing.facilities.technicians = 4
"""


def compare(title: str, run: Callable[[str], ScenarioResult]) -> None:
    """Serial against the process pool: times, speed-up, and the same result."""
    start = time.perf_counter()
    serial = run("serial")
    serial_s = time.perf_counter() - start
    start = time.perf_counter()
    parallel = run("process")
    parallel_s = time.perf_counter() - start
    assert parallel == serial, "the process pool must give the serial result"
    print(f"{title}:")
    print(f"  serial {serial_s:.2f} s, process pool ({os.cpu_count()} cores) {parallel_s:.2f} s:"
          f" speed-up {serial_s / parallel_s:.2f}x")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    args = parser.parse_args()
    print(f"calibrate: {calibrate():.1f} us (about 8 us on a recent desktop CPU, idle)")
    records, policies = history(args.requests)
    as_of = max(r.facts.ended_at or r.facts.submitted_at for r in records)
    n = len(records)
    print(f"{n:,} recorded requests over 2025 ({sum(bool(r.facts.pauses) for r in records):,}"
          " paused for parts)")  # fmt: skip

    kernel = best_of(lambda: [judge(r, policies.sla, as_of=as_of) for r in records], 2)
    full = best_of(lambda: rejudge_all(records, policies.sla, as_of=as_of), 2)
    plain_n = floor(records, policies)
    plain = best_of(lambda: floor(records, policies), 2)
    print(f"kernel (verdict tuples):      {n / kernel:>10,.0f} requests/s")
    print(f"re-judge (new RequestFacts):  {n / full:>10,.0f} requests/s")
    print(f"floor (plain Python, tuples): {plain_n / plain:>10,.0f} requests/s"
          f" (the {plain_n:,} never paused)")  # fmt: skip
    print("goal: 100,000 requests/s per core")

    simulation = Scenario.from_toml(SIMULATION)
    compare("simulate, 3 variants x 4 seeds x 4 weeks",
            lambda executor: run_scenario(simulation, executor=executor))  # fmt: skip
    rejudge = Scenario.from_toml(VARIANTS)
    compare(f"re-judge, 3 variants x {n:,} recorded requests",
            lambda executor: run_scenario(rejudge, history=records, executor=executor))  # fmt: skip
    print(f"  at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
