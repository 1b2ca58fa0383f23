"""The asset register (固定资产台账): assets from acquisition to disposal, and their repairs.

An asset is registered planned, commissioned into service, repaired, laid up, transferred
between custodians and places, its meters read, and disposed of (scrapped, sold, donated,
lost); every step records an event, and replaying the events rebuilds the asset. Its repair
history comes from the service desk's records.
"""

from __future__ import annotations

from backoffice.domain.assets.asset import Asset
from backoffice.domain.assets.errors import (
    AssetError,
    AssetNotFound,
    MeterNotFitted,
    MeterReadingWentBack,
)
from backoffice.domain.assets.events import (
    AssetCommissioned,
    AssetCriticalityChanged,
    AssetDisposed,
    AssetMeterReadingRecorded,
    AssetRegistered,
    AssetRepairCompleted,
    AssetRepairStarted,
    AssetServiceResumed,
    AssetServiceSuspended,
    AssetTransferred,
)
from backoffice.domain.assets.kinds import AssetState, DisposalKind, MeterKind
from backoffice.domain.assets.lifecycle import ASSET_TRANSITIONS, AssetAction
from backoffice.domain.assets.meters import MeterReading, usage_rate
from backoffice.domain.assets.records import AssetParticulars, Custody, Warranty
from backoffice.domain.assets.repairs import RepairHistory, frequently_repaired, repair_histories

__all__ = [
    "ASSET_TRANSITIONS",
    "Asset",
    "AssetAction",
    "AssetCommissioned",
    "AssetCriticalityChanged",
    "AssetDisposed",
    "AssetError",
    "AssetMeterReadingRecorded",
    "AssetNotFound",
    "AssetParticulars",
    "AssetRegistered",
    "AssetRepairCompleted",
    "AssetRepairStarted",
    "AssetServiceResumed",
    "AssetServiceSuspended",
    "AssetState",
    "AssetTransferred",
    "Custody",
    "DisposalKind",
    "MeterKind",
    "MeterNotFitted",
    "MeterReading",
    "MeterReadingWentBack",
    "RepairHistory",
    "Warranty",
    "frequently_repaired",
    "repair_histories",
    "usage_rate",
]
