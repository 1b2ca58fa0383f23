"""Hypothesis strategies for property-testing back-office rules, yours and ours.

Requires the ``test`` extra (``pip install backoffice[test]``). Import the area you need, e.g.
``from backoffice.testing.values import money``.
"""

from __future__ import annotations

__all__: list[str] = []
