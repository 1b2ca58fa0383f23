"""Re-judging speed: recorded requests judged again under a variant's SLA policy, per second.

Run from the repository root: ``python benchmarks/scenarios.py [--requests 200000]``.

A year of a busy back office's requests (the scenario workload generator) is turned into
recorded requests (accepted, started, resolved, some paused for parts), then judged again.

Per core (one process, one variant: the seed SLA policy):

* **judge**: :class:`~backoffice.scenarios.rejudge.Judge`, the verdicts as plain tuples;
* **re-judge to a tally**: :func:`~backoffice.scenarios.rejudge.rejudged_tally`, what a
  scenario does per variant: the verdicts straight into the records' tally (on-time counts,
  working times counted), from which every figure of the table is read;
* **re-judge to new facts**: :func:`~backoffice.scenarios.rejudge.rejudge_all`;
* **floor**: the fastest plain Python I could write for exactly the tally's outputs (on-time
  and decided counts, working times counted, paused requests included, checked equal): one
  inline loop, the targets looked up once per target set, round-the-clock deadlines as
  ``start + allowance``, working-days due instants kept per start day, everything else through
  the same business calendar (its interval table is the data structure
  ``benchmarks/business_calendar.py`` measures). Its profile is printed.

On this machine's cores (``--parallel``, on by default): a re-judge of the history (as a CSV
file, as the command line reads it) under three variants, serially and on the process pool
(each worker reads only its own share of the file's bytes and sends back one tally per
variant), and a simulation (three variants x four seeds), serially and on the pool. Both must
give the serial result (checked). The load average is printed: other work on the machine slows
every figure.

The goal is 100,000 re-judged requests per second per core. ``calibrate`` is printed so that
figures from a loaded or a slower machine can be compared.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import multiprocessing
import os
import pstats
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from backoffice.adapters.history_file import HistoryFile
from backoffice.calendar import BusinessCalendar
from backoffice.domain.metrics import RequestFacts, RequestTally
from backoffice.domain.requests import RequestDetails, RequestLocation, SlaMetric
from backoffice.domain.requests.clockstate import later
from backoffice.policies.sla import SlaPolicy
from backoffice.scenarios import (
    Judge,
    RecordedRequest,
    Scenario,
    ScenarioResult,
    VariantPolicies,
    WorkloadSpec,
    generate_workload,
    history_csv,
    rejudge_all,
    rejudged_tally,
    run_scenario,
)
from backoffice.scenarios.runner import history_end
from backoffice.values import ActorId
from timing import best_of, calibrate

VARIANTS = """
[scenario]
name = "re-judge benchmark"
kind = "rejudge"
[history]
path = "history.csv"
[variants.urgent_3h]
sla.urgent.resolution = "3h"
[variants.routine_4wd]
sla.routine.resolution = "4wd"
"""
SIMULATION = """
[scenario]
name = "simulation benchmark"
seeds = 4
[workload]
days = {days}
[variants.urgent_3h]
sla.urgent.resolution = "3h"
[variants.one_more_technician]
staffing.facilities.technicians = 4
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


# -- the floor ----------------------------------------------------------------------------------

#: What the floor and the library both produce per variant: on-time and decided counts per
#: metric, and the working times counted per metric.
Outcome = tuple[int, int, int, int, Counter[timedelta], Counter[timedelta]]


def floor(records: Sequence[RecordedRequest], policy: SlaPolicy, as_of: datetime) -> Outcome:  # noqa: PLR0912 (one inline loop, on purpose)
    """The tally's outputs in the plainest, fastest Python: one loop, no call per metric."""
    ZERO = timedelta(0)  # noqa: N806 (a local constant, for speed)
    per_set: dict[int, tuple[Any, ...]] = {}  # id(targets) -> both metrics' precomputed plans
    targets_of = policy.targets
    r_met = r_decided = s_met = s_decided = 0
    r_times: list[timedelta] = []
    s_times: list[timedelta] = []
    for record in records:
        f = record.facts
        tier, start = f.tier, f.accepted_at
        if tier is None or start is None:
            recorded = ((f.response_met, r_times, f.response_working_time),
                        (f.resolution_met, s_times, f.resolution_working_time))  # fmt: skip
            for verdict, times, time_used in recorded:
                if time_used is not None:
                    times.append(time_used)
                if verdict is not None:
                    if times is r_times:
                        r_met += verdict
                        r_decided += 1
                    else:
                        s_met += verdict
                        s_decided += 1
            continue
        targets = targets_of(record.details, tier)
        plans = per_set.get(id(targets))
        if plans is None:
            plans = per_set[id(targets)] = tuple(
                _plan(targets.get(m)) for m in (SlaMetric.RESPONSE, SlaMetric.RESOLUTION)
            )
        for number in (0, 1):
            plan = plans[number]
            if plan is None:
                continue
            allowance, days, calendar, always, zone, by_day = plan
            stop = f.work_started_at if number == 0 else f.resolved_at
            pauses = () if number == 0 else f.pauses
            # the due instant of a clock never paused
            if allowance is not None:
                if always:
                    due = (start.astimezone(UTC) + allowance).astimezone(zone)
                else:
                    due = calendar.add_working_time(start, allowance)
            else:
                day = (start if start.tzinfo is zone else start.astimezone(zone)).toordinal()
                due = by_day.get(day)
                if due is None:
                    due = by_day[day] = calendar.add_working_days(start, days)
            met: bool | None
            worked: timedelta | None
            if not pauses:
                if stop is not None:
                    met = not later(stop, due)
                    if always:
                        worked = stop.astimezone(UTC) - start.astimezone(UTC)
                    else:
                        worked = calendar.working_time_between(start, stop)
                else:
                    met, worked = (False if later(as_of, due) else None), None
            else:  # the SLA clock's rules, inline: pauses stop it, a resume moves the due
                between = calendar.working_time_between
                allowed = allowance if allowance is not None else between(start, due)
                end = as_of if stop is None else stop
                used, late = ZERO, False
                running: datetime | None = start
                for paused, resumed in pauses:
                    if paused >= end:
                        break
                    if running is not None:
                        used += between(running, paused)
                        late = late or later(paused, due)
                        running = None
                    if resumed is None or resumed >= end:
                        break
                    if not late:
                        due = calendar.add_working_time(resumed, max(allowed - used, ZERO))
                    running = resumed
                if stop is not None:
                    late = late or (running is not None and later(stop, due))
                    met = not late
                    worked = used + (between(running, stop) if running is not None else ZERO)
                else:  # open at the end: late once past due (running) or over (paused)
                    late = late or (later(as_of, due) if running is not None else used > allowed)
                    met, worked = (False if late else None), None
            if number == 0:
                if worked is not None:
                    r_times.append(worked)
                if met is not None:
                    r_met += met
                    r_decided += 1
            else:
                if worked is not None:
                    s_times.append(worked)
                if met is not None:
                    s_met += met
                    s_decided += 1
    return r_met, r_decided, s_met, s_decided, Counter(r_times), Counter(s_times)


def _plan(target: Any) -> tuple[Any, ...] | None:
    if target is None:
        return None
    calendar = target.working_calendar
    zone = calendar.timezone
    always = target.working_time is not None and calendar == BusinessCalendar.always(zone)
    return (target.working_time, target.working_days, calendar, always, zone, {})


def outcome(tally: RequestTally) -> Outcome:
    """The library tally's figures the floor produces too."""
    return (
        tally.response_met,
        tally.response_decided,
        tally.resolution_met,
        tally.resolution_decided,
        Counter(tally.durations["response_working"]),
        Counter(tally.durations["resolution_working"]),
    )


def profile(label: str, run: Callable[[], object], lines: int = 10) -> None:
    """Print the ``lines`` functions ``run`` spends most of its own time in."""
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(lines)
    body = out.getvalue()
    table = body[body.index("   ncalls") :].rstrip()
    print(f"--- profile: {label} (by own time; cProfile slows it several times) ---")
    print(table.replace(str(Path.cwd()) + "/", ""))


# -- parallel -------------------------------------------------------------------------------------


def compare(title: str, run: Callable[[str], ScenarioResult]) -> float:
    """Serial against the process pool: times, speed-up, and the same result."""
    start, cpu = time.perf_counter(), time.process_time()
    serial = run("serial")
    serial_s, serial_cpu = time.perf_counter() - start, time.process_time() - cpu
    start = time.perf_counter()
    parallel = run("process")
    parallel_s = time.perf_counter() - start
    assert parallel == serial, "the process pool must give the serial result"
    print(f"{title}:")
    print(f"  serial {serial_s:.2f} s, process pool ({os.cpu_count()} cores) {parallel_s:.2f} s:"
          f" speed-up {serial_s / parallel_s:.2f}x")  # fmt: skip
    print(f"  the serial run had {serial_cpu / serial_s:.0%} of a core ({serial_cpu:.2f} s of"
          " processor time)")  # fmt: skip
    return serial_s


def busy(n: int) -> int:
    """Plain CPU work with nothing to send: what two cores could at best do side by side."""
    return sum(i * i % 7 for i in range(n))


def ideal_speed_up(n: int = 3_000_000) -> float:
    """Two pieces of :func:`busy` in this process, then on a warm two-worker pool."""
    start = time.perf_counter()
    busy(n)
    busy(n)
    serial = time.perf_counter() - start
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(busy, [1, 1]))  # started and warm
        start = time.perf_counter()
        list(pool.map(busy, [n, n]))
        parallel = time.perf_counter() - start
    return serial / parallel


def load() -> str:
    """The load averages (1, 5, 15 minutes) and the cores."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--days", type=int, default=56, help="simulated days per seed")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved timing rounds")
    parser.add_argument("--no-parallel", dest="parallel", action="store_false")
    args = parser.parse_args()
    print(f"at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {load()}")
    print(f"calibrate: {calibrate():.1f} us (about 8 us on a recent desktop CPU, idle)")
    records, policies = history(args.requests)
    as_of = history_end(records)
    n, policy = len(records), policies.sla
    print(f"{n:,} recorded requests over 2025 ({sum(bool(r.facts.pauses) for r in records):,}"
          " paused for parts)")  # fmt: skip

    start = time.perf_counter()
    recorded = RequestTally.of([r.facts for r in records], at=as_of)
    once = time.perf_counter() - start
    library = outcome(rejudged_tally(records, policy, as_of=as_of, recorded=recorded))
    assert floor(records, policy, as_of) == library, "the floor must give the library's figures"
    runs: dict[str, Callable[[], object]] = {
        "verdicts": lambda: Judge(policy, as_of=as_of).verdicts(records),
        "tally": lambda: rejudged_tally(records, policy, as_of=as_of, recorded=recorded),
        "facts": lambda: rejudge_all(records, policy, as_of=as_of),
        "floor": lambda: floor(records, policy, as_of),
    }
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(args.rounds):  # interleaved: each kind sees the same spells of load
        for kind, run in runs.items():
            best[kind] = min(best[kind], best_of(run, 1))
    verdicts, tally, facts, plain = (best[k] for k in ("verdicts", "tally", "facts", "floor"))
    print(f"the records' tally, once for all variants: {n / once:>10,.0f} requests/s")
    print("per variant, one core:")
    print(f"  judge (verdict tuples):        {n / verdicts:>10,.0f} requests/s")
    print(f"  re-judge to a tally:           {n / tally:>10,.0f} requests/s"
          "  <- what a scenario does")  # fmt: skip
    print(f"  re-judge to new RequestFacts:  {n / facts:>10,.0f} requests/s")
    print(f"  floor (plain Python, inline):  {n / plain:>10,.0f} requests/s"
          " (same figures, checked)")  # fmt: skip
    verdict = "met" if n / tally >= 100_000 else "NOT met"
    floor_verdict = "reaches" if n / plain >= 100_000 else "does not reach"
    print(f"goal 100,000 requests/s per core: {verdict}; the floor {floor_verdict} it"
          f" on this machine now ({load()})")  # fmt: skip
    profile("floor", lambda: floor(records, policy, as_of))
    profile("re-judge to a tally", lambda: rejudged_tally(records, policy, as_of=as_of,
                                                          recorded=recorded))  # fmt: skip

    if not args.parallel:
        return
    print(f"at {datetime.now(UTC):%H:%M} UTC, {load()}: two pieces of plain CPU work on a warm"
          f" two-process pool, a speed-up of {ideal_speed_up():.2f}x over one after the other"
          " (below 1: slower; the most any parallel run can gain now)")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.csv"
        path.write_text(history_csv(records), encoding="utf-8")
        rejudge = Scenario.from_toml(VARIANTS)
        seconds = compare(
            f"re-judge, 3 variants x {n:,} recorded requests from a CSV file",
            lambda executor: run_scenario(
                rejudge, history=HistoryFile.open(path), executor=executor
            ),
        )
        print(f"  serial: {3 * n / seconds:,.0f} re-judged requests/s (file read and parsed"
              " once, then 3 variants)")  # fmt: skip
    simulation = Scenario.from_toml(SIMULATION.format(days=args.days))
    compare(f"simulate, 3 variants x 4 seeds x {args.days} days",
            lambda executor: run_scenario(simulation, executor=executor))  # fmt: skip
    print(f"at {datetime.now(UTC):%H:%M} UTC, {load()}")


if __name__ == "__main__":
    main()
