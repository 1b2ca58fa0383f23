"""Which business action is allowed in which state of an asset, and where it leads.

::

    planned --commission--> in service --start repair--> under repair
                             ^   |  ^                        |
                             |   |  +----complete repair-----+
          return to service  |   | take out of service (also from under repair)
                             |   v
                          out of service
    any state but disposed --dispose--> disposed (scrapped, sold, donated, lost)

Transfers, meter readings and regrading are allowed in every state but disposed.
"""

from __future__ import annotations

import enum
from typing import Final

from backoffice.domain.assets.kinds import AssetState

__all__ = ["ASSET_TRANSITIONS", "AssetAction"]

S = AssetState


class AssetAction(enum.StrEnum):
    """The business actions on an asset."""

    COMMISSION = "commission"
    START_REPAIR = "start repair"
    COMPLETE_REPAIR = "complete repair"
    TAKE_OUT_OF_SERVICE = "take out of service"
    RETURN_TO_SERVICE = "return to service"
    DISPOSE = "dispose"
    TRANSFER = "transfer"
    RECORD_READING = "record a meter reading"
    REGRADE = "regrade"


_LIVE: Final = (S.PLANNED, S.IN_SERVICE, S.UNDER_REPAIR, S.OUT_OF_SERVICE)

#: For each action, the states it is allowed in and the state it leads to (``None``: the state
#: does not change).
ASSET_TRANSITIONS: Final[dict[AssetAction, tuple[frozenset[AssetState], AssetState | None]]] = {
    AssetAction.COMMISSION: (frozenset({S.PLANNED}), S.IN_SERVICE),
    AssetAction.START_REPAIR: (frozenset({S.IN_SERVICE}), S.UNDER_REPAIR),
    AssetAction.COMPLETE_REPAIR: (frozenset({S.UNDER_REPAIR}), S.IN_SERVICE),
    AssetAction.TAKE_OUT_OF_SERVICE: (frozenset({S.IN_SERVICE, S.UNDER_REPAIR}), S.OUT_OF_SERVICE),
    AssetAction.RETURN_TO_SERVICE: (frozenset({S.OUT_OF_SERVICE}), S.IN_SERVICE),
    AssetAction.DISPOSE: (frozenset(_LIVE), S.DISPOSED),
    AssetAction.TRANSFER: (frozenset(_LIVE), None),
    AssetAction.RECORD_READING: (frozenset(_LIVE), None),
    AssetAction.REGRADE: (frozenset(_LIVE), None),
}
