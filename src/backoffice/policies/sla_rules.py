"""SLA rules: one row of a tiered SLA table, its conditions and the targets it gives.

A rule says "requests like these get these targets": its conditions name tiers, categories,
sites, asset criticalities and words in the description (停电、漏水, "flood"); an empty
condition matches anything, and a rule with no conditions at all is the table's default.
:class:`~backoffice.policies.sla.TieredSlaPolicy` tries its rules in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from backoffice.domain.requests import (
    Category,
    Criticality,
    RequestDetails,
    SlaTargets,
    Tier,
)

__all__ = ["SlaRule"]


def _folded(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(w.casefold() for w in words)


@attrs.frozen
class SlaRule:
    """One row of a tiered policy: conditions, and the targets when they all hold.

    An empty condition matches anything; a rule with no conditions at all is a default.

    Attributes:
        name: What the rule is, in the business's words ("urgent (紧急级)").
        targets: The targets it gives.
        tiers: Tiers it applies to.
        categories: Categories it applies to.
        sites: Sites it applies to (as in ``RequestLocation.site``).
        criticalities: Asset criticalities it applies to.
        keywords: Words of which at least one must appear in the description (any case).
    """

    name: str
    targets: SlaTargets
    tiers: frozenset[Tier] = frozenset()
    categories: frozenset[Category] = frozenset()
    sites: frozenset[str] = frozenset()
    criticalities: frozenset[Criticality] = frozenset()
    keywords: tuple[str, ...] = attrs.field(default=(), converter=_folded)
    _pattern: re.Pattern[str] | None = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        words = "|".join(re.escape(word) for word in self.keywords)
        object.__setattr__(self, "_pattern", re.compile(words) if words else None)

    @property
    def is_default(self) -> bool:
        """Whether the rule has no conditions (matches every request)."""
        return not (self.tiers or self.categories or self.sites or self.criticalities) and not (
            self.keywords
        )

    def matches(self, details: RequestDetails, tier: Tier) -> bool:
        """Whether every condition holds for ``details`` graded ``tier``."""
        if self.tiers and tier not in self.tiers:
            return False
        if self.categories and details.category not in self.categories:
            return False
        if self.sites and details.location.site not in self.sites:
            return False
        if self.criticalities and details.asset_criticality not in self.criticalities:
            return False
        if self._pattern is not None:
            return self._pattern.search(details.description.casefold()) is not None
        return True

    @property
    def only_by_tier(self) -> bool:
        """Whether the rule has no condition but the tier (it matches every request of them)."""
        return not (self.categories or self.sites or self.criticalities or self.keywords)

    def describe(self) -> str:
        """The rule in one line: ``"urgent (紧急级): respond 2 h / resolve 4 h"``."""
        return f"{self.name}: {self.targets.describe()}"
