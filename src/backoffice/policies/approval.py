"""Approval policies: which chain of steps a document needs (审批权限).

An :class:`ApprovalPolicy` maps a document (kind, amount, category, department, requester) to
an :class:`~backoffice.domain.approvals.steps.ApprovalChain`. The default,
:class:`ThresholdApprovalPolicy`, is the classic **approval matrix**: amounts down the side,
categories (or document kinds) across the top. Each column is a list of **levels**; a level
adds a step from its threshold upwards, so a larger amount climbs more levels and gets a longer
chain, with any number of levels::

    everything else        from 0       department head
                           from 5,000   + logistics manager
                           from 50,000  + finance
                           from 200,000 + general manager

The first column whose categories and kinds match the document is used; a document that no
column matches is refused (fails closed). Built from plain data (a dict or TOML)::

    currency = "CNY"
    restart = "from-start"

    [[columns]]
    name = "vehicle use"
    kinds = ["vehicle-use"]
    levels = [{ from = "0", role = "logistics-manager" }]

    [[columns]]
    name = "everything else"
    levels = [
        { from = "0", role = "department-head", within_working_days = 1,
          escalate_to = "logistics-manager" },
        { from = "5000", role = "logistics-manager" },
        { from = "50000", role = "finance", quorum = "all" },
        { from = "200000", role = "general-manager" },
    ]

Level keys: ``from`` (threshold, inclusive), ``role``, ``quorum`` (``"any"``, ``"all"`` or n),
``within_working_hours`` or ``within_working_days`` (deadline), ``escalate_to`` (role).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final, Protocol

import attrs

from backoffice.domain.approvals.documents import ApprovalDocument, DocumentKind
from backoffice.domain.approvals.steps import (
    ApprovalChain,
    Deadline,
    DeadlineUnit,
    Quorum,
    RestartRule,
    Role,
    StepSpec,
)
from backoffice.domain.budgets.categories import SpendingCategory
from backoffice.errors import BackofficeError, PolicyConfigurationError
from backoffice.values.money import Money

__all__ = [
    "EXAMPLE_APPROVAL_MATRIX",
    "ApprovalLevel",
    "ApprovalPolicy",
    "MatrixColumn",
    "NoApprovalRule",
    "ThresholdApprovalPolicy",
]


class ApprovalPolicy(Protocol):
    """Decides the chain of approval steps a document needs."""

    def chain_for(self, document: ApprovalDocument) -> ApprovalChain:
        """The chain for ``document``; raise rather than return an empty chain."""
        ...


class NoApprovalRule(BackofficeError, LookupError):
    """No column of the approval matrix matches the document (the policy fails closed).

    Attributes:
        document: The document's id (as text).
    """

    def __init__(self, document: ApprovalDocument) -> None:
        super().__init__(
            f"no approval rule covers {document.id} ({document.kind.value}, "
            f"{document.category}, {document.amount}); add a catch-all column"
        )
        self.document = document.id


@attrs.frozen
class ApprovalLevel:
    """One level of a column: amounts from ``threshold`` up need ``step``.

    Attributes:
        threshold: The smallest amount (inclusive) that needs this level.
        step: The step the level adds to the chain.
    """

    threshold: Money
    step: StepSpec


def _levels(value: Iterable[ApprovalLevel]) -> tuple[ApprovalLevel, ...]:
    # Stable sort: levels with the same threshold keep their written order.
    return tuple(sorted(value, key=lambda level: level.threshold.amount))


def _frozen(value: Iterable[Any]) -> frozenset[Any]:
    return frozenset(value)


@attrs.frozen
class MatrixColumn:
    """A column of the approval matrix: which documents it covers and its levels.

    Attributes:
        name: A label for people ("capital purchases", "everything else").
        levels: The levels, by threshold (levels with equal thresholds keep their order).
        categories: The spending categories it covers; empty means every category.
        kinds: The document kinds it covers; empty means every kind.
    """

    name: str
    levels: tuple[ApprovalLevel, ...] = attrs.field(converter=_levels)
    categories: frozenset[SpendingCategory] = attrs.field(default=frozenset(), converter=_frozen)
    kinds: frozenset[DocumentKind] = attrs.field(default=frozenset(), converter=_frozen)

    def matches(self, document: ApprovalDocument) -> bool:
        """Whether the column covers ``document``'s category and kind."""
        return (not self.categories or document.category in self.categories) and (
            not self.kinds or document.kind in self.kinds
        )

    def steps_for(self, amount: Money) -> tuple[StepSpec, ...]:
        """The steps of every level whose threshold ``amount`` reaches, lowest level first."""
        return tuple(level.step for level in self.levels if amount >= level.threshold)


def _columns(value: Iterable[MatrixColumn]) -> tuple[MatrixColumn, ...]:
    return tuple(value)


@attrs.frozen
class ThresholdApprovalPolicy:
    """An amount x category (and kind) matrix with any number of levels.

    Attributes:
        columns: The columns, tried in order; the first that matches the document is used.
        restart: How chains restart after a return for changes.

    Example:
        >>> from backoffice.domain.approvals import DocumentId
        >>> from backoffice.domain.budgets import REPAIRS_AND_MAINTENANCE
        >>> from backoffice.values.ids import ActorId, DepartmentId
        >>> policy = ThresholdApprovalPolicy.from_dict(EXAMPLE_APPROVAL_MATRIX)
        >>> repair = ApprovalDocument(id=DocumentId("PO-9"), kind=DocumentKind.PURCHASE_ORDER,
        ...     amount=Money("68000", "CNY"), category=REPAIRS_AND_MAINTENANCE,
        ...     department=DepartmentId("DEP-ADMIN"), requester=ActorId("li"))
        >>> print(" -> ".join(str(role) for role in policy.chain_for(repair).roles))
        department-head -> logistics-manager -> finance
    """

    columns: tuple[MatrixColumn, ...] = attrs.field(converter=_columns)
    restart: RestartRule = RestartRule.FROM_START

    def chain_for(self, document: ApprovalDocument) -> ApprovalChain:
        """The chain of the first matching column for the document's amount.

        Raises:
            NoApprovalRule: No column matches, or the matching one has no level for the amount.
        """
        for column in self.columns:
            if column.matches(document):
                steps = column.steps_for(document.amount)
                if not steps:
                    raise NoApprovalRule(document)
                return ApprovalChain(steps, self.restart)
        raise NoApprovalRule(document)

    def thresholds(self) -> tuple[Money, ...]:
        """Every positive threshold in the matrix, ascending (for split-purchase detection)."""
        found = {
            level.threshold
            for column in self.columns
            for level in column.levels
            if level.threshold.is_positive()
        }
        return tuple(sorted(found, key=lambda m: m.amount))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ThresholdApprovalPolicy:
        """Build from plain data; see the module docstring for the layout.

        Raises:
            PolicyConfigurationError: Unknown keys or values, missing currency or columns.
        """
        _only(data, {"currency", "restart", "columns"}, "approval policy")
        currency = data.get("currency")
        columns = data.get("columns")
        if not isinstance(currency, str) or not columns:
            raise PolicyConfigurationError(
                "an approval policy needs a 'currency' and at least one column",
                field="policy",
            )
        try:
            restart = RestartRule(data.get("restart", RestartRule.FROM_START.value))
            return cls(
                columns=tuple(_column(entry, currency) for entry in columns), restart=restart
            )
        except PolicyConfigurationError:
            raise
        except (ValueError, TypeError, KeyError) as error:
            raise PolicyConfigurationError(
                f"invalid approval policy: {error}", field="policy"
            ) from error

    def to_dict(self) -> dict[str, Any]:
        """The plain-data form accepted by :meth:`from_dict`."""
        currencies = {
            level.threshold.currency for column in self.columns for level in column.levels
        }
        return {
            "currency": min(currencies) if currencies else "CNY",
            "restart": self.restart.value,
            "columns": [_column_data(column) for column in self.columns],
        }


def _only(data: Mapping[str, Any], known: set[str], what: str) -> None:
    unknown = set(data) - known
    if unknown:
        raise PolicyConfigurationError(
            f"unknown {what} keys {sorted(unknown)}; known: {sorted(known)}",
            field=what,
            value=dict(data),
        )


_LEVEL_KEYS: Final = {
    "from",
    "role",
    "quorum",
    "within_working_hours",
    "within_working_days",
    "escalate_to",
}
_DEADLINE_KEYS: Final = {
    "within_working_hours": DeadlineUnit.WORKING_HOURS,
    "within_working_days": DeadlineUnit.WORKING_DAYS,
}


def _level(data: Mapping[str, Any], currency: str) -> ApprovalLevel:
    _only(data, _LEVEL_KEYS, "approval level")
    deadlines = [Deadline(data[key], unit) for key, unit in _DEADLINE_KEYS.items() if key in data]
    if len(deadlines) > 1:
        raise PolicyConfigurationError(
            "a level has one deadline: within_working_hours or within_working_days",
            field="level",
            value=dict(data),
        )
    escalate = data.get("escalate_to")
    step = StepSpec(
        role=Role(data["role"]),
        quorum=Quorum.from_plain(data.get("quorum", "any")),
        deadline=deadlines[0] if deadlines else None,
        escalate_to=None if escalate is None else Role(escalate),
    )
    return ApprovalLevel(Money(data.get("from", "0"), currency), step)


def _column(data: Mapping[str, Any], currency: str) -> MatrixColumn:
    _only(data, {"name", "categories", "kinds", "levels"}, "approval column")
    return MatrixColumn(
        name=str(data.get("name", "")),
        levels=[_level(level, currency) for level in data["levels"]],
        categories=[SpendingCategory(code) for code in data.get("categories", ())],
        kinds=[DocumentKind(kind) for kind in data.get("kinds", ())],
    )


def _level_data(level: ApprovalLevel) -> dict[str, Any]:
    step = level.step
    data: dict[str, Any] = {"from": str(level.threshold.amount), "role": str(step.role)}
    if step.quorum != Quorum.any():
        data["quorum"] = step.quorum.to_plain()
    if step.deadline is not None:
        key = next(k for k, unit in _DEADLINE_KEYS.items() if unit is step.deadline.unit)
        data[key] = step.deadline.amount
    if step.escalate_to is not None:
        data["escalate_to"] = str(step.escalate_to)
    return data


def _column_data(column: MatrixColumn) -> dict[str, Any]:
    data: dict[str, Any] = {"name": column.name}
    if column.categories:
        data["categories"] = sorted(str(c) for c in column.categories)
    if column.kinds:
        data["kinds"] = sorted(k.value for k in column.kinds)
    data["levels"] = [_level_data(level) for level in column.levels]
    return data


#: An example matrix in plain data (illustrative amounts in CNY, not from the seeds): vehicle
#: use by the logistics manager; capital purchases always by finance too; everything else
#: climbing from the department head (first review within 1 working day, as the seed's 需求初审)
#: to the logistics manager, finance and the general manager.
EXAMPLE_APPROVAL_MATRIX: Final[dict[str, Any]] = {
    "currency": "CNY",
    "restart": "from-start",
    "columns": [
        {
            "name": "vehicle use",
            "kinds": ["vehicle-use"],
            "levels": [{"from": "0", "role": "logistics-manager"}],
        },
        {
            "name": "capital purchases",
            "categories": ["capital-purchases"],
            "levels": [
                {"from": "0", "role": "department-head"},
                {"from": "0", "role": "finance"},
                {"from": "50000", "role": "general-manager"},
            ],
        },
        {
            "name": "everything else",
            "levels": [
                {
                    "from": "0",
                    "role": "department-head",
                    "within_working_days": 1,
                    "escalate_to": "logistics-manager",
                },
                {"from": "5000", "role": "logistics-manager"},
                {"from": "50000", "role": "finance"},
                {"from": "200000", "role": "general-manager"},
            ],
        },
    ],
}
