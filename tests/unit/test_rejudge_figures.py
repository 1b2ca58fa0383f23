"""Every figure of a re-judge against a direct count, and a re-judge split in parts."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import pytest

from backoffice.adapters.history_file import HistoryFile
from backoffice.domain.metrics import RequestFacts, request_figures
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
