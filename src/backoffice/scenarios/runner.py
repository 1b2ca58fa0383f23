"""Running a scenario: every variant over every seed, serially, in processes or on Dask.

A run is a list of :class:`RunTask`: one per variant and seed (or one per variant for a
re-judge). A task is plain data (the variant's definition as a dict, the workload table, the
seed, the recorded requests), so it pickles: each worker builds its own policies from the
definition and returns a :class:`~backoffice.scenarios.results.VariantRun`. The runs are put
back in (variant, seed) order, so the result is the same whichever executor ran them:

* ``"serial"``: one after the other, in this process;
* ``"process"`` (the default): a :class:`concurrent.futures.ProcessPoolExecutor`;
* ``"dask"``: a ``dask.distributed.Client`` (one you pass, or a ``LocalCluster`` started for
  the run and closed after it); install the ``dask`` extra.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from datetime import datetime
from typing import Any, Final

import attrs

from backoffice.domain.metrics import RequestFacts
from backoffice.errors import ValidationError
from backoffice.policies.scorecards import Scorecard
from backoffice.scenarios.config import Scenario
from backoffice.scenarios.kpis import measure, response_minutes
from backoffice.scenarios.rejudge import RecordedRequest, rejudge_all
from backoffice.scenarios.results import ScenarioResult, VariantRun, merged_runs
from backoffice.scenarios.simulate import simulate
from backoffice.scenarios.variants import VariantPolicies
from backoffice.scenarios.workload import WorkloadSpec, generate_workload

__all__ = ["EXECUTORS", "RunTask", "run_scenario", "run_task", "scenario_tasks"]

#: The ways to run the tasks.
EXECUTORS: Final = ("serial", "process", "dask")
#: Reports progress: ``(tasks done, tasks in all)``.
Progress = Callable[[int, int], None]


@attrs.frozen(kw_only=True)
class RunTask:
    """One variant over one seed's workload (or over the recorded history): plain data.

    Attributes:
        kind: ``"simulate"`` or ``"rejudge"``.
        variant: The variant's name.
        definition: Its policies as plain data.
        seed: The workload's seed (0 for a re-judge).
        workload: The ``[workload]`` table (simulations).
        history: The recorded requests (re-judges).
        as_of: The end of the recorded history (re-judges).
        scorecard: The scorecard as plain data (the seed's if empty).
    """

    kind: str
    variant: str
    definition: Mapping[str, Any]
    seed: int = 0
    workload: Mapping[str, Any] = attrs.field(factory=dict)
    history: tuple[RecordedRequest, ...] = ()
    as_of: datetime | None = None
    scorecard: Mapping[str, Any] = attrs.field(factory=dict)


def run_task(task: RunTask) -> VariantRun:
    """Run one task: build the variant's policies, simulate or re-judge, measure."""
    policies = VariantPolicies.build(task.definition, where=f"variants.{task.variant}")
    scorecard = Scorecard.from_dict(task.scorecard) if task.scorecard else Scorecard.seed()
    facts: Sequence[RequestFacts]
    if task.kind == "simulate":
        spec = WorkloadSpec.from_dict(task.workload)
        arrivals = generate_workload(spec, task.seed, policies.calendar("office"))
        simulation = simulate(spec, arrivals, policies)
        facts, at, budget = simulation.facts, simulation.ends_at, simulation.budget
        figures = measure(facts, at, budget, scorecard)
    else:
        if task.as_of is None:
            raise ValidationError("a re-judge needs the end of the history", field="as_of")
        facts = rejudge_all(task.history, policies.sla, as_of=task.as_of)
        figures = measure(facts, task.as_of, scorecard=scorecard)
    return VariantRun(
        variant=task.variant,
        seed=task.seed,
        figures=figures,
        response_minutes=response_minutes(facts),
    )


def history_end(history: Iterable[RecordedRequest]) -> datetime:
    """The last instant recorded in ``history`` (what open requests are judged at)."""
    instants = [
        instant
        for record in history
        for instant in (
            record.facts.submitted_at,
            record.facts.accepted_at,
            record.facts.work_started_at,
            record.facts.resolved_at,
            record.facts.ended_at,
        )
        if instant is not None
    ]
    if not instants:
        raise ValidationError("the recorded history holds no requests", field="history")
    return max(instants, key=lambda t: t.timestamp())


def scenario_tasks(scenario: Scenario, history: Sequence[RecordedRequest] = ()) -> list[RunTask]:
    """The tasks of ``scenario``: variants x seeds, or one per variant for a re-judge."""
    if scenario.kind == "rejudge":
        as_of = history_end(history)
        return [
            RunTask(
                kind="rejudge",
                variant=name,
                definition=definition,
                history=tuple(history),
                as_of=as_of,
                scorecard=scenario.scorecard,
            )
            for name, definition in scenario.variants
        ]
    return [
        RunTask(
            kind="simulate",
            variant=name,
            definition=definition,
            seed=seed,
            workload=scenario.workload,
            scorecard=scenario.scorecard,
        )
        for name, definition in scenario.variants
        for seed in scenario.seeds
    ]


def _pool(workers: int | None) -> Executor:
    # A fresh interpreter per worker ("forkserver"/"spawn"), never fork() of a process that
    # may hold threads.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _on_executor(
    tasks: Sequence[RunTask], executor: Executor, progress: Progress | None
) -> list[VariantRun]:
    futures = [executor.submit(run_task, task) for task in tasks]
    for done, _ in enumerate(as_completed(futures), start=1):
        if progress is not None:
            progress(done, len(tasks))
    return [future.result() for future in futures]


def _on_dask(
    tasks: Sequence[RunTask], client: Any, workers: int | None, progress: Progress | None
) -> list[VariantRun]:
    from dask.distributed import Client, LocalCluster  # noqa: PLC0415 (the optional extra)
    from dask.distributed import as_completed as dask_completed  # noqa: PLC0415

    own = client is None
    if own:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers or 2, threads_per_worker=1, dashboard_address=None
        )
        client = Client(cluster)  # type: ignore[no-untyped-call]
    try:
        futures = client.map(run_task, list(tasks), pure=False)
        finished = dask_completed(futures)  # type: ignore[no-untyped-call]
        for done, _ in enumerate(finished, start=1):
            if progress is not None:
                progress(done, len(tasks))
        return list(client.gather(futures))
    finally:
        if own:
            client.close()
            cluster.close()


def run_scenario(
    scenario: Scenario,
    *,
    history: Sequence[RecordedRequest] = (),
    executor: str = "process",
    workers: int | None = None,
    client: Any = None,
    progress: Progress | None = None,
) -> ScenarioResult:
    """Run every variant over every seed (or the history) and put the figures side by side.

    Args:
        scenario: The scenario.
        history: The recorded requests, for a re-judge.
        executor: ``"serial"``, ``"process"`` (default) or ``"dask"``.
        workers: How many processes or Dask workers (the machine's cores by default).
        client: A ``dask.distributed.Client`` to run on (``executor="dask"``).
        progress: Called with ``(done, total)`` as tasks finish.

    Raises:
        ValidationError: The executor is unknown, or a re-judge has no history.
    """
    if executor not in EXECUTORS:
        raise ValidationError(
            f"executor {executor!r} is not one of {list(EXECUTORS)}", field="executor"
        )
    tasks = scenario_tasks(scenario, history)
    if executor == "serial" or len(tasks) == 1:
        runs = []
        for done, task in enumerate(tasks, start=1):
            runs.append(run_task(task))
            if progress is not None:
                progress(done, len(tasks))
    elif executor == "process":
        with _pool(workers) as pool:
            runs = _on_executor(tasks, pool, progress)
    else:
        runs = _on_dask(tasks, client, workers, progress)
    seeds = (0,) if scenario.kind == "rejudge" else scenario.seeds
    return ScenarioResult(
        scenario=scenario.name,
        kind=scenario.kind,
        variants=scenario.variant_names,
        seeds=seeds,
        runs=merged_runs(runs, scenario.variant_names),
    )
