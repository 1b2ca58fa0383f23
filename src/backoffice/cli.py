"""The command line: ``python -m backoffice demo`` runs the built-in scenario.

An adapter: it prints to standard output, which nothing in the domain does.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence

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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m backoffice`` and the ``backoffice`` script."""
    parser = argparse.ArgumentParser(
        prog="backoffice", description="backoffice: a domain library for the back office."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="walk through a realistic scenario on the seed defaults")
    args = parser.parse_args(argv)
    if args.command == "demo":
        run_demo()
    return 0
