"""KPI scoring: turning named figures into scores, weighted points and a grade.

A :class:`KpiScoringPolicy` scores a :class:`~backoffice.policies.scorecards.Scorecard`
against a mapping of figures by name (:class:`~backoffice.domain.metrics.Figure`: a value and
the number of records behind it). It knows nothing of requests: the same engine scores a
department's service figures, a team's, or a supplier's delivery figures.

The default, :class:`WeightedKpiScoring`, scores each KPI from 0 to 100:

* **graded** (the default rule): a KPI on or beyond its target scores 100. Short of it, with a
  ``zero_at`` the score falls linearly from 100 at the target to 0 at ``zero_at``; without
  one, it is the ratio ``value / target`` (at least) or ``target / value`` (at most). So 81 %
  on-time against a 90 % target scores 90; an overrun of 10 % against 5 % scores 50.
* **pass/fail**: 100 on target, 0 otherwise.

Scores never leave 0-100 and never fall as the value improves. A KPI whose figure is missing,
has no value, or rests on fewer than its ``minimum_count`` records is *not scored*, and the
others share the weights. Each scored KPI earns ``score x weight / (sum of scored weights)``
points; the total is the sum of the points, rounded half-even to 0.01 (scores and points are
shown rounded the same way, so shown points may differ from the total in the last place), and
is graded by the scorecard's bands. Every result explains itself: value, target, direction, the
records behind it, score, band, weight and points.

Example:
    >>> from backoffice.domain.metrics import Figure
    >>> from backoffice.values import Percent
    >>> result = WeightedKpiScoring().score(
    ...     Scorecard.seed(),
    ...     {
    ...         "satisfaction_rate": Figure(Percent(88), 120),
    ...         "resolution_on_time_rate": Figure(Percent(81), 300),
    ...         "budget_overrun": Figure(Percent(0), 12),
    ...     },
    ...     subject="Finance",
    ... )
    >>> result.total, result.band
    (Decimal('96.67'), '优秀')
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Final, Protocol

import attrs

from backoffice.domain.metrics.figures import Figure
from backoffice.errors import PolicyConfigurationError
from backoffice.policies.scorecards import (
    SEED_BANDS,
    SEED_SCORECARD,
    Band,
    Direction,
    Kpi,
    Scorecard,
    SubjectKind,
    TargetValue,
)
from backoffice.values import Money, Percent, Period

__all__ = [
    "SEED_BANDS",
    "SEED_SCORECARD",
    "Band",
    "Direction",
    "Kpi",
    "KpiResult",
    "KpiScoringPolicy",
    "Scorecard",
    "ScorecardResult",
    "ScoringRule",
    "SubjectKind",
    "WeightedKpiScoring",
]

_HUNDRED: Final = Decimal(100)
_CENT: Final = Decimal("0.01")


class ScoringRule(enum.StrEnum):
    """How a KPI's value becomes a score from 0 to 100."""

    GRADED = "graded"
    PASS_FAIL = "pass_fail"  # noqa: S105 (a rule name, not a password)


@attrs.frozen(kw_only=True)
class KpiResult:
    """One KPI's verdict, explained.

    Attributes:
        kpi: The KPI's name.
        figure: The figure judged.
        value: The figure's value (``None`` if missing or unmeasured).
        target: The target.
        direction: At least or at most.
        count: The number of records the value rests on.
        met: Whether the target is met (``None`` when not scored).
        score: 0-100, to 0.01 (``None`` when not scored).
        band: The band of the score (``None`` when not scored).
        weight: The KPI's weight.
        points: Its share of the total, to 0.01 (``None`` when not scored).
        note: Why it was not scored, when it was not.
    """

    kpi: str
    figure: str
    value: Any
    target: TargetValue
    direction: Direction
    count: int
    met: bool | None
    score: Decimal | None
    band: str | None
    weight: Decimal
    points: Decimal | None
    note: str = ""

    @property
    def scored(self) -> bool:
        """Whether the KPI counted towards the total."""
        return self.score is not None

    def explain(self) -> str:
        """One line: "按时完成率: 81 % vs >= 90 % over 300 records: 90.00 (良好), 30.00 pts"."""
        head = f"{self.kpi}: {_show(self.value)} vs {self.direction.value} {_show(self.target)}"
        if self.score is None:
            return f"{head}: not scored ({self.note})"
        return f"{head} over {self.count} records: {self.score} ({self.band}), {self.points} pts"


@attrs.frozen(kw_only=True)
class ScorecardResult:
    """A scorecard's verdict on one subject for one period.

    Attributes:
        scorecard: The scorecard's name.
        subject: Who was judged ("Finance", "electricians", a supplier id).
        period: The period judged, if given.
        kpis: Each KPI's result, in the scorecard's order.
        total: The sum of the points, 0-100 (``None`` if no KPI could be scored).
        band: The band of the total (``None`` if no KPI could be scored).
    """

    scorecard: str
    subject: str
    period: Period | None
    kpis: tuple[KpiResult, ...]
    total: Decimal | None
    band: str | None

    def __getitem__(self, kpi: str) -> KpiResult:
        for result in self.kpis:
            if kpi in (result.kpi, result.figure):
                return result
        raise KeyError(kpi)

    def explain(self) -> str:
        """The verdict in a few lines of text, one per KPI, then the total."""
        when = f" {self.period.start}..{self.period.end}" if self.period else ""
        lines = [f"{self.scorecard}: {self.subject}{when}"]
        lines += [f"  {result.explain()}" for result in self.kpis]
        lines.append(f"  total: {self.total} ({self.band})")
        return "\n".join(lines)


def _show(value: object) -> str:
    if isinstance(value, timedelta):
        hours = Decimal(value.total_seconds()) / 3600
        return f"{hours.quantize(_CENT, ROUND_HALF_EVEN)} h"
    return "-" if value is None else str(value)


class KpiScoringPolicy(Protocol):
    """Scores a scorecard against figures by name."""

    def score(
        self,
        scorecard: Scorecard,
        figures: Mapping[str, Figure[Any]],
        *,
        subject: str = "",
        period: Period | None = None,
    ) -> ScorecardResult:
        """The scorecard's verdict on ``figures`` (the subject's, over the period)."""
        ...


def _number(value: object, kpi: Kpi) -> Decimal:
    """A value or target as a number comparable with the KPI's target."""
    target = kpi.target
    if isinstance(value, Percent) and isinstance(target, Percent):
        return value.value
    if isinstance(value, timedelta) and isinstance(target, timedelta):
        return Decimal(value // timedelta(microseconds=1))
    if isinstance(target, Decimal) and not isinstance(value, bool):
        if isinstance(value, int | Decimal):
            return Decimal(value)
        if isinstance(value, Money):
            return value.amount
    raise PolicyConfigurationError(
        f"KPI {kpi.name!r}: the figure {kpi.figure!r} is {value!r}, not of the target's kind "
        f"({target!r})",
        field="target",
        value=value,
    )


def _graded(value: Decimal, target: Decimal, zero_at: Decimal | None, at_least: bool) -> Decimal:
    if zero_at is not None:
        return _HUNDRED * (value - zero_at) / (target - zero_at)
    if at_least:
        return _HUNDRED * value / target if target > 0 else Decimal(0)
    return _HUNDRED * target / value if value > 0 else _HUNDRED


def _pass_fail(value: Decimal, target: Decimal, zero_at: Decimal | None, at_least: bool) -> Decimal:
    return Decimal(0)  # reached only when the target is missed


_RULES: Final[dict[ScoringRule, Callable[[Decimal, Decimal, Decimal | None, bool], Decimal]]] = {
    ScoringRule.GRADED: _graded,
    ScoringRule.PASS_FAIL: _pass_fail,
}


@attrs.frozen
class WeightedKpiScoring:
    """Weighted KPI scoring (see the module docstring).

    Attributes:
        rule: How a missed target is scored: graded (default) or pass/fail.
    """

    rule: ScoringRule = attrs.field(default=ScoringRule.GRADED, converter=ScoringRule)

    @classmethod
    def seed(cls) -> WeightedKpiScoring:
        """Graded scoring, the default."""
        return cls()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WeightedKpiScoring:
        """Build from ``{"rule": "graded" | "pass_fail"}``.

        Raises:
            PolicyConfigurationError: An unknown key or rule.
        """
        unknown = set(data) - {"rule"}
        if unknown:
            raise PolicyConfigurationError(
                f"unknown scoring keys {sorted(unknown)}; use rule", field="scoring"
            )
        rule = str(data.get("rule", "graded")).lower()
        if rule not in set(ScoringRule):
            raise PolicyConfigurationError(
                f"rule must be one of {[r.value for r in ScoringRule]}, got {rule!r}",
                field="rule",
            )
        return cls(ScoringRule(rule))

    def score(
        self,
        scorecard: Scorecard,
        figures: Mapping[str, Figure[Any]],
        *,
        subject: str = "",
        period: Period | None = None,
    ) -> ScorecardResult:
        """The scorecard's verdict on ``figures``; see the module docstring."""
        judged = [self._judge(kpi, figures.get(kpi.figure)) for kpi in scorecard.kpis]
        weights = sum(
            (kpi.weight for kpi, j in zip(scorecard.kpis, judged, strict=True) if j), Decimal(0)
        )
        results = []
        total: Decimal | None = None
        for kpi, verdict in zip(scorecard.kpis, judged, strict=True):
            figure = figures.get(kpi.figure)
            value = None if figure is None else figure.value
            count = 0 if figure is None else figure.count
            if verdict is None:
                note = _why_not(kpi, figure)
                results.append(_result(kpi, value=value, count=count, note=note))
                continue
            met, score = verdict
            share = score * kpi.weight / weights
            total = share if total is None else total + share
            rounded = score.quantize(_CENT, ROUND_HALF_EVEN)
            results.append(
                _result(
                    kpi,
                    value=value,
                    count=count,
                    met=met,
                    score=rounded,
                    band=scorecard.band_of(rounded),
                    points=share.quantize(_CENT, ROUND_HALF_EVEN),
                )
            )
        if total is not None:
            total = total.quantize(_CENT, ROUND_HALF_EVEN)
        return ScorecardResult(
            scorecard=scorecard.name,
            subject=subject,
            period=period,
            kpis=tuple(results),
            total=total,
            band=None if total is None else scorecard.band_of(total),
        )

    def score_groups(
        self,
        scorecard: Scorecard,
        groups: Mapping[Any, Mapping[str, Figure[Any]]],
        *,
        period: Period | None = None,
    ) -> dict[Any, ScorecardResult]:
        """One verdict per group (a group key from ``request_figures_by`` and its figures)."""
        return {
            key: self.score(scorecard, figures, subject=_subject(key), period=period)
            for key, figures in groups.items()
        }

    def _judge(self, kpi: Kpi, figure: Figure[Any] | None) -> tuple[bool, Decimal] | None:
        if figure is None or figure.value is None or figure.count < kpi.minimum_count:
            return None
        value, target = _number(figure.value, kpi), _number(kpi.target, kpi)
        at_least = kpi.direction is Direction.AT_LEAST
        met = value >= target if at_least else value <= target
        if met:
            return True, _HUNDRED
        zero_at = None if kpi.zero_at is None else _number(kpi.zero_at, kpi)
        score = _RULES[self.rule](value, target, zero_at, at_least)
        return False, min(max(score, Decimal(0)), _HUNDRED)


def _result(
    kpi: Kpi,
    *,
    value: object,
    count: int,
    met: bool | None = None,
    score: Decimal | None = None,
    band: str | None = None,
    points: Decimal | None = None,
    note: str = "",
) -> KpiResult:
    return KpiResult(
        kpi=kpi.name,
        figure=kpi.figure,
        value=value,
        target=kpi.target,
        direction=kpi.direction,
        count=count,
        met=met,
        score=score,
        band=band,
        weight=kpi.weight,
        points=points,
        note=note,
    )


def _why_not(kpi: Kpi, figure: Figure[Any] | None) -> str:
    if figure is None:
        return f"no figure {kpi.figure!r}"
    if figure.value is None:
        return "no records to measure"
    return f"{figure.count} records, fewer than the {kpi.minimum_count} needed"


def _subject(key: object) -> str:
    if isinstance(key, tuple):
        return " / ".join(str(part) for part in key) or "all"
    return str(key)
