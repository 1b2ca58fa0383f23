"""The ready-made example scenario: the seed policy against two what-ifs, on the built-in defaults.

``python -m backoffice scenario example`` writes it; ``--run`` also runs it. Four weeks of a
Shanghai office's requests in the rainy season (June 2025, with the Dragon Boat holiday and
two storm days), three seeds, and two variants: urgent requests resolved in 3 hours instead of
4, and one more technician in the facilities team.
"""

from __future__ import annotations

from typing import Final

__all__ = ["EXAMPLE_SCENARIO"]

#: The example scenario file's text (TOML).
EXAMPLE_SCENARIO: Final = """\
# A back-office what-if: the seed SLA policy against two variants.
# Run it with:  python -m backoffice scenario run example.toml
[scenario]
name = "rainy-season staffing and urgent targets"
description = "Four weeks of June requests: the seed policy, urgent in 3 h, one more technician"
kind = "simulate"
seeds = 3                       # three workloads; the table shows mean +/- 95 % interval

[workload]                      # every key is optional; these are the defaults spelled out
start = "2025-06-02"            # the Dragon Boat holiday (端午节) is the first day
days = 28
per_day = 30                    # requests on a working day (weekends and holidays: 15 %)
urgent_share = 0.08
important_share = 0.27
rainy_season = { from = "2025-06-10", to = "2025-07-15", storms = 2, size = 12 }

[baseline]                      # the seed policies unless given here
budget = { annual = "360000.00", currency = "CNY" }

[variants.urgent_3h]
description = "urgent requests resolved within 3 h (seed: 4 h)"
sla.urgent.resolution = "3h"

[variants.one_more_technician]
description = "a fourth technician in the facilities team"
staffing.facilities.technicians = 4
"""
