"""Shipped state machines: the real services under your policy, the laws after every step.

Each machine is a hypothesis :class:`~hypothesis.stateful.RuleBasedStateMachine` that drives
a real service with the policy you plug in and checks the laws of
:mod:`backoffice.testing.laws` after every step:

* :class:`SlaPolicyMachine`: a :class:`~backoffice.services.requests.ServiceDesk` under your
  SLA policy (set ``policy`` and ``calendars``);
* :class:`ApprovalPolicyMachine`: an :class:`~backoffice.services.approvals.ApprovalService`
  under your approval policy;
* :class:`OverrunPolicyMachine`: a budget opened through
  :class:`~backoffice.services.budgets.BudgetService` under your overrun policy;
* :class:`RemovalPolicyMachine`: a stock ledger in your removal order.

Enable one in your test suite with a subclass::

    class MyDeskMachine(SlaPolicyMachine):
        policy = MyPolicy()
        calendars = my_calendars

    TestMyDesk = MyDeskMachine.TestCase

or with :func:`machine_test_case`, which does the same in one line::

    TestMyDesk = machine_test_case(SlaPolicyMachine, policy=MyPolicy(), calendars=my_calendars)
"""

from __future__ import annotations

import unittest
from typing import Any

from hypothesis import settings as Settings  # noqa: N812 (the class, not the decorator)
from hypothesis.stateful import RuleBasedStateMachine

from backoffice.testing.machines.approvals import ApprovalPolicyMachine
from backoffice.testing.machines.budgets import OverrunPolicyMachine
from backoffice.testing.machines.requests import SlaPolicyMachine
from backoffice.testing.machines.stock import RemovalPolicyMachine

__all__ = [
    "ApprovalPolicyMachine",
    "OverrunPolicyMachine",
    "RemovalPolicyMachine",
    "SlaPolicyMachine",
    "machine_test_case",
]


def machine_test_case(
    machine: type[RuleBasedStateMachine],
    *,
    settings: Settings | None = None,
    **attributes: Any,
) -> type[unittest.TestCase]:
    """A ``TestCase`` running ``machine`` with ``attributes`` (``policy=...``) set.

    Args:
        machine: One of the shipped machines (or a subclass).
        settings: Hypothesis settings for the run (the active profile's by default).
        **attributes: Class attributes of the machine to set, e.g. ``policy``.

    Example:
        >>> from backoffice.policies.removal import FirstExpiredFirstOut
        >>> TestFefo = machine_test_case(RemovalPolicyMachine, policy=FirstExpiredFirstOut())
        >>> TestFefo.__name__
        'RemovalPolicyMachineForFirstExpiredFirstOut'
    """
    unknown = [name for name in attributes if not hasattr(machine, name)]
    if unknown:
        raise TypeError(f"{machine.__name__} has no attributes {unknown}")
    policy = attributes.get("policy")
    suffix = f"For{type(policy).__name__}" if policy is not None else "Configured"
    configured = type(f"{machine.__name__}{suffix}", (machine,), dict(attributes))
    case: type[unittest.TestCase] = configured.TestCase  # type: ignore[attr-defined]
    case.__name__ = configured.__name__
    if settings is not None:
        case.settings = settings  # type: ignore[attr-defined]
    return case
