"""The fixed vocabularies of the asset register: lifecycle states, disposals, meters.

An asset (固定资产) is *planned* when it is bought or ordered, *in service* once commissioned
(验收启用), *under repair* while a repair is being done (维修中), *out of service* when it is
idle or stopped (停用), and finally *disposed* (处置): scrapped (报废), sold, donated or lost.
"""

from __future__ import annotations

import enum

__all__ = ["AssetState", "DisposalKind", "MeterKind"]


class AssetState(enum.StrEnum):
    """Where an asset is in its life; see ``docs/concepts/assets.md`` for the diagram."""

    PLANNED = "planned"
    IN_SERVICE = "in_service"
    UNDER_REPAIR = "under_repair"
    OUT_OF_SERVICE = "out_of_service"
    DISPOSED = "disposed"


class DisposalKind(enum.StrEnum):
    """How an asset left the register."""

    SCRAPPED = "scrapped"
    SOLD = "sold"
    DONATED = "donated"
    LOST = "lost"


class MeterKind(enum.StrEnum):
    """What an asset's meter counts: running hours, kilometres or cycles (starts, lifts)."""

    HOURS = "hours"
    KM = "km"
    CYCLES = "cycles"
