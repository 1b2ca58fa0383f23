"""The removal policy laws pass for the shipped orders and catch deliberately broken ones."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from hypothesis import settings

from backoffice.domain.inventory import StockMovement
from backoffice.policies.removal import REMOVAL_POLICIES, RemovalMethod, RemovalPolicy
from backoffice.testing.laws import REMOVAL_POLICY_LAWS, LawViolation, check_removal_policy_laws

#: Mutants run without the example database: their counterexamples are not worth keeping.
NO_DATABASE = settings(database=None)


class FefoByReceipt:
    """Broken: says first-expired-first-out, issues oldest first."""

    @property
    def method(self) -> RemovalMethod:
        return RemovalMethod.FEFO

    def key(self, lot: StockMovement) -> tuple[Any, ...]:
        return (lot.at, lot.number)


class FieldsThatLie:
    """Broken: declares the FIFO fields but orders newest first."""

    key_fields: ClassVar[tuple[str, ...]] = ("at", "number")

    @property
    def method(self) -> RemovalMethod:
        return RemovalMethod.FIFO

    def key(self, lot: StockMovement) -> tuple[Any, ...]:
        return (-lot.number,)


class ByExpiryOnly:
    """Broken: lots expiring the same day (or never) share a key."""

    @property
    def method(self) -> RemovalMethod:
        return RemovalMethod.FEFO

    def key(self, lot: StockMovement) -> tuple[Any, ...]:
        return (str(lot.expires_on),)


@pytest.mark.parametrize("method", list(RemovalMethod))
def test_the_shipped_orders_obey_every_law(method: RemovalMethod) -> None:
    check_removal_policy_laws(REMOVAL_POLICIES[method])


def test_fefo_in_name_only_is_caught_with_a_shrunk_example() -> None:
    with pytest.raises(LawViolation, match="first-expired-first-out means it") as caught:
        check_removal_policy_laws(FefoByReceipt(), settings=NO_DATABASE)
    # shrunk: two receipts, the later expiring first, then an issue of one unit
    assert caught.value.detail.count("kind='receive'") == 2
    assert caught.value.detail.count("kind='issue', qty=Decimal('1')") == 1


def test_key_fields_that_disagree_with_the_key_are_caught() -> None:
    with pytest.raises(LawViolation, match="each lot has its own fixed key") as caught:
        check_removal_policy_laws(FieldsThatLie(), settings=NO_DATABASE)
    assert "key_fields" in caught.value.detail


def test_lots_sharing_a_key_are_caught() -> None:
    with pytest.raises(LawViolation, match="share the key"):
        check_removal_policy_laws(ByExpiryOnly(), settings=NO_DATABASE)


def test_an_order_the_ledger_does_not_follow_is_caught() -> None:
    policy: RemovalPolicy = FieldsThatLie()
    with pytest.raises(LawViolation, match="lots leave in the policy's order"):
        check_removal_policy_laws(
            policy, laws=["lots leave in the policy's order"], settings=NO_DATABASE
        )


def test_the_laws_are_named_once_each() -> None:
    assert len(set(REMOVAL_POLICY_LAWS)) == len(REMOVAL_POLICY_LAWS) == 4
