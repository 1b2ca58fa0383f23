"""Replaying a budget: its running totals rebuilt from the events it recorded.

A budget's events are its record (see :mod:`~backoffice.domain.budgets.events`): each says what
was booked, given back, moved or overridden, with the amounts and dates as they were. Replaying
them in order applies each one to a fresh ledger **without deciding anything again**: no rule
is re-checked, no override re-validated, so a budget replayed after its overrun policy changed
is still the budget that was kept. The override lift of a booking is in the
:class:`~backoffice.domain.budgets.events.BudgetOverrunOverridden` event that follows it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Final

from backoffice.domain.budgets.categories import CommitmentId
from backoffice.domain.budgets.commitments import CommitmentRecord
from backoffice.domain.budgets.events import (
    ActualRecorded,
    BudgetAdjusted,
    BudgetCommitted,
    BudgetLineOpened,
    BudgetOpened,
    BudgetOverrunOverridden,
    BudgetOverrunWarned,
    BudgetTransferred,
    CommitmentReduced,
    CommitmentReleased,
    OverrunRuleChanged,
)
from backoffice.domain.budgets.ledger import BudgetLedger
from backoffice.domain.budgets.totals import LineTotals
from backoffice.domain.events import DomainEvent
from backoffice.errors import ValidationError

__all__ = ["BUDGET_EVENTS", "replay_into"]

_ZERO: Final = Decimal(0)

#: Every event class a budget records.
BUDGET_EVENTS: Final[tuple[type[DomainEvent], ...]] = (
    ActualRecorded,
    BudgetAdjusted,
    BudgetCommitted,
    BudgetLineOpened,
    BudgetOpened,
    BudgetOverrunOverridden,
    BudgetOverrunWarned,
    BudgetTransferred,
    CommitmentReduced,
    CommitmentReleased,
    OverrunRuleChanged,
)


class _Replay:
    """The ledger being rebuilt and the booking the next override event belongs to."""

    __slots__ = ("last_commitment", "ledger")

    def __init__(self, ledger: BudgetLedger) -> None:
        self.ledger = ledger
        self.last_commitment: CommitmentId | None = None


def _line_opened(replay: _Replay, event: BudgetLineOpened) -> None:
    plan = [amount.amount for amount in event.plan]
    replay.ledger.lines[event.line] = LineTotals(event.line, plan, event.rule)


def _rule_changed(replay: _Replay, event: OverrunRuleChanged) -> None:
    totals = replay.ledger.line(event.line)
    totals.rule = event.rule
    totals.refresh()


def _committed(replay: _Replay, event: BudgetCommitted) -> None:
    ledger = replay.ledger
    ledger.book_commitment(
        CommitmentRecord(
            event.commitment,
            event.line,
            on=event.on,
            month=ledger.month(event.on),
            amount=event.amount.amount,
            reference=event.reference,
            lift=_ZERO,
        )
    )
    replay.last_commitment = event.commitment


def _reduced(replay: _Replay, event: CommitmentReduced) -> None:
    ledger = replay.ledger
    ledger.give_back(ledger.open_commitment(event.commitment, "reduce"), event.by.amount)


def _released(replay: _Replay, event: CommitmentReleased) -> None:
    ledger = replay.ledger
    ledger.give_back(ledger.open_commitment(event.commitment, "release"), event.released.amount)


def _actual(replay: _Replay, event: ActualRecorded) -> None:
    ledger = replay.ledger
    value = event.amount.amount
    if event.commitment is not None:
        record = ledger.open_commitment(event.commitment, "invoice")
        ledger.invoice(record, value, event.released.amount)
    ledger.book_actual(event.line, event.expense, ledger.month(event.on), value, _ZERO)


def _moved(replay: _Replay, event: BudgetTransferred) -> None:
    ledger = replay.ledger
    month = ledger.month(event.on)
    ledger.move_budget(event.source, month, -event.amount.amount)
    ledger.move_budget(event.target, month, event.amount.amount)
    ledger.authorizations.add(event.authorization.reference)


def _adjusted(replay: _Replay, event: BudgetAdjusted) -> None:
    ledger = replay.ledger
    ledger.move_budget(event.line, ledger.month(event.on), event.amount.amount)
    ledger.authorizations.add(event.authorization.reference)


def _overridden(replay: _Replay, event: BudgetOverrunOverridden) -> None:
    """The lift of the override goes to the line, and to the commitment it was granted for."""
    ledger = replay.ledger
    totals = ledger.line(event.line)
    lift = event.excess.amount
    totals.lift[ledger.month(event.on)] += lift
    commitment = replay.last_commitment
    if commitment is not None and str(commitment) == event.record:
        ledger.commitments[commitment].lift += lift
    totals.respend()
    ledger.authorizations.add(event.authorization.reference)


def _warned(_replay: _Replay, _event: BudgetOverrunWarned) -> None:
    """A warning changes nothing on the line."""


_APPLY: Final[dict[type[DomainEvent], Callable[[_Replay, Any], None]]] = {
    BudgetLineOpened: _line_opened,
    OverrunRuleChanged: _rule_changed,
    BudgetCommitted: _committed,
    CommitmentReduced: _reduced,
    CommitmentReleased: _released,
    ActualRecorded: _actual,
    BudgetTransferred: _moved,
    BudgetAdjusted: _adjusted,
    BudgetOverrunOverridden: _overridden,
    BudgetOverrunWarned: _warned,
}


def replay_into(ledger: BudgetLedger, events: Sequence[DomainEvent]) -> None:
    """Apply the events after the opening one, in order, to ``ledger``.

    Args:
        ledger: A fresh ledger for the budget's fiscal year, currency and chart.
        events: The budget's whole history, its :class:`BudgetOpened` first.

    Raises:
        ValidationError: An event of another budget, of another kind, or out of sequence.
    """
    budget_id = events[0].aggregate_id
    replay = _Replay(ledger)
    for version, event in enumerate(events, start=1):
        if event.aggregate_id != budget_id or event.version != version:
            raise ValidationError(
                f"event {version} of budget {budget_id} is version {event.version} of "
                f"{event.aggregate_id}: a budget is replayed from its own events, in order",
                field="events",
            )
        if version == 1:
            continue
        apply = _APPLY.get(type(event))
        if apply is None:
            raise ValidationError(
                f"a budget does not record {event.name} events (version {version})",
                field="events",
            )
        if not isinstance(event, BudgetOverrunOverridden | BudgetOverrunWarned):
            replay.last_commitment = None
        apply(replay, event)
