"""A state machine that runs a storeroom under your removal policy, checking the laws each step.

:class:`RemovalPolicyMachine` keeps one item's stock in a real
:class:`~backoffice.domain.inventory.StockLedger` in your removal order and applies the
receipts (some lots expiring) and issues hypothesis draws
(:func:`~backoffice.testing.histories.stock_commands`), a day apart. After every step it
checks the removal laws (see :mod:`backoffice.testing.laws.removal`): each lot has its own
fixed key, cost is conserved to the cent, issues draw lots in the policy's order, expired lots
never leave and FEFO means first-expired-first-out.

Use it by subclassing and setting :attr:`~RemovalPolicyMachine.policy`::

    class MyStoreroomMachine(RemovalPolicyMachine):
        policy = MyOrder()

    TestMyStoreroom = MyStoreroomMachine.TestCase
"""

from __future__ import annotations

from typing import ClassVar

from hypothesis.stateful import RuleBasedStateMachine, rule

from backoffice.policies.removal import RemovalPolicy
from backoffice.testing.histories import StockCommand, stock_commands
from backoffice.testing.laws.removal import REMOVAL_POLICY_LAWS, RemovalLawCheck

__all__ = ["RemovalPolicyMachine"]


class RemovalPolicyMachine(RuleBasedStateMachine):
    """Random storeroom histories under :attr:`policy`; the removal laws after every step.

    Attributes:
        policy: Your removal policy (set it in a subclass).
    """

    policy: ClassVar[RemovalPolicy | None] = None

    def __init__(self) -> None:
        super().__init__()
        if self.policy is None:
            raise TypeError(f"{type(self).__name__} needs a policy: set the class attribute")
        self.law = RemovalLawCheck(self.policy, REMOVAL_POLICY_LAWS)

    @rule(command=stock_commands())
    def move_stock(self, command: StockCommand) -> None:
        """A lot is received or stock issued, a day after the step before."""
        self.law.step(command)
