"""Bad input to the office's own commands and to the scenario entry points is a library error.

Regression tests (issue #11): each call below raised ``AttributeError``, ``TypeError`` or
``json.JSONDecodeError``, or was accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from backoffice import PolicyConfigurationError, ValidationError
from backoffice.clock import ManualClock
from backoffice.ports import InMemoryEventStore
from backoffice.scenarios import Scenario, parse_history, t_interval
from backoffice.services.office import Office
from backoffice.testing.office import OPENED, open_seed_office


@pytest.fixture
def office() -> Office:
    return open_seed_office(ManualClock(OPENED))


@pytest.mark.parametrize("store", [None, "office.db", 123, ["a list"], object()])
def test_saving_to_something_that_is_no_event_store_is_refused(office: Office, store: Any) -> None:
    with pytest.raises(ValidationError, match="EventStore") as raised:
        office.save(store)
    assert raised.value.field == "store"
    real = InMemoryEventStore()
    assert office.save(real) == len(office.events()) > 0  # nothing was marked saved


@pytest.mark.parametrize("command", [None, "restock", 123])
def test_running_something_that_is_not_callable_is_refused(office: Office, command: Any) -> None:
    with pytest.raises(ValidationError, match="callable") as raised:
        office.run(command)
    assert raised.value.field == "command"
    assert office.run(lambda: 42) == 42


@pytest.mark.parametrize("text", [None, 123, b"[scenario]"])
def test_a_scenario_file_must_be_text(text: Any) -> None:
    with pytest.raises(PolicyConfigurationError, match="TOML") as raised:
        Scenario.from_toml(text)
    assert raised.value.field == "toml"


@pytest.mark.parametrize("data", [None, 123, ["a list"], "scenario"])
def test_scenario_settings_must_be_a_table(data: Any) -> None:
    with pytest.raises(PolicyConfigurationError, match="table") as raised:
        Scenario.from_dict(data)
    assert raised.value.field == "scenario"


HISTORIES: dict[str, Callable[[], object]] = {
    "no text": lambda: parse_history(None),  # type: ignore[arg-type]
    "a number": lambda: parse_history(123),  # type: ignore[arg-type]
    "bytes": lambda: parse_history(b"request_id,category"),  # type: ignore[arg-type]
    "malformed JSON": lambda: parse_history("[{", kind="json"),
    "a JSON row that is a number": lambda: parse_history("[1]", kind="json"),
    "a JSON row that is null": lambda: parse_history("[null]", kind="json"),
}


@pytest.mark.parametrize("read", HISTORIES.values(), ids=HISTORIES.keys())
def test_a_history_that_cannot_be_read_is_a_validation_error(read: Callable[[], object]) -> None:
    with pytest.raises(ValidationError) as raised:
        read()
    assert raised.value.field == "history"


@pytest.mark.parametrize("values", [None, 5, "80", [1.5], ["a"], [None], [True], [Decimal("NaN")]])
def test_an_interval_is_taken_over_decimals_only(values: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        t_interval(values)
    assert raised.value.field == "values"
    assert t_interval([Decimal(80), Decimal(84)]).mean == Decimal(82)
