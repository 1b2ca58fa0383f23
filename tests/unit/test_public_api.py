"""The public API: curated ``__all__`` lists, and one error hierarchy users can catch."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType
from typing import Any

import attrs
import pytest

import backoffice
from backoffice import BackofficeError
from backoffice.domain.events import DomainEvent

PACKAGES = [
    "backoffice",
    "backoffice.calendar",
    "backoffice.domain.approvals",
    "backoffice.domain.assets",
    "backoffice.domain.budgets",
    "backoffice.domain.inspections",
    "backoffice.domain.inventory",
    "backoffice.domain.maintenance",
    "backoffice.domain.metrics",
    "backoffice.domain.requests",
    "backoffice.policies",
    "backoffice.ports",
    "backoffice.scenarios",
    "backoffice.services",
    "backoffice.values",
]


def _all_modules() -> list[ModuleType]:
    names = [
        info.name
        for info in pkgutil.walk_packages(backoffice.__path__, "backoffice.")
        # The testing strategies need the test extra; __main__ runs the command line.
        if not info.name.startswith("backoffice.testing") and info.name != "backoffice.__main__"
    ]
    return [importlib.import_module(name) for name in ["backoffice", *names]]


def _defined_here(module: ModuleType, kind: type) -> list[type]:
    return [
        value
        for value in vars(module).values()
        if inspect.isclass(value)
        and issubclass(value, kind)
        and value.__module__ == module.__name__
        and not value.__name__.startswith("_")
    ]


@pytest.mark.parametrize("name", PACKAGES)
def test_a_package_exports_a_sorted_list_of_names_that_exist(name: str) -> None:
    package = importlib.import_module(name)
    exported = list(package.__all__)
    assert exported, f"{name} exports nothing"
    assert len(set(exported)) == len(exported), f"{name} exports a name twice"
    missing = [item for item in exported if not hasattr(package, item)]
    assert missing == [], f"{name}.__all__ names what it does not define: {missing}"
    constants = [n for n in exported if n.isupper() and len(n) > 1]
    classes = sorted(n for n in exported if n[0].isupper() and n not in constants)
    functions = sorted(n for n in exported if not n[0].isupper())
    # ruff's isort-style order: CONSTANTS, then Classes, then functions, each sorted.
    assert exported == sorted(constants) + classes + functions, f"{name}.__all__ is not sorted"


def test_every_error_the_library_raises_is_a_backoffice_error_users_can_import() -> None:
    errors = [error for module in _all_modules() for error in _defined_here(module, Exception)]
    assert len(errors) >= 30  # the hierarchy covers every area, not just the root
    strays = [e.__qualname__ for e in errors if not issubclass(e, BackofficeError)]
    assert strays == [], f"errors outside the BackofficeError hierarchy: {strays}"
    undocumented = [e.__qualname__ for e in errors if not (e.__doc__ or "").strip()]
    assert undocumented == [], (
        f"errors without a docstring saying when they are raised: {undocumented}"
    )
    hidden = sorted(e.__name__ for e in errors if getattr(backoffice, e.__name__, None) is not e)
    assert hidden == [], f"errors not importable from the top-level package: {hidden}"


_IRREGULAR_PAST = {"Begun", "Given", "Held", "Lost", "Made", "Paid", "Sent", "Set", "Taken"}
_IRREGULAR_PAST |= {"Withdrawn", "Written", "Overridden", "Done", "Spent", "Built", "Brought"}


_PARTICLES = {"Back", "In", "Off", "Out", "Up"}  # phrasal verbs: SignedOff, WrittenOff


def _verb(name: str) -> str:
    starts = [i for i, char in enumerate(name) if char.isupper()]
    words = [name[a:b] for a, b in zip(starts, [*starts[1:], len(name)], strict=True)]
    while len(words) > 1 and words[-1] in _PARTICLES:
        words.pop()
    return words[-1]


def test_every_domain_event_is_a_frozen_record_named_in_the_past_tense() -> None:
    events = {
        event
        for module in _all_modules()
        for event in _defined_here(module, DomainEvent)
        if not event.__name__.endswith("Event")  # bases such as StockEvent
    }
    assert len(events) >= 40
    for event in events:
        assert attrs.has(event), f"{event.__name__} is not an attrs class"
        fields = {field.name for field in attrs.fields(event)}
        assert {"aggregate_id", "version", "actor", "occurred_at"} <= fields
        blank: Any = object.__new__(event)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            blank.actor = "someone"
        word = _verb(event.__name__)
        assert word.endswith("ed") or word in _IRREGULAR_PAST, f"{event.__name__} is not past tense"
