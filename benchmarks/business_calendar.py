"""Benchmark: business-calendar deadlines and elapsed-time queries.

Runs N random queries on the split-shift calendar (09:00-12:00, 13:00-18:00, Monday to Friday,
Asia/Shanghai, China's public holidays and make-up working days 2024-2027) through the public
API, aware datetimes in and out, and prints queries per second. If pandas is installed, the
same deadlines go through pandas ``CustomBusinessHour`` in the same run and the ratio is
printed, with a check that both give the same deadlines (pandas knows no make-up working
days, so queries spanning one are left out of the check, and pandas moves a deadline ending
exactly at a closing time to the next opening, where backoffice keeps the closing time).

    python benchmarks/business_calendar.py            # 100,000 queries
    python benchmarks/business_calendar.py --n 20000  # quicker
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

from backoffice.calendar import BusinessCalendar, WorkingHours
from timing import best_of

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Working-time durations drawn for deadlines: the seed's SLA targets and whole hours between.
SEED_TARGETS_HOURS = (2, 4, 8, 24, 48)


def build_calendar() -> BusinessCalendar:
    return BusinessCalendar(
        timezone="Asia/Shanghai",
        working_hours=WorkingHours.weekdays("09:00-12:00", "13:00-18:00"),
        holidays=holidays.country_holidays("CN", years=range(2024, 2028)),
    )


def make_queries(n: int, seed: int) -> tuple[list[datetime], list[timedelta], list[datetime]]:
    rng = random.Random(seed)
    origin = datetime(2025, 1, 1, tzinfo=SHANGHAI)
    span = int(timedelta(days=2 * 365 - 30).total_seconds())
    starts = [origin + timedelta(seconds=rng.randrange(span)) for _ in range(n)]
    hours = [
        rng.choice(SEED_TARGETS_HOURS) if rng.random() < 0.5 else rng.randint(1, 40)
        for _ in range(n)
    ]
    durations = [timedelta(hours=h) for h in hours]
    ends = [s + timedelta(minutes=rng.randrange(1, 14 * 24 * 60)) for s in starts]
    return starts, durations, ends


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:>12,.0f} /s  ({seconds * 1e6 / n:.2f} us each)"


def bench_backoffice(
    cal: BusinessCalendar, starts: list[datetime], durations: list[timedelta], ends: list[datetime]
) -> tuple[list[datetime], float]:
    add = cal.add_working_time
    between = cal.working_time_between
    add(starts[0], durations[0])  # load the years touched, outside the timing
    add(datetime(2026, 12, 1, tzinfo=SHANGHAI), timedelta(hours=200))

    deadlines = [add(s, d) for s, d in zip(starts, durations, strict=True)]
    add_seconds = best_of(lambda: [add(s, d) for s, d in zip(starts, durations, strict=True)])
    print(f"backoffice add_working_time     {rate(len(starts), add_seconds)}")
    seconds = best_of(lambda: [between(s, e) for s, e in zip(starts, ends, strict=True)])
    print(f"backoffice working_time_between {rate(len(starts), seconds)}")
    seconds = best_of(lambda: [cal.is_working_time(s) for s in starts])
    print(f"backoffice is_working_time      {rate(len(starts), seconds)}")
    seconds = best_of(lambda: [cal.add_working_days(s, 3) for s in starts])
    print(f"backoffice add_working_days     {rate(len(starts), seconds)}")
    return deadlines, add_seconds


def bench_pandas(
    cal: BusinessCalendar,
    starts: list[datetime],
    durations: list[timedelta],
    ours: list[datetime],
    add_seconds: float,
) -> None:
    try:
        import pandas as pd  # noqa: PLC0415 (optional: only for the comparison)
    except ImportError:
        print("pandas not installed: no CustomBusinessHour comparison (pip install pandas)")
        return
    holiday_dates = sorted(cal.rules.holidays)
    offsets = {
        h: pd.offsets.CustomBusinessHour(
            n=h, start=["09:00", "13:00"], end=["12:00", "18:00"], holidays=holiday_dates
        )
        for h in {int(d.total_seconds()) // 3600 for d in durations}
    }
    n = min(len(starts), 20_000)  # pandas is slow; time a slice and scale the rate
    t0 = time.perf_counter()
    theirs = [
        (pd.Timestamp(s) + offsets[int(d.total_seconds()) // 3600]).to_pydatetime()
        for s, d in zip(starts[:n], durations[:n], strict=True)
    ]
    pandas_seconds = time.perf_counter() - t0
    print(f"pandas CustomBusinessHour       {rate(n, pandas_seconds)}  (on {n:,} queries)")
    ratio = (pandas_seconds / n) / (add_seconds / len(starts))
    print(f"ratio backoffice / pandas       {ratio:>12,.1f} x faster")

    makeup = cal.rules.extra_working_days
    comparable = [
        (a, b)
        for s, a, b in zip(starts[:n], ours[:n], theirs, strict=True)
        if not any(s.date() <= day <= max(a, b).date() for day in makeup)
    ]
    # pandas moves a deadline that ends exactly at a closing time to the next opening (13:00,
    # next day 09:00); backoffice keeps the closing time (12:00). Same working time either way.
    same = sum(a == b for a, b in comparable)
    agree = sum(a == b or cal.next_working_time(a) == b for a, b in comparable)
    print(f"answers identical to pandas     {same:>12,} of {len(comparable):,} comparable")
    print(f"identical but for closing time  {agree:>12,} of {len(comparable):,} comparable")
    if agree != len(comparable):
        raise SystemExit("backoffice and pandas disagree beyond the closing-time convention")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="number of queries")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    cal = build_calendar()
    starts, durations, ends = make_queries(args.n, args.seed)
    print(f"{args.n:,} random queries, split-shift calendar, China holidays 2024-2027")
    deadlines, add_seconds = bench_backoffice(cal, starts, durations, ends)
    bench_pandas(cal, starts, durations, deadlines, add_seconds)


if __name__ == "__main__":
    main()
