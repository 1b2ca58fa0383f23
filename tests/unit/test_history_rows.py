"""A recorded history's rows: what is read from each field, and a bad field names its row."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from backoffice.domain.requests import Category, RequestState, Tier
from backoffice.errors import ValidationError
from backoffice.scenarios import parse_history

GOOD = {
    "request_id": "R1",
    "category": "Repair",
    "tier": " URGENT ",
    "site": "Plant 2",
    "description": "Leak, B1",
    "submitted_at": "2025-06-03T09:15:00+08:00",
    "accepted_at": "2025-06-03T09:30:00Z",
    "work_started_at": " 2025-06-03T10:00:00+08:00 ",
    "resolved_at": "2025-06-03T12:00:00+08:00",
    "closed_at": "2025-06-03T12:05:00+08:00",
    "rating": "4",
    "pauses": "2025-06-03T10:30:00+08:00/2025-06-03T11:00:00+08:00;2025-06-03T11:30:00+08:00/",
}
CST = timezone(timedelta(hours=8))


def _json(**changes: object) -> str:
    second = {**GOOD, "request_id": "R2", **changes}
    return json.dumps([GOOD, {k: v for k, v in second.items() if v is not None}])


def test_a_good_row_is_read_field_by_field() -> None:
    (record, _) = parse_history(_json(), kind="json")
    facts = record.facts
    assert (facts.request_id, facts.category, facts.tier) == ("R1", Category.REPAIR, Tier.URGENT)
    assert (facts.site, record.details.description) == ("Plant 2", "Leak, B1")
    assert facts.submitted_at == datetime(2025, 6, 3, 9, 15, tzinfo=CST)
    assert facts.accepted_at == datetime(2025, 6, 3, 9, 30, tzinfo=UTC)
    assert facts.work_started_at == datetime(2025, 6, 3, 10, tzinfo=CST)
    assert facts.state is RequestState.CLOSED
    assert facts.ended_at == facts.closed_at == datetime(2025, 6, 3, 12, 5, tzinfo=CST)
    assert facts.pauses == (
        (datetime(2025, 6, 3, 10, 30, tzinfo=CST), datetime(2025, 6, 3, 11, tzinfo=CST)),
        (datetime(2025, 6, 3, 11, 30, tzinfo=CST), None),
    )
    assert facts.rating == 4


def test_rows_that_say_the_same_share_one_details_value() -> None:
    first, second = parse_history(_json(), kind="json")
    assert first.details is second.details
    assert first.facts.request_id != second.facts.request_id


def test_empty_optional_fields_are_read_as_not_known() -> None:
    blank = {"tier": " ", "site": "", "description": "", "rating": "", "pauses": ";"}
    (_, record) = parse_history(_json(**blank, closed_at=""), kind="json")
    assert record.facts.tier is None
    assert (record.facts.site, record.details.description) == ("HQ", "repair")
    assert (record.facts.rating, record.facts.pauses) == (None, ())
    assert record.facts.state is RequestState.SUBMITTED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"category": "plumbing"}, r"row 2: category 'plumbing' is not one of \[.*'repair'"),
        ({"category": None}, "row 2: needs a category"),
        ({"tier": "soon"}, r"row 2: tier 'soon' is not one of \['important', 'routine'"),
        ({"submitted_at": "2025-06-03T09:15:00"}, "row 2: submitted_at .*naive"),
        ({"accepted_at": "3 June"}, "row 2: accepted_at '3 June'"),
        ({"submitted_at": ""}, "row 2: needs request_id and submitted_at"),
        ({"request_id": " "}, "row 2: needs request_id and submitted_at"),
        ({"pauses": "2025-06-03T10:30:00+08:00/soon"}, "row 2: end 'soon'"),
        ({"rating": "four"}, "row 2: rating 'four' is not 1-5"),
        ({"rating": 6}, "row 2: rating '6' is not 1-5"),
        ({"site": " "}, "row 2: site cannot be blank"),
        ({"description": "x" * 10_001}, "row 2: description is 10001 characters long"),
    ],
)
def test_a_bad_field_raises_a_validation_error_naming_the_row(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_history(_json(**changes), kind="json")


def test_a_csv_row_is_numbered_as_the_requests_are() -> None:
    header = ",".join(GOOD)
    good = ",".join(f'"{v}"' for v in GOOD.values())
    bad = good.replace("Repair", "Repairs")
    with pytest.raises(ValidationError, match="row 3: category 'repairs'"):
        parse_history(f"{header}\n{good}\n\n{good}\n{bad}\n")
    assert len(parse_history(f"{header}\n{good}\n\n{good}\n{bad}\n", stop=2)) == 2
