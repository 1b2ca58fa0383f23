"""The approval policy laws pass for the shipped matrix and catch deliberately broken ones."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import ClassVar

import pytest
from hypothesis import settings

from backoffice.domain.approvals.documents import ApprovalDocument
from backoffice.domain.approvals.steps import ApprovalChain, Role, StepSpec
from backoffice.policies.approval import EXAMPLE_APPROVAL_MATRIX, ThresholdApprovalPolicy
from backoffice.testing.laws import LawViolation, check_approval_policy_laws

MATRIX = ThresholdApprovalPolicy.from_dict(EXAMPLE_APPROVAL_MATRIX)
#: Mutants run without the example database (their counterexamples are not worth keeping) and
#: derandomized, so whether the kit catches them never depends on the run.
NO_DATABASE = settings(database=None, derandomize=True)


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
        check_approval_policy_laws(ShrinkingChain(), settings=NO_DATABASE)
    assert caught.value.law == "chains grow with the amount"
    # shrunk to the limit: the larger amount is just above 1,000 (usually 0.00 against 1001.00;
    # the shrinker sometimes stops at another pair just across, such as 969.01 and 1000.01)
    assert re.search(
        r"needs \['department-head', 'finance'\] but 100[01]\.0[01] CNY only", caught.value.detail
    )


class CrashesOnUnknownKinds:
    """Broken: a dict lookup that raises KeyError, not a refusal, for kinds it does not know."""

    roles: ClassVar[dict[str, str]] = {"purchase": "department-head"}

    def chain_for(self, document: ApprovalDocument) -> ApprovalChain:
        role = self.roles[str(document.kind.value)]
        return ApprovalChain((StepSpec(Role(role)),))


class EmptyChainAboveALimit:
    """Broken: above 50,000 nobody is asked (an empty chain approves at once)."""

    def chain_for(self, document: ApprovalDocument) -> ApprovalChain:
        if document.amount.amount > Decimal(50_000):
            return ApprovalChain(())
        return MATRIX.chain_for(document)


class HeadThenFinance:
    """Two steps whose roles one person may hold both of."""

    def chain_for(self, document: ApprovalDocument) -> ApprovalChain:
        return ApprovalChain((StepSpec(Role("department-head")), StepSpec(Role("finance"))))


def test_a_policy_that_crashes_instead_of_refusing_is_caught() -> None:
    with pytest.raises(LawViolation, match="a chain exists or the policy fails closed") as caught:
        check_approval_policy_laws(CrashesOnUnknownKinds(), settings=NO_DATABASE)
    assert "KeyError" in caught.value.detail


def test_an_empty_chain_is_caught_with_a_shrunk_example() -> None:
    with pytest.raises(LawViolation, match="a chain exists or the policy fails closed") as caught:
        check_approval_policy_laws(
            EmptyChainAboveALimit(),
            laws=["a chain exists or the policy fails closed"],
            settings=NO_DATABASE,
        )
    assert "amount=Money('50000.01'" in caught.value.detail  # shrunk: the first amount over


def test_segregation_of_duties_broken_in_the_service_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the policy cannot break segregation (the approval request enforces it), so break the
    # request's "one step per person" guard and show the law notices
    monkeypatch.setattr(
        "backoffice.domain.approvals.request.check_one_step_per_person",
        lambda *args, **kwargs: None,
    )
    with pytest.raises(LawViolation, match="segregation of duties holds") as caught:
        check_approval_policy_laws(
            HeadThenFinance(), laws=["segregation of duties holds"], settings=NO_DATABASE
        )
    assert "approved steps 0 and 1" in caught.value.detail


def test_the_laws_hold_for_a_two_step_chain_with_the_guards_in_place() -> None:
    check_approval_policy_laws(HeadThenFinance())
