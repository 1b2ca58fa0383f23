"""Laws of scenarios: re-judging, intervals and the workload, for any seed."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.scenarios import (
    Scenario,
    VariantPolicies,
    WorkloadSpec,
    generate_workload,
    recorded_requests,
    rejudge_all,
    simulate,
    t_interval,
)

LOOSE_AND_TIGHT = Scenario.from_toml(
    """
[variants.tight]
sla.urgent.response = "1h"
sla.urgent.resolution = "2h"
sla.important.resolution = "24h"
sla.routine.resolution = "3wd"
[variants.loose]
sla.urgent.resolution = "8h"
sla.important.resolution = "72h"
sla.routine.resolution = "10wd"
"""
)
POLICIES = {name: VariantPolicies.build(d) for name, d in LOOSE_AND_TIGHT.variants}
SPEC = WorkloadSpec.from_dict({"days": 3, "per_day": 15, "urgent_share": 0.3})


@settings(max_examples=5, deadline=None)
@given(seed=st.integers(min_value=1, max_value=10**6))
def test_a_tighter_target_never_puts_more_requests_on_time(seed: int) -> None:
    baseline = POLICIES["baseline"]
    arrivals = generate_workload(SPEC, seed, baseline.calendar("office"))
    simulation = simulate(SPEC, arrivals, baseline, keep_events=True)
    history = recorded_requests(simulation.events)
    on_time = {
        name: sum(
            1
            for f in rejudge_all(history, POLICIES[name].sla, as_of=simulation.ends_at)
            if f.resolution_met
        )
        for name in ("tight", "baseline", "loose")
    }
    assert on_time["tight"] <= on_time["baseline"] <= on_time["loose"]
    # and re-judging under the policy the history was recorded with changes no verdict
    same = rejudge_all(history, baseline.sla, as_of=simulation.ends_at)
    recorded = {f.request_id: f for f in simulation.facts}
    for facts in same:
        if facts.resolution_met is not None and facts.resolved_at is not None:
            assert facts.resolution_met == recorded[facts.request_id].resolution_met


@given(st.lists(st.decimals(min_value=-1000, max_value=1000, places=2), min_size=1, max_size=30))
def test_a_t_interval_holds_its_mean_and_the_values_bound_the_mean(values: list[Decimal]) -> None:
    estimate = t_interval(values)
    assert min(values) <= estimate.mean <= max(values)
    assert estimate.count == len(values)
    if len(values) > 1:
        assert estimate.low is not None
        assert estimate.high is not None
        assert estimate.low <= estimate.mean <= estimate.high
        assert abs((estimate.mean - estimate.low) - (estimate.high - estimate.mean)) < Decimal(
            "1e-20"
        )
    else:
        assert estimate.low is None
        assert estimate.half_width is None
