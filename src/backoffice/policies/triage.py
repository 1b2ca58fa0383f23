"""Triage policies: propose a tier for a request from what it says.

The seed grades requests by urgency (需求分级): a power cut or a water leak that affects
operations (停电、漏水影响运营) is urgent; an equipment failure or a large meeting to support
(设备故障、大型会议保障) is important; office supplies and daily cleaning (办公用品采购、日常保洁)
are routine. A :class:`TriagePolicy` turns that into a *proposal*; the reviewer accepts with the
proposed tier or overrides it, and the request records both
(:attr:`~backoffice.domain.requests.RequestAccepted.overridden`).

:class:`KeywordTriagePolicy` checks ordered rules (words in the description, categories,
channels) and proposes the first match's tier, else a default; the seed's rules ship as
:meth:`KeywordTriagePolicy.seed`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final, Protocol

import attrs

from backoffice.domain.requests import Category, Channel, RequestDetails, Tier
from backoffice.errors import PolicyConfigurationError
from backoffice.values.inputs import choice

__all__ = [
    "SEED_TRIAGE_RULES",
    "KeywordTriagePolicy",
    "TriagePolicy",
    "TriageProposal",
    "TriageRule",
]


@attrs.frozen
class TriageProposal:
    """A proposed tier and why.

    Attributes:
        tier: The tier proposed.
        reason: What matched ("urgent: 'water leak' in the description"), or that it is the
            default.
    """

    tier: Tier
    reason: str


class TriagePolicy(Protocol):
    """Proposes a tier for a request about to be reviewed."""

    def propose(self, details: RequestDetails) -> TriageProposal:
        """The proposed tier for ``details``."""
        ...


def _tier(value: object) -> Tier:
    return choice(value, Tier, "tier")


def _folded(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(w.casefold() for w in words)


@attrs.frozen
class TriageRule:
    """Propose ``tier`` when every given condition holds.

    Attributes:
        name: What the rule is about ("power cut").
        tier: The tier it proposes.
        keywords: At least one must appear in the description (any case); empty = any.
        categories: The request's category must be one of them; empty = any.
        channels: The request's channel must be one of them; empty = any.
    """

    name: str
    tier: Tier = attrs.field(converter=_tier)
    keywords: tuple[str, ...] = attrs.field(default=(), converter=_folded)
    categories: frozenset[Category] = frozenset()
    channels: frozenset[Channel] = frozenset()
    _pattern: re.Pattern[str] | None = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not (self.keywords or self.categories or self.channels):
            raise PolicyConfigurationError(
                f"triage rule {self.name!r} has no conditions; use the policy's default instead",
                field="rules",
            )
        words = "|".join(re.escape(w) for w in self.keywords)
        object.__setattr__(self, "_pattern", re.compile(words) if words else None)

    def match(self, details: RequestDetails, folded: str | None = None) -> str | None:
        """What matched, in words, or ``None`` if the rule does not apply.

        Args:
            details: The request's details.
            folded: ``details.description.casefold()``, if the caller has it already.
        """
        if self.categories and details.category not in self.categories:
            return None
        if self.channels and details.channel not in self.channels:
            return None
        if self._pattern is None:
            return self.name
        text = details.description.casefold() if folded is None else folded
        found = self._pattern.search(text)
        return None if found is None else f"{self.name}: {found.group()!r} in the description"


def _rules(values: Iterable[TriageRule]) -> tuple[TriageRule, ...]:
    return tuple(values)


@attrs.frozen
class KeywordTriagePolicy:
    """The first matching rule's tier, else ``default``.

    Attributes:
        rules: The rules, in order.
        default: The tier when no rule matches (routine in the seed).

    Example:
        >>> from backoffice.domain.requests import RequestLocation
        >>> from backoffice.values import ActorId
        >>> leak = RequestDetails("phone_hotline", "repair", "Water leak in the server room",
        ...                       RequestLocation("HQ"), ActorId("li.na"))
        >>> proposal = KeywordTriagePolicy.seed().propose(leak)
        >>> proposal.tier, proposal.reason
        (<Tier.URGENT: 'urgent'>, "water leak (漏水): 'water leak' in the description")
    """

    rules: tuple[TriageRule, ...] = attrs.field(converter=_rules)
    default: Tier = attrs.field(default=Tier.ROUTINE, converter=_tier)

    def propose(self, details: RequestDetails) -> TriageProposal:
        """The first matching rule's tier and what matched, else the default."""
        folded = details.description.casefold()
        for rule in self.rules:
            matched = rule.match(details, folded)
            if matched is not None:
                return TriageProposal(rule.tier, matched)
        return TriageProposal(self.default, "no triage rule matched: default tier")

    @classmethod
    def seed(cls) -> KeywordTriagePolicy:
        """The seed's grading examples as rules."""
        return cls.from_dict(SEED_TRIAGE_RULES)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> KeywordTriagePolicy:
        """Build from plain data: ``{"default": "routine", "rules": [{...}, ...]}``.

        Each rule is ``{"name": ..., "tier": ..., "keywords": [...], "categories": [...],
        "channels": [...]}`` (at least one of the last three).

        Raises:
            PolicyConfigurationError: A key or value is unknown or missing.
        """
        unknown = set(data) - {"default", "rules"}
        if unknown:
            raise PolicyConfigurationError(f"unknown triage keys {sorted(unknown)}", field="data")
        rules = []
        for index, rule in enumerate(data.get("rules", ())):
            where = f"triage rule {index + 1}"
            extra = set(rule) - {"name", "tier", "keywords", "categories", "channels"}
            if extra or "tier" not in rule:
                raise PolicyConfigurationError(
                    f"{where}: needs a 'tier'; unknown keys {sorted(extra)}", field="rules"
                )
            try:
                rules.append(
                    TriageRule(
                        name=str(rule.get("name", where)),
                        tier=rule["tier"],
                        keywords=tuple(rule.get("keywords", ())),
                        categories=frozenset(
                            choice(c, Category, "categories") for c in rule.get("categories", ())
                        ),
                        channels=frozenset(
                            choice(c, Channel, "channels") for c in rule.get("channels", ())
                        ),
                    )
                )
            except PolicyConfigurationError:
                raise
            except ValueError as error:
                raise PolicyConfigurationError(f"{where}: {error}", field="rules") from error
        try:
            return cls(rules, data.get("default", Tier.ROUTINE.value))
        except ValueError as error:
            raise PolicyConfigurationError(f"triage default: {error}", field="default") from error


#: The seed's grading examples (需求分级) as plain-data triage rules.
SEED_TRIAGE_RULES: Final[Mapping[str, Any]] = {
    "default": "routine",
    "rules": [
        {
            "name": "power cut (停电)",
            "tier": "urgent",
            "keywords": [
                "power cut",
                "power outage",
                "power failure",
                "blackout",
                "no power",
                "停电",
                "断电",
            ],
        },
        {
            "name": "water leak (漏水)",
            "tier": "urgent",
            "keywords": ["water leak", "leaking", "burst pipe", "漏水", "爆管"],
        },
        {
            "name": "flooding (进水)",
            "tier": "urgent",
            "keywords": ["flood", "rainstorm", "进水", "暴雨", "水淹"],
        },
        {
            "name": "fire (火灾)",
            "tier": "urgent",
            "keywords": ["on fire", "fire alarm", "火灾", "着火", "冒烟"],
        },
        {
            "name": "equipment failure (设备故障)",
            "tier": "important",
            "keywords": ["failure", "broken", "not working", "out of order", "故障", "坏了"],
        },
        {
            "name": "large meeting (大型会议保障)",
            "tier": "important",
            "keywords": ["large meeting", "conference", "大型会议"],
        },
    ],
}
