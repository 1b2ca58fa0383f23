"""Split-purchase detection: small documents that together cross an approval threshold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backoffice import ActorId, DepartmentId, Money, SupplierId, ValidationError
from backoffice.domain.approvals import (
    ApprovalDocument,
    DocumentId,
    DocumentKind,
    SplitPurchaseDetector,
)
from backoffice.domain.budgets import OFFICE_SUPPLIES

T0 = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
LI, WANG = ActorId("li"), ActorId("wang")
PAPER_CO = SupplierId("SUP-PAPER")


def order(
    n: int,
    amount: str,
    requester: ActorId = LI,
    supplier: SupplierId | None = None,
    kind: DocumentKind = DocumentKind.PURCHASE_ORDER,
) -> ApprovalDocument:
    return ApprovalDocument(
        id=DocumentId(f"PO-{n}"),
        kind=kind,
        amount=Money(amount, "CNY"),
        category=OFFICE_SUPPLIES,
        department=DepartmentId("DEP-ADMIN"),
        requester=requester,
        supplier=supplier,
    )


@pytest.fixture
def detector() -> SplitPurchaseDetector:
    return SplitPurchaseDetector(timedelta(days=30), [Money("5000", "CNY"), Money("50000", "CNY")])


def test_three_orders_under_5000_in_a_month_are_flagged(detector: SplitPurchaseDetector) -> None:
    assert detector.observe(order(1, "1800"), T0) is None
    assert detector.observe(order(2, "1800"), T0 + timedelta(days=3)) is None
    flag = detector.observe(order(3, "1800"), T0 + timedelta(days=6))
    assert flag is not None
    assert (flag.by, flag.party) == ("requester", "li")
    assert flag.threshold == Money("5000", "CNY")
    assert flag.total == Money("5400", "CNY")
    assert [str(d) for d in flag.documents] == ["PO-1", "PO-2", "PO-3"]


def test_documents_older_than_the_window_no_longer_count(detector: SplitPurchaseDetector) -> None:
    detector.observe(order(1, "4000"), T0)
    assert detector.observe(order(2, "4000"), T0 + timedelta(days=30)) is None


def test_orders_to_the_same_supplier_by_different_people_are_flagged(
    detector: SplitPurchaseDetector,
) -> None:
    detector.observe(order(1, "3000", LI, PAPER_CO), T0)
    flag = detector.observe(order(2, "3000", WANG, PAPER_CO), T0 + timedelta(hours=1))
    assert flag is not None
    assert (flag.by, flag.party) == ("supplier", "SUP-PAPER")


def test_a_document_over_the_threshold_is_not_a_split_of_it(
    detector: SplitPurchaseDetector,
) -> None:
    detector.observe(order(1, "4000"), T0)
    assert detector.observe(order(2, "6000"), T0 + timedelta(hours=1)) is None


def test_the_highest_threshold_crossed_is_reported(detector: SplitPurchaseDetector) -> None:
    for n in range(1, 12):
        flag = detector.observe(order(n, "4900"), T0 + timedelta(hours=n))
    assert flag is not None
    assert flag.threshold == Money("50000", "CNY")
    assert flag.total == Money("53900", "CNY")


def test_only_purchases_count(detector: SplitPurchaseDetector) -> None:
    detector.observe(order(1, "4000", kind=DocumentKind.VEHICLE_USE), T0)
    assert detector.observe(order(2, "4000"), T0 + timedelta(hours=1)) is None


def test_observations_come_in_time_order(detector: SplitPurchaseDetector) -> None:
    detector.observe(order(1, "100"), T0)
    with pytest.raises(ValidationError):
        detector.observe(order(2, "100"), T0 - timedelta(seconds=1))
