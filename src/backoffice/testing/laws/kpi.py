"""The laws every KPI scoring policy obeys, checked against yours with one call.

A KPI scoring policy (:class:`~backoffice.policies.kpi.KpiScoringPolicy`) turns a scorecard
and figures by name into scores, points, a total and a band. Whatever its formula, it must
obey :data:`KPI_SCORING_LAWS` on every scorecard hypothesis draws (the seed scorecard among
them) and figures for it (some missing, some on too few records):

* **scores stay within 0-100**: each scored KPI and the total lie between 0 and 100; there is
  a total exactly when some KPI was scored;
* **a better value never scores worse**: improving one KPI's value (higher for "at least",
  lower for "at most") never lowers its score, the total or the band;
* **the total is the weighted mean of the scores**: the total is the mean of the scored KPIs'
  scores weighted by their weights (within rounding: 0.01), unscored KPIs carry no weight, and
  the band is the scorecard's band of the total;
* **scoring is deterministic**: the same figures, in any order, give the same verdict.

Example:
    >>> from backoffice.policies.kpi import WeightedKpiScoring
    >>> check_kpi_scoring_laws(WeightedKpiScoring())
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any, Final

from hypothesis import settings
from hypothesis import strategies as st

from backoffice.domain.metrics.figures import Figure
from backoffice.policies.kpi import KpiScoringPolicy, ScorecardResult
from backoffice.policies.scorecards import (
    SEED_SCORECARD,
    Direction,
    Kpi,
    Scorecard,
    TargetValue,
)
from backoffice.testing.laws._core import (
    LawViolation,
    chosen_laws,
    law_database_key,
    run_laws,
)
from backoffice.values import Percent

__all__ = ["KPI_SCORING_LAWS", "check_kpi_scoring_laws", "scorecards"]

SCORES_IN_RANGE: Final = "scores stay within 0-100"
BETTER_NEVER_WORSE: Final = "a better value never scores worse"
WEIGHTED_MEAN: Final = "the total is the weighted mean of the scores"
DETERMINISTIC: Final = "scoring is deterministic"

#: The laws of a KPI scoring policy, in the order they are checked.
KPI_SCORING_LAWS: Final = (SCORES_IN_RANGE, BETTER_NEVER_WORSE, WEIGHTED_MEAN, DETERMINISTIC)

_ZERO, _HUNDRED, _CENT = Decimal(0), Decimal(100), Decimal("0.01")


def _of_kind(kind: TargetValue, number: Decimal) -> TargetValue:
    """``number`` as a value of ``kind``'s type: percent points, hours, or a plain number."""
    if isinstance(kind, Percent):
        return Percent(number)
    if isinstance(kind, timedelta):
        return timedelta(seconds=int(number * 3600))
    return number


def _number(value: TargetValue) -> Decimal:
    if isinstance(value, Percent):
        return value.value
    if isinstance(value, timedelta):
        return Decimal(value // timedelta(seconds=1)) / 3600
    return value


@st.composite
def _kpi(draw: st.DrawFn, index: int) -> Kpi:
    direction = draw(st.sampled_from(list(Direction)))
    kinds: list[TargetValue] = [Percent(0), timedelta(0), Decimal(0)]
    kind = draw(st.sampled_from(kinds))
    target = _of_kind(kind, Decimal(draw(st.integers(1, 99))))
    zero_at = None
    if draw(st.booleans()):
        offset = draw(st.integers(1, 50))
        below = direction is Direction.AT_LEAST
        edge = _number(target) - offset if below else _number(target) + offset
        if edge >= 0 or not isinstance(kind, timedelta):
            zero_at = _of_kind(kind, edge)
    return Kpi(
        name=f"kpi-{index}",
        figure=f"figure-{index}",
        target=target,
        direction=direction,
        weight=Decimal(draw(st.integers(1, 40))) / 4,
        zero_at=zero_at,
        minimum_count=draw(st.integers(0, 3)),
    )


@st.composite
def scorecards(draw: st.DrawFn, *, max_kpis: int = 4) -> Scorecard:
    """The seed scorecard, or 1 to ``max_kpis`` KPIs with random weights and rules.

    Targets are percentages, durations (hours) or plain numbers; some KPIs have a ``zero_at``
    and a ``minimum_count``.
    """
    if draw(st.integers(0, 3)) == 0:
        return SEED_SCORECARD
    count = draw(st.integers(1, max_kpis))
    return Scorecard(name="law", kpis=[draw(_kpi(i)) for i in range(count)])


@st.composite
def _figures(draw: st.DrawFn, scorecard: Scorecard) -> dict[str, Figure[Any]]:
    figures: dict[str, Figure[Any]] = {}
    for name in scorecard.figures:
        if draw(st.integers(0, 5)) == 0:
            continue  # missing
        if draw(st.integers(0, 9)) == 0:
            figures[name] = Figure(None, 0)  # nothing to measure
            continue
        kind = next(kpi.target for kpi in scorecard.kpis if kpi.figure == name)
        low = 0 if isinstance(kind, timedelta) else -20_00
        cents = Decimal(draw(st.integers(low, 200_00))).scaleb(-2)
        figures[name] = Figure(_of_kind(kind, cents), draw(st.integers(0, 500)))
    return figures


def check_kpi_scoring_laws(
    policy: KpiScoringPolicy,
    *,
    laws: Iterable[str] | None = None,
    scorecards_drawn: st.SearchStrategy[Scorecard] | None = None,
    settings: settings | None = None,
) -> None:
    """Check ``policy`` against :data:`KPI_SCORING_LAWS` on scorecards and figures drawn.

    Args:
        policy: Your policy.
        laws: The laws to check (all by default).
        scorecards_drawn: The scorecards to score (:func:`scorecards` by default); give
            yours, e.g. ``st.just(my_scorecard)``: each figure is drawn of its KPI's target
            kind (a percentage, a duration or a number).
        settings: Hypothesis settings (the active profile's by default).

    Raises:
        LawViolation: An example breaks a law; the message names the law and the example.
        ValueError: ``laws`` names an unknown law.
    """
    chosen = chosen_laws(KPI_SCORING_LAWS, laws)

    def check(data: st.DataObject) -> None:
        scorecard = data.draw(scorecards_drawn or scorecards(), label="scorecard")
        figures = data.draw(_figures(scorecard), label="figures")
        _KpiLawCheck(policy, chosen, scorecard, figures).run(data)

    run_laws(
        check,
        {"data": st.data()},
        settings,
        key=law_database_key("kpi", policy, () if laws is None else chosen),
    )


class _KpiLawCheck:
    def __init__(
        self,
        policy: KpiScoringPolicy,
        laws: tuple[str, ...],
        scorecard: Scorecard,
        figures: dict[str, Figure[Any]],
    ) -> None:
        self.policy, self.laws, self.scorecard, self.figures = policy, laws, scorecard, figures
        self.where = f"for {figures!r} on {[k.to_dict() for k in scorecard.kpis]}"

    def score(self, figures: Mapping[str, Figure[Any]]) -> ScorecardResult:
        return self.policy.score(self.scorecard, figures, subject="law")

    def run(self, data: st.DataObject) -> None:
        result = self.score(self.figures)
        if SCORES_IN_RANGE in self.laws:
            self._in_range(result)
        if WEIGHTED_MEAN in self.laws:
            self._weighted_mean(result)
        if DETERMINISTIC in self.laws:
            again = self.score(dict(reversed(list(self.figures.items()))))
            if again != result:
                raise LawViolation(DETERMINISTIC, f"scored {result!r}, then {again!r} {self.where}")
        if BETTER_NEVER_WORSE in self.laws and self.scorecard.kpis:
            kpi = data.draw(st.sampled_from(self.scorecard.kpis), label="improved")
            step = data.draw(st.integers(1, 50_00), label="by (hundredths of a point)")
            self._better(result, kpi, Decimal(step) / 100)

    def _in_range(self, result: ScorecardResult) -> None:
        scored = [r for r in result.kpis if r.score is not None]
        for kpi in scored:
            if not _ZERO <= kpi.score <= _HUNDRED:  # type: ignore[operator]
                raise LawViolation(SCORES_IN_RANGE, f"{kpi.kpi} scored {kpi.score} {self.where}")
        if (result.total is None) != (not scored) or not (
            result.total is None or _ZERO <= result.total <= _HUNDRED
        ):
            raise LawViolation(
                SCORES_IN_RANGE,
                f"total {result.total} with {len(scored)} KPIs scored {self.where}",
            )

    def _weighted_mean(self, result: ScorecardResult) -> None:
        weights = {kpi.name: kpi.weight for kpi in self.scorecard.kpis}
        scored = [(r.score, weights[r.kpi]) for r in result.kpis if r.score is not None]
        if not scored or result.total is None:
            return
        mean = sum((s * w for s, w in scored), _ZERO) / sum((w for _, w in scored), _ZERO)
        if abs(result.total - mean) > _CENT:
            raise LawViolation(
                WEIGHTED_MEAN,
                f"total {result.total}, but the scores weighted give {mean:.4f} {self.where}",
            )
        if result.band != self.scorecard.band_of(result.total):
            raise LawViolation(
                WEIGHTED_MEAN,
                f"total {result.total} is banded {result.band!r}, the scorecard says "
                f"{self.scorecard.band_of(result.total)!r} {self.where}",
            )

    def _better(self, result: ScorecardResult, kpi: Kpi, by: Decimal) -> None:
        figure = self.figures.get(kpi.figure)
        if figure is None or not isinstance(figure.value, Percent | timedelta | Decimal):
            return
        up = kpi.direction is Direction.AT_LEAST
        now = _number(figure.value)
        if not up and isinstance(figure.value, timedelta) and now < by:
            return  # no shorter duration than nothing
        better = _of_kind(figure.value, now + by if up else now - by)
        improved = self.score({**self.figures, kpi.figure: Figure(better, figure.count)})
        before, after = result[kpi.name], improved[kpi.name]
        ranks = [band.label for band in self.scorecard.bands]
        worse = (
            (before.score is not None and after.score is not None and after.score < before.score)
            or (
                result.total is not None
                and improved.total is not None
                and improved.total < result.total
            )
            or (
                result.band in ranks
                and improved.band in ranks
                and ranks.index(improved.band) > ranks.index(result.band)
            )
        )
        if worse:
            raise LawViolation(
                BETTER_NEVER_WORSE,
                f"{kpi.name} at {figure.value} scores {before.score} (total {result.total}, "
                f"{result.band}); at {better} it scores {after.score} (total {improved.total}, "
                f"{improved.band}) {self.where}",
            )
