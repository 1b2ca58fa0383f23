"""Laws as a library: the properties every implementation of a pluggable rule must have.

Each rule has a list of named laws and a ``check_..._laws`` function that runs hypothesis
against your implementation and raises :class:`LawViolation` (an ``AssertionError``) naming
the law broken and the shrunk example. Call one inside a test::

    def test_my_policy_obeys_the_sla_laws():
        check_sla_policy_laws(MyPolicy(), calendars=my_calendars)
"""

from __future__ import annotations

from backoffice.testing.laws._core import LawViolation
from backoffice.testing.laws.approvals import APPROVAL_POLICY_LAWS, check_approval_policy_laws
from backoffice.testing.laws.depreciation import (
    DEPRECIATION_POLICY_LAWS,
    check_depreciation_policy_laws,
)
from backoffice.testing.laws.kpi import KPI_SCORING_LAWS, check_kpi_scoring_laws
from backoffice.testing.laws.overrun import OVERRUN_POLICY_LAWS, check_overrun_policy_laws
from backoffice.testing.laws.removal import REMOVAL_POLICY_LAWS, check_removal_policy_laws
from backoffice.testing.laws.sla import SLA_POLICY_LAWS, check_sla_policy_laws

__all__ = [
    "APPROVAL_POLICY_LAWS",
    "DEPRECIATION_POLICY_LAWS",
    "KPI_SCORING_LAWS",
    "OVERRUN_POLICY_LAWS",
    "REMOVAL_POLICY_LAWS",
    "SLA_POLICY_LAWS",
    "LawViolation",
    "check_approval_policy_laws",
    "check_depreciation_policy_laws",
    "check_kpi_scoring_laws",
    "check_overrun_policy_laws",
    "check_removal_policy_laws",
    "check_sla_policy_laws",
]
