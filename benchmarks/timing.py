"""Timing helpers shared by the benchmark scripts in this folder.

The scripts run from the repository root (``python benchmarks/sla.py``); Python puts this
folder first on ``sys.path``, so they import this module as ``timing``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["best_of", "calibrate"]


def best_of(run: Callable[[], object], repeats: int = 3) -> float:
    """Seconds taken by the fastest of ``repeats`` runs (the least disturbed by other load)."""
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return min(timings)


def calibrate() -> float:
    """Microseconds for ``sum(range(1000))``: about 8 us on a recent desktop CPU.

    Printed by each benchmark so figures from different machines, or from one machine under
    different load, can be compared.
    """
    return best_of(lambda: [sum(range(1000)) for _ in range(2000)], 5) / 2000 * 1e6
