"""Application services: they load aggregates, ask policies to decide, act, and collect events.

Services wire the pure domain to injected ports (clock, id generator, repositories, directory)
and are what an embedding system or a scenario script calls.
"""

from __future__ import annotations

from backoffice.services.approval_repository import ApprovalRepository, InMemoryApprovals
from backoffice.services.approvals import ESCALATION_SCHEDULER, ApprovalService
from backoffice.services.assets import (
    AssetRegister,
)
from backoffice.services.budget_repository import BudgetRepository, InMemoryBudgets
from backoffice.services.budgets import BudgetService, authorization_from
from backoffice.services.directory import Directory, InMemoryDirectory
from backoffice.services.inspections import (
    InspectionService,
)
from backoffice.services.inventory import Inventory
from backoffice.services.journal import Area, OfficeJournal, UnknownArea
from backoffice.services.maintenance import (
    MAINTENANCE_PLANNER,
    MaintenancePlanner,
)
from backoffice.services.office import Office
from backoffice.services.office_ids import UnitOfWorkIds
from backoffice.services.office_rules import OfficeRules
from backoffice.services.requests import (
    SLA_MONITOR,
    InMemoryRequests,
    RequestRepository,
    ServiceDesk,
    SlaWatchlist,
)

__all__ = [
    "ESCALATION_SCHEDULER",
    "MAINTENANCE_PLANNER",
    "SLA_MONITOR",
    "ApprovalRepository",
    "ApprovalService",
    "Area",
    "AssetRegister",
    "BudgetRepository",
    "BudgetService",
    "Directory",
    "InMemoryApprovals",
    "InMemoryBudgets",
    "InMemoryDirectory",
    "InMemoryRequests",
    "InspectionService",
    "Inventory",
    "MaintenancePlanner",
    "Office",
    "OfficeJournal",
    "OfficeRules",
    "RequestRepository",
    "ServiceDesk",
    "SlaWatchlist",
    "UnitOfWorkIds",
    "UnknownArea",
    "authorization_from",
]
