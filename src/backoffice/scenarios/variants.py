"""A variant's policies, built from its plain-data definition (in the process that runs it).

A scenario's variants are plain data (see :mod:`backoffice.scenarios.config`): that is what
travels to worker processes and Dask workers, and each builds the policies it needs with the
policies' own ``from_dict``. :class:`VariantPolicies` is the result: the calendars by name, the
SLA policy, the triage policy, the staffing and the repairs budget.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Final, TypeVar

import attrs

from backoffice.calendar import BusinessCalendar, CalendarRegistry
from backoffice.errors import PolicyConfigurationError, ValidationError
from backoffice.policies.approval import ThresholdApprovalPolicy
from backoffice.policies.overrun import CategoryOverrunPolicy
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.policies.triage import KeywordTriagePolicy
from backoffice.scenarios.budgets import DEMO_APPROVAL_MATRIX
from backoffice.scenarios.calendar import office_calendar
from backoffice.scenarios.staffing import Staffing
from backoffice.values import Money

__all__ = ["BudgetSpec", "VariantPolicies", "builtin_calendars"]

_BUDGET_KEYS: Final = frozenset({"annual", "currency", "overrun"})
T = TypeVar("T")


@lru_cache(maxsize=1)
def _builtin() -> tuple[BusinessCalendar, BusinessCalendar]:
    office = office_calendar()
    return office, BusinessCalendar.always(office.timezone)


def builtin_calendars() -> dict[str, BusinessCalendar]:
    """The calendars every scenario knows: ``"office"`` and ``"24x7"`` (Shanghai time).

    The office is the demo's (09:00-12:00 and 13:00-18:00 on weekdays, China's holidays).
    """
    office, always = _builtin()
    return {"office": office, "24x7": always}


@attrs.frozen
class BudgetSpec:
    """The repairs budget of a simulation: what is allowed a year, and the overrun rules.

    Attributes:
        annual: The annual budget of the repairs line (phased evenly by month).
        overrun: The overrun policy (the seed: stop at budget + 5 %).
    """

    annual: Money
    overrun: CategoryOverrunPolicy

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str = "budget") -> BudgetSpec:
        """Build from ``{annual = "360000.00", currency = "CNY", overrun = {...}}``.

        Raises:
            PolicyConfigurationError: A key is unknown or the amount is not a decimal number.
        """
        unknown = set(data) - _BUDGET_KEYS
        if unknown:
            raise PolicyConfigurationError(
                f"{where}: unknown keys {sorted(unknown)}; known: {sorted(_BUDGET_KEYS)}",
                field=where,
            )
        try:
            annual = Money(
                Decimal(str(data.get("annual", "360000.00"))), data.get("currency", "CNY")
            )
        except (InvalidOperation, ValidationError) as error:
            raise PolicyConfigurationError(
                f'{where}.annual: a decimal amount such as "360000.00": {error}',
                field=f"{where}.annual",
            ) from error
        try:
            overrun = CategoryOverrunPolicy.from_dict(data.get("overrun", {}))
        except ValidationError as error:
            raise PolicyConfigurationError(
                f"{where}.overrun: {error}", field=f"{where}.overrun"
            ) from error
        return cls(annual, overrun)


@attrs.frozen
class VariantPolicies:
    """Everything a variant decides with.

    Attributes:
        calendars: The calendars by name (the built-in ones and the variant's own).
        sla: The SLA policy.
        triage: The triage policy.
        staffing: The teams.
        budget: The repairs budget and its overrun rules.
        approvals: The approval matrix repair bills go through (the demo's by default).
    """

    calendars: CalendarRegistry
    sla: TieredSlaPolicy
    triage: KeywordTriagePolicy
    staffing: Staffing
    budget: BudgetSpec
    approvals: ThresholdApprovalPolicy

    @classmethod
    def build(cls, definition: Mapping[str, Any], *, where: str = "variant") -> VariantPolicies:
        """Build the policies of one variant definition.

        Raises:
            PolicyConfigurationError: A part does not build; the message names where.
        """
        calendars: dict[str, Any] = dict(builtin_calendars())
        for name, table in dict(definition.get("calendars", {})).items():
            try:
                calendars[name] = BusinessCalendar.from_dict(table)
            except (ValueError, TypeError) as error:
                field = f"{where}.calendars.{name}"
                raise PolicyConfigurationError(f"{field}: {error}", field=field) from error
        registry = CalendarRegistry(calendars)
        sla = _part(
            lambda: TieredSlaPolicy.from_dict(definition.get("sla", {}), calendars=calendars),
            f"{where}.sla",
        )
        triage_data = definition.get("triage")
        triage = (
            KeywordTriagePolicy.seed()
            if triage_data is None
            else _part(lambda: KeywordTriagePolicy.from_dict(triage_data), f"{where}.triage")
        )
        staffing = Staffing.from_dict(
            definition.get("staffing", {}), calendars=list(calendars), where=f"{where}.staffing"
        )
        budget = BudgetSpec.from_dict(definition.get("budget", {}), where=f"{where}.budget")
        matrix = definition.get("approvals", DEMO_APPROVAL_MATRIX)
        approvals = _part(lambda: ThresholdApprovalPolicy.from_dict(matrix), f"{where}.approvals")
        return cls(registry, sla, triage, staffing, budget, approvals)

    def calendar(self, name: str) -> BusinessCalendar:
        """The business calendar named ``name``."""
        calendar = self.calendars[name]
        if not isinstance(calendar, BusinessCalendar):  # pragma: no cover (built from dicts)
            raise PolicyConfigurationError(f"calendar {name!r} is not a business calendar")
        return calendar


def _part(build: Callable[[], T], where: str) -> T:
    try:
        return build()
    except PolicyConfigurationError as error:
        raise PolicyConfigurationError(f"{where}: {error}", field=where) from error
    except (ValueError, TypeError) as error:
        raise PolicyConfigurationError(f"{where}: {error}", field=where) from error
