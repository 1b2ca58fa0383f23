"""The removal policy laws pass for the shipped orders and catch deliberately broken ones."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

import pytest
from hypothesis import settings

from backoffice.domain.inventory import LocationId, StockLedger, StockMovement
from backoffice.policies.removal import REMOVAL_POLICIES, RemovalMethod, RemovalPolicy
from backoffice.testing.laws import REMOVAL_POLICY_LAWS, LawViolation, check_removal_policy_laws
from backoffice.testing.laws import removal as removal_laws
from backoffice.values import Money

#: Mutants run without the example database (their counterexamples are not worth keeping) and
#: derandomized, so whether the kit catches them never depends on the run.
NO_DATABASE = settings(database=None, derandomize=True)


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


class LedgerLosingACent(StockLedger):
    """Broken ledger, not policy: no removal order can lose money, so the cost law is shown
    catching a ledger whose value is a cent short once anything was issued."""

    def value(self, location: LocationId | str | None = None) -> Money:
        whole = super().value(location)
        if any(movement.kind == "issue" for movement in self.movements()):
            return whole - Money(Decimal("0.01"), whole.currency)
        return whole


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


def test_a_ledger_that_loses_a_cent_is_caught_with_a_shrunk_example(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(removal_laws, "StockLedger", LedgerLosingACent)
    with pytest.raises(LawViolation, match="cost is conserved to the cent") as caught:
        check_removal_policy_laws(
            REMOVAL_POLICIES[RemovalMethod.FIFO],
            laws=["cost is conserved to the cent"],
            settings=NO_DATABASE,
        )
    # shrunk: one receipt and one issue
    assert caught.value.detail.count("kind='receive'") == 1
    assert caught.value.detail.count("kind='issue'") == 1


def test_the_laws_are_named_once_each() -> None:
    assert len(set(REMOVAL_POLICY_LAWS)) == len(REMOVAL_POLICY_LAWS) == 4
