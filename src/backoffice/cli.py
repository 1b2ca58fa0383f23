"""The command line: ``python -m backoffice demo`` and ``python -m backoffice scenario ...``.

* ``demo`` walks through the built-in story on the seed defaults;
* ``scenario example [PATH] [--run]`` writes the example scenario file (and runs it);
* ``scenario run FILE.toml`` runs a scenario: a progress bar, the side-by-side table, and
  ``--csv``/``--json`` files and ``--charts DIR`` (PNG or SVG) if asked; ``--executor``
  chooses serial, process (default) or dask.

An adapter: it reads and writes files and prints, which nothing in the domain does. Tables and
progress use ``rich`` when it is installed (the ``cli`` extra), plain text otherwise.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["main"]

#: The demo's sections in order: (title, module, function). Each function takes ``out``.
DEMO_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("Calendar and SLA arithmetic", "backoffice.scenarios.calendar", "run_calendar_demo"),
    (
        "Service requests through the seed SLA tiers",
        "backoffice.scenarios.requests",
        "run_request_demo",
    ),
    ("A month in the storeroom", "backoffice.scenarios.inventory", "run_inventory_demo"),
    ("A budget year with approvals", "backoffice.scenarios.budgets", "run_budget_demo"),
    ("Assets, maintenance and inspections", "backoffice.scenarios.assets", "run_assets_demo"),
)


def run_demo(out: Callable[[str], None] = print) -> None:
    """Run every demo section, each under a heading."""
    for title, module, function in DEMO_SECTIONS:
        out(f"== {title} " + "=" * max(0, 70 - len(title)))
        getattr(importlib.import_module(module), function)(out)
        out("")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backoffice", description="backoffice: a domain library for the back office."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="walk through a realistic scenario on the seed defaults")
    scenario = commands.add_parser("scenario", help="run policy what-ifs (scenario files)")
    actions = scenario.add_subparsers(dest="action", required=True)
    example = actions.add_parser("example", help="write the example scenario file")
    example.add_argument("path", nargs="?", default="example.toml", help="where to write it")
    example.add_argument("--run", action="store_true", help="and run it")
    run = actions.add_parser("run", help="run a scenario file")
    run.add_argument("file", help="the scenario file (TOML)")
    for command in (example, run):
        command.add_argument("--csv", metavar="FILE", help="write every run's figures as CSV")
        command.add_argument("--json", metavar="FILE", help="write the result as JSON")
        command.add_argument("--charts", metavar="DIR", help="write charts (needs matplotlib)")
        command.add_argument("--format", choices=("png", "svg"), default="png",
                             help="the charts' format (png)")  # fmt: skip
        command.add_argument(
            "--executor",
            choices=("serial", "process", "dask"),
            default="process",
            help="where the variants x seeds run (process: a pool of this machine's cores)",
        )
        command.add_argument("--workers", type=int, default=None,
                             help="processes or Dask workers (the machine's cores)")  # fmt: skip
        command.add_argument("--plain", action="store_true", help="plain text, no colours")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m backoffice`` and the ``backoffice`` script."""
    args = _parser().parse_args(argv)
    if args.command == "demo":
        run_demo()
        return 0
    from backoffice.errors import BackofficeError  # noqa: PLC0415 (only the scenario needs it)

    try:
        return _scenario(args)
    except (BackofficeError, OSError) as error:
        print(f"backoffice: {error}", file=sys.stderr)
        return 2


def _scenario(args: argparse.Namespace) -> int:
    from backoffice.scenarios.config import Scenario  # noqa: PLC0415
    from backoffice.scenarios.example import EXAMPLE_SCENARIO  # noqa: PLC0415

    if args.action == "example":
        path = Path(args.path)
        path.write_text(EXAMPLE_SCENARIO, encoding="utf-8")
        print(f"wrote {path}: the seed policy, urgent resolved in 3 h, one more technician")
        if not args.run:
            print(f"run it with: python -m backoffice scenario run {path}")
            return 0
    else:
        path = Path(args.file)
    scenario = Scenario.from_toml(path.read_text(encoding="utf-8"))
    history = _history(scenario, path.parent)
    result = _run(scenario, history, args)
    _show(result, plain=args.plain)
    _write(result, args)
    return 0


def _history(scenario: Any, folder: Path) -> Any:
    """The history file of a re-judge (workers read their parts of it themselves)."""
    if scenario.kind != "rejudge":
        return ()
    from backoffice.adapters.history_file import HistoryFile  # noqa: PLC0415

    path = folder / str(scenario.history["path"])
    return HistoryFile.open(path, scenario.history.get("format"))


def _rich() -> Any:
    try:
        import rich  # noqa: PLC0415, F401 (the optional cli extra)
    except ImportError:
        return None
    from rich.console import Console  # noqa: PLC0415

    console = Console()
    return console if console.is_terminal else None  # piped: plain text reads better


def _run(scenario: Any, history: Any, args: argparse.Namespace) -> Any:
    from backoffice.scenarios.runner import rejudge_tasks, run_scenario, scenario_tasks  # noqa: PLC0415

    if scenario.kind == "rejudge":
        parts = 1 if args.executor == "serial" else (args.workers or os.cpu_count() or 1)
        total = len(rejudge_tasks(scenario, history, parts))
    else:
        total = len(scenario_tasks(scenario))
    console = None if args.plain else _rich()
    options = {"history": history, "executor": args.executor, "workers": args.workers}
    print(f"{scenario.name}: {len(scenario.variants)} variants, {total} runs on {args.executor}")
    if console is None:
        return run_scenario(
            scenario, progress=lambda done, n: print(f"  {done}/{n} runs done"), **options
        )
    from rich.progress import Progress  # noqa: PLC0415

    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("running variants x seeds", total=total)
        return run_scenario(
            scenario, progress=lambda done, _: bar.update(task, completed=done), **options
        )


def _show(result: Any, *, plain: bool) -> None:
    console = None if plain else _rich()
    if console is None:
        print(result.text())
        return
    from rich.table import Table  # noqa: PLC0415

    table = Table(title=result.text().splitlines()[0])
    header = result.header()
    for number, title in enumerate(header):
        table.add_column(title, justify="left" if number == 0 else "right")
    for row in result.rows():
        table.add_row(*row)
    console.print(table)


def _write(result: Any, args: argparse.Namespace) -> None:
    if args.csv:
        Path(args.csv).write_text(result.csv(), encoding="utf-8")
        print(f"wrote {args.csv}")
    if args.json:
        text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
        Path(args.json).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    if args.charts:
        from backoffice.scenarios.charts import on_time_chart, response_time_chart  # noqa: PLC0415

        folder = Path(args.charts)
        folder.mkdir(parents=True, exist_ok=True)
        for name, chart in (("on-time", on_time_chart), ("response-time", response_time_chart)):
            target = folder / f"{name}.{args.format}"
            chart(result).savefig(target)
            print(f"wrote {target}")
