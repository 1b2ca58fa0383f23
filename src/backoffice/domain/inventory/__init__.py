"""Inventory: consumables received, kept and issued in lots, first in first out (库存管理).

Office supplies, cleaning materials, protective gear, emergency stock and spare parts are
received into storerooms in **lots**, issued oldest lot first (or first-to-expire first) at
their exact cost, returned, moved between storerooms, counted and written off; employees ask
for them with **requisitions**. See :class:`~backoffice.domain.inventory.ledger.StockLedger`
for one item's stock and :class:`backoffice.services.inventory.Inventory` for the whole
storeroom.
"""

from __future__ import annotations

from backoffice.domain.inventory.catalogue import (
    CATALOGUE,
    CATALOGUE_CLERK,
    UNDATED,
    StockItemAdded,
    StockLocationAdded,
)
from backoffice.domain.inventory.errors import (
    AdjustmentApprovalRequired,
    DuplicateItem,
    InsufficientStock,
    InventoryError,
    IssueStillProvisional,
    ItemNotFound,
    LocationNotFound,
    LotNotFound,
    MovementBeforeStocktake,
    MovementNotFound,
    RequisitionNotFound,
    ReturnExceedsIssue,
    TradeInRequired,
)
from backoffice.domain.inventory.events import (
    DrawnLot,
    StockCostCorrected,
    StockCounted,
    StockEvent,
    StockIssued,
    StockReceived,
    StockReservationReleased,
    StockReserved,
    StockReturned,
    StockTransferred,
    StockWrittenOff,
)
from backoffice.domain.inventory.ids import LocationId, RequisitionId
from backoffice.domain.inventory.items import Item, StockLocation
from backoffice.domain.inventory.ledger import StockLedger
from backoffice.domain.inventory.lots import Lot
from backoffice.domain.inventory.movements import (
    LotDraw,
    MovementKind,
    StockMovement,
    WriteOffReason,
)
from backoffice.domain.inventory.recipients import Recipient, RecipientKind, Target
from backoffice.domain.inventory.replay import replay
from backoffice.domain.inventory.reports import (
    Consumption,
    ReorderSuggestion,
    Turnover,
    consumption,
    reorder_suggestion,
    turnover,
)
from backoffice.domain.inventory.requisitions import (
    Requisition,
    RequisitionApproved,
    RequisitionCancelled,
    RequisitionFulfilled,
    RequisitionLine,
    RequisitionReferred,
    RequisitionRejected,
    RequisitionStatus,
    RequisitionSubmitted,
)
from backoffice.domain.inventory.rules import AdjustmentRule, LotOrder, NegativeStockRule

__all__ = [
    "CATALOGUE",
    "CATALOGUE_CLERK",
    "UNDATED",
    "AdjustmentApprovalRequired",
    "AdjustmentRule",
    "Consumption",
    "DrawnLot",
    "DuplicateItem",
    "InsufficientStock",
    "InventoryError",
    "IssueStillProvisional",
    "Item",
    "ItemNotFound",
    "LocationId",
    "LocationNotFound",
    "Lot",
    "LotDraw",
    "LotNotFound",
    "LotOrder",
    "MovementBeforeStocktake",
    "MovementKind",
    "MovementNotFound",
    "NegativeStockRule",
    "Recipient",
    "RecipientKind",
    "ReorderSuggestion",
    "Requisition",
    "RequisitionApproved",
    "RequisitionCancelled",
    "RequisitionFulfilled",
    "RequisitionId",
    "RequisitionLine",
    "RequisitionNotFound",
    "RequisitionReferred",
    "RequisitionRejected",
    "RequisitionStatus",
    "RequisitionSubmitted",
    "ReturnExceedsIssue",
    "StockCostCorrected",
    "StockCounted",
    "StockEvent",
    "StockIssued",
    "StockItemAdded",
    "StockLedger",
    "StockLocation",
    "StockLocationAdded",
    "StockMovement",
    "StockReceived",
    "StockReservationReleased",
    "StockReserved",
    "StockReturned",
    "StockTransferred",
    "StockWrittenOff",
    "Target",
    "TradeInRequired",
    "Turnover",
    "WriteOffReason",
    "consumption",
    "reorder_suggestion",
    "replay",
    "turnover",
]
