"""The approval policy laws pass for the shipped matrix and catch deliberately broken ones."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice.domain.approvals.documents import ApprovalDocument
from backoffice.domain.approvals.steps import ApprovalChain, Role, StepSpec
from backoffice.policies.approval import EXAMPLE_APPROVAL_MATRIX, ThresholdApprovalPolicy
from backoffice.testing.laws import LawViolation, check_approval_policy_laws

MATRIX = ThresholdApprovalPolicy.from_dict(EXAMPLE_APPROVAL_MATRIX)


class ShrinkingChain:
    """Broken: up to 1,000 the head and finance approve; above it only the head."""

    def chain_for(self, document: ApprovalDocument) -> ApprovalChain:
        roles = ["department-head"]
        if document.amount.amount <= Decimal(1000):
            roles.append("finance")
        return ApprovalChain(tuple(StepSpec(Role(r)) for r in roles))


def test_the_shipped_matrix_obeys_every_law() -> None:
    check_approval_policy_laws(MATRIX)


def test_a_chain_that_shrinks_with_the_amount_is_caught() -> None:
    with pytest.raises(LawViolation, match="chains grow with the amount") as caught:
        check_approval_policy_laws(ShrinkingChain())
    assert caught.value.law == "chains grow with the amount"
    assert "0.00 CNY needs ['department-head', 'finance']" in caught.value.detail  # shrunk
