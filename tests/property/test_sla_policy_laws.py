"""The SLA policy laws pass for the shipped policy and catch deliberately broken ones."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import ClassVar

import pytest
from hypothesis import Phase, settings

from backoffice.calendar import BusinessCalendar, CalendarRegistry, WorkingCalendar
from backoffice.domain.requests import RequestDetails, SlaMetric, SlaTarget, SlaTargets, Tier
from backoffice.policies.sla import TieredSlaPolicy
from backoffice.testing.laws import SLA_POLICY_LAWS, LawViolation, check_sla_policy_laws
from backoffice.testing.requests import sample_calendar_registry, sample_calendars

#: Mutants run without the example database (their counterexamples are not worth keeping) and
#: derandomized, so whether the kit catches them never depends on the run.
NO_DATABASE = settings(database=None, derandomize=True)
#: ... and, where the test does not look at the shrunk example, without shrinking (faster).
NO_SHRINKING = settings(NO_DATABASE, phases=[Phase.explicit, Phase.generate])

OFFICE = sample_calendars()[0]
assert isinstance(OFFICE, BusinessCalendar)
SEED = TieredSlaPolicy.seed(OFFICE, office_name="office-shanghai")
CALENDARS = sample_calendar_registry()
#: The smallest start the default strategy draws: a shrunk counterexample starts there.
SHRUNK_START = "2025-01-01T00:00:00+00:00"


class SwappedTiers:
    """Broken: urgent requests get the routine targets and routine ones the urgent targets."""

    swap: ClassVar[dict[Tier, Tier]] = {
        Tier.URGENT: Tier.ROUTINE,
        Tier.ROUTINE: Tier.URGENT,
        Tier.IMPORTANT: Tier.IMPORTANT,
    }

    def review_target(self, details: RequestDetails) -> SlaTarget | None:
        return SEED.review_target(details)

    def targets(self, details: RequestDetails, tier: Tier) -> SlaTargets:
        return SEED.targets(details, self.swap[tier])


class FixedTargets:
    """Every request gets the same targets, given as (metric, hours, calendar name, calendar)."""

    def __init__(self, name: str, calendar: WorkingCalendar, hours: int = 4) -> None:
        self.name, self.calendar, self.hours = name, calendar, hours

    def review_target(self, details: RequestDetails) -> SlaTarget | None:
        return None

    def targets(self, details: RequestDetails, tier: Tier) -> SlaTargets:
        calendars = {self.name: self.calendar}
        return SlaTargets(
            [
                SlaTarget.within(m, timedelta(hours=self.hours), self.name, calendars=calendars)
                for m in (SlaMetric.RESPONSE, SlaMetric.RESOLUTION)
            ]
        )


class DueAtOnce:
    """Broken calendar: round the clock, but anything added to an instant is due at once."""

    def __init__(self, inner: WorkingCalendar) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def add_working_time(self, start: datetime, duration: timedelta) -> datetime:
        return start


def test_the_shipped_policy_obeys_every_law() -> None:
    check_sla_policy_laws(SEED, calendars=SEED.calendars)


def test_an_urgent_tier_slower_than_routine_is_caught_with_a_shrunk_example() -> None:
    with pytest.raises(LawViolation, match="a higher tier is never slower") as caught:
        check_sla_policy_laws(SwappedTiers(), calendars=SEED.calendars, settings=NO_DATABASE)
    assert caught.value.law == "a higher tier is never slower"
    assert SHRUNK_START in caught.value.detail


def test_a_target_on_a_calendar_the_restore_lacks_is_caught() -> None:
    policy = FixedTargets("night-shift", sample_calendars()[1])
    with pytest.raises(LawViolation, match="every request gets targets") as caught:
        check_sla_policy_laws(policy, calendars=CALENDARS, settings=NO_DATABASE)
    assert "'night-shift'" in caught.value.detail
    assert SHRUNK_START in caught.value.detail


def test_a_target_due_at_once_is_caught() -> None:
    broken = DueAtOnce(sample_calendars()[1])
    policy = FixedTargets("24x7", broken)  # type: ignore[arg-type]
    with pytest.raises(LawViolation, match="targets are positive") as caught:
        check_sla_policy_laws(
            policy,
            calendars={"24x7": broken},  # type: ignore[dict-item]
            settings=NO_DATABASE,
        )
    assert SHRUNK_START in caught.value.detail


def test_a_target_named_for_the_office_but_counted_round_the_clock_is_caught() -> None:
    # named "office-shanghai", counted on the round-the-clock calendar: due at night
    policy = FixedTargets("office-shanghai", sample_calendars()[1])
    with pytest.raises(LawViolation, match="due instants fall in working time") as caught:
        check_sla_policy_laws(policy, calendars=CALENDARS, settings=NO_DATABASE)
    assert SHRUNK_START in caught.value.detail


def test_a_pause_counted_on_another_calendar_is_caught() -> None:
    policy = FixedTargets("office-shanghai", sample_calendars()[1], hours=72)
    with pytest.raises(LawViolation, match="a pause never counts"):
        check_sla_policy_laws(
            policy, calendars=CALENDARS, laws=["a pause never counts"], settings=NO_SHRINKING
        )


def test_a_snapshot_that_cannot_be_read_back_is_caught() -> None:
    policy = FixedTargets("night-shift", sample_calendars()[1])
    with pytest.raises(LawViolation, match="the snapshot is stable") as caught:
        check_sla_policy_laws(
            policy, calendars=CALENDARS, laws=["the snapshot is stable"], settings=NO_SHRINKING
        )
    assert "night-shift" in caught.value.detail


def test_an_unknown_law_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown laws"):
        check_sla_policy_laws(SEED, calendars=CALENDARS, laws=["targets are kind"])


def test_the_laws_are_named_once_each() -> None:
    assert len(set(SLA_POLICY_LAWS)) == len(SLA_POLICY_LAWS) == 6
    assert isinstance(CALENDARS, CalendarRegistry)
