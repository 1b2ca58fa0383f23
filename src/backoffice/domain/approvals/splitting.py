"""Split-purchase detection: several small documents that together cross an approval threshold.

A well-known way around an approval matrix is to split a purchase: three orders of 4,000 the
same week instead of one of 12,000 that would need the next level's approval. The detector
watches the documents submitted by each **requester** and to each **supplier**; when the
documents within a time **window**, each under a threshold, add up to that threshold or more,
the newest one is **flagged** (and :class:`~backoffice.services.approvals.ApprovalService`
routes it as if it were for the combined amount).

Only purchases count (requisitions, purchase orders, expenses, by default), and only amounts in
the thresholds' currency. Each observation costs O(documents in the window) per party: old
entries fall off the front of a deque as time moves on.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta
from typing import Final

import attrs

from backoffice.domain.approvals.documents import ApprovalDocument, DocumentId, DocumentKind
from backoffice.errors import ValidationError
from backoffice.values.instant import ensure_aware, ensure_not_before
from backoffice.values.money import Money

__all__ = ["PURCHASE_KINDS", "SplitPurchaseDetector", "SplitPurchaseFlag"]

#: The kinds of document that spend money on purchases.
PURCHASE_KINDS: Final = frozenset(
    {DocumentKind.REQUISITION, DocumentKind.PURCHASE_ORDER, DocumentKind.EXPENSE}
)


@attrs.frozen(kw_only=True)
class SplitPurchaseFlag:
    """Why a document was flagged as a possible split purchase.

    Attributes:
        by: ``"requester"`` or ``"supplier"``: what the documents have in common.
        party: The requester's or the supplier's id.
        threshold: The approval threshold the documents cross together.
        total: Their combined amount, the flagged document included.
        documents: The documents counted, oldest first, the flagged one last.
        window: The detection window.
    """

    by: str
    party: str
    threshold: Money
    total: Money
    documents: tuple[DocumentId, ...]
    window: timedelta


@attrs.frozen
class _Seen:
    at: datetime
    document: DocumentId
    amount: Money


def _thresholds(values: tuple[Money, ...] | list[Money]) -> tuple[Money, ...]:
    thresholds = tuple(sorted({t for t in values if t.is_positive()}, key=lambda m: m.amount))
    if len({t.currency for t in thresholds}) > 1:
        raise ValidationError(
            "split-purchase thresholds must share one currency", field="thresholds"
        )
    return thresholds


@attrs.define
class SplitPurchaseDetector:
    """Flags documents that, with others of the same requester or supplier, cross a threshold.

    Attributes:
        window: How far back documents count (e.g. 30 days).
        thresholds: The approval thresholds to watch (e.g. the matrix's level amounts).
        kinds: The document kinds that count.

    Example:
        >>> from datetime import UTC
        >>> from backoffice.values.ids import ActorId, DepartmentId
        >>> from backoffice.domain.budgets.categories import OFFICE_SUPPLIES
        >>> detector = SplitPurchaseDetector(timedelta(days=30), [Money("5000", "CNY")])
        >>> def order(n, amount):
        ...     return ApprovalDocument(id=DocumentId(f"PO-{n}"), kind=DocumentKind.PURCHASE_ORDER,
        ...         amount=Money(amount, "CNY"), category=OFFICE_SUPPLIES,
        ...         department=DepartmentId("DEP-ADMIN"), requester=ActorId("li"))
        >>> detector.observe(order(1, "2600"), datetime(2025, 3, 3, tzinfo=UTC)) is None
        True
        >>> flag = detector.observe(order(2, "2600"), datetime(2025, 3, 5, tzinfo=UTC))
        >>> flag.by, str(flag.total), [str(d) for d in flag.documents]
        ('requester', '5200 CNY', ['PO-1', 'PO-2'])
    """

    window: timedelta
    thresholds: tuple[Money, ...] = attrs.field(converter=_thresholds)
    kinds: frozenset[DocumentKind] = PURCHASE_KINDS
    _seen: dict[tuple[str, str], deque[_Seen]] = attrs.field(factory=dict, init=False, repr=False)
    _last: datetime | None = attrs.field(default=None, init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.window <= timedelta(0):
            raise ValidationError("the detection window must be positive", field="window")

    def observe(self, document: ApprovalDocument, at: datetime) -> SplitPurchaseFlag | None:
        """Remember ``document`` (submitted at ``at``) and flag it if it completes a split.

        The same as :meth:`flag_for` followed by :meth:`remember`. Observations must come in
        time order.

        Returns:
            The flag with the highest threshold crossed, or ``None``.

        Raises:
            ValidationError: ``at`` is earlier than the previous observation.
        """
        flag = self.flag_for(document, at)
        self.remember(document, at)
        return flag

    def flag_for(self, document: ApprovalDocument, at: datetime) -> SplitPurchaseFlag | None:
        """The flag ``document`` would get if submitted at ``at``, remembering nothing.

        A submission is checked with this first and remembered (:meth:`remember`) only once it
        is accepted, so a refused submission leaves the detector as it was.

        Raises:
            ValidationError: ``at`` is earlier than the previous observation.
        """
        self._check_time(at)
        if not self._counts(document):
            return None
        flags: list[SplitPurchaseFlag] = []
        for by, party in self._parties(document):
            entries = [e for e in self._seen.get((by, party), ()) if at - e.at < self.window]
            flag = self._flag(by, party, entries, document)
            if flag is not None:
                flags.append(flag)
        return max(flags, key=lambda f: (f.threshold.amount, f.total.amount), default=None)

    def remember(self, document: ApprovalDocument, at: datetime) -> None:
        """Remember that ``document`` was submitted at ``at`` (in time order).

        Raises:
            ValidationError: ``at`` is earlier than the previous observation.
        """
        self._check_time(at)
        self._last = at
        if not self._counts(document):
            return
        for key in self._parties(document):
            entries = self._seen.setdefault(key, deque())
            while entries and at - entries[0].at >= self.window:
                entries.popleft()
            entries.append(_Seen(at, document.id, document.amount))

    @property
    def last_seen(self) -> datetime | None:
        """When the latest document was remembered (``None`` before the first)."""
        return self._last

    def _check_time(self, at: datetime) -> None:
        ensure_aware(at)
        if self._last is not None:
            ensure_not_before(at, self._last)

    def _counts(self, document: ApprovalDocument) -> bool:
        return (
            document.kind in self.kinds
            and bool(self.thresholds)
            and document.amount.currency == self.thresholds[0].currency
        )

    @staticmethod
    def _parties(document: ApprovalDocument) -> list[tuple[str, str]]:
        parties = [("requester", str(document.requester))]
        if document.supplier is not None:
            parties.append(("supplier", str(document.supplier)))
        return parties

    def _flag(
        self, by: str, party: str, entries: list[_Seen], document: ApprovalDocument
    ) -> SplitPurchaseFlag | None:
        for threshold in reversed(self.thresholds):
            if document.amount >= threshold:
                return None
            small = [e for e in entries if e.amount < threshold]
            total = sum((e.amount for e in small), document.amount)
            if small and total >= threshold:
                return SplitPurchaseFlag(
                    by=by,
                    party=party,
                    threshold=threshold,
                    total=total,
                    documents=(*(e.document for e in small), document.id),
                    window=self.window,
                )
        return None
