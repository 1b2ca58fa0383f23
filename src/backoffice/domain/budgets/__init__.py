"""Budgets with commitment control: lines, phasing, commitments and actuals, transfers, reports.

事前预算、事中监控、事后分析: the budget is drawn up before the year (:class:`Budget`,
:class:`MonthlyPlan`), every commitment and expense is checked against it during the year
(:class:`BudgetCheck`, :class:`OverrunRule`), and the year is analysed afterwards
(:mod:`~backoffice.domain.budgets.reports`).
"""

from __future__ import annotations

from backoffice.domain.budgets.authorization import Authorization
from backoffice.domain.budgets.budget import Budget
from backoffice.domain.budgets.categories import (
    CAPITAL_PURCHASES,
    CATERING,
    OFFICE_SUPPLIES,
    OUTSOURCED_SERVICES,
    REPAIRS_AND_MAINTENANCE,
    SEED_CATEGORIES,
    UTILITIES,
    VEHICLES,
    BudgetId,
    BudgetLineKey,
    CommitmentId,
    ExpenseId,
    SpendingCategory,
)
from backoffice.domain.budgets.commitments import Commitment, CommitmentStatus
from backoffice.domain.budgets.control import BudgetCheck, BudgetVerdict
from backoffice.domain.budgets.errors import (
    AlreadyRecorded,
    BudgetError,
    BudgetExceeded,
    BudgetLineNotFound,
    CommitmentClosed,
    CommitmentNotFound,
    InsufficientBudget,
    InvalidAuthorization,
    OutsideFiscalYear,
    UnknownCategory,
)
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
from backoffice.domain.budgets.figures import LineFigures, MonthFigures
from backoffice.domain.budgets.phasing import MonthlyPlan
from backoffice.domain.budgets.replay import BUDGET_EVENTS
from backoffice.domain.budgets.reports import (
    Forecast,
    Grouping,
    VarianceRow,
    forecast,
    forecast_by,
    variance_by,
)
from backoffice.domain.budgets.rules import (
    DEFAULT_OVERRUN_RULE,
    SEED_OVERRUN_TOLERANCE,
    CheckBasis,
    OverrunAction,
    OverrunRule,
)

__all__ = [
    "BUDGET_EVENTS",
    "CAPITAL_PURCHASES",
    "CATERING",
    "DEFAULT_OVERRUN_RULE",
    "OFFICE_SUPPLIES",
    "OUTSOURCED_SERVICES",
    "REPAIRS_AND_MAINTENANCE",
    "SEED_CATEGORIES",
    "SEED_OVERRUN_TOLERANCE",
    "UTILITIES",
    "VEHICLES",
    "ActualRecorded",
    "AlreadyRecorded",
    "Authorization",
    "Budget",
    "BudgetAdjusted",
    "BudgetCheck",
    "BudgetCommitted",
    "BudgetError",
    "BudgetExceeded",
    "BudgetId",
    "BudgetLineKey",
    "BudgetLineNotFound",
    "BudgetLineOpened",
    "BudgetOpened",
    "BudgetOverrunOverridden",
    "BudgetOverrunWarned",
    "BudgetTransferred",
    "BudgetVerdict",
    "CheckBasis",
    "Commitment",
    "CommitmentClosed",
    "CommitmentId",
    "CommitmentNotFound",
    "CommitmentReduced",
    "CommitmentReleased",
    "CommitmentStatus",
    "ExpenseId",
    "Forecast",
    "Grouping",
    "InsufficientBudget",
    "InvalidAuthorization",
    "LineFigures",
    "MonthFigures",
    "MonthlyPlan",
    "OutsideFiscalYear",
    "OverrunAction",
    "OverrunRule",
    "OverrunRuleChanged",
    "SpendingCategory",
    "UnknownCategory",
    "VarianceRow",
    "forecast",
    "forecast_by",
    "variance_by",
]
