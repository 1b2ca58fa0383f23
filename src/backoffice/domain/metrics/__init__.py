"""Performance metrics over the domain's records: requests, inventory, budgets, approvals.

Pure functions over plain facts (:class:`RequestFacts`, stock movements and events, budget
figures, approval events): exact (``Decimal``, ``Percent``, ``timedelta``, ``Money``), and each
:class:`Figure` says how many records it rests on. See ``docs/concepts/metrics.md``.
"""

from __future__ import annotations

from backoffice.domain.metrics.approvals import approval_figures_by_role, sod_refusals
from backoffice.domain.metrics.budgets import BUDGET_FIGURES, budget_figures_by
from backoffice.domain.metrics.facts import (
    RequestFacts,
    RequestFactsProjection,
    facts_from_events,
    facts_from_request,
)
from backoffice.domain.metrics.figures import Figure, nearest_rank, rate
from backoffice.domain.metrics.grouping import (
    Dimension,
    GroupKey,
    PeriodKind,
    group_facts,
    period_of,
)
from backoffice.domain.metrics.inventory import (
    consumption_by_department,
    requisition_stockouts,
    stock_figures,
    turnover_figure,
)
from backoffice.domain.metrics.service import (
    DEFAULT_AGE_BRACKETS,
    DEFAULT_SATISFIED_FROM,
    REQUEST_FIGURES,
    backlog_ageing,
    most_repaired,
    request_figures,
    request_figures_by,
)
from backoffice.domain.metrics.tally import RequestTally

__all__ = [
    "BUDGET_FIGURES",
    "DEFAULT_AGE_BRACKETS",
    "DEFAULT_SATISFIED_FROM",
    "REQUEST_FIGURES",
    "Dimension",
    "Figure",
    "GroupKey",
    "PeriodKind",
    "RequestFacts",
    "RequestFactsProjection",
    "RequestTally",
    "approval_figures_by_role",
    "backlog_ageing",
    "budget_figures_by",
    "consumption_by_department",
    "facts_from_events",
    "facts_from_request",
    "group_facts",
    "most_repaired",
    "nearest_rank",
    "period_of",
    "rate",
    "request_figures",
    "request_figures_by",
    "requisition_stockouts",
    "sod_refusals",
    "stock_figures",
    "turnover_figure",
]
