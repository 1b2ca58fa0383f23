"""Benchmark: preventive maintenance planning and depreciation schedules.

Plans one preventive maintenance plan per asset for N assets (10,000 by default) over five
years (2025-2029) on a fixed calendar with the holiday shift (previous working day, on China's
public holidays and make-up working days) and a lead time of two working days, and prints
occurrences planned per second. In the same run the same ``dateutil.rrule`` rules are iterated
plainly over the same span (the floor: what enumerating the dates alone costs) and the ratio is
printed. Then it prints depreciation schedules per second (monthly, five to fifteen years,
straight line, double declining and declining balance).

    python benchmarks/maintenance.py             # 10,000 assets
    python benchmarks/maintenance.py --n 2000    # quicker
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, date, datetime, time

import holidays

from backoffice.calendar import BusinessCalendar, WorkingHours
from backoffice.domain.maintenance import (
    MaintenancePlan,
    MaintenancePlanId,
    MaintenancePlanSpec,
    Recurrence,
    WorkingDayTable,
)
from backoffice.domain.requests import RequestLocation
from backoffice.policies.depreciation import (
    DecliningBalance,
    DepreciationBasis,
    DepreciationPolicy,
    DoubleDecliningBalance,
    StraightLine,
    depreciation_schedule,
)
from backoffice.values import ActorId, AssetId, Money, Percent
from timing import best_of, calibrate

START, END = date(2025, 1, 1), date(2029, 12, 31)
AT = datetime(2025, 1, 1, 8, tzinfo=UTC)


def build_calendar() -> BusinessCalendar:
    return BusinessCalendar(
        timezone="Asia/Shanghai",
        working_hours=WorkingHours.weekdays("09:00-12:00", "13:00-18:00"),
        holidays=holidays.country_holidays("CN", years=range(2024, 2031)),
    )


def random_recurrence(rng: random.Random) -> Recurrence:
    kind = rng.choice(["days", "weeks", "months", "nth", "half", "season"])
    if kind == "days":
        return Recurrence.every(rng.randint(7, 60), "days")
    if kind == "weeks":
        return Recurrence.every(rng.randint(1, 4), "weeks")
    if kind == "months":
        return Recurrence.every(rng.choice([1, 2, 3, 6, 12]), "months")
    if kind == "nth":
        return Recurrence.nth_weekday(rng.choice([1, 2, -1]), rng.randint(0, 4))
    if kind == "half":
        return Recurrence.half_monthly()
    return Recurrence.every(2, "weeks").within_months(5, 6, 7, 8, 9)


def build_plans(n: int, rng: random.Random) -> list[MaintenancePlan]:
    plans = []
    for i in range(1, n + 1):
        spec = MaintenancePlanSpec(
            asset=AssetId(f"AST-{i:06d}"),
            title="preventive maintenance",
            recurrence=random_recurrence(rng),
            starts_on=START,
            ends_on=END,
            calendar="office",
            holiday_shift="previous_working_day",
            lead_working_days=2,
            location=RequestLocation("HQ"),
        )
        plans.append(
            MaintenancePlan.adopt(
                MaintenancePlanId(f"MPL-{i:06d}"), spec=spec, actor=ActorId("fm"), at=AT
            )
        )
    return plans


def plan_all(plans: list[MaintenancePlan], table: WorkingDayTable) -> int:
    return sum(len(plan.due_occurrences(END, table)) for plan in plans)


def plain_rrule(plans: list[MaintenancePlan]) -> int:
    last = datetime.combine(END, time())
    count = 0
    for plan in plans:
        recurrence = plan.spec.recurrence
        assert recurrence is not None
        for moment in recurrence.rule(START, defaults_from=START):
            if moment > last:
                break
            count += 1
    return count


def depreciation_cases(
    n: int, rng: random.Random
) -> list[tuple[DepreciationBasis, DepreciationPolicy]]:
    methods: list[DepreciationPolicy] = [
        StraightLine(), DoubleDecliningBalance(), DecliningBalance(Percent(25)),
    ]  # fmt: skip
    cases = []
    for _ in range(n):
        cost = rng.randint(100_000, 100_000_000)
        basis = DepreciationBasis(
            cost=Money.from_minor_units(cost, "CNY"),
            residual_value=Money.from_minor_units(cost // 20, "CNY"),
            in_service_on=date(2025, rng.randint(1, 12), rng.randint(1, 28)),
            life_months=rng.choice([60, 96, 120, 180]),
        )
        cases.append((basis, rng.choice(methods)))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="assets (one plan each)")
    parser.add_argument("--schedules", type=int, default=2_000, help="depreciation schedules")
    args = parser.parse_args()
    rng = random.Random(13)
    print(f"calibration: sum(range(1000)) takes {calibrate():.1f} us")

    calendar = build_calendar()
    plans = build_plans(args.n, rng)
    table = WorkingDayTable(calendar)
    occurrences = plan_all(plans, table)  # also fills the table's years once
    floor_count = plain_rrule(plans)
    planned = best_of(lambda: plan_all(plans, table), 3)
    floor = best_of(lambda: plain_rrule(plans), 3)
    print(f"maintenance plans: {args.n:,} assets, {START} to {END}, holiday shift, lead 2 days")
    print(f"  occurrences planned:      {occurrences:,} in {planned:.2f} s "
          f"= {occurrences / planned:,.0f} per second")  # fmt: skip
    print(f"  plain dateutil.rrule:     {floor_count:,} dates in {floor:.2f} s "
          f"= {floor_count / floor:,.0f} per second")  # fmt: skip
    print(f"  planning / rrule floor:   {planned / floor:.2f}x (goal: within 2x)")

    cases = depreciation_cases(args.schedules, rng)
    periods = sum(len(depreciation_schedule(b, m).lines) for b, m in cases)
    seconds = best_of(lambda: [depreciation_schedule(b, m) for b, m in cases], 3)
    print(f"depreciation: {args.schedules:,} monthly schedules ({periods:,} periods)")
    print(f"  schedules per second:     {args.schedules / seconds:,.0f} "
          f"({periods / seconds:,.0f} periods per second)")  # fmt: skip


if __name__ == "__main__":
    main()
