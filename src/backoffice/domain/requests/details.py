"""The particulars of a service request: what, where, for whom, and what was done.

These are small frozen values. :class:`RequestDetails` is what the requester fills in
(明确需求内容、紧急程度及期望完成时间: the need, its place and the desired completion time);
the others are added along the way: who the work is assigned to, progress notes with photo or
document references, the resolution with its cost lines, and the requester's rating.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from backoffice.domain.requests.errors import InvalidRating
from backoffice.domain.requests.kinds import AssigneeKind, Category, Channel, Criticality
from backoffice.errors import ValidationError
from backoffice.values import (
    ActorId,
    AssetId,
    DepartmentId,
    Money,
    SupplierId,
    inputs,
)

__all__ = [
    "Assignee",
    "CostLine",
    "ProgressNote",
    "Rating",
    "RequestDetails",
    "RequestLocation",
    "Resolution",
]


def text(value: object, field: str) -> str:
    """``value`` stripped, if it is non-blank text (:func:`backoffice.values.inputs.text`)."""
    return inputs.text(value, field).strip()


def _channel(value: Channel | str) -> Channel:
    return value if value.__class__ is Channel else inputs.choice(value, Channel, "channel")


def _category(value: Category | str) -> Category:
    return value if value.__class__ is Category else inputs.choice(value, Category, "category")


def _location(value: object) -> RequestLocation:
    if value.__class__ is not RequestLocation and not isinstance(value, RequestLocation):
        raise ValidationError(
            f"location must be a RequestLocation (a site and a place, such as "
            f"RequestLocation('HQ', 'Building A')), got {type(value).__name__} {value!r:.60}",
            field="location",
            value=value,
        )
    return value


def _requester(value: object) -> ActorId:
    return value if value.__class__ is ActorId else inputs.actor(value, "requester")


def _department(value: object) -> DepartmentId | None:
    return None if value is None else inputs.entity_id(value, DepartmentId, "department")


def _asset(value: object) -> AssetId | None:
    return None if value is None else inputs.entity_id(value, AssetId, "asset")


def _criticality(value: object) -> Criticality | None:
    return None if value is None else inputs.choice(value, Criticality, "asset_criticality")


def _desired_by(value: object) -> datetime | None:
    return inputs.optional_instant(value, "desired_by")


def _site(value: object) -> str:
    return text(value, "site")


def _place(value: object) -> str:
    return inputs.optional_text(value, "place")


def _description(value: object) -> str:
    return text(value, "description")


def _assignee_key(value: object) -> str:
    return text(value, "assignee")


def _note_text(value: object) -> str:
    return text(value, "note")


def _cost_description(value: object) -> str:
    return text(value, "cost description")


def _resolution_text(value: object) -> str:
    return text(value, "resolution")


def _cost_lines(values: Iterable[CostLine]) -> tuple[CostLine, ...]:
    lines = tuple(values)
    if not all(isinstance(line, CostLine) for line in lines):
        raise ValidationError("cost lines must be CostLine values", field="cost_lines")
    return lines


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(item.strip() for item in inputs.text_items(values, "attachments"))


@attrs.frozen
class RequestLocation:
    """Where a request's work is: a site (campus, building code) and the place within it.

    (Not a stock location of the storeroom: that is the inventory's own ``Location``.)

    Attributes:
        site: The site, as SLA rules match it (``"HQ"``, ``"Plant 2"``).
        place: Building, floor, room or landmark (``"B1 car park, pump room"``).
    """

    site: str = attrs.field(converter=_site)
    place: str = attrs.field(default="", converter=_place)

    def __str__(self) -> str:
        return f"{self.site}, {self.place}" if self.place else self.site


@attrs.frozen
class RequestDetails:
    """What the requester asked for, as submitted.

    Attributes:
        channel: How the request was raised.
        category: The kind of work.
        description: The need in the requester's words (triage reads it).
        location: Where the work is.
        requester: Who raised it.
        department: The requesting department (cost centre), if known.
        asset: The fixed asset concerned, if any.
        asset_criticality: How critical that asset is, if the register says.
        desired_by: When the requester would like it done, if they said.
    """

    channel: Channel = attrs.field(converter=_channel)
    category: Category = attrs.field(converter=_category)
    description: str = attrs.field(converter=_description)
    location: RequestLocation = attrs.field(converter=_location)
    requester: ActorId = attrs.field(converter=_requester)
    department: DepartmentId | None = attrs.field(default=None, converter=_department)
    asset: AssetId | None = attrs.field(default=None, converter=_asset)
    asset_criticality: Criticality | None = attrs.field(default=None, converter=_criticality)
    desired_by: datetime | None = attrs.field(default=None, converter=_desired_by)


@attrs.frozen
class Assignee:
    """Who does the work: a person, a team or an outside supplier.

    Use the named constructors: ``Assignee.person(ActorId("wang.fang"))``,
    ``Assignee.team("electricians")``, ``Assignee.supplier(SupplierId("SUP-7"))``.

    Attributes:
        kind: Person, team or supplier.
        key: The person's or supplier's id, or the team's name, as text.
    """

    kind: AssigneeKind = attrs.field(converter=AssigneeKind)
    key: str = attrs.field(converter=_assignee_key)

    @classmethod
    def person(cls, actor: ActorId) -> Assignee:
        """A member of staff."""
        return cls(AssigneeKind.PERSON, str(actor))

    @classmethod
    def team(cls, name: str) -> Assignee:
        """A team (electricians, cleaning crew, motor pool)."""
        return cls(AssigneeKind.TEAM, name)

    @classmethod
    def supplier(cls, supplier: SupplierId) -> Assignee:
        """An outside service provider (an elevator contractor, the property manager)."""
        return cls(AssigneeKind.SUPPLIER, str(supplier))

    def __str__(self) -> str:
        return f"{self.kind.value} {self.key}"


@attrs.frozen
class ProgressNote:
    """A progress note, with references to attached photos or documents (维修照片).

    Attributes:
        author: Who wrote it.
        written_at: When.
        text: The note.
        attachments: References to attachments (URLs, document ids), in order.
    """

    author: ActorId
    written_at: datetime
    text: str = attrs.field(converter=_note_text)
    attachments: tuple[str, ...] = attrs.field(default=(), converter=_strings)


@attrs.frozen
class CostLine:
    """One cost of the work: parts, labour, a supplier's invoice.

    Attributes:
        description: What the cost is for.
        amount: The amount, exact; not negative.
    """

    description: str = attrs.field(converter=_cost_description)
    amount: Money = attrs.field(validator=attrs.validators.instance_of(Money))

    @amount.validator
    def _check_amount(self, _: object, value: Money) -> None:
        if value.amount < 0:
            raise ValidationError(f"a cost cannot be negative, got {value}", field="amount")


@attrs.frozen
class Resolution:
    """How the request was resolved: what was done and what it cost.

    Attributes:
        text: What was done (处理结果).
        cost_lines: The costs, all in one currency; none if the work cost nothing extra.
    """

    text: str = attrs.field(converter=_resolution_text)
    cost_lines: tuple[CostLine, ...] = attrs.field(default=(), converter=_cost_lines)

    def __attrs_post_init__(self) -> None:
        currencies = {line.amount.currency for line in self.cost_lines}
        if len(currencies) > 1:
            raise ValidationError(
                f"cost lines of one resolution must share a currency, got {sorted(currencies)}",
                field="cost_lines",
            )

    @property
    def total_cost(self) -> Money | None:
        """The sum of the cost lines, or ``None`` if there are none."""
        if not self.cost_lines:
            return None
        return sum((line.amount for line in self.cost_lines[1:]), self.cost_lines[0].amount)


@attrs.frozen
class Rating:
    """The requester's satisfaction with the work (满意度): 1 (poor) to 5 (excellent).

    Attributes:
        score: 1 to 5.
        comment: Optional words.
    """

    score: int
    comment: str = ""

    def __attrs_post_init__(self) -> None:
        if isinstance(self.score, bool) or not isinstance(self.score, int):
            raise InvalidRating(
                f"a rating is a whole number 1-5, got {self.score!r}", field="score"
            )
        if not 1 <= self.score <= 5:
            raise InvalidRating(
                f"a rating is 1 to 5, got {self.score}", field="score", value=self.score
            )
