"""Reading an SLA table from plain data: a dict, or a parsed TOML file a consultant wrote.

The table names its rules (conditions and targets), the review target every request gets,
default warning thresholds, a default calendar and any calendars of its own. A mistake is
refused with a :class:`~backoffice.errors.PolicyConfigurationError` naming where it is
("rule 2 (urgent (紧急级)) response: unknown calendar ..."), so the table can be corrected
without reading Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import Any, Final, TypeVar

import attrs

from backoffice.calendar import BusinessCalendar, CalendarRegistry, WorkingCalendar
from backoffice.domain.requests import (
    DEFAULT_WARNINGS,
    Category,
    Criticality,
    SlaMetric,
    SlaTarget,
    SlaTargets,
    Tier,
)
from backoffice.errors import PolicyConfigurationError
from backoffice.policies.sla_rules import SlaRule
from backoffice.values import Percent
from backoffice.values.inputs import choice

__all__ = ["SlaPolicyReader"]

#: What the reader builds (a tiered SLA policy).
P = TypeVar("P")


@attrs.define
class SlaPolicyReader:
    """Reads :meth:`TieredSlaPolicy.from_dict` data, naming the place of any mistake."""

    data: Mapping[str, Any]
    calendars: dict[str, WorkingCalendar]

    def policy(self, build: Callable[[list[SlaRule], SlaTarget | None, CalendarRegistry], P]) -> P:
        """The policy ``build`` makes of the rules, review target and calendars read."""
        self._known(self.data, _TOP_KEYS, "policy")
        for name, table in dict(self.data.get("calendars", {})).items():
            try:
                self.calendars[name] = BusinessCalendar.from_dict(table)
            except ValueError as error:
                raise PolicyConfigurationError(f"calendar {name!r}: {error}") from error
        rules = [self._rule(i, rule) for i, rule in enumerate(self.data.get("rules", ()))]
        review = self.data.get("review")
        try:
            return build(
                rules,
                None if review is None else self._target(SlaMetric.REVIEW, review, "review"),
                CalendarRegistry(self.calendars),
            )
        except PolicyConfigurationError:
            raise
        except ValueError as error:  # pragma: no cover (the parts were checked one by one)
            raise PolicyConfigurationError(str(error)) from error

    def _rule(self, index: int, data: Mapping[str, Any]) -> SlaRule:
        where = f"rule {index + 1} ({data.get('name', 'unnamed')})"
        self._known(data, _RULE_KEYS, where)
        when = dict(data.get("when", {}))
        self._known(when, _CONDITIONS, f"{where} 'when'")
        targets = [
            self._target(metric, data[metric.value], f"{where} {metric.value}")
            for metric in _RULE_METRICS
            if metric.value in data
        ]
        if not targets:
            raise PolicyConfigurationError(f"{where} gives no targets", field="rules")
        try:
            return SlaRule(
                name=str(data.get("name", f"rule {index + 1}")),
                targets=SlaTargets(targets),
                tiers=frozenset(choice(v, Tier, "tier") for v in _listed(when.get("tier"))),
                categories=frozenset(
                    choice(v, Category, "category") for v in _listed(when.get("category"))
                ),
                sites=frozenset(str(v) for v in _listed(when.get("site"))),
                criticalities=frozenset(
                    choice(v, Criticality, "criticality") for v in _listed(when.get("criticality"))
                ),
                keywords=tuple(str(v) for v in _listed(when.get("keywords"))),
            )
        except ValueError as error:
            raise PolicyConfigurationError(f"{where}: {error}", field="rules") from error

    def _target(self, metric: SlaMetric, spec: Mapping[str, Any], where: str) -> SlaTarget:
        self._known(spec, _TARGET_KEYS, where)
        amounts = [key for key in ("hours", "minutes", "working_days") if key in spec]
        if len(amounts) != 1:
            raise PolicyConfigurationError(
                f"{where}: give exactly one of hours, minutes or working_days", field=where
            )
        name = spec.get("calendar", self.data.get("default_calendar"))
        if name not in self.calendars:
            raise PolicyConfigurationError(
                f"{where}: unknown calendar {name!r}; known: {sorted(map(str, self.calendars))}",
                field=where,
            )
        warnings = spec.get("warnings", self.data.get("warnings", DEFAULT_WARNINGS))
        amount = spec[amounts[0]]
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise PolicyConfigurationError(
                f"{where}: {amounts[0]} must be a whole number, got {amount!r}", field=where
            )
        try:
            thresholds = [w if isinstance(w, Percent) else Percent(w) for w in warnings]
            if amounts[0] == "working_days":
                return SlaTarget.within_working_days(
                    metric, amount, name, warnings=thresholds, calendars=self.calendars
                )
            time = timedelta(**{amounts[0]: amount})
            return SlaTarget.within(
                metric, time, name, warnings=thresholds, calendars=self.calendars
            )
        except ValueError as error:
            raise PolicyConfigurationError(f"{where}: {error}", field=where) from error

    @staticmethod
    def _known(data: Mapping[str, Any], known: frozenset[str], where: str) -> None:
        unknown = set(data) - known
        if unknown:
            raise PolicyConfigurationError(
                f"{where}: unknown keys {sorted(unknown)}; known: {sorted(known)}", field=where
            )


def _listed(value: object) -> list[object]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return list(value)
    return [value]


_RULE_METRICS: Final = (SlaMetric.RESPONSE, SlaMetric.RESOLUTION, SlaMetric.INCIDENT_REPORT)
_TOP_KEYS: Final = frozenset({"rules", "review", "warnings", "default_calendar", "calendars"})
_RULE_KEYS: Final = frozenset({"name", "when"} | {m.value for m in _RULE_METRICS})
_CONDITIONS: Final = frozenset({"tier", "category", "site", "criticality", "keywords"})
_TARGET_KEYS: Final = frozenset({"hours", "minutes", "working_days", "calendar", "warnings"})
