"""The shipped state machines run the real services under the seed policies, and catch mutants.

Each machine of :mod:`backoffice.testing.machines` runs here as a user would enable it, with
the library's own defaults plugged in; then with a deliberately broken policy (or service)
it must fail with the law broken.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import Phase, settings
from hypothesis.stateful import run_state_machine_as_test

from backoffice.calendar import BusinessCalendar, WorkingCalendar
from backoffice.domain.approvals.documents import ApprovalDocument
from backoffice.domain.approvals.steps import ApprovalChain, Role, StepSpec
from backoffice.domain.requests import RequestDetails, SlaMetric, SlaTarget, SlaTargets, Tier
from backoffice.policies.approval import EXAMPLE_APPROVAL_MATRIX, ThresholdApprovalPolicy
from backoffice.policies.overrun import SEED_OVERRUN_POLICY
from backoffice.policies.removal import FirstExpiredFirstOut, FirstInFirstOut
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.testing.laws import LawViolation
from backoffice.testing.machines import (
    ApprovalPolicyMachine,
    OverrunPolicyMachine,
    RemovalPolicyMachine,
    SlaPolicyMachine,
    machine_test_case,
)
from backoffice.testing.requests import sample_calendar_registry, sample_calendars

OFFICE = sample_calendars()[0]
assert isinstance(OFFICE, BusinessCalendar)
SEED_SLA = TieredSlaPolicy.seed(OFFICE, office_name="office-shanghai")
#: Mutants run without the example database and without shrinking (the law checks'
#: own tests show the shrinking), derandomized so the answer never depends on the run: the
#: first failure is the answer.
MUTANT_RUN = settings(
    database=None,
    derandomize=True,
    max_examples=200,
    stateful_step_count=20,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


class SeedDeskMachine(SlaPolicyMachine):
    policy = SEED_SLA
    calendars = sample_calendar_registry()


TestSeedDesk = SeedDeskMachine.TestCase
TestShippedMatrix = machine_test_case(
    ApprovalPolicyMachine, policy=ThresholdApprovalPolicy.from_dict(EXAMPLE_APPROVAL_MATRIX)
)
TestSeedOverrun = machine_test_case(OverrunPolicyMachine, policy=SEED_OVERRUN_POLICY)
TestFifoStoreroom = machine_test_case(RemovalPolicyMachine, policy=FirstInFirstOut())
TestFefoStoreroom = machine_test_case(RemovalPolicyMachine, policy=FirstExpiredFirstOut())


class OffTheBooksCalendar:
    """Broken: targets on a round-the-clock calendar the desk's restore does not know."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        self.calendar = calendar

    def review_target(self, details: RequestDetails) -> SlaTarget | None:
        return None

    def targets(self, details: RequestDetails, tier: Tier) -> SlaTargets:
        calendars = {"night-shift": self.calendar}
        return SlaTargets(
            [
                SlaTarget.within(
                    SlaMetric.RESOLUTION, timedelta(hours=4), "night-shift", calendars=calendars
                )
            ]
        )


class FefoByReceipt(FirstInFirstOut):
    """Broken: says first-expired-first-out, issues oldest first."""

    @property
    def method(self):  # type: ignore[no-untyped-def]
        return FirstExpiredFirstOut().method


class HeadThenFinance:
    """Two steps, whose roles one person may hold both of."""

    def chain_for(self, document: ApprovalDocument) -> ApprovalChain:
        return ApprovalChain((StepSpec(Role("department-head")), StepSpec(Role("finance"))))


def test_a_machine_without_a_policy_says_so() -> None:
    with pytest.raises(TypeError, match="needs a policy"):
        SlaPolicyMachine()


def test_an_unknown_attribute_is_refused() -> None:
    with pytest.raises(TypeError, match="no attributes"):
        machine_test_case(RemovalPolicyMachine, polcy=FirstInFirstOut())


def test_the_desk_machine_catches_targets_on_an_unknown_calendar() -> None:
    class Broken(SlaPolicyMachine):
        policy = OffTheBooksCalendar(sample_calendars()[1])
        calendars = sample_calendar_registry()

    with pytest.raises(LawViolation, match="every request gets targets"):
        run_state_machine_as_test(Broken, settings=MUTANT_RUN)


def test_the_storeroom_machine_catches_fefo_in_name_only() -> None:
    class Broken(RemovalPolicyMachine):
        policy = FefoByReceipt()

    with pytest.raises(LawViolation, match="first-expired-first-out means it"):
        run_state_machine_as_test(Broken, settings=MUTANT_RUN)


def test_the_approval_machine_catches_a_broken_segregation_guard(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        "backoffice.domain.approvals.request.check_one_step_per_person",
        lambda *args, **kwargs: None,
    )

    class Broken(ApprovalPolicyMachine):
        policy = HeadThenFinance()

    # more examples than the other mutants: even derandomized, what hypothesis draws depends on
    # which of our modules are loaded (it mixes constants read from every loaded local module
    # into generation), so after the every-event round trip, which imports every module, 200
    # examples missed this mutant
    with pytest.raises(LawViolation, match="segregation of duties holds"):
        run_state_machine_as_test(Broken, settings=settings(MUTANT_RUN, max_examples=1_000))
