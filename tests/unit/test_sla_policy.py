"""SLA and triage policies: rules in order, a default last, built from plain data or TOML."""

from __future__ import annotations

import pickle
import tomllib
from copy import deepcopy
from datetime import timedelta

import pytest

from backoffice import PolicyConfigurationError
from backoffice.calendar import BusinessCalendar, WorkingHours
from backoffice.domain.requests import (
    Criticality,
    RequestDetails,
    RequestLocation,
    SlaMetric,
    SlaTarget,
    SlaTargets,
    Tier,
)
from backoffice.policies.sla import SEED_SLA_TABLE, SlaRule, TieredSlaPolicy
from backoffice.policies.triage import KeywordTriagePolicy, TriageRule
from backoffice.values import ActorId, AssetId

OFFICE = BusinessCalendar("Asia/Shanghai", WorkingHours.weekdays("09:00-12:00", "13:00-18:00"))
ALWAYS = BusinessCalendar.always("Asia/Shanghai")
CALENDARS = {"office": OFFICE, "24x7": ALWAYS}

PLANT_POLICY = """
default_calendar = "office"
warnings = [50, 90]

[review]
working_days = 1

[[rules]]
name = "critical production assets"
when = { site = ["Plant 2"], criticality = ["critical"] }
response = { minutes = 30, calendar = "24x7" }
resolution = { hours = 2, calendar = "24x7", warnings = [25, 50, 75] }

[[rules]]
name = "catering at any site"
when = { category = ["catering"], tier = ["urgent", "important"] }
response = { hours = 1, calendar = "24x7" }
resolution = { hours = 3, calendar = "24x7" }

[[rules]]
name = "everything else"
response = { working_days = 2 }
resolution = { working_days = 4 }
"""


def details(
    category: str = "repair",
    site: str = "HQ",
    description: str = "Conveyor motor fault",
    criticality: Criticality | str | None = None,
) -> RequestDetails:
    asset = AssetId("AST-001") if criticality else None
    return RequestDetails(
        "oa_system", category, description, RequestLocation(site), ActorId("li.na"), None, asset,
        criticality,
    )  # fmt: skip


def test_a_policy_reads_from_toml_and_the_first_matching_rule_wins() -> None:
    policy = TieredSlaPolicy.from_dict(tomllib.loads(PLANT_POLICY), calendars=CALENDARS)
    critical = details(site="Plant 2", criticality=Criticality.CRITICAL, category="catering")
    assert policy.rule_for(critical, Tier.URGENT).name == "critical production assets"
    assert policy.targets(critical, Tier.ROUTINE)[SlaMetric.RESPONSE].working_time == timedelta(
        minutes=30
    )
    assert policy.rule_for(details(category="catering"), Tier.IMPORTANT).name == (
        "catering at any site"
    )
    assert policy.rule_for(details(category="catering"), Tier.ROUTINE).name == "everything else"
    assert policy.rule_for(details(site="Plant 2"), Tier.URGENT).name == "everything else"


def test_warnings_come_from_the_target_or_the_policy_default() -> None:
    policy = TieredSlaPolicy.from_dict(tomllib.loads(PLANT_POLICY), calendars=CALENDARS)
    critical = policy.targets(details(site="Plant 2", criticality="critical"), Tier.URGENT)
    assert [str(p) for p in critical[SlaMetric.RESOLUTION].warnings] == ["25 %", "50 %", "75 %"]
    assert [str(p) for p in critical[SlaMetric.RESPONSE].warnings] == ["50 %", "90 %"]
    assert policy.review is not None
    assert policy.review.working_days == 1


def test_the_seed_policy_is_the_seed_table_on_the_given_calendars() -> None:
    policy = TieredSlaPolicy.seed(OFFICE)
    assert policy == TieredSlaPolicy.from_dict(
        SEED_SLA_TABLE, calendars={"office": OFFICE, "24x7": ALWAYS}
    )
    routine = policy.targets(details(category="supplies"), Tier.ROUTINE)
    assert routine[SlaMetric.RESOLUTION].calendar == "office"
    assert routine[SlaMetric.RESOLUTION].working_calendar is OFFICE
    assert dict(policy.calendars) == {"office": OFFICE, "24x7": ALWAYS}
    assert routine[SlaMetric.RESOLUTION].working_days == 5


def test_a_policy_can_define_its_calendars_in_the_data() -> None:
    shop = {"timezone": "Asia/Shanghai", "working_hours": {"sat": ["10:00-16:00"]}}
    data = {
        "calendars": {"shop": shop},
        "rules": [{"name": "all", "response": {"hours": 6, "calendar": "shop"},
                   "resolution": {"working_days": 2, "calendar": "shop"}}],
    }  # fmt: skip
    policy = TieredSlaPolicy.from_dict(data)
    target = policy.targets(details(), Tier.ROUTINE)[SlaMetric.RESPONSE]
    assert target.describe() == "respond 6 h"
    assert policy.review is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rules": []}, "default rule"),
        ({"rules": [{"name": "x", "when": {"tier": ["urgent"]}, "response": {"hours": 1}}]},
         "default rule"),
        ({"rules": [{"name": "a", "response": {"hours": 1}},
                    {"name": "b", "response": {"hours": 2}}]}, "never apply"),
        ({"rules": [{"name": "a", "response": {"hours": 1, "days": 2}}]}, "unknown keys"),
        ({"rules": [{"name": "a", "response": {"hours": 1, "working_days": 2}}]}, "exactly one"),
        ({"rules": [{"name": "a", "response": {"hours": 1.5}}]}, "whole number"),
        ({"rules": [{"name": "a", "response": {"hours": 1, "calendar": "moon"}}]},
         "unknown calendar"),
        ({"rules": [{"name": "a", "when": {"tier": ["critical"]}, "response": {"hours": 1}},
                    {"name": "b", "response": {"hours": 1}}]}, "critical"),
        ({"rules": [{"name": "a"}]}, "no targets"),
        ({"rules": [{"name": "a", "response": {"hours": 1, "warnings": [120]}}]}, "warning"),
        ({"tiers": {}}, "unknown keys"),
    ],
)  # fmt: skip
def test_mistakes_in_policy_data_are_named(data: dict[str, object], message: str) -> None:
    with pytest.raises(PolicyConfigurationError, match=message):
        TieredSlaPolicy.from_dict({"default_calendar": "24x7", **data}, calendars=CALENDARS)


@pytest.mark.parametrize(
    ("description", "tier"),
    [
        ("停电了, whole floor dark", Tier.URGENT),
        ("Water leak above the server room", Tier.URGENT),
        ("暴雨导致办公楼进水", Tier.URGENT),
        ("Fire alarm going off in B2", Tier.URGENT),
        ("Printer out of order", Tier.IMPORTANT),
        ("Large meeting on Friday needs 200 chairs", Tier.IMPORTANT),
        ("Please deliver 20 reams of A4 paper", Tier.ROUTINE),
        ("日常保洁 missed today", Tier.ROUTINE),
    ],
)
def test_seed_triage_proposes_the_seed_grades(description: str, tier: Tier) -> None:
    proposal = KeywordTriagePolicy.seed().propose(details(description=description))
    assert proposal.tier is tier
    assert proposal.reason


def test_triage_rules_can_use_categories_and_channels_and_are_read_from_data() -> None:
    policy = KeywordTriagePolicy.from_dict(
        {"default": "important", "rules": [
            {"name": "sensor alarms", "tier": "urgent", "channels": ["sensor_alarm"]},
            {"name": "supplies", "tier": "routine", "categories": ["supplies"]},
        ]}
    )  # fmt: skip
    alarm = RequestDetails(
        "sensor_alarm", "security", "Door forced", RequestLocation("HQ"), ActorId("iot")
    )
    assert policy.propose(alarm).tier is Tier.URGENT
    assert policy.propose(details(category="supplies")).tier is Tier.ROUTINE
    assert policy.propose(details()).tier is Tier.IMPORTANT
    assert policy.propose(details()).reason == "no triage rule matched: default tier"


def test_triage_data_mistakes_are_named() -> None:
    with pytest.raises(PolicyConfigurationError, match="tier"):
        KeywordTriagePolicy.from_dict({"rules": [{"name": "x", "keywords": ["a"]}]})
    with pytest.raises(PolicyConfigurationError, match="no conditions"):
        TriageRule(name="empty", tier="urgent")
    with pytest.raises(PolicyConfigurationError):
        KeywordTriagePolicy.from_dict({"rules": [{"tier": "urgent", "categories": ["toys"]}]})
    with pytest.raises(PolicyConfigurationError):
        KeywordTriagePolicy.from_dict({"default": "whenever"})
    with pytest.raises(PolicyConfigurationError):
        KeywordTriagePolicy.from_dict({"levels": []})


def test_a_policy_can_be_pickled_and_copied_and_keeps_its_calendars_by_name() -> None:
    policy = TieredSlaPolicy.seed(OFFICE, office_name="office-shanghai")
    for copy in (pickle.loads(pickle.dumps(policy)), deepcopy(policy)):
        assert copy == policy
        assert sorted(copy.calendars) == ["24x7", "office-shanghai"]
        graded = copy.targets(details(category="supplies"), Tier.ROUTINE)
        assert graded[SlaMetric.RESOLUTION].calendar == "office-shanghai"
        assert graded[SlaMetric.RESOLUTION].is_resolved


def test_a_target_naming_a_calendar_the_policy_lacks_is_refused() -> None:
    office_hour = SlaTarget.within(SlaMetric.RESPONSE, timedelta(hours=1), "office")
    with pytest.raises(PolicyConfigurationError, match="office"):
        TieredSlaPolicy((SlaRule("all", SlaTargets([office_hour])),), calendars={"24x7": ALWAYS})
    with pytest.raises(PolicyConfigurationError, match="24x7"):
        TieredSlaPolicy.seed(OFFICE, office_name="24x7")
