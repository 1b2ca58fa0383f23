"""Running a scenario: every variant over every seed, serially, in processes or on Dask.

A simulation is a list of :class:`RunTask`: one per variant and seed. A task is plain data
(the variant's definition as a dict, the workload table, the seed), so it pickles: each worker
builds its own policies from the definition, generates its workload and returns a
:class:`~backoffice.scenarios.results.VariantRun`.

A re-judge is a list of :class:`RejudgeTask`: one per *part* of the recorded history, each
judging its part under every variant. A task carries no requests, only the part's description
(:meth:`HistorySource.part <backoffice.scenarios.sources.HistorySource.part>`: a file and a
range of rows, say), and sends back one
:class:`~backoffice.domain.metrics.RequestTally` per variant: counts that add up exactly, so
the parts' tallies make the whole history's figures. Judging the history's requests costs less
than shipping them to another process, so nothing else would run faster on more cores.

Runs are put back in (variant, seed) order, so the result is the same whichever executor ran
them:

* ``"serial"``: one after the other, in this process;
* ``"process"`` (the default): a :class:`concurrent.futures.ProcessPoolExecutor`;
* ``"dask"``: a ``dask.distributed.Client`` (one you pass, or a ``LocalCluster`` started for
  the run and closed after it); install the ``dask`` extra.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import operator
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from datetime import datetime
from typing import Any, Final

import attrs

from backoffice.domain.metrics import RequestTally
from backoffice.errors import ValidationError
from backoffice.policies.scorecards import Scorecard
from backoffice.scenarios.config import Scenario
from backoffice.scenarios.kpis import measure, response_minutes
from backoffice.scenarios.rejudge import RecordedRequest, rejudged_tally
from backoffice.scenarios.results import ScenarioResult, VariantRun, merged_runs
from backoffice.scenarios.simulate import simulate
from backoffice.scenarios.sources import HistorySource, RecordedHistory, history_end
from backoffice.scenarios.variants import VariantPolicies
from backoffice.scenarios.workload import WorkloadSpec, generate_workload

__all__ = [
    "EXECUTORS",
    "RejudgeTask",
    "RunTask",
    "history_end",
    "rejudge_tasks",
    "run_rejudge_task",
    "run_scenario",
    "run_task",
    "scenario_tasks",
]

#: The ways to run the tasks.
EXECUTORS: Final = ("serial", "process", "dask")
#: Reports progress: ``(tasks done, tasks in all)``.
Progress = Callable[[int, int], None]


@attrs.frozen(kw_only=True)
class RunTask:
    """One variant over one seed's simulated workload: plain data.

    Attributes:
        variant: The variant's name.
        definition: Its policies as plain data.
        seed: The workload's seed.
        workload: The ``[workload]`` table.
        scorecard: The scorecard as plain data (the seed's if empty).
    """

    variant: str
    definition: Mapping[str, Any]
    seed: int = 0
    workload: Mapping[str, Any] = attrs.field(factory=dict)
    scorecard: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class RejudgeTask:
    """Every variant over one part of a recorded history: a small description.

    Attributes:
        variants: The variants' names and definitions (policies as plain data).
        history: The part (:meth:`HistorySource.part
            <backoffice.scenarios.sources.HistorySource.part>`).
        as_of: The end of the whole history (what open requests are judged at).
    """

    variants: tuple[tuple[str, Mapping[str, Any]], ...]
    history: HistorySource
    as_of: datetime


def run_task(task: RunTask) -> VariantRun:
    """Run one simulation task: build the variant's policies, simulate, measure."""
    policies = VariantPolicies.build(task.definition, where=f"variants.{task.variant}")
    scorecard = Scorecard.from_dict(task.scorecard) if task.scorecard else Scorecard.seed()
    spec = WorkloadSpec.from_dict(task.workload)
    arrivals = generate_workload(spec, task.seed, policies.calendar("office"))
    simulation = simulate(spec, arrivals, policies)
    facts = simulation.facts
    return VariantRun(
        variant=task.variant,
        seed=task.seed,
        figures=measure(facts, simulation.ends_at, simulation.budget, scorecard),
        response_minutes=response_minutes(facts),
    )


def run_rejudge_task(task: RejudgeTask) -> tuple[RequestTally, ...]:
    """Judge one part of a history under every variant: one tally per variant, in order."""
    records = task.history.requests()
    recorded = RequestTally.of([r.facts for r in records], at=task.as_of)
    return tuple(
        rejudged_tally(
            records,
            VariantPolicies.build(definition, where=f"variants.{name}").sla,
            as_of=task.as_of,
            recorded=recorded,
        )
        for name, definition in task.variants
    )


def scenario_tasks(scenario: Scenario) -> list[RunTask]:
    """The tasks of a simulation: variants x seeds."""
    return [
        RunTask(
            variant=name,
            definition=definition,
            seed=seed,
            workload=scenario.workload,
            scorecard=scenario.scorecard,
        )
        for name, definition in scenario.variants
        for seed in scenario.seeds
    ]


def rejudge_tasks(scenario: Scenario, history: HistorySource, parts: int = 1) -> list[RejudgeTask]:
    """The tasks of a re-judge: ``parts`` even parts of ``history``, each under every variant.

    Raises:
        ValidationError: The history holds no requests.
    """
    total = len(history)
    if total == 0:
        raise ValidationError("the recorded history holds no requests", field="history")
    as_of = history.ends_at()
    count = max(1, min(parts, total))
    bounds = [total * i // count for i in range(count + 1)]
    return [
        RejudgeTask(variants=scenario.variants, history=history.part(a, b), as_of=as_of)
        for a, b in itertools.pairwise(bounds)
    ]


def _pool(workers: int | None) -> Executor:
    # A fresh interpreter per worker ("forkserver"/"spawn"), never fork() of a process that
    # may hold threads. The fork server imports the runner once and forks the workers from it,
    # so each worker starts with the library loaded (a two-worker pool's start-up went from
    # 3.7 s to 1.9 s on a loaded two-core machine).
    context: multiprocessing.context.BaseContext
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _on_executor(
    tasks: Sequence[Any], run: Callable[[Any], Any], executor: Executor, progress: Progress | None
) -> list[Any]:
    futures = [executor.submit(run, task) for task in tasks]
    for done, _ in enumerate(as_completed(futures), start=1):
        if progress is not None:
            progress(done, len(tasks))
    return [future.result() for future in futures]


def _serially(
    tasks: Sequence[Any], run: Callable[[Any], Any], progress: Progress | None
) -> list[Any]:
    results = []
    for done, task in enumerate(tasks, start=1):
        results.append(run(task))
        if progress is not None:
            progress(done, len(tasks))
    return results


def _on_dask(
    tasks: Sequence[Any],
    run: Callable[[Any], Any],
    client: Any,
    workers: int | None,
    progress: Progress | None,
) -> list[Any]:
    from dask.distributed import Client, LocalCluster  # noqa: PLC0415 (the optional extra)
    from dask.distributed import as_completed as dask_completed  # noqa: PLC0415

    own = client is None
    if own:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers or 2, threads_per_worker=1, dashboard_address=None
        )
        client = Client(cluster)  # type: ignore[no-untyped-call]
    try:
        futures = client.map(run, list(tasks), pure=False)
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
    history: Sequence[RecordedRequest] | HistorySource = (),
    executor: str = "process",
    workers: int | None = None,
    client: Any = None,
    progress: Progress | None = None,
) -> ScenarioResult:
    """Run every variant over every seed (or the history) and put the figures side by side.

    Args:
        scenario: The scenario.
        history: The recorded requests, for a re-judge: in memory, or a
            :class:`~backoffice.scenarios.sources.HistorySource` (such as
            :class:`~backoffice.adapters.history_file.HistoryFile`) that workers read their
            parts of themselves.
        executor: ``"serial"``, ``"process"`` (default) or ``"dask"``.
        workers: How many processes or Dask workers (the machine's cores by default); a
            re-judge's history is split in as many parts.
        client: A ``dask.distributed.Client`` to run on (``executor="dask"``).
        progress: Called with ``(done, total)`` as tasks finish.

    Raises:
        ValidationError: The executor is unknown, or a re-judge has no history.
    """
    if executor not in EXECUTORS:
        raise ValidationError(
            f"executor {executor!r} is not one of {list(EXECUTORS)}", field="executor"
        )
    tasks: Sequence[Any]
    run: Callable[[Any], Any]
    as_of = None
    if scenario.kind == "rejudge":
        source = history if _is_source(history) else RecordedHistory(history)  # type: ignore[arg-type]
        parts = 1 if executor == "serial" else (workers or os.cpu_count() or 1)
        tasks, run = rejudge_tasks(scenario, source, parts), run_rejudge_task  # type: ignore[arg-type]
        as_of = tasks[0].as_of
    else:
        tasks, run = scenario_tasks(scenario), run_task
    if executor == "serial" or len(tasks) == 1:
        results = _serially(tasks, run, progress)
    elif executor == "process":
        with _pool(workers) as pool:
            results = _on_executor(tasks, run, pool, progress)
    else:
        results = _on_dask(tasks, run, client, workers, progress)
    if as_of is not None:
        runs = _rejudged_runs(scenario, results, as_of)
    else:
        runs = merged_runs(results, scenario.variant_names)
    return ScenarioResult(
        scenario=scenario.name,
        kind=scenario.kind,
        variants=scenario.variant_names,
        seeds=(0,) if scenario.kind == "rejudge" else scenario.seeds,
        runs=runs,
    )


def _is_source(history: object) -> bool:
    return all(hasattr(history, name) for name in ("part", "requests", "ends_at"))


def _rejudged_runs(
    scenario: Scenario, parts: Sequence[tuple[RequestTally, ...]], as_of: datetime
) -> tuple[VariantRun, ...]:
    """One run per variant: the parts' tallies added up, then measured."""
    scorecard = Scorecard.from_dict(scenario.scorecard) if scenario.scorecard else Scorecard.seed()
    runs = []
    for i, name in enumerate(scenario.variant_names):
        tally = functools.reduce(operator.add, (part[i] for part in parts))
        runs.append(
            VariantRun(
                variant=name,
                seed=0,
                figures=measure(tally, as_of, scorecard=scorecard),
                response_minutes=response_minutes(tally),
            )
        )
    return tuple(runs)
