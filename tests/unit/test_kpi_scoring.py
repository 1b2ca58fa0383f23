"""KPI scoring: the seed scorecard, weighted points, bands, and scorecards from plain data."""

from __future__ import annotations

import tomllib
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from backoffice import PolicyConfigurationError
from backoffice.domain.metrics import Figure, request_figures_by
from backoffice.policies import (
    SEED_SCORECARD,
    Direction,
    Kpi,
    Scorecard,
    ScoringRule,
    WeightedKpiScoring,
)
from backoffice.testing.metrics import sample_facts
from backoffice.values import Percent, Period

SCORING = WeightedKpiScoring.seed()


def seed_figures(satisfaction: str, on_time: str, overrun: str) -> dict[str, Figure[Any]]:
    return {
        "satisfaction_rate": Figure(Percent(satisfaction), 200),
        "resolution_on_time_rate": Figure(Percent(on_time), 500),
        "budget_overrun": Figure(Percent(overrun), 12),
    }


def test_the_seed_scorecard_quotes_the_seed_targets() -> None:
    # 服务满意度调查结果≥85%; 各项任务按时完成率≥90%; 超出控制比例≤5% (seed 003)
    satisfaction, on_time, overrun = Scorecard.seed().kpis
    assert (satisfaction.figure, satisfaction.target, satisfaction.direction) == (
        "satisfaction_rate",
        Percent(85),
        Direction.AT_LEAST,
    )
    assert (on_time.figure, on_time.target, on_time.direction) == (
        "resolution_on_time_rate",
        Percent(90),
        Direction.AT_LEAST,
    )
    assert (overrun.figure, overrun.target, overrun.direction) == (
        "budget_overrun",
        Percent(5),
        Direction.AT_MOST,
    )
    assert Scorecard.seed() is SEED_SCORECARD
    assert [b.label for b in SEED_SCORECARD.bands] == ["优秀", "良好", "合格", "不合格"]


def test_a_department_on_every_seed_target_scores_a_hundred() -> None:
    result = SCORING.score(SEED_SCORECARD, seed_figures("85", "90", "5"), subject="Finance")
    assert result.total == Decimal(100)
    assert result.band == "优秀"
    assert all(k.met for k in result.kpis)


def test_a_missed_target_scores_its_ratio_and_explains_itself() -> None:
    result = SCORING.score(
        SEED_SCORECARD,
        seed_figures("88", "81", "10"),
        subject="Facilities",
        period=Period.quarter(2025, 2),
    )
    on_time, overrun = result["resolution_on_time_rate"], result["budget_overrun"]
    assert (on_time.met, on_time.score, on_time.band, on_time.count) == (
        False,
        Decimal("90.00"),
        "优秀",
        500,
    )
    assert (overrun.score, overrun.band) == (Decimal("50.00"), "不合格")
    assert result.total == Decimal("80.00")  # (100 + 90 + 50) / 3
    assert result.band == "良好"
    text = result.explain()
    assert "Facilities 2025-04-01..2025-06-30" in text
    assert "81 % vs >= 90 % over 500 records: 90.00 (优秀), 30.00 pts" in text
    assert "total: 80.00 (良好)" in text


def test_a_kpi_without_records_is_not_scored_and_the_others_share_the_weight() -> None:
    figures = seed_figures("90", "95", "0")
    figures["satisfaction_rate"] = Figure(None, 0)
    del figures["budget_overrun"]
    result = SCORING.score(SEED_SCORECARD, figures)
    assert result["satisfaction_rate"].note == "no records to measure"
    assert "no figure 'budget_overrun'" in result["budget_overrun"].explain()
    assert result["resolution_on_time_rate"].points == Decimal(100)
    assert result.total == Decimal(100)
    nothing = SCORING.score(SEED_SCORECARD, {})
    assert (nothing.total, nothing.band) == (None, None)


def test_too_few_records_leave_a_kpi_unscored() -> None:
    card = Scorecard(
        name="thin",
        kpis=[Kpi(name="on time", figure="rate", target=Percent(90), minimum_count=30)],
    )
    result = SCORING.score(card, {"rate": Figure(Percent(50), 29)})
    assert result["rate"].note == "29 records, fewer than the 30 needed"


def test_zero_at_makes_the_score_linear_between_it_and_the_target() -> None:
    card = Scorecard(
        name="overrun",
        kpis=[
            Kpi(
                name="overrun",
                figure="budget_overrun",
                target=Percent(5),
                direction="<=",
                zero_at=Percent(15),
            )
        ],
    )
    assert SCORING.score(card, {"budget_overrun": Figure(Percent(10), 1)}).total == 50
    assert SCORING.score(card, {"budget_overrun": Figure(Percent(20), 1)}).total == 0


def test_pass_fail_gives_nothing_for_a_near_miss() -> None:
    strict = WeightedKpiScoring.from_dict({"rule": "PASS_FAIL"})
    assert strict.rule is ScoringRule.PASS_FAIL
    result = strict.score(SEED_SCORECARD, seed_figures("84.9", "90", "5"))
    assert result["satisfaction_rate"].score == 0
    assert result.total == Decimal("66.67")


def test_durations_are_scored_against_duration_targets() -> None:
    card = Scorecard.from_dict(
        {
            "name": "urgent repairs",
            "subject": "team",
            "kpis": [{"figure": "resolution_working_p90", "target": "4 h", "direction": "<="}],
        }
    )
    result = SCORING.score(card, {"resolution_working_p90": Figure(timedelta(hours=5), 40)})
    assert result.total == Decimal("80.00")
    assert "5.00 h vs <= 4.00 h" in result.kpis[0].explain()


def test_a_figure_of_another_kind_than_its_target_is_a_configuration_error() -> None:
    card = Scorecard.from_dict({"kpis": [{"figure": "mttr", "target": "90 %"}]})
    with pytest.raises(PolicyConfigurationError, match="mttr"):
        SCORING.score(card, {"mttr": Figure(timedelta(hours=1), 3)})


def test_a_scorecard_reads_from_toml_and_back() -> None:
    card = Scorecard.from_dict(
        tomllib.loads(
            """
            name = "后勤服务绩效"
            subject = "department"
            [[kpis]]
            name = "服务满意度"
            figure = "satisfaction_rate"
            target = "85 %"
            weight = 2
            [[kpis]]
            name = "响应及时率"
            figure = "response_on_time_rate"
            target = "95%"
            zero_at = "50 %"
            [[bands]]
            label = "A"
            from = 85
            [[bands]]
            label = "B"
            from = 0
            """
        )
    )
    assert card.kpis[0].weight == 2
    assert card.kpis[1].zero_at == Percent(50)
    assert card.band_of(Decimal(85)) == "A"
    assert card.figures == ("satisfaction_rate", "response_on_time_rate")
    assert Scorecard.from_dict(card.to_dict()) == card


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kpis": []}, "kpis"),
        ({"kpis": [{"target": "85 %"}]}, "kpis[0].figure"),
        ({"kpis": [{"figure": "x", "target": "eighty"}]}, "kpis[0].target"),
        ({"kpis": [{"figure": "x", "target": "8 %", "weight": 0}]}, "kpis[0].weight"),
        ({"kpis": [{"figure": "x", "target": "8 %", "weight": "heavy"}]}, "kpis[0].weight"),
        ({"kpis": [{"figure": "x", "target": "8 %", "direction": ">"}]}, "kpis[0].direction"),
        ({"kpis": [{"figure": "x", "target": "8 %", "zero_at": "9 %"}]}, "kpis[0].zero_at"),
        ({"kpis": [{"figure": "x", "target": "8 %", "colour": "red"}]}, "kpis[0]"),
        (
            {"kpis": [{"figure": "x", "target": "8 %"}], "bands": [{"label": "A", "from": 5}]},
            "bands",
        ),
        ({"kpis": [{"figure": "x", "target": "8 %"}], "subject": "planet"}, "subject"),
        ({"kpis": [{"figure": "x", "target": "8 %"}], "owner": "me"}, "scorecard"),
    ],
)
def test_a_wrong_scorecard_names_the_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(PolicyConfigurationError) as raised:
        Scorecard.from_dict(data)
    assert raised.value.field == field


def test_an_unknown_scoring_rule_is_named() -> None:
    with pytest.raises(PolicyConfigurationError, match="lenient") as raised:
        WeightedKpiScoring.from_dict({"rule": "lenient"})
    assert raised.value.field == "rule"


def test_each_group_gets_its_verdict() -> None:
    facts = sample_facts(600, seed=3)
    card = Scorecard(
        name="service",
        kpis=[
            Kpi(name="on time", figure="resolution_on_time_rate", target=Percent(90)),
            Kpi(name="satisfied", figure="satisfaction_rate", target=Percent(85)),
        ],
    )
    groups = request_figures_by(facts, ["site"], names=card.figures)
    verdicts = SCORING.score_groups(card, groups)
    assert set(verdicts) == set(groups)
    for key, verdict in verdicts.items():
        assert verdict.subject == key[0]
        assert verdict["on time"].value == groups[key]["resolution_on_time_rate"].value
        assert verdict["on time"].count == groups[key]["resolution_on_time_rate"].count
