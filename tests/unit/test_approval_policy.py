"""The approval matrix (审批权限): amount x category (and kind), any number of levels."""

from __future__ import annotations

import tomllib

import pytest

from backoffice import ActorId, DepartmentId, Money, PolicyConfigurationError
from backoffice.domain.approvals import (
    DEPARTMENT_HEAD,
    FINANCE,
    GENERAL_MANAGER,
    LOGISTICS_MANAGER,
    ApprovalDocument,
    Deadline,
    DocumentId,
    DocumentKind,
    Quorum,
    RestartRule,
    Role,
)
from backoffice.domain.budgets import (
    CAPITAL_PURCHASES,
    OFFICE_SUPPLIES,
    VEHICLES,
    SpendingCategory,
)
from backoffice.policies.approval import (
    EXAMPLE_APPROVAL_MATRIX,
    NoApprovalRule,
    ThresholdApprovalPolicy,
)

POLICY = ThresholdApprovalPolicy.from_dict(EXAMPLE_APPROVAL_MATRIX)


def document(
    amount: str,
    category: SpendingCategory = OFFICE_SUPPLIES,
    kind: DocumentKind = DocumentKind.REQUISITION,
) -> ApprovalDocument:
    return ApprovalDocument(
        id=DocumentId("DOC-1"),
        kind=kind,
        amount=Money(amount, "CNY"),
        category=category,
        department=DepartmentId("DEP-ADMIN"),
        requester=ActorId("li"),
    )


@pytest.mark.parametrize(
    ("amount", "roles"),
    [
        ("0", [DEPARTMENT_HEAD]),
        ("4999.99", [DEPARTMENT_HEAD]),
        ("5000", [DEPARTMENT_HEAD, LOGISTICS_MANAGER]),
        ("50000", [DEPARTMENT_HEAD, LOGISTICS_MANAGER, FINANCE]),
        ("200000", [DEPARTMENT_HEAD, LOGISTICS_MANAGER, FINANCE, GENERAL_MANAGER]),
    ],
)
def test_larger_amounts_climb_more_levels_of_the_matrix(amount: str, roles: list[Role]) -> None:
    assert list(POLICY.chain_for(document(amount)).roles) == roles


def test_the_first_review_has_the_seed_deadline_of_one_working_day() -> None:
    first = POLICY.chain_for(document("100")).steps[0]
    assert first.deadline == Deadline.working_days(1)
    assert first.escalate_to == LOGISTICS_MANAGER


def test_capital_purchases_have_their_own_column() -> None:
    chain = POLICY.chain_for(document("60000", CAPITAL_PURCHASES))
    assert list(chain.roles) == [DEPARTMENT_HEAD, FINANCE, GENERAL_MANAGER]


def test_vehicle_use_is_approved_by_the_logistics_manager_whatever_the_category() -> None:
    chain = POLICY.chain_for(document("0", VEHICLES, DocumentKind.VEHICLE_USE))
    assert list(chain.roles) == [LOGISTICS_MANAGER]


def test_a_matrix_is_written_in_toml() -> None:
    policy = ThresholdApprovalPolicy.from_dict(
        tomllib.loads(
            """
            currency = "CNY"
            restart = "from-returning-step"

            [[columns]]
            name = "everything"
            levels = [
                { from = "0", role = "department-head", within_working_hours = 8 },
                { from = "10000", role = "finance", quorum = 2 },
                { from = "10000", role = "general-manager", quorum = "all" },
            ]
            """
        )
    )
    chain = policy.chain_for(document("10000"))
    assert chain.restart is RestartRule.FROM_RETURNING_STEP
    assert list(chain.roles) == [DEPARTMENT_HEAD, FINANCE, GENERAL_MANAGER]
    assert chain.steps[0].deadline == Deadline.working_hours(8)
    assert chain.steps[1].quorum == Quorum.at_least(2)
    assert chain.steps[2].quorum == Quorum.all()
    assert ThresholdApprovalPolicy.from_dict(policy.to_dict()) == policy


def test_the_matrix_lists_its_thresholds_for_split_detection() -> None:
    assert POLICY.thresholds() == (
        Money("5000", "CNY"),
        Money("50000", "CNY"),
        Money("200000", "CNY"),
    )


def test_a_document_no_column_covers_is_refused() -> None:
    only_vehicles = ThresholdApprovalPolicy.from_dict(
        {
            "currency": "CNY",
            "columns": [
                {"kinds": ["vehicle-use"], "levels": [{"from": "0", "role": "logistics-manager"}]}
            ],
        }
    )
    with pytest.raises(NoApprovalRule):
        only_vehicles.chain_for(document("10"))
    from_1000 = ThresholdApprovalPolicy.from_dict(
        {"currency": "CNY", "columns": [{"levels": [{"from": "1000", "role": "finance"}]}]}
    )
    with pytest.raises(NoApprovalRule, match="catch-all"):
        from_1000.chain_for(document("999"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"columns": []}, "needs a 'currency'"),
        ({"currency": "CNY", "columns": [{"levels": [{"role": "x", "max": 1}]}]}, "unknown"),
        ({"currency": "CNY", "columns": [{"levels": [{"from": "0"}]}]}, "role"),
        (
            {"currency": "CNY", "columns": [{"levels": [{"role": "x", "quorum": "most"}]}]},
            "quorum",
        ),
        (
            {
                "currency": "CNY",
                "columns": [
                    {"levels": [{"role": "x", "within_working_days": 1, "within_working_hours": 2}]}
                ],
            },
            "one deadline",
        ),
        ({"currency": "CNY", "restart": "sometimes", "columns": [{"levels": []}]}, "sometimes"),
        ({"currency": "CNY", "columns": [{"kinds": ["fax"], "levels": []}]}, "fax"),
    ],
)
def test_a_bad_matrix_is_refused_with_a_readable_message(
    data: dict[str, object], message: str
) -> None:
    with pytest.raises(PolicyConfigurationError, match=message):
        ThresholdApprovalPolicy.from_dict(data)
