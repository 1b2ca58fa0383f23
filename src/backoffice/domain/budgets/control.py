"""Budget control: the check before a commitment or expense, and what the line's rule makes of it.

Before money is committed or spent, the budget line is **checked** (事中监控): does the amount
fit the budget, the tolerance, or neither? The answer is a :class:`BudgetCheck`. Then the
line's :class:`~backoffice.domain.budgets.rules.OverrunAction` decides, through a dispatch
table:

========  =============================================================================
stop      over the limit: refused with ``BudgetExceeded``, unless an approved override
          (an :class:`~backoffice.domain.budgets.authorization.Authorization`) covers the
          excess; the override is then recorded and lifts the line's limit by the excess.
warn      over the limit: allowed, and a warning event is recorded.
ignore    allowed; the reports still show the overrun.
========  =============================================================================

Spending within the tolerance (over budget, under the limit) is allowed under every rule.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Final

import attrs

from backoffice.domain.budgets.authorization import Authorization
from backoffice.domain.budgets.categories import BudgetLineKey
from backoffice.domain.budgets.errors import BudgetExceeded, InvalidAuthorization
from backoffice.domain.budgets.rules import OverrunAction, OverrunRule
from backoffice.domain.budgets.totals import as_money
from backoffice.values.ids import ActorId
from backoffice.values.money import Money

__all__ = [
    "BudgetCheck",
    "BudgetVerdict",
    "Enforcement",
    "check_authorization",
    "enforce",
]

_ZERO: Final = Decimal(0)


class BudgetVerdict(enum.Enum):
    """Where an amount would take a budget line."""

    #: It fits what is left of the budget.
    WITHIN_BUDGET = "within-budget"
    #: Over budget, but within the tolerance (and any overrides): allowed under every rule.
    WITHIN_TOLERANCE = "within-tolerance"
    #: Past the limit: the line's overrun action applies.
    OVER_LIMIT = "over-limit"


@attrs.frozen
class BudgetCheck:
    """The answer to "may this amount be booked on this line on this date?".

    Attributes:
        line: The budget line checked.
        on: The booking date.
        requested: The amount checked.
        verdict: Within budget, within tolerance or over the limit.
        action: The line's overrun action (what happens if the verdict is over the limit).

    Example:
        >>> from backoffice.values.ids import DepartmentId
        >>> from backoffice.domain.budgets.categories import UTILITIES
        >>> check = BudgetCheck(
        ...     BudgetLineKey(DepartmentId("DEP-ADMIN"), UTILITIES), date(2025, 3, 1),
        ...     Money("900", "CNY"), BudgetVerdict.WITHIN_TOLERANCE, OverrunAction.STOP,
        ...     available=Decimal("800"), headroom=Decimal("1000"))
        >>> check.allowed, str(check.available), str(check.excess)
        (True, '800.00 CNY', '0.00 CNY')
    """

    line: BudgetLineKey
    on: date
    requested: Money
    verdict: BudgetVerdict
    action: OverrunAction
    # Kept as Decimal and turned into Money on demand: a check is on the hot path.
    _available: Decimal = attrs.field(alias="available")
    _headroom: Decimal = attrs.field(alias="headroom")

    @property
    def available(self) -> Money:
        """What is left of the budget on the line's basis (negative when over budget)."""
        return as_money(self._available, self.requested.currency)

    @property
    def headroom(self) -> Money:
        """What could be booked before the limit (budget + tolerance + overrides)."""
        return as_money(self._headroom, self.requested.currency)

    @property
    def excess(self) -> Money:
        """How far the amount would go past the limit (zero if it does not)."""
        over = self.requested.amount - self._headroom
        return as_money(over if over > 0 else _ZERO, self.requested.currency)

    @property
    def allowed(self) -> bool:
        """Whether the line's rule lets the amount through without an override."""
        return self.verdict is not BudgetVerdict.OVER_LIMIT or self.action is not OverrunAction.STOP

    @property
    def needs_override(self) -> bool:
        """Whether only an approved override can let the amount through."""
        return not self.allowed

    @classmethod
    def of(
        cls,
        line: BudgetLineKey,
        on: date,
        requested: Money,
        rule: OverrunRule,
        *,
        room: Decimal,
        slack: Decimal,
    ) -> BudgetCheck:
        """The check of ``requested`` against a room (budget) and a slack (limit)."""
        value = requested.amount
        if value <= room:
            verdict = BudgetVerdict.WITHIN_BUDGET
        elif value <= slack:
            verdict = BudgetVerdict.WITHIN_TOLERANCE
        else:
            verdict = BudgetVerdict.OVER_LIMIT
        return cls(line, on, requested, verdict, rule.action, available=room, headroom=slack)


@attrs.frozen
class Enforcement:
    """What the rule made of a check: how much override to record, whether to warn.

    Attributes:
        lift: The excess permitted by an override (zero without one).
        warn: Whether a warning event is to be recorded.
        authorization: The override used, if one was needed.
    """

    lift: Decimal = _ZERO
    warn: bool = False
    authorization: Authorization | None = None


def check_authorization(
    authorization: Authorization, *, actor: ActorId, amount: Money, used: frozenset[str] | set[str]
) -> None:
    """Refuse an authorization that is self-approved, too small or already used.

    Raises:
        InvalidAuthorization: With the reason.
    """
    reference = authorization.reference
    if authorization.approved_by == actor:
        raise InvalidAuthorization(
            reference, f"{actor} cannot authorize their own action (segregation of duties)"
        )
    if reference in used:
        raise InvalidAuthorization(reference, "it has been used already")
    if authorization.amount.currency != amount.currency:
        raise InvalidAuthorization(
            reference, f"it is in {authorization.amount.currency}, not {amount.currency}"
        )
    if not authorization.covers(amount):
        raise InvalidAuthorization(
            reference, f"it covers {authorization.amount}, {amount} is needed"
        )


def _stop(
    check: BudgetCheck,
    rule: OverrunRule,
    override: Authorization | None,
    actor: ActorId,
    used: frozenset[str] | set[str],
) -> Enforcement:
    if check.verdict is not BudgetVerdict.OVER_LIMIT:
        return Enforcement()
    excess = check.excess
    if override is None:
        raise BudgetExceeded(
            line=check.line,
            on=check.on,
            requested=check.requested,
            available=check.available,
            headroom=check.headroom,
            excess=excess,
            rule=rule,
        )
    check_authorization(override, actor=actor, amount=excess, used=used)
    return Enforcement(lift=excess.amount, authorization=override)


def _warn(
    check: BudgetCheck,
    _rule: OverrunRule,
    _override: Authorization | None,
    _actor: ActorId,
    _used: frozenset[str] | set[str],
) -> Enforcement:
    return Enforcement(warn=check.verdict is BudgetVerdict.OVER_LIMIT)


def _ignore(
    _check: BudgetCheck,
    _rule: OverrunRule,
    _override: Authorization | None,
    _actor: ActorId,
    _used: frozenset[str] | set[str],
) -> Enforcement:
    return Enforcement()


_Handler = Callable[
    [BudgetCheck, OverrunRule, Authorization | None, ActorId, "frozenset[str] | set[str]"],
    Enforcement,
]
_ENFORCE: Final[dict[OverrunAction, _Handler]] = {
    OverrunAction.STOP: _stop,
    OverrunAction.WARN: _warn,
    OverrunAction.IGNORE: _ignore,
}


def enforce(
    check: BudgetCheck,
    rule: OverrunRule,
    *,
    override: Authorization | None,
    actor: ActorId,
    used: frozenset[str] | set[str],
) -> Enforcement:
    """Apply ``rule``'s overrun action to ``check``.

    An override is consumed only when a stop needs it; otherwise it is left unused.

    Raises:
        BudgetExceeded: A stop line over its limit, without an override.
        InvalidAuthorization: The override does not hold (see :func:`check_authorization`).
    """
    return _ENFORCE[rule.action](check, rule, override, actor, used)
