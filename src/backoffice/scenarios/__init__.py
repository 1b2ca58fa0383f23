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
from backoffice.scenarios.rejudge import (
    Judge,
    RecordedRequest,
    recorded_requests,
    rejudge,
    rejudge_all,
    rejudged_tally,
)
from backoffice.scenarios.results import ScenarioResult, VariantRun
from backoffice.scenarios.runner import RejudgeTask, RunTask, run_scenario, run_task
from backoffice.scenarios.simulate import Simulation, simulate
from backoffice.scenarios.sources import HistorySource, RecordedHistory
from backoffice.scenarios.stats import Estimate, t_interval
from backoffice.scenarios.variants import VariantPolicies
from backoffice.scenarios.workload import Arrival, WorkloadSpec, generate_workload

__all__ = [
    "EXAMPLE_SCENARIO",
    "Arrival",
    "Estimate",
    "HistorySource",
    "Judge",
    "RecordedHistory",
    "RecordedRequest",
    "RejudgeTask",
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
    "rejudged_tally",
    "run_scenario",
    "run_task",
    "simulate",
    "t_interval",
]
