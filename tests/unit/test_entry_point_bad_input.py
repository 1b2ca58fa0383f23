"""Bad input to the office's own commands, the scenario and metrics entry points is refused.

Regression tests (issue #11): each call below raised ``AttributeError``, ``TypeError`` or
``json.JSONDecodeError`` or a bare ``ValueError``, or was accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from backoffice import Percent, PolicyConfigurationError, ValidationError
from backoffice.clock import ManualClock
from backoffice.domain.metrics import (
    RequestFacts,
    backlog_ageing,
    facts_from_request,
    most_repaired,
    nearest_rank,
    rate,
    request_figures_by,
)
from backoffice.domain.requests import RequestLocation
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


def _facts(office: Office) -> list[RequestFacts]:
    request = office.submit_request(channel="oa_system", category="repair", description="AC",
                                    location=RequestLocation("HQ"), requester="zhang")  # fmt: skip
    return [facts_from_request(request)]


FIGURES_BY: dict[str, dict[str, Any]] = {
    "a dimension that is none": {"by": ["bogus"]},
    "a lone string as dimensions": {"by": "department"},
    "dimensions that are no sequence": {"by": None},
    "a period that is none": {"period": "fortnight"},
    "dated by no instant": {"dated_by": "bogus"},
    "dated by a number": {"dated_by": 5},
    "a zone that is text": {"zone": "Asia/Shanghai"},
    "a year starting in month 13": {"year_starts": 13},
    "a year starting in no month": {"year_starts": "april"},
    "names that are a number": {"names": 5},
    "names that are one string": {"names": "requests"},
}


@pytest.mark.parametrize("arguments", FIGURES_BY.values(), ids=FIGURES_BY.keys())
@pytest.mark.parametrize("period", [None, "month"])
def test_figures_by_group_refuse_what_they_cannot_group_by(
    office: Office, arguments: dict[str, Any], period: str | None
) -> None:
    with pytest.raises(ValidationError) as raised:
        request_figures_by(_facts(office), **({"period": period} | arguments))
    assert raised.value.field == next(iter(arguments))


def test_a_dimension_is_read_from_its_name_in_any_case(office: Office) -> None:
    figures = request_figures_by(_facts(office), ["Category"], names=["requests"])
    assert list(figures) == [("repair",)]


@pytest.mark.parametrize("brackets", [None, 5, [1, 2], [timedelta(0)], ["1 day"]])
def test_backlog_brackets_are_positive_durations(office: Office, brackets: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        backlog_ageing(_facts(office), OPENED, brackets)
    assert raised.value.field == "brackets"


@pytest.mark.parametrize("top", [None, 0, -1, 1.5, "3", True])
def test_the_most_repaired_list_is_a_whole_number_long(office: Office, top: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        most_repaired(_facts(office), top=top)
    assert raised.value.field == "top"


@pytest.mark.parametrize(
    ("part", "whole", "field"),
    [("3", 4, "part"), (1.5, 4, "part"), (None, 4, "part"), (-1, 4, "part"), (True, 4, "part"),
     (1, 4.0, "whole"), (1, -4, "whole"), (10**30, 10**30, "part")],
)  # fmt: skip
def test_a_rate_is_taken_of_whole_numbers_of_records(part: Any, whole: Any, field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        rate(part, whole)
    assert raised.value.field == field
    assert rate(3, 4).value == Percent(75)


@pytest.mark.parametrize("percentile", ["50", 1.5, None, True, Decimal("NaN"), 0, 101])
def test_a_percentile_is_a_number_above_0_and_at_most_100(percentile: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        nearest_rank([1, 2, 3, 4], percentile)
    assert raised.value.field == "percentile"
    assert nearest_rank([1, 2, 3, 4], Decimal("62.5")).value == 3
