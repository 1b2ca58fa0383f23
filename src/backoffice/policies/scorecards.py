"""Scorecards: the KPIs a department, team or supplier is judged on, with targets and weights.

A scorecard (绩效考核表) lists **KPIs**: each names the figure it judges (``"satisfaction_rate"``,
``"resolution_on_time_rate"``, ``"budget_overrun"``, a supplier's ``"delivery_on_time_rate"``,
any name a caller computes), a **target** and its **direction** (at least / at most), a
**weight**, and optionally the value that earns no points (``zero_at``). Its **bands** turn
scores into grades (优秀/良好/合格/不合格, or A-D). The seed scorecard comes from the seed's
绩效考核标准::

    服务满意度调查结果 >= 85 %      -> satisfaction_rate >= 85 %
    各项任务按时完成率 >= 90 %      -> resolution_on_time_rate >= 90 %
    超出控制比例 <= 5 %             -> budget_overrun <= 5 %

The seed gives the targets, not the weights nor the band limits: :data:`SEED_SCORECARD` weighs
the three equally and grades 90/80/60 (our choice; change them with :meth:`Scorecard.from_dict`).
Each KPI (its figure, target, direction and weight) is described in
:mod:`backoffice.policies.scorecard_kpis`. A scorecard is plain data; a TOML file reads::

    name = "后勤服务绩效"
    subject = "department"

    [[kpis]]
    name = "服务满意度"
    figure = "satisfaction_rate"
    target = "85 %"          # "85 %" a percentage, "4 h" / "30 min" / "2 d" a duration,
    direction = ">="         # "4.5" a number; direction ">=" or "<="
    weight = 1
    zero_at = "50 %"         # optional: the value that scores 0 (else the score is the ratio)
    minimum_count = 10       # optional: fewer records than this and the KPI is not scored

    [[bands]]
    label = "优秀"
    from = 90
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from backoffice.errors import PolicyConfigurationError
from backoffice.policies.scorecard_kpis import (
    Direction,
    Kpi,
    TargetValue,
    _check_keys,
    _decimal,
    parse_target,  # noqa: F401 (importable from here, its home before the KPI module)
)
from backoffice.values import Percent

__all__ = [
    "SEED_BANDS",
    "SEED_SCORECARD",
    "Band",
    "Direction",
    "Kpi",
    "Scorecard",
    "SubjectKind",
    "TargetValue",
]


class SubjectKind(enum.StrEnum):
    """Who a scorecard judges."""

    DEPARTMENT = "department"
    TEAM = "team"
    STAFF = "staff"
    SUPPLIER = "supplier"
    SITE = "site"


@attrs.frozen
class Band:
    """A grade and the lowest score (0-100) that earns it.

    Attributes:
        label: The grade (优秀, 良好, 合格, 不合格; or A-D).
        lowest: The lowest score in the band, included.
    """

    label: str
    lowest: Decimal = attrs.field(converter=Decimal)


#: Grades by score: 优秀 (excellent) from 90, 良好 (good) from 80, 合格 (pass) from 60,
#: 不合格 (fail) below. The seed names the grades' use, not their limits: our choice.
SEED_BANDS: Final = (
    Band("优秀", Decimal(90)),
    Band("良好", Decimal(80)),
    Band("合格", Decimal(60)),
    Band("不合格", Decimal(0)),
)


def _bands(values: Iterable[Band]) -> tuple[Band, ...]:
    bands = tuple(sorted(values, key=lambda band: band.lowest, reverse=True))
    if not bands or bands[-1].lowest != 0:
        raise PolicyConfigurationError(
            "a scorecard's bands must include one starting at 0, so every score has a grade",
            field="bands",
        )
    if len({b.lowest for b in bands}) != len(bands) or any(b.lowest > 100 for b in bands):
        raise PolicyConfigurationError(
            "band limits must be distinct scores between 0 and 100", field="bands"
        )
    return bands


def _kpis(values: Iterable[Kpi]) -> tuple[Kpi, ...]:
    kpis = tuple(values)
    if not all(isinstance(kpi, Kpi) for kpi in kpis):
        raise PolicyConfigurationError("a scorecard's kpis must be Kpi values", field="kpis")
    return kpis


@attrs.frozen(kw_only=True)
class Scorecard:
    """A set of weighted KPIs and the bands that grade the total.

    Attributes:
        name: The scorecard's name.
        kpis: The KPIs, in display order; at least one, distinct names.
        bands: The grades, highest first; the lowest starts at 0.
        subject: Who it judges (a department, team, staff member, supplier, site).

    Example:
        >>> Scorecard.seed().figures
        ('satisfaction_rate', 'resolution_on_time_rate', 'budget_overrun')
    """

    name: str
    kpis: tuple[Kpi, ...] = attrs.field(converter=_kpis)
    bands: tuple[Band, ...] = attrs.field(default=SEED_BANDS, converter=_bands)
    subject: SubjectKind = attrs.field(default=SubjectKind.DEPARTMENT, converter=SubjectKind)

    def __attrs_post_init__(self) -> None:
        if not self.kpis:
            raise PolicyConfigurationError("a scorecard needs at least one KPI", field="kpis")
        names = [kpi.name for kpi in self.kpis]
        if len(set(names)) != len(names):
            raise PolicyConfigurationError(f"KPI names must be distinct, got {names}", field="kpis")

    @property
    def figures(self) -> tuple[str, ...]:
        """The names of the figures the scorecard needs, in KPI order, without repeats."""
        return tuple(dict.fromkeys(kpi.figure for kpi in self.kpis))

    def band_of(self, score: Decimal) -> str:
        """The label of the band ``score`` falls in."""
        return next(band.label for band in self.bands if score >= band.lowest)

    @classmethod
    def seed(cls) -> Scorecard:
        """The seed scorecard (:data:`SEED_SCORECARD`)."""
        return SEED_SCORECARD

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scorecard:
        """Build from plain data (see the module docstring).

        Raises:
            PolicyConfigurationError: A key or value is wrong; ``field`` names it
                (``"kpis[1].target"``).
        """
        _check_keys(data, {"name", "kpis", "bands", "subject"}, "scorecard")
        kpis = data.get("kpis")
        if not isinstance(kpis, list | tuple) or not kpis:
            raise PolicyConfigurationError("a scorecard needs a list of kpis", field="kpis")
        subject = str(data.get("subject", "department")).lower()
        if subject not in set(SubjectKind):
            raise PolicyConfigurationError(
                f"subject must be one of {[s.value for s in SubjectKind]}, got {subject!r}",
                field="subject",
            )
        built = [Kpi.from_dict(kpi, f"kpis[{i}]") for i, kpi in enumerate(kpis)]
        bands: tuple[Band, ...] = SEED_BANDS
        if "bands" in data:
            bands = tuple(_band(b, f"bands[{i}]") for i, b in enumerate(data["bands"]))
        return cls(
            name=str(data.get("name", "scorecard")), kpis=built, bands=bands, subject=subject
        )

    def to_dict(self) -> dict[str, Any]:
        """The plain-data form accepted by :meth:`from_dict`."""
        return {
            "name": self.name,
            "subject": self.subject.value,
            "kpis": [kpi.to_dict() for kpi in self.kpis],
            "bands": [{"label": b.label, "from": str(b.lowest)} for b in self.bands],
        }


def _band(data: Mapping[str, Any], field: str) -> Band:
    if not isinstance(data, Mapping):
        raise PolicyConfigurationError(f"{field} must be a table", field=field)
    _check_keys(data, {"label", "from"}, field)
    if "label" not in data or "from" not in data:
        raise PolicyConfigurationError(f"{field} needs 'label' and 'from'", field=field)
    return Band(str(data["label"]), _decimal(data["from"], f"{field}.from"))


#: The seed scorecard (see the module docstring): the seed's three targets, equal weights.
SEED_SCORECARD: Final = Scorecard(
    name="后勤服务绩效 (seed)",
    kpis=(
        Kpi(
            name="服务满意度 satisfaction",
            figure="satisfaction_rate",
            target=Percent(85),
            direction=Direction.AT_LEAST,
        ),
        Kpi(
            name="按时完成率 on-time completion",
            figure="resolution_on_time_rate",
            target=Percent(90),
            direction=Direction.AT_LEAST,
        ),
        Kpi(
            name="费用超支 cost overrun",
            figure="budget_overrun",
            target=Percent(5),
            direction=Direction.AT_MOST,
        ),
    ),
)
