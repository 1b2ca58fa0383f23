"""Test-wide settings: hypothesis profiles.

* ``ci`` (the default): enough examples to catch regressions, sized so `.ci/run` stays within
  its time budget on two cores.
* ``thorough``: many more examples and state-machine steps; run it on purpose with
  ``HYPOTHESIS_PROFILE=thorough pytest`` (or ``pytest --hypothesis-profile=thorough``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=2_000,
    stateful_step_count=200,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=20, stateful_step_count=15, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
