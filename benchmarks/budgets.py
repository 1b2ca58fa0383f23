"""Benchmark: budget checks per second over 1,000 lines and 1,000,000 commitments.

Opens the 2025 budget of 1,000 lines (100 departments x 10 spending categories, each line
phased evenly; a third stop at the budget + 5 % on the annual basis, a third on the cumulative
basis, a third warn) through :class:`backoffice.services.budgets.BudgetService`, books
1,000,000 commitments on random lines and dates (and invoices or releases a few percent of
them), then times budget checks of random amounts on random lines and dates:

1. through ``BudgetService.check`` (which first finds the budget covering the date);
2. through ``Budget.check`` on the budget itself;
3. the same checks on a budget with no commitment at all: a check reads the line's running
   totals, so its cost should not depend on how many commitments the line carries.

A calibration loop before each set of timings shows how fast this machine runs plain Python
at that moment (about 8 us for ``sum(range(1000))`` on a recent desktop CPU; more on a shared
or busy machine, and the rates scale with it).

Each check's answer is looked at (does it need an override?) and dropped, as a caller would.
Each timing is the best of 3. Inputs are built before timing and frozen out of the garbage
collector's sight (``gc.freeze``), as a long-running service would do after loading its data.

    python benchmarks/budgets.py                        # 1,000,000 commitments
    python benchmarks/budgets.py --commitments 100000   # quicker
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from backoffice import ActorId, DepartmentId, Money, Period
from backoffice.domain.budgets import (
    SEED_CATEGORIES,
    BudgetCheck,
    BudgetExceeded,
    BudgetId,
    BudgetLineKey,
    CheckBasis,
    CommitmentId,
    ExpenseId,
    MonthlyPlan,
    OverrunAction,
    OverrunRule,
    SpendingCategory,
)
from backoffice.policies.overrun import CategoryOverrunPolicy
from backoffice.services.budgets import BudgetService
from timing import best_of, calibrate

AT = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
CLERK = ActorId("clerk-li")
BUDGET = BudgetId("BUD-2025")
CATEGORIES = sorted(
    SEED_CATEGORIES | {SpendingCategory(c) for c in ("cleaning", "security", "events")}
)
RULES = (
    OverrunRule(OverrunAction.STOP),
    OverrunRule(OverrunAction.STOP, basis=CheckBasis.CUMULATIVE),
    OverrunRule(OverrunAction.WARN),
)
YEAR_DAYS = 365


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:>12,.0f} /s  ({seconds * 1e6 / n:6.2f} us each, {seconds:6.2f} s)"


def open_budget(departments: int) -> tuple[BudgetService, list[BudgetLineKey]]:
    """The 2025 budget: ``departments`` x 10 categories, 5,400,000 CNY a line, phased evenly."""
    lines = [
        BudgetLineKey(DepartmentId(f"DEP-{d:03d}"), category)
        for d in range(1, departments + 1)
        for category in CATEGORIES
    ]
    policy = CategoryOverrunPolicy(by_line={key: RULES[i % 3] for i, key in enumerate(lines)})
    service = BudgetService(overrun_policy=policy)
    service.open_budget(BUDGET, Period.year(2025), "CNY", categories=CATEGORIES, actor=CLERK, at=AT)
    plan = MonthlyPlan.even(Money("5400000", "CNY"))
    for key in lines:
        service.open_line(BUDGET, key, plan, actor=CLERK, at=AT)
    service.collect_events()
    return service, lines


def book(
    service: BudgetService, lines: list[BudgetLineKey], n: int, seed: int
) -> tuple[float, int]:
    """Book ``n`` commitments of 10-10,000 CNY; invoice 5 % and release 3 % of them.

    Returns the seconds taken and the number of commitments refused by "stop" lines.
    """
    rng = random.Random(seed)
    start_day = date(2025, 1, 1)
    refused = 0
    start = time.perf_counter()
    for index in range(n):
        key = lines[rng.randrange(len(lines))]
        on = start_day + timedelta(days=rng.randrange(YEAR_DAYS))
        amount = Money(Decimal(rng.randrange(1_000, 1_000_000)).scaleb(-2), "CNY")
        commitment = CommitmentId(f"PO-{index}")
        try:
            service.commit(commitment, key, amount, on=on, actor=CLERK, at=AT)
        except BudgetExceeded:
            refused += 1
            continue
        roll = rng.random()
        if roll < 0.05:
            service.record_actual(
                ExpenseId(f"INV-{index}"), commitment, amount, on=on, actor=CLERK, at=AT
            )
        elif roll < 0.08:
            service.release_commitment(commitment, actor=CLERK, at=AT)
        if index % 10_000 == 0:
            service.collect_events()  # an embedder would store them; here they are dropped
    seconds = time.perf_counter() - start
    service.collect_events()
    return seconds, refused


def checks(
    lines: list[BudgetLineKey], n: int, seed: int
) -> list[tuple[BudgetLineKey, Money, date]]:
    rng = random.Random(seed)
    start_day = date(2025, 1, 1)
    return [
        (
            lines[rng.randrange(len(lines))],
            Money(Decimal(rng.randrange(1_000, 5_000_000)).scaleb(-2), "CNY"),
            start_day + timedelta(days=rng.randrange(YEAR_DAYS)),
        )
        for _ in range(n)
    ]


def bench_checks(service: BudgetService, queries: list[tuple[BudgetLineKey, Money, date]]) -> None:
    """Time the checks the way a caller makes them: check, look at the answer, move on."""
    budget = service.budget(BUDGET)
    n = len(queries)
    via_service, via_budget = service.check, budget.check

    def run(check: Callable[..., BudgetCheck]) -> int:
        return sum(1 for key, amount, on in queries if not check(key, amount, on=on).allowed)

    gc.collect()
    gc.freeze()
    print(f"  (calibration now: sum(range(1000)) in {calibrate():.1f} us)")
    seconds = best_of(lambda: run(via_service))
    print(f"  BudgetService.check      {rate(n, seconds)}")
    seconds = best_of(lambda: run(via_budget))
    print(f"  Budget.check             {rate(n, seconds)}")
    gc.unfreeze()
    verdicts: dict[str, int] = {}
    for key, amount, on in queries:
        verdict = via_budget(key, amount, on=on).verdict.value
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
    print(f"  verdicts: {', '.join(f'{v} {c:,}' for v, c in sorted(verdicts.items()))}; "
          f"{run(via_budget):,} would need an override")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=100, help="x 10 categories = lines")
    parser.add_argument("--commitments", type=int, default=1_000_000)
    parser.add_argument("--checks", type=int, default=200_000, help="checks per timed run")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    service, lines = open_budget(args.departments)
    queries = checks(lines, args.checks, args.seed + 1)
    print(f"{len(lines):,} budget lines, {args.checks:,} random checks of 10-50,000 CNY, best of 3")
    print("empty budget (no commitment):")
    bench_checks(service, queries)

    seconds, refused = book(service, lines, args.commitments, args.seed)
    held = len(service.budget(BUDGET).open_commitments())
    print(f"booking {args.commitments:,} commitments {rate(args.commitments, seconds)}")
    print(f"  with their events; {refused:,} refused by stop lines, 5 % of the rest invoiced,")
    print(f"  3 % released: {held:,} commitments still open")
    print(f"after {args.commitments:,} commitments:")
    bench_checks(service, queries)


if __name__ == "__main__":
    main()
