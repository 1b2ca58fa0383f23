"""Scenarios: policy what-ifs over a simulated workload or a recorded history.

A scenario (:class:`Scenario`, read from TOML) is a workload and named policy variants; a run
(:func:`run_scenario`) simulates or re-judges each variant over each seed and returns a
:class:`ScenarioResult`, the figures side by side with the difference to the baseline. The
modules ``calendar``, ``requests``, ``inventory`` and ``budgets`` hold the stories of
``python -m backoffice demo``.
"""

from __future__ import annotations

from backoffice.scenarios.config import Scenario
from backoffice.scenarios.example import EXAMPLE_SCENARIO
from backoffice.scenarios.history import history_csv, parse_history
from backoffice.scenarios.rejudge import RecordedRequest, recorded_requests, rejudge, rejudge_all
from backoffice.scenarios.results import ScenarioResult, VariantRun
from backoffice.scenarios.runner import RunTask, run_scenario, run_task
from backoffice.scenarios.simulate import Simulation, simulate
from backoffice.scenarios.stats import Estimate, t_interval
from backoffice.scenarios.variants import VariantPolicies
from backoffice.scenarios.workload import Arrival, WorkloadSpec, generate_workload

__all__ = [
    "EXAMPLE_SCENARIO",
    "Arrival",
    "Estimate",
    "RecordedRequest",
    "RunTask",
    "Scenario",
    "ScenarioResult",
    "Simulation",
    "VariantPolicies",
    "VariantRun",
    "WorkloadSpec",
    "generate_workload",
    "history_csv",
    "parse_history",
    "recorded_requests",
    "rejudge",
    "rejudge_all",
    "run_scenario",
    "run_task",
    "simulate",
    "t_interval",
]
