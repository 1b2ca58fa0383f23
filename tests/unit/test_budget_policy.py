"""The overrun policy: which rule each line gets, built from plain data (dict / TOML)."""

from __future__ import annotations

import tomllib

import pytest

from backoffice import DepartmentId, Percent, PolicyConfigurationError
from backoffice.domain.budgets import (
    CAPITAL_PURCHASES,
    CATERING,
    UTILITIES,
    BudgetLineKey,
    CheckBasis,
    OverrunAction,
    OverrunRule,
)
from backoffice.policies.overrun import SEED_OVERRUN_POLICY, CategoryOverrunPolicy

IT = DepartmentId("DEP-IT")

TOML = """
[default]
action = "stop"
tolerance = "5"
basis = "annual"

[categories.catering]
action = "warn"

[categories.capital-purchases]
tolerance = "0"

[[lines]]
department = "DEP-IT"
category = "utilities"
basis = "cumulative"
"""


def test_the_seed_policy_stops_every_line_at_budget_plus_5_percent() -> None:
    rule = SEED_OVERRUN_POLICY.rule_for(BudgetLineKey(IT, CATERING))
    assert rule == OverrunRule(OverrunAction.STOP, Percent(5), CheckBasis.ANNUAL)


def test_a_policy_from_toml_picks_line_then_category_then_default() -> None:
    policy = CategoryOverrunPolicy.from_dict(tomllib.loads(TOML))
    assert policy.rule_for(BudgetLineKey(IT, CATERING)).action is OverrunAction.WARN
    assert policy.rule_for(BudgetLineKey(IT, CATERING)).tolerance == Percent(5)
    assert policy.rule_for(BudgetLineKey(IT, CAPITAL_PURCHASES)).tolerance == Percent(0)
    it_utilities = policy.rule_for(BudgetLineKey(IT, UTILITIES))
    assert it_utilities.basis is CheckBasis.CUMULATIVE
    assert it_utilities.action is OverrunAction.STOP
    other = policy.rule_for(BudgetLineKey(DepartmentId("DEP-HR"), UTILITIES))
    assert other.basis is CheckBasis.ANNUAL


def test_a_policy_survives_a_round_trip_through_plain_data() -> None:
    policy = CategoryOverrunPolicy.from_dict(tomllib.loads(TOML))
    assert CategoryOverrunPolicy.from_dict(policy.to_dict()) == policy


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"defaults": {}}, "unknown overrun policy keys"),
        ({"default": {"action": "shout"}}, "invalid overrun rule"),
        ({"default": {"basis": "weekly"}}, "invalid overrun rule"),
        ({"default": {"tolerance": "-1"}}, "invalid overrun rule"),
        ({"default": {"colour": "red"}}, "unknown overrun rule keys"),
        ({"lines": [{"category": "utilities"}]}, "needs 'department' and 'category'"),
    ],
)
def test_a_bad_policy_is_refused_with_a_readable_message(
    data: dict[str, object], message: str
) -> None:
    with pytest.raises(PolicyConfigurationError, match=message):
        CategoryOverrunPolicy.from_dict(data)


def test_an_overrun_rule_refuses_a_float_tolerance() -> None:
    with pytest.raises(PolicyConfigurationError):
        OverrunRule.from_dict({"tolerance": 5.0})
