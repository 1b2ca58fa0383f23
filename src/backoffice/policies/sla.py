"""SLA policies: which targets a request gets when it is graded.

The seed's table (需求分级) ships as :meth:`TieredSlaPolicy.seed`:

=========  ====================================  ==============================================
tier       seed examples                          targets
=========  ====================================  ==============================================
urgent     power cut, water leak (停电、漏水)     respond 2 h, resolve 4 h, round the clock
important  equipment failure, large meeting       respond 24 h, resolve 48 h, round the clock
routine    office supplies, daily cleaning        respond 3, complete 5 working days (office)
=========  ====================================  ==============================================

and every request is reviewed within 1 working day (需求初审). Emergencies (突发事件: a
rainstorm flooding the building, a fire) are urgent and also owe an incident report within 24
hours after closure (《突发事件处理报告》).

A :class:`TieredSlaPolicy` is an ordered list of :class:`SlaRule`: each rule has conditions
(tier, category, site, asset criticality, words in the description) and the targets it gives.
The first rule that matches wins; the last rule has no conditions and is the default. Policies
are built from plain data (:meth:`TieredSlaPolicy.from_dict`, e.g. a parsed TOML file), so a
consultant can write one without Python.

Targets name their calendars (``"24x7"``, ``"office"``); the policy holds the calendars by
those names (:attr:`TieredSlaPolicy.calendars`, a
:class:`~backoffice.calendar.CalendarRegistry`), the registry a restore needs to count the time
of requests read back from storage.

The targets a policy returns are copied onto the request when it is graded (with the deadlines
they give, into the request's events); editing or replacing the policy later changes nothing
for requests already graded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final, Protocol

import attrs

from backoffice.calendar import (
    BusinessCalendar,
    CalendarRegistry,
    UnknownCalendar,
    WorkingCalendar,
)
from backoffice.domain.requests import RequestDetails, SlaTarget, SlaTargets, Tier
from backoffice.errors import PolicyConfigurationError
from backoffice.policies.sla_reader import SlaPolicyReader
from backoffice.policies.sla_rules import SlaRule

__all__ = ["SEED_SLA_TABLE", "SlaPolicy", "SlaRule", "TieredSlaPolicy"]


class SlaPolicy(Protocol):
    """Decides a request's SLA targets: the review target at submission, the rest at grading."""

    def review_target(self, details: RequestDetails) -> SlaTarget | None:
        """The review target for a request being submitted, or ``None`` for no review clock."""
        ...

    def targets(self, details: RequestDetails, tier: Tier) -> SlaTargets:
        """The targets for a request being graded ``tier`` (response, resolution, ...)."""
        ...


def _rules(values: Iterable[SlaRule]) -> tuple[SlaRule, ...]:
    rules = tuple(values)
    if not rules or not rules[-1].is_default:
        raise PolicyConfigurationError(
            "a tiered SLA policy needs a default rule (no conditions) last", field="rules"
        )
    early = [r.name for r in rules[:-1] if r.is_default]
    if early:
        raise PolicyConfigurationError(
            f"rules {early} have no conditions, so the rules after them never apply",
            field="rules",
        )
    return rules


def _registry(value: Mapping[str, WorkingCalendar]) -> CalendarRegistry:
    return value if isinstance(value, CalendarRegistry) else CalendarRegistry(value)


def _all_calendars(
    rules: tuple[SlaRule, ...], review: SlaTarget | None, calendars: CalendarRegistry
) -> CalendarRegistry:
    """``calendars`` and the calendars of the targets already resolved, by their names."""
    found = dict(calendars)
    targets = [t for rule in rules for t in rule.targets]
    for target in [*targets, *([] if review is None else [review])]:
        if not target.is_resolved:
            continue
        known = found.setdefault(target.calendar, target.working_calendar)
        if known is not target.working_calendar:
            raise PolicyConfigurationError(
                f"two different calendars are named {target.calendar!r}", field="calendars"
            )
    return calendars if len(found) == len(calendars) else CalendarRegistry(found)


def _resolve_rules(
    rules: tuple[SlaRule, ...], review: SlaTarget | None, calendars: CalendarRegistry
) -> tuple[tuple[SlaRule, ...], SlaTarget | None]:
    """The rules and review target with every target resolved in ``calendars``."""
    try:
        resolved_rules = tuple(
            rule
            if (targets := rule.targets.resolved(calendars)) is rule.targets
            else attrs.evolve(rule, targets=targets)
            for rule in rules
        )
        return resolved_rules, None if review is None else review.resolved(calendars)
    except UnknownCalendar as error:
        raise PolicyConfigurationError(
            f"a target counts on a calendar the policy does not name: {error}", field="calendars"
        ) from error


@attrs.frozen
class TieredSlaPolicy:
    """SLA targets by ordered rules; the first rule that matches wins, the last is the default.

    Attributes:
        rules: The rules, in order; the last has no conditions.
        review: The review target every request gets at submission, or ``None``.
        calendars: The calendars the targets count on, by the names the targets give. Every
            target is resolved in it when the policy is built (a name it lacks is a
            :class:`~backoffice.errors.PolicyConfigurationError`); pass it as ``calendars`` to
            :meth:`ServiceDesk.restore <backoffice.services.requests.ServiceDesk.restore>`.
    """

    rules: tuple[SlaRule, ...] = attrs.field(converter=_rules)
    review: SlaTarget | None = None
    calendars: CalendarRegistry = attrs.field(factory=CalendarRegistry, converter=_registry)
    #: For each tier, the rules that can apply to it, in order, up to the first that always
    #: does: grading a request then checks only those (the rules read as data, run as a table).
    _by_tier: dict[Tier, tuple[SlaRule, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        calendars = _all_calendars(self.rules, self.review, self.calendars)
        rules, review = _resolve_rules(self.rules, self.review, calendars)
        object.__setattr__(self, "calendars", calendars)
        object.__setattr__(self, "rules", rules)
        object.__setattr__(self, "review", review)
        by_tier = {}
        for tier in Tier:
            candidates = []
            for rule in self.rules:
                if rule.tiers and tier not in rule.tiers:
                    continue
                candidates.append(rule)
                if rule.only_by_tier:
                    break
            by_tier[tier] = tuple(candidates)
        object.__setattr__(self, "_by_tier", by_tier)

    def review_target(self, details: RequestDetails) -> SlaTarget | None:
        """The review target (the same for every request)."""
        return self.review

    def rule_for(self, details: RequestDetails, tier: Tier) -> SlaRule:
        """The first rule that matches ``details`` graded ``tier``."""
        candidates = self._by_tier.get(tier, self.rules)
        for rule in candidates[:-1]:
            if rule.matches(details, tier):
                return rule
        return candidates[-1]  # it matches every request of the tier

    def targets(self, details: RequestDetails, tier: Tier) -> SlaTargets:
        """The targets of :meth:`rule_for`."""
        return self.rule_for(details, tier).targets

    def describe(self) -> list[str]:
        """One line per rule, and one for the review target."""
        lines = [rule.describe() for rule in self.rules]
        if self.review is not None:
            lines.append(f"every request: {self.review.describe()}")
        return lines

    @classmethod
    def seed(
        cls,
        office: BusinessCalendar,
        *,
        office_name: str = "office",
        round_the_clock: WorkingCalendar | None = None,
    ) -> TieredSlaPolicy:
        """The seed's tiers on ``office`` (working days) and a 24x7 calendar (hours).

        The policy's :attr:`calendars` are ``{office_name: office, "24x7": round_the_clock}``;
        the targets name them so.

        Args:
            office: The business calendar for review and routine targets.
            office_name: The name the office calendar goes by in targets and events
                (``"office-shanghai"``); ``"office"`` by default.
            round_the_clock: The calendar for hour targets, named ``"24x7"``; round the clock
                in the office's time zone by default.

        Raises:
            PolicyConfigurationError: ``office_name`` is blank or is ``"24x7"``.
        """
        if not isinstance(office_name, str) or not office_name.strip():
            raise PolicyConfigurationError(
                f"the office calendar needs a non-blank name, got {office_name!r}",
                field="office_name",
            )
        if office_name == _ROUND_THE_CLOCK:
            raise PolicyConfigurationError(
                f"{_ROUND_THE_CLOCK!r} names the round-the-clock calendar; give the office "
                "calendar another name",
                field="office_name",
            )
        always = round_the_clock or BusinessCalendar.always(office.timezone)
        table = {**SEED_SLA_TABLE, "default_calendar": office_name}
        return cls.from_dict(table, calendars={office_name: office, _ROUND_THE_CLOCK: always})

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, calendars: Mapping[str, WorkingCalendar] | None = None
    ) -> TieredSlaPolicy:
        """Build a policy from plain data (a dict, or a parsed TOML document).

        Keys: ``rules`` (a list of tables, see below), optional ``review`` (a target spec),
        ``warnings`` (default thresholds, e.g. ``[50, 75]``), ``default_calendar`` (a calendar
        name) and ``calendars`` (name -> :meth:`BusinessCalendar.from_dict` table, added to the
        ``calendars`` argument).

        A rule is ``{"name": ..., "when": {...}, "response": spec, "resolution": spec,
        "incident_report": spec}``; ``when`` may hold ``tier``, ``category``, ``site``,
        ``criticality`` and ``keywords`` lists and is left out on the default rule. A target
        spec is ``{"hours": 2}``, ``{"minutes": 90}`` or ``{"working_days": 3}``, with an
        optional ``"calendar"`` name and ``"warnings"`` list.

        The policy's :attr:`calendars` are the ``calendars`` argument and the ``calendars``
        tables together, each under its name: the names the targets (and the events of the
        requests graded with them) refer to.

        Raises:
            PolicyConfigurationError: A key, name or value is unknown, missing or out of range.
        """
        return SlaPolicyReader(data, dict(calendars or {})).policy(TieredSlaPolicy)


_ROUND_THE_CLOCK: Final = "24x7"
#: The seed's SLA table as plain data (calendars ``"office"`` and ``"24x7"`` to be supplied).
SEED_SLA_TABLE: Final[Mapping[str, Any]] = {
    "default_calendar": "office",
    "warnings": [50, 75],
    "review": {"working_days": 1},
    "rules": [
        {
            "name": "emergency (突发事件)",
            "when": {
                "tier": ["urgent"],
                "keywords": [
                    "flood",
                    "rainstorm",
                    "typhoon",
                    "fire",
                    "进水",
                    "暴雨",
                    "台风",
                    "火灾",
                ],
            },
            "response": {"hours": 2, "calendar": _ROUND_THE_CLOCK},
            "resolution": {"hours": 4, "calendar": _ROUND_THE_CLOCK},
            "incident_report": {"hours": 24, "calendar": _ROUND_THE_CLOCK},
        },
        {
            "name": "urgent (紧急级)",
            "when": {"tier": ["urgent"]},
            "response": {"hours": 2, "calendar": _ROUND_THE_CLOCK},
            "resolution": {"hours": 4, "calendar": _ROUND_THE_CLOCK},
        },
        {
            "name": "important (重要级)",
            "when": {"tier": ["important"]},
            "response": {"hours": 24, "calendar": _ROUND_THE_CLOCK},
            "resolution": {"hours": 48, "calendar": _ROUND_THE_CLOCK},
        },
        {
            "name": "routine (常规级)",
            "response": {"working_days": 3},
            "resolution": {"working_days": 5},
        },
    ],
}
