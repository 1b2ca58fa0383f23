"""Moving budget: transfers between lines and adjustments (supplementary budgets and cuts).

Budget moves only under an approval (an
:class:`~backoffice.domain.budgets.authorization.Authorization`), is recorded, and never takes
away money already committed or spent. A transfer conserves the budget's total; an adjustment
changes it by exactly its amount.
"""

from __future__ import annotations

from datetime import date, datetime

from backoffice.domain.budgets import arguments
from backoffice.domain.budgets.authorization import Authorization
from backoffice.domain.budgets.categories import BudgetLineKey
from backoffice.domain.budgets.control import check_authorization
from backoffice.domain.budgets.events import BudgetAdjusted, BudgetTransferred
from backoffice.domain.budgets.recorder import BudgetRecorder
from backoffice.errors import CurrencyMismatch, ValidationError
from backoffice.values import inputs
from backoffice.values.ids import ActorId
from backoffice.values.money import Money

__all__ = ["BudgetMoves"]


class BudgetMoves(BudgetRecorder):
    """The transfer and adjustment commands of :class:`~backoffice.domain.budgets.budget.Budget`."""

    __slots__ = ()

    def transfer(
        self,
        source: BudgetLineKey,
        target: BudgetLineKey,
        amount: Money,
        *,
        on: date,
        authorization: Authorization,
        actor: ActorId,
        at: datetime,
    ) -> None:
        """Move budget from one line to another in the month of ``on``; the total is unchanged.

        Raises:
            InsufficientBudget: The source has not that much available (on its basis, from
                that month on): committed or spent budget cannot be moved away.
            InvalidAuthorization: The authorization does not hold.
            ValidationError: Source and target are the same line.
        """
        source, target = arguments.line(source, "source"), arguments.line(target, "target")
        amount, on = arguments.money(amount), arguments.day(on)
        authorization = arguments.authorization(authorization)
        at, actor = inputs.instant(at), inputs.actor(actor)
        ledger = self._ledger
        giver = ledger.line(source)
        ledger.line(target)
        if source == target:
            raise ValidationError("a transfer needs two different lines", field="target")
        month = ledger.month(on)
        value = ledger.positive(amount)
        check_authorization(authorization, actor=actor, amount=amount, used=ledger.authorizations)
        ledger.check_can_give(giver, month, on, amount)
        ledger.move_budget(source, month, -value)
        ledger.move_budget(target, month, value)
        ledger.authorizations.add(authorization.reference)
        self._record(
            BudgetTransferred,
            actor,
            at,
            source=source,
            target=target,
            on=on,
            amount=amount,
            authorization=authorization,
        )

    def adjust(
        self,
        line: BudgetLineKey,
        amount: Money,
        *,
        on: date,
        authorization: Authorization,
        actor: ActorId,
        at: datetime,
    ) -> None:
        """Raise a line's budget (a supplementary budget, ``amount`` > 0) or cut it (< 0).

        Raises:
            InsufficientBudget: A cut of budget already committed or spent.
            InvalidAuthorization: The authorization does not hold or is smaller than the change.
            ValidationError: ``amount`` is zero.
        """
        line, amount, on = arguments.line(line), arguments.money(amount), arguments.day(on)
        authorization = arguments.authorization(authorization)
        at, actor = inputs.instant(at), inputs.actor(actor)
        ledger = self._ledger
        totals = ledger.line(line)
        month = ledger.month(on)
        if amount.currency != self.currency:
            raise CurrencyMismatch(self.currency, amount.currency, operation="adjust")
        if amount.is_zero():
            raise ValidationError("an adjustment of zero changes nothing", field="amount")
        size = abs(amount)
        check_authorization(authorization, actor=actor, amount=size, used=ledger.authorizations)
        if amount.is_negative():
            ledger.check_can_give(totals, month, on, size)
        ledger.move_budget(line, month, amount.amount)
        ledger.authorizations.add(authorization.reference)
        self._record(
            BudgetAdjusted, actor, at, line=line, on=on, amount=amount, authorization=authorization
        )
