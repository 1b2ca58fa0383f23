"""Bad input never changes the storeroom (issue #11).

Hypothesis drives every public mutating command of :class:`Inventory` with one bad argument at
a time (the others good) on a storeroom with stock, an issue, a waiting and an approved
requisition, and asserts a :class:`BackofficeError`, an unchanged storeroom (everything it
reports), no event recorded and no requisition id consumed.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from backoffice import ActorId, BackofficeError, DepartmentId, Money, Quantity, RequestId
from backoffice.domain.inventory import Item, StockMovement
from backoffice.policies.requisitions import SimpleRequisitionApproval
from backoffice.services.inventory import Inventory
from backoffice.testing.inventory import reports

T0 = datetime(2025, 3, 3, 9, tzinfo=UTC)
LATER = T0 + timedelta(days=1)
CLERK = ActorId("clerk")
PAPER = Item(sku="A4-80", name="A4 paper", unit="ream")

JUNK: list[Any] = [object(), 1.5, math.nan, b"x", ["A4-80"], {"a": 1}, True]
ACTORS = [None, 123, "", "   ", DepartmentId("hr"), *JUNK]
INSTANTS = [None, datetime(2025, 3, 4, 9), "2025-03-04T09:00+00:00", date(2025, 3, 4), 5]
QUANTITIES = [
    None, 0, -1, "abc", "1E+999999", Decimal("NaN"), Decimal("Infinity"), Decimal(10) ** 15,
    Quantity(1, "kg"), *JUNK,
]  # fmt: skip
SOME_QUANTITIES = [q for q in QUANTITIES if q is not None]  # None: "all of it"
SKUS = [None, 5, "", "NOPE", ["A4-80"], b"A4-80"]
PLACES = [5, "", "ATTIC", b"MAIN", DepartmentId("MAIN"), *JUNK]
REQUIRED_TEXT = [None, 5, "", "  ", b"x", ["why"]]
OPTIONAL_TEXT = [5, b"x", 1.5, ["a"], object()]
COSTS = [Money("-1", "CNY"), Money("1", "USD"), 1.5, "abc", Decimal("NaN"), "1E+20", object()]
REQUISITIONS = [None, 5, "", "RQN-999999", RequestId("RQN-000001"), *JUNK]
LINES: list[Any] = [
    None, "A4-80", ["A4-80"], {}, {1: 2}, {"NOPE": 1}, {"A4-80": 0}, {"A4-80": -2},
    {"A4-80": Quantity(1, "kg")}, {"A4-80": 1.5}, {"A4-80": "1E+999999"},
]  # fmt: skip


def storeroom() -> tuple[Inventory, StockMovement]:
    store = Inventory(
        currency="CNY",
        requisition_approval=SimpleRequisitionApproval(auto_approve_up_to=Money("10", "CNY")),
    )
    store.add_item(PAPER)
    store.add_item(Item(sku="MASK", name="masks", unit="box", shelf_life=30), removal="fefo")
    store.add_location("B1")
    store.receive("A4-80", 50, unit_cost=Money("2.00", "CNY"), at=T0, by=CLERK)
    store.receive("MASK", 5, unit_cost=Money("9.00", "CNY"), at=T0, by=CLERK)
    issued = store.issue("A4-80", 5, at=T0, by=CLERK, to="hr")
    store.submit_requisition({"A4-80": 2}, requester="li", department="hr", at=T0)  # approved
    store.submit_requisition({"A4-80": 40}, requester="li", department="hr", at=T0)  # referred
    store.collect_events()
    return store, issued


Command = Callable[[Inventory, StockMovement, Mapping[str, Any]], object]

#: Each command: how to call it, its good arguments, and bad values per argument.
COMMANDS: dict[str, tuple[Command, dict[str, Any], dict[str, list[Any]]]] = {
    "add_item": (
        lambda s, _, a: s.add_item(**a),
        {"item": Item(sku="SOAP", name="soap", unit="bottle"), "removal": None, "at": None,
         "by": None},
        {"item": [None, "SOAP", 5, PAPER], "removal": [3, "lifo", "", *JUNK],
         "at": INSTANTS[1:], "by": ACTORS[1:]},
    ),
    "add_location": (
        lambda s, _, a: s.add_location(**a),
        {"location": "B2", "at": None, "by": None},
        {"location": [None, 5, "", "  ", "B1", "MAIN", b"B2", *JUNK], "at": INSTANTS[1:],
         "by": ACTORS[1:]},
    ),
    "receive": (
        lambda s, _, a: s.receive(**a),
        {"sku": "A4-80", "qty": 10, "at": LATER, "by": CLERK,
         "unit_cost": Money("2.50", "CNY"), "location": None, "expires_on": None,
         "supplier": None, "purchase_order": None},
        {"sku": SKUS, "qty": QUANTITIES, "at": INSTANTS, "by": ACTORS, "unit_cost": COSTS,
         "location": PLACES, "expires_on": [T0, "2025-04-01", 5, *JUNK],
         "supplier": [5, "", ActorId("x"), *JUNK], "purchase_order": REQUIRED_TEXT[1:]},
    ),
    "issue": (
        lambda s, _, a: s.issue(**a),
        {"sku": "A4-80", "qty": 3, "at": LATER, "by": CLERK, "to": "it", "charge_to": None,
         "location": None},
        {"sku": SKUS, "qty": [*QUANTITIES, 1000], "at": INSTANTS, "by": ACTORS,
         "to": ["", "  ", 5, *JUNK], "charge_to": [5, "", ActorId("x"), *JUNK],
         "location": [*PLACES, "B1"]},
    ),
    "return_to_stock": (
        lambda s, issued, a: s.return_to_stock(a["issued"] or issued, **a["rest"]),
        {"issued": None, "rest": {"qty": 2, "at": LATER, "by": CLERK}},
        {"issued": [5, "1", *JUNK[:2]], "rest": [
            {"qty": q, "at": LATER, "by": CLERK} for q in [*SOME_QUANTITIES, 6]
        ] + [{"qty": 1, "at": t, "by": CLERK} for t in INSTANTS]
          + [{"qty": 1, "at": LATER, "by": b} for b in ACTORS]},
    ),
    "transfer": (
        lambda s, _, a: s.transfer(**a),
        {"sku": "A4-80", "qty": 3, "from_location": "MAIN", "to_location": "B1", "at": LATER,
         "by": CLERK},
        {"sku": SKUS, "qty": [*QUANTITIES, 1000], "from_location": [None, *PLACES, "B1"],
         "to_location": [None, *PLACES, "MAIN"], "at": INSTANTS, "by": ACTORS},
    ),
    "count": (
        lambda s, _, a: s.count(**a),
        {"sku": "A4-80", "counted": 40, "at": LATER, "by": CLERK, "location": None,
         "unit_cost": None, "approval": None},
        {"sku": SKUS, "counted": [q for q in QUANTITIES if q not in (0,)], "at": INSTANTS,
         "by": ACTORS, "location": PLACES, "unit_cost": COSTS, "approval": OPTIONAL_TEXT},
    ),
    "write_off": (
        lambda s, _, a: s.write_off(**a),
        {"sku": "A4-80", "qty": 1, "reason": "damaged", "at": LATER, "by": CLERK,
         "location": None, "lot": None},
        {"sku": SKUS, "qty": [*SOME_QUANTITIES, 1000], "reason": [None, "stolen", 5, *JUNK],
         "at": INSTANTS, "by": ACTORS, "location": PLACES, "lot": [True, 0, -1, "1", 99, *JUNK]},
    ),
    "write_off_expired": (
        lambda s, _, a: s.write_off_expired(**a),
        {"at": LATER + timedelta(days=60), "by": CLERK},
        {"at": INSTANTS, "by": ACTORS},
    ),
    "submit_requisition": (
        lambda s, _, a: s.submit_requisition(**a),
        {"lines": {"A4-80": 1}, "requester": "li", "department": "hr", "at": LATER,
         "location": None, "note": ""},
        {"lines": LINES, "requester": ACTORS, "department": [None, 5, "", ActorId("x"), *JUNK],
         "at": INSTANTS, "location": PLACES, "note": OPTIONAL_TEXT},
    ),
    "approve_requisition": (
        lambda s, _, a: s.approve_requisition(**a),
        {"requisition": "RQN-000002", "by": CLERK, "at": LATER, "reference": None},
        {"requisition": [*REQUISITIONS, "RQN-000001"], "by": [*ACTORS, "li"],
         "at": INSTANTS, "reference": OPTIONAL_TEXT},
    ),
    "reject_requisition": (
        lambda s, _, a: s.reject_requisition(**a),
        {"requisition": "RQN-000002", "by": CLERK, "at": LATER, "reason": "too much"},
        {"requisition": [*REQUISITIONS, "RQN-000001"], "by": ACTORS, "at": INSTANTS,
         "reason": REQUIRED_TEXT},
    ),
    "fulfil_requisition": (
        lambda s, _, a: s.fulfil_requisition(**a),
        {"requisition": "RQN-000001", "by": CLERK, "at": LATER, "quantities": None,
         "handed_back": None},
        {"requisition": [*REQUISITIONS, "RQN-000002"], "by": ACTORS, "at": INSTANTS,
         "quantities": [{"A4-80": 3}, {"NOPE": 1}, "x", {"A4-80": -1}, {"A4-80": 0},
                        {"A4-80": Quantity(1, "kg")}, {}, *JUNK],
         "handed_back": ["x", 5, {"A4-80": -1}, *JUNK]},
    ),
    "cancel_requisition": (
        lambda s, _, a: s.cancel_requisition(**a),
        {"requisition": "RQN-000001", "by": CLERK, "at": LATER, "reason": ""},
        {"requisition": REQUISITIONS, "by": ACTORS, "at": INSTANTS, "reason": OPTIONAL_TEXT},
    ),
}  # fmt: skip


@st.composite
def bad_calls(draw: st.DrawFn) -> tuple[str, str, Any]:
    name = draw(st.sampled_from(sorted(COMMANDS)))
    _, _, bad = COMMANDS[name]
    argument = draw(st.sampled_from(sorted(bad)))
    value = draw(st.sampled_from(bad[argument]))
    return name, argument, value


def test_every_command_works_with_its_good_arguments() -> None:
    for name, (call, good, _) in COMMANDS.items():
        store, issued = storeroom()
        call(store, issued, good)
        assert store.check_invariants() == [], name


@given(st.lists(bad_calls(), min_size=3, max_size=4))
def test_a_bad_argument_is_refused_and_changes_nothing(calls: list[tuple[str, str, Any]]) -> None:
    store, issued = storeroom()
    for name, argument, value in calls:
        call, good, _ = COMMANDS[name]
        before = reports(store, at=LATER)
        ids = copy.deepcopy(store.ids)
        try:
            call(store, issued, {**good, argument: value})
        except BackofficeError:
            pass
        else:
            raise AssertionError(f"{name}({argument}={value!r}) was accepted")
        assert reports(store, at=LATER) == before, f"{name}({argument}={value!r}) changed it"
        assert store.collect_events() == [], f"{name}({argument}={value!r}) recorded events"
        assert store.ids == ids, f"{name}({argument}={value!r}) consumed an id"
