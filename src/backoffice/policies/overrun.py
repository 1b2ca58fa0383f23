"""The overrun policy: which overrun rule each budget line gets.

An organisation rarely treats all spending alike: capital purchases may be stopped dead at
the budget, catering only warned about, a pilot project's line ignored. An
:class:`OverrunPolicy` decides the :class:`~backoffice.domain.budgets.rules.OverrunRule`
(stop / warn / ignore, tolerance, annual or cumulative-to-date check) of each line; the budget
then enforces it. The default implementation, :class:`CategoryOverrunPolicy`, looks for a rule
for the exact line, then for its category, then falls back to a default, and can be built from
plain data (a dict or a TOML table)::

    [default]
    action = "stop"
    tolerance = "5"        # percent: the seed KPI "overrun <= 5 %"
    basis = "annual"

    [categories.catering]
    action = "warn"

    [[lines]]
    department = "DEP-IT"
    category = "utilities"
    basis = "cumulative"

Keys left out of a category or line rule are taken from the default rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Protocol

import attrs

from backoffice.domain.budgets.categories import BudgetLineKey, SpendingCategory
from backoffice.domain.budgets.rules import (
    DEFAULT_OVERRUN_RULE,
    SEED_OVERRUN_TOLERANCE,
    CheckBasis,
    OverrunAction,
    OverrunRule,
)
from backoffice.errors import PolicyConfigurationError
from backoffice.values.ids import DepartmentId

__all__ = [
    "SEED_OVERRUN_POLICY",
    "SEED_OVERRUN_TOLERANCE",
    "CategoryOverrunPolicy",
    "CheckBasis",
    "OverrunAction",
    "OverrunPolicy",
    "OverrunRule",
]


class OverrunPolicy(Protocol):
    """Decides the overrun rule of a budget line."""

    def rule_for(self, line: BudgetLineKey) -> OverrunRule:
        """The rule ``line`` is to be opened (or re-ruled) with."""
        ...


def _frozen_map(value: Mapping[Any, OverrunRule]) -> Mapping[Any, OverrunRule]:
    return dict(value)


@attrs.frozen
class CategoryOverrunPolicy:
    """Rules by line, then by category, then a default.

    Attributes:
        default: The rule of lines with no more specific rule.
        by_category: Rules per spending category.
        by_line: Rules per budget line (department and category), the most specific.

    Example:
        >>> from backoffice.domain.budgets import CATERING, UTILITIES
        >>> policy = CategoryOverrunPolicy.from_dict({
        ...     "default": {"action": "stop", "tolerance": "5"},
        ...     "categories": {"catering": {"action": "warn"}},
        ... })
        >>> policy.rule_for(BudgetLineKey(DepartmentId("DEP-HR"), CATERING)).action
        <OverrunAction.WARN: 'warn'>
        >>> policy.rule_for(BudgetLineKey(DepartmentId("DEP-HR"), UTILITIES)).action
        <OverrunAction.STOP: 'stop'>
    """

    default: OverrunRule = DEFAULT_OVERRUN_RULE
    by_category: Mapping[SpendingCategory, OverrunRule] = attrs.field(
        factory=dict, converter=_frozen_map
    )
    by_line: Mapping[BudgetLineKey, OverrunRule] = attrs.field(factory=dict, converter=_frozen_map)

    def rule_for(self, line: BudgetLineKey) -> OverrunRule:
        """The line's own rule, else its category's, else the default."""
        rule = self.by_line.get(line)
        if rule is None:
            rule = self.by_category.get(line.category, self.default)
        return rule

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CategoryOverrunPolicy:
        """Build from plain data; see the module docstring for the layout.

        Raises:
            PolicyConfigurationError: Unknown keys or values, or a line rule without its
                department or category.
        """
        unknown = set(data) - {"default", "categories", "lines"}
        if unknown:
            raise PolicyConfigurationError(
                f"unknown overrun policy keys {sorted(unknown)}; use default, categories, lines",
                field="policy",
            )
        default = OverrunRule.from_dict(data.get("default", {}))
        by_category = {
            SpendingCategory(code): OverrunRule.from_dict(rule, base=default)
            for code, rule in dict(data.get("categories", {})).items()
        }
        by_line: dict[BudgetLineKey, OverrunRule] = {}
        for entry in data.get("lines", ()):
            fields = dict(entry)
            try:
                key = BudgetLineKey(
                    DepartmentId(fields.pop("department")), SpendingCategory(fields.pop("category"))
                )
            except KeyError as error:
                raise PolicyConfigurationError(
                    f"a line rule needs 'department' and 'category', missing {error}",
                    field="lines",
                    value=entry,
                ) from None
            base = by_category.get(key.category, default)
            by_line[key] = OverrunRule.from_dict(fields, base=base)
        return cls(default=default, by_category=by_category, by_line=by_line)

    def to_dict(self) -> dict[str, Any]:
        """The plain-data form accepted by :meth:`from_dict` (every rule written in full)."""
        return {
            "default": self.default.to_dict(),
            "categories": {str(c): r.to_dict() for c, r in sorted(self.by_category.items())},
            "lines": [
                {"department": str(k.department), "category": str(k.category), **r.to_dict()}
                for k, r in sorted(self.by_line.items())
            ],
        }


#: The seed: every line stops at its budget + 5 % (KPI "overrun <= 5 %"), checked annually.
SEED_OVERRUN_POLICY: Final = CategoryOverrunPolicy()
