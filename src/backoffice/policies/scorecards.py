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
A scorecard is plain data; a TOML file reads::

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
import re
from collections.abc import Iterable, Mapping
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Final, TypeAlias

import attrs

from backoffice.errors import PolicyConfigurationError
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

#: What a KPI target (and the figure it judges) can be.
TargetValue: TypeAlias = Percent | Decimal | timedelta


class Direction(enum.StrEnum):
    """Whether a KPI's figure should be at least or at most its target."""

    AT_LEAST = ">="
    AT_MOST = "<="


class SubjectKind(enum.StrEnum):
    """Who a scorecard judges."""

    DEPARTMENT = "department"
    TEAM = "team"
    STAFF = "staff"
    SUPPLIER = "supplier"
    SITE = "site"


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(d|h|min|s)\s*$")
_UNITS: Final = {"d": 86_400, "h": 3_600, "min": 60, "s": 1}


def parse_target(value: object, field: str) -> TargetValue:
    """A target from plain data: ``"85 %"``, ``"4 h"``/``"30 min"``/``"2 d"``, or a number."""
    if isinstance(value, Percent | timedelta | Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise PolicyConfigurationError(
            f"{field} must be a percentage ('85 %'), a duration ('4 h') or a number, got {value!r}",
            field=field,
            value=value,
        )
    text = str(value).strip()
    try:
        if text.endswith("%"):
            return Percent(Decimal(text[:-1].strip()))
        found = _DURATION.match(text)
        if found:
            seconds = Decimal(found.group(1)) * _UNITS[found.group(2)]
            return timedelta(seconds=int(seconds))
        return Decimal(text)
    except (InvalidOperation, ValueError):
        raise PolicyConfigurationError(
            f"{field} must be a percentage ('85 %'), a duration ('4 h') or a number, got {value!r}",
            field=field,
            value=value,
        ) from None


def _decimal(value: object, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise PolicyConfigurationError(
            f"{field} must be a number, got {value!r}", field=field, value=value
        )
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        raise PolicyConfigurationError(
            f"{field} must be a number, got {value!r}", field=field, value=value
        ) from None


def _check_keys(data: Mapping[str, Any], allowed: set[str], field: str) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise PolicyConfigurationError(
            f"unknown keys {sorted(unknown)} in {field}; use {sorted(allowed)}", field=field
        )


@attrs.frozen(kw_only=True)
class Kpi:
    """One KPI of a scorecard.

    Attributes:
        name: What the business calls it ("服务满意度 satisfaction").
        figure: The name of the figure it judges (a key of the figures scored).
        target: The target, of the figure's kind (``Percent``, ``timedelta`` or ``Decimal``).
        direction: Whether the figure should be at least or at most the target.
        weight: Its weight in the total, positive.
        zero_at: The value that earns no points; between it and the target the score is
            linear. ``None``: the score is the ratio of value to target (or target to value).
        minimum_count: The fewest records the figure must rest on to be scored.
    """

    name: str
    figure: str
    target: TargetValue
    direction: Direction = attrs.field(default=Direction.AT_LEAST, converter=Direction)
    weight: Decimal = Decimal(1)
    zero_at: TargetValue | None = None
    minimum_count: int = 1

    def __attrs_post_init__(self) -> None:
        if not self.name.strip() or not self.figure.strip():
            raise PolicyConfigurationError("a KPI needs a name and a figure", field="name")
        if self.weight <= 0:
            raise PolicyConfigurationError(
                f"KPI {self.name!r}: weight must be positive, got {self.weight}",
                field="weight",
                value=self.weight,
            )
        if self.zero_at is not None:
            if type(self.zero_at) is not type(self.target):
                raise PolicyConfigurationError(
                    f"KPI {self.name!r}: zero_at must be of the target's kind",
                    field="zero_at",
                    value=self.zero_at,
                )
            wrong_side = (
                self.zero_at >= self.target  # type: ignore[operator]
                if self.direction is Direction.AT_LEAST
                else self.zero_at <= self.target  # type: ignore[operator]
            )
            if wrong_side:
                raise PolicyConfigurationError(
                    f"KPI {self.name!r}: zero_at {self.zero_at} must lie on the failing side "
                    f"of the target {self.direction.value} {self.target}",
                    field="zero_at",
                    value=self.zero_at,
                )
        if isinstance(self.minimum_count, bool) or self.minimum_count < 0:
            raise PolicyConfigurationError(
                f"KPI {self.name!r}: minimum_count must be a whole number >= 0",
                field="minimum_count",
                value=self.minimum_count,
            )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], field: str = "kpi") -> Kpi:
        """Build from plain data (see the module docstring); errors name ``field``."""
        _check_keys(
            data,
            {"name", "figure", "target", "direction", "weight", "zero_at", "minimum_count"},
            field,
        )
        for required in ("figure", "target"):
            if required not in data:
                raise PolicyConfigurationError(
                    f"{field} needs {required!r}", field=f"{field}.{required}"
                )
        direction = str(data.get("direction", ">=")).strip().lower()
        aliases = {"at_least": ">=", "at_most": "<=", "min": ">=", "max": "<="}
        direction = aliases.get(direction, direction)
        if direction not in (">=", "<="):
            raise PolicyConfigurationError(
                f"{field}.direction must be '>=' or '<=', got {data.get('direction')!r}",
                field=f"{field}.direction",
            )
        count = data.get("minimum_count", 1)
        if isinstance(count, bool) or not isinstance(count, int):
            raise PolicyConfigurationError(
                f"{field}.minimum_count must be a whole number, got {count!r}",
                field=f"{field}.minimum_count",
            )
        zero_at = data.get("zero_at")
        try:
            return cls(
                name=str(data.get("name", data["figure"])),
                figure=str(data["figure"]),
                target=parse_target(data["target"], f"{field}.target"),
                direction=Direction(direction),
                weight=_decimal(data.get("weight", 1), f"{field}.weight"),
                zero_at=None if zero_at is None else parse_target(zero_at, f"{field}.zero_at"),
                minimum_count=count,
            )
        except PolicyConfigurationError as error:
            if error.field is not None and error.field.startswith(field):
                raise
            raise PolicyConfigurationError(
                f"{field}: {error}", field=f"{field}.{error.field}", value=error.value
            ) from None

    def to_dict(self) -> dict[str, Any]:
        """The plain-data form accepted by :meth:`from_dict`."""
        data: dict[str, Any] = {
            "name": self.name,
            "figure": self.figure,
            "target": _plain(self.target),
            "direction": self.direction.value,
            "weight": str(self.weight),
            "minimum_count": self.minimum_count,
        }
        if self.zero_at is not None:
            data["zero_at"] = _plain(self.zero_at)
        return data


def _plain(value: TargetValue) -> str:
    if isinstance(value, Percent):
        return f"{value.value} %"
    if isinstance(value, timedelta):
        return f"{int(value.total_seconds())} s"
    return str(value)


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
