"""Policies: the pluggable rules that decide.

They decide SLA targets, triage, approval chains, overrun control, the stock removal order and
requisition and stock-adjustment approval. Each policy is a :class:`typing.Protocol` with frozen
default implementations that ship the seed defaults; an embedder or a consultant can pass their
own, or build the defaults from plain data (``from_dict``, or TOML read with :mod:`tomllib`).
"""

from __future__ import annotations

from backoffice.policies.approval import (
    EXAMPLE_APPROVAL_MATRIX,
    ApprovalLevel,
    ApprovalPolicy,
    MatrixColumn,
    NoApprovalRule,
    ThresholdApprovalPolicy,
)
from backoffice.policies.depreciation import (
    DEPRECIATION_METHODS,
    DecliningBalance,
    DepreciationBasis,
    DepreciationPolicy,
    DepreciationSchedule,
    DoubleDecliningBalance,
    Impairment,
    MethodChange,
    NoDepreciation,
    ProRata,
    ResidualValueChange,
    Revaluation,
    StraightLine,
    UnitsOfProduction,
    UsefulLifeChange,
    depreciation_policy_from_dict,
    depreciation_schedule,
)
from backoffice.policies.inspections import (
    CorrectionDeadlinePolicy,
    SeverityDeadlines,
)
from backoffice.policies.overrun import (
    SEED_OVERRUN_POLICY,
    CategoryOverrunPolicy,
    OverrunPolicy,
)
from backoffice.policies.removal import (
    REMOVAL_POLICIES,
    FirstExpiredFirstOut,
    FirstInFirstOut,
    RemovalMethod,
    RemovalPolicy,
    removal_policy,
    removal_policy_from_dict,
)
from backoffice.policies.requisitions import (
    MatrixRequisitionApproval,
    RequisitionApprovalPolicy,
    RequisitionDecision,
    RequisitionOutcome,
    SimpleRequisitionApproval,
    requisition_policy_from_dict,
)
from backoffice.policies.sla import SEED_SLA_TABLE, SlaPolicy, SlaRule, TieredSlaPolicy
from backoffice.policies.stock import (
    FORBID_NEGATIVE_STOCK,
    NO_ADJUSTMENT_APPROVAL,
    AdjustmentApprovalPolicy,
    AdjustmentThreshold,
    AllowNegativeStock,
    ForbidNegativeStock,
    NegativeStockPolicy,
    adjustment_policy_from_dict,
    negative_stock_policy_from_dict,
)
from backoffice.policies.triage import (
    SEED_TRIAGE_RULES,
    KeywordTriagePolicy,
    TriagePolicy,
    TriageProposal,
    TriageRule,
)
from backoffice.policies.warranty import (
    DatedWarrantyPolicy,
    WarrantyCheck,
    WarrantyPolicy,
)

__all__ = [
    "DEPRECIATION_METHODS",
    "EXAMPLE_APPROVAL_MATRIX",
    "FORBID_NEGATIVE_STOCK",
    "NO_ADJUSTMENT_APPROVAL",
    "REMOVAL_POLICIES",
    "SEED_OVERRUN_POLICY",
    "SEED_SLA_TABLE",
    "SEED_TRIAGE_RULES",
    "AdjustmentApprovalPolicy",
    "AdjustmentThreshold",
    "AllowNegativeStock",
    "ApprovalLevel",
    "ApprovalPolicy",
    "CategoryOverrunPolicy",
    "CorrectionDeadlinePolicy",
    "DatedWarrantyPolicy",
    "DecliningBalance",
    "DepreciationBasis",
    "DepreciationPolicy",
    "DepreciationSchedule",
    "DoubleDecliningBalance",
    "FirstExpiredFirstOut",
    "FirstInFirstOut",
    "ForbidNegativeStock",
    "Impairment",
    "KeywordTriagePolicy",
    "MatrixColumn",
    "MatrixRequisitionApproval",
    "MethodChange",
    "NegativeStockPolicy",
    "NoApprovalRule",
    "NoDepreciation",
    "OverrunPolicy",
    "ProRata",
    "RemovalMethod",
    "RemovalPolicy",
    "RequisitionApprovalPolicy",
    "RequisitionDecision",
    "RequisitionOutcome",
    "ResidualValueChange",
    "Revaluation",
    "SeverityDeadlines",
    "SimpleRequisitionApproval",
    "SlaPolicy",
    "SlaRule",
    "StraightLine",
    "ThresholdApprovalPolicy",
    "TieredSlaPolicy",
    "TriagePolicy",
    "TriageProposal",
    "TriageRule",
    "UnitsOfProduction",
    "UsefulLifeChange",
    "WarrantyCheck",
    "WarrantyPolicy",
    "adjustment_policy_from_dict",
    "depreciation_policy_from_dict",
    "depreciation_schedule",
    "negative_stock_policy_from_dict",
    "removal_policy",
    "removal_policy_from_dict",
    "requisition_policy_from_dict",
]
