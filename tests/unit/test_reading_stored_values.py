"""Reading stored values: each SLA target snapshot built once, durations exact, bad data refused."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import cattrs
import pytest

from backoffice import ValidationError
from backoffice.domain.requests.targets import SlaDeadline, SlaMetric, SlaTarget, SlaTargets
from backoffice.serialization import make_converter, memoise


def _target(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "metric": "response",
        "calendar": "24x7",
        "working_time": "7200",
        "working_days": None,
        "warnings": ["50", "75"],
    }
    return {**data, **changes}


def test_equal_stored_targets_are_read_as_one_shared_value() -> None:
    conv = make_converter()
    first = conv.structure(_target(), SlaTarget)
    again = conv.structure(_target(), SlaTarget)
    assert again is first
    assert first == SlaTarget(SlaMetric.RESPONSE, "24x7", working_time=timedelta(hours=2))
    other = conv.structure(_target(working_time="14400"), SlaTarget)
    assert other.working_time == timedelta(hours=4)


def test_a_stored_target_set_is_shared_and_its_targets_read_through_the_same_memo() -> None:
    conv = make_converter()
    data = {"targets": [_target(), _target(metric="resolution", working_time="14400")]}
    targets = conv.structure(data, SlaTargets)
    assert conv.structure(data, SlaTargets) is targets
    assert conv.structure(_target(), SlaTarget) is targets.targets[0]


def test_a_refused_snapshot_is_refused_every_time() -> None:
    conv = make_converter()
    bad = _target(working_days=1)  # a working time and working days at once
    for _ in range(2):
        with pytest.raises(cattrs.BaseValidationError):
            conv.structure(bad, SlaTarget)


def test_equal_values_written_differently_are_read_back_as_written() -> None:
    # 50 % written "50.0" equals 50 % written "50", but each is written back as it was read.
    conv = make_converter()
    plain = conv.structure(_target(), SlaTarget)
    spelled = conv.structure(_target(warnings=["50.0", "75"]), SlaTarget)
    assert spelled == plain
    assert spelled is not plain
    assert conv.unstructure(spelled)["warnings"] == ["50.0", "75"]
    assert conv.unstructure(plain)["warnings"] == ["50", "75"]


def test_a_payload_that_is_not_json_is_built_without_the_memo() -> None:
    built: list[object] = []

    def structure(value: object, kind: object) -> object:
        built.append(value)
        return len(built)

    hook = memoise(structure, size=2)
    assert [hook({"a": {1, 2}}, None), hook({"a": {1, 2}}, None)] == [1, 2]
    assert [hook(["x"], None), hook(["x"], None)] == [3, 3]


def test_the_memo_starts_afresh_when_full() -> None:
    calls: list[object] = []

    def structure(value: object, kind: object) -> object:
        calls.append(value)
        return object()

    hook = memoise(structure, size=2)
    first = hook("a", None)
    hook("b", None)
    hook("c", None)  # full: forgets "a" and "b"
    assert hook("a", None) is not first
    assert calls == ["a", "b", "c", "a"]


def test_a_duration_beyond_a_timedelta_or_not_a_number_is_refused_every_time() -> None:
    conv = make_converter()
    for _ in range(2):  # a refusal is never remembered as a value
        with pytest.raises(ValidationError, match="beyond what a timedelta holds"):
            conv.structure("1E+14", timedelta)
        with pytest.raises(ValidationError, match="not a decimal number"):
            conv.structure("two hours", timedelta)


@pytest.mark.parametrize(
    "duration",
    [timedelta(days=1), timedelta(0), timedelta(microseconds=-1), timedelta(days=-3, seconds=5)],
)
def test_a_duration_is_written_in_seconds_and_read_back_exactly(duration: timedelta) -> None:
    conv = make_converter()
    text = conv.unstructure(duration)
    assert conv.structure(text, timedelta) == duration
    assert conv.structure(Decimal(text), timedelta) == duration


def test_a_sub_microsecond_duration_is_rounded_half_to_even() -> None:
    conv = make_converter()
    assert conv.structure("0.0000005", timedelta) == timedelta(0)
    assert conv.structure("0.0000015", timedelta) == timedelta(microseconds=2)
    assert conv.unstructure(timedelta(days=1)) == "8.64E+4"


@pytest.mark.parametrize(
    "deadlines",
    [
        "response",
        [["response", "2025-03-04T14:12:00+08:00"]],
        [[7, "2025-03-04T14:12:00+08:00", "7200"]],
        [["response", "2025-03-04T14:12:00", "7200"]],  # a naive instant
        [["response", "2025-03-04T14:12:00+08:00", "two hours"]],
    ],
)
def test_stored_sla_deadlines_of_the_wrong_shape_are_refused(deadlines: object) -> None:
    conv = make_converter()
    with pytest.raises(ValidationError):
        conv.structure(deadlines, tuple[SlaDeadline, ...])


def test_stored_sla_deadlines_are_read_back_as_written() -> None:
    conv = make_converter()
    due = datetime(2025, 3, 4, 14, 12, tzinfo=timezone(timedelta(hours=8)))
    deadlines = (("response", due, timedelta(hours=2)), ("resolution", due, timedelta(days=1)))
    data = conv.unstructure(deadlines, tuple[SlaDeadline, ...])
    assert json.loads(json.dumps(data)) == [
        ["response", "2025-03-04T14:12:00+08:00", "7.2E+3"],
        ["resolution", "2025-03-04T14:12:00+08:00", "8.64E+4"],
    ]
    assert conv.structure(json.loads(json.dumps(data)), tuple[SlaDeadline, ...]) == deadlines
