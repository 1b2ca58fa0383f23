"""The event recording shared by the budget's commands (internal).

Commands of :class:`~backoffice.domain.budgets.budget.Budget` live in a few modules, one per
kind of business action (:mod:`~backoffice.domain.budgets.booking` for spending,
:mod:`~backoffice.domain.budgets.moves` for transfers and adjustments); they share the budget's
ledger and its event log through this base.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from backoffice.domain.budgets.categories import BudgetId
from backoffice.domain.budgets.ledger import BudgetLedger
from backoffice.domain.events import DomainEvent, EventLog
from backoffice.values.ids import ActorId

__all__ = ["BudgetRecorder"]


class BudgetRecorder:
    """Base of the budget's command groups: its id, ledger and event log, and ``_record``."""

    __slots__ = ()

    id: BudgetId
    currency: str
    _ledger: BudgetLedger
    _events: EventLog

    def _record(
        self, event_type: Callable[..., DomainEvent], actor: ActorId, at: datetime, **fields: object
    ) -> None:
        self._events.append(
            event_type(
                aggregate_id=str(self.id),
                version=self._events.next_version,
                actor=actor,
                occurred_at=at,
                **fields,
            )
        )
