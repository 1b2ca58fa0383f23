"""Counterexamples of one policy are kept apart from another's in the example database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import Phase, settings
from hypothesis.database import InMemoryExampleDatabase

from backoffice.domain.approvals.documents import ApprovalDocument
from backoffice.domain.approvals.steps import ApprovalChain, Role, StepSpec
from backoffice.policies.removal import FirstExpiredFirstOut, FirstInFirstOut
from backoffice.testing.laws import LawViolation, check_approval_policy_laws
from backoffice.testing.laws._core import law_database_key


class ShrinksAbove:
    """Broken: above ``limit`` the finance step is dropped."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __repr__(self) -> str:
        return f"ShrinksAbove({self.limit})"

    def chain_for(self, document: ApprovalDocument) -> ApprovalChain:
        roles = ["department-head"]
        if document.amount.amount <= Decimal(self.limit):
            roles.append("finance")
        return ApprovalChain(tuple(StepSpec(Role(r)) for r in roles))


def _keys_after_failing(policy: ShrinksAbove, database: InMemoryExampleDatabase) -> set[bytes]:
    before = set(database.data)
    with pytest.raises(LawViolation):
        check_approval_policy_laws(
            policy,
            laws=["chains grow with the amount"],
            # the database is what is tested: no need to shrink
            settings=settings(database=database, phases=[Phase.reuse, Phase.generate]),
        )
    return set(database.data) - before


def test_two_policies_keep_their_counterexamples_under_different_keys() -> None:
    database = InMemoryExampleDatabase()
    first = _keys_after_failing(ShrinksAbove(1_000), database)
    second = _keys_after_failing(ShrinksAbove(9_000), database)
    assert first
    assert second
    assert not first & second


def test_the_same_policy_finds_its_own_counterexample_again() -> None:
    database = InMemoryExampleDatabase()
    first = _keys_after_failing(ShrinksAbove(1_000), database)
    assert first
    assert _keys_after_failing(ShrinksAbove(1_000), database) == set()  # replayed, same keys


def test_the_key_names_the_rule_and_the_policy() -> None:
    assert law_database_key("removal", FirstInFirstOut()) != law_database_key(
        "removal", FirstExpiredFirstOut()
    )
    assert law_database_key("approval", ShrinksAbove(5)) == b"approval|" + (
        f"{__name__}.ShrinksAbove|ShrinksAbove(5)".encode()
    )


def test_a_repr_with_a_memory_address_is_left_out_of_the_key() -> None:
    class Plain:
        pass

    assert law_database_key("kpi", Plain()) == law_database_key("kpi", Plain())
