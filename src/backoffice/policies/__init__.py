"""Policies: the pluggable rules that decide.

They decide SLA targets, triage, approval chains, overrun control, the stock removal order,
requisition and stock-adjustment approval, and KPI scores (scorecards). Each policy is a
:class:`typing.Protocol` with frozen default implementations that ship the seed defaults; an
embedder or a consultant can pass their own, or build the defaults from plain data
(``from_dict``, or TOML read with :mod:`tomllib`).
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
from backoffice.policies.kpi import (
    SEED_BANDS,
    SEED_SCORECARD,
    Band,
    Direction,
    Kpi,
    KpiResult,
    KpiScoringPolicy,
    Scorecard,
    ScorecardResult,
    ScoringRule,
    SubjectKind,
    WeightedKpiScoring,
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

__all__ = [
    "EXAMPLE_APPROVAL_MATRIX",
    "FORBID_NEGATIVE_STOCK",
    "NO_ADJUSTMENT_APPROVAL",
    "REMOVAL_POLICIES",
    "SEED_BANDS",
    "SEED_OVERRUN_POLICY",
    "SEED_SCORECARD",
    "SEED_SLA_TABLE",
    "SEED_TRIAGE_RULES",
    "AdjustmentApprovalPolicy",
    "AdjustmentThreshold",
    "AllowNegativeStock",
    "ApprovalLevel",
    "ApprovalPolicy",
    "Band",
    "CategoryOverrunPolicy",
    "Direction",
    "FirstExpiredFirstOut",
    "FirstInFirstOut",
    "ForbidNegativeStock",
    "KeywordTriagePolicy",
    "Kpi",
    "KpiResult",
    "KpiScoringPolicy",
    "MatrixColumn",
    "MatrixRequisitionApproval",
    "NegativeStockPolicy",
    "NoApprovalRule",
    "OverrunPolicy",
    "RemovalMethod",
    "RemovalPolicy",
    "RequisitionApprovalPolicy",
    "RequisitionDecision",
    "RequisitionOutcome",
    "Scorecard",
    "ScorecardResult",
    "ScoringRule",
    "SimpleRequisitionApproval",
    "SlaPolicy",
    "SlaRule",
    "SubjectKind",
    "ThresholdApprovalPolicy",
    "TieredSlaPolicy",
    "TriagePolicy",
    "TriageProposal",
    "TriageRule",
    "WeightedKpiScoring",
    "adjustment_policy_from_dict",
    "negative_stock_policy_from_dict",
    "removal_policy",
    "removal_policy_from_dict",
    "requisition_policy_from_dict",
]
