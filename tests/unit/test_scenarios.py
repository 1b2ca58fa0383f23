"""Scenarios: files and variants, the workload, the staffing queue, re-judging, the runners."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from backoffice.domain.metrics import RequestFacts
from backoffice.domain.requests import SlaMetric, SlaTarget
from backoffice.errors import PolicyConfigurationError
from backoffice.scenarios.config import Scenario
from backoffice.scenarios.rejudge import RecordedRequest, recorded_requests, rejudge_all
from backoffice.scenarios.runner import history_end, run_scenario
from backoffice.scenarios.simulate import simulate
from backoffice.scenarios.staffing import Job, schedule
from backoffice.scenarios.stats import t_interval
from backoffice.scenarios.variants import VariantPolicies, builtin_calendars
from backoffice.scenarios.workload import WorkloadSpec, generate_workload

SHANGHAI = ZoneInfo("Asia/Shanghai")
SMALL = """
[scenario]
name = "small"
seeds = 2
[workload]
days = 5
per_day = 12
[variants.urgent_3h]
sla.urgent.resolution = "3h"
sla.important.response = "4h"
[variants.one_more_technician]
staffing.facilities.technicians = 4
"""


def test_a_variant_overrides_the_seed_targets_of_its_tier_only() -> None:
    scenario = Scenario.from_toml(SMALL)
    assert scenario.variant_names == ("baseline", "urgent_3h", "one_more_technician")
    rules = {r["name"]: r for r in scenario.variant("urgent_3h")["sla"]["rules"]}
    assert rules["urgent (紧急级)"]["resolution"] == {"hours": 3, "calendar": "24x7"}
    assert rules["emergency (突发事件)"]["resolution"]["hours"] == 3
    assert rules["important (重要级)"]["response"] == {"hours": 4, "calendar": "24x7"}
    assert rules["routine (常规级)"]["resolution"] == {"working_days": 5}
    base = {r["name"]: r for r in scenario.variant("baseline")["sla"]["rules"]}
    assert base["urgent (紧急级)"]["resolution"]["hours"] == 4
    staffing = scenario.variant("one_more_technician")["staffing"]
    assert staffing["facilities"]["technicians"] == 4
    assert staffing["cleaning"]["technicians"] == 2


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('[variants.v]\nsla.urgent.resolution = "3 hours"', "variants.v.sla.urgent.resolution"),
        ('[variants.v]\nsla.urgent.repair = "3h"', "variants.v.sla.urgent.repair"),
        (
            "[variants.v]\nstaffing.facilities.technicians = 0",
            "variants.v.staffing.facilities.technicians",
        ),
        ('[variants.v]\nstaffing.it.calendar = "moon"', "variants.v.staffing.it.calendar"),
        ("[variants.v]\nbudget.annual = 'lots'", "variants.v.budget.annual"),
        ("[variants.v]\napprovals = { currency = 'CNY' }", "variants.v.approvals"),
        ("[variants.v]\ncolour = 'red'", "variants.v"),
        ("[workload]\nper_day = -1", "workload.per_day"),
        ("[scenario]\nseeds = [1, 1]", "scenario.seeds"),
        ('[scenario]\nkind = "guess"', "scenario.kind"),
        ('[scenario]\nkind = "rejudge"', "history.path"),
    ],
)
def test_a_mistake_in_a_scenario_file_names_the_field(text: str, field: str) -> None:
    with pytest.raises(PolicyConfigurationError) as raised:
        Scenario.from_toml(text)
    assert raised.value.field == field


def test_the_same_seed_draws_the_same_workload_and_another_seed_another() -> None:
    spec = WorkloadSpec.from_dict({"days": 7})
    office = builtin_calendars()["office"]
    first, again = generate_workload(spec, 7, office), generate_workload(spec, 7, office)
    assert first == again
    assert first != generate_workload(spec, 8, office)
    assert all(a.submitted_at <= b.submitted_at for a, b in itertools.pairwise(first))


def test_the_rainy_season_brings_bursts_of_flood_reports() -> None:
    spec = WorkloadSpec.from_dict(
        {"days": 7, "per_day": 0, "off_day_share": 0,
         "rainy_season": {"from": "2025-06-02", "to": "2025-06-08", "storms": 2, "size": 5}}
    )  # fmt: skip
    arrivals = generate_workload(spec, 1, builtin_calendars()["office"])
    assert len(arrivals) == 10
    assert all(a.description and a.channel == "phone_hotline" for a in arrivals)


def test_a_technician_takes_the_most_urgent_ready_job_and_never_starts_early() -> None:
    office = builtin_calendars()["office"]
    monday = datetime(2025, 6, 3, 9, 0, tzinfo=SHANGHAI)  # Tuesday: Monday is 端午节
    jobs = [
        Job(monday, 2, timedelta(hours=2), 0),
        Job(monday + timedelta(minutes=10), 2, timedelta(hours=1), 1),
        Job(monday + timedelta(minutes=20), 0, timedelta(hours=1), 2),
        Job(monday + timedelta(hours=5), 1, timedelta(hours=1), 3),
    ]
    times = schedule(jobs, 1, office)
    assert times[0] == (monday, monday + timedelta(hours=2))
    assert times[2][0] == monday + timedelta(hours=2)  # urgent before the routine job 1
    assert times[1][0] == monday + timedelta(hours=4)  # 11:00 + 1 h, then lunch 12-13
    for job, (start, finish) in zip(jobs, times, strict=True):
        assert start >= job.ready_at
        assert office.working_time_between(start, finish) == job.work


def _history() -> tuple[list[RecordedRequest], datetime]:
    scenario = Scenario.from_toml(SMALL)
    policies = VariantPolicies.build(scenario.variant("baseline"))
    spec = WorkloadSpec.from_dict({"days": 10, "per_day": 25, "urgent_share": 0.3})
    arrivals = generate_workload(spec, 3, policies.calendar("office"))
    simulation = simulate(spec, arrivals, policies, keep_events=True)
    records = recorded_requests(simulation.events)
    assert history_end(records) <= simulation.ends_at
    return records, history_end(records)  # what a re-judge of the recorded history reads at


def _independent_due(target: SlaTarget, start: datetime) -> datetime:
    """The due instant of a clock never paused, straight from the calendar."""
    if target.working_time is not None:
        return target.working_calendar.add_working_time(start, target.working_time)
    assert target.working_days is not None
    return target.working_calendar.add_working_days(start, target.working_days)


def _independent_verdict(
    target: SlaTarget,
    start: datetime,
    stop: datetime,
    pauses: tuple[tuple[datetime, datetime | None], ...],
) -> bool:
    """On time, counted directly on the calendar: working time used minus pauses <= allowed."""
    calendar = target.working_calendar
    if target.working_time is not None:
        allowed = target.working_time
    else:
        assert target.working_days is not None
        due = calendar.add_working_days(start, target.working_days)
        allowed = calendar.working_time_between(start, due)
    used = calendar.working_time_between(start, stop)
    for paused, resumed in pauses:
        used -= calendar.working_time_between(paused, resumed or stop)
    return used <= allowed


def test_a_rejudged_history_matches_a_direct_count_under_the_seed_and_a_variant() -> None:
    records, as_of = _history()
    scenario = Scenario.from_toml(SMALL)
    assert len(records) > 150
    rejudging = {"scenario": {"kind": "rejudge"}, "history": {"path": "-"},
                 "variants": {"urgent_3h": scenario.variant("urgent_3h")}}  # fmt: skip
    result = run_scenario(Scenario.from_dict(rejudging), history=records, executor="serial")
    for name in ("baseline", "urgent_3h"):
        policy = VariantPolicies.build(scenario.variant(name)).sla
        judged = rejudge_all(records, policy, as_of=as_of)
        counts = {"response": [0, 0], "resolution": [0, 0]}
        for record, facts in zip(records, judged, strict=True):
            assert record.facts.request_id == facts.request_id
            original = record.facts
            if original.tier is None or original.accepted_at is None:
                assert facts == original
                continue
            targets = policy.targets(record.details, original.tier)
            for metric, stop, pauses in (
                ("response", original.work_started_at, ()),
                ("resolution", original.resolved_at, original.pauses),
            ):
                target = targets[SlaMetric(metric)]
                met = getattr(facts, f"{metric}_met")
                if stop is None and not pauses:  # open at the end: late once past due
                    due = _independent_due(target, original.accepted_at)
                    assert getattr(facts, f"{metric}_due_at") == due
                    assert met is (False if as_of > due else None)
                    continue
                if stop is None:  # paused at the end: late if it used more than allowed
                    used = not _independent_verdict(target, original.accepted_at, as_of, pauses)
                    assert met is (False if used else None)
                    continue
                if not pauses:
                    assert getattr(facts, f"{metric}_due_at") == _independent_due(
                        target, original.accepted_at
                    )
                expected = _independent_verdict(target, original.accepted_at, stop, pauses)
                assert met is expected, (name, metric, original.request_id)
                counts[metric][0] += expected
                counts[metric][1] += 1
        late_open = sum(1 for f in judged if f.resolved_at is None and f.resolution_met is False)
        on_time = result.estimate(name, "resolution_on_time")
        assert on_time is not None
        met, decided = counts["resolution"][0], counts["resolution"][1] + late_open
        assert on_time.mean == (Decimal(met) * 100 / decided).quantize(Decimal("0.01"))
        response = result.estimate(name, "response_on_time")
        assert response is not None
        late_response = sum(
            1 for f in judged if f.work_started_at is None and f.response_met is False
        )
        share = Decimal(counts["response"][0]) * 100 / (counts["response"][1] + late_response)
        assert response.mean == share.quantize(Decimal("0.01"))
    assert result.difference("urgent_3h", "response_on_time") is not None


def test_rejudging_never_rewrites_the_record() -> None:
    records, as_of = _history()
    before = [r.facts for r in records]
    policy = VariantPolicies.build(Scenario.from_toml(SMALL).variant("urgent_3h")).sla
    rejudge_all(records, policy, as_of=as_of)
    assert [r.facts for r in records] == before


def test_a_history_with_no_requests_cannot_be_rejudged() -> None:
    with pytest.raises(ValueError, match="no requests"):
        history_end([])


@pytest.mark.parametrize("executor", ["process", "dask"])
def test_every_executor_gives_the_serial_result(executor: str) -> None:
    scenario = Scenario.from_toml(SMALL)
    serial = run_scenario(scenario, executor="serial")
    client = None
    if executor == "dask":
        from dask.distributed import Client

        client = Client(  # type: ignore[no-untyped-call]
            processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
        )
    try:
        parallel = run_scenario(scenario, executor=executor, workers=2, client=client)
    finally:
        if client is not None:
            client.close()  # type: ignore[no-untyped-call]
    assert parallel == serial
    assert serial.text() == parallel.text()


def test_a_run_reports_its_progress_and_an_unknown_executor_is_refused() -> None:
    scenario = Scenario.from_toml(SMALL)
    seen: list[tuple[int, int]] = []
    result = run_scenario(scenario, executor="serial", progress=lambda d, n: seen.append((d, n)))
    assert seen == [(i, 6) for i in range(1, 7)]
    assert result.variants == scenario.variant_names
    with pytest.raises(ValueError, match="executor"):
        run_scenario(scenario, executor="threads")


def test_repair_bills_climb_the_variants_approval_matrix() -> None:
    scenario = Scenario.from_toml(
        "[workload]\ndays = 5\nrepair_cost = [4000, 12000]\n"
        "[variants.one_level]\napprovals = { currency = 'CNY', columns = [{ name = 'all', "
        "levels = [{ from = '0', role = 'department-head' }] }] }\n"
    )
    result = run_scenario(scenario, executor="serial")
    matrix = result.estimate("baseline", "approval_steps")
    flat = result.estimate("one_level", "approval_steps")
    assert matrix is not None
    assert flat is not None
    assert flat.mean == 1
    assert matrix.mean > 1  # bills from 5,000 CNY also go to the logistics manager
    assert result.estimate("one_level", "bills_escalated") == t_interval([Decimal(0)])


def test_the_facts_of_a_simulation_are_the_desks_own() -> None:
    policies = VariantPolicies.build(Scenario.from_toml(SMALL).variant("baseline"))
    spec = WorkloadSpec.from_dict({"days": 3})
    simulation = simulate(spec, generate_workload(spec, 1, policies.calendar("office")), policies)
    assert all(isinstance(f, RequestFacts) for f in simulation.facts)
    assert simulation.budget.booked_count + simulation.budget.refused_count == sum(
        1 for f in simulation.facts if f.cost is not None
    )
