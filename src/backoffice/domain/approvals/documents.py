"""Documents that need approval: requisitions, purchase orders, expenses, vehicle use, ...

Approval by authority (审批权限): what a document needs depends on what it is (its **kind**),
how much it is for, what it is spent on (its spending **category**) and whose budget it falls
on (the **department**). The person who raised it is its **requester**; purchases may name a
**supplier**. An :class:`ApprovalDocument` carries exactly what the approval rules look at.
"""

from __future__ import annotations

import enum
from typing import ClassVar

import attrs

from backoffice.domain.budgets.categories import SpendingCategory
from backoffice.errors import ValidationError
from backoffice.values.ids import ActorId, DepartmentId, EntityId, SupplierId
from backoffice.values.money import Money

__all__ = ["ApprovalDocument", "DocumentId", "DocumentKind"]


@attrs.frozen(order=True, repr=False)
class DocumentId(EntityId):
    """A document submitted for approval."""

    prefix: ClassVar[str] = "DOC"


class DocumentKind(enum.Enum):
    """What a document is; approval matrices often differ by kind."""

    #: A request for goods or services from stock or a supplier (申领 / 请购).
    REQUISITION = "requisition"
    #: An order placed with a supplier (采购订单).
    PURCHASE_ORDER = "purchase-order"
    #: An expense claim or a bill to pay (费用报销).
    EXPENSE = "expense"
    #: Use of a company vehicle (用车申请).
    VEHICLE_USE = "vehicle-use"
    #: Moving budget from one line to another (预算调整).
    BUDGET_TRANSFER = "budget-transfer"
    #: Writing stock up or down after a count (盘点调整).
    STOCK_ADJUSTMENT = "stock-adjustment"
    #: Letting spending go past a budget line's limit (超预算审批).
    OVERRUN_OVERRIDE = "overrun-override"


def _not_negative(_instance: object, _attribute: object, value: Money) -> None:
    if not isinstance(value, Money) or value.is_negative():
        raise ValidationError(
            f"a document's amount must be Money, not negative, got {value!r}", field="amount"
        )


@attrs.frozen(kw_only=True)
class ApprovalDocument:
    """What the approval rules need to know about a document.

    Attributes:
        id: The document's id.
        kind: Requisition, purchase order, expense, vehicle use, ...
        amount: The amount it commits or spends (zero for a vehicle trip with no cost).
        category: The spending category it is booked to.
        department: The department whose budget it falls on.
        requester: Who raised it; they never approve it.
        supplier: The supplier, for purchases.
        description: What it is for, in the requester's words.
    """

    id: DocumentId
    kind: DocumentKind
    amount: Money = attrs.field(validator=_not_negative)
    category: SpendingCategory
    department: DepartmentId
    requester: ActorId
    supplier: SupplierId | None = None
    description: str = ""
