"""Policies: the pluggable rules that decide (SLA targets, approval chains, KPI scores, ...).

Each policy is a :class:`typing.Protocol` with frozen default implementations that ship the seed
defaults; an embedder or a consultant can pass their own.
"""

from __future__ import annotations

__all__: list[str] = []
