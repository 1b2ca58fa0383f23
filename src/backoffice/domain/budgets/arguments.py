"""How budget commands read their arguments: the boundary checks shared by budget and service.

Every budget command checks what it is given before it changes anything, with the shared
vocabulary of :mod:`backoffice.values.inputs` (actors, free text, ids, yes/no flags, aware
instants) and the few budget-specific shapes below: an amount is :class:`Money` (never a float
or a bare ``Decimal``), a booking date is a ``date`` (never ``None`` or a ``datetime``), a line
is a :class:`BudgetLineKey`. A wrong argument is a
:class:`~backoffice.errors.ValidationError` naming it, never an ``AttributeError`` from deep
inside.

Example:
    >>> day("2025-03-01", "on")
    Traceback (most recent call last):
    ...
    backoffice.errors.ValidationError: on must be a date (not a datetime), got '2025-03-01'
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TypeVar

from backoffice.domain.budgets.authorization import Authorization
from backoffice.domain.budgets.categories import BudgetLineKey, SpendingCategory
from backoffice.domain.budgets.phasing import MonthlyPlan
from backoffice.domain.budgets.rules import OverrunRule
from backoffice.errors import ValidationError
from backoffice.values import inputs
from backoffice.values.money import Money
from backoffice.values.period import Period

__all__ = [
    "authorization",
    "categories",
    "day",
    "line",
    "money",
    "of_type",
    "optional_authorization",
    "optional_day",
    "period",
    "plan",
    "rule",
]

T = TypeVar("T")


def _shown(value: object) -> str:
    shown = repr(value)
    return f"{type(value).__name__} {shown if len(shown) <= 60 else shown[:57] + '...'}"


def of_type(value: object, kind: type[T], field: str) -> T:
    """``value`` if it is a ``kind``.

    Raises:
        ValidationError: It is not (``None`` included).
    """
    if not isinstance(value, kind):
        raise ValidationError(
            f"{field} must be a {kind.__name__}, got {_shown(value)}", field=field, value=value
        )
    return value


def money(value: object, field: str = "amount") -> Money:
    """An amount: :class:`Money` (a float, ``Decimal`` or number alone has no currency)."""
    return of_type(value, Money, field)


def day(value: object, field: str = "on") -> date:
    """A booking date: a ``date``, not ``None`` and not a ``datetime``.

    The shared :func:`backoffice.values.inputs.day`, with the booking date's name by default.
    """
    return inputs.day(value, field)


def optional_day(value: object, at: datetime, field: str = "on") -> date:
    """A booking date, or the date of ``at`` when ``value`` is ``None``."""
    return at.date() if value is None else day(value, field)


def line(value: object, field: str = "line") -> BudgetLineKey:
    """A budget line: a :class:`BudgetLineKey` (department and category)."""
    return of_type(value, BudgetLineKey, field)


def categories(value: object) -> frozenset[SpendingCategory]:
    """A chart of spending categories: a collection of categories or their codes.

    Raises:
        ValidationError: Not a collection (a lone string or ``None`` included), or an item is
            not a category.
    """
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError(
            f"categories must be a collection of SpendingCategory, got {_shown(value)}",
            field="categories",
            value=value,
        )
    return frozenset(inputs.entity_id(item, SpendingCategory, "categories") for item in value)


# The remaining shapes, for the commands' signatures to read alike.
def plan(value: object) -> MonthlyPlan:
    """A monthly plan."""
    return of_type(value, MonthlyPlan, "plan")


def rule(value: object) -> OverrunRule:
    """An overrun rule."""
    return of_type(value, OverrunRule, "rule")


def period(value: object) -> Period:
    """A fiscal year (or any period of whole months)."""
    return of_type(value, Period, "fiscal_year")


def authorization(value: object, field: str = "authorization") -> Authorization:
    """An authorization."""
    return of_type(value, Authorization, field)


def optional_authorization(value: object) -> Authorization | None:
    """An override authorization, or ``None``."""
    return None if value is None else authorization(value, "override")
