"""The figures a scenario compares, per variant and seed, read off the library's own metrics.

Each figure is one of the service metrics of :mod:`backoffice.domain.metrics` (on-time rates,
percentiles, MTTR, backlog, satisfaction) or of the repairs budget, turned into a plain
``Decimal`` for the table: percentages as their number (``91.25``), durations in hours to two
places, counts as they are, money as its amount. :data:`SCENARIO_KPIS` lists them with their
unit and which direction is better.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Final

import attrs

from backoffice.domain.metrics import (
    REQUEST_FIGURES,
    Figure,
    RequestFacts,
    RequestTally,
    request_figures,
)
from backoffice.policies.kpi import WeightedKpiScoring
from backoffice.policies.scorecards import Scorecard
from backoffice.scenarios.simulate import BudgetOutcome
from backoffice.values import Money, Percent

__all__ = ["SCENARIO_KPIS", "Kpi", "measure", "response_minutes"]

_CENT: Final = Decimal("0.01")
_HOUR: Final = timedelta(hours=1)


@attrs.frozen
class Kpi:
    """A figure in the scenario table.

    Attributes:
        key: Its name in the table, the CSV and the JSON.
        label: What it is, in the business's words.
        unit: ``"%"``, ``"h"``, ``"requests"``, ``"CNY"``, ...
        better: ``"higher"``, ``"lower"`` or ``""`` (neither).
        metric: The service metric it reads (``None`` for a budget figure).
    """

    key: str
    label: str
    unit: str
    better: str
    metric: str | None = None


#: The figures, in table order.
SCENARIO_KPIS: Final = (
    Kpi("requests", "requests", "requests", "", "requests"),
    Kpi("response_on_time", "response on time", "%", "higher", "response_on_time_rate"),
    Kpi("resolution_on_time", "resolution on time (按时完成率)", "%", "higher",
        "resolution_on_time_rate"),
    Kpi("respond_p90", "respond p90 (working time)", "h", "lower", "response_working_p90"),
    Kpi("resolve_p50", "resolve p50 (elapsed)", "h", "lower", "resolution_elapsed_p50"),
    Kpi("resolve_p90", "resolve p90 (elapsed)", "h", "lower", "resolution_elapsed_p90"),
    Kpi("mttr", "mean time to resolve (MTTR)", "h", "lower", "mttr"),
    Kpi("backlog", "open at the end (backlog)", "requests", "lower", "backlog"),
    Kpi("satisfaction", "satisfied (rated 4-5, 满意度)", "%", "higher", "satisfaction_rate"),
    Kpi("repairs_booked", "repairs booked on budget", "CNY", ""),
    Kpi("repairs_refused", "repair bills refused by the budget", "bills", "lower"),
    Kpi("budget_overrun", "repairs budget overrun to date", "%", "lower", "budget_overrun"),
    Kpi("approval_steps", "approval steps per repair bill", "steps", "lower"),
    Kpi("bills_escalated", "repair bills past the first approver", "bills", "lower"),
    Kpi("scorecard", "scorecard total (seed: 85 % / 90 % / 5 %)", "points", "higher"),
)  # fmt: skip


def _plain(value: Any) -> Decimal | None:
    """A metric's value as a plain decimal for the table."""
    if value is None:
        return None
    if isinstance(value, Percent):
        return value.value.quantize(_CENT, rounding=ROUND_HALF_EVEN)
    if isinstance(value, timedelta):
        hours = Decimal(value // timedelta(microseconds=1)) / Decimal(3_600_000_000)
        return hours.quantize(_CENT, rounding=ROUND_HALF_EVEN)
    if isinstance(value, Money):
        return value.amount
    return Decimal(value)


def measure(
    facts: Sequence[RequestFacts] | RequestTally,
    at: datetime,
    budget: BudgetOutcome | None = None,
    scorecard: Scorecard | None = None,
) -> dict[str, Decimal | None]:
    """Every figure of :data:`SCENARIO_KPIS` over ``facts`` read at ``at`` (and ``budget``).

    The request figures are :func:`~backoffice.domain.metrics.request_figures` (or, given a
    :class:`~backoffice.domain.metrics.RequestTally`, its equal figures); the budget's
    are the simulation's repairs line; the scorecard (the seed's by default) is scored by
    :class:`~backoffice.policies.kpi.WeightedKpiScoring` over all of them.
    """
    names = [k.metric for k in SCENARIO_KPIS if k.metric is not None and k.metric in _REQUESTS]
    scorecard = scorecard or Scorecard.seed()
    extra = [n for n in scorecard.figures if n in REQUEST_FIGURES and n not in names]
    figures: dict[str, Figure[Any]]
    if isinstance(facts, RequestTally):
        figures = facts.figures([*names, *extra])
    else:
        figures = dict(request_figures(facts, [*names, *extra], at=at))
    if budget is not None:
        figures.update(budget.figures)
    result: dict[str, Decimal | None] = {
        kpi.key: _plain(figures[kpi.metric].value) if kpi.metric in figures else None
        for kpi in SCENARIO_KPIS
        if kpi.metric is not None
    }
    result["repairs_booked"] = None if budget is None else budget.booked.amount
    result["repairs_refused"] = None if budget is None else Decimal(budget.refused_count)
    steps = () if budget is None else budget.approval_steps
    result["approval_steps"] = (
        (Decimal(sum(steps)) / len(steps)).quantize(_CENT, ROUND_HALF_EVEN) if steps else None
    )
    result["bills_escalated"] = None if budget is None else Decimal(sum(s > 1 for s in steps))
    result["scorecard"] = WeightedKpiScoring.seed().score(scorecard, figures).total
    return result


def response_minutes(facts: Sequence[RequestFacts] | RequestTally) -> tuple[int, ...]:
    """Working minutes to respond, per responded request, in increasing order (for charts)."""
    minute = timedelta(minutes=1)
    if isinstance(facts, RequestTally):
        counts = facts.durations["response_working"]
        return tuple(int(t // minute) for t in sorted(counts) for _ in range(counts[t]))
    return tuple(
        sorted(
            int(f.response_working_time // minute)
            for f in facts
            if f.response_working_time is not None
        )
    )


def kpi(key: str) -> Kpi:
    """The figure named ``key``."""
    return _BY_KEY[key]


_BY_KEY: Final[Mapping[str, Kpi]] = {k.key: k for k in SCENARIO_KPIS}
_REQUESTS: Final = frozenset(REQUEST_FIGURES)
