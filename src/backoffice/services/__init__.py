"""Application services: they load aggregates, ask policies to decide, act, and collect events.

Services wire the pure domain to injected ports (clock, id generator, repositories, directory)
and are what an embedding system or a scenario script calls.
"""

from __future__ import annotations

__all__: list[str] = []
