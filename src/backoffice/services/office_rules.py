"""The rules an office runs under: its policies, given once and again on every restore.

Policies are not events: they are the office's configuration. An office saved under one set of
rules and restored under another keeps its history (SLA targets, approval chains and overrun
rules already decided are recorded in the events) and applies the new rules from then on.
"""

from __future__ import annotations

import attrs

from backoffice.domain.budgets import SpendingCategory
from backoffice.policies.approval import ApprovalPolicy
from backoffice.policies.overrun import SEED_OVERRUN_POLICY, OverrunPolicy
from backoffice.policies.requisitions import MatrixRequisitionApproval
from backoffice.policies.sla import SlaPolicy
from backoffice.policies.triage import KeywordTriagePolicy, TriagePolicy
from backoffice.values.money import Money

__all__ = ["OfficeRules"]


@attrs.frozen
class OfficeRules:
    """The policies an office runs under (the same ones are given again on restore).

    Attributes:
        sla_policy: Review and graded targets of service requests.
        approval_policy: The approval matrix (chains for documents and requisitions).
        currency: The currency of the storeroom and the requisition estimates.
        requisition_category: The spending category requisitions are booked to.
        auto_approve_up_to: Requisitions estimated at or below this are approved without a
            chain (``None``: every requisition goes through the matrix).
        triage: Proposes a tier at acceptance.
        overrun_policy: Decides each budget line's overrun rule.
        approval_calendar: The name, in the office's calendar registry, of the calendar
            approval deadlines count on (``None``: round the clock).
    """

    sla_policy: SlaPolicy
    approval_policy: ApprovalPolicy
    currency: str
    requisition_category: SpendingCategory
    auto_approve_up_to: Money | None = None
    triage: TriagePolicy = attrs.field(factory=KeywordTriagePolicy.seed)
    overrun_policy: OverrunPolicy = SEED_OVERRUN_POLICY
    approval_calendar: str | None = None

    @property
    def requisition_approval(self) -> MatrixRequisitionApproval:
        """The storeroom's requisition policy: the approval matrix, for the category."""
        return MatrixRequisitionApproval(
            self.approval_policy, self.requisition_category, self.auto_approve_up_to
        )
