"""Performance metrics over the domain's records: requests, inventory, budgets, approvals.

Pure functions over plain facts (:class:`RequestFacts`, the inventory journal, budget
figures, approval events), exact (``Decimal``/``Percent``), and each figure says how many
records it rests on. See ``docs/concepts/metrics.md``.
"""

from __future__ import annotations

from backoffice.domain.metrics.facts import (
    RequestFacts,
    RequestFactsProjection,
    facts_from_events,
    facts_from_request,
)

__all__ = [
    "RequestFacts",
    "RequestFactsProjection",
    "facts_from_events",
    "facts_from_request",
]
