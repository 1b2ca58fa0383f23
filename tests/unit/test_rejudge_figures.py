"""Every figure of a re-judge against a direct count, and a re-judge split in parts."""

from __future__ import annotations

import math
import pickle
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import attrs
import pytest

from backoffice.adapters.history_file import HistoryFile
from backoffice.domain.metrics import RequestFacts, request_figures
from backoffice.errors import ValidationError
from backoffice.policies.kpi import WeightedKpiScoring
from backoffice.policies.scorecards import Scorecard
from backoffice.scenarios import (
    RecordedHistory,
    RecordedRequest,
    Scenario,
    VariantPolicies,
    WorkloadSpec,
    generate_workload,
    history_csv,
    parse_history,
    recorded_requests,
    rejudge_all,
    run_scenario,
    simulate,
)
from backoffice.scenarios.runner import history_end

REJUDGE = """
[scenario]
name = "re-judge"
kind = "rejudge"
[history]
path = "history.csv"
[variants.urgent_3h]
sla.urgent.resolution = "3h"
sla.important.response = "4h"
[variants.routine_2wd]
sla.routine.resolution = "2wd"
"""
CENT = Decimal("0.01")


def _history() -> list[RecordedRequest]:
    policies = VariantPolicies.build(Scenario.from_toml(REJUDGE).variant("baseline"))
    spec = WorkloadSpec.from_dict({"days": 8, "per_day": 20, "urgent_share": 0.3})
    arrivals = generate_workload(spec, 5, policies.calendar("office"))
    return recorded_requests(simulate(spec, arrivals, policies, keep_events=True).events)


def _hours(value: timedelta) -> Decimal:
    hours = Decimal(value // timedelta(microseconds=1)) / Decimal(3_600_000_000)
    return hours.quantize(CENT, rounding=ROUND_HALF_EVEN)


def _share(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / whole).quantize(CENT, rounding=ROUND_HALF_EVEN)


def _p(values: list[timedelta], p: int) -> timedelta:
    ordered = sorted(values)
    return ordered[max(math.ceil(p * len(ordered) / 100), 1) - 1]


def _direct(judged: list[RequestFacts], as_of: datetime) -> dict[str, Decimal]:
    """The table's request figures counted directly over the re-judged facts."""
    at = as_of.astimezone(UTC)
    responses = [f.response_met for f in judged if f.response_met is not None]
    resolutions = [f.resolution_met for f in judged if f.resolution_met is not None]
    working = [f.response_working_time for f in judged if f.response_working_time is not None]
    elapsed = [
        f.resolved_at.astimezone(UTC) - f.accepted_at.astimezone(UTC)
        for f in judged
        if f.resolved_at is not None and f.accepted_at is not None
    ]
    ratings = [f.rating for f in judged if f.rating is not None]
    open_at_end = [
        f
        for f in judged
        if f.submitted_at.astimezone(UTC) <= at
        and (f.ended_at is None or f.ended_at.astimezone(UTC) > at)
    ]
    return {
        "requests": Decimal(len(judged)),
        "response_on_time": _share(responses.count(True), len(responses)),
        "resolution_on_time": _share(resolutions.count(True), len(resolutions)),
        "respond_p90": _hours(_p(working, 90)),
        "resolve_p50": _hours(_p(elapsed, 50)),
        "resolve_p90": _hours(_p(elapsed, 90)),
        "mttr": _hours(sum(elapsed, timedelta()) / len(elapsed)),
        "backlog": Decimal(len(open_at_end)),
        "satisfaction": _share(sum(1 for r in ratings if r >= 4), len(ratings)),
    }


def test_every_rejudged_figure_matches_a_direct_count_under_the_seed_and_two_variants() -> None:
    records = _history()
    as_of = history_end(records)
    scenario = Scenario.from_toml(REJUDGE)
    result = run_scenario(scenario, history=records, executor="serial")
    assert len(records) > 100
    differs = False
    for name in scenario.variant_names:
        judged = rejudge_all(
            records, VariantPolicies.build(scenario.variant(name)).sla, as_of=as_of
        )
        direct = _direct(judged, as_of)
        run = next(r for r in result.runs if r.variant == name)
        for key, value in direct.items():
            assert run.figures[key] == value, (name, key)
        figures = request_figures(judged, at=as_of)
        total = WeightedKpiScoring.seed().score(Scorecard.seed(), figures).total
        assert run.figures["scorecard"] == total
        minutes = sorted(
            int(f.response_working_time // timedelta(minutes=1))
            for f in judged
            if f.response_working_time is not None
        )
        assert list(run.response_minutes) == minutes
        differs = differs or run.figures != result.runs[0].figures
    assert differs  # the variants change something


def test_a_rejudge_split_among_processes_gives_the_serial_result(tmp_path: Path) -> None:
    records = _history()
    (tmp_path / "history.csv").write_text(history_csv(records), encoding="utf-8")
    scenario = Scenario.from_toml(REJUDGE)
    serial = run_scenario(scenario, history=records, executor="serial")
    from_file = HistoryFile.open(tmp_path / "history.csv")
    assert len(from_file) == len(records)
    parallel = run_scenario(scenario, history=from_file, executor="process", workers=3)
    assert parallel == serial
    from dask.distributed import Client

    client = Client(  # type: ignore[no-untyped-call]
        processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
    )
    try:
        in_memory = RecordedHistory(records)
        on_dask = run_scenario(scenario, history=in_memory, executor="dask", client=client)
    finally:
        client.close()  # type: ignore[no-untyped-call]
    assert on_dask == serial


def test_a_history_file_hands_out_its_rows_in_parts(tmp_path: Path) -> None:
    records = _history()[:10]
    path = tmp_path / "history.csv"
    blank_after_header = history_csv(records).replace("\n", "\n\n", 1)  # not a row
    path.write_text(blank_after_header, encoding="utf-8")
    whole = HistoryFile.open(path)
    assert len(whole) == 10
    assert whole.ends_at() == history_end(whole.requests())
    ids = [r.facts.request_id for r in records]
    part = whole.part(3, 7)
    assert len(part) == 4
    assert [r.facts.request_id for r in part.requests()] == ids[3:7]
    assert [r.facts.request_id for r in part.part(1, 2).requests()] == ids[4:5]
    (tmp_path / "empty.csv").write_text("request_id,submitted_at\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no requests"):
        HistoryFile.open(tmp_path / "empty.csv")


def _awkward(records: list[RecordedRequest]) -> tuple[list[RecordedRequest], str]:
    """The records, one with a comma and one with a line break in its description, and their
    CSV text without a newline at its end."""
    said = {2: "Lift stuck, floor 3", 8: 'Leak in B1\nthen on the "stairs"'}
    changed = [
        RecordedRequest(attrs.evolve(r.details, description=said[i]), r.facts) if i in said else r
        for i, r in enumerate(records)
    ]
    return changed, history_csv(changed).rstrip("\n")


def test_a_csv_history_split_at_byte_marks_gives_the_serial_result(tmp_path: Path) -> None:
    records, text = _awkward(_history())
    (tmp_path / "history.csv").write_text(text, encoding="utf-8")
    assert not text.endswith("\n")
    whole = HistoryFile.open(tmp_path / "history.csv", rows_per_mark=7)
    assert len(whole) == len(records)
    assert len(whole.marks) == -(-len(records) // 7)
    parsed = [
        r for part in (whole.part(0, 50), whole.part(50, len(whole))) for r in part.requests()
    ]
    assert [r.details.description for r in parsed] == [r.details.description for r in records]
    assert [r.facts.request_id for r in parsed] == [r.facts.request_id for r in records]
    scenario = Scenario.from_toml(REJUDGE)
    serial = run_scenario(scenario, history=records, executor="serial")
    parallel = run_scenario(scenario, history=whole, executor="process", workers=3)
    assert parallel == serial
    assert run_scenario(scenario, history=whole, executor="serial") == serial


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_every_part_of_a_csv_history_reads_the_rows_the_whole_text_holds(
    tmp_path: Path, newline: str
) -> None:
    _, text = _awkward(_history()[:23])
    path = tmp_path / "history.csv"
    with_bom_and_a_blank_line = "\ufeff" + text.replace("\n", "\n\n", 1).replace("\n", newline)
    path.write_bytes(with_bom_and_a_blank_line.encode("utf-8"))
    expected = parse_history(text)
    whole = HistoryFile.open(path, rows_per_mark=4)
    assert len(whole) == 23
    for start in range(24):
        for stop in range(start, 24):
            part = whole.part(start, stop)
            assert len(part) == stop - start
            got = part.requests()
            assert [r.facts for r in got] == [r.facts for r in expected[start:stop]]
            assert [r.details.description.replace(newline, "\n") for r in got] == [
                r.details.description for r in expected[start:stop]
            ]
    inner = whole.part(5, 19).part(3, 9)
    ids = [r.facts.request_id for r in expected]
    assert [r.facts.request_id for r in inner.requests()] == ids[8:14]
    assert len(pickle.dumps(whole.part(5, 9))) < len(pickle.dumps(whole))


def test_a_csv_part_refuses_a_file_changed_since_it_was_opened(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text(history_csv(_history()[:10]), encoding="utf-8")
    part = HistoryFile.open(path).part(2, 5)
    with path.open("a", encoding="utf-8") as more:
        more.write("R99,repair,routine,HQ,x,2025-06-03T09:15:00+08:00,,,,,,\n")
    with pytest.raises(ValidationError, match="changed since it was opened"):
        part.requests()


def test_a_bad_row_in_a_csv_part_is_named_by_its_number_in_the_file(tmp_path: Path) -> None:
    lines = history_csv(_history()[:30]).split("\n")
    path = tmp_path / "history.csv"
    bad_tier = lines[:]
    bad_tier[20] = ",".join(["R20", "repair", "soon", *lines[20].split(",")[3:]])
    path.write_text("\n".join(bad_tier), encoding="utf-8")
    part = HistoryFile.open(path, rows_per_mark=3).part(17, 25)
    assert [r.facts.request_id for r in part.part(0, 2).requests()][-1] == lines[19].split(",")[0]
    with pytest.raises(ValidationError, match=r"row 20: tier 'soon' is not one of \["):
        part.requests()
    naive = lines[:]
    naive[20] = naive[20].replace("+08:00", "", 1)
    path.write_text("\n".join(naive), encoding="utf-8")
    with pytest.raises(ValidationError, match="row 20: submitted_at"):
        HistoryFile.open(path, rows_per_mark=3)
