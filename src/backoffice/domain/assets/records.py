"""The particulars of an asset: what it is, where, who keeps it, what it cost, its warranty.

These are small frozen values, carried as they are in the asset's events. The place is a
:class:`~backoffice.domain.requests.RequestLocation` (site and place), the same value a service
request names, so a repair request raised for an asset is located where the asset is.
"""

from __future__ import annotations

from datetime import date

import attrs

from backoffice.domain.assets.kinds import MeterKind
from backoffice.domain.requests.details import RequestLocation
from backoffice.domain.requests.kinds import Criticality
from backoffice.errors import ValidationError
from backoffice.values import inputs
from backoffice.values.ids import ActorId, DepartmentId, SupplierId
from backoffice.values.money import Money

__all__ = ["AssetParticulars", "Custody", "Warranty"]


def _name(value: object) -> str:
    return inputs.text(value, "name")


def _category(value: object) -> str:
    return inputs.text(value, "category").lower()


def _criticality(value: object) -> Criticality:
    return inputs.choice(value, Criticality, "criticality")


def _cost(value: object) -> Money:
    return inputs.non_negative_money(value, "cost")


def _acquired_on(value: object) -> date:
    return inputs.day(value, "acquired_on")


def _life(value: object) -> int:
    return inputs.whole_number(value, "useful_life_months", minimum=1)


def _residual(value: object) -> Money:
    return inputs.non_negative_money(value, "residual_value")


def _method(value: object) -> str:
    return inputs.text(value, "depreciation").lower()


def _meters(values: tuple[MeterKind | str, ...]) -> tuple[MeterKind, ...]:
    meters = tuple(inputs.choice(v, MeterKind, "meters") for v in values)
    if len(set(meters)) != len(meters):
        raise ValidationError(f"a meter is named twice in {meters}", field="meters")
    return tuple(sorted(meters))


@attrs.frozen
class Custody:
    """Who keeps the asset (保管): a department, and the person answerable for it if named.

    Attributes:
        department: The custodian department (cost centre).
        person: The custodian, if one person is answerable.
    """

    department: DepartmentId = attrs.field(validator=attrs.validators.instance_of(DepartmentId))
    person: ActorId | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(ActorId))
    )

    def __str__(self) -> str:
        return f"{self.department} ({self.person})" if self.person else str(self.department)


@attrs.frozen
class Warranty:
    """The maker's or seller's warranty (保修): the last day covered and who gives it.

    Attributes:
        until: The last day the warranty covers.
        warrantor: The supplier who honours it.
    """

    until: date = attrs.field(validator=attrs.validators.instance_of(date))
    warrantor: SupplierId = attrs.field(validator=attrs.validators.instance_of(SupplierId))

    def covers(self, day: date) -> bool:
        """Whether a fault reported on ``day`` is under this warranty."""
        return day <= self.until


@attrs.frozen(kw_only=True)
class AssetParticulars:
    """Everything recorded about an asset when it enters the register (资产卡片).

    Built (and so checked) before an id is minted for the asset.

    Attributes:
        name: What the asset is, in words (``"Passenger lift 2"``).
        category: The asset category (``"lift"``, ``"vehicle"``, ``"hvac"``).
        location: Its site and place.
        custody: Who keeps it.
        criticality: How critical it is to operations (the service desk reads it).
        cost: The acquisition cost.
        acquired_on: When it was acquired (bought, received).
        useful_life_months: Its expected useful life, in months (at least one).
        residual_value: What it is expected to be worth at the end of its life; not more
            than the cost, in the same currency.
        depreciation: The name of its depreciation method (``"straight_line"``, ...).
        warranty: Its warranty, if any.
        meters: The meters it has (hours, km, cycles).
    """

    name: str = attrs.field(converter=_name)
    category: str = attrs.field(converter=_category)
    location: RequestLocation = attrs.field(validator=attrs.validators.instance_of(RequestLocation))
    custody: Custody = attrs.field(validator=attrs.validators.instance_of(Custody))
    criticality: Criticality = attrs.field(converter=_criticality)
    cost: Money = attrs.field(converter=_cost)
    acquired_on: date = attrs.field(converter=_acquired_on)
    useful_life_months: int = attrs.field(converter=_life)
    residual_value: Money = attrs.field(converter=_residual)
    depreciation: str = attrs.field(default="straight_line", converter=_method)
    warranty: Warranty | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Warranty))
    )
    meters: tuple[MeterKind, ...] = attrs.field(default=(), converter=_meters)

    def __attrs_post_init__(self) -> None:
        if self.residual_value.currency != self.cost.currency:
            raise ValidationError(
                f"residual value {self.residual_value} is not in the cost's currency "
                f"{self.cost.currency}",
                field="residual_value",
            )
        if self.residual_value > self.cost:
            raise ValidationError(
                f"residual value {self.residual_value} is more than the cost {self.cost}",
                field="residual_value",
            )
