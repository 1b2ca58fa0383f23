"""Spending categories and the ids of budget records.

A back office spends its budget in a small set of **spending categories** (费用类别): office
supplies, repairs and maintenance, utilities, catering, vehicles, outsourced services, capital
purchases, ... Each budget keeps a chart of the categories it knows; spending booked to a
category that is not on the chart is refused (fails closed), never silently accepted.

Categories are typed codes like any other id, so an embedding system can add its own
(``SpendingCategory("training")``) next to the seed set below.
"""

from __future__ import annotations

from typing import ClassVar, Final

import attrs

from backoffice.values.ids import DepartmentId, EntityId

__all__ = [
    "CAPITAL_PURCHASES",
    "CATERING",
    "OFFICE_SUPPLIES",
    "OUTSOURCED_SERVICES",
    "REPAIRS_AND_MAINTENANCE",
    "SEED_CATEGORIES",
    "UTILITIES",
    "VEHICLES",
    "BudgetId",
    "BudgetLineKey",
    "CommitmentId",
    "ExpenseId",
    "SpendingCategory",
]


@attrs.frozen(order=True, repr=False)
class SpendingCategory(EntityId):
    """A spending category (费用类别), by its code, e.g. ``SpendingCategory("utilities")``."""

    prefix: ClassVar[str] = "CAT"


@attrs.frozen(order=True, repr=False)
class BudgetId(EntityId):
    """A budget: one organisation's (or site's) back-office budget for one fiscal year."""

    prefix: ClassVar[str] = "BUD"


@attrs.frozen(order=True, repr=False)
class CommitmentId(EntityId):
    """A commitment: an approved requisition or purchase order not yet invoiced."""

    prefix: ClassVar[str] = "CMT"


@attrs.frozen(order=True, repr=False)
class ExpenseId(EntityId):
    """An actual: an invoice received against a commitment, or a direct expense."""

    prefix: ClassVar[str] = "EXP"


@attrs.frozen(order=True, cache_hash=True)
class BudgetLineKey:
    """Which budget line: an organisational unit and a spending category.

    The fiscal period is the budget's own, so within one :class:`Budget` a line is named by
    ``(department, category)``; a service holding several fiscal years adds the period.

    Attributes:
        department: The department or cost centre (部门 / 成本中心) that owns the line.
        category: The spending category.

    Example:
        >>> str(BudgetLineKey(DepartmentId("DEP-ADMIN"), UTILITIES))
        'DEP-ADMIN/utilities'
    """

    department: DepartmentId
    category: SpendingCategory

    def __str__(self) -> str:
        return f"{self.department}/{self.category}"


#: Office supplies and consumables (办公用品).
OFFICE_SUPPLIES: Final = SpendingCategory("office-supplies")
#: Repairs and maintenance of buildings and equipment (维修保养).
REPAIRS_AND_MAINTENANCE: Final = SpendingCategory("repairs-and-maintenance")
#: Water, electricity, gas, heating (水电能耗).
UTILITIES: Final = SpendingCategory("utilities")
#: Canteen and catering (餐饮).
CATERING: Final = SpendingCategory("catering")
#: Company vehicles: fuel, maintenance, insurance (车辆).
VEHICLES: Final = SpendingCategory("vehicles")
#: Outsourced services: cleaning, security, property management (外包服务).
OUTSOURCED_SERVICES: Final = SpendingCategory("outsourced-services")
#: Capital purchases: equipment and furniture that become fixed assets (固定资产购置).
CAPITAL_PURCHASES: Final = SpendingCategory("capital-purchases")

#: The categories the seed articles name for back-office spending.
SEED_CATEGORIES: Final = frozenset(
    {
        OFFICE_SUPPLIES,
        REPAIRS_AND_MAINTENANCE,
        UTILITIES,
        CATERING,
        VEHICLES,
        OUTSOURCED_SERVICES,
        CAPITAL_PURCHASES,
    }
)
