"""Scenario files: a workload and named policy variants, as a consultant writes them in TOML.

A scenario file has a ``[scenario]`` table (name, kind ``"simulate"`` or ``"rejudge"``,
``seeds``), a ``[baseline]`` table holding the policies as plain data (every part optional: the
seed policies are the default), a ``[workload]`` table (see
:class:`~backoffice.scenarios.workload.WorkloadSpec`) or a ``[history]`` table for a re-judge,
and one ``[variants.NAME]`` table per variant, written as **overrides of the baseline**::

    [variants.urgent_3h]
    description = "urgent requests resolved in 3 h"
    sla.urgent.resolution = "3h"

    [variants.one_more_technician]
    staffing.facilities.technicians = 4

The policy parts of a baseline or variant are:

* ``sla``: :meth:`TieredSlaPolicy.from_dict <backoffice.policies.TieredSlaPolicy.from_dict>`
  data (the seed table by default); in a variant, a tier's table sets that tier's targets on
  every rule graded for it: ``sla.urgent.resolution = "3h"`` (``"90min"``, ``"2d"`` for
  round-the-clock days, ``"5wd"`` for working days on the rule's own calendar);
* ``triage``: :meth:`KeywordTriagePolicy.from_dict` data (the seed keywords by default);
* ``calendars``: name -> :meth:`BusinessCalendar.from_dict` table, added to the built-in
  ``"office"`` (Shanghai, 09-12 and 13-18 on weekdays, China's holidays) and ``"24x7"``;
* ``staffing``: team name -> ``{technicians, calendar, categories}``;
* ``budget``: the repairs budget (``annual``, ``currency``) and its ``overrun`` rules
  (:meth:`CategoryOverrunPolicy.from_dict` data);
* ``approvals``: the approval matrix repair bills climb
  (:meth:`ThresholdApprovalPolicy.from_dict` data; the demo's matrix by default).

Everything is checked when the file is read: a mistake raises
:class:`~backoffice.errors.PolicyConfigurationError` naming the field (``variants.urgent_3h.
sla.urgent.resolution``). The parsed scenario is plain data (dicts, strings, numbers), so the
variants travel to worker processes as they are and each worker builds its own policies.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

import attrs

from backoffice.domain.requests import Tier
from backoffice.errors import PolicyConfigurationError
from backoffice.policies.scorecards import Scorecard
from backoffice.policies.sla import SEED_SLA_TABLE
from backoffice.scenarios.staffing import SEED_STAFFING

__all__ = [
    "SCENARIO_KINDS",
    "Scenario",
    "parse_duration",
]

#: What a scenario does with its workload: simulate it, or judge a recorded history again.
SCENARIO_KINDS: Final = ("simulate", "rejudge")
_POLICY_PARTS: Final = frozenset({"sla", "triage", "calendars", "staffing", "budget", "approvals"})
_VARIANT_KEYS: Final = _POLICY_PARTS | {"description"}
_TOP_KEYS: Final = frozenset(
    {"scenario", "baseline", "workload", "history", "variants", "scorecard"}
)
_SCENARIO_KEYS: Final = frozenset({"name", "description", "kind", "seeds", "baseline_name"})
_SLA_METRICS: Final = ("response", "resolution", "incident_report")
_DURATION: Final = re.compile(r"^\s*(\d+)\s*(h|min|d|wd)\s*$")


def parse_duration(text: object, *, field: str) -> dict[str, int]:
    """A target spec from a short duration: ``"3h"``, ``"90min"``, ``"2d"`` or ``"5wd"``.

    Example:
        >>> parse_duration("3h", field="sla.urgent.resolution")
        {'hours': 3}
        >>> parse_duration("5wd", field="sla.routine.resolution")
        {'working_days': 5}

    Raises:
        PolicyConfigurationError: The text is not a whole number and a unit, or is zero.
    """
    match = _DURATION.match(text) if isinstance(text, str) else None
    if match is None or int(match.group(1)) < 1:
        raise PolicyConfigurationError(
            f"{field}: give a duration such as '3h', '90min', '2d' or '5wd', got {text!r}",
            field=field,
        )
    amount, unit = int(match.group(1)), match.group(2)
    if unit == "wd":
        return {"working_days": amount}
    if unit == "d":
        return {"hours": amount * 24}
    return {"hours": amount} if unit == "h" else {"minutes": amount}


def duration_of(spec: Mapping[str, int]) -> timedelta | None:
    """The working time of a target spec, ``None`` for a working-days spec."""
    if "working_days" in spec:
        return None
    return timedelta(hours=spec.get("hours", 0), minutes=spec.get("minutes", 0))


def _merged(base: Any, override: Any) -> Any:
    """``override`` laid over ``base``: tables merge key by key, anything else replaces."""
    if isinstance(base, Mapping) and isinstance(override, Mapping):
        result = dict(base)
        for key, value in override.items():
            result[key] = _merged(base.get(key), value) if key in base else copy.deepcopy(value)
        return result
    return copy.deepcopy(override)


def _sla_with_tiers(sla: Mapping[str, Any], override: Mapping[str, Any], where: str) -> Any:
    """The SLA table with the tier shortcuts of ``override`` applied to its rules."""
    tiers = {key: value for key, value in override.items() if key in set(Tier)}
    rest = {key: value for key, value in override.items() if key not in tiers}
    result = _merged(sla, rest)
    rules = [dict(rule) for rule in result.get("rules", ())]
    for tier, metrics in tiers.items():
        if not isinstance(metrics, Mapping):
            raise PolicyConfigurationError(
                f"{where}.{tier}: give a table of metrics, e.g. resolution = '3h'",
                field=f"{where}.{tier}",
            )
        chosen = [r for r in rules if tier in r.get("when", {}).get("tier", ())]
        if not chosen and tier == Tier.ROUTINE and rules:
            chosen = [rules[-1]]  # routine is the default rule's
        if not chosen:
            raise PolicyConfigurationError(
                f"{where}.{tier}: no rule of the SLA policy is graded {tier}",
                field=f"{where}.{tier}",
            )
        for metric, text in metrics.items():
            if metric not in _SLA_METRICS:
                raise PolicyConfigurationError(
                    f"{where}.{tier}.{metric}: unknown metric; known: {list(_SLA_METRICS)}",
                    field=f"{where}.{tier}.{metric}",
                )
            spec = parse_duration(text, field=f"{where}.{tier}.{metric}")
            for rule in chosen:
                old = rule.get(metric, {})
                kept = {k: v for k, v in old.items() if k in ("calendar", "warnings")}
                if "working_days" in spec and "calendar" in kept and "hours" in old:
                    del kept["calendar"]  # working days count on the policy's default calendar
                rule[metric] = {**spec, **kept}
    result["rules"] = rules
    return result


def _known(data: Mapping[str, Any], known: frozenset[str], where: str) -> None:
    unknown = set(data) - known
    if unknown:
        raise PolicyConfigurationError(
            f"{where}: unknown keys {sorted(unknown)}; known: {sorted(known)}", field=where
        )


def _table(data: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise PolicyConfigurationError(f"{where}: must be a table", field=where)
    return dict(value)


def _seeds(value: object) -> tuple[int, ...]:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return tuple(range(1, value + 1))
    if (
        isinstance(value, list)
        and value
        and all(isinstance(s, int) and not isinstance(s, bool) for s in value)
        and len(set(value)) == len(value)
    ):
        return tuple(value)
    raise PolicyConfigurationError(
        f"scenario.seeds: give a count (5) or a list of distinct whole numbers, got {value!r}",
        field="scenario.seeds",
    )


@attrs.frozen(kw_only=True)
class Scenario:
    """A parsed scenario: plain data, checked, with each variant's policies written in full.

    Attributes:
        name: The scenario's name.
        description: What it asks, in a sentence.
        kind: ``"simulate"`` or ``"rejudge"``.
        seeds: The random seeds a simulation runs with (one workload per seed, the same for
            every variant, so the differences are the policies').
        workload: The ``[workload]`` table (simulations).
        history: The ``[history]`` table (re-judges): ``path`` and ``format``.
        scorecard: The ``[scorecard]`` table every variant is scored on
            (:meth:`Scorecard.from_dict <backoffice.policies.scorecards.Scorecard.from_dict>`;
            the seed scorecard if empty).
        baseline: The name of the baseline variant (the first in :attr:`variants`).
        variants: ``(name, definition)`` pairs; each definition is the baseline's policies
            with the variant's overrides laid over them, plus a ``description``.
    """

    name: str
    description: str = ""
    kind: str = "simulate"
    seeds: tuple[int, ...] = (1,)
    workload: Mapping[str, Any] = attrs.field(factory=dict)
    history: Mapping[str, Any] = attrs.field(factory=dict)
    scorecard: Mapping[str, Any] = attrs.field(factory=dict)
    baseline: str = "baseline"
    variants: tuple[tuple[str, Mapping[str, Any]], ...] = ()

    @property
    def variant_names(self) -> tuple[str, ...]:
        """The variants' names, the baseline first."""
        return tuple(name for name, _ in self.variants)

    def variant(self, name: str) -> Mapping[str, Any]:
        """The full definition of variant ``name``."""
        for known, definition in self.variants:
            if known == name:
                return definition
        raise PolicyConfigurationError(
            f"no variant {name!r}; known: {list(self.variant_names)}", field="variants"
        )

    @classmethod
    def from_toml(cls, text: str) -> Scenario:
        """Parse and check a scenario file's text.

        Raises:
            PolicyConfigurationError: The TOML is malformed, or a field is unknown or wrong.
        """
        if not isinstance(text, str):
            raise PolicyConfigurationError(
                f"scenario file: the text of a TOML document, got {type(text).__name__}",
                field="toml",
            )
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise PolicyConfigurationError(f"scenario file: {error}", field="toml") from error
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scenario:
        """Build from plain data (a parsed TOML document); see the module docstring.

        Every variant is built once here, so a mistake in any of them is reported now rather
        than in a worker halfway through a run.

        Raises:
            PolicyConfigurationError: A field is unknown, missing or wrong (the error names it).
        """
        if not isinstance(data, Mapping):
            raise PolicyConfigurationError(
                f"scenario file: a table of settings, got {type(data).__name__}", field="scenario"
            )
        _known(data, _TOP_KEYS, "scenario file")
        head = _table(data, "scenario", "scenario")
        _known(head, _SCENARIO_KEYS, "scenario")
        kind = head.get("kind", "simulate")
        if kind not in SCENARIO_KINDS:
            raise PolicyConfigurationError(
                f"scenario.kind: {kind!r} is not one of {list(SCENARIO_KINDS)}",
                field="scenario.kind",
            )
        baseline = _table(data, "baseline", "baseline")
        _known(baseline, _POLICY_PARTS | {"description"}, "baseline")
        baseline.setdefault("sla", copy.deepcopy(dict(SEED_SLA_TABLE)))
        baseline.setdefault("staffing", copy.deepcopy(dict(SEED_STAFFING)))
        baseline_name = str(head.get("baseline_name", "baseline"))
        variants: list[tuple[str, Mapping[str, Any]]] = [(baseline_name, baseline)]
        for name, override in _table(data, "variants", "variants").items():
            where = f"variants.{name}"
            if name == baseline_name:
                raise PolicyConfigurationError(
                    f"{where}: the baseline's name is taken", field=where
                )
            if not isinstance(override, Mapping):
                raise PolicyConfigurationError(f"{where}: must be a table", field=where)
            _known(override, _VARIANT_KEYS, where)
            definition = _merged(baseline, {k: v for k, v in override.items() if k != "sla"})
            definition["description"] = str(override.get("description", ""))
            if "sla" in override:
                definition["sla"] = _sla_with_tiers(
                    baseline["sla"], _table(override, "sla", f"{where}.sla"), f"{where}.sla"
                )
            variants.append((str(name), definition))
        if kind == "rejudge" and "path" not in _table(data, "history", "history"):
            raise PolicyConfigurationError(
                "history.path: a re-judge needs the recorded history's file",
                field="history.path",
            )
        scenario = cls(
            name=str(head.get("name", "scenario")),
            description=str(head.get("description", "")),
            kind=kind,
            seeds=_seeds(head.get("seeds", 1)),
            workload=_table(data, "workload", "workload"),
            history=_table(data, "history", "history"),
            scorecard=_table(data, "scorecard", "scorecard"),
            baseline=baseline_name,
            variants=tuple(variants),
        )
        scenario.check()
        return scenario

    def check(self) -> None:
        """Build every variant's policies and the workload once; raise on the first mistake.

        Raises:
            PolicyConfigurationError: A variant or the workload does not build.
        """
        from backoffice.scenarios.variants import VariantPolicies  # noqa: PLC0415 (a cycle)
        from backoffice.scenarios.workload import WorkloadSpec  # noqa: PLC0415

        for name, definition in self.variants:
            VariantPolicies.build(definition, where=f"variants.{name}")
        if self.kind == "simulate":
            WorkloadSpec.from_dict(self.workload)
        self.scorecard_policy()

    def scorecard_policy(self) -> Scorecard:
        """The scorecard every variant is scored on (the seed's unless the file gives one).

        Raises:
            PolicyConfigurationError: The ``[scorecard]`` table does not build.
        """
        if not self.scorecard:
            return Scorecard.seed()
        try:
            return Scorecard.from_dict(self.scorecard)
        except PolicyConfigurationError as error:
            raise PolicyConfigurationError(f"scorecard: {error}", field="scorecard") from error
