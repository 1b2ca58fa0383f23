"""Budgets and the budget service rebuilt from their saved events, ready to carry on."""

from __future__ import annotations

import gc
import json
from datetime import UTC, date, datetime

import pytest

from backoffice import ActorId, DepartmentId, Money, Period, ValidationError
from backoffice.domain.budgets import (
    BUDGET_EVENTS,
    CATERING,
    REPAIRS_AND_MAINTENANCE,
    Authorization,
    Budget,
    BudgetExceeded,
    BudgetId,
    BudgetLineKey,
    CommitmentId,
    ExpenseId,
    InvalidAuthorization,
    MonthlyPlan,
    OverrunRule,
)
from backoffice.domain.events import DomainEvent
from backoffice.policies.overrun import CategoryOverrunPolicy
from backoffice.serialization import EventCodec
from backoffice.services import BudgetService
from backoffice.testing.budgets import budget_service_state, budget_state

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
CLERK, GM, CFO = ActorId("clerk"), ActorId("gm"), ActorId("cfo")
ADMIN, IT = DepartmentId("DEP-ADMIN"), DepartmentId("DEP-IT")
REPAIRS = BudgetLineKey(ADMIN, REPAIRS_AND_MAINTENANCE)
CANTEEN = BudgetLineKey(ADMIN, CATERING)
IT_REPAIRS = BudgetLineKey(IT, REPAIRS_AND_MAINTENANCE)
MARCH = date(2025, 3, 10)


def cny(amount: str) -> Money:
    return Money(amount, "CNY")


def saved(events: list[DomainEvent]) -> list[DomainEvent]:
    """The events as a store keeps them: JSON text, read back."""
    gc.collect()  # replaced attrs classes linger in __subclasses__() until collected
    codec = EventCodec.for_all_events()
    return [codec.load(json.loads(json.dumps(codec.dump(event)))) for event in events]


def a_year_of_budgets() -> tuple[BudgetService, list[DomainEvent]]:
    policy = CategoryOverrunPolicy.from_dict({"categories": {"catering": {"action": "warn"}}})
    service = BudgetService(policy)
    for year in (2025, 2026):
        budget_id = BudgetId(f"BUD-{year}")
        service.open_budget(budget_id, Period.year(year), "CNY", actor=GM, at=T0)
        for line in (REPAIRS, CANTEEN, IT_REPAIRS):
            service.open_line(budget_id, line, MonthlyPlan.even(cny("120000")), actor=GM, at=T0)
    budget = service.budget(BudgetId("BUD-2025"))
    service.commit(CommitmentId("PO-1"), REPAIRS, cny("100000"), on=MARCH, actor=CLERK, at=T0)
    override = Authorization("APR-1", GM, "boiler failed", cny("30000"))
    budget.commit(
        CommitmentId("PO-2"), REPAIRS, cny("50000"), on=MARCH, override=override,
        actor=CLERK, at=T0,
    )  # fmt: skip
    service.commit(CommitmentId("PO-3"), CANTEEN, cny("130000"), on=MARCH, actor=CLERK, at=T0)
    service.record_actual(
        ExpenseId("INV-1"), CommitmentId("PO-1"), cny("90000"), on=MARCH, actor=CLERK, at=T0
    )
    service.reduce_commitment(CommitmentId("PO-2"), cny("5000"), actor=CLERK, at=T0)
    service.record_direct_expense(
        ExpenseId("EXP-1"), IT_REPAIRS, cny("800"), on=MARCH, actor=CLERK, at=T0
    )
    budget.transfer(
        IT_REPAIRS, CANTEEN, cny("1000"), on=MARCH,
        authorization=Authorization("APR-2", GM, "canteen event", cny("1000")),
        actor=CLERK, at=T0,
    )  # fmt: skip
    budget.adjust(
        IT_REPAIRS, cny("-500"), on=MARCH,
        authorization=Authorization("APR-3", GM, "cut", cny("500")), actor=CFO, at=T0,
    )  # fmt: skip
    service.apply_policy(CategoryOverrunPolicy.from_dict({}), actor=GM, at=T0)
    service.release_commitment(CommitmentId("PO-3"), actor=CLERK, at=T0)
    events = service.collect_events() + budget.collect_events()
    events.sort(key=lambda e: (e.aggregate_id, e.version))
    return service, events


def test_a_restored_service_equals_the_one_that_recorded_the_events() -> None:
    service, events = a_year_of_budgets()
    assert {type(event) for event in events} == set(BUDGET_EVENTS)  # every kind is restored
    restored = BudgetService.restore(saved(events), overrun_policy=service.overrun_policy)
    assert budget_service_state(restored) == budget_service_state(service)
    assert restored.collect_events() == []


def test_a_restored_service_carries_on_exactly_as_the_original() -> None:
    service, events = a_year_of_budgets()
    restored = BudgetService.restore(saved(events), overrun_policy=service.overrun_policy)
    for budgets in (service, restored):
        with pytest.raises(
            BudgetExceeded
        ):  # 135,000 spent; limit 126,000 + 19,000 still overridden
            budgets.commit(
                CommitmentId("PO-9"), REPAIRS, cny("20000"), on=MARCH, actor=CLERK, at=T0
            )
        with pytest.raises(InvalidAuthorization, match="used already"):
            budgets.budget(BudgetId("BUD-2025")).adjust(
                REPAIRS, cny("10"), on=MARCH, actor=CFO, at=T0,
                authorization=Authorization("APR-1", GM, "again", cny("10")),
            )  # fmt: skip
        budgets.record_actual(
            ExpenseId("INV-2"), CommitmentId("PO-2"), cny("45000"), on=MARCH, actor=CLERK, at=T0
        )
        budgets.open_line(BudgetId("BUD-2026"), BudgetLineKey(IT, CATERING), MonthlyPlan.even(
            cny("1200")), actor=GM, at=T0)  # fmt: skip
    assert budget_service_state(restored) == budget_service_state(service)
    assert restored.collect_events() == service.collect_events()


def test_a_budget_replays_from_its_own_events_only_in_order() -> None:
    service, events = a_year_of_budgets()
    mine = [e for e in events if e.aggregate_id == "BUD-2025"]
    with pytest.raises(ValidationError, match="BudgetOpened first"):
        Budget.replay(mine[1:])
    with pytest.raises(ValidationError, match="BudgetOpened first"):
        Budget.replay([])
    with pytest.raises(ValidationError, match="version 3 of BUD-2025"):
        Budget.replay([mine[0], mine[2]])
    assert budget_state(Budget.replay(saved(mine))) == budget_state(
        service.budget(BudgetId("BUD-2025"))
    )
    other = [e for e in events if e.aggregate_id == "BUD-2026"]
    with pytest.raises(ValidationError, match="of BUD-2026"):
        Budget.replay([mine[0], other[1]])


def test_a_replayed_budget_keeps_the_rules_recorded_not_the_policy_of_today() -> None:
    service, events = a_year_of_budgets()
    strict = CategoryOverrunPolicy.from_dict({"default": {"action": "warn", "tolerance": "20"}})
    restored = BudgetService.restore(saved(events), overrun_policy=strict)
    budget = restored.budget(BudgetId("BUD-2025"))
    assert budget.rule(CANTEEN) == service.budget(BudgetId("BUD-2025")).rule(CANTEEN)
    assert budget.rule(CANTEEN) != OverrunRule.from_dict({"action": "warn", "tolerance": "20"})


def test_the_lines_of_a_department_are_listed_across_budgets() -> None:
    service, events = a_year_of_budgets()
    restored = BudgetService.restore(events)
    expected = [
        (BudgetId("BUD-2025"), CANTEEN),
        (BudgetId("BUD-2025"), REPAIRS),
        (BudgetId("BUD-2026"), CANTEEN),
        (BudgetId("BUD-2026"), REPAIRS),
    ]
    assert service.lines_of(ADMIN) == expected
    assert restored.lines_of(ADMIN) == expected
    assert restored.lines_of(DepartmentId("DEP-NONE")) == []


def test_events_of_other_aggregates_are_skipped_on_restore() -> None:
    service, events = a_year_of_budgets()
    foreign = DomainEvent(aggregate_id="REQ-1", version=1, actor=CLERK, occurred_at=T0)
    restored = BudgetService.restore([foreign, *events])
    assert budget_service_state(restored) == budget_service_state(service)
