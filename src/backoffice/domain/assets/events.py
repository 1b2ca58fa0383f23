"""The events of the asset register: an asset's whole life, from acquisition to disposal.

Replaying an asset's events in order (:meth:`Asset.replay
<backoffice.domain.assets.asset.Asset.replay>`) rebuilds it exactly.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from backoffice.domain.assets.kinds import DisposalKind, MeterKind
from backoffice.domain.assets.records import AssetParticulars, Custody
from backoffice.domain.events import DomainEvent
from backoffice.domain.requests.details import RequestLocation
from backoffice.domain.requests.kinds import Criticality
from backoffice.values.ids import RequestId
from backoffice.values.money import Money

__all__ = [
    "AssetCommissioned",
    "AssetCriticalityChanged",
    "AssetDisposed",
    "AssetMeterReadingRecorded",
    "AssetRegistered",
    "AssetRepairCompleted",
    "AssetRepairStarted",
    "AssetServiceResumed",
    "AssetServiceSuspended",
    "AssetTransferred",
]


@attrs.frozen(kw_only=True)
class AssetRegistered(DomainEvent):
    """An asset entered the register, planned (bought or ordered, not yet in use).

    Attributes:
        particulars: Everything recorded about it.
    """

    particulars: AssetParticulars


@attrs.frozen(kw_only=True)
class AssetCommissioned(DomainEvent):
    """The asset was accepted and put into service (验收启用).

    Attributes:
        in_service_on: The first day of service (depreciation starts from it).
    """

    in_service_on: date


@attrs.frozen(kw_only=True)
class AssetRepairStarted(DomainEvent):
    """The asset went under repair.

    Attributes:
        request: The service request for the repair, if there is one.
        reason: What is wrong.
    """

    request: RequestId | None
    reason: str


@attrs.frozen(kw_only=True)
class AssetRepairCompleted(DomainEvent):
    """The repair was finished and the asset is back in service.

    Attributes:
        note: What was done.
    """

    note: str


@attrs.frozen(kw_only=True)
class AssetServiceSuspended(DomainEvent):
    """The asset was stopped or laid up (停用).

    Attributes:
        reason: Why.
    """

    reason: str


@attrs.frozen(kw_only=True)
class AssetServiceResumed(DomainEvent):
    """An asset out of service was put back into service."""


@attrs.frozen(kw_only=True)
class AssetDisposed(DomainEvent):
    """The asset left the register (处置): scrapped, sold, donated or lost.

    Attributes:
        kind: How it left.
        disposed_on: The day it left.
        proceeds: What was received for it (a sale, scrap value); ``None`` if nothing.
        reason: Why.
    """

    kind: DisposalKind
    disposed_on: date
    proceeds: Money | None
    reason: str


@attrs.frozen(kw_only=True)
class AssetTransferred(DomainEvent):
    """The asset changed hands or place (调拨): a new custodian and/or a new location.

    Attributes:
        custody: The custody from now on.
        location: The location from now on.
        reason: Why.
    """

    custody: Custody
    location: RequestLocation
    reason: str


@attrs.frozen(kw_only=True)
class AssetMeterReadingRecorded(DomainEvent):
    """A meter was read.

    Attributes:
        meter: Which meter.
        reading: What it showed.
        replacement: Whether the meter was replaced or reset before this reading (the reading
            may then be lower than the last one).
        usage: The asset's lifetime usage on this meter after the reading, counted across
            replacements.
    """

    meter: MeterKind
    reading: Decimal
    replacement: bool
    usage: Decimal


@attrs.frozen(kw_only=True)
class AssetCriticalityChanged(DomainEvent):
    """The asset was graded again for criticality.

    Attributes:
        criticality: The new grade.
        reason: Why.
    """

    criticality: Criticality
    reason: str
