"""Approvals: documents, chains of steps, decisions, delegation and segregation of duties.

审批权限: a document (a requisition, a purchase order, an expense, vehicle use, a budget
transfer, a stock adjustment, an overrun override) goes through a chain of steps decided by an
:class:`~backoffice.policies.approval.ApprovalPolicy`; each step is a role with a quorum and
optionally a deadline on the business calendar. An :class:`ApprovalRequest` enforces the chain
and segregation of duties; a :class:`SplitPurchaseDetector` flags purchases split to stay under
a threshold.
"""

from __future__ import annotations

from backoffice.domain.approvals.decisions import Decision, DecisionKind
from backoffice.domain.approvals.delegation import Delegation, DelegationId
from backoffice.domain.approvals.documents import ApprovalDocument, DocumentId, DocumentKind
from backoffice.domain.approvals.errors import (
    ApprovalError,
    ApprovalRequestNotFound,
    DuplicateApprover,
    InvalidDelegation,
    NoEligibleApprover,
    NotAnApprover,
    NotTheRequester,
    ReasonRequired,
    ReceiverIsApprover,
    SelfApprovalForbidden,
)
from backoffice.domain.approvals.events import (
    ApprovalEscalated,
    ApprovalGranted,
    ApprovalRejected,
    ApprovalRequested,
    ApprovalResubmitted,
    ApprovalReturned,
    ApprovalWithdrawn,
    DelegationGranted,
    DelegationRevoked,
)
from backoffice.domain.approvals.register import DelegationRegister
from backoffice.domain.approvals.request import ApprovalRequest, ApprovalStatus, StepAssignment
from backoffice.domain.approvals.splitting import (
    PURCHASE_KINDS,
    SplitPurchaseDetector,
    SplitPurchaseFlag,
)
from backoffice.domain.approvals.steps import (
    DEPARTMENT_HEAD,
    FINANCE,
    GENERAL_MANAGER,
    LOGISTICS_MANAGER,
    LOGISTICS_OFFICER,
    ApprovalChain,
    Deadline,
    DeadlineUnit,
    Quorum,
    QuorumKind,
    RestartRule,
    Role,
    StepSpec,
)

__all__ = [
    "DEPARTMENT_HEAD",
    "FINANCE",
    "GENERAL_MANAGER",
    "LOGISTICS_MANAGER",
    "LOGISTICS_OFFICER",
    "PURCHASE_KINDS",
    "ApprovalChain",
    "ApprovalDocument",
    "ApprovalError",
    "ApprovalEscalated",
    "ApprovalGranted",
    "ApprovalRejected",
    "ApprovalRequest",
    "ApprovalRequestNotFound",
    "ApprovalRequested",
    "ApprovalResubmitted",
    "ApprovalReturned",
    "ApprovalStatus",
    "ApprovalWithdrawn",
    "Deadline",
    "DeadlineUnit",
    "Decision",
    "DecisionKind",
    "Delegation",
    "DelegationGranted",
    "DelegationId",
    "DelegationRegister",
    "DelegationRevoked",
    "DocumentId",
    "DocumentKind",
    "DuplicateApprover",
    "InvalidDelegation",
    "NoEligibleApprover",
    "NotAnApprover",
    "NotTheRequester",
    "Quorum",
    "QuorumKind",
    "ReasonRequired",
    "ReceiverIsApprover",
    "RestartRule",
    "Role",
    "SelfApprovalForbidden",
    "SplitPurchaseDetector",
    "SplitPurchaseFlag",
    "StepAssignment",
    "StepSpec",
]
