"""Authorizations: the recorded approval behind every exception to the budget.

Three things may move a budget line past what its owners planned: an **override** of a stop
(spending beyond the limit), a **transfer** between lines, and a **supplementary budget** (or a
cut). None of them happens silently: each command takes an :class:`Authorization` naming the
approval document, who approved it, why, and up to how much. The budget refuses an
authorization given by the very person who performs the action, one that does not cover the
amount, and one already used; the authorization is written into the event, so the audit trail
shows who let the budget be exceeded, and why.

With backoffice's own approval chains, :class:`~backoffice.services.budgets.BudgetService`
builds the authorization from an approved document; an embedder with its own workflow builds
it directly.
"""

from __future__ import annotations

import attrs

from backoffice.errors import ValidationError
from backoffice.values.ids import ActorId
from backoffice.values.money import Money

__all__ = ["Authorization"]


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            "an authorization needs a non-blank reference and reason", field="authorization"
        )
    return value.strip()


def _positive(value: Money) -> Money:
    if not isinstance(value, Money) or not value.is_positive():
        raise ValidationError(
            f"an authorization covers a positive amount, got {value!r}", field="amount"
        )
    return value


@attrs.frozen
class Authorization:
    """An approval that permits one override, transfer or budget adjustment.

    Attributes:
        reference: The approval document's id (used once: a budget refuses it the second time).
        approved_by: Who approved it; never the person who performs the action.
        reason: Why, in the approver's words.
        amount: The most it permits (the excess over the limit, the amount transferred).

    Example:
        >>> ok = Authorization("APR-7", ActorId("gm.zhao"), "boiler failed", Money("3000", "CNY"))
        >>> ok.covers(Money("2500", "CNY"))
        True
    """

    reference: str = attrs.field(converter=_text)
    approved_by: ActorId
    reason: str = attrs.field(converter=_text)
    amount: Money = attrs.field(validator=lambda _i, _a, v: _positive(v))

    def covers(self, amount: Money) -> bool:
        """Whether the authorization permits ``amount`` (same currency, not more)."""
        return amount.currency == self.amount.currency and amount <= self.amount
