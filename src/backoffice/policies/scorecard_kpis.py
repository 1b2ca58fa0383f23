"""KPIs: one line of a scorecard, the figure it judges, its target, direction and weight.

A KPI names the figure it judges (``"satisfaction_rate"``, ``"resolution_on_time_rate"``,
``"budget_overrun"``, any name a caller computes), a **target** of the figure's kind (a
percentage ``"85 %"``, a duration ``"4 h"``/``"30 min"``/``"2 d"``, or a number), whether the
figure should be **at least** or **at most** the target, a **weight**, and optionally the value
that earns no points (``zero_at``) and the fewest records the figure must rest on. The
scorecards that list KPIs are in :mod:`backoffice.policies.scorecards`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Final, TypeAlias

import attrs

from backoffice.errors import PolicyConfigurationError
from backoffice.values import Percent

__all__ = ["Direction", "Kpi", "TargetValue"]

#: What a KPI target (and the figure it judges) can be.
TargetValue: TypeAlias = Percent | Decimal | timedelta


class Direction(enum.StrEnum):
    """Whether a KPI's figure should be at least or at most its target."""

    AT_LEAST = ">="
    AT_MOST = "<="


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
    """A number from plain data (an int, a numeric string or a Decimal); errors name ``field``."""
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
    """Refuse keys of ``data`` not in ``allowed``, naming them and the table ``field``."""
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
